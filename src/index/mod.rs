//! The index: tantivy schema, opening and creating, and the incremental, crash-safe writer.
//!
//! An index lives in a folder (default `index/`). Besides tantivy's segments, its commit payload
//! records an [`IndexState`]: the schema version and [`analysis_version`] it was built with, and
//! whether the last run completed. A mismatch in either version makes the next `seisaku index`
//! rebuild everything, because tokens made by another chain would not match today's queries.
//!
//! - [`schema`]: fields, facet roots and the passage codec ([`schema::StoredPassage`]);
//! - [`writer`]: [`writer::Indexer`], which walks a corpus and adds, updates and removes
//!   documents, committing at bounded intervals.

pub mod schema;
pub mod writer;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use tantivy::directory::MmapDirectory;
use tantivy::{DocAddress, Index, Searcher, SegmentOrdinal};

use crate::analysis::{analysis_version, register_tokenizers};
use crate::error::{Error, Result};

pub use schema::Fields;
use schema::names;

/// Where an index lives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexLocation {
    path: PathBuf,
}

/// What an index records about how it was built (tantivy's commit payload).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IndexState {
    /// [`schema::SCHEMA_VERSION`] at build time.
    pub schema_version: u32,
    /// [`analysis_version`] at build time.
    pub analysis_version: String,
    /// False while a run is in progress (an interrupted run leaves false).
    pub complete: bool,
}

impl IndexState {
    /// The state a run writes with its commits.
    pub fn current(complete: bool) -> Self {
        Self { schema_version: schema::SCHEMA_VERSION, analysis_version: analysis_version(), complete }
    }

    /// True when an index in this state can be updated incrementally by this binary.
    pub fn is_compatible(&self) -> bool {
        let now = Self::current(self.complete);
        self.schema_version == now.schema_version && self.analysis_version == now.analysis_version
    }
}

impl IndexLocation {
    /// The index in folder `path`.
    pub fn new(path: impl Into<PathBuf>) -> Self {
        Self { path: path.into() }
    }

    /// The folder.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// True when the folder holds an index.
    pub fn exists(&self) -> bool {
        self.path.join("meta.json").is_file()
    }

    /// Opens the existing index for reading, without seisaku's tokenizers: lindera's dictionary
    /// is not loaded here (that was a fifth of a one-shot `seisaku facets`). A query is analysed
    /// by [`QueryAnalyzer`](crate::analysis::QueryAnalyzer), which tantivy never sees; the one
    /// reader that tokenizes through tantivy (`related`'s `MoreLikeThisQuery`) registers them
    /// with the engine's query chain. A writer opens with [`IndexLocation::open_or_create`].
    pub fn open(&self) -> Result<(Index, Fields)> {
        if !self.exists() {
            return Err(Error::NoIndex(self.path.clone()));
        }
        let index = Index::open_in_dir(&self.path)?;
        let fields = Fields::resolve(&index.schema())?;
        Ok((index, fields))
    }

    /// Opens the index for writing, with seisaku's tokenizers registered, creating an empty
    /// one first if there is none. An index whose schema does not match this binary's is an
    /// error the caller resolves by rebuilding ([`IndexLocation::recreate`]).
    pub fn open_or_create(&self) -> Result<(Index, Fields)> {
        let (index, fields) = if self.exists() {
            self.open()?
        } else {
            std::fs::create_dir_all(&self.path).map_err(|err| Error::io(&self.path, err))?;
            let directory = MmapDirectory::open(&self.path).map_err(|err| Error::Index(err.into()))?;
            let (schema, fields) = schema::build();
            (Index::create(directory, schema, tantivy::IndexSettings::default())?, fields)
        };
        register_tokenizers(&index)?;
        Ok((index, fields))
    }

    /// Deletes the index folder's tantivy files and creates an empty index (schema change).
    pub fn recreate(&self) -> Result<(Index, Fields)> {
        for entry in std::fs::read_dir(&self.path).map_err(|err| Error::io(&self.path, err))? {
            let path = entry.map_err(|err| Error::io(&self.path, err))?.path();
            let is_index_file =
                path.extension().is_some_and(|e| {
                    ["idx", "pos", "term", "store", "fast", "fieldnorm", "del"].iter().any(|x| e == *x)
                }) || path.file_name().is_some_and(|n| n == "meta.json" || n == ".managed.json");
            if is_index_file {
                std::fs::remove_file(&path).map_err(|err| Error::io(&path, err))?;
            }
        }
        self.open_or_create()
    }
}

/// The state recorded in the index's last commit, if any.
pub fn state(index: &Index) -> Result<Option<IndexState>> {
    let payload = index.load_metas()?.payload;
    Ok(payload.and_then(|p| serde_json::from_str(&p).ok()))
}

/// Number of live documents: passages numbered 0, one per document (no scan of the passages).
pub fn document_count(searcher: &Searcher, fields: &Fields) -> Result<u64> {
    let first = tantivy::Term::from_field_u64(fields.passage_no, 0);
    let query = tantivy::query::TermQuery::new(first, tantivy::schema::IndexRecordOption::Basic);
    Ok(searcher.search(&query, &tantivy::collector::Count)? as u64)
}

/// Content hash of every indexed document, by id (reads a fast field of every passage: for the
/// indexer's comparison with the corpus, not for requests).
pub fn indexed_documents(searcher: &Searcher) -> Result<HashMap<String, String>> {
    let mut out = HashMap::new();
    let (mut id, mut hash) = (String::new(), String::new());
    for segment in searcher.segment_readers() {
        let fast = segment.fast_fields();
        let (Some(ids), Some(hashes)) = (fast.str(names::doc_id)?, fast.str(names::content_hash)?) else {
            continue;
        };
        for doc in segment.doc_ids_alive() {
            let (Some(id_ord), Some(hash_ord)) = (ids.term_ords(doc).next(), hashes.term_ords(doc).next())
            else {
                continue;
            };
            ids.ord_to_str(id_ord, &mut id).map_err(|err| Error::Index(err.into()))?;
            hashes.ord_to_str(hash_ord, &mut hash).map_err(|err| Error::Index(err.into()))?;
            if !out.contains_key(&id) {
                out.insert(id.clone(), hash.clone());
            }
        }
    }
    Ok(out)
}

/// Addresses of every live passage of document `id`, in passage order.
pub fn passages_of(searcher: &Searcher, fields: &Fields, id: &str) -> Result<Vec<DocAddress>> {
    let term = tantivy::Term::from_field_text(fields.doc_id, id);
    let query = tantivy::query::TermQuery::new(term, tantivy::schema::IndexRecordOption::Basic);
    let mut found: Vec<(u64, DocAddress)> = Vec::new();
    let collector = tantivy::collector::DocSetCollector;
    // Each segment's column is opened once (opening it per passage was 5 % of a white-paper
    // edition's `/api/documents/{id}`, 279 passages).
    let mut numbers: HashMap<SegmentOrdinal, tantivy::columnar::Column<u64>> = HashMap::new();
    for address in searcher.search(&query, &collector)? {
        let column = match numbers.entry(address.segment_ord) {
            std::collections::hash_map::Entry::Occupied(open) => open.into_mut(),
            std::collections::hash_map::Entry::Vacant(slot) => slot
                .insert(searcher.segment_reader(address.segment_ord).fast_fields().u64(names::passage_no)?),
        };
        found.push((column.first(address.doc_id).unwrap_or(0), address));
    }
    found.sort();
    Ok(found.into_iter().map(|(_, a)| a).collect())
}
