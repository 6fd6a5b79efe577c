//! `seisaku serve`: logging setup and the tokio runtime around [`seisaku::http::serve`]; the
//! corpus folder's indexed files are served at `/files/` (a PDF hit links to its page).

use std::io::IsTerminal;
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::{Context, Result};
use seisaku::http::{AppState, serve as serve_http, shutdown_signal};
use seisaku::search::Engine;
use seisaku::search::cache::RESPONSE_CACHE_ENTRIES;
use tracing_subscriber::EnvFilter;

use super::args::ServeArgs;

/// Runs the server until Ctrl-C or SIGTERM. Logs go to stderr (`RUST_LOG` adjusts the level).
pub fn serve(mut engine: Engine, corpus: &std::path::Path, args: &ServeArgs) -> Result<ExitCode> {
    tracing_subscriber::fmt()
        .with_env_filter(EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info")))
        .with_target(false)
        .with_ansi(std::io::stderr().is_terminal())
        .with_writer(std::io::stderr)
        .init();
    if !args.no_cache {
        engine.cache_responses(RESPONSE_CACHE_ENTRIES);
    }
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    let state = AppState { engine: Arc::new(engine), files: Some(corpus.to_path_buf()) };
    runtime
        .block_on(async {
            let listener = tokio::net::TcpListener::bind(args.addr).await?;
            serve_http(listener, state, shutdown_signal()).await
        })
        .with_context(|| format!("cannot serve on {}", args.addr))?;
    Ok(ExitCode::SUCCESS)
}
