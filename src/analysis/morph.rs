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
//!
//! [`segment`] is the one call into lindera: it returns each morpheme's byte range and
//! [`WordClass`], and keeps the last text's segmentation per thread. tantivy tokenizes a passage's
//! fields one after another in the same indexing thread, so the `text_morph` field and the
//! discovery [`terms`](super::terms) fields share one segmentation of the passage text.

use std::borrow::Cow;
use std::cell::RefCell;
use std::rc::Rc;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use compact_str::CompactString;
use lindera::dictionary::Lattice;
use lindera::segmenter::Segmenter;
use lindera::token::Token;
use rustc_hash::FxHashMap;
use tantivy::tokenizer::Tokenizer;

use super::memo::LastText;
use super::normalize::is_word_char;
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

/// What IPADIC says a morpheme is, as far as seisaku's analysis needs to know.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WordClass {
    /// 名詞 一般, 固有名詞, サ変接続, or a word of the user dictionary.
    Noun,
    /// 名詞 副詞可能, 形容動詞語幹, ナイ形容詞語幹: nouns that mostly modify.
    DependentNoun,
    /// 名詞 接尾: a suffix (`化`, `性`, `等`).
    Suffix,
    /// 名詞 数: a numeral.
    Numeral,
    /// 接頭詞 名詞接続: a noun prefix (`新`, `再`).
    Prefix,
    /// Any other part of speech (particles, verbs, pronouns, symbols …).
    Other,
}

impl WordClass {
    fn of(pos: &str, sub: &str) -> Self {
        match (pos, sub) {
            ("カスタム名詞", _) | ("名詞", "一般" | "固有名詞" | "サ変接続") => Self::Noun,
            ("名詞", "副詞可能" | "形容動詞語幹" | "ナイ形容詞語幹") => {
                Self::DependentNoun
            }
            ("名詞", "接尾") => Self::Suffix,
            ("名詞", "数") => Self::Numeral,
            ("接頭詞", "名詞接続") => Self::Prefix,
            _ => Self::Other,
        }
    }
}

/// One morpheme: its byte range in the segmented text and its word class.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Morpheme {
    /// Byte offset where it starts.
    pub start: usize,
    /// Byte offset where it ends.
    pub end: usize,
    /// What IPADIC says it is.
    pub class: WordClass,
}

thread_local! {
    /// The last text segmented on this thread, and its morphemes.
    static LAST: LastText<[Morpheme]> = const { LastText::new() };
    /// Word classes of the dictionary entries met on this thread, by lexicon and word id. The
    /// process has one dictionary ([`super::dictionary::segmenter`]), so an id means one entry.
    static CLASSES: RefCell<FxHashMap<u64, WordClass>> = RefCell::new(FxHashMap::default());
}

/// The word class of a token's dictionary entry, looked up once per entry: reading an entry's
/// details from the dictionary (UTF-8 check, split, one allocation) was 8 % of indexing time.
fn class_of(classes: &mut FxHashMap<u64, WordClass>, token: &mut Token) -> WordClass {
    let id = token.word_id;
    let lexicon = if id.is_unknown() {
        2
    } else if id.is_system() {
        0
    } else {
        1
    };
    *classes.entry(lexicon << 32 | u64::from(id.id())).or_insert_with(|| {
        let mut details = token.details_iter();
        let pos = details.next().unwrap_or_default();
        WordClass::of(pos, details.next().unwrap_or_default())
    })
}

/// Segments `text` with lindera (empty, and counted in [`morph_failures`], if lindera fails).
/// The same text segmented again on the same thread is answered from the last result.
pub fn segment(segmenter: &Segmenter, lattice: &mut Lattice, text: &str) -> Rc<[Morpheme]> {
    LAST.with(|last| {
        last.get_or(text, || match segmenter.segment_with_lattice(Cow::Borrowed(text), lattice) {
            Ok(mut tokens) => Some(CLASSES.with_borrow_mut(|classes| {
                tokens
                    .iter_mut()
                    .map(|t| Morpheme { start: t.byte_start, end: t.byte_end, class: class_of(classes, t) })
                    .collect()
            })),
            Err(_) => {
                FAILURES.fetch_add(1, Ordering::Relaxed);
                None
            }
        })
    })
    .unwrap_or_else(|| Rc::from([]))
}

/// Segments `text` into the morphemes the `text_morph` field indexes.
pub fn morphemes(segmenter: &Segmenter, lattice: &mut Lattice, text: &str) -> Vec<Span> {
    segment(segmenter, lattice, text)
        .iter()
        .map(|m| (m.start, m.end, &text[m.start..m.end]))
        .filter(|(_, _, surface)| surface.chars().any(is_word_char))
        .map(|(start, end, surface)| {
            let mut lower = CompactString::from(surface);
            lower.make_ascii_lowercase();
            Span::new(start, end, lower)
        })
        .collect()
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
