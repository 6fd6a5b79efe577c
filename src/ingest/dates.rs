//! Parse Japanese dates and fiscal years (年度) in policy documents.
//!
//! Government documents write dates in several ways, and often more than one
//! way in the same paragraph: imperial-era dates (`令和6年3月13日`, `平成元年`),
//! Western dates (`2024年3月`), era dates with the Western year in brackets
//! (`昭和50(1975)年`, `2020(令和2)年度`), fiscal years (`2024年度`) and
//! abbreviated forms (`R6.3.13`, `2024/3/13`). This module turns all of them
//! into a [`JpDate`] so they can be indexed and filtered the same way.
//!
//! Input is normally NFKC-normalised by the caller, but the parser also
//! accepts raw text: full-width ASCII (`２０２４`, `（`, `Ｒ`) is folded on the
//! fly, and the single-glyph era names (`㍻`, `㋿`, …) are recognised.
//! Spaces (ASCII or U+3000) between the parts of a date are allowed, as OCR
//! output often has them (`令和 3 年 6 月 3 日`); line breaks are not.
//!
//! # Examples
//!
//! ```
//! use seisaku::ingest::dates::{parse, scan, JpDate};
//!
//! let date = parse("令和6年3月13日").unwrap();
//! assert_eq!(date, JpDate::Day { year: 2024, month: 3, day: 13 });
//! assert_eq!(date.fiscal_year(), Some(2023));
//! assert_eq!(date.to_date().unwrap().to_string(), "2024-03-13");
//!
//! assert_eq!(parse("平成28年度"), Some(JpDate::FiscalYear { year: 2016 }));
//! assert_eq!(parse("R6.3.13"), parse("2024/3/13"));
//!
//! let text = "<2024 年度年次計画>";
//! let found = scan(text);
//! assert_eq!(found.len(), 1);
//! assert_eq!(&text[found[0].start..found[0].end], "2024 年度");
//! assert_eq!(found[0].value, JpDate::FiscalYear { year: 2024 });
//! ```
//!
//! # Limits
//!
//! - Era years are checked against the era's last year only (`平成31年` is
//!   accepted, `平成32年` is not); the day the era changed is not checked, so
//!   `平成31年5月1日` is accepted as 2019-05-01.
//! - Western years must lie in 1868..=2199, and a year written with digits
//!   must have exactly four of them.
//! - When an era year and a bracketed Western year disagree, the Western year
//!   wins.
//! - The era-letter form is taken at face value: a section number such as
//!   `S1.2.3` reads as 昭和1年2月3日 unless a letter or digit precedes it.
//! - Month-day dates without a year (`3月13日`) and ranges (`2021年〜2024年`
//!   gives two separate years) are not interpreted further.
//! - Only 〇零一二三四五六七八九 and 十百千 are read as kanji numerals; the
//!   formal numerals (壱, 弐, 拾 …) are not. ASCII digits and kanji numerals
//!   are not mixed within one number.

use std::ops::RangeInclusive;

use crate::model::Date;

/// A date or date-like value as written in a Japanese document.
///
/// The parser only produces values whose years lie in 1868..=2199; values
/// built by hand are not checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum JpDate {
    /// A full calendar date (validated: month 1-12, day within the month, leap years).
    Day {
        /// Western (Gregorian) year.
        year: i32,
        /// Month, 1-12.
        month: u32,
        /// Day of the month, 1-31.
        day: u32,
    },
    /// Year and month only, e.g. `2024年3月`, `令和6年3月`.
    Month {
        /// Western (Gregorian) year.
        year: i32,
        /// Month, 1-12.
        month: u32,
    },
    /// A calendar year only, e.g. `2024年`, `令和6年`, `昭和50(1975)年`.
    Year {
        /// Western (Gregorian) year.
        year: i32,
    },
    /// An explicit fiscal year (年度), e.g. `2024年度`, `令和6年度`, `平成28年度`.
    FiscalYear {
        /// Western year in which the fiscal year starts (April).
        year: i32,
    },
}

impl JpDate {
    /// 年度 the date falls in, so that documents can be filtered by fiscal year.
    ///
    /// Japanese fiscal years run April–March: a `Day` or `Month` in January to
    /// March belongs to the previous fiscal year (2024-03-13 → 2023, 2024-04-01
    /// → 2024). A `FiscalYear` returns its own year. A bare `Year` returns
    /// `None`, because it straddles two fiscal years.
    #[must_use]
    pub fn fiscal_year(&self) -> Option<i32> {
        match *self {
            Self::Day { year, month, .. } | Self::Month { year, month } => {
                if month >= FISCAL_YEAR_FIRST_MONTH { Some(year) } else { year.checked_sub(1) }
            }
            Self::FiscalYear { year } => Some(year),
            Self::Year { .. } => None,
        }
    }

    /// The calendar date it names: `None` for a fiscal year, which is a span, not a date.
    #[must_use]
    pub fn to_date(&self) -> Option<Date> {
        match *self {
            Self::Day { year, month, day } => Date::ymd(year, month, day),
            Self::Month { year, month } => Date::ym(year, month),
            Self::Year { year } => Date::y(year),
            Self::FiscalYear { .. } => None,
        }
    }
}

