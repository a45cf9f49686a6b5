//! People: sign-in, throttling, memberships and patient access, on every backend.

use joinedup_core::people::Role;
use joinedup_core::people::patient::PatientQuery;
use joinedup_store::advice::entity::advice_request;
use joinedup_store::demo::{self, DEMO_PASSWORD, Scale};
use joinedup_store::people::entity::{patient, service_patient, user};
use joinedup_store::people::{self, ActorContext, SignInOutcome, ThrottlePolicy};
use joinedup_store::testing::{TestDatabase, backends, fresh};
use joinedup_store::{Store, StoreError, audit};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use std::collections::HashSet;
use uuid::Uuid;

async fn seeded() -> Vec<TestDatabase> {
    let mut out = vec![];
    for b in backends() {
        let db = fresh(b).await.expect("fresh database");
        demo::seed(&db.store, Scale::Small, |_| {})
            .await
            .expect("seed");
        out.push(db);
    }
    out
}

async fn actor(store: &Store, email: &str, pick: usize) -> ActorContext {
    let u = user::Entity::find()
        .filter(user::Column::Email.eq(email))
        .one(store.db())
        .await
        .unwrap()
        .unwrap();
    let choices = people::memberships_of(store, u.id).await.unwrap();
    people::actor_for_membership(store, u.id, choices[pick].membership_id)
        .await
        .unwrap()
        .unwrap()
}

#[tokio::test]
async fn demo_data_seeds_every_role_and_only_into_an_empty_database() {
    for db in seeded().await {
        assert!(!demo::is_empty(&db.store).await.unwrap());
        let patients = patient::Entity::find().all(db.store.db()).await.unwrap();
        assert!(
            patients.len() >= 2_000,
            "{:?}: {} patients",
            db.backend,
            patients.len()
        );
        for a in demo::demo_accounts() {
            let ctx = actor(&db.store, &a.email, 0).await;
            assert_eq!(ctx.role, a.role, "{}", a.email);
        }
        // Migrating again is a no-op.
        db.store.migrate().await.unwrap();
    }
}

#[tokio::test]
async fn sign_in_accepts_the_right_password_and_refuses_others_alike() {
    for db in seeded().await {
        let s = &db.store;
        let p = ThrottlePolicy::default();
        let ok = people::sign_in(s, "GP@demo.joinedup.test ", DEMO_PASSWORD, "10.0.0.1", p)
            .await
            .unwrap();
        assert!(matches!(ok, SignInOutcome::SignedIn { .. }));
        let wrong = people::sign_in(s, "gp@demo.joinedup.test", "nope", "10.0.0.1", p)
            .await
            .unwrap();
        let unknown = people::sign_in(s, "nobody@demo.joinedup.test", "nope", "10.0.0.1", p)
            .await
            .unwrap();
        assert_eq!(wrong, SignInOutcome::Rejected);
        assert_eq!(unknown, SignInOutcome::Rejected);
    }
}

#[tokio::test]
async fn repeated_failures_throttle_the_account_and_the_address() {
    for db in seeded().await {
        let s = &db.store;
        let p = ThrottlePolicy {
            per_account: 3,
            per_address: 5,
            ..Default::default()
        };
        for _ in 0..3 {
            people::sign_in(s, "practice@demo.joinedup.test", "bad", "10.0.0.2", p)
                .await
                .unwrap();
        }
        let locked = people::sign_in(
            s,
            "practice@demo.joinedup.test",
            DEMO_PASSWORD,
            "10.0.0.9",
            p,
        )
        .await
        .unwrap();
        assert_eq!(
            locked,
            SignInOutcome::Throttled,
            "account throttled from any address"
        );
        for _ in 0..2 {
            people::sign_in(s, "nobody@demo.joinedup.test", "bad", "10.0.0.2", p)
                .await
                .unwrap();
        }
        let by_address = people::sign_in(s, "icb@demo.joinedup.test", DEMO_PASSWORD, "10.0.0.2", p)
            .await
            .unwrap();
        assert_eq!(
            by_address,
            SignInOutcome::Throttled,
            "address throttled for any account"
        );
        let elsewhere = people::sign_in(s, "icb@demo.joinedup.test", DEMO_PASSWORD, "10.0.0.3", p)
            .await
            .unwrap();
        assert!(matches!(elsewhere, SignInOutcome::SignedIn { .. }));
    }
}

