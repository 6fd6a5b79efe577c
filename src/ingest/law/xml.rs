//! e-Gov law XML (法令API v1 `DataRoot` responses, or a bare `<Law>` document) into a
//! [`Source`] of articles.
//!
//! | XML | becomes |
//! |---|---|
//! | `Law@Era, Year, PromulgateMonth, PromulgateDay` | the promulgation date (→ fiscal year) |
//! | `LawNum`, `LawTitle`, `LawTitle@Abbrev` | the first passage; title; aliases; detail `law number` |
//! | `Part`, `Chapter`, `Section`, `Subsection`, `Division` | headings 編 › 章 › 節 › 款 › 目 |
//! | `Article` | a heading `第三十二条（労働時間）` (ArticleTitle + ArticleCaption): one passage |
//! | `Paragraph`, `Item`, `Subitem1`…`Subitem10` | a line each, with its number (`２　…`, `一　…`) |
//! | `TableRow` | a line, cells joined by ` \| ` |
//! | `SupplProvision` | a top-level heading `附則（昭和二三年…法律第…号）　抄` |
//! | `AppdxTable` and the other appendices | a top-level heading from their title |
//! | `TOC` | left out |
//! | `Rt` (ruby reading) | left out |
//!
//! Anything else is read for its text: an element whose children are only sentences or inline
//! markup is one line, any other is read child by child. Parsing uses `roxmltree` without DTD
//! support (no entity expansion, so no billion laughs); a file that is not well-formed, or has no
//! `<Law>`, is an [`XmlError`].
//!
//! ```
//! use seisaku::ingest::law::xml::read;
//! let xml = r#"<Law Era="Showa" Year="22" PromulgateMonth="4" PromulgateDay="7">
//!   <LawNum>昭和二十二年法律第四十九号</LawNum>
//!   <LawBody><LawTitle Abbrev="労基法">労働基準法</LawTitle>
//!     <MainProvision><Article><ArticleCaption>（労働条件の原則）</ArticleCaption><ArticleTitle>第一条</ArticleTitle>
//!       <Paragraph><ParagraphNum/><ParagraphSentence><Sentence>労働条件は…</Sentence></ParagraphSentence></Paragraph>
//!     </Article></MainProvision></LawBody></Law>"#;
//! let source = read(xml).unwrap();
//! assert_eq!(source.meta.title.as_deref(), Some("労働基準法"));
//! assert_eq!(source.meta.aliases, ["労基法"]);
//! assert_eq!(source.meta.fiscal_year, Some(1947));
//! assert!(source.lines.iter().any(|l| l.heading == Some(5) && l.text == "第一条（労働条件の原則）"));
//! ```

use roxmltree::{Document, Node, ParsingOptions};

use super::{ABBREVIATION_LABEL, ARTICLE_LEVEL, LAW_NUMBER, TOP_LEVEL, abbreviations, division_level};
use crate::ingest::dates::JpDate;
use crate::ingest::source::{FormatMeta, Source, SourceLine};

/// Why an XML file was not read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum XmlError {
    /// Not well-formed XML (or it declares a DTD).
    #[error("not well-formed XML: {0}")]
    Malformed(String),
    /// Well-formed, but not e-Gov law XML.
    #[error("XML without a <Law> element (only e-Gov law XML is read)")]
    NotALaw,
}

/// Elements a parser may nest before this reader refuses the file.
const NODES_LIMIT: u32 = 5_000_000;

/// Divisions of a law's main provision, by element name, with the character naming them.
const DIVISIONS: [(&str, char); 5] =
    [("Part", '編'), ("Chapter", '章'), ("Section", '節'), ("Subsection", '款'), ("Division", '目')];

/// Numbered provisions: a title (number) element and a sentence element, by prefix.
const NUMBERED: [&str; 12] = [
    "Item",
    "Subitem1",
    "Subitem2",
    "Subitem3",
    "Subitem4",
    "Subitem5",
    "Subitem6",
    "Subitem7",
    "Subitem8",
    "Subitem9",
    "Subitem10",
    "List",
];

/// Elements that carry text inside a line rather than lines of their own.
const INLINE: [&str; 10] =
    ["Sentence", "Column", "Ruby", "Rt", "Sup", "Sub", "Line", "QuoteStruct", "ArithFormula", "Fig"];

