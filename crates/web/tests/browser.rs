//! Browser tests: real Chromium driven through WebDriver, with axe-core checking every page a
//! test visits against WCAG 2.2 AA.
//!
//! They run only when `JOINEDUP_BROWSER_TESTS=1` (as `.ci/run` sets); otherwise each test says
//! it was skipped and passes. They need Debian's `/usr/bin/chromium` and `/usr/bin/chromedriver`,
//! and axe-core in `crates/web/node_modules` (the build script installs it). One chromedriver
//! process serves every test running at the same time and is killed when the last one ends;
//! nothing is ever downloaded.

mod common;

use common::{TestApp, first_organisation_of, spawn_app};
use joinedup_store::demo::DEMO_PASSWORD;
use joinedup_store::people::entity::patient;
use joinedup_store::testing::Backend;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::{Value, json};
use std::future::Future;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, LazyLock, Weak};
use std::time::{Duration, Instant};
use thirtyfour::extensions::query::ElementPollerWithTimeout;
use thirtyfour::prelude::*;

const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
/// How long an explicit wait waits, and how often it looks.
const WAIT: Duration = Duration::from_secs(10);
const POLL: Duration = Duration::from_millis(50);

const CHROME_ARGS: &[&str] = &[
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--window-size=1280,1024",
];

/// The WCAG tags axe checks.
const WCAG_TAGS: &[&str] = &["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

/// Each demo account (local part) and the role label the header shows for it.
const ACCOUNTS: &[(&str, &str)] = &[
    ("gp", "GP"),
    ("practice", "Practice staff"),
    ("specialist", "Specialist"),
    ("secretary", "Medical secretary"),
    ("pharmacist", "Pharmacist"),
    ("patient", "Patient or carer"),
    ("carer", "Patient or carer"),
    ("icb", "ICB interface team"),
    ("moderator", "Moderator"),
    ("admin", "Administrator"),
];

/// True when the browser tests are switched on; otherwise says that `test` was skipped.
fn browser_tests_enabled(test: &str) -> bool {
    let on = std::env::var("JOINEDUP_BROWSER_TESTS").as_deref() == Ok("1");
    if !on {
        println!("skipped {test}: set JOINEDUP_BROWSER_TESTS=1 to run the browser tests");
    }
    on
}

// ---------------------------------------------------------------------------------------------
// chromedriver and browser sessions

/// A chromedriver child process, killed when dropped.
struct Chromedriver {
    url: String,
    child: Child,
}

impl Drop for Chromedriver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The chromedriver shared by the tests running now; it lives while any of them holds it.
static CHROMEDRIVER_PROCESS: tokio::sync::Mutex<Weak<Chromedriver>> =
    tokio::sync::Mutex::const_new(Weak::new());

/// The running chromedriver, started on a free port if none is running.
async fn chromedriver() -> Arc<Chromedriver> {
    let mut shared = CHROMEDRIVER_PROCESS.lock().await;
    if let Some(running) = shared.upgrade() {
        return running;
    }
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port();
    let child = Command::new(CHROMEDRIVER)
        .arg(format!("--port={port}"))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("start {CHROMEDRIVER}: {e} (apt-get install chromium-driver)"));
    let mut driver = Chromedriver {
        url: format!("http://127.0.0.1:{port}"),
        child,
    };
    let client = reqwest::Client::new();
    let started = Instant::now();
    loop {
        if let Ok(res) = client.get(format!("{}/status", driver.url)).send().await
            && res.status().is_success()
        {
            break;
        }
        if let Ok(Some(status)) = driver.child.try_wait() {
            panic!("chromedriver exited at start ({status})");
        }
        assert!(
            started.elapsed() < WAIT,
            "chromedriver did not answer on port {port}"
        );
        tokio::time::sleep(POLL).await;
    }
    let driver = Arc::new(driver);
    *shared = Arc::downgrade(&driver);
    driver
}

/// A fresh Chromium profile directory, removed when dropped.
struct ProfileDir(PathBuf);