#[tokio::test]
async fn a_gp_finds_only_their_own_practices_patients_and_each_read_is_audited() {
    for db in seeded().await {
        let s = &db.store;
        let gp = actor(s, "gp@demo.joinedup.test", 0).await;
        let practice = gp.organisation_id.unwrap();
        let own = patient::Entity::find()
            .filter(patient::Column::PracticeId.eq(practice))
            .one(s.db())
            .await
            .unwrap()
            .unwrap();
        let other = patient::Entity::find()
            .filter(patient::Column::PracticeId.ne(practice))
            .one(s.db())
            .await
            .unwrap()
            .unwrap();

        let q = |n: &str| PatientQuery::ByNhsNumber(n.parse().unwrap());
        let found = people::find_patients(s, &gp, &q(&own.nhs_number))
            .await
            .unwrap();
        assert_eq!(found.len(), 1);
        assert!(
            people::find_patients(s, &gp, &q(&other.nhs_number))
                .await
                .unwrap()
                .is_empty()
        );

        let by_name = PatientQuery::ByNameAndBirthDate {
            family_name: own.family_name_key.clone(),
            given_name: String::new(),
            date_of_birth: own.date_of_birth,
        };
        assert!(
            people::find_patients(s, &gp, &by_name)
                .await
                .unwrap()
                .iter()
                .any(|p| p.id == own.id)
        );

        assert_eq!(
            people::patient_summary(s, &gp, own.id).await.unwrap().id,
            own.id
        );
        assert!(matches!(
            people::patient_summary(s, &gp, other.id).await,
            Err(StoreError::NotFound)
        ));

        let own_log = audit::entries_for_patient(s.db(), &own.nhs_number, 10)
            .await
            .unwrap();
        assert_eq!(own_log[0].action, "patient.view");
        assert_eq!(own_log[0].outcome, "success");
        assert_eq!(own_log[0].organisation_ods, gp.organisation_ods);
        let other_log = audit::entries_for_patient(s.db(), &other.nhs_number, 10)
            .await
            .unwrap();
        assert_eq!(
            other_log.len(),
            1,
            "the refused view is logged, the empty search is not a read"
        );
        assert_eq!(other_log[0].outcome, "denied");
    }
}

#[tokio::test]
async fn roles_outside_the_practice_cannot_search_or_open_records() {
    for db in seeded().await {
        let s = &db.store;
        // A patient under no service's care and in no advice request: a specialist may open
        // the record of a patient under their service, so the demo's own patients will not do.
        let involved: HashSet<Uuid> = service_patient::Entity::find()
            .all(s.db())
            .await
            .unwrap()
            .into_iter()
            .map(|r| r.patient_id)
            .chain(
                advice_request::Entity::find()
                    .all(s.db())
                    .await
                    .unwrap()
                    .into_iter()
                    .map(|r| r.patient_id),
            )
            .collect();
        let any = patient::Entity::find()
            .all(s.db())
            .await
            .unwrap()
            .into_iter()
            .find(|p| !involved.contains(&p.id))
            .unwrap();
        for email in [
            "specialist",
            "secretary",
            "pharmacist",
            "icb",
            "moderator",
            "admin",
        ] {
            let ctx = actor(s, &format!("{email}@demo.joinedup.test"), 0).await;
            let q = PatientQuery::ByNhsNumber(any.nhs_number.parse().unwrap());
            assert!(
                matches!(
                    people::find_patients(s, &ctx, &q).await,
                    Err(StoreError::NotFound)
                ),
                "{email}"
            );
            assert!(
                matches!(
                    people::patient_summary(s, &ctx, any.id).await,
                    Err(StoreError::NotFound)
                ),
                "{email}"
            );
        }
    }
}

