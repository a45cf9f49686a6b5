//! Letters endpoints (`/api/v1/letters`): a service writes drafts, checks them and signs and
//! sends; the practice acknowledges letters and works their GP actions; anyone signed in may
//! run the plain-English checker on text. Every rule and scoping check is the store's
//! (`joinedup_store::letters`) or the core's; this module turns JSON into their inputs and their
//! views into JSON. Field problems point into the body (`/gp_actions/2/due`).

use super::auth::ApiCaller;
use super::problem::{ApiError, FieldProblem};
use super::{ApiJson, Listing};
use crate::app::AppState;
use crate::letters::checker;
use axum::Extension;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use joinedup_core::letters::checker::Verdict;
use joinedup_core::letters::input::{GpActionInput, MedicineInput, PendingResultInput};
use joinedup_core::letters::{ActionState, Addressee, LetterInput, Status};
use joinedup_core::people::patient::FieldError;
use joinedup_store::StoreError;
use joinedup_store::letters::{self as store, CheckFacts, LetterFilter, LetterRow, LetterView};
use joinedup_store::people::admin::PAGE_SIZE;
use joinedup_store::platform::idempotency::Claim;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

/// The collection's path.
pub const BASE: &str = "/api/v1/letters";

/// The letters endpoints with their OpenAPI paths.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_letters, create_letter))
        .routes(routes!(check_text))
        .routes(routes!(get_letter, update_letter))
        .routes(routes!(send_letter))
        .routes(routes!(acknowledge_letter))
        .routes(routes!(update_action))
}

/// A medicine started, changed or stopped.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(default)]
pub struct MedicineJson {
    /// `started`, `changed` or `stopped`.
    pub change: Option<String>,
    /// The medicine.
    pub medicine: String,
    /// Dose and frequency now (empty when stopped).
    pub dose: String,
    /// Why.
    pub reason: String,
}

/// A result still to come.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(default)]
pub struct PendingJson {
    /// The test.
    pub test: String,
    /// `hospital` or `gp`: who acts on it.
    pub owner: Option<String>,
}

/// Something the GP is asked to do.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(default)]
pub struct GpActionJson {
    /// The action.
    pub text: String,
    /// Due by, `YYYY-MM-DD`.
    pub due: String,
}

/// A letter as written: create or replace a draft with this.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct LetterBody {
    /// The patient's NHS number (the patient must be on the service's caseload).
    pub nhs_number: String,
    /// `clinic_letter` or `discharge_summary`.
    pub kind: Option<String>,
    /// The appointment or discharge date, `YYYY-MM-DD` (Europe/London).
    pub event_date: String,
    /// Its time, `HH:MM` (needed for a discharge summary).
    pub event_time: String,
    /// `patient` (the default) or `gp`.
    pub addressee: Option<String>,
    /// Why the letter is to the GP.
    pub gp_reason: String,
    /// Diagnoses, one a line.
    pub diagnoses: String,
    /// What was done.
    pub summary: String,
    /// Results that are back.
    pub results: String,
    /// Results still to come.
    pub pending_results: Vec<PendingJson>,
    /// Medicines started, changed or stopped.
    pub medicines: Vec<MedicineJson>,
    /// The plan.
    pub follow_up: String,
    /// Information given.
    pub information_given: String,
    /// What the GP needs to do.
    pub gp_actions: Vec<GpActionJson>,
    /// What the patient needs to do.
    pub patient_actions: Vec<String>,
    /// What the hospital will do.
    pub hospital_actions: Vec<String>,
    /// Replacing a draft: the version it was read at (`PUT` only).
    pub expected_version: Option<i32>,
}

impl LetterBody {
    fn input(&self) -> LetterInput {
        LetterInput {
            nhs_number: self.nhs_number.clone(),
            kind: self.kind.clone(),
            event_date: self.event_date.clone(),
            event_time: self.event_time.clone(),
            addressee: self.addressee.clone(),
            gp_reason: self.gp_reason.clone(),
            diagnoses: self.diagnoses.clone(),
            summary: self.summary.clone(),
            results: self.results.clone(),
            pending_results: self
                .pending_results
                .iter()
                .map(|p| PendingResultInput {
                    test: p.test.clone(),
                    owner: p.owner.clone(),
                })
                .collect(),
            medicines: self
                .medicines
                .iter()
                .map(|m| MedicineInput {
                    change: m.change.clone(),
                    medicine: m.medicine.clone(),
                    dose: m.dose.clone(),
                    reason: m.reason.clone(),
                })
                .collect(),
            follow_up: self.follow_up.clone(),
            information_given: self.information_given.clone(),
            gp_actions: self
                .gp_actions
                .iter()
                .map(|a| GpActionInput {
                    text: a.text.clone(),
                    due: a.due.clone(),
                })
                .collect(),
            patient_actions: self.patient_actions.clone(),
            hospital_actions: self.hospital_actions.clone(),
        }
    }
}

/// A GP action as the practice works it.
#[derive(Debug, Serialize, ToSchema)]
pub struct ActionJson {
    /// Its id, for `POST …/actions/{action_id}`.
    pub id: Uuid,
    /// The action.
    pub text: String,
    /// Due by, `YYYY-MM-DD`.
    pub due: String,
    /// `open`, `done`, `not_needed` or `declined`.
    pub state: String,
    /// Why not needed or declined.
    pub reason: String,
}

