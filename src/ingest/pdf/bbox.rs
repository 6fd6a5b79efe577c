//! Parsing the XHTML that `pdftotext -bbox-layout` writes: the document information in `<head>`
//! and, per `<page>`, its lines and words with their boxes (points, origin top left).
//!
//! poppler's own `<flow>`/`<block>` grouping is not kept: its reading order is what
//! [`super::layout`] replaces.
//!
//! ```
//! use seisaku::ingest::pdf::bbox::parse;
//! let xhtml = r#"<html><head><title>白書</title><meta name="Producer" content="Acrobat"/></head>
//! <body><doc><page width="595" height="842"><flow><block><line xMin="1" yMin="2" xMax="30" yMax="12">
//! <word xMin="1" yMin="2" xMax="30" yMax="12">総務省</word></line></block></flow></page></doc></body></html>"#;
//! let doc = parse(xhtml).unwrap();
//! assert_eq!(doc.info.title.as_deref(), Some("白書"));
//! assert_eq!(doc.pages[0].lines[0].words[0].text, "総務省");
//! ```

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

/// A box in points, `x0 < x1`, `y0 < y1`, y growing downwards.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Rect {
    /// Left.
    pub x0: f32,
    /// Top.
    pub y0: f32,
    /// Right.
    pub x1: f32,
    /// Bottom.
    pub y1: f32,
}

impl Rect {
    /// Width.
    pub fn width(&self) -> f32 {
        self.x1 - self.x0
    }

    /// Height.
    pub fn height(&self) -> f32 {
        self.y1 - self.y0
    }

    /// Horizontal centre.
    pub fn cx(&self) -> f32 {
        (self.x0 + self.x1) / 2.0
    }

    /// Vertical centre.
    pub fn cy(&self) -> f32 {
        (self.y0 + self.y1) / 2.0
    }

    /// The smallest box holding both.
    pub fn union(&self, other: &Rect) -> Rect {
        Rect {
            x0: self.x0.min(other.x0),
            y0: self.y0.min(other.y0),
            x1: self.x1.max(other.x1),
            y1: self.y1.max(other.y1),
        }
    }
}

/// A word as poppler found it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Word {
    /// Its box.
    pub rect: Rect,
    /// Its text.
    pub text: String,
}

/// A line: words on one baseline, in poppler's order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Line {
    /// Its box.
    pub rect: Rect,
    /// Its words.
    pub words: Vec<Word>,
}

/// A page.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Page {
    /// Width in points.
    pub width: f32,
    /// Height in points.
    pub height: f32,
    /// Its lines, in poppler's order.
    pub lines: Vec<Line>,
}

/// The document information dictionary, as poppler decoded it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Info {
    /// `Title`.
    pub title: Option<String>,
    /// `Producer`.
    pub producer: Option<String>,
    /// `Creator`.
    pub creator: Option<String>,
}

/// A parsed `-bbox-layout` document.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct BoxDocument {
    /// Document information.
    pub info: Info,
    /// Pages in order.
    pub pages: Vec<Page>,
}

/// Parses `pdftotext -bbox-layout` output; `Err` says where the XML is malformed.
pub fn parse(xhtml: &str) -> Result<BoxDocument, String> {
    let mut reader = Reader::from_str(xhtml);
    let mut doc = BoxDocument::default();
    let mut in_title = false;
    let mut word: Option<Word> = None;
    loop {
        let event = reader.read_event().map_err(|err| {
            format!("malformed pdftotext output at byte {}: {err}", reader.buffer_position())
        })?;
        match event {
            Event::Eof => break,
            Event::Start(e) | Event::Empty(e) => match e.local_name().as_ref() {
                b"title" => in_title = true,
                b"meta" => meta(&e, &mut doc.info),
                b"page" => doc.pages.push(Page {
                    width: number(&e, b"width"),
                    height: number(&e, b"height"),
                    lines: Vec::new(),
                }),
                b"line" => {
                    if let Some(page) = doc.pages.last_mut() {
                        page.lines.push(Line { rect: rect(&e), words: Vec::new() });
                    }
                }
                b"word" => word = Some(Word { rect: rect(&e), text: String::new() }),
                _ => {}
            },
            Event::Text(t) => {
                let text = t.unescape().map_err(|err| format!("malformed pdftotext output: {err}"))?;
                if in_title {
                    let title = text.trim();
                    if !title.is_empty() {
                        doc.info.title = Some(title.to_owned());
                    }
                } else if let Some(word) = word.as_mut() {
                    word.text.push_str(&text);
                }
            }
            Event::End(e) => match e.local_name().as_ref() {
                b"title" => in_title = false,
                b"word" => {
                    let line = doc.pages.last_mut().and_then(|p| p.lines.last_mut());
                    if let (Some(line), Some(word)) = (line, word.take())
                        && !word.text.trim().is_empty()
                    {
                        line.words.push(word);
                    }
                }
                _ => {}
            },
            _ => {}
        }
    }
    for page in &mut doc.pages {
        page.lines.retain(|l| !l.words.is_empty());
    }
    Ok(doc)
}

fn meta(e: &BytesStart<'_>, info: &mut Info) {
    let name = attribute(e, b"name");
    let content = attribute(e, b"content").filter(|c| !c.trim().is_empty());
    match name.as_deref() {
        Some("Producer") => info.producer = content,
        Some("Creator") => info.creator = content,
        _ => {}
    }
}

fn attribute(e: &BytesStart<'_>, name: &[u8]) -> Option<String> {
    let attr = e.try_get_attribute(name).ok()??;
    attr.unescape_value().ok().map(|v| v.into_owned())
}

fn number(e: &BytesStart<'_>, name: &[u8]) -> f32 {
    attribute(e, name).and_then(|v| v.parse::<f32>().ok()).filter(|v| v.is_finite()).unwrap_or(0.0)
}

fn rect(e: &BytesStart<'_>) -> Rect {
    Rect { x0: number(e, b"xMin"), y0: number(e, b"yMin"), x1: number(e, b"xMax"), y1: number(e, b"yMax") }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entities_and_empty_words() {
        let doc = parse(
            r#"<html><head><title>A &amp; B</title></head><body><doc><page width="10" height="20">
            <line xMin="0" yMin="0" xMax="5" yMax="5"><word xMin="0" yMin="0" xMax="5" yMax="5">&lt;x&gt;</word></line>
            <line xMin="0" yMin="6" xMax="5" yMax="9"><word xMin="0" yMin="6" xMax="5" yMax="9"> </word></line>
            </page></doc></body></html>"#,
        )
        .unwrap();
        assert_eq!(doc.info.title.as_deref(), Some("A & B"));
        assert_eq!(doc.pages[0].height, 20.0);
        assert_eq!(doc.pages[0].lines.len(), 1);
        assert_eq!(doc.pages[0].lines[0].words[0].text, "<x>");
    }

    #[test]
    fn malformed_output_is_an_error_not_a_panic() {
        assert!(parse("<html><page><line></word></html>").is_err());
    }
}
