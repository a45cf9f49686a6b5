//! The Advice & Guidance pages through HTTP on every backend: asking, drafting, the inbox,
//! claiming, replying, pauses, conflicts, attachments and the patient's view.

mod common;

use common::{Page, TestApp, actor_of, add_service_account, first_organisation_of, sel, spawn_app};
use joinedup_store::advice::CHANGED_MESSAGE;
use joinedup_store::advice::entity::{advice_attachment, advice_request};
use joinedup_store::people::entity::{membership, patient, user};
use joinedup_store::testing::backends;
use reqwest::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use uuid::Uuid;

/// A real 1×1 PNG.
const PNG: &[u8] = &[
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1f, 0x15, 0xc4,
    0x89, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x44, 0x41, 0x54, 0x78, 0xda, 0x63, 0x64, 0x60, 0xf8, 0x5f,
    0x0f, 0x00, 0x02, 0x87, 0x01, 0x80, 0xeb, 0x47, 0xba, 0x92, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45,
    0x4e, 0x44, 0xae, 0x42, 0x60, 0x82,
];

/// The demo patient (Jordan Ellis, who has a patient account) and their practice.
async fn jordan(app: &TestApp) -> (Uuid, Uuid) {
    let p = patient::Entity::find()
        .filter(patient::Column::GivenName.eq("Jordan"))
        .filter(patient::Column::FamilyName.eq("Ellis"))
        .one(app.db.store.db())
        .await
        .unwrap()
        .expect("the demo patient");
    (p.id, p.practice_id)
}

/// The specialist's service (Rheumatology at King's).
async fn rheumatology(app: &TestApp) -> Uuid {
    actor_of(app, "specialist")
        .await
        .service_id
        .expect("a service")
}

/// Another service that takes advice requests.
async fn another_service(app: &TestApp, not: Uuid) -> Uuid {
    joinedup_store::advice::services_taking_requests(&app.db.store, "")
        .await
        .unwrap()
        .into_iter()
        .find(|s| s.id != not)
        .expect("another service")
        .id
}

/// A patient registered at neither of the demo GP's practices.
async fn patient_elsewhere(app: &TestApp) -> Uuid {
    let db = app.db.store.db();
    let gp = user::Entity::find()
        .filter(user::Column::Email.eq("gp@demo.joinedup.test"))
        .one(db)
        .await
        .unwrap()
        .unwrap();
    let practices: Vec<Uuid> = membership::Entity::find()
        .filter(membership::Column::UserId.eq(gp.id))
        .all(db)
        .await
        .unwrap()
        .into_iter()
        .filter_map(|m| m.organisation_id)
        .collect();
    patient::Entity::find()
        .filter(patient::Column::PracticeId.is_not_in(practices))
        .one(db)
        .await
        .unwrap()
        .expect("a patient elsewhere")
        .id
}

async fn request_count(app: &TestApp) -> u64 {
    advice_request::Entity::find()
        .count(app.db.store.db())
        .await
        .unwrap()
}

async fn stored(app: &TestApp, id: Uuid) -> advice_request::Model {
    advice_request::Entity::find_by_id(id)
        .one(app.db.store.db())
        .await
        .unwrap()
        .expect("the request")
}

/// The request page's path.
fn page_of(id: Uuid) -> String {
    format!("/advice/{id}")
}

/// The request id a `303` to `/advice/{id}` names.
fn request_id(page: &Page) -> Uuid {
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    let location = page.location.as_deref().expect("a location");
    location
        .strip_prefix("/advice/")
        .and_then(|id| id.parse().ok())
        .unwrap_or_else(|| panic!("not a request page: {location}"))
}

