//! Writing the index: incremental, crash-safe, one writer at a time.
//!
//! [`Indexer::run`] walks the corpus and brings the index in line with it:
//! - a file whose content hash (bytes + sidecar + catalog entry) is already indexed is left
//!   alone (*unchanged*); a new file is *added*; a changed one is *updated* (its passages are
//!   deleted and re-added in the same commit, so a document never appears twice);
//! - a document whose file is gone (or now excluded) is *removed*, unless its folder could not
//!   be read this time;
//! - if the index was built by another schema or analysis chain, or `full` is asked, everything
//!   is rebuilt.
//!
//! Commits are tantivy's (atomic: readers see the previous commit or the next, never a mix) and
//! happen every [`IndexOptions::commit_bytes`] of source text or [`IndexOptions::commit_interval`],
//! so a run killed at any point loses at most that much work; the next run finds the committed
//! documents unchanged and completes the rest. tantivy's writer lock makes a second concurrent
//! writer fail at once with [`Error::Locked`]; readers are never blocked.

use std::collections::HashSet;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use tantivy::directory::{Directory, INDEX_WRITER_LOCK, MmapDirectory};
use tantivy::{Index, IndexWriter, Term};

use super::schema::Fields;
use super::{IndexLocation, IndexState, document_count, indexed_documents};
use crate::analysis::morph::morph_failures;
use crate::error::{Error, Result};
use crate::ingest::catalog::Catalog;
use crate::ingest::pdf::PdfOptions;
use crate::ingest::walk::{self, Entry, SourceFile};
use crate::ingest::{Ingestor, Problem};

/// Folder inside the index folder where OCR'd page text is cached.
pub const OCR_CACHE: &str = "ocr-cache";

/// How to run the indexer.
#[derive(Debug, Clone)]
pub struct IndexOptions {
    /// Corpus folder.
    pub corpus: PathBuf,
    /// Catalog file (default: `catalog.toml` in the corpus folder, if present).
    pub catalog: Option<PathBuf>,
    /// Rebuild everything instead of updating.
    pub full: bool,
    /// Paths to leave out, as gitignore-style globs relative to the corpus folder (`urls/`).
    pub exclude: Vec<String>,
    /// Commit after this many bytes of source files. Each commit closes the writer's segments
    /// and tantivy merges small ones: at 32 MB the laws (240 MB) took 7 % of their indexing CPU
    /// in merges; at 256 MB, with the interval still bounding the work a killed run loses, they
    /// need none.
    pub commit_bytes: u64,
    /// Commit after this much time (60 s: at 30 s a run over the laws that took 38 s committed
    /// twice and left 4 segments instead of 2, and rare terms answered 1.2-1.4x slower).
    pub commit_interval: Duration,
    /// Indexing threads.
    pub threads: usize,
    /// Memory budget of the writer, in bytes (shared by its threads). A thread writes a segment
    /// whenever its share fills, and every segment is one more that each query visits: at 256 MB
    /// the laws (240 MB) ended in 6 segments, at 1 GB in 2 (one per thread), which answers rare
    /// and mid terms about 30 % faster for the same indexing time, at a peak RSS of about 1.1 GB
    /// instead of 0.6 GB. Small corpora never fill it.
    pub memory_budget: usize,
    /// OCR PDF pages without a text layer (when Tesseract is installed); their text is cached
    /// in the index folder's `ocr-cache/`.
    pub ocr: bool,
}

impl IndexOptions {
    /// Defaults for indexing `corpus`.
    pub fn new(corpus: impl Into<PathBuf>) -> Self {
        let threads = std::thread::available_parallelism().map_or(2, |n| n.get().min(4));
        Self {
            corpus: corpus.into(),
            catalog: None,
            full: false,
            exclude: Vec::new(),
            commit_bytes: 256 * 1024 * 1024,
            commit_interval: Duration::from_secs(60),
            threads,
            memory_budget: 1024 * 1024 * 1024,
            ocr: true,
        }
    }
}

