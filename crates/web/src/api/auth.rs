//! Who is calling the API: a bearer API token, or the browser session (whose writes must also
//! carry the session's CSRF token in `X-CSRF-Token`).

use super::problem::ApiError;
use crate::session::{keys, timed_out};
use axum::extract::{FromRef, FromRequestParts};
use axum::http::request::Parts;
use axum::http::{Method, header};
use joinedup_store::Store;
use joinedup_store::people::{ActorContext, tokens};
use subtle::ConstantTimeEq;
use tower_sessions::Session;

/// How the caller authenticated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Via {
    /// An API token.
    Token,
    /// The browser session cookie.
    Session,
}

/// An authenticated API caller acting in one membership.
#[derive(Debug, Clone)]
pub struct ApiCaller {
    /// The actor the access rules judge.
    pub actor: ActorContext,
    /// How they authenticated.
    pub via: Via,
}

impl ApiCaller {
    /// The scope of this caller's idempotency keys.
    pub fn idempotency_scope(&self) -> String {
        format!("user:{}", self.actor.user_id)
    }
}

impl<S> FromRequestParts<S> for ApiCaller
where
    S: Send + Sync,
    Store: FromRef<S>,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        if let Some(caller) = parts.extensions.get::<ApiCaller>() {
            return Ok(caller.clone());
        }
        let caller = authenticate(parts, &Store::from_ref(state)).await?;
        parts.extensions.insert(caller.clone());
        Ok(caller)
    }
}

async fn authenticate(parts: &Parts, store: &Store) -> Result<ApiCaller, ApiError> {
    if let Some(value) = parts.headers.get(header::AUTHORIZATION) {
        let value = value.to_str().map_err(|_| ApiError::Unauthenticated)?;
        let secret = value
            .strip_prefix("Bearer ")
            .ok_or(ApiError::Unauthenticated)?
            .trim();
        let (_, actor) = tokens::authenticate(store, secret)
            .await?
            .ok_or(ApiError::Unauthenticated)?;
        return Ok(ApiCaller {
            actor,
            via: Via::Token,
        });
    }
    let session = parts
        .extensions
        .get::<Session>()
        .cloned()
        .ok_or(ApiError::Unauthenticated)?;
    let session_err = |e: tower_sessions::session::Error| ApiError::Internal(anyhow::Error::new(e));
    let actor = session
        .get::<ActorContext>(keys::ACTOR)
        .await
        .map_err(session_err)?
        .ok_or(ApiError::Unauthenticated)?;
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    let signed_in_at = session
        .get::<i64>(keys::SIGNED_IN_AT)
        .await
        .map_err(session_err)?
        .unwrap_or(0);
    let last_seen = session
        .get::<i64>(keys::LAST_SEEN)
        .await
        .map_err(session_err)?
        .unwrap_or(0);
    if timed_out(now, signed_in_at, last_seen) {
        return Err(ApiError::Unauthenticated);
    }
    if !matches!(parts.method, Method::GET | Method::HEAD | Method::OPTIONS) {
        let sent = parts
            .headers
            .get("x-csrf-token")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default();
        let expected = session
            .get::<String>(keys::CSRF)
            .await
            .map_err(session_err)?
            .unwrap_or_default();
        if expected.is_empty() || !bool::from(sent.as_bytes().ct_eq(expected.as_bytes())) {
            return Err(ApiError::Csrf);
        }
    }
    Ok(ApiCaller {
        actor,
        via: Via::Session,
    })
}
