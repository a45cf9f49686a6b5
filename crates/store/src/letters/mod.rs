//! Clinic letters and discharge summaries: drafts written by the service, signed and sent to the
//! practice and the patient, acknowledged by the practice, whose GP actions it works.
//!
//! Scoping: a service sees its own letters (drafts included); a practice sees letters sent about
//! its patients; a patient or carer sees the sent letters of the records linked to them. Anything
//! else is `NotFound`, and the refusal is audited.

pub mod entity;
pub mod figures;
mod lists;
mod practice;
mod totals;
mod writing;

pub use lists::{
    LetterFilter, LetterRow, OverdueAction, overdue_actions, patient_letters, practice_inbox,
    practice_inbox_with_overdue, service_letters,
};
pub use practice::{acknowledge, report_not_understood, update_action};
pub use writing::{CheckFacts, save_draft, sign_and_send};

use crate::audit::{self, AuditEvent};
use crate::people::ActorContext;
use crate::people::entity::{organisation, patient, service, user};
use crate::platform::paging::first;
use crate::{Result, Store, StoreError};
use entity::{letter, letter_action, letter_query};
use joinedup_core::audit::outcome;
use joinedup_core::letters::{Addressee, Kind, LetterContent, Status, TimingStandard};
use joinedup_core::people::Role;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use uuid::Uuid;

/// Which side of a letter an actor is on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Side {
    /// The writing service.
    Service(Uuid),
    /// The patient's practice.
    Practice(Uuid),
    /// A patient or carer, with the records linked to them.
    Patient(Vec<Uuid>),
}

pub(crate) fn side_of(ctx: &ActorContext) -> Option<Side> {
    match ctx.role {
        Role::Specialist | Role::Secretary => ctx.service_id.map(Side::Service),
        Role::Gp | Role::PracticeStaff => ctx.organisation_id.map(Side::Practice),
        Role::Patient => Some(Side::Patient(ctx.linked_patient_ids.clone())),
        _ => None,
    }
}

fn may_see(side: &Side, l: &letter::Model) -> bool {
    let sent = l.status != Status::Draft.as_str();
    match side {
        Side::Service(s) => l.service_id == *s,
        Side::Practice(p) => sent && l.practice_id == *p,
        Side::Patient(ids) => sent && ids.contains(&l.patient_id),
    }
}

/// The reference shown on pages: `LT-` and the last twelve hex digits of the id.
pub fn reference(id: Uuid) -> String {
    let hex = id.simple().to_string().to_uppercase();
    format!("LT-{}-{}-{}", &hex[20..24], &hex[24..28], &hex[28..32])
}

/// The audit entry about one letter.
pub(crate) fn event<'a>(
    action: &'a str,
    nhs_number: &str,
    id: Uuid,
    outcome: &'a str,
) -> AuditEvent<'a> {
    AuditEvent {
        action,
        nhs_number: Some(nhs_number.to_owned()),
        record_type: "letter",
        record_id: Some(id.to_string()),
        outcome,
    }
}

/// A refusal from the state machine as a store error: 403 for the role, 409 for the state.
pub(crate) fn refused(e: joinedup_core::refusal::TransitionError) -> StoreError {
    use joinedup_core::refusal::TransitionError as T;
    match e {
        T::NotPermitted(m) => StoreError::Forbidden(m.into()),
        T::WrongState(m) => StoreError::Conflict(m.into()),
    }
}

/// The message shown when someone else changed the letter first.
pub const CHANGED_MESSAGE: &str = "Someone else changed this letter while you were working on it. Check the latest version below; what you typed has been kept";

/// Letter `id` with its patient's NHS number, and the actor's side if they may see it.
async fn lookup(
    conn: &impl ConnectionTrait,
    ctx: &ActorContext,
    id: Uuid,
) -> Result<Option<(letter::Model, String, Option<Side>)>> {
    Ok(lookup_with_patient(conn, ctx, id)
        .await?
        .map(|(row, p, side)| (row, p.map(|p| p.nhs_number).unwrap_or_default(), side)))
}

/// [`lookup`] keeping the patient's row, for pages that show the patient.
async fn lookup_with_patient(
    conn: &impl ConnectionTrait,
    ctx: &ActorContext,
    id: Uuid,
) -> Result<Option<(letter::Model, Option<patient::Model>, Option<Side>)>> {
    let Some(row) = first(conn, letter::Entity::find_by_id(id)).await? else {
        return Ok(None);
    };
    let p = first(conn, patient::Entity::find_by_id(row.patient_id)).await?;
    let side = side_of(ctx).filter(|s| may_see(s, &row));
    Ok(Some((row, p, side)))
}

/// Loads letter `id` inside a transaction if the actor may see it (callers run
/// [`check_scope`] first, so a refusal here only follows a change made in between).
pub(crate) async fn load_scoped(
    conn: &impl ConnectionTrait,
    ctx: &ActorContext,
    id: Uuid,
) -> Result<(letter::Model, String, Side)> {
    match lookup(conn, ctx, id).await? {
        Some((row, nhs, Some(side))) => Ok((row, nhs, side)),
        _ => Err(StoreError::NotFound),
    }
}

