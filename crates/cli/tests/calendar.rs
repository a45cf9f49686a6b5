//! `joinedup calendar`: bank holidays and due times, answered without any database.

use std::process::{Command, Output};

/// Runs the binary in an empty folder with a database URL that nothing answers, so a command
/// that tried to connect (or to create the default SQLite file) would fail or leave a trace.
fn joinedup(args: &[&str]) -> Output {
    let dir = tempfile::tempdir().expect("temporary folder");
    let output = Command::new(env!("CARGO_BIN_EXE_joinedup"))
        .args(args)
        .current_dir(dir.path())
        .env("DATABASE_URL", "postgres://nobody@127.0.0.1:1/nothing")
        .env("RUST_LOG", "warn")
        .output()
        .expect("run joinedup");
    let left: Vec<_> = std::fs::read_dir(dir.path())
        .expect("read the folder")
        .collect();
    assert!(left.is_empty(), "the command left files behind: {left:?}");
    output
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn holidays_lists_the_2026_bank_holidays_one_a_line() {
    let o = joinedup(&["calendar", "holidays", "2026"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        stdout(&o),
        "2026-01-01  New Year's Day\n\
         2026-04-03  Good Friday\n\
         2026-04-06  Easter Monday\n\
         2026-05-04  Early May bank holiday\n\
         2026-05-25  Spring bank holiday\n\
         2026-08-31  Summer bank holiday\n\
         2026-12-25  Christmas Day\n\
         2026-12-28  Boxing Day (substitute day)\n"
    );
}

#[test]
fn holidays_refuses_a_year_that_is_not_a_number() {
    let o = joinedup(&["calendar", "holidays", "next"]);
    assert!(!o.status.success());
    assert!(stdout(&o).is_empty());
}

#[test]
fn due_over_christmas_is_printed_in_gmt() {
    let o = joinedup(&[
        "calendar",
        "due",
        "--from",
        "2026-12-24T17:00:00Z",
        "--working-days",
        "2",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(stdout(&o), "2026-12-30T23:59:59Z\n");
}

#[test]
fn due_in_summer_is_printed_in_bst() {
    // Friday 3 July 2026 at 17:00 BST, plus 2 working days: Tuesday 7 July.
    let o = joinedup(&[
        "calendar",
        "due",
        "--from",
        "2026-07-03T17:00:00+01:00",
        "--working-days",
        "2",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(stdout(&o), "2026-07-07T23:59:59+01:00\n");
}

#[test]
fn due_refuses_a_time_that_is_not_rfc_3339() {
    let o = joinedup(&[
        "calendar",
        "due",
        "--from",
        "24/12/2026 17:00",
        "--working-days",
        "2",
    ]);
    assert!(!o.status.success());
    assert!(stdout(&o).is_empty());
    let err = stderr(&o);
    assert!(err.contains("--from"), "{err}");
    assert!(err.contains("RFC 3339"), "{err}");
    assert!(err.contains("2026-12-24T17:00:00Z"), "{err}");
}
