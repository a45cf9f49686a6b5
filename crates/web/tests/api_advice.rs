//! The Advice & Guidance API on every backend: sending, lists, the thread, outcomes, versions,
//! attachments, idempotency and the OpenAPI document.

mod common;

use common::{TestApp, actor_of, spawn_app};
use joinedup_store::advice::CHANGED_MESSAGE;
use joinedup_store::advice::entity::advice_request;
use joinedup_store::people::entity::{patient, service};
use joinedup_store::people::{admin, tokens};
use joinedup_store::testing::backends;
use reqwest::{Method, StatusCode};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};
use serde_json::{Value, json};
use uuid::Uuid;

const BASE: &str = "/api/v1/advice-requests";

/// Issues a token for a demo account's first membership, as the demo administrator.
async fn token_for(app: &TestApp, local: &str) -> String {
    let admin = actor_of(app, "admin").await;
    let who = actor_of(app, local).await;
    let (_, secret) = tokens::issue(
        &app.db.store,
        &admin,
        who.user_id,
        who.membership_id,
        "test",
    )
    .await
    .unwrap();
    secret
}

/// A new specialist of `service_id` (not the demo's Rheumatology), with a token.
async fn specialist_of(app: &TestApp, service_id: Uuid) -> String {
    let s = &app.db.store;
    let admin = actor_of(app, "admin").await;
    let user = admin::create_user(
        s,
        &admin,
        &admin::NewUser {
            email: "other.specialist@example.test".into(),
            display_name: "Dr Other Service".into(),
            password: "a long enough password 42".into(),
        },
    )
    .await
    .unwrap()
    .unwrap();
    let membership = admin::add_membership(
        s,
        &admin,
        user,
        &admin::NewMembership {
            role: "specialist".into(),
            organisation_ods: String::new(),
            service_id: service_id.to_string(),
        },
    )
    .await
    .unwrap()
    .unwrap();
    tokens::issue(s, &admin, user, membership, "test")
        .await
        .unwrap()
        .1
}

/// A status, the headers and the body (JSON when it parses, else the text).
struct Answer {
    status: StatusCode,
    headers: reqwest::header::HeaderMap,
    body: Value,
}

async fn answer(res: reqwest::Response) -> Answer {
    let status = res.status();
    let headers = res.headers().clone();
    let text = res.text().await.unwrap();
    Answer {
        status,
        headers,
        body: serde_json::from_str(&text).unwrap_or(Value::String(text)),
    }
}

async fn call(
    app: &TestApp,
    method: Method,
    path: &str,
    token: &str,
    body: Option<Value>,
    key: Option<&str>,
) -> Answer {
    let mut req = app.client.request(method, app.url(path)).bearer_auth(token);
    if let Some(k) = key {
        req = req.header("Idempotency-Key", k);
    }
    if let Some(b) = body {
        req = req.json(&b);
    }
    answer(req.send().await.unwrap()).await
}

async fn get(app: &TestApp, path: &str, token: &str) -> Answer {
    call(app, Method::GET, path, token, None, None).await
}

async fn post(app: &TestApp, path: &str, token: &str, body: Value) -> Answer {
    call(app, Method::POST, path, token, Some(body), None).await
}

/// Checks a problem+json answer and returns its field pointers.
fn problem(a: &Answer, expected: StatusCode) -> Vec<String> {
    assert_eq!(a.status, expected, "{}", a.body);
    assert_eq!(
        a.headers["content-type"], "application/problem+json",
        "{}",
        a.body
    );
    for field in ["type", "title", "status", "detail"] {
        assert!(
            a.body.get(field).is_some(),
            "problem lacks {field}: {}",
            a.body
        );
    }
    assert_eq!(a.body["status"], expected.as_u16());
    a.body["errors"]
        .as_array()
        .map(|errs| {
            errs.iter()
                .map(|e| e["pointer"].as_str().unwrap().to_owned())
                .collect()
        })
        .unwrap_or_default()
}

/// The people and places a test needs: the GP's practice, a patient there and one elsewhere,
/// the demo specialist's service and another service.
struct World {
    app: TestApp,
    gp: String,
    specialist: String,
    patient: Uuid,
    other_patient: Uuid,
    service: Uuid,
    other_service: Uuid,
}

async fn world(b: joinedup_store::testing::Backend) -> World {
    let app = spawn_app(b).await;
    let gp = actor_of(&app, "gp").await;
    let practice = gp.organisation_id.unwrap();
    let rheumatology = actor_of(&app, "specialist").await.service_id.unwrap();
    let db = app.db.store.db();
    let first = |q: sea_orm::Select<patient::Entity>| async move {
        q.order_by_asc(patient::Column::NhsNumber)
            .one(db)
            .await
            .unwrap()
            .unwrap()
            .id
    };
    let patient =
        first(patient::Entity::find().filter(patient::Column::PracticeId.eq(practice))).await;
    let other_patient =
        first(patient::Entity::find().filter(patient::Column::PracticeId.ne(practice))).await;
    let other_service = service::Entity::find()
        .filter(service::Column::Id.ne(rheumatology))
        .filter(service::Column::TakesAdviceRequests.eq(true))
        .filter(service::Column::Active.eq(true))
        .order_by_asc(service::Column::Name)
        .one(db)
        .await
        .unwrap()
        .unwrap()
        .id;
    World {
        gp: token_for(&app, "gp").await,
        specialist: token_for(&app, "specialist").await,
        app,
        patient,
        other_patient,
        service: rheumatology,
        other_service,
    }
}

