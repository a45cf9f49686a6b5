//! Administration and "where you are signed in" through HTTP, on every backend.

mod common;

use common::{TestApp, client, spawn_app};
use joinedup_store::audit::entity::audit_log;
use joinedup_store::demo::DEMO_PASSWORD;
use joinedup_store::people::entity::{organisation, user};
use joinedup_store::people::tokens;
use joinedup_store::testing::backends;
use reqwest::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use uuid::Uuid;

async fn user_id(app: &TestApp, local: &str) -> Uuid {
    user::Entity::find()
        .filter(user::Column::Email.eq(format!("{local}@demo.joinedup.test")))
        .one(app.db.store.db())
        .await
        .unwrap()
        .unwrap()
        .id
}

/// The audit actions about one record, oldest first.
async fn audited(app: &TestApp, id: Uuid) -> Vec<String> {
    audit_log::Entity::find()
        .filter(audit_log::Column::RecordId.eq(id.to_string()))
        .order_by_asc(audit_log::Column::Id)
        .all(app.db.store.db())
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.action)
        .collect()
}

/// Posts `form` to `action` with the CSRF token of the page at `from`.
async fn submit(app: &TestApp, from: &str, action: &str, form: &[(&str, &str)]) -> common::Page {
    let token = app.csrf(from).await;
    let mut fields = vec![("csrf_token", token.as_str())];
    fields.extend_from_slice(form);
    app.post(action, &fields).await
}

/// The id at the end of a redirect such as `/admin/users/{id}?done=created`.
fn id_in(location: &Option<String>) -> Uuid {
    let path = location
        .as_deref()
        .expect("redirect")
        .split('?')
        .next()
        .unwrap();
    path.rsplit('/')
        .next()
        .unwrap()
        .parse()
        .expect("id in the address")
}

#[tokio::test]
async fn every_administration_page_answers_404_to_anyone_but_an_administrator() {
    for b in backends() {
        let mut app = spawn_app(b).await;
        let admin = user_id(&app, "admin").await;
        let practice = organisation::Entity::find()
            .one(app.db.store.db())
            .await
            .unwrap()
            .unwrap();
        let pages = [
            "/admin".to_owned(),
            "/admin/organisations".to_owned(),
            "/admin/organisations/new".to_owned(),
            format!("/admin/organisations/{}", practice.id),
            "/admin/services".to_owned(),
            "/admin/users".to_owned(),
            "/admin/users/new".to_owned(),
            format!("/admin/users/{admin}"),
            format!("/admin/users/{admin}/password"),
            format!("/admin/users/{admin}/tokens/new"),
        ];
        for local in ["gp", "icb", "moderator", "patient"] {
            app.client = client();
            app.sign_in_demo(local).await;
            for page in &pages {
                assert_eq!(
                    app.get(page).await.status,
                    StatusCode::NOT_FOUND,
                    "{local} {page}"
                );
            }
            let res = submit(&app, "/home", &format!("/admin/users/{admin}/disable"), &[]).await;
            assert_eq!(res.status, StatusCode::NOT_FOUND, "{local}");
        }
        let u = user::Entity::find_by_id(admin)
            .one(app.db.store.db())
            .await
            .unwrap()
            .unwrap();
        assert!(u.active);
    }
}

#[tokio::test]
async fn the_administrator_reaches_organisations_services_and_users_from_the_home_page() {
    for b in backends() {
        let app = spawn_app(b).await;
        app.sign_in_demo("admin").await;
        let home = app.get("/home").await;
        assert!(home.body.contains("href=\"/admin\""));
        let admin = app.get("/admin").await;
        assert_eq!(admin.status, StatusCode::OK);
        assert_eq!(
            admin.texts(".nhsuk-card__link"),
            vec!["Organisations", "Services", "Users"]
        );
        assert!(!admin.body.contains("not available yet"));
        for page in ["/admin/organisations", "/admin/services", "/admin/users"] {
            assert_eq!(app.get(page).await.status, StatusCode::OK, "{page}");
        }
        let kings = app
            .get("/admin/organisations?q=king%27s+college&kind=trust")
            .await;
        assert_eq!(
            kings.texts("tbody a"),
            vec!["King's College Hospital NHS Foundation Trust"]
        );
    }
}