/// A complete request form for `patient` to `service`.
fn complete(patient: &str, service: &str, authorised: &'static str) -> Vec<(&'static str, String)> {
    vec![
        ("patient", patient.to_owned()),
        ("version", "0".to_owned()),
        ("service", service.to_owned()),
        ("question", "Should we start methotrexate?".to_owned()),
        ("history", "Six weeks of swollen hands.".to_owned()),
        ("medicines", "Naproxen 500 mg twice a day".to_owned()),
        ("results", "CRP 38, rheumatoid factor positive".to_owned()),
        ("urgency", "routine".to_owned()),
        ("referral_authorised", authorised.to_owned()),
        ("action", "send".to_owned()),
    ]
}

/// The demo GP, acting for the demo patient's practice, sends a request; returns its id.
async fn gp_sends(app: &TestApp, authorised: &'static str) -> Uuid {
    let (patient, practice) = jordan(app).await;
    let service = rheumatology(app).await;
    app.sign_in_demo_for("gp", practice).await;
    let new = format!("/advice/new?patient={patient}");
    let fields = complete(&patient.to_string(), &service.to_string(), authorised);
    request_id(&app.submit(&new, "/advice/new", &fields).await)
}

/// Posts a form on the request page (its CSRF token and version taken from the page).
async fn act(app: &TestApp, id: Uuid, action: &str, fields: &[(&str, &str)]) -> Page {
    let page = app.get(&page_of(id)).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let token = page.input_value("csrf_token").unwrap();
    let version = stored(app, id).await.version.to_string();
    let mut form = vec![
        ("csrf_token", token.as_str()),
        ("version", version.as_str()),
        ("expected_version", version.as_str()),
    ];
    form.extend_from_slice(fields);
    app.post(&format!("/advice/{id}/{action}"), &form).await
}

fn assert_back_to(page: &Page, id: Uuid) {
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    assert_eq!(page.location.as_deref(), Some(page_of(id).as_str()));
}

const ADVICE: &str = "Start methotrexate 15 mg weekly with folic acid; check bloods every 2 weeks.";
const SUMMARY: &str =
    "The specialist agrees with your GP. You can start a new medicine for your joints.";

#[tokio::test]
async fn a_gp_sends_a_request_and_it_shows_in_the_service_inbox_with_its_due_time() {
    for b in backends() {
        let mut app = spawn_app(b).await;
        let (patient, practice) = jordan(&app).await;
        app.sign_in_demo_for("gp", practice).await;
        let form = app.get(&format!("/advice/new?patient={patient}")).await;
        assert_eq!(form.status, StatusCode::OK, "{b:?}");
        assert!(form.body.contains("– answers within 2 working days"));
        assert!(form.body.contains("If you send it now"));
        assert!(form.texts("button").iter().any(|t| t == "Send request"));
        let none_checked = form
            .html()
            .select(&sel("input[type=radio][checked]"))
            .count();
        assert_eq!(none_checked, 0, "no radio is pre-selected");
        let narrowed = app
            .get(&format!(
                "/advice/new?patient={patient}&service_q=dermatology"
            ))
            .await;
        let options = narrowed.texts("#service option");
        assert!(
            options.iter().skip(1).all(|o| o.starts_with("Dermatology")),
            "{options:?}"
        );

        let id = gp_sends(&app, "yes").await;
        let page = app.get(&page_of(id)).await;
        assert!(page.texts("h1")[0].starts_with("Advice request AG-"));
        assert!(page.body.contains("Waiting for the specialist"));
        let due = joinedup_core::clock::display(stored(&app, id).await.due_at.expect("due"));
        assert!(page.body.contains(&due), "due {due} shown to the GP");

        app.new_session();
        app.sign_in_demo("specialist").await;
        let (inbox, class) = app
            .listed("/advice", &page_of(id))
            .await
            .expect("in the inbox");
        assert!(inbox.texts("h1")[0].contains("Rheumatology"));
        let reference = joinedup_store::advice::reference(id);
        assert!(inbox.body.contains(&reference), "{b:?}: in the inbox");
        assert!(inbox.body.contains(&due), "with its due time");
        assert!(!class.contains("joinedup-row--overdue"), "not overdue yet");
    }
}

