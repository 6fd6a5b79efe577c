//! Ingest: from files to [`Document`]s — find, decode, read metadata, split into passages.
//!
//! ```text
//! walk ─▶ read bytes ─▶ decode ─▶ normalize_lines ─▶ extract (headers, date, pages)
//!      ─▶ passages::split ─▶ join lines, tag ministries / fiscal years / themes ─▶ Document
//! ```
//!
//! [`Ingestor::ingest_file`] handles one file and never fails the run: a file that cannot be
//! used comes back as a [`Problem`] with `skipped: true`; a file used with reservations (bytes
//! replaced while decoding, a broken sidecar) yields its document plus warning problems.
//! [`Ingestor::document_from_text`] is the pure part (text in, document out), used by tests and
//! fuzzing.
//!
//! Limits: files over [`MAX_FILE_BYTES`] are skipped; the whole file is held in memory while it
//! is ingested (one file at a time, never the corpus).

pub mod catalog;
pub mod columns;
pub mod dates;
pub mod decode;
pub mod extract;
pub mod gazetteer;
pub mod html;
pub mod items;
pub mod law;
pub mod metadata;
pub mod passages;
pub mod pdf;
pub mod source;
pub mod walk;

use std::io::Read;
use std::path::Path;

use serde::{Deserialize, Serialize};

use self::catalog::{Catalog, MetaOverride};
use self::extract::{Extracted, Layout};
use self::gazetteer::Gazetteer;
use self::items::{REPORT_YEAR, REPOST_MARKER, TABLE_MARKERS, item_years, repost_key, responsible};
use self::pdf::PdfOptions;
use self::source::{Format, Source, SourceLine};
use self::walk::SourceFile;
use crate::analysis::normalize::{join_lines, normalize_lines};
use crate::error::Result;
use crate::model::{Document, DocumentMeta, PageRange, Passage};

/// Files larger than this are skipped (they are not documents but dumps).
pub const MAX_FILE_BYTES: u64 = 256 * 1024 * 1024;
/// A line longer than this (characters) is reported: the file is probably not prose with line
/// breaks, and its passages are cut at fixed lengths.
pub const LONG_LINE_CHARS: usize = 100_000;

/// A file the run could not use, or used with reservations.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    /// Corpus-relative path.
    pub path: String,
    /// True when the file was not indexed.
    pub skipped: bool,
    /// What happened, in one line.
    pub reason: String,
}

impl Problem {
    /// A file that was not indexed.
    pub fn skipped(path: &str, reason: &str) -> Self {
        Self { path: path.to_owned(), skipped: true, reason: reason.to_owned() }
    }

    /// A file indexed despite a problem.
    pub fn warning(path: &str, reason: &str) -> Self {
        Self { path: path.to_owned(), skipped: false, reason: reason.to_owned() }
    }
}

/// A document plus the warnings met while making it.
#[derive(Debug, Clone)]
pub struct Ingested {
    /// The document.
    pub document: Document,
    /// Warnings (the document was still made).
    pub warnings: Vec<Problem>,
}

/// A file read into memory with its metadata overrides and content hash (see [`Ingestor::load`]).
#[derive(Debug, Clone)]
pub struct Loaded {
    /// The file's bytes.
    pub bytes: Vec<u8>,
    /// Sidecar over catalog metadata.
    pub meta: MetaOverride,
    /// BLAKE3 of the bytes, the sidecar and the catalog entry (and, for a PDF, the PDF reader's
    /// version and whether OCR was off) (hex).
    pub content_hash: String,
    /// Warnings so far (a broken sidecar).
    pub warnings: Vec<Problem>,
}

/// Turns files into documents. Cheap to share across threads.
#[derive(Debug, Clone)]
pub struct Ingestor {
    gazetteer: Gazetteer,
    layout: Layout,
    catalog: Catalog,
    pdf: PdfOptions,
}

