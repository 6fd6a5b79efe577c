//! # seisaku (政策)
//!
//! Full-text search over Japanese government policy documents: white papers, NISC annual reports,
//! laws. The data flows one way through the modules:
//!
//! - [`ingest`]: find files, decode them, read metadata out of the text (era dates → 年度,
//!   ministries, themes, page references) and split them into passages ([`model::Document`]);
//! - [`analysis`]: the one normalisation and tokenisation chain (NFKC, OCR repair, lindera
//!   morphemes for ranking, character bigrams for recall), identical at index and query time;
//! - [`index`]: the tantivy schema, incremental and crash-safe writing;
//! - [`search`]: query parsing, filters, facets, grouping by document, snippets, lexicon
//!   expansion, trends and concordances ([`model::SearchRequest`] → [`model::SearchResponse`]);
//! - front ends: the `seisaku` CLI (`src/cli/`) and the JSON HTTP API with its web page
//!   ([`http`]); they only talk to [`search`] and [`index`] through the model types.
//!
//! ```no_run
//! use seisaku::{index::IndexLocation, model::SearchRequest, search::Engine};
//! let engine = Engine::open(&IndexLocation::new("index"))?;
//! let response = engine.search(&SearchRequest::new("IoT-SSF"))?;
//! for hit in &response.hits {
//!     println!("{} {}", hit.best.path, hit.best.snippet);
//! }
//! # Ok::<(), seisaku::Error>(())
//! ```
#![warn(missing_docs)]

pub mod analysis;
pub mod error;
pub mod http;
pub mod index;
pub mod ingest;
pub mod model;
pub mod search;

pub use error::{Error, QueryError, Result};