impl World {
    /// A complete request to send about the GP's patient to Rheumatology.
    fn sendable(&self, authorised: bool) -> Value {
        json!({
            "patient_id": self.patient,
            "service_id": self.service,
            "question": "Raised CRP and early morning stiffness for 8 weeks.\nIs this inflammatory arthritis?",
            "history": "Hand pain, worse in the morning.",
            "medicines": "Naproxen 500 mg twice a day",
            "results": "CRP 32, RF negative",
            "urgency": "urgent",
            "referral_authorised": authorised,
            "send": true,
        })
    }

    /// Sends a request as the GP; returns it as the API answered.
    async fn send(&self, authorised: bool) -> Value {
        let a = post(&self.app, BASE, &self.gp, self.sendable(authorised)).await;
        assert_eq!(a.status, StatusCode::CREATED, "{}", a.body);
        a.body
    }

    /// POSTs `body` to `tail` of `request`'s address.
    async fn act(&self, request: &Value, tail: &str, token: &str, body: Value) -> Answer {
        post(&self.app, &path(request, tail), token, body).await
    }

    async fn requests(&self) -> u64 {
        advice_request::Entity::find()
            .count(self.app.db.store.db())
            .await
            .unwrap()
    }
}

fn path(request: &Value, tail: &str) -> String {
    format!("{BASE}/{}{tail}", request["id"].as_str().unwrap())
}

fn is_rfc3339(v: &Value) -> bool {
    v.as_str().is_some_and(|s| {
        time::OffsetDateTime::parse(s, &time::format_description::well_known::Rfc3339).is_ok()
    })
}

/// Every row of the list at `list` (`BASE` with or without filters), read page by page, a
/// hundred at a time; checks that the pages add up to the total each of them gives. The demo
/// data has requests of its own, so tests count rows against a baseline and find theirs by id.
async fn every_row(app: &TestApp, list: &str, token: &str) -> Vec<Value> {
    let join = if list.contains('?') { '&' } else { '?' };
    let mut rows: Vec<Value> = vec![];
    for page in 1..=1000 {
        let a = get(app, &format!("{list}{join}limit=100&page={page}"), token).await;
        assert_eq!(a.status, StatusCode::OK, "{list}: {}", a.body);
        let total = a.body["total"].as_u64().unwrap();
        let items = a.body["items"].as_array().unwrap();
        rows.extend(items.iter().cloned());
        if items.is_empty() || rows.len() as u64 >= total {
            assert_eq!(
                rows.len() as u64,
                total,
                "{list}: the pages add up to the total"
            );
            return rows;
        }
    }
    panic!("{list}: more than a thousand pages");
}

/// The row of `rows` for `request` (a request or a row, by its `id`), if there is one.
fn row_of<'r>(rows: &'r [Value], request: &Value) -> Option<&'r Value> {
    rows.iter().find(|r| r["id"] == request["id"])
}

/// The ids of `rows`, in order.
fn ids_of(rows: &[Value]) -> Vec<Value> {
    rows.iter().map(|r| r["id"].clone()).collect()
}