impl Ingestor {
    /// An ingestor with the bundled gazetteers and layout rules and the given catalog.
    pub fn new(catalog: Catalog) -> Result<Self> {
        Ok(Self {
            gazetteer: Gazetteer::bundled()?,
            layout: Layout::bundled()?,
            catalog,
            pdf: PdfOptions::default(),
        })
    }

    /// The same ingestor, reading PDFs with `options` (OCR on or off, the OCR cache).
    pub fn with_pdf_options(mut self, options: PdfOptions) -> Self {
        self.pdf = options;
        self
    }

    /// The gazetteers in use.
    pub fn gazetteer(&self) -> &Gazetteer {
        &self.gazetteer
    }

    /// Reads, decodes and converts one file; `Err` means the file was skipped.
    pub fn ingest_file(&self, file: &SourceFile) -> std::result::Result<Ingested, Problem> {
        let loaded = self.load(file)?;
        self.convert(file, loaded)
    }

    /// Reads a file with its sidecar and catalog entry and hashes them, without decoding: enough
    /// to tell whether an indexed document changed.
    pub fn load(&self, file: &SourceFile) -> std::result::Result<Loaded, Problem> {
        let bytes = read_limited(&file.path).map_err(|reason| Problem::skipped(&file.rel, &reason))?;
        let mut warnings = Vec::new();
        let sidecar = catalog::read_sidecar(&file.path).unwrap_or_else(|err| {
            warnings.push(Problem::warning(&file.rel, &format!("sidecar ignored: {err}")));
            None
        });
        let catalog_entry = self.catalog.get(&file.rel).cloned().unwrap_or_default();
        let mut hasher = blake3::Hasher::new();
        hasher.update(&bytes);
        if let Some((_, text)) = &sidecar {
            hasher.update(text.as_bytes());
        }
        hasher.update(toml::to_string(&catalog_entry).unwrap_or_default().as_bytes());
        // A PDF is read again when the PDF reader changes, and once OCR is switched on.
        if Format::of(&file.path) == Some(Format::Pdf) {
            let ocr = if self.pdf.ocr { "" } else { " no-ocr" };
            hasher.update(format!("pdf reader {}{ocr}", pdf::READER_VERSION).as_bytes());
        }
        let meta = match sidecar {
            Some((sidecar, _)) => sidecar.over(catalog_entry),
            None => catalog_entry,
        };
        Ok(Loaded { bytes, meta, content_hash: hasher.finalize().to_hex().to_string(), warnings })
    }

    /// Reads a loaded file with its format's reader and builds its document; `Err` means the
    /// file was skipped.
    pub fn convert(&self, file: &SourceFile, loaded: Loaded) -> std::result::Result<Ingested, Problem> {
        let Loaded { bytes, meta, content_hash, mut warnings } = loaded;
        let source = self.read(file, &bytes, &mut warnings)?;
        drop(bytes);
        if let Some(longest) =
            source.lines.iter().map(|l| l.text.chars().count()).max().filter(|&n| n > LONG_LINE_CHARS)
        {
            warnings.push(Problem::warning(
                &file.rel,
                &format!(
                    "a line of {longest} characters without a line break; passages are cut at fixed lengths"
                ),
            ));
        }
        let (mut document, meta_warnings) = self.document_from_source(&file.rel, source, meta);
        // The file's hash (bytes, sidecar, catalog entry), not the decoded text's.
        document.content_hash = content_hash;
        warnings.extend(meta_warnings.iter().map(|w| Problem::warning(&file.rel, w)));
        Ok(Ingested { document, warnings })
    }

    /// A file as its format's reader reads it, before anything else is done to the text
    /// (normalisation, two-column restoration, passages): what `seisaku show --raw` prints.
    pub fn read_source(&self, file: &SourceFile) -> std::result::Result<Source, Problem> {
        let bytes = read_limited(&file.path).map_err(|reason| Problem::skipped(&file.rel, &reason))?;
        self.read(file, &bytes, &mut Vec::new())
    }

