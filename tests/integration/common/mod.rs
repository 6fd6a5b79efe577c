//! Shared helpers: running the binary, locating corpora, building shared indexes once.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

use seisaku::index::IndexLocation;
use seisaku::search::Engine;

/// The repository root.
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The bundled corpus.
pub fn bundled_corpus() -> PathBuf {
    repo().join("corpus")
}

/// A test cannot run here because `what` is missing. Locally it prints why and the caller
/// returns (a fresh clone has no `../shared/`, a developer may lack Chromium); under CI (the
/// `CI` variable set) it fails the test, so a CI run can never be green while testing nothing.
pub fn skip(what: &str) {
    skip_unless_ci(what, std::env::var_os("CI").is_some());
}

fn skip_unless_ci(what: &str, ci: bool) {
    assert!(!ci, "{what} is missing, and CI must provide it (see .ci/run)");
    println!("skipped: {what} is missing (CI has it; run `bash .ci/run` to install it)");
}

/// A folder of `../shared/corpus/`, or `None` (see [`skip`]) when it is absent.
pub fn shared_corpus(name: &str) -> Option<PathBuf> {
    shared(&["corpus", name])
}

/// The seed documents the bundled corpus was made from, or `None` (see [`skip`]).
pub fn shared_seeds() -> Option<PathBuf> {
    shared(&["seeds"])
}

fn shared(parts: &[&str]) -> Option<PathBuf> {
    let path = parts.iter().fold(repo().join("..").join("shared"), |path, part| path.join(part));
    if path.is_dir() {
        Some(path)
    } else {
        skip(&path.display().to_string());
        None
    }
}

/// Regression (issue 9): a missing prerequisite fails under CI instead of passing silently.
#[test]
#[should_panic(expected = "CI must provide it")]
fn a_missing_prerequisite_fails_under_ci() {
    skip_unless_ci("../shared/corpus/egov-laws", true);
}

/// A fresh scratch folder under cargo's target tmpdir, emptied first.
pub fn scratch(name: &str) -> PathBuf {
    let path = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&path);
    std::fs::create_dir_all(&path).expect("create scratch folder");
    path
}

/// Output of one run of the binary.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    pub fn json<T: serde::de::DeserializeOwned>(&self) -> T {
        serde_json::from_str(&self.stdout).unwrap_or_else(|err| panic!("not JSON ({err}): {}", self.stdout))
    }
}

impl From<Output> for Run {
    fn from(out: Output) -> Self {
        Run {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }
}

/// A command for the `seisaku` binary.
pub fn seisaku() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_seisaku"));
    cmd.env_remove("SEISAKU_INDEX").env_remove("SEISAKU_CORPUS").env_remove("SEISAKU_CATALOG");
    cmd
}

/// Runs the binary with `args` and captures its output.
pub fn run(args: &[&str]) -> Run {
    seisaku().args(args).output().expect("run seisaku").into()
}

/// Index of the bundled corpus, built once per test run by the CLI itself.
pub fn bundled_index() -> &'static Path {
    static INDEX: OnceLock<PathBuf> = OnceLock::new();
    INDEX.get_or_init(|| {
        let index = scratch("bundled-index");
        let corpus = bundled_corpus();
        let out = run(&["index", "--corpus", corpus.to_str().unwrap(), "--index", index.to_str().unwrap()]);
        assert_eq!(out.code, 0, "{out:?}");
        index
    })
}

/// Runs a command against the bundled index.
pub fn on_bundled(args: &[&str]) -> Run {
    let index = bundled_index();
    let mut all = vec!["--index", index.to_str().unwrap(), "--corpus", "corpus"];
    all.extend_from_slice(args);
    seisaku().current_dir(repo()).args(&all).output().expect("run seisaku").into()
}

/// The white-paper editions and the fiscal year each describes (h12 = 平成12年度 = 2000 …).
pub fn white_paper_editions() -> Vec<(String, i32)> {
    let mut out: Vec<(String, i32)> = (12..=30).map(|n| (format!("h{n}"), 1988 + n)).collect();
    out.extend((1..=5).map(|n| (format!("r{n}"), 2018 + n)));
    out
}

