//! Indexing throughput against its floor: raw lindera segmentation of the same text.
//!
//! Indexes `../shared/corpus/ict-white-paper/` (or the folder given as the first argument) into a
//! temporary index, single-threaded and with the default threads, and segments the same decoded
//! text line by line with the same lindera segmenter (IPADIC + user dictionary) on one thread.
//! Every figure is in MB/s of source bytes and is the median of several rounds measured in this
//! one run, so the ratios hold on a noisy shared machine even when the absolute figures do not.
//!
//! ```text
//! cargo bench --bench indexing [-- FOLDER] [--rounds N]
//! ```

use std::borrow::Cow;
use std::path::{Path, PathBuf};
use std::time::Instant;

use lindera::dictionary::Lattice;
use seisaku::analysis::dictionary::segmenter;
use seisaku::index::IndexLocation;
use seisaku::index::writer::{IndexOptions, Indexer, NoProgress};
use seisaku::ingest::decode::decode;

/// Files of the corpus to measure, sorted, with their decoded text.
fn load_texts(folder: &Path) -> Vec<(PathBuf, usize, String)> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(folder)
        .unwrap_or_else(|err| panic!("cannot read {}: {err}", folder.display()))
        .filter_map(|entry| Some(entry.ok()?.path()))
        .filter(|path| path.extension().is_some_and(|ext| ext == "txt"))
        .collect();
    files.sort();
    files
        .into_iter()
        .filter_map(|path| {
            let bytes = std::fs::read(&path).ok()?;
            let text = decode(&bytes).ok()?.text;
            Some((path, bytes.len(), text))
        })
        .collect()
}

/// Seconds taken by segmenting every line of `texts` on one thread.
fn segment_all(texts: &[(PathBuf, usize, String)]) -> f64 {
    let segmenter = segmenter().expect("dictionary loads");
    let mut lattice = Lattice::default();
    let started = Instant::now();
    let mut tokens = 0usize;
    for (_, _, text) in texts {
        for line in text.lines().filter(|l| !l.trim().is_empty()) {
            tokens +=
                segmenter.segment_with_lattice(Cow::Borrowed(line), &mut lattice).expect("segments").len();
        }
    }
    let seconds = started.elapsed().as_secs_f64();
    assert!(tokens > 0, "no tokens segmented");
    seconds
}

/// Seconds taken by a full indexing run of `folder` into a fresh index with `threads` threads.
fn index_all(folder: &Path, threads: usize) -> (f64, u64) {
    let scratch = tempfile::tempdir().expect("temporary folder");
    let location = IndexLocation::new(scratch.path().join("index"));
    let mut options = IndexOptions::new(folder);
    options.full = true;
    options.threads = threads;
    options.exclude = vec!["urls/".to_owned()];
    let summary = Indexer::new(&location, &options)
        .run(&NoProgress, &mut |problem| eprintln!("  problem: {problem:?}"))
        .expect("indexing succeeds");
    (summary.seconds, summary.passages)
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

fn main() {
    let mut args = std::env::args().skip(1).filter(|a| a != "--bench");
    let mut folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/ict-white-paper");
    let mut rounds = 3;
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--rounds" => rounds = args.next().and_then(|n| n.parse().ok()).expect("--rounds N"),
            _ => folder = PathBuf::from(arg),
        }
    }
    if !folder.is_dir() {
        println!("skipped: {} is absent (the shared corpora are not in this checkout)", folder.display());
        return;
    }
    let texts = load_texts(&folder);
    let bytes: usize = texts.iter().map(|(_, len, _)| len).sum();
    let mb = bytes as f64 / 1e6;
    println!("corpus: {} ({} files, {mb:.1} MB), median of {rounds} rounds", folder.display(), texts.len());
    segmenter().expect("dictionary loads"); // load outside the timings

    let threads = std::thread::available_parallelism().map_or(2, |n| n.get().min(4));
    let mut segment = Vec::new();
    let mut index_one = Vec::new();
    let mut index_many = Vec::new();
    let mut passages = 0;
    for round in 1..=rounds {
        segment.push(segment_all(&texts));
        let (seconds, count) = index_all(&folder, 1);
        index_one.push(seconds);
        passages = count;
        index_many.push(index_all(&folder, threads).0);
        println!(
            "  round {round}: lindera {:.2} s, index (1 thread) {:.2} s, index ({threads} threads) {:.2} s",
            segment[round - 1],
            index_one[round - 1],
            index_many[round - 1]
        );
    }
    let rate = |seconds: Vec<f64>| mb / median(seconds);
    let (lindera, one, many) = (rate(segment), rate(index_one), rate(index_many));
    println!("raw lindera segmentation (1 thread): {lindera:7.2} MB/s");
    println!("seisaku index (1 thread):            {one:7.2} MB/s  ratio to lindera {:.2}", one / lindera);
    println!(
        "seisaku index ({threads} threads):           {many:7.2} MB/s  ratio to lindera {:.2}",
        many / lindera
    );
    println!("({passages} passages indexed per run)");
}
