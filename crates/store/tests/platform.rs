//! Jobs, notifications with the outbox, and idempotency keys, on every backend.

use joinedup_store::platform::entity::{job, notification, outbox_email};
use joinedup_store::platform::idempotency::{self, ClaimOutcome};
use joinedup_store::platform::jobs;
use joinedup_store::platform::notifications::{self, Notice};
use joinedup_store::platform::reads::{Cells, FromCells, Reads};
use joinedup_store::testing::{Backend, backends, fresh};
use joinedup_store::{demo, now};
use sea_orm::sea_query::{Alias, Expr, ExprTrait, Query, SelectStatement};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::json;
use std::collections::HashSet;

#[tokio::test]
async fn concurrent_workers_never_run_one_job_twice() {
    for b in backends() {
        let db = fresh(b).await.unwrap();
        for n in 0..12 {
            jobs::enqueue(db.store.db(), "test.job", &json!({ "n": n }), now())
                .await
                .unwrap();
        }
        let mut tasks = vec![];
        for w in 0..4 {
            let store = db.store.clone();
            tasks.push(tokio::spawn(async move {
                let mut mine = vec![];
                while let Some(j) = jobs::claim_next(&store, &format!("w{w}")).await.unwrap() {
                    mine.push(j.id);
                    jobs::succeed(&store, j.id).await.unwrap();
                }
                mine
            }));
        }
        let mut all = vec![];
        for t in tasks {
            all.extend(t.await.unwrap());
        }
        let distinct: HashSet<_> = all.iter().collect();
        assert_eq!(all.len(), 12, "{b:?}: every job ran");
        assert_eq!(distinct.len(), 12, "{b:?}: no job ran twice");
    }
}

#[tokio::test]
async fn a_failed_job_waits_with_backoff_then_fails_for_good_and_can_be_retried() {
    for b in backends() {
        let db = fresh(b).await.unwrap();
        let s = &db.store;
        let id = jobs::enqueue(s.db(), "test.job", &json!({}), now())
            .await
            .unwrap();
        let j = jobs::claim_next(s, "w").await.unwrap().unwrap();
        jobs::fail(s, j.id, "boom").await.unwrap();
        let row = job::Entity::find_by_id(id)
            .one(s.db())
            .await
            .unwrap()
            .unwrap();
        assert_eq!((row.state.as_str(), row.attempts), ("queued", 1));
        assert!(row.run_at > now(), "waits before the next attempt");
        assert!(
            jobs::claim_next(s, "w").await.unwrap().is_none(),
            "not due yet"
        );

        // Use up the attempts.
        for _ in 1..jobs::DEFAULT_MAX_ATTEMPTS {
            job::Entity::update_many()
                .col_expr(job::Column::RunAt, sea_orm::sea_query::Expr::value(now()))
                .filter(job::Column::Id.eq(id))
                .exec(s.db())
                .await
                .unwrap();
            let j = jobs::claim_next(s, "w").await.unwrap().unwrap();
            jobs::fail(s, j.id, "boom again").await.unwrap();
        }
        let row = job::Entity::find_by_id(id)
            .one(s.db())
            .await
            .unwrap()
            .unwrap();
        assert_eq!(row.state, "failed");
        assert_eq!(row.last_error.as_deref(), Some("boom again"));
        let (failed, total) = jobs::recent(s, Some("failed"), 0, 10).await.unwrap();
        assert_eq!((failed.len(), total), (1, 1));

        jobs::retry_now(s, id).await.unwrap();
        let j = jobs::claim_next(s, "w").await.unwrap().unwrap();
        assert_eq!((j.id, j.attempts), (id, 1));
    }
}

