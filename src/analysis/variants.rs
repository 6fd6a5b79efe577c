//! Orthographic variants (表記ゆれ): the other spellings of a query term.
//!
//! Spelling changed over the years and differs between ministries: コンピュータ / コンピューター,
//! 取組 / 取り組み / 取組み, 附属 / 付属, 3箇所 / 3か所 / 3カ所. [`Variants::expand`] gives a query term's
//! other spellings, from `dictionaries/variants.toml` (its header names the sources) and three
//! rules:
//!
//! 1. **Long-vowel mark at a katakana word's end** (外来語の表記, JIS Z 8301): a word of three or
//!    more morae may drop or take a final `ー` (サーバー ↔ サーバ, セキュリティ → セキュリティー), at
//!    the end of a katakana run or where IPADIC ends a word inside one (コンピューターウイルス ↔
//!    コンピュータウイルス). A spelling made shorter this way at the end of the term must end a
//!    katakana word ([`Anchor::WordEnd`]): サーバ, as a variant of サーバー, does not match サーバント.
//! 2. **ヴ**: ヴァ/ヴィ/ヴ/ヴェ/ヴォ ↔ バ/ビ/ブ/ベ/ボ (one syllable per term for the reverse direction).
//! 3. **Listed groups** (katakana words that vary inside, okurigana, kanji choices) wherever one of
//!    their forms occurs in the term (取組状況 → 取り組み状況); **counters** after a numeral
//!    (3カ所 → 3箇所, and a bare counter カ所 → 箇所 after any numeral, [`Anchor::AfterNumeral`]);
//!    **old character forms** of the 常用漢字表 (国 ↔ 國), all characters of a spelling at once.
//!
//! The index is not touched: variants are a query-side expansion, like the lexicon, so `--exact`
//! still means "this substring", and the variant data can change without reindexing.
//!
//! ```
//! use seisaku::analysis::variants::{Anchor, Variants};
//! let variants = Variants::bundled().unwrap();
//! let spellings = variants.expand("サーバー", &[]);
//! assert!(spellings.iter().any(|s| s.text == "サーバ" && s.anchor == Anchor::WordEnd));
//! let spellings = variants.expand("取組", &[]);
//! assert!(spellings.iter().any(|s| s.text == "取り組み"));
//! ```

use std::collections::{HashMap, HashSet};

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use serde::Deserialize;

use super::normalize::{is_katakana, normalize};
use crate::error::{Error, Result};

/// The bundled `dictionaries/variants.toml`.
pub const VARIANTS_TOML: &str = include_str!("../../dictionaries/variants.toml");

/// Most spellings a term expands to (beyond the term itself); the first ones generated win.
pub const MAX_SPELLINGS: usize = 16;

/// Where a spelling may match in a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Anchor {
    /// Anywhere (a substring).
    #[default]
    Anywhere,
    /// Only where a katakana word ends with it (not followed by another katakana character).
    WordEnd,
    /// Only right after a numeral (0–9, 〇一二三四五六七八九十百千, 何, 数, 幾): a counter.
    AfterNumeral,
}

/// One spelling of a query term.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Spelling {
    /// The spelling (normalised).
    pub text: String,
    /// Where it may match.
    pub anchor: Anchor,
}

impl Spelling {
    /// A spelling that matches anywhere.
    pub fn anywhere(text: impl Into<String>) -> Self {
        Self { text: text.into(), anchor: Anchor::Anywhere }
    }
}

/// Kanji that count things before a counter (三箇所, 何か所, 数カ所), besides the digits.
pub const KANJI_NUMERALS: &str = "〇一二三四五六七八九十百千何数幾";

