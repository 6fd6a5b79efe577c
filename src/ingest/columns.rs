//! Two-column OCR tables put back in the author's order.
//!
//! The NISC annual report's tables have, per item `(ア)`, `(イ)` …, a left column (the year's
//! plan) and a right column (`<成果・進捗状況>`, then `<2024 年度年次計画>`, with `・` bullets and
//! `[総務省]` labels). OCR read their rows across both columns, so the two texts interleave:
//!
//! ```text
//! 経済産業省において、業界や個社単位での活用が <成果・進捗状況>     ← left end + right start
//! 進むよう「IoT セキュリティ・セーフティ・フレー                     ← left
//! ・IoT-SSF の課題把握をすべく、IoT-SSF の適用実証を実施した。       ← right
//! ムワーク(IoT-SSF)」の普及啓発活動を行う。(再                      ← left (`フレー`+`ムワーク`)
//! ```
//!
//! [`restore`] puts each column's lines back together, left column first. It is conservative:
//!
//! - **Detection**: an item is taken for interleaved only when its `<成果・進捗状況>` stands at the
//!   end of a line after left-column text (`…活用が <成果・進捗状況>`) at least
//!   [`MIN_LEFT_WIDTH`] columns wide: a row holding both columns. An item whose right column
//!   starts on a line of its own is left as it is.
//! - **Pieces**: after that row, a line with a column gap — a space between two non-ASCII
//!   characters, not after `。` (`…国際標準化活動 ・ISO/IEC…`, `…策定・ ドライン等…`) — is two
//!   pieces, one per column, while the left column is still open. The gap's space is dropped;
//!   nothing else is: the output is a permutation of the pieces.
//! - **Which column** a whole line belongs to, in order: a line starting with `・`, `<` or `[`
//!   is right; so is the rest of an unclosed `<2024` bracket; once the left column has closed
//!   (its text ends with `。` or `(再掲)`), everything is right; a line wider (in display
//!   columns) than the left column's row by more than [`SLACK`] is right (the right column is
//!   wider: 53–60 columns against 42–47 in the seeds); where the right column waits for a new
//!   bullet (it ended a sentence, or its last line is a `<…>` heading) the line is left; after a
//!   left line, a line ending a sentence is right (the end of a right paragraph); otherwise left.
//! - A letter-spaced ministry in the item's first row (`(ア) 個 人 情 報 保`, continued by
//!   `護委員会` on the next line) is a third column: it stays with the item marker.
//!
//! ```
//! use seisaku::ingest::columns::restore;
//! use seisaku::ingest::extract::Line;
//! let ocr = [
//!     "(ニ) 経済産業省",
//!     "経済産業省において、業界や個社単位での活用が <成果・進捗状況>",
//!     "進むよう「IoT セキュリティ・セーフティ・フレー",
//!     "・IoT-SSF の課題把握をすべく、IoT-SSF の適用実証を実施した。",
//!     "ムワーク(IoT-SSF)」の普及啓発活動を行う。",
//! ];
//! let lines: Vec<Line> = ocr.iter().map(|t| Line { text: t.to_string(), ..Line::default() }).collect();
//! let (restored, report) = restore(lines);
//! let texts: Vec<&str> = restored.iter().map(|l| l.text.as_str()).collect();
//! assert_eq!(texts[2..4], ["進むよう「IoT セキュリティ・セーフティ・フレー", "ムワーク(IoT-SSF)」の普及啓発活動を行う。"]);
//! assert_eq!(texts[4], "<成果・進捗状況>");
//! assert_eq!(report.restored, ["(ニ)"]);
//! ```

use unicode_width::UnicodeWidthStr;

use super::extract::Line;
use super::passages::ITEM;

/// Label of the detail naming the items [`restore`] put back in order (`(ニ) (ヌ)`).
pub const RESTORED_DETAIL: &str = "two-column items restored";
/// The right column's first heading.
pub const RESULTS: &str = "<成果・進捗状況>";
/// Characters that start a right-column line.
const STARTERS: [char; 3] = ['・', '<', '['];
/// Narrowest left-column text (display columns) in front of [`RESULTS`] for a row of both columns.
pub const MIN_LEFT_WIDTH: usize = 30;
/// How much wider than the left column's row (display columns) a left line may be.
pub const SLACK: usize = 4;
/// Longest continuation line of a letter-spaced ministry (`護委員会`), in characters.
const MAX_MINISTRY_TAIL: usize = 8;

