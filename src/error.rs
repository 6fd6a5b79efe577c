//! The crate's error type.
//!
//! Errors are split the way callers must treat them: [`Error::is_user_error`] is true for
//! problems with what the caller asked (a malformed query, an unknown document id, a bad
//! parameter) — the CLI exits 2 and the HTTP API answers 4xx — and false for failures of the
//! engine or its environment (I/O, a corrupt index, a locked index), which exit 1 / answer 500.

use std::path::PathBuf;

/// Crate-wide result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// A problem with a search query; always the caller's fault.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QueryError {
    /// The query has no terms and no filters.
    #[error("empty query: type at least one word")]
    Empty,
    /// The query is longer than the limit.
    #[error("query too long: {len} characters (at most {max})")]
    TooLong {
        /// Length of the query in characters.
        len: usize,
        /// The limit.
        max: usize,
    },
    /// A `"` was opened and never closed.
    #[error("unbalanced quote: the phrase starting at character {at} is never closed")]
    UnclosedQuote {
        /// Character offset of the opening quote.
        at: usize,
    },
    /// A `-` with nothing after it.
    #[error("a lone '-' must be followed by a term to exclude, as in -総務省")]
    LoneMinus,
    /// `OR` without a term on one side.
    #[error("OR must stand between two terms, as in 5G OR IoT")]
    DanglingOr,
    /// A negated term inside an `OR` group.
    #[error("a negated term cannot be part of an OR group: {term}")]
    NegatedOr {
        /// The offending term.
        term: String,
    },
    /// A term consisting only of punctuation or symbols.
    #[error("term {term:?} has no letters or digits to search for")]
    NoSearchableText {
        /// The offending term.
        term: String,
    },
    /// The query excludes terms but requires nothing.
    #[error("the query only excludes terms; add a term or a filter to search for")]
    OnlyNegative,
    /// A `field:value` filter with an unknown field or an invalid value.
    #[error("invalid filter {filter:?}: {reason}")]
    InvalidFilter {
        /// The filter as written.
        filter: String,
        /// What is wrong with it.
        reason: String,
    },
    /// A request parameter outside its allowed range or format.
    #[error("invalid parameter {name}: {reason}")]
    InvalidParameter {
        /// Parameter name (`limit`, `fy`, …).
        name: String,
        /// What is wrong with it.
        reason: String,
    },
}

/// Any error seisaku reports.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The query or a request parameter is malformed (the caller's fault).
    #[error(transparent)]
    Query(#[from] QueryError),
    /// No document has this id (the caller's fault).
    #[error("no document with id {0:?}")]
    DocumentNotFound(String),
    /// There is no index at this path yet.
    #[error("no index at {}: run `seisaku index` first", .0.display())]
    NoIndex(PathBuf),
    /// Another process holds the index writer lock.
    #[error(
        "the index at {} is locked by another `seisaku index` run (lock file {}); wait for it to finish",
        .index.display(), .lock.display()
    )]
    Locked {
        /// Index directory.
        index: PathBuf,
        /// The lock file held by the other writer.
        lock: PathBuf,
    },
    /// The morphological dictionary failed to load.
    #[error("the morphological dictionary failed to load: {0}")]
    Dictionary(String),
    /// A data file (`dictionaries/*.toml`, a sidecar or catalog) is invalid.
    #[error("{}: {message}", .path.display())]
    Config {
        /// The file.
        path: PathBuf,
        /// What is wrong with it.
        message: String,
    },
    /// A file-system operation failed.
    #[error("{}: {source}", .path.display())]
    Io {
        /// The path involved.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// tantivy failed.
    #[error("index error: {0}")]
    Index(#[from] tantivy::TantivyError),
}

impl Error {
    /// True when the caller is at fault (bad query, parameter or id): exit code 2, HTTP 4xx.
    pub fn is_user_error(&self) -> bool {
        matches!(self, Error::Query(_) | Error::DocumentNotFound(_))
    }

    /// Wraps an I/O error with the path it concerns.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io { path: path.into(), source }
    }
}
