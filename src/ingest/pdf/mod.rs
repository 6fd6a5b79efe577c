//! The PDF reader: a PDF file becomes a [`Source`] of lines in reading order, each on its
//! physical page, with the printed folio of each page and the document information.
//!
//! ```text
//! pdftotext -bbox-layout ─▶ bbox::parse ─▶ layout::read_page (per page: columns, vertical
//!   writing, rows) ─▶ furniture::remove (running heads, slug lines, folios)
//!   ─▶ pages without text: ocr::page_text (pdftoppm + Tesseract, cached) ─▶ Source
//! ```
//!
//! poppler (`pdftotext`, Debian `poppler-utils` with `poppler-data` for old CID fonts without a
//! Unicode map) extracts the characters; `docs/pdf.md` says why it, and not a pure-Rust crate.
//! Every external program runs as a subprocess with a time limit and a memory bound
//! ([`tool`]), so a corrupt, truncated, encrypted or pathological PDF fails alone as a
//! [`PdfError`] and the file is reported and skipped.
//!
//! ```no_run
//! use seisaku::ingest::pdf::{PdfOptions, read};
//! let path = std::path::Path::new("paper.pdf");
//! let pdf = read(path, &std::fs::read(path).unwrap(), &PdfOptions::default()).unwrap();
//! println!("{} lines on {} pages", pdf.source.lines.len(), pdf.source.pages.len());
//! ```
//!
//! Limits: see [`layout`] (reading order) and [`furniture`]; OCR text has no positions, so
//! OCR'd pages keep Tesseract's order and their furniture.

pub mod bbox;
pub mod furniture;
pub mod layout;
pub mod ocr;
pub mod tool;

use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use regex::Regex;

use super::source::{FormatMeta, Source, SourceLine, SourcePage};
use crate::analysis::normalize::normalize_lines;
use tool::Tool;

/// Version of the PDF reader (reading order, furniture, titles, OCR): part of a PDF's content
/// hash, so changing it re-reads every PDF on the next incremental `seisaku index`.
pub const READER_VERSION: u32 = 1;

/// Why a PDF could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PdfError {
    /// A program the reader needs is not installed.
    #[error("{program} is not installed; install it with: apt-get install {packages}")]
    MissingTool {
        /// The program.
        program: &'static str,
        /// Debian packages that provide it.
        packages: &'static str,
    },
    /// A program ran past its time limit and was stopped.
    #[error("{program} took longer than {seconds} s on this file and was stopped")]
    Timeout {
        /// The program.
        program: &'static str,
        /// Its time limit.
        seconds: u64,
    },
    /// The file does not start like a PDF.
    #[error("not a PDF file (no %PDF- header)")]
    NotPdf,
    /// The file is encrypted with a password.
    #[error("the PDF is encrypted and needs a password")]
    Encrypted,
    /// No page has text, and none could be OCR'd.
    #[error("none of the {pages} pages has a text layer; {remedy}")]
    NoText {
        /// Page count.
        pages: usize,
        /// What would read them.
        remedy: String,
    },
    /// A program failed, or its output was unusable.
    #[error("{program} failed: {message}")]
    Failed {
        /// The program.
        program: &'static str,
        /// The last line of its error output.
        message: String,
    },
}

/// How PDFs are read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PdfOptions {
    /// OCR pages without a text layer (when Tesseract is installed).
    pub ocr: bool,
    /// Folder of cached OCR text (the index's `ocr-cache/`); `None` caches nothing.
    pub ocr_cache: Option<PathBuf>,
}

impl Default for PdfOptions {
    fn default() -> Self {
        Self { ocr: true, ocr_cache: None }
    }
}

/// A PDF as read: its source, and warnings (pages left unread).
#[derive(Debug, Clone)]
pub struct PdfText {
    /// Lines in reading order with their pages, page folios and document information.
    pub source: Source,
    /// What was read with reservations.
    pub warnings: Vec<String>,
}

