//! The full-scale (`sel`) demo generator, run at a few thousand patients on every backend.

use joinedup_core::advice::{ClockFacts, Group, Outcome, Status, Urgency};
use joinedup_core::calendar::{Calendar, london_date};
use joinedup_core::people::{Borough, NhsNumber, OdsCode, OrganisationKind, Role};
use joinedup_store::advice::entity::{advice_message, advice_request};
use joinedup_store::advice::{self, InboxFilter};
use joinedup_store::demo::{self, DEMO_PASSWORD, Scale, SelSize};
use joinedup_store::people::entity::{membership, organisation, patient, service, user};
use joinedup_store::people::{self, ActorContext, SignInOutcome, ThrottlePolicy};
use joinedup_store::platform::entity::job;
use joinedup_store::testing::{backends, fresh};
use joinedup_store::{Store, now};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use time::Duration;
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

/// Every advice request and its thread, checked for consistency: the status, outcome and clock
/// fields agree with each other, and due times, "within standard" and response times are what
/// the calendar gives. Returns the requests.
async fn consistent_advice(store: &Store) -> Vec<advice_request::Model> {
    let calendar = Calendar::england_and_wales();
    let requests = advice_request::Entity::find()
        .all(store.db())
        .await
        .unwrap();
    let mut threads: HashMap<Uuid, Vec<advice_message::Model>> = HashMap::new();
    let messages = advice_message::Entity::find()
        .order_by_asc(advice_message::Column::CreatedAt)
        .all(store.db())
        .await
        .unwrap();
    for m in messages {
        threads.entry(m.request_id).or_default().push(m);
    }
    let t = now();
    for r in &requests {
        let status = Status::parse(&r.status).unwrap();
        let outcome = r.outcome.as_deref().map(|o| Outcome::parse(o).unwrap());
        let thread = threads.remove(&r.id).unwrap_or_default();
        let at = |what: &str| format!("{what}: {r:?}");
        assert!(
            r.updated_at >= r.created_at,
            "{}",
            at("updated before created")
        );
        if status == Status::Draft {
            assert!(r.sent_at.is_none() && r.due_at.is_none(), "{}", at("draft"));
            assert!(outcome.is_none() && thread.is_empty(), "{}", at("draft"));
            continue;
        }
        let sent_at = r.sent_at.expect("sent_at");
        let started = r.clock_started_at.expect("clock_started_at");
        assert!(started >= sent_at && sent_at <= t, "{}", at("clock start"));
        assert!(
            r.service_id.is_some() && r.sent_by.is_some(),
            "{}",
            at("sent")
        );
        assert!(r.urgency.is_some() && r.referral_authorised.is_some());
        assert!(r.version >= 2, "{}", at("version"));
        let clock = ClockFacts {
            sent_at: started,
            standard_days: r.standard_days.unwrap() as u32,
            paused_days: r.paused_days as u32,
            paused_since: r.paused_since,
        };
        assert_eq!(r.due_at, Some(clock.due_at(&calendar)), "{}", at("due"));
        assert_eq!(thread[0].kind, "sent", "{}", at("first entry"));
        assert_eq!(thread[0].created_at, sent_at);
        assert_eq!(thread[0].body, r.question);
        if let Some(e) = r.escalated_at {
            assert_eq!(e, clock.due_at(&calendar) + Duration::seconds(1));
        }
        match status {
            Status::Sent => {
                assert!(
                    r.answered_at.is_none() && r.paused_since.is_none(),
                    "{}",
                    at("sent")
                );
                assert!(
                    matches!(
                        outcome,
                        None | Some(Outcome::Redirected | Outcome::MoreInformationNeeded)
                    ),
                    "{}",
                    at("sent outcome")
                );
            }
            Status::AwaitingInformation => {
                assert_eq!(
                    outcome,
                    Some(Outcome::MoreInformationNeeded),
                    "{}",
                    at("paused")
                );
                assert!(
                    r.paused_since.is_some() && r.answered_at.is_none(),
                    "{}",
                    at("paused")
                );
            }
            Status::Answered | Status::Closed => {
                let o = outcome.expect("an answered request has an outcome");
                assert!(o.is_final(), "{}", at("final outcome"));
                let answered = r.answered_at.expect("answered_at");
                assert!(
                    answered >= started && answered <= t,
                    "{}",
                    at("answered_at")
                );
                assert!(r.paused_since.is_none());
                assert_eq!(
                    r.within_standard,
                    Some(clock.within_standard(&calendar, answered)),
                    "{}",
                    at("within standard")
                );
                assert_eq!(
                    r.response_working_seconds,
                    Some(clock.response_working_seconds(
                        &calendar,
                        answered,
                        r.paused_working_seconds
                    )),
                    "{}",
                    at("response time")
                );
                assert!(r.patient_summary.is_some(), "{}", at("patient summary"));
                let reply = thread.iter().rev().find(|m| m.kind == "reply").unwrap();
                assert_eq!(reply.outcome.as_deref(), Some(o.as_str()));
                assert_eq!(reply.created_at, answered);
                if o == Outcome::ConvertedToReferral {
                    assert_eq!(r.referral_authorised, Some(true), "{}", at("converted"));
                }
                if status == Status::Closed {
                    let closed = r.closed_at.expect("closed_at");
                    assert!(closed >= answered && closed <= t, "{}", at("closed_at"));
                    assert!(r.gp_read_at.is_some_and(|read| read <= closed));
                    assert_eq!(
                        r.gp_action.is_some(),
                        o != Outcome::ConvertedToReferral,
                        "{}",
                        at("gp action")
                    );
                } else {
                    assert!(r.closed_at.is_none() && r.gp_action.is_none());
                }
            }
            Status::Draft => unreachable!(),
        }
        assert!(
            thread
                .windows(2)
                .all(|p| p[0].created_at <= p[1].created_at),
            "{}",
            at("thread order")
        );
        assert!(thread.iter().all(|m| m.created_at <= t));
    }
    requests
}

