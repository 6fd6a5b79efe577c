//! Command-line arguments, as clap parses them. Flag help lives on each field.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// seisaku (政策): full-text search over Japanese government policy documents.
#[derive(Debug, Parser)]
#[command(name = "seisaku", version, about, propagate_version = true)]
pub struct Cli {
    /// Index folder.
    #[arg(long, global = true, env = "SEISAKU_INDEX", default_value = "index", value_name = "DIR")]
    pub index: PathBuf,
    /// Corpus folder (indexed by `index`, and by other commands when there is no index yet).
    #[arg(long, global = true, env = "SEISAKU_CORPUS", default_value = "corpus", value_name = "DIR")]
    pub corpus: PathBuf,
    /// Catalog of document metadata (default: catalog.toml in the corpus folder, if any).
    #[arg(long, global = true, env = "SEISAKU_CATALOG", value_name = "FILE")]
    pub catalog: Option<PathBuf>,
    /// The command.
    #[command(subcommand)]
    pub command: Command,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Index the corpus folder (incrementally: only new, changed and removed files).
    Index(IndexArgs),
    /// Search; builds the index from the corpus first if there is none.
    Search(SearchArgs),
    /// Show a document's metadata and passages.
    Show(ShowArgs),
    /// List every facet value (ministry, fiscal year, theme) with passage counts.
    Facets(FacetsArgs),
    /// Count matching passages per fiscal year, ministry or theme, normalised per 1,000 passages.
    Trend(TrendArgs),
    /// Keyword in context: every occurrence with its left and right context.
    Kwic(KwicArgs),
    /// Characteristic terms of the passages matching a query or fiscal years, against the rest.
    Terms(TermsArgs),
    /// Terms that occur in the same passages as the query.
    Cooccur(CooccurArgs),
    /// Passages of other documents most like one passage, by fiscal year.
    Related(RelatedArgs),
    /// Serve the JSON API and the web page; builds the index from the corpus first if missing.
    Serve(ServeArgs),
}

/// `seisaku index`.
#[derive(Debug, Default, Args)]
pub struct IndexArgs {
    /// Rebuild the whole index instead of updating it.
    #[arg(long)]
    pub full: bool,
    /// Leave out paths matching this gitignore-style glob, relative to the corpus (repeatable).
    #[arg(long, value_name = "GLOB")]
    pub exclude: Vec<String>,
    /// Write every skipped file and warning to FILE as JSON lines.
    #[arg(long, value_name = "FILE")]
    pub report: Option<PathBuf>,
    /// Exit with status 1 if any file was skipped.
    #[arg(long)]
    pub strict: bool,
    /// Summary format.
    #[arg(long, value_enum, default_value_t = ObjectFormat::Text)]
    pub format: ObjectFormat,
    /// Commit after this many megabytes of source files (a killed run loses at most that much).
    #[arg(long, value_name = "MB", value_parser = clap::value_parser!(u64).range(1..))]
    pub commit_mb: Option<u64>,
    /// Memory the index writer may fill before it writes a segment, in megabytes, shared by its
    /// threads (each segment written is one more a query visits).
    #[arg(long, value_name = "MB", value_parser = clap::value_parser!(u64).range(64..=4096))]
    pub memory_mb: Option<u64>,
    /// Do not OCR PDF pages without a text layer (OCR needs Tesseract; its text is cached).
    #[arg(long)]
    pub no_ocr: bool,
}

/// Output formats of `search`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SearchFormat {
    /// Human-readable, highlighted on a terminal.
    Text,
    /// One JSON object (the HTTP API's response).
    Json,
    /// CSV (UTF-8 with BOM, for Excel).
    Csv,
    /// One JSON object per line.
    Jsonl,
}

/// Order of search results.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SortArg {
    /// Best match first.
    Relevance,
    /// Newest document first.
    Date,
}

/// Filters shared by search-like commands.
#[derive(Debug, Args)]
pub struct FilterArgs {
    /// Only passages of this responsible ministry (repeatable; aliases like METI work).
    #[arg(long, value_name = "NAME")]
    pub ministry: Vec<String>,
    /// Only passages about this fiscal year or range: 2023, 2021..2024.
    #[arg(long, value_name = "YEARS")]
    pub fy: Option<String>,
    /// Only passages with this theme (repeatable).
    #[arg(long, value_name = "THEME")]
    pub theme: Vec<String>,
}

/// `seisaku search`.
#[derive(Debug, Args)]
pub struct SearchArgs {
    /// The query: terms (AND), "phrases", OR, -excluded, =exact, ministry:/fy:/theme: filters.
    #[arg(allow_hyphen_values = true, value_name = "QUERY")]
    pub query: String,
    /// Documents per page (1–100).
    #[arg(long, default_value_t = 10)]
    pub limit: usize,
    /// Documents to skip.
    #[arg(long, default_value_t = 0)]
    pub offset: usize,
    /// Output format.
    #[arg(long, value_enum, default_value_t = SearchFormat::Text)]
    pub format: SearchFormat,
    /// Export every matching passage instead of a page (with --format csv or jsonl).
    #[arg(long)]
    pub all: bool,
    /// Result order.
    #[arg(long, value_enum, default_value_t = SortArg::Relevance)]
    pub sort: SortArg,
    /// Do not expand terms with the policy lexicon.
    #[arg(long)]
    pub exact: bool,
    /// Keep one passage of each group of (再掲) re-posted items.
    #[arg(long)]
    pub collapse_reposts: bool,
    /// Filters.
    #[command(flatten)]
    pub filters: FilterArgs,
}

