//! A running joinedup on a fresh, seeded database, and a browser-like client for it.
#![allow(dead_code)]

use joinedup_store::demo::{self, DEMO_PASSWORD, Scale};
use joinedup_store::testing::{Backend, TestDatabase, fresh};
use joinedup_web::{Application, Config};
use reqwest::StatusCode;
use reqwest::redirect::Policy;
use scraper::{Html, Selector};

/// A running app and a client with its own cookie jar.
pub struct TestApp {
    pub address: String,
    pub client: reqwest::Client,
    pub db: TestDatabase,
    /// The app's background worker, to run due jobs on demand.
    pub worker: joinedup_web::platform::worker::Worker,
}

/// A response's status, location and parsed body.
pub struct Page {
    pub status: StatusCode,
    pub location: Option<String>,
    pub headers: reqwest::header::HeaderMap,
    pub body: String,
}

impl Page {
    pub fn html(&self) -> Html {
        Html::parse_document(&self.body)
    }

    /// The text of every element matching `selector`.
    pub fn texts(&self, selector: &str) -> Vec<String> {
        let sel = Selector::parse(selector).expect("selector");
        self.html()
            .select(&sel)
            .map(|e| {
                e.text()
                    .collect::<String>()
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect()
    }

    /// The first `value` of `input[name=…]`.
    pub fn input_value(&self, name: &str) -> Option<String> {
        let sel = Selector::parse(&format!("input[name=\"{name}\"]")).expect("selector");
        self.html()
            .select(&sel)
            .next()
            .and_then(|e| e.value().attr("value").map(str::to_owned))
    }
}

/// Starts the app on `backend` with demo data, with the config as `tweak` leaves it.
pub async fn spawn_app_with(backend: Backend, tweak: impl FnOnce(&mut Config)) -> TestApp {
    let db = fresh(backend).await.expect("fresh database");
    demo::seed(&db.store, Scale::Small, |_| {})
        .await
        .expect("seed demo data");
    let mut config = Config::for_tests(db.url.clone());
    tweak(&mut config);
    let app = Application::with_store(&config, db.store.clone())
        .await
        .expect("build app");
    let address = format!("http://{}", app.local_addr().expect("bound"));
    let worker = app.worker();
    tokio::spawn(app.run_until_stopped());
    TestApp {
        address,
        client: client(),
        db,
        worker,
    }
}

/// Starts the app on `backend` with demo data.
pub async fn spawn_app(backend: Backend) -> TestApp {
    spawn_app_with(backend, |_| {}).await
}

/// A client that keeps cookies and does not follow redirects.
pub fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_store(true)
        .redirect(Policy::none())
        .build()
        .expect("client")
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.address)
    }

    async fn page(resp: reqwest::Response) -> Page {
        let status = resp.status();
        let headers = resp.headers().clone();
        let location = headers
            .get("location")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        Page {
            status,
            location,
            headers,
            body: resp.text().await.expect("body"),
        }
    }

    pub async fn get(&self, path: &str) -> Page {
        Self::page(self.client.get(self.url(path)).send().await.expect("GET")).await
    }

    pub async fn post(&self, path: &str, form: &[(&str, &str)]) -> Page {
        Self::page(
            self.client
                .post(self.url(path))
                .form(form)
                .send()
                .await
                .expect("POST"),
        )
        .await
    }

    /// The CSRF token from the page at `path`.
    pub async fn csrf(&self, path: &str) -> String {
        self.get(path)
            .await
            .input_value("csrf_token")
            .expect("csrf token on page")
    }

    /// Signs in with the sign-in form; returns the response to the POST.
    pub async fn sign_in_as(&self, email: &str, password: &str) -> Page {
        let token = self.csrf("/sign-in").await;
        self.post(
            "/sign-in",
            &[
                ("csrf_token", &token),
                ("email", email),
                ("password", password),
                ("next", ""),
            ],
        )
        .await
    }

    /// Signs in a demo account and, if asked to choose, picks the first organisation.
    pub async fn sign_in_demo(&self, local: &str) {
        let email = format!("{local}@demo.joinedup.test");
        let res = self.sign_in_as(&email, DEMO_PASSWORD).await;
        assert_eq!(res.status, StatusCode::SEE_OTHER, "{email}: {}", res.body);
        if res.location.as_deref() == Some("/choose-organisation") {
            self.choose_organisation(0).await;
        }
    }

    /// Chooses the `index`-th organisation on the chooser.
    pub async fn choose_organisation(&self, index: usize) -> Page {
        let page = self.get("/choose-organisation").await;
        let token = page.input_value("csrf_token").expect("token");
        let sel = Selector::parse("input[name=\"membership\"]").unwrap();
        let values: Vec<String> = page
            .html()
            .select(&sel)
            .filter_map(|e| e.value().attr("value").map(str::to_owned))
            .collect();
        self.post(
            "/choose-organisation",
            &[("csrf_token", &token), ("membership", &values[index])],
        )
        .await
    }

    /// The value of the session cookie, if the jar holds one.
    pub async fn session_cookie(&self, page: &Page) -> Option<String> {
        page.headers
            .get_all("set-cookie")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find(|c| c.starts_with("joinedup_session="))
            .map(|c| c.split(';').next().unwrap_or_default().to_owned())
    }
}

/// The organisation a demo account acts for first (its first membership).
pub async fn first_organisation_of(app: &TestApp, local: &str) -> uuid::Uuid {
    use joinedup_store::people::entity::{membership, user};
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    let db = app.db.store.db();
    let u = user::Entity::find()
        .filter(user::Column::Email.eq(format!("{local}@demo.joinedup.test")))
        .one(db)
        .await
        .unwrap()
        .unwrap();
    membership::Entity::find()
        .filter(membership::Column::UserId.eq(u.id))
        .one(db)
        .await
        .unwrap()
        .unwrap()
        .organisation_id
        .unwrap()
}

/// The actor a demo account acts as in its first membership.
pub async fn actor_of(app: &TestApp, local: &str) -> joinedup_store::people::ActorContext {
    use joinedup_store::people::{self, entity::user};
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    let s = &app.db.store;
    let u = user::Entity::find()
        .filter(user::Column::Email.eq(format!("{local}@demo.joinedup.test")))
        .one(s.db())
        .await
        .unwrap()
        .unwrap();
    let m = people::memberships_of(s, u.id).await.unwrap();
    people::actor_for_membership(s, u.id, m[0].membership_id)
        .await
        .unwrap()
        .unwrap()
}
