//! Streaming the live matches of a query, one segment at a time, with an early stop.
//!
//! tantivy's collectors skip deleted documents but cannot stop before the end, which an export
//! or a concordance with a limit wants (a client that went away, `--limit 10`). [`LiveMatches`]
//! walks a segment's scorer itself and is the one place outside tantivy's collector path where
//! deleted passages (of updated or removed documents) are skipped; a sink says whether to go on
//! with [`ControlFlow`], as ripgrep's `Sink::matched` returns `Ok(false)` to stop.
//!
//! ```no_run
//! # use seisaku::search::stream::LiveMatches;
//! # fn f(searcher: &tantivy::Searcher, weight: &dyn tantivy::query::Weight) -> tantivy::Result<()> {
//! for segment in searcher.segment_readers() {
//!     for (doc, score) in LiveMatches::new(weight, segment)? {
//!         println!("{doc} {score}");
//!     }
//! }
//! # Ok(()) }
//! ```

use std::ops::ControlFlow;

use tantivy::fastfield::AliveBitSet;
use tantivy::query::{Scorer, Weight};
use tantivy::{DocId, DocSet, Score, SegmentReader, TERMINATED};

/// What a sink answers for each item: go on, or stop here (not an error).
pub type Flow = ControlFlow<()>;

/// The live (not deleted) matching documents of one segment, in doc-id order, with scores.
pub struct LiveMatches<'a> {
    scorer: Box<dyn Scorer>,
    alive: Option<&'a AliveBitSet>,
    started: bool,
}

impl<'a> LiveMatches<'a> {
    /// The matches of `weight` in `segment`.
    pub fn new(weight: &dyn Weight, segment: &'a SegmentReader) -> tantivy::Result<Self> {
        Ok(Self { scorer: weight.scorer(segment, 1.0)?, alive: segment.alive_bitset(), started: false })
    }
}

impl Iterator for LiveMatches<'_> {
    type Item = (DocId, Score);

    fn next(&mut self) -> Option<(DocId, Score)> {
        loop {
            let doc = if self.started {
                self.scorer.advance()
            } else {
                self.started = true;
                self.scorer.doc()
            };
            if doc == TERMINATED {
                return None;
            }
            if self.alive.is_none_or(|alive| alive.is_alive(doc)) {
                return Some((doc, self.scorer.score()));
            }
        }
    }
}
