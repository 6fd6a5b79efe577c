//! Text normalisation: the first step of the one analysis chain, applied to documents and
//! queries alike.
//!
//! [`normalize`] produces the text that seisaku stores, tokenises, highlights and shows:
//!
//! 1. Unicode NFKC: full-width ASCII becomes half-width (`ＩｏＴ` → `IoT`), half-width katakana
//!    becomes full-width (`ｾｷｭﾘﾃｨ` → `セキュリティ`), the ideographic space becomes a space.
//!    NFKC also folds what PDF producers put in place of ordinary characters: Kangxi radicals
//!    and CJK compatibility ideographs (`発⾒` with U+2F92 → `発見`, `⼀` → `一`) and vertical
//!    presentation forms (`︑` → `、`, `﹁` → `「`); the CJK radicals supplement forms that stand
//!    for whole kanji but have no NFKC mapping (`⻑` → `長`, `⻄` → `西`) fold by a table.
//! 2. Line endings become `\n`; other control characters, the BOM and zero-width spaces are
//!    dropped or turned into spaces so they cannot split a word invisibly; private-use
//!    characters (a Word PDF's bullets, U+F09E) are dropped.
//! 3. OCR repair of hyphens: a hyphen-like character (`-`, `‐`, `‑`, `−`, and after NFKC `－`)
//!    directly after a katakana character and before a non-ASCII character becomes `ー`
//!    (`サイバ-協議` → `サイバー協議`); `IoT-SSF` and `ITU-T` are left alone.
//! 4. OCR repair of line breaks: a line break between two CJK letters (kanji, hiragana,
//!    katakana) is removed (`セ\nキュリティ` → `セキュリティ`).
//!
//! Case is *not* folded here, so stored text keeps `IoT` as written; matching folds ASCII case
//! with [`fold`], which never changes a byte offset.
//!
//! ```
//! use seisaku::analysis::normalize;
//! assert_eq!(normalize("ＩｏＴ　セ\nキュリティ"), "IoT セキュリティ");
//! assert_eq!(normalize("日英サイバ-協議"), "日英サイバー協議");
//! assert_eq!(normalize("ITU-T SG17"), "ITU-T SG17");
//! ```
//!
//! Limits: line breaks between a CJK letter and punctuation (`。\n次`) are kept, as are breaks
//! next to ASCII, because both usually mark real structure.

use std::borrow::Cow;

use unicode_normalization::UnicodeNormalization;

/// Version of the normalisation rules; part of the index's analysis-chain version, so changing
/// a rule forces a full reindex.
pub const NORMALIZER_VERSION: u32 = 2;

/// Normalises `text` as described in the module documentation. Idempotent.
pub fn normalize(text: &str) -> String {
    join_lines(&normalize_lines(text))
}

/// Steps 1–3 of [`normalize`]: everything except removing line breaks, so that ingest can read
/// the document's line structure (headings, page footers) before lines are joined.
pub fn normalize_lines(text: &str) -> String {
    let mut chars: Vec<char> = Vec::with_capacity(text.len() / 2);
    let mut pending_cr = false;
    for c in text.nfkc() {
        if pending_cr {
            pending_cr = false;
            if c == '\n' {
                continue;
            }
        }
        match c {
            '\r' => {
                pending_cr = true;
                chars.push('\n');
            }
            '\u{feff}' | '\u{200b}' => {}
            '\u{e000}'..='\u{f8ff}' | '\u{f0000}'..='\u{10ffff}' => {}
            '\u{2e80}'..='\u{2eff}' => chars.push(radical(c)),
            '\n' | '\t' => chars.push(c),
            c if c.is_control() => chars.push(' '),
            c => chars.push(c),
        }
    }
    let mut out = String::with_capacity(chars.len() * 3);
    // The previous character as repaired, so a run of hyphens after katakana repairs the same
    // way on every pass (idempotence).
    let mut prev: Option<char> = None;
    for (i, &c) in chars.iter().enumerate() {
        let next = chars.get(i + 1).copied();
        let repaired = match (prev, next) {
            (Some(p), Some(n)) if is_hyphen(c) && is_katakana(p) && !n.is_ascii() => 'ー',
            _ => c,
        };
        out.push(repaired);
        prev = Some(repaired);
    }
    out
}

/// The ordinary kanji a CJK radicals supplement form without an NFKC mapping stands for (PDF
/// fonts map kanji to these code points), or the form itself.
fn radical(c: char) -> char {
    match c {
        '⺠' => '民',
        '⺼' => '月',
        '⻄' => '西',
        '⻆' => '角',
        '⻑' => '長',
        '⻘' => '青',
        '⻝' => '食',
        '⻤' => '鬼',
        '⻨' => '麦',
        '⻩' => '黄',
        '⻫' => '斉',
        '⻭' => '歯',
        '⻯' => '竜',
        '⻲' => '亀',
        other => other,
    }
}

/// Step 4 of [`normalize`]: removes each line break that stands between two CJK letters.
pub fn join_lines(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    let mut prev: Option<char> = None;
    while let Some(c) = chars.next() {
        let joins =
            c == '\n' && prev.is_some_and(is_cjk_letter) && chars.peek().copied().is_some_and(is_cjk_letter);
        if !joins {
            out.push(c);
        }
        prev = Some(c);
    }
    out
}

/// Folds ASCII letters to lower case for matching; byte offsets are unchanged.
pub fn fold(text: &str) -> Cow<'_, str> {
    if text.bytes().any(|b| b.is_ascii_uppercase()) {
        Cow::Owned(text.to_ascii_lowercase())
    } else {
        Cow::Borrowed(text)
    }
}

