//! `GET /openapi.json`: the OpenAPI document, generated from the handlers and model types.

use axum::Json;
use utoipa::OpenApi;

use crate::http::error::{Code, ErrorBody, ErrorDetail};
use crate::model;

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
    ))
)]
pub struct ApiDoc;

/// The OpenAPI document.
pub async fn get() -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi())
}
