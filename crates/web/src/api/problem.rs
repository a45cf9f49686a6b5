//! RFC 9457 problem details for every API error: `type`, `title`, `status`, `detail`, and for
//! validation failures an `errors` list of field pointers. No stack trace or SQL ever reaches
//! a client; internal causes are logged with the request id.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use joinedup_store::StoreError;
use problem_details::ProblemDetails;
use serde::Serialize;
use utoipa::ToSchema;

/// The problem types joinedup's API uses: `(name, title, what it means)`.
pub const PROBLEM_TYPES: &[(&str, &str, &str)] = &[
    (
        "validation",
        "Your request has invalid fields",
        "One or more fields failed validation; `errors` lists each with a JSON pointer to the field.",
    ),
    (
        "unauthenticated",
        "Sign-in required",
        "Send a session cookie or an `Authorization: Bearer` API token.",
    ),
    (
        "not-found",
        "Not found",
        "No such resource, or one the caller may not see (the two are not told apart).",
    ),
    (
        "too-large",
        "Request too large",
        "The request body is larger than the service accepts; attachments may be up to 5MB each.",
    ),
    (
        "forbidden",
        "Not allowed for your role",
        "The caller may see this resource, but their role may not make this change; `detail` says why.",
    ),
    (
        "conflict",
        "Conflict",
        "The request conflicts with existing data, for example a duplicate NHS number.",
    ),
    (
        "idempotency-key-reused",
        "Idempotency key reused",
        "The Idempotency-Key was already used with a different request body or path.",
    ),
    (
        "idempotency-request-in-flight",
        "Request still in progress",
        "A request with this Idempotency-Key has not finished; retry later.",
    ),
    (
        "csrf",
        "Missing CSRF token",
        "A cookie-authenticated write must send the session's token in the X-CSRF-Token header.",
    ),
    (
        "bad-request",
        "Bad request",
        "The request could not be read (for example malformed JSON).",
    ),
    (
        "internal",
        "Internal error",
        "Something went wrong on the server. It has been logged; nothing was half-saved.",
    ),
];

/// The documentation address of a problem type.
pub fn type_uri(name: &str) -> String {
    format!("/api/v1/problems/{name}")
}

/// One invalid field: a JSON pointer into the request and what is wrong with it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct FieldProblem {
    /// JSON pointer to the field, e.g. `/nhs_number`.
    pub pointer: String,
    /// What is wrong, in words a user can act on.
    pub detail: String,
}

/// The shape of every error body (documented in the OpenAPI document).
#[derive(Debug, Serialize, ToSchema)]
pub struct Problem {
    /// A URI reference naming the problem type.
    #[serde(rename = "type")]
    pub problem_type: String,
    /// Short summary of the type.
    pub title: String,
    /// HTTP status.
    pub status: u16,
    /// What happened this time.
    pub detail: String,
    /// Invalid fields, for validation problems.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldProblem>,
}

#[derive(Serialize)]
struct Errors {
    #[serde(skip_serializing_if = "Vec::is_empty")]
    errors: Vec<FieldProblem>,
}

/// An API error, rendered as `application/problem+json`.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// Invalid fields.
    #[error("validation failed")]
    Validation(Vec<FieldProblem>),
    /// No credentials, or bad ones.
    #[error("unauthenticated")]
    Unauthenticated,
    /// Not found, or not the caller's to see.
    #[error("not found")]
    NotFound,
    /// The caller's role may not make this change.
    #[error("forbidden: {0}")]
    Forbidden(String),
    /// A conflict with existing data.
    #[error("conflict: {0}")]
    Conflict(String),
    /// Idempotency key used with another request.
    #[error("idempotency key reused")]
    KeyReused,
    /// Idempotency key's first request still running.
    #[error("request in flight")]
    InFlight,
    /// Cookie-authenticated write without the CSRF header.
    #[error("csrf")]
    Csrf,
    /// Unreadable request.
    #[error("bad request: {0}")]
    BadRequest(String),
    /// Anything else.
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound => Self::NotFound,
            StoreError::Conflict(m) => Self::Conflict(m),
            StoreError::Forbidden(m) => Self::Forbidden(m),
            StoreError::Invalid(errs) => Self::Validation(
                errs.into_iter()
                    .map(|e| FieldProblem {
                        pointer: format!("/{}", e.field),
                        detail: e.message,
                    })
                    .collect(),
            ),
            other => Self::Internal(anyhow::Error::new(other)),
        }
    }
}

impl ApiError {
    /// A validation error on one field.
    pub fn field(pointer: &str, detail: impl Into<String>) -> Self {
        Self::Validation(vec![FieldProblem {
            pointer: pointer.to_owned(),
            detail: detail.into(),
        }])
    }

    fn parts(&self) -> (StatusCode, &'static str, String) {
        match self {
            Self::Validation(errs) => {
                let n = errs.len();
                (
                    StatusCode::UNPROCESSABLE_ENTITY,
                    "validation",
                    format!(
                        "{n} field{} failed validation",
                        if n == 1 { "" } else { "s" }
                    ),
                )
            }
            Self::Unauthenticated => (
                StatusCode::UNAUTHORIZED,
                "unauthenticated",
                "No valid session or API token was sent".into(),
            ),
            Self::NotFound => (
                StatusCode::NOT_FOUND,
                "not-found",
                "There is nothing here for you".into(),
            ),
            Self::Forbidden(m) => (StatusCode::FORBIDDEN, "forbidden", m.clone()),
            Self::Conflict(m) => (StatusCode::CONFLICT, "conflict", m.clone()),
            Self::KeyReused => (
                StatusCode::UNPROCESSABLE_ENTITY,
                "idempotency-key-reused",
                "This Idempotency-Key was already used with a different request".into(),
            ),
            Self::InFlight => (
                StatusCode::CONFLICT,
                "idempotency-request-in-flight",
                "A request with this Idempotency-Key is still being processed".into(),
            ),
            Self::Csrf => (
                StatusCode::FORBIDDEN,
                "csrf",
                "Send the session's CSRF token in the X-CSRF-Token header".into(),
            ),
            Self::BadRequest(m) => (StatusCode::BAD_REQUEST, "bad-request", m.clone()),
            Self::Internal(_) => (
                StatusCode::INTERNAL_SERVER_ERROR,
                "internal",
                "Something went wrong; nothing was saved half way".into(),
            ),
        }
    }
}

/// Builds a problem response.
pub fn problem(
    status: StatusCode,
    name: &str,
    detail: &str,
    errors: Vec<FieldProblem>,
) -> Response {
    let title = PROBLEM_TYPES
        .iter()
        .find(|(n, _, _)| *n == name)
        .map_or("Error", |(_, t, _)| t);
    let uri: axum::http::Uri = type_uri(name).parse().unwrap_or_default();
    ProblemDetails::new()
        .with_type(uri)
        .with_status(status)
        .with_title(title)
        .with_detail(detail)
        .with_extensions(Errors { errors })
        .into_response()
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        if let Self::Internal(e) = &self {
            tracing::error!(error = ?e, "API request failed");
        }
        let (status, name, detail) = self.parts();
        let errors = match self {
            Self::Validation(errs) => errs,
            _ => vec![],
        };
        problem(status, name, &detail, errors)
    }
}

/// Turns field errors from `core` into problem pointers.
pub fn from_field_errors(errors: Vec<joinedup_core::people::patient::FieldError>) -> ApiError {
    ApiError::Validation(
        errors
            .into_iter()
            .map(|e| FieldProblem {
                pointer: format!("/{}", e.field),
                detail: e.message,
            })
            .collect(),
    )
}
