//! Splitting a document's body into passages at its structure.
//!
//! - **Headings** `第N部`, `第N章`, `第N節` (also in the middle of a line, where the white papers
//!   concatenate sections: `…を参照第2節 データ流通…`) always start a passage;
//! - **NISC table items** `(ア)`, `(イ)` … (in documents with `<成果・進捗状況>` or `担当府省庁`
//!   tables) always start a passage, headed by the marker and the item's responsible ministries;
//! - **numbered headings** (`1 固定通信`, `(1) 利用者像`, `ア 日本`, `1. 有志国との…`) start a
//!   passage once the current one has [`MIN_CHARS`] characters;
//! - a passage longer than [`MAX_CHARS`] is continued in a new passage (same heading) at the next
//!   line ending a sentence, and in any case before it would exceed twice that; a line longer
//!   than [`MAX_CHARS`] is cut (after a `。` where possible).
//!
//! A passage's heading is its section heading and, below it, its numbered heading or item
//! (`第1節 データ流通を支える通信インフラの高度化 › 1 固定通信`).

use std::sync::LazyLock;

use regex::Regex;

use super::extract::Line;

/// Numbered headings do not split passages shorter than this (characters).
pub const MIN_CHARS: usize = 400;
/// Passages are continued in a new passage after this many characters.
pub const MAX_CHARS: usize = 2000;
/// Longest line taken for a heading (characters).
const MAX_HEADING_CHARS: usize = 60;

/// Structural role of a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Level {
    Part,
    Chapter,
    Section,
    Numbered,
}

static SECTION: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^第\d{1,2}([部章節])(?:[ :]|$)").expect("valid regex"));
/// A section heading glued to the end of the previous text (`…を参照第2節 データ…`).
/// Not after an opening bracket or quote: `「第6章 アクション&レガシー」` cites a title.
static INLINE_SECTION: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[^\d第部章節 「『(\[【〔]第\d{1,2}[章節] \S").expect("valid regex"));
static NUMBERED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:\d{1,2}\.? |\(\d{1,2}\) ?|[ア-ン] |\([ア-ン]\) ?)\S").expect("valid regex")
});
pub(crate) static ITEM: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\(([ア-ン])\)").expect("valid regex"));

/// A passage before tagging: heading, text lines and page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Draft {
    /// Heading path (for items: of the section containing the item).
    pub heading: Option<String>,
    /// Item marker of a NISC table item (`(ナ)`); the item's first line follows it in `lines`.
    pub item: Option<String>,
    /// Body lines (not yet joined).
    pub lines: Vec<String>,
    /// Page index of the first line.
    pub page: Option<usize>,
    /// Page index of the last line.
    pub last_page: Option<usize>,
}

impl Draft {
    /// Characters of the draft's text, counting a line break after each line.
    fn chars(&self) -> usize {
        self.lines.iter().map(|l| l.chars().count() + 1).sum()
    }
}

/// A bare number followed by a quotation: a footnote citing a document
/// (`18 「平成29年度乗合バス事業の収支状況について」(国土交通省)`), not a heading.
static FOOTNOTE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"^\d{1,3}\.? ?[「『"“]"#).expect("valid regex"));

fn heading_level(line: &str) -> Option<Level> {
    let short = line.chars().count() <= MAX_HEADING_CHARS && !line.ends_with('。');
    // A closing quote or bracket without its opening one: the line is the tail of a quotation.
    let unbalanced = [('「', '」'), ('『', '』'), ('(', ')')]
        .iter()
        .any(|&(open, close)| line.matches(close).count() > line.matches(open).count());
    if unbalanced {
        return None;
    }
    if let Some(c) = SECTION.captures(line) {
        return short.then_some(match &c[1] {
            "部" => Level::Part,
            "章" => Level::Chapter,
            _ => Level::Section,
        });
    }
    let looks_numbered = NUMBERED.is_match(line)
        && short
        && !FOOTNOTE.is_match(line)
        && !line.contains("http")
        && line.chars().any(crate::analysis::normalize::is_cjk_letter);
    looks_numbered.then_some(Level::Numbered)
}

