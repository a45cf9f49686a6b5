//! Advice & Guidance in the database: requests from draft to closed, the service's inbox, the
//! practice's list, the thread, attachments, reminders and escalations, and the figures.
//!
//! Every use case runs in one transaction with its audit entry (each names the patient's NHS
//! number). Scoping: the practice side (GP, practice staff) sees its own practice's requests;
//! the service side (specialist, secretary) sees requests now with its own service; a patient
//! or carer sees the sent requests about a linked record, in plain English. Anything else is
//! `NotFound`, audited as a refusal where the request exists. The rules of what may happen in
//! which status are `joinedup_core::advice::transition`; changes that depend on what the actor
//! saw carry the version they saw and fail with `Conflict` when someone changed it first.

pub mod entity;
pub mod figures;
pub mod jobs;
mod lists;
mod patient_view;
mod thread;

pub use figures::{facts_between, monthly};
pub use lists::{InboxFilter, InboxRow, inbox, practice_requests};
pub use patient_view::{PatientAdvice, for_patient};
pub use thread::{
    add_attachment, attachment, claim, close, gp_respond, mark_read, post_message, release, reply,
};

use crate::audit::{self, AuditEvent};
use crate::people::ActorContext;
use crate::people::entity::{organisation, patient, service, user};
use crate::platform::versioned::Versioned;
use crate::platform::{idempotency, jobs as job_queue, notifications};
use crate::{Result, Store, StoreError, now};
use entity::{advice_attachment, advice_message, advice_request};
use joinedup_core::advice::{
    ClockFacts, DraftRequest, Outcome, ResponseStandard, SendableRequest, Status, Urgency,
};
use joinedup_core::audit::outcome;
use joinedup_core::calendar::Calendar;
use joinedup_core::people::Role;
use joinedup_core::people::patient::FieldError;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait, QueryFilter,
    QueryOrder,
};
use time::OffsetDateTime;
use uuid::Uuid;

/// The job that reminds a service on the morning a request falls due.
pub const REMIND_JOB: &str = "advice.remind";
/// The job that escalates a request to the service's lead once it is overdue.
pub const ESCALATE_JOB: &str = "advice.escalate";

/// A service a GP may ask, as the service chooser lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceChoice {
    /// The service.
    pub id: Uuid,
    /// Its name.
    pub name: String,
    /// Its specialty.
    pub specialty: String,
    /// The trust that runs it.
    pub trust_name: String,
    /// The trust's ODS code.
    pub trust_ods: String,
    /// Its response standard in working days.
    pub standard_days: u32,
    /// Whether it takes advice requests now.
    pub takes_requests: bool,
}

impl ServiceChoice {
    /// "Rheumatology, King's College Hospital (R01)".
    pub fn label(&self) -> String {
        format!("{}, {} ({})", self.name, self.trust_name, self.trust_ods)
    }
}

/// Services taking advice requests whose name, specialty or trust contains `search` (all when
/// empty), ordered by specialty, then name.
pub async fn services_taking_requests(store: &Store, search: &str) -> Result<Vec<ServiceChoice>> {
    let key = joinedup_core::text::search_key(search);
    let mut out: Vec<ServiceChoice> = service_choices(store.db(), None)
        .await?
        .into_iter()
        .filter(|s| s.takes_requests)
        .filter(|s| {
            key.is_empty()
                || joinedup_core::text::search_key(&format!(
                    "{} {} {}",
                    s.name, s.specialty, s.trust_name
                ))
                .contains(&key)
        })
        .collect();
    out.sort_by(|a, b| (&a.specialty, &a.name).cmp(&(&b.specialty, &b.name)));
    Ok(out)
}

