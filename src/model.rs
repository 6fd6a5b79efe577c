//! The types that cross stages: what ingest produces, what search accepts and returns.
//!
//! These are the API contract. The CLI's `--format json` and the HTTP API serialise exactly
//! these types with serde, so field names are stable: later versions add fields, never rename.
//!
//! - [`Document`] and [`Passage`]: a source file after ingest — metadata read from the text or a
//!   sidecar, split into passages, the unit of search.
//! - [`SearchRequest`] → [`SearchResponse`] with [`Hit`]s (one per document, its best passage)
//!   and [`Facets`] counted over every matching passage.
//! - [`TrendRequest`] → [`TrendResponse`], [`KwicRequest`] → [`KwicLine`]s, [`FacetsResponse`],
//!   [`IndexStatus`].
//! - Discovery: [`TermsRequest`] and [`CooccurRequest`] → [`TermsResponse`],
//!   [`RelatedRequest`] → [`RelatedResponse`].

mod date;
mod discovery;
pub mod limits;
pub mod scalars;
mod snippet;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, PartialSchema, ToSchema};

pub use self::date::{Date, DateParseError, FISCAL_YEAR_FIRST_MONTH};
pub use self::discovery::{
    CooccurRequest, DEFAULT_TERMS, KeyTerm, MAX_TERMS, RelatedRequest, RelatedResponse, RelatedYear, Sample,
    TermsRequest, TermsResponse,
};
use self::limits::{
    ConcordanceLines, ContextWidth, FiscalYears, HighlightTag, PageOffset, PageSize, QueryTerms, SearchText,
};
pub use self::limits::{MAX_LIMIT, MAX_QUERY_CHARS};
pub use self::snippet::{Markup, Snippet};

/// A source document after ingest.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Document {
    /// Stable id: the path relative to the corpus folder, with `/` separators.
    pub id: String,
    /// Path relative to the corpus folder (same as `id`; kept separate for clients).
    pub path: String,
    /// Metadata read from the text, a sidecar or the catalog.
    #[serde(flatten)]
    pub meta: DocumentMeta,
    /// BLAKE3 hash of the file's bytes (hex), for incremental indexing.
    pub content_hash: String,
    /// The passages, in document order.
    pub passages: Vec<Passage>,
}

/// Document-level metadata.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct DocumentMeta {
    /// Title: from a sidecar or catalog, a report header, or the first meaningful line.
    pub title: String,
    /// Where the document was published (`公開元URL`).
    pub source_url: Option<String>,
    /// Publishing ministry or body (canonical name).
    pub publisher: Option<String>,
    /// Publication date, ISO 8601 (`2024-03-13`, or `2024-03` / `2024` when only that is known).
    #[schema(value_type = Option<String>, example = "2024-03-13")]
    pub date: Option<Date>,
    /// Fiscal year (年度, April–March) of publication.
    pub fiscal_year: Option<i32>,
    /// Page references found in the text (`別添2 - 24 -`, `資料1 … (122 ページ)`).
    pub pages: Vec<String>,
    /// Series the document belongs to (`情報通信白書`, `サイバーセキュリティ2024` …).
    pub series: Option<String>,
    /// Provenance line (`出典情報`), when the page republishes a document.
    pub source: Option<String>,
    /// Encoding the file was decoded from (`UTF-8`, `Shift_JIS`, `EUC-JP`, `UTF-16LE` …), or the
    /// format of a binary file (`PDF`).
    pub encoding: String,
    /// Other names of the document that find it (a law's abbreviation, `労基法`).
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Facts the format states about the file (producer, page count, pages read by OCR, law
    /// number), by label.
    #[serde(default)]
    pub details: BTreeMap<String, String>,
}

impl DocumentMeta {
    /// Where the document stands when hits are sorted by date: its date, else the start of its
    /// fiscal year (a document known only as 令和6年度 sorts at 2024-04), else 0 (last).
    pub fn date_sort_key(&self) -> u64 {
        self.date.or_else(|| self.fiscal_year.and_then(Date::fiscal_year_start)).map_or(0, |d| d.sort_key())
    }
}

