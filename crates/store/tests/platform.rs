//! Jobs, notifications with the outbox, and idempotency keys, on every backend.

use joinedup_store::platform::entity::{job, notification, outbox_email};
use joinedup_store::platform::idempotency::{self, ClaimOutcome};
use joinedup_store::platform::jobs;
use joinedup_store::platform::notifications::{self, Notice};
use joinedup_store::testing::{backends, fresh};
use joinedup_store::{demo, now};
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

#[tokio::test]
async fn held_reads_see_committed_writes_and_open_no_more_connections_than_allowed() {
    use sea_orm::{ConnectionTrait, Statement};
    for b in backends() {
        let db = fresh(b).await.unwrap();
        jobs::enqueue(db.store.db(), "test.held", &json!({}), now())
            .await
            .unwrap();
        let reads = db.store.reads().clone();
        let backend = reads.get_database_backend();
        let mut tasks = vec![];
        for _ in 0..40 {
            let reads = reads.clone();
            tasks.push(tokio::spawn(async move {
                let stmt = Statement::from_string(
                    backend,
                    "SELECT COUNT(*) AS n FROM jobs WHERE kind = 'test.held'",
                );
                let row = reads.query_one_raw(stmt).await.unwrap().unwrap();
                row.try_get::<i64>("", "n").unwrap()
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

#[tokio::test]
async fn a_failed_or_abandoned_held_read_closes_its_connection_and_the_next_read_works() {
    use sea_orm::{ConnectionTrait, Statement};
    for b in backends() {
        let db = fresh(b).await.unwrap();
        let reads = db.store.reads();
        let backend = reads.get_database_backend();
        let one = || Statement::from_string(backend, "SELECT 1 AS n");
        reads.query_one_raw(one()).await.unwrap();
        assert_eq!(reads.connections(), 1, "{b:?}");
        let bad = Statement::from_string(backend, "SELECT no_such_column FROM jobs");
        assert!(reads.query_all_raw(bad).await.is_err(), "{b:?}");
        assert_eq!(
            reads.connections(),
            0,
            "{b:?}: the failed connection is closed"
        );
        let slow = Statement::from_string(
            backend,
            match b {
                joinedup_store::testing::Backend::Sqlite => {
                    "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c \
                     WHERE x < 50000000) SELECT COUNT(*) AS n FROM c"
                }
                joinedup_store::testing::Backend::Postgres => "SELECT pg_sleep(5) AS n",
            },
        );
        let abandoned = tokio::time::timeout(
            std::time::Duration::from_millis(50),
            reads.query_all_raw(slow),
        )
        .await;
        assert!(abandoned.is_err(), "{b:?}: the slow read was abandoned");
        assert_eq!(
            reads.connections(),
            0,
            "{b:?}: the abandoned connection is closed"
        );
        let row = reads.query_one_raw(one()).await.unwrap().unwrap();
        assert_eq!(row.try_get::<i32>("", "n").unwrap(), 1, "{b:?}");
        assert_eq!(reads.connections(), 1, "{b:?}");
    }
}
