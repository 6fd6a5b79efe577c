//! HTML pages (`.html`, `.htm`) into a [`Source`]: decoded by their declared charset, parsed with
//! `scraper` (html5ever, the browsers' parsing algorithm: stray and upper-case tags, unclosed
//! elements all parse as a browser would), read for their main content.
//!
//! - **Charset**: a byte-order mark, else the `<meta charset>` or `http-equiv="Content-Type"`
//!   declaration (found by parsing the bytes read as windows-1252, which keeps every ASCII tag
//!   intact whatever the real encoding), else [`decode`](super::decode::decode)'s detection.
//! - **Main content**: the first of `<main>`, `[role=main]`, `<article>` and the usual content
//!   containers (`#MainContentsArea`, `#main`, `#content(s)`, `#primary`), else `<body>`. Left
//!   out wherever they stand: `<script>`, `<style>`, `<noscript>`, `<template>`, forms, comments,
//!   `<nav>`, `<header>`, `<footer>`, `<aside>`, and elements whose id or class names site
//!   furniture (`nav`, `menu`, `breadcrumb`/`bread`, `header`, `footer`, `sidebar`, `pagetop`).
//! - **Lines**: block elements (`<p>`, `<div>`, `<li>`, `<br>` …) end a line; inline elements
//!   (`<a>`, `<span>`, `<b>` …) and unknown ones do not, so `<b>第一条</b>　この法律は` stays one
//!   line and a link's text stays in its sentence. White space runs (also no-break and
//!   full-width spaces, which pages indent with) become one space; ruby
//!   readings (`<rt>`, `<rp>`) are dropped.
//! - **Headings**: `<h1>`…`<h6>` become headings of level 0…5, which make the passages.
//! - **Tables**: one line per row, cells joined by ` | `.
//! - **Title**: `<title>` without the site's name after a separator (`… ｜個人情報保護委員会`),
//!   else the first `<h1>`.
//!
//! ```
//! use seisaku::ingest::html::read;
//! let page = "<html><head><title>ガイドライン｜個人情報保護委員会</title><style>p{color:red}</style></head>\
//!   <body><nav>ホーム</nav><h1>総則</h1><p><b>第一条</b>　この<a href='#'>法律</a>は…</p></body></html>";
//! let source = read(page, "UTF-8");
//! assert_eq!(source.meta.title.as_deref(), Some("ガイドライン"));
//! let texts: Vec<&str> = source.lines.iter().map(|l| l.text.as_str()).collect();
//! assert_eq!(texts, ["総則", "第一条 この法律は…"]);
//! assert_eq!(source.lines[0].heading, Some(0));
//! ```

use ego_tree::NodeRef;
use encoding_rs::{Encoding, WINDOWS_1252};
use scraper::{ElementRef, Html, Node, Selector};

use super::decode::{self, DecodeError, Decoded};
use super::source::{FormatMeta, Source, SourceLine};

/// Containers of a page's main content, most specific first.
const MAIN_SELECTORS: [&str; 9] = [
    "main",
    "[role=main]",
    "#MainContentsArea",
    "article",
    "#main",
    "#main-content",
    "#contents",
    "#content",
    "#primary",
];

/// Elements never read.
const SKIPPED: [&str; 16] = [
    "head", "script", "style", "noscript", "template", "form", "button", "select", "textarea", "iframe",
    "object", "svg", "nav", "header", "footer", "aside",
];

/// Words in an id or class that mark site furniture (compared in lower case).
const FURNITURE: [&str; 8] = ["nav", "menu", "bread", "header", "footer", "sidebar", "pagetop", "ptop"];

/// Elements that do not break a line.
const INLINE: [&str; 31] = [
    "a", "abbr", "b", "bdi", "bdo", "big", "cite", "code", "data", "del", "dfn", "em", "font", "i", "img",
    "ins", "kbd", "label", "mark", "nobr", "q", "ruby", "rb", "s", "samp", "small", "span", "strong", "sub",
    "sup", "u",
];
/// More inline elements (split for the table above to stay readable).
const INLINE_MORE: [&str; 5] = ["time", "tt", "var", "wbr", "strike"];

/// Separators between a page's own title and its site's name.
const TITLE_SEPARATORS: [&str; 5] = ["｜", " | ", "|", " - ", " – "];

/// Reads a decoded HTML page (see [`decode_page`]); `encoding` is the name it was decoded from.
pub fn read(text: &str, encoding: &str) -> Source {
    let html = Html::parse_document(text);
    let mut reader = Reader::default();
    let root = main_content(&html);
    reader.walk(*root);
    reader.end_line();
    let title = page_title(&html);
    Source {
        lines: reader.lines,
        pages: Vec::new(),
        meta: FormatMeta { title, encoding: encoding.to_owned(), ..FormatMeta::default() },
    }
}

