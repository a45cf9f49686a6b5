//! The `joinedup` binary end to end, on every backend: migrate, demo, audit verify and serve.

use joinedup_store::testing::{backends, fresh};
use sea_orm::ConnectionTrait;
use std::io::{BufRead, BufReader};
use std::process::{Command, Output, Stdio};

fn joinedup(url: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_joinedup"))
        .args(args)
        .env("DATABASE_URL", url)
        .env("RUST_LOG", "warn")
        .output()
        .expect("run joinedup")
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

#[tokio::test]
async fn demo_seeds_an_empty_database_once_and_migrate_is_repeatable() {
    for b in backends() {
        let db = fresh(b).await.unwrap();
        assert!(joinedup(&db.url, &["migrate"]).status.success());
        let first = joinedup(&db.url, &["demo"]);
        assert!(first.status.success(), "{b:?}: {}", text(&first));
        assert!(text(&first).contains("patients"), "{}", text(&first));
        let second = joinedup(&db.url, &["demo"]);
        assert!(!second.status.success(), "a second seed is refused");
        assert!(text(&second).contains("already holds data"));
        assert!(joinedup(&db.url, &["migrate"]).status.success());
    }
}

#[tokio::test]
async fn audit_verify_exits_non_zero_on_a_tampered_log() {
    for b in backends() {
        let db = fresh(b).await.unwrap();
        assert!(joinedup(&db.url, &["demo"]).status.success());
        // Seeding signs nobody in, so write a few entries the way the service does.
        for n in 0..3 {
            let txn = db.store.write().await.unwrap();
            let event = joinedup_store::audit::AuditEvent {
                action: "patient.view",
                nhs_number: Some("9990000018".into()),
                record_type: "patient",
                record_id: Some(format!("r{n}")),
                outcome: "success",
            };
            joinedup_store::audit::record(&txn, &Default::default(), event)
                .await
                .unwrap();
            txn.commit().await.unwrap();
        }
        let ok = joinedup(&db.url, &["audit", "verify"]);
        assert!(ok.status.success(), "{b:?}: {}", text(&ok));
        assert!(text(&ok).contains("intact: 3 entries"), "{}", text(&ok));

        joinedup_store::testing::drop_audit_protection(&db.store)
            .await
            .unwrap();
        db.store
            .db()
            .execute_unprepared("UPDATE audit_log SET action = 'patient.export' WHERE seq = 2")
            .await
            .unwrap();
        let broken = joinedup(&db.url, &["audit", "verify"]);
        assert_eq!(broken.status.code(), Some(1), "{}", text(&broken));
        assert!(
            text(&broken).contains("broken at entry 2"),
            "{}",
            text(&broken)
        );
    }
}

#[test]
fn serve_demo_refuses_a_non_loopback_address() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}/x.db?mode=rwc", dir.path().display());
    let out = joinedup(&url, &["serve", "--demo", "--listen", "0.0.0.0:0"]);
    assert!(!out.status.success());
    assert!(text(&out).contains("loopback"), "{}", text(&out));
}

#[tokio::test]
async fn serve_demo_answers_health_and_reuses_its_data_on_the_next_run() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}/serve.db?mode=rwc", dir.path().display());
    for run in 0..2 {
        let mut child = Command::new(env!("CARGO_BIN_EXE_joinedup"))
            .args(["serve", "--demo", "--listen", "127.0.0.1:0"])
            .env("DATABASE_URL", &url)
            .env("RUST_LOG", "warn")
            .stdout(Stdio::piped())
            .spawn()
            .expect("spawn serve");
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        let mut seen = vec![];
        let addr = loop {
            let line = lines.next().expect("serve printed its address").unwrap();
            if let Some(a) = line.strip_prefix("joinedup is listening on ") {
                break a.to_owned();
            }
            seen.push(line);
        };
        let expected = if run == 0 {
            "Seeded demo data"
        } else {
            "reusing it"
        };
        assert!(
            seen.iter().any(|l| l.contains(expected)),
            "run {run}: {seen:?}"
        );
        let health = reqwest::get(format!("{addr}/health")).await.unwrap();
        assert_eq!(health.status(), 200);
        child.kill().unwrap();
        child.wait().unwrap();
    }
}

#[tokio::test]
async fn api_token_issue_prints_a_working_secret() {
    for b in backends() {
        let db = fresh(b).await.unwrap();
        assert!(joinedup(&db.url, &["demo"]).status.success());
        let out = joinedup(
            &db.url,
            &[
                "api-token",
                "issue",
                "--email",
                "gp@demo.joinedup.test",
                "--name",
                "load-test",
            ],
        );
        assert!(out.status.success(), "{}", text(&out));
        let secret = String::from_utf8_lossy(&out.stdout)
            .lines()
            .last()
            .unwrap()
            .trim()
            .to_owned();
        let (_, actor) = joinedup_store::people::tokens::authenticate(&db.store, &secret)
            .await
            .unwrap()
            .expect("token works");
        assert_eq!(actor.email, "gp@demo.joinedup.test");
        let unknown = joinedup(
            &db.url,
            &["api-token", "issue", "--email", "nobody@demo.joinedup.test"],
        );
        assert!(!unknown.status.success());
    }
}

#[tokio::test]
async fn letters_figures_prints_csv_per_service_and_only_the_named_ones() {
    for b in backends() {
        let db = fresh(b).await.unwrap();
        assert!(joinedup(&db.url, &["demo"]).status.success());
        let all = joinedup(&db.url, &["letters", "figures", "--by", "service"]);
        assert!(all.status.success(), "{b:?}: {}", text(&all));
        let csv = String::from_utf8(all.stdout).unwrap();
        let mut lines = csv.lines();
        assert!(lines.next().unwrap().starts_with("name,month,sent,on_time"));
        assert!(csv.contains("Rheumatology"), "{csv}");
        assert!(String::from_utf8_lossy(&all.stderr).contains("letters in"));
        let only = joinedup(
            &db.url,
            &[
                "letters",
                "figures",
                "--by",
                "service",
                "--only",
                "dermatology",
            ],
        );
        let csv = String::from_utf8(only.stdout).unwrap();
        let rows: Vec<&str> = csv.lines().skip(1).collect();
        assert!(!rows.is_empty(), "{csv}");
        assert!(rows.iter().all(|r| r.contains("Dermatology")), "{csv}");
    }
}