#[tokio::test]
async fn practice_staff_save_a_draft_and_only_a_gp_sends_it() {
    for b in backends() {
        let mut app = spawn_app(b).await;
        let (patient, practice) = jordan(&app).await;
        let service = rheumatology(&app).await;
        app.sign_in_demo("practice").await;
        let before = request_count(&app).await;
        let new = format!("/advice/new?patient={patient}");
        let form = app.get(&new).await;
        assert!(form.body.contains("A GP must review and send it"));
        assert!(!form.texts("button").iter().any(|t| t == "Send request"));
        let mut fields = complete(&patient.to_string(), &service.to_string(), "no");
        let refused = app.submit(&new, "/advice/new", &fields).await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN, "{b:?}");
        assert!(
            refused
                .body
                .contains("Only a GP can send an advice request")
        );
        assert_eq!(request_count(&app).await, before, "nothing saved");

        fields.retain(|(k, _)| *k != "action" && *k != "urgency");
        fields.push(("action", "draft".to_owned()));
        let id = request_id(&app.submit(&new, "/advice/new", &fields).await);
        let draft = app.get(&page_of(id)).await;
        assert!(draft.body.contains("Draft"));
        assert_eq!(stored(&app, id).await.status, "draft");

        app.new_session();
        app.sign_in_demo_for("gp", practice).await;
        let edit = format!("/advice/{id}/edit");
        let page = app.get(&edit).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(
            page.texts("#question")[0].contains("methotrexate"),
            "the draft is shown"
        );
        let version = page.input_value("version").unwrap();
        let mut send = complete(&patient.to_string(), &service.to_string(), "no");
        send.retain(|(k, _)| *k != "version");
        send.push(("version", version));
        let sent = app.submit(&edit, &edit, &send).await;
        assert_eq!(request_id(&sent), id);
        assert_eq!(stored(&app, id).await.status, "sent");
        assert_eq!(
            app.get(&edit).await.status,
            StatusCode::SEE_OTHER,
            "no longer a draft"
        );
    }
}

#[tokio::test]
async fn an_incomplete_request_names_each_missing_field_and_saves_nothing() {
    for b in backends() {
        let app = spawn_app(b).await;
        let (patient, practice) = jordan(&app).await;
        app.sign_in_demo_for("gp", practice).await;
        let before = request_count(&app).await;
        let new = format!("/advice/new?patient={patient}");
        let fields = vec![
            ("patient", patient.to_string()),
            ("history", "Kept as typed".to_owned()),
            ("action", "send".to_owned()),
        ];
        let page = app.submit(&new, "/advice/new", &fields).await;
        assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY, "{b:?}");
        assert!(page.texts("title")[0].starts_with("Error:"));
        let summary = page.texts(".nhsuk-error-summary__list a");
        assert_eq!(
            summary,
            vec![
                "Choose the specialist service to ask",
                "Enter your clinical question",
                "Select whether the request is routine or urgent",
                "Select yes if the specialist may convert this request into a referral",
            ]
        );
        for (field, message) in ["service", "question", "urgency", "referral_authorised"]
            .iter()
            .zip(&summary)
        {
            let beside = page.texts(&format!("#{field}-error"));
            assert!(beside[0].contains(message.as_str()), "{field}: {beside:?}");
        }
        assert_eq!(page.texts("#history")[0], "Kept as typed");
        assert_eq!(request_count(&app).await, before, "nothing saved");
    }
}

#[tokio::test]
async fn a_request_for_a_patient_of_another_practice_is_refused_with_the_message() {
    for b in backends() {
        let app = spawn_app(b).await;
        let (_, practice) = jordan(&app).await;
        let elsewhere = patient_elsewhere(&app).await;
        let service = rheumatology(&app).await;
        app.sign_in_demo_for("gp", practice).await;
        let before = request_count(&app).await;
        let new = format!("/advice/new?patient={elsewhere}");
        let form = app.get(&new).await;
        assert_eq!(form.status, StatusCode::NOT_FOUND, "{b:?}");
        assert!(
            form.body
                .contains("This patient is not registered at your practice")
        );
        assert!(form.texts("#question").is_empty(), "no form for them");
        let fields = complete(&elsewhere.to_string(), &service.to_string(), "yes");
        let refused = app.submit("/advice", "/advice/new", &fields).await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            refused.texts(".nhsuk-error-summary__list a")[0]
                .contains("You can only ask for advice about your own patients")
        );
        assert_eq!(request_count(&app).await, before, "nothing saved");
    }
}

