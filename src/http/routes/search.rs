//! `GET /api/search` and `POST /api/search`.

use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::extract::{RawQuery, State};

use super::blocking;
use crate::http::AppState;
use crate::http::error::{ApiError, ErrorBody};
use crate::http::params;
use crate::model::{SearchRequest, SearchResponse};

/// Searches with query-string parameters.
#[utoipa::path(
    get,
    tag = "search",
    path = "/api/search",
    params(
        ("q" = String, Query, description = "Query: terms (AND), \"phrases\", OR, -excluded, =exact, ministry:/fy:/theme: filters"),
        ("ministry" = Option<Vec<String>>, Query, description = "Responsible ministry (repeatable)"),
        ("fy" = Option<String>, Query, description = "Fiscal year 2023 or range 2021..2024"),
        ("theme" = Option<Vec<String>>, Query, description = "Theme (repeatable)"),
        ("limit" = Option<usize>, Query, description = "Documents per page, 1-100 (default 10)"),
        ("offset" = Option<usize>, Query, description = "Documents to skip"),
        ("sort" = Option<String>, Query, description = "relevance (default) or date"),
        ("highlight_pre" = Option<String>, Query, description = "Tag before a match (default <mark>)"),
        ("highlight_post" = Option<String>, Query, description = "Tag after a match (default </mark>)"),
        ("exact" = Option<bool>, Query, description = "No lexicon expansion"),
        ("collapse_reposts" = Option<bool>, Query, description = "One passage per (再掲) group"),
    ),
    responses(
        (status = 200, description = "Hits grouped by document, facets over all matches", body = SearchResponse),
        (status = 400, description = "Malformed query or parameter", body = ErrorBody),
    )
)]
pub async fn get(
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
) -> Result<Json<SearchResponse>, ApiError> {
    let request = params::search(raw.as_deref())?;
    run(&state, request).await
}

/// Searches with a JSON body (the same fields as the query string).
#[utoipa::path(
    post,
    tag = "search",
    path = "/api/search",
    request_body = SearchRequest,
    responses(
        (status = 200, description = "Hits grouped by document, facets over all matches", body = SearchResponse),
        (status = 400, description = "Malformed query, parameter or body", body = ErrorBody),
        (status = 413, description = "Body over 64 KiB", body = ErrorBody),
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
    let markup = request.html_markup();
    let mut response = blocking(&state.engine, move |engine| engine.search(&request)).await?;
    response.mark(&markup);
    Ok(Json(response))
}
