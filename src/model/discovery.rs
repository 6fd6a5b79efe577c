//! Discovery requests and responses: the terms that characterise a set of passages
//! ([`TermsRequest`]), the terms that go with a query ([`CooccurRequest`]), both answered by a
//! [`TermsResponse`], and the passages most like one passage ([`RelatedRequest`] →
//! [`RelatedResponse`]).

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::{PassageHit, PassageRef};

/// Default number of terms a discovery response lists.
pub const DEFAULT_TERMS: usize = 20;
/// Most terms a discovery response lists.
pub const MAX_TERMS: usize = 500;

/// Characteristic terms: the terms over-represented in the foreground (passages matching `q`
/// and the filters, within `fy`) against the background (every other passage, or the passages
/// matching `q` and the filters within `vs`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct TermsRequest {
    /// Query (search syntax); empty for every passage.
    pub q: String,
    /// Only passages whose responsible ministries include one of these.
    pub ministry: Vec<String>,
    /// Only passages with one of these themes.
    pub theme: Vec<String>,
    /// Foreground fiscal years: `2023` or `2021..2024`.
    pub fy: Option<String>,
    /// Background fiscal years (default: every passage outside the foreground).
    pub vs: Option<String>,
    /// Terms to list (1–500).
    pub limit: usize,
    /// Switch lexicon expansion off.
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
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct CooccurRequest {
    /// Query (search syntax).
    pub q: String,
    /// Only passages whose responsible ministries include one of these.
    pub ministry: Vec<String>,
    /// Only passages with one of these themes.
    pub theme: Vec<String>,
    /// Only passages about these fiscal years.
    pub fy: Option<String>,
    /// Terms to list (1–500).
    pub limit: usize,
    /// Switch lexicon expansion off.
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
    /// True when the set is every passage not in the foreground.
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
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct RelatedRequest {
    /// The passage: `DOCUMENT#N` (document id, passage number).
    pub passage: String,
    /// Only passages about other fiscal years than this one's.
    pub other_years: bool,
    /// Passages to list (1–100).
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
