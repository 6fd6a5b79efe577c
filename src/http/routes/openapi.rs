//! `GET /openapi.json`: the OpenAPI document, generated from the handlers and model types.
//!
//! Every operation has an operationId, a summary (the first line of the handler's doc comment)
//! and a tag; its parameters come from the request types' one declaration (`IntoParams`), their
//! limits from [`model::limits`]. [`CommonErrors`] adds the answers every route can give (405,
//! 500, 503), and [`document`] adds the values the `ministry` and `theme` filters accept.

use axum::Json;
use axum::extract::State;
use serde_json::Value;
use utoipa::openapi::path::Operation;
use utoipa::openapi::response::ResponseBuilder;
use utoipa::openapi::schema::{ArrayItems, Schema};
use utoipa::openapi::{ContentBuilder, Ref, RefOr};
use utoipa::{Modify, OpenApi};

use crate::http::AppState;
use crate::http::error::{Code, ErrorBody, ErrorDetail};
use crate::model;
use crate::search::Engine;

/// The API description (utoipa derives it from the annotated handlers and `ToSchema` types).
#[derive(OpenApi)]
#[openapi(
    info(title = "seisaku", description = "Full-text search over Japanese government policy documents"),
    paths(
        super::search::get,
        super::search::post,
        super::documents::get,
        super::files::get,
        super::facets::get,
        super::trend::get,
        super::kwic::get,
        super::export::get,
        super::terms::get,
        super::cooccur::get,
        super::passages::related,
        super::health::get,
    ),
    components(schemas(
        model::SearchRequest,
        model::SearchResponse,
        model::Hit,
        model::Facets,
        model::Sort,
        model::Document,
        model::DocumentMeta,
        model::Passage,
        model::PassageHit,
        model::TrendBy,
        model::TrendResponse,
        model::TrendBucket,
        model::KwicLine,
        model::FacetsResponse,
        model::IndexStatus,
        model::TermsResponse,
        model::KeyTerm,
        model::Sample,
        model::RelatedResponse,
        model::RelatedYear,
        ErrorBody,
        ErrorDetail,
        Code,
    )),
    modifiers(&CommonErrors),
    tags(
        (name = "search", description = "Search passages and list facet values"),
        (name = "analysis", description = "Trends, concordances and exports over every match"),
        (name = "discovery", description = "Characteristic and co-occurring terms, related passages"),
        (name = "documents", description = "Whole documents and their files"),
        (name = "status", description = "Index status"),
    )
)]
pub struct ApiDoc;

/// The error answers every operation can give, whatever its parameters: a method the route
/// does not have, an internal error, a request that ran out of time.
pub struct CommonErrors;

impl Modify for CommonErrors {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let errors = [
            (Code::MethodNotAllowed, "The route does not answer this method (Allow lists those it does)"),
            (Code::Internal, "Internal error (the detail is in the server log)"),
            (Code::Timeout, "The request took too long"),
        ];
        for item in openapi.paths.paths.values_mut() {
            for operation in operations(item) {
                for (code, description) in errors {
                    let response = ResponseBuilder::new()
                        .description(description)
                        .content(
                            "application/json",
                            ContentBuilder::new().schema(Some(Ref::from_schema_name("ErrorBody"))).build(),
                        )
                        .build();
                    operation
                        .responses
                        .responses
                        .entry(code.status().as_u16().to_string())
                        .or_insert(response.into());
                }
            }
        }
    }
}

fn operations(item: &mut utoipa::openapi::PathItem) -> impl Iterator<Item = &mut Operation> {
    [&mut item.get, &mut item.post, &mut item.put, &mut item.delete, &mut item.patch, &mut item.head]
        .into_iter()
        .filter_map(Option::as_mut)
}

/// The document for `engine`: [`ApiDoc`] with the accepted `ministry` and `theme` values as
/// enums (the canonical names of the bundled gazetteers) in the parameters and the body.
pub fn document(engine: &Engine) -> utoipa::openapi::OpenApi {
    let mut doc = ApiDoc::openapi();
    let allowed = [("ministry", engine.ministry_names()), ("theme", engine.theme_names())];
    for item in doc.paths.paths.values_mut() {
        for operation in operations(item) {
            for parameter in operation.parameters.iter_mut().flatten() {
                if let Some((_, names)) = allowed.iter().find(|(name, _)| *name == parameter.name)
                    && let Some(schema) = parameter.schema.as_mut()
                {
                    restrict_items(schema, names);
                }
            }
        }
    }
    let body = doc.components.as_mut().and_then(|c| c.schemas.get_mut("SearchRequest"));
    if let Some(RefOr::T(Schema::Object(body))) = body {
        for (name, names) in &allowed {
            if let Some(schema) = body.properties.get_mut(*name) {
                restrict_items(schema, names);
            }
        }
    }
    doc
}

/// Makes an array-of-strings schema an array of the `names`.
fn restrict_items(schema: &mut RefOr<Schema>, names: &[String]) {
    if let RefOr::T(Schema::Array(array)) = schema
        && let ArrayItems::RefOrSchema(items) = &mut array.items
        && let RefOr::T(Schema::Object(items)) = items.as_mut()
    {
        items.enum_values = Some(names.iter().map(|n| Value::from(n.as_str())).collect());
    }
}

/// The OpenAPI document.
pub async fn get(State(state): State<AppState>) -> Json<utoipa::openapi::OpenApi> {
    Json(document(&state.engine))
}
