//! Issue 11: documents with their structure — HTML pages, e-Gov law XML and plain-text laws as
//! articles — read from the real files in `../shared/corpus/`.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use seisaku::model::{Document, SearchResponse};

use crate::common::{on_bundled, run, scratch, shared_corpus};

const LABOUR_XML: &str = "egov_roudou_kijun_law_api.xml";
const ACCESS_XML: &str = "egov_fusei_access_law_api.xml";
const SJIS_HTML: &str = "egov_fusei_access_2013_sjis.html";
const METI_HTML: &str = "meti_cvirus_taisaku_kijun.html";
const TOKYO_HTML: &str = "tokyo_reiki_kojinjoho_jorei.html";
const CIVIL_CODE: &str = "minpo.txt";

/// An index over copies of the gov-docs HTML and XML files and of 民法 from egov-laws.
struct Structured {
    corpus: PathBuf,
    index: PathBuf,
}

impl Structured {
    fn run(&self, args: &[&str]) -> crate::common::Run {
        let mut all =
            vec!["--index", self.index.to_str().unwrap(), "--corpus", self.corpus.to_str().unwrap()];
        all.extend_from_slice(args);
        run(&all)
    }

    fn search(&self, query: &str) -> SearchResponse {
        let out = self.run(&["search", query, "--format", "json", "--limit", "100"]);
        assert_eq!(out.code, 0, "{out:?}");
        out.json()
    }

    fn show(&self, id: &str) -> Document {
        let out = self.run(&["show", id, "--format", "json"]);
        assert_eq!(out.code, 0, "{out:?}");
        out.json()
    }
}

/// The file of `folder` whose first two lines are `title` and `number`.
fn law_file(folder: &Path, title: &str, number: &str) -> PathBuf {
    let head = format!("{title}\n{number}\n");
    std::fs::read_dir(folder)
        .expect("read egov-laws")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .find(|p| {
            let mut buf = vec![0; head.len()];
            std::fs::File::open(p).and_then(|mut f| std::io::Read::read_exact(&mut f, &mut buf)).is_ok()
                && buf == head.as_bytes()
        })
        .unwrap_or_else(|| panic!("no {title} in {}", folder.display()))
}

fn structured() -> Option<&'static Structured> {
    static INDEX: OnceLock<Option<Structured>> = OnceLock::new();
    let gov_docs = shared_corpus("gov-docs")?;
    let laws = shared_corpus("egov-laws")?;
    INDEX
        .get_or_init(|| {
            let folder = scratch("structure");
            let corpus = folder.join("corpus");
            std::fs::create_dir_all(&corpus).unwrap();
            for name in [SJIS_HTML, METI_HTML, TOKYO_HTML] {
                std::fs::copy(gov_docs.join("html").join(name), corpus.join(name)).unwrap();
            }
            for name in [LABOUR_XML, ACCESS_XML] {
                std::fs::copy(gov_docs.join("xml").join(name), corpus.join(name)).unwrap();
            }
            std::fs::copy(law_file(&laws, "民法", "明治二十九年法律第八十九号"), corpus.join(CIVIL_CODE))
                .unwrap();
            let structured = Structured { corpus, index: folder.join("index") };
            let out = structured.run(&["index"]);
            assert_eq!(out.code, 0, "{out:?}");
            Some(structured)
        })
        .as_ref()
}

#[test]
fn html_titles_are_the_pages_own() {
    let Some(s) = structured() else { return };
    assert_eq!(s.show(METI_HTML).meta.title, "コンピュータウイルス対策基準");
    assert_eq!(s.show(TOKYO_HTML).meta.title, "個人情報の保護に関する法律施行条例");
    let sjis = s.show(SJIS_HTML);
    assert_eq!(sjis.meta.title, "不正アクセス行為の禁止等に関する法律");
    assert_eq!(sjis.meta.encoding, "Shift_JIS");
}

#[test]
fn the_shift_jis_page_decodes_and_is_found() {
    let Some(s) = structured() else { return };
    let response = s.search("不正アクセス行為");
    let paths: Vec<&str> = response.hits.iter().map(|h| h.best.path.as_str()).collect();
    assert!(paths.contains(&SJIS_HTML), "{paths:?}");
    let doc = s.show(SJIS_HTML);
    assert!(doc.passages.iter().all(|p| !p.text.contains('\u{fffd}')), "no replacement characters");
    assert!(doc.passages.iter().any(|p| p.text.contains("第一条 この法律は、不正アクセス行為を禁止する")));
}

