//! The small demo's hand-written letters, on every backend: every status and GP action state,
//! who sees what, the plain-English figures, and the caseloads that let the services write.
//!
//! Every test runs on SQLite and, when `TEST_DATABASE_URL` is set, on PostgreSQL, each in a
//! fresh database seeded with the small demo.

use joinedup_core::calendar::london_date;
use joinedup_core::letters::checker::{Checker, Verdict};
use joinedup_core::letters::{ActionState, Addressee, Kind, LetterContent, Status, TimingStandard};
use joinedup_core::people::Role;
use joinedup_store::demo::{self, Scale, Summary};
use joinedup_store::letters::entity::{letter, letter_action, letter_query};
use joinedup_store::letters::{self, LetterFilter};
use joinedup_store::people::entity::{membership, patient, service, service_patient, user};
use joinedup_store::people::{self, ActorContext, caseload};
use joinedup_store::testing::{TestDatabase, backends, fresh};
use joinedup_store::{Store, StoreError, now};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use std::collections::{HashMap, HashSet};
use uuid::Uuid;

struct World {
    db: TestDatabase,
    summary: Summary,
}

impl World {
    fn store(&self) -> &Store {
        &self.db.store
    }

    async fn letters(&self) -> Vec<letter::Model> {
        letter::Entity::find().all(self.store().db()).await.unwrap()
    }

    async fn actions(&self) -> Vec<letter_action::Model> {
        letter_action::Entity::find()
            .all(self.store().db())
            .await
            .unwrap()
    }
}

async fn worlds() -> Vec<World> {
    let mut out = vec![];
    for b in backends() {
        let db = fresh(b).await.expect("fresh database");
        let summary = demo::seed(&db.store, Scale::Small, |_| {})
            .await
            .expect("seed");
        out.push(World { db, summary });
    }
    out
}

async fn user_id(store: &Store, email: &str) -> Uuid {
    user::Entity::find()
        .filter(user::Column::Email.eq(email))
        .one(store.db())
        .await
        .unwrap()
        .unwrap_or_else(|| panic!("{email}"))
        .id
}

/// The actor for each of `email`'s memberships.
async fn actors(store: &Store, email: &str) -> Vec<ActorContext> {
    let id = user_id(store, email).await;
    let mut out = vec![];
    for m in people::memberships_of(store, id).await.unwrap() {
        let ctx = people::actor_for_membership(store, id, m.membership_id)
            .await
            .unwrap()
            .unwrap();
        out.push(ctx);
    }
    out
}

async fn actor(store: &Store, email: &str) -> ActorContext {
    actors(store, email).await.remove(0)
}

fn count(letters: &[letter::Model], status: Status) -> usize {
    letters
        .iter()
        .filter(|l| l.status == status.as_str())
        .count()
}

#[tokio::test]
async fn the_small_demo_has_letters_in_every_state() {
    for w in worlds().await {
        let all = w.letters().await;
        assert_eq!(w.summary.letters, all.len() as u64);
        assert!((14..=20).contains(&all.len()), "{}", all.len());
        assert_eq!(count(&all, Status::Draft), 2);
        assert!(count(&all, Status::Sent) >= 3);
        assert!(count(&all, Status::Acknowledged) >= 8);
        for kind in Kind::ALL {
            assert!(all.iter().any(|l| l.kind == kind.as_str()), "{kind:?}");
        }

        let secretary = user_id(w.store(), "secretary@demo.joinedup.test").await;
        let specialist = user_id(w.store(), "specialist@demo.joinedup.test").await;
        let drafts: Vec<_> = all.iter().filter(|l| l.status == "draft").collect();
        let writers: HashSet<_> = drafts.iter().map(|l| l.created_by).collect();
        assert_eq!(writers, HashSet::from([secretary, specialist]));
        for d in &drafts {
            assert!(d.signed_by.is_none() && d.sent_at.is_none() && d.plain.is_none());
            assert_eq!(d.version, 2, "saved once");
        }

        let waiting: Vec<_> = all.iter().filter(|l| l.status == "sent").collect();
        assert_eq!(
            waiting.iter().filter(|l| l.on_time == Some(false)).count(),
            1,
            "one unacknowledged letter went late"
        );
        assert!(waiting.iter().any(|l| l.on_time == Some(true)));
        let gp = user_id(w.store(), "gp@demo.joinedup.test").await;
        let staff = user_id(w.store(), "practice@demo.joinedup.test").await;
        let acknowledgers: HashSet<_> = (all.iter()).filter_map(|l| l.acknowledged_by).collect();
        assert_eq!(acknowledgers, HashSet::from([gp, staff]));
    }
}

