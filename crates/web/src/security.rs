//! Browser security headers on every response, and the `Secure` cookie flag for HTTPS requests.

use axum::extract::{Request, State};
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;

/// The Content-Security-Policy: only this site's own scripts, styles, images and fonts.
pub const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; font-src 'self'; \
connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

/// Adds the security headers; pages (not static assets) are also marked `no-store` since they may hold patient data.
pub async fn headers(req: Request, next: Next) -> Response {
    let is_asset = req.uri().path().starts_with("/assets/");
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CSP),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(
        "permissions-policy",
        HeaderValue::from_static("camera=(), microphone=(), geolocation=()"),
    );
    h.insert(
        "cross-origin-opener-policy",
        HeaderValue::from_static("same-origin"),
    );
    if !is_asset {
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    res
}

/// Whether to mark cookies `Secure`: always, or only for requests that arrived over HTTPS.
#[derive(Debug, Clone, Copy)]
pub struct CookiePolicy {
    /// Always add `Secure`.
    pub always: bool,
    /// Believe a proxy's `X-Forwarded-Proto`.
    pub trust_proxy: bool,
}

/// Adds `Secure` to every `Set-Cookie` when the request came over HTTPS (or always, if configured).
pub async fn secure_cookies(
    State(policy): State<CookiePolicy>,
    req: Request,
    next: Next,
) -> Response {
    let https = req.uri().scheme_str() == Some("https")
        || (policy.trust_proxy
            && req
                .headers()
                .get("x-forwarded-proto")
                .is_some_and(|v| v.as_bytes().eq_ignore_ascii_case(b"https")));
    let mut res = next.run(req).await;
    if policy.always || https {
        let cookies: Vec<HeaderValue> = res
            .headers()
            .get_all(header::SET_COOKIE)
            .iter()
            .cloned()
            .collect();
        res.headers_mut().remove(header::SET_COOKIE);
        for c in cookies {
            let s = c.to_str().unwrap_or_default();
            let v = if s.to_ascii_lowercase().contains("; secure") {
                s.to_owned()
            } else {
                format!("{s}; Secure")
            };
            if let Ok(v) = HeaderValue::from_str(&v) {
                res.headers_mut().append(header::SET_COOKIE, v);
            }
        }
    }
    res
}
