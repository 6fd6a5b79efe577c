//! `GET /api/facets`.

use axum::Json;
use axum::extract::State;

use super::blocking;
use crate::http::AppState;
use crate::http::error::ApiError;
use crate::model::FacetsResponse;

/// List facet values
///
/// Every facet value of the index (ministries, fiscal years, themes) with its passage count.
#[utoipa::path(
    get,
    tag = "search",
    path = "/api/facets",
    operation_id = "listFacets",
    responses((status = 200, description = "Facet counts", body = FacetsResponse))
)]
pub async fn get(State(state): State<AppState>) -> Result<Json<FacetsResponse>, ApiError> {
    Ok(Json(blocking(&state.engine, |engine| engine.facets()).await?))
}