/// Splits a line before a section heading glued into it, as the white papers' concatenated
/// sections have it. The pieces concatenate back to the line.
fn split_inline_headings(line: &str) -> Vec<&str> {
    let mut pieces = Vec::new();
    let mut rest = line;
    while let Some(m) = INLINE_SECTION.find(rest) {
        // The match starts with one character that belongs to the previous text.
        let split = m.start() + rest[m.start()..].chars().next().map_or(0, char::len_utf8);
        let heading = &rest[split..];
        if heading.chars().count() > MAX_HEADING_CHARS || heading.ends_with('。') {
            break;
        }
        pieces.push(&rest[..split]);
        rest = heading;
    }
    pieces.push(rest);
    pieces
}

/// Cuts a line longer than [`MAX_CHARS`] into pieces of at most that many characters, after a
/// `。` where there is one. The pieces concatenate back to the line.
fn split_long(line: &str) -> Vec<&str> {
    let mut pieces = Vec::new();
    let mut rest = line;
    while rest.chars().count() > MAX_CHARS {
        let limit = rest.char_indices().nth(MAX_CHARS).map_or(rest.len(), |(i, _)| i);
        let cut = rest[..limit]
            .rfind('。')
            .map(|i| i + '。'.len_utf8())
            .filter(|&i| i > limit / 2)
            .unwrap_or(limit);
        pieces.push(&rest[..cut]);
        rest = &rest[cut..];
    }
    pieces.push(rest);
    pieces
}

/// Splits body lines into drafts. `table_mode` enables NISC item splitting. Where lines carry
/// heading levels from their format ([`Line::heading`]), those headings alone start passages
/// and make the heading path; the text heuristics are not applied.
pub fn split(lines: &[Line], table_mode: bool) -> Vec<Draft> {
    let explicit = lines.iter().any(|l| l.heading.is_some());
    let mut splitter = Splitter { table_mode: table_mode && !explicit, explicit, ..Splitter::default() };
    for line in lines {
        if let Some(level) = line.heading {
            splitter.explicit_heading(level, &line.text, line.page);
            continue;
        }
        let pieces = if explicit { vec![line.text.as_str()] } else { split_inline_headings(&line.text) };
        for piece in pieces {
            for (i, chunk) in split_long(piece).into_iter().enumerate() {
                splitter.push(chunk, line.page, i > 0);
            }
        }
    }
    splitter.finish()
}

#[derive(Default)]
struct Splitter {
    table_mode: bool,
    /// The format gives the headings: no heuristic ones.
    explicit: bool,
    /// Headings given by the format in force, with their levels, highest first.
    given: Vec<(u8, String)>,
    drafts: Vec<Draft>,
    current: Option<Draft>,
    /// Headings of the part, chapter and section in force.
    outline: [Option<String>; 3],
    /// Numbered heading or item in force below the outline.
    sub: Option<String>,
}

impl Splitter {
    fn heading(&self) -> Option<String> {
        let given = self.given.iter().map(|(_, h)| h.as_str());
        let found = self.outline.iter().chain([&self.sub]).flatten().map(String::as_str);
        let parts: Vec<&str> = given.chain(found).collect();
        (!parts.is_empty()).then(|| parts.join(" › "))
    }

    fn start(&mut self, page: Option<usize>, item: Option<String>) {
        self.flush();
        self.current =
            Some(Draft { heading: self.heading(), item, lines: Vec::new(), page, last_page: page });
    }

    /// A heading the format gives: it replaces the headings of its level and below, and starts
    /// a passage whose first line it is.
    fn explicit_heading(&mut self, level: u8, text: &str, page: Option<usize>) {
        let trimmed = text.trim();
        self.given.retain(|(l, _)| *l < level);
        if !trimmed.is_empty() {
            self.given.push((level, trimmed.to_owned()));
        }
        self.start(page, None);
        self.push(text, page, false);
    }

    fn flush(&mut self) {
        if let Some(draft) = self.current.take()
            && draft.lines.iter().any(|l| !l.trim().is_empty())
        {
            self.drafts.push(draft);
        }
    }

