//! Index lifecycle: incremental updates, rebuilds on a changed analysis chain, crash safety
//! under SIGKILL, and one writer at a time.

use std::collections::HashMap;
use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};

use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};
use seisaku::index::IndexLocation;
use seisaku::model::SearchResponse;
use serde_json::Value;

use crate::common::{run, scratch, seisaku, shared_corpus};

/// Runs `seisaku index` and returns its JSON summary.
fn index(corpus: &Path, index: &Path, extra: &[&str]) -> Value {
    let mut args = vec![
        "--corpus",
        corpus.to_str().unwrap(),
        "--index",
        index.to_str().unwrap(),
        "index",
        "--format",
        "json",
    ];
    args.extend_from_slice(extra);
    let out = run(&args);
    assert_eq!(out.code, 0, "{out:?}");
    out.json()
}

fn counts(summary: &Value) -> [u64; 5] {
    ["added", "updated", "removed", "unchanged", "documents"].map(|k| summary[k].as_u64().unwrap())
}

/// Every live passage: document id → passage numbers.
fn passages_by_document(index: &Path) -> HashMap<String, Vec<u64>> {
    let (tantivy_index, _) = IndexLocation::new(index).open().expect("the index opens");
    let searcher = tantivy_index.reader().unwrap().searcher();
    let mut out: HashMap<String, Vec<u64>> = HashMap::new();
    let mut id = String::new();
    for segment in searcher.segment_readers() {
        let ids = segment.fast_fields().str("doc_id").unwrap().unwrap();
        let numbers = segment.fast_fields().u64("passage_no").unwrap();
        for doc in segment.doc_ids_alive() {
            let ord = ids.term_ords(doc).next().unwrap();
            ids.ord_to_str(ord, &mut id).unwrap();
            out.entry(id.clone()).or_default().push(numbers.first(doc).unwrap());
        }
    }
    out
}

/// Asserts no document is partial or duplicated: its passages are exactly 0..n.
fn assert_whole_documents(index: &Path) -> usize {
    let documents = passages_by_document(index);
    for (id, numbers) in &documents {
        let mut sorted = numbers.clone();
        sorted.sort_unstable();
        assert_eq!(sorted, (0..numbers.len() as u64).collect::<Vec<_>>(), "{id} is partial or duplicated");
    }
    documents.len()
}

/// Documents committed so far (0 before the first commit).
fn committed_documents(index: &Path) -> usize {
    if IndexLocation::new(index).open().is_err() {
        return 0;
    }
    passages_by_document(index).len()
}

#[test]
fn only_changed_added_and_removed_files_are_reindexed() {
    let Some(white_papers) = shared_corpus("ict-white-paper") else { return };
    let folder = scratch("incremental");
    let corpus = folder.join("corpus");
    std::fs::create_dir(&corpus).unwrap();
    for entry in std::fs::read_dir(&white_papers).unwrap() {
        let path = entry.unwrap().path();
        if path.is_file() {
            std::fs::copy(&path, corpus.join(path.file_name().unwrap())).unwrap();
        }
    }
    let idx = folder.join("index");
    assert_eq!(counts(&index(&corpus, &idx, &[])), [24, 0, 0, 0, 24]);
    assert_eq!(counts(&index(&corpus, &idx, &[])), [0, 0, 0, 24, 24], "a second run changes nothing");

    let mut changed = std::fs::read_to_string(corpus.join("h12.txt")).unwrap();
    changed.push_str("\n追記\n量子鍵配送網の全国展開について新たに記述した。\n");
    std::fs::write(corpus.join("h12.txt"), changed).unwrap();
    std::fs::remove_file(corpus.join("h13.txt")).unwrap();
    std::fs::write(corpus.join("new.txt"), "新しい文書\n衛星量子通信の実証計画。").unwrap();
    let summary = index(&corpus, &idx, &[]);
    assert_eq!(counts(&summary), [1, 1, 1, 22, 24], "{summary}");
    assert_eq!(assert_whole_documents(&idx), 24);

    let search = |q: &str| -> SearchResponse {
        let out = run(&["--index", idx.to_str().unwrap(), "search", q, "--format", "json"]);
        assert_eq!(out.code, 0, "{out:?}");
        out.json()
    };
    let found = search("量子鍵配送網");
    assert_eq!(found.hits.iter().map(|h| h.best.path.as_str()).collect::<Vec<_>>(), ["h12.txt"]);
    assert_eq!(search("衛星量子通信").hits[0].best.path, "new.txt");
    assert!(
        search("平成13年版").hits.iter().all(|h| h.best.path != "h13.txt"),
        "the deleted edition is gone"
    );

    // An index built by another analysis chain is rebuilt, not updated.
    let meta_path = idx.join("meta.json");
    let mut meta: Value = serde_json::from_str(&std::fs::read_to_string(&meta_path).unwrap()).unwrap();
    let mut state: Value = serde_json::from_str(meta["payload"].as_str().unwrap()).unwrap();
    state["analysis_version"] = Value::from("norm0.older-chain");
    meta["payload"] = Value::from(state.to_string());
    std::fs::write(&meta_path, meta.to_string()).unwrap();
    let rebuilt = index(&corpus, &idx, &[]);
    assert_eq!(rebuilt["rebuilt"], Value::Bool(true));
    assert_eq!(counts(&rebuilt), [24, 0, 0, 0, 24]);
    let full = index(&corpus, &idx, &["--full"]);
    assert_eq!((full["rebuilt"].as_bool(), full["added"].as_u64()), (Some(true), Some(24)));
}

