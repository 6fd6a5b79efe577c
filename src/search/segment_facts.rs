//! What a search reads for every matching passage, decoded once per segment.
//!
//! Grouping passages by document and counting facets touch every match: on the laws a common
//! two-character term matches 100,000 passages. Read through tantivy's columns, each match cost
//! a `doc_key` read plus a facet-ordinal walk through the multi-valued column's index and a
//! collapse table, and every query first opened five fast-field columns and walked the facet
//! dictionary of each segment (a fixed cost that dominated rare queries). A segment is
//! immutable, so [`SegmentFacts`] decodes this once: the local document number of each passage
//! and the *facet set* (the distinct combination of ministry, fiscal year and theme values) of
//! each passage, both plain arrays indexed by `DocId`. A match then costs two array reads; the
//! collectors ([`crate::search::collect`]) count per local document and per facet set, and turn
//! sets into values only at the end.
//!
//! [`FactsCache`] keeps the facts of the segments the current searcher reads (deletions do not
//! change them, so the key is the segment id) and drops those of merged-away segments. Memory:
//! 12 bytes per passage (4 MB for the laws' 329,262 passages) plus the distinct facet sets. Each
//! passage's number in its document is kept too: equal scores within a document are common, and
//! each tie read it from its column.

use std::collections::HashSet;
use std::sync::{Arc, Mutex};

use rustc_hash::FxHashMap;
use tantivy::columnar::{Column, ColumnIndex};
use tantivy::index::SegmentId;
use tantivy::schema::Facet;
use tantivy::{DocId, Searcher, SegmentReader};

use super::facts_store::FactsStore;
use crate::error::Result;
use crate::index::schema::{FacetRoot, names};

/// The per-passage facts of one segment.
pub struct SegmentFacts {
    /// Local document number of each passage (index into `doc_keys`).
    pub document: Vec<u32>,
    /// `doc_key` of each local document.
    pub doc_keys: Vec<u64>,
    /// `doc_order` and `date_key` of each local document (its first passage's).
    document_keys: Vec<(u64, u64)>,
    /// True when all passages of each local document have the `doc_order` and `date_key` of
    /// `document_keys` (always, unless two document ids share a `doc_key`): those are then read
    /// from there, and passages of a document are ordered by number.
    uniform_documents: bool,
    /// The facet set of each passage.
    pub facets: FacetSets,
    /// `doc_order` column (ties and the best passage of a document).
    doc_order: Column<u64>,
    /// Number of each passage in its document (ties within a document).
    passage_no: Vec<u32>,
    /// `date_key` column.
    date_key: Column<u64>,
}

/// The part of a segment's facts made by scanning every passage (the rest are columns opened
/// as they are); what [`super::facts_store`] keeps on disk.
pub struct Scan {
    /// Local document number of each passage.
    pub document: Vec<u32>,
    /// `doc_key` of each local document.
    pub doc_keys: Vec<u64>,
    /// `doc_order` and `date_key` of each local document.
    pub document_keys: Vec<(u64, u64)>,
    /// See [`SegmentFacts`].
    pub uniform_documents: bool,
    /// The facet set of each passage.
    pub facets: FacetSets,
    /// Number of each passage in its document.
    pub passage_no: Vec<u32>,
}

impl Scan {
    /// Scans every passage of `segment` (deleted ones included: a segment's facts do not change
    /// with its deletions).
    pub fn read(segment: &SegmentReader) -> tantivy::Result<Self> {
        let fast = segment.fast_fields();
        let max_doc = segment.max_doc();
        let doc_key_of = first_values(&fast.u64(names::doc_key)?, max_doc);
        let doc_order_of = first_values(&fast.u64(names::doc_order)?, max_doc);
        let date_key_of = first_values(&fast.u64(names::date_key)?, max_doc);
        let mut document = Vec::with_capacity(max_doc as usize);
        let (mut doc_keys, mut document_keys) = (Vec::new(), Vec::new());
        let mut uniform_documents = true;
        let mut local: FxHashMap<u64, u32> = FxHashMap::default();
        let mut previous: Option<(u64, u32)> = None;
        for doc in 0..max_doc as usize {
            let key = doc_key_of[doc];
            let keys = (doc_order_of[doc], date_key_of[doc]);
            // Passages of a document mostly follow each other: skip the map within a run.
            let number = match previous {
                Some((last, number)) if last == key => number,
                _ => *local.entry(key).or_insert_with(|| {
                    doc_keys.push(key);
                    document_keys.push(keys);
                    (doc_keys.len() - 1) as u32
                }),
            };
            uniform_documents &= document_keys[number as usize] == keys;
            previous = Some((key, number));
            document.push(number);
        }
        let facets = FacetSets::read(segment, max_doc)?;
        let passage_no = first_values(&fast.u64(names::passage_no)?, max_doc)
            .into_iter()
            .map(|n| u32::try_from(n).unwrap_or(u32::MAX))
            .collect();
        Ok(Self { document, doc_keys, document_keys, uniform_documents, facets, passage_no })
    }
}

