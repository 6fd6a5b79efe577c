//! Discovery (issue 14): characteristic terms of a fiscal year on the white papers,
//! co-occurring terms on the seeds, related passages across the seeds and the white papers, and
//! the HTTP routes.

use std::path::PathBuf;
use std::sync::OnceLock;

use seisaku::model::{Document, RelatedResponse, TermsResponse};

use crate::browser::{chromium, eval, screenshot, wait_until};
use crate::common::{
    Run, TestServer, bundled_corpus, bundled_index, on_bundled, run, scratch, shared_corpus,
    white_paper_editions, white_papers,
};

const NISC_000: &str = "000_09dfc5473c016387.txt";

fn top(response: &TermsResponse, n: usize) -> Vec<&str> {
    response.terms.iter().take(n).map(|t| t.term.as_str()).collect()
}

fn json_terms(out: &Run) -> TermsResponse {
    assert_eq!(out.code, 0, "{out:?}");
    out.json()
}

#[test]
fn terms_of_fy2023_include_generative_ai_or_the_metaverse() {
    let Some(wp) = white_papers() else { return };
    let response = json_terms(&wp.run(&["terms", "--fy", "2023", "--format", "json"]));
    let found = top(&response, 10);
    assert!(found.contains(&"生成AI") || found.contains(&"メタバース"), "{found:?}");
    assert!(response.background.rest);
    assert!(response.foreground.passages > 0 && response.background.passages > response.foreground.passages);
    for t in &response.terms {
        assert!(t.score > 0.0 && t.fg_passages > 0 && t.fg_count >= t.fg_passages, "{t:?}");
        let fg_rate = t.fg_count as f64 / response.foreground.occurrences as f64;
        let bg_rate = t.bg_count as f64 / response.background.occurrences as f64;
        assert!(fg_rate > bg_rate, "{t:?} is over-represented");
    }
    let scores: Vec<f64> = response.terms.iter().map(|t| t.score).collect();
    assert!(scores.windows(2).all(|w| w[0] >= w[1]), "best first: {scores:?}");
}

#[test]
fn terms_of_fy2004_include_ubiquitous() {
    let Some(wp) = white_papers() else { return };
    let response = json_terms(&wp.run(&["terms", "--fy", "2004", "--format", "json"]));
    let found = top(&response, 10);
    // IPADIC has no ユビキタス: it stays inside the katakana run ユビキタスネットワーク.
    assert!(found.iter().take(3).any(|t| t.starts_with("ユビキタス")), "{found:?}");
}

#[test]
fn terms_counts_agree_with_search() {
    let Some(wp) = white_papers() else { return };
    let response = json_terms(&wp.run(&["terms", "--fy", "2023", "--format", "json", "--limit", "3"]));
    // Every term's foreground passages are passages that contain it, so a search finds at
    // least as many (a search also matches the term inside longer words).
    for t in &response.terms {
        let out = wp.run(&["search", &format!("={}", t.term), "--fy", "2023", "--format", "json"]);
        let found: seisaku::model::SearchResponse = out.json();
        assert!(found.total_passages as u64 >= t.fg_passages, "{t:?}: {}", found.total_passages);
    }
    // --vs compares with other years only; CSV has the JSON's columns.
    let vs = json_terms(&wp.run(&["terms", "--fy", "2023", "--vs", "2022", "--format", "json"]));
    assert!(!vs.background.rest && vs.background.fy.as_deref() == Some("2022"));
    assert!(vs.background.passages < response.background.passages);
    let csv = wp.run(&["terms", "--fy", "2023", "--format", "csv", "--limit", "5"]);
    assert_eq!(csv.code, 0, "{csv:?}");
    let mut lines = csv.stdout.trim_start_matches('\u{feff}').lines();
    assert_eq!(lines.next(), Some("term,score,fg_count,bg_count,fg_passages,bg_passages"));
    assert_eq!(lines.count(), 5);
}

#[test]
fn cooccur_iot_ssf_on_the_seeds() {
    let out = on_bundled(&["cooccur", "IoT-SSF", "--format", "json"]);
    let response = json_terms(&out);
    let found = top(&response, 10);
    assert!(found.contains(&"普及啓発") || found.contains(&"経済産業省"), "{found:?}");
    assert!(found.iter().all(|t| !t.to_lowercase().contains("iot-ssf")), "the query itself: {found:?}");
    let text = on_bundled(&["cooccur", "IoT-SSF"]);
    assert_eq!(text.code, 0);
    assert!(text.stdout.contains("G²") && text.stdout.contains(found[0]), "{}", text.stdout);
}

