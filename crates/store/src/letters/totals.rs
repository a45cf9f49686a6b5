//! The letter figures' running totals (`letter_month_totals`): one row per service and per
//! practice for each London month, changed in the same transaction as the send,
//! acknowledgement or action change it counts, and rebuilt from the letters themselves after a
//! bulk load (the demo) or to check them.

use super::entity::{letter, letter_action, letter_month_total as total};
use crate::{Result, StoreError};
use futures_util::TryStreamExt;
use joinedup_core::letters::ActionState;
use joinedup_core::letters::figures::{ActionCounts, LetterFact, month_of};
use joinedup_core::letters::tally::{Distribution, Tally};
use sea_orm::sea_query::{Expr, ExprTrait, OnConflict, Query};
use sea_orm::{
    ActiveValue::Set, ConnectionTrait, DatabaseTransaction, EntityTrait, FromQueryResult,
    QuerySelect,
};
use std::collections::HashMap;
use time::{Date, OffsetDateTime};
use uuid::Uuid;

/// The grain of the totals of one service.
pub(crate) const SERVICE: &str = "service";
/// The grain of the totals of one practice.
pub(crate) const PRACTICE: &str = "practice";

/// Where a letter's totals are kept: its service's and its practice's rows for its month.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Place {
    /// The writing service.
    pub service_id: Uuid,
    /// The practice it went to.
    pub practice_id: Uuid,
    /// When it was sent, which decides its month.
    pub sent_at: OffsetDateTime,
}

impl Place {
    /// A sent letter's place; `None` for a draft.
    pub fn of(l: &letter::Model) -> Option<Self> {
        Some(Self {
            service_id: l.service_id,
            practice_id: l.practice_id,
            sent_at: l.sent_at?,
        })
    }
}

/// Adds `delta` to both rows of `place`, creating them if need be. On PostgreSQL each row is
/// locked for the rest of the transaction, so two changes at once both count; SQLite has one
/// writer.
pub(crate) async fn add(txn: &DatabaseTransaction, place: Place, delta: &Tally) -> Result<()> {
    let month = month_of(place.sent_at);
    for (grain, group_id) in [(SERVICE, place.service_id), (PRACTICE, place.practice_id)] {
        total::Entity::insert(row(grain, group_id, &month, &Tally::default()))
            .on_conflict(
                OnConflict::columns([
                    total::Column::Grain,
                    total::Column::GroupId,
                    total::Column::Month,
                ])
                .do_nothing()
                .to_owned(),
            )
            .exec_without_returning(txn)
            .await?;
        let current = total::Entity::find_by_id((grain.to_owned(), group_id, month.clone()))
            .lock_exclusive()
            .one(txn)
            .await?
            .ok_or(StoreError::NotFound)?;
        let mut tally = tally_of(&current)?;
        tally.merge(delta);
        total::Entity::update(row(grain, group_id, &month, &tally))
            .exec(txn)
            .await?;
    }
    Ok(())
}

/// The totals a stored row holds.
pub(crate) fn tally_of(r: &total::Model) -> Result<Tally> {
    let bad = |e| StoreError::Other(anyhow::Error::new(e));
    Ok(Tally {
        sent: r.sent,
        timed: r.timed,
        on_time: r.on_time,
        acknowledged: r.acknowledged,
        judged: r.judged,
        plain: r.plain,
        raised: r.raised,
        done: r.done,
        declined: r.declined,
        to_send: Distribution::hours_from_bytes(&r.to_send).map_err(bad)?,
        to_acknowledge: Distribution::hours_from_bytes(&r.to_acknowledge).map_err(bad)?,
        reading_age: Distribution::years_from_bytes(&r.reading_age).map_err(bad)?,
        open_by_due: Tally::open_by_due_from_json(&r.open_by_due).map_err(bad)?,
    })
}

fn row(grain: &str, group_id: Uuid, month: &str, t: &Tally) -> total::ActiveModel {
    total::ActiveModel {
        grain: Set(grain.to_owned()),
        group_id: Set(group_id),
        month: Set(month.to_owned()),
        sent: Set(t.sent),
        timed: Set(t.timed),
        on_time: Set(t.on_time),
        acknowledged: Set(t.acknowledged),
        judged: Set(t.judged),
        plain: Set(t.plain),
        raised: Set(t.raised),
        done: Set(t.done),
        declined: Set(t.declined),
        to_send: Set(t.to_send.to_bytes()),
        to_acknowledge: Set(t.to_acknowledge.to_bytes()),
        reading_age: Set(t.reading_age.to_bytes()),
        open_by_due: Set(t.open_by_due_json()),
    }
}

/// Totals being gathered for many letters at once, by grain, group and month.
#[derive(Debug, Default)]
pub(crate) struct Gathered {
    rows: HashMap<(&'static str, Uuid, String), Tally>,
}

impl Gathered {
    /// Counts one letter as it stands in its service's and practice's months.
    pub fn add_letter(&mut self, f: &LetterFact) {
        let month = month_of(f.sent_at);
        for key in [
            (SERVICE, f.service_id, month.clone()),
            (PRACTICE, f.practice_id, month),
        ] {
            self.rows.entry(key).or_default().add_letter(f);
        }
    }

    /// Counts one open GP action, due on `due`, of a letter sent at `place`.
    pub fn add_open_action(&mut self, place: Place, due: Date) {
        let month = month_of(place.sent_at);
        for key in [
            (SERVICE, place.service_id, month.clone()),
            (PRACTICE, place.practice_id, month),
        ] {
            self.rows.entry(key).or_default().add_open_action(due, 1);
        }
    }