    /// Reads a file's bytes with its format's reader.
    fn read(
        &self,
        file: &SourceFile,
        bytes: &[u8],
        warnings: &mut Vec<Problem>,
    ) -> std::result::Result<Source, Problem> {
        match Format::of(&file.path) {
            Some(Format::Text) | None => read_text(bytes, &file.rel, warnings),
            Some(Format::Pdf) => read_pdf(&file.path, bytes, &self.pdf, &file.rel, warnings),
            Some(Format::Html) => read_html(bytes, &file.rel, warnings),
            Some(Format::LawXml) => read_law_xml(bytes, &file.rel, warnings),
        }
    }

    /// Builds a document from decoded text; also returns warnings about the metadata.
    pub fn document_from_text(
        &self,
        id: &str,
        text: &str,
        encoding: &str,
        meta: MetaOverride,
    ) -> (Document, Vec<String>) {
        self.document_from_source(id, Source::plain(text, encoding), meta)
    }

    /// Builds a document from what a format reader made of a file; also returns warnings about
    /// the metadata.
    pub fn document_from_source(
        &self,
        id: &str,
        source: Source,
        meta: MetaOverride,
    ) -> (Document, Vec<String>) {
        let mut warnings = Vec::new();
        let Source { lines, pages, meta: format } = source;
        let lines = normalized(lines);
        let table_mode = lines.iter().any(|l| TABLE_MARKERS.iter().any(|m| l.text.contains(m)));
        let (extracted, restoration) = self.extract(lines, &pages, table_mode);
        let drafts = passages::split(&extracted.lines, table_mode);
        let body = body_text(&extracted);

        let found_date = format.date.or(extracted.date);
        let date = match meta.date.as_deref() {
            Some(given) => dates::parse(given).or_else(|| {
                warnings.push(format!("metadata date {given:?} is not a date; ignored"));
                found_date
            }),
            None => found_date,
        };
        let publisher =
            metadata::publisher(&self.gazetteer.ministries, &meta, &extracted, &body, &mut warnings);
        let fiscal_year = meta.fiscal_year.or_else(|| match (meta.date.is_some(), format.fiscal_year) {
            (false, Some(year)) => Some(year),
            _ => date.and_then(|d| d.fiscal_year()),
        });
        let document_meta = DocumentMeta {
            title: metadata::title(id, &meta, format.title.as_deref(), &extracted),
            source_url: meta.url.clone().or(extracted.source_url.clone()),
            publisher,
            date: date.and_then(|d| d.to_date()),
            fiscal_year,
            pages: extracted.pages.clone(),
            series: meta.series.clone(),
            source: extracted.source.clone(),
            encoding: format.encoding,
            aliases: format.aliases,
            details: format
                .details
                .into_iter()
                .chain(
                    (!restoration.restored.is_empty())
                        .then(|| (columns::RESTORED_DETAIL.to_owned(), restoration.restored.join(" "))),
                )
                .collect(),
        };
        let report_year = REPORT_YEAR.captures(&document_meta.title).and_then(|c| c[1].parse::<i32>().ok());
        let default_ministries: Vec<String> = if meta.ministries.is_empty() {
            document_meta.publisher.iter().cloned().collect()
        } else {
            meta.ministries.iter().map(|m| self.canonical_ministry(m)).collect()
        };
        let passages = drafts
            .into_iter()
            .enumerate()
            .map(|(no, draft)| {
                let text = join_lines(&draft.lines.join("\n")).trim().to_owned();
                let mut passage = Passage {
                    no: u32::try_from(no).unwrap_or(u32::MAX),
                    heading: draft.heading.clone(),
                    page: page_reference(&extracted, draft.page, draft.last_page),
                    pages: physical_pages(&extracted, draft.page, draft.last_page),
                    reposted: text.contains(REPOST_MARKER),
                    repost_key: repost_key(&text),
                    ..Passage::default()
                };
                if let Some(marker) = &draft.item {
                    let ministries = responsible(
                        &self.gazetteer.ministries,
                        text.strip_prefix(marker.as_str()).unwrap_or(&text),
                    );
                    let item = std::iter::once(marker.as_str())
                        .chain(ministries.iter().map(String::as_str))
                        .collect::<Vec<_>>()
                        .join(" ");
                    passage.heading = Some(match draft.heading {
                        Some(section) => format!("{section} › {item}"),
                        None => item,
                    });
                    passage.fiscal_years = item_years(&text, report_year);
                    passage.ministries = ministries;
                }
                if passage.ministries.is_empty() {
                    passage.ministries = default_ministries.clone();
                }
                if passage.fiscal_years.is_empty() {
                    passage.fiscal_years.extend(fiscal_year);
                }
                let found = self.gazetteer.ministries.find(&text);
                passage.mentions = found.into_iter().filter(|m| !passage.ministries.contains(m)).collect();
                let mut themes = self.gazetteer.themes.find(&text);
                themes
                    .extend(meta.themes.iter().filter(|t| !themes.contains(t)).cloned().collect::<Vec<_>>());
                passage.themes = themes;
                passage.text = text;
                passage
            })
            .collect();
        let document = Document {
            id: id.to_owned(),
            path: id.to_owned(),
            meta: document_meta,
            // The body's hash; `convert` replaces it with the source file's.
            content_hash: blake3::hash(body.as_bytes()).to_hex().to_string(),
            passages,
        };
        (document, warnings)
    }

