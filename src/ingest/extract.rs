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
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    /// The line's text (no line break).
    pub text: String,
    /// Index into [`Extracted::pages`] of the page this line is on, if the document has pages.
    pub page: Option<usize>,
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
    /// Page references, in document order (header page count first, then footers).
    pub pages: Vec<String>,
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

/// Splits `text` (normalised lines) into metadata and body lines.
pub fn extract(text: &str, layout: &Layout) -> Extracted {
    let mut out = Extracted::default();
    // Lines are collected first; page indices are assigned once all footers are known.
    let mut body: Vec<(String, usize)> = Vec::new();
    let mut footers_seen = 0usize;
    let mut footer_pages: Vec<usize> = Vec::new();
    for (n, raw) in text.split('\n').enumerate() {
        let line = clean(raw);
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
            footer_pages.push(out.pages.len());
            out.pages.push(line.to_owned());
            footers_seen += 1;
            continue;
        }
        body.push((raw.trim_end().to_owned(), footers_seen));
    }
    // A line is on the page whose footer comes next; lines after the last footer are on the last
    // page. Without footers, the header's page reference (if any) is every line's page.
    let fallback = (!out.pages.is_empty()).then_some(0);
    out.lines = body
        .into_iter()
        .map(|(text, seen)| {
            let page = footer_pages.get(seen).or(footer_pages.last()).copied().or(fallback);
            Line { text, page }
        })
        .collect();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

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
        let e = extract(NISC_PAGE, &Layout::bundled().unwrap());
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
        let e =
            extract("\n\n「総合対策」の概要\n\n令和 3 年 6 月 3 日\n事 務 局\n", &Layout::bundled().unwrap());
        assert_eq!(e.date, Some(JpDate::Day { year: 2021, month: 6, day: 3 }));
        assert!(e.lines.iter().all(|l| !l.text.contains("令和")));
    }

    #[test]
    fn lines_take_the_page_of_the_next_footer() {
        let e = extract("一\n- 1 -\n二\n- 2 -\n三", &Layout::bundled().unwrap());
        let pages: Vec<Option<usize>> = e.lines.iter().map(|l| l.page).collect();
        assert_eq!(e.pages, ["- 1 -", "- 2 -"]);
        assert_eq!(pages, [Some(0), Some(1), Some(1)]);
    }
}
