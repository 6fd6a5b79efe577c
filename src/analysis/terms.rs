//! Terms as analysts read them, for discovery (characteristic and co-occurring terms): the
//! `terms` field's tokenizer.
//!
//! A term is an IPADIC noun, or a run of consecutive nouns joined into one compound (KH Coder's
//! 複合語): `生成` + `AI` → `生成AI`, `普及` + `啓発` → `普及啓発`. Within a run:
//! - a noun prefix (接頭詞,名詞接続: `新`, `再`) joins the noun after it;
//! - a noun suffix (名詞,接尾: `化`, `性`, `者`) joins the noun before it, never stands alone;
//! - an adverbial noun or adjectival stem (名詞,副詞可能: `今後`; 名詞,形容動詞語幹: `新た`,
//!   `重要`) counts only inside a compound with a noun;
//! - ASCII letters and digits written together are one word (`IoT`, `5G`, `Web3.0`, `IoT-SSF`,
//!   with `-` or `.` between two alphanumeric parts); they join compounds like any noun.
//!
//! A compound also counts the shorter runs of nouns inside it, up to [`MAX_PART_NOUNS`] nouns
//! (`普及啓発活動` counts for `普及啓発`, `啓発活動`, `普及`,
//! `啓発` and `活動` too, as term extractors that score both complex and simple nouns do): a topic
//! written in many compounds is then also seen as one term. A katakana run IPADIC does not know
//! stays one noun (`ユビキタスネットワーク`), except that `・` separates words.
//!
//! Left out: numerals (and the counter after them: `2023年`), pronouns, non-independent nouns
//! (`こと`, `ため`), symbols, words inside URLs, single characters (`国`, `G`), and [`STOP_TERMS`]
//! (era names, figure labels); `等` ends a compound rather than joining it. Words of the user dictionary (`経済産業省`) are nouns. Terms keep the case as
//! written (`IoT`), after normalisation.
//!
//! The tokenizer emits one token per term occurrence, so a fast field over it (`terms` in the
//! schema) lists each passage's terms with repeats: counts of occurrences and of passages come
//! from the index, without segmenting text again at query time.
//!
//! ```
//! use seisaku::analysis::{dictionary, terms};
//! let segmenter = dictionary::segmenter()?;
//! let found = terms::terms(&segmenter, "経済産業省は2023年度から生成AIとIoT-SSFの普及啓発を行う。");
//! let texts: Vec<&str> = found.iter().map(|t| t.text.as_str()).collect();
//! assert_eq!(texts, ["経済産業省", "生成AI", "生成", "AI", "IoT-SSF", "普及啓発", "普及", "啓発"]);
//! # Ok::<(), seisaku::Error>(())
//! ```
//!
//! Limits: compounds follow IPADIC's segmentation, so a noun run that crosses a word boundary the
//! dictionary misses (OCR noise, lists written without separators) becomes one long term; terms
//! longer than [`MAX_TERM_CHARS`] are dropped.

use std::rc::Rc;
use std::sync::{Arc, OnceLock};

use lindera::dictionary::Lattice;
use lindera::segmenter::Segmenter;
use rustc_hash::FxHashSet;
use tantivy::tokenizer::Tokenizer;

use super::memo::LastText;
use super::morph::{Morpheme, WordClass, segment};
use super::normalize::is_word_char;
use super::span::{Span, SpanTokenStream};
use super::url::{inside, url_spans};

/// Name under which the tokenizer is registered (for the `terms` fast field).
pub const TERMS_TOKENIZER: &str = "seisaku_terms";

/// Longest term kept, in characters (longer noun runs are lists or OCR noise, not words).
pub const MAX_TERM_CHARS: usize = 24;

/// Longest run of nouns inside a compound that also counts as a term (see the module docs).
const MAX_PART_NOUNS: usize = 3;

/// Nouns that are never terms on their own: era names and date words, generic placeholders and
/// document furniture. Inside a compound they stay (`令和元年` is dropped as a numeral run anyway).
pub const STOP_TERMS: &[&str] = &[
    "ほか",
    "など",
    "当該",
    "平成",
    "令和",
    "昭和",
    "年度",
    "時点",
    "期間",
    "図表",
    "資料",
    "参照",
    "出典",
    "備考",
    "以上",
    "以下",
    "未満",
    "場合",
    "一方",
    "全体",
    "部分",
    "関係",
    "関連",
    "対象",
    "状況",
    "結果",
    "取組",
    "取組み",
    "実施",
    "推進",
    "必要",
    "重要",
    "可能",
    "URL",
    "再掲",
];

/// Noun suffixes that end a compound instead of joining it (`メタバース等` is `メタバース`).
const ENDING_SUFFIXES: &[&str] = &["等", "など"];

/// What a morpheme may do in a compound.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    /// A noun: starts or continues a compound.
    Noun,
    /// An ASCII word (letters, possibly with digits): a noun.
    Ascii,
    /// 名詞,副詞可能 and adjectival stems: part of a compound, never a term alone.
    Dependent,
    /// 接頭詞,名詞接続: joins the noun after it.
    Prefix,
    /// 名詞,接尾: joins the noun before it.
    Suffix,
    /// A numeral: ends the compound, and the counter after it is dropped.
    Numeral,
    /// Anything else: ends the compound.
    Break,
}

