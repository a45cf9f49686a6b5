//! The `sel` scale's year of letters, run at a few thousand patients on every backend: volume
//! and kinds in proportion, every letter about a patient on its service's caseload and sent to
//! the patient's practice, states and GP actions as a real year would leave them, due times
//! from the timing standard, and the demo accounts' pages with something to show.

use joinedup_core::calendar::london_date;
use joinedup_core::letters::{ActionState, Kind, LetterContent, Status, TimingStandard, timing};
use joinedup_store::demo::{self, Scale, SelSize, Summary};
use joinedup_store::letters::entity::{letter, letter_action};
use joinedup_store::letters::{self, LetterFilter};
use joinedup_store::people::entity::{patient, service, service_patient, user};
use joinedup_store::people::{self, ActorContext};
use joinedup_store::testing::{Backend, TestDatabase, backends, fresh};
use joinedup_store::{Store, now};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use std::collections::{HashMap, HashSet};
use time::{Duration, OffsetDateTime};
use uuid::Uuid;

const SIZE: u64 = 5_000;

/// A database seeded with the `sel` scale at [`SIZE`] patients, and everything the tests read.
struct Year {
    db: TestDatabase,
    summary: Summary,
    letters: Vec<letter::Model>,
    actions: Vec<letter_action::Model>,
}

impl Year {
    async fn seed(b: Backend) -> Self {
        let db = fresh(b).await.expect("fresh database");
        let summary = demo::seed_sel(&db.store, SelSize::for_patients(SIZE), |_| {})
            .await
            .expect("seed");
        let letters = letter::Entity::find().all(db.store.db()).await.unwrap();
        let actions = letter_action::Entity::find()
            .all(db.store.db())
            .await
            .unwrap();
        Self {
            db,
            summary,
            letters,
            actions,
        }
    }

    fn store(&self) -> &Store {
        &self.db.store
    }

    fn sent(&self) -> impl Iterator<Item = &letter::Model> {
        self.letters.iter().filter(|l| l.sent_at.is_some())
    }
}

async fn years() -> Vec<Year> {
    let mut out = vec![];
    for b in backends() {
        out.push(Year::seed(b).await);
    }
    out
}

/// The actor for each of `email`'s memberships.
async fn actors(store: &Store, email: &str) -> Vec<ActorContext> {
    let id = user::Entity::find()
        .filter(user::Column::Email.eq(email))
        .one(store.db())
        .await
        .unwrap()
        .unwrap_or_else(|| panic!("{email}"))
        .id;
    let mut out = vec![];
    for m in people::memberships_of(store, id).await.unwrap() {
        out.push(
            people::actor_for_membership(store, id, m.membership_id)
                .await
                .unwrap()
                .unwrap(),
        );
    }
    out
}

fn share(part: usize, whole: usize) -> f64 {
    part as f64 / whole.max(1) as f64
}

#[tokio::test]
async fn a_year_of_letters_has_clinic_letters_and_discharge_summaries_about_ten_to_three() {
    for y in years().await {
        let b = y.db.backend;
        assert_eq!(y.summary.letters, y.letters.len() as u64, "{b:?}");
        let of = |k: Kind| y.letters.iter().filter(|l| l.kind == k.as_str()).count();
        let (clinic, discharges) = (of(Kind::ClinicLetter), of(Kind::DischargeSummary));
        // 2,000,000 and 600,000 a year for 2 million patients, scaled.
        let per_patient = |n: usize| n as f64 / SIZE as f64;
        assert!(
            (0.85..1.15).contains(&per_patient(clinic)),
            "{b:?}: {clinic} clinic letters"
        );
        assert!(
            (0.24..0.36).contains(&per_patient(discharges)),
            "{b:?}: {discharges} discharge summaries"
        );
        let ratio = clinic as f64 / discharges as f64;
        assert!((2.8..4.0).contains(&ratio), "{b:?}: {ratio:.2} to 1");

        // Spread over the year, over most services, and to every practice.
        let t = now();
        assert!(y.letters.iter().all(|l| l.event_at.unwrap() <= t));
        assert!(
            y.letters
                .iter()
                .all(|l| l.event_at.unwrap() > t - Duration::days(400))
        );
        let months: HashSet<_> = y
            .letters
            .iter()
            .map(|l| {
                let d = london_date(l.event_at.unwrap());
                (d.year(), d.month())
            })
            .collect();
        assert!(months.len() >= 12, "{b:?}: {months:?}");
        let practices: HashSet<Uuid> = y.letters.iter().map(|l| l.practice_id).collect();
        assert_eq!(practices.len(), SelSize::for_patients(SIZE).practices);
        let services: HashSet<Uuid> = y.letters.iter().map(|l| l.service_id).collect();
        let all_services = service::Entity::find().all(y.store().db()).await.unwrap();
        assert!(services.len() * 10 >= all_services.len() * 9, "{b:?}");
        let writing_discharges: HashSet<Uuid> = (y.letters.iter())
            .filter(|l| l.kind == Kind::DischargeSummary.as_str())
            .map(|l| l.service_id)
            .collect();
        assert!(
            writing_discharges.len() < services.len(),
            "{b:?}: only services with wards write discharge summaries"
        );
    }
}