/// A passage: the unit of search, with its own heading, page and facets.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Passage {
    /// Position of the passage in its document, from 0.
    pub no: u32,
    /// Heading of the section or item the passage belongs to (`第2節 …`, `(ナ) 総務省 経済産業省`).
    pub heading: Option<String>,
    /// Page reference of the page the passage is on, when the document has page footers or
    /// physical pages (`p. 12`, `p. 12 (2-1)` with the printed folio, `pp. 12–13` across pages).
    pub page: Option<String>,
    /// Physical pages of a paged source (PDF) the passage stands on.
    pub pages: Option<PageRange>,
    /// The normalised text (what is indexed, highlighted and shown).
    pub text: String,
    /// Responsible ministries (担当府省庁 of a NISC table item, or the document's publisher).
    pub ministries: Vec<String>,
    /// Ministries and bodies merely mentioned in the text.
    pub mentions: Vec<String>,
    /// Fiscal years the passage is about (a results section, a `<2024 年度年次計画>`), else the
    /// document's fiscal year.
    pub fiscal_years: Vec<i32>,
    /// Themes whose keywords occur in the passage (see `dictionaries/themes.toml`).
    pub themes: Vec<String>,
    /// True when the passage is marked `(再掲)`: a re-posted item.
    pub reposted: bool,
    /// Key shared by the re-posts of one item (its text without item marker, `(再掲)` and
    /// white space), for collapsing them; derived at ingest, not part of the JSON.
    #[serde(skip)]
    pub repost_key: u64,
}

/// Physical pages of a paged source, from 1 (`first` = `last` for a passage on one page).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct PageRange {
    /// First page.
    pub first: u32,
    /// Last page.
    pub last: u32,
}

/// How hits are ordered.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Sort {
    /// Best score first.
    #[default]
    Relevance,
    /// Newest publication date first (a document known only by its fiscal year at that year's
    /// April; documents without either last), then score.
    Date,
}

/// A search, as the CLI and the HTTP API (`GET /api/search` parameters, `POST` body) express it.
///
/// Filters may also be written inside `q` (`ministry:総務省 fy:2021..2024 theme:IoT`). This one
/// declaration is the query string's parameters (`IntoParams`), the `POST` body's schema
/// (`ToSchema`) and both decoders (serde); the limits come from [`limits`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema, IntoParams)]
#[serde(default, deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct SearchRequest {
    /// The query string: terms (AND), `"phrases"`, `OR`, `-excluded`, `=exact`, filters; empty
    /// matches every passage within the other filters.
    #[schema(value_type = SearchText, inline)]
    #[param(value_type = SearchText, inline)]
    pub q: String,
    /// Only passages whose responsible ministries include one of these (repeatable; a
    /// ministry's aliases such as METI or NISC are accepted too).
    pub ministry: Vec<String>,
    /// Only passages about these fiscal years: `2023` or `2021..2024`.
    #[schema(value_type = Option<FiscalYears>, inline)]
    #[param(value_type = Option<FiscalYears>, inline)]
    pub fy: Option<String>,
    /// Only passages with one of these themes (repeatable).
    pub theme: Vec<String>,
    /// Documents per page (1–100, default 10).
    #[serde(deserialize_with = "scalars::whole_number")]
    #[schema(value_type = PageSize, inline)]
    #[param(value_type = PageSize, inline)]
    pub limit: usize,
    /// Documents to skip.
    #[serde(deserialize_with = "scalars::whole_number")]
    #[schema(value_type = PageOffset, inline)]
    #[param(value_type = PageOffset, inline)]
    pub offset: usize,
    /// Order of hits (default relevance).
    pub sort: Sort,
    /// Inserted before each highlighted match in snippets (by the front end that renders them;
    /// default `<mark>`).
    #[schema(value_type = HighlightTag, inline)]
    #[param(value_type = HighlightTag, inline)]
    pub highlight_pre: String,
    /// Inserted after each highlighted match in snippets (default `</mark>`).
    #[schema(value_type = HighlightTag, inline)]
    #[param(value_type = HighlightTag, inline)]
    pub highlight_post: String,
    /// Switch lexicon expansion off for every term (as if each were written `=term`).
    #[serde(deserialize_with = "scalars::flag")]
    pub exact: bool,
    /// Keep only one passage of each group of `(再掲)` re-posted items.
    #[serde(deserialize_with = "scalars::flag")]
    pub collapse_reposts: bool,
}

