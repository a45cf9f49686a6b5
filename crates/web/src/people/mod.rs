//! The `people` area on the web: sign-in and sign-out, choosing the organisation to act for,
//! each role's home page, finding a patient and the record summary.

mod account;
mod admin;
mod home;
mod patients;
mod sign_in;

use crate::app::AppState;
use axum::Router;
use axum::routing::get;

/// Routes of the people area.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/", get(home::landing))
        .route("/home", get(home::home))
        .route("/accessibility", get(home::accessibility))
        .route("/privacy", get(home::privacy))
        .route("/sign-in", get(sign_in::show).post(sign_in::submit))
        .route("/sign-out", axum::routing::post(sign_in::sign_out))
        .route(
            "/choose-organisation",
            get(sign_in::choose).post(sign_in::chosen),
        )
        .route("/patients", get(patients::search))
        .route("/patients/{id}", get(patients::summary))
        .route("/my-record", get(patients::my_record))
        .route("/my-record/{id}/access", get(patients::access_log))
        .merge(admin::router())
        .merge(account::router())
}

/// Formats a date as people read it: "14 March 1988".
pub fn long_date(d: time::Date) -> String {
    let f = time::macros::format_description!("[day padding:none] [month repr:long] [year]");
    d.format(&f).unwrap_or_else(|_| d.to_string())
}
