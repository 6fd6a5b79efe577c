//! Hostile corpora: every kind of bad file, in one folder with good ones. Good files are all
//! searchable; each bad one is in the report with its reason; nothing stops the run.

use std::path::Path;

use seisaku::ingest::Problem;
use seisaku::model::SearchResponse;

use crate::common::{bundled_corpus, run, scratch};

/// Writes the hostile corpus; returns whether the unreadable file really is unreadable (it is
/// not when the tests run as root).
fn write_corpus(corpus: &Path) -> bool {
    std::fs::create_dir_all(corpus).unwrap();
    for seed in ["000_09dfc5473c016387.txt", "003_f2d865df4ff72153.txt"] {
        std::fs::copy(bundled_corpus().join(seed), corpus.join(seed)).unwrap();
    }
    std::fs::write(corpus.join("empty.txt"), b"").unwrap();
    std::fs::write(corpus.join("binary.txt"), b"\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00")
        .unwrap();
    let mut huge = "長大な一行の文書。".repeat(400_000);
    huge.push_str("巨大ファイル末尾の固有語");
    assert!(huge.len() > 10_000_000 && !huge.contains('\n'));
    std::fs::write(corpus.join("huge.txt"), &huge).unwrap();
    let mut broken_utf8 = "不正なバイト列を含む文書。壊れた文字の後も検索できる。\n".repeat(200).into_bytes();
    broken_utf8[700] = 0xff;
    broken_utf8[2100] = 0xc3;
    std::fs::write(corpus.join("broken-utf8.txt"), &broken_utf8).unwrap();
    let text = "シフトJISで保存された政策文書。総務省の施策。\n".repeat(100);
    let mut sjis = encoding_rs::SHIFT_JIS.encode(&text).0.into_owned();
    // Bytes undefined in Shift_JIS, where line breaks were.
    let breaks: Vec<usize> = sjis.iter().enumerate().filter(|(_, b)| **b == b'\n').map(|(i, _)| i).collect();
    sjis[breaks[0]] = 0xa0;
    sjis[breaks[9]] = 0xfd;
    std::fs::write(corpus.join("sjis-broken.txt"), &sjis).unwrap();
    std::fs::write(corpus.join("unreadable.txt"), "読めないはずの文書").unwrap();
    std::os::unix::fs::symlink("missing-target.txt", corpus.join("dangling.txt")).unwrap();
    std::fs::create_dir(corpus.join("loop")).unwrap();
    std::os::unix::fs::symlink("..", corpus.join("loop").join("up")).unwrap();
    use std::os::unix::ffi::OsStrExt;
    let bad_name = std::ffi::OsStr::from_bytes(b"bad-name-\xff.txt");
    std::fs::write(corpus.join(bad_name), "名前がUTF-8でない文書の固有語").unwrap();
    let mut deep = corpus.to_path_buf();
    for _ in 0..300 {
        deep.push("d");
    }
    std::fs::create_dir_all(&deep).unwrap();
    std::fs::write(deep.join("deep.txt"), "深い階層にある文書の固有語").unwrap();

    use std::os::unix::fs::PermissionsExt;
    let unreadable = corpus.join("unreadable.txt");
    std::fs::set_permissions(&unreadable, std::fs::Permissions::from_mode(0o000)).unwrap();
    std::fs::read(&unreadable).is_err()
}

#[cfg(unix)]
#[test]
fn bad_files_are_reported_and_good_files_searchable() {
    let folder = scratch("hostile");
    let corpus = folder.join("corpus");
    let permissions_enforced = write_corpus(&corpus);
    let index = folder.join("index");
    let report = folder.join("report.jsonl");
    let out = run(&[
        "--corpus",
        corpus.to_str().unwrap(),
        "--index",
        index.to_str().unwrap(),
        "index",
        "--report",
        report.to_str().unwrap(),
    ]);
    assert_eq!(out.code, 0, "{out:?}");
    let problems: Vec<Problem> =
        std::fs::read_to_string(&report).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let reason = |path: &str| -> &Problem {
        problems
            .iter()
            .find(|p| p.path.contains(path))
            .unwrap_or_else(|| panic!("{path} not reported: {problems:#?}"))
    };
    assert!(reason("empty.txt").skipped && reason("empty.txt").reason == "empty file");
    assert!(reason("binary.txt").skipped && reason("binary.txt").reason.contains("NUL"));
    assert!(reason("dangling.txt").skipped && reason("dangling.txt").reason.contains("broken symbolic link"));
    assert!(reason("loop").skipped && reason("loop").reason.contains("loop"));
    assert!(!reason("huge.txt").skipped && reason("huge.txt").reason.contains("without a line break"));
    assert!(!reason("broken-utf8.txt").skipped && reason("broken-utf8.txt").reason.contains("U+FFFD"));
    assert!(!reason("sjis-broken.txt").skipped && reason("sjis-broken.txt").reason.contains("Shift_JIS"));
    assert!(!reason("bad-name-").skipped && reason("bad-name-").reason.contains("UTF-8"));
    if permissions_enforced {
        assert!(reason("unreadable.txt").skipped && reason("unreadable.txt").reason.contains("denied"));
    } else {
        println!("note: running as root, so unreadable.txt is readable; dangling.txt covers open failures");
    }
    assert!(out.stdout.contains("problems:"), "{}", out.stdout);

    let search = |q: &str| -> Vec<String> {
        let out =
            run(&["--index", index.to_str().unwrap(), "search", q, "--format", "json", "--limit", "100"]);
        assert_eq!(out.code, 0, "{out:?}");
        out.json::<SearchResponse>().hits.into_iter().map(|h| h.best.path).collect()
    };
    assert_eq!(search("IoT-SSF"), ["000_09dfc5473c016387.txt"]);
    assert_eq!(search("サイバー協議"), ["003_f2d865df4ff72153.txt"]);
    assert_eq!(search("巨大ファイル末尾の固有語"), ["huge.txt"]);
    assert_eq!(search("壊れた文字の後も検索できる"), ["broken-utf8.txt"]);
    assert_eq!(search("シフトJISで保存された政策文書"), ["sjis-broken.txt"]);
    assert_eq!(search("名前がUTF-8でない文書の固有語").len(), 1);
    assert_eq!(search("深い階層にある文書の固有語").len(), 1);
    assert!(search("ELF").is_empty());
}
