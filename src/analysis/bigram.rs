//! The recall tokenizer: overlapping CJK character bigrams with consecutive positions, plus one
//! token per ASCII letter/digit run (the Groonga scheme), so that every substring of the
//! normalised text can be found by a phrase query.
//!
//! # Document side ([`BigramTokenizer`])
//!
//! A run of non-ASCII letters or digits `c0 c1 … cn-1` emits `c0c1, c1c2, …, cn-2cn-1` and then
//! the single character `cn-1` that closes the run, at consecutive positions, so every character
//! starts exactly one token. A run of ASCII letters and digits emits one lower-cased token per
//! stretch of letters or of digits (`ICT21` → `ict` `21`, so `ICT` finds `ICT21マスタープラン`
//! while `5G` → `5` `g` still finds neither `15G` nor `5Gbps`). Spaces, punctuation and symbols
//! emit nothing and do not advance the position.
//!
//! Where a katakana word of two or more characters ends inside a run (or closes it), a marker
//! token `<last character>>` is stacked at the position of the token that starts with that last
//! character: `サーバを` → `サー ーバ バを+バ> を`. A query form that must end a katakana word
//! (the spelling variant `サーバ` of `サーバー`, which must not match `サーバント`) adds the
//! marker to its phrase ([`word_end_marker`]); every other query ignores the markers.
//!
//! ```text
//! "5Gネットワークの総務省" → 5 g ネッ ット トワ ワー ーク クの+ク> の総 総務 務省 省
//! ```
//!
//! # Query side ([`query_tokens`])
//!
//! A query term is tokenised the same way, except at the end of a CJK run:
//! - if another run follows inside the term, the closing single character is emitted too (the
//!   text's run must end there as well: `変化5G` → `変化 化 5 g`);
//! - if the run ends the term, it is not (the text's run may go on: `ローカ` → `ロー ーカ`
//!   matches inside `ローカル`), and a one-character run at the end becomes a *prefix*
//!   (`IoT化` → `iot`, `化*`), since the text's token there is a bigram starting with it.
//!
//! # URLs
//!
//! ASCII runs inside a URL (see [`super::url`]) are emitted with a [`URL_MARK`] prefix
//! (`@nisc`), on both sides: `NISC` does not match a footnote's `https://www.nisc.go.jp/`, but the
//! query `www.nisc.go.jp` does.
//!
//! Limits: ASCII matching is by whole stretches of letters or digits (`SSF` finds `IoT-SSF`,
//! `SS` does not), and ASCII runs longer than [`MAX_ASCII_TOKEN_CHARS`] are skipped on both sides.

use compact_str::CompactString;
use tantivy::tokenizer::Tokenizer;

use super::normalize::{is_katakana, is_word_char};
use super::span::{Span, SpanTokenStream};
use super::url::{inside, url_spans};

/// Name under which the tokenizer is registered on a tantivy index.
pub const BIGRAM_TOKENIZER: &str = "seisaku_bigram";

/// Longest ASCII run indexed as a token; longer runs (base64 blobs, hashes) are skipped.
pub const MAX_ASCII_TOKEN_CHARS: usize = 64;

/// Prefix of tokens made from ASCII runs inside URLs.
pub const URL_MARK: char = '@';

/// Suffix of the marker token that says "a katakana word ends with this character here"
/// (`バ>`), stacked at the position of the token that starts with that character.
pub const KATAKANA_END: char = '>';

/// Character classes that decide where runs start and end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    Ascii,
    Cjk,
    Separator,
}

fn classify(c: char) -> Class {
    if c.is_ascii_alphanumeric() {
        Class::Ascii
    } else if !c.is_ascii() && is_word_char(c) {
        Class::Cjk
    } else {
        Class::Separator
    }
}

/// A maximal run of same-class characters: byte range and class.
#[derive(Debug, Clone, Copy)]
struct Run {
    start: usize,
    end: usize,
    class: Class,
}

/// Splits `text` into ASCII and CJK runs, skipping separators.
fn runs(text: &str) -> impl Iterator<Item = Run> + '_ {
    let mut chars = text.char_indices().peekable();
    std::iter::from_fn(move || {
        loop {
            let (start, c) = chars.next()?;
            let class = classify(c);
            if class == Class::Separator {
                continue;
            }
            let mut end = start + c.len_utf8();
            while let Some(&(i, next)) = chars.peek() {
                if classify(next) != class {
                    break;
                }
                end = i + next.len_utf8();
                chars.next();
            }
            return Some(Run { start, end, class });
        }
    })
}