/// One service as a choice, or every active service when `id` is `None`.
async fn service_choices(
    conn: &impl ConnectionTrait,
    id: Option<Uuid>,
) -> Result<Vec<ServiceChoice>> {
    let mut q = service::Entity::find().filter(service::Column::Active.eq(true));
    if let Some(id) = id {
        q = q.filter(service::Column::Id.eq(id));
    }
    let services = q.all(conn).await?;
    let trusts: std::collections::HashMap<Uuid, organisation::Model> = organisation::Entity::find()
        .filter(
            organisation::Column::Id.is_in(
                services
                    .iter()
                    .map(|s| s.organisation_id)
                    .collect::<Vec<_>>(),
            ),
        )
        .all(conn)
        .await?
        .into_iter()
        .map(|o| (o.id, o))
        .collect();
    Ok(services
        .into_iter()
        .filter_map(|s| {
            let trust = trusts.get(&s.organisation_id)?;
            Some(ServiceChoice {
                id: s.id,
                name: s.name,
                specialty: s.specialty,
                trust_name: trust.name.clone(),
                trust_ods: trust.ods_code.clone(),
                standard_days: s.advice_standard_days.max(1) as u32,
                takes_requests: s.takes_advice_requests && trust.active,
            })
        })
        .collect())
}

/// A request as its pages show it: the row, its patient, service and practice, the thread and
/// the attachments, with the clock worked out.
#[derive(Debug, Clone)]
pub struct RequestView {
    /// The stored row.
    pub request: advice_request::Model,
    /// Its status.
    pub status: Status,
    /// Its urgency, once chosen.
    pub urgency: Option<Urgency>,
    /// The outcome standing now.
    pub outcome: Option<Outcome>,
    /// The patient.
    pub patient: crate::people::PatientSummary,
    /// The service asked (none yet in a draft).
    pub service: Option<ServiceChoice>,
    /// The asking practice, as "Name (ODS)".
    pub practice: String,
    /// Who wrote it.
    pub created_by_name: String,
    /// The specialist who claimed it.
    pub claimed_by_name: Option<String>,
    /// The response clock, once sent.
    pub clock: Option<ClockFacts>,
    /// When the answer is due (provisional while paused: as if the GP answered now).
    pub due_at: Option<OffsetDateTime>,
    /// True when unanswered past its due time.
    pub overdue: bool,
    /// The thread, oldest first.
    pub messages: Vec<advice_message::Model>,
    /// The attachments, oldest first.
    pub attachments: Vec<advice_attachment::Model>,
}

impl RequestView {
    /// The reference shown on pages and in messages, e.g. `AG-1F2E-3D4C-5B6A`.
    pub fn reference(&self) -> String {
        reference(self.request.id)
    }
}

/// The reference of a request: `AG-` and the last twelve hex digits of its id, in three groups.
pub fn reference(id: Uuid) -> String {
    let hex = id.simple().to_string().to_uppercase();
    format!("AG-{}-{}-{}", &hex[20..24], &hex[24..28], &hex[28..32])
}

/// Which side of the exchange an actor is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Side {
    Practice(Uuid),
    Service(Uuid),
}

fn side_of(ctx: &ActorContext) -> Option<Side> {
    match ctx.role {
        Role::Gp | Role::PracticeStaff => ctx.organisation_id.map(Side::Practice),
        Role::Specialist | Role::Secretary => ctx.service_id.map(Side::Service),
        _ => None,
    }
}

fn may_see(side: Side, r: &advice_request::Model) -> bool {
    match side {
        Side::Practice(org) => r.practice_id == org,
        Side::Service(svc) => r.service_id == Some(svc) && r.status != Status::Draft.as_str(),
    }
}

/// The audit entry about one request.
fn event<'a>(action: &'a str, nhs_number: &str, id: Uuid, outcome: &'a str) -> AuditEvent<'a> {
    AuditEvent {
        action,
        nhs_number: Some(nhs_number.to_owned()),
        record_type: "advice_request",
        record_id: Some(id.to_string()),
        outcome,
    }
}

