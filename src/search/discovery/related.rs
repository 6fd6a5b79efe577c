//! Related passages: the passages of other documents most like one passage, by fiscal year.
//!
//! The passage's text goes through tantivy's `MoreLikeThisQuery` on the `terms` field: its most
//! distinctive [terms](crate::analysis::terms) by tf-idf (nouns and noun compounds such as
//! `5Gセキュリティガイドライン`; particles and verbs would make everything alike), each a
//! boosted optional clause. Its
//! own document is excluded (and with `other_years`, every passage about one of its fiscal years);
//! the best passage of each other document is kept, so one long edition cannot fill the list. The
//! snippet of each related passage marks the terms it shares.
//!
//! A passage is named `DOCUMENT#N`: its document id and passage number (as hits report them).

use std::collections::BTreeMap;
use std::time::Instant;

use tantivy::Term;
use tantivy::query::{BooleanQuery, MoreLikeThisQuery, Occur, Query, TermQuery};
use tantivy::schema::{IndexRecordOption, OwnedValue};

use super::super::collect::{MatchCollector, group_by_document};
use super::super::{Engine, elapsed_ms, passage_hit, passage_ref, validate_paging};
use crate::analysis::matcher::PhraseMatcher;
use crate::analysis::{dictionary, terms};
use crate::error::{Error, QueryError, Result};
use crate::index::passages_of;
use crate::model::{RelatedRequest, RelatedResponse, RelatedYear};

/// Most terms the similarity query is made of.
const MAX_QUERY_TERMS: usize = 30;
/// Terms found in more than this share of passages are ignored…
const MAX_DOC_SHARE: f64 = 0.05;
/// …unless the index is so small that the share is under this many passages.
const MIN_DOC_CAP: u64 = 50;

/// Splits `DOCUMENT#N` into the document id and passage number.
pub fn parse_passage_id(id: &str) -> Result<(&str, u32), QueryError> {
    let bad = |reason: &str| QueryError::InvalidParameter { name: "passage".into(), reason: reason.into() };
    let (document, number) = id
        .rsplit_once('#')
        .ok_or_else(|| bad("expected DOCUMENT#N: a document id, '#', a passage number"))?;
    let number =
        number.parse::<u32>().map_err(|_| bad("the passage number after '#' is not a whole number"))?;
    if document.is_empty() {
        return Err(bad("the document id before '#' is empty"));
    }
    Ok((document, number))
}

impl Engine {
    /// The passages of other documents most like passage `request.passage`, by fiscal year.
    pub fn related(&self, request: &RelatedRequest) -> Result<RelatedResponse> {
        let started = Instant::now();
        validate_paging(request.limit, 0)?;
        let (id, number) = parse_passage_id(&request.passage)?;
        let searcher = self.searcher();
        let mut source = None;
        for address in passages_of(&searcher, &self.fields, id)? {
            let stored = self.load(&searcher, address)?;
            if stored.passage.no == number {
                source = Some(stored);
                break;
            }
        }
        let source = source.ok_or_else(|| match passages_of(&searcher, &self.fields, id) {
            Ok(found) if !found.is_empty() => Error::Query(QueryError::InvalidParameter {
                name: "passage".into(),
                reason: format!("document {id:?} has no passage {number}"),
            }),
            _ => Error::DocumentNotFound(id.to_owned()),
        })?;
        let passage = source.passage.as_ref();
        // The query below tokenizes the passage with the index's `terms` tokenizer.
        self.query_chain()?;
        let max_doc_frequency = ((searcher.num_docs() as f64 * MAX_DOC_SHARE) as u64).max(MIN_DOC_CAP);
        let similar = MoreLikeThisQuery::builder()
            .with_min_doc_frequency(2)
            .with_max_doc_frequency(max_doc_frequency)
            .with_min_term_frequency(1)
            .with_max_query_terms(MAX_QUERY_TERMS)
            .with_document_fields(vec![(self.fields.terms, vec![OwnedValue::Str(passage.text.clone())])]);
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![
            (Occur::Must, Box::new(similar)),
            (Occur::MustNot, term_query(Term::from_field_text(self.fields.doc_id, id))),
        ];
        if request.other_years {
            for year in passage.fiscal_years.iter().filter_map(|y| u64::try_from(*y).ok()) {
                clauses
                    .push((Occur::MustNot, term_query(Term::from_field_u64(self.fields.fiscal_year, year))));
            }
        }
        let matches = searcher.search(&BooleanQuery::new(clauses), &MatchCollector)?;
        let shared = terms::terms(&*dictionary::segmenter()?, &passage.text);
        let matcher = PhraseMatcher::new(shared.iter().map(|t| t.text.as_str()));
        let mut years: BTreeMap<(bool, i32), Vec<_>> = BTreeMap::new();
        for group in group_by_document(&matches, false).into_iter().take(request.limit) {
            let hit = passage_hit(self.load(&searcher, group.best.address)?, group.best.score, &matcher);
            let year = hit.at.fiscal_years.first().copied();
            years.entry((year.is_none(), year.unwrap_or_default())).or_default().push(hit);
        }
        Ok(RelatedResponse {
            passage: passage_ref(&source.id, &source.document, passage),
            years: years
                .into_iter()
                .map(|((none, year), passages)| RelatedYear {
                    fiscal_year: (!none).then_some(year),
                    passages,
                })
                .collect(),
            took_ms: elapsed_ms(started),
        })
    }
}