/// Formats of commands that print one object.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, ValueEnum)]
pub enum ObjectFormat {
    /// Human-readable.
    #[default]
    Text,
    /// JSON.
    Json,
}

/// `seisaku show`.
#[derive(Debug, Args)]
pub struct ShowArgs {
    /// Document id (its path relative to the corpus folder).
    pub id: String,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ObjectFormat::Text)]
    pub format: ObjectFormat,
    /// Print the document's text as read from its file in the corpus folder, line by line: before
    /// normalisation, two-column restoration and passages.
    #[arg(long)]
    pub raw: bool,
}

/// `seisaku facets`.
#[derive(Debug, Args)]
pub struct FacetsArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = ObjectFormat::Text)]
    pub format: ObjectFormat,
}

/// Buckets of a trend.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TrendByArg {
    /// Fiscal year.
    Fy,
    /// Responsible ministry.
    Ministry,
    /// Theme.
    Theme,
}

/// Formats of `trend`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TableFormat {
    /// Human-readable with bars.
    Text,
    /// JSON (the HTTP API's response).
    Json,
    /// CSV (UTF-8 with BOM).
    Csv,
}

/// `seisaku trend`.
#[derive(Debug, Args)]
pub struct TrendArgs {
    /// The query.
    #[arg(allow_hyphen_values = true, value_name = "QUERY")]
    pub query: String,
    /// What to bucket by.
    #[arg(long, value_enum, default_value_t = TrendByArg::Fy)]
    pub by: TrendByArg,
    /// Only these fiscal years: 2023 or 2021..2024.
    #[arg(long, value_name = "YEARS")]
    pub fy: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = TableFormat::Text)]
    pub format: TableFormat,
    /// Do not expand terms with the policy lexicon.
    #[arg(long)]
    pub exact: bool,
}

/// Formats of `kwic`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum KwicFormat {
    /// Aligned on the match.
    Text,
    /// CSV (UTF-8 with BOM).
    Csv,
    /// One JSON object per line.
    Jsonl,
}

/// `seisaku kwic`.
#[derive(Debug, Args)]
pub struct KwicArgs {
    /// The query.
    #[arg(allow_hyphen_values = true, value_name = "QUERY")]
    pub query: String,
    /// Characters of context on each side.
    #[arg(long, default_value_t = 20)]
    pub width: usize,
    /// Stop after N lines.
    #[arg(long, value_name = "N")]
    pub limit: Option<usize>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = KwicFormat::Text)]
    pub format: KwicFormat,
    /// Do not expand terms with the policy lexicon.
    #[arg(long)]
    pub exact: bool,
}

/// `seisaku terms`.
#[derive(Debug, Args)]
pub struct TermsArgs {
    /// The query selecting the foreground (empty or absent: every passage within the filters).
    #[arg(allow_hyphen_values = true, value_name = "QUERY", default_value = "")]
    pub query: String,
    /// Compare with the passages of these fiscal years (matching the query and filters) instead
    /// of every other passage: 2015, 2010..2014.
    #[arg(long, value_name = "YEARS")]
    pub vs: Option<String>,
    /// How many terms, in which format.
    #[command(flatten)]
    pub list: TermListArgs,
    /// Filters; --fy selects the foreground's fiscal years.
    #[command(flatten)]
    pub filters: FilterArgs,
}

/// Options shared by `seisaku terms` and `seisaku cooccur`: a list of terms.
#[derive(Debug, Args)]
pub struct TermListArgs {
    /// Terms to list (1–500).
    #[arg(long, default_value_t = 20)]
    pub limit: usize,
    /// Output format.
    #[arg(long, value_enum, default_value_t = TableFormat::Text)]
    pub format: TableFormat,
    /// Do not expand terms with the policy lexicon.
    #[arg(long)]
    pub exact: bool,
}

/// `seisaku cooccur`.
#[derive(Debug, Args)]
pub struct CooccurArgs {
    /// The query.
    #[arg(allow_hyphen_values = true, value_name = "QUERY")]
    pub query: String,
    /// How many terms, in which format.
    #[command(flatten)]
    pub list: TermListArgs,
    /// Filters (foreground and background alike).
    #[command(flatten)]
    pub filters: FilterArgs,
}

/// `seisaku related`.
#[derive(Debug, Args)]
pub struct RelatedArgs {
    /// The passage: DOCUMENT#N (document id, '#', passage number as hits show it).
    #[arg(value_name = "PASSAGE")]
    pub passage: String,
    /// Only passages about other fiscal years than this passage's.
    #[arg(long)]
    pub other_years: bool,
    /// Passages to list (1–100, the best of each document).
    #[arg(long, default_value_t = 10)]
    pub limit: usize,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ObjectFormat::Text)]
    pub format: ObjectFormat,
}

/// `seisaku serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address to listen on.
    #[arg(long, env = "SEISAKU_ADDR", default_value = "127.0.0.1:7700")]
    pub addr: std::net::SocketAddr,
    /// Compute every response anew instead of answering repeated requests over an unchanged
    /// index from the cache of recent responses (for benchmarks of the uncached path).
    #[arg(long)]
    pub no_cache: bool,
}
