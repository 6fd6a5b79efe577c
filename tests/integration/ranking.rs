//! Ranking that can be trusted (issue 16): equal scores in the same order whatever the index's
//! segment layout, and pages that neither repeat nor skip a document.

use seisaku::index::IndexLocation;
use seisaku::model::SearchRequest;
use seisaku::search::Engine;

use crate::common::{WhitePapers, scratch, white_papers};

/// Every document id the query finds, page by page (`limit` per page).
fn paged(engine: &Engine, q: &str, limit: usize) -> Vec<(String, u32, String)> {
    let mut request = SearchRequest { q: q.into(), limit, ..SearchRequest::default() };
    let mut out = Vec::new();
    loop {
        let response = engine.search(&request).unwrap_or_else(|err| panic!("{q}: {err}"));
        out.extend(
            response
                .hits
                .into_iter()
                .map(|h| (h.best.at.id, h.best.at.passage, format!("{:.4}", h.best.score))),
        );
        match response.next_offset {
            Some(next) => request.offset = next,
            None => return out,
        }
    }
}

/// Queries with many equal scores: filters only, and a common pair of terms.
const TIED: [&str; 3] = ["fy:2000..2023", "申立 不調", "ministry:総務省 情報"];

#[test]
fn equal_scores_keep_their_order_across_index_builds_and_pages() {
    let Some(wp) = white_papers() else { return };
    // A second build of the same corpus with small commits: other segments, other doc addresses.
    let folder = scratch("ranking-rebuild");
    let other =
        WhitePapers { corpus: wp.corpus.clone(), index: folder.join("index"), catalog: wp.catalog.clone() };
    let out = other.run(&["index", "--exclude", "urls/", "--commit-mb", "1"]);
    assert_eq!(out.code, 0, "{out:?}");
    let segments = |index: &std::path::Path| {
        let (index, _) = IndexLocation::new(index).open().unwrap();
        index.searchable_segment_ids().unwrap().len()
    };
    println!("segments: {} and {}", segments(&wp.index), segments(&other.index));
    let (first, second) = (wp.engine(), other.engine());
    for q in TIED {
        let all = paged(&first, q, 100);
        assert!(!all.is_empty(), "{q} finds documents");
        assert_eq!(paged(&second, q, 100), all, "{q}: same order in another build");
        assert_eq!(paged(&first, q, 7), all, "{q}: pages of 7 neither repeat nor skip");
    }
}
