//! `GET /api/documents/{id}`.

use axum::Json;
use axum::extract::{Path, State};

use super::blocking;
use crate::http::AppState;
use crate::http::error::{ApiError, ErrorBody};
use crate::model::Document;

/// Get a document with all its passages
///
/// A document's metadata and passages. Ids are corpus-relative paths and may contain `/`.
#[utoipa::path(
    get,
    tag = "documents",
    operation_id = "getDocument",
    path = "/api/documents/{id}",
    params(("id" = String, Path, description = "Document id (corpus-relative path)")),
    responses(
        (status = 200, description = "The document", body = Document),
        (status = 404, description = "Unknown id", body = ErrorBody),
    )
)]
pub async fn get(State(state): State<AppState>, Path(id): Path<String>) -> Result<Json<Document>, ApiError> {
    Ok(Json(blocking(&state.engine, move |engine| engine.document(&id)).await?))
}
