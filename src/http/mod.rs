//! The HTTP front end: a JSON API over [`search`](crate::search) and the analyst web page.
//!
//! [`app`] builds the router (tests call it directly or serve it on a loopback port); [`serve`]
//! runs it until Ctrl-C or SIGTERM, letting in-flight requests finish.
//!
//! | route | answers |
//! |---|---|
//! | `GET /api/search`, `POST /api/search` | [`SearchResponse`](crate::model::SearchResponse) |
//! | `GET /api/documents/{id}` | [`Document`](crate::model::Document) or 404 |
//! | `GET /api/facets` | [`FacetsResponse`](crate::model::FacetsResponse) |
//! | `GET /api/trend` | [`TrendResponse`](crate::model::TrendResponse) |
//! | `GET /api/kwic` | [`KwicLine`](crate::model::KwicLine)s |
//! | `GET /api/export` | every matching passage, JSON lines, streamed |
//! | `GET /files/{id}` | the document's original file (a PDF opens at `#page=N`) |
//! | `GET /api/terms`, `GET /api/cooccur` | [`TermsResponse`](crate::model::TermsResponse) |
//! | `GET /api/passages/{id}/related` | [`RelatedResponse`](crate::model::RelatedResponse) |
//! | `GET /health` | [`IndexStatus`](crate::model::IndexStatus) |
//! | `GET /openapi.json` | the generated OpenAPI document |
//! | `GET /` | the web page |
//!
//! Errors are JSON (`{"error": {"code", "message"}}`, see [`error`]); bad input is always a 4xx.
//! The engine's reader follows the index's commits, so a `seisaku index` run in another process
//! shows up without a restart. Responses are gzip-compressed when the client accepts it; GET
//! endpoints allow any origin (CORS); request bodies are limited to [`MAX_BODY_BYTES`].

pub mod error;
pub mod params;
pub mod routes;

use std::future::Future;
use std::sync::Arc;
use std::time::Instant;

use axum::Router;
use axum::extract::{DefaultBodyLimit, Request};
use axum::http::Method;
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::serve::ListenerExt;
use tokio::net::TcpListener;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::CompressionLayer;
use tower_http::cors::{Any, CorsLayer};

use self::error::{ApiError, Code};
use crate::search::Engine;

/// Largest request body accepted (larger: 413).
pub const MAX_BODY_BYTES: usize = 64 * 1024;

/// What every handler shares: the engine.
#[derive(Clone)]
pub struct AppState {
    /// The search engine (its reader reloads on new commits).
    pub engine: Arc<Engine>,
    /// The corpus folder, whose indexed files `GET /files/{id}` serves (`None`: none are).
    pub files: Option<std::path::PathBuf>,
}

/// The router with every route and layer.
pub fn app(state: AppState) -> Router {
    let api = Router::new()
        .route("/api/search", get(routes::search::get).post(routes::search::post))
        .route("/api/documents/{*id}", get(routes::documents::get))
        .route("/api/facets", get(routes::facets::get))
        .route("/api/trend", get(routes::trend::get))
        .route("/api/kwic", get(routes::kwic::get))
        .route("/api/export", get(routes::export::get))
        .route("/files/{*id}", get(routes::files::get))
        .route("/api/terms", get(routes::terms::get))
        .route("/api/cooccur", get(routes::cooccur::get))
        .route("/api/passages/{id}/related", get(routes::passages::related))
        .route("/health", get(routes::health::get))
        .route("/openapi.json", get(routes::openapi::get))
        .route("/", get(routes::page::index))
        .route("/app.js", get(routes::page::app_js))
        .route("/style.css", get(routes::page::style_css))
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .with_state(state);
    api.layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(CorsLayer::new().allow_origin(Any).allow_methods([Method::GET]))
        .layer(CompressionLayer::new())
        .layer(middleware::from_fn(time_limit))
        .layer(CatchPanicLayer::custom(|_| {
            ApiError::new(Code::Internal, "internal error; see the server log").into_response()
        }))
        .layer(middleware::from_fn(log_request))
}

/// Serves `app` on `listener` until `shutdown` completes, then lets in-flight requests finish.
pub async fn serve(
    listener: TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    tracing::info!(address = %listener.local_addr()?, "serving");
    let engine = Arc::clone(&state.engine);
    match tokio::task::spawn_blocking(move || engine.warm()).await {
        Ok(Err(err)) => tracing::warn!(error = %err, "could not prepare the index for searching"),
        Err(err) => tracing::warn!(error = %err, "could not prepare the index for searching"),
        Ok(Ok(())) => {}
    }
    // Responses go out as soon as they are written (no Nagle delay behind a client's ACK).
    let listener = listener.tap_io(|tcp| {
        if let Err(err) = tcp.set_nodelay(true) {
            tracing::debug!(error = %err, "cannot set TCP_NODELAY");
        }
    });
    axum::serve(listener, app(state)).with_graceful_shutdown(shutdown).await
}

/// Completes on Ctrl-C or SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down: finishing in-flight requests");
}

/// Logs one line per request: method, path, status, milliseconds.
async fn log_request(request: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = request.method().clone();
    let path = request.uri().path().to_owned();
    let response = next.run(request).await;
    let ms = started.elapsed().as_secs_f64() * 1000.0;
    tracing::info!("{method} {path} {} {ms:.1}ms", response.status().as_u16());
    response
}

/// Answers 503 `timeout` (the API's error body) when a request takes twice
/// [`routes::REQUEST_TIMEOUT`]: a backstop for work outside [`routes::blocking`]'s own limit.
async fn time_limit(request: Request, next: Next) -> Response {
    let limit = routes::REQUEST_TIMEOUT * 2;
    match tokio::time::timeout(limit, next.run(request)).await {
        Ok(response) => response,
        Err(_) => {
            ApiError::new(Code::Timeout, format!("the request took longer than {limit:?}")).into_response()
        }
    }
}

async fn not_found(request: Request) -> ApiError {
    ApiError::new(Code::NotFound, format!("no route for {}", request.uri().path()))
}

async fn method_not_allowed(request: Request) -> ApiError {
    ApiError::new(
        Code::MethodNotAllowed,
        format!("{} is not allowed on {}", request.method(), request.uri().path()),
    )
}