/// Checks, before any write transaction opens, that the actor may see request `id`; a request
/// that exists but is not theirs is audited as a refusal (through the read queue, so the entry
/// stays even though nothing else is written) and reported as `NotFound`, like a missing one.
async fn check_scope(store: &Store, ctx: &ActorContext, id: Uuid, action: &str) -> Result<()> {
    let conn = store.db();
    let Some(row) = advice_request::Entity::find_by_id(id).one(conn).await? else {
        return Err(StoreError::NotFound);
    };
    if side_of(ctx).is_some_and(|side| may_see(side, &row)) {
        return Ok(());
    }
    let nhs = patient::Entity::find_by_id(row.patient_id)
        .one(conn)
        .await?
        .map(|p| p.nhs_number)
        .unwrap_or_default();
    audit::record_read(
        store,
        &ctx.audit(),
        vec![event(action, &nhs, id, outcome::DENIED)],
    )
    .await?;
    Err(StoreError::NotFound)
}

/// Loads a request the actor may see inside `txn`, with its patient's NHS number (callers run
/// [`check_scope`] first, so a refusal here only follows a change made in between).
async fn load_scoped(
    txn: &impl ConnectionTrait,
    ctx: &ActorContext,
    id: Uuid,
) -> Result<(advice_request::Model, String, Side)> {
    let row = advice_request::Entity::find_by_id(id).one(txn).await?;
    let Some(row) = row else {
        return Err(StoreError::NotFound);
    };
    let Some(side) = side_of(ctx).filter(|side| may_see(*side, &row)) else {
        return Err(StoreError::NotFound);
    };
    let nhs = patient::Entity::find_by_id(row.patient_id)
        .one(txn)
        .await?
        .map(|p| p.nhs_number)
        .unwrap_or_default();
    Ok((row, nhs, side))
}

/// A refusal from the state machine as a store error: 403 for the role, 409 for the state.
fn refused(e: joinedup_core::advice::TransitionError) -> StoreError {
    match e {
        joinedup_core::advice::TransitionError::NotPermitted(m) => StoreError::Forbidden(m.into()),
        joinedup_core::advice::TransitionError::WrongState(m) => StoreError::Conflict(m.into()),
    }
}

/// The message shown when someone else changed the request first.
pub const CHANGED_MESSAGE: &str = "Someone else changed this request while you were working on it. Check the latest version below; what you typed has been kept";

/// Writes `row` if the request's version is still `expected`, raising it; `Conflict` otherwise.
async fn save_versioned(
    txn: &DatabaseTransaction,
    row: advice_request::ActiveModel,
    id: Uuid,
    expected: i32,
) -> Result<()> {
    use advice_request::Column as C;
    let columns = Versioned::<advice_request::Entity> {
        id: C::Id,
        version: C::Version,
        updated_at: C::UpdatedAt,
    };
    columns.save(txn, row, id, expected, CHANGED_MESSAGE).await
}

/// Adds an entry to the thread, attributed to the actor as they act now.
async fn add_message(
    txn: &DatabaseTransaction,
    ctx: &ActorContext,
    request_id: Uuid,
    kind: &str,
    outcome: Option<Outcome>,
    body: &str,
) -> Result<()> {
    advice_message::Entity::insert(advice_message::ActiveModel {
        id: Set(Uuid::now_v7()),
        request_id: Set(request_id),
        kind: Set(kind.to_owned()),
        outcome: Set(outcome.map(|o| o.as_str().to_owned())),
        body: Set(body.to_owned()),
        author_user_id: Set(Some(ctx.user_id)),
        author_name: Set(ctx.display_name.clone()),
        author_role: Set(ctx.role.as_str().to_owned()),
        author_organisation: Set(ctx.acting_for_label().unwrap_or_default()),
        created_at: Set(now()),
    })
    .exec_without_returning(txn)
    .await?;
    Ok(())
}

