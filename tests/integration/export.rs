//! Exports stream every hit in bounded memory; re-posted items can be collapsed.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::Stdio;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use seisaku::model::{PassageHit, SearchResponse};

use crate::common::{on_bundled, run, scratch, seisaku, shared_corpus};

/// What an export cost: lines and bytes written, and memory (kB).
#[cfg(target_os = "linux")]
#[derive(Debug)]
struct ExportRun {
    lines: usize,
    bytes: usize,
    /// Largest anonymous (heap) resident set seen while it ran, sampled every 10 ms.
    peak_anon_kb: u64,
    /// Peak resident set, mapped index files included, as the kernel reports it at exit.
    max_rss_kb: i64,
}

/// Runs an export to the end, checking its first line is a [`PassageHit`].
#[cfg(target_os = "linux")]
#[expect(clippy::zombie_processes, reason = "the child is reaped by wait4, which also gives its rusage")]
fn export(index: &Path, query: &str) -> ExportRun {
    let mut child = seisaku()
        .args(["--index", index.to_str().unwrap(), "search", query, "--all", "--format", "jsonl"])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let status_file = format!("/proc/{}/status", child.id());
    let done = AtomicBool::new(false);
    let (lines, bytes, peak_anon_kb) = std::thread::scope(|scope| {
        let sampler = scope.spawn(|| {
            let mut peak = 0;
            while !done.load(Ordering::Relaxed) {
                let status = std::fs::read_to_string(&status_file).unwrap_or_default();
                if let Some(kb) = status.lines().find_map(|l| l.strip_prefix("RssAnon:")) {
                    peak = peak.max(kb.trim().trim_end_matches("kB").trim().parse().unwrap_or(0));
                }
                std::thread::sleep(Duration::from_millis(10));
            }
            peak
        });
        let (mut lines, mut bytes) = (0, 0);
        for line in BufReader::new(child.stdout.take().unwrap()).lines() {
            let line = line.unwrap();
            if lines == 0 {
                serde_json::from_str::<PassageHit>(&line).expect("a PassageHit per line");
            }
            lines += 1;
            bytes += line.len() + 1;
        }
        done.store(true, Ordering::Relaxed);
        (lines, bytes, sampler.join().unwrap())
    });
    let pid = libc::pid_t::try_from(child.id()).unwrap();
    let mut status = 0;
    // SAFETY: `rusage` is plain data the kernel fills in; `pid` is our own unreaped child.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let reaped = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    assert_eq!(reaped, pid, "wait4 failed");
    assert!(libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0, "export failed: {status}");
    ExportRun { lines, bytes, peak_anon_kb, max_rss_kb: usage.ru_maxrss }
}

#[cfg(target_os = "linux")]
#[test]
fn exporting_tens_of_thousands_of_laws_passages_runs_in_bounded_memory() {
    let Some(laws) = shared_corpus("egov-laws") else { return };
    let index = scratch("export-laws").join("index");
    let out = run(&["--corpus", laws.to_str().unwrap(), "--index", index.to_str().unwrap(), "index"]);
    assert_eq!(out.code, 0, "{out:?}");
    let many = export(&index, "法律");
    let few = export(&index, "電子署名");
    for run in [&many, &few] {
        println!(
            "export: {} lines, {} bytes; peak heap {} kB; peak RSS {} kB (mapped index files included)",
            run.lines, run.bytes, run.peak_anon_kb, run.max_rss_kb
        );
    }
    assert!(many.lines > 10_000 && few.lines < many.lines / 10, "{many:?} {few:?}");
    // Holding the hits would need at least as much heap as the output they make: the heap of an
    // export of tens of megabytes may exceed that of a small one (the allocator's arenas, the
    // index's caches) by far less than its output.
    let growth_kb = many.peak_anon_kb.saturating_sub(few.peak_anon_kb);
    assert!(
        growth_kb * 1024 < (many.bytes / 8) as u64,
        "heap grows with the export: {} kB for {} bytes written, {} kB for {} bytes",
        many.peak_anon_kb,
        many.bytes,
        few.peak_anon_kb,
        few.bytes
    );
}

#[test]
fn csv_exports_carry_a_bom_and_every_field() {
    let out = on_bundled(&["search", "セキュリティ", "--all", "--format", "csv"]);
    assert_eq!(out.code, 0, "{out:?}");
    assert!(out.stdout.starts_with('\u{feff}'), "UTF-8 BOM for Excel");
    let mut reader = csv::Reader::from_reader(out.stdout.trim_start_matches('\u{feff}').as_bytes());
    let headers = reader.headers().unwrap().clone();
    for field in
        ["id", "title", "ministries", "fiscal_years", "themes", "reposted", "date", "source_url", "snippet"]
    {
        assert!(headers.iter().any(|h| h == field), "{field} missing from {headers:?}");
    }
    let rows = reader.records().count();
    let page: SearchResponse = on_bundled(&["search", "セキュリティ", "--format", "json"]).json();
    assert_eq!(rows, page.total_passages, "every matching passage, not a page");
    assert_eq!(on_bundled(&["search", "IoT", "--all"]).code, 2, "--all needs csv or jsonl");
}

#[test]
fn reposted_items_are_flagged_and_collapsible() {
    let folder = scratch("reposts");
    let corpus = folder.join("corpus");
    std::fs::create_dir_all(&corpus).unwrap();
    let item = "経済産業省において、IoT-SSFの普及啓発活動を行う。\n<成果・進捗状況>\n・講演会等を通じて説明を行った。";
    std::fs::write(corpus.join("a.txt"), format!("別添2 年次計画\n(ア) 経済産業省\n{item}\n")).unwrap();
    std::fs::write(corpus.join("b.txt"), format!("別添2 年次計画\n(カ) 経済産業省\n{item}(再掲)\n")).unwrap();
    let index = folder.join("index");
    let base = ["--corpus", corpus.to_str().unwrap(), "--index", index.to_str().unwrap()];
    let search = |extra: &[&str]| -> SearchResponse {
        let mut args = base.to_vec();
        args.extend_from_slice(&["search", "IoT-SSF", "--format", "json"]);
        args.extend_from_slice(extra);
        let out = run(&args);
        assert_eq!(out.code, 0, "{out:?}");
        out.json()
    };
    let all = search(&[]);
    assert_eq!(all.total_passages, 2);
    assert_eq!(all.hits.iter().filter(|h| h.best.reposted).count(), 1);
    let collapsed = search(&["--collapse-reposts"]);
    assert_eq!((collapsed.total, collapsed.hits.len()), (1, 1));
}