/// Shared index of the white papers, built once, with a catalog written by the test (the
/// editions do not name their own year in the text).
pub struct WhitePapers {
    pub corpus: PathBuf,
    pub index: PathBuf,
    pub catalog: PathBuf,
}

impl WhitePapers {
    /// Runs the binary against this index.
    pub fn run(&self, args: &[&str]) -> Run {
        let mut all = vec![
            "--index",
            self.index.to_str().unwrap(),
            "--corpus",
            self.corpus.to_str().unwrap(),
            "--catalog",
            self.catalog.to_str().unwrap(),
        ];
        all.extend_from_slice(args);
        run(&all)
    }

    /// The engine over this index.
    pub fn engine(&self) -> Engine {
        Engine::open(&IndexLocation::new(&self.index)).expect("open white-paper index")
    }
}

/// Writes the white-paper catalog into `folder`.
pub fn write_white_paper_catalog(folder: &Path) -> PathBuf {
    let mut catalog = String::from("# written by the integration tests\n");
    for (edition, year) in white_paper_editions() {
        let era = if edition.starts_with('h') { "平成" } else { "令和" };
        let n = &edition[1..];
        catalog.push_str(&format!(
            "[[document]]\npath = \"{edition}.txt\"\ntitle = \"{era}{n}年版 情報通信白書\"\npublisher = \"総務省\"\nfiscal_year = {year}\nseries = \"情報通信白書\"\n\n"
        ));
    }
    let path = folder.join("catalog.toml");
    std::fs::write(&path, catalog).expect("write catalog");
    path
}

/// The shared white-paper index, or `None` (reason printed) when the corpus is absent.
pub fn white_papers() -> Option<&'static WhitePapers> {
    static INDEX: OnceLock<Option<WhitePapers>> = OnceLock::new();
    let corpus = shared_corpus("ict-white-paper")?;
    INDEX
        .get_or_init(|| {
            let folder = scratch("white-papers");
            let catalog = write_white_paper_catalog(&folder);
            let wp = WhitePapers { corpus, index: folder.join("index"), catalog };
            let out = wp.run(&["index", "--exclude", "urls/"]);
            assert_eq!(out.code, 0, "{out:?}");
            Some(wp)
        })
        .as_ref()
}

/// A server for `index`, running in this process on a loopback port until dropped.
pub struct TestServer {
    pub base: String,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl TestServer {
    pub fn start(index: &Path) -> Self {
        Self::serving(index, &bundled_corpus())
    }

    /// A server for `index` whose `/files/` serves the documents of `corpus`.
    pub fn serving(index: &Path, corpus: &Path) -> Self {
        let engine = Engine::open(&IndexLocation::new(index)).expect("open index");
        let files = Some(corpus.to_path_buf());
        let state = seisaku::http::AppState { engine: std::sync::Arc::new(engine), files };
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind loopback");
        listener.set_nonblocking(true).unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let thread = std::thread::spawn(move || {
            let runtime =
                tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
            runtime.block_on(async move {
                let listener = tokio::net::TcpListener::from_std(listener).unwrap();
                seisaku::http::serve(listener, state, async {
                    let _ = stopped.await;
                })
                .await
                .unwrap();
            });
        });
        TestServer { base, stop: Some(stop), thread: Some(thread) }
    }

    /// An HTTP client that reports 4xx/5xx as responses, not errors.
    pub fn agent() -> ureq::Agent {
        ureq::Agent::config_builder().http_status_as_error(false).build().into()
    }

    pub fn get(&self, path_and_query: &str) -> (u16, String) {
        let mut response =
            Self::agent().get(format!("{}{path_and_query}", self.base)).call().expect("request");
        (response.status().as_u16(), response.body_mut().read_to_string().unwrap_or_default())
    }

    pub fn post_json(&self, path: &str, body: &str) -> (u16, String) {
        let mut response = Self::agent()
            .post(format!("{}{path}", self.base))
            .header("content-type", "application/json")
            .send(body)
            .expect("request");
        (response.status().as_u16(), response.body_mut().read_to_string().unwrap_or_default())
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}
