//! The practice's inbox of letters, the service's letters, and the practice's overdue GP
//! actions: one page at a time, each page read audited once (opening a letter audits that
//! patient's record).

use super::entity::{letter, letter_action};
use super::{Side, side_of};
use crate::audit::{self, AuditEvent};
use crate::people::ActorContext;
use crate::people::admin::{PAGE_SIZE, Page};
use crate::people::entity::{organisation, patient, service};
use crate::platform::paging::{literal, paged};
use crate::{Result, Store, StoreError};
use joinedup_core::audit::outcome;
use joinedup_core::letters::{ActionState, Kind, Status};
use joinedup_core::people::NhsNumber;
use sea_orm::sea_query::{Alias, Expr, ExprTrait, JoinType, Order, Query, SubQueryStatement};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityName, EntityTrait, FromQueryResult,
    PaginatorTrait, QueryFilter,
};
use time::{Date, OffsetDateTime};
use uuid::Uuid;

/// Which letters a list shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct LetterFilter {
    /// One status, or `None` for the list's default (not yet acknowledged in a practice's
    /// inbox; everything in a service's list).
    pub status: Option<Status>,
    /// The page, from 1.
    pub page: u64,
}

/// One row of a list of letters.
#[derive(Debug, Clone, PartialEq)]
pub struct LetterRow {
    /// The letter.
    pub id: Uuid,
    /// Its reference.
    pub reference: String,
    /// Clinic letter or discharge summary.
    pub kind: Kind,
    /// Where it stands.
    pub status: Status,
    /// "FAMILY, Given".
    pub patient_name: String,
    /// The patient's NHS number, spaced.
    pub nhs_number: String,
    /// The writing service.
    pub service_name: String,
    /// The practice it went to.
    pub practice_name: String,
    /// When it was sent.
    pub sent_at: Option<OffsetDateTime>,
    /// Whether it met the timing standard.
    pub on_time: Option<bool>,
    /// Last change.
    pub updated_at: OffsetDateTime,
    /// GP actions not yet settled.
    pub open_actions: i64,
}

#[derive(Debug, FromQueryResult)]
struct Joined {
    id: Uuid,
    kind: String,
    status: String,
    family_name: String,
    given_name: String,
    nhs_number: String,
    service_name: Option<String>,
    practice_name: Option<String>,
    sent_at: Option<OffsetDateTime>,
    on_time: Option<bool>,
    updated_at: OffsetDateTime,
    open_actions: Option<i64>,
}

/// `(SELECT <expr> FROM table WHERE table.id = letters.<outer>)`.
fn scalar(select: sea_orm::sea_query::SelectStatement) -> Expr {
    Expr::SubQuery(None, Box::new(SubQueryStatement::SelectStatement(select)))
}

/// The practice's letters: by default those not yet acknowledged, longest waiting first.
pub async fn practice_inbox(
    store: &Store,
    ctx: &ActorContext,
    filter: &LetterFilter,
) -> Result<Page<LetterRow>> {
    let today = joinedup_core::calendar::london_date(crate::now());
    Ok(
        practice_inbox_with_overdue(store, ctx, filter, today, false)
            .await?
            .0,
    )
}

/// The practice's open GP actions due before `today`, oldest due first (at most a page).
pub async fn overdue_actions(
    store: &Store,
    ctx: &ActorContext,
    today: Date,
) -> Result<Vec<OverdueAction>> {
    let Some(Side::Practice(practice_id)) = side_of(ctx) else {
        return Err(StoreError::NotFound);
    };
    let rows = overdue_rows(store.db(), practice_id, today).await?;
    audit_page(store, ctx, "letters.overdue_actions").await?;
    Ok(rows)
}

/// The practice's inbox page and, when `with_overdue`, its overdue GP actions as of `today`:
/// the practice's letters page, read together and audited once (one audit write to wait for,
/// not two).
pub async fn practice_inbox_with_overdue(
    store: &Store,
    ctx: &ActorContext,
    filter: &LetterFilter,
    today: Date,
    with_overdue: bool,
) -> Result<(Page<LetterRow>, Vec<OverdueAction>)> {
    let Some(Side::Practice(practice_id)) = side_of(ctx) else {
        return Err(StoreError::NotFound);
    };
    let status = filter.status.unwrap_or(Status::Sent);
    let shown = if status == Status::Draft {
        "none"
    } else {
        status.as_str()
    };
    let cond = Condition::all()
        .add(letter::Column::PracticeId.eq(practice_id))
        .add(Expr::col((letter::Entity, letter::Column::Status)).eq(literal(shown)));
    let oldest_first = status == Status::Sent;
    let conn = store.db();
    let page = Ord::max(filter.page, 1);
    let total = letter::Entity::find()
        .filter(cond.clone())
        .count(conn)
        .await?;
    let items = page_rows(conn, cond, page, oldest_first).await?;
    let overdue = if with_overdue {
        overdue_rows(conn, practice_id, today).await?
    } else {
        vec![]
    };
    audit_page(store, ctx, "letters.inbox").await?;
    Ok((Page { items, total, page }, overdue))
}