/// Decodes a page: byte-order mark, else declared charset, else detection; an empty or binary
/// file is refused as [`decode::decode`] refuses it.
pub fn decode_page(bytes: &[u8]) -> Result<Decoded, DecodeError> {
    if bytes.is_empty() || Encoding::for_bom(bytes).is_some() {
        return decode::decode(bytes);
    }
    match declared_charset(bytes) {
        Some(encoding) if !bytes.contains(&0) => Ok(decode::decode_as(encoding, bytes)),
        _ => decode::decode(bytes),
    }
}

/// The encoding a page declares in a `<meta>` element within its first 64 KiB.
fn declared_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(64 * 1024)];
    let (text, _) = WINDOWS_1252.decode_without_bom_handling(head);
    let html = Html::parse_document(&text);
    let meta = Selector::parse("meta").ok()?;
    html.select(&meta).find_map(|m| {
        let element = m.value();
        let label = element.attr("charset").map(str::to_owned).or_else(|| {
            let is_content_type =
                element.attr("http-equiv").is_some_and(|h| h.trim().eq_ignore_ascii_case("content-type"));
            let content = element.attr("content").filter(|_| is_content_type)?;
            let lower = content.to_ascii_lowercase();
            let at = lower.find("charset=")? + "charset=".len();
            Some(content[at..].trim_matches(|c: char| c == '"' || c == '\'' || c.is_whitespace()).to_owned())
        })?;
        let label = label.split(';').next().unwrap_or_default().trim();
        // A page declaring UTF-16 in ASCII-compatible bytes is not UTF-16 (the HTML standard).
        Encoding::for_label(label.as_bytes()).map(|e| e.output_encoding())
    })
}

/// The element holding the page's main content.
fn main_content(html: &Html) -> ElementRef<'_> {
    MAIN_SELECTORS
        .iter()
        .filter_map(|s| Selector::parse(s).ok())
        .find_map(|s| html.select(&s).find(|e| !is_furniture(e)))
        .or_else(|| Selector::parse("body").ok().and_then(|s| html.select(&s).next()))
        .unwrap_or_else(|| html.root_element())
}

/// The page's title without the site name, else its first `<h1>`.
fn page_title(html: &Html) -> Option<String> {
    let text_of = |selector: &str| {
        let selector = Selector::parse(selector).ok()?;
        let element = html.select(&selector).next()?;
        let text = collapse(&element.text().collect::<String>());
        (!text.is_empty()).then_some(text)
    };
    text_of("title").map(|t| without_site(&t)).or_else(|| text_of("h1"))
}

/// A `<title>` without the site's name: the part before the last separator, when there is one
/// and something stands before it.
fn without_site(title: &str) -> String {
    TITLE_SEPARATORS
        .iter()
        .find_map(|sep| title.rfind(sep).map(|at| title[..at].trim()))
        .filter(|own| !own.is_empty())
        .unwrap_or(title)
        .to_owned()
}

/// True for an element the reader leaves out.
fn is_furniture(element: &ElementRef) -> bool {
    let value = element.value();
    if SKIPPED.contains(&value.name()) {
        return true;
    }
    let names = value.id().into_iter().chain(value.classes());
    names.map(str::to_ascii_lowercase).any(|name| FURNITURE.iter().any(|word| name.contains(word)))
}

/// White space runs (HTML's, and the no-break and full-width spaces pages indent with) become
/// one space.
fn collapse(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for c in text.chars() {
        if matches!(c, ' ' | '\t' | '\n' | '\r' | '\u{c}' | '\u{a0}' | '\u{3000}') {
            space = true;
            continue;
        }
        if space && !out.is_empty() {
            out.push(' ');
        }
        space = false;
        out.push(c);
    }
    out
}

#[derive(Default)]
struct Reader {
    lines: Vec<SourceLine>,
    /// Text of the line being read, white space not yet collapsed.
    current: String,
}

impl Reader {
    fn end_line(&mut self) {
        let text = collapse(&self.current);
        self.current.clear();
        if !text.is_empty() {
            self.lines.push(SourceLine::text(text));
        }
    }

    fn walk(&mut self, node: NodeRef<Node>) {
        for child in node.children() {
            match child.value() {
                Node::Text(text) => self.current.push_str(text),
                Node::Element(_) => {
                    if let Some(element) = ElementRef::wrap(child) {
                        self.element(element);
                    }
                }
                _ => {}
            }
        }
    }

