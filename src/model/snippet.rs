//! [`Snippet`]: an excerpt as plain text with highlighted character ranges, and the
//! [`Markup`] a front end renders it with.
//!
//! Search cuts snippets and knows nothing of how they are shown; each front end chooses the
//! markup: the HTTP API `<mark>` (or the request's `highlight_pre`/`highlight_post`) around
//! HTML-escaped text, the terminal ANSI bold, CSV none. On the wire a snippet is the rendered
//! string, so `"snippet": "…<mark>IoT-SSF</mark>…"` stays what clients read.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// How a snippet's highlights are shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Markup {
    /// Inserted before each highlighted range.
    pub pre: String,
    /// Inserted after each highlighted range.
    pub post: String,
    /// Escape `<`, `>`, `&`, `"` and `'` in the text (never in `pre` and `post`).
    pub escape_html: bool,
}

impl Default for Markup {
    /// `<mark>…</mark>` around HTML-escaped text: what the JSON API sends.
    fn default() -> Self {
        Self::html("<mark>", "</mark>")
    }
}

impl Markup {
    /// `pre`/`post` around HTML-escaped text.
    pub fn html(pre: &str, post: &str) -> Self {
        Self { pre: pre.to_owned(), post: post.to_owned(), escape_html: true }
    }

    /// `pre`/`post` around the text as it is (terminals, CSV).
    pub fn plain(pre: &str, post: &str) -> Self {
        Self { pre: pre.to_owned(), post: post.to_owned(), escape_html: false }
    }
}

/// An excerpt (line breaks shown as spaces) with highlighted ranges, and how to render them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Snippet {
    /// The excerpt.
    pub text: String,
    /// Highlighted ranges `[start, end)` in characters of `text`, in order, non-overlapping.
    pub highlights: Vec<(usize, usize)>,
    /// How [`Snippet::render`] and serialisation show the highlights.
    pub markup: Markup,
}

impl Snippet {
    /// The text with the highlights marked up as [`Snippet::markup`] says.
    pub fn render(&self) -> String {
        let Markup { pre, post, escape_html } = &self.markup;
        let mut out =
            String::with_capacity(self.text.len() + self.highlights.len() * (pre.len() + post.len()));
        let mut next = self.highlights.iter().peekable();
        let mut open_until: Option<usize> = None;
        for (i, c) in self.text.chars().enumerate() {
            if open_until == Some(i) {
                out.push_str(post);
                open_until = None;
            }
            if open_until.is_none()
                && let Some(&&(s, e)) = next.peek()
                && s == i
            {
                out.push_str(pre);
                open_until = Some(e);
                next.next();
            }
            match c {
                '<' if *escape_html => out.push_str("&lt;"),
                '>' if *escape_html => out.push_str("&gt;"),
                '&' if *escape_html => out.push_str("&amp;"),
                '"' if *escape_html => out.push_str("&quot;"),
                '\'' if *escape_html => out.push_str("&#39;"),
                c => out.push(c),
            }
        }
        if open_until.is_some() {
            out.push_str(post);
        }
        out
    }
}

impl std::fmt::Display for Snippet {
    /// The rendered snippet ([`Snippet::render`]).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.render())
    }
}

impl Serialize for Snippet {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.render())
    }
}

impl<'de> Deserialize<'de> for Snippet {
    /// A rendered snippet read back (by a client of the JSON API) is kept as its text, markup
    /// included; the highlight ranges are not recovered.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Ok(Self { text, highlights: Vec::new(), markup: Markup::plain("", "") })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn snippet(text: &str, highlights: &[(usize, usize)], markup: Markup) -> Snippet {
        Snippet { text: text.into(), highlights: highlights.to_vec(), markup }
    }

    #[test]
    fn html_is_escaped_but_tags_are_not() {
        let s = snippet("a<b>&\"IoT\"", &[(6, 9)], Markup::default());
        assert_eq!(s.render(), "a&lt;b&gt;&amp;&quot;<mark>IoT</mark>&quot;");
        assert_eq!(serde_json::to_string(&s).unwrap(), "\"a&lt;b&gt;&amp;&quot;<mark>IoT</mark>&quot;\"");
        let plain = Snippet { markup: Markup::plain("[", "]"), ..s };
        assert_eq!(plain.render(), "a<b>&\"[IoT]\"");
    }

    #[test]
    fn a_highlight_at_the_end_is_closed() {
        assert_eq!(snippet("総務省", &[(1, 3)], Markup::plain("[", "]")).render(), "総[務省]");
    }
}
