//! The people area through HTTP on every backend: sign-in, sessions, organisations, patient search.

mod common;

use common::{client, first_organisation_of, spawn_app, spawn_app_with};
use joinedup_store::demo::DEMO_PASSWORD;
use joinedup_store::people::entity::patient;
use joinedup_store::testing::backends;
use reqwest::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

#[tokio::test]
async fn health_answers_200_when_the_database_is_reachable() {
    for b in backends() {
        let app = spawn_app(b).await;
        let res = app.get("/health").await;
        assert_eq!(res.status, StatusCode::OK, "{b:?}");
    }
}

#[tokio::test]
async fn every_page_sends_the_security_headers() {
    for b in backends() {
        let app = spawn_app(b).await;
        for path in ["/", "/sign-in", "/no-such-page"] {
            let res = app.get(path).await;
            let h = |n: &str| {
                res.headers
                    .get(n)
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or_default()
                    .to_owned()
            };
            let csp = h("content-security-policy");
            for part in [
                "default-src 'self'",
                "object-src 'none'",
                "base-uri 'none'",
                "frame-ancestors 'none'",
            ] {
                assert!(csp.contains(part), "{path}: {csp}");
            }
            assert!(!csp.contains("unsafe-inline"));
            assert_eq!(h("x-content-type-options"), "nosniff");
            assert!(!h("referrer-policy").is_empty());
        }
        assert!(
            !app.get("/").await.body.contains("<script>"),
            "no inline script"
        );
    }
}

#[tokio::test]
async fn the_sign_in_page_lists_one_demo_account_per_role() {
    for b in backends() {
        let app = spawn_app(b).await;
        let page = app.get("/sign-in").await;
        let body = &page.body;
        for local in [
            "gp",
            "practice",
            "specialist",
            "secretary",
            "pharmacist",
            "patient",
            "carer",
            "icb",
            "moderator",
            "admin",
        ] {
            assert!(
                body.contains(&format!("{local}@demo.joinedup.test")),
                "{local} missing"
            );
        }
        assert!(body.contains(DEMO_PASSWORD));
    }
}

#[tokio::test]
async fn a_wrong_password_shows_the_same_error_as_an_unknown_account() {
    for b in backends() {
        let app = spawn_app(b).await;
        let wrong = app
            .sign_in_as("gp@demo.joinedup.test", "not-the-password")
            .await;
        let unknown = app
            .sign_in_as("nobody@demo.joinedup.test", "not-the-password")
            .await;
        assert_eq!(wrong.status, StatusCode::OK);
        let summary = wrong.texts(".nhsuk-error-summary__list a");
        assert_eq!(summary, unknown.texts(".nhsuk-error-summary__list a"));
        assert_eq!(summary, vec!["Enter a correct email address and password"]);
        assert_eq!(
            wrong.texts("#email-error").len(),
            1,
            "error beside the field"
        );
        assert!(wrong.texts("title")[0].starts_with("Error:"));
    }
}

#[tokio::test]
async fn an_empty_sign_in_form_names_each_missing_field() {
    for b in backends() {
        let app = spawn_app(b).await;
        let res = app.sign_in_as("", "").await;
        assert_eq!(
            res.texts(".nhsuk-error-summary__list a"),
            vec!["Enter your email address", "Enter your password"]
        );
        let sel = scraper::Selector::parse(".nhsuk-error-summary__list a").unwrap();
        let hrefs: Vec<_> = res
            .html()
            .select(&sel)
            .map(|a| a.value().attr("href").unwrap().to_owned())
            .collect();
        assert_eq!(hrefs, vec!["#email", "#password"]);
    }
}

