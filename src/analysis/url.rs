//! URLs in text. Their ASCII words (`www`, `nisc`, `go`, `jp`) are not words of the text:
//! a white paper citing `https://www.nisc.go.jp/…` in a footnote does not *say* NISC. Both
//! tokenizers' callers and the phrase matcher treat words inside URLs apart, so `NISC` does not
//! match a URL while a query that is itself a URL (`www.nisc.go.jp`) does.
//!
//! A URL starts with `http://`, `https://` or `www.` and runs over printable ASCII up to white
//! space or the first non-ASCII character.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

static URL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)(?:https?://|www\.)[!-~]+").expect("valid regex"));

/// Byte ranges of the URLs in `text`, in order.
pub fn url_spans(text: &str) -> Vec<Range<usize>> {
    URL.find_iter(text).map(|m| m.range()).collect()
}

/// True when `range` lies inside one of `spans`.
pub fn inside(spans: &[Range<usize>], range: &Range<usize>) -> bool {
    spans.iter().any(|s| s.start <= range.start && range.end <= s.end)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_urls_up_to_space_or_japanese() {
        let text = "参照:http://www.nisc.go.jp/active/ 及び WWW.Soumu.go.jp。NISCは";
        let spans: Vec<&str> = url_spans(text).into_iter().map(|r| &text[r]).collect();
        assert_eq!(spans, ["http://www.nisc.go.jp/active/", "WWW.Soumu.go.jp"]);
    }
}