/// Receives progress events (the CLI draws a progress bar from them).
pub trait Progress {
    /// The run will look at `files` files totalling `bytes` bytes.
    fn start(&self, files: u64, bytes: u64);
    /// A file of `bytes` bytes was handled.
    fn advance(&self, bytes: u64);
    /// The run is committing.
    fn finish(&self);
}

/// A [`Progress`] that shows nothing.
pub struct NoProgress;

impl Progress for NoProgress {
    fn start(&self, _: u64, _: u64) {}
    fn advance(&self, _: u64) {}
    fn finish(&self) {}
}

/// What a run did.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct IndexSummary {
    /// Documents in the index after the run.
    pub documents: u64,
    /// Passages in the index after the run.
    pub passages: u64,
    /// New documents.
    pub added: u64,
    /// Changed documents re-indexed.
    pub updated: u64,
    /// Documents whose files are gone.
    pub removed: u64,
    /// Documents left as they were.
    pub unchanged: u64,
    /// Files not indexed (see `problems`).
    pub skipped: u64,
    /// Bytes of the files added or updated.
    pub bytes: u64,
    /// Wall-clock time.
    pub seconds: f64,
    /// Whether the run rebuilt the whole index.
    pub rebuilt: bool,
    /// Texts lindera could not segment (indexed for recall only).
    pub morph_failures: u64,
    /// Every problem met, skipped files and warnings.
    pub problems: Vec<Problem>,
}

impl IndexSummary {
    /// Throughput over the bytes actually indexed.
    pub fn mb_per_s(&self) -> f64 {
        if self.seconds > 0.0 { self.bytes as f64 / 1e6 / self.seconds } else { 0.0 }
    }
}

/// Brings an index in line with a corpus folder.
pub struct Indexer<'a> {
    location: &'a IndexLocation,
    options: &'a IndexOptions,
}

impl<'a> Indexer<'a> {
    /// An indexer for the index at `location`.
    pub fn new(location: &'a IndexLocation, options: &'a IndexOptions) -> Self {
        Self { location, options }
    }