/// Reads the PDF at `path`, whose contents are `bytes` (used for the header check and the OCR
/// cache key).
pub fn read(path: &Path, bytes: &[u8], options: &PdfOptions) -> Result<PdfText, PdfError> {
    if !bytes[..bytes.len().min(1024)].windows(5).any(|w| w == b"%PDF-") {
        return Err(PdfError::NotPdf);
    }
    let xhtml = tool::run(
        Tool::PdfToText,
        &["-enc".as_ref(), "UTF-8".as_ref(), "-bbox-layout".as_ref(), path.as_os_str(), "-".as_ref()],
    )?;
    let doc = bbox::parse(&String::from_utf8_lossy(&xhtml))
        .map_err(|message| PdfError::Failed { program: "pdftotext", message })?;
    if doc.pages.is_empty() {
        return Err(PdfError::Failed { program: "pdftotext", message: "no pages".to_owned() });
    }
    let mut laid_out: Vec<Option<Vec<layout::TextLine>>> =
        doc.pages.iter().map(|page| (!page.lines.is_empty()).then(|| layout::read_page(page))).collect();
    let folios = furniture::remove(&mut laid_out);

    let mut warnings = Vec::new();
    let blank: Vec<usize> = (0..laid_out.len()).filter(|&i| laid_out[i].is_none()).collect();
    let mut ocr_text: Vec<Option<String>> = vec![None; laid_out.len()];
    let mut remedy = String::new();
    if !blank.is_empty() {
        if !options.ocr {
            remedy = "OCR is off (--no-ocr)".to_owned();
        } else if !Tool::Tesseract.available() {
            remedy = format!("install {} to OCR them", Tool::Tesseract.packages());
        } else {
            let hash = blake3::hash(bytes).to_hex().to_string();
            for &i in &blank {
                match ocr::page_text(path, &hash, i + 1, options.ocr_cache.as_deref()) {
                    Ok(text) => ocr_text[i] = Some(text),
                    Err(err) => warnings.push(format!("page {}: OCR failed: {err}", i + 1)),
                }
            }
        }
        if !remedy.is_empty() {
            if blank.len() == laid_out.len() {
                return Err(PdfError::NoText { pages: blank.len(), remedy });
            }
            warnings.push(format!(
                "{} of {} pages have no text layer and were not read: {remedy}",
                blank.len(),
                laid_out.len()
            ));
        }
    }

    let mut lines = Vec::new();
    let mut pages = Vec::with_capacity(laid_out.len());
    for (i, (page, folio)) in laid_out.into_iter().zip(folios).enumerate() {
        let number = u32::try_from(i + 1).unwrap_or(u32::MAX);
        let ocr = ocr_text[i].take();
        pages.push(SourcePage { folio, ocr: ocr.is_some() });
        let texts: Vec<String> = match (page, ocr) {
            (Some(page), _) => page.into_iter().map(|l| l.text).collect(),
            (None, Some(text)) => text.lines().map(str::to_owned).collect(),
            (None, None) => Vec::new(),
        };
        lines.extend(texts.into_iter().map(|text| SourceLine::text(text).on_page(number)));
    }
    let ocr_pages: Vec<usize> = pages.iter().enumerate().filter(|(_, p)| p.ocr).map(|(i, _)| i + 1).collect();
    let mut details = vec![("page count".to_owned(), pages.len().to_string())];
    details.extend(doc.info.producer.clone().map(|p| ("producer".to_owned(), p)));
    details.extend(doc.info.creator.clone().map(|c| ("creator".to_owned(), c)));
    if !ocr_pages.is_empty() {
        details.push(("OCR pages".to_owned(), page_list(&ocr_pages)));
    }
    if lines.iter().all(|l: &SourceLine| l.text.trim().is_empty()) {
        return Err(PdfError::NoText { pages: pages.len(), remedy: "OCR found no text either".to_owned() });
    }
    let title = doc.info.title.as_deref().and_then(info_title).or_else(|| notice_title(&lines));
    let meta = FormatMeta {
        title: title.map(|t| normalize_lines(&t)),
        encoding: "PDF".to_owned(),
        details,
        ..FormatMeta::default()
    };
    Ok(PdfText { source: Source { lines, pages, meta }, warnings })
}

/// The subject line of a notice (通知, 事務連絡): among the first lines of page 1, after the
/// letter-spaced `事 務 連 絡`, the date, the addressee and the sender, the first line ending in
/// `について` (`原薬等登録原簿に関する質疑応答集(Q&A)について(その4)`).
fn notice_title(lines: &[SourceLine]) -> Option<String> {
    lines
        .iter()
        .take_while(|l| l.page == Some(1))
        .take(12)
        .map(|l| normalize_lines(&l.text).trim().to_owned())
        .find(|text| NOTICE_SUBJECT.is_match(text))
}

static NOTICE_SUBJECT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\S.{2,80}について(?:\([^)]{1,12}\))?$").expect("valid regex"));

