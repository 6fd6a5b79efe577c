//! `GET /api/cooccur`.

use axum::Json;
use axum::extract::{RawQuery, State};

use super::blocking;
use crate::http::AppState;
use crate::http::error::{ApiError, ErrorBody};
use crate::http::params;
use crate::model::TermsResponse;

/// Terms occurring in the passages that match `q`, against the other passages within the
/// filters (the CLI's `seisaku cooccur`); scored by G² over passages.
#[utoipa::path(
    get,
    tag = "discovery",
    path = "/api/cooccur",
    operation_id = "getCooccurring",
    params(
        ("q" = String, Query, description = "Query (search syntax)"),
        ("ministry" = Option<Vec<String>>, Query, description = "Responsible ministry (repeatable)"),
        ("theme" = Option<Vec<String>>, Query, description = "Theme (repeatable)"),
        ("fy" = Option<String>, Query, description = "Fiscal year or range"),
        ("limit" = Option<usize>, Query, description = "Terms to list (1–500, default 20)"),
        ("exact" = Option<bool>, Query, description = "No lexicon expansion"),
    ),
    responses(
        (status = 200, description = "Terms, best first", body = TermsResponse),
        (status = 400, description = "Malformed query or parameter", body = ErrorBody),
    )
)]
pub async fn get(
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
) -> Result<Json<TermsResponse>, ApiError> {
    let request = params::cooccur(raw.as_deref())?;
    Ok(Json(blocking(&state.engine, move |engine| engine.cooccur(&request)).await?))
}