#[test]
fn bad_discovery_input_exits_2_with_one_line() {
    for args in [
        &["terms"][..],
        &["terms", "--fy", "20x3"],
        &["terms", "IoT", "--vs", "2020"],
        &["terms", "--fy", "2023", "--limit", "0"],
        &["cooccur", "\"unclosed"],
        &["related", "no-number"],
        &["related", "nope.txt#0"],
        &["related", "000_09dfc5473c016387.txt#99999"],
    ] {
        let out = on_bundled(args);
        assert_eq!(out.code, 2, "{args:?}: {out:?}");
        assert_eq!(out.stderr.trim_end().lines().count(), 1, "{args:?}: {}", out.stderr);
    }
    assert_eq!(run(&["cooccur"]).code, 2, "a missing query is a usage error");
}

/// An index of the seeds' NISC page and the white papers together (the white papers under `wp/`).
fn combined() -> Option<&'static PathBuf> {
    static INDEX: OnceLock<Option<PathBuf>> = OnceLock::new();
    let white = shared_corpus("ict-white-paper")?;
    INDEX
        .get_or_init(|| {
            let folder = scratch("discovery-combined");
            let corpus = folder.join("corpus");
            std::fs::create_dir_all(&corpus).unwrap();
            std::fs::copy(bundled_corpus().join(NISC_000), corpus.join(NISC_000)).unwrap();
            std::os::unix::fs::symlink(&white, corpus.join("wp")).unwrap();
            let mut catalog = String::new();
            for (edition, year) in white_paper_editions() {
                catalog.push_str(&format!(
                    "[[document]]\npath = \"wp/{edition}.txt\"\nfiscal_year = {year}\n\n"
                ));
            }
            let catalog_path = folder.join("catalog.toml");
            std::fs::write(&catalog_path, catalog).unwrap();
            let index = folder.join("index");
            let (c, i, k) =
                (corpus.to_str().unwrap(), index.to_str().unwrap(), catalog_path.to_str().unwrap());
            let out = run(&["--corpus", c, "--index", i, "--catalog", k, "index", "--exclude", "wp/urls/"]);
            assert_eq!(out.code, 0, "{out:?}");
            Some(index)
        })
        .as_ref()
}

#[test]
fn related_to_the_5g_security_item_finds_white_paper_passages_on_5g_security() {
    let Some(index) = combined() else { return };
    let on = |args: &[&str]| {
        let mut all = vec!["--index", index.to_str().unwrap()];
        all.extend_from_slice(args);
        run(&all)
    };
    let doc: Document = on(&["show", NISC_000, "--format", "json"]).json();
    let item = doc
        .passages
        .iter()
        .find(|p| p.heading.as_deref().is_some_and(|h| h.rsplit(" › ").next().unwrap().starts_with("(ネ)")))
        .expect("item (ネ)");
    assert!(item.text.contains("5G") && item.text.contains("セキュリティガイドラ"), "{}", item.text);
    let id = format!("{NISC_000}#{}", item.no);
    let out = on(&["related", &id, "--format", "json", "--limit", "10"]);
    assert_eq!(out.code, 0, "{out:?}");
    let response: RelatedResponse = out.json();
    assert_eq!(response.passage.id, NISC_000);
    let passages: Vec<_> = response.years.iter().flat_map(|y| &y.passages).collect();
    assert!(!passages.is_empty());
    assert!(passages.iter().all(|p| p.at.id.starts_with("wp/")), "other documents only");
    // The best related passage is the white paper's account of the 5G security guideline (the
    // item's other topic, ITU-T standardisation, fills much of the rest of the list).
    let best = passages.iter().max_by(|a, b| a.score.total_cmp(&b.score)).unwrap();
    let text = |p: &seisaku::model::PassageHit| {
        on(&["show", &p.at.id, "--format", "json"]).json::<Document>().passages[p.at.passage as usize]
            .text
            .clone()
    };
    let best_text = text(best);
    assert!(best_text.contains("5G") && best_text.contains("セキュリティ"), "{best_text}");
    let years: Vec<Option<i32>> = response.years.iter().map(|y| y.fiscal_year).collect();
    assert!(years.windows(2).all(|w| w[0] < w[1]), "by fiscal year: {years:?}");
    let other = on(&["related", &id, "--other-years", "--format", "json"]).json::<RelatedResponse>();
    assert!(other.years.iter().all(|y| !item.fiscal_years.contains(&y.fiscal_year.unwrap_or_default())));
    let text = on(&["related", &id]);
    assert!(text.stdout.contains("FY20"), "{}", text.stdout);
}

