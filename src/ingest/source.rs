//! What a format reader hands to the rest of ingest: the body as lines in reading order, each
//! with the page it stands on and, where the format marks it, its heading level; plus what the
//! format itself says about the document.
//!
//! Every format ends here. After a [`Source`], ingest is the same for all of them: normalise,
//! read metadata out of the text ([`super::extract`]), cut passages ([`super::passages`]), tag.
//!
//! ```
//! use seisaku::ingest::source::{Source, SourceLine};
//! let source = Source::plain("第1章 総論\n本文。", "UTF-8");
//! assert_eq!(source.lines[1], SourceLine::text("本文。"));
//! ```

use super::dates::JpDate;

/// The kinds of file ingest reads, by extension (compared case-insensitively).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Plain text (`.txt`, `.md`), in any encoding [`super::decode`] recognises; a plain-text
    /// law is read as articles ([`super::law::text`]).
    Text,
    /// PDF (`.pdf`), read by [`super::pdf`].
    Pdf,
    /// HTML pages (`.html`, `.htm`), see [`super::html`].
    Html,
    /// e-Gov law XML (`.xml`), see [`super::law::xml`].
    LawXml,
}

impl Format {
    /// Every format with its extensions.
    pub const ALL: [(Format, &'static [&'static str]); 4] = [
        (Format::Text, &["txt", "md"]),
        (Format::Pdf, &["pdf"]),
        (Format::Html, &["html", "htm"]),
        (Format::LawXml, &["xml"]),
    ];

    /// The format of a file named `path`, if ingest reads it.
    pub fn of(path: &std::path::Path) -> Option<Format> {
        let extension = path.extension()?.to_str()?;
        Self::ALL
            .iter()
            .find(|(_, extensions)| extensions.iter().any(|e| extension.eq_ignore_ascii_case(e)))
            .map(|(format, _)| *format)
    }
}

/// A file as its reader understood it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Source {
    /// Body lines in reading order (not yet normalised).
    pub lines: Vec<SourceLine>,
    /// The physical pages of a paged format (PDF), in order; empty for other formats.
    pub pages: Vec<SourcePage>,
    /// What the format says about the document.
    pub meta: FormatMeta,
}

/// One line of a document's body.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SourceLine {
    /// The line's text, without a line break.
    pub text: String,
    /// Physical page the line is on (from 1), for paged formats.
    pub page: Option<u32>,
    /// Heading level the format gives the line (0 is the highest: an HTML `<h1>`, a law's 編),
    /// or `None` for body text. Where a format gives headings, they alone structure the
    /// document: the text heuristics for headings are not applied.
    pub heading: Option<u8>,
}

impl SourceLine {
    /// A body line.
    pub fn text(text: impl Into<String>) -> Self {
        Self { text: text.into(), page: None, heading: None }
    }

    /// A heading of `level` (0 highest).
    pub fn heading(level: u8, text: impl Into<String>) -> Self {
        Self { text: text.into(), page: None, heading: Some(level) }
    }

    /// The same line, on physical page `page`.
    pub fn on_page(mut self, page: u32) -> Self {
        self.page = Some(page);
        self
    }
}

/// A physical page of a paged document.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SourcePage {
    /// The page number printed on the page (`12`, `2-1`, `iii`), where the page shows one.
    pub folio: Option<String>,
    /// True when the page's text came from OCR.
    pub ocr: bool,
}

/// Metadata a format carries itself (PDF document info, HTML `<title>`, e-Gov `LawTitle` …).
/// Each field, when set, wins over what ingest would guess from the text, and loses to a
/// sidecar or catalog.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FormatMeta {
    /// Title.
    pub title: Option<String>,
    /// Date of publication or promulgation.
    pub date: Option<JpDate>,
    /// Fiscal year, where the format says more than [`Self::date`] does (a law known by its law
    /// number's year alone, see [`super::law::fiscal_year`]).
    pub fiscal_year: Option<i32>,
    /// Other names of the document that should find it (a law's abbreviation `労基法`).
    pub aliases: Vec<String>,
    /// Encoding the text was decoded from (`UTF-8`, `Shift_JIS` …), or the format's name for
    /// binary formats (`PDF`).
    pub encoding: String,
    /// Further facts worth showing (`producer`, `law number` …), as label and value.
    pub details: Vec<(String, String)>,
}

impl Source {
    /// A plain-text document: one body line per line of `text`.
    pub fn plain(text: &str, encoding: &str) -> Self {
        Self {
            lines: text
                .split('\n')
                .map(|line| SourceLine::text(line.strip_suffix('\r').unwrap_or(line)))
                .collect(),
            pages: Vec::new(),
            meta: FormatMeta { encoding: encoding.to_owned(), ..FormatMeta::default() },
        }
    }

    /// True when the format marks headings itself.
    pub fn has_headings(&self) -> bool {
        self.lines.iter().any(|l| l.heading.is_some())
    }
}
