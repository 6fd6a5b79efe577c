//! The ranking tokenizer: lindera (IPADIC + user dictionary) morphological tokens for the
//! `text_morph` field.
//!
//! Each morpheme becomes one token at its own position, its text lower-cased (ASCII) and its
//! offsets the morpheme's byte range. Morphemes made only of spaces, punctuation or symbols are
//! dropped (they do not advance the position), matching the bigram field's treatment of
//! separators. A whole-word match in this field is what ranks `京都` above `東京都` for the query
//! 京都: IPADIC splits 東京都 into 東京 / 都.
//!
//! Segmentation cannot fail on a loaded dictionary; if it ever does, the text gets no morphological
//! tokens (recall is still guaranteed by the bigram field) and [`morph_failures`] counts it, so
//! the indexer can report it rather than lose it silently.

use std::borrow::Cow;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use lindera::dictionary::Lattice;
use lindera::segmenter::Segmenter;
use tantivy::tokenizer::Tokenizer;

use super::span::{Span, SpanTokenStream};

/// Name under which the tokenizer is registered on a tantivy index.
pub const MORPH_TOKENIZER: &str = "seisaku_morph";

static FAILURES: AtomicU64 = AtomicU64::new(0);

/// Number of texts lindera failed to segment in this process.
pub fn morph_failures() -> u64 {
    FAILURES.load(Ordering::Relaxed)
}

/// tantivy tokenizer over a shared lindera [`Segmenter`]; each clone has its own lattice.
pub struct MorphTokenizer {
    segmenter: Arc<Segmenter>,
    lattice: Lattice,
}

impl MorphTokenizer {
    /// Creates a tokenizer over `segmenter` (see [`super::dictionary::segmenter`]).
    pub fn new(segmenter: Arc<Segmenter>) -> Self {
        Self { segmenter, lattice: Lattice::default() }
    }
}

impl Clone for MorphTokenizer {
    fn clone(&self) -> Self {
        Self::new(Arc::clone(&self.segmenter))
    }
}

/// Segments `text` into the morphemes the `text_morph` field indexes.
pub fn morphemes(segmenter: &Segmenter, lattice: &mut Lattice, text: &str) -> Vec<Span> {
    match segmenter.segment_with_lattice(Cow::Borrowed(text), lattice) {
        Ok(tokens) => tokens
            .into_iter()
            .filter(|t| t.surface.chars().any(char::is_alphanumeric))
            .map(|t| Span::new(t.byte_start, t.byte_end, t.surface.to_ascii_lowercase()))
            .collect(),
        Err(_) => {
            FAILURES.fetch_add(1, Ordering::Relaxed);
            Vec::new()
        }
    }
}

impl Tokenizer for MorphTokenizer {
    type TokenStream<'a> = SpanTokenStream;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> SpanTokenStream {
        SpanTokenStream::new(morphemes(&self.segmenter, &mut self.lattice, text))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::dictionary::segmenter;
    use tantivy::tokenizer::TokenStream;

    #[test]
    fn drops_punctuation_and_lowercases() {
        let mut tokenizer = MorphTokenizer::new(segmenter().unwrap());
        let mut stream = tokenizer.token_stream("ITU-T SG17において、総務省は");
        let mut texts = Vec::new();
        let mut positions = Vec::new();
        while stream.advance() {
            texts.push(stream.token().text.clone());
            positions.push(stream.token().position);
        }
        assert!(texts.contains(&"総務省".to_string()), "{texts:?}");
        assert!(texts.iter().all(|t| t.chars().any(char::is_alphanumeric)));
        assert!(texts.iter().all(|t| !t.chars().any(|c| c.is_ascii_uppercase())));
        assert_eq!(positions, (0..positions.len()).collect::<Vec<_>>());
    }
}