#[tokio::test]
async fn a_bad_or_taken_ods_code_is_shown_beside_the_field_and_every_change_is_audited() {
    for b in backends() {
        let app = spawn_app(b).await;
        app.sign_in_demo("admin").await;
        let new = "/admin/organisations/new";
        let form = |ods: &'static str, name: &'static str| {
            vec![
                ("kind", "gp_practice"),
                ("ods_code", ods),
                ("name", name),
                ("borough", "lewisham"),
            ]
        };
        let bad = submit(&app, new, new, &form("GG5001", "Catford Bridge Surgery")).await;
        assert_eq!(bad.status, StatusCode::OK);
        assert!(bad.texts("title")[0].starts_with("Error:"));
        assert_eq!(bad.texts("#ods_code-error").len(), 1);
        assert!(bad.texts("#ods_code-error")[0].contains("letter followed by 5 digits"));
        assert_eq!(
            bad.input_value("name").as_deref(),
            Some("Catford Bridge Surgery")
        );
        let taken = submit(&app, new, new, &form("G99101", "Catford Bridge Surgery")).await;
        assert!(
            taken.texts("#ods_code-error")[0].contains("already used"),
            "{}",
            taken.body
        );
        let sel = scraper::Selector::parse(".nhsuk-error-summary__list a").unwrap();
        let hrefs: Vec<_> = taken
            .html()
            .select(&sel)
            .map(|a| a.value().attr("href").unwrap().to_owned())
            .collect();
        assert_eq!(hrefs, vec!["#ods_code"]);

        let made = submit(&app, new, new, &form("G55555", "Catford Bridge Surgery")).await;
        assert_eq!(made.status, StatusCode::SEE_OTHER, "{}", made.body);
        let id = id_in(&made.location);
        let page = app.get(made.location.as_deref().unwrap()).await;
        assert_eq!(page.texts("h1"), vec!["Catford Bridge Surgery"]);
        assert!(page.body.contains("nhsuk-notification-banner--success"));

        let edit = format!("/admin/organisations/{id}/edit");
        let clash = submit(
            &app,
            &edit,
            &edit,
            &form("G99101", "Catford Bridge Surgery"),
        )
        .await;
        assert_eq!(clash.texts("#ods_code-error").len(), 1);
        let saved = submit(
            &app,
            &edit,
            &edit,
            &form("G55555", "Catford Bridge Medical Centre"),
        )
        .await;
        assert_eq!(saved.status, StatusCode::SEE_OTHER);
        let show = format!("/admin/organisations/{id}");
        let off = submit(&app, &show, &format!("{show}/disable"), &[]).await;
        assert_eq!(off.status, StatusCode::SEE_OTHER);
        let page = app.get(&show).await;
        assert!(page.body.contains("Disabled"));
        assert!(page.body.contains("Enable organisation"));
        assert_eq!(
            audited(&app, id).await,
            vec![
                "organisation.create",
                "organisation.update",
                "organisation.disable"
            ]
        );
    }
}

#[tokio::test]
async fn a_user_with_an_email_already_in_use_is_refused_beside_the_email_field() {
    for b in backends() {
        let app = spawn_app(b).await;
        app.sign_in_demo("admin").await;
        let new = "/admin/users/new";
        let res = submit(
            &app,
            new,
            new,
            &[
                ("email", "Practice@demo.joinedup.test"),
                ("display_name", "Someone Else"),
                ("password", "a long enough password"),
            ],
        )
        .await;
        assert_eq!(res.status, StatusCode::OK);
        assert_eq!(
            res.texts("#email-error"),
            vec!["Error: A user with this email address already exists"]
        );
        assert!(res.texts("title")[0].starts_with("Error:"));
        let short = submit(
            &app,
            new,
            new,
            &[
                ("email", "new@example.org"),
                ("display_name", "New"),
                ("password", "short"),
            ],
        )
        .await;
        assert_eq!(short.texts("#password-error").len(), 1);
        assert!(
            short.input_value("password").is_none(),
            "a password is never sent back"
        );
    }
}

