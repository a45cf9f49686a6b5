//! The service's inbox and the practice's list of requests: one page at a time, scoped to the
//! actor's service or practice. Lists show names and NHS numbers, so every patient listed gets
//! an audit entry (written by the read queue, before the page is shown).

use super::entity::advice_request;
use super::{Side, side_of};
use crate::audit::{self, AuditEvent};
use crate::people::ActorContext;
use crate::people::admin::{PAGE_SIZE, Page};
use crate::people::entity::{organisation, patient, service, user};
use crate::{Result, Store, StoreError, now};
use joinedup_core::advice::{Outcome, Status, Urgency};
use joinedup_core::audit::outcome;
use joinedup_core::people::NhsNumber;
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect,
};
use std::collections::HashMap;
use time::OffsetDateTime;
use uuid::Uuid;

/// Which requests a list shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct InboxFilter {
    /// One status, or `None` for the list's default (unanswered in the inbox, all for a practice).
    pub status: Option<Status>,
    /// One urgency, or both.
    pub urgency: Option<Urgency>,
    /// Practice lists only: just the requests the actor wrote or sent.
    pub mine: bool,
    /// Overdue only.
    pub overdue: bool,
    /// The page, from 1.
    pub page: u64,
}

/// One row of a list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InboxRow {
    /// The request.
    pub id: Uuid,
    /// Its reference.
    pub reference: String,
    /// "FAMILY, Given".
    pub patient_name: String,
    /// The patient's NHS number.
    pub nhs_number: String,
    /// The asking practice's name.
    pub practice_name: String,
    /// The service's name (none for a draft without one).
    pub service_name: Option<String>,
    /// Its status.
    pub status: Status,
    /// Its urgency, once chosen.
    pub urgency: Option<Urgency>,
    /// The outcome standing now.
    pub outcome: Option<Outcome>,
    /// When it was sent.
    pub sent_at: Option<OffsetDateTime>,
    /// When the answer is due (as stored: provisional while paused).
    pub due_at: Option<OffsetDateTime>,
    /// Unanswered past its due time.
    pub overdue: bool,
    /// The specialist holding it.
    pub claimed_by_name: Option<String>,
    /// Answered and not yet read by the GP.
    pub unread_answer: bool,
    /// Last change.
    pub updated_at: OffsetDateTime,
    /// The first line of the question.
    pub question_start: String,
}

/// The service's inbox: by default its unanswered requests (sent, or waiting for the GP),
/// soonest due first.
pub async fn inbox(
    store: &Store,
    ctx: &ActorContext,
    filter: &InboxFilter,
) -> Result<Page<InboxRow>> {
    let Some(Side::Service(service_id)) = side_of(ctx) else {
        return Err(StoreError::NotFound);
    };
    let mut cond = Condition::all().add(advice_request::Column::ServiceId.eq(service_id));
    cond = match filter.status {
        Some(s) => cond.add(advice_request::Column::Status.eq(s.as_str())),
        None => cond.add(
            advice_request::Column::Status
                .is_in([Status::Sent.as_str(), Status::AwaitingInformation.as_str()]),
        ),
    };
    if filter.status == Some(Status::Draft) {
        cond = cond.add(advice_request::Column::Id.is_null());
    }
    list(store, ctx, cond, filter, true, "advice.inbox").await
}

/// The practice's requests, most recently changed first (drafts included).
pub async fn practice_requests(
    store: &Store,
    ctx: &ActorContext,
    filter: &InboxFilter,
) -> Result<Page<InboxRow>> {
    let Some(Side::Practice(practice_id)) = side_of(ctx) else {
        return Err(StoreError::NotFound);
    };
    let mut cond = Condition::all().add(advice_request::Column::PracticeId.eq(practice_id));
    if let Some(s) = filter.status {
        cond = cond.add(advice_request::Column::Status.eq(s.as_str()));
    }
    if filter.mine {
        cond = cond.add(
            Condition::any()
                .add(advice_request::Column::CreatedBy.eq(ctx.user_id))
                .add(advice_request::Column::SentBy.eq(ctx.user_id)),
        );
    }
    list(store, ctx, cond, filter, false, "advice.list").await
}