/// One date found in a text: byte range (start..end, always on char boundaries) and value.
///
/// The range lets callers highlight or cut out the original spelling.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateMatch {
    /// Byte offset of the first character of the date.
    pub start: usize,
    /// Byte offset just past the last character of the date.
    pub end: usize,
    /// The parsed date.
    pub value: JpDate,
}

/// Parses a whole string that is exactly one date (surrounding whitespace allowed); None otherwise.
///
/// Accepts exactly the forms [`scan`] finds: besides the kanji forms that means
/// `"2024-03-13"`, `"2024/3/13"`, `"2024.3.13"` and `"R6.3.13"`/`"H28.4.1"`/`"S50.1.1"`
/// (R=令和, H=平成, S=昭和, T=大正, M=明治; also lowercase). Used for metadata fields
/// and query filters, where the value must be a date and nothing more.
#[must_use]
pub fn parse(s: &str) -> Option<JpDate> {
    let text = Text::new(s.trim());
    let (value, end) = date_at(&text, 0)?;
    (end == text.len()).then_some(value)
}

/// Finds every date in running text, left to right, non-overlapping, longest match at each position.
///
/// Used to extract dates from document bodies. Never panics; the returned ranges are
/// non-empty, lie on char boundaries and are strictly increasing.
#[must_use]
pub fn scan(text: &str) -> Vec<DateMatch> {
    let folded = Text::new(text);
    let mut found = Vec::new();
    let mut i = 0;
    while i < folded.len() {
        match date_at(&folded, i) {
            Some((value, end)) => {
                debug_assert!(end > i, "a date match must consume input");
                found.push(DateMatch { start: folded.byte_offset(i), end: folded.byte_offset(end), value });
                i = end;
            }
            None => i += 1,
        }
    }
    found
}

/// Years a Western year number may take; keeps counts like `100年` out.
const WESTERN_YEARS: RangeInclusive<i32> = 1868..=2199;

/// Plausible era year numbers when the Western year is given alongside.
const ERA_ORDINALS: RangeInclusive<u32> = 1..=99;

/// Separators of the numeric forms `2024.3.13`, `2024/3/13`, `2024-03-13`.
const DATE_SEPARATORS: [char; 3] = ['.', '/', '-'];

/// First month of the Japanese fiscal year (April).
const FISCAL_YEAR_FIRST_MONTH: u32 = crate::model::FISCAL_YEAR_FIRST_MONTH as u32;

/// An imperial era (元号) and how its years map to Western years.
#[derive(Debug, Clone, Copy)]
struct Era {
    /// Name as written, e.g. `令和`.
    name: &'static str,
    /// Single-glyph compatibility form, e.g. `㋿` (NFKC expands it to `name`).
    glyph: char,
    /// Upper-case initial of the romanised name, used in `R6.3.13`.
    letter: char,
    /// Western year of the era's first year (元年).
    first_year: i32,
    /// Last valid era year number.
    last_ordinal: u32,
}

/// The modern eras, newest first.
#[rustfmt::skip]
const ERAS: [Era; 5] = [
    Era { name: "令和", glyph: '㋿', letter: 'R', first_year: 2019, last_ordinal: 99 },
    Era { name: "平成", glyph: '㍻', letter: 'H', first_year: 1989, last_ordinal: 31 },
    Era { name: "昭和", glyph: '㍼', letter: 'S', first_year: 1926, last_ordinal: 64 },
    Era { name: "大正", glyph: '㍽', letter: 'T', first_year: 1912, last_ordinal: 15 },
    Era { name: "明治", glyph: '㍾', letter: 'M', first_year: 1868, last_ordinal: 45 },
];

impl Era {
    /// The era whose name or glyph starts at `i`, and the index after it.
    fn name_at(text: &Text, i: usize) -> Option<(Self, usize)> {
        ERAS.iter().find_map(|era| {
            let end = text.eat_str(i, era.name).or_else(|| text.eat(i, era.glyph))?;
            Some((*era, end))
        })
    }

    /// The era abbreviated by `letter` (either case).
    fn from_letter(letter: char) -> Option<Self> {
        let letter = letter.to_ascii_uppercase();
        ERAS.iter().copied().find(|era| era.letter == letter)
    }

    /// Western year of era year `ordinal`, if the era has such a year.
    fn western_year(self, ordinal: u32) -> Option<i32> {
        if !(1..=self.last_ordinal).contains(&ordinal) {
            return None;
        }
        self.first_year.checked_add(i32::try_from(ordinal - 1).ok()?)
    }
}

/// Input text with full-width ASCII folded, indexed by character.
///
/// Matching works on character indices; `offsets` maps them back to byte
/// offsets in the original string, so reported ranges always fall on char
/// boundaries even where folding changed a character's width.
struct Text {
    /// Folded characters.
    chars: Vec<char>,
    /// Byte offset of each character in the original, plus the total length.
    offsets: Vec<usize>,
}