#[tokio::test]
async fn a_specialist_of_another_service_cannot_open_the_request() {
    for b in backends() {
        let mut app = spawn_app(b).await;
        let rheum = rheumatology(&app).await;
        let other = another_service(&app, rheum).await;
        let local =
            add_service_account(&app, "other.specialist", "Dr Other", "specialist", other).await;
        let id = gp_sends(&app, "yes").await;
        app.new_session();
        app.sign_in_demo(&local).await;
        assert_eq!(
            app.get(&page_of(id)).await.status,
            StatusCode::NOT_FOUND,
            "{b:?}"
        );
        assert!(
            app.listed("/advice", &page_of(id)).await.is_none(),
            "not in their inbox"
        );
        app.new_session();
        app.sign_in_demo("secretary").await;
        assert_eq!(app.get(&page_of(id)).await.status, StatusCode::OK);
    }
}

#[tokio::test]
async fn advice_given_reaches_the_gp_who_reads_it_and_closes_the_request() {
    for b in backends() {
        let mut app = spawn_app(b).await;
        let (_, practice) = jordan(&app).await;
        let id = gp_sends(&app, "yes").await;
        app.new_session();
        app.sign_in_demo("specialist").await;
        assert_back_to(&act(&app, id, "claim", &[]).await, id);
        let page = app.get(&page_of(id)).await;
        assert!(page.body.contains("You claimed this request"), "{b:?}");
        assert!(
            page.texts(".nhsuk-summary-list__value")
                .iter()
                .any(|v| v == "Dr Priya Raman")
        );
        assert!(
            page.texts("button")
                .iter()
                .any(|t| t == "Release this request")
        );
        let fields = [
            ("outcome", "advice_given"),
            ("advice", ADVICE),
            ("patient_summary", SUMMARY),
        ];
        assert_back_to(&act(&app, id, "reply", &fields).await, id);

        app.new_session();
        app.sign_in_demo_for("gp", practice).await;
        let notices = app.get("/notifications").await;
        assert!(notices.body.contains("Specialist advice has arrived"));
        let page = app.get(&page_of(id)).await;
        assert!(page.body.contains("Advice given"));
        assert!(page.texts(".joinedup-preline").iter().any(|t| t == ADVICE));
        assert!(page.texts(".joinedup-preline").iter().any(|t| t == SUMMARY));
        assert_back_to(&act(&app, id, "read", &[]).await, id);
        assert!(stored(&app, id).await.gp_read_at.is_some());
        let empty = act(&app, id, "close", &[("action_taken", " ")]).await;
        assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            empty.texts("#action_taken-error")[0].contains("Enter what you did with the advice")
        );
        let did = "Started methotrexate and booked blood tests.";
        assert_back_to(&act(&app, id, "close", &[("action_taken", did)]).await, id);
        let closed = app.get(&page_of(id)).await;
        assert!(closed.body.contains("Closed"));
        assert!(closed.texts(".joinedup-preline").iter().any(|t| t == did));
        assert!(
            closed.texts("#message").is_empty(),
            "no more messages once closed"
        );
    }
}

