//! `GET /api/cooccur`.

use axum::Json;
use axum::extract::State;

use super::blocking;
use crate::http::AppState;
use crate::http::error::{ApiError, ErrorBody};
use crate::http::params::Params;
use crate::model::{CooccurRequest, TermsResponse};

/// Terms that go with a query
///
/// Terms occurring in the passages that match `q`, against the other passages within the
/// filters (the CLI's `seisaku cooccur`); scored by G² over passages.
#[utoipa::path(
    get,
    tag = "discovery",
    path = "/api/cooccur",
    operation_id = "getCooccurring",
    params(CooccurRequest),
    responses(
        (status = 200, description = "Terms, best first", body = TermsResponse),
        (status = 400, description = "Malformed query or parameter", body = ErrorBody),
    )
)]
pub async fn get(
    State(state): State<AppState>,
    Params(request): Params<CooccurRequest>,
) -> Result<Json<TermsResponse>, ApiError> {
    Ok(Json(blocking(&state.engine, move |engine| engine.cooccur(&request)).await?))
}