/// Pages as ranges: `1–3, 5`.
fn page_list(pages: &[usize]) -> String {
    let mut ranges: Vec<(usize, usize)> = Vec::new();
    for &page in pages {
        match ranges.last_mut() {
            Some((_, last)) if *last + 1 == page => *last = page,
            _ => ranges.push((page, page)),
        }
    }
    ranges
        .iter()
        .map(|&(a, b)| if a == b { a.to_string() } else { format!("{a}–{b}") })
        .collect::<Vec<_>>()
        .join(", ")
}

/// The document information's title, when it is a real title: hex-encoded or Latin-1-misread
/// Shift-JIS bytes are decoded; a file name (`Taro9-安全基準（その１）.PDF`, `Microsoft Word -
/// 報告書.docx`), or text with characters lost in conversion (`?`, U+FFFD), is not a title.
pub fn info_title(raw: &str) -> Option<String> {
    let raw = raw.trim();
    let decoded = if let Some(hex) = raw.strip_prefix('<').and_then(|r| r.strip_suffix('>')) {
        shift_jis(&hex_bytes(hex)?)?
    } else if raw.chars().any(|c| ('\u{80}'..='\u{ff}').contains(&c))
        && raw.chars().all(|c| (c as u32) < 0x100)
    {
        shift_jis(&raw.chars().map(|c| c as u8).collect::<Vec<u8>>()).unwrap_or_else(|| raw.to_owned())
    } else {
        raw.to_owned()
    };
    let title = decoded.trim();
    let lower = title.to_ascii_lowercase();
    let file_name = [".pdf", ".doc", ".docx", ".jtd", ".ppt", ".pptx", ".xls", ".xlsx", ".txt", ".indd"]
        .iter()
        .any(|ext| lower.ends_with(ext))
        || lower.starts_with("microsoft ")
        || lower.starts_with("untitled");
    let lost = title.contains(['?', '\u{fffd}']);
    let letters = title.chars().filter(|c| c.is_alphanumeric()).count();
    (!file_name && !lost && letters >= 2).then(|| title.to_owned())
}

fn hex_bytes(hex: &str) -> Option<Vec<u8>> {
    let hex: Vec<u8> = hex.bytes().filter(|b| !b.is_ascii_whitespace()).collect();
    hex.chunks(2).map(|pair| u8::from_str_radix(std::str::from_utf8(pair).ok()?, 16).ok()).collect()
}

fn shift_jis(bytes: &[u8]) -> Option<String> {
    let (text, had_errors) = encoding_rs::SHIFT_JIS.decode_without_bom_handling(bytes);
    (!had_errors).then(|| text.into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_from_document_information() {
        assert_eq!(
            info_title("第5章　新時代を迎えたＡＩの社会へのインパクト").as_deref(),
            Some("第5章　新時代を迎えたＡＩの社会へのインパクト")
        );
        assert_eq!(info_title("Taro9-安全基準（その１）.PDF"), None);
        assert_eq!(info_title("Microsoft Word - 報告書.docx"), None);
        // Shift-JIS bytes for 報告書 written as hex and as Latin-1.
        assert_eq!(info_title("<95F18D908F91>").as_deref(), Some("報告書"));
        assert_eq!(info_title("\u{95}\u{f1}\u{8d}\u{90}\u{8f}\u{91}").as_deref(), Some("報告書"));
        // The METI guideline's title: a Word file name with characters lost as '?'.
        assert_eq!(
            info_title(
                "<4D6963726F736F667420576F7264202D20816983708375835283818C8B89CA8CF6955C977029834E8389834583673F835A834C8385838A83658342834A3F834383673F8389834383935F89FC92F994C58169836E3F83743F8352838191CE899E815B8252816A2E646F6378>"
            ),
            None
        );
        assert_eq!(info_title(""), None);
    }

    #[test]
    fn notices_are_titled_by_their_subject_line() {
        let lines: Vec<SourceLine> = [
            "事務連絡",
            "平成25年10月29日",
            "各都道府県衛生主管部(局)薬務主管課 御中",
            "原薬等登録原簿に関する質疑応答集(Q&A)について(その4)",
            "本文。",
        ]
        .iter()
        .map(|t| SourceLine::text(*t).on_page(1))
        .collect();
        assert_eq!(
            notice_title(&lines).as_deref(),
            Some("原薬等登録原簿に関する質疑応答集(Q&A)について(その4)")
        );
        assert_eq!(notice_title(&lines[..3]), None);
    }

    #[test]
    fn page_lists_are_ranges() {
        assert_eq!(page_list(&[1, 2, 3, 5, 7, 8]), "1–3, 5, 7–8");
    }
}
