//! Page furniture: running headers and footers, InDesign slug lines (`chapter00.indd 2-1
//! 2017/09/25 7:16:25`) and printed page numbers. They repeat from page to page, so they are
//! found by repetition and removed from the text, where they would otherwise become passages,
//! headings or a title.
//!
//! - A **folio** is a line that is only a page number (`12`, `- 12 -`, `2-1`, `iv`, `－１２－`)
//!   among the two topmost or two bottommost lines of a page; it is kept as the page's printed
//!   number and removed, provided at least half the pages have one (otherwise such numbers are
//!   text that happens to stand there).
//! - A **repeating line** is a line whose text, with every digit masked and spaces ignored,
//!   occurs on at least 40% of the pages (and at least 3) and stands either among the three
//!   topmost or bottommost lines of each of those pages or at the same height on them.
//!
//! Documents of fewer than three pages have no repeating lines (there is nothing to compare).

use std::collections::HashMap;
use std::sync::LazyLock;

use regex::Regex;
use unicode_normalization::UnicodeNormalization;

use super::layout::TextLine;

static FOLIO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:[-‐−–—ー]\s*)?(\d{1,4}(?:\s*-\s*\d{1,4})?|[ivxlc]{1,7}|[IVXLC]{1,7})(?:\s*[-‐−–—ー])?$")
        .expect("valid regex")
});

/// Lines within this many of the top or bottom of a page count as being at its edge.
const EDGE_LINES: usize = 3;

/// Removes furniture from `pages` (each page's lines in reading order; `None` for a page whose
/// text has no positions, e.g. from OCR) and returns each page's printed folio.
pub fn remove(pages: &mut [Option<Vec<TextLine>>]) -> Vec<Option<String>> {
    let positioned = pages.iter().flatten().count();
    let mut folios: Vec<Option<(usize, String)>> =
        pages.iter().map(|p| p.as_deref().and_then(folio)).collect();
    // Page numbers are printed on most pages or on none: a number here and there is text.
    if folios.iter().flatten().count() * 2 < positioned {
        folios.iter_mut().for_each(|f| *f = None);
    }
    for (lines, folio) in pages.iter_mut().zip(&folios) {
        if let (Some(lines), Some((index, _))) = (lines, folio) {
            lines.remove(*index);
        }
    }
    let folios: Vec<Option<String>> = folios.into_iter().map(|f| f.map(|(_, folio)| folio)).collect();
    if positioned < 3 {
        return folios;
    }
    let needed = 3.max((positioned * 2).div_ceil(5));
    // key → (page, at an edge, top) for each page it occurs on.
    let mut seen: HashMap<String, Vec<(usize, bool, f32)>> = HashMap::new();
    for (no, lines) in pages.iter().enumerate() {
        let Some(lines) = lines else { continue };
        let edges = edge_flags(lines);
        for (line, edge) in lines.iter().zip(edges) {
            let Some(key) = key(&line.text) else { continue };
            let places = seen.entry(key).or_default();
            if places.last().is_none_or(|(page, ..)| *page != no) {
                places.push((no, edge, line.rect.y0));
            }
        }
    }
    let furniture: Vec<String> = seen
        .into_iter()
        .filter(|(_, places)| {
            places.len() >= needed && {
                let at_edges = places.iter().all(|(_, edge, _)| *edge);
                let y = median(places.iter().map(|(_, _, y)| *y));
                let same_height = places.iter().filter(|(_, _, top)| (top - y).abs() <= 3.0).count();
                at_edges || same_height >= needed
            }
        })
        .map(|(key, _)| key)
        .collect();
    if !furniture.is_empty() {
        for lines in pages.iter_mut().flatten() {
            lines.retain(|line| key(&line.text).is_none_or(|k| !furniture.contains(&k)));
        }
    }
    folios
}

/// The page's folio and the index of its line: the first of the two bottommost, then the two
/// topmost lines that is only a page number.
fn folio(lines: &[TextLine]) -> Option<(usize, String)> {
    if lines.len() < 2 {
        return None;
    }
    let order = by_height(lines);
    let candidates = order.iter().rev().take(2).chain(order.iter().take(2));
    candidates.into_iter().find_map(|&i| {
        let text: String = lines[i].text.nfkc().collect();
        let folio = FOLIO.captures(text.trim())?[1].split_whitespace().collect::<String>();
        Some((i, folio))
    })
}

