//! The audit chain on every backend: appends commit with their transaction, concurrent appends
//! and sealers make one chain, and tampering is found.

use joinedup_store::audit::{self, AuditActor, AuditEvent, Verification};
use joinedup_store::testing::{backends, drop_audit_protection, fresh, unmigrated};
use sea_orm::{ConnectionTrait, TransactionTrait};
use sea_orm_migration::MigratorTrait;

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
        audit::seal(&db.store).await.unwrap();
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
        assert_eq!(audit::seal(&db.store).await.unwrap(), 0);
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
        audit::seal(&db.store).await.unwrap();
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
        audit::seal(&db.store).await.unwrap();
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
        let unsealed = conn
            .execute_unprepared(
                "UPDATE audit_log SET seq = 1, prev_hash = 'x', hash = 'y', outcome = 'denied'",
            )
            .await;
        assert!(
            unsealed.unwrap_err().to_string().contains("append-only"),
            "{b:?}: sealing may not change what an entry records"
        );
        assert_eq!(audit::seal(&db.store).await.unwrap(), 1);
        for sql in [
            "UPDATE audit_log SET outcome = 'denied'",
            "UPDATE audit_log SET seq = 7, hash = 'z'",
        ] {
            let update = conn.execute_unprepared(sql).await;
            assert!(
                update.unwrap_err().to_string().contains("append-only"),
                "{b:?}: {sql}"
            );
        }
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

#[tokio::test]
async fn sealers_running_beside_appenders_make_one_intact_chain() {
    for b in backends() {
        let db = fresh(b).await.unwrap();
        let mut tasks = vec![];
        for n in 0..40 {
            let store = db.store.clone();
            tasks.push(tokio::spawn(async move {
                let txn = store.write().await.unwrap();
                audit::record(&txn, &AuditActor::default(), event(n))
                    .await
                    .unwrap();
                txn.commit().await.unwrap();
                if n % 10 == 0 {
                    audit::seal(&store).await.unwrap();
                }
            }));
        }
        for t in tasks {
            t.await.unwrap();
        }
        audit::seal(&db.store).await.unwrap();
        let v = audit::verify(db.store.db(), |_, _| {}).await.unwrap();
        assert_eq!(v, Verification::Intact { entries: 40 }, "{b:?}");
        assert_eq!(
            audit::seal(&db.store).await.unwrap(),
            0,
            "nothing is sealed twice"
        );
    }
}

#[tokio::test]
async fn verify_checks_the_sealed_chain_and_leaves_newer_entries_for_the_next_seal() {
    for b in backends() {
        let db = fresh(b).await.unwrap();
        for n in 0..3 {
            let txn = db.store.write().await.unwrap();
            audit::record(&txn, &AuditActor::default(), event(n))
                .await
                .unwrap();
            txn.commit().await.unwrap();
            if n == 1 {
                audit::seal(&db.store).await.unwrap();
            }
        }
        let v = audit::verify(db.store.db(), |_, _| {}).await.unwrap();
        assert_eq!(v, Verification::Intact { entries: 2 }, "{b:?}");
        assert_eq!(audit::seal(&db.store).await.unwrap(), 1);
        let v = audit::verify(db.store.db(), |_, _| {}).await.unwrap();
        assert_eq!(v, Verification::Intact { entries: 3 }, "{b:?}");
    }
}

#[tokio::test]
async fn entries_chained_before_sealing_was_introduced_keep_their_places() {
    use joinedup_store::migration::Migrator;
    for b in backends() {
        let db = unmigrated(b).await.unwrap();
        Migrator::up(db.store.db(), Some(3)).await.unwrap();
        // The chain as the first three migrations kept it: two entries, chained by hand.
        let conn = db.store.db();
        let mut prev = joinedup_core::audit::GENESIS_HASH.to_owned();
        for seq in 1..=2i64 {
            let fields = joinedup_core::audit::AuditFields {
                seq,
                at: "2026-11-01T09:00:00.000000Z",
                user_id: None,
                role: None,
                organisation_ods: None,
                action: "patient.view",
                nhs_number: Some("9990000018"),
                record_type: "patient",
                record_id: None,
                outcome: "success",
            };
            let hash = joinedup_core::audit::chain_hash(&prev, &fields);
            conn.execute_unprepared(&format!(
                "INSERT INTO audit_log (seq, at, action, nhs_number, record_type, outcome, prev_hash, hash) \
                 VALUES ({seq}, '2026-11-01 09:00:00+00:00', 'patient.view', '9990000018', 'patient', 'success', '{prev}', '{hash}')"
            ))
            .await
            .unwrap();
            conn.execute_unprepared(&format!(
                "UPDATE audit_head SET last_seq = {seq}, last_hash = '{hash}'"
            ))
            .await
            .unwrap();
            prev = hash;
        }
        db.store.migrate().await.unwrap();
        let txn = db.store.write().await.unwrap();
        let id = audit::record(&txn, &AuditActor::default(), event(3))
            .await
            .unwrap();
        txn.commit().await.unwrap();
        assert_eq!(id, 3, "{b:?}: new ids follow the old sequence numbers");
        assert_eq!(audit::seal(&db.store).await.unwrap(), 1);
        let v = audit::verify(db.store.db(), |_, _| {}).await.unwrap();
        assert_eq!(v, Verification::Intact { entries: 3 }, "{b:?}");
    }
}
