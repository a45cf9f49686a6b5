//! The Advice & Guidance pages: the practice's requests and the service's inbox, the request
//! form, the request page with its thread and actions, attachments, and the patient's view.
//!
//! Each handler parses, calls one `joinedup_store::advice` use case and renders; the rules of who
//! may do what live in `joinedup_core::advice` (the pages ask `is_allowed` which forms to show).
//! Refusals the person can act on (a field, someone else's change, a role that may not send) are
//! shown on the page they came from, with what they typed kept.

mod actions;
mod attachments;
mod figures;
mod form;
mod list;
mod patient;
mod request;

use crate::app::{AppState, MAX_BODY_BYTES};
use crate::error::{AppError, Result};
use crate::page::RadioItem;
pub(crate) use crate::page::{parse_id, refusal};
use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};
use joinedup_core::advice::{Claim, Context, Status};
use joinedup_core::people::Role;
use joinedup_store::advice::ServiceChoice;
use joinedup_store::people::ActorContext;
use uuid::Uuid;

/// Routes of the Advice & Guidance pages.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/advice", get(list::index))
        .route("/advice/figures", get(figures::show))
        .route("/advice/new", get(form::new).post(form::create))
        .route("/advice/{id}", get(request::show))
        .route("/advice/{id}/edit", get(form::edit).post(form::update))
        .route("/advice/{id}/claim", post(actions::claim))
        .route("/advice/{id}/release", post(actions::release))
        .route("/advice/{id}/reply", post(actions::reply))
        .route("/advice/{id}/messages", post(actions::message))
        .route("/advice/{id}/respond", post(actions::respond))
        .route("/advice/{id}/read", post(actions::read))
        .route("/advice/{id}/close", post(actions::close))
        .route(
            "/advice/{id}/attachments",
            post(attachments::upload).layer(DefaultBodyLimit::max(MAX_BODY_BYTES)),
        )
        .route(
            "/advice/{id}/attachments/{attachment_id}",
            get(attachments::download),
        )
        .route("/my-record/{id}/advice", get(patient::advice))
}

/// Which side of an advice request the actor works on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Side {
    /// GP or practice staff: the practice that asks.
    Practice,
    /// Specialist or secretary: the service that answers.
    Service,
}

/// The actor's side, or 404 for roles that take no part in advice requests.
fn side(actor: &ActorContext) -> Result<Side> {
    match actor.role {
        Role::Gp | Role::PracticeStaff if actor.organisation_id.is_some() => Ok(Side::Practice),
        Role::Specialist | Role::Secretary if actor.service_id.is_some() => Ok(Side::Service),
        _ => Err(AppError::NotFound),
    }
}

/// The state machine's context for this actor on a request claimed by `claimed_by`.
fn context(actor: &ActorContext, claimed_by: Option<Uuid>) -> Context {
    Context {
        role: actor.role,
        claim: match claimed_by {
            None => Claim::Unclaimed,
            Some(u) if u == actor.user_id => Claim::ByActor,
            Some(_) => Claim::ByOther,
        },
    }
}

/// The nhsuk tag colour of a status.
fn status_colour(status: Status) -> &'static str {
    match status {
        Status::Draft => "grey",
        Status::Sent => "blue",
        Status::AwaitingInformation => "orange",
        Status::Answered => "green",
        Status::Closed => "white",
    }
}

/// "2 working days" or "1 working day".
fn working_days(days: u32) -> String {
    if days == 1 {
        "1 working day".to_owned()
    } else {
        format!("{days} working days")
    }
}

/// How a service is offered in a chooser: "Service, Trust (ODS) – answers within N working days".
fn service_label(s: &ServiceChoice) -> String {
    format!(
        "{} – answers within {}",
        s.label(),
        working_days(s.standard_days)
    )
}

/// A stored specialty as a heading: `old_age_psychiatry` → "Old age psychiatry".
fn specialty_label(specialty: &str) -> String {
    let words = specialty.replace('_', " ");
    let mut chars = words.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => "Other".to_owned(),
    }
}

/// The services of one specialty, as an `<optgroup>` of a service chooser.
pub struct ServiceGroup {
    /// The specialty, as the group's label.
    label: String,
    /// The services, as options.
    options: Vec<RadioItem>,
}

/// Services grouped by specialty (they arrive sorted by specialty), with `selected` chosen.
fn grouped(services: &[ServiceChoice], selected: &str) -> Vec<ServiceGroup> {
    let mut out: Vec<ServiceGroup> = Vec::new();
    for s in services {
        let label = specialty_label(&s.specialty);
        let option = RadioItem::new(s.id.to_string(), service_label(s), selected);
        match out.last_mut() {
            Some(g) if g.label == label => g.options.push(option),
            _ => out.push(ServiceGroup {
                label,
                options: vec![option],
            }),
        }
    }
    out
}

/// The session key of the one-off success message shown on the next request page.
const FLASH: &str = "advice_flash";

/// Remembers a success message for the request page the browser is sent back to.
async fn flash(session: &tower_sessions::Session, message: &str) -> Result<()> {
    session.insert(FLASH, message).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn choice(name: &str, specialty: &str, days: u32) -> ServiceChoice {
        ServiceChoice {
            id: Uuid::now_v7(),
            name: name.to_owned(),
            specialty: specialty.to_owned(),
            trust_name: "King's College Hospital NHS Foundation Trust".to_owned(),
            trust_ods: "RJZ".to_owned(),
            standard_days: days,
            takes_requests: true,
        }
    }

    #[test]
    fn services_are_offered_by_specialty_with_their_response_standard() {
        let services = [
            choice("Memory service", "old_age_psychiatry", 5),
            choice("Rheumatology", "rheumatology", 2),
            choice("Paediatric rheumatology", "rheumatology", 1),
        ];
        let selected = services[1].id.to_string();
        let groups = grouped(&services, &selected);
        let labels: Vec<_> = groups.iter().map(|g| g.label.as_str()).collect();
        assert_eq!(labels, ["Old age psychiatry", "Rheumatology"]);
        assert_eq!(groups[1].options.len(), 2);
        assert_eq!(
            groups[1].options[0].label,
            "Rheumatology, King's College Hospital NHS Foundation Trust (RJZ) – answers within 2 working days"
        );
        assert!(groups[1].options[0].checked);
        assert!(groups[1].options[1].label.ends_with("within 1 working day"));
    }
}
