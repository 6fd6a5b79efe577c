//! Turning a parsed query and a request's filters into a tantivy query.
//!
//! For each term: **recall** is a phrase of its bigram tokens on `text_bigram` (a term matches
//! exactly when its normalised text occurs in the passage, see [`crate::analysis::bigram`]), and
//! **ranking** adds a phrase of its morphemes on `text_morph` as an optional, boosted clause. A
//! term with lexicon expansions matches when any of its forms does. Negated terms exclude on the
//! bigram field only (no expansion). Filters become facet term queries and a fiscal-year range.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::ops::Bound;
use std::rc::Rc;

use rustc_hash::FxHashMap;

use tantivy::Term;
use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, DisjunctionMaxQuery, InvertedIndexRangeQuery, Occur,
    PhrasePrefixQuery, PhraseQuery, Query, RangeQuery, RegexPhraseQuery, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption};

use super::lexicon::Lexicon;
use super::query::{Clause, ParsedQuery, QueryTerm};
use crate::analysis::bigram::{QueryGram, word_end_marker};
use crate::analysis::variants::{Anchor, KANJI_NUMERALS, Spelling, Variants};
use crate::analysis::{AnalyzedTerm, QueryAnalyzer, fold, normalize};
use crate::error::QueryError;
use crate::index::Fields;
use crate::index::schema::FacetRoot;
use crate::ingest::gazetteer::{Gazetteer, NameSet};
use crate::model::limits::{FIRST_FISCAL_YEAR, LAST_FISCAL_YEAR};

// Ranking weights, chosen on the known-item benchmark (`python3 benches/relevance.py`; README
// "Benchmarks" has the table and what each one changed).
/// Weight of a morphological (whole-word) match relative to the bigram match.
const MORPH_BOOST: f32 = 2.0;
/// Weight of a match in the passage's heading path relative to the bigram match in its text:
/// the strongest single signal on the benchmark (MRR@10 on heading queries 0.35 → 0.68).
const HEADING_BOOST: f32 = 8.0;
/// Weight of a lexicon form (an acronym's full name) relative to the term as typed. Low enough
/// that a passage found only through an expansion never outranks one with the typed term
/// (0.3 already did on the benchmark).
const LEXICON_WEIGHT: f32 = 0.2;
/// Weight of a spelling variant relative to the form it varies.
const VARIANT_WEIGHT: f32 = 0.2;
/// Weight of the query's terms standing close together ([`Planner::proximity_query`]).
const PROXIMITY_BOOST: f32 = 1.0;
/// How far apart (in morphemes) the terms may stand for the proximity boost.
const PROXIMITY_SLOP: u32 = 8;
/// Most terms a phrase-prefix expands its last token to (a first character may start thousands
/// of bigrams; a low cap would silently lose recall).
const MAX_PREFIX_EXPANSIONS: u32 = 1_000_000;

/// Filters of a request, before resolution.
#[derive(Debug, Clone, Default)]
pub struct FilterInput<'a> {
    /// `ministry` request parameters.
    pub ministries: &'a [String],
    /// `theme` request parameters.
    pub themes: &'a [String],
    /// `fy` request parameter.
    pub fy: Option<&'a str>,
}

/// A query ready to run, with what the response needs to explain it.
pub struct Plan {
    /// The tantivy query.
    pub query: Box<dyn Query>,
    /// Every spelling of every positive term and expansion, for highlighting.
    pub highlights: Vec<Spelling>,
    /// Expansions applied: term as written → other forms searched (lexicon and variants).
    pub expanded: BTreeMap<String, Vec<String>>,
}

/// Builds plans; holds what query compilation needs.
pub struct Planner<'a> {
    /// Field handles.
    pub fields: &'a Fields,
    /// Query-side analysis chain.
    pub analyzer: &'a QueryAnalyzer,
    /// Lexicon for expansion.
    pub lexicon: &'a Lexicon,
    /// Spelling variants for expansion.
    pub variants: &'a Variants,
    /// Gazetteers for validating filter values.
    pub gazetteer: &'a Gazetteer,
}

/// An inclusive fiscal-year range; either end may be open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FyRange {
    /// First year, if bounded.
    pub from: Option<u64>,
    /// Last year, if bounded.
    pub to: Option<u64>,
}