#[tokio::test]
async fn disabling_a_user_signs_them_out_at_once_and_they_cannot_sign_back_in() {
    for b in backends() {
        let mut app = spawn_app(b).await;
        let (staff, admin) = (client(), client());
        app.client = staff.clone();
        app.sign_in_demo("practice").await;
        assert_eq!(app.get("/home").await.status, StatusCode::OK);

        app.client = admin.clone();
        app.sign_in_demo("admin").await;
        let id = user_id(&app, "practice").await;
        let page = format!("/admin/users/{id}");
        let res = submit(&app, &page, &format!("{page}/disable"), &[]).await;
        assert_eq!(res.status, StatusCode::SEE_OTHER);
        let shown = app.get(res.location.as_deref().unwrap()).await;
        assert!(shown.body.contains("signed out everywhere"));

        app.client = staff.clone();
        let next = app.get("/home").await;
        assert_eq!(next.status, StatusCode::SEE_OTHER);
        assert!(next.location.unwrap().starts_with("/sign-in"));
        let again = app
            .sign_in_as("practice@demo.joinedup.test", DEMO_PASSWORD)
            .await;
        assert_eq!(again.status, StatusCode::OK, "refused");
        assert_eq!(again.texts("#email-error").len(), 1);

        app.client = admin;
        let own = user_id(&app, "admin").await;
        let own_page = format!("/admin/users/{own}");
        assert!(
            app.get(&own_page)
                .await
                .body
                .contains("You cannot disable your own account")
        );
        let refused = submit(&app, &own_page, &format!("{own_page}/disable"), &[]).await;
        assert_eq!(refused.status, StatusCode::OK);
        assert_eq!(refused.texts(".nhsuk-error-summary__list a").len(), 1);
        assert_eq!(audited(&app, id).await, vec!["user.disable"]);
    }
}

#[tokio::test]
async fn a_password_reset_lets_the_new_password_in_and_keeps_the_old_one_out() {
    for b in backends() {
        let mut app = spawn_app(b).await;
        app.sign_in_demo("admin").await;
        let id = user_id(&app, "pharmacist").await;
        let page = format!("/admin/users/{id}/password");
        let short = submit(&app, &page, &page, &[("password", "too short")]).await;
        assert_eq!(short.texts("#password-error").len(), 1);
        let res = submit(&app, &page, &page, &[("password", "correct horse battery")]).await;
        assert_eq!(res.status, StatusCode::SEE_OTHER);

        app.client = client();
        let old = app
            .sign_in_as("pharmacist@demo.joinedup.test", DEMO_PASSWORD)
            .await;
        assert_eq!(old.status, StatusCode::OK, "old password refused");
        let new = app
            .sign_in_as("pharmacist@demo.joinedup.test", "correct horse battery")
            .await;
        assert_eq!(new.status, StatusCode::SEE_OTHER);
        assert_eq!(app.get("/home").await.status, StatusCode::OK);
        assert_eq!(audited(&app, id).await, vec!["user.reset_password"]);
    }
}

