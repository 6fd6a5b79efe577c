//! The query language: parsing a query string into terms, groups and filters.
//!
//! ```text
//! IoT-SSF 経済産業省          two terms; both must match (AND)
//! "IoT セキュリティ"           a phrase (the quoted text must occur as written, spaces aside)
//! 5G OR ローカル5G            either term (OR binds tighter than AND: a b OR c = a AND (b OR c))
//! -再掲                       excludes passages containing the term
//! =IoT-SSF                    this term exactly: no lexicon expansion
//! ministry:総務省 fy:2021..2024 theme:IoT
//!                             filters (also given as request parameters)
//! ```
//!
//! Whitespace, including the full-width space, separates terms. The query is NFKC-normalised
//! first, so `ＩｏＴ`, `＂` and `－` work as their ASCII forms. Errors ([`QueryError`]) name what is
//! wrong: an unclosed quote, a lone `-`, a dangling `OR`, an unknown filter, a term without
//! letters or digits, a query that only excludes.

use crate::analysis::normalize::normalize;
use crate::error::QueryError;
use crate::model::MAX_QUERY_CHARS;

/// A term as the user wrote it (after NFKC).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryTerm {
    /// The term text (for a phrase, without the quotes).
    pub text: String,
    /// Written as a `"quoted phrase"` (never expanded).
    pub phrase: bool,
    /// Written `=term`: no lexicon expansion.
    pub exact: bool,
}

/// A top-level part of a query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Clause {
    /// At least one of these terms must match (one term: it must match).
    AnyOf(Vec<QueryTerm>),
    /// This term must not match.
    Not(QueryTerm),
}

/// Filters written in the query (`field:value`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct InlineFilters {
    /// `ministry:` values as written.
    pub ministries: Vec<String>,
    /// `theme:` values as written.
    pub themes: Vec<String>,
    /// `fy:` value as written.
    pub fy: Option<String>,
}

/// A parsed query.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ParsedQuery {
    /// The clauses, all of which must hold.
    pub clauses: Vec<Clause>,
    /// Inline filters.
    pub filters: InlineFilters,
}

impl ParsedQuery {
    /// True when the query has at least one positive clause.
    pub fn has_positive(&self) -> bool {
        self.clauses.iter().any(|c| matches!(c, Clause::AnyOf(_)))
    }

    /// True when the query has inline filters.
    pub fn has_filters(&self) -> bool {
        let f = &self.filters;
        !f.ministries.is_empty() || !f.themes.is_empty() || f.fy.is_some()
    }
}

/// A lexical unit of the query string.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Token {
    Term { term: QueryTerm, negated: bool },
    Or,
    Filter { field: &'static str, value: String, raw: String },
}

/// Filter fields the query language knows.
const FILTER_FIELDS: [&str; 3] = ["ministry", "theme", "fy"];

