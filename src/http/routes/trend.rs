//! `GET /api/trend`.

use axum::Json;
use axum::extract::{RawQuery, State};

use super::blocking;
use crate::http::AppState;
use crate::http::error::{ApiError, ErrorBody};
use crate::http::params;
use crate::model::TrendResponse;

/// Matching passages, all passages and their ratio per bucket (the CLI's `seisaku trend`).
#[utoipa::path(
    get,
    tag = "analysis",
    path = "/api/trend",
    params(
        ("q" = String, Query, description = "Query (search syntax)"),
        ("by" = Option<String>, Query, description = "fy (default), ministry or theme"),
        ("fy" = Option<String>, Query, description = "Fiscal year or range"),
        ("exact" = Option<bool>, Query, description = "No lexicon expansion"),
    ),
    responses(
        (status = 200, description = "Buckets", body = TrendResponse),
        (status = 400, description = "Malformed query or parameter", body = ErrorBody),
    )
)]
pub async fn get(
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
) -> Result<Json<TrendResponse>, ApiError> {
    let request = params::trend(raw.as_deref())?;
    Ok(Json(blocking(&state.engine, move |engine| engine.trend(&request)).await?))
}