impl ProfileDir {
    fn new() -> Self {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let path = std::env::temp_dir().join(format!(
            "joinedup-browser-{}-{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        ));
        let _ = std::fs::remove_dir_all(&path);
        std::fs::create_dir_all(&path).expect("profile directory");
        Self(path)
    }
}

impl Drop for ProfileDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Opens a Chromium session (with JavaScript on or off), runs `test` in it and always quits
/// the browser afterwards, even when `test` fails or panics.
async fn with_browser<F, Fut>(javascript: bool, test: F)
where
    F: FnOnce(WebDriver) -> Fut,
    Fut: Future<Output = WebDriverResult<()>>,
{
    let chromedriver = chromedriver().await;
    let profile = ProfileDir::new();
    let mut caps = DesiredCapabilities::chrome();
    caps.set_binary(CHROMIUM).expect("binary");
    for arg in CHROME_ARGS {
        caps.add_arg(arg).expect("arg");
    }
    caps.add_arg(&format!("--user-data-dir={}", profile.0.display()))
        .expect("arg");
    if !javascript {
        caps.add_experimental_option(
            "prefs",
            json!({ "profile.managed_default_content_settings.javascript": 2 }),
        )
        .expect("prefs");
    }
    let driver = WebDriver::builder(chromedriver.url.as_str(), caps)
        .poller(Arc::new(ElementPollerWithTimeout::new(WAIT, POLL)))
        .await
        .expect("start a Chromium session");
    driver
        .run_and_quit(test)
        .await
        .unwrap_or_else(|e| panic!("browser test: {e}"));
    drop(profile);
    drop(chromedriver);
}

// ---------------------------------------------------------------------------------------------
// axe-core

static AXE_SOURCE: LazyLock<String> = LazyLock::new(|| {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/node_modules/axe-core/axe.min.js"
    );
    std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("{path}: {e} (the build script installs it with npm)"))
});

/// Runs axe-core on the current page: the WCAG violations it finds, each as
/// `{id, impact, help, helpUrl, nodes: [{target, html, summary}]}`.
async fn axe_violations(driver: &WebDriver) -> WebDriverResult<Vec<Value>> {
    let url = driver.current_url().await?;
    // WebDriver runs scripts outside the page's Content-Security-Policy, so axe can be injected
    // although the page forbids inline script (`assert_eq!` below proves it arrived).
    let injected = driver
        .execute(
            format!("{}\n;return typeof window.axe;", AXE_SOURCE.as_str()),
            Vec::new(),
        )
        .await?;
    assert_eq!(
        injected.json(),
        &json!("object"),
        "axe-core was not injected into {url}"
    );
    let result = driver
        .execute_async(
            r#"
            const done = arguments[arguments.length - 1];
            axe.run(document, {
              runOnly: { type: 'tag', values: arguments[0] },
              resultTypes: ['violations'],
            }).then(
              (r) => done({
                violations: r.violations.map((v) => ({
                  id: v.id,
                  impact: v.impact,
                  help: v.help,
                  helpUrl: v.helpUrl,
                  nodes: v.nodes.map((n) => ({ target: n.target, html: n.html, summary: n.failureSummary })),
                })),
                passes: r.passes.length,
              }),
              (e) => done({ error: String(e) }),
            );
            "#,
            vec![json!(WCAG_TAGS)],
        )
        .await?;
    let result = result.json();
    if let Some(error) = result.get("error") {
        panic!("axe-core failed on {url}: {error}");
    }
    assert!(
        result["passes"].as_u64().unwrap_or(0) > 0,
        "axe-core checked nothing on {url}"
    );
    Ok(result["violations"].as_array().cloned().unwrap_or_default())
}

/// Runs axe-core on the current page and panics, listing every violation, if there are any.
async fn assert_accessible(driver: &WebDriver) -> WebDriverResult<()> {
    let violations = axe_violations(driver).await?;
    if violations.is_empty() {
        return Ok(());
    }
    let url = driver.current_url().await?;
    let title = driver.title().await.unwrap_or_default();
    let mut report = format!(
        "{} accessibility violation(s) on {url} (\"{title}\"):\n",
        violations.len()
    );
    for v in &violations {
        report.push_str(&format!(
            "- {} [{}]: {} ({})\n",
            text(&v["id"]),
            text(&v["impact"]),
            text(&v["help"]),
            text(&v["helpUrl"])
        ));
        for node in v["nodes"].as_array().into_iter().flatten() {
            report.push_str(&format!(
                "    at {}\n      {}\n      {}\n",
                node["target"],
                text(&node["html"]),
                text(&node["summary"]).replace('\n', "\n      ")
            ));
        }
    }
    println!("{report}");
    panic!("{report}");
}

fn text(v: &Value) -> String {
    v.as_str().map_or_else(|| v.to_string(), str::to_owned)
}

// ---------------------------------------------------------------------------------------------
// pages

/// Waits until the browser is on `path` (and, when given, `query`) on the app.
async fn wait_for_path(driver: &WebDriver, path: &str, query: Option<&str>) -> WebDriverResult<()> {
    let started = Instant::now();
    loop {
        let url = driver.current_url().await?;
        if url.path() == path && (query.is_none() || url.query() == query) {
            // (WebDriver runs scripts even when the page's JavaScript is off.)
            let ready = driver
                .execute("return document.readyState", Vec::new())
                .await?;
            if ready.json() == "complete" {
                return Ok(());
            }
        }
        assert!(
            started.elapsed() < WAIT,
            "expected to reach {path}, still on {url}"
        );
        tokio::time::sleep(POLL).await;
    }
}

