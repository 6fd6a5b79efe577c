//! The recall oracle: a term is found exactly in the documents whose normalised text contains it.
//!
//! Over the white papers, at least 200 substrings are sampled at random (fixed seed) from the
//! documents' normalised text — CJK runs of 2–8 characters and whole ASCII words — and the set
//! of documents the search returns must equal the set whose text contains the substring. The
//! "normalised text" of a document is what ingest stores: its passages (see
//! `Ingestor::ingest_file`); ASCII words inside URLs are matched only by URL queries (see
//! `seisaku::analysis::url`), so they are neither sampled nor counted.

use std::collections::BTreeSet;

use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};
use seisaku::analysis::fold;
use seisaku::analysis::url::{inside, url_spans};
use seisaku::ingest::Ingestor;
use seisaku::ingest::catalog::Catalog;
use seisaku::ingest::walk::{Entry, walk};
use seisaku::model::SearchRequest;

use crate::common::white_papers;

/// Samples of each kind.
const CJK_SAMPLES: usize = 200;
const ASCII_SAMPLES: usize = 40;

/// A document's passages, folded for matching.
struct Doc {
    path: String,
    passages: Vec<String>,
}

fn is_cjk(c: char) -> bool {
    !c.is_ascii() && c.is_alphanumeric()
}

/// True when `word` occurs in `text` outside URLs without cutting a stretch of ASCII letters,
/// nor of ASCII digits, in two (`ict` occurs in `ict21`, `5g` not in `15g`).
fn has_ascii_word(text: &str, word: &str) -> bool {
    let urls = url_spans(text);
    let same = |a: char, b: char| {
        (a.is_ascii_alphabetic() && b.is_ascii_alphabetic()) || (a.is_ascii_digit() && b.is_ascii_digit())
    };
    let (first, last) = (word.chars().next().unwrap_or(' '), word.chars().next_back().unwrap_or(' '));
    text.match_indices(word).any(|(i, _)| {
        let end = i + word.len();
        let before = text[..i].chars().next_back().is_none_or(|c| !same(c, first));
        let after = text[end..].chars().next().is_none_or(|c| !same(last, c));
        before && after && !inside(&urls, &(i..end))
    })
}

/// A random CJK run piece or ASCII word of `text`, if the random spot holds one.
fn sample(rng: &mut StdRng, text: &str) -> Option<String> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    if chars.is_empty() {
        return None;
    }
    let at = rng.random_range(0..chars.len());
    let c = chars[at].1;
    if is_cjk(c) {
        let run_end = chars[at..].iter().position(|(_, c)| !is_cjk(*c)).map_or(chars.len(), |p| at + p);
        let available = run_end - at;
        if available < 2 {
            return None;
        }
        let len = rng.random_range(2..=available.min(8));
        Some(chars[at..at + len].iter().map(|(_, c)| *c).collect())
    } else if c.is_ascii_alphanumeric() {
        let start = chars[..at].iter().rposition(|(_, c)| !c.is_ascii_alphanumeric()).map_or(0, |p| p + 1);
        let end =
            chars[at..].iter().position(|(_, c)| !c.is_ascii_alphanumeric()).map_or(chars.len(), |p| at + p);
        let word: String = chars[start..end].iter().map(|(_, c)| *c).collect();
        let byte_start = chars[start].0;
        let urls = url_spans(text);
        let in_url = inside(&urls, &(byte_start..byte_start + word.len()));
        (word.len() <= 64 && !in_url).then_some(word)
    } else {
        None
    }
}

#[test]
fn every_sampled_substring_is_found_in_exactly_the_documents_that_contain_it() {
    let Some(wp) = white_papers() else { return };
    let ingestor = Ingestor::new(Catalog::load(&wp.corpus, Some(&wp.catalog)).unwrap()).unwrap();
    let docs: Vec<Doc> = walk(&wp.corpus, &["urls/".to_string()])
        .unwrap()
        .filter_map(|entry| match entry {
            Entry::File(file) => Some(file),
            Entry::Problem(_) => None,
        })
        .map(|file| {
            let ingested = ingestor.ingest_file(&file).expect("white papers decode");
            let passages = ingested.document.passages.iter().map(|p| fold(&p.text).into_owned()).collect();
            Doc { path: file.rel, passages }
        })
        .collect();
    assert_eq!(docs.len(), 24);

    let engine = wp.engine();
    let mut rng = StdRng::seed_from_u64(20_241_122);
    let mut checked = BTreeSet::new();
    let (mut cjk, mut ascii) = (0, 0);
    while cjk < CJK_SAMPLES || ascii < ASCII_SAMPLES {
        let doc = &docs[rng.random_range(0..docs.len())];
        let passage = &doc.passages[rng.random_range(0..doc.passages.len())];
        let Some(term) = sample(&mut rng, passage) else { continue };
        let is_ascii = term.is_ascii();
        let quota_full = if is_ascii { ascii >= ASCII_SAMPLES } else { cjk >= CJK_SAMPLES };
        if quota_full || !checked.insert(term.clone()) {
            continue;
        }
        if is_ascii {
            ascii += 1
        } else {
            cjk += 1
        }
        let expected: BTreeSet<&str> = docs
            .iter()
            .filter(|d| {
                d.passages.iter().any(|p| if is_ascii { has_ascii_word(p, &term) } else { p.contains(&term) })
            })
            .map(|d| d.path.as_str())
            .collect();
        let mut found = BTreeSet::new();
        let mut request =
            SearchRequest { q: format!("\"{term}\""), limit: 100, exact: true, ..SearchRequest::default() };
        loop {
            let response = engine.search(&request).unwrap_or_else(|err| panic!("{term:?}: {err}"));
            found.extend(response.hits.into_iter().map(|h| h.best.path));
            match response.next_offset {
                Some(next) => request.offset = next,
                None => break,
            }
        }
        let found: BTreeSet<&str> = found.iter().map(String::as_str).collect();
        assert_eq!(found, expected, "term {term:?}");
    }
    println!("recall oracle: {} substrings ({cjk} CJK, {ascii} ASCII) matched exactly", checked.len());
}