/// Emits the tokens of one run; `close` says whether a CJK run emits its closing single char,
/// `in_url` whether an ASCII run lies inside a URL.
fn run_grams(text: &str, run: Run, close: bool, in_url: bool, out: &mut Vec<Span>) {
    let slice = &text[run.start..run.end];
    match run.class {
        Class::Ascii => {
            if slice.len() > MAX_ASCII_TOKEN_CHARS {
                return;
            }
            // Letters and digits apart: `ICT21` is `ict` `21`, so `ICT` finds it.
            let mut start = 0;
            for (i, pair) in slice.as_bytes().windows(2).enumerate() {
                if pair[0].is_ascii_digit() != pair[1].is_ascii_digit() {
                    push_ascii(slice, start..i + 1, run.start, in_url, out);
                    start = i + 1;
                }
            }
            push_ascii(slice, start..slice.len(), run.start, in_url, out);
        }
        Class::Cjk => {
            let chars: Vec<(usize, char)> = slice.char_indices().map(|(i, c)| (run.start + i, c)).collect();
            let end_of = |k: usize| chars.get(k + 1).map_or(run.end, |(i, _)| *i);
            let mut katakana_run = 0usize;
            for k in 0..chars.len() {
                let (at, c) = chars[k];
                let last = k + 1 == chars.len();
                if !last {
                    out.push(Span::new(at, end_of(k + 1), &text[at..end_of(k + 1)]));
                } else if close {
                    out.push(Span::new(at, run.end, &text[at..run.end]));
                }
                katakana_run = if is_katakana(c) { katakana_run + 1 } else { 0 };
                let word_ends = last || !chars.get(k + 1).is_some_and(|(_, n)| is_katakana(*n));
                if katakana_run >= 2 && word_ends && (!last || close) {
                    let mut marker = CompactString::default();
                    marker.push(c);
                    marker.push(KATAKANA_END);
                    out.push(Span::new(at, end_of(k), marker).stacked());
                }
            }
        }
        Class::Separator => {}
    }
}

/// Pushes the ASCII token `slice[range]` (lower-cased, marked when inside a URL).
fn push_ascii(slice: &str, range: std::ops::Range<usize>, offset: usize, in_url: bool, out: &mut Vec<Span>) {
    let mut token = CompactString::default();
    if in_url {
        token.push(URL_MARK);
    }
    token.push_str(&slice[range.clone()]);
    token.make_ascii_lowercase();
    out.push(Span::new(offset + range.start, offset + range.end, token));
}

/// Document-side tokens of `text` (already normalised), in position order.
pub fn document_grams(text: &str) -> Vec<Span> {
    let urls = url_spans(text);
    let mut out = Vec::with_capacity(text.len() / 2);
    for run in runs(text) {
        run_grams(text, run, true, inside(&urls, &(run.start..run.end)), &mut out);
    }
    out
}

/// A query token: either an exact term or, for the last token only, a prefix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum QueryGram {
    /// The token must equal this text.
    Exact(String),
    /// The token must start with this text (a single CJK character ending the term).
    Prefix(String),
}

/// Query-side tokens of one normalised, case-folded query term (see the module docs).
pub fn query_tokens(term: &str) -> Vec<QueryGram> {
    let urls = url_spans(term);
    let all: Vec<Run> = runs(term).collect();
    let mut out = Vec::new();
    for (i, run) in all.iter().enumerate() {
        let is_last = i + 1 == all.len();
        let single = run.class == Class::Cjk && term[run.start..run.end].chars().nth(1).is_none();
        if is_last && single {
            out.push(QueryGram::Prefix(term[run.start..run.end].to_owned()));
            continue;
        }
        let mut grams = Vec::new();
        run_grams(term, *run, !is_last, inside(&urls, &(run.start..run.end)), &mut grams);
        // Katakana word-end markers add nothing a phrase of the term's own bigrams does not
        // already pin down; a form that must end a word asks for one ([`word_end_marker`]).
        out.extend(grams.into_iter().filter(|g| !g.stacked).map(|g| QueryGram::Exact(g.text.into())));
    }
    out
}

/// The marker token that follows a term's tokens when the term must end a katakana word
/// (`サーバ` not in `サーバント`), or `None` when the term does not end with a katakana word of
/// two or more characters.
pub fn word_end_marker(term: &str) -> Option<QueryGram> {
    let mut chars = term.chars().rev();
    let last = chars.next().filter(|c| is_katakana(*c))?;
    chars.next().filter(|c| is_katakana(*c))?;
    Some(QueryGram::Exact(format!("{last}{KATAKANA_END}")))
}

/// tantivy tokenizer for the `text_bigram` field; see the module documentation.
#[derive(Clone, Default)]
pub struct BigramTokenizer;

impl Tokenizer for BigramTokenizer {
    type TokenStream<'a> = SpanTokenStream;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> SpanTokenStream {
        SpanTokenStream::new(document_grams(text))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::tokenizer::TokenStream;

    fn texts(text: &str) -> Vec<String> {
        document_grams(text).into_iter().map(|g| g.text.into()).collect()
    }