/// True for the characters that count things before a counter (3カ所, 三箇所, 何か所, 数カ所).
pub fn is_numeral(c: char) -> bool {
    c.is_ascii_digit() || KANJI_NUMERALS.contains(c)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct VariantsFile {
    v_sounds: Vec<[String; 2]>,
    katakana: Vec<Vec<String>>,
    okurigana: Vec<Vec<String>>,
    kanji: Vec<Vec<String>>,
    counters: Vec<String>,
    old_forms: String,
}

/// What a listed form is.
#[derive(Debug, Clone, Copy, Default)]
struct FormRole {
    /// The group it belongs to.
    group: Option<usize>,
    /// It is a counter.
    counter: bool,
}

/// The variant data, ready to expand terms.
#[derive(Debug, Clone)]
pub struct Variants {
    groups: Vec<Vec<String>>,
    counters: Vec<String>,
    forms: Vec<String>,
    roles: Vec<FormRole>,
    automaton: AhoCorasick,
    /// (ヴ spelling, plain spelling).
    v_sounds: Vec<(String, String)>,
    /// New character → its old forms.
    old_of: HashMap<char, Vec<char>>,
    /// Old character → its new form.
    new_of: HashMap<char, char>,
}

impl Variants {
    /// The bundled variant data.
    pub fn bundled() -> Result<Self> {
        Self::from_toml(VARIANTS_TOML)
    }

    /// Parses and checks variant data: every form belongs to one group, groups have two or
    /// more different forms, old forms come in pairs of two different characters.
    pub fn from_toml(text: &str) -> Result<Self> {
        let invalid = |message: String| Error::Config { path: "dictionaries/variants.toml".into(), message };
        let file: VariantsFile = toml::from_str(text).map_err(|err| invalid(err.to_string()))?;
        let groups: Vec<Vec<String>> = [file.katakana, file.okurigana, file.kanji]
            .into_iter()
            .flatten()
            .map(|group| group.iter().map(|f| normalize(f.trim())).collect())
            .collect();
        let counters: Vec<String> = file.counters.iter().map(|f| normalize(f.trim())).collect();
        let mut index: HashMap<String, FormRole> = HashMap::new();
        for (g, group) in groups.iter().enumerate() {
            let distinct: HashSet<&String> = group.iter().collect();
            if distinct.len() < 2 || distinct.len() != group.len() || group.iter().any(String::is_empty) {
                return Err(invalid(format!("group {group:?} needs two or more different forms")));
            }
            for form in group {
                let role = index.entry(form.clone()).or_default();
                if role.group.is_some() {
                    return Err(invalid(format!("{form:?} is in two groups")));
                }
                role.group = Some(g);
            }
        }
        for form in &counters {
            index.entry(form.clone()).or_default().counter = true;
        }
        let (forms, roles): (Vec<String>, Vec<FormRole>) = index.into_iter().unzip();
        let automaton = AhoCorasickBuilder::new()
            .match_kind(MatchKind::LeftmostLongest)
            .build(&forms)
            .map_err(|err| invalid(err.to_string()))?;
        let mut old_of: HashMap<char, Vec<char>> = HashMap::new();
        let mut new_of = HashMap::new();
        for pair in file.old_forms.split_whitespace() {
            let chars: Vec<char> = pair.chars().collect();
            let [old, new] = chars[..] else {
                return Err(invalid(format!("old_forms: {pair:?} is not an old/new pair of characters")));
            };
            if old == new {
                return Err(invalid(format!("old_forms: {pair:?} pairs a character with itself")));
            }
            old_of.entry(new).or_default().push(old);
            new_of.insert(old, new);
        }
        let v_sounds = file.v_sounds.into_iter().map(|[v, b]| (v, b)).collect();
        Ok(Self { groups, counters, forms, roles, automaton, v_sounds, old_of, new_of })
    }

    /// Number of listed groups.
    pub fn groups(&self) -> &[Vec<String>] {
        &self.groups
    }

    /// The other spellings of `term` (normalised text), without `term` itself, at most
    /// [`MAX_SPELLINGS`]. `word_ends` are the byte offsets in `term` where IPADIC ends a word
    /// (used for katakana compounds; may be empty).
    pub fn expand(&self, term: &str, word_ends: &[usize]) -> Vec<Spelling> {
        let typed = Spelling::anywhere(term);
        let mut out: Vec<Spelling> = vec![typed.clone()];
        let mut seen: HashSet<(String, Anchor)> = HashSet::from([(term.to_owned(), Anchor::Anywhere)]);
        let mut add = |spelling: Spelling, out: &mut Vec<Spelling>| {
            if out.len() <= MAX_SPELLINGS && seen.insert((spelling.text.clone(), spelling.anchor)) {
                out.push(spelling);
            }
        };
        for spelling in long_vowel_spellings(term, word_ends) {
            add(spelling, &mut out);
        }
        for base in out.clone() {
            for spelling in self.listed_spellings(&base) {
                add(spelling, &mut out);
            }
        }
        for base in out.clone() {
            for spelling in self.v_sound_spellings(&base).into_iter().chain(self.old_form_spellings(&base)) {
                add(spelling, &mut out);
            }
        }
        out.retain(|s| *s != typed);
        out
    }

    /// Spellings from the listed groups and counters found in `base`.
    fn listed_spellings(&self, base: &Spelling) -> Vec<Spelling> {
        let text = base.text.as_str();
        // Pieces of the text: fixed text, or a choice among a group's forms.
        let mut pieces: Vec<Vec<String>> = Vec::new();
        let mut bare_counter: Option<usize> = None;
        let mut last = 0;
        for m in self.automaton.find_iter(text) {
            let form = &self.forms[m.pattern().as_usize()];
            let role = self.roles[m.pattern().as_usize()];
            let after_numeral = text[..m.start()].chars().next_back().is_some_and(is_numeral);
            let choices: Vec<String> = if role.counter && after_numeral {
                self.counters.clone()
            } else if let Some(g) = role.group {
                self.groups[g].clone()
            } else {
                Vec::new()
            };
            if role.counter && m.start() == 0 {
                bare_counter = Some(m.end());
            }
            if choices.is_empty() {
                continue;
            }
            pieces.push(vec![text[last..m.start()].to_owned()]);
            // The form as written first, so that the first combination is the base itself.
            let mut ordered = vec![form.clone()];
            ordered.extend(choices.into_iter().filter(|c| c != form));
            pieces.push(ordered);
            last = m.end();
        }
        pieces.push(vec![text[last..].to_owned()]);
        let mut out: Vec<Spelling> = combinations(&pieces, MAX_SPELLINGS + 1)
            .into_iter()
            .skip(1)
            .map(|text| Spelling { text, anchor: base.anchor })
            .collect();
        if let Some(end) = bare_counter {
            // A counter that starts the term counts after a numeral the text has before it.
            let (written, rest) = text.split_at(end);
            out.extend(
                self.counters
                    .iter()
                    .filter(|c| *c != written)
                    .map(|c| Spelling { text: format!("{c}{rest}"), anchor: Anchor::AfterNumeral }),
            );
        }
        out
    }

    /// ヴ spellings written plain (ヴァーチャル → バーチャル), and the plain syllable of a term that
    /// has exactly one written with ヴ (バーチャル → ヴァーチャル).
    fn v_sound_spellings(&self, base: &Spelling) -> Vec<Spelling> {
        let mut out = Vec::new();
        if base.text.contains('ヴ') {
            let mut plain = base.text.clone();
            for (v, b) in &self.v_sounds {
                plain = plain.replace(v.as_str(), b);
            }
            out.push(Spelling { text: plain, anchor: base.anchor });
            return out;
        }
        let chars: Vec<char> = base.text.chars().collect();
        let katakana_at = |i: usize| {
            let before = i.checked_sub(1).and_then(|j| chars.get(j)).is_some_and(|c| is_katakana(*c));
            let after = chars.get(i + 1).is_some_and(|c| is_katakana(*c));
            before || after
        };
        let mut found: Vec<(usize, &str, &str)> = Vec::new();
        for (v, b) in &self.v_sounds {
            for (at, _) in base.text.match_indices(b.as_str()) {
                let i = base.text[..at].chars().count();
                if katakana_at(i) && !found.iter().any(|(a, _, _)| *a == at) {
                    found.push((at, b.as_str(), v.as_str()));
                }
            }
        }
        if let [(at, b, v)] = found[..] {
            let text = format!("{}{v}{}", &base.text[..at], &base.text[at + b.len()..]);
            out.push(Spelling { text, anchor: base.anchor });
        }
        out
    }

    /// The spelling with every character in its old form (国家 → 國家), and with every old form
    /// made new (國家 → 国家).
    fn old_form_spellings(&self, base: &Spelling) -> Vec<Spelling> {
        let old: String = base
            .text
            .chars()
            .map(|c| self.old_of.get(&c).and_then(|o| o.first()).copied().unwrap_or(c))
            .collect();
        let new: String = base.text.chars().map(|c| self.new_of.get(&c).copied().unwrap_or(c)).collect();
        [old, new]
            .into_iter()
            .filter(|t| *t != base.text)
            .map(|text| Spelling { text, anchor: base.anchor })
            .collect()
    }
}

/// Every way of choosing one string per piece, in order (the first choices first), at most `max`.
fn combinations(pieces: &[Vec<String>], max: usize) -> Vec<String> {
    let mut out = vec![String::new()];
    for choices in pieces {
        let mut next = Vec::with_capacity(out.len() * choices.len());
        'outer: for prefix in &out {
            for choice in choices {
                if next.len() == max {
                    break 'outer;
                }
                next.push(format!("{prefix}{choice}"));
            }
        }
        out = next;
    }
    out
}

