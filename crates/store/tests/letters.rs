//! Letters in the store, on every backend: drafts only for the service's own patients, signing
//! and sending once, who may see what, acknowledgement, GP actions and the patient's report.
//!
//! Every test runs on SQLite and, when `TEST_DATABASE_URL` is set, on PostgreSQL, each in a
//! fresh database seeded with the small demo.

use joinedup_core::letters::input::GpActionInput;
use joinedup_core::letters::{ActionState, DraftLetter, LetterInput, Status};
use joinedup_store::audit::entity::audit_log;
use joinedup_store::demo::{self, Scale};
use joinedup_store::letters::entity::{letter, letter_action};
use joinedup_store::letters::{self, CheckFacts, LetterFilter};
use joinedup_store::people::entity::{patient, user};
use joinedup_store::people::{self, ActorContext, caseload};
use joinedup_store::platform::entity::notification;
use joinedup_store::testing::{TestDatabase, backends, fresh};
use joinedup_store::{Store, StoreError, now};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use time::Duration;
use uuid::Uuid;

struct World {
    db: TestDatabase,
    gp: ActorContext,
    staff: ActorContext,
    specialist: ActorContext,
    secretary: ActorContext,
    patient: ActorContext,
    /// The demo patient's own record (registered at the GP's practice).
    record: patient::Model,
    /// A patient of another practice.
    other: patient::Model,
}

