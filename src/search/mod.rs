//! Search: from a [`SearchRequest`] to a [`SearchResponse`], and the analyst tools built on the
//! same query path (trends, concordances, export).
//!
//! [`Engine`] owns an index reader (reloaded automatically when another process commits) and
//! everything a query needs. A search:
//! 1. parses the query string ([`query`]) and validates parameters;
//! 2. compiles it with lexicon expansion and filters ([`plan`], [`lexicon`]);
//! 3. collects the matching passages grouped by document, with the facet counts over all of
//!    them, reading each passage's document and facets from per-segment tables
//!    ([`collect`], [`segment_facts`]; collapsing re-posts collects every match instead);
//! 4. sorts only the requested page of documents and loads only its passages to cut
//!    [`snippet`]s.
//!
//! [`discovery`] answers what characterises a set of passages, what goes with a query and which
//! passages are alike.
//!
//! This module knows nothing of HTTP or terminals: front ends build requests and render responses.

pub mod cache;
pub mod collect;
pub mod discovery;
pub mod export;
pub mod facts_store;
pub mod kwic;
pub mod lexicon;
pub mod plan;
pub mod query;
pub mod segment_facts;
pub mod snippet;
pub mod stream;
pub mod trend;

use std::cell::LazyCell;
use std::sync::{Mutex, OnceLock};
use std::time::Instant;

use tantivy::collector::Count;
use tantivy::query::AllQuery;
use tantivy::{DocAddress, Index, IndexReader, ReloadPolicy, Searcher};

use self::cache::ResponseCache;
use self::collect::{
    DocumentGroup, FacetCounter, GroupCollector, Grouped, MatchCollector, collapse_reposts, merge_groups,
    rank_groups,
};
use self::facts_store::FactsStore;
use self::lexicon::Lexicon;
use self::plan::{FilterInput, Plan, Planner};
use self::segment_facts::FactsCache;
use self::snippet::make_snippet;
use crate::analysis::matcher::PhraseMatcher;
use crate::analysis::variants::Variants;
use crate::analysis::{QueryAnalyzer, register_tokenizers};
use crate::error::{Error, QueryError, Result};
use crate::index::schema::StoredPassage;
use crate::index::{Fields, IndexLocation, document_count, passages_of};
use crate::ingest::gazetteer::Gazetteer;
use crate::model::limits::MAX_OFFSET;
use crate::model::{
    Document, DocumentMeta, FacetsResponse, Hit, IndexStatus, MAX_LIMIT, MAX_QUERY_CHARS, Passage,
    PassageHit, PassageRef, SearchRequest, SearchResponse, Snippet, Sort, TrendResponse,
};

/// A search engine over one index.
pub struct Engine {
    index: Index,
    reader: IndexReader,
    fields: Fields,
    /// What compiling a query needs, loaded by the first query ([`QueryChain`]).
    query_chain: OnceLock<QueryChain>,
    gazetteer: Gazetteer,
    /// [`Engine::status`] of the searcher generation it was computed for: counting documents
    /// reads a fast field of every passage, too slow for a health check polled under load.
    status: Mutex<Option<(u64, IndexStatus)>>,
    /// Recent responses ([`cache`]), off unless [`Engine::cache_responses`] turns them on.
    responses: Responses,
    /// Term counts over every passage of each segment, for discovery ([`discovery::tally`]).
    tallies: discovery::tally::TotalsCache,
    /// What a search reads per matching passage, per segment ([`segment_facts`]).
    facts: FactsCache,
}

/// What compiling a query needs besides the index: the query-side analysis chain (lindera's
/// dictionary with the user dictionary), the lexicon and the spelling variants; loading it also
/// registers the index's tokenizers, which tantivy's `MoreLikeThisQuery` applies to a passage
/// ([`discovery::related`]). An engine loads it for its first query, not when it opens: a
/// one-shot `seisaku facets` or `show` needs none of it, and loading it was 40 % of such a
/// process's time on the laws.
struct QueryChain {
    analyzer: QueryAnalyzer,
    lexicon: Lexicon,
    variants: Variants,
}

impl QueryChain {
    fn load(index: &Index) -> Result<Self> {
        register_tokenizers(index)?;
        Ok(Self {
            analyzer: QueryAnalyzer::new()?,
            lexicon: Lexicon::bundled()?,
            variants: Variants::bundled()?,
        })
    }
}