/// Parses a query string (at most [`MAX_QUERY_CHARS`] characters).
pub fn parse(query: &str) -> Result<ParsedQuery, QueryError> {
    let len = query.chars().count();
    if len > MAX_QUERY_CHARS {
        return Err(QueryError::TooLong { len, max: MAX_QUERY_CHARS });
    }
    let normalized = normalize(query);
    let tokens = tokenize(&normalized)?;
    let mut parsed = ParsedQuery::default();
    let mut i = 0;
    while i < tokens.len() {
        match &tokens[i] {
            Token::Or => return Err(QueryError::DanglingOr),
            Token::Filter { field, value, raw } => {
                if matches!(tokens.get(i + 1), Some(Token::Or)) {
                    return Err(QueryError::InvalidFilter {
                        filter: raw.clone(),
                        reason: "a filter cannot be part of an OR group".into(),
                    });
                }
                match *field {
                    "ministry" => parsed.filters.ministries.push(value.clone()),
                    "theme" => parsed.filters.themes.push(value.clone()),
                    _ => parsed.filters.fy = Some(value.clone()),
                }
                i += 1;
            }
            Token::Term { term, negated } => {
                let mut group = vec![(term.clone(), *negated)];
                i += 1;
                while matches!(tokens.get(i), Some(Token::Or)) {
                    match tokens.get(i + 1) {
                        Some(Token::Term { term, negated }) => group.push((term.clone(), *negated)),
                        Some(Token::Filter { raw, .. }) => {
                            return Err(QueryError::InvalidFilter {
                                filter: raw.clone(),
                                reason: "a filter cannot be part of an OR group".into(),
                            });
                        }
                        Some(Token::Or) | None => return Err(QueryError::DanglingOr),
                    }
                    i += 2;
                }
                if group.len() == 1 {
                    let (term, negated) = group.remove(0);
                    parsed.clauses.push(if negated { Clause::Not(term) } else { Clause::AnyOf(vec![term]) });
                } else if let Some((term, _)) = group.iter().find(|(_, negated)| *negated) {
                    return Err(QueryError::NegatedOr { term: format!("-{}", term.text) });
                } else {
                    parsed.clauses.push(Clause::AnyOf(group.into_iter().map(|(t, _)| t).collect()));
                }
            }
        }
    }
    for clause in &parsed.clauses {
        let terms = match clause {
            Clause::AnyOf(terms) => terms.as_slice(),
            Clause::Not(term) => std::slice::from_ref(term),
        };
        if let Some(bad) = terms.iter().find(|t| !t.text.chars().any(char::is_alphanumeric)) {
            return Err(QueryError::NoSearchableText { term: bad.text.clone() });
        }
    }
    if !parsed.has_positive() && !parsed.clauses.is_empty() && !parsed.has_filters() {
        return Err(QueryError::OnlyNegative);
    }
    Ok(parsed)
}

/// Splits the normalised query into tokens.
fn tokenize(query: &str) -> Result<Vec<Token>, QueryError> {
    let chars: Vec<char> = query.chars().collect();
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if chars[i].is_whitespace() {
            i += 1;
            continue;
        }
        let start = i;
        let mut negated = false;
        let mut exact = false;
        while i < chars.len() && matches!(chars[i], '-' | '=') && !(negated && exact) {
            match chars[i] {
                '-' if !negated => negated = true,
                '=' if !exact => exact = true,
                _ => break,
            }
            i += 1;
        }
        if i >= chars.len() || chars[i].is_whitespace() {
            if negated {
                return Err(QueryError::LoneMinus);
            }
            return Err(QueryError::NoSearchableText { term: chars[start..i].iter().collect() });
        }
        if chars[i] == '"' {
            let close = chars[i + 1..].iter().position(|&c| c == '"').map(|p| i + 1 + p);
            let Some(close) = close else {
                return Err(QueryError::UnclosedQuote { at: i });
            };
            let text: String = chars[i + 1..close].iter().collect();
            tokens.push(Token::Term {
                term: QueryTerm { text: text.trim().to_owned(), phrase: true, exact },
                negated,
            });
            i = close + 1;
            continue;
        }
        let word_end = chars[i..].iter().position(|c| c.is_whitespace()).map_or(chars.len(), |p| i + p);
        let word: String = chars[i..word_end].iter().collect();
        if word.contains('"') {
            return Err(QueryError::UnclosedQuote {
                at: i + word.chars().position(|c| c == '"').unwrap_or(0),
            });
        }
        i = word_end;
        if word == "OR" && !negated && !exact {
            tokens.push(Token::Or);
            continue;
        }
        if let Some((field, value)) = filter(&word) {
            if negated || exact {
                return Err(QueryError::InvalidFilter {
                    filter: chars[start..word_end].iter().collect(),
                    reason: "filters cannot be negated or marked exact".into(),
                });
            }
            if value.is_empty() {
                return Err(QueryError::InvalidFilter {
                    filter: word.clone(),
                    reason: "the value is missing".into(),
                });
            }
            tokens.push(Token::Filter { field, value: value.to_owned(), raw: word.clone() });
            continue;
        }
        tokens.push(Token::Term { term: QueryTerm { text: word, phrase: false, exact }, negated });
    }
    if tokens.is_empty() {
        return Err(QueryError::Empty);
    }
    Ok(tokens)
}

