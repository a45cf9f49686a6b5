//! `joinedup letters check`: the plain-English checker on files and folders, as JSON or text,
//! answered without any database.

use std::path::Path;
use std::process::{Command, Output};

fn joinedup(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_joinedup"))
        .args(args)
        .current_dir(dir)
        .env("DATABASE_URL", "postgres://nobody@127.0.0.1:1/nothing")
        .env("RUST_LOG", "warn")
        .output()
        .expect("run joinedup")
}

const GP_LETTER: &str = "Dear Dr Shah,\n\nRe: Mr A Patient\n\nSeen in clinic with SOB on exertion and bilateral ankle oedema. \
ECHO shows impaired LV function. Started bisoprolol 1.25mg OD. I would be grateful if you could check his U&Es in 2/52. \
Please could you refer him to the community heart failure nurses. F/U 3/12.\n\nYours sincerely\n\nDr B Consultant\n";

const PATIENT_LETTER: &str = "Dear Ms Okafor,\n\nThank you for coming to the skin clinic on Monday. \
We looked at the mole on your back. It looks harmless, so you do not need any treatment. \
If it changes shape, grows or bleeds, phone our clinic on the number at the top of this letter. \
We will not see you again unless you need us.\n\nBest wishes,\n\nDr C Skin\n";

#[test]
fn json_gives_one_object_a_file_with_the_promised_fields() {
    let dir = tempfile::tempdir().unwrap();
    let letters = dir.path().join("letters");
    std::fs::create_dir_all(letters.join("older")).unwrap();
    std::fs::write(letters.join("gp.txt"), GP_LETTER).unwrap();
    std::fs::write(letters.join("older").join("patient.txt"), PATIENT_LETTER).unwrap();
    std::fs::write(letters.join("notes.doc"), "not a letter").unwrap();
    let o = joinedup(dir.path(), &["letters", "check", "letters", "--json"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let lines: Vec<serde_json::Value> = String::from_utf8(o.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(
        lines.len(),
        2,
        "the folder's two .txt files, sub-folders included"
    );
    let gp = &lines[0];
    assert_eq!(gp["file"], "letters/gp.txt");
    assert_eq!(gp["verdict"], "needs-work");
    assert_eq!(gp["addressed_to_patient"], false);
    for field in ["reading_age", "flesch_reading_ease", "long_sentences"] {
        assert!(gp[field].is_number(), "{field}");
    }
    let terms: Vec<&str> = gp["jargon"]
        .as_array()
        .unwrap()
        .iter()
        .map(|j| j["term"].as_str().unwrap())
        .collect();
    assert!(
        terms.contains(&"SOB") && terms.contains(&"U&E"),
        "{terms:?}"
    );
    assert!(gp["jargon"][0]["plain"].is_string() && gp["jargon"][0]["count"].is_number());
    assert!(!gp["gp_actions"].as_array().unwrap().is_empty());
    let kinds: Vec<&str> = gp["interface_concerns"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["kind"].as_str().unwrap())
        .collect();
    assert!(kinds.contains(&"onward-referral"), "{kinds:?}");
    let patient = &lines[1];
    assert_eq!(patient["verdict"], "plain");
    assert_eq!(patient["addressed_to_patient"], true);
}

#[test]
fn without_json_it_prints_a_readable_report_and_an_unreadable_file_fails() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("gp.txt"), GP_LETTER).unwrap();
    let o = joinedup(dir.path(), &["letters", "check", "gp.txt", "missing.txt"]);
    assert!(
        !o.status.success(),
        "a file that cannot be read fails the run"
    );
    let out = String::from_utf8(o.stdout).unwrap();
    assert!(out.starts_with("gp.txt\n"), "{out}");
    assert!(out.contains("needs work"), "{out}");
    assert!(String::from_utf8_lossy(&o.stderr).contains("missing.txt"));
}

#[test]
fn the_icb_can_extend_the_word_list_from_a_file() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("letter.txt"),
        "Dear Ms Okafor,\n\nYour QRISK score is low.\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("extra.tsv"),
        "QRISK\theart risk score\tterm\texact\n",
    )
    .unwrap();
    let o = joinedup(
        dir.path(),
        &[
            "letters",
            "check",
            "letter.txt",
            "--json",
            "--glossary",
            "extra.tsv",
        ],
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["jargon"][0]["term"], "QRISK");
    assert_eq!(v["jargon"][0]["plain"], "heart risk score");
    std::fs::write(dir.path().join("bad.tsv"), "only one field\n").unwrap();
    let bad = joinedup(
        dir.path(),
        &["letters", "check", "letter.txt", "--glossary", "bad.tsv"],
    );
    assert!(!bad.status.success());
    assert!(
        String::from_utf8_lossy(&bad.stderr).contains("line 1"),
        "{}",
        String::from_utf8_lossy(&bad.stderr)
    );
}
