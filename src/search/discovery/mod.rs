//! Discovery: what characterises a set of passages, what goes with a query, and which passages
//! of other documents are most like a passage.
//!
//! - [`Engine::terms`]: characteristic terms (Elasticsearch's `significant_text`, KH Coder's
//!   特徴語 by an outside variable). The foreground is the passages matching the query and
//!   filters within `fy`; the background is the passages matching the same query and filters in
//!   the other years (every other passage when there is no query or filter, or no `fy`), or with
//!   `vs` those within the `vs` years (less the foreground).
//! - [`Engine::cooccur`]: co-occurring terms: the foreground is the passages matching the query,
//!   the background the other passages within the same filters.
//! - [`Engine::related`] ([`related`]): tantivy's `MoreLikeThisQuery` over the morphological
//!   field, passages of other documents grouped by fiscal year.
//!
//! Terms are the nouns and noun compounds of [`crate::analysis::terms`], counted from the
//! `terms` fast field ([`tally`]) and scored by G² over occurrences ([`measure`]); equal scores
//! go to the term used more often in the foreground. Terms of the
//! query itself (the query's spellings, the terms inside them and those containing them) are
//! left out: they would top every list.

pub mod measure;
pub mod related;
pub mod tally;

use std::time::Instant;

use tantivy::query::{BooleanQuery, Occur, Query};

use self::measure::{MEASURE, log_likelihood};
use self::tally::{SegmentTally, Tallies, TallyCollector, TermCounts};
use super::plan::{FilterInput, FyRange, Plan};
use super::{Engine, elapsed_ms};
use crate::analysis::fold;
use crate::error::{QueryError, Result};
use crate::model::{CooccurRequest, KeyTerm, MAX_TERMS, Sample, TermsRequest, TermsResponse};

/// How a background is chosen.
enum Background<'a> {
    /// Every passage not in the foreground.
    Rest,
    /// The passages of this plan not in the foreground.
    Plan(&'a Plan),
}

impl Engine {
    /// Characteristic terms of the foreground against the background (see the module docs).
    pub fn terms(&self, request: &TermsRequest) -> Result<TermsResponse> {
        let started = Instant::now();
        validate_limit(request.limit)?;
        for (name, years) in [("fy", &request.fy), ("vs", &request.vs)] {
            validate_years(name, years.as_deref())?;
        }
        let filters = |fy| FilterInput { ministries: &request.ministry, themes: &request.theme, fy };
        let foreground = filters(request.fy.as_deref());
        if request.q.trim().is_empty() && !has_filters(&foreground) {
            return Err(QueryError::InvalidParameter {
                name: "fy".into(),
                reason: "give a query, a filter or fiscal years: the foreground would be every passage"
                    .into(),
            }
            .into());
        }
        if request.vs.is_some() && request.fy.is_none() {
            return Err(QueryError::InvalidParameter {
                name: "vs".into(),
                reason: "compares fiscal years: give the foreground's years with fy".into(),
            }
            .into());
        }
        let fg_plan = self.plan(&request.q, &foreground, request.exact)?;
        // Other years of the same selection, when there are years and a selection to compare.
        let selection = filters(None);
        let bg_plan = match (&request.vs, &request.fy) {
            (Some(vs), _) => Some(self.plan(&request.q, &filters(Some(vs)), request.exact)?),
            (None, Some(_)) if !request.q.trim().is_empty() || has_filters(&selection) => {
                Some(self.plan(&request.q, &selection, request.exact)?)
            }
            _ => None,
        };
        let background = bg_plan.as_ref().map_or(Background::Rest, Background::Plan);
        let terms = self.key_terms(&fg_plan, &background, request.limit, !request.q.trim().is_empty())?;
        let (fg, bg) = terms.samples;
        Ok(TermsResponse {
            terms: terms.terms,
            foreground: Sample { q: request.q.clone(), fy: request.fy.clone(), rest: false, ..fg },
            background: Sample {
                q: request.q.clone(),
                fy: request.vs.clone(),
                rest: request.vs.is_none(),
                ..bg
            },
            measure: MEASURE.into(),
            took_ms: elapsed_ms(started),
        })
    }