#[tokio::test]
async fn a_patient_sees_their_own_record_and_a_carer_only_the_consented_ones() {
    for db in seeded().await {
        let s = &db.store;
        let me = actor(s, "patient@demo.joinedup.test", 0).await;
        let mine = people::my_records(s, &me).await.unwrap();
        assert_eq!(mine.len(), 1);
        assert_eq!(mine[0].relationship.as_deref(), Some("self"));
        let carer = actor(s, "carer@demo.joinedup.test", 0).await;
        assert_eq!(carer.role, Role::Patient);
        let cared = people::my_records(s, &carer).await.unwrap();
        assert_eq!(cared.len(), 2);
        assert!(
            cared
                .iter()
                .all(|r| r.relationship.as_deref() == Some("carer"))
        );
        assert!(matches!(
            people::patient_summary(s, &carer, mine[0].id).await,
            Err(StoreError::NotFound)
        ));
    }
}

#[tokio::test]
async fn a_gp_with_two_practices_acts_for_the_one_chosen() {
    for db in seeded().await {
        let s = &db.store;
        let first = actor(s, "gp@demo.joinedup.test", 0).await;
        let second = actor(s, "gp@demo.joinedup.test", 1).await;
        assert_eq!(first.membership_count, 2);
        assert_ne!(first.organisation_id, second.organisation_id);
        assert!(second.acting_for_label().unwrap().contains("(G99"));
    }
}

#[tokio::test]
async fn a_session_ended_elsewhere_is_not_brought_back_by_a_late_save() {
    use joinedup_store::people::sessions;
    for b in backends() {
        let db = joinedup_store::testing::fresh(b).await.unwrap();
        let conn = db.store.db();
        let expires = joinedup_store::now() + time::Duration::minutes(30);
        assert!(
            sessions::create(conn, "cookie-1", None, "{}".into(), expires)
                .await
                .unwrap()
        );
        sessions::save(conn, "cookie-1", None, "{\"a\":1}".into(), expires)
            .await
            .unwrap();
        assert_eq!(
            sessions::load(&db.store, "cookie-1")
                .await
                .unwrap()
                .unwrap()
                .data,
            "{\"a\":1}"
        );
        sessions::delete(conn, "cookie-1").await.unwrap();
        sessions::save(conn, "cookie-1", None, "{\"a\":2}".into(), expires)
            .await
            .unwrap();
        assert!(
            sessions::load(&db.store, "cookie-1")
                .await
                .unwrap()
                .is_none(),
            "{b:?}"
        );
    }
}

#[tokio::test]
async fn a_session_loads_with_the_unread_count_of_its_own_user() {
    use joinedup_store::people::sessions;
    use joinedup_store::platform::notifications::{self, Notice};
    for db in seeded().await {
        let store = &db.store;
        let gp = actor(store, "gp@demo.joinedup.test", 0).await;
        let other = actor(store, "specialist@demo.joinedup.test", 0).await;
        notifications::mark_all_read(store, gp.user_id)
            .await
            .unwrap();
        let expires = joinedup_store::now() + time::Duration::minutes(30);
        let conn = store.db();
        assert!(
            sessions::create(conn, "gp-cookie", Some(gp.user_id), "{}".into(), expires)
                .await
                .unwrap()
        );
        assert!(
            sessions::create(conn, "anonymous", None, "{}".into(), expires)
                .await
                .unwrap()
        );
        let loaded = |id: &'static str| async move {
            sessions::load(store, id)
                .await
                .unwrap()
                .unwrap()
                .unread_notifications
        };
        assert_eq!(loaded("gp-cookie").await, 0);
        let txn = store.write().await.unwrap();
        for (user, title) in [
            (gp.user_id, "one"),
            (gp.user_id, "two"),
            (other.user_id, "x"),
        ] {
            let notice = Notice {
                title,
                body: "A test notice.",
                link: None,
                email_to: None,
            };
            notifications::notify(&txn, user, notice).await.unwrap();
        }
        txn.commit().await.unwrap();
        assert_eq!(loaded("gp-cookie").await, 2, "{:?}", db.backend);
        assert_eq!(
            loaded("gp-cookie").await,
            notifications::unread_count(store, gp.user_id)
                .await
                .unwrap(),
            "the same count the notifications page shows"
        );
        assert_eq!(loaded("anonymous").await, 0, "no user, nothing unread");
        notifications::mark_all_read(store, gp.user_id)
            .await
            .unwrap();
        assert_eq!(loaded("gp-cookie").await, 0);
    }
}