impl SegmentFacts {
    /// The facts of `segment` from its `scan`.
    fn with_scan(segment: &SegmentReader, scan: Scan) -> tantivy::Result<Self> {
        let fast = segment.fast_fields();
        let Scan { document, doc_keys, document_keys, uniform_documents, facets, passage_no } = scan;
        Ok(Self {
            document,
            doc_keys,
            document_keys,
            uniform_documents,
            facets,
            doc_order: fast.u64(names::doc_order)?,
            passage_no,
            date_key: fast.u64(names::date_key)?,
        })
    }

    /// The number of passage `doc` in its document.
    pub fn passage_no(&self, doc: DocId) -> u32 {
        self.passage_no[doc as usize]
    }

    /// The order of passages with equal scores (see [`crate::search::collect::PassageMatch::tie_key`])
    /// of a passage: `doc`, in local document `local`, numbered `passage_no` in it.
    pub fn tie_key(&self, doc: DocId, local: u32, passage_no: u32) -> (u64, u64, u64) {
        let doc_order = if self.uniform_documents {
            self.document_keys[local as usize].0
        } else {
            self.doc_order.first(doc).unwrap_or_default()
        };
        (doc_order, self.doc_keys[local as usize], u64::from(passage_no))
    }

    /// The `date_key` of passage `doc` of local document `local`.
    pub fn date_key(&self, doc: DocId, local: u32) -> u64 {
        if self.uniform_documents {
            self.document_keys[local as usize].1
        } else {
            self.date_key.first(doc).unwrap_or_default()
        }
    }

    /// Whether passage `a` goes before passage `b` of the same local document `local` when
    /// their scores are equal (each given with its number in the document): by
    /// [`SegmentFacts::tie_key`], read in full only if a `doc_key` is shared.
    pub fn ties_before(&self, local: u32, a: (DocId, u32), b: (DocId, u32)) -> bool {
        if self.uniform_documents {
            a.1 < b.1
        } else {
            self.tie_key(a.0, local, a.1) < self.tie_key(b.0, local, b.1)
        }
    }
}

/// The facet values of a segment's passages, as sets: passages share a few thousand distinct
/// combinations of ministry, fiscal year and theme. A passage's set lists its values under the
/// roots as tantivy's `FacetCollector` counts them: one count per value, repeats of a value next
/// to each other counted once.
pub struct FacetSets {
    /// Facet set of each passage (index into `sets`).
    pub of_passage: Vec<u32>,
    /// The distinct sets: indices into `values`.
    pub sets: Vec<Box<[u32]>>,
    /// The facet values of the segment under the [`FacetRoot`]s.
    pub values: Vec<(FacetRoot, String)>,
}

impl FacetSets {
    /// Reads the facet sets of passages `0..max_doc` of `segment`.
    fn read(segment: &SegmentReader, max_doc: DocId) -> tantivy::Result<Self> {
        let empty: Box<[u32]> = Box::new([]);
        let Some(column) = segment.fast_fields().str(names::facets)? else {
            return Ok(FacetSets {
                of_passage: vec![0; max_doc as usize],
                sets: vec![empty],
                values: Vec::new(),
            });
        };
        // Facet ordinal → value index (`u32::MAX`: not under a root).
        let mut value_of_ord = vec![u32::MAX; column.num_terms()];
        let mut values: Vec<(FacetRoot, String)> = Vec::new();
        let mut index_of: FxHashMap<(FacetRoot, String), u32> = FxHashMap::default();
        let mut terms = column.dictionary().stream()?;
        while terms.advance() {
            let Ok(facet) = Facet::from_encoded(terms.key().to_vec()) else { continue };
            let Some((root, value)) = FacetRoot::of(&facet) else { continue };
            let key = (root, value.to_owned());
            let index = *index_of.entry(key.clone()).or_insert_with(|| {
                values.push(key);
                (values.len() - 1) as u32
            });
            value_of_ord[terms.term_ord() as usize] = index;
        }
        let mut facet_set = Vec::with_capacity(max_doc as usize);
        let mut facet_sets = vec![empty];
        let mut set_index: FxHashMap<Box<[u32]>, u32> = FxHashMap::default();
        set_index.insert(Box::new([]), 0);
        let mut set: Vec<u32> = Vec::new();
        let mut previous: Option<(Vec<u32>, u32)> = None;
        let (owners, rows, ords) = bulk_values(column.ords(), max_doc);
        let mut next = 0;
        for doc in 0..max_doc {
            set.clear();
            while next < owners.len() && owners[next] == doc {
                let ord = ords[rows[next] as usize];
                let value = value_of_ord.get(ord as usize).copied().unwrap_or(u32::MAX);
                if value != u32::MAX && set.last() != Some(&value) {
                    set.push(value);
                }
                next += 1;
            }
            let index = match &previous {
                Some((last, index)) if *last == set => *index,
                _ => {
                    let index = *set_index.entry(set.clone().into_boxed_slice()).or_insert_with(|| {
                        facet_sets.push(set.clone().into_boxed_slice());
                        (facet_sets.len() - 1) as u32
                    });
                    previous = Some((set.clone(), index));
                    index
                }
            };
            facet_set.push(index);
        }
        Ok(FacetSets { of_passage: facet_set, sets: facet_sets, values })
    }
}