/// Tells a user about a request in the app and by email, inside `txn`.
async fn tell(
    txn: &DatabaseTransaction,
    user_id: Uuid,
    title: &str,
    body: &str,
    request_id: Uuid,
) -> Result<()> {
    let Some(u) = user::Entity::find_by_id(user_id).one(txn).await? else {
        return Ok(());
    };
    let link = format!("/advice/{request_id}");
    notifications::notify(
        txn,
        user_id,
        notifications::Notice {
            title,
            body,
            link: Some(&link),
            email_to: Some(&u.email),
        },
    )
    .await?;
    Ok(())
}

/// Queues the reminder and the escalation for the clock as it stands (not while paused).
async fn schedule_deadline_jobs(
    txn: &DatabaseTransaction,
    id: Uuid,
    clock: &ClockFacts,
    calendar: &Calendar,
) -> Result<()> {
    if clock.is_paused() {
        return Ok(());
    }
    let due = clock.due_at(calendar);
    let payload = serde_json::json!({ "request_id": id, "due_at": due.unix_timestamp() });
    if let Some(remind) = clock.reminder_at(calendar) {
        job_queue::enqueue(txn, REMIND_JOB, &payload, remind).await?;
    }
    job_queue::enqueue(
        txn,
        ESCALATE_JOB,
        &payload,
        due + time::Duration::seconds(1),
    )
    .await?;
    Ok(())
}

/// The clock stored on a sent request.
fn clock_of(r: &advice_request::Model) -> Option<ClockFacts> {
    Some(ClockFacts {
        sent_at: r.clock_started_at?,
        standard_days: r.standard_days.unwrap_or(2).max(0) as u32,
        paused_days: r.paused_days.max(0) as u32,
        paused_since: r.paused_since,
    })
}

/// What a draft or a sent request holds, as the form gives it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Submission {
    /// Save for later (practice staff, or a GP not ready to send).
    Draft(DraftRequest),
    /// Send to the service now (GPs only).
    Send(SendableRequest),
}