#[tokio::test]
async fn more_information_pauses_the_clock_and_the_gp_response_resumes_it() {
    for b in backends() {
        let mut app = spawn_app(b).await;
        let (_, practice) = jordan(&app).await;
        let id = gp_sends(&app, "yes").await;
        app.new_session();
        app.sign_in_demo("specialist").await;
        let ask = [
            ("outcome", "more_information_needed"),
            ("advice", "Is there a rash or nail change?"),
        ];
        assert_back_to(&act(&app, id, "reply", &ask).await, id);
        assert_eq!(stored(&app, id).await.status, "awaiting_information");

        app.new_session();
        app.sign_in_demo_for("gp", practice).await;
        let page = app.get(&page_of(id)).await;
        assert!(page.body.contains("Paused: waiting for the GP"), "{b:?}");
        assert_eq!(page.texts("#response").len(), 1, "the respond form");
        let answer = [("message", "No rash; pitting of two nails.")];
        assert_back_to(&act(&app, id, "respond", &answer).await, id);
        let r = stored(&app, id).await;
        assert_eq!(r.status, "sent");
        assert!(r.paused_since.is_none());

        app.new_session();
        app.sign_in_demo("specialist").await;
        let page = app.get(&page_of(id)).await;
        assert!(page.body.contains("Sent the information asked for"));
        let due = joinedup_core::clock::display(r.due_at.unwrap());
        assert!(page.body.contains(&due), "the clock runs again");
    }
}

#[tokio::test]
async fn converting_to_a_referral_is_refused_when_the_gp_said_no() {
    for b in backends() {
        let mut app = spawn_app(b).await;
        let id = gp_sends(&app, "no").await;
        app.new_session();
        app.sign_in_demo("specialist").await;
        let page = app.get(&page_of(id)).await;
        assert!(
            !page.body.contains("value=\"converted_to_referral\""),
            "{b:?}: not offered"
        );
        let convert = [
            ("outcome", "converted_to_referral"),
            ("advice", "Booking a clinic."),
            ("patient_summary", "The hospital will write to you."),
        ];
        let refused = act(&app, id, "reply", &convert).await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(refused.texts("#outcome-error")[0].contains("did not authorise conversion"));
        assert_eq!(refused.texts("#advice")[0], "Booking a clinic.");
        assert_eq!(stored(&app, id).await.status, "sent");
    }
}

#[tokio::test]
async fn the_second_of_two_specialists_replying_sees_the_change_and_keeps_their_text() {
    for b in backends() {
        let mut app = spawn_app(b).await;
        let rheum = rheumatology(&app).await;
        let second =
            add_service_account(&app, "second.specialist", "Dr Second", "specialist", rheum).await;
        let id = gp_sends(&app, "yes").await;
        let seen = stored(&app, id).await.version.to_string();

        app.new_session();
        app.sign_in_demo("specialist").await;
        let first = [
            ("outcome", "advice_given"),
            ("advice", ADVICE),
            ("patient_summary", SUMMARY),
        ];
        assert_back_to(&act(&app, id, "reply", &first).await, id);

        app.new_session();
        app.sign_in_demo(&second).await;
        let token = app.csrf(&page_of(id)).await;
        let mine = "Try hydroxychloroquine first.";
        let late = app
            .post(
                &format!("/advice/{id}/reply"),
                &[
                    ("csrf_token", &token),
                    ("expected_version", &seen),
                    ("outcome", "advice_given"),
                    ("advice", mine),
                    ("patient_summary", "A milder medicine first."),
                ],
            )
            .await;
        assert_eq!(late.status, StatusCode::CONFLICT, "{b:?}");
        assert_eq!(
            late.texts(".nhsuk-error-summary__list a"),
            vec![CHANGED_MESSAGE]
        );
        assert_eq!(late.texts("#advice")[0], mine, "what they typed is kept");
        assert_eq!(
            late.texts("#patient_summary")[0],
            "A milder medicine first."
        );
        assert!(
            late.texts(".joinedup-preline").iter().any(|t| t == ADVICE),
            "the latest version"
        );
    }
}

