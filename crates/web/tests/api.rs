//! The JSON API on every backend: problem details, OpenAPI, tokens, scoping, idempotency.

mod common;

use common::{TestApp, actor_of, client, spawn_app};
use joinedup_store::people::tokens;
use joinedup_store::platform::idempotency;
use joinedup_store::testing::backends;
use reqwest::StatusCode;
use serde_json::{Value, json};

/// Issues a token for a demo account's first membership, as the demo administrator.
async fn token_for(app: &TestApp, local: &str) -> (uuid::Uuid, String) {
    let admin = actor_of(app, "admin").await;
    let who = actor_of(app, local).await;
    let (info, secret) = tokens::issue(
        &app.db.store,
        &admin,
        who.user_id,
        who.membership_id,
        "test",
    )
    .await
    .unwrap();
    (info.id, secret)
}

async fn call(
    app: &TestApp,
    method: reqwest::Method,
    path: &str,
    token: Option<&str>,
    body: Option<Value>,
    key: Option<&str>,
) -> (StatusCode, reqwest::header::HeaderMap, Value) {
    let mut req = app.client.request(method, app.url(path));
    if let Some(t) = token {
        req = req.bearer_auth(t);
    }
    if let Some(k) = key {
        req = req.header("Idempotency-Key", k);
    }
    if let Some(b) = body {
        req = req.json(&b);
    }
    let res = req.send().await.unwrap();
    let status = res.status();
    let headers = res.headers().clone();
    let text = res.text().await.unwrap();
    (
        status,
        headers,
        serde_json::from_str(&text).unwrap_or(Value::String(text)),
    )
}

fn assert_problem(
    status: StatusCode,
    headers: &reqwest::header::HeaderMap,
    body: &Value,
    expected: StatusCode,
) {
    assert_eq!(status, expected, "{body}");
    assert_eq!(
        headers["content-type"], "application/problem+json",
        "{body}"
    );
    for field in ["type", "title", "status", "detail"] {
        assert!(body.get(field).is_some(), "problem lacks {field}: {body}");
    }
    assert_eq!(body["status"], expected.as_u16());
    let text = body.to_string().to_lowercase();
    assert!(
        !text.contains("sqlx") && !text.contains("select ") && !text.contains("panicked"),
        "{text}"
    );
}

fn patient_body(nhs: &str) -> Value {
    json!({"nhs_number": nhs, "given_name": "Ada", "family_name": "Okonkwo", "date_of_birth": "1984-03-15", "postcode": "se5 9rs"})
}

/// An unused valid NHS number from the top of the 999 range (demo data uses the bottom).
fn fresh_nhs(n: u32) -> String {
    (0..20)
        .map(|i| 999_999 - n * 20 - i)
        .find_map(|k| {
            let tail: [u8; 6] = std::array::from_fn(|i| ((k / 10u32.pow(5 - i as u32)) % 10) as u8);
            joinedup_core::people::NhsNumber::from_first_nine([
                9, 9, 9, tail[0], tail[1], tail[2], tail[3], tail[4], tail[5],
            ])
        })
        .expect("a valid number within 20 tries")
        .as_digits()
}

#[tokio::test]
async fn unknown_api_routes_and_missing_credentials_answer_problem_json() {
    for b in backends() {
        let app = spawn_app(b).await;
        let (s, h, body) = call(
            &app,
            reqwest::Method::GET,
            "/api/v1/nothing-here",
            None,
            None,
            None,
        )
        .await;
        assert_problem(s, &h, &body, StatusCode::NOT_FOUND);
        let (s, h, body) = call(&app, reqwest::Method::GET, "/api/v1/me", None, None, None).await;
        assert_problem(s, &h, &body, StatusCode::UNAUTHORIZED);
        let (s, h, body) = call(
            &app,
            reqwest::Method::GET,
            "/api/v1/me",
            Some("jdu_not-a-real-token"),
            None,
            None,
        )
        .await;
        assert_problem(s, &h, &body, StatusCode::UNAUTHORIZED);
        let doc = app
            .client
            .get(app.url(body["type"].as_str().unwrap()))
            .send()
            .await
            .unwrap();
        assert_eq!(doc.status(), StatusCode::OK, "problem types are documented");
    }
}

#[tokio::test]
async fn the_openapi_document_is_generated_from_the_handlers() {
    for b in backends() {
        let app = spawn_app(b).await;
        let (s, _, doc) = call(
            &app,
            reqwest::Method::GET,
            "/api/v1/openapi.json",
            None,
            None,
            None,
        )
        .await;
        assert_eq!(s, StatusCode::OK);
        assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
        let paths = &doc["paths"];
        assert!(paths["/api/v1/me"]["get"].is_object());
        assert!(paths["/api/v1/organisations"]["get"].is_object());
        assert!(paths["/api/v1/patients"]["get"].is_object());
        assert!(paths["/api/v1/patients"]["post"].is_object());
        assert!(doc["components"]["schemas"]["Problem"].is_object());
        assert!(doc["components"]["securitySchemes"]["bearer"].is_object());
    }
}