impl Default for SearchRequest {
    fn default() -> Self {
        Self {
            q: String::new(),
            ministry: Vec::new(),
            fy: None,
            theme: Vec::new(),
            limit: limits::DEFAULT_LIMIT,
            offset: 0,
            sort: Sort::Relevance,
            highlight_pre: "<mark>".into(),
            highlight_post: "</mark>".into(),
            exact: false,
            collapse_reposts: false,
        }
    }
}

impl SearchRequest {
    /// A request for `q` with default paging and highlighting.
    pub fn new(q: impl Into<String>) -> Self {
        Self { q: q.into(), ..Self::default() }
    }

    /// The JSON API's markup: `highlight_pre`/`highlight_post` around HTML-escaped text.
    pub fn html_markup(&self) -> Markup {
        Markup::html(&self.highlight_pre, &self.highlight_post)
    }
}

/// One hit: a document, represented by its best-scoring passage.
///
/// On the wire the passage's fields stand at the top level of the hit (`id`, `path`, `title`,
/// `score`, `snippet`, …), followed by `more_in_document`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Hit {
    /// The document's best passage (score, snippet and all metadata).
    #[serde(flatten)]
    pub best: PassageHit,
    /// How many other passages of this document also match.
    pub more_in_document: u32,
}

/// Facet counts: for each value, the number of matching passages carrying it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Facets {
    /// Responsible ministry → passages.
    pub ministry: BTreeMap<String, u64>,
    /// Fiscal year → passages.
    pub fiscal_year: BTreeMap<String, u64>,
    /// Theme → passages.
    pub theme: BTreeMap<String, u64>,
}

/// The answer to a [`SearchRequest`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct SearchResponse {
    /// The query string as given.
    pub query: String,
    /// Matching documents.
    pub total: usize,
    /// Matching passages.
    pub total_passages: usize,
    /// Time spent searching, in milliseconds.
    pub took_ms: f64,
    /// Documents skipped (as requested).
    pub offset: usize,
    /// Page size (as requested).
    pub limit: usize,
    /// Offset of the next page, or null on the last page.
    pub next_offset: Option<usize>,
    /// One hit per document, best first.
    pub hits: Vec<Hit>,
    /// Facet counts over all matching passages (not just this page).
    pub facets: Facets,
    /// Lexicon expansions applied: term → the equivalent forms also searched.
    pub expanded: BTreeMap<String, Vec<String>>,
}

/// One matching passage with all document and passage metadata: a line of an export (`--all`),
/// and the body of a search [`Hit`]. Its serialisation is also the CSV row of an export: one
/// column per field, in this order.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct PassageHit {
    /// Which passage, of which document.
    #[serde(flatten)]
    pub at: PassageRef,
    /// Corpus-relative path.
    pub path: String,
    /// Passage score.
    pub score: f32,
    /// Responsible ministries.
    pub ministries: Vec<String>,
    /// Mentioned ministries.
    pub mentions: Vec<String>,
    /// Themes.
    pub themes: Vec<String>,
    /// `(再掲)` flag.
    pub reposted: bool,
    /// Publisher.
    pub publisher: Option<String>,
    /// Publication date (ISO).
    #[schema(value_type = Option<String>, example = "2024-03-13")]
    pub date: Option<Date>,
    /// Fiscal year of publication.
    pub fiscal_year: Option<i32>,
    /// Source URL.
    pub source_url: Option<String>,
    /// Excerpt with highlighted matches, rendered with the front end's [`Markup`].
    #[schema(value_type = String)]
    pub snippet: Snippet,
}

impl Hit {
    /// Sets how the snippet is rendered.
    pub fn mark(&mut self, markup: &Markup) {
        self.best.snippet.markup = markup.clone();
    }
}

impl SearchResponse {
    /// Sets how every hit's snippet is rendered.
    pub fn mark(&mut self, markup: &Markup) {
        self.hits.iter_mut().for_each(|hit| hit.mark(markup));
    }
}

/// Where a passage is, as a hit or a concordance line names it: document, passage number,
/// heading, page and the fiscal years it is about.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct PassageRef {
    /// Document id.
    pub id: String,
    /// Document title.
    pub title: String,
    /// Passage number within the document.
    pub passage: u32,
    /// Passage heading.
    pub heading: Option<String>,
    /// Page reference.
    pub page: Option<String>,
    /// Physical pages (paged sources such as PDF).
    pub pages: Option<PageRange>,
    /// Fiscal years the passage is about.
    pub fiscal_years: Vec<i32>,
}