#[tokio::test]
async fn a_job_whose_worker_died_is_claimed_again_after_its_lease() {
    for b in backends() {
        let db = fresh(b).await.unwrap();
        let s = &db.store;
        let id = jobs::enqueue(s.db(), "test.job", &json!({}), now())
            .await
            .unwrap();
        jobs::claim_next(s, "dead").await.unwrap().unwrap();
        assert!(jobs::claim_next(s, "alive").await.unwrap().is_none());
        job::Entity::update_many()
            .col_expr(
                job::Column::LockedAt,
                sea_orm::sea_query::Expr::value(now() - jobs::LEASE - time::Duration::seconds(1)),
            )
            .filter(job::Column::Id.eq(id))
            .exec(s.db())
            .await
            .unwrap();
        let again = jobs::claim_next(s, "alive").await.unwrap().unwrap();
        assert_eq!(again.locked_by.as_deref(), Some("alive"));
    }
}

#[tokio::test]
async fn a_notification_and_its_email_commit_or_roll_back_with_the_change() {
    for b in backends() {
        let db = fresh(b).await.unwrap();
        demo::seed(&db.store, demo::Scale::Small, |_| {})
            .await
            .unwrap();
        let s = &db.store;
        let user = joinedup_store::people::entity::user::Entity::find()
            .one(s.db())
            .await
            .unwrap()
            .unwrap();
        let notice = || Notice {
            title: "Advice received",
            body: "Your request has a reply.",
            link: Some("/advice/1"),
            email_to: Some("a@b.test"),
        };

        let txn = s.write().await.unwrap();
        notifications::notify(&txn, user.id, notice())
            .await
            .unwrap();
        txn.rollback().await.unwrap();
        assert_eq!(notification::Entity::find().count(s.db()).await.unwrap(), 0);
        assert_eq!(outbox_email::Entity::find().count(s.db()).await.unwrap(), 0);
        assert_eq!(job::Entity::find().count(s.db()).await.unwrap(), 0);

        let txn = s.write().await.unwrap();
        let id = notifications::notify(&txn, user.id, notice())
            .await
            .unwrap();
        txn.commit().await.unwrap();
        assert_eq!(notifications::unread_count(s, user.id).await.unwrap(), 1);
        assert_eq!(outbox_email::Entity::find().count(s.db()).await.unwrap(), 1);
        let j = jobs::claim_next(s, "w").await.unwrap().unwrap();
        assert_eq!(j.kind, notifications::EMAIL_JOB);

        let stranger = uuid::Uuid::now_v7();
        assert!(
            notifications::mark_read(s, stranger, id).await.is_err(),
            "not another user's"
        );
        notifications::mark_read(s, user.id, id).await.unwrap();
        assert_eq!(notifications::unread_count(s, user.id).await.unwrap(), 0);
    }
}

#[tokio::test]
async fn an_idempotency_key_is_claimed_once_replayed_after_completion_and_taken_over_when_abandoned()
 {
    for b in backends() {
        let db = fresh(b).await.unwrap();
        let s = &db.store;
        let h1 = idempotency::request_hash("POST", "/x", b"{}");
        let h2 = idempotency::request_hash("POST", "/x", b"{\"a\":1}");
        let ClaimOutcome::Claimed(c) = idempotency::claim(s, "user:1", "k", &h1).await.unwrap()
        else {
            panic!("first claim")
        };
        assert_eq!(
            idempotency::claim(s, "user:1", "k", &h1).await.unwrap(),
            ClaimOutcome::InFlight
        );
        assert_eq!(
            idempotency::claim(s, "user:1", "k", &h2).await.unwrap(),
            ClaimOutcome::Mismatch
        );
        assert!(
            matches!(
                idempotency::claim(s, "user:2", "k", &h1).await.unwrap(),
                ClaimOutcome::Claimed(_)
            ),
            "scoped to the caller"
        );

        let txn = s.write().await.unwrap();
        idempotency::complete(&txn, c, 201, "{\"id\":1}")
            .await
            .unwrap();
        txn.commit().await.unwrap();
        assert_eq!(
            idempotency::claim(s, "user:1", "k", &h1).await.unwrap(),
            ClaimOutcome::Replay {
                status: 201,
                body: "{\"id\":1}".into()
            }
        );

        // A claim whose request died before its change committed can be taken over later.
        let ClaimOutcome::Claimed(old) = idempotency::claim(s, "user:1", "k2", &h1).await.unwrap()
        else {
            panic!()
        };
        use joinedup_store::platform::entity::idempotency_key;
        idempotency_key::Entity::update_many()
            .col_expr(
                idempotency_key::Column::CreatedAt,
                sea_orm::sea_query::Expr::value(
                    now() - idempotency::STALE_AFTER - time::Duration::seconds(1),
                ),
            )
            .filter(idempotency_key::Column::Id.eq(old.id))
            .exec(s.db())
            .await
            .unwrap();
        assert_eq!(
            idempotency::claim(s, "user:1", "k2", &h1).await.unwrap(),
            ClaimOutcome::Claimed(old)
        );
    }
}

