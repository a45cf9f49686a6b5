//! The web side of the platform machinery: the background worker, the mailer, and the pages for
//! notifications, the demo mailbox and the administrators' view of jobs.

pub mod mailer;
pub mod pages;
pub mod worker;

use crate::app::AppState;
use axum::Router;
use axum::routing::{get, post};

/// Routes of the platform pages.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/notifications", get(pages::notifications))
        .route("/notifications/read-all", post(pages::read_all))
        .route("/notifications/{id}/read", post(pages::read_one))
        .route("/mailbox", get(pages::mailbox))
        .route("/admin/jobs", get(pages::jobs))
        .route("/admin/jobs/{id}/retry", post(pages::retry_job))
}