    /// Runs the indexer; `on_problem` sees every problem as it happens.
    pub fn run(&self, progress: &dyn Progress, on_problem: &mut dyn FnMut(&Problem)) -> Result<IndexSummary> {
        let started = Instant::now();
        let catalog = Catalog::load(&self.options.corpus, self.options.catalog.as_deref())?;
        let ingestor = Ingestor::new(catalog)?.with_pdf_options(PdfOptions {
            ocr: self.options.ocr,
            ocr_cache: Some(self.location.path().join(OCR_CACHE)),
        });
        if !self.options.corpus.is_dir() {
            return Err(Error::io(
                &self.options.corpus,
                std::io::Error::new(std::io::ErrorKind::NotFound, "corpus folder not found"),
            ));
        }

        let (index, fields, rebuilt_schema) = self.open_current()?;
        let mut writer: IndexWriter = index
            .writer_with_num_threads(self.options.threads, self.options.memory_budget)
            .map_err(|err| self.lock_error(err))?;
        let mut summary =
            IndexSummary { rebuilt: self.options.full || rebuilt_schema, ..IndexSummary::default() };
        let existing = if summary.rebuilt {
            writer.delete_all_documents()?;
            Default::default()
        } else {
            indexed_documents(&index.reader()?.searcher())?
        };

        let mut report = |problem: Problem, summary: &mut IndexSummary| {
            on_problem(&problem);
            summary.skipped += u64::from(problem.skipped);
            summary.problems.push(problem);
        };
        let mut files: Vec<SourceFile> = Vec::new();
        // Folders the walk could not read: their documents are kept, not taken for removed.
        let mut unwalked: Vec<String> = Vec::new();
        for entry in walk::walk(&self.options.corpus, &self.options.exclude)? {
            match entry {
                Entry::File(file) => files.push(file),
                Entry::Problem(problem) => {
                    if problem.skipped {
                        unwalked.push(problem.path.clone());
                    }
                    report(problem, &mut summary);
                }
            }
        }
        let sizes: Vec<u64> =
            files.iter().map(|f| std::fs::metadata(&f.path).map_or(0, |m| m.len())).collect();
        progress.start(files.len() as u64, sizes.iter().sum());

        let mut seen: HashSet<&str> = HashSet::with_capacity(files.len());
        let mut pending_bytes = 0u64;
        let mut last_commit = Instant::now();
        for (file, size) in files.iter().zip(&sizes) {
            seen.insert(&file.rel);
            let outcome = ingestor.load(file).and_then(|loaded| {
                if existing.get(&file.rel) == Some(&loaded.content_hash) {
                    Ok(None)
                } else {
                    ingestor.convert(file, loaded).map(Some)
                }
            });
            match outcome {
                Err(problem) => report(problem, &mut summary),
                Ok(None) => summary.unchanged += 1,
                Ok(Some(ingested)) => {
                    for warning in ingested.warnings {
                        report(warning, &mut summary);
                    }
                    let replaced = existing.contains_key(&file.rel);
                    writer.delete_term(Term::from_field_text(fields.doc_id, &file.rel));
                    let document = &ingested.document;
                    for passage in &document.passages {
                        writer.add_document(fields.write(document, passage))?;
                    }
                    if replaced {
                        summary.updated += 1
                    } else {
                        summary.added += 1
                    }
                    summary.bytes += size;
                    pending_bytes += size;
                }
            }
            progress.advance(*size);
            if pending_bytes >= self.options.commit_bytes
                || last_commit.elapsed() >= self.options.commit_interval
            {
                commit(&mut writer, false)?;
                pending_bytes = 0;
                last_commit = Instant::now();
            }
        }
        let unreadable =
            |id: &str| unwalked.iter().any(|dir| !dir.is_empty() && id.starts_with(dir.as_str()));
        for id in existing.keys().filter(|id| !seen.contains(id.as_str()) && !unreadable(id)) {
            writer.delete_term(Term::from_field_text(fields.doc_id, id));
            summary.removed += 1;
        }
        progress.finish();
        commit(&mut writer, true)?;
        writer.wait_merging_threads()?;

        let searcher = index.reader()?.searcher();
        summary.passages = searcher.num_docs();
        summary.documents = document_count(&searcher, &fields)?;
        summary.seconds = started.elapsed().as_secs_f64();
        summary.morph_failures = morph_failures();
        Ok(summary)
    }
}

impl Indexer<'_> {
    /// Opens the index, or creates it; an index built by another schema or analysis chain is
    /// deleted and created anew with this binary's schema (its fields may differ, and tantivy
    /// cannot change the schema of an index), under the writer lock so no other writer is
    /// running meanwhile. The flag says whether it was rebuilt.
    fn open_current(&self) -> Result<(Index, Fields, bool)> {
        let opened = match self.location.open_or_create() {
            Err(Error::Index(tantivy::TantivyError::FieldNotFound(_))) => None,
            other => Some(other?),
        };
        if let Some((index, fields)) = opened {
            let compatible = super::state(&index)?.is_none_or(|s| s.is_compatible());
            if compatible && index.schema() == super::schema::build().0 {
                return Ok((index, fields, false));
            }
        }
        let directory = MmapDirectory::open(self.location.path()).map_err(|err| Error::Index(err.into()))?;
        let lock = directory.acquire_lock(&INDEX_WRITER_LOCK).map_err(|err| self.lock_error(err.into()))?;
        let (index, fields) = self.location.recreate()?;
        drop(lock);
        Ok((index, fields, true))
    }

    fn lock_error(&self, err: tantivy::TantivyError) -> Error {
        match err {
            tantivy::TantivyError::LockFailure(..) => Error::Locked {
                index: self.location.path().to_path_buf(),
                lock: self.location.path().join(".tantivy-writer.lock"),
            },
            other => Error::Index(other),
        }
    }
}

/// Commits with the run's state as payload.
fn commit(writer: &mut IndexWriter, complete: bool) -> Result<()> {
    let payload = serde_json::to_string(&IndexState::current(complete)).unwrap_or_default();
    let mut prepared = writer.prepare_commit()?;
    prepared.set_payload(&payload);
    prepared.commit()?;
    Ok(())
}
