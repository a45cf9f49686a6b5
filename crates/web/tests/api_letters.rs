//! The letters API on every backend: drafts, field problems, signing and sending once, the
//! practice's acknowledgement and GP actions, idempotent creation, the checker and the OpenAPI
//! document.

mod common;

use common::{TestApp, actor_of, spawn_app};
use joinedup_store::letters::entity::letter;
use joinedup_store::people::entity::{patient, service_patient};
use joinedup_store::people::{caseload, tokens};
use joinedup_store::testing::backends;
use reqwest::{Method, StatusCode};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::{Value, json};

const BASE: &str = "/api/v1/letters";

async fn token_for(app: &TestApp, local: &str) -> String {
    let admin = actor_of(app, "admin").await;
    let who = actor_of(app, local).await;
    tokens::issue(
        &app.db.store,
        &admin,
        who.user_id,
        who.membership_id,
        "test",
    )
    .await
    .unwrap()
    .1
}

struct Answer {
    status: StatusCode,
    content_type: String,
    body: Value,
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
    let res = req.send().await.unwrap();
    let status = res.status();
    let content_type = res
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    let text = res.text().await.unwrap();
    Answer {
        status,
        content_type,
        body: serde_json::from_str(&text).unwrap_or(Value::String(text)),
    }
}

fn pointers(a: &Answer, expected: StatusCode) -> Vec<String> {
    assert_eq!(a.status, expected, "{}", a.body);
    assert_eq!(a.content_type, "application/problem+json", "{}", a.body);
    a.body["errors"]
        .as_array()
        .map(|e| {
            e.iter()
                .map(|p| p["pointer"].as_str().unwrap().to_owned())
                .collect()
        })
        .unwrap_or_default()
}

async fn jordan_under_rheumatology(app: &TestApp) -> String {
    let p = patient::Entity::find()
        .filter(patient::Column::GivenName.eq("Jordan"))
        .filter(patient::Column::FamilyName.eq("Ellis"))
        .one(app.db.store.db())
        .await
        .unwrap()
        .unwrap();
    let service = actor_of(app, "specialist").await.service_id.unwrap();
    caseload::add(app.db.store.db(), service, p.id, "referral")
        .await
        .unwrap();
    p.nhs_number
}

fn body_for(nhs: &str) -> Value {
    let yesterday = time::OffsetDateTime::now_utc().date() - time::Duration::days(1);
    json!({
        "nhs_number": nhs,
        "kind": "clinic_letter",
        "event_date": yesterday.to_string(),
        "event_time": "09:15",
        "summary": "You came to the joint clinic. Your knee is swollen because of arthritis.",
        "follow_up": "We will see you again in 6 months.",
        "medicines": [{"change": "started", "medicine": "Naproxen", "dose": "250 mg twice a day", "reason": "To ease the pain"}],
        "gp_actions": [{"text": "Check your blood pressure in 4 weeks", "due": (yesterday + time::Duration::days(28)).to_string()}],
        "patient_actions": ["Take the tablets with food"]
    })
}

