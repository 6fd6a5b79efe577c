//! Reading metadata out of a document's text: header lines of republished report pages, the
//! document date, page footers and viewer boilerplate.
//!
//! Input is text after [`normalize_lines`](crate::analysis::normalize::normalize_lines) (NFKC,
//! hyphen repair; line breaks still in place). What is recognised, driven by
//! `dictionaries/layout.toml`:
//!
//! | text | becomes |
//! |---|---|
//! | `公開元URL \| https://… \|` | `source_url` |
//! | `出典情報 \| サイバーセキュリティ戦略本部(第41回 7/10)《内閣官房内閣サイバーセキュリティセンター》 \|` | `source`, and the body in `《…》` as a publisher hint |
//! | `資料1 サイバーセキュリティ2024(…)について (122 ページ)` (near the top) | title and a page reference |
//! | `令和 3 年 6 月 3 日` alone on a line near the top | the document date |
//! | `別添2 - 24 -`, `- 24 -` alone on a line | a page reference, ending a page |
//! | boilerplate lines (`ページ画像`, `出典` …), repeated table headers | dropped |
//!
//! All recognised lines are removed from the body, so they are neither indexed nor shown.

use std::sync::LazyLock;

use regex::Regex;
use serde::Deserialize;

use super::dates::{self, JpDate};
use super::source::{SourceLine, SourcePage};
use crate::error::{Error, Result};

/// The bundled `dictionaries/layout.toml`.
pub const LAYOUT_TOML: &str = include_str!("../../dictionaries/layout.toml");

/// Layout rules (see `dictionaries/layout.toml`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Layout {
    boilerplate: Vec<String>,
    source_url_labels: Vec<String>,
    source_labels: Vec<String>,
    table_headers: Vec<String>,
    header_lines: usize,
}

impl Layout {
    /// Loads the bundled layout rules.
    pub fn bundled() -> Result<Self> {
        toml::from_str(LAYOUT_TOML).map_err(|err| Error::Config {
            path: "dictionaries/layout.toml".into(),
            message: err.to_string(),
        })
    }
}

/// A body line that survived extraction, with the index of the page it is on.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Line {
    /// The line's text (no line break).
    pub text: String,
    /// Index into [`Extracted::pages`] of the page this line is on, if the document has pages.
    pub page: Option<usize>,
    /// Heading level given by the format ([`SourceLine::heading`]).
    pub heading: Option<u8>,
}

/// What extraction found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Extracted {
    /// Title from a `… (N ページ)` header line.
    pub title: Option<String>,
    /// `公開元URL`.
    pub source_url: Option<String>,
    /// `出典情報`.
    pub source: Option<String>,
    /// The body named in `《…》` of the `出典情報` line.
    pub publisher_hint: Option<String>,
    /// The document date line.
    pub date: Option<JpDate>,
    /// Page references, in document order: for a paged format one per physical page
    /// (`p. 12`); otherwise the header's page count first, then the footers.
    pub pages: Vec<String>,
    /// True when [`Extracted::pages`] are physical pages (index + 1 is the page number).
    pub paged: bool,
    /// The remaining body lines.
    pub lines: Vec<Line>,
}

static PAGE_HEADER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:(資料\S*)\s+)?(.+?)\s*\(\s*(\d+)\s*ページ\s*\)$").expect("valid regex")
});
static PAGE_FOOTER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:\S{1,8}?\s*)?-\s*\d{1,4}\s*-$").expect("valid regex"));
static PUBLISHER_HINT: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"《([^》]+)》").expect("valid regex"));

/// Strips surrounding spaces and table pipes from a line.
fn clean(line: &str) -> &str {
    line.trim().trim_matches('|').trim()
}

/// The value of a labelled header line (`label | value |`, `label value`).
fn labelled<'a>(line: &'a str, labels: &[String]) -> Option<&'a str> {
    labels.iter().find_map(|label| {
        let rest = line.strip_prefix(label.as_str())?;
        rest.starts_with([' ', '|', '\t', ':']).then(|| clean(rest.trim_start_matches([':', ' '])))
    })
}