#[tokio::test]
async fn every_sent_demo_letter_is_filled_as_signing_would_fill_it() {
    for w in worlds().await {
        let db = w.store().db();
        let gp = actors(w.store(), "gp@demo.joinedup.test").await;
        let gp_practices: HashSet<_> = gp.iter().filter_map(|g| g.organisation_id).collect();
        let actions = w.actions().await;
        for l in w.letters().await {
            let content: LetterContent = serde_json::from_str(&l.content).unwrap();
            let svc = service::Entity::find_by_id(l.service_id)
                .one(db)
                .await
                .unwrap()
                .unwrap();
            let p = patient::Entity::find_by_id(l.patient_id)
                .one(db)
                .await
                .unwrap()
                .unwrap();
            assert_eq!(l.trust_id, svc.organisation_id);
            assert_eq!(l.practice_id, p.practice_id);
            assert!(gp_practices.contains(&l.practice_id), "to the demo GP");
            let kind = Kind::parse(&l.kind).unwrap();
            let due = TimingStandard::default().due_at(kind, l.event_at.unwrap());
            assert_eq!(l.due_at, Some(due));
            assert!(l.event_at.unwrap() <= l.created_at && l.updated_at < now());
            let ours: Vec<_> = actions.iter().filter(|a| a.letter_id == l.id).collect();
            let Some(sent) = l.sent_at else {
                assert!(ours.is_empty(), "a draft has no action rows");
                continue;
            };
            assert_eq!(l.on_time, Some(sent <= due));
            assert!(l.created_at <= sent && l.event_at.unwrap() < sent);
            assert!(!content.summary.is_empty() && !content.follow_up.is_empty());
            let signer = membership::Entity::find()
                .filter(membership::Column::UserId.eq(l.signed_by.unwrap()))
                .filter(membership::Column::ServiceId.eq(l.service_id))
                .one(db)
                .await
                .unwrap()
                .expect("signed by a member of the service");
            assert_eq!(signer.role, Role::Specialist.as_str());
            let name = l.signed_name.clone().unwrap();
            assert!(
                name.starts_with("Dr ") && name.ends_with(", Specialist"),
                "{name}"
            );
            let acknowledged = l.acknowledged_at.is_some();
            assert_eq!(l.version, if acknowledged { 4 } else { 3 });
            assert_eq!(l.status == "acknowledged", acknowledged);
            actions_match(&l, &content, &ours);
        }
    }
}

/// The GP action rows of sent letter `l` are its content's actions, settled only once the
/// letter is acknowledged, with a reason exactly when the state needs one.
fn actions_match(l: &letter::Model, content: &LetterContent, rows: &[&letter_action::Model]) {
    assert_eq!(rows.len(), content.gp_actions.len());
    for a in rows {
        let asked = &content.gp_actions[a.position as usize];
        assert_eq!((&a.text, Some(a.due_on)), (&asked.text, asked.due));
        assert_eq!(a.practice_id, l.practice_id);
        let state = ActionState::parse(&a.state).unwrap();
        assert_eq!(state.needs_reason(), !a.reason.is_empty());
        assert_eq!(state.is_settled(), a.settled_at.is_some());
        assert_eq!(state.is_settled(), a.updated_by.is_some());
        assert!(l.acknowledged_at.is_some() || !state.is_settled());
    }
}

