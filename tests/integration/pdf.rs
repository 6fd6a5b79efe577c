//! PDFs (issue 10) over the real documents of `../shared/corpus/gov-docs/pdf/`: characters,
//! two-column reading order, vertical writing, OCR of scans, page furniture, pages on hits, and
//! hostile files. Needs poppler (and Tesseract for the scan); CI installs both (`.ci/run`).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use seisaku::analysis::normalize::normalize;
use seisaku::ingest::Problem;
use serde_json::Value;

use crate::common::{TestServer, run, scratch, shared_corpus, skip};

const MEXT: &str = "mext_whitepaper_r6_ch5_twocolumn.pdf";
const SCAN: &str = "mhlw_mf_scanned_2005.pdf";
const TOKYO: &str = "tokyo_cyber_gokui_ch00.pdf";

/// True when the named programs run; otherwise [`skip`]s (CI fails instead).
fn tools(programs: &[&str]) -> bool {
    for program in programs {
        if Command::new(program).arg("-v").output().is_err() {
            skip(&format!("the program {program} (Debian poppler-utils / tesseract-ocr)"));
            return false;
        }
    }
    true
}

/// The gov-docs PDF folder, when it and poppler are here.
fn pdf_folder() -> Option<PathBuf> {
    let folder = shared_corpus("gov-docs")?.join("pdf");
    tools(&["pdftotext", "pdftoppm"]).then_some(folder)
}

/// The gov-docs PDFs indexed once (with OCR when Tesseract is installed), with the run's
/// JSON summary.
fn pdf_index() -> Option<&'static (PathBuf, Value)> {
    static INDEX: OnceLock<Option<(PathBuf, Value)>> = OnceLock::new();
    INDEX
        .get_or_init(|| {
            let folder = pdf_folder()?;
            let index = scratch("pdf-index");
            let out = run(&[
                "index",
                "--corpus",
                folder.to_str().unwrap(),
                "--index",
                index.to_str().unwrap(),
                "--format",
                "json",
            ]);
            assert_eq!(out.code, 0, "{out:?}");
            Some((index, out.json()))
        })
        .as_ref()
}

fn search(index: &Path, query: &str, extra: &[&str]) -> Value {
    let mut args =
        vec!["search", query, "--index", index.to_str().unwrap(), "--format", "json", "--limit", "20"];
    args.extend_from_slice(extra);
    let out = run(&args);
    assert_eq!(out.code, 0, "{out:?}");
    out.json()
}

fn hit_ids(response: &Value) -> Vec<String> {
    response["hits"].as_array().unwrap().iter().map(|h| h["id"].as_str().unwrap().to_owned()).collect()
}

#[test]
fn every_pdf_is_indexed_with_the_right_characters() {
    let Some((index, summary)) = pdf_index() else { return };
    let problems: Vec<Problem> = serde_json::from_value(summary["problems"].clone()).unwrap();
    assert!(problems.iter().all(|p| !p.skipped), "{problems:?}");
    assert_eq!(summary["documents"], 10);
    // The Ichitaro file needs poppler-data's Adobe-Japan1 CMaps; the IPA guideline writes 発見
    // with the Kangxi radical ⾒.
    let ichitaro = search(index, "情報システム安全対策基準", &["--exact"]);
    assert!(hit_ids(&ichitaro).contains(&"meti_anzen_taisaku_kijun_ichitaro.pdf".to_owned()), "{ichitaro}");
    let ipa = search(index, "発見者", &["--exact"]);
    assert!(hit_ids(&ipa).contains(&"ipa_vuln_partnership_guideline.pdf".to_owned()), "{ipa}");
    let radical = search(index, "発⾒者", &["--exact"]);
    assert_eq!(hit_ids(&radical), hit_ids(&ipa), "queries fold like documents");
}

#[test]
fn vertical_writing_is_read_in_columns() {
    let Some((index, _)) = pdf_index() else { return };
    let law = search(index, "医薬品、医療機器等の品質、有効性及び安全性の確保等に関する法律", &["--exact"]);
    assert!(hit_ids(&law).contains(&"mhlw_kokuji_shisetsu_kijun_vertical.pdf".to_owned()), "{law}");
}

#[test]
fn hits_from_pdfs_carry_their_pages() {
    let Some((index, _)) = pdf_index() else { return };
    let response = search(index, "原薬等登録原簿", &[]);
    let hits = response["hits"].as_array().unwrap();
    assert!(!hits.is_empty());
    for hit in hits {
        let first = hit["pages"]["first"].as_u64().unwrap_or_else(|| panic!("no pages: {hit}"));
        let page = hit["page"].as_str().unwrap();
        assert!(
            page.starts_with(&format!("p. {first}")) || page.starts_with(&format!("pp. {first}–")),
            "{hit}"
        );
    }
    let out = run(&["search", "原薬等登録原簿", "--index", index.to_str().unwrap()]);
    assert!(out.stdout.contains("p. "), "{}", out.stdout);
}

