//! The programme's letter figures: the facts of every letter sent in a period, read in two
//! queries (the letters, then their GP actions), and aggregated by
//! `joinedup_core::letters::figures`. Figures hold no patient data, so reading them is not
//! audited.

use super::entity::{letter, letter_action};
use crate::people::entity::{organisation, service};
use crate::{Result, Store};
use joinedup_core::letters::ActionState;
use joinedup_core::letters::figures::{
    ActionCounts, Group, LetterFact, LetterFigures, monthly_figures, period_figures,
};
use sea_orm::sea_query::{Expr, ExprTrait, JoinType, Query};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, FromQueryResult, QueryFilter, QuerySelect,
};
use std::collections::HashMap;
use time::{Date, OffsetDateTime};
use uuid::Uuid;

#[derive(Debug, FromQueryResult)]
struct FactRow {
    id: Uuid,
    trust_id: Uuid,
    service_id: Uuid,
    practice_id: Uuid,
    event_at: Option<OffsetDateTime>,
    sent_at: Option<OffsetDateTime>,
    on_time: Option<bool>,
    acknowledged_at: Option<OffsetDateTime>,
    reading_age: Option<f64>,
    plain: Option<bool>,
}

#[derive(Debug, FromQueryResult)]
struct ActionRow {
    letter_id: Uuid,
    state: String,
    due_on: Date,
}

/// Which letters figures read: all, or those of some trusts, services or practices.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Only<'a> {
    /// Every letter.
    All,
    /// The letters of these groups (trust, service or practice ids, by the group).
    Groups(Group, &'a [Uuid]),
}

/// The facts of every letter sent in `[from, to)` (of `only`), with GP actions overdue as of
/// `today`.
pub async fn facts_between(
    store: &Store,
    from: OffsetDateTime,
    to: OffsetDateTime,
    today: Date,
    only: Only<'_>,
) -> Result<Vec<LetterFact>> {
    use letter::Column as L;
    let conn = store.db();
    let mut select = letter::Entity::find();
    if let Only::Groups(group, ids) = only {
        let column = match group {
            Group::ByTrust => L::TrustId,
            Group::ByService => L::ServiceId,
            Group::ByPractice => L::PracticeId,
        };
        select = select.filter(column.is_in(ids.iter().copied()));
    }
    let rows = select
        .select_only()
        .columns([
            L::Id,
            L::TrustId,
            L::ServiceId,
            L::PracticeId,
            L::EventAt,
            L::SentAt,
            L::OnTime,
            L::AcknowledgedAt,
            L::ReadingAge,
            L::Plain,
        ])
        .filter(L::SentAt.gte(from))
        .filter(L::SentAt.lt(to))
        .into_model::<FactRow>()
        .all(conn)
        .await?;
    let actions = action_counts(conn, from, to, today, only).await?;
    Ok(rows
        .into_iter()
        .filter_map(|r| {
            Some(LetterFact {
                trust_id: r.trust_id,
                service_id: r.service_id,
                practice_id: r.practice_id,
                event_at: r.event_at,
                sent_at: r.sent_at?,
                on_time: r.on_time,
                acknowledged_at: r.acknowledged_at,
                reading_age: r.reading_age,
                plain: r.plain,
                actions: actions.get(&r.id).copied().unwrap_or_default(),
            })
        })
        .collect())
}

/// GP action counts per letter sent in `[from, to)`.
async fn action_counts(
    conn: &impl ConnectionTrait,
    from: OffsetDateTime,
    to: OffsetDateTime,
    today: Date,
    only: Only<'_>,
) -> Result<HashMap<Uuid, ActionCounts>> {
    use letter_action::Column as A;
    let (a, l) = (letter_action::Entity, letter::Entity);
    let mut q = Query::select();
    q.from(a)
        .columns([(a, A::LetterId), (a, A::State), (a, A::DueOn)])
        .join(
            JoinType::InnerJoin,
            l,
            Expr::col((l, letter::Column::Id)).equals((a, A::LetterId)),
        )
        .and_where(Expr::col((l, letter::Column::SentAt)).gte(from))
        .and_where(Expr::col((l, letter::Column::SentAt)).lt(to));
    if let Only::Groups(group, ids) = only {
        let column = match group {
            Group::ByTrust => letter::Column::TrustId,
            Group::ByService => letter::Column::ServiceId,
            Group::ByPractice => letter::Column::PracticeId,
        };
        q.and_where(Expr::col((l, column)).is_in(ids.iter().copied()));
    }
    let stmt = conn.get_database_backend().build(&q);
    let mut out: HashMap<Uuid, ActionCounts> = HashMap::new();
    for r in ActionRow::find_by_statement(stmt).all(conn).await? {
        let c = out.entry(r.letter_id).or_default();
        c.raised += 1;
        match ActionState::parse(&r.state) {
            Some(ActionState::Done) => c.done += 1,
            Some(ActionState::Declined) => c.declined += 1,
            Some(ActionState::Open) if r.due_on < today => c.overdue += 1,
            _ => {}
        }
    }
    Ok(out)
}

/// Monthly figures per group for letters sent in `[from, to)` (of `only`).
pub async fn monthly(
    store: &Store,
    group: Group,
    from: OffsetDateTime,
    to: OffsetDateTime,
    today: Date,
    only: Only<'_>,
) -> Result<Vec<LetterFigures>> {
    let facts = facts_between(store, from, to, today, only).await?;
    Ok(monthly_figures(&facts, group))
}

/// Figures per group over the whole of `[from, to)`.
pub async fn period(
    store: &Store,
    group: Group,
    from: OffsetDateTime,
    to: OffsetDateTime,
    today: Date,
) -> Result<Vec<LetterFigures>> {
    let facts = facts_between(store, from, to, today, Only::All).await?;
    Ok(period_figures(&facts, group))
}

/// Names of the groups figures are kept for: trusts and practices by organisation name,
/// services as "Service, Trust".
pub async fn group_names(store: &Store, group: Group) -> Result<HashMap<Uuid, String>> {
    let conn = store.db();
    let orgs: HashMap<Uuid, String> = organisation::Entity::find()
        .all(conn)
        .await?
        .into_iter()
        .map(|o| (o.id, o.name))
        .collect();
    if group != Group::ByService {
        return Ok(orgs);
    }
    Ok(service::Entity::find()
        .all(conn)
        .await?
        .into_iter()
        .map(|s| {
            let trust = orgs.get(&s.organisation_id).cloned().unwrap_or_default();
            (s.id, format!("{}, {trust}", s.name))
        })
        .collect())
}
