//! The audit chain on every backend: appends commit with their transaction, concurrent appends
//! stay in one chain, and tampering is found.

use joinedup_store::audit::{self, AuditActor, AuditEvent, Verification};
use joinedup_store::testing::{backends, drop_audit_protection, fresh};
use sea_orm::{ConnectionTrait, TransactionTrait};

fn event(n: usize) -> AuditEvent<'static> {
    AuditEvent {
        action: "patient.view",
        nhs_number: Some("9990000018".into()),
        record_type: "patient",
        record_id: Some(format!("r{n}")),
        outcome: "success",
    }
}

#[tokio::test]
async fn concurrent_appends_form_one_intact_chain() {
    for b in backends() {
        let db = fresh(b).await.unwrap();
        let mut tasks = vec![];
        for n in 0..24 {
            let store = db.store.clone();
            tasks.push(tokio::spawn(async move {
                let txn = store.write().await.unwrap();
                audit::record(&txn, &AuditActor::default(), event(n))
                    .await
                    .unwrap();
                txn.commit().await.unwrap();
            }));
        }
        for t in tasks {
            t.await.unwrap();
        }
        let v = audit::verify(db.store.db(), |_, _| {}).await.unwrap();
        assert_eq!(v, Verification::Intact { entries: 24 }, "{b:?}");
    }
}

#[tokio::test]
async fn a_rolled_back_change_leaves_no_audit_entry() {
    for b in backends() {
        let db = fresh(b).await.unwrap();
        let txn = db.store.write().await.unwrap();
        audit::record(&txn, &AuditActor::default(), event(1))
            .await
            .unwrap();
        txn.rollback().await.unwrap();
        let v = audit::verify(db.store.db(), |_, _| {}).await.unwrap();
        assert_eq!(v, Verification::Intact { entries: 0 });
    }
}

#[tokio::test]
async fn an_edited_or_deleted_entry_breaks_the_chain_at_that_entry() {
    for b in backends() {
        let db = fresh(b).await.unwrap();
        for n in 0..5 {
            let txn = db.store.db().begin().await.unwrap();
            audit::record(&txn, &AuditActor::default(), event(n))
                .await
                .unwrap();
            txn.commit().await.unwrap();
        }
        drop_audit_protection(&db.store).await.unwrap();
        let conn = db.store.db();
        conn.execute_unprepared("UPDATE audit_log SET outcome = 'denied' WHERE seq = 3")
            .await
            .unwrap();
        match audit::verify(conn, |_, _| {}).await.unwrap() {
            Verification::Broken { seq, .. } => assert_eq!(seq, 3, "{b:?}"),
            v => panic!("{b:?}: tampering not found: {v:?}"),
        }
        conn.execute_unprepared("DELETE FROM audit_log WHERE seq IN (2, 3)")
            .await
            .unwrap();
        match audit::verify(conn, |_, _| {}).await.unwrap() {
            Verification::Broken { seq, reason } => {
                assert_eq!(seq, 2, "{b:?}");
                assert!(reason.contains("missing"), "{reason}");
            }
            v => panic!("{b:?}: deletion not found: {v:?}"),
        }
    }
}

#[tokio::test]
async fn truncating_the_newest_entries_is_found() {
    for b in backends() {
        let db = fresh(b).await.unwrap();
        for n in 0..3 {
            let txn = db.store.write().await.unwrap();
            audit::record(&txn, &AuditActor::default(), event(n))
                .await
                .unwrap();
            txn.commit().await.unwrap();
        }
        drop_audit_protection(&db.store).await.unwrap();
        db.store
            .db()
            .execute_unprepared("DELETE FROM audit_log WHERE seq = 3")
            .await
            .unwrap();
        assert!(matches!(
            audit::verify(db.store.db(), |_, _| {}).await.unwrap(),
            Verification::Broken { seq: 3, .. }
        ));
    }
}

#[tokio::test]
async fn the_database_refuses_to_edit_or_delete_audit_entries() {
    for b in backends() {
        let db = fresh(b).await.unwrap();
        let txn = db.store.write().await.unwrap();
        audit::record(&txn, &AuditActor::default(), event(1))
            .await
            .unwrap();
        txn.commit().await.unwrap();
        let conn = db.store.db();
        let update = conn
            .execute_unprepared("UPDATE audit_log SET outcome = 'denied'")
            .await;
        assert!(
            update.unwrap_err().to_string().contains("append-only"),
            "{b:?}"
        );
        let delete = conn.execute_unprepared("DELETE FROM audit_log").await;
        assert!(
            delete.unwrap_err().to_string().contains("append-only"),
            "{b:?}"
        );
        assert_eq!(
            audit::verify(conn, |_, _| {}).await.unwrap(),
            Verification::Intact { entries: 1 }
        );
    }
}
