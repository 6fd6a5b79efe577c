//! What a request may ask for, in one place: the engine and the HTTP server enforce these limits,
//! and the request types declare them in the OpenAPI document through the schema types below
//! (`#[param(value_type = PageSize, inline)]`), so a client generated from `/openapi.json` knows
//! exactly which values are accepted.
//!
//! Two rules cannot be written as JSON Schema and are named by a custom `format` instead, with the
//! full rule in the description: the query language ([`QUERY_FORMAT`]) and a fiscal-year range
//! whose first year is not after its last ([`FISCAL_YEARS_FORMAT`]).

use std::borrow::Cow;

use serde_json::json;
use utoipa::openapi::schema::{ObjectBuilder, Schema, SchemaFormat, Type};
use utoipa::openapi::{RefOr, schema::SchemaType};
use utoipa::{PartialSchema, ToSchema};

use super::{DEFAULT_TERMS, MAX_TERMS};

/// Longest query string accepted, in characters.
pub const MAX_QUERY_CHARS: usize = 1000;
/// Documents per page when the request does not say.
pub const DEFAULT_LIMIT: usize = 10;
/// Largest page size a search accepts.
pub const MAX_LIMIT: usize = 100;
/// Largest `offset` a search accepts (deep paging is what export is for).
pub const MAX_OFFSET: usize = 1_000_000;
/// Longest highlight tag accepted, in characters.
pub const MAX_TAG_CHARS: usize = 64;
/// Context characters on each side of a concordance line when the request does not say.
pub const DEFAULT_WIDTH: usize = 20;
/// Most context characters on each side of a concordance line.
pub const MAX_WIDTH: usize = 500;
/// Concordance lines an HTTP request gets when it does not say.
pub const DEFAULT_KWIC_LINES: usize = 100;
/// Most concordance lines one HTTP request may ask for.
pub const MAX_KWIC_LINES: usize = 1000;
/// Earliest fiscal year a filter may name (Meiji 1).
pub const FIRST_FISCAL_YEAR: u64 = 1868;
/// Latest fiscal year a filter may name.
pub const LAST_FISCAL_YEAR: u64 = 2199;

/// The syntax of a fiscal-year filter: `2023`, `2021..2024`, `2021..` or `..2024`, years from
/// [`FIRST_FISCAL_YEAR`] to [`LAST_FISCAL_YEAR`] (a unit test checks it against the parser).
pub const FISCAL_YEARS_PATTERN: &str = r"^(18(6[89]|[7-9][0-9])|19[0-9]{2}|2[01][0-9]{2})(\.\.((18(6[89]|[7-9][0-9])|19[0-9]{2}|2[01][0-9]{2}))?)?$|^\.\.(18(6[89]|[7-9][0-9])|19[0-9]{2}|2[01][0-9]{2})$";

/// `format` of a query string: the query language (terms, `"phrases"`, `OR`, `-excluded`,
/// `=exact`, `ministry:`/`fy:`/`theme:` filters).
pub const QUERY_FORMAT: &str = "seisaku-query";
/// `format` of a fiscal-year filter: [`FISCAL_YEARS_PATTERN`], first year not after the last.
pub const FISCAL_YEARS_FORMAT: &str = "fiscal-year-range";

/// An integer schema from `min` to `max`, with an optional default.
fn integer(min: usize, max: usize, default: Option<usize>) -> RefOr<Schema> {
    ObjectBuilder::new()
        .schema_type(SchemaType::new(Type::Integer))
        .minimum(Some(min as f64))
        .maximum(Some(max as f64))
        .default(default.map(|d| json!(d)))
        .into()
}

/// Declares a schema type: a unit struct whose `PartialSchema` is `$schema`.
macro_rules! schema_type {
    ($(#[$doc:meta])* $name:ident => $schema:expr) => {
        $(#[$doc])*
        pub struct $name;

        impl PartialSchema for $name {
            fn schema() -> RefOr<Schema> {
                $schema
            }
        }

        impl ToSchema for $name {
            fn name() -> Cow<'static, str> {
                Cow::Borrowed(stringify!($name))
            }
        }
    };
}

/// What the query language is, for the descriptions of [`SearchText`] and [`QueryTerms`].
const QUERY_SYNTAX: &str = "Query (format seisaku-query): terms (AND), \"phrases\", OR between terms, \
     -excluded, =exact, and ministry:/fy:/theme: filters. A query that is not well formed (an \
     unclosed quote, a dangling OR or '-', a term without letters or digits, only excluded terms, \
     an unknown filter value) is a 400 invalid_query.";

/// A string schema of the query language, at least `min_length` characters.
fn query_text(min_length: usize, note: &str) -> RefOr<Schema> {
    ObjectBuilder::new()
        .schema_type(SchemaType::new(Type::String))
        .min_length(Some(min_length))
        .max_length(Some(MAX_QUERY_CHARS))
        .format(Some(SchemaFormat::Custom(QUERY_FORMAT.into())))
        .description(Some(format!("{QUERY_SYNTAX} {note}")))
        .examples([json!("IoT セキュリティ")])
        .into()
}

schema_type!(
    /// A search's query string: up to [`MAX_QUERY_CHARS`] characters of the query language; empty
    /// (or only spaces) matches every passage, narrowed by the filters.
    SearchText => query_text(0, "An empty query matches every passage (within the filters).")
);

schema_type!(
    /// Query terms to find (a concordance needs at least one): 1 to [`MAX_QUERY_CHARS`]
    /// characters of the query language.
    QueryTerms => query_text(1, "It must contain at least one term.")
);

schema_type!(
    /// A page size: 1 to [`MAX_LIMIT`] documents, default [`DEFAULT_LIMIT`].
    PageSize => integer(1, MAX_LIMIT, Some(DEFAULT_LIMIT))
);

schema_type!(
    /// Terms a discovery response lists: 1 to [`MAX_TERMS`], default [`DEFAULT_TERMS`].
    TermCount => integer(1, MAX_TERMS, Some(DEFAULT_TERMS))
);

schema_type!(
    /// Documents to skip: 0 to [`MAX_OFFSET`].
    PageOffset => integer(0, MAX_OFFSET, Some(0))
);

schema_type!(
    /// Context characters per side: 0 to [`MAX_WIDTH`], default [`DEFAULT_WIDTH`].
    ContextWidth => integer(0, MAX_WIDTH, Some(DEFAULT_WIDTH))
);

schema_type!(
    /// Concordance lines: 1 to [`MAX_KWIC_LINES`], default [`DEFAULT_KWIC_LINES`].
    ConcordanceLines => integer(1, MAX_KWIC_LINES, Some(DEFAULT_KWIC_LINES))
);

schema_type!(
    /// A highlight tag: at most [`MAX_TAG_CHARS`] characters.
    HighlightTag => ObjectBuilder::new()
        .schema_type(SchemaType::new(Type::String))
        .max_length(Some(MAX_TAG_CHARS))
        .into()
);

schema_type!(
    /// A fiscal year or range ([`FISCAL_YEARS_PATTERN`]).
    FiscalYears => ObjectBuilder::new()
        .schema_type(SchemaType::new(Type::String))
        .pattern(Some(FISCAL_YEARS_PATTERN))
        .format(Some(SchemaFormat::Custom(FISCAL_YEARS_FORMAT.into())))
        .description(Some(format!(
            "Fiscal year 2023, or range 2021..2024 (either end may be left open: 2021.., ..2024); \
             years {FIRST_FISCAL_YEAR} to {LAST_FISCAL_YEAR}, the first not after the last"
        )))
        .examples([json!("2021..2024")])
        .into()
);