#[tokio::test]
async fn a_gp_sends_a_request_and_the_service_lists_and_reads_it() {
    for b in backends() {
        let w = world(b).await;
        // The demo has requests of its own: what the lists held before this one was sent.
        let inbox_before = every_row(&w.app, BASE, &w.specialist).await.len() as u64;
        let mine_before = every_row(&w.app, &format!("{BASE}?mine=true"), &w.gp)
            .await
            .len();
        let answered_list = format!("{BASE}?status=answered");
        let answered_before = every_row(&w.app, &answered_list, &w.specialist).await;
        let routine_list = format!("{BASE}?urgency=routine");
        let routine_before = every_row(&w.app, &routine_list, &w.specialist).await;
        let res = post(&w.app, BASE, &w.gp, w.sendable(true)).await;
        assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);
        let sent = res.body;
        let id = sent["id"].as_str().unwrap().to_owned();
        assert_eq!(res.headers["location"], format!("{BASE}/{id}"));
        assert_eq!(sent["url"], format!("{BASE}/{id}"));
        assert_eq!(sent["status"], "sent");
        assert_eq!(sent["urgency"], "urgent");
        assert_eq!(sent["referral_authorised"], true);
        assert!(sent["reference"].as_str().unwrap().starts_with("AG-"));
        assert_eq!(sent["patient"]["id"], w.patient.to_string());
        assert_eq!(sent["patient"]["nhs_number"].as_str().unwrap().len(), 10);
        assert_eq!(sent["service"]["id"], w.service.to_string());
        assert_eq!(sent["service"]["name"], "Rheumatology");
        assert_eq!(sent["service"]["trust_ods"], "RJZ");
        assert!(is_rfc3339(&sent["due_at"]) && is_rfc3339(&sent["sent_at"]));
        assert_eq!(sent["overdue"], false);
        assert_eq!(sent["paused"], false);
        assert_eq!(sent["claimed_by"], Value::Null);

        let inbox = get(&w.app, BASE, &w.specialist).await;
        assert_eq!(inbox.status, StatusCode::OK, "{}", inbox.body);
        assert_eq!(inbox.body["total"], inbox_before + 1, "{}", inbox.body);
        assert_eq!(inbox.body["limit"], 20);
        assert_eq!(inbox.body["offset"], 0);
        let rows = every_row(&w.app, BASE, &w.specialist).await;
        let row = row_of(&rows, &sent).expect("in the service's inbox");
        assert_eq!(row["id"], id);
        assert_eq!(row["url"], format!("{BASE}/{id}"));
        assert_eq!(row["status"], "sent");
        assert_eq!(row["nhs_number"], sent["patient"]["nhs_number"]);
        assert!(is_rfc3339(&row["due_at"]) && is_rfc3339(&row["updated_at"]));

        let read = get(&w.app, &format!("{BASE}/{id}"), &w.specialist).await;
        assert_eq!(read.status, StatusCode::OK, "{}", read.body);
        let r = read.body;
        assert_eq!(r["question"], sent["question"]);
        assert_eq!(r["history"], "Hand pain, worse in the morning.");
        assert_eq!(r["version"], sent["version"]);
        let thread = r["messages"].as_array().unwrap();
        assert_eq!(thread.len(), 1);
        assert_eq!(thread[0]["kind"], "sent");
        assert_eq!(thread[0]["body"], sent["question"]);
        assert_eq!(thread[0]["author"]["name"], "Dr Amara Okoye");
        assert_eq!(thread[0]["author"]["role"], "gp");
        assert!(is_rfc3339(&thread[0]["created_at"]));
        assert_eq!(r["attachments"], json!([]));

        // The practice's own list shows it too; a filter that excludes it leaves it out (and
        // the list as it was).
        let mine = every_row(&w.app, &format!("{BASE}?mine=true"), &w.gp).await;
        assert_eq!(mine.len(), mine_before + 1);
        assert!(row_of(&mine, &sent).is_some(), "in the GP's own list");
        let answered = every_row(&w.app, &answered_list, &w.specialist).await;
        assert!(row_of(&answered, &sent).is_none(), "not answered");
        assert_eq!(ids_of(&answered), ids_of(&answered_before));
        let routine = every_row(&w.app, &routine_list, &w.specialist).await;
        assert!(row_of(&routine, &sent).is_none(), "not routine");
        assert_eq!(ids_of(&routine), ids_of(&routine_before));
    }
}

#[tokio::test]
async fn each_invalid_field_is_a_problem_at_its_pointer_and_nothing_is_created() {
    for b in backends() {
        let w = world(b).await;
        let before = w.requests().await;
        let drafts_list = format!("{BASE}?status=draft");
        let drafts_before = every_row(&w.app, &drafts_list, &w.gp).await.len();
        let with = |field: &str, value: Value| {
            let mut body = w.sendable(true);
            body[field] = value;
            body
        };
        let without = |field: &str| {
            let mut body = w.sendable(true);
            body.as_object_mut().unwrap().remove(field);
            body
        };
        let cases = [
            (with("question", json!("   ")), "/question"),
            (without("service_id"), "/service_id"),
            (without("referral_authorised"), "/referral_authorised"),
            (with("urgency", json!("whenever")), "/urgency"),
            (without("patient_id"), "/patient_id"),
            (with("service_id", json!("not-a-uuid")), "/service_id"),
            (without("send"), "/send"),
            (with("question", json!("x".repeat(4001))), "/question"),
        ];
        for (body, pointer) in cases {
            let a = post(&w.app, BASE, &w.gp, body).await;
            assert_eq!(
                problem(&a, StatusCode::UNPROCESSABLE_ENTITY),
                vec![pointer],
                "{}",
                a.body
            );
        }
        // Several problems at once, in the form's order.
        let a = post(
            &w.app,
            BASE,
            &w.gp,
            json!({"patient_id": w.patient, "send": true}),
        )
        .await;
        assert_eq!(
            problem(&a, StatusCode::UNPROCESSABLE_ENTITY),
            vec![
                "/service_id",
                "/question",
                "/urgency",
                "/referral_authorised"
            ]
        );
        // A service that does not exist (or takes no requests).
        let a = post(
            &w.app,
            BASE,
            &w.gp,
            with("service_id", json!(Uuid::now_v7())),
        )
        .await;
        assert_eq!(
            problem(&a, StatusCode::UNPROCESSABLE_ENTITY),
            vec!["/service_id"]
        );
        assert_eq!(w.requests().await, before, "no request was created");

        // Practice staff may save a draft, with little in it, but not send.
        let staff = token_for(&w.app, "practice").await;
        let a = post(&w.app, BASE, &staff, w.sendable(false)).await;
        problem(&a, StatusCode::FORBIDDEN);
        assert_eq!(w.requests().await, before);
        let a = post(
            &w.app,
            BASE,
            &staff,
            json!({"patient_id": w.patient, "question": "", "send": false}),
        )
        .await;
        assert_eq!(a.status, StatusCode::CREATED, "{}", a.body);
        assert_eq!(a.body["status"], "draft");
        assert_eq!(a.body["service"], Value::Null);
        assert_eq!(a.body["messages"], json!([]));
        // A draft is the practice's alone.
        let hidden = get(&w.app, &path(&a.body, ""), &w.specialist).await;
        problem(&hidden, StatusCode::NOT_FOUND);
        let drafts = every_row(&w.app, &drafts_list, &w.gp).await;
        assert_eq!(drafts.len(), drafts_before + 1);
        assert!(
            row_of(&drafts, &a.body).is_some(),
            "in the practice's drafts"
        );
        assert_eq!(w.requests().await, before + 1);
    }
}