#[test]
fn nothing_of_styles_scripts_or_site_navigation_is_searchable() {
    let Some(s) = structured() else { return };
    // From the pages' <style>, <script>, comments, navigation and footer.
    for query in [
        "line-height",
        "text-indent",
        "jquery",
        "iPadLoadStyle",
        "bazadebezolkohpepadr",
        "globalNaviSelect",
        "サイトマップ",
        "ページ上部へ戻る",
        "Copyright",
    ] {
        let response = s.search(query);
        let html: Vec<&str> =
            response.hits.iter().map(|h| h.best.path.as_str()).filter(|p| p.ends_with(".html")).collect();
        assert!(html.is_empty(), "{query} found in {html:?}");
    }
    // Body text of each page is found, inline markup notwithstanding.
    for (query, page) in [
        ("ウイルスの検査、予防又は修復", METI_HTML),
        ("個人情報の保護に関する法律施行条例を公布する", TOKYO_HTML),
        ("アクセス制御機能", SJIS_HTML),
    ] {
        let response = s.search(query);
        assert!(response.hits.iter().any(|h| h.best.path == page), "{query}");
    }
}

#[test]
fn html_tables_are_read_row_by_row() {
    let Some(s) = structured() else { return };
    let doc = s.show(SJIS_HTML);
    assert!(
        doc.passages.iter().any(|p| p.text.contains("第八条を第十二条とする改正規定 | 第八条を第十二条とする | 第八条第二項を削り、同条を第十二条とする")),
        "the amendment table's last row as one line"
    );
}

#[test]
fn law_xml_metadata_abbreviation_and_articles() {
    let Some(s) = structured() else { return };
    let law = s.show(LABOUR_XML);
    assert_eq!(law.meta.title, "労働基準法");
    assert_eq!(law.meta.date.map(|d| d.to_string()).as_deref(), Some("1947-04-07"));
    assert_eq!(law.meta.fiscal_year, Some(1947));
    assert_eq!(law.meta.aliases, ["労基法"]);
    assert_eq!(law.meta.details.get("law number").map(String::as_str), Some("昭和二十二年法律第四十九号"));

    let abbreviated = s.search("労基法");
    assert_eq!(abbreviated.hits.first().map(|h| h.best.path.as_str()), Some(LABOUR_XML));

    // Every passage matching 第三十二条 (not just each document's best): the article's own
    // passage is headed by its chapter and itself.
    let out = s.run(&["search", "第三十二条", "--all", "--format", "jsonl"]);
    assert_eq!(out.code, 0, "{out:?}");
    let rows: Vec<serde_json::Value> = out.stdout.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let headings: Vec<&str> = rows
        .iter()
        .filter(|r| r["path"] == LABOUR_XML)
        .filter_map(|r| r["heading"].as_str())
        .filter(|h| h.rsplit(" › ").next().is_some_and(|last| last.starts_with("第三十二条(")))
        .collect();
    assert_eq!(headings, ["第四章 労働時間、休憩、休日及び年次有給休暇 › 第三十二条(労働時間)"]);
    let article =
        law.passages.iter().find(|p| p.heading.as_deref() == Some(headings[0])).expect("article 32 passage");
    assert!(article.text.starts_with(
        "第三十二条(労働時間)\n使用者は、労働者に、休憩時間を除き一週間について四十時間を超えて"
    ));
    assert!(
        article.text.contains("\n2 使用者は、一週間の各日については"),
        "paragraphs keep their numbers: {}",
        article.text
    );
    assert!(
        !law.passages.iter().any(|p| p.text.contains("労働基準法目次")),
        "the table of contents is not indexed"
    );
    let supplementary: Vec<&str> = law
        .passages
        .iter()
        .filter_map(|p| p.heading.as_deref())
        .filter(|h| h.replace(' ', "").starts_with("附則"))
        .collect();
    assert!(supplementary.len() >= 50, "附則 are passages of their own: {}", supplementary.len());
    // Every article is one passage (long ones continue under the same heading).
    let articles =
        law.passages.iter().filter(|p| p.heading.as_deref().is_some_and(|h| h.contains("条"))).count();
    assert!(articles >= 251, "{articles} article passages");

    let access = s.show(ACCESS_XML);
    assert_eq!(access.meta.date.map(|d| d.to_string()).as_deref(), Some("1999-08-13"));
    assert_eq!(access.meta.aliases, ["不正アクセス禁止法"]);
}

