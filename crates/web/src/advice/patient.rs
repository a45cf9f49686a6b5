//! `GET /my-record/{id}/advice`: the advice requests about a patient's own record (or one they
//! care for), in plain English: when, whom the GP asked, what happens next and what the
//! specialist wrote for them.

use super::parse_id;
use crate::app::AppState;
use crate::chrome;
use crate::error::Result;
use crate::page::{Breadcrumb, PageContext};
use crate::session::Acting;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use joinedup_core::clock;
use joinedup_store::advice::{self, PatientAdvice};
use joinedup_store::people;

/// One request as the patient reads it.
pub struct PatientRequest {
    reference: String,
    asked: String,
    service: String,
    headline: String,
    next_steps: String,
    summary: String,
    answered: String,
}

fn item(a: PatientAdvice) -> PatientRequest {
    PatientRequest {
        reference: a.reference,
        asked: a.sent_at.map(clock::display).unwrap_or_default(),
        service: a.service,
        headline: a.headline,
        next_steps: a.next_steps,
        summary: a.summary.unwrap_or_default(),
        answered: a.answered_at.map(clock::display).unwrap_or_default(),
    }
}

/// The patient's advice page.
#[derive(Template, WebTemplate)]
#[template(path = "advice/patient.html")]
pub struct PatientAdviceTemplate {
    ctx: PageContext,
    crumbs: Vec<Breadcrumb>,
    name: String,
    caring: bool,
    requests: Vec<PatientRequest>,
}

/// `GET /my-record/{id}/advice`: only for the patient and carers linked to the record.
pub async fn advice(
    State(state): State<AppState>,
    acting: Acting,
    Path(id): Path<String>,
) -> Result<PatientAdviceTemplate> {
    let id = parse_id(&id)?;
    let a = &acting.actor;
    let requests = advice::for_patient(&state.store, a, id).await?;
    let record = people::patient_summary(&state.store, a, id).await?;
    let ctx = chrome::context(&state, &acting.session, Some(a), "/my-record").await?;
    Ok(PatientAdviceTemplate {
        ctx,
        crumbs: vec![
            Breadcrumb::new("Home", "/home"),
            Breadcrumb::new("Your record", "/my-record"),
        ],
        name: format!("{} {}", record.given_name, record.family_name),
        caring: record.relationship.as_deref() == Some("carer"),
        requests: requests.into_iter().map(item).collect(),
    })
}
