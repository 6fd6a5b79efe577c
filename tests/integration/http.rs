//! The JSON API against a real server on a loopback port: every endpoint, every error case, the
//! seed queries, and the live index.

use std::io::Read;

use seisaku::model::{
    Document, FacetsResponse, IndexStatus, KwicLine, PassageHit, SearchResponse, TrendResponse,
};
use serde_json::{Value, json};

use crate::common::{TestServer, bundled_corpus, bundled_index, run, scratch};

fn server() -> TestServer {
    TestServer::start(bundled_index())
}

fn parse<T: serde::de::DeserializeOwned>((status, body): (u16, String)) -> T {
    assert_eq!(status, 200, "{body}");
    serde_json::from_str(&body).unwrap_or_else(|err| panic!("{err}: {body}"))
}

fn error(code: &str, message: &str) -> Value {
    json!({"error": {"code": code, "message": message}})
}

fn assert_error((status, body): (u16, String), expected_status: u16, expected: Value) {
    assert_eq!(status, expected_status, "{body}");
    let body: Value = serde_json::from_str(&body).unwrap_or_else(|err| panic!("{err}: {body}"));
    assert_eq!(body, expected);
}

#[test]
fn search_by_get_and_post_answer_the_same() {
    let server = server();
    let get: SearchResponse = parse(server.get("/api/search?q=IoT-SSF&limit=5"));
    assert_eq!(get.hits[0].best.path, "000_09dfc5473c016387.txt");
    assert_eq!((get.offset, get.limit, get.next_offset), (0, 5, None));
    assert!(get.hits[0].best.snippet.render().contains("<mark>IoT-SSF</mark>"));
    let post: SearchResponse = parse(server.post_json("/api/search", r#"{"q": "IoT-SSF", "limit": 5}"#));
    assert_eq!(post.hits, get.hits);
    let tags: SearchResponse =
        parse(server.get("/api/search?q=IoT-SSF&highlight_pre=%5B%5B&highlight_post=%5D%5D"));
    assert!(
        tags.hits[0].best.snippet.render().contains("[[IoT-SSF]]"),
        "{}",
        tags.hits[0].best.snippet.render()
    );
    assert!(!tags.hits[0].best.snippet.render().contains("<mark>"));
}

#[test]
fn seed_queries_and_filters() {
    let server = server();
    let filtered: SearchResponse =
        parse(server.get("/api/search?q=IoT-SSF&ministry=%E5%A4%96%E5%8B%99%E7%9C%81"));
    assert_eq!(filtered.total, 0, "ministry=外務省 empties IoT-SSF");
    let meti: SearchResponse = parse(server.get("/api/search?q=IoT-SSF&ministry=METI"));
    assert_eq!(meti.total, 1);
    let paged: SearchResponse =
        parse(server.get("/api/search?q=%E3%82%BB%E3%82%AD%E3%83%A5%E3%83%AA%E3%83%86%E3%82%A3&limit=2"));
    assert_eq!(paged.next_offset, Some(2));
    let by_date: SearchResponse =
        parse(server.get("/api/search?q=%E3%82%BB%E3%82%AD%E3%83%A5%E3%83%AA%E3%83%86%E3%82%A3&sort=date"));
    let dates: Vec<seisaku::model::Date> = by_date.hits.iter().filter_map(|h| h.best.date).collect();
    assert!(dates.windows(2).all(|w| w[0] >= w[1]), "{dates:?}");
}

#[test]
fn documents_facets_trend_kwic_export_health_openapi() {
    let server = server();
    let doc: Document = parse(server.get("/api/documents/002_b3e69ba3f2de1bc3.txt"));
    assert_eq!(doc.meta.date.map(|d| d.to_string()).as_deref(), Some("2021-06-03"));
    let facets: FacetsResponse = parse(server.get("/api/facets"));
    assert_eq!(facets.documents, 5);
    assert!(facets.facets.ministry["総務省"] > 0);
    let trend: TrendResponse = parse(server.get("/api/trend?q=IoT&by=fy"));
    assert!(trend.buckets.iter().all(|b| b.per_mille == b.matching as f64 * 1000.0 / b.total as f64));
    let by_ministry: TrendResponse = parse(server.get("/api/trend?q=IoT&by=ministry"));
    assert!(by_ministry.buckets.iter().any(|b| b.key == "総務省"));
    let kwic: Vec<KwicLine> = parse(server.get("/api/kwic?q=IoT-SSF&width=5&limit=3"));
    assert_eq!(kwic.len(), 3);
    assert!(kwic.iter().all(|l| l.keyword == "IoT-SSF" && l.left.chars().count() <= 5));
    let (status, body) = server.get("/api/export?q=IoT");
    assert_eq!(status, 200);
    let exported: Vec<PassageHit> = body.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let search: SearchResponse = parse(server.get("/api/search?q=IoT"));
    assert_eq!(exported.len(), search.total_passages);
    let health: IndexStatus = parse(server.get("/health"));
    assert_eq!((health.documents, health.passages), (5, facets.passages));
    let openapi: Value = parse(server.get("/openapi.json"));
    for path in ["/api/search", "/api/documents/{id}", "/api/facets", "/api/trend", "/health"] {
        assert!(openapi["paths"][path].is_object(), "{path} missing from the OpenAPI document");
    }
    assert!(openapi["components"]["schemas"]["SearchResponse"].is_object());
}

#[test]
fn bad_input_is_a_json_4xx_naming_the_problem() {
    let server = server();
    assert_error(
        server.get("/api/search?q=%22unclosed"),
        400,
        error("invalid_query", "unbalanced quote: the phrase starting at character 0 is never closed"),
    );
    assert_error(
        server.get("/api/search?q=-"),
        400,
        error("invalid_query", "a lone '-' must be followed by a term to exclude, as in -総務省"),
    );
    assert_error(
        server.get("/api/kwic?q=%20"),
        400,
        error("invalid_query", "empty query: type at least one word"),
    );
    assert_error(
        server.get("/api/search?q=IoT&limit=101"),
        400,
        error("invalid_parameter", "invalid parameter limit: 101 is out of range (1 to 100)"),
    );
    assert_error(
        server.get("/api/search?q=IoT&limit=ten"),
        400,
        error("invalid_parameter", "invalid parameter limit: \"ten\" is not a whole number"),
    );
    assert_error(
        server.get("/api/search?q=IoT&fy=20xx"),
        400,
        error(
            "invalid_parameter",
            "invalid parameter fy: \"20xx\": expected a fiscal year like 2023 or a range like 2021..2024",
        ),
    );
    let long = "a".repeat(1001);
    assert_error(
        server.get(&format!("/api/search?q={long}")),
        400,
        error("invalid_query", "query too long: 1001 characters (at most 1000)"),
    );
    let (status, body) = server.get("/api/search?q=IoT&colour=red");
    assert_eq!(status, 400);
    assert!(body.contains("invalid parameter colour"), "{body}");
    assert_error(server.get("/api/nothing-here"), 404, error("not_found", "no route for /api/nothing-here"));
    assert_error(
        server.get("/api/documents/none.txt"),
        404,
        error("document_not_found", "no document with id \"none.txt\""),
    );
    let big = format!(r#"{{"q": "{}"}}"#, "a".repeat(70 * 1024));
    let (status, body) = server.post_json("/api/search", &big);
    assert_eq!(status, 413, "{body}");
    assert!(body.contains("\"payload_too_large\""), "{body}");
    let (status, body) = server.post_json("/api/search", r#"{"q": "IoT", "colour": 1}"#);
    assert_eq!(status, 400, "{body}");
    assert!(body.contains("\"invalid_body\"") && body.contains("colour"), "{body}");
    let (status, body) = server.post_json("/api/search", "{not json");
    assert_eq!((status, body.contains("\"invalid_body\"")), (400, true), "{body}");
}

#[test]
fn cors_and_gzip() {
    let server = server();
    let response = TestServer::agent()
        .get(format!("{}/api/facets", server.base))
        .header("Origin", "https://example.org")
        .header("Accept-Encoding", "gzip")
        .call()
        .unwrap();
    assert_eq!(response.headers()["access-control-allow-origin"], "*");
    assert_eq!(response.headers()["content-encoding"], "gzip");
    let mut compressed = Vec::new();
    response.into_body().into_reader().read_to_end(&mut compressed).unwrap();
    assert_eq!(&compressed[..2], &[0x1f, 0x8b], "a gzip stream");
}

/// Issue 15: a gzip-compressed export used to break off mid-stream (the compression layer polled
/// the line stream after its end, which panicked); the whole export must arrive and decode.
#[test]
fn a_gzip_compressed_export_arrives_whole() {
    let server = server();
    let (_, plain) = server.get("/api/export?q=IoT");
    let response = TestServer::agent()
        .get(format!("{}/api/export?q=IoT", server.base))
        .header("Accept-Encoding", "gzip")
        .call()
        .unwrap();
    assert_eq!(response.headers()["content-encoding"], "gzip");
    let mut compressed = Vec::new();
    response.into_body().into_reader().read_to_end(&mut compressed).expect("the whole stream");
    let mut decoded = String::new();
    flate2::read::GzDecoder::new(compressed.as_slice()).read_to_string(&mut decoded).unwrap();
    assert_eq!(decoded, plain);
    assert!(decoded.lines().count() > 1, "{decoded}");
}

/// Issue 15: the OpenAPI document names each operation once, states the server's limits (from
/// `model::limits`), and documents the error answers every route can give.
#[test]
fn the_openapi_document_is_a_contract() {
    use seisaku::model::limits::{MAX_KWIC_LINES, MAX_LIMIT, MAX_QUERY_CHARS, MAX_WIDTH};
    let server = server();
    let doc: Value = parse(server.get("/openapi.json"));
    let mut ids = Vec::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            assert!(op["summary"].is_string() && op["tags"][0].is_string(), "{method} {path}");
            for status in ["405", "500", "503"] {
                let schema = &op["responses"][status]["content"]["application/json"]["schema"]["$ref"];
                assert_eq!(schema, "#/components/schemas/ErrorBody", "{method} {path} {status}");
            }
            ids.push(op["operationId"].as_str().unwrap().to_owned());
        }
    }
    ids.sort();
    assert_eq!(
        ids,
        [
            "exportPassages",
            "getCooccurring",
            "getDocument",
            "getFile",
            "getHealth",
            "getKwic",
            "getRelatedPassages",
            "getTerms",
            "getTrend",
            "listFacets",
            "searchPassages",
            "searchPassagesByBody"
        ]
    );
    let param = |path: &str, name: &str| -> Value {
        doc["paths"][path]["get"]["parameters"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["name"] == name)
            .unwrap_or_else(|| panic!("{path} has no parameter {name}"))["schema"]
            .clone()
    };
    assert_eq!(param("/api/search", "q")["maxLength"], json!(MAX_QUERY_CHARS));
    assert_eq!(param("/api/search", "limit")["maximum"], json!(MAX_LIMIT));
    assert_eq!(param("/api/kwic", "limit")["maximum"], json!(MAX_KWIC_LINES));
    assert_eq!(param("/api/kwic", "width")["maximum"], json!(MAX_WIDTH));
    assert!(param("/api/search", "ministry")["items"]["enum"].as_array().unwrap().contains(&json!("総務省")));
    let body = &doc["components"]["schemas"]["SearchRequest"];
    assert_eq!((&body["required"], &body["additionalProperties"]), (&Value::Null, &json!(false)));
    assert_eq!(param("/api/kwic", "q")["minLength"], json!(1));
    let post = &doc["paths"]["/api/search"]["post"]["responses"];
    assert!(post["413"].is_object() && post["415"].is_object());

    // The stated limits are the server's: the last value inside is accepted, the first outside not.
    for (query, status) in [
        (format!("/api/search?q=IoT&limit={MAX_LIMIT}"), 200),
        (format!("/api/search?q=IoT&limit={}", MAX_LIMIT + 1), 400),
        (format!("/api/kwic?q=IoT&limit={MAX_KWIC_LINES}&width={MAX_WIDTH}"), 200),
        (format!("/api/kwic?q=IoT&width={}", MAX_WIDTH + 1), 400),
        (format!("/api/search?q={}", "あ".repeat(MAX_QUERY_CHARS)), 200),
        (format!("/api/search?q={}", "あ".repeat(MAX_QUERY_CHARS + 1)), 400),
        ("/api/search?q=IoT&limit=1.0&offset=-0".into(), 200),
        ("/api/search?q=IoT&exact=1".into(), 400),
        ("/api/search?q=IoT&fy=".into(), 400),
        ("/api/export?q=IoT&limit=0".into(), 400),
    ] {
        assert_eq!(server.get(&query).0, status, "{query}");
    }
    // An empty query lists every document (an empty search box), narrowed by the filters.
    let everything: SearchResponse = parse(server.get("/api/search?q=&limit=100"));
    let facets: FacetsResponse = parse(server.get("/api/facets"));
    assert_eq!(
        (everything.total as u64, everything.total_passages as u64),
        (facets.documents, facets.passages)
    );
    let body: SearchResponse = parse(server.post_json("/api/search", r#"{"ministry": ["外務省"]}"#));
    assert_eq!(body.total_passages as u64, facets.facets.ministry["外務省"]);
    let response = TestServer::agent()
        .post(format!("{}/api/search", server.base))
        .header("content-type", "text/plain")
        .send(r#"{"q": "IoT"}"#)
        .unwrap();
    assert_eq!(response.status().as_u16(), 415);
}

#[test]
fn a_reindex_in_another_process_shows_up_without_restart() {
    let folder = scratch("live-index");
    let corpus = folder.join("corpus");
    std::fs::create_dir_all(&corpus).unwrap();
    for entry in std::fs::read_dir(bundled_corpus()).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, corpus.join(path.file_name().unwrap())).unwrap();
    }
    let index = folder.join("index");
    let args = ["index", "--corpus", corpus.to_str().unwrap(), "--index", index.to_str().unwrap()];
    assert_eq!(run(&args).code, 0);
    let server = TestServer::start(&index);
    let before: IndexStatus = parse(server.get("/health"));
    assert_eq!(before.documents, 5);

    std::fs::write(corpus.join("new.txt"), "新規文書\n量子暗号通信の実証について記述する。").unwrap();
    let searching = std::thread::scope(|scope| {
        let searches = scope.spawn(|| {
            let mut statuses = Vec::new();
            for _ in 0..50 {
                statuses.push(server.get("/api/search?q=IoT-SSF").0);
                std::thread::sleep(std::time::Duration::from_millis(10));
            }
            statuses
        });
        assert_eq!(run(&args).code, 0);
        searches.join().unwrap()
    });
    assert!(searching.iter().all(|&s| s == 200), "searches during the reindex: {searching:?}");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        let now: IndexStatus = parse(server.get("/health"));
        if now.documents == 6 {
            assert!(now.generation > before.generation);
            break;
        }
        assert!(std::time::Instant::now() < deadline, "the server never saw the new commit");
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    let found: SearchResponse = parse(server.get("/api/search?q=%E9%87%8F%E5%AD%90%E6%9A%97%E5%8F%B7"));
    assert_eq!(found.hits[0].best.path, "new.txt");
}

#[cfg(unix)]
#[test]
fn serve_shuts_down_cleanly_on_sigterm() {
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let addr = format!("127.0.0.1:{port}");
    let index = bundled_index().to_str().unwrap().to_owned();
    let mut child = crate::common::seisaku()
        .args(["--index", &index, "serve", "--addr", &addr])
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let base = format!("http://{addr}");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while TestServer::agent().get(format!("{base}/health")).call().is_err() {
        assert!(std::time::Instant::now() < deadline, "server did not start");
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    // Requests keep being answered completely until the signal; after it, the server stops.
    let statuses = std::thread::scope(|scope| {
        let client = scope.spawn(|| {
            let mut statuses = Vec::new();
            for _ in 0..40 {
                match TestServer::agent().get(format!("{base}/api/export?q=IoT")).call() {
                    Ok(mut response) => {
                        let body = response.body_mut().read_to_string().unwrap();
                        assert!(
                            body.lines().all(|l| serde_json::from_str::<Value>(l).is_ok()),
                            "a cut-off response"
                        );
                        statuses.push(response.status().as_u16());
                    }
                    Err(_) => break,
                }
            }
            statuses
        });
        std::thread::sleep(std::time::Duration::from_millis(100));
        assert!(
            std::process::Command::new("kill")
                .args(["-TERM", &child.id().to_string()])
                .status()
                .unwrap()
                .success()
        );
        client.join().unwrap()
    });
    assert!(!statuses.is_empty() && statuses.iter().all(|&s| s == 200), "{statuses:?}");
    let status = child.wait().unwrap();
    assert!(status.success(), "exit status after SIGTERM: {status:?}");
    let mut log = String::new();
    child.stderr.take().unwrap().read_to_string(&mut log).unwrap();
    assert!(log.contains("GET /health 200"), "one log line per request: {log}");
    assert!(log.contains("shutting down"), "{log}");
}