/// One letter.
#[derive(Debug, Serialize, ToSchema)]
pub struct LetterJson {
    /// Its id.
    pub id: Uuid,
    /// Its reference, e.g. `LT-1A2B-3C4D-5E6F`.
    pub reference: String,
    /// `clinic_letter` or `discharge_summary`.
    pub kind: String,
    /// `draft`, `sent` or `acknowledged`.
    pub status: String,
    /// The version to send back with a change.
    pub version: i32,
    /// The patient's NHS number.
    pub nhs_number: String,
    /// The writing service.
    pub service: String,
    /// The practice it goes to.
    pub practice: String,
    /// `patient` or `gp`.
    pub addressee: String,
    /// The appointment or discharge (RFC 3339).
    pub event_at: Option<String>,
    /// When it is due under the timing standard (RFC 3339).
    pub due_at: Option<String>,
    /// When it was sent (RFC 3339).
    pub sent_at: Option<String>,
    /// Whether it was sent within the standard.
    pub on_time: Option<bool>,
    /// Who signed it.
    pub signed_by: Option<String>,
    /// When the practice acknowledged it (RFC 3339).
    pub acknowledged_at: Option<String>,
    /// The letter under its headings (as `LetterBody`'s fields).
    #[schema(value_type = Object)]
    pub content: serde_json::Value,
    /// The GP actions as the practice works them (once sent).
    pub actions: Vec<ActionJson>,
    /// Its address.
    pub url: String,
}

fn rfc3339(t: Option<OffsetDateTime>) -> Option<String> {
    t.and_then(|t| t.to_offset(time::UtcOffset::UTC).format(&Rfc3339).ok())
}

impl From<&LetterView> for LetterJson {
    fn from(v: &LetterView) -> Self {
        let l = &v.letter;
        Self {
            id: l.id,
            reference: v.reference(),
            kind: v.kind.as_str().into(),
            status: v.status.as_str().into(),
            version: l.version,
            nhs_number: v.patient.nhs_number.as_digits(),
            service: format!("{}, {}", v.service_name, v.trust_name),
            practice: v.practice.clone(),
            addressee: v.addressee.as_str().into(),
            event_at: rfc3339(l.event_at),
            due_at: rfc3339(l.due_at),
            sent_at: rfc3339(l.sent_at),
            on_time: l.on_time,
            signed_by: l.signed_name.clone(),
            acknowledged_at: rfc3339(l.acknowledged_at),
            content: serde_json::to_value(&v.content).unwrap_or_default(),
            actions: v
                .actions
                .iter()
                .map(|a| ActionJson {
                    id: a.id,
                    text: a.text.clone(),
                    due: a.due_on.to_string(),
                    state: a.state.clone(),
                    reason: a.reason.clone(),
                })
                .collect(),
            url: format!("{BASE}/{}", l.id),
        }
    }
}

/// One letter in a list.
#[derive(Debug, Serialize, ToSchema)]
pub struct LetterRowJson {
    /// Its id.
    pub id: Uuid,
    /// Its reference.
    pub reference: String,
    /// `clinic_letter` or `discharge_summary`.
    pub kind: String,
    /// `draft`, `sent` or `acknowledged`.
    pub status: String,
    /// "FAMILY, Given".
    pub patient: String,
    /// The writing service.
    pub service: String,
    /// The practice.
    pub practice: String,
    /// When it was sent (RFC 3339).
    pub sent_at: Option<String>,
    /// Whether on time.
    pub on_time: Option<bool>,
    /// GP actions still open.
    pub open_actions: i64,
    /// Its address.
    pub url: String,
}

impl From<LetterRow> for LetterRowJson {
    fn from(r: LetterRow) -> Self {
        Self {
            url: format!("{BASE}/{}", r.id),
            id: r.id,
            reference: r.reference,
            kind: r.kind.as_str().into(),
            status: r.status.as_str().into(),
            patient: r.patient_name,
            service: r.service_name,
            practice: r.practice_name,
            sent_at: rfc3339(r.sent_at),
            on_time: r.on_time,
            open_actions: r.open_actions,
        }
    }
}

fn problems(errors: Vec<FieldError>) -> Vec<FieldProblem> {
    errors
        .into_iter()
        .map(|e| FieldProblem {
            pointer: format!("/{}", e.field.replace('.', "/")),
            detail: e.message,
        })
        .collect()
}

fn store_error(e: StoreError) -> ApiError {
    match e {
        StoreError::Invalid(errors) => ApiError::Validation(problems(errors)),
        other => ApiError::from(other),
    }
}

fn path_id(raw: &str) -> Result<Uuid, ApiError> {
    Uuid::parse_str(raw).map_err(|_| ApiError::NotFound)
}

async fn current(state: &AppState, caller: &ApiCaller, id: Uuid) -> Result<LetterJson, ApiError> {
    let v = store::view(&state.store, &caller.actor, id)
        .await
        .map_err(store_error)?;
    Ok(LetterJson::from(&v))
}

#[path = "letters_handlers.rs"]
mod handlers;
pub use handlers::*;