/// A number read from the text, in ASCII digits or kanji numerals.
#[derive(Debug, Clone, Copy)]
struct Number {
    /// Its value.
    value: u32,
    /// Index just past its last character.
    end: usize,
    /// Digit count when written positionally (`2024`, `二〇二四`); `None` when
    /// written with 十/百/千, where the count says nothing about the magnitude.
    digits: Option<usize>,
}

impl Text {
    /// Folds `source` and records where each character came from.
    fn new(source: &str) -> Self {
        let (mut offsets, chars): (Vec<usize>, Vec<char>) =
            source.char_indices().map(|(at, c)| (at, fold(c))).unzip();
        offsets.push(source.len());
        Self { chars, offsets }
    }

    /// Number of characters.
    fn len(&self) -> usize {
        self.chars.len()
    }

    /// Byte offset in the original string of character index `i` (`i <= len`).
    fn byte_offset(&self, i: usize) -> usize {
        self.offsets[i]
    }

    /// Character at index `i`, if any.
    fn get(&self, i: usize) -> Option<char> {
        self.chars.get(i).copied()
    }

    /// Character just before index `i`, if any.
    fn before(&self, i: usize) -> Option<char> {
        self.get(i.checked_sub(1)?)
    }

    /// Whether the character at `i` is an ASCII digit.
    fn is_ascii_digit_at(&self, i: usize) -> bool {
        self.get(i).is_some_and(|c| c.is_ascii_digit())
    }

    /// Index after `c` if `c` is at `i`.
    fn eat(&self, i: usize, c: char) -> Option<usize> {
        (self.get(i) == Some(c)).then_some(i + 1)
    }

    /// Index after `s` if `s` is at `i`.
    fn eat_str(&self, i: usize, s: &str) -> Option<usize> {
        s.chars().try_fold(i, |at, c| self.eat(at, c))
    }

    /// Index after `c` if `c` follows `i` after optional spaces.
    fn eat_spaced(&self, i: usize, c: char) -> Option<usize> {
        self.eat(self.skip_spaces(i), c)
    }

    /// First index at or after `i` that is not a space (line breaks are not spaces here).
    fn skip_spaces(&self, i: usize) -> usize {
        let mut at = i;
        while self.get(at) == Some(' ') {
            at += 1;
        }
        at
    }

    /// The non-empty run of characters satisfying `pred` that starts at `i`.
    fn run(&self, i: usize, pred: impl Fn(char) -> bool) -> Option<&[char]> {
        let rest = self.chars.get(i..)?;
        let len = rest.iter().take_while(|&&c| pred(c)).count();
        (len > 0).then(|| rest.split_at(len).0)
    }

    /// The whole run of ASCII digits at `i`; `None` if there is none or it overflows.
    fn ascii_number(&self, i: usize) -> Option<Number> {
        let digits = self.run(i, |c| c.is_ascii_digit())?;
        let value = positional(digits.iter().map(|c| c.to_digit(10)))?;
        Some(Number { value, end: i + digits.len(), digits: Some(digits.len()) })
    }

    /// The whole run of kanji numerals at `i`, positional (`二〇二四`) or with
    /// units (`二十八`); `None` if there is none or it is malformed.
    fn kanji_number(&self, i: usize) -> Option<Number> {
        let numerals = self.run(i, is_kanji_numeral)?;
        let end = i + numerals.len();
        if numerals.iter().any(|&c| kanji_unit(c).is_some()) {
            let value = with_units(numerals)?;
            Some(Number { value, end, digits: None })
        } else {
            let value = positional(numerals.iter().map(|&c| kanji_digit(c)))?;
            Some(Number { value, end, digits: Some(numerals.len()) })
        }
    }

    /// A number at `i` in either script (scripts are not mixed within one number).
    fn number(&self, i: usize) -> Option<Number> {
        self.ascii_number(i).or_else(|| self.kanji_number(i))
    }

    /// Whether `start..end` sits inside a longer run of numbers joined by `sep`,
    /// as in `1.2024.3.13.5` or a version number.
    fn extends_number_run(&self, start: usize, end: usize, sep: char) -> bool {
        let digit_back = |n: usize| start.checked_sub(n).is_some_and(|at| self.is_ascii_digit_at(at));
        let before = digit_back(1) || (self.before(start) == Some(sep) && digit_back(2));
        let after =
            self.is_ascii_digit_at(end) || (self.get(end) == Some(sep) && self.is_ascii_digit_at(end + 1));
        before || after
    }
}

/// Folds full-width ASCII (`０`, `（`, `Ｒ`, `．` …) and the ideographic space
/// to their ASCII forms, as NFKC would; other characters are unchanged.
fn fold(c: char) -> char {
    match c {
        '\u{3000}' => ' ',
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(u32::from(c) - 0xFEE0).unwrap_or(c),
        _ => c,
    }
}