/// What [`restore`] did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Restoration {
    /// Markers of the items put back in column order (`(ニ)`).
    pub restored: Vec<String>,
    /// Items left as they were.
    pub left_alone: usize,
}

/// Restores the column order of every interleaved item in `lines` (see the module docs).
pub fn restore(lines: Vec<Line>) -> (Vec<Line>, Restoration) {
    let starts: Vec<usize> = lines
        .iter()
        .enumerate()
        .filter(|(_, l)| ITEM.is_match(l.text.trim_start()))
        .map(|(i, _)| i)
        .collect();
    let mut report = Restoration::default();
    if starts.is_empty() {
        return (lines, report);
    }
    let mut out = Vec::with_capacity(lines.len() + 8);
    out.extend_from_slice(&lines[..starts[0]]);
    for (n, &start) in starts.iter().enumerate() {
        let end = starts.get(n + 1).copied().unwrap_or(lines.len());
        let region = &lines[start..end];
        match restore_item(region) {
            Some(restored) => {
                let marker = ITEM.find(region[0].text.trim_start()).map(|m| m.as_str().to_owned());
                report.restored.extend(marker);
                out.extend(restored);
            }
            None => {
                report.left_alone += 1;
                out.extend_from_slice(region);
            }
        }
    }
    (out, report)
}

/// Which column(s) the previous line went to.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Went {
    Left,
    Right,
    Both,
}

/// One item's lines (marker line first) in column order, or `None` when it is not interleaved.
fn restore_item(region: &[Line]) -> Option<Vec<Line>> {
    let row = region.iter().position(|l| {
        let text = l.text.trim_end();
        text.ends_with(RESULTS) && text[..text.len() - RESULTS.len()].ends_with(' ')
    })?;
    if region[..row].iter().any(|l| l.text.contains(RESULTS)) {
        return None;
    }
    let line = &region[row];
    let text = line.text.trim_end();
    let before = text[..text.len() - RESULTS.len()].trim_end();
    let (ministry, left_text) = if row == 0 { letter_spaced(before) } else { (None, before) };
    let left_width = left_text.width();
    if left_width < MIN_LEFT_WIDTH {
        return None;
    }

    let piece = |line: &Line, text: &str| Line { text: text.to_owned(), ..line.clone() };
    let mut head: Vec<Line> = region[..row].to_vec();
    let mut rest = &region[row + 1..];
    if let Some(ministry) = ministry {
        head.push(piece(line, ministry));
        if let Some(tail) = rest.first().filter(|l| is_ministry_tail(&l.text)) {
            head.push(tail.clone());
            rest = &rest[1..];
        }
    }
    let mut left = vec![piece(line, left_text)];
    let mut right = vec![piece(line, RESULTS)];
    let mut went = Went::Both;
    for line in rest {
        let text = line.text.as_str();
        let left_closed = closes(&tail(&left));
        if !left_closed
            && !text.starts_with(STARTERS)
            && let Some((l, r)) = column_gap(text, left_width)
        {
            left.push(piece(line, l));
            right.push(piece(line, r));
            went = Went::Both;
            continue;
        }
        let last_right = tail(&right);
        // Too wide for the left column: the right column is wider.
        let too_wide = text.width() > left_width + SLACK;
        let to_right = if text.starts_with(STARTERS) || open_bracket(&last_right) || left_closed || too_wide {
            true
        } else if closes(&last_right) || is_label(&last_right) {
            false
        } else {
            went == Went::Left && closes(text)
        };
        if to_right {
            right.push(line.clone());
            went = Went::Right;
        } else {
            left.push(line.clone());
            went = Went::Left;
        }
    }
    head.extend(left);
    head.extend(right);
    Some(head)
}

/// The end of a column's text: its last line, joined to the line before when it continues it
/// (does not start a bullet or label), so that `(再` + `掲)` closes and `<2024` + `年度年次計画>`
/// is a label.
fn tail(column: &[Line]) -> String {
    match column {
        [.., before, last] if !last.text.trim_start().starts_with(STARTERS) => {
            format!("{}{}", before.text.trim(), last.text.trim())
        }
        [.., last] => last.text.trim().to_owned(),
        [] => String::new(),
    }
}

/// True when a column's text ends a sentence here.
fn closes(text: &str) -> bool {
    let text = text.trim_end();
    text.ends_with('。') || text.ends_with("(再掲)") || text.ends_with("。)")
}

