//! What the advice tests share: a seeded database per backend with the demo actors, and helpers
//! to send, reply, read rows back and move a request's clock into the past.

use joinedup_core::advice::{Outcome, ReplyInput, RequestInput};
use joinedup_core::calendar::{Calendar, london_date};
use joinedup_core::people::Role;
use joinedup_store::advice::entity::{advice_message, advice_request};
use joinedup_store::advice::{self, Submission};
use joinedup_store::audit::entity::audit_log;
use joinedup_store::demo::{self, Scale};
use joinedup_store::people::entity::{membership, patient, service, user};
use joinedup_store::people::{self, ActorContext};
use joinedup_store::platform::entity::notification;
use joinedup_store::testing::{TestDatabase, backends, fresh};
use joinedup_store::{Store, StoreError, now};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use std::collections::HashSet;
use time::{Date, Duration, OffsetDateTime};
use uuid::Uuid;

/// A seeded database with the actors the tests use.
pub struct World {
    pub db: TestDatabase,
    /// Dr Amara Okoye, acting for her first Southwark practice.
    pub gp: ActorContext,
    /// Sam Reid, practice staff at the same practice.
    pub staff: ActorContext,
    /// Dr Priya Raman, Rheumatology at King's.
    pub specialist: ActorContext,
    /// Jordan Ellis, the demo patient (registered at the GP's practice).
    pub patient: ActorContext,
    /// Morgan Ellis, a carer linked to two other people.
    pub carer: ActorContext,
    /// A patient of the GP's practice with no advice requests yet.
    pub own: patient::Model,
    /// A patient of another practice.
    pub other: patient::Model,
    /// King's Rheumatology (the specialist's service).
    pub rheumatology: Uuid,
    /// Dermatology at Guy's and St Thomas' (5 working days).
    pub dermatology: Uuid,
}

impl World {
    pub fn store(&self) -> &Store {
        &self.db.store
    }
}

pub async fn worlds() -> Vec<World> {
    let mut out = vec![];
    for b in backends() {
        let db = fresh(b).await.expect("fresh database");
        demo::seed(&db.store, Scale::Small, |_| {})
            .await
            .expect("seed");
        let s = &db.store;
        let gp = actor(s, "gp@demo.joinedup.test").await;
        let staff = actor(s, "practice@demo.joinedup.test").await;
        let specialist = actor(s, "specialist@demo.joinedup.test").await;
        let patient = actor(s, "patient@demo.joinedup.test").await;
        let carer = actor(s, "carer@demo.joinedup.test").await;
        let practice = gp.organisation_id.unwrap();
        let asked: HashSet<Uuid> = advice_request::Entity::find()
            .all(s.db())
            .await
            .unwrap()
            .into_iter()
            .map(|r| r.patient_id)
            .collect();
        let own = patient::Entity::find()
            .filter(patient::Column::PracticeId.eq(practice))
            .all(s.db())
            .await
            .unwrap()
            .into_iter()
            .find(|p| !asked.contains(&p.id) && !patient.linked_patient_ids.contains(&p.id))
            .unwrap();
        let other = patient::Entity::find()
            .filter(patient::Column::PracticeId.ne(practice))
            .one(s.db())
            .await
            .unwrap()
            .unwrap();
        let rheumatology = specialist.service_id.unwrap();
        let dermatology = service_named(s, "Dermatology", "Guy's").await;
        out.push(World {
            db,
            gp,
            staff,
            specialist,
            patient,
            carer,
            own,
            other,
            rheumatology,
            dermatology,
        });
    }
    out
}

