//! `GET /api/export`: every matching passage, streamed as JSON lines.

use std::ops::ControlFlow;

use axum::body::Body;
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use tokio::sync::mpsc;

use crate::http::AppState;
use crate::http::error::{ApiError, ErrorBody};
use crate::http::params::Params;
use crate::model::{PassageHit, SearchRequest};
use crate::search::validate_paging;

/// Lines buffered between the search thread and the connection (backpressure bounds memory).
const CHANNEL_LINES: usize = 64;

/// Export every matching passage
///
/// Streams every matching passage as one JSON object per line (`application/x-ndjson`, one
/// `PassageHit` per line; the CLI's `search --all`). Takes the parameters of `GET /api/search`;
/// `limit`, `offset` and `sort` are checked but do not apply (the export is in index order).
#[utoipa::path(
    get,
    tag = "analysis",
    path = "/api/export",
    operation_id = "exportPassages",
    params(SearchRequest),
    responses(
        (status = 200, description = "One PassageHit JSON object per line", content_type = "application/x-ndjson", body = PassageHit),
        (status = 400, description = "Malformed query or parameter", body = ErrorBody),
    )
)]
pub async fn get(
    State(state): State<AppState>,
    Params(request): Params<SearchRequest>,
) -> Result<Response, ApiError> {
    validate_paging(request.limit, request.offset).map_err(crate::Error::from)?;
    let markup = super::search::markup(&request)?;
    // Validate before streaming, so a bad query is a 400 rather than a broken stream.
    let plan_check = request.clone();
    super::blocking(&state.engine, move |engine| engine.plan_request(&plan_check).map(|_| ())).await?;
    let (tx, mut rx) = mpsc::channel::<Vec<u8>>(CHANNEL_LINES);
    let engine = std::sync::Arc::clone(&state.engine);
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
    // A closed channel keeps answering `None`, so the stream may be polled after its end (the
    // gzip layer does; `stream::unfold` panics then).
    let lines = futures_util::stream::poll_fn(move |cx| {
        rx.poll_recv(cx).map(|line| line.map(Ok::<_, std::convert::Infallible>))
    });
    Ok(([(header::CONTENT_TYPE, "application/x-ndjson; charset=utf-8")], Body::from_stream(lines))
        .into_response())
}