async fn actor(store: &Store, email: &str) -> ActorContext {
    let u = user::Entity::find()
        .filter(user::Column::Email.eq(email))
        .one(store.db())
        .await
        .unwrap()
        .unwrap();
    let choices = people::memberships_of(store, u.id).await.unwrap();
    people::actor_for_membership(store, u.id, choices[0].membership_id)
        .await
        .unwrap()
        .unwrap()
}

#[tokio::test]
async fn the_sel_scale_has_a_year_of_advice_requests_in_proportion() {
    let size = SelSize::for_patients(SIZE);
    for b in backends() {
        let db = fresh(b).await.unwrap();
        let s = &db.store;
        let summary = demo::seed_sel(s, size, |_| {}).await.unwrap();
        let requests = consistent_advice(s).await;
        assert_eq!(requests.len() as u64, summary.advice_requests, "{b:?}");
        // About 150,000 a year for 2 million patients, scaled; plus the demo accounts' own.
        let expected = SIZE as f64 * 150_000.0 / 2_000_000.0;
        let n = requests.len() as f64;
        assert!(
            n > expected * 0.8 && n < expected * 1.2 + 30.0,
            "{b:?}: {n} requests"
        );

        let t = now();
        let sent: Vec<_> = requests.iter().filter(|r| r.sent_at.is_some()).collect();
        assert!(
            sent.iter()
                .all(|r| r.sent_at.unwrap() > t - Duration::days(366))
        );
        let months: HashSet<_> = sent
            .iter()
            .map(|r| {
                let d = london_date(r.sent_at.unwrap());
                (d.year(), d.month())
            })
            .collect();
        assert!(
            months.len() >= 12,
            "{b:?}: spread over the year: {months:?}"
        );
        let practices: HashSet<Uuid> = requests.iter().map(|r| r.practice_id).collect();
        assert_eq!(
            practices.len(),
            size.practices,
            "{b:?}: every practice asks"
        );
        let services: HashSet<Uuid> = sent.iter().filter_map(|r| r.service_id).collect();
        let all_services = service::Entity::find().count(s.db()).await.unwrap() as usize;
        assert!(
            services.len() * 3 >= all_services * 2,
            "{b:?}: most services are asked"
        );

        // The outcome mix: most advice given, most within standard; older ones closed.
        let answered: Vec<_> = sent.iter().filter(|r| r.answered_at.is_some()).collect();
        let share = |f: &dyn Fn(&advice_request::Model) -> bool| {
            answered.iter().filter(|r| f(r)).count() as f64 / answered.len() as f64
        };
        let advice_given = share(&|r| r.outcome.as_deref() == Some("advice_given"));
        assert!(
            (0.45..0.80).contains(&advice_given),
            "{b:?}: {advice_given}"
        );
        let within = share(&|r| r.within_standard == Some(true));
        assert!(within > 0.75, "{b:?}: {within} within standard");
        let old = sent
            .iter()
            .filter(|r| r.sent_at.unwrap() < t - Duration::days(60));
        let (old_closed, old_all) = old.fold((0, 0), |(c, a), r| {
            (c + usize::from(r.status == "closed"), a + 1)
        });
        assert!(
            old_closed * 10 >= old_all * 9,
            "{b:?}: {old_closed} of {old_all}"
        );
        for status in Status::ALL {
            assert!(
                requests.iter().any(|r| r.status == status.as_str()),
                "{b:?}: {status:?}"
            );
        }

        // The monthly figures count every sent request once.
        let figures = advice::monthly(s, Group::ByService, t - Duration::days(400), t)
            .await
            .unwrap();
        let counted: u64 = figures.iter().map(|f| f.requests).sum();
        assert_eq!(counted, sent.len() as u64, "{b:?}");
        let leads = service::Entity::find()
            .filter(service::Column::LeadUserId.is_not_null())
            .count(s.db())
            .await
            .unwrap();
        assert_eq!(
            leads as usize, all_services,
            "{b:?}: every service has a lead"
        );
    }
}

