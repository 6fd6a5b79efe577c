//! Regressions of issue 9 ("one owner for a passage"): each test failed on the code before it.

use std::path::Path;

use seisaku::index::IndexLocation;
use seisaku::search::Engine;
use serde_json::Value;

use crate::common::{bundled_corpus, run, scratch, white_papers};

/// Copies the bundled corpus (documents and catalog) into `folder`.
fn copy_bundled(folder: &Path) {
    for entry in std::fs::read_dir(bundled_corpus()).unwrap() {
        let path = entry.unwrap().path();
        if path.is_file() {
            std::fs::copy(&path, folder.join(path.file_name().unwrap())).unwrap();
        }
    }
}

fn export_lines(corpus: &Path, index: &Path, query: &str) -> usize {
    let out = run(&[
        "--corpus",
        corpus.to_str().unwrap(),
        "--index",
        index.to_str().unwrap(),
        "search",
        query,
        "--all",
        "--format",
        "jsonl",
    ]);
    assert_eq!(out.code, 0, "{out:?}");
    out.stdout.lines().count()
}

fn total_passages(corpus: &Path, index: &Path, query: &str) -> u64 {
    let out = run(&[
        "--corpus",
        corpus.to_str().unwrap(),
        "--index",
        index.to_str().unwrap(),
        "search",
        query,
        "--format",
        "json",
    ]);
    assert_eq!(out.code, 0, "{out:?}");
    out.json::<Value>()["total_passages"].as_u64().unwrap()
}

fn index(corpus: &Path, index: &Path) {
    let out = run(&["--corpus", corpus.to_str().unwrap(), "--index", index.to_str().unwrap(), "index"]);
    assert_eq!(out.code, 0, "{out:?}");
}

/// 1. An export walked every indexed passage, deleted ones included: after an update it printed
///    the old and the new version of a passage, after a removal a passage of a file that is gone.
#[test]
fn export_skips_passages_of_updated_and_removed_documents() {
    let folder = scratch("regression-9-export");
    let corpus = folder.join("corpus");
    let idx = folder.join("index");
    std::fs::create_dir_all(&corpus).unwrap();
    copy_bundled(&corpus);
    index(&corpus, &idx);
    assert_eq!(export_lines(&corpus, &idx, "IoT-SSF"), 1);

    let file = corpus.join("000_09dfc5473c016387.txt");
    let mut text = std::fs::read_to_string(&file).unwrap();
    text.push_str("\n追記された一行。\n");
    std::fs::write(&file, text).unwrap();
    index(&corpus, &idx);
    assert_eq!(total_passages(&corpus, &idx, "IoT-SSF"), 1);
    assert_eq!(export_lines(&corpus, &idx, "IoT-SSF"), 1, "export agrees with search after an update");

    std::fs::remove_file(&file).unwrap();
    index(&corpus, &idx);
    assert_eq!(total_passages(&corpus, &idx, "IoT-SSF"), 0);
    assert_eq!(export_lines(&corpus, &idx, "IoT-SSF"), 0, "export agrees with search after a removal");
}

/// 2. A short UTF-8 file with one broken sequence was decoded as Shift_JIS (mojibake).
#[test]
fn a_short_utf8_file_with_a_stray_broken_byte_stays_utf8() {
    let mut bytes = "正しい部分".as_bytes().to_vec();
    bytes.extend_from_slice(&[0xff, 0xfe, 0xfa]);
    bytes.extend_from_slice("続きの部分です".as_bytes());
    let decoded = seisaku::ingest::decode::decode(&bytes).unwrap();
    assert_eq!(decoded.encoding, "UTF-8");
    assert!(
        decoded.text.starts_with("正しい部分") && decoded.text.ends_with("続きの部分です"),
        "{}",
        decoded.text
    );
    assert!(decoded.warning.is_some(), "the replaced bytes are reported");
}

