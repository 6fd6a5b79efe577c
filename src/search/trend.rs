//! Trends: how often a query matches per fiscal year, ministry or theme, normalised by how many
//! passages each bucket has (editions differ in size).
//!
//! For each bucket: `matching` passages (those that match the query and carry the bucket's
//! facet), `total` passages carrying it, and `per_mille` = matching / total × 1000. Buckets with
//! no matches are included (a trend's zeros matter), in key order.

use std::collections::BTreeMap;

use tantivy::query::{AllQuery, Query};

use super::Engine;
use super::plan::{FilterInput, FyRange};
use crate::error::{QueryError, Result};
use crate::index::schema::FacetRoot;
use crate::model::{TrendBucket, TrendBy, TrendRequest, TrendResponse};

fn facet_root(by: TrendBy) -> FacetRoot {
    match by {
        TrendBy::Fy => FacetRoot::FiscalYear,
        TrendBy::Ministry => FacetRoot::Ministry,
        TrendBy::Theme => FacetRoot::Theme,
    }
}

impl Engine {
    /// Computes a trend (or answers it from the response cache).
    pub fn trend(&self, request: &TrendRequest) -> Result<TrendResponse> {
        self.responses.trend.get_or_compute(self.generation(), request, || self.trend_uncached(request))
    }

    fn trend_uncached(&self, request: &TrendRequest) -> Result<TrendResponse> {
        let filters = FilterInput { fy: request.fy.as_deref(), ..FilterInput::default() };
        let range = request
            .fy
            .as_deref()
            .map(|fy| {
                FyRange::parse(fy).ok_or_else(|| QueryError::InvalidParameter {
                    name: "fy".into(),
                    reason: format!("{fy:?}: expected a fiscal year like 2023 or a range like 2021..2024"),
                })
            })
            .transpose()?;
        let plan = self.plan(&request.q, &filters, request.exact)?;
        let root = facet_root(request.by);
        let searcher = self.searcher();
        let collector = FacetRoot::collector(&[root]);
        let matching = searcher.search(&plan.query, &collector)?;
        // Totals: every passage, within the same fiscal-year range.
        let all: Box<dyn Query> =
            if request.fy.is_some() { self.plan("", &filters, true)?.query } else { Box::new(AllQuery) };
        let totals = searcher.search(&all, &collector)?;
        let matching: BTreeMap<String, u64> = root.counts(&matching);
        let mut buckets: Vec<TrendBucket> = root
            .counts(&totals)
            .into_iter()
            .filter(|(key, _)| {
                request.by != TrendBy::Fy
                    || range.is_none_or(|r| key.parse::<i64>().is_ok_and(|y| r.contains(y)))
            })
            .map(|(key, total)| {
                let matching = matching.get(&key).copied().unwrap_or(0);
                let per_mille = if total == 0 { 0.0 } else { matching as f64 * 1000.0 / total as f64 };
                TrendBucket { key, matching, total, per_mille }
            })
            .collect();
        if request.by == TrendBy::Fy {
            buckets.sort_by_key(|b| b.key.parse::<i64>().unwrap_or(i64::MAX));
        }
        Ok(TrendResponse { query: request.q.clone(), by: request.by, buckets, expanded: plan.expanded })
    }
}
