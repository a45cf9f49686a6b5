//! One error type for every handler: it renders an NHS-styled error page, logs the cause of
//! a server error with the request id, and never shows internals to the user.

use crate::page::PageContext;
use askama::Template;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use joinedup_store::StoreError;

/// The result type of handlers.
pub type Result<T, E = AppError> = std::result::Result<T, E>;

/// What can go wrong while serving a request.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// No such page or record, or one the user may not see (never told apart).
    #[error("not found")]
    NotFound,
    /// The user is signed in but their role has no access to this page.
    #[error("forbidden")]
    Forbidden,
    /// The form's CSRF token or origin check failed.
    #[error("form check failed")]
    BadForm,
    /// Not signed in: send them to sign in, then back.
    #[error("sign-in required")]
    SignInRequired {
        /// Where to return after signing in.
        next: String,
    },
    /// Anything else: logged, shown as a 500 page.
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

impl From<StoreError> for AppError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound => Self::NotFound,
            StoreError::Forbidden(_) => Self::Forbidden,
            other => Self::Internal(anyhow::Error::new(other)),
        }
    }
}

impl From<tower_sessions::session::Error> for AppError {
    fn from(e: tower_sessions::session::Error) -> Self {
        Self::Internal(anyhow::Error::new(e))
    }
}

/// The error page: status, heading and advice.
#[derive(Template)]
#[template(path = "errors/error.html")]
pub struct ErrorTemplate {
    /// Layout context (a minimal one: error pages do not look up the session).
    pub ctx: PageContext,
    /// Page heading.
    pub heading: &'static str,
    /// What happened and what to do, one paragraph each.
    pub paragraphs: Vec<&'static str>,
    /// A link to offer (href, text).
    pub link: Option<(&'static str, &'static str)>,
}

/// Renders an error page with the given status.
pub fn error_page(status: StatusCode) -> Response {
    let (heading, paragraphs, link): (&'static str, Vec<&'static str>, _) = match status {
        StatusCode::NOT_FOUND => (
            "Page not found",
            vec![
                "If you typed the web address, check it is correct.",
                "If you followed a link to a record, it may not exist or you may not have access to it from the organisation you are acting for.",
            ],
            Some(("/", "Go to the joinedup home page")),
        ),
        StatusCode::FORBIDDEN => (
            "You do not have access to this page",
            vec![
                "Your role does not include this part of joinedup. If you think it should, contact your administrator.",
            ],
            Some(("/home", "Go to your home page")),
        ),
        StatusCode::PAYLOAD_TOO_LARGE => (
            "The file is too large",
            vec![
                "Each file must be smaller than 5MB. Go back and choose a smaller file. Nothing was saved.",
            ],
            None,
        ),
        StatusCode::BAD_REQUEST => (
            "Your form could not be sent",
            vec![
                "This can happen if the page was open for a long time, or was opened in another tab or window.",
                "Go back, refresh the page and try again. Nothing was saved.",
            ],
            None,
        ),
        _ => (
            "Sorry, there is a problem with the service",
            vec![
                "Try again later. Nothing you entered has been saved half way.",
                "If the problem continues and you need help now, contact your local service desk.",
            ],
            None,
        ),
    };
    let page = ErrorTemplate {
        ctx: PageContext::default(),
        heading,
        paragraphs,
        link,
    };
    match page.render() {
        Ok(html) => (status, Html(html)).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "rendering the error page failed");
            (status, heading).into_response()
        }
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        match self {
            Self::NotFound => error_page(StatusCode::NOT_FOUND),
            Self::Forbidden => error_page(StatusCode::FORBIDDEN),
            Self::BadForm => error_page(StatusCode::BAD_REQUEST),
            Self::SignInRequired { next } => {
                let target = if next.starts_with('/') && !next.starts_with("//") {
                    format!("/sign-in?next={}", urlencode(&next))
                } else {
                    "/sign-in".to_owned()
                };
                Redirect::to(&target).into_response()
            }
            Self::Internal(e) => {
                tracing::error!(error = ?e, "request failed");
                error_page(StatusCode::INTERNAL_SERVER_ERROR)
            }
        }
    }
}

/// Percent-encodes a path for use in a query string.
pub fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}
