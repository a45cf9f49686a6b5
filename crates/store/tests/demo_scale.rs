//! The full-scale (`sel`) demo generator, run at a few thousand patients on every backend.

use joinedup_core::people::{Borough, NhsNumber, OdsCode, OrganisationKind, Role};
use joinedup_store::demo::{self, DEMO_PASSWORD, SelSize};
use joinedup_store::people::entity::{organisation, patient, user};
use joinedup_store::people::{self, SignInOutcome, ThrottlePolicy};
use joinedup_store::testing::{backends, fresh};
use joinedup_store::{Store, now};
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use uuid::Uuid;

const SIZE: u64 = 3_000;

async fn signs_in_as(store: &Store, email: &str) -> Vec<(Role, String)> {
    let outcome = people::sign_in(
        store,
        email,
        DEMO_PASSWORD,
        "127.0.0.1",
        ThrottlePolicy::default(),
    )
    .await
    .unwrap();
    let SignInOutcome::SignedIn { user_id } = outcome else {
        panic!("{email} could not sign in: {outcome:?}");
    };
    people::memberships_of(store, user_id)
        .await
        .unwrap()
        .into_iter()
        .map(|m| (m.role, m.label))
        .collect()
}

#[tokio::test]
async fn the_sel_scale_keeps_its_invariants_at_a_small_size() {
    let size = SelSize::for_patients(SIZE);
    for b in backends() {
        let db = fresh(b).await.unwrap();
        let s = &db.store;
        let summary = demo::seed_sel(s, size, |_| {}).await.unwrap();
        assert_eq!(summary.patients, SIZE, "{b:?}");
        assert!(!demo::is_empty(s).await.unwrap());

        // Practices: the configured number, in all six boroughs, each in a PCN, GP-shaped codes.
        let practices = organisation::Entity::find()
            .filter(organisation::Column::Kind.eq(OrganisationKind::GpPractice.as_str()))
            .all(s.db())
            .await
            .unwrap();
        assert_eq!(practices.len(), size.practices, "{b:?}");
        let mut pcns: BTreeMap<Borough, BTreeSet<String>> = BTreeMap::new();
        for p in &practices {
            let borough = Borough::parse(p.borough.as_deref().unwrap()).unwrap();
            pcns.entry(borough)
                .or_default()
                .insert(p.pcn.clone().unwrap());
            OdsCode::parse_for(&p.ods_code, OrganisationKind::GpPractice).unwrap();
            assert!(
                !p.ods_code.starts_with("G99"),
                "distinct from the small scale's codes"
            );
        }
        assert_eq!(pcns.len(), 6, "{b:?}: practices in all six boroughs");
        assert!(pcns.values().all(|p| (1..=8).contains(&p.len())));
        let pharmacies = organisation::Entity::find()
            .filter(organisation::Column::Kind.eq(OrganisationKind::Pharmacy.as_str()))
            .count(s.db())
            .await
            .unwrap();
        assert_eq!(pharmacies as usize, size.pharmacies);

        // Patients: every NHS number valid and unique; every list within the bounds.
        let patients = patient::Entity::find().all(s.db()).await.unwrap();
        assert_eq!(patients.len() as u64, SIZE, "{b:?}");
        let numbers: HashSet<NhsNumber> = patients
            .iter()
            .map(|p| NhsNumber::parse(&p.nhs_number).unwrap())
            .collect();
        assert_eq!(
            numbers.len(),
            patients.len(),
            "{b:?}: NHS numbers are unique"
        );
        assert!(
            numbers.iter().all(|n| n.is_synthetic()),
            "below 909,091 patients all are 999"
        );
        let mut lists: HashMap<Uuid, u32> = HashMap::new();
        for p in &patients {
            *lists.entry(p.practice_id).or_default() += 1;
        }
        assert_eq!(
            lists.len(),
            size.practices,
            "{b:?}: every practice has patients"
        );
        for (practice, n) in lists {
            assert!(
                (size.list_min..=size.list_max).contains(&n),
                "{b:?}: practice {practice} has {n} patients"
            );
        }

        // The demo accounts sign in with the demo password, in the roles they are listed with.
        for a in demo::demo_accounts() {
            let memberships = signs_in_as(s, &a.email).await;
            assert_eq!(memberships[0].0, a.role, "{b:?}: {}", a.email);
        }
        let gp = signs_in_as(s, "gp@demo.joinedup.test").await;
        assert_eq!(gp.len(), 2, "the GP has two practices");
        assert!(
            gp.iter().all(|(_, label)| label.contains("(G986")),
            "{gp:?}"
        );
        // And so do the generated staff accounts, sharing the one hash.
        let staff = signs_in_as(s, "staff.g98101@demo.joinedup.test").await;
        assert_eq!(staff[0].0, Role::PracticeStaff);
        let specialist = signs_in_as(s, "specialist.rjz.rheumatology@demo.joinedup.test").await;
        assert_eq!(specialist[0].0, Role::Specialist);
        assert!(user::Entity::find().count(s.db()).await.unwrap() as usize > 2 * size.practices);
    }
}

#[tokio::test]
async fn a_sel_run_that_fails_at_its_last_step_leaves_the_database_empty() {
    for b in backends() {
        let db = fresh(b).await.unwrap();
        let s = &db.store;
        // An account with the email of one the generator makes last makes its final insert fail.
        user::Entity::insert(user::ActiveModel {
            id: Set(Uuid::now_v7()),
            email: Set("admin.1@demo.joinedup.test".into()),
            display_name: Set("In the way".into()),
            password_hash: Set("x".into()),
            active: Set(true),
            created_at: Set(now()),
            search_key: Set(None),
        })
        .exec_without_returning(s.db())
        .await
        .unwrap();
        let failed = demo::seed_sel(s, SelSize::for_patients(SIZE), |_| {}).await;
        assert!(failed.is_err(), "{b:?}");
        assert!(demo::is_empty(s).await.unwrap(), "{b:?}");
        assert_eq!(patient::Entity::find().count(s.db()).await.unwrap(), 0);
        assert_eq!(user::Entity::find().count(s.db()).await.unwrap(), 1);
    }
}

#[tokio::test]
async fn the_sel_scale_refuses_sizes_it_cannot_build() {
    let db = fresh(backends()[0]).await.unwrap();
    let too_many = SelSize {
        patients: 100,
        ..SelSize::for_patients(SIZE)
    };
    assert!(demo::seed_sel(&db.store, too_many, |_| {}).await.is_err());
    assert!(demo::is_empty(&db.store).await.unwrap());
}
