//! Query-string parameters: [`Params<T>`] decodes the query string into a model request type
//! that declares its parameters once: serde decodes them (serde_html_form, so
//! `ministry=a&ministry=b` is a list), utoipa's `IntoParams` describes the same fields in the
//! OpenAPI document, and this extractor checks the keys against that description.
//!
//! Decoding is strict: an unknown parameter, a repeated single-valued one, or a value that does
//! not decode is a 400 naming the parameter (never silently ignored or clamped).

use std::any::TypeId;
use std::collections::{HashMap, HashSet};
use std::sync::{Arc, LazyLock, Mutex, PoisonError};

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use serde::de::DeserializeOwned;
use utoipa::IntoParams;
use utoipa::openapi::RefOr;
use utoipa::openapi::path::{Parameter, ParameterIn};
use utoipa::openapi::schema::Schema;

use super::error::ApiError;

/// Extracts `T` from the query string (`GET /api/search?q=…` → `Params<SearchRequest>`).
#[derive(Debug, Clone)]
pub struct Params<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned + IntoParams + 'static> FromRequestParts<S> for Params<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, ApiError> {
        decode(parts.uri.query().unwrap_or_default()).map(Params)
    }
}

/// The parameters `T` declares, each with whether it may repeat.
type Declared = Arc<[(String, bool)]>;

/// [`Declared`] parameters of `T`, worked out once per type: utoipa builds the whole OpenAPI
/// description of every parameter on each call (2 % of a rare query's time on the laws).
fn declared<T: IntoParams + 'static>() -> Declared {
    static DECLARED: LazyLock<Mutex<HashMap<TypeId, Declared>>> = LazyLock::new(Mutex::default);
    let mut known = DECLARED.lock().unwrap_or_else(PoisonError::into_inner);
    Arc::clone(known.entry(TypeId::of::<T>()).or_insert_with(|| {
        T::into_params(|| Some(ParameterIn::Query)).iter().map(|p| (p.name.clone(), is_list(p))).collect()
    }))
}

/// Decodes a raw query string into `T`.
pub fn decode<T: DeserializeOwned + IntoParams + 'static>(query: &str) -> Result<T, ApiError> {
    let declared = declared::<T>();
    let mut seen = HashSet::new();
    for (key, _) in form_urlencoded::parse(query.as_bytes()) {
        let Some((_, list)) = declared.iter().find(|(name, _)| *name == key) else {
            let names: Vec<&str> = declared.iter().map(|(name, _)| name.as_str()).collect();
            return Err(ApiError::parameter(
                &key,
                format!("unknown parameter (allowed: {})", names.join(", ")),
            ));
        };
        if !seen.insert(key.clone()) && !list {
            return Err(ApiError::parameter(&key, "given more than once"));
        }
    }
    let deserializer = serde_html_form::Deserializer::from_bytes(query.as_bytes());
    serde_path_to_error::deserialize(deserializer)
        .map_err(|err| ApiError::parameter(&err.path().to_string(), err.into_inner()))
}

/// True for a parameter that may repeat (its schema is an array).
fn is_list(parameter: &Parameter) -> bool {
    matches!(&parameter.schema, Some(RefOr::T(Schema::Array(_))))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{KwicRequest, SearchRequest, Sort, TrendBy, TrendRequest};

    #[test]
    fn repeated_filters_and_defaults() {
        let r: SearchRequest =
            decode("q=IoT&ministry=%E7%B7%8F%E5%8B%99%E7%9C%81&ministry=METI&fy=2021..2024").unwrap();
        assert_eq!(
            (r.q.as_str(), r.ministry.len(), r.fy.as_deref(), r.limit, r.sort),
            ("IoT", 2, Some("2021..2024"), 10, Sort::Relevance)
        );
        let r: SearchRequest = decode("q=a&limit=5&offset=1.0&sort=date&exact=true").unwrap();
        assert_eq!((r.limit, r.offset, r.sort, r.exact), (5, 1, Sort::Date, true));
        let t: TrendRequest = decode("q=a&by=ministry").unwrap();
        assert_eq!(t.by, TrendBy::Ministry);
        let k: KwicRequest = decode("q=a&width=0").unwrap();
        assert_eq!((k.width, k.limit), (0, None));
    }

    #[test]
    fn bad_parameters_are_named() {
        for (raw, message) in [
            ("q=a&limit=ten", "invalid parameter limit: \"ten\" is not a whole number"),
            ("q=a&lmit=1", "invalid parameter lmit: unknown parameter (allowed: q, ministry,"),
            ("q=a&q=b", "invalid parameter q: given more than once"),
            ("q=a&sort=best", "invalid parameter sort: unknown variant `best`"),
            ("q=a&exact=maybe", "invalid parameter exact: \"maybe\" is not true or false"),
            ("q=a&exact=", "invalid parameter exact: \"\" is not true or false"),
            ("q=a&collapse_reposts=on", "invalid parameter collapse_reposts: \"on\" is not true or false"),
            ("q=a&offset=-1", "invalid parameter offset: -1 is not a whole number ≥ 0"),
            ("q=a&limit=", "invalid parameter limit: \"\" is not a whole number"),
        ] {
            let err = decode::<SearchRequest>(raw).unwrap_err();
            assert!(err.message.starts_with(message), "{raw}: {}", err.message);
        }
        assert!(decode::<TrendRequest>("q=a&by=week").unwrap_err().message.contains("by"));
        assert!(decode::<KwicRequest>("q=a&width=wide").unwrap_err().message.contains("width"));
    }
}
