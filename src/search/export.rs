//! Export: every matching passage, streamed in constant memory.
//!
//! Unlike [`Engine::search`](super::Engine::search), which ranks and pages over documents,
//! [`Engine::export`] walks the live matches segment by segment ([`LiveMatches`]: deleted
//! passages of updated or removed documents are skipped) and hands each to a sink as soon as it
//! is found, loading one stored passage at a time. Passages come in index order (corpus order),
//! each with its score; memory does not grow with the number of hits (with `collapse_reposts`,
//! one 8-byte key per re-post group is remembered). The sink stops the export early by
//! answering [`Flow::Break`] (a client that went away), which is not an error.

use std::collections::HashSet;

use tantivy::TantivyDocument;
use tantivy::query::EnableScoring;

use super::stream::{Flow, LiveMatches};
use super::{Engine, passage_hit};
use crate::analysis::matcher::PhraseMatcher;
use crate::error::{Error, Result};
use crate::index::schema::names;
use crate::model::{PassageHit, SearchRequest};

/// Stored-document blocks kept in cache per segment while exporting.
const STORE_CACHE_BLOCKS: usize = 8;

impl Engine {
    /// Streams every passage matching `request` (paging fields are ignored) to `sink` until the
    /// end or until the sink breaks; returns how many passages the sink took.
    pub fn export(
        &self,
        request: &SearchRequest,
        sink: &mut dyn FnMut(PassageHit) -> Result<Flow>,
    ) -> Result<usize> {
        let plan = self.plan_request(request)?;
        let matcher = PhraseMatcher::spellings(&plan.highlights);
        let searcher = self.searcher();
        let weight = plan.query.weight(EnableScoring::enabled_from_searcher(&searcher))?;
        let mut exported = 0usize;
        let mut seen_reposts: HashSet<u64> = HashSet::new();
        for segment in searcher.segment_readers() {
            let store =
                segment.get_store_reader(STORE_CACHE_BLOCKS).map_err(|err| Error::Index(err.into()))?;
            let repost_keys = segment.fast_fields().u64(names::repost_key)?;
            for (doc, score) in LiveMatches::new(weight.as_ref(), segment)? {
                if request.collapse_reposts
                    && !seen_reposts.insert(repost_keys.first(doc).unwrap_or_default())
                {
                    continue;
                }
                let stored = self.fields.read(&store.get::<TantivyDocument>(doc)?)?;
                let flow = sink(passage_hit(stored, score, &matcher))?;
                exported += 1;
                if flow.is_break() {
                    return Ok(exported);
                }
            }
        }
        Ok(exported)
    }
}

#[cfg(test)]
mod tests {
    use std::ops::ControlFlow;

    use crate::model::SearchRequest;
    use crate::search::tests::{engine_of, texts};

    #[test]
    fn exports_every_match_and_stops_when_the_sink_breaks() {
        let engine = engine_of(&texts(&[
            ("a.txt", "総務省の施策。"),
            ("b.txt", "総務省と経済産業省。"),
            ("c.txt", "別の話。"),
        ]));
        let mut ids = Vec::new();
        let n = engine
            .export(&SearchRequest::new("総務省"), &mut |hit| {
                ids.push(hit.at.id);
                Ok(ControlFlow::Continue(()))
            })
            .unwrap();
        assert_eq!((n, ids.as_slice()), (2, ["a.txt".to_owned(), "b.txt".to_owned()].as_slice()));
        let n = engine.export(&SearchRequest::new("総務省"), &mut |_| Ok(ControlFlow::Break(()))).unwrap();
        assert_eq!(n, 1);
    }
}
