//! Integration tests: one binary (see STYLE: meilisearch's `tests/`), modules by concern.
//!
//! Tests that need the real corpora under `../shared/corpus/` skip with a printed reason when
//! the folder is absent (a fresh clone has none); CI has them.

mod common;

mod browser;
mod contract;
mod discovery;
mod encodings;
mod export;
mod hostile;
mod http;
mod lexicon;
mod lifecycle;
mod pdf;
mod properties;
mod ranking;
mod recall;
mod regression_9;
mod seeds;
mod structure;
mod variants;
mod white_papers;
