//! Issue 15: the JSON API as a contract. A real `seisaku serve` over the bundled corpus; its
//! `/openapi.json` must pass `openapi-spec-validator`, and schemathesis (property-based requests
//! generated from the document, `--checks all`, a fixed seed) must find no failure: every
//! request the document calls valid is answered 2xx, every invalid one 4xx, every answer as
//! documented.
//!
//! The tools come from PyPI, pinned in `tests/schemathesis/requirements.txt`; `.ci/run` installs
//! them into `target/ci-python`. Without them the test says so and skips, except under CI.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::common::{TestServer, bundled_index, repo, scratch, seisaku, skip};

/// Generated examples per operation and phase: enough to reach every parameter's edges, small
/// enough for a minute's run.
const MAX_EXAMPLES: &str = "40";
/// The seed, so a failure is reproducible (schemathesis prints the `curl` line too).
const SEED: &str = "15";

/// A tool from the CI venv, else from `PATH`.
fn tool(name: &str) -> Option<PathBuf> {
    let venv = repo().join("target/ci-python/bin").join(name);
    if venv.is_file() {
        return Some(venv);
    }
    std::env::var_os("PATH")?.to_str()?.split(':').map(|dir| Path::new(dir).join(name)).find(|p| p.is_file())
}

/// `seisaku serve` as a child process, killed when dropped.
struct Served {
    child: Child,
    base: String,
}

impl Served {
    fn start(index: &Path) -> Self {
        let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let address = format!("127.0.0.1:{port}");
        let child = seisaku()
            .args(["serve", "--index", index.to_str().unwrap(), "--addr", &address])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start seisaku serve");
        let served = Served { child, base: format!("http://{address}") };
        let started = Instant::now();
        while TestServer::agent().get(format!("{}/health", served.base)).call().is_err() {
            assert!(started.elapsed() < Duration::from_secs(30), "seisaku serve did not start");
            std::thread::sleep(Duration::from_millis(100));
        }
        served
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn the_openapi_document_validates_and_schemathesis_finds_no_failure() {
    let (Some(validator), Some(st)) = (tool("openapi-spec-validator"), tool("st")) else {
        skip("schemathesis and openapi-spec-validator (pip install -r tests/schemathesis/requirements.txt)");
        return;
    };
    let served = Served::start(bundled_index());
    let folder = scratch("contract");
    let document = folder.join("openapi.json");
    let mut response = TestServer::agent().get(format!("{}/openapi.json", served.base)).call().unwrap();
    std::fs::write(&document, response.body_mut().read_to_string().unwrap()).unwrap();

    let validated = Command::new(validator).arg(&document).output().unwrap();
    assert!(
        validated.status.success(),
        "openapi-spec-validator rejects the document: {}{}",
        String::from_utf8_lossy(&validated.stdout),
        String::from_utf8_lossy(&validated.stderr)
    );

    let hooks = repo().join("tests/schemathesis/hooks.py");
    let run = Command::new(st)
        .current_dir(&folder) // schemathesis keeps its cache in the working directory
        .env("SCHEMATHESIS_HOOKS", &hooks)
        .args(["run", &format!("{}/openapi.json", served.base), "--checks", "all", "--seed", SEED])
        .args(["--max-examples", MAX_EXAMPLES, "--no-color"])
        .output()
        .unwrap();
    let report = String::from_utf8_lossy(&run.stdout);
    assert!(
        run.status.success(),
        "schemathesis found failures:\n{report}{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let summary = report.lines().rev().find(|l| l.contains("generated")).unwrap_or_default();
    println!("schemathesis: {}", summary.trim());
}