#[tokio::test]
async fn the_demo_gp_has_an_overdue_and_a_declined_action() {
    for w in worlds().await {
        let today = london_date(now());
        let mut overdue = 0;
        for gp in actors(w.store(), "gp@demo.joinedup.test").await {
            overdue += letters::overdue_actions(w.store(), &gp, today)
                .await
                .unwrap()
                .len();
            let inbox = letters::practice_inbox(w.store(), &gp, &LetterFilter::default())
                .await
                .unwrap();
            assert!(
                inbox.total >= 1,
                "both practices have letters to acknowledge"
            );
        }
        assert!(overdue >= 2, "{overdue}");

        let actions = w.actions().await;
        let settled = |state: ActionState| {
            actions
                .iter()
                .filter(|a| a.state == state.as_str())
                .collect::<Vec<_>>()
        };
        let declined = settled(ActionState::Declined);
        assert!(!declined.is_empty());
        assert!(declined.iter().all(|a| a.reason.contains("hospital")));
        assert!(!settled(ActionState::NotNeeded).is_empty());
        assert!(!settled(ActionState::Done).is_empty());
        let open_later = settled(ActionState::Open)
            .into_iter()
            .filter(|a| a.due_on > today)
            .count();
        assert!(open_later >= 1, "some open actions are not yet due");

        let gp = actor(w.store(), "gp@demo.joinedup.test").await;
        let mine = declined
            .iter()
            .find(|a| Some(a.practice_id) == gp.organisation_id)
            .expect("a declined action at the GP's first practice");
        let seen = letters::view(w.store(), &gp, mine.letter_id).await.unwrap();
        assert_eq!(seen.status, Status::Acknowledged);
        assert!(seen.actions.iter().any(|a| a.state == "declined"));
    }
}

#[tokio::test]
async fn the_demo_patient_sees_their_sent_letters_but_no_drafts() {
    for w in worlds().await {
        let me = actor(w.store(), "patient@demo.joinedup.test").await;
        let jordan = me.linked_patient_ids[0];
        let listed = letters::patient_letters(w.store(), &me, 1).await.unwrap();
        assert!(listed.total >= 3, "{}", listed.total);
        assert!(listed.items.iter().all(|r| r.status != Status::Draft));
        let about_jordan: Vec<_> = (w.letters().await.into_iter())
            .filter(|l| l.patient_id == jordan)
            .collect();
        let sent = about_jordan.iter().filter(|l| l.status != "draft").count();
        assert_eq!(listed.total as usize, sent);
        let draft = about_jordan
            .iter()
            .find(|l| l.status == "draft")
            .expect("a draft about Jordan");
        let r = letters::view(w.store(), &me, draft.id).await;
        assert!(matches!(r, Err(StoreError::NotFound)), "{r:?}");
        let first = letters::view(w.store(), &me, listed.items[0].id)
            .await
            .unwrap();
        assert!(first.queries.is_empty(), "queries are for the service");

        let carer = actor(w.store(), "carer@demo.joinedup.test").await;
        let theirs = letters::patient_letters(w.store(), &carer, 1)
            .await
            .unwrap();
        let names: HashSet<_> = theirs
            .items
            .iter()
            .map(|r| r.patient_name.clone())
            .collect();
        assert!(
            names.contains("ELLIS, Rose") && names.contains("ELLIS, Leo"),
            "{names:?}"
        );
        assert!(theirs.items.iter().all(|r| r.status != Status::Draft));
    }
}

#[tokio::test]
async fn demo_letters_mix_plain_and_poor_verdicts() {
    for w in worlds().await {
        let sent: Vec<_> = (w.letters().await.into_iter())
            .filter(|l| l.sent_at.is_some())
            .collect();
        let mut concerns = 0;
        for l in &sent {
            let content: LetterContent = serde_json::from_str(&l.content).unwrap();
            let addressee = Addressee::parse(&l.addressee).unwrap();
            let report = Checker::shared_standard().check(&content.checker_text(addressee));
            assert_eq!(l.plain, Some(report.verdict == Verdict::Plain));
            assert_eq!(l.reading_age, Some(report.reading_age));
            assert_eq!(l.flesch_reading_ease, Some(report.flesch_reading_ease));
            concerns += usize::from(!report.interface_concerns.is_empty());
            if addressee == Addressee::Gp {
                assert!(!l.gp_reason.is_empty(), "a letter to the GP says why");
            }
        }
        let plain = sent.iter().filter(|l| l.plain == Some(true)).count();
        let poor = sent.len() - plain;
        assert!(plain >= 8 && plain > poor, "{plain} plain, {poor} poor");
        assert!((3..=5).contains(&poor), "{poor} poor");
        assert!(
            concerns >= 3,
            "old-style letters hand the hospital's work to the GP"
        );
        let to_gp = sent.iter().filter(|l| l.addressee == "gp").count();
        assert_eq!(to_gp, 1);
        for l in sent.iter().filter(|l| l.plain == Some(true)) {
            assert!(l.reading_age.unwrap() <= 14.0 && l.flesch_reading_ease.unwrap() >= 60.0);
        }
    }
}

