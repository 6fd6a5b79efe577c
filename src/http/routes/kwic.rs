//! `GET /api/kwic`.

use axum::Json;
use axum::extract::State;

use super::blocking;
use crate::http::AppState;
use crate::http::error::{ApiError, ErrorBody};
use crate::http::params::Params;
use crate::model::limits::{DEFAULT_KWIC_LINES, MAX_KWIC_LINES};
use crate::model::{KwicLine, KwicRequest};

/// Keyword-in-context lines
///
/// Every occurrence of the query's terms with its context (the CLI's `seisaku kwic`), at most
/// 1,000 lines per request.
#[utoipa::path(
    get,
    tag = "analysis",
    path = "/api/kwic",
    operation_id = "getKwic",
    params(KwicRequest),
    responses(
        (status = 200, description = "Concordance lines", body = Vec<KwicLine>),
        (status = 400, description = "Malformed query or parameter", body = ErrorBody),
    )
)]
pub async fn get(
    State(state): State<AppState>,
    Params(mut request): Params<KwicRequest>,
) -> Result<Json<Vec<KwicLine>>, ApiError> {
    let limit = *request.limit.get_or_insert(DEFAULT_KWIC_LINES);
    if !(1..=MAX_KWIC_LINES).contains(&limit) {
        return Err(ApiError::parameter("limit", format!("{limit} is out of range (1 to {MAX_KWIC_LINES})")));
    }
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