/// The values of `column` for passages `0..max_doc`: `(passage, row)` pairs in passage order and
/// the column's values by row. Decoded in bulk: read a value at a time through the column's
/// index, the columns were most of a fresh searcher's cost of reading its facts.
fn bulk_values(column: &Column<u64>, max_doc: DocId) -> (Vec<DocId>, Vec<u32>, Vec<u64>) {
    let passages: Vec<DocId> = (0..max_doc).collect();
    let rows_count = column.values.num_vals() as usize;
    let (mut owners, mut rows) = (Vec::with_capacity(rows_count), Vec::with_capacity(rows_count));
    column.row_ids_for_docs(&passages, &mut owners, &mut rows);
    let mut values = vec![0; rows_count];
    column.values.get_range(0, &mut values);
    (owners, rows, values)
}

/// The first value of `column` for each passage `0..max_doc` (0 where a passage has none).
fn first_values(column: &Column<u64>, max_doc: DocId) -> Vec<u64> {
    let mut first = vec![0; max_doc as usize];
    if matches!(column.index, ColumnIndex::Full) {
        column.values.get_range(0, &mut first);
        return first;
    }
    let (owners, rows, values) = bulk_values(column, max_doc);
    // Backwards, so that a passage's first value is the one left.
    for (&owner, &row) in owners.iter().zip(&rows).rev() {
        first[owner as usize] = values[row as usize];
    }
    first
}

/// The facts of the segments in use, by segment id.
#[derive(Default)]
pub struct FactsCache {
    entries: Mutex<FxHashMap<SegmentId, Arc<SegmentFacts>>>,
    /// Where scans are kept between processes (none for an index in memory).
    store: Option<FactsStore>,
}

impl FactsCache {
    /// A cache whose scans are also kept in `store`, for the next process.
    pub fn stored_in(store: FactsStore) -> Self {
        Self { entries: Mutex::default(), store: Some(store) }
    }

    /// The facts of `segment`: from the store if it has them, else scanned (and stored). The flag
    /// says whether the segment was scanned.
    fn facts_of(&self, segment: &SegmentReader) -> tantivy::Result<(SegmentFacts, bool)> {
        let id = segment.segment_id();
        if let Some(scan) = self.store.as_ref().and_then(|store| store.load(id, segment.max_doc())) {
            return Ok((SegmentFacts::with_scan(segment, scan)?, false));
        }
        let scan = Scan::read(segment)?;
        if let Some(store) = &self.store {
            store.save(id, &scan);
        }
        Ok((SegmentFacts::with_scan(segment, scan)?, true))
    }

    /// The facts of every segment of `searcher`, by segment ordinal (read for segments not seen
    /// before; entries of segments no longer searched are dropped).
    pub fn for_searcher(&self, searcher: &Searcher) -> Result<Vec<Arc<SegmentFacts>>> {
        let mut entries = self.entries.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let segments = searcher.segment_readers();
        if entries.len() != segments.len() || segments.iter().any(|s| !entries.contains_key(&s.segment_id()))
        {
            // Segments not seen before are read side by side (a fresh searcher over the laws
            // reads 8 segments: 40 ms on one thread, the whole first search of `seisaku search`).
            let missing: Vec<&SegmentReader> =
                segments.iter().filter(|s| !entries.contains_key(&s.segment_id())).collect();
            let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).min(missing.len());
            let read: Vec<tantivy::Result<(SegmentId, (SegmentFacts, bool))>> = std::thread::scope(|scope| {
                let workers: Vec<_> = (0..threads)
                    .map(|t| {
                        let mine: Vec<&SegmentReader> =
                            missing.iter().skip(t).step_by(threads).copied().collect();
                        scope.spawn(move || {
                            mine.into_iter()
                                .map(|s| self.facts_of(s).map(|facts| (s.segment_id(), facts)))
                                .collect::<Vec<_>>()
                        })
                    })
                    .collect();
                workers
                    .into_iter()
                    .flat_map(|w| w.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)))
                    .collect()
            });
            let mut live = FxHashMap::default();
            let mut scanned = false;
            for result in read {
                let (id, (facts, was_scanned)) = result?;
                scanned |= was_scanned;
                live.insert(id, Arc::new(facts));
            }
            if scanned && let Some(store) = &self.store {
                // A new file was written: remove those of segments neither this searcher nor the
                // index's latest commit has.
                if let Ok(latest) = searcher.index().searchable_segment_ids() {
                    let mut keep: HashSet<SegmentId> = latest.into_iter().collect();
                    keep.extend(segments.iter().map(SegmentReader::segment_id));
                    store.prune(&keep);
                }
            }
            for segment in segments {
                let id = segment.segment_id();
                if let Some(facts) = entries.remove(&id) {
                    live.insert(id, facts);
                }
            }
            *entries = live;
        }
        Ok(segments.iter().map(|s| Arc::clone(&entries[&s.segment_id()])).collect())
    }
}