#[tokio::test]
async fn every_demo_letter_is_about_a_patient_on_its_services_caseload() {
    for w in worlds().await {
        let db = w.store().db();
        let all = w.letters().await;
        for l in &all {
            assert!(
                caseload::is_under(db, l.service_id, l.patient_id)
                    .await
                    .unwrap()
            );
        }
        let rows = service_patient::Entity::find().all(db).await.unwrap();
        let sources: HashSet<_> = rows.iter().map(|r| r.source.as_str()).collect();
        assert_eq!(sources, HashSet::from(["referral", "admission", "advice"]));
        let mut per_service: HashMap<Uuid, usize> = HashMap::new();
        for r in &rows {
            *per_service.entry(r.service_id).or_default() += 1;
        }
        assert!(per_service.len() >= 4, "{per_service:?}");
        let patients: HashSet<_> = rows.iter().map(|r| r.patient_id).collect();
        assert!(patients.len() >= 13, "{}", patients.len());

        let specialist = actor(w.store(), "specialist@demo.joinedup.test").await;
        let rheumatology = specialist.service_id.unwrap();
        let carer = actor(w.store(), "carer@demo.joinedup.test").await;
        let me = actor(w.store(), "patient@demo.joinedup.test").await;
        let jordan = me.linked_patient_ids[0];
        assert!(caseload::is_under(db, rheumatology, jordan).await.unwrap());
        let mut cared_for_under_rheumatology = 0;
        for p in carer.linked_patient_ids {
            assert!(rows.iter().any(|r| r.patient_id == p), "Rose and Leo");
            cared_for_under_rheumatology +=
                usize::from(caseload::is_under(db, rheumatology, p).await.unwrap());
        }
        assert_eq!(cared_for_under_rheumatology, 1, "Rose");
    }
}

#[tokio::test]
async fn a_patients_query_reaches_the_service_that_wrote_the_letter() {
    for w in worlds().await {
        let db = w.store().db();
        let queries = letter_query::Entity::find().all(db).await.unwrap();
        assert_eq!(queries.len(), 1);
        let q = &queries[0];
        let patient = user_id(w.store(), "patient@demo.joinedup.test").await;
        assert_eq!(q.user_id, patient);
        let l = letter::Entity::find_by_id(q.letter_id)
            .one(db)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(l.service_id, q.service_id);
        assert!(q.created_at > l.sent_at.unwrap());
        assert_eq!(l.plain, Some(false), "the letter is in the old style");

        let writer = user::Entity::find_by_id(l.signed_by.unwrap())
            .one(db)
            .await
            .unwrap()
            .unwrap();
        let service_side = actor(w.store(), &writer.email).await;
        let seen = letters::view(w.store(), &service_side, l.id).await.unwrap();
        assert_eq!(seen.queries.len(), 1);
        let gp = actor(w.store(), "gp@demo.joinedup.test").await;
        let practice_side = letters::view(w.store(), &gp, l.id).await.unwrap();
        assert!(practice_side.queries.is_empty());
    }
}

#[tokio::test]
async fn the_demo_specialist_and_secretary_see_their_services_drafts() {
    for w in worlds().await {
        let drafts = LetterFilter {
            status: Some(Status::Draft),
            page: 1,
        };
        for email in ["specialist", "secretary"] {
            let ctx = actor(w.store(), &format!("{email}@demo.joinedup.test")).await;
            let list = letters::service_letters(w.store(), &ctx, &drafts)
                .await
                .unwrap();
            assert_eq!(list.total, 2, "{email}");
            let everything = letters::service_letters(w.store(), &ctx, &LetterFilter::default())
                .await
                .unwrap();
            assert!(everything.total >= 6, "{email}: {}", everything.total);
        }
        let gp = actor(w.store(), "gp@demo.joinedup.test").await;
        let inbox = letters::practice_inbox(w.store(), &gp, &LetterFilter::default())
            .await
            .unwrap();
        assert!(inbox.items.iter().all(|r| r.status == Status::Sent));
    }
}