#[tokio::test]
async fn roles_are_added_only_for_the_right_kind_of_organisation_and_can_be_removed() {
    for b in backends() {
        let mut app = spawn_app(b).await;
        app.sign_in_demo("admin").await;
        let new = "/admin/users/new";
        let made = submit(
            &app,
            new,
            new,
            &[
                ("email", "locum.gp@example.org"),
                ("display_name", "Dr Locum"),
                ("password", "a long enough password"),
            ],
        )
        .await;
        let id = id_in(&made.location);
        let add = format!("/admin/users/{id}/memberships/new");
        let wrong = submit(
            &app,
            &add,
            &add,
            &[("role", "gp"), ("organisation_ods", "RJZ")],
        )
        .await;
        assert_eq!(wrong.status, StatusCode::OK);
        assert!(wrong.texts("#organisation_ods-error")[0].contains("GP practice"));
        let none = submit(&app, &add, &add, &[("organisation_ods", "G99101")]).await;
        assert_eq!(none.texts("#role-error").len(), 1);
        let ok = submit(
            &app,
            &add,
            &add,
            &[("role", "gp"), ("organisation_ods", "g99101")],
        )
        .await;
        assert_eq!(ok.status, StatusCode::SEE_OTHER, "{}", ok.body);
        let page = app.get(&format!("/admin/users/{id}")).await;
        assert!(page.body.contains("(G99101)"), "the role is listed");

        let admin = app.client.clone();
        let locum = client();
        app.client = locum.clone();
        let signed = app
            .sign_in_as("locum.gp@example.org", "a long enough password")
            .await;
        assert_eq!(signed.location.as_deref(), Some("/home"));

        app.client = admin;
        let sel = scraper::Selector::parse("form[action*=\"/memberships/\"]").unwrap();
        let action = page
            .html()
            .select(&sel)
            .next()
            .unwrap()
            .value()
            .attr("action")
            .unwrap()
            .to_owned();
        let removed = submit(&app, &format!("/admin/users/{id}"), &action, &[]).await;
        assert_eq!(removed.status, StatusCode::SEE_OTHER);
        app.client = locum;
        assert_eq!(
            app.get("/home").await.status,
            StatusCode::SEE_OTHER,
            "signed out"
        );
        let membership: Uuid = action.split('/').nth(5).unwrap().parse().unwrap();
        assert_eq!(
            audited(&app, membership).await,
            vec!["membership.add", "membership.remove"]
        );
    }
}

#[tokio::test]
async fn users_are_found_by_an_accented_name_and_listed_a_page_at_a_time() {
    for b in backends() {
        let app = spawn_app(b).await;
        app.sign_in_demo("admin").await;
        let new = "/admin/users/new";
        for i in 0..22 {
            let email = format!("bank.nurse{i}@example.org");
            let name = format!("Bank Nurse {i:02}");
            let res = submit(
                &app,
                new,
                new,
                &[
                    ("email", &email),
                    ("display_name", &name),
                    ("password", "a long enough password"),
                ],
            )
            .await;
            assert_eq!(res.status, StatusCode::SEE_OTHER);
        }
        submit(
            &app,
            new,
            new,
            &[
                ("email", "zoe@example.org"),
                ("display_name", "Zoë Ọkafọr"),
                ("password", "a long enough password"),
            ],
        )
        .await;
        let found = app.get("/admin/users?q=zoe+okafor").await;
        assert_eq!(found.texts("tbody a"), vec!["Zoë Ọkafọr"]);
        let first = app.get("/admin/users?q=bank+nurse").await;
        assert_eq!(first.texts("tbody tr").len(), 20);
        assert!(first.texts("h2")[0].starts_with("22 users"));
        let next = scraper::Selector::parse("a.nhsuk-pagination__link--next").unwrap();
        let href = first
            .html()
            .select(&next)
            .next()
            .expect("a next page link")
            .value()
            .attr("href")
            .unwrap()
            .to_owned();
        assert_eq!(href, "/admin/users?q=bank%20nurse&page=2");
        let second = app.get(&href).await;
        assert_eq!(
            second.texts("tbody a"),
            vec!["Bank Nurse 20", "Bank Nurse 21"]
        );
    }
}