/// The actor for a user's first membership.
pub async fn actor(store: &Store, email: &str) -> ActorContext {
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

/// The service named `name` at the trust whose name contains `trust`.
pub async fn service_named(store: &Store, name: &str, trust: &str) -> Uuid {
    let choices = advice::services_taking_requests(store, "").await.unwrap();
    choices
        .iter()
        .find(|c| c.name == name && c.trust_name.contains(trust))
        .unwrap_or_else(|| panic!("{name} at {trust}"))
        .id
}

/// A new user acting in `role` for the trust and service given (a colleague, another service's
/// specialist or a service lead).
pub async fn staff_member(store: &Store, name: &str, role: Role, service_id: Uuid) -> ActorContext {
    let svc = service::Entity::find_by_id(service_id)
        .one(store.db())
        .await
        .unwrap()
        .unwrap();
    let id = Uuid::now_v7();
    let email = format!("{}@test.joinedup.test", id.simple());
    user::Entity::insert(user::ActiveModel {
        id: sea_orm::ActiveValue::Set(id),
        email: sea_orm::ActiveValue::Set(email.clone()),
        display_name: sea_orm::ActiveValue::Set(name.into()),
        password_hash: sea_orm::ActiveValue::Set("x".into()),
        active: sea_orm::ActiveValue::Set(true),
        created_at: sea_orm::ActiveValue::Set(now()),
        search_key: sea_orm::ActiveValue::Set(None),
    })
    .exec_without_returning(store.db())
    .await
    .unwrap();
    membership::Entity::insert(membership::ActiveModel {
        id: sea_orm::ActiveValue::Set(Uuid::now_v7()),
        user_id: sea_orm::ActiveValue::Set(id),
        role: sea_orm::ActiveValue::Set(role.as_str().into()),
        organisation_id: sea_orm::ActiveValue::Set(Some(svc.organisation_id)),
        service_id: sea_orm::ActiveValue::Set(Some(service_id)),
    })
    .exec_without_returning(store.db())
    .await
    .unwrap();
    actor(store, &email).await
}

/// A complete request to `service`, routine, with conversion authorised or not.
pub fn request_to(service: Uuid, authorised: bool) -> RequestInput {
    RequestInput {
        service_id: Some(service),
        question: "Raised CRP and early morning stiffness in both hands for 8 weeks. Inflammatory arthritis?".into(),
        history: "No previous joint problems.".into(),
        medicines: "Naproxen 500 mg twice a day.".into(),
        results: "CRP 24, rheumatoid factor negative.".into(),
        urgency: Some("routine".into()),
        referral_authorised: Some(if authorised { "yes" } else { "no" }.into()),
    }
}

pub fn no_idempotency(_: Uuid) -> (u16, String) {
    (200, String::new())
}

/// The GP sends a request about `patient_id` to `service`; returns its id.
pub async fn send(w: &World, patient_id: Uuid, service: Uuid, authorised: bool) -> Uuid {
    let sendable = request_to(service, authorised).parse_for_sending().unwrap();
    advice::submit(
        w.store(),
        &w.gp,
        patient_id,
        None,
        &Submission::Send(sendable),
        None,
        no_idempotency,
    )
    .await
    .unwrap()
}

pub async fn row(store: &Store, id: Uuid) -> advice_request::Model {
    advice_request::Entity::find_by_id(id)
        .one(store.db())
        .await
        .unwrap()
        .unwrap()
}

pub async fn messages(store: &Store, id: Uuid) -> Vec<advice_message::Model> {
    advice_message::Entity::find()
        .filter(advice_message::Column::RequestId.eq(id))
        .order_by_asc(advice_message::Column::CreatedAt)
        .order_by_asc(advice_message::Column::Id)
        .all(store.db())
        .await
        .unwrap()
}

pub fn reply_input(outcome: Outcome, version: i32) -> ReplyInput {
    ReplyInput {
        outcome: Some(outcome.as_str().into()),
        advice: "Check anti-CCP antibodies; if positive, refer.".into(),
        patient_summary: "Your GP will arrange a blood test and talk to you about the result."
            .into(),
        redirect_service_id: None,
        expected_version: version,
    }
}

/// The audit entries about one record, oldest first, as (action, outcome, NHS number).
pub async fn audit_of(store: &Store, id: Uuid) -> Vec<(String, String, Option<String>)> {
    audit_log::Entity::find()
        .filter(audit_log::Column::RecordId.eq(id.to_string()))
        .order_by_asc(audit_log::Column::Id)
        .all(store.db())
        .await
        .unwrap()
        .into_iter()
        .map(|e| (e.action, e.outcome, e.nhs_number))
        .collect()
}

pub async fn notifications_for(store: &Store, user_id: Uuid) -> Vec<notification::Model> {
    notification::Entity::find()
        .filter(notification::Column::UserId.eq(user_id))
        .order_by_asc(notification::Column::CreatedAt)
        .all(store.db())
        .await
        .unwrap()
}

/// Rewrites a request's timestamps, as if what happened had happened earlier.
pub async fn set_times(
    store: &Store,
    id: Uuid,
    cols: &[(advice_request::Column, Option<OffsetDateTime>)],
) {
    let mut update = advice_request::Entity::update_many();
    for (col, value) in cols {
        update = update.col_expr(*col, Expr::value(*value));
    }
    update
        .filter(advice_request::Column::Id.eq(id))
        .exec(store.db())
        .await
        .unwrap();
}

/// The London date before which lie exactly `n` working days up to and including `today`.
pub fn working_days_back(calendar: &Calendar, today: Date, n: u32) -> Date {
    let mut d = today;
    let mut count = 0;
    loop {
        if calendar.is_working_day(d) {
            count += 1;
            if count == n {
                return d.previous_day().unwrap();
            }
        }
        d = d.previous_day().unwrap();
    }
}

/// Midday UTC on `date` (always that London date too).
pub fn midday(date: Date) -> OffsetDateTime {
    date.midnight().assume_utc() + Duration::hours(12)
}

pub fn invalid_fields(r: Result<impl std::fmt::Debug, StoreError>) -> Vec<String> {
    match r {
        Err(StoreError::Invalid(errors)) => errors.iter().map(|e| e.field.to_string()).collect(),
        other => panic!("expected Invalid, got {other:?}"),
    }
}

/// Makes a sent request overdue: as if sent `days` working days ago with a 2-day standard.
pub async fn make_overdue(store: &Store, id: Uuid, days: u32) -> OffsetDateTime {
    let calendar = Calendar::england_and_wales();
    let started = midday(working_days_back(&calendar, london_date(now()), days));
    let standard = row(store, id).await.standard_days.unwrap() as u32;
    let due = calendar.due(started, standard);
    set_times(
        store,
        id,
        &[
            (advice_request::Column::SentAt, Some(started)),
            (advice_request::Column::ClockStartedAt, Some(started)),
            (advice_request::Column::DueAt, Some(due)),
        ],
    )
    .await;
    due
}

pub fn job_payload(id: Uuid, due: OffsetDateTime) -> serde_json::Value {
    serde_json::json!({ "request_id": id, "due_at": due.unix_timestamp() })
}