#[test]
fn the_scan_is_read_by_ocr() {
    let Some((index, _)) = pdf_index() else { return };
    if !tools(&["tesseract"]) {
        return;
    }
    let response = search(index, "原薬等登録原簿", &["--exact"]);
    assert!(hit_ids(&response).contains(&SCAN.to_owned()), "{response}");
    let show = run(&["show", SCAN, "--index", index.to_str().unwrap()]);
    assert!(show.stdout.contains("OCR pages: 1–8"), "{}", show.stdout);
    let cached = std::fs::read_dir(index.join("ocr-cache")).unwrap().count();
    assert_eq!(cached, 8, "one cached text per OCR'd page");
}

#[test]
fn ocr_text_comes_from_the_cache_and_no_ocr_skips_the_scan() {
    let Some(folder) = pdf_folder() else { return };
    if !tools(&["tesseract"]) {
        return;
    }
    let corpus = scratch("pdf-ocr-cache/corpus");
    let index = scratch("pdf-ocr-cache/index");
    std::fs::copy(folder.join(SCAN), corpus.join(SCAN)).unwrap();
    let args = ["index", "--corpus", corpus.to_str().unwrap(), "--index", index.to_str().unwrap()];
    assert_eq!(run(&args).code, 0);
    // An unchanged PDF is not read again (its content hash holds the PDF reader's version).
    let mut again = args.to_vec();
    again.extend(["--format", "json"]);
    assert_eq!(run(&again).json::<Value>()["unchanged"], 1);
    // Mark every cached page: a rebuild must read the marks, not OCR again.
    for entry in std::fs::read_dir(index.join("ocr-cache")).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        std::fs::write(&path, format!("キャッシュ済みの頁\n{text}")).unwrap();
    }
    let mut full = args.to_vec();
    full.push("--full");
    assert_eq!(run(&full).code, 0);
    assert_eq!(hit_ids(&search(&index, "キャッシュ済みの頁", &[])), [SCAN]);

    let no_ocr = scratch("pdf-ocr-cache/no-ocr");
    let out = run(&[
        "index",
        "--corpus",
        corpus.to_str().unwrap(),
        "--index",
        no_ocr.to_str().unwrap(),
        "--no-ocr",
    ]);
    assert_eq!(out.code, 0, "{out:?}");
    assert!(
        out.stderr.contains(&format!("skipped {SCAN}: none of the 8 pages has a text layer; OCR is off")),
        "{out:?}"
    );
}

#[test]
fn two_column_phrases_across_line_breaks_are_found() {
    let Some((index, _)) = pdf_index() else { return };
    let folder = pdf_folder().unwrap();
    let plain =
        Command::new("pdftotext").args(["-enc", "UTF-8"]).arg(folder.join(MEXT)).arg("-").output().unwrap();
    // Plain pdftotext's text as seisaku would index it (normalised, line breaks joined).
    let plain = normalize(&String::from_utf8(plain.stdout).unwrap());
    // Each phrase runs across a line break inside one column of the MEXT chapter.
    let phrases = [
        "産業構造や働き方、雇用市場等",
        "ても様々な分析がなされていま",
        "な状況の中、行政事務や行政サ",
        "働分野等での活用可能性を検証",
        "会の便益を増大させ、より多く",
        "受できるようにすることを目指",
        "活用に向けて、ガイドラインの",
        "行いながら、業務効率化、質の",
        "活用の取組が進められています",
        "治体業務における活用に向けて",
        "自治体業務に特化した大規模言",
        "向けた実証実験を開始しました",
        "保育施設に入れるために子育て",
        "チャットボットの実証実験を行",
        "ム等、医療現場を支援する基盤",
        "活用した迅速かつ効率的なデザ",
        "新しい器用なスキルを迅速かつ",
        "ロボットの実用性を大幅に向上",
    ];
    for phrase in phrases {
        assert!(!plain.contains(phrase), "plain pdftotext already has {phrase}");
        let response = search(index, phrase, &["--exact"]);
        assert!(hit_ids(&response).contains(&MEXT.to_owned()), "{phrase}: {response}");
    }
}