    /// The normalised body a document's passages are cut from (for invariant checks).
    pub fn body_of(&self, text: &str) -> String {
        let lines = normalized(Source::plain(text, "").lines);
        let table_mode = lines.iter().any(|l| TABLE_MARKERS.iter().any(|m| l.text.contains(m)));
        body_text(&self.extract(lines, &[], table_mode).0)
    }

    /// Reads metadata and page furniture out of normalised lines ([`extract::extract`]) and, in
    /// a NISC table without format headings, puts two-column items back in column order
    /// ([`columns::restore`]).
    fn extract(
        &self,
        lines: Vec<SourceLine>,
        pages: &[source::SourcePage],
        table_mode: bool,
    ) -> (Extracted, columns::Restoration) {
        let explicit = lines.iter().any(|l| l.heading.is_some());
        let mut extracted = extract::extract(lines, pages, &self.layout);
        if !table_mode || explicit {
            return (extracted, columns::Restoration::default());
        }
        let (lines, restoration) = columns::restore(std::mem::take(&mut extracted.lines));
        extracted.lines = lines;
        (extracted, restoration)
    }

    fn canonical_ministry(&self, name: &str) -> String {
        self.gazetteer.ministries.canonicalize(name).unwrap_or_else(|| name.trim().to_owned())
    }
}

/// The plain-text reader: decodes the bytes (a decoding warning is recorded); a text shaped as
/// a law is read as one ([`law::text`]).
fn read_text(bytes: &[u8], rel: &str, warnings: &mut Vec<Problem>) -> std::result::Result<Source, Problem> {
    let decoded = decoded(decode::decode(bytes), rel, warnings)?;
    Ok(law::text::read(&decoded.text, decoded.encoding)
        .unwrap_or_else(|| Source::plain(&decoded.text, decoded.encoding)))
}

/// The HTML reader ([`html`]).
fn read_html(bytes: &[u8], rel: &str, warnings: &mut Vec<Problem>) -> std::result::Result<Source, Problem> {
    let decoded = decoded(html::decode_page(bytes), rel, warnings)?;
    Ok(html::read(&decoded.text, decoded.encoding))
}

