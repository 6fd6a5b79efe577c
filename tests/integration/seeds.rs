//! The bundled corpus: the searches and metadata the foundation and documents issues require.

use seisaku::model::{Document, SearchResponse};

use crate::common::{on_bundled, run};

const NISC_000: &str = "000_09dfc5473c016387.txt";
const NISC_001: &str = "001_ee1dd755575032d2.txt";
const SUMMARY_002: &str = "002_b3e69ba3f2de1bc3.txt";
const INTL_003: &str = "003_f2d865df4ff72153.txt";
const NISC_004: &str = "004_53ac175ef9cdb20c.txt";

fn search(args: &[&str]) -> SearchResponse {
    let mut all = vec!["search"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--format", "json"]);
    if !args.contains(&"--limit") {
        all.extend_from_slice(&["--limit", "100"]);
    }
    let out = on_bundled(&all);
    assert_eq!(out.code, 0, "{out:?}");
    out.json()
}

fn paths(response: &SearchResponse) -> Vec<&str> {
    response.hits.iter().map(|h| h.best.path.as_str()).collect()
}

fn show(id: &str) -> Document {
    let out = on_bundled(&["show", id, "--format", "json"]);
    assert_eq!(out.code, 0, "{out:?}");
    out.json()
}

#[test]
fn iot_ssf_in_any_width_or_case_ranks_the_nisc_page_first() {
    for query in ["IoT-SSF", "ＩｏＴ－ＳＳＦ", "iot-ssf"] {
        let response = search(&[query]);
        assert_eq!(paths(&response).first(), Some(&NISC_000), "{query}: {:?}", paths(&response));
        assert!(
            response.hits[0].best.snippet.render().contains("<mark>IoT-SSF</mark>"),
            "{}",
            response.hits[0].best.snippet.render()
        );
    }
}

#[test]
fn words_broken_by_ocr_are_found() {
    for (query, expected) in [
        ("セキュリティガイドライン", NISC_000), // source: 「セ」/「キュリティガイドライン」
        ("相互承認", NISC_000),                 // source: 「相」/「互承認」
        ("サイバー協議", INTL_003),             // source: サイバ-協議
        ("個人情報保護委員会", NISC_001),
    ] {
        let response = search(&[query]);
        assert!(paths(&response).contains(&expected), "{query}: {:?}", paths(&response));
    }
    let response = search(&["ITU-T SG17"]);
    for expected in [NISC_000, INTL_003] {
        assert!(paths(&response).contains(&expected), "ITU-T SG17: {:?}", paths(&response));
    }
}

#[test]
fn one_character_and_prefix_terms() {
    let response = search(&["省"]);
    assert!(response.total >= 4, "{:?}", paths(&response));
    // `協` ends the term: a prefix of the bigram 協議.
    assert!(paths(&search(&["サイバー協"])).contains(&INTL_003));
}

#[test]
fn query_operators() {
    let both = search(&["\"ITU-T SG17\" 国際標準化"]);
    assert!(paths(&both).contains(&NISC_000));
    let either = search(&["相互承認 OR サイバー協議"]);
    assert!(paths(&either).contains(&NISC_000) && paths(&either).contains(&INTL_003));
    // Negation works on passages: SG17 passages = those with 相互承認 + those without.
    let all = search(&["SG17"]).total_passages;
    let with = search(&["SG17 相互承認"]).total_passages;
    let without = search(&["SG17 -相互承認"]).total_passages;
    assert!(with > 0 && without > 0);
    assert_eq!(with + without, all);
}

#[test]
fn bad_queries_exit_2_with_one_line() {
    let long = "あ".repeat(10_000);
    for query in ["\"unclosed", "-", long.as_str(), "IoT OR", "ministry:存在しない省"] {
        let out = on_bundled(&["search", query]);
        assert_eq!(out.code, 2, "{query:?}: {out:?}");
        assert_eq!(out.stderr.trim_end().lines().count(), 1, "{query:?}: {}", out.stderr);
        assert!(out.stderr.starts_with("seisaku: "), "{}", out.stderr);
    }
    assert_eq!(run(&["search"]).code, 2, "a missing query is a usage error");
    // An empty query is no error since issue 15: it lists every document, like an empty search
    // box (the API's contract states it; filters narrow it).
    let everything = on_bundled(&["search", "", "--format", "json"]);
    assert_eq!(everything.code, 0, "{everything:?}");
    let response: seisaku::model::SearchResponse = everything.json();
    assert_eq!(response.total, 5);
    assert_eq!(on_bundled(&["search", "IoT", "--limit", "0"]).code, 2);
}

#[test]
fn zero_hits_is_success() {
    let out = on_bundled(&["search", "存在しない語句です"]);
    assert_eq!(out.code, 0, "{out:?}");
    assert!(out.stdout.contains("0 documents"), "{}", out.stdout);
}

#[test]
fn document_metadata_is_read_from_the_text() {
    let summary = show(SUMMARY_002);
    assert_eq!(summary.meta.title, "「ICTサイバーセキュリティ総合対策2021」(案)の概要");
    assert_eq!(summary.meta.date.map(|d| d.to_string()).as_deref(), Some("2021-06-03"));
    assert_eq!(summary.meta.fiscal_year, Some(2021));
    assert_eq!(summary.meta.publisher.as_deref(), Some("総務省"));

    let intl = show(INTL_003);
    assert_eq!(intl.meta.date.map(|d| d.to_string()).as_deref(), Some("2024-03-13"));
    assert_eq!(intl.meta.fiscal_year, Some(2023), "March belongs to the previous fiscal year");
    assert_eq!(intl.meta.publisher.as_deref(), Some("総務省"));

    for id in [NISC_000, NISC_001, NISC_004] {
        let doc = show(id);
        assert_eq!(doc.meta.source_url.as_deref(), Some("https://www.nisc.go.jp/council/cs/index.html#cs41"));
        assert!(doc.passages.iter().all(|p| !p.text.contains("公開元URL") && !p.text.contains("ページ画像")));
    }
    let nisc = show(NISC_000);
    assert!(nisc.meta.pages.contains(&"別添2 - 24 -".to_string()), "{:?}", nisc.meta.pages);
    assert!(nisc.passages.iter().all(|p| !p.text.contains("別添2 - 24 -")), "footers are not body text");
}

/// The passage of `doc` whose heading ends with the item marker and ministries given.
fn item<'d>(doc: &'d Document, marker: &str) -> &'d seisaku::model::Passage {
    doc.passages
        .iter()
        .find(|p| p.heading.as_deref().is_some_and(|h| h.rsplit(" › ").next().unwrap().starts_with(marker)))
        .unwrap_or_else(|| panic!("no item {marker} in {}", doc.id))
}

