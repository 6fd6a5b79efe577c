//! `GET /api/trend`.

use axum::Json;
use axum::extract::State;

use super::blocking;
use crate::http::AppState;
use crate::http::error::{ApiError, ErrorBody};
use crate::http::params::Params;
use crate::model::{TrendRequest, TrendResponse};

/// Count matches per fiscal year, ministry or theme
///
/// Matching passages, all passages and their ratio per bucket (the CLI's `seisaku trend`).
#[utoipa::path(
    get,
    tag = "analysis",
    path = "/api/trend",
    operation_id = "getTrend",
    params(TrendRequest),
    responses(
        (status = 200, description = "Buckets", body = TrendResponse),
        (status = 400, description = "Malformed query or parameter", body = ErrorBody),
    )
)]
pub async fn get(
    State(state): State<AppState>,
    Params(request): Params<TrendRequest>,
) -> Result<Json<TrendResponse>, ApiError> {
    Ok(Json(blocking(&state.engine, move |engine| engine.trend(&request)).await?))
}