/// Creates a request for a patient of the actor's practice, or updates the actor's practice's
/// draft `existing` (at `expected_version`), and saves or sends it. Returns the request's id.
///
/// Refusals: a patient not registered at the practice (`Invalid` on `patient`), a service that
/// does not take requests (`Invalid` on `service`), practice staff sending (`Forbidden`), an
/// edit of a request already sent (`Conflict`).
pub async fn submit(
    store: &Store,
    ctx: &ActorContext,
    patient_id: Uuid,
    existing: Option<(Uuid, i32)>,
    submission: &Submission,
    claim: Option<idempotency::Claim>,
    respond: impl FnOnce(Uuid) -> (u16, String),
) -> Result<Uuid> {
    use joinedup_core::advice::{Claim as ClaimState, Context, Event, transition};
    let Some(Side::Practice(practice_id)) = side_of(ctx) else {
        return Err(StoreError::NotFound);
    };
    let event_kind = match submission {
        Submission::Draft(_) => Event::SaveDraft,
        Submission::Send(_) => Event::Send,
    };
    let c = Context {
        role: ctx.role,
        claim: ClaimState::Unclaimed,
    };
    transition(Status::Draft, event_kind, c).map_err(refused)?;
    let txn = store.write().await?;
    let Some(p) = patient::Entity::find_by_id(patient_id).one(&txn).await? else {
        return Err(StoreError::Invalid(vec![FieldError {
            field: "patient".into(),
            message: "Choose a patient registered at your practice".into(),
        }]));
    };
    if p.practice_id != practice_id {
        audit::record(
            &txn,
            &ctx.audit(),
            event("advice.create", &p.nhs_number, patient_id, outcome::DENIED),
        )
        .await?;
        txn.commit().await?;
        return Err(StoreError::Invalid(vec![FieldError {
            field: "patient".into(),
            message: "This patient is not registered at your practice. You can only ask for advice about your own patients".into(),
        }]));
    }
    let service_id = match submission {
        Submission::Draft(d) => d.service_id,
        Submission::Send(s) => Some(s.service_id),
    };
    let mut standard = None;
    if let Some(sid) = service_id {
        let svc = service_choices(&txn, Some(sid)).await?.into_iter().next();
        match svc {
            Some(s) if s.takes_requests => standard = Some(s.standard_days),
            _ => {
                return Err(StoreError::Invalid(vec![FieldError {
                    field: "service".into(),
                    message: "This service does not take advice requests. Choose another service"
                        .into(),
                }]));
            }
        }
    }
    let t = now();
    let (id, version) = match existing {
        Some((id, v)) => {
            let (row, _, _) = load_scoped(&txn, ctx, id).await?;
            if row.patient_id != patient_id {
                return Err(StoreError::NotFound);
            }
            let status = Status::parse(&row.status).unwrap_or(Status::Closed);
            transition(status, event_kind, c).map_err(refused)?;
            (id, v)
        }
        None => {
            let id = Uuid::now_v7();
            advice_request::Entity::insert(advice_request::ActiveModel {
                id: Set(id),
                patient_id: Set(patient_id),
                practice_id: Set(practice_id),
                service_id: Set(None),
                created_by: Set(ctx.user_id),
                sent_by: Set(None),
                status: Set(Status::Draft.as_str().into()),
                urgency: Set(None),
                referral_authorised: Set(None),
                question: Set(String::new()),
                history: Set(String::new()),
                medicines: Set(String::new()),
                results: Set(String::new()),
                created_at: Set(t),
                updated_at: Set(t),
                sent_at: Set(None),
                clock_started_at: Set(None),
                standard_days: Set(None),
                paused_days: Set(0),
                paused_since: Set(None),
                paused_working_seconds: Set(0),
                due_at: Set(None),
                claimed_by: Set(None),
                outcome: Set(None),
                patient_summary: Set(None),
                answered_at: Set(None),
                answered_by: Set(None),
                within_standard: Set(None),
                response_working_seconds: Set(None),
                gp_read_at: Set(None),
                gp_action: Set(None),
                closed_at: Set(None),
                reminded_at: Set(None),
                escalated_at: Set(None),
                version: Set(1),
            })
            .exec_without_returning(&txn)
            .await?;
            (id, 1)
        }
    };
    let mut row = advice_request::ActiveModel::default();
    match submission {
        Submission::Draft(d) => {
            row.service_id = Set(d.service_id);
            row.question = Set(d.question.clone());
            row.history = Set(d.history.clone());
            row.medicines = Set(d.medicines.clone());
            row.results = Set(d.results.clone());
            row.urgency = Set(d.urgency.map(|u| u.as_str().to_owned()));
            row.referral_authorised = Set(d.referral_authorised);
        }
        Submission::Send(s) => {
            let standard = ResponseStandard::new(standard.unwrap_or(2)).unwrap_or_default();
            let clock = ClockFacts::start(t, standard);
            let calendar = Calendar::england_and_wales();
            row.service_id = Set(Some(s.service_id));
            row.question = Set(s.question.clone());
            row.history = Set(s.history.clone());
            row.medicines = Set(s.medicines.clone());
            row.results = Set(s.results.clone());
            row.urgency = Set(Some(s.urgency.as_str().to_owned()));
            row.referral_authorised = Set(Some(s.referral_authorised));
            row.status = Set(Status::Sent.as_str().into());
            row.sent_by = Set(Some(ctx.user_id));
            row.sent_at = Set(Some(t));
            row.clock_started_at = Set(Some(t));
            row.standard_days = Set(Some(standard.days() as i32));
            row.due_at = Set(Some(clock.due_at(&calendar)));
            schedule_deadline_jobs(&txn, id, &clock, &calendar).await?;
            add_message(&txn, ctx, id, "sent", None, &s.question).await?;
        }
    }
    save_versioned(&txn, row, id, version).await?;
    let action = match submission {
        Submission::Draft(_) => "advice.draft",
        Submission::Send(_) => "advice.send",
    };
    audit::record(
        &txn,
        &ctx.audit(),
        event(action, &p.nhs_number, id, outcome::SUCCESS),
    )
    .await?;
    if let Some(claim) = claim {
        let (status, body) = respond(id);
        idempotency::complete(&txn, claim, status, &body).await?;
    }
    txn.commit().await?;
    Ok(id)
}