async fn list(
    store: &Store,
    ctx: &ActorContext,
    mut cond: Condition,
    filter: &InboxFilter,
    by_due: bool,
    action: &str,
) -> Result<Page<InboxRow>> {
    if let Some(u) = filter.urgency {
        cond = cond.add(advice_request::Column::Urgency.eq(u.as_str()));
    }
    let t = now();
    if filter.overdue {
        cond = cond
            .add(advice_request::Column::DueAt.lt(t))
            .add(advice_request::Column::Status.eq(Status::Sent.as_str()));
    }
    let page = filter.page.max(1);
    let mut q = advice_request::Entity::find().filter(cond);
    q = if by_due {
        q.order_by_asc(advice_request::Column::DueAt)
            .order_by_asc(advice_request::Column::Id)
    } else {
        q.order_by_desc(advice_request::Column::UpdatedAt)
            .order_by_desc(advice_request::Column::Id)
    };
    let conn = store.db();
    let total = q.clone().count(conn).await?;
    let rows = q
        .offset((page - 1) * PAGE_SIZE)
        .limit(PAGE_SIZE)
        .all(conn)
        .await?;
    let items = rows_of(conn, rows, t).await?;
    // Each row shows a patient's name and NHS number: one entry per patient listed.
    let events = items
        .iter()
        .map(|i| AuditEvent {
            action,
            nhs_number: Some(i.nhs_number.replace(' ', "")),
            record_type: "advice_request",
            record_id: Some(i.id.to_string()),
            outcome: outcome::SUCCESS,
        })
        .collect();
    audit::record_read(store, &ctx.audit(), events).await?;
    Ok(Page { items, total, page })
}

/// Turns rows into list rows with three batched look-ups (patients, organisations, names).
pub(super) async fn rows_of(
    conn: &impl ConnectionTrait,
    rows: Vec<advice_request::Model>,
    t: OffsetDateTime,
) -> Result<Vec<InboxRow>> {
    let patient_ids: Vec<Uuid> = rows.iter().map(|r| r.patient_id).collect();
    let patients: HashMap<Uuid, patient::Model> = patient::Entity::find()
        .filter(patient::Column::Id.is_in(patient_ids))
        .all(conn)
        .await?
        .into_iter()
        .map(|p| (p.id, p))
        .collect();
    let org_ids: Vec<Uuid> = rows.iter().map(|r| r.practice_id).collect();
    let orgs: HashMap<Uuid, String> = organisation::Entity::find()
        .filter(organisation::Column::Id.is_in(org_ids))
        .all(conn)
        .await?
        .into_iter()
        .map(|o| (o.id, o.name))
        .collect();
    let service_ids: Vec<Uuid> = rows.iter().filter_map(|r| r.service_id).collect();
    let services: HashMap<Uuid, String> = service::Entity::find()
        .filter(service::Column::Id.is_in(service_ids))
        .all(conn)
        .await?
        .into_iter()
        .map(|s| (s.id, s.name))
        .collect();
    let user_ids: Vec<Uuid> = rows.iter().filter_map(|r| r.claimed_by).collect();
    let users: HashMap<Uuid, String> = if user_ids.is_empty() {
        HashMap::new()
    } else {
        user::Entity::find()
            .filter(user::Column::Id.is_in(user_ids))
            .all(conn)
            .await?
            .into_iter()
            .map(|u| (u.id, u.display_name))
            .collect()
    };
    Ok(rows
        .into_iter()
        .map(|r| {
            let status = Status::parse(&r.status).unwrap_or(Status::Closed);
            let p = patients.get(&r.patient_id);
            InboxRow {
                id: r.id,
                reference: super::reference(r.id),
                patient_name: p
                    .map(|p| format!("{}, {}", p.family_name.to_uppercase(), p.given_name))
                    .unwrap_or_default(),
                nhs_number: p
                    .and_then(|p| NhsNumber::parse(&p.nhs_number).ok())
                    .map(|n| n.to_string())
                    .unwrap_or_default(),
                practice_name: orgs.get(&r.practice_id).cloned().unwrap_or_default(),
                service_name: r.service_id.and_then(|s| services.get(&s).cloned()),
                status,
                urgency: r.urgency.as_deref().and_then(Urgency::parse),
                outcome: r.outcome.as_deref().and_then(Outcome::parse),
                sent_at: r.sent_at,
                due_at: r.due_at,
                overdue: status == Status::Sent && r.due_at.is_some_and(|d| d < t),
                claimed_by_name: r.claimed_by.and_then(|u| users.get(&u).cloned()),
                unread_answer: status == Status::Answered && r.gp_read_at.is_none(),
                updated_at: r.updated_at,
                question_start: r
                    .question
                    .lines()
                    .next()
                    .unwrap_or_default()
                    .chars()
                    .take(120)
                    .collect(),
            }
        })
        .collect())
}