#[tokio::test]
async fn every_letter_is_about_a_patient_on_its_services_caseload_at_their_practice() {
    for y in years().await {
        let b = y.db.backend;
        let db = y.store().db();
        let caseload = service_patient::Entity::find().all(db).await.unwrap();
        let pairs: HashSet<(Uuid, Uuid)> = caseload
            .iter()
            .map(|c| (c.service_id, c.patient_id))
            .collect();
        assert_eq!(pairs.len(), caseload.len(), "{b:?}: one entry per pair");
        let since: HashMap<(Uuid, Uuid), OffsetDateTime> = caseload
            .iter()
            .map(|c| ((c.service_id, c.patient_id), c.since))
            .collect();
        let practice_of: HashMap<Uuid, Uuid> = patient::Entity::find()
            .all(db)
            .await
            .unwrap()
            .into_iter()
            .map(|p| (p.id, p.practice_id))
            .collect();
        let trust_of: HashMap<Uuid, Uuid> = service::Entity::find()
            .all(db)
            .await
            .unwrap()
            .into_iter()
            .map(|s| (s.id, s.organisation_id))
            .collect();
        for l in &y.letters {
            let key = (l.service_id, l.patient_id);
            assert!(pairs.contains(&key), "{b:?}: {l:?} not on the caseload");
            assert!(
                since[&key] <= l.event_at.unwrap(),
                "{b:?}: joined before the letter"
            );
            assert_eq!(practice_of[&l.patient_id], l.practice_id, "{b:?}");
            assert_eq!(trust_of[&l.service_id], l.trust_id, "{b:?}");
        }
        let with_letters: HashSet<(Uuid, Uuid)> = y
            .letters
            .iter()
            .map(|l| (l.service_id, l.patient_id))
            .collect();
        assert!(
            with_letters.len() * 100 >= pairs.len() * 95,
            "{b:?}: the caseload entries are the ones the letters need"
        );
    }
}

#[tokio::test]
async fn letters_are_dated_sent_and_filled_as_signing_would_fill_them() {
    for y in years().await {
        let b = y.db.backend;
        let t = now();
        let standard = TimingStandard::default();
        // Bodies stay short: a few hundred bytes (the hand-written letters are longer).
        let bytes: usize = y.letters.iter().map(|l| l.content.len()).sum();
        let mean = bytes / y.letters.len();
        assert!((300..800).contains(&mean), "{b:?}: {mean} bytes a letter");
        let mut actions: HashMap<Uuid, Vec<&letter_action::Model>> = HashMap::new();
        for a in &y.actions {
            actions.entry(a.letter_id).or_default().push(a);
        }
        for l in &y.letters {
            let kind = Kind::parse(&l.kind).unwrap();
            let event = l.event_at.unwrap();
            assert_eq!(l.due_at, Some(standard.due_at(kind, event)), "{b:?}: {l:?}");
            assert!(l.created_at >= event && l.created_at <= t, "{b:?}: {l:?}");
            let content: LetterContent = serde_json::from_str(&l.content).unwrap();
            let mut mine = actions.remove(&l.id).unwrap_or_default();
            mine.sort_by_key(|a| a.position);
            let Some(sent) = l.sent_at else {
                assert_eq!(l.status, Status::Draft.as_str(), "{b:?}");
                assert!(l.signed_by.is_none() && l.on_time.is_none() && l.plain.is_none());
                assert!(l.acknowledged_at.is_none() && mine.is_empty(), "{b:?}");
                continue;
            };
            assert!(sent >= l.created_at && sent <= t, "{b:?}: {l:?}");
            assert_eq!(l.on_time, Some(timing::on_time(sent, l.due_at.unwrap())));
            assert!(l.signed_by.is_some() && l.signed_name.is_some(), "{b:?}");
            assert!(l.reading_age.is_some() && l.flesch_reading_ease.is_some());
            assert!(l.plain.is_some(), "{b:?}");
            match l.acknowledged_at {
                Some(at) => {
                    assert_eq!(l.status, Status::Acknowledged.as_str());
                    assert!(at > sent && at <= t && l.acknowledged_by.is_some());
                    assert_eq!(l.updated_at, at);
                }
                None => assert_eq!(l.status, Status::Sent.as_str(), "{b:?}"),
            }
            // The GP actions are the letter's own list, as rows the practice works.
            assert_eq!(mine.len(), content.gp_actions.len(), "{b:?}: {l:?}");
            for (row, asked) in mine.iter().zip(&content.gp_actions) {
                assert_eq!(row.text, asked.text);
                assert_eq!(Some(row.due_on), asked.due);
                assert_eq!(row.practice_id, l.practice_id);
                assert_eq!(row.created_at, sent);
            }
        }
    }
}

