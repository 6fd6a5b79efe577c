//! The tantivy schema: one tantivy document per passage.
//!
//! | field | options | holds |
//! |---|---|---|
//! | `doc_id` | raw string, stored, fast | document id (corpus-relative path) |
//! | `doc_key` | u64 fast | hash of `doc_id`, for grouping passages by document |
//! | `passage_no` | u64 stored, fast | passage number within the document |
//! | `content_hash` | raw string, fast | hash of the source file (incremental indexing) |
//! | `text` | stored | the normalised passage text |
//! | `text_bigram` | bigram tokenizer, positions | recall: every substring is a phrase |
//! | `text_morph` | lindera tokenizer, positions | ranking: whole-word matches |
//! | `facets` | facet | `/ministry/…`, `/fy/…`, `/theme/…` |
//! | `fiscal_year` | u64 indexed, fast, multi-valued | fiscal-year ranges |
//! | `date_key` | u64 fast | publication date as `yyyymmdd` (0 if unknown), for sorting |
//! | `repost_key` | u64 fast | hash of the text without its item marker and `(再掲)`, for collapsing re-posts |
//! | `meta` | stored | JSON of [`PassageRecord`]: passage and document metadata |
//!
//! Field handles are resolved once into [`Fields`].

use serde::{Deserialize, Serialize};
use tantivy::schema::{
    FAST, FacetOptions, Field, INDEXED, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing,
    TextOptions,
};

use crate::analysis::bigram::BIGRAM_TOKENIZER;
use crate::analysis::morph::MORPH_TOKENIZER;
use crate::model::{Document, DocumentMeta, Passage};

/// Version of the schema and of what is derived from a document (its passages, `repost_key`);
/// part of the index state, so a change forces a rebuild. 3: a line cut at
/// [`MAX_CHARS`](crate::ingest::passages::MAX_CHARS) no longer gains a line break.
pub const SCHEMA_VERSION: u32 = 3;

/// Handles of every field of the schema.
#[derive(Debug, Clone)]
pub struct Fields {
    /// Document id.
    pub doc_id: Field,
    /// Hash of the document id.
    pub doc_key: Field,
    /// Passage number.
    pub passage_no: Field,
    /// Source file hash.
    pub content_hash: Field,
    /// Stored normalised text.
    pub text: Field,
    /// Bigram-indexed text.
    pub text_bigram: Field,
    /// Morpheme-indexed text.
    pub text_morph: Field,
    /// Facets.
    pub facets: Field,
    /// Fiscal years.
    pub fiscal_year: Field,
    /// Publication date key.
    pub date_key: Field,
    /// Re-post group key.
    pub repost_key: Field,
    /// Stored metadata JSON.
    pub meta: Field,
}

/// Builds the schema and its field handles.
pub fn build() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let positions = |tokenizer: &str| {
        TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(tokenizer)
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        )
    };
    let fields = Fields {
        doc_id: b.add_text_field("doc_id", STRING | STORED | FAST),
        doc_key: b.add_u64_field("doc_key", FAST),
        passage_no: b.add_u64_field("passage_no", STORED | FAST),
        content_hash: b.add_text_field("content_hash", STRING | FAST),
        text: b.add_text_field("text", STORED),
        text_bigram: b.add_text_field("text_bigram", positions(BIGRAM_TOKENIZER)),
        text_morph: b.add_text_field("text_morph", positions(MORPH_TOKENIZER)),
        facets: b.add_facet_field("facets", FacetOptions::default()),
        fiscal_year: b.add_u64_field("fiscal_year", INDEXED | FAST),
        date_key: b.add_u64_field("date_key", FAST),
        repost_key: b.add_u64_field("repost_key", FAST),
        meta: b.add_text_field("meta", STORED),
    };
    (b.build(), fields)
}

impl Fields {
    /// Resolves the handles in an opened index's schema.
    pub fn resolve(schema: &Schema) -> tantivy::Result<Self> {
        let f = |name: &str| schema.get_field(name);
        Ok(Self {
            doc_id: f("doc_id")?,
            doc_key: f("doc_key")?,
            passage_no: f("passage_no")?,
            content_hash: f("content_hash")?,
            text: f("text")?,
            text_bigram: f("text_bigram")?,
            text_morph: f("text_morph")?,
            facets: f("facets")?,
            fiscal_year: f("fiscal_year")?,
            date_key: f("date_key")?,
            repost_key: f("repost_key")?,
            meta: f("meta")?,
        })
    }
}

/// What is stored per passage besides its text: the passage's and its document's metadata.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PassageRecord {
    /// Document id.
    pub id: String,
    /// Corpus-relative path.
    pub path: String,
    /// Document metadata.
    pub document: DocumentMeta,
    /// Passage metadata (its `text` is empty: the text is stored in its own field).
    pub passage: Passage,
}

impl PassageRecord {
    /// The record of passage `passage` of `document`, without the text.
    pub fn new(document: &Document, passage: &Passage) -> Self {
        Self {
            id: document.id.clone(),
            path: document.path.clone(),
            document: document.meta.clone(),
            passage: Passage { text: String::new(), ..passage.clone() },
        }
    }
}

/// A stable 64-bit key of a string (BLAKE3 prefix), for fast-field grouping.
pub fn key64(text: &str) -> u64 {
    let hash = blake3::hash(text.as_bytes());
    let mut bytes = [0u8; 8];
    bytes.copy_from_slice(&hash.as_bytes()[..8]);
    u64::from_le_bytes(bytes)
}