/// Opens `path` and checks the page with axe.
async fn visit(driver: &WebDriver, app: &TestApp, path: &str) -> WebDriverResult<()> {
    driver.goto(app.url(path)).await?;
    assert_accessible(driver).await
}

/// The submit button with these words.
async fn button(driver: &WebDriver, words: &str) -> WebDriverResult<WebElement> {
    driver
        .query(By::XPath(format!("//button[normalize-space()='{words}']")))
        .desc(words)
        .and_displayed()
        .first()
        .await
}

/// The visible text of every element matching `css`, whitespace collapsed.
async fn texts(driver: &WebDriver, css: &str) -> WebDriverResult<Vec<String>> {
    let mut out = Vec::new();
    for e in driver.find_all(By::Css(css)).await? {
        out.push(
            e.text()
                .await?
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" "),
        );
    }
    Ok(out)
}

/// Fills in and submits the sign-in form (the browser is on `/sign-in`).
async fn submit_sign_in(driver: &WebDriver, email: &str, password: &str) -> WebDriverResult<()> {
    let email_input = driver.query(By::Id("email")).single().await?;
    email_input.clear().await?;
    email_input.send_keys(email).await?;
    let password_input = driver.query(By::Id("password")).single().await?;
    password_input.clear().await?;
    password_input.send_keys(password).await?;
    button(driver, "Sign in").await?.click().await
}

/// Signs in a demo account through the form on the page the browser is on (a sign-in page),
/// choosing the first organisation if asked, and checks each page on the way with axe. Ends on
/// `/home`.
async fn sign_in_here(driver: &WebDriver, local: &str) -> WebDriverResult<()> {
    let email = format!("{local}@demo.joinedup.test");
    submit_sign_in(driver, &email, DEMO_PASSWORD).await?;
    let started = Instant::now();
    let path = loop {
        let path = driver.current_url().await?.path().to_owned();
        if path != "/sign-in" {
            break path;
        }
        assert!(started.elapsed() < WAIT, "{local}: still on /sign-in");
        tokio::time::sleep(POLL).await;
    };
    if path == "/choose-organisation" {
        wait_for_path(driver, "/choose-organisation", None).await?;
        assert_accessible(driver).await?;
        let first = driver
            .query(By::Css("input[name='membership']"))
            .first()
            .await?;
        let id = first.id().await?.expect("radio has an id");
        driver
            .query(By::Css(format!("label[for='{id}']")))
            .single()
            .await?
            .click()
            .await?;
        assert!(
            first.is_selected().await?,
            "{local}: first organisation chosen"
        );
        button(driver, "Continue").await?.click().await?;
    }
    wait_for_path(driver, "/home", None).await?;
    let h1 = driver
        .query(By::Css("main h1"))
        .single()
        .await?
        .text()
        .await?;
    assert!(h1.starts_with("Welcome"), "{local}: h1 is {h1:?}");
    assert_accessible(driver).await?;
    Ok(())
}

/// Opens the sign-in page and signs in as [`sign_in_here`] does.
async fn sign_in(driver: &WebDriver, app: &TestApp, local: &str) -> WebDriverResult<()> {
    visit(driver, app, "/sign-in").await?;
    sign_in_here(driver, local).await
}

