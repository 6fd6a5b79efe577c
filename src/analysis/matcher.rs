//! Finding known phrases in normalised text: ministry names, theme keywords, query terms.
//!
//! [`PhraseMatcher`] wraps an Aho–Corasick automaton over the case-folded patterns and applies
//! the same word rule as the bigram field: an ASCII letter/digit at either end of a pattern must
//! not continue into another ASCII letter/digit in the text, so `5G` does not match inside `15G`
//! and `NISC` not inside `NISCA`. Matches are leftmost-longest and non-overlapping.
//!
//! ```
//! use seisaku::analysis::{fold, matcher::PhraseMatcher};
//! let m = PhraseMatcher::new(["総務省", "5G"]);
//! let text = fold("総務省は15Gと5Gを");
//! let found: Vec<usize> = m.find_iter(&text).map(|m| m.pattern).collect();
//! assert_eq!(found, [0, 1]);
//! ```

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

use super::normalize::{fold, normalize};
use super::url::{inside, url_spans};

/// A match: byte range in the text and the index of the pattern that matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PhraseMatch {
    /// Byte offset of the start of the match.
    pub start: usize,
    /// Byte offset of the end of the match.
    pub end: usize,
    /// Index of the matching pattern, in the order given to [`PhraseMatcher::new`].
    pub pattern: usize,
}

/// Leftmost-longest, ASCII-word-bounded phrase matching over case-folded normalised text.
/// Matches inside URLs count only for patterns that are URLs themselves (see [`super::url`]).
#[derive(Debug, Clone)]
pub struct PhraseMatcher {
    automaton: AhoCorasick,
    /// Per pattern: whether it contains a URL.
    is_url: Vec<bool>,
}

impl PhraseMatcher {
    /// Builds a matcher; patterns are normalised and case-folded like documents. Empty patterns
    /// never match.
    pub fn new<I, S>(patterns: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let folded: Vec<String> =
            patterns.into_iter().map(|p| fold(&normalize(p.as_ref())).into_owned()).collect();
        let automaton = AhoCorasickBuilder::new()
            .match_kind(MatchKind::LeftmostLongest)
            .build(folded.iter().map(|p| if p.is_empty() { "\u{0}" } else { p.as_str() }))
            .expect("phrase patterns are plain strings well within Aho-Corasick limits");
        let is_url = folded.iter().map(|p| !url_spans(p).is_empty()).collect();
        Self { automaton, is_url }
    }

    /// Iterates over matches in `folded_text`, which must already be case-folded with [`fold`].
    pub fn find_iter<'a>(&'a self, folded_text: &'a str) -> impl Iterator<Item = PhraseMatch> + 'a {
        let urls = url_spans(folded_text);
        self.automaton
            .find_iter(folded_text)
            .filter(move |m| word_bounded(folded_text, m.start(), m.end()))
            .filter(move |m| self.is_url[m.pattern().as_usize()] || !inside(&urls, &m.range()))
            .map(|m| PhraseMatch { start: m.start(), end: m.end(), pattern: m.pattern().as_usize() })
    }
}

/// True when the match does not cut an ASCII letter/digit run in two.
fn word_bounded(text: &str, start: usize, end: usize) -> bool {
    let bytes = text.as_bytes();
    let cuts_before =
        start > 0 && bytes[start].is_ascii_alphanumeric() && bytes[start - 1].is_ascii_alphanumeric();
    let cuts_after =
        end < bytes.len() && bytes[end - 1].is_ascii_alphanumeric() && bytes[end].is_ascii_alphanumeric();
    !cuts_before && !cuts_after
}

#[cfg(test)]
mod tests {
    use super::*;

    fn patterns_found(m: &PhraseMatcher, text: &str) -> Vec<usize> {
        m.find_iter(&fold(text)).map(|m| m.pattern).collect()
    }

    #[test]
    fn longest_match_wins_and_ascii_is_word_bounded() {
        let m = PhraseMatcher::new(["内閣官房", "内閣官房内閣サイバーセキュリティセンター", "NISC", "AI"]);
        assert_eq!(patterns_found(&m, "内閣官房内閣サイバーセキュリティセンター(NISC)"), [1, 2]);
        assert_eq!(patterns_found(&m, "NISCA EMAIL AIの活用 生成AI"), [3, 3]);
    }

    #[test]
    fn patterns_are_normalised_like_text() {
        let m = PhraseMatcher::new(["ＩｏＴ", "サイバ-協議"]);
        assert_eq!(patterns_found(&m, "IoT機器 サイバー協議"), [0, 1]);
    }

    #[test]
    fn words_inside_urls_match_only_url_patterns() {
        let m = PhraseMatcher::new(["NISC", "www.nisc.go.jp"]);
        assert_eq!(patterns_found(&m, "NISC: https://www.nisc.go.jp/"), [0, 1]);
        assert_eq!(
            patterns_found(&PhraseMatcher::new(["nisc"]), "https://www.nisc.go.jp/"),
            Vec::<usize>::new()
        );
    }

    #[test]
    fn empty_pattern_never_matches() {
        let m = PhraseMatcher::new(["", "a"]);
        assert_eq!(patterns_found(&m, "a b"), [1]);
    }
}