impl World {
    fn store(&self) -> &Store {
        &self.db.store
    }
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

async fn worlds() -> Vec<World> {
    let mut out = vec![];
    for b in backends() {
        let db = fresh(b).await.expect("fresh database");
        demo::seed(&db.store, Scale::Small, |_| {})
            .await
            .expect("seed");
        let s = &db.store;
        let gp = actor(s, "gp@demo.joinedup.test").await;
        let patient = actor(s, "patient@demo.joinedup.test").await;
        let record = patient::Entity::find_by_id(patient.linked_patient_ids[0])
            .one(s.db())
            .await
            .unwrap()
            .unwrap();
        let other = patient::Entity::find()
            .filter(patient::Column::PracticeId.ne(gp.organisation_id.unwrap()))
            .one(s.db())
            .await
            .unwrap()
            .unwrap();
        out.push(World {
            staff: actor(s, "practice@demo.joinedup.test").await,
            specialist: actor(s, "specialist@demo.joinedup.test").await,
            secretary: actor(s, "secretary@demo.joinedup.test").await,
            gp,
            patient,
            record,
            other,
            db,
        });
    }
    out
}

fn no_idempotency(_: Uuid) -> (u16, String) {
    (200, String::new())
}

const CHECK: CheckFacts = CheckFacts {
    reading_age: 11.5,
    flesch_reading_ease: 68.0,
    plain: true,
};

fn input_for(p: &patient::Model) -> LetterInput {
    let yesterday = now() - Duration::days(1);
    LetterInput {
        nhs_number: p.nhs_number.clone(),
        kind: Some("clinic_letter".into()),
        event_date: yesterday.date().to_string(),
        event_time: "10:00".into(),
        summary: "You came to the joint clinic. Your hands are swollen because of arthritis."
            .into(),
        follow_up: "We will see you again in 3 months.".into(),
        gp_actions: vec![
            GpActionInput {
                text: "Check your kidney blood test in 2 weeks".into(),
                due: (yesterday + Duration::days(14)).date().to_string(),
            },
            GpActionInput {
                text: "Review your blood pressure".into(),
                due: (yesterday + Duration::days(1)).date().to_string(),
            },
        ],
        ..LetterInput::default()
    }
}

fn sendable(p: &patient::Model) -> DraftLetter {
    input_for(p).parse_for_sending(now()).unwrap()
}

async fn draft(w: &World, by: &ActorContext) -> Uuid {
    let d = input_for(&w.record).parse_draft().unwrap();
    letters::save_draft(w.store(), by, None, &d, None, no_idempotency)
        .await
        .unwrap()
}

async fn sent(w: &World) -> Uuid {
    let id = draft(w, &w.specialist).await;
    letters::sign_and_send(
        w.store(),
        &w.specialist,
        id,
        2,
        &sendable(&w.record),
        CHECK,
        None,
        no_idempotency,
    )
    .await
    .unwrap();
    id
}

async fn on_caseload(w: &World) {
    let svc = w.specialist.service_id.unwrap();
    caseload::add(w.store().db(), svc, w.record.id, "referral")
        .await
        .unwrap();
}

async fn audit_actions(store: &Store) -> Vec<(String, String)> {
    audit_log::Entity::find()
        .order_by_asc(audit_log::Column::Id)
        .all(store.db())
        .await
        .unwrap()
        .into_iter()
        .map(|e| (e.action, e.outcome))
        .collect()
}

fn field_of<T: std::fmt::Debug>(r: Result<T, StoreError>) -> String {
    match r {
        Err(StoreError::Invalid(errors)) => errors[0].field.to_string(),
        other => panic!("expected Invalid, got {other:?}"),
    }
}

#[tokio::test]
async fn a_letter_can_only_be_written_about_a_patient_under_the_service() {
    for w in worlds().await {
        let before = letter::Entity::find()
            .all(w.store().db())
            .await
            .unwrap()
            .len();
        let d = input_for(&w.other).parse_draft().unwrap();
        let refused =
            letters::save_draft(w.store(), &w.specialist, None, &d, None, no_idempotency).await;
        assert_eq!(field_of(refused), "nhs_number");
        assert!(
            audit_actions(w.store())
                .await
                .contains(&("letter.create".into(), "denied".into())),
            "the refused attempt is audited"
        );
        assert_eq!(
            letter::Entity::find()
                .all(w.store().db())
                .await
                .unwrap()
                .len(),
            before,
            "the refused draft is not saved"
        );
        on_caseload(&w).await;
        draft(&w, &w.specialist).await;
    }
}

#[tokio::test]
async fn signing_and_sending_delivers_once_with_its_actions_and_timing() {
    for w in worlds().await {
        on_caseload(&w).await;
        let id = sent(&w).await;
        let row = letter::Entity::find_by_id(id)
            .one(w.store().db())
            .await
            .unwrap()
            .unwrap();
        assert_eq!(row.status, "sent");
        assert_eq!(
            row.on_time,
            Some(true),
            "sent the day after the appointment"
        );
        assert!(row.due_at.unwrap() > row.event_at.unwrap() + Duration::days(7));
        assert_eq!(row.plain, Some(true));
        assert_eq!(row.practice_id, w.record.practice_id);
        assert!(row.signed_name.unwrap().contains("Specialist"));
        let actions = letter_action::Entity::find()
            .filter(letter_action::Column::LetterId.eq(id))
            .all(w.store().db())
            .await
            .unwrap();
        assert_eq!(actions.len(), 2);
        assert!(actions.iter().all(|a| a.state == "open"));
        let notices = notification::Entity::find()
            .filter(notification::Column::UserId.eq(w.patient.user_id))
            .all(w.store().db())
            .await
            .unwrap();
        assert_eq!(notices.len(), 1, "the patient is told once");

        let again = letters::sign_and_send(
            w.store(),
            &w.specialist,
            id,
            3,
            &sendable(&w.record),
            CHECK,
            None,
            no_idempotency,
        )
        .await;
        assert!(matches!(again, Err(StoreError::Conflict(_))), "{again:?}");
        let count = letter_action::Entity::find()
            .filter(letter_action::Column::LetterId.eq(id))
            .all(w.store().db())
            .await
            .unwrap()
            .len();
        assert_eq!(count, 2, "a retried send delivers nothing twice");
    }
}

#[tokio::test]
async fn a_secretary_drafts_and_only_a_specialist_signs() {
    for w in worlds().await {
        on_caseload(&w).await;
        let id = draft(&w, &w.secretary).await;
        let by_secretary = letters::sign_and_send(
            w.store(),
            &w.secretary,
            id,
            2,
            &sendable(&w.record),
            CHECK,
            None,
            no_idempotency,
        )
        .await;
        assert!(matches!(by_secretary, Err(StoreError::Forbidden(_))));
        letters::sign_and_send(
            w.store(),
            &w.specialist,
            id,
            2,
            &sendable(&w.record),
            CHECK,
            None,
            no_idempotency,
        )
        .await
        .unwrap();
    }
}

#[tokio::test]
async fn two_people_saving_one_draft_at_once_do_not_overwrite_each_other() {
    for w in worlds().await {
        on_caseload(&w).await;
        let id = draft(&w, &w.secretary).await;
        let d = input_for(&w.record).parse_draft().unwrap();
        letters::save_draft(
            w.store(),
            &w.specialist,
            Some((id, 2)),
            &d,
            None,
            no_idempotency,
        )
        .await
        .unwrap();
        let late = letters::save_draft(
            w.store(),
            &w.secretary,
            Some((id, 2)),
            &d,
            None,
            no_idempotency,
        )
        .await;
        assert!(matches!(late, Err(StoreError::Conflict(_))), "{late:?}");
    }
}

#[tokio::test]
async fn the_practice_and_the_patient_see_sent_letters_only_and_others_see_none() {
    for w in worlds().await {
        on_caseload(&w).await;
        let all = LetterFilter::default();
        let before = letters::service_letters(w.store(), &w.specialist, &all)
            .await
            .unwrap()
            .total;
        let unsent = draft(&w, &w.specialist).await;
        for who in [&w.gp, &w.patient] {
            let r = letters::view(w.store(), who, unsent).await;
            assert!(
                matches!(r, Err(StoreError::NotFound)),
                "a draft stays with the service"
            );
        }
        let id = sent(&w).await;
        let seen = letters::view(w.store(), &w.gp, id).await.unwrap();
        assert_eq!(seen.actions.len(), 2);
        assert!(seen.queries.is_empty());
        letters::view(w.store(), &w.patient, id).await.unwrap();
        let inbox = letters::practice_inbox(w.store(), &w.gp, &LetterFilter::default())
            .await
            .unwrap();
        let ours: Vec<_> = inbox.items.iter().filter(|r| r.id == id).collect();
        assert_eq!(ours.len(), 1, "the sent letter is in the practice's inbox");
        assert_eq!(ours[0].open_actions, 2);
        assert!(
            inbox
                .items
                .iter()
                .all(|r| r.id != unsent && r.status == Status::Sent)
        );

        let elsewhere = actor(w.store(), "gp@demo.joinedup.test").await;
        let mut stranger = elsewhere.clone();
        stranger.organisation_id = Some(w.other.practice_id);
        let r = letters::view(w.store(), &stranger, id).await;
        assert!(matches!(r, Err(StoreError::NotFound)));
        assert!(
            audit_actions(w.store())
                .await
                .contains(&("letter.view".into(), "denied".into()))
        );
        let list = letters::service_letters(w.store(), &w.specialist, &LetterFilter::default())
            .await
            .unwrap();
        assert_eq!(
            list.total,
            before + 2,
            "the service sees its drafts and sent letters"
        );
    }
}

#[tokio::test]
async fn acknowledging_twice_keeps_the_first_acknowledgement() {
    for w in worlds().await {
        on_caseload(&w).await;
        let id = sent(&w).await;
        letters::acknowledge(w.store(), &w.staff, id).await.unwrap();
        letters::acknowledge(w.store(), &w.gp, id).await.unwrap();
        let row = letter::Entity::find_by_id(id)
            .one(w.store().db())
            .await
            .unwrap()
            .unwrap();
        assert_eq!(row.status, Status::Acknowledged.as_str());
        assert_eq!(row.acknowledged_by, Some(w.staff.user_id));
        let by_specialist = letters::acknowledge(w.store(), &w.specialist, id).await;
        assert!(matches!(by_specialist, Err(StoreError::Forbidden(_))));
        let inbox = letters::practice_inbox(w.store(), &w.gp, &LetterFilter::default())
            .await
            .unwrap();
        assert!(
            inbox.items.iter().all(|r| r.id != id),
            "acknowledged letters leave the default inbox"
        );
    }
}

#[tokio::test]
async fn declining_an_action_needs_a_reason_and_overdue_actions_are_listed() {
    for w in worlds().await {
        on_caseload(&w).await;
        let id = sent(&w).await;
        let view = letters::view(w.store(), &w.gp, id).await.unwrap();
        let (first, second) = (view.actions[0].id, view.actions[1].id);
        let no_reason =
            letters::update_action(w.store(), &w.gp, id, first, ActionState::Declined, " ").await;
        assert_eq!(field_of(no_reason), "reason");
        letters::update_action(
            w.store(),
            &w.gp,
            id,
            first,
            ActionState::Declined,
            "The hospital ordered this test and should act on it",
        )
        .await
        .unwrap();
        let a = letter_action::Entity::find_by_id(first)
            .one(w.store().db())
            .await
            .unwrap()
            .unwrap();
        assert_eq!(a.state, "declined");
        assert!(a.settled_at.is_some());

        let later = joinedup_core::calendar::london_date(now()) + Duration::days(5);
        let overdue: Vec<_> = letters::overdue_actions(w.store(), &w.gp, later)
            .await
            .unwrap()
            .into_iter()
            .filter(|o| o.letter_id == id)
            .collect();
        assert_eq!(overdue.len(), 1, "the declined action is not overdue");
        assert_eq!(overdue[0].text, "Review your blood pressure");
        letters::update_action(w.store(), &w.staff, id, second, ActionState::Done, "")
            .await
            .unwrap();
        assert!(
            letters::overdue_actions(w.store(), &w.gp, later)
                .await
                .unwrap()
                .iter()
                .all(|o| o.letter_id != id)
        );
    }
}

#[tokio::test]
async fn a_patient_who_does_not_understand_a_letter_reaches_the_service_lead() {
    for w in worlds().await {
        on_caseload(&w).await;
        let id = sent(&w).await;
        letters::report_not_understood(w.store(), &w.patient, id, "What is a kidney blood test?")
            .await
            .unwrap();
        let lead_notices = notification::Entity::find()
            .filter(notification::Column::UserId.eq(w.specialist.user_id))
            .all(w.store().db())
            .await
            .unwrap();
        assert_eq!(
            lead_notices.len(),
            1,
            "the demo specialist leads the service"
        );
        let seen = letters::view(w.store(), &w.specialist, id).await.unwrap();
        assert_eq!(seen.queries[0].message, "What is a kidney blood test?");
        let by_gp = letters::report_not_understood(w.store(), &w.gp, id, "").await;
        assert!(matches!(by_gp, Err(StoreError::Forbidden(_))));
    }
}

#[tokio::test]
async fn the_figures_count_sending_acknowledgement_and_gp_actions_as_they_happen() {
    use joinedup_core::letters::figures::{Group, LetterFigures};
    use letters::figures::{Only, group_names, monthly, period, rebuild};
    for w in worlds().await {
        on_caseload(&w).await;
        let service = w.specialist.service_id.unwrap();
        let (from, to) = (now(), now() + Duration::days(1));
        let later = joinedup_core::calendar::london_date(now()) + Duration::days(5);
        let of_service =
            |rows: Vec<LetterFigures>| rows.into_iter().find(|r| r.group_id == service);
        let before = of_service(
            period(w.store(), Group::ByService, from, to, later)
                .await
                .unwrap(),
        );
        let count =
            |r: &Option<LetterFigures>, f: fn(&LetterFigures) -> u64| r.as_ref().map_or(0, f);

        let id = sent(&w).await;
        letters::acknowledge(w.store(), &w.gp, id).await.unwrap();
        let view = letters::view(w.store(), &w.gp, id).await.unwrap();
        let (first, second) = (view.actions[0].id, view.actions[1].id);
        let reason = "The hospital should refer";
        letters::update_action(w.store(), &w.gp, id, first, ActionState::Declined, reason)
            .await
            .unwrap();
        // Done, then changed to not needed: counted once as it stands now, not as it was.
        letters::update_action(w.store(), &w.gp, id, second, ActionState::Done, "")
            .await
            .unwrap();
        letters::update_action(w.store(), &w.gp, id, second, ActionState::NotNeeded, "Seen")
            .await
            .unwrap();
        letters::update_action(w.store(), &w.gp, id, second, ActionState::Open, "")
            .await
            .unwrap();
        draft(&w, &w.specialist).await;

        let after = of_service(
            period(w.store(), Group::ByService, from, to, later)
                .await
                .unwrap(),
        );
        let r = after.clone().expect("the service has figures");
        let grew = |f: fn(&LetterFigures) -> u64| count(&after, f) - count(&before, f);
        assert_eq!(grew(|r| r.sent), 1, "drafts are not counted");
        assert_eq!(grew(|r| r.gp_actions_raised), 2);
        assert_eq!(grew(|r| r.gp_actions_declined), 1);
        assert_eq!(grew(|r| r.gp_actions_done), 0);
        assert_eq!(
            grew(|r| r.gp_actions_overdue),
            1,
            "the open action is due before `later`"
        );
        assert!(r.acknowledged_share.is_some() && r.median_hours_to_acknowledge.is_some());
        assert!(r.median_reading_age.is_some() && r.plain_share.is_some());

        // The totals kept as things happened are exactly those a rebuild from the letters gives.
        let every = |group| monthly(w.store(), group, from, to, later, Only::All);
        let kept = [
            every(Group::ByTrust).await.unwrap(),
            every(Group::ByService).await.unwrap(),
            every(Group::ByPractice).await.unwrap(),
        ];
        assert!(rebuild(w.store()).await.unwrap() > 0);
        let rebuilt = [
            every(Group::ByTrust).await.unwrap(),
            every(Group::ByService).await.unwrap(),
            every(Group::ByPractice).await.unwrap(),
        ];
        assert_eq!(kept, rebuilt);

        let practice = [w.record.practice_id];
        let only = Only::Groups(Group::ByPractice, &practice);
        let one = monthly(w.store(), Group::ByPractice, from, to, later, only)
            .await
            .unwrap();
        assert_eq!(one.len(), 1);
        assert_eq!(one[0].group_id, w.record.practice_id);
        let trust = [w.specialist.organisation_id.unwrap()];
        let only = Only::Groups(Group::ByTrust, &trust);
        let trusts = monthly(w.store(), Group::ByTrust, from, to, later, only)
            .await
            .unwrap();
        assert_eq!(trusts.len(), 1);
        assert!(
            trusts[0].sent >= r.sent,
            "a trust counts every service of its own"
        );
        let elsewhere = [uuid::Uuid::now_v7()];
        let none = Only::Groups(Group::ByPractice, &elsewhere);
        let empty = monthly(w.store(), Group::ByPractice, from, to, later, none)
            .await
            .unwrap();
        assert!(empty.is_empty());
        let names = group_names(w.store(), Group::ByService).await.unwrap();
        assert!(names[&r.group_id].starts_with("Rheumatology, "));
    }
}
