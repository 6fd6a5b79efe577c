//! The API's one error type: a stable string code, an HTTP status and a message, rendered as
//! `{"error": {"code": "...", "message": "..."}}`.
//!
//! Codes and statuses come from one enum ([`Code`]); the caller's mistakes are 4xx, internal
//! failures 500 with a generic message (the detail is logged, never sent).

use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use utoipa::ToSchema;

use crate::error::{Error, QueryError};

/// Stable error codes of the API.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Code {
    /// The query string is malformed.
    InvalidQuery,
    /// A parameter is unknown, malformed or out of range.
    InvalidParameter,
    /// The JSON body is malformed.
    InvalidBody,
    /// The body is larger than the limit.
    PayloadTooLarge,
    /// The body is not `application/json`.
    UnsupportedMediaType,
    /// No such route.
    NotFound,
    /// No document with this id.
    DocumentNotFound,
    /// The route exists but not for this method.
    MethodNotAllowed,
    /// The request took too long.
    Timeout,
    /// Something went wrong on our side.
    Internal,
}

impl Code {
    /// The HTTP status of the code.
    pub fn status(self) -> StatusCode {
        match self {
            Code::InvalidQuery | Code::InvalidParameter | Code::InvalidBody => StatusCode::BAD_REQUEST,
            Code::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            Code::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Code::NotFound | Code::DocumentNotFound => StatusCode::NOT_FOUND,
            Code::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            Code::Timeout => StatusCode::SERVICE_UNAVAILABLE,
            Code::Internal => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}

/// An error answer of the API.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    /// What kind of error.
    pub code: Code,
    /// One-line explanation for people.
    pub message: String,
}

/// The wire form of an [`ApiError`].
#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorBody {
    /// The error.
    pub error: ErrorDetail,
}

/// Code and message of an error body.
#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorDetail {
    /// Stable code.
    pub code: Code,
    /// Explanation.
    pub message: String,
}

impl ApiError {
    /// An error with `code` and `message`.
    pub fn new(code: Code, message: impl Into<String>) -> Self {
        Self { code, message: message.into() }
    }

    /// A bad parameter, named in the message.
    pub fn parameter(name: &str, reason: impl std::fmt::Display) -> Self {
        Self::new(Code::InvalidParameter, format!("invalid parameter {name}: {reason}"))
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = ErrorBody { error: ErrorDetail { code: self.code, message: self.message } };
        (self.code.status(), Json(body)).into_response()
    }
}

impl From<Error> for ApiError {
    fn from(err: Error) -> Self {
        match err {
            Error::Query(QueryError::InvalidParameter { name, reason }) => ApiError::parameter(&name, reason),
            Error::Query(query) => ApiError::new(Code::InvalidQuery, query.to_string()),
            Error::DocumentNotFound(_) => ApiError::new(Code::DocumentNotFound, err.to_string()),
            internal => {
                tracing::error!(error = %internal, "internal error");
                ApiError::new(Code::Internal, "internal error; see the server log")
            }
        }
    }
}

impl From<JsonRejection> for ApiError {
    fn from(rejection: JsonRejection) -> Self {
        let code = match rejection.status() {
            StatusCode::PAYLOAD_TOO_LARGE => Code::PayloadTooLarge,
            StatusCode::UNSUPPORTED_MEDIA_TYPE => Code::UnsupportedMediaType,
            _ => Code::InvalidBody,
        };
        ApiError::new(code, rejection.body_text())
    }
}