/// True for a right-column label or heading line: `<2024 年度年次計画>`, `[総務省]`.
fn is_label(text: &str) -> bool {
    let text = text.trim();
    (text.starts_with('<') && text.ends_with('>')) || (text.starts_with('[') && text.ends_with(']'))
}

/// True for a `<` heading broken over lines (`<2024` / `年度年次計画>`).
fn open_bracket(text: &str) -> bool {
    text.rfind('<').is_some_and(|at| !text[at..].contains('>'))
}

/// Splits the item marker and a letter-spaced ministry off the front of an item's first row:
/// `(ア) 個 人 情 報 保 個人情報保護委員会において…` → (`(ア) 個 人 情 報 保`, `個人情報…`).
fn letter_spaced(text: &str) -> (Option<&str>, &str) {
    let Some(marker) = ITEM.find(text) else { return (None, text) };
    let mut end = marker.end();
    let mut singles = 0;
    for word in text[end..].split(' ') {
        if word.is_empty() {
            end += 1;
            continue;
        }
        if word.chars().count() != 1 {
            break;
        }
        singles += 1;
        end += 1 + word.len();
    }
    let end = end.min(text.len());
    if singles < 2 {
        return (None, text);
    }
    (Some(text[..end].trim_end()), text[end..].trim_start())
}

/// True for the tail of a letter-spaced ministry name on its own line (`護委員会`).
fn is_ministry_tail(text: &str) -> bool {
    let text = text.trim();
    !text.is_empty()
        && text.chars().count() <= MAX_MINISTRY_TAIL
        && text.chars().all(|c| !c.is_ascii() && !matches!(c, '、' | '。' | '・' | ' '))
}