#[tokio::test]
async fn the_small_demo_has_advice_requests_in_every_status_and_outcome() {
    for b in backends() {
        let db = fresh(b).await.unwrap();
        let s = &db.store;
        let summary = demo::seed(s, Scale::Small, |_| {}).await.unwrap();
        let requests = consistent_advice(s).await;
        assert_eq!(requests.len() as u64, summary.advice_requests, "{b:?}");
        let with = |status: Status| requests.iter().filter(move |r| r.status == status.as_str());
        for status in Status::ALL {
            assert!(with(status).count() >= 2, "{b:?}: {status:?}");
        }
        for o in Outcome::FINAL {
            assert!(
                with(Status::Answered).any(|r| r.outcome.as_deref() == Some(o.as_str())),
                "{b:?}: an answered request with {o:?}"
            );
        }
        let t = now();
        let overdue = with(Status::Sent).filter(|r| r.due_at.unwrap() < t).count();
        assert!(overdue >= 2, "{b:?}: {overdue} overdue");
        let calendar = Calendar::england_and_wales();
        let next_due = calendar.due(
            if calendar.is_working_day(london_date(t)) {
                t
            } else {
                t + Duration::days(3)
            },
            0,
        );
        assert!(
            with(Status::Sent).any(|r| r.due_at.unwrap() >= t && r.due_at.unwrap() <= next_due),
            "{b:?}: one due today"
        );
        assert!(with(Status::Sent).any(|r| r.urgency.as_deref() == Some(Urgency::Urgent.as_str())));
        assert!(with(Status::Sent).any(|r| r.claimed_by.is_some()));
        assert!(with(Status::Closed).all(|r| r.closed_at.is_some()));
        let redirected: HashSet<Uuid> = advice_message::Entity::find()
            .filter(advice_message::Column::Outcome.eq(Outcome::Redirected.as_str()))
            .all(s.db())
            .await
            .unwrap()
            .into_iter()
            .map(|m| m.request_id)
            .collect();
        assert!(
            with(Status::Answered).any(|r| redirected.contains(&r.id)),
            "{b:?}: redirected, then answered"
        );

        // The demo accounts each see several.
        let gp = actor(s, "gp@demo.joinedup.test").await;
        let staff = actor(s, "practice@demo.joinedup.test").await;
        let specialist = actor(s, "specialist@demo.joinedup.test").await;
        let listed = advice::practice_requests(s, &gp, &InboxFilter::default())
            .await
            .unwrap();
        assert!(listed.total >= 10, "{b:?}: {} for the GP", listed.total);
        assert!(
            with(Status::Draft).any(|r| r.created_by == staff.user_id),
            "{b:?}: a draft by practice staff for the GP to check"
        );
        let inbox = advice::inbox(s, &specialist, &InboxFilter::default())
            .await
            .unwrap();
        assert!(inbox.total >= 5, "{b:?}: {} in the inbox", inbox.total);
        assert!(inbox.items.iter().any(|r| r.overdue));
        let rheumatology = service::Entity::find_by_id(specialist.service_id.unwrap())
            .one(s.db())
            .await
            .unwrap()
            .unwrap();
        assert_eq!(rheumatology.lead_user_id, Some(specialist.user_id));
        let answered_by_specialist = requests
            .iter()
            .filter(|r| r.answered_by == Some(specialist.user_id))
            .count();
        assert!(answered_by_specialist >= 4);

        // The patient and the carer see answers in plain English.
        let patient = actor(s, "patient@demo.joinedup.test").await;
        let jordan = patient.linked_patient_ids[0];
        let seen = advice::for_patient(s, &patient, jordan).await.unwrap();
        assert!(seen.iter().any(|a| a.summary.is_some()), "{b:?}: {seen:?}");
        let carer = actor(s, "carer@demo.joinedup.test").await;
        let mut cared = 0;
        for id in &carer.linked_patient_ids {
            cared += advice::for_patient(s, &carer, *id).await.unwrap().len();
        }
        assert!(cared >= 2, "{b:?}");
        // Jordan is under Rheumatology (the demo letters put Jordan on its caseload), so the
        // demo specialist may open Jordan's record.
        assert!(
            people::patient_summary(s, &specialist, jordan)
                .await
                .is_ok()
        );

        // Seeding leaves the job queue empty (reminders for the open requests are not queued).
        assert_eq!(job::Entity::find().count(s.db()).await.unwrap(), 0, "{b:?}");
        let members = membership::Entity::find()
            .filter(membership::Column::ServiceId.eq(rheumatology.id))
            .count(s.db())
            .await
            .unwrap();
        assert_eq!(members, 2, "the demo adds no accounts");
    }
}
