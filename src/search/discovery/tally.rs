//! Counting terms over a set of passages, from the `terms` fast field.
//!
//! At indexing time the `terms` field lists each passage's terms, one value per occurrence
//! ([`crate::analysis::terms`]). A [`TallyCollector`] runs with a query and, for each segment,
//! counts per term ordinal the occurrences and the passages among the matching passages: work in
//! proportion to the passages matched, with no text read or segmented. [`TotalsCache`] keeps the
//! counts over every live passage of a segment (a segment is immutable; its deletions are part of
//! the key), so "every other passage" is the segment's totals minus the foreground's counts.
//! Ordinals become strings only for the terms of the foreground ([`Tallies::terms`]).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::StrColumn;
use tantivy::index::SegmentId;
use tantivy::{DocId, Score, Searcher, SegmentOrdinal, SegmentReader};

use crate::error::{Error, Result};
use crate::index::schema::names;

/// Counts of one segment's terms over some of its passages, indexed by term ordinal.
#[derive(Debug, Clone, Default)]
pub struct SegmentTally {
    /// Occurrences per term ordinal.
    pub occurrences: Vec<u32>,
    /// Passages containing the term, per term ordinal.
    pub passages: Vec<u32>,
    /// Passages counted.
    pub total_passages: u64,
    /// Term occurrences counted.
    pub total_occurrences: u64,
    /// The last passage counted for each ordinal, plus one (to count a passage once per term).
    last_doc: Vec<u32>,
}

impl SegmentTally {
    fn new(num_terms: usize) -> Self {
        Self {
            occurrences: vec![0; num_terms],
            passages: vec![0; num_terms],
            last_doc: vec![0; num_terms],
            ..Self::default()
        }
    }

    /// Counts passage `doc`'s terms.
    fn add(&mut self, column: &StrColumn, doc: DocId) {
        self.total_passages += 1;
        for ord in column.term_ords(doc) {
            let ord = ord as usize;
            self.occurrences[ord] += 1;
            self.total_occurrences += 1;
            if self.last_doc[ord] != doc + 1 {
                self.last_doc[ord] = doc + 1;
                self.passages[ord] += 1;
            }
        }
    }

    /// The counts of `self` without those of `part` (a subset of the same segment's passages).
    pub fn minus(&self, part: &SegmentTally) -> SegmentTally {
        let sub = |a: &[u32], b: &[u32]| a.iter().zip(b).map(|(a, b)| a.saturating_sub(*b)).collect();
        SegmentTally {
            occurrences: sub(&self.occurrences, &part.occurrences),
            passages: sub(&self.passages, &part.passages),
            total_passages: self.total_passages.saturating_sub(part.total_passages),
            total_occurrences: self.total_occurrences.saturating_sub(part.total_occurrences),
            last_doc: Vec::new(),
        }
    }
}

/// The `terms` column of a segment (an empty one when the segment has no terms at all).
fn terms_column(segment: &SegmentReader) -> tantivy::Result<Option<StrColumn>> {
    segment.fast_fields().str(names::terms)
}

/// Counts the terms of every matching passage, per segment.
pub struct TallyCollector;

/// Per-segment part of [`TallyCollector`].
pub struct TallySegmentCollector {
    segment: SegmentOrdinal,
    column: Option<StrColumn>,
    tally: SegmentTally,
}

impl Collector for TallyCollector {
    type Fruit = Vec<(SegmentOrdinal, SegmentTally)>;
    type Child = TallySegmentCollector;

    fn for_segment(&self, segment: SegmentOrdinal, reader: &SegmentReader) -> tantivy::Result<Self::Child> {
        let column = terms_column(reader)?;
        let tally = SegmentTally::new(column.as_ref().map_or(0, |c| c.num_terms()));
        Ok(TallySegmentCollector { segment, column, tally })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<Self::Fruit>) -> tantivy::Result<Self::Fruit> {
        Ok(fruits.into_iter().flatten().collect())
    }
}

impl SegmentCollector for TallySegmentCollector {
    type Fruit = Vec<(SegmentOrdinal, SegmentTally)>;

    fn collect(&mut self, doc: DocId, _score: Score) {
        match &self.column {
            Some(column) => self.tally.add(column, doc),
            None => self.tally.total_passages += 1,
        }
    }

    fn harvest(self) -> Self::Fruit {
        vec![(self.segment, self.tally)]
    }
}

/// Counts over every live passage of each segment, kept while the segment is in use.
#[derive(Default)]
pub struct TotalsCache {
    entries: Mutex<HashMap<(SegmentId, u32), Arc<SegmentTally>>>,
}

impl TotalsCache {
    /// The totals of every segment of `searcher`, by segment ordinal (computed for segments not
    /// seen before; entries of segments no longer searched are dropped).
    pub fn totals(&self, searcher: &Searcher) -> Result<Vec<Arc<SegmentTally>>> {
        let keys: Vec<(SegmentId, u32)> =
            searcher.segment_readers().iter().map(|s| (s.segment_id(), s.num_deleted_docs())).collect();
        let known: HashMap<(SegmentId, u32), Arc<SegmentTally>> = {
            let entries = self.entries.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
            keys.iter().filter_map(|k| entries.get(k).map(|t| (*k, Arc::clone(t)))).collect()
        };
        let mut out = Vec::with_capacity(keys.len());
        for (segment, key) in searcher.segment_readers().iter().zip(&keys) {
            let tally = match known.get(key) {
                Some(tally) => Arc::clone(tally),
                None => Arc::new(segment_totals(segment)?),
            };
            out.push(tally);
        }
        let mut entries = self.entries.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        *entries = keys.into_iter().zip(out.iter().cloned()).collect();
        Ok(out)
    }
}