#[test]
fn nisc_items_carry_their_responsible_ministries() {
    let nisc = show(NISC_000);
    assert_eq!(item(&nisc, "(ナ)").ministries, ["総務省", "経済産業省"]);
    assert_eq!(item(&nisc, "(ニ)").ministries, ["経済産業省"]);
    assert_eq!(item(&nisc, "(ニ)").fiscal_years, [2023, 2024], "results year and the 2024 plan");
    assert!(item(&nisc, "(ニ)").reposted);
    let intl = show(NISC_004);
    assert_eq!(
        item(&intl, "(ア)").ministries,
        ["内閣官房", "警察庁", "総務省", "外務省", "経済産業省", "防衛省"]
    );
    let privacy = show(NISC_001);
    assert_eq!(item(&privacy, "(ア)").ministries, ["個人情報保護委員会"]);
    // Mentioned, not responsible: (イ) of 004 names 内閣官房 and 防衛省 in passing.
    let second = item(&intl, "(イ)");
    assert_eq!(second.ministries, ["外務省", "経済産業省"]);
    assert!(second.mentions.iter().all(|m| !second.ministries.contains(m)));
}

#[test]
fn ministry_filter_narrows_to_the_responsible_item() {
    let meti = search(&["IoT-SSF", "--ministry", "経済産業省"]);
    assert_eq!(paths(&meti), [NISC_000]);
    assert!(
        meti.hits[0].best.at.heading.as_deref().unwrap().ends_with("(ニ) 経済産業省"),
        "{:?}",
        meti.hits[0].best.at.heading
    );
    assert!(search(&["IoT-SSF", "--ministry", "外務省"]).hits.is_empty());
    assert!(search(&["IoT-SSF ministry:外務省"]).hits.is_empty(), "inline filter");
    assert_eq!(paths(&search(&["IoT-SSF ministry:METI"])), [NISC_000], "aliases resolve");
}

#[test]
fn facets_count_the_whole_result_set() {
    let response = search(&["セキュリティ", "--limit", "1"]);
    assert_eq!(response.hits.len(), 1);
    let counted: u64 = response.facets.fiscal_year.values().sum();
    assert!(counted as usize >= response.total_passages, "{:?}", response.facets);
    assert!(response.facets.ministry.contains_key("総務省"));
    let page2 = search(&["セキュリティ", "--limit", "1", "--offset", "1"]);
    assert_eq!(page2.facets, response.facets);
    assert_ne!(page2.hits[0].best.at.id, response.hits[0].best.at.id);
}

#[test]
fn fiscal_year_filters() {
    let fy2023 = search(&["セキュリティ", "--fy", "2023"]);
    assert!(fy2023.hits.iter().all(|h| h.best.at.fiscal_years.contains(&2023)), "{:?}", paths(&fy2023));
    assert!(paths(&fy2023).contains(&INTL_003));
    let range = search(&["セキュリティ fy:2021..2021"]);
    assert_eq!(paths(&range), [SUMMARY_002]);
    assert_eq!(on_bundled(&["search", "IoT", "--fy", "20xx"]).code, 2);
}