/// What a trend is bucketed by.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum TrendBy {
    /// Fiscal year.
    #[default]
    Fy,
    /// Responsible ministry.
    Ministry,
    /// Theme.
    Theme,
}

/// A trend query: how often a query matches per bucket, normalised by bucket size
/// (`GET /api/trend` parameters).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema, IntoParams)]
#[serde(default, deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct TrendRequest {
    /// The query string (same syntax as search; empty: every passage, a bucket's whole).
    #[schema(value_type = SearchText, inline)]
    #[param(value_type = SearchText, inline)]
    pub q: String,
    /// Bucket by fiscal year (default), ministry or theme.
    pub by: TrendBy,
    /// Restrict to fiscal years `A..B` (or one year).
    #[schema(value_type = Option<FiscalYears>, inline)]
    #[param(value_type = Option<FiscalYears>, inline)]
    pub fy: Option<String>,
    /// Switch lexicon expansion off.
    #[serde(deserialize_with = "scalars::flag")]
    pub exact: bool,
}

impl Default for TrendRequest {
    fn default() -> Self {
        Self { q: String::new(), by: TrendBy::Fy, fy: None, exact: false }
    }
}

/// One bucket of a trend.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct TrendBucket {
    /// Bucket value (`2023`, `総務省`, `IoT`).
    pub key: String,
    /// Matching passages in the bucket.
    pub matching: u64,
    /// All passages in the bucket.
    pub total: u64,
    /// matching / total × 1000.
    pub per_mille: f64,
}

/// The answer to a [`TrendRequest`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct TrendResponse {
    /// The query string.
    pub query: String,
    /// What the buckets are.
    pub by: TrendBy,
    /// Buckets in key order (fiscal years ascending).
    pub buckets: Vec<TrendBucket>,
    /// Lexicon expansions applied.
    pub expanded: BTreeMap<String, Vec<String>>,
}

/// A concordance request: every occurrence of the query's terms with context
/// (`GET /api/kwic` parameters).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema, IntoParams)]
#[serde(default, deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct KwicRequest {
    /// The query string (same syntax as search).
    #[schema(schema_with = QueryTerms::schema, required = true)]
    #[param(value_type = QueryTerms, inline, required = true)]
    pub q: String,
    /// Characters of context on each side (default 20).
    #[serde(deserialize_with = "scalars::whole_number")]
    #[schema(value_type = ContextWidth, inline)]
    #[param(value_type = ContextWidth, inline)]
    pub width: usize,
    /// Stop after this many lines (the CLI: all when absent; HTTP: 1–1000, default 100).
    #[serde(deserialize_with = "scalars::optional_whole_number")]
    #[schema(value_type = Option<ConcordanceLines>, inline)]
    #[param(value_type = Option<ConcordanceLines>, inline)]
    pub limit: Option<usize>,
    /// Switch lexicon expansion off.
    #[serde(deserialize_with = "scalars::flag")]
    pub exact: bool,
}

impl Default for KwicRequest {
    fn default() -> Self {
        Self { q: String::new(), width: limits::DEFAULT_WIDTH, limit: None, exact: false }
    }
}

/// One occurrence in a concordance.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct KwicLine {
    /// Context before the match (at most `width` characters, line breaks shown as spaces).
    pub left: String,
    /// The matched text as written.
    pub keyword: String,
    /// Context after the match.
    pub right: String,
    /// The passage the match is in.
    #[serde(flatten)]
    pub at: PassageRef,
    /// Character offset of the match within the passage text.
    pub offset: usize,
}

/// All facet values of the index, with passage counts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct FacetsResponse {
    /// Documents in the index.
    pub documents: u64,
    /// Passages in the index.
    pub passages: u64,
    /// The counts.
    pub facets: Facets,
}

/// State of an index, for `/health` and `seisaku index` summaries.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct IndexStatus {
    /// Documents in the index.
    pub documents: u64,
    /// Passages in the index.
    pub passages: u64,
    /// Commit generation (opstamp of the last commit).
    pub generation: u64,
    /// Analysis chain the index was built with.
    pub analysis_version: String,
}