#[tokio::test]
async fn a_small_png_is_attached_and_downloaded_with_its_type() {
    for b in backends() {
        let app = spawn_app(b).await;
        let id = gp_sends(&app, "yes").await;
        let path = format!("/advice/{id}/attachments");
        let file = ("attachment", "hand photo.png", "image/png", PNG);
        let no_token = app.post_multipart(&path, &[], file).await;
        assert_eq!(no_token.status, StatusCode::BAD_REQUEST, "{b:?}");
        let token = app.csrf(&page_of(id)).await;
        let added = app
            .post_multipart(&path, &[("csrf_token", &token)], file)
            .await;
        assert_back_to(&added, id);
        let page = app.get(&page_of(id)).await;
        let link = page
            .html()
            .select(&sel("#attachments ~ ul a"))
            .next()
            .and_then(|a| a.value().attr("href").map(str::to_owned))
            .expect("a download link");
        let res = app.client.get(app.url(&link)).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::OK);
        let h = |n: &str| res.headers().get(n).unwrap().to_str().unwrap().to_owned();
        assert_eq!(h("content-type"), "image/png");
        assert!(h("content-disposition").starts_with("attachment; filename=\"hand photo.png\""));
        assert_eq!(h("x-content-type-options"), "nosniff");
        assert_eq!(res.bytes().await.unwrap().as_ref(), PNG);
    }
}

#[tokio::test]
async fn a_file_named_jpg_that_holds_html_is_refused_beside_the_file_field() {
    for b in backends() {
        let app = spawn_app(b).await;
        let id = gp_sends(&app, "yes").await;
        let token = app.csrf(&page_of(id)).await;
        let html = b"<html><script>alert(1)</script></html>".as_slice();
        let refused = app
            .post_multipart(
                &format!("/advice/{id}/attachments"),
                &[("csrf_token", &token)],
                ("attachment", "x.jpg", "image/jpeg", html),
            )
            .await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{b:?}");
        assert!(
            refused.texts("#attachment-error")[0]
                .contains("The selected file must be a JPG, PNG or PDF")
        );
        assert_eq!(
            refused.texts(".nhsuk-error-summary__list a"),
            vec!["The selected file must be a JPG, PNG or PDF"]
        );
        let stored = advice_attachment::Entity::find()
            .count(app.db.store.db())
            .await
            .unwrap();
        assert_eq!(stored, 0);
    }
}

#[tokio::test]
async fn the_patient_reads_the_plain_english_summary_but_not_the_request() {
    for b in backends() {
        let mut app = spawn_app(b).await;
        let (patient, _) = jordan(&app).await;
        let id = gp_sends(&app, "yes").await;
        app.new_session();
        app.sign_in_demo("specialist").await;
        let fields = [
            ("outcome", "advice_given"),
            ("advice", ADVICE),
            ("patient_summary", SUMMARY),
        ];
        assert_back_to(&act(&app, id, "reply", &fields).await, id);

        app.new_session();
        app.sign_in_demo("patient").await;
        let record = app.get("/my-record").await;
        let href = format!("/my-record/{patient}/advice");
        assert!(record.body.contains(&href), "{b:?}: linked from the record");
        let page = app.get(&href).await;
        assert_eq!(page.status, StatusCode::OK);
        assert_eq!(page.texts("h1"), vec!["Advice your GP asked for"]);
        assert!(page.body.contains("Your GP has advice from a specialist"));
        assert!(page.texts(".joinedup-preline").iter().any(|t| t == SUMMARY));
        assert!(
            !page.body.contains("methotrexate 15 mg"),
            "the GP's advice stays with the GP"
        );
        assert_eq!(app.get(&page_of(id)).await.status, StatusCode::NOT_FOUND);
        assert_eq!(app.get("/advice").await.status, StatusCode::NOT_FOUND);
    }
}