#[test]
fn plain_text_laws_are_articles_with_the_law_numbers_year() {
    let Some(s) = structured() else { return };
    let civil = s.show(CIVIL_CODE);
    assert_eq!(civil.meta.title, "民法");
    assert_eq!(civil.meta.fiscal_year, Some(1896), "the law number's year (see README: laws)");
    assert_eq!(civil.meta.date.map(|d| d.to_string()).as_deref(), Some("1896"));
    let first = civil
        .passages
        .iter()
        .find(|p| p.heading.as_deref().is_some_and(|h| h.ends_with("第一条(基本原則)")))
        .expect("article 1");
    assert_eq!(first.heading.as_deref(), Some("第一編 総則 › 第一章 通則 › 第一条(基本原則)"));
    assert_eq!(
        first.text,
        "第一条(基本原則)\n私権は、公共の福祉に適合しなければならない。\n2 権利の行使及び義務の履行は、信義に従い誠実に行わなければならない。\n3 権利の濫用は、これを許さない。"
    );
    assert!(first.fiscal_years == [1896]);
    let response = s.search("後見開始の審判");
    let hit = response.hits.iter().find(|h| h.best.path == CIVIL_CODE).expect("民法 found");
    assert!(hit.best.at.heading.as_deref().is_some_and(|h| h.contains("条")), "{:?}", hit.best.at.heading);
    assert!(
        !civil.passages.iter().any(|p| p.text.contains("(第一条・第二条)")),
        "the table of contents is not indexed"
    );
}

/// Phrases of the bundled NISC pages that the other column of their two-column table broke
/// apart (each was found in no passage of its page before the columns were restored).
const BROKEN_BY_THE_OTHER_COLUMN: [(&str, &str); 12] = [
    ("IoTセキュリティ・セーフティ・フレームワーク", NISC_000),
    ("セーフティ・フレームワーク", NISC_000),
    ("副コンビーナを派遣など", NISC_000),
    ("5Gセキュリティガイドライン」の普及", NISC_000),
    ("脅威・リスク分析", NISC_000),
    ("特定高度情報通信技術活用システムの開発供給", NISC_000),
    ("サイバーセキュリティ等を確保しつつ、安全・安心", NISC_000),
    ("個人情報保護法の規律に則り", NISC_001),
    ("漏えい等報告", NISC_001),
    ("G7 DFFTアクションプラン", NISC_004),
    ("エチオピア", NISC_004),
    ("官民連携の上で", NISC_004),
];

const NISC_000: &str = "000_09dfc5473c016387.txt";
const NISC_001: &str = "001_ee1dd755575032d2.txt";
const NISC_004: &str = "004_53ac175ef9cdb20c.txt";

fn bundled_search(args: &[&str]) -> SearchResponse {
    let mut all = vec!["search"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--format", "json", "--limit", "100"]);
    let out = on_bundled(&all);
    assert_eq!(out.code, 0, "{out:?}");
    out.json()
}

#[test]
fn phrases_broken_by_the_other_column_are_found_exactly() {
    for (phrase, page) in BROKEN_BY_THE_OTHER_COLUMN {
        let response = bundled_search(&[phrase, "--exact"]);
        assert!(response.hits.iter().any(|h| h.best.path == page), "{phrase} not found in {page}");
    }
    let item = bundled_search(&["セーフティ・フレームワーク", "--exact"]);
    let heading = item.hits[0].best.at.heading.as_deref().unwrap_or_default();
    assert!(heading.ends_with("(ニ) 経済産業省"), "{heading}");
    let ssf = bundled_search(&["IoT-SSF"]);
    assert_eq!(ssf.hits.first().map(|h| h.best.path.as_str()), Some(NISC_000));
}

#[test]
fn restored_items_are_named_and_the_raw_text_is_kept() {
    let show = |id: &str| -> Document {
        let out = on_bundled(&["show", id, "--format", "json"]);
        assert_eq!(out.code, 0, "{out:?}");
        out.json()
    };
    let restored = |id: &str| show(id).meta.details.get("two-column items restored").cloned();
    assert_eq!(restored(NISC_000).as_deref(), Some("(ニ) (ヌ) (ネ) (ノ)"));
    assert_eq!(restored(NISC_001).as_deref(), Some("(ア)"));
    assert_eq!(restored(NISC_004).as_deref(), Some("(ア)"));
    let nisc = show(NISC_000);
    let item = nisc
        .passages
        .iter()
        .find(|p| p.heading.as_deref().is_some_and(|h| h.ends_with("(ニ) 経済産業省")))
        .unwrap();
    assert!(
        item.text.starts_with("(ニ) 経済産業省経済産業省において、業界や個社単位での活用が進むよう「IoT セキュリティ・セーフティ・フレームワーク(IoT-SSF)」の普及啓発活動を行う。(再掲)\n<成果・進捗状況>\n・IoT-SSF の課題把握をすべく"),
        "{}",
        item.text
    );
    let raw = on_bundled(&["show", NISC_000, "--raw"]);
    assert_eq!(raw.code, 0, "{raw:?}");
    assert!(
        raw.stdout.contains("進むよう「IoT セキュリティ・セーフティ・フレー\n・IoT-SSF の課題把握をすべく"),
        "{}",
        raw.stdout
    );
    let file = std::fs::read_to_string(crate::common::bundled_corpus().join(NISC_000)).unwrap();
    assert_eq!(raw.stdout.trim_end(), file.trim_end(), "--raw prints the file's text as read");
}
