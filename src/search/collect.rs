//! Collecting matching passages with what grouping needs, in one pass.
//!
//! [`GroupCollector`] groups matches by document as it collects them: per segment it keeps, for
//! each local document ([`SegmentFacts`]), the number of matching passages and the best one, so
//! memory and work grow with the matching documents, not the matching passages; only the best
//! passage of each document has its keys read. [`FacetCounter`] counts the facet values of every
//! match through the segment's facet sets. [`MatchCollector`] records every matching passage
//! with its keys (40 bytes each), for what needs them all: collapsing re-posts (`repost_key`)
//! before grouping. The stored text is only loaded later, for the passages on the requested page.

use std::collections::BTreeMap;
use std::sync::Arc;

use rustc_hash::{FxHashMap, FxHashSet};
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::Column;
use tantivy::{DocAddress, DocId, Score, SegmentOrdinal, SegmentReader};

use super::segment_facts::SegmentFacts;
use crate::index::schema::{FacetRoot, names};
use crate::model::Facets;

/// One matching passage.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PassageMatch {
    /// Score of the passage.
    pub score: Score,
    /// Hash of its document id.
    pub doc_key: u64,
    /// Hash of its text without `(再掲)`: read by [`MatchCollector`], whose matches are
    /// collapsed; 0 in matches grouped by document through segment facts, which never are.
    pub repost_key: u64,
    /// Its document's date as `yyyymmdd`.
    pub date_key: u64,
    /// Sort key of its document id ([`order64`](crate::index::schema::order64)).
    pub doc_order: u64,
    /// Its passage number.
    pub passage_no: u64,
    /// Where it is.
    pub address: DocAddress,
}

impl PassageMatch {
    /// The order of passages with equal scores: by document id, then passage number — the same
    /// across index builds and pages (a [`DocAddress`] depends on how segments were written).
    pub fn tie_key(&self) -> (u64, u64, u64) {
        (self.doc_order, self.doc_key, self.passage_no)
    }

    /// Best first: higher score, then [`PassageMatch::tie_key`].
    pub fn rank_cmp(&self, other: &Self) -> std::cmp::Ordering {
        other.score.total_cmp(&self.score).then_with(|| self.tie_key().cmp(&other.tie_key()))
    }
}

/// Collects every match as a [`PassageMatch`].
pub struct MatchCollector;

/// Per-segment part of [`MatchCollector`].
pub struct MatchSegmentCollector {
    segment: SegmentOrdinal,
    doc_key: Column<u64>,
    repost_key: Column<u64>,
    date_key: Column<u64>,
    doc_order: Column<u64>,
    passage_no: Column<u64>,
    matches: Vec<PassageMatch>,
}

impl Collector for MatchCollector {
    type Fruit = Vec<PassageMatch>;
    type Child = MatchSegmentCollector;