    fn element(&mut self, element: ElementRef) {
        if is_furniture(&element) {
            return;
        }
        let name = element.value().name();
        match name {
            "rt" | "rp" => {}
            "br" => self.end_line(),
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                self.end_line();
                let level = name[1..].parse::<u8>().unwrap_or(1).saturating_sub(1);
                let text = collapse(&cell_text(element));
                if !text.is_empty() {
                    self.lines.push(SourceLine::heading(level, text));
                }
            }
            "tr" => {
                self.end_line();
                let cells: Vec<String> = element
                    .children()
                    .filter_map(ElementRef::wrap)
                    .filter(|c| matches!(c.value().name(), "td" | "th"))
                    .map(|c| collapse(&cell_text(c)))
                    .collect();
                if cells.iter().any(|c| !c.is_empty()) {
                    self.lines.push(SourceLine::text(cells.join(" | ")));
                }
            }
            _ if INLINE.contains(&name) || INLINE_MORE.contains(&name) || !is_known_block(name) => {
                self.walk(*element);
            }
            _ => {
                self.end_line();
                self.walk(*element);
                self.end_line();
            }
        }
    }
}

/// The text of a heading or table cell on one line: its lines joined by a space, furniture and
/// ruby readings left out.
fn cell_text(element: ElementRef) -> String {
    let mut inner = Reader::default();
    inner.walk(*element);
    inner.end_line();
    inner.lines.into_iter().map(|l| l.text).collect::<Vec<_>>().join(" ")
}

/// Block-level elements of HTML: they start and end a line. Unknown elements (`<FDATE>`) are
/// read inline, as browsers display them.
fn is_known_block(name: &str) -> bool {
    const BLOCKS: [&str; 37] = [
        "address",
        "article",
        "blockquote",
        "body",
        "caption",
        "center",
        "dd",
        "details",
        "dialog",
        "dir",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "hgroup",
        "hr",
        "html",
        "legend",
        "li",
        "listing",
        "main",
        "menu",
        "ol",
        "p",
        "pre",
        "section",
        "summary",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "ul",
        "xmp",
    ];
    BLOCKS.contains(&name)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(source: &Source) -> Vec<(Option<u8>, &str)> {
        source.lines.iter().map(|l| (l.heading, l.text.as_str())).collect()
    }

    #[test]
    fn blocks_headings_tables_and_furniture() {
        let page = r#"<!DOCTYPE html><html><head><title>ページ - サイト</title><script>var x = "秘密";</script></head>
<body><div id="header2011"><ul><li>ホーム</li></ul></div><div class="bread2011">パンくず</div>
<!-- コメント -->
<h2>第1章 <span>総則</span></h2>
<p>一行目<br>二行目 の
   続き<FDATE></FDATE></p>
<table><tr><th>項目</th><td>値<br>続き</td></tr><tr><td></td><td></td></tr></table>
<p>ルビ<ruby>漢字<rp>(</rp><rt>かんじ</rt><rp>)</rp></ruby>です。</p>
<div id="footer2011">フッター</div></body></html>"#;
        let source = read(page, "UTF-8");
        assert_eq!(
            texts(&source),
            [
                (Some(1), "第1章 総則"),
                (None, "一行目"),
                (None, "二行目 の 続き"),
                (None, "項目 | 値 続き"),
                (None, "ルビ漢字です。"),
            ]
        );
        assert_eq!(source.meta.title.as_deref(), Some("ページ"));
    }

    #[test]
    fn main_content_wins_over_the_page() {
        let page = "<body><div>サイト案内</div><main><p>本文</p></main></body>";
        assert_eq!(texts(&read(page, "UTF-8")), [(None, "本文")]);
    }

    #[test]
    fn declared_shift_jis_is_decoded() {
        let page = "<HTML><HEAD><META http-equiv=\"Content-Type\" content=\"text/html; charset=shift_jis\"><TITLE>不正アクセス</TITLE></HEAD><BODY>本文</BODY></HTML>";
        let (bytes, _, _) = encoding_rs::SHIFT_JIS.encode(page);
        let decoded = decode_page(&bytes).unwrap();
        assert_eq!(decoded.encoding, "Shift_JIS");
        let source = read(&decoded.text, decoded.encoding);
        assert_eq!(source.meta.title.as_deref(), Some("不正アクセス"));
        assert_eq!(texts(&source), [(None, "本文")]);
    }

    #[test]
    fn titles_lose_the_site_name() {
        assert_eq!(without_site("ガイドライン ｜個人情報保護委員会"), "ガイドライン");
        assert_eq!(without_site("｜個人情報保護委員会"), "｜個人情報保護委員会");
        assert_eq!(without_site("単独"), "単独");
    }
}