#[test]
fn a_killed_run_leaves_a_committed_index_and_the_next_run_completes_it() {
    let Some(laws) = shared_corpus("egov-laws") else { return };
    let folder = scratch("crash");
    let idx = folder.join("index");
    let mut rng = StdRng::seed_from_u64(7);
    let mut committed = Vec::new();
    for round in 0..3 {
        let mut child = seisaku()
            .args([
                "--corpus",
                laws.to_str().unwrap(),
                "--index",
                idx.to_str().unwrap(),
                "index",
                "--full",
                "--commit-mb",
                "8",
            ])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        // Killed at a random moment after the index holds a commit: a fixed delay from the start
        // would depend on how busy the machine is (two test threads, two cores).
        let started = Instant::now();
        while committed_documents(&idx) == 0
            && child.try_wait().unwrap().is_none()
            && started.elapsed() < Duration::from_secs(600)
        {
            std::thread::sleep(Duration::from_millis(50));
        }
        let delay = rng.random_range(0..3_000);
        std::thread::sleep(Duration::from_millis(delay));
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        let documents = assert_whole_documents(&idx);
        let after = started.elapsed().as_millis();
        println!("round {round}: killed after {after} ms; the index opens with {documents} whole documents");
        committed.push(documents);
    }
    assert!(committed.iter().any(|&n| n > 0), "some round was killed after a commit: {committed:?}");
    let summary = index(&laws, &idx, &[]);
    let files = std::fs::read_dir(&laws)
        .unwrap()
        .filter(|e| e.as_ref().unwrap().path().extension().is_some_and(|x| x == "txt"))
        .count() as u64;
    let skipped = summary["skipped"].as_u64().unwrap();
    assert_eq!(summary["documents"].as_u64().unwrap(), files - skipped, "{summary}");
    assert_eq!(assert_whole_documents(&idx) as u64, files - skipped, "no id twice, none partial");
}

#[test]
fn a_second_concurrent_writer_fails_fast_naming_the_lock() {
    let Some(white_papers) = shared_corpus("ict-white-paper") else { return };
    let folder = scratch("two-writers");
    let idx = folder.join("index");
    let args =
        ["--corpus", white_papers.to_str().unwrap(), "--index", idx.to_str().unwrap(), "index", "--full"];
    // Create the index first, so both runs contend for the same writer lock.
    assert_eq!(run(&["--corpus", "corpus", "--index", idx.to_str().unwrap(), "index"]).code, 0);
    let first = seisaku().args(args).stdout(Stdio::null()).stderr(Stdio::piped()).spawn().unwrap();
    std::thread::sleep(Duration::from_millis(300));
    let second = seisaku().args(args).output().unwrap();
    let first = first.wait_with_output().unwrap();
    let outcomes = [first, second];
    let succeeded = outcomes.iter().filter(|o| o.status.success()).count();
    assert_eq!(succeeded, 1, "exactly one writer succeeds");
    let failed = outcomes.iter().find(|o| !o.status.success()).unwrap();
    assert_eq!(failed.status.code(), Some(1));
    let message = String::from_utf8_lossy(&failed.stderr);
    assert!(message.contains(".tantivy-writer.lock") && message.contains("locked"), "{message}");
    assert_eq!(message.trim_end().lines().count(), 1, "{message}");
}

/// The segment facts a search reads are kept in `facts/` (one file per segment, written by
/// `index`); searches answer the same from a good file, without one, and from a damaged one,
/// which is written anew.
#[test]
fn segment_facts_files_are_a_cache_that_survives_damage() {
    let folder = scratch("facts-files");
    let index_dir = folder.join("index");
    index(&crate::common::bundled_corpus(), &index_dir, &[]);
    let facts = index_dir.join("facts");
    let files = || {
        let mut files: Vec<_> = std::fs::read_dir(&facts).unwrap().map(|e| e.unwrap().path()).collect();
        files.sort();
        files
    };
    let (tantivy_index, _) = IndexLocation::new(&index_dir).open().unwrap();
    assert_eq!(files().len(), tantivy_index.searchable_segment_ids().unwrap().len(), "one file per segment");
    let written: Vec<Vec<u8>> = files().iter().map(|f| std::fs::read(f).unwrap()).collect();
    let answers = || {
        let dir = index_dir.to_str().unwrap();
        let searches = ["IoT", "ministry:総務省 サイバー", ""].map(|q| {
            let out = run(&["--index", dir, "search", q, "--format", "json"]);
            assert_eq!(out.code, 0, "{out:?}");
            let mut response: Value = out.json();
            response.as_object_mut().unwrap().remove("took_ms");
            response
        });
        let facets = run(&["--index", dir, "facets", "--format", "json"]);
        assert_eq!(facets.code, 0, "{facets:?}");
        (searches, facets.stdout)
    };
    let expected = answers();
    assert!(expected.0[0]["total"].as_u64().unwrap() > 0, "IoT is found");

    for file in files() {
        std::fs::remove_file(file).unwrap();
    }
    assert_eq!(answers(), expected, "without the files");
    for (file, bytes) in files().iter().zip(&written) {
        assert_eq!(&std::fs::read(file).unwrap(), bytes, "written anew, the same");
        let mut damaged = bytes.clone();
        let middle = damaged.len() / 2;
        damaged[middle] ^= 0xff;
        damaged.truncate(damaged.len() - 3);
        std::fs::write(file, damaged).unwrap();
    }
    assert_eq!(answers(), expected, "with damaged files");
    let rewritten: Vec<Vec<u8>> = files().iter().map(|f| std::fs::read(f).unwrap()).collect();
    assert_eq!(rewritten, written, "damaged files are written anew");
}