impl FyRange {
    /// Parses `2023`, `2021..2024`, `2021..` or `..2024`.
    pub fn parse(text: &str) -> Option<Self> {
        let year = |s: &str| -> Option<Option<u64>> {
            let s = s.trim();
            if s.is_empty() {
                return Some(None);
            }
            if s.len() != 4 || !s.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            s.parse::<u64>().ok().filter(|y| (FIRST_FISCAL_YEAR..=LAST_FISCAL_YEAR).contains(y)).map(Some)
        };
        let normalized = normalize(text);
        let (from, to) = match normalized.split_once("..") {
            Some((a, b)) => (year(a)?, year(b)?),
            None => {
                let y = year(&normalized)?;
                (y, y)
            }
        };
        if from.is_none() && to.is_none() {
            return None;
        }
        if let (Some(a), Some(b)) = (from, to)
            && a > b
        {
            return None;
        }
        Some(Self { from, to })
    }

    /// True when `year` lies in the range.
    pub fn contains(&self, year: i64) -> bool {
        self.from.is_none_or(|f| year >= f as i64) && self.to.is_none_or(|t| year <= t as i64)
    }
}

const FY_FORMAT: &str = "expected a fiscal year like 2023 or a range like 2021..2024";

impl Planner<'_> {
    /// Compiles `parsed` plus request filters; `exact` disables expansion for every term.
    pub fn plan(
        &self,
        parsed: &ParsedQuery,
        filters: &FilterInput<'_>,
        exact: bool,
    ) -> Result<Plan, QueryError> {
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        let mut highlights = Vec::new();
        let mut expanded = BTreeMap::new();
        let analyses = Analyses::default();
        for clause in &parsed.clauses {
            match clause {
                Clause::AnyOf(terms) => {
                    let mut alternatives: Vec<(Occur, Box<dyn Query>)> = Vec::new();
                    for term in terms {
                        let forms = self.forms(term, exact, &mut expanded, &analyses);
                        highlights.extend(forms.iter().map(|(spelling, _)| spelling.clone()));
                        alternatives.push((Occur::Should, self.term_query(&term.text, &forms, &analyses)?));
                    }
                    let query: Box<dyn Query> = if alternatives.len() == 1 {
                        alternatives.remove(0).1
                    } else {
                        Box::new(BooleanQuery::new(alternatives))
                    };
                    clauses.push((Occur::Must, query));
                }
                Clause::Not(term) => {
                    let grams = &analyses.of(self.analyzer, &term.text).grams;
                    let query = self.bigram_query(grams).ok_or_else(|| no_text(&term.text))?;
                    clauses.push((Occur::MustNot, query));
                }
            }
        }
        if let Some(proximity) = self.proximity_query(parsed, &analyses) {
            clauses.push((Occur::Should, proximity));
        }
        self.add_filters(parsed, filters, &mut clauses)?;
        if !clauses.iter().any(|(occur, _)| *occur == Occur::Must) {
            if !parsed.has_positive() && !parsed.clauses.is_empty() && !has_any_filter(parsed, filters) {
                return Err(QueryError::OnlyNegative);
            }
            clauses.push((Occur::Must, Box::new(AllQuery)));
        }
        Ok(Plan { query: Box::new(BooleanQuery::new(clauses)), highlights, expanded })
    }

    /// A boost for passages where the query's terms stand close together, in the order typed
    /// (within [`PROXIMITY_SLOP`] morphemes: about a sentence): a sloppy phrase of their
    /// morphemes. Only for queries of two or more single terms.
    fn proximity_query(&self, parsed: &ParsedQuery, analyses: &Analyses) -> Option<Box<dyn Query>> {
        let mut terms = Vec::new();
        let mut singles = 0;
        for clause in &parsed.clauses {
            let Clause::AnyOf(any) = clause else { continue };
            let [term] = any.as_slice() else { continue };
            singles += 1;
            for morpheme in &analyses.of(self.analyzer, &term.text).morphemes {
                terms.push((terms.len(), Term::from_field_text(self.fields.text_morph, morpheme)));
            }
        }
        (singles >= 2 && terms.len() >= 2).then(|| {
            let phrase = PhraseQuery::new_with_offset_and_slop(terms, PROXIMITY_SLOP);
            Box::new(BoostQuery::new(Box::new(phrase), PROXIMITY_BOOST)) as Box<dyn Query>
        })
    }

    /// The term as typed, then its lexicon forms and the spelling variants of both (recorded
    /// in `expanded`), each with its weight relative to the term as typed.
    fn forms(
        &self,
        term: &QueryTerm,
        exact: bool,
        expanded: &mut BTreeMap<String, Vec<String>>,
        analyses: &Analyses,
    ) -> Vec<(Spelling, f32)> {
        let typed = Spelling::anywhere(term.text.clone());
        if exact || term.exact || term.phrase {
            return vec![(typed, 1.0)];
        }
        let mut forms = vec![(typed, 1.0)];
        forms.extend(
            self.lexicon.expand(&term.text).into_iter().map(|f| (Spelling::anywhere(f), LEXICON_WEIGHT)),
        );
        for (spelling, weight) in forms.clone() {
            let analyzed = analyses.of(self.analyzer, &spelling.text);
            let variants = self.variants.expand(&analyzed.text, &analyzed.word_ends);
            forms.extend(variants.into_iter().map(|v| (v, weight * VARIANT_WEIGHT)));
        }
        let mut seen = std::collections::HashSet::new();
        forms.retain(|(spelling, _)| seen.insert(spelling.clone()));
        let others: Vec<String> = forms[1..].iter().map(|(s, _)| s.text.clone()).collect();
        if !others.is_empty() {
            expanded.insert(term.text.clone(), others);
        }
        forms
    }

    /// One query term with its forms, scored as one term: the best-scoring form counts (a
    /// dis-max, each form weighted), so that a term cannot outscore itself through its
    /// expansions' rarity.
    fn term_query(
        &self,
        term: &str,
        forms: &[(Spelling, f32)],
        analyses: &Analyses,
    ) -> Result<Box<dyn Query>, QueryError> {
        let mut per_form: Vec<Box<dyn Query>> = forms
            .iter()
            .map(|(spelling, weight)| -> Result<Box<dyn Query>, QueryError> {
                let query = self.form_query(spelling, analyses)?;
                Ok(if *weight == 1.0 { query } else { Box::new(BoostQuery::new(query, *weight)) })
            })
            .collect::<Result<_, _>>()
            .map_err(|_| no_text(term))?;
        Ok(if per_form.len() == 1 {
            per_form.remove(0)
        } else {
            Box::new(DisjunctionMaxQuery::new(per_form))
        })
    }

    /// One spelling: recall (a bigram phrase, anchored as the spelling says) as a must, ranking
    /// (a morpheme phrase, the bigrams in headings) as boosted shoulds.
    ///
    /// Each should is added in a boolean query of its own around the previous one: tantivy
    /// joins two shoulds of one query in a buffered union that scores every passage matching
    /// either, in windows of 4,096 (a third of a common term's time on the laws), where one
    /// should is a single scorer moved only to the recall's matches.
    fn form_query(&self, spelling: &Spelling, analyses: &Analyses) -> Result<Box<dyn Query>, QueryError> {
        let analyzed = analyses.of(self.analyzer, &spelling.text);
        let mut grams = analyzed.grams.clone();
        if spelling.anchor == Anchor::WordEnd {
            grams.extend(word_end_marker(&analyzed.folded));
        }
        let recall = match spelling.anchor {
            Anchor::AfterNumeral => self.after_numeral_query(&grams),
            Anchor::Anywhere | Anchor::WordEnd => self.bigram_query(&grams),
        }
        .ok_or_else(|| no_text(&spelling.text))?;
        let boosted = |query: Box<dyn Query>, should: Box<dyn Query>, boost: f32| -> Box<dyn Query> {
            Box::new(BooleanQuery::new(vec![
                (Occur::Must, query),
                (Occur::Should, Box::new(BoostQuery::new(should, boost))),
            ]))
        };
        let mut query = recall;
        if let Some(morph) = self.morph_query(&analyzed.morphemes) {
            query = boosted(query, morph, MORPH_BOOST);
        }
        if spelling.anchor != Anchor::AfterNumeral
            && let Some(heading) = self.bigram_query_in(self.fields.heading_bigram, &grams)
        {
            query = boosted(query, heading, HEADING_BOOST);
        }
        Ok(query)
    }

    /// A counter's bigram phrase preceded by a numeral: a digit token, or a kanji numeral's
    /// bigram with the counter's first character.
    fn after_numeral_query(&self, grams: &[QueryGram]) -> Option<Box<dyn Query>> {
        let first = grams.first().map(|g| match g {
            QueryGram::Exact(t) | QueryGram::Prefix(t) => t.chars().next(),
        })??;
        let first = regex::escape(&first.to_string());
        let mut terms = vec![(0, format!("[0-9]+|[{KANJI_NUMERALS}]{first}"))];
        for (i, gram) in grams.iter().enumerate() {
            terms.push((
                i + 1,
                match gram {
                    QueryGram::Exact(t) => regex::escape(t),
                    QueryGram::Prefix(t) => format!("{}.*", regex::escape(t)),
                },
            ));
        }
        let mut query = RegexPhraseQuery::new_with_offset(self.fields.text_bigram, terms);
        query.set_max_expansions(MAX_PREFIX_EXPANSIONS);
        Some(Box::new(query))
    }

    /// The recall query of a term's bigram tokens; `None` if it has none.
    pub fn bigram_query(&self, grams: &[QueryGram]) -> Option<Box<dyn Query>> {
        self.bigram_query_in(self.fields.text_bigram, grams)
    }

    /// The phrase of a term's bigram tokens in a bigram-tokenized `field`.
    fn bigram_query_in(&self, field: Field, grams: &[QueryGram]) -> Option<Box<dyn Query>> {
        let term = |t: &str| Term::from_field_text(field, t);
        match grams {
            [] => None,
            [QueryGram::Prefix(first)] => {
                let upper = format!("{first}\u{10ffff}");
                Some(Box::new(InvertedIndexRangeQuery::new(
                    Bound::Included(term(first)),
                    Bound::Included(term(&upper)),
                )))
            }
            [QueryGram::Exact(only)] => {
                Some(Box::new(TermQuery::new(term(only), IndexRecordOption::WithFreqs)))
            }
            [.., last] => {
                let terms: Vec<(usize, Term)> = grams
                    .iter()
                    .enumerate()
                    .map(|(i, g)| match g {
                        QueryGram::Exact(t) | QueryGram::Prefix(t) => (i, term(t)),
                    })
                    .collect();
                Some(match last {
                    QueryGram::Prefix(_) => {
                        let mut query = PhrasePrefixQuery::new_with_offset(terms);
                        query.set_max_expansions(MAX_PREFIX_EXPANSIONS);
                        Box::new(query)
                    }
                    QueryGram::Exact(_) => Box::new(PhraseQuery::new_with_offset(terms)),
                })
            }
        }
    }

    fn morph_query(&self, morphemes: &[String]) -> Option<Box<dyn Query>> {
        let field = self.fields.text_morph;
        match morphemes {
            [] => None,
            [only] => Some(Box::new(TermQuery::new(
                Term::from_field_text(field, only),
                IndexRecordOption::WithFreqs,
            ))),
            many => Some(Box::new(PhraseQuery::new_with_offset(
                many.iter().enumerate().map(|(i, m)| (i, Term::from_field_text(field, m))).collect(),
            ))),
        }
    }

    fn add_filters(
        &self,
        parsed: &ParsedQuery,
        input: &FilterInput<'_>,
        clauses: &mut Vec<(Occur, Box<dyn Query>)>,
    ) -> Result<(), QueryError> {
        let ministries =
            resolve("ministry", &self.gazetteer.ministries, input.ministries, &parsed.filters.ministries)?;
        let themes = resolve("theme", &self.gazetteer.themes, input.themes, &parsed.filters.themes)?;
        for (root, values) in [(FacetRoot::Ministry, ministries), (FacetRoot::Theme, themes)] {
            if values.is_empty() {
                continue;
            }
            let any: Vec<(Occur, Box<dyn Query>)> = values
                .iter()
                .map(|v| {
                    let facet = root.facet(v);
                    let query: Box<dyn Query> = Box::new(TermQuery::new(
                        Term::from_facet(self.fields.facets, &facet),
                        IndexRecordOption::Basic,
                    ));
                    (Occur::Should, query)
                })
                .collect();
            clauses.push((Occur::Must, Box::new(BooleanQuery::new(any))));
        }
        let request_fy = input
            .fy
            .map(|fy| {
                FyRange::parse(fy).ok_or_else(|| QueryError::InvalidParameter {
                    name: "fy".into(),
                    reason: format!("{fy:?}: {FY_FORMAT}"),
                })
            })
            .transpose()?;
        let inline_fy = parsed
            .filters
            .fy
            .as_deref()
            .map(|fy| {
                FyRange::parse(fy).ok_or_else(|| QueryError::InvalidFilter {
                    filter: format!("fy:{fy}"),
                    reason: FY_FORMAT.into(),
                })
            })
            .transpose()?;
        for range in [request_fy, inline_fy].into_iter().flatten() {
            let bound = |y: Option<u64>| {
                y.map_or(Bound::Unbounded, |y| {
                    Bound::Included(Term::from_field_u64(self.fields.fiscal_year, y))
                })
            };
            let query: Box<dyn Query> = match (range.from, range.to) {
                (Some(a), Some(b)) if a == b => Box::new(TermQuery::new(
                    Term::from_field_u64(self.fields.fiscal_year, a),
                    IndexRecordOption::Basic,
                )),
                (from, to) => Box::new(RangeQuery::new(bound(from), bound(to))),
            };
            clauses.push((Occur::Must, query));
        }
        Ok(())
    }
}

