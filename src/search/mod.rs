//! Search: from a [`SearchRequest`] to a [`SearchResponse`], and the analyst tools built on the
//! same query path (trends, concordances, export).
//!
//! [`Engine`] owns an index reader (reloaded automatically when another process commits) and
//! everything a query needs. A search:
//! 1. parses the query string ([`query`]) and validates parameters;
//! 2. compiles it with lexicon expansion and filters ([`plan`], [`lexicon`]);
//! 3. collects every matching passage and the facet counts over all of them ([`collect`]);
//! 4. groups passages by document, pages over documents, and loads only the page's passages to
//!    cut [`snippet`]s.
//!
//! This module knows nothing of HTTP or terminals: front ends build requests and render responses.

pub mod collect;
pub mod export;
pub mod kwic;
pub mod lexicon;
pub mod plan;
pub mod query;
pub mod snippet;
pub mod trend;

use std::sync::Mutex;
use std::time::Instant;

use tantivy::collector::{Count, FacetCollector, FacetCounts};
use tantivy::query::AllQuery;
use tantivy::schema::Value;
use tantivy::{DocAddress, Index, IndexReader, ReloadPolicy, Searcher, TantivyDocument};

use self::collect::{MatchCollector, collapse_reposts, group_by_document};
use self::lexicon::Lexicon;
use self::plan::{FilterInput, Plan, Planner};
use self::snippet::make_snippet;
use crate::analysis::QueryAnalyzer;
use crate::analysis::matcher::PhraseMatcher;
use crate::error::{Error, QueryError, Result};
use crate::index::schema::PassageRecord;
use crate::index::{Fields, IndexLocation, indexed_documents, passages_of};
use crate::ingest::gazetteer::Gazetteer;
use crate::model::{
    Document, Facets, FacetsResponse, Hit, IndexStatus, MAX_LIMIT, Passage, PassageHit, SearchRequest,
    SearchResponse, Sort,
};

/// A search engine over one index.
pub struct Engine {
    index: Index,
    reader: IndexReader,
    fields: Fields,
    analyzer: QueryAnalyzer,
    lexicon: Lexicon,
    gazetteer: Gazetteer,
    /// [`Engine::status`] of the searcher generation it was computed for: counting documents
    /// reads a fast field of every passage, too slow for a health check polled under load.
    status: Mutex<Option<(u64, IndexStatus)>>,
}

/// A passage loaded from the index.
#[derive(Debug, Clone)]
pub struct StoredPassage {
    /// Stored metadata.
    pub record: PassageRecord,
    /// Stored normalised text.
    pub text: String,
}

impl StoredPassage {
    /// Reads the stored text and metadata out of a passage's tantivy document.
    fn read(doc: &TantivyDocument, fields: &Fields) -> Result<Self> {
        let text = doc.get_first(fields.text).and_then(|v| v.as_str()).unwrap_or_default().to_owned();
        let meta = doc.get_first(fields.meta).and_then(|v| v.as_str()).unwrap_or_default();
        let record: PassageRecord = serde_json::from_str(meta).map_err(|err| {
            Error::Index(tantivy::TantivyError::InternalError(format!(
                "stored passage metadata is unreadable: {err}"
            )))
        })?;
        Ok(Self { record, text })
    }
}

impl Engine {
    /// Opens the index at `location` for searching.
    pub fn open(location: &IndexLocation) -> Result<Self> {
        let (index, fields) = location.open()?;
        let reader = index.reader_builder().reload_policy(ReloadPolicy::OnCommitWithDelay).try_into()?;
        Ok(Self {
            index,
            reader,
            fields,
            analyzer: QueryAnalyzer::new()?,
            lexicon: Lexicon::bundled()?,
            gazetteer: Gazetteer::bundled()?,
            status: Mutex::new(None),
        })
    }

    /// The current searcher (the latest commit the reader has loaded).
    pub fn searcher(&self) -> Searcher {
        self.reader.searcher()
    }

    /// Reloads the reader now instead of waiting for the file watcher.
    pub fn reload(&self) -> Result<()> {
        Ok(self.reader.reload()?)
    }

    /// The lexicon used for expansion.
    pub fn lexicon(&self) -> &Lexicon {
        &self.lexicon
    }