/// Signs in as each of `accounts` in turn from the sign-in page, checks the home page and every
/// page in the header navigation, and signs out through the header.
async fn sign_in_as_each(
    driver: WebDriver,
    app: &TestApp,
    accounts: &[(&str, &str)],
) -> WebDriverResult<()> {
    visit(&driver, app, "/sign-in").await?;
    for &(local, role) in accounts {
        // The browser is on a sign-in page (after the first account, the one that says "You
        // have signed out"), already checked with axe.
        sign_in_here(&driver, local).await?;

        let body_class = driver.find(By::Tag("body")).await?.class_name().await?;
        assert!(
            body_class.unwrap_or_default().contains("js-enabled"),
            "{local}: init.mjs ran under the Content-Security-Policy"
        );
        let account = texts(&driver, ".nhsuk-header__account-item").await?;
        assert!(
            account.iter().any(|t| t.ends_with(&format!("({role})"))),
            "{local}: the header shows {account:?}, not the role {role}"
        );

        let mut links = Vec::new();
        for a in driver
            .find_all(By::Css("a.nhsuk-header__navigation-link"))
            .await?
        {
            links.push(a.attr("href").await?.expect("navigation link href"));
        }
        assert!(
            links.len() >= 2 && links[0] == "/home",
            "{local}: navigation {links:?}"
        );
        // Home is the page the browser is on, already checked.
        for href in links.iter().filter(|h| *h != "/home") {
            visit(&driver, app, href).await?;
            let h1 = driver.query(By::Css("main h1")).single().await?;
            assert!(
                !h1.text().await?.is_empty(),
                "{local}: {href} has a heading"
            );
        }

        driver
            .query(By::Css("form.nhsuk-header__account-form button"))
            .single()
            .await?
            .click()
            .await?;
        wait_for_path(&driver, "/sign-in", Some("signed_out=1")).await?;
        let main = driver.query(By::Css("main")).single().await?.text().await?;
        assert!(
            main.contains("You have signed out"),
            "{local}: after signing out: {main}"
        );
        assert_accessible(&driver).await?;
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// tests

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_role_signs_in_and_sees_an_accessible_home_page() {
    if !browser_tests_enabled("every_role_signs_in_and_sees_an_accessible_home_page") {
        return;
    }
    let started = Instant::now();
    let app = spawn_app(Backend::Sqlite).await;
    let app = &app;
    // Two browsers at once, every other account each: the pages are checked one after another
    // in each browser, so this keeps both cores busy.
    let half = |skip: usize| {
        ACCOUNTS
            .iter()
            .skip(skip)
            .step_by(2)
            .copied()
            .collect::<Vec<_>>()
    };
    let (first, second) = (half(0), half(1));
    tokio::join!(
        with_browser(true, |driver| sign_in_as_each(driver, app, &first)),
        with_browser(true, |driver| sign_in_as_each(driver, app, &second)),
    );
    println!("took {:.1?}", started.elapsed());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_form_with_an_error_shows_the_error_summary_and_is_accessible() {
    if !browser_tests_enabled("a_form_with_an_error_shows_the_error_summary_and_is_accessible") {
        return;
    }
    let started = Instant::now();
    let app = spawn_app(Backend::Sqlite).await;
    let practice = first_organisation_of(&app, "practice").await;
    let patient = patient::Entity::find()
        .filter(patient::Column::PracticeId.eq(practice))
        .one(app.db.store.db())
        .await
        .unwrap()
        .expect("a patient of the practice");
    let digits = patient.nhs_number.clone();
    let spaced = format!("{} {} {}", &digits[..3], &digits[3..6], &digits[6..]);

    with_browser(true, |driver| async move {
        // The sign-in form, empty.
        visit(&driver, &app, "/sign-in").await?;
        button(&driver, "Sign in").await?.click().await?;
        let summary = driver
            .query(By::Css(".nhsuk-error-summary"))
            .and_displayed()
            .single()
            .await?;
        let mut messages = Vec::new();
        let mut hrefs = Vec::new();
        for a in summary
            .find_all(By::Css(".nhsuk-error-summary__list a"))
            .await?
        {
            messages.push(a.text().await?);
            hrefs.push(a.attr("href").await?.unwrap_or_default());
        }
        assert_eq!(
            messages,
            vec!["Enter your email address", "Enter your password"]
        );
        assert_eq!(hrefs, vec!["#email", "#password"]);
        assert!(driver.title().await?.starts_with("Error:"));
        assert_accessible(&driver).await?;

        // Patient search with an NHS number that fails the check digit.
        sign_in(&driver, &app, "practice").await?;
        visit(&driver, &app, "/patients").await?;
        let nhs_number = driver.query(By::Id("nhs_number")).single().await?;
        nhs_number.send_keys("1234567890").await?;
        button(&driver, "Search").await?.click().await?;
        driver
            .query(By::Css(".nhsuk-error-summary"))
            .and_displayed()
            .single()
            .await?;
        let field_error = driver
            .query(By::Id("nhs_number-error"))
            .and_displayed()
            .single()
            .await?
            .text()
            .await?;
        assert!(!field_error.is_empty(), "an error beside the NHS number");
        let listed = texts(&driver, ".nhsuk-error-summary__list a").await?;
        assert_eq!(listed.len(), 1, "{listed:?}");
        assert!(
            field_error.contains(&listed[0]),
            "{field_error:?} repeats {listed:?}"
        );
        assert_accessible(&driver).await?;

        // A valid NHS number of a patient of the practice, then the record.
        let nhs_number = driver.query(By::Id("nhs_number")).single().await?;
        nhs_number.clear().await?;
        nhs_number.send_keys(&digits).await?;
        button(&driver, "Search").await?.click().await?;
        let result = driver
            .query(By::Css("main tbody a"))
            .and_displayed()
            .single()
            .await?;
        assert!(
            result
                .text()
                .await?
                .contains(&patient.family_name.to_uppercase())
        );
        assert_accessible(&driver).await?;
        result.click().await?;
        wait_for_path(&driver, &format!("/patients/{}", patient.id), None).await?;
        let main = driver.query(By::Css("main")).single().await?.text().await?;
        assert!(main.contains(&spaced), "NHS number shown 3-3-4: {main}");
        assert_accessible(&driver).await?;

        // The check itself catches a fault: an image without a text alternative.
        driver
            .execute(
                "const img = document.createElement('img');
                 img.src = '/assets/images/nhsuk-icon-180.png';
                 document.querySelector('main').append(img);",
                Vec::new(),
            )
            .await?;
        let found: Vec<String> = axe_violations(&driver)
            .await?
            .iter()
            .map(|v| text(&v["id"]))
            .collect();
        assert_eq!(found, vec!["image-alt"], "axe-core reports a missing alt");
        Ok(())
    })
    .await;
    println!("took {:.1?}", started.elapsed());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_work_without_javascript() {
    if !browser_tests_enabled("pages_work_without_javascript") {
        return;
    }
    let started = Instant::now();
    let app = spawn_app(Backend::Sqlite).await;
    let practice = first_organisation_of(&app, "practice").await;
    let patient = patient::Entity::find()
        .filter(patient::Column::PracticeId.eq(practice))
        .one(app.db.store.db())
        .await
        .unwrap()
        .expect("a patient of the practice");
    let digits = patient.nhs_number.clone();
    let spaced = format!("{} {} {}", &digits[..3], &digits[3..6], &digits[6..]);

    // axe-core cannot run here: WebDriver's synchronous scripts run although the page's do not,
    // but axe.run needs the page's event loop (promises and timers), which is stopped.
    with_browser(false, |driver| async move {
        driver.goto(app.url("/sign-in")).await?;
        submit_sign_in(&driver, "practice@demo.joinedup.test", DEMO_PASSWORD).await?;
        wait_for_path(&driver, "/home", None).await?;
        let h1 = driver
            .query(By::Css("main h1"))
            .single()
            .await?
            .text()
            .await?;
        assert!(h1.starts_with("Welcome"), "h1 is {h1:?}");
        // nhsuk-frontend's JavaScript (init.mjs) marks the body; with JavaScript off it cannot.
        let body_class = driver
            .find(By::Tag("body"))
            .await?
            .class_name()
            .await?
            .unwrap_or_default();
        assert!(
            body_class.contains("nhsuk-template__body") && !body_class.contains("js-enabled"),
            "JavaScript is off: the body's class is {body_class:?}"
        );

        driver.goto(app.url("/patients")).await?;
        driver
            .query(By::Id("nhs_number"))
            .single()
            .await?
            .send_keys(&digits)
            .await?;
        button(&driver, "Search").await?.click().await?;
        driver
            .query(By::Css("main tbody a"))
            .and_displayed()
            .single()
            .await?
            .click()
            .await?;
        wait_for_path(&driver, &format!("/patients/{}", patient.id), None).await?;
        let main = driver.query(By::Css("main")).single().await?.text().await?;
        assert!(main.contains(&spaced), "NHS number shown 3-3-4: {main}");
        Ok(())
    })
    .await;
    println!("took {:.1?}", started.elapsed());
}

// ---------------------------------------------------------------------------------------------
// the advice and guidance journey

/// Waits until the browser is on a page whose path passes `test`; returns that path.
async fn wait_for(
    driver: &WebDriver,
    what: &str,
    test: impl Fn(&str) -> bool,
) -> WebDriverResult<String> {
    let started = Instant::now();
    loop {
        let url = driver.current_url().await?;
        if test(url.path()) {
            let ready = driver
                .execute("return document.readyState", Vec::new())
                .await?;
            if ready.json() == "complete" {
                return Ok(url.path().to_owned());
            }
        }
        assert!(started.elapsed() < WAIT, "expected {what}, still on {url}");
        tokio::time::sleep(POLL).await;
    }
}

/// Clicks the link with exactly these words, waits for `path` and checks the page with axe.
async fn follow(driver: &WebDriver, words: &str, path: &str) -> WebDriverResult<()> {
    driver
        .query(By::LinkText(words))
        .desc(words)
        .first()
        .await?
        .click()
        .await?;
    wait_for_path(driver, path, None).await?;
    assert_accessible(driver).await
}

/// Follows "Next" through a paginated list (checking each page with axe) until a link with
/// these words shows, then follows it to `path`: the demo data may fill the first pages.
async fn follow_in_list(driver: &WebDriver, words: &str, path: &str) -> WebDriverResult<()> {
    for _ in 0..50 {
        if !driver.find_all(By::LinkText(words)).await?.is_empty() {
            return follow(driver, words, path).await;
        }
        let from = driver.current_url().await?;
        driver
            .query(By::Css("a.nhsuk-pagination__link--next"))
            .nowait()
            .first()
            .await?
            .click()
            .await?;
        wait_for(driver, "the next page", |_| true).await?;
        let started = Instant::now();
        while driver.current_url().await? == from {
            assert!(started.elapsed() < WAIT, "the next page did not open");
            tokio::time::sleep(POLL).await;
        }
        wait_for(driver, "the next page", |_| true).await?;
        assert_accessible(driver).await?;
    }
    panic!("{words} is not in the list");
}

/// Clicks the label of the radio or checkbox with this id.
async fn choose(driver: &WebDriver, id: &str) -> WebDriverResult<()> {
    driver
        .query(By::Css(format!("label[for='{id}']")))
        .single()
        .await?
        .click()
        .await
}

/// Types into the field with this id.
async fn type_into(driver: &WebDriver, id: &str, words: &str) -> WebDriverResult<()> {
    driver
        .query(By::Id(id))
        .single()
        .await?
        .send_keys(words)
        .await
}

/// Submits with the button of these words and checks the page it lands on (`path`) with axe.
async fn press(driver: &WebDriver, words: &str, path: &str) -> WebDriverResult<()> {
    button(driver, words).await?.click().await?;
    // The same path may come back (a form with errors, or a 303 to the page itself): wait for
    // the old page to go before waiting for the new one.
    tokio::time::sleep(Duration::from_millis(200)).await;
    wait_for_path(driver, path, None).await?;
    assert_accessible(driver).await
}

/// The text of `main`.
async fn main_text(driver: &WebDriver) -> WebDriverResult<String> {
    driver.query(By::Css("main")).single().await?.text().await
}

/// Signs out through the header, then signs in as `local` on the sign-in page it lands on.
async fn sign_out_and_in(driver: &WebDriver, local: &str) -> WebDriverResult<()> {
    driver
        .query(By::Css("form.nhsuk-header__account-form button"))
        .single()
        .await?
        .click()
        .await?;
    wait_for_path(driver, "/sign-in", Some("signed_out=1")).await?;
    assert_accessible(driver).await?;
    sign_in_here(driver, local).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_gp_asks_a_specialist_who_answers_and_the_patient_reads_the_summary() {
    if !browser_tests_enabled(
        "a_gp_asks_a_specialist_who_answers_and_the_patient_reads_the_summary",
    ) {
        return;
    }
    let started = Instant::now();
    let app = spawn_app(Backend::Sqlite).await;
    let jordan = patient::Entity::find()
        .filter(patient::Column::GivenName.eq("Jordan"))
        .filter(patient::Column::FamilyName.eq("Ellis"))
        .one(app.db.store.db())
        .await
        .unwrap()
        .expect("the demo patient");
    let service = common::actor_of(&app, "specialist")
        .await
        .service_id
        .expect("the specialist's service");
    let summary =
        "The specialist agrees with your GP. You can start a new medicine for your joints.";

    with_browser(true, |driver| async move {
        // The GP finds the patient and starts a request from their record.
        sign_in(&driver, &app, "gp").await?;
        visit(&driver, &app, "/advice").await?;
        follow(&driver, "Ask a specialist for advice", "/patients").await?;
        type_into(&driver, "nhs_number", &jordan.nhs_number).await?;
        press(&driver, "Search", "/patients").await?;
        follow(
            &driver,
            "ELLIS, Jordan",
            &format!("/patients/{}", jordan.id),
        )
        .await?;
        follow(&driver, "Ask a specialist for advice", "/advice/new").await?;

        // Sending an empty form names each missing field; the service search narrows the list.
        press(&driver, "Send request", "/advice/new").await?;
        let problems = texts(&driver, ".nhsuk-error-summary__list a").await?;
        assert_eq!(problems.len(), 4, "{problems:?}");
        driver
            .goto(app.url(&format!("/advice/new?patient={}", jordan.id)))
            .await?;
        type_into(&driver, "service_q", "rheumatology").await?;
        press(&driver, "Search services", "/advice/new").await?;
        let select = driver.query(By::Id("service")).single().await?;
        thirtyfour::components::SelectElement::new(&select)
            .await?
            .select_by_value(&service.to_string())
            .await?;
        type_into(
            &driver,
            "question",
            "Should we start methotrexate for inflammatory arthritis?",
        )
        .await?;
        type_into(&driver, "results", "CRP 38, rheumatoid factor positive").await?;
        choose(&driver, "urgency").await?;
        choose(&driver, "referral_authorised").await?;
        button(&driver, "Send request").await?.click().await?;
        let path = wait_for(&driver, "the request page", |p| {
            p.starts_with("/advice/") && p != "/advice/new"
        })
        .await?;
        assert_accessible(&driver).await?;
        assert!(
            main_text(&driver)
                .await?
                .contains("Waiting for the specialist")
        );

        // The specialist finds it in the inbox, claims it and replies.
        sign_out_and_in(&driver, "specialist").await?;
        visit(&driver, &app, "/advice").await?;
        let reference = joinedup_store::advice::reference(path[8..].parse().expect("request id"));
        follow_in_list(&driver, &reference, &path).await?;
        press(&driver, "Claim this request", &path).await?;
        assert!(
            main_text(&driver)
                .await?
                .contains("You claimed this request")
        );
        choose(&driver, "outcome").await?;
        type_into(
            &driver,
            "advice",
            "Start methotrexate 15 mg weekly with folic acid.",
        )
        .await?;
        type_into(&driver, "patient_summary", summary).await?;
        press(&driver, "Send reply", &path).await?;
        assert!(
            main_text(&driver)
                .await?
                .contains("Your reply was sent to the GP")
        );

        // The GP is told, reads the advice, marks it read and closes the request.
        sign_out_and_in(&driver, "gp").await?;
        visit(&driver, &app, "/notifications").await?;
        assert!(
            main_text(&driver)
                .await?
                .contains("Specialist advice has arrived")
        );
        follow(&driver, "Open", &path).await?;
        assert!(
            main_text(&driver)
                .await?
                .contains("Start methotrexate 15 mg weekly")
        );
        press(&driver, "Mark as read", &path).await?;
        type_into(
            &driver,
            "action_taken",
            "Started methotrexate; bloods booked.",
        )
        .await?;
        press(&driver, "Close request", &path).await?;
        assert!(
            main_text(&driver)
                .await?
                .contains("You closed this request")
        );
        visit(&driver, &app, "/advice").await?;
        assert!(
            main_text(&driver).await?.contains(&reference),
            "in the practice's list"
        );

        // The patient reads the plain-English summary.
        sign_out_and_in(&driver, "patient").await?;
        visit(&driver, &app, "/my-record").await?;
        let advice_page = format!("/my-record/{}/advice", jordan.id);
        follow(&driver, "Advice your GP asked for", &advice_page).await?;
        let main = main_text(&driver).await?;
        assert!(
            main.contains("Your GP has advice from a specialist"),
            "{main}"
        );
        assert!(main.contains(summary), "{main}");
        Ok(())
    })
    .await;
    println!("took {:.1?}", started.elapsed());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn advice_requests_are_sent_and_answered_without_javascript() {
    if !browser_tests_enabled("advice_requests_are_sent_and_answered_without_javascript") {
        return;
    }
    let started = Instant::now();
    let app = spawn_app(Backend::Sqlite).await;
    let jordan = patient::Entity::find()
        .filter(patient::Column::GivenName.eq("Jordan"))
        .one(app.db.store.db())
        .await
        .unwrap()
        .expect("the demo patient");
    let service = common::actor_of(&app, "specialist")
        .await
        .service_id
        .expect("the specialist's service");

    // axe-core cannot run with JavaScript off (see pages_work_without_javascript): this checks
    // that the forms work with plain HTML only.
    with_browser(false, |driver| async move {
        driver.goto(app.url("/sign-in")).await?;
        submit_sign_in(&driver, "gp@demo.joinedup.test", DEMO_PASSWORD).await?;
        wait_for_path(&driver, "/choose-organisation", None).await?;
        choose(&driver, "membership").await?;
        button(&driver, "Continue").await?.click().await?;
        wait_for_path(&driver, "/home", None).await?;
        driver
            .goto(app.url(&format!("/advice/new?patient={}", jordan.id)))
            .await?;
        type_into(&driver, "service_q", "rheumatology").await?;
        button(&driver, "Search services").await?.click().await?;
        tokio::time::sleep(Duration::from_millis(200)).await;
        wait_for_path(
            &driver,
            "/advice/new",
            Some(&format!("patient={}&service_q=rheumatology", jordan.id)),
        )
        .await?;
        let labels = texts(&driver, "#service option").await?;
        assert!(labels.len() >= 2, "{labels:?}");
        assert!(
            labels.iter().skip(1).all(|l| l.starts_with("Rheumatology")),
            "narrowed: {labels:?}"
        );
        let select = driver.query(By::Id("service")).single().await?;
        thirtyfour::components::SelectElement::new(&select)
            .await?
            .select_by_value(&service.to_string())
            .await?;
        type_into(&driver, "question", "Is this gout or pseudogout?").await?;
        choose(&driver, "urgency-2").await?;
        choose(&driver, "referral_authorised-2").await?;
        button(&driver, "Send request").await?.click().await?;
        let path = wait_for(&driver, "the request page", |p| {
            p.starts_with("/advice/") && p != "/advice/new"
        })
        .await?;
        assert!(main_text(&driver).await?.contains("Urgent"));

        driver
            .query(By::Css("form.nhsuk-header__account-form button"))
            .single()
            .await?
            .click()
            .await?;
        wait_for_path(&driver, "/sign-in", Some("signed_out=1")).await?;
        submit_sign_in(&driver, "specialist@demo.joinedup.test", DEMO_PASSWORD).await?;
        wait_for_path(&driver, "/home", None).await?;
        driver.goto(app.url(&path)).await?;
        let main = main_text(&driver).await?;
        assert!(!main.contains("Convert to a referral"), "the GP said no");
        choose(&driver, "outcome").await?;
        type_into(
            &driver,
            "advice",
            "Aspirate the joint and send for crystals.",
        )
        .await?;
        type_into(
            &driver,
            "patient_summary",
            "Your GP will take a little fluid from your knee to test it.",
        )
        .await?;
        button(&driver, "Send reply").await?.click().await?;
        tokio::time::sleep(Duration::from_millis(200)).await;
        wait_for_path(&driver, &path, None).await?;
        assert!(
            main_text(&driver)
                .await?
                .contains("Your reply was sent to the GP")
        );
        Ok(())
    })
    .await;
    println!("took {:.1?}", started.elapsed());
}

// ---------------------------------------------------------------------------------------------
// the letters journey

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_specialist_checks_and_sends_a_letter_the_practice_works_and_the_patient_reads() {
    if !browser_tests_enabled(
        "a_specialist_checks_and_sends_a_letter_the_practice_works_and_the_patient_reads",
    ) {
        return;
    }
    let started = Instant::now();
    let app = spawn_app(Backend::Sqlite).await;
    let jordan = patient::Entity::find()
        .filter(patient::Column::GivenName.eq("Jordan"))
        .filter(patient::Column::FamilyName.eq("Ellis"))
        .one(app.db.store.db())
        .await
        .unwrap()
        .expect("the demo patient");
    let service = common::actor_of(&app, "specialist")
        .await
        .service_id
        .expect("the specialist's service");
    joinedup_store::people::caseload::add(app.db.store.db(), service, jordan.id, "referral")
        .await
        .unwrap();
    let yesterday = time::OffsetDateTime::now_utc().date() - time::Duration::days(1);
    let due = yesterday + time::Duration::days(14);
    let date = |d: time::Date| format!("{}/{}/{}", d.day(), d.month() as u8, d.year());

    with_browser(true, |driver| async move {
        // The specialist writes in the old style, and the checker says what to change.
        sign_in(&driver, &app, "specialist").await?;
        visit(&driver, &app, "/letters").await?;
        follow(&driver, "Write a letter", "/letters/new").await?;
        type_into(&driver, "nhs_number", &jordan.nhs_number).await?;
        choose(&driver, "kind").await?;
        type_into(&driver, "event_date", &date(yesterday)).await?;
        type_into(&driver, "summary", "Pt seen in clinic. SOB on exertion. Started ramipril 2.5mg OD.").await?;
        type_into(&driver, "follow_up", "F/U 3/12.").await?;
        type_into(&driver, "gp_actions.0.text", "Check kidney blood test").await?;
        type_into(&driver, "gp_actions.0.due", &date(due)).await?;
        press(&driver, "Check the letter", "/letters/new").await?;
        let main = main_text(&driver).await?;
        assert!(main.contains("this letter needs work"), "{main}");
        assert!(main.contains("short of breath"), "{main}");

        // Plainer words, then save, sign and send.
        let summary = driver.query(By::Id("summary")).single().await?;
        summary.clear().await?;
        summary
            .send_keys("You came to the heart clinic because you get out of breath when you walk. We started a new medicine called ramipril to protect your heart.")
            .await?;
        let follow_up = driver.query(By::Id("follow_up")).single().await?;
        follow_up.clear().await?;
        follow_up.send_keys("We will see you again in 3 months.").await?;
        button(&driver, "Save as draft").await?.click().await?;
        let path = wait_for(&driver, "the letter page", |p| {
            p.starts_with("/letters/") && p != "/letters/new"
        })
        .await?;
        assert_accessible(&driver).await?;
        follow(&driver, "Change, check or sign this letter", &format!("{path}/edit")).await?;
        choose(&driver, "signed").await?;
        press(&driver, "Sign and send", &path).await?;
        assert!(main_text(&driver).await?.contains("Letter signed and sent"));

        // The practice acknowledges it and marks the GP action done.
        sign_out_and_in(&driver, "gp").await?;
        visit(&driver, &app, "/letters").await?;
        let reference = joinedup_store::letters::reference(path[9..].parse().expect("letter id"));
        follow(&driver, &reference, &path).await?;
        press(&driver, "Acknowledge this letter", &path).await?;
        assert!(main_text(&driver).await?.contains("Letter acknowledged"));
        let done = driver
            .query(By::Css("input[type=radio][value=done]"))
            .first()
            .await?
            .attr("id")
            .await?
            .expect("an id");
        choose(&driver, &done).await?;
        press(&driver, "Update action", &path).await?;
        assert!(main_text(&driver).await?.contains("Action updated"));

        // The patient reads it, with the words explained.
        sign_out_and_in(&driver, "patient").await?;
        visit(&driver, &app, "/letters").await?;
        follow(&driver, "Clinic letter from Rheumatology", &path).await?;
        let main = main_text(&driver).await?;
        assert!(main.contains("ramipril to protect your heart"), "{main}");
        assert!(main.contains("Do you understand this letter?"), "{main}");
        Ok(())
    })
    .await;
    println!("took {:.1?}", started.elapsed());
}
