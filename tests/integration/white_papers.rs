//! The white papers (総務省 情報通信白書 2000–2023): fiscal years from a catalog, passages,
//! facets, lexicon expansion, trends and concordances on a real corpus.

use std::collections::BTreeSet;

use seisaku::analysis::normalize;
use seisaku::model::{Document, SearchResponse, TrendResponse};

use crate::common::{WhitePapers, white_paper_editions, white_papers};

fn search(wp: &WhitePapers, args: &[&str]) -> SearchResponse {
    let mut all = vec!["search"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--format", "json", "--limit", "100"]);
    let out = wp.run(&all);
    assert_eq!(out.code, 0, "{out:?}");
    out.json()
}

fn editions(response: &SearchResponse) -> BTreeSet<&str> {
    response.hits.iter().map(|h| h.best.path.trim_end_matches(".txt")).collect()
}

#[test]
fn editions_get_fiscal_years_from_the_catalog_and_split_into_passages() {
    let Some(wp) = white_papers() else { return };
    for (edition, year) in white_paper_editions() {
        let out = wp.run(&["show", &format!("{edition}.txt"), "--format", "json"]);
        assert_eq!(out.code, 0, "{out:?}");
        let doc: Document = out.json();
        assert_eq!(doc.meta.fiscal_year, Some(year), "{edition}");
        assert_eq!(doc.meta.publisher.as_deref(), Some("総務省"));
        assert!(doc.passages.len() >= 24, "{edition}: {} passages", doc.passages.len());
        let headed = doc.passages.iter().filter(|p| p.heading.is_some()).count();
        assert!(
            headed * 10 >= doc.passages.len() * 9,
            "{edition}: {headed}/{} have headings",
            doc.passages.len()
        );
        assert!(doc.passages.iter().all(|p| p.fiscal_years == [year]), "{edition}");
        let longest = doc.passages.iter().map(|p| p.text.chars().count()).max().unwrap();
        assert!(longest <= 4_000, "{edition}: a passage of {longest} characters");
    }
    let h12: Document = wp.run(&["show", "h12.txt", "--format", "json"]).json();
    assert_eq!(h12.meta.fiscal_year, Some(2000));
    let r5: Document = wp.run(&["show", "r5.txt", "--format", "json"]).json();
    assert_eq!(r5.meta.fiscal_year, Some(2023));
}

#[test]
fn five_g_appears_in_every_edition_from_fy2015() {
    let Some(wp) = white_papers() else { return };
    let response = search(wp, &["5G", "--exact"]);
    for year in 2015..=2023 {
        let count = response.facets.fiscal_year.get(&year.to_string()).copied().unwrap_or(0);
        assert!(count > 0, "5G in FY{year}: {:?}", response.facets.fiscal_year);
    }
    let in_range = search(wp, &["5G", "--exact", "--fy", "2015..2016"]);
    assert!(in_range.hits.iter().all(|h| h.best.fiscal_year.is_some_and(|y| (2015..=2016).contains(&y))));
    assert_eq!(editions(&in_range), BTreeSet::from(["h27", "h28"]));
}

#[test]
fn nisc_expands_to_its_japanese_name_unless_exact() {
    let Some(wp) = white_papers() else { return };
    let expanded = search(wp, &["NISC"]);
    assert!(expanded.expanded["NISC"].contains(&"内閣サイバーセキュリティセンター".to_string()));
    let found = editions(&expanded);
    for edition in ["h28", "h29", "h30", "r1", "r3"] {
        assert!(found.contains(edition), "NISC misses {edition}: {found:?}");
    }
    let exact = search(wp, &["NISC", "--exact"]);
    assert!(exact.expanded.is_empty());
    let found = editions(&exact);
    for edition in ["h28", "h29", "h30", "r1", "r3"] {
        assert!(!found.contains(edition), "--exact NISC finds {edition}, which never says NISC");
    }
    assert!(!found.is_empty(), "other editions do say NISC");
    let marked = search(wp, &["=NISC"]);
    assert_eq!(editions(&marked), found, "=term is the per-term --exact");
}

#[test]
fn iot_trend_by_fiscal_year() {
    let Some(wp) = white_papers() else { return };
    let out = wp.run(&["trend", "IoT", "--exact", "--by", "fy", "--format", "json"]);
    assert_eq!(out.code, 0, "{out:?}");
    let trend: TrendResponse = out.json();
    assert_eq!(trend.buckets.len(), 24, "one bucket per edition");
    for bucket in &trend.buckets {
        let year: i32 = bucket.key.parse().unwrap();
        match year {
            2011 => assert_eq!(bucket.matching, 1, "h23 mentions IoT once"),
            ..2014 => assert_eq!(bucket.matching, 0, "FY{year}"),
            _ => assert!(bucket.matching > 0, "FY{year}"),
        }
        assert!(bucket.total > 0);
        let ratio = bucket.matching as f64 / bucket.total as f64 * 1000.0;
        assert!((bucket.per_mille - ratio).abs() < 1e-9, "{bucket:?}");
    }
    // The text format draws bars and prints the same numbers.
    let text = wp.run(&["trend", "IoT", "--exact"]);
    assert!(text.stdout.contains('█'), "{}", text.stdout);
    let csv = wp.run(&["trend", "IoT", "--exact", "--format", "csv"]);
    assert!(csv.stdout.starts_with('\u{feff}'));
    assert_eq!(csv.stdout.lines().count(), 25);
}

#[test]
fn kwic_lists_every_occurrence() {
    let Some(wp) = white_papers() else { return };
    let out = wp.run(&["kwic", "サイバーセキュリティ", "--exact", "--format", "csv"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let mut reader = csv::Reader::from_reader(out.stdout.trim_start_matches('\u{feff}').as_bytes());
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let scanned: usize = white_paper_editions()
        .iter()
        .map(|(edition, _)| {
            let raw = std::fs::read_to_string(wp.corpus.join(format!("{edition}.txt"))).unwrap();
            normalize(&raw).matches("サイバーセキュリティ").count()
        })
        .sum();
    assert!(scanned > 500, "{scanned}");
    assert_eq!(rows.len(), scanned, "one row per occurrence");
    assert!(rows.iter().all(|r| &r[1] == "サイバーセキュリティ"));
    assert!(rows.iter().all(|r| r[0].chars().count() <= 20 && r[2].chars().count() <= 20));
    let text = wp.run(&["kwic", "サイバーセキュリティ", "--exact", "--limit", "5"]);
    assert_eq!(text.stdout.lines().count(), 5);
}
