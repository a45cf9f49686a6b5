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

impl TestApp {
    /// Forgets the client's cookies, so that the next sign-in is another person's session.
    pub fn new_session(&mut self) {
        self.client = client();
    }

    /// Signs in a demo account acting for `organisation_id`, choosing it if asked to choose.
    pub async fn sign_in_demo_for(&self, local: &str, organisation_id: uuid::Uuid) {
        use joinedup_store::people::entity::{membership, user};
        use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
        let email = format!("{local}@demo.joinedup.test");
        let res = self.sign_in_as(&email, DEMO_PASSWORD).await;
        assert_eq!(res.status, StatusCode::SEE_OTHER, "{email}: {}", res.body);
        if res.location.as_deref() != Some("/choose-organisation") {
            return;
        }
        let db = self.db.store.db();
        let u = user::Entity::find()
            .filter(user::Column::Email.eq(&email))
            .one(db)
            .await
            .unwrap()
            .expect("demo user");
        let m = membership::Entity::find()
            .filter(membership::Column::UserId.eq(u.id))
            .filter(membership::Column::OrganisationId.eq(organisation_id))
            .one(db)
            .await
            .unwrap()
            .expect("a membership for that organisation");
        let token = self.csrf("/choose-organisation").await;
        let chosen = self
            .post(
                "/choose-organisation",
                &[("csrf_token", &token), ("membership", &m.id.to_string())],
            )
            .await;
        assert_eq!(chosen.status, StatusCode::SEE_OTHER, "{}", chosen.body);
    }

    /// POSTs a `multipart/form-data` body of text fields and one file
    /// (field name, file name, declared content type, bytes), as a browser's upload form does.
    pub async fn post_multipart(
        &self,
        path: &str,
        fields: &[(&str, &str)],
        file: (&str, &str, &str, &[u8]),
    ) -> Page {
        let boundary = "joinedup-test-boundary-7d4a1c";
        let mut body = Vec::new();
        for (name, value) in fields {
            body.extend_from_slice(
                format!(
                    "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
                )
                .as_bytes(),
            );
        }
        let (name, file_name, content_type, bytes) = file;
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"; filename=\"{file_name}\"\r\nContent-Type: {content_type}\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend_from_slice(bytes);
        body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
        let resp = self
            .client
            .post(self.url(path))
            .header(
                "content-type",
                format!("multipart/form-data; boundary={boundary}"),
            )
            .body(body)
            .send()
            .await
            .expect("POST multipart");
        Self::page(resp).await
    }
}

/// Creates an account (password `DEMO_PASSWORD`) with one membership in `role` for a service,
/// as the demo administrator; returns the new account's email local part.
pub async fn add_service_account(
    app: &TestApp,
    local: &str,
    name: &str,
    role: &str,
    service_id: uuid::Uuid,
) -> String {
    use joinedup_store::people::admin::{NewMembership, NewUser, add_membership, create_user};
    let admin = actor_of(app, "admin").await;
    let s = &app.db.store;
    let user = NewUser {
        email: format!("{local}@demo.joinedup.test"),
        display_name: name.to_owned(),
        password: DEMO_PASSWORD.to_owned(),
    };
    let id = create_user(s, &admin, &user)
        .await
        .unwrap()
        .expect("a new account");
    let membership = NewMembership {
        role: role.to_owned(),
        organisation_ods: String::new(),
        service_id: service_id.to_string(),
    };
    add_membership(s, &admin, id, &membership)
        .await
        .unwrap()
        .expect("a membership");
    local.to_owned()
}

/// A CSS selector for `scraper`.
pub fn sel(css: &str) -> Selector {
    Selector::parse(css).expect("selector")
}

/// The class of the table row on `page` that links to `href` (`None` when there is none).
pub fn row_class(page: &Page, href: &str) -> Option<String> {
    let html = page.html();
    html.select(&sel("tbody tr"))
        .find(|tr| {
            tr.select(&sel("a"))
                .any(|a| a.value().attr("href") == Some(href))
        })
        .map(|tr| tr.value().attr("class").unwrap_or_default().to_owned())
}

impl TestApp {
    /// Posts `fields` to `path` with the CSRF token of the page at `from`.
    pub async fn submit(&self, from: &str, path: &str, fields: &[(&str, String)]) -> Page {
        let token = self.csrf(from).await;
        let mut form: Vec<(&str, &str)> = vec![("csrf_token", &token)];
        form.extend(fields.iter().map(|(k, v)| (*k, v.as_str())));
        self.post(path, &form).await
    }

    /// The page of the list at `path` (following its "Next" links) with a row linking to `href`,
    /// and that row's class; `None` when no page has one.
    pub async fn listed(&self, path: &str, href: &str) -> Option<(Page, String)> {
        let mut path = path.to_owned();
        for _ in 0..50 {
            let page = self.get(&path).await;
            assert_eq!(page.status, StatusCode::OK, "{path}");
            if let Some(class) = row_class(&page, href) {
                return Some((page, class));
            }
            let next = page
                .html()
                .select(&sel("a.nhsuk-pagination__link--next"))
                .next()
                .and_then(|a| a.value().attr("href").map(str::to_owned));
            path = next?;
        }
        None
    }
}