#[tokio::test]
async fn a_repeated_post_with_one_idempotency_key_creates_one_request() {
    for b in backends() {
        let w = world(b).await;
        let before = w.requests().await;
        let send = |body: Value, key: &'static str| {
            call(&w.app, Method::POST, BASE, &w.gp, Some(body), Some(key))
        };
        let first = send(w.sendable(true), "advice-1").await;
        let again = send(w.sendable(true), "advice-1").await;
        assert_eq!(first.status, StatusCode::CREATED, "{}", first.body);
        assert_eq!(again.status, StatusCode::CREATED, "{}", again.body);
        assert_eq!(again.headers["idempotent-replayed"], "true");
        assert_eq!(first.body["id"], again.body["id"]);
        assert_eq!(first.body, again.body, "the replay is the first answer");
        assert_eq!(w.requests().await, before + 1);

        let other = send(w.sendable(false), "advice-1").await;
        problem(&other, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            other.body["type"]
                .as_str()
                .unwrap()
                .ends_with("idempotency-key-reused")
        );
        assert_eq!(w.requests().await, before + 1);

        // A change to a request is replayed too, rather than refused as stale the second time.
        let version = first.body["version"].clone();
        let claim_path = path(&first.body, "/claim");
        let claim = |key: &'static str| {
            call(
                &w.app,
                Method::POST,
                &claim_path,
                &w.specialist,
                Some(json!({"expected_version": version})),
                Some(key),
            )
        };
        let claimed = claim("claim-1").await;
        assert_eq!(claimed.status, StatusCode::OK, "{}", claimed.body);
        let replayed = claim("claim-1").await;
        assert_eq!(replayed.status, StatusCode::OK, "{}", replayed.body);
        assert_eq!(replayed.body, claimed.body);
        problem(&claim("claim-2").await, StatusCode::CONFLICT);
    }
}

#[tokio::test]
async fn a_patient_of_another_practice_is_refused_at_patient_id() {
    for b in backends() {
        let w = world(b).await;
        let before = w.requests().await;
        let mut body = w.sendable(true);
        body["patient_id"] = json!(w.other_patient);
        let a = post(&w.app, BASE, &w.gp, body).await;
        assert_eq!(
            problem(&a, StatusCode::UNPROCESSABLE_ENTITY),
            vec!["/patient_id"]
        );
        body = w.sendable(true);
        body["patient_id"] = json!(Uuid::now_v7());
        let a = post(&w.app, BASE, &w.gp, body).await;
        assert_eq!(
            problem(&a, StatusCode::UNPROCESSABLE_ENTITY),
            vec!["/patient_id"]
        );
        assert_eq!(w.requests().await, before, "no request was created");
    }
}

#[tokio::test]
async fn another_services_specialist_sees_nothing_of_the_request() {
    for b in backends() {
        let w = world(b).await;
        let outsider = specialist_of(&w.app, w.other_service).await;
        let theirs = every_row(&w.app, BASE, &outsider).await;
        let sent = w.send(true).await;
        problem(
            &get(&w.app, &path(&sent, ""), &outsider).await,
            StatusCode::NOT_FOUND,
        );
        let reply = json!({"outcome": "advice_given", "advice": "x", "patient_summary": "y", "expected_version": sent["version"]});
        problem(
            &post(&w.app, &path(&sent, "/reply"), &outsider, reply).await,
            StatusCode::NOT_FOUND,
        );
        let inbox = every_row(&w.app, BASE, &outsider).await;
        assert!(row_of(&inbox, &sent).is_none(), "not in their inbox");
        assert_eq!(ids_of(&inbox), ids_of(&theirs), "their inbox is as it was");
        // Nor does anyone outside the exchange, nor a malformed id.
        let icb = token_for(&w.app, "icb").await;
        problem(
            &get(&w.app, &path(&sent, ""), &icb).await,
            StatusCode::NOT_FOUND,
        );
        problem(&get(&w.app, BASE, &icb).await, StatusCode::NOT_FOUND);
        problem(
            &get(&w.app, &format!("{BASE}/not-an-id"), &w.specialist).await,
            StatusCode::NOT_FOUND,
        );
    }
}