#[tokio::test]
async fn an_overdue_request_is_marked_in_the_inbox_and_the_filters_narrow_the_lists() {
    use sea_orm::sea_query::Expr;
    for b in backends() {
        let mut app = spawn_app(b).await;
        let id = gp_sends(&app, "yes").await;
        let practice = first_organisation_of(&app, "practice").await;
        let mine = app.listed("/advice?mine=1", &page_of(id)).await;
        assert!(mine.is_some(), "{b:?}: the GP sent it");
        let past = joinedup_store::now() - time::Duration::days(3);
        advice_request::Entity::update_many()
            .col_expr(advice_request::Column::DueAt, Expr::value(past))
            .filter(advice_request::Column::Id.eq(id))
            .exec(app.db.store.db())
            .await
            .unwrap();

        app.new_session();
        app.sign_in_demo_for("practice", practice).await;
        let theirs = app.listed("/advice?mine=1", &page_of(id)).await;
        assert!(theirs.is_none(), "not written by practice staff");
        let all = app.listed("/advice", &page_of(id)).await;
        assert!(all.is_some(), "but the practice's");

        app.new_session();
        app.sign_in_demo("specialist").await;
        let (inbox, class) = app
            .listed("/advice?overdue=1", &page_of(id))
            .await
            .expect("listed as overdue");
        assert!(class.contains("joinedup-row--overdue"));
        let rows = inbox.html().select(&sel("tbody tr")).count();
        let marked = inbox.texts("tbody tr .nhsuk-tag--red");
        assert_eq!(marked.len(), rows, "every row is overdue: {marked:?}");
        assert!(marked.iter().all(|t| t == "Overdue"));
        let urgent = app.listed("/advice?urgency=urgent", &page_of(id)).await;
        assert!(urgent.is_none(), "a routine request");
    }
}

#[tokio::test]
async fn the_icb_sees_each_services_figures_and_overdue_requests_and_others_do_not() {
    for b in backends() {
        let mut app = spawn_app(b).await;
        app.sign_in_demo("icb").await;
        let page = app.get("/advice/figures").await;
        assert_eq!(page.status, StatusCode::OK, "{b:?}");
        assert!(page.body.contains("Advice and guidance by service"));
        // The demo sends most requests to King's Rheumatology, two of them overdue.
        let rows = page.texts("tbody tr");
        let rheumatology = rows
            .iter()
            .find(|r| r.starts_with("Rheumatology, King"))
            .unwrap_or_else(|| panic!("{b:?}: no Rheumatology row in {rows:?}"));
        let cells: Vec<&str> = rheumatology.split_whitespace().collect();
        let overdue: u64 = cells.last().unwrap().parse().unwrap();
        assert!(overdue >= 1, "{rheumatology}");
        assert!(
            app.get("/home").await.body.contains("/advice/figures"),
            "the ICB's home page leads to the figures"
        );
        for role in ["gp", "specialist", "patient"] {
            app.new_session();
            app.sign_in_demo(role).await;
            assert_eq!(
                app.get("/advice/figures").await.status,
                StatusCode::NOT_FOUND,
                "{b:?}: {role}"
            );
        }
    }
}

#[tokio::test]
async fn the_service_sees_a_plain_english_check_of_its_summary_for_the_patient() {
    for b in backends() {
        let mut app = spawn_app(b).await;
        let id = gp_sends(&app, "yes").await;
        app.new_session();
        app.sign_in_demo("specialist").await;
        let fields = [
            ("outcome", "advice_given"),
            ("advice", "Start methotrexate 15 mg weekly."),
            (
                "patient_summary",
                "Start MTX 15mg OD weekly. Check U&Es in 2/52.",
            ),
        ];
        assert_back_to(&act(&app, id, "reply", &fields).await, id);
        let page = app.get(&page_of(id)).await;
        let notes = page.texts("#summary-check li").join(" | ");
        assert!(notes.contains("U&E"), "{notes}");
        assert!(notes.contains("2 weeks"), "{notes}");
        app.new_session();
        app.sign_in_demo("gp").await;
        let gp_page = app.get(&page_of(id)).await;
        assert!(
            gp_page.texts("#summary-check").is_empty(),
            "the check is the service's"
        );
    }
}