/// Reads e-Gov law XML.
pub fn read(xml: &str) -> Result<Source, XmlError> {
    let options = ParsingOptions { allow_dtd: false, nodes_limit: NODES_LIMIT, ..ParsingOptions::default() };
    let document =
        Document::parse_with_options(xml, options).map_err(|err| XmlError::Malformed(err.to_string()))?;
    let law = document.descendants().find(|n| n.has_tag_name("Law")).ok_or(XmlError::NotALaw)?;
    let body = child(law, "LawBody");
    let title_node = body.and_then(|b| child(b, "LawTitle"));
    let title = title_node.map(text_of).filter(|t| !t.is_empty());
    let number = child(law, "LawNum").map(text_of).filter(|t| !t.is_empty());
    let aliases = title_node.and_then(|t| t.attribute("Abbrev")).map(abbreviations).unwrap_or_default();

    let mut reader = Reader::default();
    reader.line(title.clone().unwrap_or_default());
    if !aliases.is_empty() {
        reader.line(format!("{ABBREVIATION_LABEL} {}", aliases.join("、")));
    }
    reader.line(number.clone().unwrap_or_default());
    if let Some(body) = body {
        reader.block(body);
    }

    let date = promulgation(law);
    let mut details = Vec::new();
    details.extend(number.map(|n| (LAW_NUMBER.to_owned(), n)));
    if let Some(id) =
        document.descendants().find(|n| n.has_tag_name("LawId")).map(text_of).filter(|t| !t.is_empty())
    {
        details.push(("law id".to_owned(), id));
    }
    Ok(Source {
        lines: reader.lines,
        pages: Vec::new(),
        meta: FormatMeta {
            title,
            date,
            fiscal_year: date.and_then(super::fiscal_year),
            aliases,
            encoding: "UTF-8".to_owned(),
            details,
        },
    })
}

/// The promulgation date from the `Law` element's attributes (`Era="Showa" Year="22"
/// PromulgateMonth="4" PromulgateDay="7"` → 1947-04-07); the year alone when month or day is
/// missing or impossible.
fn promulgation(law: Node) -> Option<JpDate> {
    let era_start = match law.attribute("Era")? {
        "Meiji" => 1867,
        "Taisho" => 1911,
        "Showa" => 1925,
        "Heisei" => 1988,
        "Reiwa" => 2018,
        _ => return None,
    };
    let year = era_start + law.attribute("Year")?.trim().parse::<i32>().ok().filter(|y| *y >= 1)?;
    let number = |name| law.attribute(name).and_then(|v| v.trim().parse::<u32>().ok());
    let day = match (number("PromulgateMonth"), number("PromulgateDay")) {
        (Some(month), Some(day)) => Some(JpDate::Day { year, month, day }),
        _ => None,
    };
    Some(day.filter(|d| d.to_date().is_some()).unwrap_or(JpDate::Year { year }))
}

/// The first child element named `name`.
fn child<'a, 'i>(node: Node<'a, 'i>, name: &str) -> Option<Node<'a, 'i>> {
    node.children().find(|n| n.has_tag_name(name))
}

/// The text of an element: its text nodes in order, without ruby readings (`Rt`), columns
/// (`Column`) separated by a full-width space as e-Gov prints them.
fn text_of(node: Node) -> String {
    let mut out = String::new();
    collect_text(node, &mut out);
    out.trim().to_owned()
}

fn collect_text(node: Node, out: &mut String) {
    for child in node.children() {
        if child.is_text() {
            out.push_str(child.text().unwrap_or_default());
        } else if child.is_element() && !child.has_tag_name("Rt") {
            if child.has_tag_name("Column") && !out.is_empty() {
                out.push('\u{3000}');
            }
            collect_text(child, out);
        }
    }
}

/// The number of a paragraph whose `ParagraphNum` is empty (old laws number their paragraphs only
/// in the `Num` attribute): the second and later ones in full-width digits as e-Gov prints them
/// (`２`); the first paragraph has none.
fn paragraph_number(paragraph: Node) -> String {
    match paragraph.attribute("Num").and_then(|n| n.trim().parse::<u32>().ok()) {
        Some(n) if n > 1 => n
            .to_string()
            .chars()
            .map(|d| char::from_u32(u32::from(d) - u32::from('0') + u32::from('０')).unwrap_or(d))
            .collect(),
        _ => String::new(),
    }
}

/// Joins a number and its text with a full-width space, as e-Gov prints provisions.
fn numbered(number: &str, text: &str) -> String {
    match (number.is_empty(), text.is_empty()) {
        (true, _) => text.to_owned(),
        (false, true) => number.to_owned(),
        (false, false) => format!("{number}\u{3000}{text}"),
    }
}