#[tokio::test]
async fn replies_need_an_outcome_the_gps_authorisation_and_the_latest_version() {
    for b in backends() {
        let w = world(b).await;
        let sent = w.send(false).await;
        let v = sent["version"].as_i64().unwrap();
        let reply = |body: Value| w.act(&sent, "/reply", &w.specialist, body);

        let a = reply(json!({"advice": "Start hydroxychloroquine.", "patient_summary": "You can stay with your GP.", "expected_version": v})).await;
        assert_eq!(
            problem(&a, StatusCode::UNPROCESSABLE_ENTITY),
            vec!["/outcome"]
        );
        let a = reply(json!({"outcome": "converted_to_referral", "advice": "Booked to clinic.", "patient_summary": "We will see you.", "expected_version": v})).await;
        assert_eq!(
            problem(&a, StatusCode::UNPROCESSABLE_ENTITY),
            vec!["/outcome"]
        );
        let a = reply(json!({"outcome": "redirected", "advice": "Dermatology is better placed.", "expected_version": v})).await;
        assert_eq!(
            problem(&a, StatusCode::UNPROCESSABLE_ENTITY),
            vec!["/redirect_service_id"]
        );
        let a =
            reply(json!({"outcome": "advice_given", "advice": "x", "patient_summary": "y"})).await;
        assert_eq!(
            problem(&a, StatusCode::UNPROCESSABLE_ENTITY),
            vec!["/expected_version"]
        );
        // Not answered yet: changing the outcome is refused.
        let a = post(
            &w.app,
            &path(&sent, "/outcome"),
            &w.specialist,
            json!({"outcome": "advice_given", "advice": "x", "patient_summary": "y", "expected_version": v}),
        )
        .await;
        problem(&a, StatusCode::CONFLICT);

        // Two specialists answer from the same version: the second is told someone was first.
        let advice = json!({"outcome": "advice_given", "advice": "Start hydroxychloroquine 200 mg.", "patient_summary": "Your GP can treat this.", "expected_version": v});
        let first = reply(advice.clone()).await;
        assert_eq!(first.status, StatusCode::OK, "{}", first.body);
        assert_eq!(first.body["status"], "answered");
        assert_eq!(first.body["outcome"], "advice_given");
        assert_eq!(first.body["patient_summary"], "Your GP can treat this.");
        assert!(is_rfc3339(&first.body["answered_at"]));
        let second = reply(advice).await;
        problem(&second, StatusCode::CONFLICT);
        assert_eq!(second.body["detail"], CHANGED_MESSAGE);

        // The outcome of an answered request can change.
        let changed = post(
            &w.app,
            &path(&sent, "/outcome"),
            &w.specialist,
            json!({"outcome": "referral_recommended", "advice": "On reflection, please refer.", "patient_summary": "Your GP will refer you.", "expected_version": first.body["version"]}),
        )
        .await;
        assert_eq!(changed.status, StatusCode::OK, "{}", changed.body);
        assert_eq!(changed.body["outcome"], "referral_recommended");
        assert_eq!(changed.body["status"], "answered");
        assert!(
            changed.body["version"].as_i64().unwrap() > first.body["version"].as_i64().unwrap()
        );
        let replies: Vec<_> = changed.body["messages"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|m| m["kind"] == "reply")
            .map(|m| m["outcome"].clone())
            .collect();
        assert_eq!(
            replies,
            vec![json!("advice_given"), json!("referral_recommended")]
        );
        // A GP gives no outcomes.
        let a = post(
            &w.app,
            &path(&sent, "/outcome"),
            &w.gp,
            json!({"outcome": "advice_given", "advice": "x", "patient_summary": "y", "expected_version": changed.body["version"]}),
        )
        .await;
        problem(&a, StatusCode::FORBIDDEN);
    }
}