#[tokio::test]
async fn a_draft_is_created_once_sent_once_and_worked_by_the_practice() {
    for b in backends() {
        let app = spawn_app(b).await;
        let nhs = jordan_under_rheumatology(&app).await;
        let specialist = token_for(&app, "specialist").await;
        let before = letter::Entity::find()
            .count(app.db.store.db())
            .await
            .unwrap();

        let created = call(
            &app,
            Method::POST,
            BASE,
            &specialist,
            Some(body_for(&nhs)),
            Some("letter-1"),
        )
        .await;
        assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
        assert_eq!(created.body["status"], "draft");
        let again = call(
            &app,
            Method::POST,
            BASE,
            &specialist,
            Some(body_for(&nhs)),
            Some("letter-1"),
        )
        .await;
        assert_eq!(
            again.body["id"], created.body["id"],
            "a retry returns the first answer"
        );
        assert_eq!(
            letter::Entity::find()
                .count(app.db.store.db())
                .await
                .unwrap(),
            before + 1
        );
        let url = created.body["url"].as_str().unwrap().to_owned();

        let unsigned = call(
            &app,
            Method::POST,
            &format!("{url}/send"),
            &specialist,
            Some(json!({"expected_version": 2})),
            None,
        )
        .await;
        assert_eq!(
            pointers(&unsigned, StatusCode::UNPROCESSABLE_ENTITY),
            ["/signed"]
        );
        let sent = call(
            &app,
            Method::POST,
            &format!("{url}/send"),
            &specialist,
            Some(json!({"expected_version": 2, "signed": true})),
            None,
        )
        .await;
        assert_eq!(sent.status, StatusCode::OK, "{}", sent.body);
        assert_eq!(sent.body["status"], "sent");
        assert_eq!(sent.body["on_time"], true);
        assert_eq!(sent.body["content"]["medicines"][0]["change"], "started");
        let twice = call(
            &app,
            Method::POST,
            &format!("{url}/send"),
            &specialist,
            Some(json!({"expected_version": 3, "signed": true})),
            None,
        )
        .await;
        assert_eq!(
            twice.status,
            StatusCode::CONFLICT,
            "a retried send delivers nothing twice"
        );

        let gp = token_for(&app, "gp").await;
        let inbox = call(&app, Method::GET, BASE, &gp, None, None).await;
        let listed: Vec<&Value> = inbox.body["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| &i["id"])
            .collect();
        assert!(
            listed.contains(&&created.body["id"]),
            "in the practice's inbox"
        );
        let acked = call(
            &app,
            Method::POST,
            &format!("{url}/acknowledge"),
            &gp,
            None,
            None,
        )
        .await;
        assert_eq!(acked.body["status"], "acknowledged", "{}", acked.body);
        let action = acked.body["actions"][0]["id"].as_str().unwrap().to_owned();
        let no_reason = call(
            &app,
            Method::POST,
            &format!("{url}/actions/{action}"),
            &gp,
            Some(json!({"state": "not_needed"})),
            None,
        )
        .await;
        assert_eq!(
            pointers(&no_reason, StatusCode::UNPROCESSABLE_ENTITY),
            ["/reason"]
        );
        let done = call(
            &app,
            Method::POST,
            &format!("{url}/actions/{action}"),
            &gp,
            Some(json!({"state": "done"})),
            None,
        )
        .await;
        assert_eq!(done.body["actions"][0]["state"], "done");
        let by_specialist = call(
            &app,
            Method::POST,
            &format!("{url}/acknowledge"),
            &specialist,
            None,
            None,
        )
        .await;
        pointers(&by_specialist, StatusCode::FORBIDDEN);
    }
}

#[tokio::test]
async fn each_invalid_field_is_a_problem_at_its_pointer_and_nothing_is_created() {
    for b in backends() {
        let app = spawn_app(b).await;
        let nhs = jordan_under_rheumatology(&app).await;
        let specialist = token_for(&app, "specialist").await;
        let before = letter::Entity::find()
            .count(app.db.store.db())
            .await
            .unwrap();
        let mut body = body_for(&nhs);
        body["gp_actions"] =
            json!([{"text": "Repeat the scan", "due": ""}, {"text": "Review", "due": "31/2/2027"}]);
        body["kind"] = json!("memo");
        let bad = call(&app, Method::POST, BASE, &specialist, Some(body), None).await;
        assert_eq!(
            pointers(&bad, StatusCode::UNPROCESSABLE_ENTITY),
            ["/kind", "/gp_actions/0/due", "/gp_actions/1/due"]
        );
        let cared: Vec<uuid::Uuid> = service_patient::Entity::find()
            .filter(
                service_patient::Column::ServiceId
                    .eq(actor_of(&app, "specialist").await.service_id.unwrap()),
            )
            .all(app.db.store.db())
            .await
            .unwrap()
            .into_iter()
            .map(|c| c.patient_id)
            .collect();
        let elsewhere = patient::Entity::find()
            .filter(patient::Column::Id.is_not_in(cared))
            .one(app.db.store.db())
            .await
            .unwrap()
            .unwrap();
        let not_ours = call(
            &app,
            Method::POST,
            BASE,
            &specialist,
            Some(body_for(&elsewhere.nhs_number)),
            None,
        )
        .await;
        assert_eq!(
            pointers(&not_ours, StatusCode::UNPROCESSABLE_ENTITY),
            ["/nhs_number"]
        );
        assert_eq!(
            letter::Entity::find()
                .count(app.db.store.db())
                .await
                .unwrap(),
            before
        );
        let gp = token_for(&app, "gp").await;
        let by_gp = call(&app, Method::POST, BASE, &gp, Some(body_for(&nhs)), None).await;
        assert!(
            matches!(by_gp.status, StatusCode::NOT_FOUND | StatusCode::FORBIDDEN),
            "{}",
            by_gp.body
        );
    }
}

#[tokio::test]
async fn the_checker_answers_with_the_cli_fields_and_the_document_lists_the_endpoints() {
    for b in backends() {
        let app = spawn_app(b).await;
        let gp = token_for(&app, "gp").await;
        let report = call(&app, Method::POST, &format!("{BASE}/check"), &gp, Some(json!({"text": "Dear Dr Jones,\n\nSOB. Started ramipril 2.5mg OD. GP to check U&Es in 2/52.\n"})), None).await;
        assert_eq!(report.status, StatusCode::OK, "{}", report.body);
        assert_eq!(report.body["verdict"], "needs-work");
        assert_eq!(report.body["addressed_to_patient"], false);
        assert!(
            report.body["jargon"]
                .as_array()
                .unwrap()
                .iter()
                .any(|j| j["term"] == "OD")
        );
        let empty = call(
            &app,
            Method::POST,
            &format!("{BASE}/check"),
            &gp,
            Some(json!({"text": " "})),
            None,
        )
        .await;
        assert_eq!(
            pointers(&empty, StatusCode::UNPROCESSABLE_ENTITY),
            ["/text"]
        );
        let doc = app.get("/api/v1/openapi.json").await;
        for path in [
            "/api/v1/letters",
            "/api/v1/letters/{id}/send",
            "/api/v1/letters/{id}/acknowledge",
            "/api/v1/letters/{id}/actions/{action_id}",
            "/api/v1/letters/check",
        ] {
            assert!(doc.body.contains(path), "{path} is documented");
        }
    }
}
