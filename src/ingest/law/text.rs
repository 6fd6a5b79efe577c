//! Plain-text laws as e-Gov renders them (`../shared/corpus/egov-laws/`): the title on the first
//! line, the law number (`明治二十九年法律第八十九号`) on the second, then the enacting text, a
//! table of contents (目次), the articles and the supplementary provisions (附則).
//!
//! A text is taken for a law when its second line is an era year with what follows a law
//! number (`昭和二十二年法律第四十九号`, `昭和五十一年…内閣総理大臣決定`) and
//! [`dates::scan`](crate::ingest::dates::scan) reads a date at its start. Then:
//!
//! | line | becomes |
//! |---|---|
//! | `第一編　総則`, `第二章　人`, `第一節…`, `第一款…`, `第一目…` | headings 編 › 章 › 節 › 款 › 目 |
//! | `（基本原則）` followed by `第一条　私権は、…` | heading `第一条（基本原則）`, body `私権は、…` |
//! | `第三条の二　…`, `第百二十三条　…` | likewise, without a caption |
//! | `附　則　（大正一五年四月二四日法律第六九号）`, `別表第一 …` | a top-level heading |
//! | `目次` and the lines after it up to the first body heading | left out |
//! | anything else (paragraphs `２　…`, items `一　…`) | body lines of the article they follow |
//!
//! The law number's date gives the document date and, through [`super::fiscal_year`], the fiscal
//! year (`民法` → 1896). A text of another shape is no law: [`read`] returns `None`.
//!
//! ```
//! use seisaku::ingest::law::text::read;
//! let law = "民法\n明治二十九年法律第八十九号\n第一編　総則\n（基本原則）\n第一条　私権は、公共の福祉に適合しなければならない。";
//! let source = read(law, "UTF-8").unwrap();
//! assert_eq!(source.meta.fiscal_year, Some(1896));
//! assert!(source.lines.iter().any(|l| l.heading == Some(5) && l.text == "第一条（基本原則）"));
//! assert!(read("議事録\n令和6年3月13日\n本文。", "UTF-8").is_none());
//! ```

use std::sync::LazyLock;

use regex::Regex;

use super::{ARTICLE_LEVEL, LAW_NUMBER, TOP_LEVEL, division_level};
use crate::ingest::dates;
use crate::ingest::source::{FormatMeta, Source, SourceLine};

/// Kanji numerals as laws write them.
const NUMERAL: &str = "[〇一二三四五六七八九十百千]+";

/// A law number: an era year, then a law's kind and number (or a decision).
static LAW_NUMBER_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:明治|大正|昭和|平成|令和)(?:元|[〇一二三四五六七八九十百]+)年\S*(?:法律|令|規則|告示|訓令|決定|布告|達|号)")
        .expect("valid regex")
});
/// A division heading: `第一編　総則`, `第六章の二　妊産婦等`.
static DIVISION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"^第{NUMERAL}([編章節款目])(?:の{NUMERAL})*[\s\u{{3000}}]+\S")).expect("valid regex")
});
/// An article's first line: `第一条　…`, `第三条の二　…`; the number is group 1.
static ARTICLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"^(第{NUMERAL}条(?:の{NUMERAL})*)[\s\u{{3000}}]+")).expect("valid regex")
});
/// An article caption alone on its line: `（基本原則）`.
static CAPTION: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^（[^（）]{1,40}）$").expect("valid regex"));
/// Supplementary provisions and appended tables: top-level headings.
static TOP: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:附[\s\u{3000}]*則(?:[\s\u{3000}]|$)|別表(?:第[〇一二三四五六七八九十百]+)?(?:[\s\u{3000}（]|$))").expect("valid regex")
});

/// Longest line taken for a division heading or a top-level heading (characters).
const MAX_HEADING_CHARS: usize = 80;

/// Reads `text` as a plain-text law, or `None` when it does not have a law's shape.
pub fn read(text: &str, encoding: &str) -> Option<Source> {
    let mut lines = text.split('\n').map(|l| l.strip_suffix('\r').unwrap_or(l));
    let title = lines.next()?.trim();
    let number = lines.next()?.trim();
    if title.is_empty() || title.chars().count() > 200 || !LAW_NUMBER_LINE.is_match(number) {
        return None;
    }
    let date = dates::scan(number).into_iter().find(|m| m.start == 0)?.value;
    let body: Vec<&str> = lines.collect();

    let mut out = vec![SourceLine::text(title), SourceLine::text(number)];
    let mut caption: Option<&str> = None;
    let mut i = 0;
    while i < body.len() {
        let line = body[i];
        let trimmed = line.trim_matches([' ', '\u{3000}', '\t']);
        i += 1;
        if trimmed == "目次" {
            i = end_of_contents(&body, i);
            continue;
        }
        if let Some(m) = ARTICLE.captures(trimmed) {
            let rest = &trimmed[m.get(0).map_or(0, |m| m.end())..];
            out.push(SourceLine::heading(
                ARTICLE_LEVEL,
                format!("{}{}", &m[1], caption.take().unwrap_or("")),
            ));
            out.push(SourceLine::text(rest));
            continue;
        }
        if let Some(previous) = caption.take() {
            out.push(SourceLine::text(previous));
        }
        if CAPTION.is_match(trimmed) && body.get(i).is_some_and(|next| ARTICLE.is_match(next.trim_start())) {
            caption = Some(trimmed);
            continue;
        }
        if let Some(level) = heading_level(trimmed) {
            out.push(SourceLine::heading(level, trimmed));
            continue;
        }
        out.push(SourceLine::text(line));
    }

    Some(Source {
        lines: out,
        pages: Vec::new(),
        meta: FormatMeta {
            title: Some(title.to_owned()),
            date: Some(date),
            fiscal_year: super::fiscal_year(date),
            aliases: Vec::new(),
            encoding: encoding.to_owned(),
            details: vec![(LAW_NUMBER.to_owned(), number.to_owned())],
        },
    })
}