#[test]
fn slug_lines_and_running_heads_are_not_text() {
    let Some((index, _)) = pdf_index() else { return };
    let indd = search(index, "indd", &["--exact"]);
    assert!(!hit_ids(&indd).contains(&TOKYO.to_owned()), "{indd}");
    let show = run(&["show", TOKYO, "--index", index.to_str().unwrap(), "--format", "json"]);
    let document: Value = show.json();
    assert!(!document["title"].as_str().unwrap().contains("indd"));
    for passage in document["passages"].as_array().unwrap() {
        assert!(!passage["heading"].as_str().unwrap_or_default().contains("indd"), "{passage}");
        assert!(!passage["text"].as_str().unwrap().contains("indd"), "{passage}");
    }
}

#[test]
fn show_names_producer_and_page_count() {
    let Some((index, _)) = pdf_index() else { return };
    let show = run(&["show", MEXT, "--index", index.to_str().unwrap()]);
    assert!(show.stdout.contains("producer: Adobe Acrobat Pro"), "{}", show.stdout);
    assert!(show.stdout.contains("page count: 5"), "{}", show.stdout);
    // The folios printed on the pages of this chapter of the white paper.
    assert!(
        show.stdout.contains("pages: p. 1 (54), p. 2 (55), p. 3 (56), p. 4 (57), p. 5 (58)"),
        "{}",
        show.stdout
    );
    assert!(show.stdout.starts_with("第5章新時代を迎えたAIの社会へのインパクト\n"), "{}", show.stdout);
    let ichitaro =
        run(&["show", "meti_anzen_taisaku_kijun_ichitaro.pdf", "--index", index.to_str().unwrap()]);
    assert!(!ichitaro.stdout.lines().next().unwrap().contains("Taro9"), "{}", ichitaro.stdout);
    // No document-info title: the notice's subject line, not the letter-spaced 事 務 連 絡 above it.
    let notice = run(&["show", "mhlw_mf_qa4_justpdf.pdf", "--index", index.to_str().unwrap()]);
    assert!(
        notice.stdout.starts_with("原薬等登録原簿に関する質疑応答集(Q&A)について(その4)\n"),
        "{}",
        notice.stdout
    );
}

/// A PDF encrypted with a user password (the standard security handler, revision 2): poppler
/// cannot open it without the password.
fn encrypted_pdf() -> Vec<u8> {
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_owned(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_owned(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>".to_owned(),
        format!("<< /Filter /Standard /V 1 /R 2 /O <{}> /U <{}> /P -44 >>", "41".repeat(32), "42".repeat(32)),
    ];
    let mut pdf = String::from("%PDF-1.4\n");
    let mut offsets = Vec::new();
    for (i, object) in objects.iter().enumerate() {
        offsets.push(pdf.len());
        pdf.push_str(&format!("{} 0 obj\n{object}\nendobj\n", i + 1));
    }
    let xref = pdf.len();
    pdf.push_str(&format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1));
    for offset in offsets {
        pdf.push_str(&format!("{offset:010} 00000 n \n"));
    }
    let id = "0123456789abcdef0123456789abcdef";
    pdf.push_str(&format!(
        "trailer\n<< /Size {} /Root 1 0 R /Encrypt 4 0 R /ID [<{id}> <{id}>] >>\nstartxref\n{xref}\n%%EOF\n",
        objects.len() + 1
    ));
    pdf.into_bytes()
}

#[test]
fn hostile_pdfs_are_reported_and_skipped() {
    let Some(folder) = pdf_folder() else { return };
    let corpus = scratch("pdf-hostile/corpus");
    let index = scratch("pdf-hostile/index");
    let good = std::fs::read(folder.join("meti_anzen_taisaku_kijun_ichitaro.pdf")).unwrap();
    std::fs::write(corpus.join("good.pdf"), &good).unwrap();
    std::fs::write(corpus.join("truncated.pdf"), &good[..good.len() / 3]).unwrap();
    let mut noise = vec![0u8; 64 * 1024];
    rand::fill(&mut noise[..]);
    std::fs::write(corpus.join("random.pdf"), &noise).unwrap();
    let mut pdf_noise = b"%PDF-1.7\n".to_vec();
    pdf_noise.extend_from_slice(&noise);
    std::fs::write(corpus.join("random-with-header.pdf"), &pdf_noise).unwrap();
    std::fs::write(corpus.join("encrypted.pdf"), encrypted_pdf()).unwrap();
    std::fs::write(corpus.join("note.txt"), "壊れたPDFの隣にある普通の文書。\n").unwrap();
    let report = index.join("report.jsonl");
    let out = run(&[
        "index",
        "--corpus",
        corpus.to_str().unwrap(),
        "--index",
        index.join("ix").to_str().unwrap(),
        "--report",
        report.to_str().unwrap(),
    ]);
    assert_eq!(out.code, 0, "{out:?}");
    let problems: Vec<Problem> =
        std::fs::read_to_string(&report).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let reason = |path: &str| {
        problems
            .iter()
            .find(|p| p.path == path && p.skipped)
            .map(|p| p.reason.clone())
            .unwrap_or_else(|| panic!("{path} not skipped: {problems:?}"))
    };
    assert_eq!(reason("random.pdf"), "not a PDF file (no %PDF- header)");
    assert!(reason("random-with-header.pdf").starts_with("pdftotext failed"), "{problems:?}");
    assert_eq!(reason("encrypted.pdf"), "the PDF is encrypted and needs a password");
    assert!(!problems.iter().any(|p| p.path == "good.pdf" || p.path == "note.txt"), "{problems:?}");
    let ix = index.join("ix");
    let title = hit_ids(&search(&ix, "情報システム安全対策基準", &["--exact"]));
    assert_eq!(title[0], "good.pdf");
    // poppler rebuilds a truncated file's cross-reference table and reads the pages it reaches;
    // where it cannot, the file is reported. Either way the run goes on.
    let truncated_skipped = problems.iter().any(|p| p.path == "truncated.pdf" && p.skipped);
    assert!(truncated_skipped || title.contains(&"truncated.pdf".to_owned()), "{problems:?} {title:?}");
    assert_eq!(hit_ids(&search(&ix, "普通の文書", &[])), ["note.txt"]);
}