    /// Terms of the passages matching the query against the other passages within the filters.
    pub fn cooccur(&self, request: &CooccurRequest) -> Result<TermsResponse> {
        let started = Instant::now();
        validate_limit(request.limit)?;
        validate_years("fy", request.fy.as_deref())?;
        if request.q.trim().is_empty() {
            return Err(
                QueryError::InvalidParameter { name: "q".into(), reason: "give a query".into() }.into()
            );
        }
        let filters =
            FilterInput { ministries: &request.ministry, themes: &request.theme, fy: request.fy.as_deref() };
        let fg_plan = self.plan(&request.q, &filters, request.exact)?;
        let scope = has_filters(&filters).then(|| self.plan("", &filters, true)).transpose()?;
        let background = scope.as_ref().map_or(Background::Rest, Background::Plan);
        let terms = self.key_terms(&fg_plan, &background, request.limit, true)?;
        let (fg, bg) = terms.samples;
        Ok(TermsResponse {
            terms: terms.terms,
            foreground: Sample { q: request.q.clone(), fy: request.fy.clone(), rest: false, ..fg },
            background: Sample { q: String::new(), fy: request.fy.clone(), rest: true, ..bg },
            measure: MEASURE.into(),
            took_ms: elapsed_ms(started),
        })
    }

    /// Counts, scores and ranks the terms of `fg` against `bg`; leaves out the query's own terms
    /// when `skip_query_terms`.
    fn key_terms(
        &self,
        fg: &Plan,
        bg: &Background<'_>,
        limit: usize,
        skip_query_terms: bool,
    ) -> Result<Scored> {
        let searcher = self.searcher();
        let fg_tallies = Tallies::by_segment(&searcher, searcher.search(&fg.query, &TallyCollector)?);
        let bg_tallies: Vec<SegmentTally> = match bg {
            Background::Rest => {
                let totals = self.tallies.totals(&searcher)?;
                totals.iter().zip(&fg_tallies).map(|(all, fg)| all.minus(fg)).collect()
            }
            Background::Plan(plan) => {
                let rest: Box<dyn Query> = Box::new(BooleanQuery::new(vec![
                    (Occur::Must, plan.query.box_clone()),
                    (Occur::MustNot, fg.query.box_clone()),
                ]));
                Tallies::by_segment(&searcher, searcher.search(&rest, &TallyCollector)?)
            }
        };
        let tallies = Tallies { fg: fg_tallies, bg: bg_tallies };
        let (fg_passages, fg_occurrences) = tallies.totals(true);
        let (bg_passages, bg_occurrences) = tallies.totals(false);
        let own: Vec<String> = if skip_query_terms {
            fg.highlights.iter().map(|s| fold(&s.text).into_owned()).filter(|s| !s.is_empty()).collect()
        } else {
            Vec::new()
        };
        let mut terms: Vec<KeyTerm> = tallies
            .terms(&searcher)?
            .into_iter()
            .filter(|(term, _)| !is_query_term(term, &own))
            .filter_map(|(term, c): (String, TermCounts)| {
                let score = log_likelihood(c.fg_count, fg_occurrences, c.bg_count, bg_occurrences);
                (score > 0.0).then(|| KeyTerm {
                    term,
                    score: (score * 100.0).round() / 100.0,
                    fg_count: c.fg_count,
                    bg_count: c.bg_count,
                    fg_passages: c.fg_passages,
                    bg_passages: c.bg_passages,
                })
            })
            .collect();
        terms.sort_by(|a, b| {
            b.score.total_cmp(&a.score).then(b.fg_count.cmp(&a.fg_count)).then_with(|| a.term.cmp(&b.term))
        });
        terms.truncate(limit);
        let sample = |passages, occurrences| Sample { passages, occurrences, ..Sample::default() };
        Ok(Scored {
            terms,
            samples: (sample(fg_passages, fg_occurrences), sample(bg_passages, bg_occurrences)),
        })
    }
}

/// Ranked terms and the sizes of the two samples.
struct Scored {
    terms: Vec<KeyTerm>,
    samples: (Sample, Sample),
}

/// True when `term` is one of the query's spellings, lies inside one or contains one (ASCII
/// case folded).
fn is_query_term(term: &str, own: &[String]) -> bool {
    let term = fold(term);
    own.iter().any(|q| term.contains(q.as_str()) || q.contains(term.as_ref()))
}

