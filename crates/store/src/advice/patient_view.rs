//! What a patient (or a carer with consent) sees of advice requests about them: that their GP
//! asked, when, whom, what was advised for them in plain English and what happens next.

use super::entity::advice_request;
use crate::audit::{self, AuditEvent};
use crate::people::ActorContext;
use crate::people::entity::{organisation, patient, service};
use crate::{Result, Store, StoreError};
use joinedup_core::advice::{Outcome, Status};
use joinedup_core::audit::outcome;
use joinedup_core::people::Role;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use time::OffsetDateTime;
use uuid::Uuid;

/// One request as the patient reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PatientAdvice {
    /// The reference, to quote when asking about it.
    pub reference: String,
    /// When the GP asked.
    pub sent_at: Option<OffsetDateTime>,
    /// The service asked, e.g. "Rheumatology at King's College Hospital".
    pub service: String,
    /// Where it stands, in plain English.
    pub headline: String,
    /// What happens next, in plain English.
    pub next_steps: String,
    /// The specialist's summary written for the patient, once they have answered.
    pub summary: Option<String>,
    /// When the specialist answered.
    pub answered_at: Option<OffsetDateTime>,
}

/// The sent requests about a linked patient record, newest first; reading them is audited.
pub async fn for_patient(
    store: &Store,
    ctx: &ActorContext,
    patient_id: Uuid,
) -> Result<Vec<PatientAdvice>> {
    if ctx.role != Role::Patient || !ctx.linked_patient_ids.contains(&patient_id) {
        return Err(StoreError::NotFound);
    }
    let txn = store.write().await?;
    let p = patient::Entity::find_by_id(patient_id)
        .one(&txn)
        .await?
        .ok_or(StoreError::NotFound)?;
    let rows = advice_request::Entity::find()
        .filter(advice_request::Column::PatientId.eq(patient_id))
        .filter(advice_request::Column::Status.ne(Status::Draft.as_str()))
        .order_by_desc(advice_request::Column::SentAt)
        .all(&txn)
        .await?;
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        let svc = match r.service_id {
            Some(id) => service::Entity::find_by_id(id).one(&txn).await?,
            None => None,
        };
        let trust = match &svc {
            Some(s) => organisation::Entity::find_by_id(s.organisation_id)
                .one(&txn)
                .await?
                .map(|o| o.name),
            None => None,
        };
        let status = Status::parse(&r.status).unwrap_or(Status::Closed);
        let outcome = r.outcome.as_deref().and_then(Outcome::parse);
        let (headline, next_steps) = match (status, outcome) {
            (Status::AwaitingInformation, _) => (
                "The specialist has asked your GP for more information".to_owned(),
                "Your GP will send it. The specialist will then reply to your GP.".to_owned(),
            ),
            (Status::Sent, _) => (
                "Your GP has asked a specialist for advice".to_owned(),
                "The specialist will reply to your GP. You do not need to do anything yet."
                    .to_owned(),
            ),
            (_, Some(o)) => (
                o.patient_label().to_owned(),
                o.patient_next_steps().to_owned(),
            ),
            _ => (
                "Your GP has asked a specialist for advice".to_owned(),
                "The specialist will reply to your GP.".to_owned(),
            ),
        };
        out.push(PatientAdvice {
            reference: super::reference(r.id),
            sent_at: r.sent_at,
            service: match (svc, trust) {
                (Some(s), Some(t)) => format!("{} at {}", s.name, t),
                (Some(s), None) => s.name,
                _ => String::new(),
            },
            headline,
            next_steps,
            summary: r
                .patient_summary
                .filter(|_| outcome.is_some_and(Outcome::is_final)),
            answered_at: r.answered_at,
        });
    }
    audit::record(
        &txn,
        &ctx.audit(),
        AuditEvent {
            action: "advice.patient_view",
            nhs_number: Some(p.nhs_number.clone()),
            record_type: "patient",
            record_id: Some(patient_id.to_string()),
            outcome: outcome::SUCCESS,
        },
    )
    .await?;
    txn.commit().await?;
    Ok(out)
}