    /// Replaces every stored total with these, in `txn`.
    pub async fn replace_all(self, txn: &DatabaseTransaction) -> Result<u64> {
        total::Entity::delete_many().exec(txn).await?;
        let rows: Vec<_> = self
            .rows
            .iter()
            .map(|((grain, id, month), t)| row(grain, *id, month, t))
            .collect();
        let count = rows.len() as u64;
        for chunk in rows.chunks(200) {
            total::Entity::insert_many(chunk.to_vec())
                .exec_without_returning(txn)
                .await?;
        }
        Ok(count)
    }
}

#[derive(Debug, FromQueryResult)]
struct FactRow {
    trust_id: Uuid,
    service_id: Uuid,
    practice_id: Uuid,
    event_at: Option<OffsetDateTime>,
    sent_at: OffsetDateTime,
    on_time: Option<bool>,
    acknowledged_at: Option<OffsetDateTime>,
    reading_age: Option<f64>,
    plain: Option<bool>,
    raised: i64,
    done: i64,
    declined: i64,
}

/// Recomputes every total from the letters and their GP actions, in `txn`; returns how many
/// rows it wrote. The letters are read as a stream, each with its action counts, then the open
/// actions with their due dates.
pub(crate) async fn rebuild(txn: &DatabaseTransaction) -> Result<u64> {
    use letter::Column as L;
    use letter_action::Column as A;
    let (l, a) = (letter::Entity, letter_action::Entity);
    let count_where = |state: Option<ActionState>| {
        let mut q = Query::select();
        q.expr(Expr::col((a, A::Id)).count())
            .from(a)
            .and_where(Expr::col((a, A::LetterId)).equals((l, L::Id)));
        if let Some(s) = state {
            q.and_where(Expr::col((a, A::State)).eq(s.as_str()));
        }
        Expr::SubQuery(
            None,
            Box::new(sea_orm::sea_query::SubQueryStatement::SelectStatement(q)),
        )
    };
    let mut q = Query::select();
    q.from(l)
        .columns([
            (l, L::TrustId),
            (l, L::ServiceId),
            (l, L::PracticeId),
            (l, L::EventAt),
            (l, L::SentAt),
            (l, L::OnTime),
            (l, L::AcknowledgedAt),
            (l, L::ReadingAge),
            (l, L::Plain),
        ])
        .expr_as(count_where(None), "raised")
        .expr_as(count_where(Some(ActionState::Done)), "done")
        .expr_as(count_where(Some(ActionState::Declined)), "declined")
        .and_where(Expr::col((l, L::SentAt)).is_not_null());
    let stmt = txn.get_database_backend().build(&q);
    let mut gathered = Gathered::default();
    {
        let mut rows = FactRow::find_by_statement(stmt).stream(txn).await?;
        while let Some(r) = rows.try_next().await? {
            let n = |v: i64| u32::try_from(v).unwrap_or(0);
            gathered.add_letter(&LetterFact {
                trust_id: r.trust_id,
                service_id: r.service_id,
                practice_id: r.practice_id,
                event_at: r.event_at,
                sent_at: r.sent_at,
                on_time: r.on_time,
                acknowledged_at: r.acknowledged_at,
                reading_age: r.reading_age,
                plain: r.plain,
                actions: ActionCounts {
                    raised: n(r.raised),
                    done: n(r.done),
                    declined: n(r.declined),
                },
            });
        }
    }
    let mut q = Query::select();
    q.from(a)
        .columns([(l, L::ServiceId), (l, L::PracticeId), (l, L::SentAt)])
        .column((a, A::DueOn))
        .join(
            sea_orm::sea_query::JoinType::InnerJoin,
            l,
            Expr::col((l, L::Id)).equals((a, A::LetterId)),
        )
        .and_where(Expr::col((a, A::State)).eq(ActionState::Open.as_str()))
        .and_where(Expr::col((l, L::SentAt)).is_not_null());
    let stmt = txn.get_database_backend().build(&q);
    {
        let mut rows = OpenRow::find_by_statement(stmt).stream(txn).await?;
        while let Some(r) = rows.try_next().await? {
            let place = Place {
                service_id: r.service_id,
                practice_id: r.practice_id,
                sent_at: r.sent_at,
            };
            gathered.add_open_action(place, r.due_on);
        }
    }
    gathered.replace_all(txn).await
}

#[derive(Debug, FromQueryResult)]
struct OpenRow {
    service_id: Uuid,
    practice_id: Uuid,
    sent_at: OffsetDateTime,
    due_on: Date,
}

/// Reads every stored total of `grain` from `first` to `last` month (both included), of the
/// groups `only` names (or all).
pub(crate) async fn read(
    conn: &impl ConnectionTrait,
    grain: &str,
    (first, last): (&str, &str),
    only: Option<&[Uuid]>,
) -> Result<Vec<total::Model>> {
    use sea_orm::{ColumnTrait, QueryFilter};
    let mut select = total::Entity::find()
        .filter(total::Column::Grain.eq(grain))
        .filter(total::Column::Month.gte(first))
        .filter(total::Column::Month.lte(last));
    if let Some(ids) = only {
        select = select.filter(total::Column::GroupId.is_in(ids.iter().copied()));
    }
    Ok(select.all(conn).await?)
}