/// Splits normalised `lines` into metadata and body lines. `pages` are the physical pages of a
/// paged format: when given, a line's page is the one its reader says, and page footers are
/// only removed; otherwise pages are read from the footers.
pub fn extract(lines: Vec<SourceLine>, pages: &[SourcePage], layout: &Layout) -> Extracted {
    let mut out = Extracted { paged: !pages.is_empty(), ..Extracted::default() };
    if out.paged {
        out.pages = pages.iter().enumerate().map(|(i, page)| page_label(i, page)).collect();
    }
    // Lines are collected first; page indices are assigned once all footers are known.
    let mut body: Vec<(SourceLine, usize)> = Vec::new();
    let mut footers_seen = 0usize;
    let mut footer_pages: Vec<usize> = Vec::new();
    for (n, source_line) in lines.into_iter().enumerate() {
        let line = clean(&source_line.text);
        let in_header = n < layout.header_lines;
        if layout.boilerplate.iter().any(|b| b == line) || layout.table_headers.iter().any(|h| h == line) {
            continue;
        }
        if let Some(url) = labelled(line, &layout.source_url_labels) {
            out.source_url.get_or_insert_with(|| url.to_owned());
            continue;
        }
        if let Some(source) = labelled(line, &layout.source_labels) {
            if let Some(m) = PUBLISHER_HINT.captures(source) {
                out.publisher_hint.get_or_insert_with(|| m[1].trim().to_owned());
            }
            out.source.get_or_insert_with(|| source.to_owned());
            continue;
        }
        if in_header
            && out.title.is_none()
            && let Some(c) = PAGE_HEADER.captures(line)
        {
            out.title = Some(c[2].to_owned());
            let prefix = c.get(1).map(|m| format!("{} ", m.as_str())).unwrap_or_default();
            out.pages.push(format!("{prefix}({} ページ)", &c[3]));
            continue;
        }
        if in_header
            && out.date.is_none()
            && let Some(date @ JpDate::Day { .. }) = dates::parse(line)
        {
            out.date = Some(date);
            continue;
        }
        if PAGE_FOOTER.is_match(line) {
            if !out.paged {
                footer_pages.push(out.pages.len());
                out.pages.push(line.to_owned());
                footers_seen += 1;
            }
            continue;
        }
        body.push((source_line, footers_seen));
    }
    // A line is on the page whose footer comes next; lines after the last footer are on the last
    // page. Without footers, the header's page reference (if any) is every line's page.
    let fallback = (!out.pages.is_empty()).then_some(0);
    let paged = out.paged;
    out.lines = body
        .into_iter()
        .map(|(line, seen)| {
            let page = if paged {
                line.page.and_then(|p| usize::try_from(p).ok()?.checked_sub(1))
            } else {
                footer_pages.get(seen).or(footer_pages.last()).copied().or(fallback)
            };
            Line { text: line.text.trim_end().to_owned(), page, heading: line.heading }
        })
        .collect();
    out
}

/// How a physical page is named: `p. 12`, with the printed folio where it differs
/// (`p. 12 (2-1)`).
fn page_label(index: usize, page: &SourcePage) -> String {
    let number = index + 1;
    match page.folio.as_deref() {
        Some(folio) if folio != number.to_string() => format!("p. {number} ({folio})"),
        _ => format!("p. {number}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::source::Source;

    fn extract_text(text: &str) -> Extracted {
        extract(Source::plain(text, "UTF-8").lines, &[], &Layout::bundled().unwrap())
    }

    const NISC_PAGE: &str =
        "資料1 サイバーセキュリティ2024(2023年度年次報告・2023年度年次計画)(案)について (122 ページ)
出典
公開元URL | https://www.nisc.go.jp/council/cs/index.html#cs41 |
出典情報 | サイバーセキュリティ戦略本部(第41回 7/10)《内閣官房内閣サイバーセキュリティセンター》 |
ページ画像
プレーンテキスト
2 国民が安全で安心して暮らせるデジタル社会の実現
(ナ) 総務省
経済産業省
項番 担当府省庁
本文。
別添2 - 24 -";

    #[test]
    fn republished_page_headers_become_metadata() {
        let e = extract_text(NISC_PAGE);
        assert_eq!(
            e.title.as_deref(),
            Some("サイバーセキュリティ2024(2023年度年次報告・2023年度年次計画)(案)について")
        );
        assert_eq!(e.source_url.as_deref(), Some("https://www.nisc.go.jp/council/cs/index.html#cs41"));
        assert_eq!(e.publisher_hint.as_deref(), Some("内閣官房内閣サイバーセキュリティセンター"));
        assert_eq!(e.pages, ["資料1 (122 ページ)", "別添2 - 24 -"]);
        let texts: Vec<&str> = e.lines.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(
            texts,
            ["2 国民が安全で安心して暮らせるデジタル社会の実現", "(ナ) 総務省", "経済産業省", "本文。"]
        );
        assert!(e.lines.iter().all(|l| l.page == Some(1)));
    }

    #[test]
    fn document_date_line_near_the_top() {
        let e = extract_text("\n\n「総合対策」の概要\n\n令和 3 年 6 月 3 日\n事 務 局\n");
        assert_eq!(e.date, Some(JpDate::Day { year: 2021, month: 6, day: 3 }));
        assert!(e.lines.iter().all(|l| !l.text.contains("令和")));
    }

    #[test]
    fn lines_take_the_page_of_the_next_footer() {
        let e = extract_text("一\n- 1 -\n二\n- 2 -\n三");
        let pages: Vec<Option<usize>> = e.lines.iter().map(|l| l.page).collect();
        assert_eq!(e.pages, ["- 1 -", "- 2 -"]);
        assert_eq!(pages, [Some(0), Some(1), Some(1)]);
    }

    #[test]
    fn paged_formats_keep_their_pages_and_drop_footers() {
        let lines = vec![
            SourceLine::text("一").on_page(1),
            SourceLine::text("- 1 -").on_page(1),
            SourceLine::text("二").on_page(2),
        ];
        let pages = [SourcePage::default(), SourcePage { folio: Some("2-1".into()), ocr: false }];
        let e = extract(lines, &pages, &Layout::bundled().unwrap());
        assert_eq!(e.pages, ["p. 1", "p. 2 (2-1)"]);
        let got: Vec<(&str, Option<usize>)> = e.lines.iter().map(|l| (l.text.as_str(), l.page)).collect();
        assert_eq!(got, [("一", Some(0)), ("二", Some(1))]);
    }
}
