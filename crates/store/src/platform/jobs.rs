//! The job queue: reminders, escalations and deliveries run in the background.
//!
//! Jobs are claimed one at a time: on PostgreSQL with `FOR UPDATE SKIP LOCKED`, so several
//! instances never run one job twice; on SQLite the claiming transaction holds the write lock.
//! A failed job is retried with exponential backoff until its attempts run out, then stays
//! `failed` for an administrator to see and retry.

use super::entity::job;
use crate::{Result, Store, StoreError, now};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseBackend, EntityTrait, FromQueryResult,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Statement,
};
use time::{Duration, OffsetDateTime};
use uuid::Uuid;

/// A running job whose worker has not reported for this long is assumed dead and queued again.
pub const LEASE: Duration = Duration::minutes(10);
/// Attempts before a job is left `failed`.
pub const DEFAULT_MAX_ATTEMPTS: i32 = 5;

/// How long to wait before attempt `attempt + 1`: 30 s doubling, at most an hour.
pub fn backoff(attempt: i32) -> Duration {
    let exp = attempt.clamp(1, 8) - 1;
    (Duration::seconds(30) * 2i32.pow(exp as u32)).min(Duration::hours(1))
}

/// Adds a job to the queue inside the caller's transaction, to run at `run_at` or later.
pub async fn enqueue(
    conn: &impl ConnectionTrait,
    kind: &str,
    payload: &serde_json::Value,
    run_at: OffsetDateTime,
) -> Result<Uuid> {
    let id = Uuid::now_v7();
    let t = now();
    job::Entity::insert(job::ActiveModel {
        id: Set(id),
        kind: Set(kind.to_owned()),
        payload: Set(payload.to_string()),
        state: Set("queued".into()),
        attempts: Set(0),
        max_attempts: Set(DEFAULT_MAX_ATTEMPTS),
        run_at: Set(run_at),
        last_error: Set(None),
        locked_by: Set(None),
        locked_at: Set(None),
        created_at: Set(t),
        updated_at: Set(t),
    })
    .exec_without_returning(conn)
    .await?;
    Ok(id)
}

#[derive(Debug, FromQueryResult)]
struct ClaimedId {
    id: Uuid,
}

/// Claims the next due job for `worker`, marking it running; `None` when nothing is due.
pub async fn claim_next(store: &Store, worker: &str) -> Result<Option<job::Model>> {
    let txn = store.write().await?;
    let t = now();
    let backend = store.backend();
    let lock = if backend == DatabaseBackend::Postgres {
        " FOR UPDATE SKIP LOCKED"
    } else {
        ""
    };
    let (p1, p2) = if backend == DatabaseBackend::Postgres {
        ("$1", "$2")
    } else {
        ("?", "?")
    };
    // Due queued jobs, or running ones whose lease ran out (their worker died).
    let sql = format!(
        "SELECT id FROM jobs WHERE (state = 'queued' AND run_at <= {p1}) OR (state = 'running' AND locked_at < {p2}) \
         ORDER BY run_at LIMIT 1{lock}"
    );
    let found = ClaimedId::find_by_statement(Statement::from_sql_and_values(
        backend,
        &sql,
        [t.into(), (t - LEASE).into()],
    ))
    .one(&txn)
    .await?;
    let Some(ClaimedId { id }) = found else {
        txn.commit().await?;
        return Ok(None);
    };
    let current = job::Entity::find_by_id(id)
        .one(&txn)
        .await?
        .ok_or(StoreError::NotFound)?;
    job::Entity::update(job::ActiveModel {
        id: Set(id),
        state: Set("running".into()),
        attempts: Set(current.attempts + 1),
        locked_by: Set(Some(worker.to_owned())),
        locked_at: Set(Some(t)),
        updated_at: Set(t),
        ..Default::default()
    })
    .exec(&txn)
    .await?;
    let claimed = job::Entity::find_by_id(id)
        .one(&txn)
        .await?
        .ok_or(StoreError::NotFound)?;
    txn.commit().await?;
    Ok(Some(claimed))
}

/// Marks a job done.
pub async fn succeed(store: &Store, id: Uuid) -> Result<()> {
    let t = now();
    job::Entity::update(job::ActiveModel {
        id: Set(id),
        state: Set("done".into()),
        locked_by: Set(None),
        locked_at: Set(None),
        last_error: Set(None),
        updated_at: Set(t),
        ..Default::default()
    })
    .exec(store.db())
    .await?;
    Ok(())
}

/// Records a failure: the job is queued again after a backoff, or left `failed` when its attempts are used up.
pub async fn fail(store: &Store, id: Uuid, error: &str) -> Result<()> {
    let txn = store.write().await?;
    let j = job::Entity::find_by_id(id)
        .one(&txn)
        .await?
        .ok_or(StoreError::NotFound)?;
    let t = now();
    let (state, run_at) = if j.attempts >= j.max_attempts {
        ("failed", j.run_at)
    } else {
        ("queued", t + backoff(j.attempts))
    };
    job::Entity::update(job::ActiveModel {
        id: Set(id),
        state: Set(state.into()),
        run_at: Set(run_at),
        last_error: Set(Some(error.chars().take(2_000).collect())),
        locked_by: Set(None),
        locked_at: Set(None),
        updated_at: Set(t),
        ..Default::default()
    })
    .exec(&txn)
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Puts a failed job back in the queue to run now (an administrator's "retry").
pub async fn retry_now(store: &Store, id: Uuid) -> Result<()> {
    let res = job::Entity::update_many()
        .col_expr(
            job::Column::State,
            sea_orm::sea_query::Expr::value("queued"),
        )
        .col_expr(job::Column::RunAt, sea_orm::sea_query::Expr::value(now()))
        .col_expr(job::Column::Attempts, sea_orm::sea_query::Expr::value(0))
        .filter(job::Column::Id.eq(id))
        .filter(job::Column::State.eq("failed"))
        .exec(store.db())
        .await?;
    if res.rows_affected == 0 {
        return Err(StoreError::NotFound);
    }
    Ok(())
}

/// The most recent jobs, optionally in one state, newest first, with the total count.
pub async fn recent(
    store: &Store,
    state: Option<&str>,
    page: u64,
    per_page: u64,
) -> Result<(Vec<job::Model>, u64)> {
    let mut q = job::Entity::find();
    if let Some(s) = state {
        q = q.filter(job::Column::State.eq(s));
    }
    let total = q.clone().count(store.db()).await?;
    let rows = q
        .order_by_desc(job::Column::CreatedAt)
        .offset(page * per_page)
        .limit(per_page)
        .all(store.db())
        .await?;
    Ok((rows, total))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_from_30_seconds_up_to_an_hour() {
        assert_eq!(backoff(1), Duration::seconds(30));
        assert_eq!(backoff(2), Duration::seconds(60));
        assert_eq!(backoff(4), Duration::seconds(240));
        assert_eq!(backoff(20), Duration::hours(1));
    }
}
