//! The JSON API under `/api/v1`, described by an OpenAPI 3 document generated from the handlers
//! (`/api/v1/openapi.json`). Errors are RFC 9457 problem details; POSTs honour `Idempotency-Key`.

pub mod advice;
pub mod auth;
pub mod idempotency;
pub mod letters;
pub mod people;
pub mod problem;

use crate::app::AppState;
use axum::extract::rejection::JsonRejection;
use axum::extract::{FromRequest, Path, Request};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router, middleware};
use problem::{ApiError, FieldProblem, PROBLEM_TYPES, Problem};
use serde::Serialize;
use serde::de::DeserializeOwned;
use utoipa::openapi::security::{ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// A page of items with the total count.
#[derive(Debug, Serialize, ToSchema)]
pub struct Listing<T: ToSchema> {
    /// The items on this page.
    pub items: Vec<T>,
    /// How many match in all.
    pub total: u64,
    /// Page size.
    pub limit: u64,
    /// Items skipped.
    pub offset: u64,
}

/// A JSON body whose parse errors come back as problem details.
#[derive(Debug)]
pub struct ApiJson<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for ApiJson<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        match Json::<T>::from_request(req, state).await {
            Ok(Json(v)) => Ok(Self(v)),
            Err(JsonRejection::JsonDataError(e)) => Err(ApiError::Validation(vec![FieldProblem {
                pointer: "/".into(),
                detail: e.body_text(),
            }])),
            Err(e) => Err(ApiError::BadRequest(e.body_text())),
        }
    }
}

#[derive(OpenApi)]
#[openapi(
    info(title = "joinedup API", version = "1", description = "GP practices, hospitals and patients in south east London working as one. Errors are RFC 9457 problem details; every POST accepts an Idempotency-Key header."),
    components(schemas(Problem, FieldProblem)),
    modifiers(&Security),
    tags((name = "people", description = "Who is calling, organisations and patients"),
        (name = "advice", description = "Advice & Guidance: GP practices ask specialist services, who answer with an outcome"),
        (name = "letters", description = "Clinic letters and discharge summaries: written to the patient, signed, sent, acknowledged, with GP actions"))
)]
struct ApiDoc;

struct Security;

impl Modify for Security {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some("A per-user API token issued by an administrator"))
                    .build(),
            ),
        );
        components.add_security_scheme(
            "session",
            SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::with_description(
                "joinedup_session",
                "The browser session; writes also need the X-CSRF-Token header",
            ))),
        );
    }
}

/// The API's routes (with their OpenAPI document) and its fallback.
pub fn router(state: AppState) -> Router<AppState> {
    let (routes, doc) = OpenApiRouter::with_openapi(ApiDoc::openapi())
        .routes(routes!(people::me))
        .routes(routes!(people::list_organisations))
        .routes(routes!(people::find_patients, people::register_patient))
        .merge(advice::router())
        .merge(letters::router())
        .split_for_parts();
    let doc = std::sync::Arc::new(doc);
    routes
        .route(
            "/api/v1/openapi.json",
            get(move || {
                let doc = doc.clone();
                async move { Json(doc.as_ref().clone()) }
            }),
        )
        .route("/api/v1/problems/{name}", get(problem_doc))
        .route(
            "/api/{*rest}",
            axum::routing::any(|| async { ApiError::NotFound }),
        )
        .route("/api", axum::routing::any(|| async { ApiError::NotFound }))
        .layer(middleware::from_fn_with_state(
            state,
            idempotency::middleware,
        ))
}

async fn problem_doc(Path(name): Path<String>) -> Response {
    match PROBLEM_TYPES.iter().find(|(n, _, _)| *n == name) {
        Some((_, title, text)) => (StatusCode::OK, format!("{title}\n\n{text}\n")).into_response(),
        None => ApiError::NotFound.into_response(),
    }
}