#[derive(Default)]
struct Reader {
    lines: Vec<SourceLine>,
}

impl Reader {
    fn line(&mut self, text: String) {
        if !text.trim().is_empty() {
            self.lines.push(SourceLine::text(text));
        }
    }

    fn heading(&mut self, level: u8, text: String) {
        if !text.trim().is_empty() {
            self.lines.push(SourceLine::heading(level, text));
        }
    }

    /// Reads the children of `node` as blocks.
    fn block(&mut self, node: Node) {
        for child in node.children().filter(Node::is_element) {
            self.element(child);
        }
    }

    fn element(&mut self, node: Node) {
        let name = node.tag_name().name();
        if let Some(&(_, kind)) = DIVISIONS.iter().find(|(n, _)| *n == name) {
            let title = child(node, &format!("{name}Title")).map(text_of).unwrap_or_default();
            self.heading(division_level(kind).unwrap_or(TOP_LEVEL), title);
            self.rest(node, &[&format!("{name}Title")]);
            return;
        }
        if NUMBERED.contains(&name) {
            let title = child(node, &format!("{name}Title")).map(text_of).unwrap_or_default();
            let sentence = child(node, &format!("{name}Sentence")).map(text_of).unwrap_or_default();
            self.line(numbered(&title, &sentence));
            self.rest(node, &[&format!("{name}Title"), &format!("{name}Sentence")]);
            return;
        }
        match name {
            "TOC" | "LawTitle" | "Rt" => {}
            "Article" => {
                let title = child(node, "ArticleTitle").map(text_of).unwrap_or_default();
                let caption = child(node, "ArticleCaption").map(text_of).unwrap_or_default();
                self.heading(ARTICLE_LEVEL, format!("{title}{caption}"));
                self.rest(node, &["ArticleTitle", "ArticleCaption"]);
            }
            "Paragraph" => {
                self.line(child(node, "ParagraphCaption").map(text_of).unwrap_or_default());
                let number = child(node, "ParagraphNum")
                    .map(text_of)
                    .filter(|n| !n.is_empty())
                    .unwrap_or_else(|| paragraph_number(node));
                let sentence = child(node, "ParagraphSentence").map(text_of).unwrap_or_default();
                self.line(numbered(&number, &sentence));
                self.rest(node, &["ParagraphCaption", "ParagraphNum", "ParagraphSentence"]);
            }
            "SupplProvision" => {
                let label =
                    child(node, "SupplProvisionLabel").map(text_of).unwrap_or_else(|| "附則".to_owned());
                let amends = node.attribute("AmendLawNum").map(|n| format!("（{n}）")).unwrap_or_default();
                let extract = if node.attribute("Extract") == Some("true") { "\u{3000}抄" } else { "" };
                self.heading(TOP_LEVEL, format!("{label}{amends}{extract}"));
                self.rest(node, &["SupplProvisionLabel"]);
            }
            "TableRow" => {
                let cells: Vec<String> = node.children().filter(|c| c.is_element()).map(text_of).collect();
                if cells.iter().any(|c| !c.is_empty()) {
                    self.line(cells.join(" | "));
                }
            }
            _ if name.starts_with("Appdx") || name.starts_with("SupplProvisionAppdx") => {
                let title = node
                    .children()
                    .find(|c| c.is_element() && c.tag_name().name().ends_with("Title"))
                    .map(text_of)
                    .unwrap_or_default();
                self.heading(TOP_LEVEL, title);
                self.rest_where(node, |c| !c.tag_name().name().ends_with("Title"));
            }
            _ if node.children().any(|c| c.is_element() && !INLINE.contains(&c.tag_name().name())) => {
                self.block(node);
            }
            _ => self.line(text_of(node)),
        }
    }

    /// Reads the children of `node` not named in `done`.
    fn rest(&mut self, node: Node, done: &[&str]) {
        self.rest_where(node, |c| !done.contains(&c.tag_name().name()));
    }