/// The e-Gov law XML reader ([`law::xml`]); XML that is no law is skipped.
fn read_law_xml(
    bytes: &[u8],
    rel: &str,
    warnings: &mut Vec<Problem>,
) -> std::result::Result<Source, Problem> {
    let decoded = decoded(decode::decode(bytes), rel, warnings)?;
    let mut source = law::xml::read(&decoded.text).map_err(|err| Problem::skipped(rel, &err.to_string()))?;
    source.meta.encoding = decoded.encoding.to_owned();
    Ok(source)
}

/// A decoding's text, its warning recorded; a refusal skips the file.
fn decoded(
    result: std::result::Result<decode::Decoded, decode::DecodeError>,
    rel: &str,
    warnings: &mut Vec<Problem>,
) -> std::result::Result<decode::Decoded, Problem> {
    let decoded = result.map_err(|err| Problem::skipped(rel, &err.to_string()))?;
    if let Some(warning) = &decoded.warning {
        warnings.push(Problem::warning(rel, &warning.to_string()));
    }
    Ok(decoded)
}

/// The PDF reader ([`pdf::read`]); its warnings are recorded.
fn read_pdf(
    path: &Path,
    bytes: &[u8],
    options: &PdfOptions,
    rel: &str,
    warnings: &mut Vec<Problem>,
) -> std::result::Result<Source, Problem> {
    let read = pdf::read(path, bytes, options).map_err(|err| Problem::skipped(rel, &err.to_string()))?;
    warnings.extend(read.warnings.iter().map(|w| Problem::warning(rel, w)));
    Ok(read.source)
}

/// Lines normalised ([`normalize_lines`]); a line the normaliser breaks (a stray carriage
/// return) becomes several lines in the same place.
fn normalized(lines: Vec<SourceLine>) -> Vec<SourceLine> {
    let mut out = Vec::with_capacity(lines.len());
    for line in lines {
        let text = normalize_lines(&line.text);
        if !text.contains('\n') {
            out.push(SourceLine { text, ..line });
            continue;
        }
        out.extend(text.split('\n').map(|piece| SourceLine { text: piece.to_owned(), ..line.clone() }));
    }
    out
}

/// How a passage on pages `first`..=`last` (indices into [`Extracted::pages`]) names its page:
/// the first page's reference, or `pp. 12–13` when a passage of a paged format spans pages.
fn page_reference(extracted: &Extracted, first: Option<usize>, last: Option<usize>) -> Option<String> {
    let label = extracted.pages.get(first?)?;
    match last.filter(|&l| extracted.paged && Some(l) != first) {
        Some(last) => Some(format!("pp. {}–{}", first? + 1, last + 1)),
        None => Some(label.clone()),
    }
}

/// The physical pages a passage of a paged format stands on.
fn physical_pages(extracted: &Extracted, first: Option<usize>, last: Option<usize>) -> Option<PageRange> {
    if !extracted.paged {
        return None;
    }
    let number = |index: usize| u32::try_from(index + 1).ok();
    let first = number(first?)?;
    Some(PageRange { first, last: last.and_then(number).unwrap_or(first).max(first) })
}

/// The body lines joined and OCR-repaired: the text passages are substrings of.
fn body_text(extracted: &Extracted) -> String {
    let lines: Vec<&str> = extracted.lines.iter().map(|l| l.text.as_str()).collect();
    join_lines(&lines.join("\n"))
}

/// Reads a file, refusing files over [`MAX_FILE_BYTES`] without reading them.
fn read_limited(path: &Path) -> std::result::Result<Vec<u8>, String> {
    let file = std::fs::File::open(path).map_err(|err| format!("cannot open: {err}"))?;
    let len = file.metadata().map_err(|err| format!("cannot stat: {err}"))?.len();
    if len > MAX_FILE_BYTES {
        return Err(format!("file too large ({len} bytes; limit {MAX_FILE_BYTES})"));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(len).unwrap_or(0));
    file.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes).map_err(|err| format!("cannot read: {err}"))?;
    Ok(bytes)
}
