//! Analysis: the one chain that turns text into tokens, identical at index and query time.
//!
//! - [`normalize()`](normalize::normalize) (NFKC, OCR repair) produces the text that is stored and shown;
//! - [`bigram`] tokenizes it into overlapping character bigrams for *recall*: every substring of
//!   the normalised text is found by a phrase query on the `text_bigram` field;
//! - [`morph`] tokenizes it with lindera (IPADIC + [`dictionary`]'s user dictionary) for
//!   *ranking*: whole-word matches in `text_morph` boost the score.
//!
//! [`register_tokenizers`] installs both tokenizers on a tantivy index; [`analysis_version`] names
//! the chain so an index built with another chain is rebuilt rather than silently mismatched.
//!
//! ```
//! use seisaku::analysis::{bigram, normalize};
//! let text = normalize("「IoT セ\nキュリティガイドライン」");
//! let grams: Vec<String> = bigram::document_grams(&text).into_iter().map(|g| g.text.into()).collect();
//! assert_eq!(grams[..3], ["iot", "セキ", "キュ"]);
//! ```

pub mod bigram;
pub mod dictionary;
pub mod matcher;
pub mod memo;
pub mod morph;
pub mod normalize;
pub mod span;
pub mod terms;
pub mod url;
pub mod variants;

use std::sync::Arc;

use lindera::dictionary::Lattice;
use lindera::segmenter::Segmenter;
use tantivy::Index;
use tantivy::tokenizer::TextAnalyzer;

pub use normalize::{fold, normalize};

use crate::error::Result;

/// Version of the bigram scheme; part of [`analysis_version`].
pub const BIGRAM_VERSION: u32 = 2;
/// Version of the morphological token filter; part of [`analysis_version`].
pub const MORPH_VERSION: u32 = 1;
/// Version of the discovery terms' rules ([`terms`]); part of [`analysis_version`].
pub const TERMS_VERSION: u32 = 1;

/// Identifies the analysis chain: rule versions plus hashes of the dictionaries that shape
/// tokens. Stored in the index; a different value forces a full rebuild.
pub fn analysis_version() -> String {
    let user = blake3::hash(dictionary::USER_DICTIONARY_CSV.as_bytes()).to_hex();
    let ipadic = blake3::hash(dictionary::IPADIC_SOURCE_SUMS.as_bytes()).to_hex();
    format!(
        "norm{}.bigram{}.morph{}.terms{}.ipadic-{}.user-{}",
        normalize::NORMALIZER_VERSION,
        BIGRAM_VERSION,
        MORPH_VERSION,
        TERMS_VERSION,
        &ipadic[..12],
        &user[..12]
    )
}

/// Registers the bigram and morphological tokenizers on `index` under the names the schema uses,
/// and the [`terms`] tokenizer for its fast field.
pub fn register_tokenizers(index: &Index) -> Result<()> {
    let segmenter = dictionary::segmenter()?;
    let manager = index.tokenizers();
    manager.register(bigram::BIGRAM_TOKENIZER, TextAnalyzer::from(bigram::BigramTokenizer));
    manager.register(
        morph::MORPH_TOKENIZER,
        TextAnalyzer::from(morph::MorphTokenizer::new(Arc::clone(&segmenter))),
    );
    let terms = TextAnalyzer::from(terms::TermsTokenizer::new(segmenter));
    manager.register(terms::TERMS_TOKENIZER, terms.clone());
    index.fast_field_tokenizer().register(terms::TERMS_TOKENIZER, terms);
    Ok(())
}

/// Query-side analysis: the same normaliser and tokenizers, applied to one query term.
#[derive(Clone)]
pub struct QueryAnalyzer {
    segmenter: Arc<Segmenter>,
}

/// A query term after analysis.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnalyzedTerm {
    /// Normalised text of the term.
    pub text: String,
    /// Normalised, case-folded text of the term (what must occur in the folded passage text).
    pub folded: String,
    /// Byte offsets in [`AnalyzedTerm::text`] where IPADIC ends a word.
    pub word_ends: Vec<usize>,
    /// Bigram-field tokens (the recall condition: they must occur as a phrase).
    pub grams: Vec<bigram::QueryGram>,
    /// Morphological tokens (a phrase of them boosts the score).
    pub morphemes: Vec<String>,
}

impl QueryAnalyzer {
    /// Loads the shared segmenter.
    pub fn new() -> Result<Self> {
        Ok(Self { segmenter: dictionary::segmenter()? })
    }

    /// Normalises and tokenizes one query term exactly as documents are.
    pub fn analyze(&self, term: &str) -> AnalyzedTerm {
        let normalized = normalize(term);
        let folded = fold(&normalized).into_owned();
        let grams = bigram::query_tokens(&folded);
        let mut lattice = Lattice::default();
        let spans = morph::morphemes(&self.segmenter, &mut lattice, &normalized);
        let word_ends = spans.iter().map(|m| m.end).collect();
        let morphemes = spans.into_iter().map(|m| m.text.into()).collect();
        AnalyzedTerm { text: normalized, folded, word_ends, grams, morphemes }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::tokenizer::TokenStream;

    /// Tokens the index would store for `text` in `field_tokenizer`.
    fn index_tokens(index: &Index, tokenizer: &str, text: &str) -> Vec<String> {
        let mut analyzer = index.tokenizers().get(tokenizer).unwrap();
        let mut stream = analyzer.token_stream(text);
        let mut out = Vec::new();
        while stream.advance() {
            out.push(stream.token().text.clone());
        }
        out
    }

    #[test]
    fn query_and_document_sides_agree() {
        let index = Index::create_in_ram(tantivy::schema::Schema::builder().build());
        register_tokenizers(&index).unwrap();
        let analyzer = QueryAnalyzer::new().unwrap();
        for raw in ["ＩｏＴ－ＳＳＦ", "サイバ-協議", "個人情報保護委員会", "ITU-T SG17", "セ\nキュリティ"]
        {
            let term = analyzer.analyze(raw);
            let doc_text = normalize(raw);
            // Morphological tokens: identical on both sides.
            assert_eq!(term.morphemes, index_tokens(&index, morph::MORPH_TOKENIZER, &doc_text));
            // Bigram tokens: the query side is the document side without the run's closing char.
            let markers = |t: &String| !t.ends_with(bigram::KATAKANA_END);
            let doc: Vec<String> = index_tokens(&index, bigram::BIGRAM_TOKENIZER, &doc_text)
                .into_iter()
                .filter(markers)
                .collect();
            let query: Vec<String> = term
                .grams
                .iter()
                .map(|g| match g {
                    bigram::QueryGram::Exact(t) | bigram::QueryGram::Prefix(t) => t.clone(),
                })
                .collect();
            assert!(doc.starts_with(&query), "{raw}: {doc:?} vs {query:?}");
        }
    }

    #[test]
    fn version_names_every_component() {
        let v = analysis_version();
        assert!(v.starts_with("norm2.bigram2.morph1.terms1.ipadic-"), "{v}");
    }
}