#[tokio::test]
async fn a_token_acts_as_its_membership_until_it_is_revoked() {
    for b in backends() {
        let app = spawn_app(b).await;
        let (id, secret) = token_for(&app, "specialist").await;
        let (s, _, me) = call(
            &app,
            reqwest::Method::GET,
            "/api/v1/me",
            Some(&secret),
            None,
            None,
        )
        .await;
        assert_eq!(s, StatusCode::OK, "{me}");
        assert_eq!(me["role"], "specialist");
        assert_eq!(me["service"]["name"], "Rheumatology");
        let (s, _, orgs) = call(
            &app,
            reqwest::Method::GET,
            "/api/v1/organisations?kind=trust",
            Some(&secret),
            None,
            None,
        )
        .await;
        assert_eq!(s, StatusCode::OK);
        assert_eq!(orgs["total"], 5);
        let (s, h, bad) = call(
            &app,
            reqwest::Method::GET,
            "/api/v1/organisations?kind=castle",
            Some(&secret),
            None,
            None,
        )
        .await;
        assert_problem(s, &h, &bad, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(bad["errors"][0]["pointer"], "/kind");

        tokens::revoke(&app.db.store, &actor_of(&app, "admin").await, id)
            .await
            .unwrap();
        let (s, h, body) = call(
            &app,
            reqwest::Method::GET,
            "/api/v1/me",
            Some(&secret),
            None,
            None,
        )
        .await;
        assert_problem(s, &h, &body, StatusCode::UNAUTHORIZED);
    }
}

#[tokio::test]
async fn patient_lookup_is_scoped_to_the_practice_validated_and_audited() {
    for b in backends() {
        let app = spawn_app(b).await;
        let (_, gp) = token_for(&app, "practice").await;
        let (s, h, bad) = call(
            &app,
            reqwest::Method::GET,
            "/api/v1/patients?nhs_number=9434765918",
            Some(&gp),
            None,
            None,
        )
        .await;
        assert_problem(s, &h, &bad, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(bad["errors"][0]["pointer"], "/nhs_number");
        assert!(
            bad["errors"][0]["detail"]
                .as_str()
                .unwrap()
                .contains("Modulus 11")
        );

        let me = actor_of(&app, "practice").await;
        let practice = me.organisation_id.unwrap();
        use joinedup_store::people::entity::patient;
        use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
        let db = app.db.store.db();
        let own = patient::Entity::find()
            .filter(patient::Column::PracticeId.eq(practice))
            .one(db)
            .await
            .unwrap()
            .unwrap();
        let other = patient::Entity::find()
            .filter(patient::Column::PracticeId.ne(practice))
            .one(db)
            .await
            .unwrap()
            .unwrap();
        let (s, _, found) = call(
            &app,
            reqwest::Method::GET,
            &format!("/api/v1/patients?nhs_number={}", own.nhs_number),
            Some(&gp),
            None,
            None,
        )
        .await;
        assert_eq!(s, StatusCode::OK);
        assert_eq!(found["items"][0]["nhs_number"], own.nhs_number);
        let log = joinedup_store::audit::entries_for_patient(db, &own.nhs_number, 1)
            .await
            .unwrap();
        assert_eq!(log[0].action, "patient.search");
        let (_, _, none) = call(
            &app,
            reqwest::Method::GET,
            &format!("/api/v1/patients?nhs_number={}", other.nhs_number),
            Some(&gp),
            None,
            None,
        )
        .await;
        assert_eq!(none["items"].as_array().unwrap().len(), 0);

        let (_, icb) = token_for(&app, "icb").await;
        let (s, h, body) = call(
            &app,
            reqwest::Method::GET,
            &format!("/api/v1/patients?nhs_number={}", own.nhs_number),
            Some(&icb),
            None,
            None,
        )
        .await;
        assert_problem(s, &h, &body, StatusCode::NOT_FOUND);
    }
}

#[tokio::test]
async fn registering_a_patient_validates_every_field_and_refuses_duplicates() {
    for b in backends() {
        let app = spawn_app(b).await;
        let (_, gp) = token_for(&app, "practice").await;
        let bad = json!({"nhs_number": "9434765918", "given_name": "", "family_name": "X", "date_of_birth": "2999-01-01", "postcode": "nowhere"});
        let (s, h, body) = call(
            &app,
            reqwest::Method::POST,
            "/api/v1/patients",
            Some(&gp),
            Some(bad),
            None,
        )
        .await;
        assert_problem(s, &h, &body, StatusCode::UNPROCESSABLE_ENTITY);
        let pointers: Vec<_> = body["errors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["pointer"].as_str().unwrap().to_owned())
            .collect();
        assert_eq!(
            pointers,
            vec!["/nhs_number", "/given_name", "/date_of_birth", "/postcode"]
        );

        let nhs = fresh_nhs(1);
        let (s, _, created) = call(
            &app,
            reqwest::Method::POST,
            "/api/v1/patients",
            Some(&gp),
            Some(patient_body(&nhs)),
            None,
        )
        .await;
        assert_eq!(s, StatusCode::CREATED, "{created}");
        assert_eq!(created["postcode"], "SE5 9RS");
        let (s, h, dup) = call(
            &app,
            reqwest::Method::POST,
            "/api/v1/patients",
            Some(&gp),
            Some(patient_body(&nhs)),
            None,
        )
        .await;
        assert_problem(s, &h, &dup, StatusCode::CONFLICT);

        let (s, h, body) = app
            .client
            .post(app.url("/api/v1/patients"))
            .bearer_auth(&gp)
            .header("content-type", "application/json")
            .body("{not json")
            .send()
            .await
            .map(|r| (r.status(), r.headers().clone(), r))
            .unwrap();
        let body: Value = body.json().await.unwrap();
        assert_problem(s, &h, &body, StatusCode::BAD_REQUEST);
    }
}

#[tokio::test]
async fn an_idempotency_key_replays_the_first_response_and_refuses_misuse() {
    for b in backends() {
        let app = spawn_app(b).await;
        let (_, gp) = token_for(&app, "practice").await;
        let nhs = fresh_nhs(2);
        let post = |body: Value, key: &'static str| {
            call(
                &app,
                reqwest::Method::POST,
                "/api/v1/patients",
                Some(&gp),
                Some(body),
                Some(key),
            )
        };
        let (s1, _, first) = post(patient_body(&nhs), "key-1").await;
        let (s2, h2, second) = post(patient_body(&nhs), "key-1").await;
        assert_eq!(s1, StatusCode::CREATED);
        assert_eq!(
            s2,
            StatusCode::CREATED,
            "a replay, not a duplicate conflict: {second}"
        );
        assert_eq!(first, second);
        assert_eq!(h2["idempotent-replayed"], "true");

        let (s, h, body) = post(patient_body(&fresh_nhs(3)), "key-1").await;
        assert_problem(s, &h, &body, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            body["type"]
                .as_str()
                .unwrap()
                .ends_with("idempotency-key-reused")
        );

        // A client error is stored and replayed too; it changes nothing.
        let (s, _, _) = post(json!({"nhs_number": "1"}), "key-2").await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
        let (s, h, _) = post(json!({"nhs_number": "1"}), "key-2").await;
        assert_eq!(
            (s, h.get("idempotent-replayed").is_some()),
            (StatusCode::UNPROCESSABLE_ENTITY, true)
        );

        // The first request with a key is still running: a repeat is refused with 409.
        let caller = format!("user:{}", actor_of(&app, "practice").await.user_id);
        let body = patient_body(&fresh_nhs(4));
        let hash =
            idempotency::request_hash("POST", "/api/v1/patients", body.to_string().as_bytes());
        assert!(matches!(
            idempotency::claim(&app.db.store, &caller, "key-3", &hash)
                .await
                .unwrap(),
            idempotency::ClaimOutcome::Claimed(_)
        ));
        let (s, h, body) = post(body, "key-3").await;
        assert_problem(s, &h, &body, StatusCode::CONFLICT);
        assert!(body["type"].as_str().unwrap().ends_with("in-flight"));

        // Keys are scoped to the caller: another user may use the same key.
        let (_, other) = token_for(&app, "gp").await;
        let (s, _, _) = call(
            &app,
            reqwest::Method::POST,
            "/api/v1/patients",
            Some(&other),
            Some(patient_body(&fresh_nhs(5))),
            Some("key-1"),
        )
        .await;
        assert_eq!(s, StatusCode::CREATED);
    }
}

#[tokio::test]
async fn a_browser_session_can_call_the_api_but_writes_need_the_csrf_header() {
    for b in backends() {
        let mut app = spawn_app(b).await;
        app.client = client();
        app.sign_in_demo("practice").await;
        let (s, _, me) = call(&app, reqwest::Method::GET, "/api/v1/me", None, None, None).await;
        assert_eq!(s, StatusCode::OK);
        assert_eq!(me["role"], "practice_staff");
        let (s, h, body) = call(
            &app,
            reqwest::Method::POST,
            "/api/v1/patients",
            None,
            Some(patient_body(&fresh_nhs(6))),
            None,
        )
        .await;
        assert_problem(s, &h, &body, StatusCode::FORBIDDEN);
        let token = app.csrf("/home").await;
        let res = app
            .client
            .post(app.url("/api/v1/patients"))
            .header("x-csrf-token", token)
            .json(&patient_body(&fresh_nhs(6)))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::CREATED);
    }
}
