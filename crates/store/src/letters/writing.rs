//! The service's side: saving drafts, and signing and sending (one transaction: the letter,
//! its GP actions, the deliveries to the patient's page and the practice's inbox, and the audit).

use super::entity::{letter, letter_action};
use super::totals;
use super::{CHANGED_MESSAGE, Side, event, load_scoped, refused, side_of};
use crate::audit;
use crate::people::ActorContext;
use crate::people::caseload;
use crate::people::entity::{patient, patient_link, service, user};
use crate::platform::versioned::Versioned;
use crate::platform::{idempotency, notifications};
use crate::{Result, Store, StoreError, now};
use joinedup_core::audit::outcome;
use joinedup_core::letters::figures::{ActionCounts, LetterFact};
use joinedup_core::letters::tally::Tally;
use joinedup_core::letters::workflow::{Event, transition};
use joinedup_core::letters::{ActionState, DraftLetter, Status, TimingStandard, timing};
use joinedup_core::people::patient::FieldError;
use sea_orm::{ActiveValue::Set, ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter};
use uuid::Uuid;

/// What the plain-English checker found when the letter was signed, kept for the figures.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CheckFacts {
    /// Estimated reading age, in years.
    pub reading_age: f64,
    /// Flesch Reading Ease.
    pub flesch_reading_ease: f64,
    /// The checker's verdict: plain English, or needs work.
    pub plain: bool,
}

fn invalid(field: &'static str, message: &str) -> StoreError {
    StoreError::Invalid(vec![FieldError {
        field: field.into(),
        message: message.into(),
    }])
}

/// The patient of a draft, who must be on the service's caseload. A patient who exists but is
/// not under the service is audited as a refused attempt (committed with nothing else).
async fn caseload_patient(
    txn: DatabaseTransaction,
    ctx: &ActorContext,
    service_id: Uuid,
    draft: &DraftLetter,
) -> Result<(DatabaseTransaction, patient::Model)> {
    let p = patient::Entity::find()
        .filter(patient::Column::NhsNumber.eq(draft.nhs_number.as_digits()))
        .one(&txn)
        .await?;
    let Some(p) = p else {
        return Err(invalid(
            "nhs_number",
            "No patient has this NHS number. Check the number and try again",
        ));
    };
    if !caseload::is_under(&txn, service_id, p.id).await? {
        audit::record(
            &txn,
            &ctx.audit(),
            event("letter.create", &p.nhs_number, p.id, outcome::DENIED),
        )
        .await?;
        txn.commit().await?;
        return Err(invalid(
            "nhs_number",
            "This patient is not under the care of your service. You can only write letters about your service's patients",
        ));
    }
    Ok((txn, p))
}

