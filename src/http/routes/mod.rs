//! Route handlers, one file per URL path. Each handler turns the request into a model request,
//! runs the engine off the async threads ([`blocking`]) and answers JSON.

pub mod cooccur;
pub mod documents;
pub mod export;
pub mod facets;
pub mod files;
pub mod health;
pub mod kwic;
pub mod openapi;
pub mod page;
pub mod passages;
pub mod search;
pub mod terms;
pub mod trend;

use std::sync::{Arc, LazyLock};
use std::time::Duration;

use tokio::runtime::{Handle, RuntimeFlavor};
use tokio::sync::Semaphore;

use super::error::{ApiError, Code};
use crate::search::Engine;

/// Longest a search-like request may run before the client gets a timeout error.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);

/// Engine work running at once: one piece per core. Further requests wait their turn, first
/// come first served, instead of sharing the cores thread by thread: with 32 connections on 2
/// cores, shared cores stretched every request and left the slowest at 4–5 times the median.
static ENGINE_SLOTS: LazyLock<Arc<Semaphore>> = LazyLock::new(|| {
    Arc::new(Semaphore::new(std::thread::available_parallelism().map_or(2, std::num::NonZero::get)))
});

fn timeout_error() -> ApiError {
    ApiError::new(Code::Timeout, format!("the request took longer than {REQUEST_TIMEOUT:?}"))
}

/// Runs blocking engine work on tokio's blocking pool when one of the [`ENGINE_SLOTS`] is free,
/// bounded by [`REQUEST_TIMEOUT`] (waiting included).
pub async fn blocking<T, F>(engine: &Arc<Engine>, work: F) -> Result<T, ApiError>
where
    T: Send + 'static,
    F: FnOnce(&Engine) -> crate::Result<T> + Send + 'static,
{
    let engine = Arc::clone(engine);
    let task = async {
        let slot = Arc::clone(&ENGINE_SLOTS).acquire_owned().await;
        tokio::task::spawn_blocking(move || {
            let _slot = slot;
            work(&engine)
        })
        .await
    };
    match tokio::time::timeout(REQUEST_TIMEOUT, task).await {
        Err(_) => Err(timeout_error()),
        Ok(Err(join)) => {
            tracing::error!(error = %join, "search task failed");
            Err(ApiError::new(Code::Internal, "internal error; see the server log"))
        }
        Ok(Ok(result)) => result.map_err(ApiError::from),
    }
}

/// Runs short engine work (a search: milliseconds) on the request's own worker thread once one
/// of the [`ENGINE_SLOTS`] is free (tokio's `block_in_place` hands the thread's other tasks to
/// another thread meanwhile). Handing it to the blocking pool and back cost two thread switches,
/// 0.15–0.4 ms of a 1 ms request on a busy machine. [`REQUEST_TIMEOUT`] bounds the wait for a
/// slot; once running, the work is not cut off (it ends by itself: on the laws 0.1 s for `の`,
/// which matches 277,721 of the 329,262 passages).
/// On a single-threaded runtime (tests) this is [`blocking`].
pub async fn inline<T, F>(engine: &Arc<Engine>, work: F) -> Result<T, ApiError>
where
    T: Send + 'static,
    F: FnOnce(&Engine) -> crate::Result<T> + Send + 'static,
{
    if Handle::current().runtime_flavor() != RuntimeFlavor::MultiThread {
        return blocking(engine, work).await;
    }
    let Ok(Ok(_slot)) = tokio::time::timeout(REQUEST_TIMEOUT, ENGINE_SLOTS.acquire()).await else {
        return Err(timeout_error());
    };
    tokio::task::block_in_place(|| work(engine)).map_err(ApiError::from)
}