/// 3. A metadata date given as a fiscal year (`令和6年度`) became the string `"FY2024"` and date
///    key 0, so `--sort date` put the document last.
#[test]
fn a_fiscal_year_date_sorts_by_its_year_and_is_not_an_iso_string() {
    let folder = scratch("regression-9-dates");
    let corpus = folder.join("corpus");
    let idx = folder.join("index");
    std::fs::create_dir_all(&corpus).unwrap();
    for (name, date) in [("old.txt", "2023-05-01"), ("fy.txt", "令和6年度"), ("new.txt", "2025-06-10")] {
        std::fs::write(corpus.join(name), format!("{name} の本文。サイバーセキュリティ政策について。\n"))
            .unwrap();
        std::fs::write(
            corpus.join(name.replace(".txt", ".meta.toml")),
            format!("title = \"{name}\"\ndate = \"{date}\"\n"),
        )
        .unwrap();
    }
    index(&corpus, &idx);
    let out = run(&[
        "--corpus",
        corpus.to_str().unwrap(),
        "--index",
        idx.to_str().unwrap(),
        "search",
        "サイバーセキュリティ",
        "--sort",
        "date",
        "--format",
        "json",
    ]);
    assert_eq!(out.code, 0, "{out:?}");
    let response = out.json::<Value>();
    let hits = response["hits"].as_array().unwrap();
    let order: Vec<&str> = hits.iter().map(|h| h["id"].as_str().unwrap()).collect();
    assert_eq!(order, ["new.txt", "fy.txt", "old.txt"]);
    let fy = &hits[1];
    assert_eq!(fy["fiscal_year"], 2024);
    assert!(
        fy["date"].is_null() || fy["date"].as_str().is_some_and(|d| d.starts_with("2024")),
        "date is ISO 8601 or absent: {}",
        fy["date"]
    );
}

/// 4. A schema version change deleted the documents but kept the old tantivy schema.
#[test]
fn an_index_of_another_schema_is_rebuilt_with_this_schema() {
    use tantivy::schema::{STORED, Schema};

    let folder = scratch("regression-9-schema");
    let idx = folder.join("index");
    std::fs::create_dir_all(&idx).unwrap();
    // Today's fields plus one an older version had, with an older schema version recorded.
    let (current, _) = seisaku::index::schema::build();
    let mut builder = Schema::builder();
    for (_, entry) in current.fields() {
        builder.add_field(entry.clone());
    }
    builder.add_text_field("legacy_field", STORED);
    let old = tantivy::Index::create_in_dir(&idx, builder.build()).unwrap();
    seisaku::analysis::register_tokenizers(&old).unwrap();
    let mut writer: tantivy::IndexWriter = old.writer(50_000_000).unwrap();
    let state = seisaku::index::IndexState {
        schema_version: seisaku::index::schema::SCHEMA_VERSION - 1,
        ..seisaku::index::IndexState::current(true)
    };
    let mut prepared = writer.prepare_commit().unwrap();
    prepared.set_payload(&serde_json::to_string(&state).unwrap());
    prepared.commit().unwrap();
    drop(writer);
    drop(old);

    index(&bundled_corpus(), &idx);
    let rebuilt = tantivy::Index::open_in_dir(&idx).unwrap();
    assert!(rebuilt.schema().get_field("legacy_field").is_err(), "the old schema was kept");
    assert_eq!(rebuilt.schema(), current);
    let engine = Engine::open(&IndexLocation::new(&idx)).unwrap();
    assert_eq!(engine.status().unwrap().documents, 5);
}

/// 6. Footnotes (`18 「…」(国土交通省)`) became section headings, and a chapter title quoted in a
///    figure caption (`「第6章 アクション&レガシー」`) a chapter heading with a stray `」`.
#[test]
fn footnotes_and_quoted_titles_are_not_headings() {
    let Some(wp) = white_papers() else { return };
    let document = wp.engine().document("r2.txt").unwrap();
    let headings: Vec<&str> = document.passages.iter().filter_map(|p| p.heading.as_deref()).collect();
    assert!(!headings.is_empty());
    for heading in &headings {
        assert!(!heading.contains("乗合バス事業の収支状況"), "footnote as heading: {heading}");
        for part in heading.split(" › ") {
            let opened = part.matches(['「', '『']).count();
            let closed = part.matches(['」', '』']).count();
            assert!(closed <= opened, "unbalanced quote in heading: {heading}");
        }
    }
}
