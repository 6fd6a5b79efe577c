//! `GET /files/{id}`: the original file of an indexed document, so the web page can open a PDF
//! hit at its page (`/files/report.pdf#page=12`, which browsers' PDF viewers honour).
//!
//! Only files of documents in the index are served, from the corpus folder the server was
//! started with ([`AppState::files`]); any other path is 404, a path stepping out of the folder
//! is 400.

use std::path::Component;

use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};

use super::blocking;
use crate::http::AppState;
use crate::http::error::{ApiError, Code, ErrorBody};

/// Get a document's original file
///
/// The original file of document `id` (a PDF opens at a page with `#page=N`).
#[utoipa::path(
    get,
    tag = "documents",
    path = "/files/{id}",
    operation_id = "getFile",
    params(("id" = String, Path, description = "Document id (corpus-relative path)")),
    responses(
        (status = 200, description = "The file's bytes"),
        (status = 400, description = "A path outside the corpus", body = ErrorBody),
        (status = 404, description = "Unknown id, or no corpus folder", body = ErrorBody),
    )
)]
pub async fn get(State(state): State<AppState>, Path(id): Path<String>) -> Result<Response, ApiError> {
    let relative = std::path::PathBuf::from(&id);
    if !relative.components().all(|c| matches!(c, Component::Normal(_))) {
        return Err(ApiError::parameter("id", "must be a path inside the corpus folder"));
    }
    let Some(corpus) = state.files.clone() else {
        return Err(ApiError::new(Code::NotFound, "this server was started without a corpus folder"));
    };
    let path = corpus.join(&relative);
    let bytes = blocking(&state.engine, move |engine| {
        engine.document(&id)?;
        std::fs::read(&path).map_err(|err| match err.kind() {
            std::io::ErrorKind::NotFound => crate::error::Error::DocumentNotFound(id),
            _ => crate::error::Error::io(&path, err),
        })
    })
    .await?;
    // Text files keep their own encoding: the browser detects it.
    let content_type =
        match relative.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).as_deref() {
            Some("pdf") => "application/pdf",
            _ => "text/plain",
        };
    Ok(([(header::CONTENT_TYPE, content_type)], Body::from(bytes)).into_response())
}
