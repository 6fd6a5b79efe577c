//! `GET /api/passages/{id}/related`.

use axum::Json;
use axum::extract::{Path, RawQuery, State};

use super::blocking;
use crate::http::AppState;
use crate::http::error::{ApiError, ErrorBody};
use crate::http::params;
use crate::model::{Markup, RelatedResponse};

/// Passages of other documents most like passage `id`, grouped by fiscal year (the CLI's
/// `seisaku related`). The id is `DOCUMENT#N`, percent-encoded as one path segment
/// (`000_….txt%2312`; a `/` in the document id as `%2F`).
#[utoipa::path(
    get,
    tag = "discovery",
    path = "/api/passages/{id}/related",
    operation_id = "getRelatedPassages",
    params(
        ("id" = String, Path, description = "Passage: DOCUMENT#N, percent-encoded"),
        ("other_years" = Option<bool>, Query, description = "Only passages about other fiscal years"),
        ("limit" = Option<usize>, Query, description = "Passages to list (1–100, default 10)"),
    ),
    responses(
        (status = 200, description = "Related passages by fiscal year", body = RelatedResponse),
        (status = 400, description = "Malformed passage id or parameter", body = ErrorBody),
        (status = 404, description = "Unknown document", body = ErrorBody),
    )
)]
pub async fn related(
    State(state): State<AppState>,
    Path(id): Path<String>,
    RawQuery(raw): RawQuery,
) -> Result<Json<RelatedResponse>, ApiError> {
    let request = params::related(id, raw.as_deref())?;
    let mut response = blocking(&state.engine, move |engine| engine.related(&request)).await?;
    for hit in response.years.iter_mut().flat_map(|y| y.passages.iter_mut()) {
        hit.snippet.markup = Markup::default();
    }
    Ok(Json(response))
}