fn term_query(term: Term) -> Box<dyn Query> {
    Box::new(TermQuery::new(term, IndexRecordOption::Basic))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::tests::{engine_of, texts};

    #[test]
    fn passage_ids_name_a_document_and_a_number() {
        assert_eq!(parse_passage_id("a/b.txt#3").unwrap(), ("a/b.txt", 3));
        assert_eq!(parse_passage_id("x#y#12").unwrap(), ("x#y", 12));
        for bad in ["a.txt", "a.txt#", "#3", "a.txt#-1", "a.txt#x"] {
            assert!(parse_passage_id(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn related_passages_come_from_other_documents_by_year() {
        let mut docs = texts(&[
            ("a.txt", "5Gネットワークのセキュリティを確保するガイドラインを策定した。"),
            ("b.txt", "5Gネットワークのセキュリティ対策とガイドラインの普及。"),
            ("c.txt", "農業の担い手の育成について。"),
            ("d.txt", "5Gのセキュリティガイドラインを改定した。"),
            ("e.txt", "水産業の振興。"),
        ]);
        for (doc, year) in docs.iter_mut().zip([2023, 2022, 2021, 2023, 2020]) {
            doc.passages.iter_mut().for_each(|p| p.fiscal_years = vec![year]);
        }
        let engine = engine_of(&docs);
        let request = RelatedRequest { passage: "a.txt#0".into(), ..RelatedRequest::default() };
        let response = engine.related(&request).unwrap();
        let ids: Vec<(Option<i32>, &str)> = response
            .years
            .iter()
            .flat_map(|y| y.passages.iter().map(move |p| (y.fiscal_year, p.at.id.as_str())))
            .collect();
        assert_eq!(ids, [(Some(2022), "b.txt"), (Some(2023), "d.txt")]);
        assert!(!response.years[0].passages[0].snippet.highlights.is_empty());
        let other = engine.related(&RelatedRequest { other_years: true, ..request.clone() }).unwrap();
        assert_eq!(other.years.len(), 1);
        assert_eq!(other.years[0].fiscal_year, Some(2022));
        let missing = engine.related(&RelatedRequest { passage: "z.txt#0".into(), ..request.clone() });
        assert!(matches!(missing, Err(Error::DocumentNotFound(_))));
        let beyond = engine.related(&RelatedRequest { passage: "a.txt#9".into(), ..request });
        assert!(beyond.unwrap_err().is_user_error());
    }
}