    #[test]
    fn document_side_bigrams_and_ascii_runs() {
        assert_eq!(
            texts("5Gネットワークの総務省"),
            ["5", "g", "ネッ", "ット", "トワ", "ワー", "ーク", "クの", "ク>", "の総", "総務", "務省", "省"]
        );
        assert_eq!(texts("IoT-SSF"), ["iot", "ssf"]);
        assert_eq!(texts("ICT21 G7 ISO/IEC 27001"), ["ict", "21", "g", "7", "iso", "iec", "27001"]);
        assert_eq!(texts("省"), ["省"]);
        assert_eq!(texts("「・」、。 "), Vec::<String>::new());
    }

    #[test]
    fn offsets_are_byte_ranges_on_char_boundaries() {
        let text = "ITU-T SG17 において";
        for g in document_grams(text) {
            assert_eq!(&text[g.start..g.end].to_ascii_lowercase(), &g.text);
        }
    }

    #[test]
    fn positions_are_consecutive_and_markers_are_stacked() {
        let mut tokenizer = BigramTokenizer;
        let mut stream = tokenizer.token_stream("日英 サイバー協議 ITU-T");
        let mut tokens = Vec::new();
        while stream.advance() {
            tokens.push((stream.token().text.clone(), stream.token().position));
        }
        let expected = [
            ("日英", 0),
            ("英", 1),
            ("サイ", 2),
            ("イバ", 3),
            ("バー", 4),
            ("ー協", 5),
            ("ー>", 5),
            ("協議", 6),
            ("議", 7),
            ("itu", 8),
            ("t", 9),
        ];
        assert_eq!(tokens, expected.map(|(t, p)| (t.to_owned(), p)));
    }

    #[test]
    fn katakana_word_ends_are_marked() {
        assert_eq!(texts("サーバを"), ["サー", "ーバ", "バを", "バ>", "を"]);
        assert_eq!(texts("サーバント"), ["サー", "ーバ", "バン", "ント", "ト", "ト>"]);
        assert_eq!(
            texts("サーバ・クライアント"),
            ["サー", "ーバ", "バ", "バ>", "クラ", "ライ", "イア", "アン", "ント", "ト", "ト>"]
        );
        assert_eq!(texts("ヶ所"), ["ヶ所", "所"], "one katakana character is no word");
        assert_eq!(word_end_marker("サーバ"), Some(QueryGram::Exact("バ>".into())));
        assert_eq!(word_end_marker("iotサーバ"), Some(QueryGram::Exact("バ>".into())));
        assert_eq!(word_end_marker("サーバ管理"), None);
        assert_eq!(word_end_marker("ヶ"), None);
    }

    #[test]
    fn query_side_closing_and_prefix_rules() {
        use QueryGram::{Exact, Prefix};
        let e = |s: &str| Exact(s.to_owned());
        assert_eq!(query_tokens("変化5g"), [e("変化"), e("化"), e("5"), e("g")]);
        assert_eq!(query_tokens("ローカ"), [e("ロー"), e("ーカ")]);
        assert_eq!(query_tokens("iot化"), [e("iot"), Prefix("化".into())]);
        assert_eq!(query_tokens("省"), [Prefix("省".into())]);
        assert_eq!(query_tokens("iot-ssf"), [e("iot"), e("ssf")]);
        assert_eq!(query_tokens("5g"), [e("5"), e("g")]);
        assert_eq!(query_tokens("サーバ管理"), [e("サー"), e("ーバ"), e("バ管"), e("管理")], "no markers");
        assert_eq!(query_tokens("・・"), []);
    }

    #[test]
    fn ascii_words_in_urls_are_marked_on_both_sides() {
        assert_eq!(texts("NISC(https://www.nisc.go.jp/)"), ["nisc", "@https", "@www", "@nisc", "@go", "@jp"]);
        let e = |s: &str| QueryGram::Exact(s.to_owned());
        assert_eq!(query_tokens("www.nisc.go.jp"), [e("@www"), e("@nisc"), e("@go"), e("@jp")]);
        assert_eq!(query_tokens("nisc"), [e("nisc")]);
    }

    #[test]
    fn query_tokens_of_a_whole_text_match_its_document_tokens_except_the_close() {
        // A term that is a whole text produces the document's tokens minus the final closing
        // single character (it may continue in other texts).
        for s in ["サイバーセキュリティ", "IoTセキュリティ・セーフティ", "個人情報保護委員会"]
        {
            let s = s.to_ascii_lowercase();
            let doc: Vec<String> =
                document_grams(&s).into_iter().filter(|g| !g.stacked).map(|g| g.text.into()).collect();
            let query: Vec<String> = query_tokens(&s)
                .into_iter()
                .map(|q| match q {
                    QueryGram::Exact(t) | QueryGram::Prefix(t) => t,
                })
                .collect();
            assert_eq!(query[..], doc[..doc.len() - 1], "{s}");
        }
    }
}
