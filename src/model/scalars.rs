//! Deserialisers for request numbers and flags that arrive either as JSON values (`POST` bodies)
//! or as query-string text (`GET` parameters), accepting exactly what the OpenAPI document
//! declares for them.
//!
//! - A whole number is a JSON integer, or a number with no fraction (`1.0`, `-0`, `1e2`: JSON
//!   Schema counts these as integers too), written as a number or as query-string text.
//! - A flag is `true` or `false` (serde_html_form alone would also take `on`).
//!
//! Range checks are the engine's (see [`limits`](super::limits)), so the error names the limit.

use std::fmt;

use serde::Deserializer;
use serde::de::{self, Visitor};

/// Deserialises a whole number ≥ 0 (use as `#[serde(deserialize_with = ...)]`).
pub fn whole_number<'de, D: Deserializer<'de>>(deserializer: D) -> Result<usize, D::Error> {
    deserializer.deserialize_any(WholeNumber)
}

/// Deserialises an optional whole number; JSON `null` is none (an empty query-string value is
/// no number, and an error).
pub fn optional_whole_number<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<usize>, D::Error> {
    deserializer.deserialize_any(OptionalWholeNumber)
}

/// Deserialises `true` or `false`.
pub fn flag<'de, D: Deserializer<'de>>(deserializer: D) -> Result<bool, D::Error> {
    deserializer.deserialize_any(Flag)
}

struct WholeNumber;

impl Visitor<'_> for WholeNumber {
    type Value = usize;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a whole number")
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<usize, E> {
        usize::try_from(v).map_err(|_| E::custom(format!("{v} is too large")))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<usize, E> {
        usize::try_from(v).map_err(|_| E::custom(format!("{v} is not a whole number ≥ 0")))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<usize, E> {
        // Whole and within range: the cast is exact (up to 2^53; larger fails the range check).
        if v.is_finite() && v.fract() == 0.0 && v > -1.0 && v < 2f64.powi(53) {
            Ok(v.abs() as usize)
        } else {
            Err(E::custom(format!("{v} is not a whole number ≥ 0")))
        }
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<usize, E> {
        let not_whole = || E::custom(format!("{v:?} is not a whole number"));
        // Query-string text: digits, or a JSON number with no fraction (`1.0`, `-0`).
        if let Ok(n) = v.parse::<u64>()
            && v.bytes().all(|b| b.is_ascii_digit())
        {
            return self.visit_u64(n);
        }
        if v.contains(|c: char| c.is_whitespace()) {
            return Err(not_whole());
        }
        match serde_json::from_str::<serde_json::Number>(v) {
            Ok(n) => match (n.as_u64(), n.as_i64(), n.as_f64()) {
                (Some(u), _, _) => self.visit_u64(u),
                (_, Some(i), _) => self.visit_i64(i),
                (_, _, Some(f)) => self.visit_f64(f).map_err(|_: E| not_whole()),
                _ => Err(not_whole()),
            },
            Err(_) => Err(not_whole()),
        }
    }
}

struct OptionalWholeNumber;

impl Visitor<'_> for OptionalWholeNumber {
    type Value = Option<usize>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a whole number or null")
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        WholeNumber.visit_u64(v).map(Some)
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        WholeNumber.visit_i64(v).map(Some)
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        WholeNumber.visit_f64(v).map(Some)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        WholeNumber.visit_str(v).map(Some)
    }
}

struct Flag;

impl Visitor<'_> for Flag {
    type Value = bool;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("true or false")
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<bool, E> {
        Ok(v)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<bool, E> {
        match v {
            "true" => Ok(true),
            "false" => Ok(false),
            _ => Err(E::custom(format!("{v:?} is not true or false"))),
        }
    }
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    use super::*;

    #[derive(Debug, Deserialize)]
    struct Probe {
        #[serde(deserialize_with = "whole_number")]
        n: usize,
        #[serde(default, deserialize_with = "optional_whole_number")]
        m: Option<usize>,
        #[serde(default, deserialize_with = "flag")]
        f: bool,
    }

    fn form(query: &str) -> Result<Probe, String> {
        serde_html_form::from_str(query).map_err(|e| e.to_string())
    }

    #[test]
    fn whole_numbers_as_json_schema_counts_them() {
        for (text, n) in [("7", 7), ("1.0", 1), ("-0", 0), ("1e2", 100), ("0", 0)] {
            assert_eq!(form(&format!("n={text}")).unwrap().n, n, "{text}");
            let json: Probe = serde_json::from_str(&format!(r#"{{"n": {text}}}"#)).unwrap();
            assert_eq!(json.n, n, "{text}");
        }
        for bad in ["ten", "1.5", "-1", "", " 1", "+1", "NaN", "inf", "0x10"] {
            let err = form(&format!("n={bad}")).unwrap_err();
            assert!(err.contains("not a whole number"), "{bad}: {err}");
        }
        assert!(serde_json::from_str::<Probe>(r#"{"n": 2.5}"#).is_err());
        assert!(serde_json::from_str::<Probe>(r#"{"n": -3}"#).is_err());
    }

    #[test]
    fn optional_numbers_and_flags() {
        let p = form("n=1&m=2&f=true").unwrap();
        assert_eq!((p.m, p.f), (Some(2), true));
        assert_eq!(form("n=1").unwrap().m, None);
        assert!(form("n=1&m=").is_err(), "an empty value is no number");
        let p: Probe = serde_json::from_str(r#"{"n": 1, "m": null, "f": false}"#).unwrap();
        assert_eq!((p.m, p.f), (None, false));
        for bad in ["on", "1", "0", "", "TRUE"] {
            assert!(form(&format!("n=1&f={bad}")).is_err(), "{bad}");
        }
    }
}
