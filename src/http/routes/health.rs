//! `GET /health`.

use axum::Json;
use axum::extract::State;

use super::blocking;
use crate::http::AppState;
use crate::http::error::ApiError;
use crate::model::IndexStatus;

/// Get the index status
///
/// Index size and commit generation (changes when another process commits).
#[utoipa::path(
    get,
    tag = "status",
    path = "/health",
    operation_id = "getHealth",
    responses((status = 200, description = "Index status", body = IndexStatus))
)]
pub async fn get(State(state): State<AppState>) -> Result<Json<IndexStatus>, ApiError> {
    Ok(Json(blocking(&state.engine, |engine| engine.status()).await?))
}