/// Small kana that join the previous character into one mora.
fn is_small(c: char) -> bool {
    "ァィゥェォャュョヮ".contains(c)
}

/// Morae of a katakana word (`ー`, `ッ` and `ン` count; small kana do not).
fn morae(word: &[char]) -> usize {
    word.iter().filter(|c| !is_small(**c)).count()
}

/// Word endings that may take a long-vowel mark: the a- and i-rows (English -er, -or, -ar, -y:
/// コンピュータ, サーバ, メモリ, セキュリティ).
fn may_lengthen(c: char) -> bool {
    "アカガサザタダナハバパマヤラワイキギシジチヂニヒビピミリィ".contains(c)
}

/// Spellings of `term` with the final `ー` of its katakana words dropped or added.
fn long_vowel_spellings(term: &str, word_ends: &[usize]) -> Vec<Spelling> {
    let chars: Vec<(usize, char)> = term.char_indices().collect();
    let ends: HashSet<usize> = word_ends.iter().copied().collect();
    // Toggle points: (char index after the word, word start char index).
    let mut points: Vec<(usize, usize)> = Vec::new();
    let mut word_start: Option<usize> = None;
    for (i, &(_, c)) in chars.iter().enumerate() {
        if !is_katakana(c) {
            word_start = None;
            continue;
        }
        let start = *word_start.get_or_insert(i);
        let next = chars.get(i + 1);
        let byte_end = next.map_or(term.len(), |(b, _)| *b);
        let run_ends = !next.is_some_and(|(_, n)| is_katakana(*n));
        if run_ends || ends.contains(&byte_end) {
            points.push((i + 1, start));
            word_start = if run_ends { None } else { Some(i + 1) };
        }
    }
    let letters: Vec<char> = chars.iter().map(|(_, c)| *c).collect();
    // For each point, how the word ends may change: (point, Some(drop) | None (add)).
    let mut edits: Vec<(usize, bool)> = Vec::new();
    for &(end, start) in &points {
        let word = &letters[start..end];
        match word.last() {
            Some('ー') if morae(&word[..word.len() - 1]) >= 3 => edits.push((end, true)),
            Some(&last) if last != 'ー' && may_lengthen(last) && morae(word) >= 3 => {
                edits.push((end, false))
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    // Every subset of the edits, in order of size (one edit at a time first), capped.
    let n = edits.len().min(4);
    let mut masks: Vec<u32> = (1..(1u32 << n)).collect();
    masks.sort_by_key(|m| m.count_ones());
    for mask in masks {
        let mut text = String::with_capacity(term.len() + 6);
        let mut shortened_end = false;
        for (i, &c) in letters.iter().enumerate() {
            let edit = edits.iter().enumerate().find(|(k, (end, _))| mask & (1 << k) != 0 && *end == i + 1);
            match edit {
                Some((_, &(end, true))) => {
                    // Drop this ー.
                    if end == letters.len() {
                        shortened_end = true;
                    }
                }
                Some((_, &(_, false))) => {
                    text.push(c);
                    text.push('ー');
                }
                None => text.push(c),
            }
        }
        let anchor = if shortened_end { Anchor::WordEnd } else { Anchor::Anywhere };
        out.push(Spelling { text, anchor });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(spellings: &[Spelling]) -> Vec<(&str, Anchor)> {
        spellings.iter().map(|s| (s.text.as_str(), s.anchor)).collect()
    }

    #[test]
    fn the_bundled_data_loads() {
        let v = Variants::bundled().unwrap();
        assert!(v.groups().len() >= 300, "{} groups", v.groups().len());
    }

    #[test]
    fn a_final_long_vowel_mark_is_optional_at_a_word_end_only() {
        let v = Variants::bundled().unwrap();
        assert_eq!(texts(&v.expand("サーバー", &[]))[0], ("サーバ", Anchor::WordEnd));
        assert_eq!(texts(&v.expand("サーバ", &[]))[0], ("サーバー", Anchor::Anywhere));
        assert_eq!(texts(&v.expand("コンピュータ", &[])), [("コンピューター", Anchor::Anywhere)]);
        assert_eq!(texts(&v.expand("サーバー管理", &[]))[0], ("サーバ管理", Anchor::Anywhere));
        assert!(!v.expand("サーバー", &[]).contains(&Spelling::anywhere("サーバ")), "never a bare prefix");
        // Two morae are too few: コピー never loses its mark, キ never gains one.
        assert!(v.expand("コピー", &[]).is_empty());
        assert!(v.expand("キー", &[]).is_empty());
        // Inside a katakana compound, where IPADIC ends a word.
        let term = "コンピューターウイルス";
        let word_end = "コンピューター".len();
        let got = v.expand(term, &[word_end, term.len()]);
        assert!(got.contains(&Spelling::anywhere("コンピュータウイルス")), "{got:?}");
        assert!(got.contains(&Spelling::anywhere("コンピューターウィルス")), "{got:?}");
    }

    #[test]
    fn listed_groups_apply_inside_terms() {
        let v = Variants::bundled().unwrap();
        let got = v.expand("取組状況", &[]);
        assert!(got.contains(&Spelling::anywhere("取り組み状況")), "{got:?}");
        assert!(got.contains(&Spelling::anywhere("取組み状況")), "{got:?}");
        assert!(v.expand("付属", &[]).contains(&Spelling::anywhere("附属")));
        assert!(v.expand("インターフェース", &[]).contains(&Spelling::anywhere("インタフェース")));
    }

    #[test]
    fn counters_after_numerals() {
        let v = Variants::bundled().unwrap();
        let got = v.expand("3カ所", &[]);
        for form in ["3箇所", "3か所", "3ヶ所", "3ケ所", "3個所"] {
            assert!(got.contains(&Spelling::anywhere(form)), "{form}: {got:?}");
        }
        let got = v.expand("カ所", &[]);
        assert!(got.contains(&Spelling { text: "箇所".into(), anchor: Anchor::AfterNumeral }), "{got:?}");
        assert!(got.contains(&Spelling { text: "か所".into(), anchor: Anchor::AfterNumeral }), "{got:?}");
        // 箇所 alone is also the word for "place": its plain variant is 個所, its counters need a numeral.
        let got = v.expand("箇所", &[]);
        assert!(got.contains(&Spelling::anywhere("個所")), "{got:?}");
        assert!(got.contains(&Spelling { text: "ヶ所".into(), anchor: Anchor::AfterNumeral }), "{got:?}");
        assert!(!got.contains(&Spelling::anywhere("か所")), "{got:?}");
    }

    #[test]
    fn v_sounds_and_old_forms() {
        let v = Variants::bundled().unwrap();
        assert!(v.expand("ヴァイオリン", &[]).contains(&Spelling::anywhere("バイオリン")));
        assert!(v.expand("ビジョン", &[]).contains(&Spelling::anywhere("ヴィジョン")));
        assert!(v.expand("国家", &[]).contains(&Spelling::anywhere("國家")));
        assert!(v.expand("國家", &[]).contains(&Spelling::anywhere("国家")));
    }

    #[test]
    fn bad_data_is_an_error_naming_the_form() {
        let base = "v_sounds = []\nkatakana = []\nkanji = []\ncounters = []\nold_forms = \"\"\n";
        let twice = format!("{base}okurigana = [[\"取組\", \"取り組み\"], [\"取組\", \"取組み\"]]");
        let err = Variants::from_toml(&twice).unwrap_err().to_string();
        assert!(err.contains("取組"), "{err}");
        let single = format!("{base}okurigana = [[\"取組\"]]");
        assert!(Variants::from_toml(&single).is_err());
    }
}
