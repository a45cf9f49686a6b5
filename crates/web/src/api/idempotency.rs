//! The `Idempotency-Key` middleware for API POSTs: a repeat with the same key and body returns
//! the first response without a second change; the same key with another body answers 422; a
//! repeat while the first is in flight answers 409. Keys are scoped to the caller.

use super::auth::ApiCaller;
use super::problem::ApiError;
use crate::app::AppState;
use axum::body::{Body, to_bytes};
use axum::extract::{FromRequestParts, Request, State};
use axum::http::{Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use joinedup_store::platform::idempotency::{self, ClaimOutcome};

/// The request header.
pub const HEADER: &str = "idempotency-key";
/// The largest body the middleware reads to hash: an attachment upload's.
const MAX_BODY: usize = crate::app::MAX_BODY_BYTES;

/// Applies the idempotency rules to POSTs that carry the header; other requests pass straight through.
pub async fn middleware(State(state): State<AppState>, req: Request, next: Next) -> Response {
    if req.method() != Method::POST || !req.headers().contains_key(HEADER) {
        return next.run(req).await;
    }
    match handle(state, req, next).await {
        Ok(r) => r,
        Err(e) => e.into_response(),
    }
}

async fn handle(state: AppState, req: Request, next: Next) -> Result<Response, ApiError> {
    let key = req
        .headers()
        .get(HEADER)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .trim()
        .to_owned();
    if key.is_empty() || key.len() > 255 {
        return Err(ApiError::field(
            "/headers/idempotency-key",
            "The Idempotency-Key must be 1 to 255 characters",
        ));
    }
    let (mut parts, body) = req.into_parts();
    let caller = ApiCaller::from_request_parts(&mut parts, &state).await?;
    let bytes = to_bytes(body, MAX_BODY)
        .await
        .map_err(|_| ApiError::BadRequest("The request body is too large".into()))?;
    let hash = idempotency::request_hash(parts.method.as_str(), &parts.uri.to_string(), &bytes);
    let claim =
        match idempotency::claim(&state.store, &caller.idempotency_scope(), &key, &hash).await? {
            ClaimOutcome::Claimed(c) => c,
            ClaimOutcome::Replay { status, body } => return Ok(replay(status, body)),
            ClaimOutcome::Mismatch => return Err(ApiError::KeyReused),
            ClaimOutcome::InFlight => return Err(ApiError::InFlight),
        };
    parts.extensions.insert(claim);
    let response = next
        .run(Request::from_parts(parts, Body::from(bytes)))
        .await;
    if !idempotency::is_open(&state.store, claim).await? {
        return Ok(response);
    }
    // The handler changed nothing under the claim: store its answer (a client error is
    // repeatable), or give the key up after a server error so that a retry can run.
    if response.status().is_server_error() {
        idempotency::release(&state.store, claim).await?;
        return Ok(response);
    }
    let (resp_parts, body) = response.into_parts();
    let bytes = to_bytes(body, MAX_BODY)
        .await
        .map_err(|e| ApiError::Internal(anyhow::anyhow!("reading the response: {e}")))?;
    let text = String::from_utf8_lossy(&bytes).into_owned();
    let txn = state.store.write().await?;
    idempotency::complete(&txn, claim, resp_parts.status.as_u16(), &text).await?;
    txn.commit()
        .await
        .map_err(joinedup_store::StoreError::from)?;
    Ok(Response::from_parts(resp_parts, Body::from(bytes)))
}

fn replay(status: u16, body: String) -> Response {
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::OK);
    let content_type = if status.is_success() {
        "application/json"
    } else {
        "application/problem+json"
    };
    let mut r = (status, [(header::CONTENT_TYPE, content_type)], body).into_response();
    r.headers_mut().insert(
        "idempotent-replayed",
        axum::http::HeaderValue::from_static("true"),
    );
    r
}
