//! KWIC (keyword in context) concordances: every occurrence of the query's terms in every
//! matching passage, with a fixed number of characters of context on each side.
//!
//! Passages are visited in index order (documents in corpus order, passages in document order);
//! occurrences are found in the stored normalised text exactly as snippets are, so a line's
//! `keyword` is the text as written and `offset` its character position in the passage.

use tantivy::DocAddress;

use super::Engine;
use super::collect::MatchCollector;
use super::plan::FilterInput;
use super::snippet::char_matches;
use crate::analysis::matcher::PhraseMatcher;
use crate::error::Result;
use crate::model::{KwicLine, KwicRequest};

/// Widest context accepted, in characters.
pub const MAX_WIDTH: usize = 500;

impl Engine {
    /// Streams the concordance of `request` to `sink`; returns the number of lines.
    pub fn kwic(&self, request: &KwicRequest, sink: &mut dyn FnMut(KwicLine) -> Result<()>) -> Result<usize> {
        if request.width > MAX_WIDTH {
            return Err(crate::QueryError::InvalidParameter {
                name: "width".into(),
                reason: format!("{} is out of range (0 to {MAX_WIDTH})", request.width),
            }
            .into());
        }
        let plan = self.plan(&request.q, &FilterInput::default(), request.exact)?;
        let matcher = PhraseMatcher::new(&plan.highlights);
        let searcher = self.searcher();
        let mut addresses: Vec<DocAddress> =
            searcher.search(&plan.query, &MatchCollector)?.into_iter().map(|m| m.address).collect();
        addresses.sort();
        let limit = request.limit.unwrap_or(usize::MAX);
        let mut lines = 0usize;
        for address in addresses {
            let stored = self.load(&searcher, address)?;
            let chars: Vec<char> = stored.text.chars().collect();
            for (start, end) in char_matches(&stored.text, &matcher) {
                if lines >= limit {
                    return Ok(lines);
                }
                let flat = |range: &[char]| -> String {
                    range.iter().map(|&c| if c == '\n' || c == '\t' { ' ' } else { c }).collect()
                };
                let record = &stored.record;
                sink(KwicLine {
                    left: flat(&chars[start.saturating_sub(request.width)..start]),
                    keyword: chars[start..end].iter().collect(),
                    right: flat(&chars[end..(end + request.width).min(chars.len())]),
                    id: record.id.clone(),
                    title: record.document.title.clone(),
                    fiscal_years: record.passage.fiscal_years.clone(),
                    page: record.passage.page.clone(),
                    heading: record.passage.heading.clone(),
                    passage: record.passage.no,
                    offset: start,
                })?;
                lines += 1;
            }
        }
        Ok(lines)
    }
}
