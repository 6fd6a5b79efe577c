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

use std::sync::Arc;
use std::time::Duration;

use super::error::{ApiError, Code};
use crate::search::Engine;

/// Longest a search-like request may run before the client gets a timeout error.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);

/// Runs blocking engine work on tokio's blocking pool, bounded by [`REQUEST_TIMEOUT`].
pub async fn blocking<T, F>(engine: &Arc<Engine>, work: F) -> Result<T, ApiError>
where
    T: Send + 'static,
    F: FnOnce(&Engine) -> crate::Result<T> + Send + 'static,
{
    let engine = Arc::clone(engine);
    let task = tokio::task::spawn_blocking(move || work(&engine));
    match tokio::time::timeout(REQUEST_TIMEOUT, task).await {
        Err(_) => {
            Err(ApiError::new(Code::Timeout, format!("the request took longer than {REQUEST_TIMEOUT:?}")))
        }
        Ok(Err(join)) => {
            tracing::error!(error = %join, "search task failed");
            Err(ApiError::new(Code::Internal, "internal error; see the server log"))
        }
        Ok(Ok(result)) => result.map_err(ApiError::from),
    }
}
