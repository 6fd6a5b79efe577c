//! Query-string parameters of the GET endpoints, parsed into the model's request types.
//!
//! Parsing is strict: an unknown parameter, a repeated single-valued one, or a value that does not
//! parse is a 400 naming the parameter (never silently ignored or clamped). `ministry` and
//! `theme` may repeat.

use std::collections::HashSet;

use super::error::ApiError;
use crate::model::{
    CooccurRequest, KwicRequest, RelatedRequest, SearchRequest, Sort, TermsRequest, TrendBy, TrendRequest,
};

/// Longest highlight tag accepted.
const MAX_TAG_CHARS: usize = 64;

/// Key/value pairs of a raw query string, checked against the allowed keys.
struct Params {
    pairs: Vec<(String, String)>,
}

impl Params {
    fn parse(raw: Option<&str>, allowed: &[&str], repeatable: &[&str]) -> Result<Self, ApiError> {
        let pairs: Vec<(String, String)> = form_urlencoded::parse(raw.unwrap_or_default().as_bytes())
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
        let mut seen = HashSet::new();
        for (key, _) in &pairs {
            if !allowed.contains(&key.as_str()) {
                return Err(ApiError::parameter(
                    key,
                    format!("unknown parameter (allowed: {})", allowed.join(", ")),
                ));
            }
            if !seen.insert(key.as_str()) && !repeatable.contains(&key.as_str()) {
                return Err(ApiError::parameter(key, "given more than once"));
            }
        }
        Ok(Self { pairs })
    }

    fn one(&self, key: &str) -> Option<&str> {
        self.pairs.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
    }

    fn all(&self, key: &str) -> Vec<String> {
        self.pairs.iter().filter(|(k, v)| k == key && !v.is_empty()).map(|(_, v)| v.clone()).collect()
    }

    fn number(&self, key: &str) -> Result<Option<usize>, ApiError> {
        self.one(key)
            .map(|v| {
                v.parse::<usize>()
                    .map_err(|_| ApiError::parameter(key, format!("{v:?} is not a whole number")))
            })
            .transpose()
    }

    fn flag(&self, key: &str) -> Result<bool, ApiError> {
        match self.one(key) {
            None | Some("false" | "0") => Ok(false),
            Some("" | "true" | "1") => Ok(true),
            Some(other) => Err(ApiError::parameter(key, format!("{other:?} is not true or false"))),
        }
    }

    fn tag(&self, key: &str, default: String) -> Result<String, ApiError> {
        match self.one(key) {
            Some(tag) if tag.chars().count() > MAX_TAG_CHARS => {
                Err(ApiError::parameter(key, format!("longer than {MAX_TAG_CHARS} characters")))
            }
            Some(tag) => Ok(tag.to_owned()),
            None => Ok(default),
        }
    }
}

/// `GET /api/search` parameters.
pub fn search(raw: Option<&str>) -> Result<SearchRequest, ApiError> {
    const KEYS: [&str; 11] = [
        "q",
        "ministry",
        "fy",
        "theme",
        "limit",
        "offset",
        "sort",
        "highlight_pre",
        "highlight_post",
        "exact",
        "collapse_reposts",
    ];
    let p = Params::parse(raw, &KEYS, &["ministry", "theme"])?;
    let defaults = SearchRequest::default();
    Ok(SearchRequest {
        q: p.one("q").unwrap_or_default().to_owned(),
        ministry: p.all("ministry"),
        fy: p.one("fy").filter(|v| !v.is_empty()).map(str::to_owned),
        theme: p.all("theme"),
        limit: p.number("limit")?.unwrap_or(defaults.limit),
        offset: p.number("offset")?.unwrap_or(defaults.offset),
        sort: match p.one("sort") {
            None | Some("relevance") => Sort::Relevance,
            Some("date") => Sort::Date,
            Some(other) => {
                return Err(ApiError::parameter("sort", format!("{other:?} is not relevance or date")));
            }
        },
        highlight_pre: p.tag("highlight_pre", defaults.highlight_pre)?,
        highlight_post: p.tag("highlight_post", defaults.highlight_post)?,
        exact: p.flag("exact")?,
        collapse_reposts: p.flag("collapse_reposts")?,
    })
}