/// One request with everything its page shows; the reading is audited.
pub async fn view(store: &Store, ctx: &ActorContext, id: Uuid) -> Result<RequestView> {
    check_scope(store, ctx, id, "advice.view").await?;
    let conn = store.db();
    let (row, nhs, _) = load_scoped(conn, ctx, id).await?;
    let out = assemble(conn, row).await?;
    audit::record_read(
        store,
        &ctx.audit(),
        vec![event("advice.view", &nhs, id, outcome::SUCCESS)],
    )
    .await?;
    Ok(out)
}

/// Builds the view of a row (no scoping, no audit: callers do both).
async fn assemble(txn: &impl ConnectionTrait, row: advice_request::Model) -> Result<RequestView> {
    let p = patient::Entity::find_by_id(row.patient_id)
        .one(txn)
        .await?
        .ok_or(StoreError::NotFound)?;
    let practice = organisation::Entity::find_by_id(row.practice_id)
        .one(txn)
        .await?
        .ok_or(StoreError::NotFound)?;
    let service = match row.service_id {
        Some(sid) => service_choices(txn, Some(sid)).await?.into_iter().next(),
        None => None,
    };
    let name_of = |id: Option<Uuid>| async move {
        match id {
            Some(id) => user::Entity::find_by_id(id)
                .one(txn)
                .await
                .map(|u| u.map(|u| u.display_name)),
            None => Ok(None),
        }
    };
    let created_by_name = name_of(Some(row.created_by)).await?.unwrap_or_default();
    let claimed_by_name = name_of(row.claimed_by).await?;
    let messages = advice_message::Entity::find()
        .filter(advice_message::Column::RequestId.eq(row.id))
        .order_by_asc(advice_message::Column::CreatedAt)
        .order_by_asc(advice_message::Column::Id)
        .all(txn)
        .await?;
    let attachments = advice_attachment::Entity::find()
        .filter(advice_attachment::Column::RequestId.eq(row.id))
        .order_by_asc(advice_attachment::Column::CreatedAt)
        .all(txn)
        .await?;
    let status = Status::parse(&row.status).unwrap_or(Status::Closed);
    let clock = clock_of(&row);
    let calendar = Calendar::england_and_wales();
    let t = now();
    let due_at = clock.map(|c| c.due_at_if_resumed_at(&calendar, t));
    let overdue = status.clock_running() && clock.is_some_and(|c| c.is_overdue(&calendar, t));
    let summary = crate::people::patients::summary_of(txn, p).await?;
    Ok(RequestView {
        status,
        urgency: row.urgency.as_deref().and_then(Urgency::parse),
        outcome: row.outcome.as_deref().and_then(Outcome::parse),
        patient: summary,
        service,
        practice: format!("{} ({})", practice.name, practice.ods_code),
        created_by_name,
        claimed_by_name,
        clock,
        due_at,
        overdue,
        messages,
        attachments,
        request: row,
    })
}

/// The services that have had advice requests about a patient (for the people area's access
/// rules: a specialist may see the record of a patient their service was asked about).
pub async fn services_involved_with(
    conn: &impl ConnectionTrait,
    patient_id: Uuid,
) -> Result<Vec<Uuid>> {
    let mut ids: Vec<Uuid> = advice_request::Entity::find()
        .filter(advice_request::Column::PatientId.eq(patient_id))
        .filter(advice_request::Column::Status.ne(Status::Draft.as_str()))
        .all(conn)
        .await?
        .into_iter()
        .filter_map(|r| r.service_id)
        .collect();
    ids.sort();
    ids.dedup();
    Ok(ids)
}