/// One morpheme (or merged ASCII word) with its byte range and role.
#[derive(Debug, Clone, Copy)]
struct Unit {
    start: usize,
    end: usize,
    role: Role,
}

/// tantivy tokenizer emitting one token per term occurrence (see the module documentation).
pub struct TermsTokenizer {
    segmenter: Arc<Segmenter>,
    lattice: Lattice,
}

impl TermsTokenizer {
    /// A tokenizer over `segmenter` (see [`super::dictionary::segmenter`]).
    pub fn new(segmenter: Arc<Segmenter>) -> Self {
        Self { segmenter, lattice: Lattice::default() }
    }
}

impl Clone for TermsTokenizer {
    fn clone(&self) -> Self {
        Self::new(Arc::clone(&self.segmenter))
    }
}

impl Tokenizer for TermsTokenizer {
    type TokenStream<'a> = SpanTokenStream;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> SpanTokenStream {
        let spans = LAST.with(|last| {
            last.get_or(text, || Some(Rc::from(terms_with(&self.segmenter, &mut self.lattice, text))))
        });
        SpanTokenStream::new(spans.unwrap_or_else(|| Rc::from([])))
    }
}

thread_local! {
    /// The terms of the last text on this thread: tantivy tokenizes the `terms` field twice, for
    /// its postings and for its fast field.
    static LAST: LastText<[Span]> = const { LastText::new() };
}

/// The terms of `text` (normalised), in order, with their byte ranges.
pub fn terms(segmenter: &Segmenter, text: &str) -> Vec<Span> {
    terms_with(segmenter, &mut Lattice::default(), text)
}

fn terms_with(segmenter: &Segmenter, lattice: &mut Lattice, text: &str) -> Vec<Span> {
    let urls = url_spans(text);
    let morphemes = segment(segmenter, lattice, text);
    let mut pieces = Vec::with_capacity(morphemes.len());
    for morpheme in morphemes.iter() {
        units(text, morpheme, &mut pieces);
    }
    let mut units = merge_ascii(text, pieces);
    for unit in units.iter_mut().filter(|u| inside(&urls, &(u.start..u.end))) {
        unit.role = Role::Break;
    }
    compounds(text, &units)
}

fn is_ascii_alnum(text: &str) -> bool {
    !text.is_empty() && text.bytes().all(|b| b.is_ascii_alphanumeric())
}

/// Appends the units of a morpheme to `out`: itself with its role, or, for a katakana run IPADIC
/// did not know and kept whole across `・` (`セキュリティ・セーフティ`), its pieces with the dots
/// as breaks.
fn units(text: &str, morpheme: &Morpheme, out: &mut Vec<Unit>) {
    let (start, end) = (morpheme.start, morpheme.end);
    let surface = &text[start..end];
    let role = if is_ascii_alnum(surface) {
        if surface.bytes().all(|b| b.is_ascii_digit()) { Role::Numeral } else { Role::Ascii }
    } else if !surface.chars().any(is_word_char) {
        Role::Break
    } else {
        match morpheme.class {
            WordClass::Noun if surface.contains('・') => {
                let mut at = start;
                for piece in surface.split('・') {
                    if !piece.is_empty() {
                        out.push(Unit { start: at, end: at + piece.len(), role: Role::Noun });
                    }
                    at += piece.len() + '・'.len_utf8();
                }
                return;
            }
            WordClass::Noun => Role::Noun,
            WordClass::DependentNoun => Role::Dependent,
            WordClass::Suffix if ENDING_SUFFIXES.contains(&surface) => Role::Break,
            WordClass::Suffix => Role::Suffix,
            WordClass::Numeral => Role::Numeral,
            WordClass::Prefix => Role::Prefix,
            WordClass::Other => Role::Break,
        }
    };
    out.push(Unit { start, end, role });
}

/// Joins ASCII pieces written together into one word: digits before or after letters (`5G`),
/// and `-` or `.` between two alphanumeric pieces (`IoT-SSF`, `Web3.0`).
fn merge_ascii(text: &str, units: Vec<Unit>) -> Vec<Unit> {
    let ascii =
        |u: &Unit| matches!(u.role, Role::Ascii | Role::Numeral) && is_ascii_alnum(&text[u.start..u.end]);
    let joiner = |u: &Unit| matches!(&text[u.start..u.end], "-" | ".");
    let mut out: Vec<Unit> = Vec::with_capacity(units.len());
    let mut i = 0;
    while i < units.len() {
        let mut current = units[i];
        if ascii(&current) {
            let mut j = i + 1;
            loop {
                match (units.get(j), units.get(j + 1)) {
                    (Some(next), _) if ascii(next) && next.start == current.end => {
                        current.end = next.end;
                        j += 1;
                    }
                    (Some(mid), Some(next))
                        if joiner(mid)
                            && mid.start == current.end
                            && ascii(next)
                            && next.start == mid.end =>
                    {
                        current.end = next.end;
                        j += 2;
                    }
                    _ => break,
                }
            }
            let word = &text[current.start..current.end];
            current.role =
                if word.bytes().any(|b| b.is_ascii_alphabetic()) { Role::Ascii } else { Role::Numeral };
            i = j;
        } else {
            i += 1;
        }
        out.push(current);
    }
    out
}

