//! `GET /api/kwic`.

use axum::Json;
use axum::extract::{RawQuery, State};

use super::blocking;
use crate::http::AppState;
use crate::http::error::{ApiError, ErrorBody};
use crate::http::params;
use crate::model::KwicLine;

/// Keyword-in-context lines (the CLI's `seisaku kwic`), at most 1,000 per request.
#[utoipa::path(
    get,
    tag = "analysis",
    path = "/api/kwic",
    params(
        ("q" = String, Query, description = "Query (search syntax)"),
        ("width" = Option<usize>, Query, description = "Context characters per side (default 20)"),
        ("limit" = Option<usize>, Query, description = "Lines, 1-1000 (default 100)"),
        ("exact" = Option<bool>, Query, description = "No lexicon expansion"),
    ),
    responses(
        (status = 200, description = "Concordance lines", body = Vec<KwicLine>),
        (status = 400, description = "Malformed query or parameter", body = ErrorBody),
    )
)]
pub async fn get(
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
) -> Result<Json<Vec<KwicLine>>, ApiError> {
    let request = params::kwic(raw.as_deref())?;
    let lines = blocking(&state.engine, move |engine| {
        let mut lines = Vec::new();
        engine.kwic(&request, &mut |line| {
            lines.push(line);
            Ok(std::ops::ControlFlow::Continue(()))
        })?;
        Ok(lines)
    })
    .await?;
    Ok(Json(lines))
}