    /// Adds a line to the current passage, or starts a new one where the structure says so.
    /// `continues` marks a piece cut from the same line as the previous push: it is not a line
    /// start (so never a heading or item), and within one passage it joins its line again
    /// without a line break, so the passage stays a substring of the body.
    fn push(&mut self, text: &str, page: Option<usize>, continues: bool) {
        let trimmed = text.trim();
        let current_chars = self.current.as_ref().map_or(0, Draft::chars);
        let next_chars = current_chars + text.chars().count() + 1;
        let structure = if continues || self.explicit { None } else { Some(trimmed) };
        if let Some(marker) = structure.and_then(|t| ITEM.find(t)).filter(|_| self.table_mode) {
            self.start(page, Some(marker.as_str().to_owned()));
        } else {
            match structure.and_then(heading_level) {
                Some(level @ (Level::Part | Level::Chapter | Level::Section)) => {
                    let slot = level as usize;
                    self.outline[slot] = Some(trimmed.to_owned());
                    for lower in &mut self.outline[slot + 1..] {
                        *lower = None;
                    }
                    self.sub = None;
                    self.start(page, None);
                }
                Some(Level::Numbered) if current_chars >= MIN_CHARS || self.current.is_none() => {
                    self.sub = Some(trimmed.to_owned());
                    self.start(page, None);
                }
                Some(Level::Numbered)
                    if self.current.as_ref().is_some_and(|d| d.heading.is_none() && d.item.is_none()) =>
                {
                    // A short untitled passage takes the heading that follows it.
                    self.sub = Some(trimmed.to_owned());
                    let heading = self.heading();
                    if let Some(draft) = self.current.as_mut() {
                        draft.heading = heading;
                    }
                }
                _ if next_chars > 2 * MAX_CHARS
                    || (current_chars >= MAX_CHARS && ends_sentence(&self.current)) =>
                {
                    let item = self.current.as_ref().and_then(|d| d.item.clone());
                    self.start(page, item);
                }
                _ => {}
            }
        }
        let heading = if self.explicit { self.heading() } else { None };
        let draft = self.current.get_or_insert_with(|| Draft {
            heading,
            item: None,
            lines: Vec::new(),
            page,
            last_page: page,
        });
        if page.is_some() {
            draft.last_page = page;
        }
        match draft.lines.last_mut() {
            Some(line) if continues => line.push_str(text),
            _ => draft.lines.push(text.to_owned()),
        }
    }

    fn finish(mut self) -> Vec<Draft> {
        self.flush();
        self.drafts
    }
}