    fn for_segment(&self, segment: SegmentOrdinal, reader: &SegmentReader) -> tantivy::Result<Self::Child> {
        let fast = reader.fast_fields();
        Ok(MatchSegmentCollector {
            segment,
            doc_key: fast.u64(names::doc_key)?,
            repost_key: fast.u64(names::repost_key)?,
            date_key: fast.u64(names::date_key)?,
            doc_order: fast.u64(names::doc_order)?,
            passage_no: fast.u64(names::passage_no)?,
            matches: Vec::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        true
    }

    fn merge_fruits(&self, fruits: Vec<Vec<PassageMatch>>) -> tantivy::Result<Vec<PassageMatch>> {
        Ok(fruits.into_iter().flatten().collect())
    }
}

impl SegmentCollector for MatchSegmentCollector {
    type Fruit = Vec<PassageMatch>;

    fn collect(&mut self, doc: DocId, score: Score) {
        self.matches.push(PassageMatch {
            score,
            doc_key: self.doc_key.first(doc).unwrap_or_default(),
            repost_key: self.repost_key.first(doc).unwrap_or_default(),
            date_key: self.date_key.first(doc).unwrap_or_default(),
            doc_order: self.doc_order.first(doc).unwrap_or_default(),
            passage_no: self.passage_no.first(doc).unwrap_or_default(),
            address: DocAddress::new(self.segment, doc),
        });
    }

    fn harvest(self) -> Vec<PassageMatch> {
        self.matches
    }
}

/// A document's matching passages: the best one and how many there are.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DocumentGroup {
    /// The best-scoring passage.
    pub best: PassageMatch,
    /// Number of matching passages of the document.
    pub passages: u32,
}

impl PassageMatch {
    /// The best passage of local document `local` of segment `segment`, its keys read from
    /// `facts` (all but the repost key: a document's best passage is never collapsed).
    fn read(facts: &SegmentFacts, segment: SegmentOrdinal, local: u32, best: Best) -> Self {
        let (doc_order, doc_key, passage_no) = facts.tie_key(best.doc, local, best.passage_no);
        PassageMatch {
            score: best.score,
            doc_key,
            repost_key: 0,
            date_key: facts.date_key(best.doc, local),
            doc_order,
            passage_no,
            address: DocAddress::new(segment, best.doc),
        }
    }
}

/// The best matching passage of a local document so far, with its number in the document: kept
/// here so that neither a tie nor the harvest reads the number of an earlier passage again (a
/// random read into an array of every passage, where the current passage's follows the
/// postings' order; on a common term of the laws, the harvest's reads were 6 % of its time).
#[derive(Debug, Clone, Copy, Default)]
struct Best {
    score: Score,
    doc: DocId,
    passage_no: u32,
}

/// Matches grouped by document: the groups (in no particular order) and the matching passages.
#[derive(Debug, Default)]
pub struct Grouped {
    /// One group per matching document.
    pub groups: Vec<DocumentGroup>,
    /// Matching passages.
    pub passages: usize,
}

/// Groups every match by document ([`DocumentGroup`]) while collecting.
pub struct GroupCollector {
    /// The facts of the searcher's segments, by segment ordinal.
    pub facts: Vec<Arc<SegmentFacts>>,
}

/// Per-segment part of [`GroupCollector`].
pub struct GroupSegmentCollector {
    segment: SegmentOrdinal,
    facts: Arc<SegmentFacts>,
    /// Matching passages per local document.
    passages: Vec<u32>,
    /// Best passage per local document (valid where `passages` is not 0).
    best: Vec<Best>,
    /// Local documents with a match, in order of their first match.
    matched: Vec<u32>,
    total: usize,
}

impl Collector for GroupCollector {
    type Fruit = Grouped;
    type Child = GroupSegmentCollector;

    fn for_segment(&self, segment: SegmentOrdinal, _reader: &SegmentReader) -> tantivy::Result<Self::Child> {
        let facts = segment_facts(&self.facts, segment)?;
        let documents = facts.doc_keys.len();
        Ok(GroupSegmentCollector {
            segment,
            passages: vec![0; documents],
            best: vec![Best::default(); documents],
            matched: Vec::new(),
            total: 0,
            facts,
        })
    }

    fn requires_scoring(&self) -> bool {
        true
    }

    fn merge_fruits(&self, fruits: Vec<Grouped>) -> tantivy::Result<Grouped> {
        let passages = fruits.iter().map(|f| f.passages).sum();
        let capacity = fruits.iter().map(|f| f.groups.len()).sum();
        let groups = merge_groups(fruits.into_iter().flat_map(|f| f.groups), capacity);
        Ok(Grouped { groups, passages })
    }
}

impl SegmentCollector for GroupSegmentCollector {
    type Fruit = Grouped;

