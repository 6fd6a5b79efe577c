//! `GET /api/export`: every matching passage, streamed as JSON lines.

use std::ops::ControlFlow;

use axum::body::Body;
use axum::extract::{RawQuery, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use tokio::sync::mpsc;

use crate::http::AppState;
use crate::http::error::{ApiError, ErrorBody};
use crate::http::params;

/// Lines buffered between the search thread and the connection (backpressure bounds memory).
const CHANNEL_LINES: usize = 64;

/// Streams every matching passage as one JSON object per line (the CLI's `search --all`).
/// Paging parameters are ignored.
#[utoipa::path(
    get,
    tag = "analysis",
    path = "/api/export",
    params(("q" = String, Query, description = "Query; the other search parameters apply too")),
    responses(
        (status = 200, description = "application/x-ndjson, one PassageHit per line"),
        (status = 400, description = "Malformed query or parameter", body = ErrorBody),
    )
)]
pub async fn get(State(state): State<AppState>, RawQuery(raw): RawQuery) -> Result<Response, ApiError> {
    let request = params::search(raw.as_deref())?;
    // Validate before streaming, so a bad query is a 400 rather than a broken stream.
    let plan_check = request.clone();
    super::blocking(&state.engine, move |engine| engine.plan_request(&plan_check).map(|_| ())).await?;
    let (tx, rx) = mpsc::channel::<Vec<u8>>(CHANNEL_LINES);
    let engine = std::sync::Arc::clone(&state.engine);
    let markup = request.html_markup();
    tokio::task::spawn_blocking(move || {
        let result = engine.export(&request, &mut |mut hit| {
            hit.snippet.markup = markup.clone();
            let mut line = serde_json::to_vec(&hit).unwrap_or_default();
            line.push(b'\n');
            // A closed channel is a client that went away: stop, it is no error.
            Ok(if tx.blocking_send(line).is_ok() {
                ControlFlow::Continue(())
            } else {
                ControlFlow::Break(())
            })
        });
        if let Err(err) = result {
            tracing::warn!(error = %err, "export stopped");
        }
    });
    let lines = futures_util::stream::unfold(rx, |mut rx| async move {
        rx.recv().await.map(|line| (Ok::<_, std::convert::Infallible>(line), rx))
    });
    Ok(([(header::CONTENT_TYPE, "application/x-ndjson; charset=utf-8")], Body::from_stream(lines))
        .into_response())
}