/// `GET /api/trend` parameters.
pub fn trend(raw: Option<&str>) -> Result<TrendRequest, ApiError> {
    let p = Params::parse(raw, &["q", "by", "fy", "exact"], &[])?;
    Ok(TrendRequest {
        q: p.one("q").unwrap_or_default().to_owned(),
        by: match p.one("by") {
            None | Some("fy") => TrendBy::Fy,
            Some("ministry") => TrendBy::Ministry,
            Some("theme") => TrendBy::Theme,
            Some(other) => {
                return Err(ApiError::parameter("by", format!("{other:?} is not fy, ministry or theme")));
            }
        },
        fy: p.one("fy").filter(|v| !v.is_empty()).map(str::to_owned),
        exact: p.flag("exact")?,
    })
}

/// Most lines `GET /api/kwic` returns.
pub const MAX_KWIC_LINES: usize = 1000;

/// `GET /api/kwic` parameters.
pub fn kwic(raw: Option<&str>) -> Result<KwicRequest, ApiError> {
    let p = Params::parse(raw, &["q", "width", "limit", "exact"], &[])?;
    let limit = p.number("limit")?.unwrap_or(100);
    if limit == 0 || limit > MAX_KWIC_LINES {
        return Err(ApiError::parameter("limit", format!("{limit} is out of range (1 to {MAX_KWIC_LINES})")));
    }
    Ok(KwicRequest {
        q: p.one("q").unwrap_or_default().to_owned(),
        width: p.number("width")?.unwrap_or(20),
        limit: Some(limit),
        exact: p.flag("exact")?,
    })
}

/// `GET /api/terms` parameters.
pub fn terms(raw: Option<&str>) -> Result<TermsRequest, ApiError> {
    let p = Params::parse(
        raw,
        &["q", "ministry", "theme", "fy", "vs", "limit", "exact"],
        &["ministry", "theme"],
    )?;
    let years = |key| p.one(key).filter(|v| !v.is_empty()).map(str::to_owned);
    Ok(TermsRequest {
        q: p.one("q").unwrap_or_default().to_owned(),
        ministry: p.all("ministry"),
        theme: p.all("theme"),
        fy: years("fy"),
        vs: years("vs"),
        limit: p.number("limit")?.unwrap_or(TermsRequest::default().limit),
        exact: p.flag("exact")?,
    })
}

/// `GET /api/cooccur` parameters.
pub fn cooccur(raw: Option<&str>) -> Result<CooccurRequest, ApiError> {
    let p = Params::parse(raw, &["q", "ministry", "theme", "fy", "limit", "exact"], &["ministry", "theme"])?;
    Ok(CooccurRequest {
        q: p.one("q").unwrap_or_default().to_owned(),
        ministry: p.all("ministry"),
        theme: p.all("theme"),
        fy: p.one("fy").filter(|v| !v.is_empty()).map(str::to_owned),
        limit: p.number("limit")?.unwrap_or(CooccurRequest::default().limit),
        exact: p.flag("exact")?,
    })
}

/// `GET /api/passages/{id}/related` parameters (the passage comes from the path).
pub fn related(passage: String, raw: Option<&str>) -> Result<RelatedRequest, ApiError> {
    let p = Params::parse(raw, &["other_years", "limit"], &[])?;
    Ok(RelatedRequest {
        passage,
        other_years: p.flag("other_years")?,
        limit: p.number("limit")?.unwrap_or(RelatedRequest::default().limit),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeated_filters_and_defaults() {
        let r =
            search(Some("q=IoT&ministry=%E7%B7%8F%E5%8B%99%E7%9C%81&ministry=METI&fy=2021..2024")).unwrap();
        assert_eq!(
            (r.q.as_str(), r.ministry.len(), r.fy.as_deref(), r.limit),
            ("IoT", 2, Some("2021..2024"), 10)
        );
    }

    #[test]
    fn bad_parameters_are_named() {
        for (raw, name) in [
            ("q=a&limit=ten", "limit"),
            ("q=a&lmit=1", "lmit"),
            ("q=a&q=b", "q"),
            ("q=a&sort=best", "sort"),
            ("q=a&exact=maybe", "exact"),
        ] {
            let err = search(Some(raw)).unwrap_err();
            assert!(err.message.contains(name), "{raw}: {}", err.message);
        }
        assert!(trend(Some("q=a&by=week")).unwrap_err().message.contains("by"));
        assert!(kwic(Some("q=a&limit=5000")).unwrap_err().message.contains("limit"));
    }
}