#[tokio::test]
async fn states_and_gp_actions_are_what_a_real_year_leaves() {
    for y in years().await {
        let b = y.db.backend;
        let t = now();
        let count = |s: Status| y.letters.iter().filter(|l| l.status == s.as_str()).count();
        let drafts = share(count(Status::Draft), y.letters.len());
        assert!((0.002..0.05).contains(&drafts), "{b:?}: {drafts} drafts");
        let old: Vec<_> = y
            .sent()
            .filter(|l| l.sent_at.unwrap() < t - Duration::days(30))
            .collect();
        let acknowledged = old.iter().filter(|l| l.acknowledged_at.is_some()).count();
        assert!(
            share(acknowledged, old.len()) > 0.98,
            "{b:?}: {acknowledged} of {} older letters acknowledged",
            old.len()
        );
        let recent_waiting = y
            .sent()
            .filter(|l| l.sent_at.unwrap() > t - Duration::days(5) && l.acknowledged_at.is_none())
            .count();
        assert!(
            recent_waiting > 0,
            "{b:?}: recent letters wait to be acknowledged"
        );
        let sent: Vec<_> = y.sent().collect();
        let on_time = share(
            sent.iter().filter(|l| l.on_time == Some(true)).count(),
            sent.len(),
        );
        assert!((0.82..0.93).contains(&on_time), "{b:?}: {on_time} on time");
    }
}

#[tokio::test]
async fn gp_actions_are_mostly_done_some_settled_otherwise_and_a_few_overdue() {
    for y in years().await {
        let b = y.db.backend;
        let t = now();
        let sent: Vec<_> = y.sent().collect();
        // About 1.2 a letter, mostly done, some not needed or declined with a reason, a few
        // left open and overdue.
        let per_letter = y.actions.len() as f64 / sent.len() as f64;
        assert!(
            (1.0..1.4).contains(&per_letter),
            "{b:?}: {per_letter} actions a letter"
        );
        let state = |s: ActionState| y.actions.iter().filter(move |a| a.state == s.as_str());
        let done = share(state(ActionState::Done).count(), y.actions.len());
        assert!(done > 0.75, "{b:?}: {done} done");
        for s in [ActionState::NotNeeded, ActionState::Declined] {
            assert!(state(s).count() > 0, "{b:?}: {s:?}");
            assert!(
                state(s).all(|a| !a.reason.is_empty()),
                "{b:?}: {s:?} with a reason"
            );
        }
        for a in &y.actions {
            let settled = a.state != ActionState::Open.as_str();
            assert_eq!(a.settled_at.is_some(), settled, "{b:?}: {a:?}");
            assert_eq!(a.updated_by.is_some(), settled, "{b:?}: {a:?}");
            assert!(a.settled_at.is_none_or(|at| at > a.created_at && at <= t));
        }
        let today = london_date(t);
        let overdue = state(ActionState::Open)
            .filter(|a| a.due_on < today)
            .count();
        assert!(overdue > 0, "{b:?}: some overdue");
        assert!(
            share(overdue, y.actions.len()) < 0.1,
            "{b:?}: {overdue} overdue"
        );
    }
}

#[tokio::test]
async fn more_letters_are_plain_as_the_year_goes_on() {
    for y in years().await {
        let b = y.db.backend;
        let t = now();
        let plain_between = |from: i64, to: i64| {
            let within: Vec<_> = y
                .sent()
                .filter(|l| {
                    let at = l.sent_at.unwrap();
                    at >= t - Duration::days(from) && at < t - Duration::days(to)
                })
                .collect();
            share(
                within.iter().filter(|l| l.plain == Some(true)).count(),
                within.len(),
            )
        };
        let (first, last) = (plain_between(366, 270), plain_between(90, 0));
        assert!(
            first > 0.2 && last < 0.75 && last > first + 0.1,
            "{b:?}: {first:.2} plain then {last:.2}"
        );
        // The checker's verdict agrees with its reading age and Flesch score.
        for l in y.sent().filter(|l| l.plain == Some(true)) {
            assert!(l.reading_age.unwrap() <= 14.0, "{b:?}: {l:?}");
            assert!(l.flesch_reading_ease.unwrap() >= 60.0, "{b:?}: {l:?}");
        }
    }
}

