//! Snippets: the part of a passage that shows why it matched, with the matches marked.
//!
//! Matches are found directly in the stored, normalised passage text (ASCII case folded, see
//! [`PhraseMatcher`]) — the same text the bigram field indexed, so highlights land exactly on
//! the substrings that made the passage match, with no offset mapping. The window of
//! [`SNIPPET_CHARS`] characters is placed where most matches fall. All positions are counted in
//! characters, never bytes. tantivy's `SnippetGenerator` is not used: on the bigram field it
//! would mark overlapping two-character fragments rather than the matched words.

use crate::analysis::fold;
use crate::analysis::matcher::PhraseMatcher;

/// Length of a snippet window, in characters.
pub const SNIPPET_CHARS: usize = 160;
/// Characters of context kept before the first match of the window.
const LEAD_CHARS: usize = 40;
/// Marks text cut off at either end of a snippet.
const ELLIPSIS: char = '…';

/// A snippet: text (line breaks shown as spaces) and highlighted character ranges within it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snippet {
    /// The excerpt.
    pub text: String,
    /// Highlighted ranges `[start, end)` in characters of `text`, in order, non-overlapping.
    pub highlights: Vec<(usize, usize)>,
}

/// Character ranges of every match of `matcher` in `text`.
pub fn char_matches(text: &str, matcher: &PhraseMatcher) -> Vec<(usize, usize)> {
    let folded = fold(text);
    let mut out = Vec::new();
    let mut chars_before = 0usize;
    let mut byte_cursor = 0usize;
    for m in matcher.find_iter(&folded) {
        chars_before += folded[byte_cursor..m.start].chars().count();
        let len = folded[m.start..m.end].chars().count();
        out.push((chars_before, chars_before + len));
        chars_before += len;
        byte_cursor = m.end;
    }
    out
}

/// Cuts the snippet of `text` around the densest cluster of matches.
pub fn make_snippet(text: &str, matcher: &PhraseMatcher) -> Snippet {
    let matches = char_matches(text, matcher);
    let chars: Vec<char> = text.chars().collect();
    let total = chars.len();
    let anchor = (0..matches.len())
        .max_by_key(|&i| {
            let window_end = matches[i].0 + SNIPPET_CHARS - LEAD_CHARS;
            let covered = matches[i..].iter().take_while(|m| m.1 <= window_end).count();
            (covered, std::cmp::Reverse(i))
        })
        .map(|i| matches[i].0);
    let start = anchor.map_or(0, |a| a.saturating_sub(LEAD_CHARS));
    let end = (start + SNIPPET_CHARS).min(total);
    let start = end.saturating_sub(SNIPPET_CHARS).min(start);

    let lead = usize::from(start > 0);
    let mut snippet = String::with_capacity((end - start) * 3 + 6);
    if start > 0 {
        snippet.push(ELLIPSIS);
    }
    snippet.extend(chars[start..end].iter().map(|&c| if c == '\n' || c == '\t' { ' ' } else { c }));
    if end < total {
        snippet.push(ELLIPSIS);
    }
    let highlights = matches
        .into_iter()
        .filter(|&(s, e)| s >= start && e <= end)
        .map(|(s, e)| (s - start + lead, e - start + lead))
        .collect();
    Snippet { text: snippet, highlights }
}

impl Snippet {
    /// Renders with `pre`/`post` around highlights, HTML-escaping the text if asked (never the
    /// tags, so `<mark>` stays markup).
    pub fn render(&self, pre: &str, post: &str, escape_html: bool) -> String {
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
                '<' if escape_html => out.push_str("&lt;"),
                '>' if escape_html => out.push_str("&gt;"),
                '&' if escape_html => out.push_str("&amp;"),
                '"' if escape_html => out.push_str("&quot;"),
                '\'' if escape_html => out.push_str("&#39;"),
                c => out.push(c),
            }
        }
        if open_until.is_some() {
            out.push_str(post);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn highlights_are_character_ranges_of_the_matches() {
        let m = PhraseMatcher::new(["IoT-SSF"]);
        let s = make_snippet("経済産業省において「iot-ssf」の普及啓発活動を行う。", &m);
        assert_eq!(s.highlights, [(10, 17)]);
        assert_eq!(
            s.render("<mark>", "</mark>", true),
            "経済産業省において「<mark>iot-ssf</mark>」の普及啓発活動を行う。"
        );
    }

    #[test]
    fn long_texts_are_cut_around_the_matches() {
        let text = format!("{}IoT-SSF{}", "前".repeat(500), "後".repeat(500));
        let s = make_snippet(&text, &PhraseMatcher::new(["IoT-SSF"]));
        assert!(s.text.starts_with('…') && s.text.ends_with('…'));
        assert_eq!(s.text.chars().count(), SNIPPET_CHARS + 2);
        let (a, b) = s.highlights[0];
        assert_eq!(s.text.chars().skip(a).take(b - a).collect::<String>(), "IoT-SSF");
    }

    #[test]
    fn html_is_escaped_but_tags_are_not() {
        let s = make_snippet("a<b>&\"IoT\"", &PhraseMatcher::new(["IoT"]));
        assert_eq!(s.render("<mark>", "</mark>", true), "a&lt;b&gt;&amp;&quot;<mark>IoT</mark>&quot;");
        assert_eq!(s.render("[", "]", false), "a<b>&\"[IoT]\"");
    }

    #[test]
    fn no_match_shows_the_beginning() {
        let s = make_snippet("本文\n二行目", &PhraseMatcher::new(["なし"]));
        assert_eq!((s.text.as_str(), s.highlights.len()), ("本文 二行目", 0));
    }
}
