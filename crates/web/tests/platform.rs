//! Notifications, the outbox and its worker, the jobs page and the patient's access log, on every backend.

mod common;

use common::{TestApp, actor_of, client, spawn_app, spawn_app_with};
use joinedup_store::people::tokens;
use joinedup_store::testing::backends;
use reqwest::StatusCode;

async fn issue_token_for(app: &TestApp, local: &str) {
    let admin = actor_of(app, "admin").await;
    let who = actor_of(app, local).await;
    tokens::issue(
        &app.db.store,
        &admin,
        who.user_id,
        who.membership_id,
        "reporting",
    )
    .await
    .unwrap();
}

#[tokio::test]
async fn a_notification_shows_an_unread_count_in_the_header_until_read() {
    for b in backends() {
        let app = spawn_app(b).await;
        app.sign_in_demo("icb").await;
        let before = app.get("/home").await;
        assert!(before.texts("header a[href='/notifications']")[0].eq("Notifications"));
        issue_token_for(&app, "icb").await;
        let home = app.get("/home").await;
        assert_eq!(
            home.texts("header a[href='/notifications']")[0],
            "Notifications (1 unread)"
        );
        let page = app.get("/notifications").await;
        assert!(
            page.body
                .contains("An API token was issued for your account")
        );
        let token = page.input_value("csrf_token").unwrap();
        let res = app
            .post("/notifications/read-all", &[("csrf_token", &token)])
            .await;
        assert_eq!(res.status, StatusCode::SEE_OTHER);
        assert_eq!(
            app.get("/home")
                .await
                .texts("header a[href='/notifications']")[0],
            "Notifications"
        );
    }
}

#[tokio::test]
async fn in_demo_mode_email_goes_through_the_outbox_to_the_demo_mailbox() {
    for b in backends() {
        let app = spawn_app(b).await;
        issue_token_for(&app, "moderator").await;
        app.worker.drain().await;
        app.sign_in_demo("moderator").await;
        let mailbox = app.get("/mailbox").await;
        assert_eq!(mailbox.status, StatusCode::OK);
        assert!(
            mailbox
                .body
                .contains("An API token was issued for your account"),
            "{}",
            mailbox.body
        );
        assert!(mailbox.body.contains("moderator@demo.joinedup.test"));
    }
}

#[tokio::test]
async fn without_smtp_an_email_job_fails_visibly_for_administrators() {
    for b in backends() {
        let mut app = spawn_app_with(b, |c| c.demo = false).await;
        issue_token_for(&app, "practice").await;
        app.worker.drain().await;
        app.sign_in_demo("admin").await;
        let jobs = app.get("/admin/jobs").await;
        assert_eq!(jobs.status, StatusCode::OK);
        assert!(jobs.body.contains("email.send"));
        assert!(
            jobs.body.contains("no SMTP server is configured"),
            "{}",
            jobs.body
        );
        assert_eq!(
            app.get("/mailbox").await.status,
            StatusCode::NOT_FOUND,
            "no demo mailbox outside demo mode"
        );

        app.client = client();
        app.sign_in_demo("gp").await;
        assert_eq!(app.get("/admin/jobs").await.status, StatusCode::NOT_FOUND);
    }
}

#[tokio::test]
async fn a_patient_sees_who_has_looked_at_their_record() {
    for b in backends() {
        let mut app = spawn_app(b).await;
        let me = actor_of(&app, "patient").await;
        let record = me.linked_patient_ids[0];
        // The practice looks at the record.
        app.sign_in_demo("practice").await;
        assert_eq!(
            app.get(&format!("/patients/{record}")).await.status,
            StatusCode::OK
        );

        app.client = client();
        app.sign_in_demo("patient").await;
        let mine = app.get("/my-record").await;
        assert!(mine.body.contains(&format!("/my-record/{record}/access")));
        let log = app.get(&format!("/my-record/{record}/access")).await;
        assert_eq!(log.status, StatusCode::OK);
        let rows = log.texts("tbody tr");
        let staff = rows
            .iter()
            .find(|r| r.contains("Practice staff"))
            .expect("the practice's view is listed");
        assert!(staff.contains("Looked at the record summary"), "{staff}");
        assert!(staff.contains("(G99"), "with the organisation: {staff}");

        // Not someone else's.
        let carer = actor_of(&app, "carer").await;
        let other = carer.linked_patient_ids[0];
        assert_eq!(
            app.get(&format!("/my-record/{other}/access")).await.status,
            StatusCode::NOT_FOUND
        );
    }
}