#[tokio::test]
async fn an_api_token_is_shown_once_works_and_stops_working_when_revoked() {
    for b in backends() {
        let app = spawn_app(b).await;
        app.sign_in_demo("admin").await;
        let id = user_id(&app, "practice").await;
        let form_page = format!("/admin/users/{id}/tokens/new");
        let page = app.get(&form_page).await;
        let membership = page.input_value("membership_id").expect("a role to choose");
        let missing = submit(
            &app,
            &form_page,
            &form_page,
            &[("membership_id", &membership)],
        )
        .await;
        assert_eq!(missing.texts("#name-error").len(), 1);
        let issued = submit(
            &app,
            &form_page,
            &form_page,
            &[("name", "Practice system"), ("membership_id", &membership)],
        )
        .await;
        assert_eq!(issued.status, StatusCode::OK);
        assert!(issued.body.contains("Copy this token now"));
        let secret = issued.input_value("secret").unwrap_or_else(|| {
            let sel = scraper::Selector::parse("#secret").unwrap();
            issued
                .html()
                .select(&sel)
                .next()
                .unwrap()
                .value()
                .attr("value")
                .unwrap()
                .to_owned()
        });
        let (_, acting) = tokens::authenticate(&app.db.store, &secret)
            .await
            .unwrap()
            .expect("the token works");
        assert_eq!(acting.user_id, id);

        let user_page = app.get(&format!("/admin/users/{id}")).await;
        assert!(user_page.body.contains("Practice system"));
        assert!(
            !user_page.body.contains(&secret),
            "the secret is never shown again"
        );
        let sel = scraper::Selector::parse("form[action$=\"/revoke\"]").unwrap();
        let action = user_page
            .html()
            .select(&sel)
            .next()
            .unwrap()
            .value()
            .attr("action")
            .unwrap()
            .to_owned();
        let revoked = submit(&app, &format!("/admin/users/{id}"), &action, &[]).await;
        assert_eq!(revoked.status, StatusCode::SEE_OTHER);
        assert!(
            tokens::authenticate(&app.db.store, &secret)
                .await
                .unwrap()
                .is_none()
        );
        assert!(
            app.get(&format!("/admin/users/{id}"))
                .await
                .body
                .contains("Revoked")
        );
        let token: Uuid = action.split('/').nth(5).unwrap().parse().unwrap();
        assert_eq!(
            audited(&app, token).await,
            vec!["api_token.issue", "api_token.revoke"]
        );
    }
}

#[tokio::test]
async fn signing_out_everywhere_else_ends_the_other_session_but_keeps_this_one() {
    for b in backends() {
        let mut app = spawn_app(b).await;
        let (here, phone, laptop) = (client(), client(), client());
        for c in [&phone, &laptop, &here] {
            app.client = c.clone();
            app.sign_in_demo("icb").await;
        }
        let page = app.get("/account/sessions").await;
        assert_eq!(page.status, StatusCode::OK);
        assert_eq!(page.texts("tbody tr").len(), 3);
        assert_eq!(page.texts("main .nhsuk-tag"), vec!["This session"]);

        // Sign one other session out by its own button.
        let key = page.input_value("session").expect("a session to sign out");
        let one = submit(
            &app,
            "/account/sessions",
            "/account/sessions/sign-out",
            &[("session", &key)],
        )
        .await;
        assert_eq!(one.location.as_deref(), Some("/account/sessions?done=one"));
        let mut out = 0;
        for c in [&phone, &laptop] {
            app.client = c.clone();
            if app.get("/home").await.status == StatusCode::SEE_OTHER {
                out += 1;
                app.sign_in_demo("icb").await;
            }
        }
        assert_eq!(out, 1, "exactly one of the others was signed out");

        app.client = here.clone();
        let all = submit(
            &app,
            "/account/sessions",
            "/account/sessions/sign-out-others",
            &[],
        )
        .await;
        assert_eq!(
            all.location.as_deref(),
            Some("/account/sessions?done=others")
        );
        assert_eq!(
            app.get("/home").await.status,
            StatusCode::OK,
            "this one is kept"
        );
        let after = app.get("/account/sessions").await;
        assert_eq!(after.texts("tbody tr").len(), 1);
        assert!(after.body.contains("You are not signed in anywhere else"));
        for c in [&phone, &laptop] {
            app.client = c.clone();
            let res = app.get("/home").await;
            assert_eq!(res.status, StatusCode::SEE_OTHER);
            assert!(res.location.unwrap().starts_with("/sign-in"));
        }
        app.client = here;
        assert_eq!(
            audited(&app, user_id(&app, "icb").await).await,
            vec!["session.end", "session.end_others"]
        );
    }
}
