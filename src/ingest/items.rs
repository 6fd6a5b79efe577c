//! NISC annual-report table items: `(ア)`, `(イ)` … with their responsible ministries (担当府省庁),
//! the fiscal years of their results and plan sections, and `(再掲)` re-posts.
//!
//! A NISC report lists each measure as an item of a table: marker, responsible ministries, then
//! `<成果・進捗状況>` (results of the report's year) and `<2024 年度年次計画>` (plans) sections.
//! The same item is often re-posted under another heading with `(再掲)`; [`repost_key`] lets
//! search keep one of them.

use std::collections::BTreeSet;
use std::sync::LazyLock;

use regex::Regex;

use super::gazetteer::NameSet;

static RESULTS_MARKER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"<\s*成果・進捗状況\s*>").expect("valid regex"));
static PLAN_MARKER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"<\s*(\d{4})\s*年度年次計画\s*>").expect("valid regex"));
/// The report year in a NISC report's title (`2023年度年次報告`).
pub static REPORT_YEAR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(\d{4})\s*年度年次報告").expect("valid regex"));
/// Phrases that end the responsible-ministry list at the head of a NISC item.
const RESPONSIBLE_END: &str = "において";
/// Fragments that tell a document holds NISC 担当府省庁 tables.
pub const TABLE_MARKERS: [&str; 3] = ["<成果・進捗状況>", "担当府省庁", "年度年次計画>"];
/// Marker of a re-posted item.
pub const REPOST_MARKER: &str = "(再掲)";

/// Responsible ministries at the head of a NISC item: the ministries listed right after the
/// marker, else those named before "において" in its first sentence.
pub fn responsible(ministries: &NameSet, item_text: &str) -> Vec<String> {
    let spans = ministries.find_spans(item_text);
    let mut listed = Vec::new();
    let mut cursor = 0;
    for (start, end, name) in &spans {
        if !item_text[cursor..*start].chars().all(|c| c.is_whitespace() || c == '、') {
            break;
        }
        if !listed.contains(name) {
            listed.push(name.clone());
        }
        cursor = *end;
    }
    if !listed.is_empty() {
        return listed;
    }
    let Some(end) = item_text.find(RESPONSIBLE_END).filter(|&e| e < 600) else {
        return Vec::new();
    };
    let mut named = Vec::new();
    for (_, _, name) in spans.into_iter().filter(|(s, _, _)| *s < end) {
        if !named.contains(&name) {
            named.push(name);
        }
    }
    named
}

/// Fiscal years of a NISC item: the report's results year if it has a results section, and the
/// year of each `<YYYY 年度年次計画>` section.
pub fn item_years(text: &str, report_year: Option<i32>) -> Vec<i32> {
    let flat = text.replace('\n', " ");
    let mut years = BTreeSet::new();
    let plans: Vec<i32> = PLAN_MARKER.captures_iter(&flat).filter_map(|c| c[1].parse().ok()).collect();
    if RESULTS_MARKER.is_match(&flat) {
        let results = report_year.or_else(|| plans.iter().min().map(|y| y - 1));
        years.extend(results);
    }
    years.extend(plans);
    years.into_iter().collect()
}

/// Groups passages that are the same item re-posted: text without its leading item marker
/// (`(ア)`, which differs between reports), `(再掲)` and white space.
pub fn repost_key(text: &str) -> u64 {
    let text = text.trim_start();
    let unmarked = text
        .strip_prefix('(')
        .and_then(|rest| rest.split_once(')'))
        .filter(|(marker, _)| marker.chars().count() == 1 && marker.chars().all(|c| matches!(c, 'ア'..='ン')))
        .map_or(text, |(_, rest)| rest);
    let core: String = unmarked.replace(REPOST_MARKER, "").chars().filter(|c| !c.is_whitespace()).collect();
    key64(&core)
}

/// A stable 64-bit key of a string (BLAKE3 prefix), for fast-field grouping.
pub fn key64(text: &str) -> u64 {
    let hash = blake3::hash(text.as_bytes());
    let mut bytes = [0u8; 8];
    bytes.copy_from_slice(&hash.as_bytes()[..8]);
    u64::from_le_bytes(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::gazetteer::Gazetteer;

    #[test]
    fn item_years_read_results_and_plan_sections() {
        let text = "(ナ) 総務省\n<成果・進捗状況>\n・進めた。\n<2024\n年度年次計画>\n・進める。";
        assert_eq!(item_years(text, Some(2023)), [2023, 2024]);
        assert_eq!(item_years(text, None), [2023, 2024]);
        assert_eq!(item_years("本文のみ", Some(2023)), Vec::<i32>::new());
    }

    #[test]
    fn responsible_ministries_head_the_item() {
        let gazetteer = Gazetteer::bundled().unwrap();
        assert_eq!(
            responsible(&gazetteer.ministries, " 総務省\n経済産業省\n総務省及び経済産業省において"),
            ["総務省", "経済産業省"]
        );
        assert_eq!(
            responsible(&gazetteer.ministries, " 個 人 情 報 保 個人情報保護委員会において、総務省"),
            ["個人情報保護委員会"]
        );
    }

    #[test]
    fn reposts_share_a_key() {
        assert_eq!(
            repost_key("IoT-SSFの普及啓発活動を行う。(再掲)"),
            repost_key("IoT-SSF の普及啓発活動を行う。")
        );
        assert_eq!(
            repost_key("(ア) 経済産業省\nIoT-SSFの普及啓発活動を行う。"),
            repost_key("(カ) 経済産業省\nIoT-SSFの普及啓発活動を行う。(再掲)")
        );
        assert_ne!(repost_key("A"), repost_key("B"));
        assert_ne!(repost_key("(ア) A"), repost_key("(ア) B"));
    }
}