/// True when the draft's last line ends a sentence (or is blank), a good place to cut.
fn ends_sentence(draft: &Option<Draft>) -> bool {
    draft.as_ref().and_then(|d| d.lines.last()).is_none_or(|l| {
        let l = l.trim_end();
        l.is_empty() || l.ends_with(['。', '」', ')'])
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str) -> Vec<Line> {
        text.lines().map(|t| Line { text: t.to_owned(), ..Line::default() }).collect()
    }

    /// Regression (found by the `document` fuzz target): a cut line came back with a line break
    /// the source never had, so the passage was no substring of the body.
    #[test]
    fn pieces_of_a_long_line_join_again_within_a_passage() {
        let long = "x".repeat(MAX_CHARS + 500);
        let drafts = split(&lines(&format!("短い前文。\n{long}")), false);
        let texts: Vec<String> = drafts.iter().map(|d| d.lines.join("\n")).collect();
        assert_eq!(texts, [format!("短い前文。\n{long}")]);
    }

    #[test]
    fn a_very_long_line_spreads_over_passages_without_losing_a_character() {
        let long = "ab 1 固定通信 ".repeat(MAX_CHARS);
        let drafts = split(&lines(&long), false);
        assert!(drafts.len() > 5, "{} passages", drafts.len());
        assert!(drafts.iter().all(|d| d.lines.len() == 1 && d.heading.is_none()));
        assert_eq!(drafts.iter().map(|d| d.lines.concat()).collect::<String>(), long);
    }

    #[test]
    fn white_paper_sections_split_even_mid_line() {
        let body = format!(
            "第1章 データ流通の進展\n{}本章では概観する。第1節 データ流通を支える通信インフラの高度化\n1 固定通信\n{}\n2 移動通信\n移動通信の話。",
            "序文。".repeat(10),
            "固定通信の話。".repeat(100)
        );
        let drafts = split(&lines(&body), false);
        let headings: Vec<Option<&str>> = drafts.iter().map(|d| d.heading.as_deref()).collect();
        assert_eq!(
            headings,
            [
                Some("第1章 データ流通の進展"),
                Some("第1章 データ流通の進展 › 第1節 データ流通を支える通信インフラの高度化"),
                Some("第1章 データ流通の進展 › 第1節 データ流通を支える通信インフラの高度化 › 2 移動通信"),
            ]
        );
        assert!(drafts[0].lines.last().unwrap().ends_with("本章では概観する。"));
        assert_eq!(drafts[1].lines[0], "第1節 データ流通を支える通信インフラの高度化");
    }

    #[test]
    fn pieces_of_a_split_line_concatenate_back() {
        let line = "詳細は第2部第5章第3節「電波政策の動向」を参照第2節 データ流通とデジタルサービスの進展";
        let pieces = split_inline_headings(line);
        assert_eq!(pieces.len(), 2);
        assert_eq!(pieces.concat(), line);
        assert_eq!(pieces[1], "第2節 データ流通とデジタルサービスの進展");
    }

    #[test]
    fn footnotes_and_quoted_titles_are_no_headings() {
        assert_eq!(heading_level("18 「平成29年度乗合バス事業の収支状況について」(国土交通省)"), None);
        assert_eq!(heading_level("第6章 アクション&レガシー」"), None);
        assert_eq!(heading_level("1 固定通信"), Some(Level::Numbered));
        assert_eq!(heading_level("(1) 「デジタル田園都市国家構想」の推進"), Some(Level::Numbered));
        let line = "図表2-2-2-1 大会開催基本計画「第6章 アクション&レガシー」";
        assert_eq!(split_inline_headings(line), [line]);
    }

    #[test]
    fn nisc_items_always_split_in_table_mode() {
        let drafts = split(&lines("(ナ) 総務省\n経済産業省\n本文。\n(ニ) 経済産業省\n本文。"), true);
        let items: Vec<Option<&str>> = drafts.iter().map(|d| d.item.as_deref()).collect();
        assert_eq!(items, [Some("(ナ)"), Some("(ニ)")]);
        let drafts = split(&lines("(ア)NGN構築に向けた取組\n本文。"), false);
        assert_eq!(drafts.len(), 1);
        assert_eq!(drafts[0].item, None);
    }

    #[test]
    fn long_sections_continue_under_the_same_heading() {
        let body = format!("第1節 長い節\n{}", "とても長い文章です。\n".repeat(1000));
        let drafts = split(&lines(&body), false);
        // 11,007 characters in lines of 11: cut at the first sentence end past MAX_CHARS.
        assert_eq!(drafts.len(), 11_007usize.div_ceil(MAX_CHARS + 2));
        assert!(drafts.iter().all(|d| d.heading.as_deref() == Some("第1節 長い節")));
        assert!(drafts.iter().all(|d| d.chars() <= MAX_CHARS + 20));
        assert!(drafts[..drafts.len() - 1].iter().all(|d| d.chars() >= MAX_CHARS));
    }

    #[test]
    fn one_huge_line_is_cut_into_bounded_passages() {
        let line = "あ".repeat(10 * MAX_CHARS + 7);
        let drafts = split(&lines(&line), false);
        // Ten pieces of MAX_CHARS (no two fit in 2 × MAX_CHARS with their line breaks); the
        // seven-character tail joins the last one.
        assert_eq!(drafts.len(), 10);
        assert!(drafts.iter().all(|d| d.chars() <= 2 * MAX_CHARS));
        assert_eq!(drafts.iter().flat_map(|d| d.lines.iter().map(String::as_str)).collect::<String>(), line);
    }

    #[test]
    fn headings_given_by_the_format_make_the_path_and_start_passages() {
        let line = |heading: Option<u8>, text: &str, page: usize| Line {
            text: text.to_owned(),
            page: Some(page),
            heading,
        };
        let drafts = split(
            &[
                line(Some(1), "第四章 労働時間", 0),
                line(Some(3), "第三十二条(労働時間)", 0),
                line(None, "1 使用者は、労働者に、休憩時間を除き一週間について四十時間を超えて、", 0),
                line(None, "労働させてはならない。", 1),
                line(Some(3), "第三十三条", 1),
                line(None, "(ア) 本文。", 1),
            ],
            true,
        );
        type Seen<'a> = (Option<&'a str>, usize, Option<usize>, Option<usize>);
        let got: Vec<Seen> =
            drafts.iter().map(|d| (d.heading.as_deref(), d.lines.len(), d.page, d.last_page)).collect();
        assert_eq!(
            got,
            [
                (Some("第四章 労働時間"), 1, Some(0), Some(0)),
                (Some("第四章 労働時間 › 第三十二条(労働時間)"), 3, Some(0), Some(1)),
                (Some("第四章 労働時間 › 第三十三条"), 2, Some(1), Some(1)),
            ]
        );
        assert!(
            drafts.iter().all(|d| d.item.is_none()),
            "no heuristic items where the format gives headings"
        );
    }
}