#[test]
fn the_web_page_links_a_hit_to_its_page_of_the_file() {
    let Some((index, _)) = pdf_index() else { return };
    let folder = pdf_folder().unwrap();
    let server = TestServer::serving(index, &folder);
    let (status, body) =
        server.get("/api/search?q=%E5%8E%9F%E8%96%AC%E7%AD%89%E7%99%BB%E9%8C%B2%E5%8E%9F%E7%B0%BF");
    assert_eq!(status, 200, "{body}");
    let response: Value = serde_json::from_str(&body).unwrap();
    let hit = &response["hits"][0];
    let id = hit["id"].as_str().unwrap();
    assert!(hit["pages"]["first"].as_u64().is_some(), "{hit}");
    // The page builds `/files/{id}#page={first}` from these fields.
    let (_, app_js) = server.get("/app.js");
    assert!(app_js.contains("/files/${file}#page=${hit.pages.first}"));
    let mut file = TestServer::agent().get(format!("{}/files/{id}", server.base)).call().unwrap();
    assert_eq!(file.status().as_u16(), 200);
    assert_eq!(file.headers()["content-type"], "application/pdf");
    let bytes = file.body_mut().with_config().limit(10 << 20).read_to_vec().unwrap();
    assert_eq!(bytes, std::fs::read(folder.join(id)).unwrap());
    assert_eq!(server.get("/files/unknown.pdf").0, 404);
    let (status, body) = server.get("/files/%2E%2E/html/meti_cvirus_taisaku_kijun.html");
    assert_eq!(status, 400, "{body}");
}

#[test]
fn without_poppler_pdfs_are_skipped_with_the_install_hint() {
    let Some(folder) = pdf_folder() else { return };
    let corpus = scratch("pdf-no-poppler/corpus");
    let index = scratch("pdf-no-poppler/index");
    std::fs::copy(folder.join(MEXT), corpus.join(MEXT)).unwrap();
    std::fs::write(corpus.join("note.txt"), "PDFの読めない環境でも普通の文書は索引される。\n").unwrap();
    // No program can be found on an empty PATH.
    let out: crate::common::Run = crate::common::seisaku()
        .env("PATH", index.join("empty-path"))
        .args(["index", "--corpus", corpus.to_str().unwrap(), "--index", index.to_str().unwrap()])
        .output()
        .unwrap()
        .into();
    assert_eq!(out.code, 0, "{out:?}");
    assert!(
        out.stderr.contains(&format!(
            "skipped {MEXT}: pdftotext is not installed; install it with: apt-get install poppler-utils poppler-data"
        )),
        "{out:?}"
    );
    assert!(out.stdout.contains("1 documents"), "{out:?}");
}

#[test]
fn a_tool_that_hangs_is_stopped_at_its_time_limit() {
    use seisaku::ingest::pdf::PdfError;
    use seisaku::ingest::pdf::tool::{Tool, run_within};
    if pdf_folder().is_none() {
        return;
    }
    // pdftotext waits forever to open a named pipe nobody writes to.
    let fifo = scratch("pdf-hang").join("never.pdf");
    assert!(Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    let result = run_within(Tool::PdfToText, &[fifo.as_os_str()], std::time::Duration::from_secs(1));
    assert_eq!(result, Err(PdfError::Timeout { program: "pdftotext", seconds: 1 }));
}
