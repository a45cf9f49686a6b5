//! The letters pages through HTTP on every backend: writing, checking, signing and sending; the
//! practice's inbox, acknowledgement and GP actions; the patient's letters; checking existing
//! letters; the PDF.

mod common;

use common::{TestApp, actor_of, spawn_app};
use joinedup_store::letters::entity::{letter, letter_action, letter_query};
use joinedup_store::people::caseload;
use joinedup_store::people::entity::patient;
use joinedup_store::testing::backends;
use reqwest::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use uuid::Uuid;

/// Jordan Ellis, the demo patient, put on the demo specialist's service's caseload.
async fn jordan_under_rheumatology(app: &TestApp) -> patient::Model {
    let p = patient::Entity::find()
        .filter(patient::Column::GivenName.eq("Jordan"))
        .filter(patient::Column::FamilyName.eq("Ellis"))
        .one(app.db.store.db())
        .await
        .unwrap()
        .expect("the demo patient");
    let service = actor_of(app, "specialist").await.service_id.unwrap();
    caseload::add(app.db.store.db(), service, p.id, "referral")
        .await
        .unwrap();
    p
}

fn yesterday() -> String {
    let d = time::OffsetDateTime::now_utc().date() - time::Duration::days(1);
    format!("{}/{}/{}", d.day(), d.month() as u8, d.year())
}

fn in_days(n: i64) -> String {
    let d = time::OffsetDateTime::now_utc().date() + time::Duration::days(n);
    format!("{}/{}/{}", d.day(), d.month() as u8, d.year())
}