/// Checks, before any write transaction opens, that the actor may see letter `id`. A letter
/// that exists but is not theirs is audited as refused (through the read queue, so the entry
/// stays though nothing else is written) and reported as `NotFound`, like a missing one.
pub(crate) async fn check_scope(
    store: &Store,
    ctx: &ActorContext,
    id: Uuid,
    action: &str,
) -> Result<(letter::Model, String, Side)> {
    match lookup(store.db(), ctx, id).await? {
        None => Err(StoreError::NotFound),
        Some((row, nhs, Some(side))) => Ok((row, nhs, side)),
        Some((_, nhs, None)) => {
            audit::record_read(
                store,
                &ctx.audit(),
                vec![event(action, &nhs, id, outcome::DENIED)],
            )
            .await?;
            Err(StoreError::NotFound)
        }
    }
}

/// One letter with everything its page shows.
#[derive(Debug, Clone)]
pub struct LetterView {
    /// The stored row.
    pub letter: letter::Model,
    /// Clinic letter or discharge summary.
    pub kind: Kind,
    /// Where it stands.
    pub status: Status,
    /// To whom it is written.
    pub addressee: Addressee,
    /// The body under its headings.
    pub content: LetterContent,
    /// The patient.
    pub patient: crate::people::PatientSummary,
    /// The writing service's name.
    pub service_name: String,
    /// Its trust's name.
    pub trust_name: String,
    /// The practice it went to, as "Name (ODS)".
    pub practice: String,
    /// Who wrote the draft.
    pub created_by_name: String,
    /// Who acknowledged it for the practice.
    pub acknowledged_by_name: Option<String>,
    /// The GP actions as the practice is working them, in the letter's order.
    pub actions: Vec<letter_action::Model>,
    /// Patients' reports that they did not understand it (shown to the service only).
    pub queries: Vec<letter_query::Model>,
    /// The standard it is measured against, in words.
    pub standard: String,
}

impl LetterView {
    /// The reference shown on pages.
    pub fn reference(&self) -> String {
        reference(self.letter.id)
    }
}

/// One letter with everything its page shows; the reading is audited.
pub async fn view(store: &Store, ctx: &ActorContext, id: Uuid) -> Result<LetterView> {
    view_for(store, ctx, id, "letter.view").await
}

/// [`view`], audited as `action` (`letter.pdf` for a download).
pub async fn view_for(
    store: &Store,
    ctx: &ActorContext,
    id: Uuid,
    action: &str,
) -> Result<LetterView> {
    let conn = store.db();
    let (row, patient_row, side) = match lookup_with_patient(conn, ctx, id).await? {
        Some((row, Some(p), Some(side))) => (row, p, side),
        Some((_, p, None)) => {
            let nhs = p.map(|p| p.nhs_number).unwrap_or_default();
            let refused = vec![event(action, &nhs, id, outcome::DENIED)];
            audit::record_read(store, &ctx.audit(), refused).await?;
            return Err(StoreError::NotFound);
        }
        _ => return Err(StoreError::NotFound),
    };
    let nhs = patient_row.nhs_number.clone();
    let patient = crate::people::patients::summary_of(conn, patient_row).await?;
    // The people and places named on the page, one query each.
    let people: Vec<user::Model> = user::Entity::find()
        .filter(
            user::Column::Id.is_in(
                [Some(row.created_by), row.acknowledged_by]
                    .into_iter()
                    .flatten(),
            ),
        )
        .all(conn)
        .await?;
    let name_of_user = |id: Option<Uuid>| {
        id.and_then(|id| {
            people
                .iter()
                .find(|u| u.id == id)
                .map(|u| u.display_name.clone())
        })
    };
    let created_by_name = name_of_user(Some(row.created_by)).unwrap_or_default();
    let acknowledged_by_name = name_of_user(row.acknowledged_by);
    let svc = first(conn, service::Entity::find_by_id(row.service_id)).await?;
    let orgs = organisation::Entity::find()
        .filter(organisation::Column::Id.is_in([row.trust_id, row.practice_id]))
        .all(conn)
        .await?;
    let trust = orgs.iter().find(|o| o.id == row.trust_id).cloned();
    let practice = orgs.iter().find(|o| o.id == row.practice_id).cloned();
    let actions = letter_action::Entity::find()
        .filter(letter_action::Column::LetterId.eq(id))
        .order_by_asc(letter_action::Column::Position)
        .all(conn)
        .await?;
    let queries = if matches!(side, Side::Service(_)) {
        letter_query::Entity::find()
            .filter(letter_query::Column::LetterId.eq(id))
            .order_by_asc(letter_query::Column::CreatedAt)
            .all(conn)
            .await?
    } else {
        Vec::new()
    };
    audit::record_read(
        store,
        &ctx.audit(),
        vec![event(action, &nhs, id, outcome::SUCCESS)],
    )
    .await?;
    let kind = Kind::parse(&row.kind).unwrap_or(Kind::ClinicLetter);
    Ok(LetterView {
        kind,
        status: Status::parse(&row.status).unwrap_or(Status::Sent),
        addressee: Addressee::parse(&row.addressee).unwrap_or(Addressee::Patient),
        content: serde_json::from_str(&row.content).unwrap_or_default(),
        patient,
        service_name: svc.map(|s| s.name).unwrap_or_default(),
        trust_name: trust.map(|t| t.name).unwrap_or_default(),
        practice: practice
            .map(|p| format!("{} ({})", p.name, p.ods_code))
            .unwrap_or_default(),
        created_by_name,
        acknowledged_by_name,
        actions,
        queries,
        standard: TimingStandard::default().describe(kind),
        letter: row,
    })
}