/// Creates a draft for a patient under the actor's service, or updates the service's draft
/// `existing` at `expected_version`. Returns the letter's id.
pub async fn save_draft(
    store: &Store,
    ctx: &ActorContext,
    existing: Option<(Uuid, i32)>,
    draft: &DraftLetter,
    claim: Option<idempotency::Claim>,
    respond: impl FnOnce(Uuid) -> (u16, String),
) -> Result<Uuid> {
    let Some(Side::Service(service_id)) = side_of(ctx) else {
        return Err(StoreError::NotFound);
    };
    transition(Status::Draft, Event::SaveDraft, ctx.role).map_err(refused)?;
    let txn = store.write().await?;
    let (txn, p) = caseload_patient(txn, ctx, service_id, draft).await?;
    let t = now();
    let (id, version) = match existing {
        Some((id, v)) => {
            let (row, _, _) = load_scoped(&txn, ctx, id).await?;
            let status = Status::parse(&row.status).unwrap_or(Status::Sent);
            transition(status, Event::SaveDraft, ctx.role).map_err(refused)?;
            (id, v)
        }
        None => {
            let svc = service::Entity::find_by_id(service_id)
                .one(&txn)
                .await?
                .ok_or(StoreError::NotFound)?;
            let id = Uuid::now_v7();
            letter::Entity::insert(letter::ActiveModel {
                id: Set(id),
                kind: Set(draft.kind.as_str().into()),
                status: Set(Status::Draft.as_str().into()),
                service_id: Set(service_id),
                trust_id: Set(svc.organisation_id),
                patient_id: Set(p.id),
                practice_id: Set(p.practice_id),
                created_by: Set(ctx.user_id),
                event_at: Set(None),
                due_at: Set(None),
                addressee: Set(draft.addressee.as_str().into()),
                gp_reason: Set(String::new()),
                content: Set("{}".into()),
                signed_by: Set(None),
                signed_name: Set(None),
                sent_at: Set(None),
                on_time: Set(None),
                reading_age: Set(None),
                flesch_reading_ease: Set(None),
                plain: Set(None),
                acknowledged_by: Set(None),
                acknowledged_at: Set(None),
                created_at: Set(t),
                updated_at: Set(t),
                version: Set(1),
            })
            .exec_without_returning(&txn)
            .await?;
            (id, 1)
        }
    };
    save_versioned(&txn, draft_fields(draft, p.id, p.practice_id), id, version).await?;
    audit::record(
        &txn,
        &ctx.audit(),
        event("letter.draft", &p.nhs_number, id, outcome::SUCCESS),
    )
    .await?;
    if let Some(claim) = claim {
        let (status, body) = respond(id);
        idempotency::complete(&txn, claim, status, &body).await?;
    }
    txn.commit().await?;
    Ok(id)
}

/// The columns a draft sets.
fn draft_fields(draft: &DraftLetter, patient_id: Uuid, practice_id: Uuid) -> letter::ActiveModel {
    letter::ActiveModel {
        kind: Set(draft.kind.as_str().into()),
        patient_id: Set(patient_id),
        practice_id: Set(practice_id),
        event_at: Set(draft.event_at),
        due_at: Set(draft
            .event_at
            .map(|at| TimingStandard::default().due_at(draft.kind, at))),
        addressee: Set(draft.addressee.as_str().into()),
        gp_reason: Set(draft.gp_reason.clone()),
        content: Set(serde_json::to_string(&draft.content).unwrap_or_else(|_| "{}".into())),
        ..Default::default()
    }
}

/// Writes `row` if the letter's version is still `expected`, raising it; `Conflict` otherwise.
async fn save_versioned(
    txn: &DatabaseTransaction,
    row: letter::ActiveModel,
    id: Uuid,
    expected: i32,
) -> Result<()> {
    use letter::Column as C;
    let columns = Versioned::<letter::Entity> {
        id: C::Id,
        version: C::Version,
        updated_at: C::UpdatedAt,
    };
    columns.save(txn, row, id, expected, CHANGED_MESSAGE).await
}