/// A complete letter's fields (with `extra` added), as the form posts them.
fn letter_fields(nhs: &str, extra: &[(&'static str, String)]) -> Vec<(&'static str, String)> {
    let mut f = vec![
        ("nhs_number", nhs.to_owned()),
        ("kind", "clinic_letter".to_owned()),
        ("event_date", yesterday()),
        ("event_time", "10:30".to_owned()),
        ("addressee", "patient".to_owned()),
        (
            "summary",
            "You came to the joint clinic. Your wrists are swollen because of arthritis."
                .to_owned(),
        ),
        ("follow_up", "We will see you again in 3 months.".to_owned()),
        (
            "gp_actions.0.text",
            "Check your kidney blood test in 2 weeks".to_owned(),
        ),
        ("gp_actions.0.due", in_days(14)),
        ("gp_actions.1.text", "Check your blood pressure".to_owned()),
        ("gp_actions.1.due", in_days(7)),
    ];
    f.extend(extra.iter().cloned());
    f
}

async fn letters_count(app: &TestApp) -> u64 {
    letter::Entity::find()
        .count(app.db.store.db())
        .await
        .unwrap()
}

/// A patient the specialist's service does not care for.
async fn not_under_rheumatology(app: &TestApp) -> patient::Model {
    use joinedup_store::people::entity::service_patient;
    let service = actor_of(app, "specialist").await.service_id.unwrap();
    let cared: Vec<Uuid> = service_patient::Entity::find()
        .filter(service_patient::Column::ServiceId.eq(service))
        .all(app.db.store.db())
        .await
        .unwrap()
        .into_iter()
        .map(|c| c.patient_id)
        .collect();
    patient::Entity::find()
        .filter(patient::Column::Id.is_not_in(cared))
        .one(app.db.store.db())
        .await
        .unwrap()
        .expect("a patient elsewhere")
}

fn id_from(location: &str) -> Uuid {
    location
        .trim_start_matches("/letters/")
        .parse()
        .expect("a letter's page")
}

#[tokio::test]
async fn a_letter_is_checked_saved_signed_sent_acknowledged_and_read_by_the_patient() {
    for b in backends() {
        let app = spawn_app(b).await;
        let jordan = jordan_under_rheumatology(&app).await;
        let before = letters_count(&app).await;
        app.sign_in_demo("specialist").await;
        assert_eq!(app.get("/letters/new").await.status, StatusCode::OK);

        let jargon = letter_fields(
            &jordan.nhs_number,
            &[
                (
                    "results",
                    "U&Es normal. Started methotrexate 15mg weekly, review 3/12.".to_owned(),
                ),
                ("intent", "check".to_owned()),
            ],
        );
        let checked = app.submit("/letters/new", "/letters/new", &jargon).await;
        assert_eq!(checked.status, StatusCode::OK);
        assert!(
            checked.body.contains("kidney"),
            "the plain alternative for U&amp;Es is shown"
        );
        assert!(checked.body.contains("3 months"), "3/12 is explained");
        assert_eq!(letters_count(&app).await, before, "checking stores nothing");

        let saved = app
            .submit(
                "/letters/new",
                "/letters/new",
                &letter_fields(&jordan.nhs_number, &[("intent", "save".to_owned())]),
            )
            .await;
        assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
        let id = id_from(saved.location.as_deref().unwrap());
        let edit = format!("/letters/{id}/edit");
        let unsigned = letter_fields(
            &jordan.nhs_number,
            &[("version", "2".into()), ("intent", "send".into())],
        );
        let refused = app.submit(&edit, &edit, &unsigned).await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            refused
                .body
                .contains("Confirm that you have checked this letter")
        );
        let signed = letter_fields(
            &jordan.nhs_number,
            &[
                ("version", "2".into()),
                ("signed", "yes".into()),
                ("intent", "send".into()),
            ],
        );
        let sent = app.submit(&edit, &edit, &signed).await;
        assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
        let row = letter::Entity::find_by_id(id)
            .one(app.db.store.db())
            .await
            .unwrap()
            .unwrap();
        assert_eq!(row.status, "sent");
        assert_eq!(
            row.plain,
            Some(true),
            "a plain letter to the patient is judged plain"
        );
        let page = app.get(&format!("/letters/{id}")).await;
        assert!(page.body.contains("Letter signed and sent"));

        let mut gp = app;
        gp.new_session();
        gp.sign_in_demo("gp").await;
        let inbox = gp.get("/letters").await;
        assert!(
            inbox.body.contains(&format!("/letters/{id}")),
            "the practice's inbox lists it"
        );
        let ack = gp
            .submit(
                &format!("/letters/{id}"),
                &format!("/letters/{id}/acknowledge"),
                &[],
            )
            .await;
        assert_eq!(ack.status, StatusCode::SEE_OTHER);
        let row = letter::Entity::find_by_id(id)
            .one(gp.db.store.db())
            .await
            .unwrap()
            .unwrap();
        assert_eq!(row.status, "acknowledged");

        let actions = letter_action::Entity::find()
            .filter(letter_action::Column::LetterId.eq(id))
            .all(gp.db.store.db())
            .await
            .unwrap();
        let first = actions.iter().find(|a| a.position == 0).unwrap().id;
        let path = format!("/letters/{id}/actions/{first}");
        let state = format!("state-{first}");
        let reason = format!("reason-{first}");
        let no_reason = gp
            .submit(
                &format!("/letters/{id}"),
                &path,
                &[
                    (state.as_str(), "declined".into()),
                    (reason.as_str(), "".into()),
                ],
            )
            .await;
        assert_eq!(no_reason.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(no_reason.body.contains("Enter why this is not the GP"));
        let declined = gp
            .submit(
                &format!("/letters/{id}"),
                &path,
                &[
                    (state.as_str(), "declined".into()),
                    (reason.as_str(), "The hospital ordered this test".into()),
                ],
            )
            .await;
        assert_eq!(declined.status, StatusCode::SEE_OTHER);

        let pdf = gp.get(&format!("/letters/{id}/letter.pdf")).await;
        assert_eq!(pdf.status, StatusCode::OK);
        assert_eq!(pdf.headers["content-type"], "application/pdf");
        assert!(pdf.body.starts_with("%PDF-"));

        let mut patient = gp;
        patient.new_session();
        patient.sign_in_demo("patient").await;
        let mine = patient.get("/letters").await;
        assert!(mine.body.contains(&format!("/letters/{id}")));
        let read = patient.get(&format!("/letters/{id}")).await;
        assert_eq!(read.status, StatusCode::OK);
        assert!(
            read.body.contains("Do you understand this letter?"),
            "the patient can say it is unclear"
        );
        let told = patient
            .submit(
                &format!("/letters/{id}"),
                &format!("/letters/{id}/not-understood"),
                &[("message", "What does arthritis mean?".into())],
            )
            .await;
        assert_eq!(told.status, StatusCode::SEE_OTHER);
        let queries = letter_query::Entity::find()
            .filter(letter_query::Column::LetterId.eq(id))
            .all(patient.db.store.db())
            .await
            .unwrap();
        assert_eq!(queries.len(), 1);
        assert_eq!(queries[0].message, "What does arthritis mean?");
    }
}

#[tokio::test]
async fn a_patient_not_under_the_service_and_an_undated_action_are_refused_beside_their_fields() {
    for b in backends() {
        let app = spawn_app(b).await;
        let jordan = jordan_under_rheumatology(&app).await;
        let other = not_under_rheumatology(&app).await;
        let before = letters_count(&app).await;
        app.sign_in_demo("specialist").await;
        let not_ours = app
            .submit(
                "/letters/new",
                "/letters/new",
                &letter_fields(&other.nhs_number, &[("intent", "save".into())]),
            )
            .await;
        assert_eq!(not_ours.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(not_ours.body.contains("not under the care of your service"));
        assert!(
            not_ours.body.contains("href=\"#nhs_number\""),
            "the summary links to the field"
        );

        let undated = letter_fields(
            &jordan.nhs_number,
            &[
                ("gp_actions.2.text", "Repeat the chest X-ray".into()),
                ("intent", "save".into()),
            ],
        );
        let refused = app.submit("/letters/new", "/letters/new", &undated).await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            refused.body.contains("href=\"#gp_actions.2.due\""),
            "{}",
            refused.body
        );
        assert!(
            refused.body.contains("value=\"Repeat the chest X-ray\""),
            "what was typed is kept"
        );
        assert_eq!(letters_count(&app).await, before, "nothing is half-saved");
    }
}

#[tokio::test]
async fn a_secretary_drafts_but_cannot_sign_and_the_practice_never_sees_drafts() {
    for b in backends() {
        let app = spawn_app(b).await;
        let jordan = jordan_under_rheumatology(&app).await;
        app.sign_in_demo("secretary").await;
        let form = app.get("/letters/new").await;
        assert!(
            form.body
                .contains("A specialist must check and sign the letter")
        );
        let saved = app
            .submit(
                "/letters/new",
                "/letters/new",
                &letter_fields(&jordan.nhs_number, &[("intent", "save".into())]),
            )
            .await;
        assert_eq!(saved.status, StatusCode::SEE_OTHER);
        let id = id_from(saved.location.as_deref().unwrap());
        let edit = format!("/letters/{id}/edit");
        let send = app
            .submit(
                &edit,
                &edit,
                &letter_fields(
                    &jordan.nhs_number,
                    &[
                        ("version", "2".into()),
                        ("signed", "yes".into()),
                        ("intent", "send".into()),
                    ],
                ),
            )
            .await;
        assert_eq!(send.status, StatusCode::FORBIDDEN);
        let mut gp = app;
        gp.new_session();
        gp.sign_in_demo("gp").await;
        assert_eq!(
            gp.get(&format!("/letters/{id}")).await.status,
            StatusCode::NOT_FOUND
        );
        assert_eq!(
            gp.get(&format!("/letters/{id}/letter.pdf")).await.status,
            StatusCode::NOT_FOUND
        );
    }
}

#[tokio::test]
async fn existing_letters_are_checked_from_text_files_and_nothing_is_stored() {
    for b in backends() {
        let app = spawn_app(b).await;
        let before = letters_count(&app).await;
        app.sign_in_demo("specialist").await;
        let token = app.csrf("/letters/check").await;
        let page = app
            .post_multipart(
                "/letters/check",
                &[("csrf_token", &token), ("text", "")],
                (
                    "files",
                    "old-letter.txt",
                    "text/plain",
                    b"Dear Dr Smith,\n\nSOB on exertion. Please refer to cardiology. F/U 6/52.\n",
                ),
            )
            .await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.body);
        assert!(page.body.contains("old-letter.txt"));
        assert!(page.body.contains("Needs work"));
        assert!(page.body.contains("short of breath"));
        assert_eq!(letters_count(&app).await, before);
        let mut gp = app;
        gp.new_session();
        gp.sign_in_demo("gp").await;
        assert_eq!(gp.get("/letters/check").await.status, StatusCode::NOT_FOUND);
    }
}

#[tokio::test]
async fn the_icb_sees_letters_figures_by_trust_service_and_practice_and_others_do_not() {
    for b in backends() {
        let app = spawn_app(b).await;
        let jordan = jordan_under_rheumatology(&app).await;
        app.sign_in_demo("specialist").await;
        let fields = letter_fields(
            &jordan.nhs_number,
            &[("signed", "yes".into()), ("intent", "send".into())],
        );
        let sent = app.submit("/letters/new", "/letters/new", &fields).await;
        assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
        assert_eq!(
            app.get("/letters/figures").await.status,
            StatusCode::NOT_FOUND
        );
        let mut icb = app;
        icb.new_session();
        icb.sign_in_demo("icb").await;
        let by_service = icb.get("/letters/figures?by=service").await;
        assert_eq!(by_service.status, StatusCode::OK);
        let rheumatology = by_service
            .texts("tbody tr")
            .into_iter()
            .find(|r| r.contains("Rheumatology"))
            .expect("the service's row");
        let service = actor_of(&icb, "specialist").await.service_id.unwrap();
        let sent_by_service = letter::Entity::find()
            .filter(letter::Column::ServiceId.eq(service))
            .filter(letter::Column::SentAt.is_not_null())
            .count(icb.db.store.db())
            .await
            .unwrap();
        let cells: Vec<&str> = rheumatology.split_whitespace().collect();
        assert!(
            cells.contains(&sent_by_service.to_string().as_str()),
            "{sent_by_service} sent: {rheumatology}"
        );
        let by_practice = icb.get("/letters/figures?by=practice").await;
        assert!(!by_practice.texts("tbody tr").is_empty());
        assert_eq!(icb.get("/letters/figures").await.status, StatusCode::OK);
    }
}
