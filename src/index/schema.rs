//! The tantivy schema — one tantivy document per passage — and the one codec that writes a
//! passage into it ([`Fields::write`]) and reads it back ([`Fields::read`]).
//!
//! This module alone knows field names, facet roots and how a [`Passage`] is laid out in the
//! index; everything else goes through [`Fields`], [`names`] and [`FacetRoot`].
//!
//! | field | options | holds |
//! |---|---|---|
//! | `doc_id` | raw string, stored, fast | document id (corpus-relative path) |
//! | `doc_key` | u64 fast | hash of `doc_id`, for grouping passages by document |
//! | `passage_no` | u64 indexed, fast | passage number within the document (`0` counts documents) |
//! | `content_hash` | raw string, fast | hash of the source (incremental indexing) |
//! | `text_bigram` | bigram tokenizer, positions | recall: every substring is a phrase |
//! | `text_morph` | lindera tokenizer, positions | ranking: whole-word matches |
//! | `heading_bigram` | bigram tokenizer, positions | ranking: matches in the passage's heading path |
//! | `terms` | [`terms`](crate::analysis::terms) tokenizer, freqs, fast | discovery: the passage's terms (the fast field lists them with repeats) |
//! | `doc_order` | u64 fast | [`order64`] of `doc_id`: equal scores in document order |
//! | `facets` | facet | `/ministry/…`, `/fy/…`, `/theme/…` ([`FacetRoot`]) |
//! | `fiscal_year` | u64 indexed, fast, multi-valued | fiscal-year ranges |
//! | `date_key` | u64 fast | [`DocumentMeta::date_sort_key`], for sorting by date |
//! | `repost_key` | u64 fast | [`Passage::repost_key`], for collapsing re-posts |
//! | `stored` | stored | JSON of [`StoredPassage`]: the passage, its text and its document's metadata |

use std::borrow::Cow;
use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use tantivy::TantivyDocument;
use tantivy::collector::{FacetCollector, FacetCounts};
use tantivy::schema::{
    FAST, Facet, FacetOptions, Field, INDEXED, IndexRecordOption, STORED, STRING, Schema, SchemaBuilder,
    TextFieldIndexing, TextOptions, Value,
};

use crate::analysis::bigram::BIGRAM_TOKENIZER;
use crate::analysis::morph::MORPH_TOKENIZER;
use crate::analysis::terms::TERMS_TOKENIZER;
use crate::error::{Error, Result};
use crate::ingest::items::key64;
use crate::model::{Document, DocumentMeta, Passage};

/// Version of the schema and of what is derived from a document (its passages, `repost_key`);
/// part of the index state, so a change forces a rebuild. 3: a line cut at
/// [`MAX_CHARS`](crate::ingest::passages::MAX_CHARS) no longer gains a line break. 4: one stored
/// JSON per passage, typed dates, `passage_no` indexed. 5: `heading_bigram`, `doc_order`. 6: `terms`.
/// 7: plain-text laws are read as articles ([`crate::ingest::law`]).
pub const SCHEMA_VERSION: u32 = 7;

