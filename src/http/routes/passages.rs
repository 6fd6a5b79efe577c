//! `GET /api/passages/{id}/related`.

use axum::Json;
use axum::extract::{Path, State};

use super::blocking;
use crate::http::AppState;
use crate::http::error::{ApiError, ErrorBody};
use crate::http::params::Params;
use crate::model::{Markup, RelatedRequest, RelatedResponse};

/// Passages like one passage, by fiscal year
///
/// Passages of other documents most like passage `id`, grouped by fiscal year (the CLI's
/// `seisaku related`). The id is `DOCUMENT#N`, percent-encoded as one path segment
/// (`000_….txt%2312`; a `/` in the document id as `%2F`).
#[utoipa::path(
    get,
    tag = "discovery",
    path = "/api/passages/{id}/related",
    operation_id = "getRelatedPassages",
    params(
        ("id" = String, Path, description = "Passage: DOCUMENT#N, percent-encoded", pattern = r"^.+#[0-9]{1,9}$"),
        RelatedRequest,
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
    Params(mut request): Params<RelatedRequest>,
) -> Result<Json<RelatedResponse>, ApiError> {
    request.passage = id;
    let mut response = blocking(&state.engine, move |engine| engine.related(&request)).await?;
    for hit in response.years.iter_mut().flat_map(|y| y.passages.iter_mut()) {
        hit.snippet.markup = Markup::default();
    }
    Ok(Json(response))
}