/// The response caches of an [`Engine`], one per kind of request.
struct Responses {
    search: ResponseCache<SearchResponse>,
    trend: ResponseCache<TrendResponse>,
    facets: ResponseCache<FacetsResponse>,
}

impl Responses {
    fn new(capacity: Option<usize>) -> Self {
        fn cache<V: Clone>(capacity: Option<usize>) -> ResponseCache<V> {
            capacity.map_or_else(ResponseCache::off, ResponseCache::with_capacity)
        }
        Self { search: cache(capacity), trend: cache(capacity), facets: cache(capacity) }
    }
}

impl Engine {
    /// Opens the index at `location` for searching.
    pub fn open(location: &IndexLocation) -> Result<Self> {
        let (index, fields) = location.open()?;
        let mut engine = Self::with_reload(index, fields, ReloadPolicy::OnCommitWithDelay)?;
        engine.facts = FactsCache::stored_in(FactsStore::new(location.path().join(facts_store::FOLDER)));
        Ok(engine)
    }

    /// An engine over an index held in memory, made of `documents`: for tests and tools that
    /// search a handful of documents without a folder (as tantivy's `Index::create_in_ram`).
    pub fn in_memory(documents: impl IntoIterator<Item = Document>) -> Result<Self> {
        let (schema, fields) = crate::index::schema::build();
        let index = Index::create_in_ram(schema);
        register_tokenizers(&index)?;
        let mut writer: tantivy::IndexWriter = index.writer_with_num_threads(1, 15_000_000)?;
        for document in documents {
            for passage in &document.passages {
                writer.add_document(fields.write(&document, passage))?;
            }
        }
        writer.commit()?;
        Self::with_reload(index, fields, ReloadPolicy::Manual)
    }

    fn with_reload(index: Index, fields: Fields, policy: ReloadPolicy) -> Result<Self> {
        let reader = index.reader_builder().reload_policy(policy).try_into()?;
        Ok(Self {
            index,
            reader,
            fields,
            query_chain: OnceLock::new(),
            gazetteer: Gazetteer::bundled()?,
            status: Mutex::new(None),
            responses: Responses::new(None),
            tallies: discovery::tally::TotalsCache::default(),
            facts: FactsCache::default(),
        })
    }

    /// Keeps up to `capacity` recent responses of each kind (search, trend, facets), keyed by
    /// request and index generation ([`cache`]): for a server, where requests repeat.
    pub fn cache_responses(&mut self, capacity: usize) {
        self.responses = Responses::new(Some(capacity));
    }

    /// The generation of the current searcher (changes with each commit the reader loads).
    fn generation(&self) -> u64 {
        self.searcher().generation().generation_id()
    }

    /// The canonical ministry names the `ministry` filter accepts (aliases are accepted too).
    pub fn ministry_names(&self) -> Vec<String> {
        self.gazetteer.ministries.names().map(str::to_owned).collect()
    }

    /// The theme names the `theme` filter accepts.
    pub fn theme_names(&self) -> Vec<String> {
        self.gazetteer.themes.names().map(str::to_owned).collect()
    }

    /// The current searcher (the latest commit the reader has loaded).
    pub fn searcher(&self) -> Searcher {
        self.reader.searcher()
    }

    /// Reloads the reader now instead of waiting for the file watcher.
    pub fn reload(&self) -> Result<()> {
        Ok(self.reader.reload()?)
    }

    /// The query chain, loaded on first use (two threads may both load it; one result is kept).
    fn query_chain(&self) -> Result<&QueryChain> {
        if let Some(chain) = self.query_chain.get() {
            return Ok(chain);
        }
        let loaded = QueryChain::load(&self.index)?;
        Ok(self.query_chain.get_or_init(|| loaded))
    }