/// Signs draft `id` (at `expected_version`) with the complete `letter` and sends it: to the
/// practice where the patient is registered now, and to the patient's page. A retry finds the
/// letter sent and is refused with `Conflict`, so nothing is delivered twice.
#[allow(clippy::too_many_arguments)]
pub async fn sign_and_send(
    store: &Store,
    ctx: &ActorContext,
    id: Uuid,
    expected_version: i32,
    letter_in: &DraftLetter,
    check: CheckFacts,
    claim: Option<idempotency::Claim>,
    respond: impl FnOnce(Uuid) -> (u16, String),
) -> Result<()> {
    let Some(Side::Service(service_id)) = side_of(ctx) else {
        return Err(StoreError::NotFound);
    };
    transition(Status::Draft, Event::SignAndSend, ctx.role).map_err(refused)?;
    super::check_scope(store, ctx, id, "letter.send").await?;
    let txn = store.write().await?;
    let (row, _, _) = load_scoped(&txn, ctx, id).await?;
    let status = Status::parse(&row.status).unwrap_or(Status::Sent);
    transition(status, Event::SignAndSend, ctx.role).map_err(refused)?;
    let (txn, p) = caseload_patient(txn, ctx, service_id, letter_in).await?;
    let event_at = letter_in
        .event_at
        .ok_or_else(|| invalid("event_date", "Enter the date"))?;
    let t = now();
    let due = TimingStandard::default().due_at(letter_in.kind, event_at);
    let mut fields = draft_fields(letter_in, p.id, p.practice_id);
    fields.status = Set(Status::Sent.as_str().into());
    fields.signed_by = Set(Some(ctx.user_id));
    fields.signed_name = Set(Some(format!("{}, {}", ctx.display_name, ctx.role.label())));
    fields.sent_at = Set(Some(t));
    fields.on_time = Set(Some(timing::on_time(t, due)));
    fields.reading_age = Set(Some(check.reading_age));
    fields.flesch_reading_ease = Set(Some(check.flesch_reading_ease));
    fields.plain = Set(Some(check.plain));
    save_versioned(&txn, fields, id, expected_version).await?;
    let sent = LetterFact {
        trust_id: row.trust_id,
        service_id,
        practice_id: p.practice_id,
        event_at: Some(event_at),
        sent_at: t,
        on_time: Some(timing::on_time(t, due)),
        acknowledged_at: None,
        reading_age: Some(check.reading_age),
        plain: Some(check.plain),
        actions: ActionCounts {
            raised: u32::try_from(letter_in.content.gp_actions.len()).unwrap_or(u32::MAX),
            ..ActionCounts::default()
        },
    };
    let place = totals::Place {
        service_id,
        practice_id: p.practice_id,
        sent_at: t,
    };
    let mut delta = Tally::sent(&sent);
    for (i, a) in letter_in.content.gp_actions.iter().enumerate() {
        let due_on = a
            .due
            .ok_or_else(|| invalid("gp_actions", "Enter the date each action is due by"))?;
        delta.add_open_action(due_on, 1);
        letter_action::Entity::insert(letter_action::ActiveModel {
            id: Set(Uuid::now_v7()),
            letter_id: Set(id),
            practice_id: Set(p.practice_id),
            position: Set(i as i32),
            text: Set(a.text.clone()),
            due_on: Set(due_on),
            state: Set(ActionState::Open.as_str().into()),
            reason: Set(String::new()),
            updated_by: Set(None),
            settled_at: Set(None),
            created_at: Set(t),
        })
        .exec_without_returning(&txn)
        .await?;
    }
    totals::add(&txn, place, &delta).await?;
    deliver_to_patient(&txn, id, p.id).await?;
    audit::record(
        &txn,
        &ctx.audit(),
        event("letter.send", &p.nhs_number, id, outcome::SUCCESS),
    )
    .await?;
    if let Some(claim) = claim {
        let (status, body) = respond(id);
        idempotency::complete(&txn, claim, status, &body).await?;
    }
    txn.commit().await?;
    Ok(())
}

/// Tells each person linked to the patient's record that a letter has arrived.
async fn deliver_to_patient(
    txn: &DatabaseTransaction,
    letter_id: Uuid,
    patient_id: Uuid,
) -> Result<()> {
    let links = patient_link::Entity::find()
        .filter(patient_link::Column::PatientId.eq(patient_id))
        .all(txn)
        .await?;
    // The email names no service: a clinic's name can say more about a patient than they wish.
    let body = "A hospital service has sent a letter about your care. Sign in to read it.";
    let link = format!("/letters/{letter_id}");
    for l in links {
        let Some(u) = user::Entity::find_by_id(l.user_id).one(txn).await? else {
            continue;
        };
        notifications::notify(
            txn,
            u.id,
            notifications::Notice {
                title: "You have a new letter from the hospital",
                body,
                link: Some(&link),
                email_to: Some(&u.email),
            },
        )
        .await?;
    }
    Ok(())
}
