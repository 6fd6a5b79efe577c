//! `GET /api/terms`.

use axum::Json;
use axum::extract::State;

use super::blocking;
use crate::http::AppState;
use crate::http::error::{ApiError, ErrorBody};
use crate::http::params::Params;
use crate::model::{TermsRequest, TermsResponse};

/// Characteristic terms of a set of passages
///
/// Characteristic terms of the passages matching `q` and the filters within `fy`, against every
/// other passage or those of `vs` (the CLI's `seisaku terms`); scored by G² over passages.
/// Two rules across parameters (a 400 otherwise): give a query, a filter or `fy` (the
/// foreground cannot be every passage), and `vs` only together with `fy`.
#[utoipa::path(
    get,
    tag = "discovery",
    path = "/api/terms",
    operation_id = "getTerms",
    params(TermsRequest),
    responses(
        (status = 200, description = "Terms, best first", body = TermsResponse),
        (status = 400, description = "Malformed query or parameter", body = ErrorBody),
    )
)]
pub async fn get(
    State(state): State<AppState>,
    Params(request): Params<TermsRequest>,
) -> Result<Json<TermsResponse>, ApiError> {
    Ok(Json(blocking(&state.engine, move |engine| engine.terms(&request)).await?))
}