/// Hyphen-like characters that OCR puts where a long vowel mark `ー` belongs.
fn is_hyphen(c: char) -> bool {
    matches!(c, '-' | '\u{2010}' | '\u{2011}' | '\u{2212}')
}

/// Katakana letters and the long vowel mark (not the middle dot `・`).
pub fn is_katakana(c: char) -> bool {
    matches!(c, '\u{30a1}'..='\u{30fa}' | '\u{30fc}'..='\u{30ff}' | '\u{31f0}'..='\u{31ff}')
}

/// Letters of Japanese running text: kanji, hiragana and katakana (with `ー`, `・`, `々`, `〆`,
/// `〇`). Combining sound marks are excluded so that removing a line break can never create a
/// new NFKC composition, which keeps [`normalize`] idempotent.
pub fn is_cjk_letter(c: char) -> bool {
    matches!(c,
        '\u{3041}'..='\u{3096}' | '\u{309d}'..='\u{309f}' // hiragana
        | '\u{30a1}'..='\u{30ff}' | '\u{31f0}'..='\u{31ff}' // katakana
        | '\u{3005}'..='\u{3007}' | '\u{303b}' // 々 〆 〇 〻
        | '\u{3400}'..='\u{4dbf}' | '\u{4e00}'..='\u{9fff}' | '\u{f900}'..='\u{faff}'
        | '\u{20000}'..='\u{3134f}')
}

/// `c.is_alphanumeric()`, answered without Unicode table lookups for the characters Japanese
/// text is mostly made of (ASCII, kanji, hiragana and katakana letters). The tokenizers ask
/// this of every character they index; the general lookup was 3 % of indexing time.
#[inline]
pub fn is_word_char(c: char) -> bool {
    match c {
        _ if c.is_ascii() => c.is_ascii_alphanumeric(),
        '\u{4e00}'..='\u{9fff}'
        | '\u{3041}'..='\u{3096}'
        | '\u{30a1}'..='\u{30fa}'
        | '\u{30fc}'..='\u{30ff}' => true,
        _ => c.is_alphanumeric(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_chars_are_the_alphanumeric_chars() {
        for c in (0..=u32::from(char::MAX)).filter_map(char::from_u32) {
            assert_eq!(is_word_char(c), c.is_alphanumeric(), "{c:?} U+{:04X}", u32::from(c));
        }
    }

    #[test]
    fn nfkc_width_and_space() {
        assert_eq!(normalize("ＩｏＴ－ＳＳＦ"), "IoT-SSF");
        assert_eq!(normalize("ｾｷｭﾘﾃｨ"), "セキュリティ");
        assert_eq!(normalize("総務省　経済産業省"), "総務省 経済産業省");
        assert_eq!(normalize("（令和６年）"), "(令和6年)");
    }

    #[test]
    fn line_breaks_between_cjk_letters_are_removed() {
        assert_eq!(normalize("セ\nキュリティガイドライン"), "セキュリティガイドライン");
        assert_eq!(normalize("相\n互承認"), "相互承認");
        assert_eq!(normalize("フレー\nムワーク"), "フレームワーク");
        assert_eq!(normalize("推進する。\n次に"), "推進する。\n次に");
        assert_eq!(normalize("IoT\nセキュリティ"), "IoT\nセキュリティ");
        assert_eq!(normalize("段落\n\n次"), "段落\n\n次");
        assert_eq!(normalize("セ\r\nキュリティ"), "セキュリティ");
    }

    #[test]
    fn hyphen_after_katakana_becomes_long_vowel_mark() {
        assert_eq!(normalize("サイバ-協議"), "サイバー協議");
        assert_eq!(normalize("サイバ－協議"), "サイバー協議");
        assert_eq!(normalize("サイバ‐セキュリティ"), "サイバーセキュリティ");
        assert_eq!(normalize("サイバ−ウィーク"), "サイバーウィーク");
        assert_eq!(normalize("ｻｲﾊﾞｰ"), "サイバー");
        assert_eq!(normalize("IoT-SSF"), "IoT-SSF");
        assert_eq!(normalize("ITU-T SG17"), "ITU-T SG17");
        assert_eq!(normalize("ICT-ISAC"), "ICT-ISAC");
        assert_eq!(normalize("データ-1"), "データ-1");
        assert_eq!(normalize("別添2 - 24 -"), "別添2 - 24 -");
    }

    #[test]
    fn pdf_stand_ins_fold_to_ordinary_characters() {
        assert_eq!(normalize("発⾒者"), "発見者");
        assert_eq!(normalize("⼀⼈"), "一人");
        assert_eq!(normalize("﹁申請﹂︑受理︒"), "「申請」、受理。");
        assert_eq!(normalize("⻑期"), "長期");
        assert_eq!(normalize("\u{f09e} 項目"), " 項目");
    }

    #[test]
    fn controls_and_invisible_characters() {
        assert_eq!(normalize("a\u{0}b"), "a b");
        assert_eq!(normalize("\u{feff}セキュ\u{200b}リティ"), "セキュリティ");
        assert_eq!(normalize("a\rb"), "a\nb");
    }

    #[test]
    fn idempotent_on_tricky_inputs() {
        for s in ["か\n゙", "ア--イ", "ア-\nイ", "サ\n-協", "゛", "ｱ\nｲ", "ア\r\n\r\nイ", "ア-‐セ", "ア-‐-セ"]
        {
            let once = normalize(s);
            assert_eq!(normalize(&once), once, "input {s:?}");
        }
    }

    #[test]
    fn fold_lowercases_ascii_only() {
        assert_eq!(fold("IoT-SSF セキュリティ"), "iot-ssf セキュリティ");
        assert!(matches!(fold("すでに小文字 iot"), Cow::Borrowed(_)));
    }
}