/// Indices of `lines` from the topmost to the bottommost.
fn by_height(lines: &[TextLine]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..lines.len()).collect();
    order.sort_by(|&a, &b| lines[a].rect.y0.total_cmp(&lines[b].rect.y0));
    order
}

/// For each line, whether it is among the [`EDGE_LINES`] topmost or bottommost of its page.
fn edge_flags(lines: &[TextLine]) -> Vec<bool> {
    let order = by_height(lines);
    let mut flags = vec![false; lines.len()];
    for &i in order.iter().take(EDGE_LINES).chain(order.iter().rev().take(EDGE_LINES)) {
        flags[i] = true;
    }
    flags
}

/// The text compared between pages: digits masked, spaces dropped; `None` for lines too short
/// to tell apart from body text.
fn key(text: &str) -> Option<String> {
    let key: String = text
        .nfkc()
        .filter(|c| !c.is_whitespace())
        .map(|c| if c.is_ascii_digit() { '#' } else { c })
        .collect();
    (key.chars().filter(|&c| c != '#').count() >= 2).then_some(key)
}

fn median(values: impl Iterator<Item = f32>) -> f32 {
    let mut values: Vec<f32> = values.collect();
    values.sort_by(f32::total_cmp);
    values.get(values.len() / 2).copied().unwrap_or(0.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::pdf::bbox::Rect;

    fn at(y: f32, text: &str) -> TextLine {
        TextLine { rect: Rect { x0: 50.0, y0: y, x1: 300.0, y1: y + 10.0 }, text: text.to_owned() }
    }

    #[test]
    fn slug_lines_headers_and_folios_are_removed() {
        let mut pages: Vec<Option<Vec<TextLine>>> = (1..=4)
            .map(|n| {
                Some(vec![
                    at(20.0, "第5章 新時代を迎えたAIの社会へのインパクト"),
                    at(100.0, ["春の本文", "夏の本文", "秋の本文", "冬の本文"][n - 1]),
                    at(120.0, "Mission 1"),
                    at(400.0, &format!("- {n} -")),
                    at(580.0, &format!("chapter00.indd {n}-1 2017/09/2{n} 7:16:25")),
                ])
            })
            .collect();
        pages.push(None);
        let folios = remove(&mut pages);
        assert_eq!(folios, [Some("1".into()), Some("2".into()), Some("3".into()), Some("4".into()), None]);
        let first: Vec<&str> = pages[0].as_ref().unwrap().iter().map(|l| l.text.as_str()).collect();
        // "Mission 1" stands at the same place on every page, like a running head: it goes too.
        assert_eq!(first, ["春の本文"]);
    }

    #[test]
    fn body_lines_that_repeat_somewhere_in_the_middle_stay() {
        let mut pages: Vec<Option<Vec<TextLine>>> = (0..4)
            .map(|n| {
                Some(vec![
                    at(10.0, "上"),
                    at(20.0, "上"),
                    at(30.0, "上"),
                    at(100.0 + 40.0 * n as f32, "(注)以下同じ。"),
                    at(500.0, "下"),
                    at(510.0, "下"),
                    at(520.0, "下"),
                ])
            })
            .collect();
        remove(&mut pages);
        assert!(pages[0].as_ref().unwrap().iter().any(|l| l.text == "(注)以下同じ。"));
    }

    #[test]
    fn stray_numbers_are_not_folios() {
        let mut pages: Vec<Option<Vec<TextLine>>> = ["春", "夏", "秋", "冬"]
            .iter()
            .map(|s| Some(vec![at(10.0, s), at(50.0, &format!("{s}の続き"))]))
            .collect();
        pages[2].as_mut().unwrap().push(at(90.0, "11"));
        assert_eq!(remove(&mut pages), [None, None, None, None]);
        assert_eq!(pages[2].as_ref().unwrap().len(), 3);
    }

    #[test]
    fn short_documents_keep_their_lines() {
        let mut pages = vec![Some(vec![at(10.0, "見出し"), at(50.0, "本文")]); 2];
        remove(&mut pages);
        assert_eq!(pages[1].as_ref().unwrap().len(), 2);
    }
}
