//! [`Date`]: a publication date as precise as its source is — a day, a month or only a year.
//!
//! On the wire (JSON, CSV, sidecars) a date is its ISO 8601 text: `2024-03-13`, `2024-03` or
//! `2024`. Dates order chronologically with the less precise first (`2024` < `2024-01` <
//! `2024-01-01`), which is also what [`Date::sort_key`] gives as a number for a fast field.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// First month of a Japanese fiscal year (年度 runs April to March).
pub const FISCAL_YEAR_FIRST_MONTH: u8 = 4;

/// A calendar date, a year and month, or a year (Gregorian; years 1–9999).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    year: i32,
    month: Option<u8>,
    day: Option<u8>,
}

impl Date {
    /// A whole date; `None` unless it exists in the calendar.
    pub fn ymd(year: i32, month: u32, day: u32) -> Option<Self> {
        let month = Self::ym(year, month)?.month?;
        let day = u8::try_from(day).ok().filter(|&d| d >= 1 && d <= days_in_month(year, month))?;
        Some(Self { year, month: Some(month), day: Some(day) })
    }

    /// A year and month; `None` for a month outside 1–12.
    pub fn ym(year: i32, month: u32) -> Option<Self> {
        let month = u8::try_from(month).ok().filter(|m| (1..=12).contains(m))?;
        Some(Self { month: Some(month), ..Self::y(year)? })
    }

    /// A year only; `None` outside 1–9999.
    pub fn y(year: i32) -> Option<Self> {
        (1..=9999).contains(&year).then_some(Self { year, month: None, day: None })
    }

    /// The year.
    pub fn year(&self) -> i32 {
        self.year
    }

    /// The fiscal year (年度) the date falls in: January to March belong to the previous one.
    /// `None` for a bare year, which straddles two fiscal years.
    pub fn fiscal_year(&self) -> Option<i32> {
        let month = self.month?;
        Some(if month >= FISCAL_YEAR_FIRST_MONTH { self.year } else { self.year - 1 })
    }

    /// The first month of fiscal year `year`: where a document known only by its 年度 sorts.
    pub fn fiscal_year_start(year: i32) -> Option<Self> {
        Self::ym(year, u32::from(FISCAL_YEAR_FIRST_MONTH))
    }

    /// `yyyymmdd` with zeros for what is unknown (`2024-03` → 20240300): the order of dates as
    /// a number, for a fast field.
    pub fn sort_key(&self) -> u64 {
        let year = u64::try_from(self.year).unwrap_or(0);
        year * 10_000 + u64::from(self.month.unwrap_or(0)) * 100 + u64::from(self.day.unwrap_or(0))
    }
}

fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 31,
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.year)?;
        if let Some(month) = self.month {
            write!(f, "-{month:02}")?;
        }
        if let Some(day) = self.day {
            write!(f, "-{day:02}")?;
        }
        Ok(())
    }
}

/// Why a text is not an ISO date.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0:?} is not an ISO 8601 date (YYYY-MM-DD, YYYY-MM or YYYY)")]
pub struct DateParseError(String);

impl FromStr for Date {
    type Err = DateParseError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let error = || DateParseError(text.to_owned());
        let mut parts = text.split('-');
        let mut number = |digits: usize| -> Result<Option<u32>, DateParseError> {
            parts
                .next()
                .map(|p| {
                    (p.len() == digits && p.bytes().all(|b| b.is_ascii_digit()))
                        .then(|| p.parse::<u32>().ok())
                        .flatten()
                        .ok_or_else(error)
                })
                .transpose()
        };
        let year = number(4)?.and_then(|y| i32::try_from(y).ok()).ok_or_else(error)?;
        let date = match (number(2)?, number(2)?) {
            (None, _) => Self::y(year),
            (Some(month), None) => Self::ym(year, month),
            (Some(month), Some(day)) => Self::ymd(year, month, day),
        };
        match (date, parts.next()) {
            (Some(date), None) => Ok(date),
            _ => Err(error()),
        }
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = std::borrow::Cow::<str>::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_text_round_trips() {
        for text in ["2024-03-13", "2024-03", "2024", "1896-04-27"] {
            assert_eq!(text.parse::<Date>().unwrap().to_string(), text);
        }
        for bad in ["FY2024", "2024-13", "2023-02-29", "24-01-01", "2024-1-1", "", "2024-01-01-01"] {
            assert!(bad.parse::<Date>().is_err(), "{bad}");
        }
        assert_eq!(serde_json::to_string(&Date::ymd(2024, 2, 29).unwrap()).unwrap(), "\"2024-02-29\"");
    }

    #[test]
    fn less_precise_dates_sort_first() {
        let (y, ym, ymd) =
            (Date::y(2024).unwrap(), Date::ym(2024, 1).unwrap(), Date::ymd(2024, 1, 1).unwrap());
        assert!(y < ym && ym < ymd && ymd < Date::ym(2024, 2).unwrap());
        assert!(y.sort_key() < ym.sort_key() && ym.sort_key() < ymd.sort_key());
        assert_eq!(ymd.sort_key(), 20240101);
    }

    #[test]
    fn fiscal_years_run_april_to_march() {
        assert_eq!(Date::ymd(2024, 3, 31).unwrap().fiscal_year(), Some(2023));
        assert_eq!(Date::ym(2024, 4).unwrap().fiscal_year(), Some(2024));
        assert_eq!(Date::y(2024).unwrap().fiscal_year(), None);
        assert_eq!(Date::fiscal_year_start(2024).unwrap().to_string(), "2024-04");
    }
}
