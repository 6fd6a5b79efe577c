//! Discovery requests and responses: the terms that characterise a set of passages
//! ([`TermsRequest`]), the terms that go with a query ([`CooccurRequest`]), both answered by a
//! [`TermsResponse`], and the passages most like one passage ([`RelatedRequest`] →
//! [`RelatedResponse`]).

use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, PartialSchema, ToSchema};

use super::limits::{FiscalYears, PageSize, QueryTerms, SearchText, TermCount};
use super::{PassageHit, PassageRef, scalars};

/// Default number of terms a discovery response lists.
pub const DEFAULT_TERMS: usize = 20;
/// Most terms a discovery response lists.
pub const MAX_TERMS: usize = 500;

/// Characteristic terms: the terms over-represented in the foreground (passages matching `q`
/// and the filters, within `fy`) against the background: the passages matching `q` and the
/// filters in other years (every other passage when there is neither a query nor a filter, or
/// no `fy`), or those within `vs`.
///
/// The foreground needs a query, a filter or `fy`; `vs` needs `fy` (otherwise a 400).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema, IntoParams)]
#[serde(default, deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct TermsRequest {
    /// Query (search syntax); empty for every passage.
    #[schema(value_type = SearchText, inline)]
    #[param(value_type = SearchText, inline)]
    pub q: String,
    /// Only passages whose responsible ministries include one of these.
    pub ministry: Vec<String>,
    /// Only passages with one of these themes.
    pub theme: Vec<String>,
    /// Foreground fiscal years: `2023` or `2021..2024`.
    #[schema(value_type = Option<FiscalYears>, inline)]
    #[param(value_type = Option<FiscalYears>, inline)]
    pub fy: Option<String>,
    /// Background fiscal years (default: every year outside the foreground; needs `fy`).
    #[schema(value_type = Option<FiscalYears>, inline)]
    #[param(value_type = Option<FiscalYears>, inline)]
    pub vs: Option<String>,
    /// Terms to list (1–500, default 20).
    #[serde(deserialize_with = "scalars::whole_number")]
    #[schema(value_type = TermCount, inline)]
    #[param(value_type = TermCount, inline)]
    pub limit: usize,
    /// Switch lexicon expansion off.
    #[serde(deserialize_with = "scalars::flag")]
    pub exact: bool,
}

impl Default for TermsRequest {
    fn default() -> Self {
        Self {
            q: String::new(),
            ministry: Vec::new(),
            theme: Vec::new(),
            fy: None,
            vs: None,
            limit: DEFAULT_TERMS,
            exact: false,
        }
    }
}

/// Co-occurring terms: the terms most associated with the passages matching `q` (within the
/// filters), against the other passages within the filters.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema, IntoParams)]
#[serde(default, deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct CooccurRequest {
    /// Query (search syntax).
    #[schema(schema_with = QueryTerms::schema, required = true)]
    #[param(value_type = QueryTerms, inline, required = true)]
    pub q: String,
    /// Only passages whose responsible ministries include one of these.
    pub ministry: Vec<String>,
    /// Only passages with one of these themes.
    pub theme: Vec<String>,
    /// Only passages about these fiscal years.
    #[schema(value_type = Option<FiscalYears>, inline)]
    #[param(value_type = Option<FiscalYears>, inline)]
    pub fy: Option<String>,
    /// Terms to list (1–500, default 20).
    #[serde(deserialize_with = "scalars::whole_number")]
    #[schema(value_type = TermCount, inline)]
    #[param(value_type = TermCount, inline)]
    pub limit: usize,
    /// Switch lexicon expansion off.
    #[serde(deserialize_with = "scalars::flag")]
    pub exact: bool,
}

impl Default for CooccurRequest {
    fn default() -> Self {
        Self {
            q: String::new(),
            ministry: Vec::new(),
            theme: Vec::new(),
            fy: None,
            limit: DEFAULT_TERMS,
            exact: false,
        }
    }
}

/// One term with its score and counts (also the CSV row of `seisaku terms`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct KeyTerm {
    /// The term (a noun or noun compound, as written).
    pub term: String,
    /// Log-likelihood G² of the term's occurrences in the foreground against the background
    /// (higher: more characteristic).
    pub score: f64,
    /// Occurrences in the foreground.
    pub fg_count: u64,
    /// Occurrences in the background.
    pub bg_count: u64,
    /// Foreground passages containing the term.
    pub fg_passages: u64,
    /// Background passages containing the term.
    pub bg_passages: u64,
}

/// A set of passages compared by a discovery request.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Sample {
    /// The query that selects it (empty: every passage).
    pub q: String,
    /// The fiscal years it is restricted to.
    pub fy: Option<String>,
    /// True when the set is the passages `q` selects that are not in the foreground (every
    /// other passage when `q` is empty).
    pub rest: bool,
    /// Passages in the set.
    pub passages: u64,
    /// Term occurrences in the set.
    pub occurrences: u64,
}

/// Characteristic or co-occurring terms, best first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct TermsResponse {
    /// The terms, highest score first.
    pub terms: Vec<KeyTerm>,
    /// The passages whose terms are scored.
    pub foreground: Sample,
    /// The passages they are compared with.
    pub background: Sample,
    /// The measure behind `score`.
    pub measure: String,
    /// Time spent, in milliseconds.
    pub took_ms: f64,
}

/// Passages like one passage, from other documents.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema, IntoParams)]
#[serde(default, deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct RelatedRequest {
    /// The passage: `DOCUMENT#N` (document id, passage number); over HTTP, the path's `{id}`.
    #[param(ignore)]
    pub passage: String,
    /// Only passages about other fiscal years than this one's.
    #[serde(deserialize_with = "scalars::flag")]
    pub other_years: bool,
    /// Passages to list (1–100, default 10).
    #[serde(deserialize_with = "scalars::whole_number")]
    #[schema(value_type = PageSize, inline)]
    #[param(value_type = PageSize, inline)]
    pub limit: usize,
}

impl Default for RelatedRequest {
    fn default() -> Self {
        Self { passage: String::new(), other_years: false, limit: 10 }
    }
}

/// The related passages of one fiscal year.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct RelatedYear {
    /// The fiscal year (null: passages without one).
    pub fiscal_year: Option<i32>,
    /// The passages, most similar first.
    pub passages: Vec<PassageHit>,
}

/// The passages most like a passage, listed by fiscal year.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct RelatedResponse {
    /// The passage they are like.
    pub passage: PassageRef,
    /// Fiscal years in ascending order (passages without one last), each with its passages.
    pub years: Vec<RelatedYear>,
    /// Time spent, in milliseconds.
    pub took_ms: f64,
}