    fn planner(&self) -> Result<Planner<'_>> {
        let chain = self.query_chain()?;
        Ok(Planner {
            fields: &self.fields,
            analyzer: &chain.analyzer,
            lexicon: &chain.lexicon,
            variants: &chain.variants,
            gazetteer: &self.gazetteer,
        })
    }

    /// Parses and compiles a query string with request-level filters. An empty query string
    /// (or one of spaces) matches every passage within the filters, as an empty search box
    /// lists everything.
    pub fn plan(&self, q: &str, filters: &FilterInput<'_>, exact: bool) -> Result<Plan> {
        let parsed = if q.trim().is_empty() && q.chars().count() <= MAX_QUERY_CHARS {
            query::ParsedQuery::default()
        } else {
            query::parse(q)?
        };
        Ok(self.planner()?.plan(&parsed, filters, exact)?)
    }

    /// Parses and compiles the query and filters of `request` (the paging fields are not looked at).
    pub fn plan_request(&self, request: &SearchRequest) -> Result<Plan> {
        let filters =
            FilterInput { ministries: &request.ministry, themes: &request.theme, fy: request.fy.as_deref() };
        self.plan(&request.q, &filters, request.exact)
    }

    /// Reads what searches need from each segment ([`segment_facts`]) now rather than in the
    /// first search, keeping it in the index folder for the processes to come: for `seisaku
    /// index`, after it commits.
    pub fn read_facts(&self) -> Result<()> {
        self.facts.for_searcher(&self.searcher()).map(drop)
    }

    /// Loads everything the first search would: the segments' facts ([`Engine::read_facts`])
    /// and the query chain. For a server, before it takes requests.
    pub fn warm(&self) -> Result<()> {
        self.query_chain()?;
        self.read_facts()
    }

    /// Runs a search (or answers it from the response cache, with the time that took).
    pub fn search(&self, request: &SearchRequest) -> Result<SearchResponse> {
        let started = Instant::now();
        let mut response = self
            .responses
            .search
            .get_or_compute(self.generation(), request, || self.search_uncached(request))?;
        response.took_ms = elapsed_ms(started);
        Ok(response)
    }

    fn search_uncached(&self, request: &SearchRequest) -> Result<SearchResponse> {
        validate_paging(request.limit, request.offset)?;
        let plan = self.plan_request(request)?;
        let searcher = self.searcher();
        let facts = self.facts.for_searcher(&searcher)?;
        let counter = FacetCounter { facts: facts.clone() };
        let (Grouped { mut groups, passages: total_passages }, facets) = if request.collapse_reposts {
            let (mut matches, facets) = searcher.search(&plan.query, &(MatchCollector, counter))?;
            let passages = matches.len();
            collapse_reposts(&mut matches);
            let singles = matches.iter().map(|m| DocumentGroup { best: *m, passages: 1 });
            let groups = merge_groups(singles, matches.len());
            (Grouped { groups, passages }, facets)
        } else {
            searcher.search(&plan.query, &(GroupCollector { facts }, counter))?
        };
        let top = request.offset.saturating_add(request.limit);
        rank_groups(&mut groups, request.sort == Sort::Date, top);
        // Built only for a page with hits: a query that matches nothing (an acronym whose
        // forms none of the passages use) would spend a twentieth of its time on it.
        let matcher = LazyCell::new(|| PhraseMatcher::spellings(&plan.highlights));
        let hits = groups
            .iter()
            .skip(request.offset)
            .take(request.limit)
            .map(|group| {
                let stored = self.load(&searcher, group.best.address)?;
                Ok(Hit {
                    best: passage_hit(stored, group.best.score, &matcher),
                    more_in_document: group.passages - 1,
                })
            })
            .collect::<Result<Vec<Hit>>>()?;
        let next = request.offset + request.limit;
        Ok(SearchResponse {
            query: request.q.clone(),
            total: groups.len(),
            total_passages,
            took_ms: 0.0,
            offset: request.offset,
            limit: request.limit,
            next_offset: (next < groups.len()).then_some(next),
            hits,
            facets,
            expanded: plan.expanded,
        })
    }

    /// Loads a stored passage.
    pub fn load(&self, searcher: &Searcher, address: DocAddress) -> Result<StoredPassage<'static>> {
        self.fields.read(&searcher.doc(address)?)
    }

    /// A document with all its passages; [`Error::DocumentNotFound`] if the id is unknown.
    pub fn document(&self, id: &str) -> Result<Document> {
        let searcher = self.searcher();
        let addresses = passages_of(&searcher, &self.fields, id)?;
        let mut passages = Vec::with_capacity(addresses.len());
        let mut first = None;
        for address in addresses {
            let StoredPassage { id, path, content_hash, document, passage } =
                self.load(&searcher, address)?;
            passages.push(passage.into_owned());
            first.get_or_insert((id, path, content_hash, document));
        }
        let (id, path, content_hash, meta) = first.ok_or_else(|| Error::DocumentNotFound(id.to_owned()))?;
        Ok(Document {
            id: id.into_owned(),
            path: path.into_owned(),
            meta: meta.into_owned(),
            content_hash: content_hash.into_owned(),
            passages,
        })
    }

    /// Every facet value with its passage count, and index totals.
    pub fn facets(&self) -> Result<FacetsResponse> {
        self.responses.facets.get_or_compute(self.generation(), &(), || self.facets_uncached())
    }

    fn facets_uncached(&self) -> Result<FacetsResponse> {
        let searcher = self.searcher();
        let counter = FacetCounter { facts: self.facts.for_searcher(&searcher)? };
        Ok(FacetsResponse {
            documents: document_count(&searcher, &self.fields)?,
            passages: searcher.num_docs(),
            facets: searcher.search(&AllQuery, &counter)?,
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
            documents: document_count(&searcher, &self.fields)?,
            passages: searcher.search(&AllQuery, &Count)? as u64,
            generation: searcher.index().load_metas()?.opstamp,
            analysis_version: state.map(|s| s.analysis_version).unwrap_or_default(),
        };
        *cached = Some((generation_id, status.clone()));
        Ok(status)
    }
}