    fn rest_where(&mut self, node: Node, keep: impl Fn(&Node) -> bool) {
        for child in node.children().filter(|c| c.is_element() && keep(c)) {
            self.element(child);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(source: &Source) -> Vec<(Option<u8>, &str)> {
        source.lines.iter().map(|l| (l.heading, l.text.as_str())).collect()
    }

    #[test]
    fn structure_numbers_tables_and_supplementary_provisions() {
        let xml = r#"<?xml version="1.0" encoding="UTF-8"?>
<DataRoot><ApplData><LawId>322AC0000000049</LawId><LawFullText>
<Law Era="Showa" Year="22" PromulgateMonth="4" PromulgateDay="7">
 <LawNum>昭和二十二年法律第四十九号</LawNum>
 <LawBody>
  <LawTitle Abbrev="労基法">労働基準法</LawTitle>
  <TOC><TOCLabel>目次</TOCLabel><TOCChapter><ChapterTitle>第一章　総則</ChapterTitle></TOCChapter></TOC>
  <MainProvision>
   <Chapter Num="4"><ChapterTitle>第四章　労働時間</ChapterTitle>
    <Article Num="32"><ArticleCaption>（労働時間）</ArticleCaption><ArticleTitle>第三十二条</ArticleTitle>
     <Paragraph Num="1"><ParagraphNum/><ParagraphSentence><Sentence>使用者は、</Sentence><Sentence>労働させてはならない。</Sentence></ParagraphSentence></Paragraph>
     <Paragraph Num="2"><ParagraphNum/><ParagraphSentence><Sentence>使用者は、<Ruby>一<Rt>いち</Rt></Ruby>日について</Sentence></ParagraphSentence>
      <Item Num="1"><ItemTitle>一</ItemTitle><ItemSentence><Column><Sentence>用語</Sentence></Column><Column><Sentence>意味</Sentence></Column></ItemSentence>
       <Subitem1><Subitem1Title>イ</Subitem1Title><Subitem1Sentence><Sentence>細目</Sentence></Subitem1Sentence></Subitem1>
      </Item>
      <TableStruct><Table><TableRow><TableColumn><Sentence>一年</Sentence></TableColumn><TableColumn><Sentence>一労働日</Sentence></TableColumn></TableRow></Table></TableStruct>
     </Paragraph>
     <Paragraph Num="12"><ParagraphNum/><ParagraphSentence><Sentence>十二番目</Sentence></ParagraphSentence></Paragraph>
    </Article>
   </Chapter>
  </MainProvision>
  <SupplProvision AmendLawNum="昭和二二年八月三一日法律第九七号" Extract="true"><SupplProvisionLabel>附　則</SupplProvisionLabel>
   <Paragraph><ParagraphNum/><ParagraphSentence><Sentence>この法律は、公布の日から施行する。</Sentence></ParagraphSentence></Paragraph>
  </SupplProvision>
 </LawBody>
</Law></LawFullText></ApplData></DataRoot>"#;
        let source = read(xml).unwrap();
        assert_eq!(
            texts(&source),
            [
                (None, "労働基準法"),
                (None, "略称 労基法"),
                (None, "昭和二十二年法律第四十九号"),
                (Some(1), "第四章　労働時間"),
                (Some(5), "第三十二条（労働時間）"),
                (None, "使用者は、労働させてはならない。"),
                (None, "２　使用者は、一日について"),
                (None, "一　用語　意味"),
                (None, "イ　細目"),
                (None, "一年 | 一労働日"),
                (None, "１２　十二番目"),
                (Some(0), "附　則（昭和二二年八月三一日法律第九七号）　抄"),
                (None, "この法律は、公布の日から施行する。"),
            ]
        );
        assert_eq!(source.meta.date, Some(JpDate::Day { year: 1947, month: 4, day: 7 }));
        assert_eq!(source.meta.fiscal_year, Some(1947));
        assert_eq!(
            source.meta.details,
            [
                ("law number".to_owned(), "昭和二十二年法律第四十九号".to_owned()),
                ("law id".to_owned(), "322AC0000000049".to_owned())
            ]
        );
    }

    #[test]
    fn bad_xml_is_an_error_not_a_panic() {
        assert!(matches!(read("<Law><LawBody>"), Err(XmlError::Malformed(_))));
        assert_eq!(read("<html><body/></html>"), Err(XmlError::NotALaw));
        let laughs =
            r#"<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]><Law>&b;</Law>"#;
        assert!(matches!(read(laughs), Err(XmlError::Malformed(_))));
    }

    #[test]
    fn impossible_dates_fall_back_to_the_year() {
        let source = read(r#"<Law Era="Heisei" Year="11" PromulgateMonth="02" PromulgateDay="30"><LawNum>平成十一年法律第一号</LawNum></Law>"#).unwrap();
        assert_eq!(source.meta.date, Some(JpDate::Year { year: 1999 }));
        assert_eq!(source.meta.fiscal_year, Some(1999));
    }
}