/// Heading level of a division or top-level line, if it is one.
fn heading_level(line: &str) -> Option<u8> {
    if line.chars().count() > MAX_HEADING_CHARS || line.ends_with('。') {
        return None;
    }
    if let Some(c) = DIVISION.captures(line) {
        return c[1].chars().next().and_then(division_level);
    }
    TOP.is_match(line).then_some(TOP_LEVEL)
}

/// Where the body starts after a table of contents whose first line is `body[start]`: at the
/// first line that repeats the contents' first entry (the body's first heading), else at the
/// first line that is no contents entry (a heading, `附則`, or an entry ending in its article
/// range `（第一条―第三条）`).
fn end_of_contents(body: &[&str], start: usize) -> usize {
    let first = body.get(start).map(|l| l.trim());
    for (offset, line) in body[start..].iter().enumerate() {
        let line = line.trim();
        if offset > 0 && Some(line) == first {
            return start + offset;
        }
        let entry = heading_level(line).is_some() || line.ends_with("条）") || line.ends_with("条)");
        if !entry {
            return start + offset;
        }
    }
    body.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(source: &Source) -> Vec<(Option<u8>, &str)> {
        source.lines.iter().map(|l| (l.heading, l.text.as_str())).collect()
    }

    #[test]
    fn articles_captions_divisions_contents_and_supplements() {
        let law = "民法\n明治二十九年法律第八十九号\n民法\n（別冊）\n目次\n第一編　総則\n第一章　通則（第一条・第二条）\n第二章　人\n第一節　権利能力（第三条）\n附則\n第一編　総則\n第一章　通則\n（基本原則）\n第一条　私権は、公共の福祉に適合しなければならない。\n２　権利の行使は、誠実に行わなければならない。\n第二章　人\n第一節　権利能力\n第三条の二　法律行為は、無効とする。\n一　元本を領収すること。\n附　則　（大正一五年四月二四日法律第六九号）\n第三条　この附則で、新法とは、改正後の民法をいう。";
        let source = read(law, "UTF-8").unwrap();
        assert_eq!(
            texts(&source),
            [
                (None, "民法"),
                (None, "明治二十九年法律第八十九号"),
                (None, "民法"),
                (None, "（別冊）"),
                (Some(0), "第一編　総則"),
                (Some(1), "第一章　通則"),
                (Some(5), "第一条（基本原則）"),
                (None, "私権は、公共の福祉に適合しなければならない。"),
                (None, "２　権利の行使は、誠実に行わなければならない。"),
                (Some(1), "第二章　人"),
                (Some(2), "第一節　権利能力"),
                (Some(5), "第三条の二"),
                (None, "法律行為は、無効とする。"),
                (None, "一　元本を領収すること。"),
                (Some(0), "附　則　（大正一五年四月二四日法律第六九号）"),
                (Some(5), "第三条"),
                (None, "この附則で、新法とは、改正後の民法をいう。"),
            ]
        );
        assert_eq!(source.meta.date, Some(dates::JpDate::Year { year: 1896 }));
        assert_eq!(source.meta.fiscal_year, Some(1896));
    }

    #[test]
    fn other_texts_are_no_laws() {
        assert!(read("", "UTF-8").is_none());
        assert!(read("タイトル", "UTF-8").is_none());
        assert!(read("会議資料\n令和6年3月13日\n本文", "UTF-8").is_none());
        assert!(read("会議資料\n2024年度\n本文", "UTF-8").is_none());
    }

    #[test]
    fn a_contents_without_its_end_never_swallows_the_body() {
        let law = "法\n昭和二十二年法律第一号\n目次\n第一章　総則（第一条）\n（目的）\n第一条　この法律は、目的とする。";
        let source = read(law, "UTF-8").unwrap();
        assert!(texts(&source).contains(&(Some(5), "第一条（目的）")), "{:?}", texts(&source));
    }
}
