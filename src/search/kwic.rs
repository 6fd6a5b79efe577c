//! KWIC (keyword in context) concordances: every occurrence of the query's terms in every
//! matching passage, with a fixed number of characters of context on each side.
//!
//! Passages are visited in index order (documents in corpus order, passages in document order),
//! live matches only ([`LiveMatches`]), and the walk stops at `limit` or when the sink breaks;
//! occurrences are found in the stored normalised text exactly as snippets are, so a line's
//! `keyword` is the text as written and `offset` its character position in the passage.

use tantivy::DocAddress;
use tantivy::query::EnableScoring;

use super::plan::FilterInput;
use super::snippet::char_matches;
use super::stream::{Flow, LiveMatches};
use super::{Engine, passage_ref};
use crate::analysis::matcher::PhraseMatcher;
use crate::error::Result;
use crate::index::schema::StoredPassage;
use crate::model::limits::MAX_WIDTH;
use crate::model::{KwicLine, KwicRequest};

impl Engine {
    /// Streams the concordance of `request` to `sink`; returns the number of lines.
    pub fn kwic(
        &self,
        request: &KwicRequest,
        sink: &mut dyn FnMut(KwicLine) -> Result<Flow>,
    ) -> Result<usize> {
        if request.width > MAX_WIDTH {
            return Err(crate::QueryError::InvalidParameter {
                name: "width".into(),
                reason: format!("{} is out of range (0 to {MAX_WIDTH})", request.width),
            }
            .into());
        }
        if request.q.trim().is_empty() {
            return Err(crate::QueryError::Empty.into());
        }
        let plan = self.plan(&request.q, &FilterInput::default(), request.exact)?;
        let matcher = PhraseMatcher::spellings(&plan.highlights);
        let searcher = self.searcher();
        let weight = plan.query.weight(EnableScoring::disabled_from_searcher(&searcher))?;
        let limit = request.limit.unwrap_or(usize::MAX);
        let mut lines = 0usize;
        for (ord, segment) in searcher.segment_readers().iter().enumerate() {
            for (doc, _) in LiveMatches::new(weight.as_ref(), segment)? {
                let address = DocAddress::new(u32::try_from(ord).unwrap_or(u32::MAX), doc);
                let StoredPassage { id, document, passage, .. } = self.load(&searcher, address)?;
                let chars: Vec<char> = passage.text.chars().collect();
                for (start, end) in char_matches(&passage.text, &matcher) {
                    if lines >= limit {
                        return Ok(lines);
                    }
                    let flat = |range: &[char]| -> String {
                        range.iter().map(|&c| if c == '\n' || c == '\t' { ' ' } else { c }).collect()
                    };
                    let flow = sink(KwicLine {
                        left: flat(&chars[start.saturating_sub(request.width)..start]),
                        keyword: chars[start..end].iter().collect(),
                        right: flat(&chars[end..(end + request.width).min(chars.len())]),
                        at: passage_ref(&id, &document, &passage),
                        offset: start,
                    })?;
                    lines += 1;
                    if flow.is_break() {
                        return Ok(lines);
                    }
                }
            }
        }
        Ok(lines)
    }
}