#[test]
fn discovery_over_http() {
    let server = TestServer::start(bundled_index());
    let (status, body) = server.get("/api/cooccur?q=IoT-SSF&limit=10");
    assert_eq!(status, 200, "{body}");
    let response: TermsResponse = serde_json::from_str(&body).unwrap();
    assert!(!response.terms.is_empty() && response.terms.len() <= 10);
    let (status, body) = server.get("/api/terms?fy=2023&limit=5");
    assert_eq!(status, 200, "{body}");
    let response: TermsResponse = serde_json::from_str(&body).unwrap();
    assert_eq!(response.foreground.fy.as_deref(), Some("2023"));
    let (status, body) = server.get(&format!("/api/passages/{NISC_000}%230/related?limit=3"));
    assert_eq!(status, 200, "{body}");
    let related: RelatedResponse = serde_json::from_str(&body).unwrap();
    assert_eq!((related.passage.id.as_str(), related.passage.passage), (NISC_000, 0));
    for (path, code) in [
        ("/api/terms", "invalid_parameter"),
        ("/api/terms?fy=20x3", "invalid_parameter"),
        ("/api/terms?fy=2023&bogus=1", "invalid_parameter"),
        ("/api/cooccur?q=IoT&limit=0", "invalid_parameter"),
        ("/api/passages/nope.txt%230/related", "document_not_found"),
        ("/api/passages/no-number/related", "invalid_parameter"),
    ] {
        let (status, body) = server.get(path);
        let expected = if code == "document_not_found" { 404 } else { 400 };
        assert_eq!(status, expected, "{path}: {body}");
        let error: serde_json::Value = serde_json::from_str(&body).unwrap();
        assert_eq!(error["error"]["code"], code, "{path}: {body}");
    }
}

#[test]
fn discovery_panel_and_related_passages_in_chromium() {
    let Some(wp) = white_papers() else { return };
    let Some(browser) = chromium("browser-profile-discovery") else { return };
    let server = TestServer::start(&wp.index);
    let tab = browser.new_tab().expect("tab");
    let url = format!("{}/?q=%E3%82%BB%E3%82%AD%E3%83%A5%E3%83%AA%E3%83%86%E3%82%A3&fy=2023", server.base);
    tab.navigate_to(&url).unwrap().wait_until_navigated().unwrap();
    wait_until(
        &tab,
        "document.querySelector('main').dataset.state === 'ready' && document.getElementById('discovery').dataset.state === 'ready'",
        "the search and its discovery panel",
    );
    let list = |id: &str| -> Vec<String> {
        let js = format!(
            "JSON.stringify([...document.querySelectorAll('#{id} button.term')].map(b => b.dataset.term))"
        );
        serde_json::from_str(eval(&tab, &js).as_str().unwrap()).unwrap()
    };
    // The panel lists what the API answers for the same query and filters.
    let terms: TermsResponse =
        serde_json::from_str(&server.get("/api/terms?q=セキュリティ&fy=2023&limit=12").1).unwrap();
    let cooccur: TermsResponse =
        serde_json::from_str(&server.get("/api/cooccur?q=セキュリティ&fy=2023&limit=12").1).unwrap();
    let names = |r: &TermsResponse| r.terms.iter().map(|t| t.term.clone()).collect::<Vec<_>>();
    assert_eq!(list("terms-list"), names(&terms));
    assert_eq!(list("cooccur-list"), names(&cooccur));
    assert!(!terms.terms.is_empty() && !cooccur.terms.is_empty());

    // "related" on the first hit lists passages of other documents by fiscal year.
    tab.find_element("#hits li.hit button.related-link").unwrap().click().unwrap();
    wait_until(
        &tab,
        "document.querySelector('#hits li.hit .related')?.dataset.state === 'ready'",
        "related passages",
    );
    let related = eval(
        &tab,
        "JSON.stringify({hit: document.querySelector('#hits li.hit').dataset.id, ids: [...document.querySelectorAll('#hits li.hit .related li.related-item')].map(li => li.dataset.id), years: [...document.querySelectorAll('#hits li.hit .related h5')].map(h => h.textContent)})",
    );
    let related: serde_json::Value = serde_json::from_str(related.as_str().unwrap()).unwrap();
    let ids = related["ids"].as_array().unwrap();
    assert!(!ids.is_empty(), "{related}");
    assert!(ids.iter().all(|id| *id != related["hit"]), "other documents only: {related}");
    assert!(related["years"].as_array().unwrap().iter().all(|y| y.as_str().unwrap().starts_with("FY")));
    screenshot(&tab, "discovery.png");

    // A term is a click away from a search for it (the filters stay).
    let first = list("cooccur-list").remove(0);
    tab.find_element("#cooccur-list button.term").unwrap().click().unwrap();
    wait_until(
        &tab,
        &format!(
            "document.querySelector('main').dataset.state === 'ready' && new URLSearchParams(location.search).get('q') === {}",
            serde_json::to_string(&first).unwrap()
        ),
        "the search for the clicked term",
    );
    assert_eq!(eval(&tab, "new URLSearchParams(location.search).get('fy')"), serde_json::Value::from("2023"));
}
