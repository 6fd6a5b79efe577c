//! Finding known phrases in normalised text: ministry names, theme keywords, query terms.
//!
//! [`PhraseMatcher`] wraps an Aho–Corasick automaton over the case-folded patterns and applies
//! the same word rule as the bigram field: a match must not cut a stretch of ASCII letters, nor
//! of ASCII digits, in two, so `5G` does not match inside `15G` or `5Gbps` and `NISC` not inside
//! `NISCA`, while `ICT` does inside `ICT21`. Matches are leftmost-longest and non-overlapping.
//!
//! ```
//! use seisaku::analysis::{fold, matcher::PhraseMatcher};
//! let m = PhraseMatcher::new(["総務省", "5G"]);
//! let text = fold("総務省は15Gと5Gを");
//! let found: Vec<usize> = m.find_iter(&text).map(|m| m.pattern).collect();
//! assert_eq!(found, [0, 1]);
//! ```

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};

use super::normalize::{fold, is_katakana, normalize};
use super::url::{inside, url_spans};
use super::variants::{Anchor, Spelling, is_numeral};

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
    /// Per pattern: where it may match ([`Anchor`]).
    anchors: Vec<Anchor>,
}

impl PhraseMatcher {
    /// Builds a matcher; patterns are normalised and case-folded like documents. Empty patterns
    /// never match.
    pub fn new<I, S>(patterns: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        Self::anchored(patterns.into_iter().map(|p| (p, Anchor::Anywhere)), None)
    }

    /// Like [`PhraseMatcher::new`], for a fixed set of patterns run over every passage of a
    /// corpus (the gazetteer's names): always a DFA, which is larger and slower to build than the
    /// NFA Aho–Corasick picks for more than 100 patterns, but faster to run.
    pub fn for_corpus<I, S>(patterns: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        Self::anchored(patterns.into_iter().map(|p| (p, Anchor::Anywhere)), Some(AhoCorasickKind::DFA))
    }

    /// Builds a matcher over a query's spellings, each matching only where its anchor allows
    /// (a spelling that must end a katakana word, a counter after a numeral).
    pub fn spellings<'a>(spellings: impl IntoIterator<Item = &'a Spelling>) -> Self {
        // Built for every query and run over a page of passages: the NFA that is quickest to
        // build (a DFA was 3 % of a rare query, the contiguous NFA, made from this one, 2 %).
        Self::anchored(
            spellings.into_iter().map(|s| (s.text.as_str(), s.anchor)),
            Some(AhoCorasickKind::NoncontiguousNFA),
        )
    }

    fn anchored<S: AsRef<str>>(
        patterns: impl IntoIterator<Item = (S, Anchor)>,
        kind: Option<AhoCorasickKind>,
    ) -> Self {
        let (patterns, anchors): (Vec<S>, Vec<Anchor>) = patterns.into_iter().unzip();
        let folded: Vec<String> =
            patterns.iter().map(|p| fold(&normalize(p.as_ref())).into_owned()).collect();
        let automaton = AhoCorasickBuilder::new()
            .match_kind(MatchKind::LeftmostLongest)
            .kind(kind)
            .build(folded.iter().map(|p| if p.is_empty() { "\u{0}" } else { p.as_str() }))
            .expect("phrase patterns are plain strings well within Aho-Corasick limits");
        let is_url = folded.iter().map(|p| !url_spans(p).is_empty()).collect();
        Self { automaton, is_url, anchors }
    }

    /// Iterates over matches in `folded_text`, which must already be case-folded with [`fold`].
    pub fn find_iter<'a>(&'a self, folded_text: &'a str) -> impl Iterator<Item = PhraseMatch> + 'a {
        let urls = url_spans(folded_text);
        self.automaton
            .find_iter(folded_text)
            .filter(move |m| word_bounded(folded_text, m.start(), m.end()))
            .filter(move |m| self.is_url[m.pattern().as_usize()] || !inside(&urls, &m.range()))
            .filter(move |m| anchored(folded_text, m.start(), m.end(), self.anchors[m.pattern().as_usize()]))
            .map(|m| PhraseMatch { start: m.start(), end: m.end(), pattern: m.pattern().as_usize() })
    }
}

/// True when a match at `start..end` stands where `anchor` allows.
fn anchored(text: &str, start: usize, end: usize, anchor: Anchor) -> bool {
    match anchor {
        Anchor::Anywhere => true,
        Anchor::WordEnd => !text[end..].chars().next().is_some_and(is_katakana),
        Anchor::AfterNumeral => text[..start].chars().next_back().is_some_and(is_numeral),
    }
}

/// True when the match cuts no stretch of ASCII letters, nor of ASCII digits, in two (the
/// bigram field's ASCII tokens: `ICT` matches in `ICT21`, `5G` neither in `15G` nor `5Gbps`).
fn word_bounded(text: &str, start: usize, end: usize) -> bool {
    let bytes = text.as_bytes();
    let same_stretch = |a: u8, b: u8| {
        (a.is_ascii_alphabetic() && b.is_ascii_alphabetic()) || (a.is_ascii_digit() && b.is_ascii_digit())
    };
    let cuts_before = start > 0 && same_stretch(bytes[start - 1], bytes[start]);
    let cuts_after = end < bytes.len() && end > 0 && same_stretch(bytes[end - 1], bytes[end]);
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
        let m = PhraseMatcher::new(["ICT", "5G"]);
        assert_eq!(patterns_found(&m, "ICT21 15G 5Gbps 5G"), [0, 1]);
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
    fn anchored_spellings() {
        let m = PhraseMatcher::spellings(&[
            Spelling { text: "サーバ".into(), anchor: Anchor::WordEnd },
            Spelling { text: "カ所".into(), anchor: Anchor::AfterNumeral },
        ]);
        assert_eq!(patterns_found(&m, "サーバント サーバ管理 サーバ"), [0, 0]);
        assert_eq!(patterns_found(&m, "カ所 3カ所 数カ所"), [1, 1]);
    }

    #[test]
    fn empty_pattern_never_matches() {
        let m = PhraseMatcher::new(["", "a"]);
        assert_eq!(patterns_found(&m, "a b"), [1]);
    }
}