/// One audit entry for a list page viewed (who, which list, when), as clinical systems record
/// a worklist; opening a letter records that patient's entry.
async fn audit_page(store: &Store, ctx: &ActorContext, action: &str) -> Result<()> {
    let event = AuditEvent {
        action,
        nhs_number: None,
        record_type: "letter",
        record_id: None,
        outcome: outcome::SUCCESS,
    };
    audit::record_read(store, &ctx.audit(), vec![event]).await
}

/// The service's letters, drafts included, most recently changed first.
pub async fn service_letters(
    store: &Store,
    ctx: &ActorContext,
    filter: &LetterFilter,
) -> Result<Page<LetterRow>> {
    let Some(Side::Service(service_id)) = side_of(ctx) else {
        return Err(StoreError::NotFound);
    };
    let mut cond = Condition::all().add(letter::Column::ServiceId.eq(service_id));
    if let Some(s) = filter.status {
        cond =
            cond.add(Expr::col((letter::Entity, letter::Column::Status)).eq(literal(s.as_str())));
    }
    list(store, ctx, cond, filter.page, false, "letters.list").await
}

/// The sent letters of every record linked to a patient or carer, newest first (at most a
/// page's worth per call of `page`). Each record whose letters are listed is audited.
pub async fn patient_letters(
    store: &Store,
    ctx: &ActorContext,
    page: u64,
) -> Result<Page<LetterRow>> {
    let Some(Side::Patient(ids)) = side_of(ctx) else {
        return Err(StoreError::NotFound);
    };
    let cond = Condition::all()
        .add(letter::Column::PatientId.is_in(ids.clone()))
        .add(
            Expr::col((letter::Entity, letter::Column::Status)).ne(literal(Status::Draft.as_str())),
        );
    let page = Ord::max(page, 1);
    let conn = store.db();
    let total = letter::Entity::find()
        .filter(cond.clone())
        .count(conn)
        .await?;
    let items = page_rows(conn, cond, page, false).await?;
    let records = patient::Entity::find()
        .filter(patient::Column::Id.is_in(ids))
        .all(conn)
        .await?;
    let events = records
        .into_iter()
        .map(|p| AuditEvent {
            action: "letters.patient_list",
            nhs_number: Some(p.nhs_number),
            record_type: "patient",
            record_id: Some(p.id.to_string()),
            outcome: outcome::SUCCESS,
        })
        .collect();
    audit::record_read(store, &ctx.audit(), events).await?;
    Ok(Page { items, total, page })
}

async fn list(
    store: &Store,
    ctx: &ActorContext,
    cond: Condition,
    page: u64,
    oldest_first: bool,
    action: &str,
) -> Result<Page<LetterRow>> {
    let page = Ord::max(page, 1);
    let conn = store.db();
    let total = letter::Entity::find()
        .filter(cond.clone())
        .count(conn)
        .await?;
    let items = page_rows(conn, cond, page, oldest_first).await?;
    audit_page(store, ctx, action).await?;
    Ok(Page { items, total, page })
}