/// Declares the fields once: the [`Fields`] handles, their [`names`], how each is added to a
/// schema and how it is resolved in an opened index.
macro_rules! schema_fields {
    ($($(#[doc = $doc:literal])* $name:ident: $add:ident($options:expr),)*) => {
        /// Handles of every field of the schema, resolved once.
        #[derive(Debug, Clone, Copy)]
        pub struct Fields {
            $($(#[doc = $doc])* pub $name: Field,)*
        }

        /// Field names, for tantivy's APIs that take a name (fast fields, facet collectors).
        #[allow(non_upper_case_globals)]
        pub mod names {
            $($(#[doc = $doc])* pub const $name: &str = stringify!($name);)*
        }

        impl Fields {
            fn add(builder: &mut SchemaBuilder) -> Self {
                Self { $($name: builder.$add(names::$name, $options),)* }
            }

            /// Resolves the handles in an opened index's schema.
            pub fn resolve(schema: &Schema) -> tantivy::Result<Self> {
                Ok(Self { $($name: schema.get_field(names::$name)?,)* })
            }
        }
    };
}

schema_fields! {
    /// Document id.
    doc_id: add_text_field(STRING | STORED | FAST),
    /// Hash of the document id.
    doc_key: add_u64_field(FAST),
    /// Sort key of the document id (its first eight bytes), for a stable order of equal scores.
    doc_order: add_u64_field(FAST),
    /// Passage number.
    passage_no: add_u64_field(INDEXED | FAST),
    /// Source hash.
    content_hash: add_text_field(STRING | FAST),
    /// Bigram-indexed text.
    text_bigram: add_text_field(positions(BIGRAM_TOKENIZER)),
    /// Morpheme-indexed text.
    text_morph: add_text_field(positions(MORPH_TOKENIZER)),
    /// Bigram-indexed heading path (ranking: a match in the passage's heading).
    heading_bigram: add_text_field(positions(BIGRAM_TOKENIZER)),
    /// Discovery terms of the text: indexed (related passages), and a fast field with one value
    /// per occurrence (term counts per passage).
    terms: add_text_field(terms_options()),
    /// Facets.
    facets: add_facet_field(FacetOptions::default()),
    /// Fiscal years.
    fiscal_year: add_u64_field(INDEXED | FAST),
    /// Publication date key.
    date_key: add_u64_field(FAST),
    /// Re-post group key.
    repost_key: add_u64_field(FAST),
    /// Stored passage JSON.
    stored: add_text_field(STORED),
}

fn positions(tokenizer: &str) -> TextOptions {
    TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(tokenizer)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions),
    )
}

fn terms_options() -> TextOptions {
    TextOptions::default()
        .set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(TERMS_TOKENIZER)
                .set_index_option(IndexRecordOption::WithFreqs),
        )
        .set_fast(TERMS_TOKENIZER)
}

/// Builds the schema and its field handles.
pub fn build() -> (Schema, Fields) {
    let mut builder = Schema::builder();
    let fields = Fields::add(&mut builder);
    (builder.build(), fields)
}

/// A sort key of `id` that orders like the id's bytes (its first eight, big-endian).
pub fn order64(id: &str) -> u64 {
    let mut bytes = [0u8; 8];
    let n = id.len().min(8);
    bytes[..n].copy_from_slice(&id.as_bytes()[..n]);
    u64::from_be_bytes(bytes)
}

/// The three facet roots of the `facets` field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FacetRoot {
    /// `/ministry/総務省`: responsible ministries.
    Ministry,
    /// `/fy/2023`: fiscal years.
    FiscalYear,
    /// `/theme/IoT`: themes.
    Theme,
}

impl FacetRoot {
    /// Every root.
    pub const ALL: [FacetRoot; 3] = [FacetRoot::Ministry, FacetRoot::FiscalYear, FacetRoot::Theme];

    fn name(self) -> &'static str {
        match self {
            Self::Ministry => "ministry",
            Self::FiscalYear => "fy",
            Self::Theme => "theme",
        }
    }

    /// The facet of `value` under this root.
    pub fn facet(self, value: &str) -> Facet {
        Facet::from_path([self.name(), value])
    }

    /// The root and value `facet` counts under (`/fy/2023` → `(FiscalYear, "2023")`: the key of
    /// its [`FacetRoot::counts`] map); `None` for a facet outside the roots.
    pub fn of(facet: &Facet) -> Option<(FacetRoot, &str)> {
        let path = facet.to_path();
        let root = Self::ALL.into_iter().find(|root| path.first() == Some(&root.name()))?;
        path.get(1).map(|value| (root, *value))
    }

    /// A collector counting the values under `roots`.
    pub fn collector(roots: &[FacetRoot]) -> FacetCollector {
        let mut collector = FacetCollector::for_field(names::facets);
        for root in roots {
            collector.add_facet(Facet::from_path([root.name()]));
        }
        collector
    }

    /// The counts of this root's values (passages per value).
    pub fn counts(self, counts: &FacetCounts) -> BTreeMap<String, u64> {
        counts
            .get(Facet::from_path([self.name()]))
            .filter_map(|(facet, count)| facet.to_path().last().map(|v| ((*v).to_owned(), count)))
            .collect()
    }
}

/// What is stored per passage: the passage with its text, and its document's id, source hash
/// and metadata. Borrowed when written, owned when read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoredPassage<'a> {
    /// Document id.
    pub id: Cow<'a, str>,
    /// Corpus-relative path.
    pub path: Cow<'a, str>,
    /// Source hash of the document.
    pub content_hash: Cow<'a, str>,
    /// Document metadata.
    pub document: Cow<'a, DocumentMeta>,
    /// The passage, text included.
    pub passage: Cow<'a, Passage>,
}

impl Fields {
    /// The tantivy document of passage `passage` of `document`.
    pub fn write(&self, document: &Document, passage: &Passage) -> TantivyDocument {
        let mut doc = TantivyDocument::default();
        doc.add_text(self.doc_id, &document.id);
        doc.add_u64(self.doc_key, key64(&document.id));
        doc.add_u64(self.doc_order, order64(&document.id));
        doc.add_u64(self.passage_no, u64::from(passage.no));
        doc.add_text(self.content_hash, &document.content_hash);
        doc.add_text(self.text_bigram, &passage.text);
        doc.add_text(self.text_morph, &passage.text);
        doc.add_text(self.terms, &passage.text);
        if let Some(heading) = &passage.heading {
            doc.add_text(self.heading_bigram, heading);
        }
        for ministry in &passage.ministries {
            doc.add_facet(self.facets, FacetRoot::Ministry.facet(ministry));
        }
        for year in &passage.fiscal_years {
            doc.add_facet(self.facets, FacetRoot::FiscalYear.facet(&year.to_string()));
            if let Ok(year) = u64::try_from(*year) {
                doc.add_u64(self.fiscal_year, year);
            }
        }
        for theme in &passage.themes {
            doc.add_facet(self.facets, FacetRoot::Theme.facet(theme));
        }
        doc.add_u64(self.date_key, document.meta.date_sort_key());
        doc.add_u64(self.repost_key, passage.repost_key);
        let stored = StoredPassage {
            id: Cow::Borrowed(&document.id),
            path: Cow::Borrowed(&document.path),
            content_hash: Cow::Borrowed(&document.content_hash),
            document: Cow::Borrowed(&document.meta),
            passage: Cow::Borrowed(passage),
        };
        doc.add_text(self.stored, serde_json::to_string(&stored).unwrap_or_default());
        doc
    }

    /// Reads a passage back from its tantivy document.
    pub fn read(&self, doc: &TantivyDocument) -> Result<StoredPassage<'static>> {
        let json = doc.get_first(self.stored).and_then(|v| v.as_str()).unwrap_or_default();
        serde_json::from_str(json).map_err(|err| {
            Error::Index(tantivy::TantivyError::InternalError(format!("stored passage is unreadable: {err}")))
        })
    }
}