#[tokio::test]
async fn the_demo_accounts_see_letters_at_scale() {
    for y in years().await {
        let b = y.db.backend;
        let s = y.store();
        // The demo GP's practices have letters waiting and overdue actions.
        let today = london_date(now());
        let (mut waiting, mut overdue, mut acknowledged) = (0, 0, 0);
        for gp in actors(s, "gp@demo.joinedup.test").await {
            waiting += letters::practice_inbox(s, &gp, &LetterFilter::default())
                .await
                .unwrap()
                .total;
            let filter = LetterFilter {
                status: Some(Status::Acknowledged),
                page: 1,
            };
            acknowledged += letters::practice_inbox(s, &gp, &filter)
                .await
                .unwrap()
                .total;
            overdue += letters::overdue_actions(s, &gp, today).await.unwrap().len();
        }
        assert!(waiting >= 3, "{b:?}: {waiting} waiting");
        assert!(acknowledged >= 100, "{b:?}: {acknowledged} acknowledged");
        assert!(overdue >= 3, "{b:?}: {overdue} overdue actions");
        let gp = &actors(s, "gp@demo.joinedup.test").await[0];
        let ids: HashSet<Uuid> = [
            gp.user_id,
            actors(s, "practice@demo.joinedup.test").await[0].user_id,
        ]
        .into();
        let home = gp.organisation_id;
        assert!(
            (y.letters.iter())
                .filter(|l| Some(l.practice_id) == home)
                .any(|l| l.acknowledged_by.is_some_and(|by| ids.contains(&by))),
            "{b:?}: the demo accounts acknowledge their practice's letters"
        );

        // The demo specialist's service writes letters, signed by the demo specialist.
        let specialist = &actors(s, "specialist@demo.joinedup.test").await[0];
        let theirs = letters::service_letters(s, specialist, &LetterFilter::default())
            .await
            .unwrap();
        assert!(theirs.total >= 20, "{b:?}: {}", theirs.total);
        assert!(
            y.sent()
                .filter(|l| Some(l.service_id) == specialist.service_id)
                .all(|l| l.signed_by == Some(specialist.user_id))
        );
    }
}

#[tokio::test]
async fn the_demo_patient_keeps_the_hand_written_letters() {
    for b in backends() {
        let year = Year::seed(b).await;
        let small = fresh(b).await.unwrap();
        demo::seed(&small.store, Scale::Small, |_| {})
            .await
            .unwrap();
        for email in ["patient@demo.joinedup.test", "carer@demo.joinedup.test"] {
            let bodies = async |s: &Store| {
                let who = &actors(s, email).await[0];
                let page = letters::patient_letters(s, who, 1).await.unwrap();
                let mut out = vec![];
                for row in page.items {
                    let l = letter::Entity::find_by_id(row.id)
                        .one(s.db())
                        .await
                        .unwrap()
                        .unwrap();
                    out.push(l.content);
                }
                out.sort();
                out
            };
            let at_scale = bodies(year.store()).await;
            assert!(!at_scale.is_empty(), "{b:?}: {email}");
            assert_eq!(at_scale, bodies(&small.store).await, "{b:?}: {email}");
        }
    }
}

/// The indexes, and on PostgreSQL the foreign keys, of the tables the year loads, as the
/// database describes them.
async fn schema_of(store: &Store) -> Vec<String> {
    use sea_orm::{ConnectionTrait, DatabaseBackend, Statement};
    let sql = match store.backend() {
        DatabaseBackend::Postgres => {
            "SELECT indexdef AS d FROM pg_indexes WHERE schemaname = current_schema() \
             AND tablename IN ('letters', 'letter_actions', 'service_patients') \
             UNION ALL SELECT conrelid::regclass::text || ' ' || conname || ' ' || \
             pg_get_constraintdef(oid) || ' ' || convalidated::text AS d FROM pg_constraint \
             WHERE conrelid::regclass::text IN ('letters', 'letter_actions', 'service_patients')"
        }
        _ => {
            "SELECT coalesce(sql, name) AS d FROM sqlite_master WHERE type = 'index' \
             AND tbl_name IN ('letters', 'letter_actions', 'service_patients')"
        }
    };
    let rows = store
        .db()
        .query_all_raw(Statement::from_string(store.backend(), sql))
        .await
        .unwrap();
    let mut out: Vec<String> = rows
        .into_iter()
        .map(|r| r.try_get::<String>("", "d").unwrap())
        .collect();
    out.sort();
    out
}

#[tokio::test]
async fn seeding_puts_back_every_index_and_foreign_key_it_set_aside() {
    for b in backends() {
        let migrated = fresh(b).await.unwrap();
        let expected = schema_of(&migrated.store).await;
        assert!(expected.len() >= 9, "{b:?}: {expected:?}");
        let y = Year::seed(b).await;
        assert_eq!(schema_of(y.store()).await, expected, "{b:?}");
    }
}
