//! `GET /api/search` and `POST /api/search`.

use axum::Json;
use axum::extract::State;
use axum::extract::rejection::JsonRejection;

use super::inline;
use crate::http::AppState;
use crate::http::error::{ApiError, ErrorBody};
use crate::http::params::Params;
use crate::model::limits::MAX_TAG_CHARS;
use crate::model::{Markup, SearchRequest, SearchResponse};

/// Search passages, grouped by document
///
/// Hits are documents, each represented by its best passage; facets are counted over every
/// matching passage. The parameters are those of the `POST` body.
#[utoipa::path(
    get,
    tag = "search",
    path = "/api/search",
    operation_id = "searchPassages",
    params(SearchRequest),
    responses(
        (status = 200, description = "Hits grouped by document, facets over all matches", body = SearchResponse),
        (status = 400, description = "Malformed query or parameter", body = ErrorBody),
    )
)]
pub async fn get(
    State(state): State<AppState>,
    Params(request): Params<SearchRequest>,
) -> Result<Json<SearchResponse>, ApiError> {
    run(&state, request).await
}

/// Search passages, with a JSON body
///
/// The same search as `GET /api/search`, its parameters as a JSON object
/// (`Content-Type: application/json`, at most 64 KiB).
#[utoipa::path(
    post,
    tag = "search",
    path = "/api/search",
    operation_id = "searchPassagesByBody",
    request_body = SearchRequest,
    responses(
        (status = 200, description = "Hits grouped by document, facets over all matches", body = SearchResponse),
        (status = 400, description = "Malformed query, parameter or body", body = ErrorBody),
        (status = 413, description = "Body over 64 KiB", body = ErrorBody),
        (status = 415, description = "Body is not application/json", body = ErrorBody),
    )
)]
pub async fn post(
    State(state): State<AppState>,
    body: Result<Json<SearchRequest>, JsonRejection>,
) -> Result<Json<SearchResponse>, ApiError> {
    let Json(request) = body?;
    run(&state, request).await
}

/// Searches, and renders the snippets as HTML-escaped text with the request's highlight tags.
async fn run(state: &AppState, request: SearchRequest) -> Result<Json<SearchResponse>, ApiError> {
    let markup = markup(&request)?;
    let mut response = inline(&state.engine, move |engine| engine.search(&request)).await?;
    response.mark(&markup);
    Ok(Json(response))
}

/// The request's snippet markup, once its highlight tags are checked (at most
/// [`MAX_TAG_CHARS`] characters each).
pub(super) fn markup(request: &SearchRequest) -> Result<Markup, ApiError> {
    for (name, tag) in
        [("highlight_pre", &request.highlight_pre), ("highlight_post", &request.highlight_post)]
    {
        if tag.chars().count() > MAX_TAG_CHARS {
            return Err(ApiError::parameter(name, format!("longer than {MAX_TAG_CHARS} characters")));
        }
    }
    Ok(request.html_markup())
}