/// Splits a row of both columns at its column gap: a space between two non-ASCII characters,
/// not after `。`, with a left piece no wider than the left column allows.
fn column_gap(text: &str, left_width: usize) -> Option<(&str, &str)> {
    let text = text.trim_end();
    let mut previous: Option<char> = None;
    for (at, c) in text.char_indices() {
        if c == ' '
            && let Some(before) = previous
            && !before.is_ascii()
            && before != '。'
            && let Some(after) = text[at + 1..].chars().next()
            && (!after.is_ascii() || STARTERS.contains(&after))
            && after != ' '
        {
            let (left, right) = (&text[..at], &text[at + 1..]);
            return (left.width() <= left_width + SLACK).then_some((left, right));
        }
        previous = Some(c);
    }
    None
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn lines(texts: &[&str]) -> Vec<Line> {
        texts.iter().map(|t| Line { text: (*t).to_owned(), ..Line::default() }).collect()
    }

    fn texts(lines: &[Line]) -> Vec<&str> {
        lines.iter().map(|l| l.text.as_str()).collect()
    }

    /// Characters of the lines without white space, sorted: what a permutation of pieces keeps.
    fn chars(lines: &[Line]) -> Vec<char> {
        let mut all: Vec<char> = lines.iter().flat_map(|l| l.text.chars()).filter(|c| *c != ' ').collect();
        all.sort_unstable();
        all
    }

    /// Item (ヌ) of the NISC seed 000: gaps inside rows, a closed left column.
    #[test]
    fn rows_with_gaps_and_a_closed_left_column() {
        let ocr = lines(&[
            "(ヌ) 経済産業省",
            "経済産業省において、引き続き、専門機関と連携 <成果・進捗状況>",
            "し、サイバーセキュリティ分野の国際標準化活動 ・ISO/IEC JTC 1/SC 27 等が主催する年2回の国際会合や定期的",
            "である ISO/IEC JTC 1/SC 27 等が主催する国際会",
            "な作業部会等への貢献(IPA から2名の副コンビーナを派遣な",
            "合等を通じて、我が国の研究開発成果や IT 環境・",
            "ど)を通じて、我が国の研究開発成果や IT 環境・基準・ガイ",
            "基準・ガイドライン等を踏まえた国際標準の策定・ ドライン等を踏まえた国際標準の策定・勧告に向けた取組を",
            "勧告に向けた取組を推進する。",
            "推進した。",
            "<2024 年度年次計画>",
            "・引き続き、ISO/IEC JTC 1/SC 27 等が主催する国際会合等を通",
            "じて、国際標準の策定・勧告に向けた取組を推進する。",
        ]);
        let (restored, report) = restore(ocr.clone());
        assert_eq!(
            texts(&restored),
            [
                "(ヌ) 経済産業省",
                "経済産業省において、引き続き、専門機関と連携",
                "し、サイバーセキュリティ分野の国際標準化活動",
                "である ISO/IEC JTC 1/SC 27 等が主催する国際会",
                "合等を通じて、我が国の研究開発成果や IT 環境・",
                "基準・ガイドライン等を踏まえた国際標準の策定・",
                "勧告に向けた取組を推進する。",
                "<成果・進捗状況>",
                "・ISO/IEC JTC 1/SC 27 等が主催する年2回の国際会合や定期的",
                "な作業部会等への貢献(IPA から2名の副コンビーナを派遣な",
                "ど)を通じて、我が国の研究開発成果や IT 環境・基準・ガイ",
                "ドライン等を踏まえた国際標準の策定・勧告に向けた取組を",
                "推進した。",
                "<2024 年度年次計画>",
                "・引き続き、ISO/IEC JTC 1/SC 27 等が主催する国際会合等を通",
                "じて、国際標準の策定・勧告に向けた取組を推進する。",
            ]
        );
        assert_eq!(report, Restoration { restored: vec!["(ヌ)".into()], left_alone: 0 });
        assert_eq!(chars(&restored), chars(&ocr));
    }

    /// Item (ア) of seed 001: a letter-spaced ministry is a third column.
    #[test]
    fn a_letter_spaced_ministry_stays_with_the_marker() {
        let ocr = lines(&[
            "(ア) 個 人 情 報 保 個人情報保護委員会において、個人情報保護法の <成果・進捗状況>",
            "護委員会",
            "規律に則り、個人の権利利益を保護するため、各行",
            "・いわゆる Web スキミングによる情報流出等を、個人情報の保",
            "政機関等において個人情報等の適正な取扱いが確",
            "護に関する法律(平成 15 年法律第 57 号)に基づく漏えい等",
            "保されるよう必要な助言等を行う。",
            "報告及び本人通知の対象事態とするため、個人情報保護法施",
        ]);
        let (restored, _) = restore(ocr.clone());
        assert_eq!(
            texts(&restored),
            [
                "(ア) 個 人 情 報 保",
                "護委員会",
                "個人情報保護委員会において、個人情報保護法の",
                "規律に則り、個人の権利利益を保護するため、各行",
                "政機関等において個人情報等の適正な取扱いが確",
                "保されるよう必要な助言等を行う。",
                "<成果・進捗状況>",
                "・いわゆる Web スキミングによる情報流出等を、個人情報の保",
                "護に関する法律(平成 15 年法律第 57 号)に基づく漏えい等",
                "報告及び本人通知の対象事態とするため、個人情報保護法施",
            ]
        );
        assert_eq!(chars(&restored), chars(&ocr));
    }

    #[test]
    fn items_whose_right_column_starts_on_its_own_line_are_left_alone() {
        let ocr = lines(&[
            "(ナ) 総務省",
            "総務省において、国際標準化に取り組む。",
            "<成果・進捗状況>",
            "・勧告案を作成した。",
        ]);
        let (restored, report) = restore(ocr.clone());
        assert_eq!(restored, ocr);
        assert_eq!(report, Restoration { restored: vec![], left_alone: 1 });
    }

    proptest! {
        /// Whatever the lines, restoring loses and duplicates no character (only gap spaces go)
        /// and text without items is untouched.
        #[test]
        fn restoring_is_a_permutation_of_pieces(
            texts in prop::collection::vec(
                prop::sample::select(vec![
                    "(ア) 総務省", "(イ) 個 人 情 報 保 個人情報保護委員会において、個人情報保護法の <成果・進捗状況>",
                    "経済産業省において、業界や個社単位での活用が <成果・進捗状況>", "護委員会",
                    "進むよう「IoT セキュリティ・セーフティ・フレー", "・IoT-SSF の課題把握をすべく、実施した。",
                    "ムワーク(IoT-SSF)」の普及啓発活動を行う。(再", "掲)", "<2024", "年度年次計画>",
                    "基準・ガイドライン等を踏まえた国際標準の策定・ ドライン等を踏まえた", "推進した。",
                    "[総務省]", "る。 具体的には", "", " ", "し、分野の国際標準化活動 ・ISO/IEC 等が主催する",
                ]),
                0..40,
            )
        ) {
            let input = lines(&texts);
            let (restored, report) = restore(input.clone());
            prop_assert_eq!(chars(&restored), chars(&input));
            if report.restored.is_empty() {
                prop_assert_eq!(restored, input);
            }
        }
    }
}
