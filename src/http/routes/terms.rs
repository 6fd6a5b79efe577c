//! `GET /api/terms`.

use axum::Json;
use axum::extract::{RawQuery, State};

use super::blocking;
use crate::http::AppState;
use crate::http::error::{ApiError, ErrorBody};
use crate::http::params;
use crate::model::TermsResponse;

/// Characteristic terms of the passages matching `q` and the filters within `fy`, against every
/// other passage or those of `vs` (the CLI's `seisaku terms`); scored by G² over passages.
#[utoipa::path(
    get,
    tag = "discovery",
    path = "/api/terms",
    operation_id = "getTerms",
    params(
        ("q" = Option<String>, Query, description = "Query selecting the foreground (search syntax)"),
        ("ministry" = Option<Vec<String>>, Query, description = "Responsible ministry (repeatable)"),
        ("theme" = Option<Vec<String>>, Query, description = "Theme (repeatable)"),
        ("fy" = Option<String>, Query, description = "Foreground fiscal years: 2023 or 2021..2024"),
        ("vs" = Option<String>, Query, description = "Background fiscal years (default: every other passage)"),
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
    let request = params::terms(raw.as_deref())?;
    Ok(Json(blocking(&state.engine, move |engine| engine.terms(&request)).await?))
}