/// Value of a kanji digit (`〇`–`九`).
fn kanji_digit(c: char) -> Option<u32> {
    let value = match c {
        '〇' | '零' => 0,
        '一' => 1,
        '二' => 2,
        '三' => 3,
        '四' => 4,
        '五' => 5,
        '六' => 6,
        '七' => 7,
        '八' => 8,
        '九' => 9,
        _ => return None,
    };
    Some(value)
}

/// Value of a kanji unit (`十`, `百`, `千`).
fn kanji_unit(c: char) -> Option<u32> {
    match c {
        '十' => Some(10),
        '百' => Some(100),
        '千' => Some(1000),
        _ => None,
    }
}

/// Whether `c` is a kanji digit or unit.
fn is_kanji_numeral(c: char) -> bool {
    kanji_digit(c).is_some() || kanji_unit(c).is_some()
}

/// Whether `c` can be part of a number; a date never starts right after one.
fn is_numeral(c: char) -> bool {
    c.is_ascii_digit() || is_kanji_numeral(c)
}

/// Value of digits written positionally, most significant first; `None` on a
/// non-digit or overflow.
fn positional(digits: impl IntoIterator<Item = Option<u32>>) -> Option<u32> {
    digits.into_iter().try_fold(0_u32, |acc, digit| acc.checked_mul(10)?.checked_add(digit?))
}

/// Value of kanji numerals with units (`二十八`, `千九百八十九`); units must
/// decrease and each carries at most one non-zero digit before it.
fn with_units(numerals: &[char]) -> Option<u32> {
    let mut total = 0;
    let mut pending: Option<u32> = None;
    let mut last_unit = u32::MAX;
    for &c in numerals {
        if let Some(unit) = kanji_unit(c) {
            if unit >= last_unit {
                return None;
            }
            total += pending.take().unwrap_or(1) * unit;
            last_unit = unit;
        } else {
            let digit = kanji_digit(c).filter(|&d| d != 0)?;
            if pending.replace(digit).is_some() {
                return None;
            }
        }
    }
    Some(total + pending.unwrap_or(0))
}

/// Number of days in `month` of `year`, or `None` for an invalid month.
fn days_in_month(year: i32, month: u32) -> Option<u32> {
    let is_leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => Some(31),
        4 | 6 | 9 | 11 => Some(30),
        2 => Some(if is_leap { 29 } else { 28 }),
        _ => None,
    }
}

/// A [`JpDate::Day`] if the month and day exist.
fn checked_day(year: i32, month: u32, day: u32) -> Option<JpDate> {
    let last = days_in_month(year, month)?;
    (1..=last).contains(&day).then_some(JpDate::Day { year, month, day })
}

/// `number` as a Western year: in range and, if positional, exactly four digits.
fn western_year(number: &Number) -> Option<i32> {
    let year = i32::try_from(number.value).ok().filter(|y| WESTERN_YEARS.contains(y))?;
    number.digits.is_none_or(|d| d == 4).then_some(year)
}

/// A Western year in ASCII digits at `i`, and the index after it.
fn western_year_at(text: &Text, i: usize) -> Option<(i32, usize)> {
    let number = text.ascii_number(i)?;
    Some((western_year(&number)?, number.end))
}

/// An era year number at `i` (`元` or a number read by `read`) and the index after it.
fn ordinal_at(text: &Text, i: usize, read: fn(&Text, usize) -> Option<Number>) -> Option<(u32, usize)> {
    if let Some(end) = text.eat(i, '元') {
        return Some((1, end));
    }
    let number = read(text, i)?;
    Some((number.value, number.end))
}

/// An era name and year number (`令和 6`, `平成元`, `㍻28`) at `i`, and the index after it.
fn era_ordinal_at(text: &Text, i: usize) -> Option<((Era, u32), usize)> {
    let (era, after_name) = Era::name_at(text, i)?;
    let (ordinal, end) = ordinal_at(text, text.skip_spaces(after_name), Text::number)?;
    Some(((era, ordinal), end))
}

/// `(inner)` at `i`, with optional spaces inside the brackets.
fn bracketed<T>(
    text: &Text,
    i: usize,
    inner: impl Fn(&Text, usize) -> Option<(T, usize)>,
) -> Option<(T, usize)> {
    let open = text.eat(i, '(')?;
    let (value, end) = inner(text, text.skip_spaces(open))?;
    Some((value, text.eat_spaced(end, ')')?))
}

/// The longest date starting at character `i`, and the index after it.
fn date_at(text: &Text, i: usize) -> Option<(JpDate, usize)> {
    era_date(text, i).or_else(|| era_letter_date(text, i)).or_else(|| numeral_date(text, i))
}

/// `令和6年…`, `昭和50(1975)年…`: an era name, its year, an optional bracketed
/// Western year (which wins), then `年` and its tail.
fn era_date(text: &Text, i: usize) -> Option<(JpDate, usize)> {
    let ((era, ordinal), after) = era_ordinal_at(text, i)?;
    let (year, before_nen) = match bracketed(text, text.skip_spaces(after), western_year_at) {
        Some((western, end)) => (ERA_ORDINALS.contains(&ordinal).then_some(western)?, end),
        None => (era.western_year(ordinal)?, after),
    };
    year_date(text, year, before_nen)
}