    fn collect(&mut self, doc: DocId, score: Score) {
        self.total += 1;
        let local = self.facts.document[doc as usize];
        let count = &mut self.passages[local as usize];
        let best = &mut self.best[local as usize];
        if *count == 0 {
            self.matched.push(local);
            *best = Best { score, doc, passage_no: self.facts.passage_no(doc) };
        } else {
            // Best first as `PassageMatch::rank_cmp` orders: higher score, then the tie key
            // (equal scores are common: BM25 field lengths are coarse).
            let better = match score.total_cmp(&best.score) {
                std::cmp::Ordering::Greater => Some(self.facts.passage_no(doc)),
                std::cmp::Ordering::Equal => Some(self.facts.passage_no(doc))
                    .filter(|&no| self.facts.ties_before(local, (doc, no), (best.doc, best.passage_no))),
                std::cmp::Ordering::Less => None,
            };
            if let Some(passage_no) = better {
                *best = Best { score, doc, passage_no };
            }
        }
        *count += 1;
    }

    fn harvest(self) -> Grouped {
        let groups = self
            .matched
            .iter()
            .map(|&local| DocumentGroup {
                best: PassageMatch::read(&self.facts, self.segment, local, self.best[local as usize]),
                passages: self.passages[local as usize],
            })
            .collect();
        Grouped { groups, passages: self.total }
    }
}

/// The facts of segment `segment`, or an error if the caller passed another searcher's.
fn segment_facts(facts: &[Arc<SegmentFacts>], segment: SegmentOrdinal) -> tantivy::Result<Arc<SegmentFacts>> {
    facts.get(segment as usize).cloned().ok_or_else(|| {
        tantivy::TantivyError::InternalError(format!("no facts for segment {segment} of this searcher"))
    })
}

/// Counts the facet values of every match (passages per value), as tantivy's `FacetCollector`
/// over [`FacetRoot::ALL`] does, through the segments' facet sets.
pub struct FacetCounter {
    /// The facts of the searcher's segments, by segment ordinal.
    pub facts: Vec<Arc<SegmentFacts>>,
}

/// Per-segment part of [`FacetCounter`].
pub struct FacetSegmentCounter {
    facts: Arc<SegmentFacts>,
    /// Matches per facet set.
    sets: Vec<u32>,
    /// Facet sets with a match.
    matched: Vec<u32>,
}

impl Collector for FacetCounter {
    type Fruit = Facets;
    type Child = FacetSegmentCounter;

    fn for_segment(&self, segment: SegmentOrdinal, _reader: &SegmentReader) -> tantivy::Result<Self::Child> {
        let facts = segment_facts(&self.facts, segment)?;
        Ok(FacetSegmentCounter { sets: vec![0; facts.facets.sets.len()], matched: Vec::new(), facts })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<SegmentFacetCounts>) -> tantivy::Result<Facets> {
        let mut out = Facets::default();
        for SegmentFacetCounts { facts, counts } in fruits {
            for (value, count) in counts {
                let (root, value) = &facts.facets.values[value as usize];
                let map = facet_map(&mut out, *root);
                match map.get_mut(value.as_str()) {
                    Some(total) => *total += count,
                    None => {
                        map.insert(value.clone(), count);
                    }
                }
            }
        }
        Ok(out)
    }
}

/// The facet counts of one segment: passages per value index of its facts.
pub struct SegmentFacetCounts {
    facts: Arc<SegmentFacts>,
    counts: Vec<(u32, u64)>,
}

impl SegmentCollector for FacetSegmentCounter {
    type Fruit = SegmentFacetCounts;

    fn collect(&mut self, doc: DocId, _score: Score) {
        let set = self.facts.facets.of_passage[doc as usize];
        let count = &mut self.sets[set as usize];
        if *count == 0 {
            self.matched.push(set);
        }
        *count += 1;
    }

