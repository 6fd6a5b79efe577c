//! Recent responses, keyed by the request and the reader generation they were computed on.
//!
//! As Groonga's query cache and Elasticsearch's request cache do, a server answers a repeated
//! request over an unchanged index from memory. The key holds the searcher's generation, so a
//! commit the reader loads makes every earlier entry unreachable (they age out of the cache);
//! a response is never served for another state of the index than the one it was computed on.
//! Identical requests arriving together are computed once (`quick_cache`'s placeholder guard);
//! the others wait for that result instead of repeating the work.
//!
//! Off unless a front end turns it on: `seisaku serve` does (`--no-cache` turns it off, for
//! benchmarks of the uncached path); one-shot CLI commands would never hit it.

use quick_cache::sync::Cache;
use serde::Serialize;

use crate::error::Result;

/// Responses kept per kind of request when the cache is on.
pub const RESPONSE_CACHE_ENTRIES: usize = 1024;

/// A cache of responses of type `V`.
pub struct ResponseCache<V> {
    entries: Option<Cache<(u64, String), V>>,
}

impl<V: Clone> ResponseCache<V> {
    /// A cache that keeps nothing: every call computes.
    pub fn off() -> Self {
        Self { entries: None }
    }

    /// A cache of at most `capacity` responses.
    pub fn with_capacity(capacity: usize) -> Self {
        Self { entries: Some(Cache::new(capacity)) }
    }

    /// The response to `request` on searcher `generation`: from the cache, or from `compute`
    /// (and then kept). Errors are not kept.
    pub fn get_or_compute(
        &self,
        generation: u64,
        request: &impl Serialize,
        compute: impl FnOnce() -> Result<V>,
    ) -> Result<V> {
        let Some(entries) = &self.entries else {
            return compute();
        };
        // A request that cannot be serialised (it always can: plain data) is simply not cached.
        let Ok(key) = serde_json::to_string(request) else {
            return compute();
        };
        entries.get_or_insert_with(&(generation, key), compute)
    }
}

#[cfg(test)]
mod tests {
    use std::cell::Cell;

    use super::*;

    #[test]
    fn a_repeated_request_is_computed_once_per_generation() {
        let cache = ResponseCache::with_capacity(8);
        let calls = Cell::new(0);
        let compute = || {
            calls.set(calls.get() + 1);
            Ok(calls.get())
        };
        assert_eq!(cache.get_or_compute(1, &"q", compute).unwrap(), 1);
        assert_eq!(cache.get_or_compute(1, &"q", compute).unwrap(), 1);
        assert_eq!(cache.get_or_compute(1, &"other", compute).unwrap(), 2);
        assert_eq!(cache.get_or_compute(2, &"q", compute).unwrap(), 3, "a new generation recomputes");
        assert_eq!(calls.get(), 3);
    }

    #[test]
    fn off_always_computes_and_errors_are_not_kept() {
        let off = ResponseCache::off();
        assert_eq!(off.get_or_compute(1, &"q", || Ok(1)).unwrap(), 1);
        assert_eq!(off.get_or_compute(1, &"q", || Ok(2)).unwrap(), 2);
        let on = ResponseCache::with_capacity(8);
        assert!(
            on.get_or_compute(1, &"q", || Err(crate::error::Error::DocumentNotFound("x".into()))).is_err()
        );
        assert_eq!(on.get_or_compute(1, &"q", || Ok(5)).unwrap(), 5);
    }
}