/// `R6.3.13`, `h28/4/1`, `R元.5.1`: an era letter, its year and a dotted month and day.
fn era_letter_date(text: &Text, i: usize) -> Option<(JpDate, usize)> {
    if text.before(i).is_some_and(|c| c.is_ascii_alphanumeric()) {
        return None;
    }
    let era = Era::from_letter(text.get(i)?)?;
    let (ordinal, after) = ordinal_at(text, i + 1, Text::ascii_number)?;
    separated_month_day(text, i, after, era.western_year(ordinal)?)
}

/// Dates that start with a number: `2024.3.13`, `2024年…`, `二〇二四年…`,
/// `2020(令和2)年…` (the Western year wins) and `10(1998)年…` (an era year
/// whose era was named earlier; the bracketed year is used).
fn numeral_date(text: &Text, i: usize) -> Option<(JpDate, usize)> {
    if text.before(i).is_some_and(is_numeral) {
        return None;
    }
    if let Some(found) = western_separated_date(text, i) {
        return Some(found);
    }
    let number = text.number(i)?;
    let open = text.skip_spaces(number.end);
    if let Some((western, end)) = bracketed(text, open, western_year_at) {
        return ERA_ORDINALS.contains(&number.value).then(|| year_date(text, western, end))?;
    }
    let before_nen = bracketed(text, open, era_ordinal_at)
        .filter(|((_, ordinal), _)| ERA_ORDINALS.contains(ordinal))
        .map_or(number.end, |(_, end)| end);
    year_date(text, western_year(&number)?, before_nen)
}

/// `2024.3.13`, `2024/3/13`, `2024-03-13`: a four-digit year, then month and day.
fn western_separated_date(text: &Text, i: usize) -> Option<(JpDate, usize)> {
    let (year, after) = western_year_at(text, i)?;
    separated_month_day(text, i, after, year)
}

/// The `.M.D` part of a separated date whose year spans `start..year_end`.
///
/// Both separators must be the same, month and day have one or two digits, the
/// whole must not continue a longer number run, and the day must exist.
fn separated_month_day(text: &Text, start: usize, year_end: usize, year: i32) -> Option<(JpDate, usize)> {
    let is_short = |n: &Number| matches!(n.digits, Some(1 | 2));
    let sep = text.get(year_end).filter(|c| DATE_SEPARATORS.contains(c))?;
    let month = text.ascii_number(year_end + 1).filter(is_short)?;
    let day = text.ascii_number(text.eat(month.end, sep)?).filter(is_short)?;
    if text.extends_number_run(start, day.end, sep) {
        return None;
    }
    Some((checked_day(year, month.value, day.value)?, day.end))
}

/// `年` (after optional spaces from `before_nen`) and what follows it, for a known year.
fn year_date(text: &Text, year: i32, before_nen: usize) -> Option<(JpDate, usize)> {
    let after_nen = text.eat_spaced(before_nen, '年')?;
    Some(year_tail(text, year, after_nen))
}

/// What follows `年`: `度` makes a fiscal year; otherwise an optional month
/// and day, keeping the longest prefix that is a valid date.
fn year_tail(text: &Text, year: i32, after_nen: usize) -> (JpDate, usize) {
    if let Some(end) = text.eat(after_nen, '度') {
        return (JpDate::FiscalYear { year }, end);
    }
    let month = counted(text, after_nen, '月').filter(|(m, _)| (1..=12).contains(m));
    let Some((month, after_month)) = month else {
        return (JpDate::Year { year }, after_nen);
    };
    counted(text, after_month, '日')
        .and_then(|(day, end)| Some((checked_day(year, month, day)?, end)))
        .unwrap_or((JpDate::Month { year, month }, after_month))
}

