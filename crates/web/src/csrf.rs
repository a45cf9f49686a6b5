//! CSRF protection for every HTML form: a per-session synchronizer token in a hidden field,
//! compared in constant time, plus a check that the browser says the POST came from this site.

use crate::error::AppError;
use crate::session::keys;
use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::{HeaderMap, header};
use rand::RngCore;
use serde::de::DeserializeOwned;
use subtle::ConstantTimeEq;
use tower_sessions::Session;

/// The hidden field's name.
pub const FIELD: &str = "csrf_token";

/// The session's CSRF token, created on first use.
pub async fn token(session: &Session) -> Result<String, AppError> {
    if let Some(t) = session.get::<String>(keys::CSRF).await? {
        return Ok(t);
    }
    let t = fresh_token();
    session.insert(keys::CSRF, &t).await?;
    Ok(t)
}

/// Replaces the token (at sign-in, with the session id).
pub async fn rotate(session: &Session) -> Result<String, AppError> {
    let t = fresh_token();
    session.insert(keys::CSRF, &t).await?;
    Ok(t)
}

fn fresh_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    hex::encode(bytes)
}

/// True when the request's `Sec-Fetch-Site` and `Origin` headers (where the browser sent them)
/// say it came from this site.
pub fn same_origin(headers: &HeaderMap) -> bool {
    let site = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok());
    if site.is_some_and(|s| !matches!(s, "same-origin" | "none")) {
        return false;
    }
    match (headers.get(header::ORIGIN), headers.get(header::HOST)) {
        (Some(origin), Some(host)) => {
            let origin = origin.to_str().unwrap_or_default();
            let host = host.to_str().unwrap_or_default();
            origin.split_once("://").is_some_and(|(_, h)| h == host)
        }
        _ => true,
    }
}

/// Checks a submitted token against the session's, in constant time; for forms that are not
/// read through [`CsrfForm`] (multipart uploads), which must check [`same_origin`] too.
pub async fn check_token(session: &Session, sent: &str) -> Result<(), AppError> {
    let expected = session.get::<String>(keys::CSRF).await?.unwrap_or_default();
    if expected.is_empty() || !bool::from(sent.as_bytes().ct_eq(expected.as_bytes())) {
        return Err(AppError::BadForm);
    }
    Ok(())
}

/// A form body of type `T` whose CSRF token and origin have been checked.
/// Handlers that change anything take their form through this, so none can forget the check.
#[derive(Debug)]
pub struct CsrfForm<T>(pub T);

impl<S, T> FromRequest<S> for CsrfForm<T>
where
    S: Send + Sync,
    T: DeserializeOwned,
{
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        if !same_origin(req.headers()) {
            return Err(AppError::BadForm);
        }
        let session = req
            .extensions()
            .get::<Session>()
            .cloned()
            .ok_or_else(|| AppError::Internal(anyhow::anyhow!("session layer missing")))?;
        let body = Bytes::from_request(req, state)
            .await
            .map_err(|_| AppError::BadForm)?;
        let pairs: Vec<(String, String)> =
            serde_html_form::from_bytes(&body).map_err(|_| AppError::BadForm)?;
        let sent = pairs
            .iter()
            .find(|(k, _)| k == FIELD)
            .map(|(_, v)| v.as_str())
            .unwrap_or_default();
        check_token(&session, sent).await?;
        serde_html_form::from_bytes(&body)
            .map(CsrfForm)
            .map_err(|_| AppError::BadForm)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    #[test]
    fn cross_site_posts_are_refused_and_same_site_ones_pass() {
        let mut h = HeaderMap::new();
        assert!(same_origin(&h), "older browsers send neither header");
        h.insert(header::HOST, HeaderValue::from_static("127.0.0.1:8080"));
        h.insert(
            header::ORIGIN,
            HeaderValue::from_static("http://127.0.0.1:8080"),
        );
        assert!(same_origin(&h));
        h.insert(
            header::ORIGIN,
            HeaderValue::from_static("https://evil.example"),
        );
        assert!(!same_origin(&h));
        h.remove(header::ORIGIN);
        h.insert("sec-fetch-site", HeaderValue::from_static("cross-site"));
        assert!(!same_origin(&h));
    }
}