/// The query texts analysed while compiling one query. A spelling is analysed for its variants
/// and again for its clauses, a term again for the proximity boost; lindera's segmentation is
/// most of that work (a tenth of an expanded ASCII query's time), so each text is analysed once.
#[derive(Default)]
struct Analyses(RefCell<FxHashMap<String, Rc<AnalyzedTerm>>>);

impl Analyses {
    /// The analysis of `text`, computed on first request.
    fn of(&self, analyzer: &QueryAnalyzer, text: &str) -> Rc<AnalyzedTerm> {
        if let Some(done) = self.0.borrow().get(text) {
            return Rc::clone(done);
        }
        let analyzed = Rc::new(analyzer.analyze(text));
        self.0.borrow_mut().insert(text.to_owned(), Rc::clone(&analyzed));
        analyzed
    }
}

/// Canonical names of filter values; unknown values are errors naming the parameter or filter.
fn resolve(
    kind: &str,
    names: &NameSet,
    from_request: &[String],
    inline: &[String],
) -> Result<Vec<String>, QueryError> {
    let file = if kind == "ministry" { "ministries.toml" } else { "themes.toml" };
    let mut out = Vec::new();
    let request = from_request.iter().map(|v| (v, false));
    for (value, is_inline) in request.chain(inline.iter().map(|v| (v, true))) {
        let wanted = fold(&normalize(value.trim())).into_owned();
        let canonical = names
            .canonicalize(value)
            .or_else(|| names.names().find(|n| fold(n) == wanted).map(str::to_owned));
        let Some(name) = canonical else {
            let reason = format!("unknown {kind} {value:?} (see dictionaries/{file} or `seisaku facets`)");
            return Err(if is_inline {
                QueryError::InvalidFilter { filter: format!("{kind}:{value}"), reason }
            } else {
                QueryError::InvalidParameter { name: kind.into(), reason }
            });
        };
        out.push(name);
    }
    Ok(out)
}