/// One page with the patient joined and the names and open-action count as subqueries, which
/// PostgreSQL plans far faster than a five-way join (see the advice lists).
async fn page_rows(
    conn: &impl ConnectionTrait,
    cond: Condition,
    page: u64,
    oldest_first: bool,
) -> Result<Vec<LetterRow>> {
    use letter::Column as L;
    let l = letter::Entity;
    let name = |table: Alias, col: &str, outer: L| {
        let mut q = Query::select();
        q.expr(Expr::col((table.clone(), Alias::new(col))))
            .from(table.clone())
            .and_where(Expr::col((table, Alias::new("id"))).equals((l, outer)));
        scalar(q)
    };
    let mut open = Query::select();
    open.expr(Expr::col((letter_action::Entity, letter_action::Column::Id)).count())
        .from(letter_action::Entity)
        .and_where(
            Expr::col((letter_action::Entity, letter_action::Column::LetterId)).equals((l, L::Id)),
        )
        .and_where(
            Expr::col((letter_action::Entity, letter_action::Column::State))
                .eq(literal(ActionState::Open.as_str())),
        );
    let mut q = Query::select();
    q.from(l)
        .columns([(l, L::Id), (l, L::Kind), (l, L::Status)])
        .column((patient::Entity, patient::Column::FamilyName))
        .column((patient::Entity, patient::Column::GivenName))
        .column((patient::Entity, patient::Column::NhsNumber))
        .expr_as(
            name(
                Alias::new(service::Entity.table_name()),
                "name",
                L::ServiceId,
            ),
            Alias::new("service_name"),
        )
        .expr_as(
            name(
                Alias::new(organisation::Entity.table_name()),
                "name",
                L::PracticeId,
            ),
            Alias::new("practice_name"),
        )
        .columns([(l, L::SentAt), (l, L::OnTime), (l, L::UpdatedAt)])
        .expr_as(scalar(open), Alias::new("open_actions"))
        .join(
            JoinType::InnerJoin,
            patient::Entity,
            Expr::col((patient::Entity, patient::Column::Id)).equals((l, L::PatientId)),
        )
        .cond_where(cond);
    if oldest_first {
        q.order_by((l, L::SentAt), Order::Asc);
    } else {
        q.order_by((l, L::UpdatedAt), Order::Desc);
    }
    q.order_by((l, L::Id), Order::Asc);
    let stmt = paged(conn, &q, PAGE_SIZE, (page - 1) * PAGE_SIZE);
    let rows = Joined::find_by_statement(stmt).all(conn).await?;
    Ok(rows
        .into_iter()
        .map(|r| LetterRow {
            id: r.id,
            reference: super::reference(r.id),
            kind: Kind::parse(&r.kind).unwrap_or(Kind::ClinicLetter),
            status: Status::parse(&r.status).unwrap_or(Status::Sent),
            patient_name: format!("{}, {}", r.family_name.to_uppercase(), r.given_name),
            nhs_number: NhsNumber::parse(&r.nhs_number)
                .map(|n| n.to_string())
                .unwrap_or_default(),
            service_name: r.service_name.unwrap_or_default(),
            practice_name: r.practice_name.unwrap_or_default(),
            sent_at: r.sent_at,
            on_time: r.on_time,
            updated_at: r.updated_at,
            open_actions: r.open_actions.unwrap_or(0),
        })
        .collect())
}

/// A GP action past its due date and not settled.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OverdueAction {
    /// The letter it belongs to.
    pub letter_id: Uuid,
    /// The letter's reference.
    pub reference: String,
    /// The action.
    pub text: String,
    /// When it was due.
    pub due_on: Date,
    /// "FAMILY, Given".
    pub patient_name: String,
}

/// The practice's open GP actions due before `today`, oldest due first (at most a page).
async fn overdue_rows(
    conn: &impl ConnectionTrait,
    practice_id: Uuid,
    today: Date,
) -> Result<Vec<OverdueAction>> {
    #[derive(FromQueryResult)]
    struct Row {
        letter_id: Uuid,
        text: String,
        due_on: Date,
        family_name: String,
        given_name: String,
    }
    use letter_action::Column as A;
    let a = letter_action::Entity;
    let mut q = Query::select();
    q.from(a)
        .columns([(a, A::LetterId), (a, A::Text), (a, A::DueOn)])
        .column((patient::Entity, patient::Column::FamilyName))
        .column((patient::Entity, patient::Column::GivenName))
        .join(
            JoinType::InnerJoin,
            letter::Entity,
            Expr::col((letter::Entity, letter::Column::Id)).equals((a, A::LetterId)),
        )
        .join(
            JoinType::InnerJoin,
            patient::Entity,
            Expr::col((patient::Entity, patient::Column::Id))
                .equals((letter::Entity, letter::Column::PatientId)),
        )
        .and_where(Expr::col((a, A::PracticeId)).eq(practice_id))
        .and_where(Expr::col((a, A::State)).eq(literal(ActionState::Open.as_str())))
        .and_where(Expr::col((a, A::DueOn)).lt(today))
        .order_by((a, A::DueOn), Order::Asc);
    let stmt = paged(conn, &q, PAGE_SIZE, 0);
    let rows = Row::find_by_statement(stmt).all(conn).await?;
    Ok(rows
        .into_iter()
        .map(|r| OverdueAction {
            reference: super::reference(r.letter_id),
            letter_id: r.letter_id,
            text: r.text,
            due_on: r.due_on,
            patient_name: format!("{}, {}", r.family_name.to_uppercase(), r.given_name),
        })
        .collect())
}