/// A number followed by `unit` (`3月`, ` 十二 月`), spaces allowed around the
/// number; its value and the index after the unit.
fn counted(text: &Text, i: usize, unit: char) -> Option<(u32, usize)> {
    let number = text.number(text.skip_spaces(i))?;
    Some((number.value, text.eat_spaced(number.end, unit)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(year: i32, month: u32, day: u32) -> JpDate {
        JpDate::Day { year, month, day }
    }

    fn month(year: i32, month: u32) -> JpDate {
        JpDate::Month { year, month }
    }

    fn year(year: i32) -> JpDate {
        JpDate::Year { year }
    }

    fn fiscal(year: i32) -> JpDate {
        JpDate::FiscalYear { year }
    }

    /// The matched substrings and values of `scan(text)`.
    fn found(text: &str) -> Vec<(&str, JpDate)> {
        scan(text).into_iter().map(|m| (&text[m.start..m.end], m.value)).collect()
    }

    #[test]
    fn eras_and_first_years() {
        assert_eq!(parse("令和6年3月13日"), Some(day(2024, 3, 13)));
        assert_eq!(parse("令和元年5月1日"), Some(day(2019, 5, 1)));
        assert_eq!(parse("平成元年1月8日"), Some(day(1989, 1, 8)));
        assert_eq!(parse("平成31年4月30日"), Some(day(2019, 4, 30)));
        assert_eq!(parse("昭和元年"), Some(year(1926)));
        assert_eq!(parse("昭和64年"), Some(year(1989)));
        assert_eq!(parse("大正元年"), Some(year(1912)));
        assert_eq!(parse("大正15年"), Some(year(1926)));
        assert_eq!(parse("明治元年"), Some(year(1868)));
        assert_eq!(parse("明治45年7月"), Some(month(1912, 7)));
        assert_eq!(parse("令和99年"), Some(year(2117)));
    }

    #[test]
    fn era_years_out_of_range() {
        assert_eq!(parse("令和0年"), None);
        assert_eq!(parse("令和100年"), None);
        assert_eq!(parse("平成32年"), None);
        assert_eq!(parse("昭和65年"), None);
        assert_eq!(parse("大正16年"), None);
        assert_eq!(parse("明治46年"), None);
        assert_eq!(parse("令和99999999999999999999年"), None);
    }

    #[test]
    fn kanji_numerals() {
        assert_eq!(parse("令和五年"), Some(year(2023)));
        assert_eq!(parse("平成二十八年度"), Some(fiscal(2016)));
        assert_eq!(parse("昭和五十年"), Some(year(1975)));
        assert_eq!(parse("令和五年十二月三十一日"), Some(day(2023, 12, 31)));
        assert_eq!(parse("二〇二四年"), Some(year(2024)));
        assert_eq!(parse("二〇二四年十月一日"), Some(day(2024, 10, 1)));
        assert_eq!(parse("千九百八十九年"), Some(year(1989)));
        assert_eq!(parse("平成十年"), Some(year(1998)));
        // Malformed numerals: repeated units, digit after digit with units.
        assert_eq!(parse("令和十十年"), None);
        assert_eq!(parse("令和二三十年"), None);
        // Positional kanji years need four digits, like ASCII ones.
        assert_eq!(parse("二〇二四〇年"), None);
    }

    #[test]
    fn full_width_input() {
        assert_eq!(parse("令和６年３月１３日"), Some(day(2024, 3, 13)));
        assert_eq!(parse("２０２４年度"), Some(fiscal(2024)));
        assert_eq!(parse("昭和５０（１９７５）年"), Some(year(1975)));
        assert_eq!(parse("Ｒ６．３．１３"), Some(day(2024, 3, 13)));
        assert_eq!(parse("㍻28年度"), Some(fiscal(2016)));
        assert_eq!(parse("㋿元年"), Some(year(2019)));
        let text = "２０２４年";
        assert_eq!(scan(text), vec![DateMatch { start: 0, end: 15, value: year(2024) }]);
    }

    #[test]
    fn spaces_between_parts() {
        let date = parse("令和 3 年 6 月 3 日");
        assert_eq!(date, Some(day(2021, 6, 3)));
        assert_eq!(date.and_then(|d| d.fiscal_year()), Some(2021));
        assert_eq!(parse("令和\u{3000}3\u{3000}年\u{3000}6月"), Some(month(2021, 6)));
        assert_eq!(parse("2024 年度"), Some(fiscal(2024)));
        assert_eq!(parse("2024 年3月"), Some(month(2024, 3)));
        assert_eq!(parse("  2024年3月  "), Some(month(2024, 3)));
        assert_eq!(parse("昭和 50 ( 1975 ) 年"), Some(year(1975)));
        // Line breaks end a date.
        assert_eq!(parse("2024\n年"), None);
        assert_eq!(found("2024年\n3月"), vec![("2024年", year(2024))]);
        // Trailing spaces are not part of the match.
        assert_eq!(found("2024年 です"), vec![("2024年", year(2024))]);
    }

    #[test]
    fn western_dates() {
        assert_eq!(parse("2024年3月13日"), Some(day(2024, 3, 13)));
        assert_eq!(parse("2024年3月"), Some(month(2024, 3)));
        assert_eq!(parse("2024年"), Some(year(2024)));
        assert_eq!(parse("2024年度"), Some(fiscal(2024)));
        assert_eq!(parse("1868年"), Some(year(1868)));
        assert_eq!(parse("2199年"), Some(year(2199)));
        assert_eq!(parse("1867年"), None);
        assert_eq!(parse("2200年"), None);
        assert_eq!(parse("100年"), None);
        assert_eq!(parse("02024年"), None);
        assert_eq!(parse("2024"), None);
        assert_eq!(parse("3月13日"), None);
        assert_eq!(parse(""), None);
        assert_eq!(parse("2024年です"), None);
    }

    #[test]
    fn separated_forms() {
        assert_eq!(parse("R6.3.13"), Some(day(2024, 3, 13)));
        assert_eq!(parse("r6.3.13"), Some(day(2024, 3, 13)));
        assert_eq!(parse("H28.4.1"), Some(day(2016, 4, 1)));
        assert_eq!(parse("h28/4/1"), Some(day(2016, 4, 1)));
        assert_eq!(parse("S50.1.1"), Some(day(1975, 1, 1)));
        assert_eq!(parse("T1.7.30"), Some(day(1912, 7, 30)));
        assert_eq!(parse("M45.7.29"), Some(day(1912, 7, 29)));
        assert_eq!(parse("R元.5.1"), Some(day(2019, 5, 1)));
        assert_eq!(parse("2024-03-13"), Some(day(2024, 3, 13)));
        assert_eq!(parse("2024/3/13"), Some(day(2024, 3, 13)));
        assert_eq!(parse("2024.3.13"), Some(day(2024, 3, 13)));
        assert_eq!(parse("2024.3/13"), None);
        assert_eq!(parse("2024.2.30"), None);
        assert_eq!(parse("2024.13.1"), None);
        assert_eq!(parse("24.3.13"), None);
        assert_eq!(parse("2024.3.130"), None);
        assert_eq!(parse("H32.4.1"), None);
        assert_eq!(parse("X6.3.13"), None);
    }

    #[test]
    fn separated_forms_in_running_text() {
        assert_eq!(found("1.2024.3.13.5"), vec![]);
        assert_eq!(found("2024.3.13.5"), vec![]);
        assert_eq!(found("1.2024.3.13"), vec![]);
        assert_eq!(found("version 2.0"), vec![]);
        assert_eq!(found("VER6.3.13"), vec![]);
        assert_eq!(found("12024/3/13"), vec![]);
        assert_eq!(found("改定は2024.3.13."), vec![("2024.3.13", day(2024, 3, 13))]);
        assert_eq!(
            found("期間:2024/4/1-2025/3/31"),
            vec![("2024/4/1", day(2024, 4, 1)), ("2025/3/31", day(2025, 3, 31))]
        );
        assert_eq!(found("(H28.4.1施行)"), vec![("H28.4.1", day(2016, 4, 1))]);
    }

    #[test]
    fn bracketed_western_years() {
        assert_eq!(parse("昭和50(1975)年"), Some(year(1975)));
        assert_eq!(parse("平成10(1998)年度"), Some(fiscal(1998)));
        assert_eq!(parse("平成19(2007)年3月"), Some(month(2007, 3)));
        assert_eq!(parse("平成28(2016)年4月1日"), Some(day(2016, 4, 1)));
        // The bracketed Western year wins over the era computation.
        assert_eq!(parse("平成10(1997)年"), Some(year(1997)));
        assert_eq!(parse("平成32(2020)年度"), Some(fiscal(2020)));
        // Era name given earlier in the text.
        assert_eq!(parse("10(1998)年"), Some(year(1998)));
        assert_eq!(found("同10(1998)年度"), vec![("10(1998)年度", fiscal(1998))]);
        // Western year first, era year as a gloss.
        assert_eq!(parse("2020(令和2)年度"), Some(fiscal(2020)));
        assert_eq!(parse("2019（令和元）年5月"), Some(month(2019, 5)));
        assert_eq!(parse("2020(令和0)年"), None);
        // Implausible bracket contents.
        assert_eq!(parse("10(199)年"), None);
        assert_eq!(parse("100(1998)年"), None);
        assert_eq!(parse("昭和50(75)年"), None);
    }

    #[test]
    fn fiscal_years() {
        assert_eq!(parse("令和6年度"), Some(fiscal(2024)));
        assert_eq!(parse("平成28年度"), Some(fiscal(2016)));
        assert_eq!(found("<2024 年度年次計画>"), vec![("2024 年度", fiscal(2024))]);
        assert_eq!(found("2024年度末まで"), vec![("2024年度", fiscal(2024))]);
        assert_eq!(found("令和6年度3月"), vec![("令和6年度", fiscal(2024))]);
        assert_eq!(parse("2024年度末"), None);
    }

    #[test]
    fn fiscal_year_of_each_variant() {
        assert_eq!(day(2024, 3, 13).fiscal_year(), Some(2023));
        assert_eq!(day(2024, 3, 31).fiscal_year(), Some(2023));
        assert_eq!(day(2024, 4, 1).fiscal_year(), Some(2024));
        assert_eq!(day(2024, 12, 31).fiscal_year(), Some(2024));
        assert_eq!(day(2025, 1, 1).fiscal_year(), Some(2024));
        assert_eq!(month(2024, 3).fiscal_year(), Some(2023));
        assert_eq!(month(2024, 4).fiscal_year(), Some(2024));
        assert_eq!(year(2024).fiscal_year(), None);
        assert_eq!(fiscal(2024).fiscal_year(), Some(2024));
        assert_eq!(day(i32::MIN, 1, 1).fiscal_year(), None);
        assert_eq!(parse("令和6年3月13日").and_then(|d| d.fiscal_year()), Some(2023));
        assert_eq!(parse("2024年3月13日").and_then(|d| d.fiscal_year()), Some(2023));
        assert_eq!(parse("2024年4月1日").and_then(|d| d.fiscal_year()), Some(2024));
    }

    #[test]
    fn iso_strings() {
        let iso = |d: JpDate| d.to_date().map(|d| d.to_string());
        assert_eq!(iso(day(2024, 3, 13)).as_deref(), Some("2024-03-13"));
        assert_eq!(iso(month(2024, 3)).as_deref(), Some("2024-03"));
        assert_eq!(iso(year(2024)).as_deref(), Some("2024"));
        assert_eq!(iso(fiscal(2024)), None);
        assert_eq!(parse("2024-03-13").and_then(iso).as_deref(), Some("2024-03-13"));
    }

    #[test]
    fn calendar_validation() {
        assert_eq!(parse("2024年2月29日"), Some(day(2024, 2, 29)));
        assert_eq!(parse("2000年2月29日"), Some(day(2000, 2, 29)));
        assert_eq!(parse("2023年2月29日"), None);
        assert_eq!(parse("1900年2月29日"), None);
        assert_eq!(parse("2023年4月31日"), None);
        assert_eq!(parse("2023年12月31日"), Some(day(2023, 12, 31)));
        assert_eq!(parse("2023年1月0日"), None);
        assert_eq!(parse("2023年13月"), None);
        assert_eq!(parse("2023年0月"), None);
        // Scan falls back to the longest valid prefix.
        assert_eq!(found("2023年2月30日"), vec![("2023年2月", month(2023, 2))]);
        assert_eq!(found("2023年13月1日"), vec![("2023年", year(2023))]);
    }

    #[test]
    fn year_boundaries_in_text() {
        assert_eq!(found("12024年"), vec![]);
        assert_eq!(found("57件"), vec![]);
        assert_eq!(found("100年に一度"), vec![]);
        assert_eq!(found("3月13日に"), vec![]);
        assert_eq!(found("十二〇二四年"), vec![]);
        assert_eq!(found("2024年間"), vec![("2024年", year(2024))]);
        assert_eq!(found("99999999999999999999年"), vec![]);
        assert_eq!(found("2021年〜2024年"), vec![("2021年", year(2021)), ("2024年", year(2024))]);
        assert_eq!(
            found("2024年12月31日2025年1月1日"),
            vec![("2024年12月31日", day(2024, 12, 31)), ("2025年1月1日", day(2025, 1, 1))]
        );
    }

    #[test]
    fn scan_paragraph() {
        let text = "本計画は令和6年3月13日に決定し、2024年度から実施する。\
                    前回は平成28(2016)年4月1日、R2.4.1改定。3月13日の会議で確認。";
        let matches = scan(text);
        assert_eq!(matches.len(), 4);
        assert_eq!(
            matches[0],
            DateMatch { start: 12, end: 12 + 3 * 2 + 1 + 3 + 1 + 3 + 2 + 3, value: day(2024, 3, 13) }
        );
        assert_eq!(
            found(text),
            vec![
                ("令和6年3月13日", day(2024, 3, 13)),
                ("2024年度", fiscal(2024)),
                ("平成28(2016)年4月1日", day(2016, 4, 1)),
                ("R2.4.1", day(2020, 4, 1)),
            ]
        );
    }

    /// A minimal linear congruential generator (Knuth's MMIX constants).
    struct Lcg(u64);

    impl Lcg {
        fn below(&mut self, bound: usize) -> usize {
            self.0 = self.0.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            usize::try_from(self.0 >> 33).unwrap_or(0) % bound
        }
    }

    #[test]
    fn random_text_never_breaks_invariants() {
        const PALETTE: &[&str] = &[
            "0", "1", "2", "3", "9", "０", "２", "年", "月", "日", "度", "令和", "平成", "昭和", "大正",
            "明治", "㍻", "元", "十", "二", "〇", "千", "(", ")", "（", "）", " ", "\u{3000}", "\n", ".",
            "/", "-", "R", "h", "あ", "カ", "〜", "é", "𝄞", "2024", "1998", "31", "12", "2024年", "令和6",
            "R6", "年度", "3月", "13日", "(2016)", "4.1",
        ];
        let mut rng = Lcg(0x5EED);
        let mut total = 0;
        for _ in 0..5000 {
            let len = rng.below(30);
            let text: String = (0..len).map(|_| PALETTE[rng.below(PALETTE.len())]).collect();
            let mut previous_end = 0;
            for m in scan(&text) {
                assert!(m.start < m.end, "{text:?}: empty match {m:?}");
                assert!(m.start >= previous_end, "{text:?}: overlapping {m:?}");
                assert!(text.is_char_boundary(m.start) && text.is_char_boundary(m.end));
                assert_eq!(parse(&text[m.start..m.end]), Some(m.value), "{text:?}: {m:?}");
                previous_end = m.end;
                total += 1;
            }
            // parse must not panic either.
            let _ = parse(&text);
        }
        assert!(total > 1000, "the palette should produce plenty of dates, got {total}");
    }
}