fn has_any_filter(parsed: &ParsedQuery, input: &FilterInput<'_>) -> bool {
    parsed.has_filters() || !input.ministries.is_empty() || !input.themes.is_empty() || input.fy.is_some()
}

fn no_text(term: &str) -> QueryError {
    QueryError::NoSearchableText { term: term.to_owned() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fiscal_year_ranges() {
        assert_eq!(FyRange::parse("2023"), Some(FyRange { from: Some(2023), to: Some(2023) }));
        assert_eq!(FyRange::parse("2021..2024"), Some(FyRange { from: Some(2021), to: Some(2024) }));
        assert_eq!(FyRange::parse("２０２１..").map(|r| r.from), Some(Some(2021)));
        assert_eq!(FyRange::parse("..2024").map(|r| r.to), Some(Some(2024)));
        for bad in ["", "..", "2024..2021", "abc", "20", "99999", "02023", "+2023"] {
            assert_eq!(FyRange::parse(bad), None, "{bad}");
        }
        assert!(FyRange::parse("2021..2024").unwrap().contains(2022));
        assert!(!FyRange::parse("2021..2024").unwrap().contains(2025));
    }

    /// The OpenAPI document's pattern for `fy` accepts exactly the syntax the parser accepts
    /// (the parser also orders the years and tolerates full-width digits and spaces, which the
    /// pattern leaves to the description).
    #[test]
    fn the_declared_fiscal_year_pattern_is_the_parsers_syntax() {
        let pattern = regex::Regex::new(crate::model::limits::FISCAL_YEARS_PATTERN).unwrap();
        let mut texts = vec![String::new(), "..".into(), "2021...2024".into(), "2021..2024..".into()];
        for year in (1800..2300).step_by(7).chain([1867, 1868, 2199, 2200]) {
            texts.extend([format!("{year}"), format!("{year}.."), format!("..{year}")]);
            texts.extend([format!("{year}..{}", year + 3), format!("0{year}"), format!("+{year}")]);
        }
        for text in texts {
            assert_eq!(pattern.is_match(&text), FyRange::parse(&text).is_some(), "{text:?}");
        }
    }
}