fn segment_totals(segment: &SegmentReader) -> Result<SegmentTally> {
    let Some(column) = terms_column(segment)? else {
        return Ok(SegmentTally { total_passages: u64::from(segment.num_docs()), ..SegmentTally::default() });
    };
    let mut tally = SegmentTally::new(column.num_terms());
    for doc in segment.doc_ids_alive() {
        tally.add(&column, doc);
    }
    Ok(tally)
}

/// Counts of one term in the foreground and the background.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TermCounts {
    /// Foreground occurrences.
    pub fg_count: u64,
    /// Background occurrences.
    pub bg_count: u64,
    /// Foreground passages.
    pub fg_passages: u64,
    /// Background passages.
    pub bg_passages: u64,
}

/// Foreground and background tallies of every segment.
pub struct Tallies {
    /// Foreground tally per segment ordinal.
    pub fg: Vec<SegmentTally>,
    /// Background tally per segment ordinal.
    pub bg: Vec<SegmentTally>,
}

impl Tallies {
    /// Arranges collected tallies by segment ordinal (segments that matched nothing get empty ones).
    pub fn by_segment(searcher: &Searcher, fruits: Vec<(SegmentOrdinal, SegmentTally)>) -> Vec<SegmentTally> {
        let mut out: Vec<SegmentTally> = vec![SegmentTally::default(); searcher.segment_readers().len()];
        for (segment, tally) in fruits {
            if let Some(slot) = out.get_mut(segment as usize) {
                *slot = tally;
            }
        }
        out
    }

    /// Passages and occurrences of the foreground (`true`) or background.
    pub fn totals(&self, foreground: bool) -> (u64, u64) {
        let side = if foreground { &self.fg } else { &self.bg };
        side.iter().fold((0, 0), |(p, o), t| (p + t.total_passages, o + t.total_occurrences))
    }

    /// Every term found in the foreground, with its counts on both sides. A term's ordinal
    /// differs between segments, so its background counts are gathered in a second pass over the
    /// segments where the foreground lacks it.
    pub fn terms(&self, searcher: &Searcher) -> Result<HashMap<String, TermCounts>> {
        let mut out: HashMap<String, TermCounts> = HashMap::new();
        let columns: Vec<Option<StrColumn>> =
            searcher.segment_readers().iter().map(terms_column).collect::<tantivy::Result<_>>()?;
        let empty = SegmentTally::default();
        let sides = |ord: usize| (self.fg.get(ord).unwrap_or(&empty), self.bg.get(ord).unwrap_or(&empty));
        let count = |tally: &SegmentTally, o: usize| {
            (tally.occurrences.get(o).copied().unwrap_or(0), tally.passages.get(o).copied().unwrap_or(0))
        };
        for (ord, column) in columns.iter().enumerate() {
            let Some(column) = column else { continue };
            let (fg, bg) = sides(ord);
            let ords: Vec<u64> =
                (0..fg.passages.len()).filter(|&o| fg.passages[o] > 0).map(|o| o as u64).collect();
            let mut next = ords.iter();
            column
                .dictionary()
                .sorted_ords_to_term_cb(&ords, |bytes| {
                    let Some(&o) = next.next() else { return };
                    let ((fg_count, fg_passages), (bg_count, bg_passages)) =
                        (count(fg, o as usize), count(bg, o as usize));
                    let counts = out.entry(String::from_utf8_lossy(bytes).into_owned()).or_default();
                    counts.fg_count += u64::from(fg_count);
                    counts.fg_passages += u64::from(fg_passages);
                    counts.bg_count += u64::from(bg_count);
                    counts.bg_passages += u64::from(bg_passages);
                })
                .map_err(|err| Error::Index(err.into()))?;
        }
        for (ord, column) in columns.iter().enumerate() {
            let Some(column) = column else { continue };
            let (fg, bg) = sides(ord);
            let ords: Vec<u64> = (0..bg.passages.len())
                .filter(|&o| bg.passages[o] > 0 && fg.passages.get(o).is_none_or(|&p| p == 0))
                .map(|o| o as u64)
                .collect();
            let mut next = ords.iter();
            column
                .dictionary()
                .sorted_ords_to_term_cb(&ords, |bytes| {
                    let Some(&o) = next.next() else { return };
                    let Some(counts) = std::str::from_utf8(bytes).ok().and_then(|t| out.get_mut(t)) else {
                        return;
                    };
                    let (bg_count, bg_passages) = count(bg, o as usize);
                    counts.bg_count += u64::from(bg_count);
                    counts.bg_passages += u64::from(bg_passages);
                })
                .map_err(|err| Error::Index(err.into()))?;
        }
        Ok(out)
    }
}