/// A count read through the hot-read connections.
struct Count(i64);

impl FromCells for Count {
    fn from_cells(row: &impl Cells) -> Result<Self, sea_orm::DbErr> {
        Ok(Count(row.get("", "n")?))
    }
}

fn count_of_jobs(kind: &str) -> SelectStatement {
    let mut q = Query::select();
    q.expr_as(Expr::col(job::Column::Id).count(), Alias::new("n"))
        .from(job::Entity)
        .and_where(Expr::col(job::Column::Kind).eq(kind));
    q
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn hot_reads_see_committed_writes_and_open_no_more_connections_than_allowed() {
    for b in backends() {
        let db = fresh(b).await.unwrap();
        jobs::enqueue(db.store.db(), "test.held", &json!({}), now())
            .await
            .unwrap();
        let reads = db.store.reads().clone();
        let mut tasks = vec![];
        for _ in 0..40 {
            let reads = reads.clone();
            tasks.push(tokio::spawn(async move {
                reads
                    .all::<Count>(&count_of_jobs("test.held"))
                    .await
                    .unwrap()[0]
                    .0
            }));
        }
        for t in tasks {
            assert_eq!(
                t.await.unwrap(),
                1,
                "{b:?}: every read sees the committed job"
            );
        }
        let open = reads.connections();
        assert!(
            (1..=8).contains(&open),
            "{b:?}: {open} connections for 40 reads"
        );
    }
}

/// Any one row's `n`, from raw SQL (for statements sea-query would not build).
async fn raw_n(reads: &Reads, sql: &str) -> Result<Vec<Count>, sea_orm::DbErr> {
    let mut q = Query::select();
    q.expr_as(Expr::cust(format!("({sql})")), Alias::new("n"));
    reads.all::<Count>(&q).await
}

#[tokio::test]
async fn a_failed_or_abandoned_hot_read_closes_its_connection_and_the_next_read_works() {
    for b in backends() {
        let db = fresh(b).await.unwrap();
        let reads = db.store.reads();
        raw_n(reads, "SELECT CAST(1 AS BIGINT)").await.unwrap();
        assert_eq!(reads.connections(), 1, "{b:?}");
        assert!(
            raw_n(reads, "SELECT no_such_column FROM jobs")
                .await
                .is_err(),
            "{b:?}"
        );
        assert_eq!(
            reads.connections(),
            0,
            "{b:?}: the failed connection is closed"
        );
        let slow = match b {
            Backend::Sqlite => {
                "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c \
                 WHERE x < 1000000000) SELECT COUNT(*) FROM c"
            }
            Backend::Postgres => "SELECT COUNT(*) FROM pg_sleep(5)",
        };
        let abandoned =
            tokio::time::timeout(std::time::Duration::from_millis(50), raw_n(reads, slow)).await;
        assert!(abandoned.is_err(), "{b:?}: the slow read was abandoned");
        // On SQLite the statement, moved off the request's thread, is interrupted and its
        // connection closes when it stops; on PostgreSQL the connection closes at once.
        for _ in 0..500 {
            if reads.connections() == 0 {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(10)).await;
        }
        assert_eq!(
            reads.connections(),
            0,
            "{b:?}: the abandoned connection is closed"
        );
        assert_eq!(
            raw_n(reads, "SELECT CAST(1 AS BIGINT)").await.unwrap()[0].0,
            1,
            "{b:?}"
        );
        assert_eq!(reads.connections(), 1, "{b:?}");
    }
}
