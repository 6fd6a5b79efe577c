//! Export: every matching passage, streamed in constant memory.
//!
//! Unlike [`Engine::search`](super::Engine::search), which ranks and pages over documents,
//! [`Engine::export`] walks the index segment by segment and hands each matching passage to a
//! sink as soon as it is found, loading one stored passage at a time. Passages come in index
//! order (corpus order), each with its score; memory does not grow with the number of hits
//! (with `collapse_reposts`, one 8-byte key per re-post group is remembered).

use std::collections::HashSet;

use tantivy::query::EnableScoring;
use tantivy::{DocId, Score, TantivyDocument};

use super::{Engine, StoredPassage, passage_hit, render_snippet};
use crate::analysis::matcher::PhraseMatcher;
use crate::error::{Error, Result};
use crate::model::{PassageHit, SearchRequest};

/// Stored-document blocks kept in cache per segment while exporting.
const STORE_CACHE_BLOCKS: usize = 8;

impl Engine {
    /// Streams every passage matching `request` (paging fields are ignored) to `sink`; returns
    /// how many were exported.
    pub fn export(
        &self,
        request: &SearchRequest,
        sink: &mut dyn FnMut(PassageHit) -> Result<()>,
    ) -> Result<usize> {
        let plan = self.plan_request(request)?;
        let matcher = PhraseMatcher::new(&plan.highlights);
        let searcher = self.searcher();
        let weight = plan.query.weight(EnableScoring::enabled_from_searcher(&searcher))?;
        let fields = self.fields();
        let mut exported = 0usize;
        let mut seen_reposts: HashSet<u64> = HashSet::new();
        for segment in searcher.segment_readers() {
            let store =
                segment.get_store_reader(STORE_CACHE_BLOCKS).map_err(|err| Error::Index(err.into()))?;
            let repost_keys = segment.fast_fields().u64("repost_key")?;
            let mut failure: Option<Error> = None;
            let mut emit = |doc: DocId, score: Score| -> Result<()> {
                if request.collapse_reposts
                    && !seen_reposts.insert(repost_keys.first(doc).unwrap_or_default())
                {
                    return Ok(());
                }
                let stored = StoredPassage::read(&store.get::<TantivyDocument>(doc)?, fields)?;
                let snippet = render_snippet(&stored.text, &matcher, request);
                sink(passage_hit(stored.record, score, snippet))?;
                exported += 1;
                Ok(())
            };
            weight.for_each(segment, &mut |doc, score| {
                if failure.is_none()
                    && let Err(err) = emit(doc, score)
                {
                    failure = Some(err);
                }
            })?;
            if let Some(err) = failure {
                return Err(err);
            }
        }
        Ok(exported)
    }
}