/// `field:value` for a known filter field.
fn filter(word: &str) -> Option<(&'static str, &str)> {
    let (field, value) = word.split_once(':')?;
    let field = FILTER_FIELDS.into_iter().find(|f| *f == field)?;
    Some((field, value.trim_matches('"')))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn term(text: &str) -> QueryTerm {
        QueryTerm { text: text.into(), phrase: false, exact: false }
    }

    #[test]
    fn terms_are_anded_and_full_width_space_separates() {
        let q = parse("ＩｏＴ－ＳＳＦ　経済産業省").unwrap();
        assert_eq!(
            q.clauses,
            [Clause::AnyOf(vec![term("IoT-SSF")]), Clause::AnyOf(vec![term("経済産業省")])]
        );
    }

    #[test]
    fn phrases_or_negation_exact_and_filters() {
        let q = parse("\"IoT セキュリティ\" 5G OR IoT -再掲 =NISC ministry:総務省 fy:2021..2024 theme:IoT")
            .unwrap();
        assert_eq!(
            q.clauses,
            [
                Clause::AnyOf(vec![QueryTerm {
                    text: "IoT セキュリティ".into(),
                    phrase: true,
                    exact: false
                }]),
                Clause::AnyOf(vec![term("5G"), term("IoT")]),
                Clause::Not(term("再掲")),
                Clause::AnyOf(vec![QueryTerm { text: "NISC".into(), phrase: false, exact: true }]),
            ]
        );
        assert_eq!(q.filters.ministries, ["総務省"]);
        assert_eq!(q.filters.fy.as_deref(), Some("2021..2024"));
        assert_eq!(q.filters.themes, ["IoT"]);
    }

    #[test]
    fn hyphens_inside_words_are_not_negation() {
        assert_eq!(parse("ITU-T").unwrap().clauses, [Clause::AnyOf(vec![term("ITU-T")])]);
    }

    #[test]
    fn malformed_queries_are_errors() {
        assert_eq!(parse("\"unclosed"), Err(QueryError::UnclosedQuote { at: 0 }));
        assert_eq!(parse("-"), Err(QueryError::LoneMinus));
        assert_eq!(parse("IoT -"), Err(QueryError::LoneMinus));
        assert_eq!(parse(""), Err(QueryError::Empty));
        assert_eq!(parse("　 "), Err(QueryError::Empty));
        assert_eq!(parse("OR IoT"), Err(QueryError::DanglingOr));
        assert_eq!(parse("IoT OR"), Err(QueryError::DanglingOr));
        assert_eq!(parse("-IoT"), Err(QueryError::OnlyNegative));
        assert!(matches!(parse("a OR -b"), Err(QueryError::NegatedOr { .. })));
        assert!(matches!(parse("・・"), Err(QueryError::NoSearchableText { .. })));
        assert!(matches!(parse("ministry:"), Err(QueryError::InvalidFilter { .. })));
        assert!(matches!(parse(&"あ".repeat(10_000)), Err(QueryError::TooLong { len: 10_000, .. })));
    }

    #[test]
    fn filters_alone_are_a_query() {
        let q = parse("ministry:総務省").unwrap();
        assert!(q.clauses.is_empty() && q.has_filters());
        assert!(parse("-再掲 ministry:総務省").is_ok());
    }

    #[test]
    fn unknown_prefixes_are_plain_terms() {
        assert_eq!(
            parse("https://www.nisc.go.jp").unwrap().clauses,
            [Clause::AnyOf(vec![term("https://www.nisc.go.jp")])]
        );
    }
}