/// Milliseconds since `started`, to two decimals.
fn elapsed_ms(started: Instant) -> f64 {
    (started.elapsed().as_secs_f64() * 1e5).round() / 100.0
}

/// Checks `limit` (1–[`MAX_LIMIT`]) and `offset` (at most [`MAX_OFFSET`]).
pub fn validate_paging(limit: usize, offset: usize) -> Result<(), QueryError> {
    if limit == 0 || limit > MAX_LIMIT {
        return Err(QueryError::InvalidParameter {
            name: "limit".into(),
            reason: format!("{limit} is out of range (1 to {MAX_LIMIT})"),
        });
    }
    if offset > MAX_OFFSET {
        return Err(QueryError::InvalidParameter {
            name: "offset".into(),
            reason: format!("{offset} is too large (at most {MAX_OFFSET})"),
        });
    }
    Ok(())
}

/// Where `passage` of a document is.
fn passage_ref(id: &str, document: &DocumentMeta, passage: &Passage) -> PassageRef {
    PassageRef {
        id: id.to_owned(),
        title: document.title.clone(),
        passage: passage.no,
        heading: passage.heading.clone(),
        page: passage.page.clone(),
        pages: passage.pages,
        fiscal_years: passage.fiscal_years.clone(),
    }
}

/// A stored passage as a hit with its `score` and a snippet of its text around `matcher`'s
/// matches (plain text and highlight ranges; the front end chooses the markup).
fn passage_hit(stored: StoredPassage<'_>, score: f32, matcher: &PhraseMatcher) -> PassageHit {
    let snippet: Snippet = make_snippet(&stored.passage.text, matcher);
    let StoredPassage { id, path, document, passage, .. } = stored;
    let (document, passage) = (document.into_owned(), passage.into_owned());
    PassageHit {
        at: passage_ref(&id, &document, &passage),
        path: path.into_owned(),
        score,
        ministries: passage.ministries,
        mentions: passage.mentions,
        themes: passage.themes,
        reposted: passage.reposted,
        publisher: document.publisher,
        date: document.date,
        fiscal_year: document.fiscal_year,
        source_url: document.source_url,
        snippet,
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use tantivy::collector::FacetCounts;

    use super::*;
    use crate::index::schema::FacetRoot;
    use crate::ingest::Ingestor;
    use crate::ingest::catalog::{Catalog, MetaOverride};
    use crate::model::Facets;
    use crate::model::{KwicRequest, TrendBy, TrendRequest};

    /// Documents made by the real ingest chain from `(id, text)` pairs.
    pub(crate) fn texts(docs: &[(&str, &str)]) -> Vec<Document> {
        let ingestor = Ingestor::new(Catalog::default()).unwrap();
        docs.iter()
            .map(|(id, text)| ingestor.document_from_text(id, text, "UTF-8", MetaOverride::default()).0)
            .collect()
    }

    /// An in-memory engine over `documents`.
    pub(crate) fn engine_of(documents: &[Document]) -> Engine {
        Engine::in_memory(documents.iter().cloned()).unwrap()
    }

    #[test]
    fn search_groups_passages_by_document_and_counts_facets() {
        let engine = engine_of(&texts(&[
            ("a.txt", "総務省はIoT-SSFを推進する。"),
            ("b.txt", "経済産業省はIoT-SSFの普及啓発を行う。"),
            ("c.txt", "関係のない文書。"),
        ]));
        let response = engine.search(&SearchRequest::new("IoT-SSF")).unwrap();
        assert_eq!((response.total, response.total_passages), (2, 2));
        assert_eq!(response.facets.theme.get("IoT"), Some(&2), "{:?}", response.facets);
        assert!(response.hits.iter().all(|h| h.best.snippet.highlights.len() == 1));
        assert_eq!(engine.facets().unwrap().documents, 3);
        assert_eq!(engine.status().unwrap().documents, 3);
    }

    #[test]
    fn equal_scores_are_ordered_by_document() {
        let docs: Vec<(String, &str)> =
            (0..12).map(|i| (format!("d{i:02}.txt"), "同じ本文の政策文書。")).collect();
        let pairs: Vec<(&str, &str)> = docs.iter().map(|(id, text)| (id.as_str(), *text)).collect();
        let engine = engine_of(&texts(&pairs));
        let mut request = SearchRequest::new("政策");
        request.limit = 5;
        let mut seen = Vec::new();
        for offset in [0, 5, 10] {
            request.offset = offset;
            seen.extend(engine.search(&request).unwrap().hits.into_iter().map(|h| h.best.at.id));
        }
        let expected: Vec<String> = docs.iter().map(|(id, _)| id.clone()).collect();
        assert_eq!(seen, expected, "every document once, in id order across pages");
    }

    /// tantivy's facet counts as the model's maps: what [`FacetCounter`] must count.
    fn facets(counts: &FacetCounts) -> Facets {
        Facets {
            ministry: FacetRoot::Ministry.counts(counts),
            fiscal_year: FacetRoot::FiscalYear.counts(counts),
            theme: FacetRoot::Theme.counts(counts),
        }
    }

    /// Grouping while collecting ([`GroupCollector`], [`FacetCounter`]) gives what grouping every
    /// match ([`MatchCollector`]) and tantivy's `FacetCollector` give.
    #[test]
    fn grouping_while_collecting_equals_grouping_every_match() {
        let engine = engine_of(&texts(&[
            (
                "a.txt",
                "第1章 総務省の施策\n総務省はIoTを推進する。\n\n第2章 経済産業省の施策\n経済産業省はIoTの普及を推進する。",
            ),
            ("b.txt", "令和5年度 デジタル庁\n\nデジタル庁はIoTとAIを推進する。\n\n総務省と連携する。"),
            ("c.txt", "IoT IoT IoT"),
            ("d.txt", "関係のない文書。"),
        ]));
        let (mut grouped_more_than_one, mut counted_facets) = (false, false);
        for q in ["IoT", "省", "推進", "", "IoT 推進", "関係"] {
            let plan = engine.plan(q, &FilterInput::default(), false).unwrap();
            let searcher = engine.searcher();
            let facts = engine.facts.for_searcher(&searcher).unwrap();
            let (Grouped { mut groups, passages }, counted) = searcher
                .search(&plan.query, &(GroupCollector { facts: facts.clone() }, FacetCounter { facts }))
                .unwrap();
            rank_groups(&mut groups, false, usize::MAX);
            let (matches, counts) = searcher
                .search(&plan.query, &(MatchCollector, FacetRoot::collector(&FacetRoot::ALL)))
                .unwrap();
            assert_eq!(passages, matches.len(), "{q}");
            let mut expected = collect::group_by_document(&matches, false);
            // Groups made through segment facts carry no repost key: they are never collapsed.
            expected.iter_mut().for_each(|g| g.best.repost_key = 0);
            assert_eq!(groups, expected, "{q}");
            assert_eq!(counted, facets(&counts), "{q}");
            grouped_more_than_one |= groups.iter().any(|g| g.passages > 1);
            counted_facets |= counted.theme.len() > 1;
        }
        let every = engine.searcher().search(&AllQuery, &FacetRoot::collector(&FacetRoot::ALL)).unwrap();
        assert_eq!(engine.facets().unwrap().facets, facets(&every), "the index's facets");
        assert!(grouped_more_than_one, "some document has several matching passages");
        assert!(counted_facets, "some query counts several themes");
    }

    /// The ids of the documents `q` finds, sorted.
    fn ids(engine: &Engine, q: &str) -> Vec<String> {
        let mut ids: Vec<String> =
            engine.search(&SearchRequest::new(q)).unwrap().hits.into_iter().map(|h| h.best.at.id).collect();
        ids.sort();
        ids
    }

    #[test]
    fn spelling_variants_find_each_other_but_never_a_longer_katakana_word() {
        let engine = engine_of(&texts(&[
            ("long.txt", "サーバーの管理。"),
            ("short.txt", "サーバを更新する。"),
            ("servant.txt", "サーバントの話。"),
            ("okuri.txt", "取り組み状況の報告。"),
        ]));
        assert_eq!(ids(&engine, "サーバー"), ["long.txt", "short.txt"]);
        assert_eq!(ids(&engine, "=サーバー"), ["long.txt"], "no variants for =term");
        assert_eq!(ids(&engine, "取組状況"), ["okuri.txt"]);
        let response = engine.search(&SearchRequest::new("サーバー")).unwrap();
        assert!(response.expanded["サーバー"].contains(&"サーバ".to_owned()), "{:?}", response.expanded);
        let short = response.hits.iter().find(|h| h.best.at.id == "short.txt").unwrap();
        assert_eq!(short.best.snippet.highlights, [(0, 3)], "the variant is highlighted as written");
        // The typed term keeps substring semantics (the recall guarantee of --exact).
        assert_eq!(ids(&engine, "=サーバ"), ["long.txt", "servant.txt", "short.txt"]);
    }

    #[test]
    fn ascii_letters_and_digits_are_separate_words() {
        let engine = engine_of(&texts(&[
            ("ict21.txt", "ICT21マスタープラン"),
            ("g15.txt", "15Gの帯域"),
            ("gbps.txt", "5Gbpsの回線"),
            ("five.txt", "5Gの普及"),
        ]));
        assert_eq!(ids(&engine, "ICT"), ["ict21.txt"]);
        assert_eq!(ids(&engine, "5G"), ["five.txt"]);
    }

    #[test]
    fn counters_match_after_any_numeral() {
        let engine = engine_of(&texts(&[
            ("digits.txt", "全国3箇所に設置した。"),
            ("kanji.txt", "三ヶ所で実施した。"),
            ("place.txt", "該当箇所を修正した。"),
        ]));
        assert_eq!(ids(&engine, "カ所"), ["digits.txt", "kanji.txt"]);
        let mut lines = Vec::new();
        engine
            .kwic(&KwicRequest { q: "カ所".into(), width: 1, ..KwicRequest::default() }, &mut |line| {
                lines.push(line.keyword);
                Ok(std::ops::ControlFlow::Continue(()))
            })
            .unwrap();
        lines.sort();
        assert_eq!(lines, ["ヶ所", "箇所"], "KWIC lists each form as written");
    }

    #[test]
    fn documents_read_back_with_their_source_hash() {
        let docs = texts(&[("a.txt", "第1章 概要\n総務省の施策。")]);
        let engine = engine_of(&docs);
        let json = |d: &Document| serde_json::to_value(d).unwrap();
        assert_eq!(json(&engine.document("a.txt").unwrap()), json(&docs[0]));
        assert!(matches!(engine.document("nope.txt"), Err(Error::DocumentNotFound(_))));
    }

    #[test]
    fn trend_and_kwic_run_on_the_same_matches() {
        let engine = engine_of(&texts(&[("a.txt", "IoTとIoTの話。"), ("b.txt", "別の話。")]));
        let trend =
            engine.trend(&TrendRequest { q: "IoT".into(), by: TrendBy::Ministry, ..TrendRequest::default() });
        assert!(trend.is_ok());
        let mut lines = Vec::new();
        let n = engine
            .kwic(&KwicRequest { q: "=IoT".into(), width: 2, ..KwicRequest::default() }, &mut |line| {
                lines.push((line.left, line.keyword, line.offset));
                Ok(std::ops::ControlFlow::Continue(()))
            })
            .unwrap();
        assert_eq!(n, 2);
        assert_eq!(lines, [(String::new(), "IoT".to_owned(), 0), ("Tと".to_owned(), "IoT".to_owned(), 4)]);
    }
}