fn has_filters(filters: &FilterInput<'_>) -> bool {
    !filters.ministries.is_empty() || !filters.themes.is_empty() || filters.fy.is_some()
}

fn validate_limit(limit: usize) -> Result<(), QueryError> {
    if limit == 0 || limit > MAX_TERMS {
        return Err(QueryError::InvalidParameter {
            name: "limit".into(),
            reason: format!("{limit} is out of range (1 to {MAX_TERMS})"),
        });
    }
    Ok(())
}

fn validate_years(name: &str, years: Option<&str>) -> Result<(), QueryError> {
    match years {
        Some(text) if FyRange::parse(text).is_none() => Err(QueryError::InvalidParameter {
            name: name.into(),
            reason: format!("{text:?}: expected a fiscal year like 2023 or a range like 2021..2024"),
        }),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::tests::{engine_of, texts};

    fn editions() -> Vec<crate::model::Document> {
        let mut docs = texts(&[
            ("a.txt", "メタバースの活用が進む。メタバースと生成AIの利用。"),
            ("b.txt", "ユビキタスネット社会の実現。ユビキタスな情報通信。"),
            ("c.txt", "情報通信の発展と利用。"),
        ]);
        docs[0].passages.iter_mut().for_each(|p| p.fiscal_years = vec![2023]);
        docs[1].passages.iter_mut().for_each(|p| p.fiscal_years = vec![2004]);
        docs[2].passages.iter_mut().for_each(|p| p.fiscal_years = vec![2010]);
        docs
    }

    fn names(response: &TermsResponse) -> Vec<&str> {
        response.terms.iter().map(|t| t.term.as_str()).collect()
    }

    #[test]
    fn a_year_is_characterised_by_its_own_terms() {
        let engine = engine_of(&editions());
        let request = TermsRequest { fy: Some("2023".into()), ..TermsRequest::default() };
        let response = engine.terms(&request).unwrap();
        let found = names(&response);
        assert!(found.contains(&"メタバース") && found.contains(&"生成AI"), "{found:?}");
        assert!(!found.contains(&"ユビキタスネット社会") && !found.contains(&"情報通信"), "{found:?}");
        let metaverse = &response.terms[found.iter().position(|t| *t == "メタバース").unwrap()];
        assert_eq!((metaverse.fg_count, metaverse.fg_passages, metaverse.bg_count), (2, 1, 0));
        assert_eq!((response.foreground.passages, response.background.passages), (1, 2));
        assert!(response.background.rest);
        let vs = engine
            .terms(&TermsRequest {
                fy: Some("2023".into()),
                vs: Some("2010".into()),
                ..TermsRequest::default()
            })
            .unwrap();
        assert_eq!(vs.background.passages, 1);
        // With a query, the other years of the same query.
        let query = engine
            .terms(&TermsRequest { q: "利用".into(), fy: Some("2023".into()), ..TermsRequest::default() })
            .unwrap();
        assert_eq!((query.foreground.passages, query.background.passages), (1, 1));
        assert!(query.background.rest && query.background.q == "利用");
        assert!(!names(&vs).contains(&"利用"), "利用 is in both: {:?}", names(&vs));
    }

    #[test]
    fn cooccurring_terms_leave_out_the_query() {
        let engine = engine_of(&editions());
        let response =
            engine.cooccur(&CooccurRequest { q: "メタバース".into(), ..CooccurRequest::default() }).unwrap();
        let found = names(&response);
        assert!(found.contains(&"生成AI") && found.contains(&"活用"), "{found:?}");
        assert!(!found.contains(&"メタバース"), "{found:?}");
    }

    #[test]
    fn bad_parameters_are_user_errors() {
        let engine = engine_of(&editions());
        for request in [
            TermsRequest::default(),
            TermsRequest { fy: Some("20x3".into()), ..TermsRequest::default() },
            TermsRequest { vs: Some("2010".into()), q: "利用".into(), ..TermsRequest::default() },
            TermsRequest { fy: Some("2023".into()), limit: 0, ..TermsRequest::default() },
        ] {
            let err = engine.terms(&request).unwrap_err();
            assert!(err.is_user_error(), "{request:?}: {err}");
        }
        assert!(engine.cooccur(&CooccurRequest::default()).unwrap_err().is_user_error());
    }
}
