//! Spelling variants (issue 12) on the white papers: every spelling of a group finds every
//! edition that writes any spelling of it, `--exact` finds only the literal spelling, trends and
//! concordances see every spelling, and ASCII letters and digits are separate words.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::ControlFlow;

use seisaku::analysis::normalize::is_katakana;
use seisaku::analysis::variants::is_numeral;
use seisaku::model::{KwicRequest, SearchRequest, TrendBy, TrendRequest};
use seisaku::search::Engine;

use crate::common::white_papers;

/// How a group's spellings occur in a text.
#[derive(Clone, Copy)]
enum Rule {
    /// Anywhere (okurigana, kanji, medial katakana).
    Substring,
    /// A spelling without the final ー counts only where the katakana word ends.
    KatakanaWordEnd,
    /// After a numeral (counters).
    AfterNumeral,
}

/// The groups the issue names.
const GROUPS: [(&[&str], Rule); 10] = [
    (&["コンピュータ", "コンピューター"], Rule::KatakanaWordEnd),
    (&["サーバ", "サーバー"], Rule::KatakanaWordEnd),
    (&["ユーザ", "ユーザー"], Rule::KatakanaWordEnd),
    (&["プリンタ", "プリンター"], Rule::KatakanaWordEnd),
    (&["インタフェース", "インターフェース"], Rule::Substring),
    (&["取組", "取り組み", "取組み"], Rule::Substring),
    (&["申込", "申込み", "申し込み"], Rule::Substring),
    (&["引下げ", "引き下げ"], Rule::Substring),
    (&["附属", "付属"], Rule::Substring),
    (&["箇所", "か所", "カ所", "ヶ所", "ケ所"], Rule::AfterNumeral),
];

/// Every edition's passage texts, from the index.
fn editions(engine: &Engine) -> BTreeMap<String, String> {
    crate::common::white_paper_editions()
        .into_iter()
        .map(|(edition, _)| {
            let document = engine.document(&format!("{edition}.txt")).expect("edition indexed");
            let text = document.passages.iter().map(|p| p.text.as_str()).collect::<Vec<_>>().join("\n");
            (edition, text)
        })
        .collect()
}

/// True when `text` writes `spelling` under `rule`.
fn writes(text: &str, spelling: &str, rule: Rule) -> bool {
    text.match_indices(spelling).any(|(at, _)| {
        let next = text[at + spelling.len()..].chars().next();
        match rule {
            Rule::Substring => true,
            Rule::KatakanaWordEnd => spelling.ends_with('ー') || !next.is_some_and(is_katakana),
            Rule::AfterNumeral => text[..at].chars().next_back().is_some_and(is_numeral),
        }
    })
}

/// Editions a search finds.
fn found(engine: &Engine, q: &str, exact: bool) -> BTreeSet<String> {
    let request = SearchRequest { q: q.into(), limit: 100, exact, ..SearchRequest::default() };
    let response = engine.search(&request).unwrap_or_else(|err| panic!("{q}: {err}"));
    response.hits.into_iter().map(|h| h.best.path.trim_end_matches(".txt").to_owned()).collect()
}

#[test]
fn every_spelling_finds_every_edition_that_writes_any_spelling_and_exact_only_its_own() {
    let Some(wp) = white_papers() else { return };
    let engine = wp.engine();
    let texts = editions(&engine);
    for (spellings, rule) in GROUPS {
        let expected: BTreeSet<String> = texts
            .iter()
            .filter(|(_, text)| spellings.iter().any(|s| writes(text, s, rule)))
            .map(|(edition, _)| edition.clone())
            .collect();
        assert!(!expected.is_empty(), "{spellings:?} occur in the white papers");
        for spelling in spellings {
            let got = found(&engine, spelling, false);
            let missing: Vec<&String> = expected.difference(&got).collect();
            assert!(missing.is_empty(), "{spelling} misses {missing:?} (group {spellings:?})");
            let literal: BTreeSet<String> = texts
                .iter()
                .filter(|(_, text)| text.contains(spelling))
                .map(|(edition, _)| edition.clone())
                .collect();
            assert_eq!(found(&engine, spelling, true), literal, "{spelling} --exact");
        }
        println!("{spellings:?}: {} editions", expected.len());
    }
}

#[test]
fn the_trend_of_a_spelling_counts_every_spelling() {
    let Some(wp) = white_papers() else { return };
    let engine = wp.engine();
    let texts = editions(&engine);
    let trend = engine
        .trend(&TrendRequest {
            q: "コンピューター".into(), by: TrendBy::Fy, ..TrendRequest::default()
        })
        .unwrap();
    let counts: BTreeMap<String, u64> = trend.buckets.iter().map(|b| (b.key.clone(), b.matching)).collect();
    for (edition, year) in crate::common::white_paper_editions() {
        let text = &texts[&edition];
        if writes(text, "コンピュータ", Rule::KatakanaWordEnd) || text.contains("コンピューター")
        {
            let count = counts.get(&year.to_string()).copied().unwrap_or(0);
            assert!(count > 0, "{edition} (FY{year}) writes a spelling, trend says {count}");
        }
    }
    let mut keywords = BTreeSet::new();
    engine
        .kwic(
            &KwicRequest { q: "コンピューター".into(), limit: Some(2_000), ..KwicRequest::default() },
            &mut |line| {
                keywords.insert(line.keyword);
                Ok(ControlFlow::Continue(()))
            },
        )
        .unwrap();
    assert!(keywords.contains("コンピュータ") && keywords.contains("コンピューター"), "{keywords:?}");
}

#[test]
fn ict_finds_the_ict21_master_plan_of_h13() {
    let Some(wp) = white_papers() else { return };
    let engine = wp.engine();
    let texts = editions(&engine);
    assert!(texts["h13"].contains("ICT21"), "h13 writes ICT21");
    assert!(found(&engine, "ICT", true).contains("h13"));
}
