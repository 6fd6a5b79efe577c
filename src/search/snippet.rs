//! Snippets: the part of a passage that shows why it matched, with the matches marked.
//!
//! Matches are found directly in the stored, normalised passage text (ASCII case folded, see
//! [`PhraseMatcher`]) — the same text the bigram field indexed, so highlights land exactly on
//! the substrings that made the passage match, with no offset mapping. The window of
//! [`SNIPPET_CHARS`] characters is placed where most matches fall. All positions are counted in
//! characters, never bytes. The snippet is plain text plus highlight ranges: front ends choose
//! the markup ([`crate::model::Markup`]). tantivy's `SnippetGenerator` is not used: on the bigram field it
//! would mark overlapping two-character fragments rather than the matched words.

use crate::analysis::fold;
use crate::analysis::matcher::PhraseMatcher;
use crate::model::Snippet;

/// Length of a snippet window, in characters.
pub const SNIPPET_CHARS: usize = 160;
/// Characters of context kept before the first match of the window.
const LEAD_CHARS: usize = 40;
/// Marks text cut off at either end of a snippet.
const ELLIPSIS: char = '…';

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
    let total = text.chars().count();
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
    let window = text.chars().skip(start).take(end - start);
    snippet.extend(window.map(|c| if c == '\n' || c == '\t' { ' ' } else { c }));
    if end < total {
        snippet.push(ELLIPSIS);
    }
    let highlights = matches
        .into_iter()
        .filter(|&(s, e)| s >= start && e <= end)
        .map(|(s, e)| (s - start + lead, e - start + lead))
        .collect();
    Snippet { text: snippet, highlights, ..Snippet::default() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn highlights_are_character_ranges_of_the_matches() {
        let m = PhraseMatcher::new(["IoT-SSF"]);
        let s = make_snippet("経済産業省において「iot-ssf」の普及啓発活動を行う。", &m);
        assert_eq!(s.highlights, [(10, 17)]);
        assert_eq!(s.render(), "経済産業省において「<mark>iot-ssf</mark>」の普及啓発活動を行う。");
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
    fn no_match_shows_the_beginning() {
        let s = make_snippet("本文\n二行目", &PhraseMatcher::new(["なし"]));
        assert_eq!((s.text.as_str(), s.highlights.len()), ("本文 二行目", 0));
    }
}