/// Joins runs of nouns into compounds and keeps those that are terms.
fn compounds(text: &str, units: &[Unit]) -> Vec<Span> {
    let mut out = Vec::new();
    let mut run: Vec<Unit> = Vec::new();
    for unit in units {
        let contiguous = run.last().is_none_or(|last| last.end == unit.start);
        if !contiguous {
            flush(text, &mut run, &mut out);
        }
        match unit.role {
            Role::Noun | Role::Ascii | Role::Dependent => run.push(*unit),
            Role::Prefix => {
                flush(text, &mut run, &mut out);
                run.push(*unit);
            }
            Role::Suffix if run.iter().any(|u| u.role != Role::Prefix) => run.push(*unit),
            Role::Suffix | Role::Numeral | Role::Break => flush(text, &mut run, &mut out),
        }
    }
    flush(text, &mut run, &mut out);
    out
}

/// Emits the run as a term if it is one, with the shorter runs of nouns inside it, and empties
/// it. A run is an optional prefix followed by nouns, dependent nouns and suffixes; it is a term
/// when it holds a noun or ASCII word.
fn flush(text: &str, run: &mut Vec<Unit>, out: &mut Vec<Span>) {
    let core = |u: &Unit| matches!(u.role, Role::Noun | Role::Ascii);
    if let (Some(first), Some(last)) = (run.first(), run.last())
        && run.iter().any(core)
    {
        let term = &text[first.start..last.end];
        if is_term(term) {
            out.push(Span::new(first.start, last.end, term));
        }
        for i in 0..run.len() {
            for j in i + 1..=(i + MAX_PART_NOUNS).min(run.len()) {
                let part = &run[i..j];
                if part.len() == run.len() || !part.iter().all(core) {
                    continue;
                }
                let (start, end) = (part[0].start, part[part.len() - 1].end);
                let word = &text[start..end];
                if is_term(word) {
                    out.push(Span::new(start, end, word));
                }
            }
        }
    }
    run.clear();
}

/// False for single characters, stop terms and overlong runs.
fn is_term(term: &str) -> bool {
    static STOP: OnceLock<FxHashSet<&str>> = OnceLock::new();
    let chars = term.chars().count();
    (2..=MAX_TERM_CHARS).contains(&chars)
        && !STOP.get_or_init(|| STOP_TERMS.iter().copied().collect()).contains(term)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::dictionary::segmenter;
    use crate::analysis::normalize;

    fn texts(text: &str) -> Vec<String> {
        terms(&segmenter().unwrap(), &normalize(text)).into_iter().map(|s| s.text.into()).collect()
    }

    #[test]
    fn nouns_join_into_compounds() {
        assert_eq!(
            texts("個人情報保護委員会が生成AIの利用について注意喚起を行った"),
            ["個人情報保護委員会", "生成AI", "生成", "AI", "利用", "注意喚起", "注意", "喚起"]
        );
        assert_eq!(texts("メタバース等の活用"), ["メタバース", "活用"]);
        assert_eq!(texts("デジタル化"), ["デジタル化", "デジタル"]);
        assert_eq!(texts("普及啓発活動"), ["普及啓発活動", "普及", "普及啓発", "啓発", "啓発活動", "活動"]);
        assert_eq!(texts("セキュリティ・セーフティ・フレー・"), ["セキュリティ", "セーフティ", "フレー"]);
        assert_eq!(texts("(再掲)"), Vec::<String>::new());
    }

    #[test]
    fn ascii_words_stay_whole() {
        assert_eq!(
            texts("5Gセキュリティと IoT-SSF、Web3.0、ITU-T SG17"),
            ["5Gセキュリティ", "5G", "セキュリティ", "IoT-SSF", "Web3.0", "ITU-T", "SG17"]
        );
        assert_eq!(texts("ＩｏＴ機器"), ["IoT機器", "IoT", "機器"]);
        assert_eq!(texts("白書は https://www.soumu.go.jp/r05/datashu.html 参照"), ["白書"]);
    }

    #[test]
    fn numerals_symbols_and_stop_terms_are_left_out() {
        let found = texts("2023年度に3件、令和5年4月、図表1-2-3。これらのことを等しく");
        assert!(found.is_empty(), "{found:?}");
        assert_eq!(texts("デジタル化の推進等"), ["デジタル化", "デジタル"]);
        assert!(texts("今後の方針").contains(&"方針".to_owned()));
        assert!(!texts("今後の方針").contains(&"今後".to_owned()));
        assert_eq!(texts("新たな課題が重要"), ["課題"]);
    }

    #[test]
    fn offsets_are_the_terms_bytes() {
        let text = normalize("総務省は、ユビキタスネット社会を目指す");
        for span in terms(&segmenter().unwrap(), &text) {
            assert_eq!(&text[span.start..span.end], span.text);
        }
    }
}