#[tokio::test]
async fn the_thread_goes_from_claim_to_close() {
    for b in backends() {
        let w = world(b).await;
        let waiting_list = format!("{BASE}?status=awaiting_information");
        let waiting_before = every_row(&w.app, &waiting_list, &w.specialist).await.len();
        let sent = w.send(true).await;
        let version = |a: &Answer| a.body["version"].clone();

        let claimed = w
            .act(
                &sent,
                "/claim",
                &w.specialist,
                json!({"expected_version": sent["version"]}),
            )
            .await;
        assert_eq!(claimed.status, StatusCode::OK, "{}", claimed.body);
        assert_eq!(claimed.body["claimed_by"]["name"], "Dr Priya Raman");
        let stale = w
            .act(
                &sent,
                "/claim",
                &w.specialist,
                json!({"expected_version": sent["version"]}),
            )
            .await;
        problem(&stale, StatusCode::CONFLICT);
        let released = w
            .act(
                &sent,
                "/release",
                &w.specialist,
                json!({"expected_version": version(&claimed)}),
            )
            .await;
        assert_eq!(released.status, StatusCode::OK, "{}", released.body);
        assert_eq!(released.body["claimed_by"], Value::Null);
        problem(
            &w.act(&sent, "/claim", &w.specialist, json!({})).await,
            StatusCode::UNPROCESSABLE_ENTITY,
        );

        let message = w
            .act(
                &sent,
                "/messages",
                &w.gp,
                json!({"body": "Photos of her hands to follow."}),
            )
            .await;
        assert_eq!(message.status, StatusCode::OK, "{}", message.body);
        let last = message.body["messages"]
            .as_array()
            .unwrap()
            .last()
            .unwrap()
            .clone();
        assert_eq!(
            (last["kind"].as_str(), last["body"].as_str()),
            (Some("message"), Some("Photos of her hands to follow."))
        );
        let empty = w
            .act(&sent, "/messages", &w.gp, json!({"body": "  "}))
            .await;
        assert_eq!(
            problem(&empty, StatusCode::UNPROCESSABLE_ENTITY),
            vec!["/body"]
        );

        let asked = w.act(&sent, "/reply", &w.specialist, json!({"outcome": "more_information_needed", "advice": "Is there any psoriasis?", "expected_version": version(&message)})).await;
        assert_eq!(asked.status, StatusCode::OK, "{}", asked.body);
        assert_eq!(asked.body["status"], "awaiting_information");
        assert_eq!(asked.body["paused"], true);
        let waiting = every_row(&w.app, &waiting_list, &w.specialist).await;
        assert_eq!(waiting.len(), waiting_before + 1);
        let row = row_of(&waiting, &sent).expect("waiting for the GP");
        assert_eq!(row["status"], "awaiting_information");

        let no_body = w
            .act(
                &sent,
                "/respond",
                &w.gp,
                json!({"expected_version": version(&asked)}),
            )
            .await;
        assert_eq!(
            problem(&no_body, StatusCode::UNPROCESSABLE_ENTITY),
            vec!["/body"]
        );
        let told = w
            .act(
                &sent,
                "/respond",
                &w.gp,
                json!({"body": "No psoriasis.", "expected_version": version(&asked)}),
            )
            .await;
        assert_eq!(told.status, StatusCode::OK, "{}", told.body);
        assert_eq!(told.body["status"], "sent");
        assert_eq!(told.body["paused"], false);

        let answered = w.act(&sent, "/reply", &w.specialist, json!({"outcome": "advice_given", "advice": "Start methotrexate.", "patient_summary": "Your GP will start a new medicine.", "expected_version": version(&told)})).await;
        assert_eq!(answered.status, StatusCode::OK, "{}", answered.body);
        let list = every_row(&w.app, BASE, &w.gp).await;
        let row = row_of(&list, &sent).expect("in the practice's list");
        assert_eq!(row["unread_answer"], true, "{row}");
        problem(
            &w.act(&sent, "/read", &w.specialist, json!({})).await,
            StatusCode::FORBIDDEN,
        );
        let read = app_post_empty(&w.app, &path(&sent, "/read"), &w.gp).await;
        assert_eq!(read.status, StatusCode::OK, "{}", read.body);
        let list = every_row(&w.app, BASE, &w.gp).await;
        let row = row_of(&list, &sent).expect("in the practice's list");
        assert_eq!(row["unread_answer"], false, "{row}");

        let no_action = w
            .act(
                &sent,
                "/close",
                &w.gp,
                json!({"expected_version": version(&read)}),
            )
            .await;
        assert_eq!(
            problem(&no_action, StatusCode::UNPROCESSABLE_ENTITY),
            vec!["/action_taken"]
        );
        let closed = w.act(&sent, "/close", &w.gp, json!({"action_taken": "Started methotrexate; bloods booked.", "expected_version": version(&read)})).await;
        assert_eq!(closed.status, StatusCode::OK, "{}", closed.body);
        assert_eq!(closed.body["status"], "closed");
        assert_eq!(
            closed.body["gp_action"],
            "Started methotrexate; bloods booked."
        );
        assert!(is_rfc3339(&closed.body["closed_at"]));
        let kinds: Vec<_> = closed.body["messages"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| m["kind"].as_str().unwrap().to_owned())
            .collect();
        assert_eq!(
            kinds,
            [
                "sent",
                "claimed",
                "released",
                "message",
                "reply",
                "gp_response",
                "reply",
                "closed"
            ]
        );
        problem(
            &w.act(&sent, "/messages", &w.gp, json!({"body": "One more thing"}))
                .await,
            StatusCode::CONFLICT,
        );
    }
}

/// A POST with no body at all.
async fn app_post_empty(app: &TestApp, path: &str, token: &str) -> Answer {
    answer(
        app.client
            .post(app.url(path))
            .bearer_auth(token)
            .send()
            .await
            .unwrap(),
    )
    .await
}