    fn planner(&self) -> Planner<'_> {
        Planner {
            fields: &self.fields,
            analyzer: &self.analyzer,
            lexicon: &self.lexicon,
            gazetteer: &self.gazetteer,
        }
    }

    /// Parses and compiles a query string with request-level filters.
    pub fn plan(&self, q: &str, filters: &FilterInput<'_>, exact: bool) -> Result<Plan> {
        let parsed = if q.trim().is_empty() && has_request_filters(filters) {
            query::ParsedQuery::default()
        } else {
            query::parse(q)?
        };
        Ok(self.planner().plan(&parsed, filters, exact)?)
    }

    /// Parses and compiles the query and filters of `request` (the paging fields are not looked at).
    pub fn plan_request(&self, request: &SearchRequest) -> Result<Plan> {
        let filters =
            FilterInput { ministries: &request.ministry, themes: &request.theme, fy: request.fy.as_deref() };
        self.plan(&request.q, &filters, request.exact)
    }

    /// Runs a search.
    pub fn search(&self, request: &SearchRequest) -> Result<SearchResponse> {
        let started = Instant::now();
        validate_paging(request.limit, request.offset)?;
        let plan = self.plan_request(request)?;
        let searcher = self.searcher();
        let (mut matches, facet_counts) =
            searcher.search(&plan.query, &(MatchCollector, facet_collector()))?;
        let total_passages = matches.len();
        if request.collapse_reposts {
            collapse_reposts(&mut matches);
        }
        let groups = group_by_document(&matches, request.sort == Sort::Date);
        let matcher = PhraseMatcher::new(&plan.highlights);
        let hits = groups
            .iter()
            .skip(request.offset)
            .take(request.limit)
            .map(|group| {
                let stored = self.load(&searcher, group.best.address)?;
                let snippet = render_snippet(&stored.text, &matcher, request);
                Ok(Hit {
                    best: passage_hit(stored.record, group.best.score, snippet),
                    more_in_document: group.passages - 1,
                })
            })
            .collect::<Result<Vec<Hit>>>()?;
        let next = request.offset + request.limit;
        Ok(SearchResponse {
            query: request.q.clone(),
            total: groups.len(),
            total_passages,
            took_ms: (started.elapsed().as_secs_f64() * 1e5).round() / 100.0,
            offset: request.offset,
            limit: request.limit,
            next_offset: (next < groups.len()).then_some(next),
            hits,
            facets: facets(&facet_counts),
            expanded: plan.expanded,
        })
    }

    /// Loads a stored passage.
    pub fn load(&self, searcher: &Searcher, address: DocAddress) -> Result<StoredPassage> {
        StoredPassage::read(&searcher.doc(address)?, &self.fields)
    }

    /// A document with all its passages; [`Error::DocumentNotFound`] if the id is unknown.
    pub fn document(&self, id: &str) -> Result<Document> {
        let searcher = self.searcher();
        let addresses = passages_of(&searcher, &self.fields, id)?;
        let mut passages = Vec::with_capacity(addresses.len());
        let mut first: Option<PassageRecord> = None;
        for address in addresses {
            let stored = self.load(&searcher, address)?;
            passages.push(Passage { text: stored.text, ..stored.record.passage.clone() });
            first.get_or_insert(stored.record);
        }
        let record = first.ok_or_else(|| Error::DocumentNotFound(id.to_owned()))?;
        let content_hash = indexed_documents(&searcher)?.remove(id).unwrap_or_default();
        Ok(Document { id: record.id, path: record.path, meta: record.document, content_hash, passages })
    }

    /// Every facet value with its passage count, and index totals.
    pub fn facets(&self) -> Result<FacetsResponse> {
        let searcher = self.searcher();
        let counts = searcher.search(&AllQuery, &facet_collector())?;
        Ok(FacetsResponse {
            documents: indexed_documents(&searcher)?.len() as u64,
            passages: searcher.num_docs(),
            facets: facets(&counts),
        })
    }

    /// Size and provenance of the index, computed once per reader generation (that is, again
    /// after each commit the reader loads).
    pub fn status(&self) -> Result<IndexStatus> {
        let searcher = self.searcher();
        let generation_id = searcher.generation().generation_id();
        let mut cached = self.status.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some((_, status)) = cached.as_ref().filter(|(id, _)| *id == generation_id) {
            return Ok(status.clone());
        }
        let state = crate::index::state(&self.index)?;
        let status = IndexStatus {
            documents: indexed_documents(&searcher)?.len() as u64,
            passages: searcher.search(&AllQuery, &Count)? as u64,
            generation: searcher.index().load_metas()?.opstamp,
            analysis_version: state.map(|s| s.analysis_version).unwrap_or_default(),
        };
        *cached = Some((generation_id, status.clone()));
        Ok(status)
    }

    /// Field handles (for the analyst tools in this module).
    fn fields(&self) -> &Fields {
        &self.fields
    }
}

fn has_request_filters(filters: &FilterInput<'_>) -> bool {
    !filters.ministries.is_empty() || !filters.themes.is_empty() || filters.fy.is_some()
}

/// Checks `limit` (1–[`MAX_LIMIT`]) and `offset`.
pub fn validate_paging(limit: usize, offset: usize) -> Result<(), QueryError> {
    if limit == 0 || limit > MAX_LIMIT {
        return Err(QueryError::InvalidParameter {
            name: "limit".into(),
            reason: format!("{limit} is out of range (1 to {MAX_LIMIT})"),
        });
    }
    if offset > 1_000_000 {
        return Err(QueryError::InvalidParameter {
            name: "offset".into(),
            reason: format!("{offset} is too large"),
        });
    }
    Ok(())
}

/// Facet collector over the three facet roots.
fn facet_collector() -> FacetCollector {
    let mut collector = FacetCollector::for_field("facets");
    for root in ["/ministry", "/fy", "/theme"] {
        collector.add_facet(root);
    }
    collector
}

/// Facet counts as the model's maps.
fn facets(counts: &FacetCounts) -> Facets {
    let read = |root: &str| {
        counts
            .get(root)
            .filter_map(|(facet, count)| facet.to_path().last().map(|v| ((*v).to_owned(), count)))
            .collect()
    };
    Facets { ministry: read("/ministry"), fiscal_year: read("/fy"), theme: read("/theme") }
}

/// The snippet of a passage's stored text, highlighted as `request` asks.
fn render_snippet(text: &str, matcher: &PhraseMatcher, request: &SearchRequest) -> String {
    make_snippet(text, matcher).render(&request.highlight_pre, &request.highlight_post, request.escape_html)
}

/// A stored passage as a hit with its `score` and `snippet`.
fn passage_hit(record: PassageRecord, score: f32, snippet: String) -> PassageHit {
    let PassageRecord { id, path, document, passage } = record;
    PassageHit {
        id,
        path,
        title: document.title,
        score,
        passage: passage.no,
        heading: passage.heading,
        page: passage.page,
        ministries: passage.ministries,
        mentions: passage.mentions,
        fiscal_years: passage.fiscal_years,
        themes: passage.themes,
        reposted: passage.reposted,
        publisher: document.publisher,
        date: document.date,
        fiscal_year: document.fiscal_year,
        source_url: document.source_url,
        snippet,
    }
}