    fn harvest(self) -> SegmentFacetCounts {
        let mut per_value = vec![0u64; self.facts.facets.values.len()];
        for &set in &self.matched {
            let count = u64::from(self.sets[set as usize]);
            for &value in self.facts.facets.sets[set as usize].iter() {
                per_value[value as usize] += count;
            }
        }
        let counts = (0..).zip(per_value).filter(|&(_, count)| count > 0).collect();
        SegmentFacetCounts { facts: self.facts, counts }
    }
}

/// The counts of `root` in `facets`.
fn facet_map(facets: &mut Facets, root: FacetRoot) -> &mut BTreeMap<String, u64> {
    match root {
        FacetRoot::Ministry => &mut facets.ministry,
        FacetRoot::FiscalYear => &mut facets.fiscal_year,
        FacetRoot::Theme => &mut facets.theme,
    }
}

/// Keeps the best passage of each re-post group (same text apart from `(再掲)`).
pub fn collapse_reposts(matches: &mut Vec<PassageMatch>) {
    matches.sort_by(PassageMatch::rank_cmp);
    let mut seen = FxHashSet::default();
    matches.retain(|m| seen.insert(m.repost_key));
}

/// Groups matches by document, ordered best first (or newest first when `by_date`).
pub fn group_by_document(matches: &[PassageMatch], by_date: bool) -> Vec<DocumentGroup> {
    let mut groups =
        merge_groups(matches.iter().map(|m| DocumentGroup { best: *m, passages: 1 }), matches.len());
    rank_groups(&mut groups, by_date, usize::MAX);
    groups
}

/// Merges groups of the same document (the same `doc_key`): passages add up, the best passage
/// stays. The keys are hashes already ([`PassageMatch::doc_key`]), so the map uses Fx, not
/// SipHash (8 % of a common-term query's time on the laws).
pub fn merge_groups(groups: impl Iterator<Item = DocumentGroup>, capacity: usize) -> Vec<DocumentGroup> {
    let mut merged: FxHashMap<u64, DocumentGroup> = FxHashMap::default();
    merged.reserve(capacity);
    for group in groups {
        merged
            .entry(group.best.doc_key)
            .and_modify(|g| {
                g.passages += group.passages;
                if group.best.rank_cmp(&g.best).is_lt() {
                    g.best = group.best;
                }
            })
            .or_insert(group);
    }
    merged.into_values().collect()
}

/// Orders the first `top` of `groups` best first (or newest first when `by_date`); the rest
/// follow in no particular order. The order is total (ties fall to the document id), so any
/// `top` gives the same first groups.
pub fn rank_groups(groups: &mut [DocumentGroup], by_date: bool, top: usize) {
    let order = |a: &DocumentGroup, b: &DocumentGroup| {
        let by_score = a.best.rank_cmp(&b.best);
        if by_date { b.best.date_key.cmp(&a.best.date_key).then(by_score) } else { by_score }
    };
    if top < groups.len() {
        if top == 0 {
            return;
        }
        groups.select_nth_unstable_by(top - 1, order);
        groups[..top].sort_unstable_by(order);
    } else {
        groups.sort_unstable_by(order);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(score: f32, doc_key: u64, repost_key: u64, doc: u32) -> PassageMatch {
        PassageMatch {
            score,
            doc_key,
            repost_key,
            date_key: doc_key,
            doc_order: doc_key,
            passage_no: u64::from(doc),
            address: DocAddress::new(0, doc),
        }
    }

    #[test]
    fn groups_keep_the_best_passage_and_count_the_rest() {
        let matches = [m(1.0, 1, 10, 0), m(3.0, 1, 11, 1), m(2.0, 2, 12, 2)];
        let groups = group_by_document(&matches, false);
        assert_eq!(
            groups.iter().map(|g| (g.best.address.doc_id, g.passages)).collect::<Vec<_>>(),
            [(1, 2), (2, 1)]
        );
        let by_date = group_by_document(&matches, true);
        assert_eq!(by_date[0].best.doc_key, 2);
    }

    #[test]
    fn reposts_collapse_to_the_best() {
        let mut matches = vec![m(1.0, 1, 10, 0), m(3.0, 2, 10, 1), m(2.0, 2, 12, 2)];
        collapse_reposts(&mut matches);
        assert_eq!(matches.iter().map(|m| m.address.doc_id).collect::<Vec<_>>(), [1, 2]);
    }
}