#[tokio::test]
async fn lists_filter_and_page_and_refuse_unknown_filters() {
    for b in backends() {
        let w = world(b).await;
        // The demo's requests are in these lists too: what they held before ours were sent.
        let urgent_list = format!("{BASE}?urgency=urgent&overdue=false");
        let overdue_list = format!("{BASE}?overdue=true");
        let inbox_before = every_row(&w.app, BASE, &w.specialist).await.len();
        let urgent_before = every_row(&w.app, &urgent_list, &w.specialist).await.len();
        let overdue_before = every_row(&w.app, &overdue_list, &w.specialist).await;
        let mut sent = vec![];
        for _ in 0..3 {
            sent.push(w.send(true).await);
        }
        let all = every_row(&w.app, BASE, &w.specialist).await;
        assert_eq!(all.len(), inbox_before + 3);
        for request in &sent {
            assert!(row_of(&all, request).is_some(), "{} listed", request["id"]);
        }

        // Pages of a size that leaves the last one part-full cover every request once, in
        // the list's order.
        let total = all.len() as u64;
        let limit = (2..).find(|l| !total.is_multiple_of(*l)).unwrap();
        let mut paged = vec![];
        for page in 1..=total.div_ceil(limit) {
            let a = get(
                &w.app,
                &format!("{BASE}?limit={limit}&page={page}"),
                &w.specialist,
            )
            .await;
            assert_eq!(a.status, StatusCode::OK, "{}", a.body);
            let offset = (page - 1) * limit;
            assert_eq!(
                (
                    a.body["total"].as_u64(),
                    a.body["limit"].as_u64(),
                    a.body["offset"].as_u64()
                ),
                (Some(total), Some(limit), Some(offset))
            );
            let items = a.body["items"].as_array().unwrap();
            assert_eq!(items.len() as u64, limit.min(total - offset), "page {page}");
            paged.extend(ids_of(items));
        }
        assert_eq!(paged, ids_of(&all), "the pages cover every request once");
        let mut distinct: Vec<String> = paged.iter().map(Value::to_string).collect();
        distinct.sort();
        distinct.dedup();
        assert_eq!(distinct.len(), paged.len(), "no request on two pages");

        let urgent = every_row(&w.app, &urgent_list, &w.specialist).await;
        assert_eq!(urgent.len(), urgent_before + 3);
        for request in &sent {
            assert!(
                row_of(&urgent, request).is_some(),
                "{} is urgent",
                request["id"]
            );
        }
        assert!(
            urgent.iter().all(|r| r["urgency"] == "urgent"),
            "only urgent"
        );
        let overdue = every_row(&w.app, &overdue_list, &w.specialist).await;
        for request in &sent {
            assert!(
                row_of(&overdue, request).is_none(),
                "just sent: not overdue"
            );
        }
        assert_eq!(ids_of(&overdue), ids_of(&overdue_before));
        assert!(overdue.iter().all(|r| r["overdue"] == true), "only overdue");

        let bad = get(
            &w.app,
            &format!("{BASE}?status=lost&urgency=soon&overdue=maybe&limit=0&page=0"),
            &w.gp,
        )
        .await;
        assert_eq!(
            problem(&bad, StatusCode::UNPROCESSABLE_ENTITY),
            vec!["/status", "/urgency", "/overdue", "/limit", "/page"]
        );
        let mine = get(&w.app, &format!("{BASE}?mine=true"), &w.specialist).await;
        assert_eq!(
            problem(&mine, StatusCode::UNPROCESSABLE_ENTITY),
            vec!["/mine"]
        );
    }
}

/// A multipart body with one `file` part.
fn multipart(file_name: &str, content_type: &str, bytes: &[u8]) -> (String, Vec<u8>) {
    let boundary = "joinedup-test-boundary-7MA4YWxk";
    let mut body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{file_name}\"\r\nContent-Type: {content_type}\r\n\r\n"
    )
    .into_bytes();
    body.extend_from_slice(bytes);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

async fn upload(app: &TestApp, path: &str, token: &str, file: (String, Vec<u8>)) -> Answer {
    answer(
        app.client
            .post(app.url(path))
            .bearer_auth(token)
            .header("content-type", file.0)
            .body(file.1)
            .send()
            .await
            .unwrap(),
    )
    .await
}

const PDF: &[u8] = b"%PDF-1.4\n%\xE2\xE3\xCF\xD3\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n";

