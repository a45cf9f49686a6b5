//! Deadline work the background worker runs: the reminder on the morning a request falls due,
//! and the escalation to the service's lead once it is overdue. A job carries the due time it
//! was queued for; if the clock has moved since (a pause, a redirect) or the request has been
//! answered, the job does nothing, because the change queued fresh jobs of its own.

use super::entity::advice_request;
use crate::audit::{self, AuditActor, AuditEvent};
use crate::people::entity::{membership, patient, service};
use crate::{Result, Store, now};
use joinedup_core::advice::Status;
use joinedup_core::audit::outcome;
use joinedup_core::people::Role;
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter};
use uuid::Uuid;

/// What a deadline job did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeadlineRun {
    /// People were told.
    Sent,
    /// Nothing to do: answered, moved or already done.
    Skipped,
}

#[derive(serde::Deserialize)]
struct Payload {
    request_id: Uuid,
    due_at: i64,
}

/// Runs a reminder or escalation job (`kind` is [`super::REMIND_JOB`] or [`super::ESCALATE_JOB`]).
pub async fn run(store: &Store, kind: &str, payload: &serde_json::Value) -> Result<DeadlineRun> {
    let p: Payload = serde_json::from_value(payload.clone())
        .map_err(|e| anyhow::anyhow!("bad advice job payload: {e}"))?;
    let escalate = kind == super::ESCALATE_JOB;
    let txn = store.write().await?;
    let Some(r) = advice_request::Entity::find_by_id(p.request_id)
        .one(&txn)
        .await?
    else {
        return Ok(DeadlineRun::Skipped);
    };
    let still_due =
        r.status == Status::Sent.as_str() && r.due_at.map(|d| d.unix_timestamp()) == Some(p.due_at);
    let done = if escalate {
        r.escalated_at.is_some()
    } else {
        r.reminded_at.is_some()
    };
    let t = now();
    if !still_due || done || (escalate && r.due_at.is_some_and(|d| d >= t)) {
        return Ok(DeadlineRun::Skipped);
    }
    let Some(service_id) = r.service_id else {
        return Ok(DeadlineRun::Skipped);
    };
    let svc = service::Entity::find_by_id(service_id).one(&txn).await?;
    let specialists: Vec<Uuid> = membership::Entity::find()
        .filter(membership::Column::ServiceId.eq(service_id))
        .filter(membership::Column::Role.eq(Role::Specialist.as_str()))
        .all(&txn)
        .await?
        .into_iter()
        .map(|m| m.user_id)
        .collect();
    let reference = super::reference(r.id);
    let (recipients, title, body) = if escalate {
        let to = match svc.as_ref().and_then(|s| s.lead_user_id) {
            Some(lead) => vec![lead],
            None => specialists,
        };
        (
            to,
            "An advice request is overdue",
            format!(
                "Advice request {reference} has passed its response standard without an answer. Please make sure someone answers it today."
            ),
        )
    } else {
        let to = match r.claimed_by {
            Some(u) => vec![u],
            None => specialists,
        };
        (
            to,
            "An advice request is due today",
            format!("Advice request {reference} is due by the end of today."),
        )
    };
    for user_id in recipients {
        super::tell(&txn, user_id, title, &body, r.id).await?;
    }
    let mut row = advice_request::ActiveModel {
        id: Set(r.id),
        ..Default::default()
    };
    if escalate {
        row.escalated_at = Set(Some(t));
    } else {
        row.reminded_at = Set(Some(t));
    }
    advice_request::Entity::update(row).exec(&txn).await?;
    let nhs = patient::Entity::find_by_id(r.patient_id)
        .one(&txn)
        .await?
        .map(|p| p.nhs_number);
    audit::record(
        &txn,
        &AuditActor::default(),
        AuditEvent {
            action: if escalate {
                "advice.escalate"
            } else {
                "advice.remind"
            },
            nhs_number: nhs,
            record_type: "advice_request",
            record_id: Some(r.id.to_string()),
            outcome: outcome::SUCCESS,
        },
    )
    .await?;
    txn.commit().await?;
    Ok(DeadlineRun::Sent)
}
