//! The letters pages: the service's letters and the letter form with the plain-English checker,
//! the practice's inbox with acknowledgement and GP actions, the patient's letters, checking
//! existing letters as text, and a letter as a PDF.
//!
//! Each handler parses, calls one `joinedup_store::letters` use case and renders; who may do
//! what lives in `joinedup_core::letters::workflow`.

mod actions;
mod check;
mod figures;
mod findings;
mod form;
mod form_data;
mod list;
mod pdf;
mod pdf_render;
mod show;

use crate::app::AppState;
use crate::error::{AppError, Result};
use axum::Router;
use axum::routing::{get, post};
use joinedup_core::letters::Status;
use joinedup_core::letters::checker::Checker;
use joinedup_core::people::Role;
use joinedup_store::people::ActorContext;

pub use pdf::printed;
pub use pdf_render::{PrintedLetter, render as render_pdf};

/// Routes of the letters pages.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/letters", get(list::index))
        .route("/letters/check", get(check::page).post(check::run))
        .route("/letters/figures", get(figures::show))
        .route("/letters/new", get(form::new).post(form::create))
        .route("/letters/{id}", get(show::show))
        .route("/letters/{id}/edit", get(form::edit).post(form::update))
        .route("/letters/{id}/letter.pdf", get(pdf::download))
        .route("/letters/{id}/acknowledge", post(actions::acknowledge))
        .route(
            "/letters/{id}/actions/{action_id}",
            post(actions::update_action),
        )
        .route(
            "/letters/{id}/not-understood",
            post(actions::not_understood),
        )
}

/// The plain-English checker with the built-in word list and rules, built once.
pub fn checker() -> &'static Checker {
    Checker::shared_standard()
}

/// Which side of a letter the actor works on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Side {
    /// Specialist or secretary: the writing service.
    Service,
    /// GP or practice staff: the receiving practice.
    Practice,
    /// A patient or carer.
    Patient,
}

/// The actor's side, or 404 for roles that take no part in letters.
fn side(actor: &ActorContext) -> Result<Side> {
    match actor.role {
        Role::Specialist | Role::Secretary if actor.service_id.is_some() => Ok(Side::Service),
        Role::Gp | Role::PracticeStaff if actor.organisation_id.is_some() => Ok(Side::Practice),
        Role::Patient => Ok(Side::Patient),
        _ => Err(AppError::NotFound),
    }
}

/// The nhsuk tag colour of a status.
fn status_colour(status: Status) -> &'static str {
    match status {
        Status::Draft => "grey",
        Status::Sent => "blue",
        Status::Acknowledged => "green",
    }
}

/// The session key of the one-off success message shown on the next letter page.
const FLASH: &str = "letters_flash";

/// Remembers a success message for the letter page the browser is sent back to.
async fn flash(session: &tower_sessions::Session, message: &str) -> Result<()> {
    session.insert(FLASH, message).await?;
    Ok(())
}