#[tokio::test]
async fn attachments_are_checked_by_content_and_download_unchanged() {
    for b in backends() {
        let w = world(b).await;
        let sent = w.send(true).await;
        let target = path(&sent, "/attachments");
        let up = upload(
            &w.app,
            &target,
            &w.gp,
            multipart("bloods.pdf", "application/pdf", PDF),
        )
        .await;
        assert_eq!(up.status, StatusCode::CREATED, "{}", up.body);
        assert_eq!(up.body["file_name"], "bloods.pdf");
        assert_eq!(up.body["content_type"], "application/pdf");
        assert_eq!(up.body["size_bytes"], PDF.len());
        let url = up.body["url"].as_str().unwrap().to_owned();
        assert_eq!(up.headers["location"], url.as_str());

        for token in [&w.gp, &w.specialist] {
            let res = w
                .app
                .client
                .get(w.app.url(&url))
                .bearer_auth(token)
                .send()
                .await
                .unwrap();
            assert_eq!(res.status(), StatusCode::OK);
            assert_eq!(res.headers()["content-type"], "application/pdf");
            assert!(
                res.headers()["content-disposition"]
                    .to_str()
                    .unwrap()
                    .contains("bloods.pdf")
            );
            assert_eq!(res.bytes().await.unwrap().as_ref(), PDF);
        }
        let listed = get(&w.app, &path(&sent, ""), &w.specialist).await;
        assert_eq!(listed.body["attachments"][0]["url"], url.as_str());

        let html = b"<!DOCTYPE html><html><script>alert(1)</script></html>";
        let bad = upload(
            &w.app,
            &target,
            &w.gp,
            multipart("x.png", "image/png", html),
        )
        .await;
        assert_eq!(
            problem(&bad, StatusCode::UNPROCESSABLE_ENTITY),
            vec!["/file"]
        );
        let empty = upload(
            &w.app,
            &target,
            &w.gp,
            multipart("x.pdf", "application/pdf", b""),
        )
        .await;
        assert_eq!(
            problem(&empty, StatusCode::UNPROCESSABLE_ENTITY),
            vec!["/file"]
        );
        let mut big = PDF.to_vec();
        big.resize(joinedup_core::advice::MAX_ATTACHMENT_BYTES + 1, b' ');
        let too_big = upload(
            &w.app,
            &target,
            &w.gp,
            multipart("big.pdf", "application/pdf", &big),
        )
        .await;
        assert_eq!(
            problem(&too_big, StatusCode::UNPROCESSABLE_ENTITY),
            vec!["/file"]
        );
        let missing = upload(
            &w.app,
            &target,
            &w.gp,
            (
                "multipart/form-data; boundary=b".into(),
                b"--b\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\nhello\r\n--b--\r\n"
                    .to_vec(),
            ),
        )
        .await;
        assert_eq!(
            problem(&missing, StatusCode::UNPROCESSABLE_ENTITY),
            vec!["/file"]
        );
        let not_multipart = post(&w.app, &target, &w.gp, json!({"file": "x"})).await;
        problem(&not_multipart, StatusCode::BAD_REQUEST);
        let listed = get(&w.app, &path(&sent, ""), &w.gp).await;
        assert_eq!(listed.body["attachments"].as_array().unwrap().len(), 1);

        // Nobody else's request, nor an attachment of another request.
        let outsider = specialist_of(&w.app, w.other_service).await;
        let res = upload(
            &w.app,
            &target,
            &outsider,
            multipart("a.pdf", "application/pdf", PDF),
        )
        .await;
        problem(&res, StatusCode::NOT_FOUND);
        problem(&get(&w.app, &url, &outsider).await, StatusCode::NOT_FOUND);
        let another = w.send(true).await;
        let elsewhere = url.replace(
            sent["id"].as_str().unwrap(),
            another["id"].as_str().unwrap(),
        );
        problem(&get(&w.app, &elsewhere, &w.gp).await, StatusCode::NOT_FOUND);
    }
}

#[tokio::test]
async fn the_openapi_document_lists_the_advice_endpoints() {
    for b in backends() {
        let app = spawn_app(b).await;
        let res = app
            .client
            .get(app.url("/api/v1/openapi.json"))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::OK);
        let doc: Value = res.json().await.unwrap();
        let paths = &doc["paths"];
        assert!(paths[BASE]["get"].is_object());
        assert!(paths[BASE]["post"].is_object());
        assert_eq!(paths[BASE]["post"]["tags"], json!(["advice"]));
        assert!(paths[format!("{BASE}/{{id}}").as_str()]["get"].is_object());
        for action in [
            "reply", "outcome", "messages", "claim", "release", "respond", "close", "read",
        ] {
            assert!(
                paths[format!("{BASE}/{{id}}/{action}").as_str()]["post"].is_object(),
                "{action}"
            );
        }
        let upload = &paths[format!("{BASE}/{{id}}/attachments").as_str()]["post"];
        assert!(
            upload["requestBody"]["content"]["multipart/form-data"].is_object(),
            "{upload}"
        );
        assert!(
            paths[format!("{BASE}/{{id}}/attachments/{{attachment_id}}").as_str()]["get"]
                .is_object()
        );
        assert!(
            doc["tags"]
                .as_array()
                .unwrap()
                .iter()
                .any(|t| t["name"] == "advice")
        );

        // Every schema a path or schema refers to is in the document.
        let schemas = &doc["components"]["schemas"];
        let mut refs = vec![];
        collect_refs(&doc, &mut refs);
        assert!(refs.iter().any(|r| r.ends_with("/AdviceRequest")));
        for r in refs {
            let name = r.trim_start_matches("#/components/schemas/");
            assert!(schemas[name].is_object(), "{r} is not in the document");
        }
    }
}

fn collect_refs(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::Object(map) => {
            for (k, v) in map {
                match (k.as_str(), v) {
                    ("$ref", Value::String(s)) => out.push(s.clone()),
                    _ => collect_refs(v, out),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|v| collect_refs(v, out)),
        _ => {}
    }
}
