//! Laws as articles: e-Gov law XML ([`xml`]) and the plain-text laws e-Gov renders ([`text`]).
//!
//! Both readers make a [`Source`](super::source::Source) whose headings follow the law's own
//! structure, so every article (条) is one passage and its heading path reads like a citation:
//! `第四章 労働時間、休憩、休日及び年次有給休暇 › 第三十二条(労働時間)`. The levels are
//! [`division_level`] for 編・章・節・款・目, [`ARTICLE_LEVEL`] for an article; supplementary
//! provisions (附則) and appended tables (別表) stand at the top, beside the 編.
//!
//! The title, law number (`昭和二十二年法律第四十九号`) and abbreviation open the document as
//! its first passage, so a search for the law's name or abbreviation (`労基法`) finds it. The
//! table of contents (目次) is left out: it repeats the headings, and every article number in
//! it would be a false hit.
//!
//! ```
//! use seisaku::ingest::dates::JpDate;
//! use seisaku::ingest::law::{ARTICLE_LEVEL, division_level, fiscal_year};
//! assert_eq!(division_level('章'), Some(1));
//! assert!(division_level('目').unwrap() < ARTICLE_LEVEL);
//! // A law number names only its year (明治二十九年法律第八十九号): that year is the fiscal year.
//! assert_eq!(fiscal_year(JpDate::Year { year: 1896 }), Some(1896));
//! assert_eq!(fiscal_year(JpDate::Day { year: 1947, month: 3, day: 31 }), Some(1946));
//! ```

pub mod text;
pub mod xml;

use super::dates::JpDate;

/// Heading level of an article (条), below every division.
pub const ARTICLE_LEVEL: u8 = 5;
/// Heading level of supplementary provisions (附則) and appended tables (別表): the top.
pub const TOP_LEVEL: u8 = 0;
/// Label of the law number in [`FormatMeta::details`](super::source::FormatMeta::details).
pub const LAW_NUMBER: &str = "law number";
/// Label in front of a law's abbreviation in its first passage.
pub const ABBREVIATION_LABEL: &str = "略称";

/// Heading level of a division of a law: 編 0, 章 1, 節 2, 款 3, 目 4.
pub fn division_level(kind: char) -> Option<u8> {
    match kind {
        '編' => Some(0),
        '章' => Some(1),
        '節' => Some(2),
        '款' => Some(3),
        '目' => Some(4),
        _ => None,
    }
}

/// The fiscal year of a law dated `date`. A full date falls in its 年度 as any date does; a law
/// known only by its law number's year (`明治二十九年法律第八十九号`) takes that calendar year:
/// law numbers are counted per calendar year, and most laws are promulgated from April on (the
/// 国会 passes the budget's laws by the end of March, the rest later), so the year is the better
/// guess of the two it could be. `民法` (promulgated 1896-04-27) gets 1896.
pub fn fiscal_year(date: JpDate) -> Option<i32> {
    match date {
        JpDate::Year { year } => Some(year),
        other => other.fiscal_year(),
    }
}

/// The abbreviations of e-Gov's `Abbrev` attribute (`個人情報保護法,個情法`), one by one.
pub fn abbreviations(abbrev: &str) -> Vec<String> {
    abbrev.split([',', '，', '、']).map(str::trim).filter(|a| !a.is_empty()).map(str::to_owned).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn abbreviations_are_split() {
        assert_eq!(abbreviations("個人情報保護法,個情法"), ["個人情報保護法", "個情法"]);
        assert!(abbreviations(" ").is_empty());
    }
}