#[tokio::test]
async fn a_form_without_its_csrf_token_or_from_another_site_is_refused() {
    for b in backends() {
        let app = spawn_app(b).await;
        app.get("/sign-in").await;
        let res = app
            .post(
                "/sign-in",
                &[
                    ("email", "gp@demo.joinedup.test"),
                    ("password", DEMO_PASSWORD),
                ],
            )
            .await;
        assert_eq!(res.status, StatusCode::BAD_REQUEST);
        let token = app.csrf("/sign-in").await;
        let cross = app
            .client
            .post(app.url("/sign-in"))
            .header("origin", "https://elsewhere.example")
            .form(&[
                ("csrf_token", token.as_str()),
                ("email", "gp@demo.joinedup.test"),
                ("password", DEMO_PASSWORD),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(cross.status(), StatusCode::BAD_REQUEST);
        assert_eq!(
            app.get("/home").await.status,
            StatusCode::SEE_OTHER,
            "still signed out"
        );
    }
}

#[tokio::test]
async fn signing_in_rotates_the_session_id_and_sets_a_safe_cookie() {
    for b in backends() {
        let app = spawn_app(b).await;
        let before = app.get("/sign-in").await;
        let anon = app
            .session_cookie(&before)
            .await
            .expect("anonymous session for the CSRF token");
        let token = before.input_value("csrf_token").unwrap();
        let res = app
            .post(
                "/sign-in",
                &[
                    ("csrf_token", &token),
                    ("email", "practice@demo.joinedup.test"),
                    ("password", DEMO_PASSWORD),
                ],
            )
            .await;
        assert_eq!(res.location.as_deref(), Some("/home"));
        let raw: Vec<_> = res
            .headers
            .get_all("set-cookie")
            .iter()
            .map(|v| v.to_str().unwrap().to_owned())
            .collect();
        let cookie = raw
            .iter()
            .find(|c| c.starts_with("joinedup_session="))
            .expect("cookie set at sign-in");
        assert!(
            cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"),
            "{cookie}"
        );
        assert!(!cookie.contains("Secure"), "plain HTTP in tests");
        assert_ne!(
            cookie.split(';').next().unwrap(),
            anon,
            "session id rotated"
        );
    }
}

#[tokio::test]
async fn the_cookie_is_secure_when_the_request_came_over_https() {
    for b in backends() {
        let app = spawn_app_with(b, |c| c.trust_proxy = true).await;
        let res = app
            .client
            .get(app.url("/sign-in"))
            .header("x-forwarded-proto", "https")
            .send()
            .await
            .unwrap();
        let cookie = res
            .headers()
            .get("set-cookie")
            .unwrap()
            .to_str()
            .unwrap()
            .to_owned();
        assert!(cookie.contains("Secure"), "{cookie}");
    }
}

#[tokio::test]
async fn every_role_reaches_a_home_page_of_its_own() {
    for b in backends() {
        let mut app = spawn_app(b).await;
        let cases = [
            ("gp", "Find a patient"),
            ("practice", "Find a patient"),
            ("specialist", "Advice and guidance"),
            ("secretary", "Letters"),
            ("pharmacist", "Shared care"),
            ("patient", "Your record"),
            ("carer", "Your record"),
            ("icb", "Programme dashboard"),
            ("moderator", "Moderation"),
            ("admin", "Administration"),
        ];
        for (local, card) in cases {
            app.client = client();
            app.sign_in_demo(local).await;
            let home = app.get("/home").await;
            assert_eq!(home.status, StatusCode::OK, "{local}");
            assert!(home.texts("h1")[0].starts_with("Welcome"), "{local}");
            assert!(
                home.texts(".nhsuk-card__link").iter().any(|t| t == card),
                "{local}: {:?}",
                home.texts(".nhsuk-card__link")
            );
        }
    }
}

#[tokio::test]
async fn a_user_with_two_practices_must_choose_and_the_header_shows_it() {
    for b in backends() {
        let app = spawn_app(b).await;
        let res = app.sign_in_as("gp@demo.joinedup.test", DEMO_PASSWORD).await;
        assert_eq!(res.location.as_deref(), Some("/choose-organisation"));
        assert_eq!(
            app.get("/home").await.location.as_deref(),
            Some("/choose-organisation")
        );
        let token = app.csrf("/choose-organisation").await;
        let none = app
            .post("/choose-organisation", &[("csrf_token", &token)])
            .await;
        assert_eq!(
            none.texts(".nhsuk-error-summary__list a"),
            vec!["Select the organisation you are acting for"]
        );
        app.choose_organisation(1).await;
        let home = app.get("/home").await;
        let header = home.texts("header")[0].clone();
        assert!(
            header.contains("(G99"),
            "header shows the practice: {header}"
        );
        assert!(
            home.body.contains("href=\"/choose-organisation\""),
            "offers to change"
        );
    }
}

#[tokio::test]
async fn patient_search_shows_field_errors_and_finds_by_nhs_number() {
    for b in backends() {
        let app = spawn_app(b).await;
        app.sign_in_demo("practice").await;
        let bad = app.get("/patients?nhs_number=999+000+0011").await;
        assert_eq!(bad.status, StatusCode::OK);
        let msg = bad.texts("#nhs_number-error");
        assert_eq!(msg.len(), 1);
        assert!(
            msg[0].contains("Modulus 11") || msg[0].contains("check"),
            "{msg:?}"
        );
        let dob = app
            .get("/patients?family_name=Smith&dob_day=31&dob_month=2&dob_year=1980")
            .await;
        assert_eq!(
            dob.texts(".nhsuk-error-summary__list a"),
            vec!["Date of birth must be a real date"]
        );

        let practice = first_organisation_of(&app, "practice").await;
        let p = patient::Entity::find()
            .filter(patient::Column::PracticeId.eq(practice))
            .one(app.db.store.db())
            .await
            .unwrap()
            .unwrap();
        let found = app
            .get(&format!("/patients?nhs_number={}", p.nhs_number))
            .await;
        let links = found.texts("tbody a");
        assert_eq!(links.len(), 1, "{}", found.body);
        assert!(links[0].contains(&p.family_name.to_uppercase()));
        let by_name = app
            .get(&format!(
                "/patients?family_name={}&dob_day={}&dob_month={}&dob_year={}",
                p.family_name.to_lowercase(),
                p.date_of_birth.day(),
                p.date_of_birth.month() as u8,
                p.date_of_birth.year()
            ))
            .await;
        assert!(
            by_name
                .texts("tbody a")
                .iter()
                .any(|t| t.contains(&p.given_name))
        );
        let summary = app.get(&format!("/patients/{}", p.id)).await;
        assert_eq!(summary.status, StatusCode::OK);
        let digits = p.nhs_number.clone();
        let spaced = format!("{} {} {}", &digits[..3], &digits[3..6], &digits[6..]);
        assert!(summary.body.contains(&spaced), "NHS number shown 3-3-4");
    }
}

#[tokio::test]
async fn a_record_of_another_practice_answers_404() {
    for b in backends() {
        let app = spawn_app(b).await;
        app.sign_in_demo("practice").await;
        let practice = first_organisation_of(&app, "practice").await;
        let other = patient::Entity::find()
            .filter(patient::Column::PracticeId.ne(practice))
            .one(app.db.store.db())
            .await
            .unwrap()
            .unwrap();
        let res = app.get(&format!("/patients/{}", other.id)).await;
        assert_eq!(res.status, StatusCode::NOT_FOUND);
        assert_eq!(
            app.get("/patients/not-a-uuid").await.status,
            StatusCode::NOT_FOUND
        );
        assert!(
            app.get(&format!("/patients?nhs_number={}", other.nhs_number))
                .await
                .texts("tbody a")
                .is_empty()
        );
    }
}

#[tokio::test]
async fn roles_without_patient_search_get_404_and_patients_see_only_their_own() {
    for b in backends() {
        let mut app = spawn_app(b).await;
        app.sign_in_demo("specialist").await;
        assert_eq!(app.get("/patients").await.status, StatusCode::NOT_FOUND);
        assert_eq!(app.get("/my-record").await.status, StatusCode::NOT_FOUND);

        app.client = client();
        app.sign_in_demo("carer").await;
        let page = app.get("/my-record").await;
        let mut headings = page.texts("main h2");
        headings.sort();
        assert_eq!(headings, vec!["Leo Ellis", "Rose Ellis"]);
        assert_eq!(app.get("/patients").await.status, StatusCode::NOT_FOUND);

        app.client = client();
        app.sign_in_demo("patient").await;
        assert_eq!(
            app.get("/my-record").await.texts("main h2"),
            vec!["Your details"]
        );
    }
}

#[tokio::test]
async fn sign_out_ends_the_server_side_session() {
    for b in backends() {
        let app = spawn_app(b).await;
        let token = app.csrf("/sign-in").await;
        let res = app
            .post(
                "/sign-in",
                &[
                    ("csrf_token", &token),
                    ("email", "icb@demo.joinedup.test"),
                    ("password", DEMO_PASSWORD),
                ],
            )
            .await;
        let cookie = app.session_cookie(&res).await.unwrap();
        assert_eq!(app.get("/home").await.status, StatusCode::OK);
        let token = app.csrf("/home").await;
        let out = app.post("/sign-out", &[("csrf_token", &token)]).await;
        assert_eq!(out.location.as_deref(), Some("/sign-in?signed_out=1"));
        // Replaying the old cookie from another client must not work.
        let replay = client()
            .get(app.url("/home"))
            .header("cookie", cookie)
            .send()
            .await
            .unwrap();
        assert_eq!(replay.status(), StatusCode::SEE_OTHER);
        assert!(
            replay.headers()["location"]
                .to_str()
                .unwrap()
                .starts_with("/sign-in")
        );
    }
}

#[tokio::test]
async fn a_signed_out_visitor_is_sent_to_sign_in_and_back() {
    for b in backends() {
        let app = spawn_app(b).await;
        let res = app.get("/patients?nhs_number=1").await;
        assert_eq!(res.status, StatusCode::SEE_OTHER);
        assert_eq!(
            res.location.as_deref(),
            Some("/sign-in?next=/patients%3Fnhs_number%3D1")
        );
        let token = app.csrf("/sign-in?next=/patients").await;
        let signed = app
            .post(
                "/sign-in",
                &[
                    ("csrf_token", &token),
                    ("email", "practice@demo.joinedup.test"),
                    ("password", DEMO_PASSWORD),
                    ("next", "/patients"),
                ],
            )
            .await;
        assert_eq!(signed.location.as_deref(), Some("/patients"));
        let token = app.csrf("/sign-in").await;
        let evil = app
            .post(
                "/sign-in",
                &[
                    ("csrf_token", &token),
                    ("email", "practice@demo.joinedup.test"),
                    ("password", DEMO_PASSWORD),
                    ("next", "//evil.example"),
                ],
            )
            .await;
        assert_eq!(evil.location.as_deref(), Some("/home"), "no open redirect");
    }
}

#[tokio::test]
async fn areas_not_built_yet_say_so_and_only_to_their_roles() {
    for b in backends() {
        let app = spawn_app(b).await;
        app.sign_in_demo("specialist").await;
        let shared_care = app.get("/shared-care").await;
        assert_eq!(shared_care.status, StatusCode::OK);
        assert!(shared_care.body.contains("not available yet"));
        assert_eq!(app.get("/admin").await.status, StatusCode::NOT_FOUND);
    }
}
