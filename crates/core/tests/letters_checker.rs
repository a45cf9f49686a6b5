//! The plain-English checker on realistic letters it was not tuned on line by line: clinic
//! letters and discharge summaries in several specialties, written to patients in plain
//! English (`tests/letters/plain/`) and to GPs in hospital shorthand, or to patients with
//! jargon or interface problems (`tests/letters/needs-work/`).
//!
//! Each letter's verdict must follow its folder; the key findings of each are checked too.
//! Run with `-- --nocapture` to see every report.

use joinedup_core::letters::checker::{Checker, Report, RequestSource, Verdict};
use std::path::{Path, PathBuf};

fn letters_in(folder: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/letters")
        .join(folder);
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    paths.sort();
    paths
}

fn check(folder: &str, name: &str) -> Report {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/letters")
        .join(folder)
        .join(format!("{name}.txt"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{name}: {e}"));
    Checker::shared_standard().check(&text)
}

fn terms(r: &Report) -> Vec<&str> {
    r.jargon.iter().map(|j| j.term.as_str()).collect()
}

fn concern_kinds(r: &Report) -> Vec<&str> {
    r.interface_concerns
        .iter()
        .map(|c| c.kind.as_str())
        .collect()
}

fn has_action(r: &Report, words: &str) -> bool {
    r.gp_actions.iter().any(|a| a.text.contains(words))
}

#[test]
fn every_plain_letter_is_judged_plain() {
    let paths = letters_in("plain");
    assert!(paths.len() >= 8, "only {} plain letters", paths.len());
    for path in paths {
        let text = std::fs::read_to_string(&path).unwrap();
        let r = Checker::shared_standard().check(&text);
        println!("=== {}\n{r}", path.display());
        assert_eq!(r.verdict, Verdict::Plain, "{}:\n{r}", path.display());
        assert!(r.addressed_to_patient, "{}", path.display());
        assert!(r.interface_concerns.is_empty(), "{}:\n{r}", path.display());
    }
}

#[test]
fn every_needs_work_letter_is_judged_needs_work() {
    let paths = letters_in("needs-work");
    assert!(paths.len() >= 8, "only {} needs-work letters", paths.len());
    for path in paths {
        let text = std::fs::read_to_string(&path).unwrap();
        let r = Checker::shared_standard().check(&text);
        println!("=== {}\n{r}", path.display());
        assert_eq!(r.verdict, Verdict::NeedsWork, "{}:\n{r}", path.display());
        assert!(!r.verdict_reasons.is_empty());
    }
}

#[test]
fn a_cardiology_letter_to_the_gp_is_full_of_shorthand_and_hands_over_hospital_work() {
    let r = check("needs-work", "cardiology-gp-letter");
    assert!(!r.addressed_to_patient);
    for term in [
        "HFrEF", "AF", "T2DM", "CKD", "SOBOE", "oedema", "U&E", "2/52", "renal", "6/12",
    ] {
        assert!(
            terms(&r).contains(&term),
            "{term} missing from {:?}",
            terms(&r)
        );
    }
    let two_weeks = r.jargon.iter().find(|j| j.term == "2/52").unwrap();
    assert_eq!(two_weeks.plain, "2 weeks");
    assert!(has_action(&r, "check his U&Es in 2/52"));
    assert!(has_action(
        &r,
        "refer him to the community heart failure nurses"
    ));
    let kinds = concern_kinds(&r);
    assert!(kinds.contains(&"onward-referral"), "{kinds:?}");
    assert!(kinds.contains(&"call-and-recall"), "{kinds:?}");
    assert!(r.long_sentences >= 1);
    assert!(r.reading_age > 14.0 && r.flesch_reading_ease < 60.0);
}

#[test]
fn a_copd_discharge_summary_gives_short_medicines_and_asks_the_gp_for_a_fit_note() {
    let r = check("needs-work", "respiratory-copd-discharge");
    let kinds = concern_kinds(&r);
    for kind in ["discharge-medicines", "fit-note", "call-and-recall"] {
        assert!(kinds.contains(&kind), "{kind} missing from {kinds:?}");
    }
    for term in [
        "COPD",
        "SOB",
        "NIV",
        "CXR",
        "nebs",
        "sats",
        "BD",
        "consolidation",
    ] {
        assert!(
            terms(&r).contains(&term),
            "{term} missing from {:?}",
            terms(&r)
        );
    }
    let listed = r
        .gp_actions
        .iter()
        .filter(|a| a.source == RequestSource::ActionList)
        .count();
    assert_eq!(listed, 2);
    assert!(has_action(&r, "please could the GP issue a fit note"));
    assert_eq!(
        r.gp_actions_not_in_list.len(),
        1,
        "{:?}",
        r.gp_actions_not_in_list
    );
}

#[test]
fn a_diabetes_letter_asks_the_gp_to_chase_the_hospitals_own_results() {
    let r = check("needs-work", "diabetes-gp-letter");
    assert!(!r.addressed_to_patient);
    assert!(concern_kinds(&r).contains(&"test-results"));
    assert!(has_action(&r, "GP to chase results"));
    for term in [
        "T2DM",
        "HbA1c",
        "eGFR",
        "hypos",
        "postprandial",
        "paraesthesia",
        "TFT",
        "3/12",
    ] {
        assert!(
            terms(&r).contains(&term),
            "{term} missing from {:?}",
            terms(&r)
        );
    }
}

#[test]
fn a_missed_appointment_is_sent_back_to_the_gp() {
    let r = check("needs-work", "gastroenterology-dna");
    assert!(concern_kinds(&r).contains(&"missed-appointment"));
    assert!(terms(&r).contains(&"OGD"));
    assert!(terms(&r).contains(&"dyspepsia"));
}

#[test]
fn a_hip_fracture_discharge_lists_gp_actions_with_referral_and_recall() {
    let r = check("needs-work", "orthopaedics-nof-discharge");
    let kinds = concern_kinds(&r);
    assert!(kinds.contains(&"onward-referral"), "{kinds:?}");
    assert!(kinds.contains(&"call-and-recall"), "{kinds:?}");
    assert!(has_action(&r, "GP to refer to the falls service"));
    for term in [
        "NOF", "PMH", "HTN", "LOC", "post-op", "AKI", "FWB", "POC", "QDS", "PRN", "1/52",
    ] {
        assert!(
            terms(&r).contains(&term),
            "{term} missing from {:?}",
            terms(&r)
        );
    }
}

#[test]
fn a_letter_to_the_patient_can_still_need_work() {
    let r = check("needs-work", "dermatology-patient-jargon");
    assert!(r.addressed_to_patient);
    for term in [
        "histology",
        "biopsy",
        "lesion",
        "basal cell carcinoma",
        "BCC",
        "metastases",
    ] {
        assert!(
            terms(&r).contains(&term),
            "{term} missing from {:?}",
            terms(&r)
        );
    }
    assert!(r.long_sentences >= 2);
    let kinds = concern_kinds(&r);
    assert!(kinds.contains(&"point-of-contact"), "{kinds:?}");
}

#[test]
fn a_neurology_letter_has_long_sentences_and_asks_for_results_to_be_sent_on() {
    let r = check("needs-work", "neurology-gp-letter");
    assert!(r.long_sentences >= 2, "{}", r.long_sentences);
    assert!(has_action(&r, "forward the results to me"));
    assert!(concern_kinds(&r).contains(&"call-and-recall"));
    for term in [
        "paraesthesia",
        "fundoscopy",
        "differential diagnosis",
        "TIA",
        "MRI",
    ] {
        assert!(
            terms(&r).contains(&term),
            "{term} missing from {:?}",
            terms(&r)
        );
    }
}

#[test]
fn a_childrens_discharge_to_the_gp_asks_for_an_onward_referral_and_routes_questions_to_the_gp() {
    let r = check("needs-work", "paediatrics-gp-discharge");
    assert!(!r.addressed_to_patient);
    let kinds = concern_kinds(&r);
    assert!(kinds.contains(&"onward-referral"), "{kinds:?}");
    assert!(kinds.contains(&"point-of-contact"), "{kinds:?}");
    assert!(has_action(
        &r,
        "We would ask the GP to review her within 2 working days"
    ));
}

#[test]
fn a_mental_health_letter_asks_the_gp_for_a_fit_note_and_a_referral() {
    let r = check("needs-work", "mental-health-cmht");
    let kinds = concern_kinds(&r);
    assert!(kinds.contains(&"fit-note"), "{kinds:?}");
    assert!(kinds.contains(&"onward-referral"), "{kinds:?}");
    for term in ["EUPD", "DSH", "MSE", "euthymic", "SI", "EtOH", "CMHT"] {
        assert!(
            terms(&r).contains(&term),
            "{term} missing from {:?}",
            terms(&r)
        );
    }
}

#[test]
fn a_plain_letter_to_the_patient_still_fails_when_it_sends_questions_to_the_gp() {
    let r = check("needs-work", "renal-patient-ask-your-gp");
    assert!(r.addressed_to_patient);
    assert!(
        r.reading_age <= 14.0 && r.flesch_reading_ease >= 60.0,
        "{r}"
    );
    let kinds = concern_kinds(&r);
    for kind in ["test-results", "point-of-contact", "missed-appointment"] {
        assert!(kinds.contains(&kind), "{kind} missing from {kinds:?}");
    }
}

#[test]
fn plain_letters_explain_the_terms_they_use() {
    let diabetes = check("plain", "diabetes-clinic");
    assert!(diabetes.explained_terms.iter().any(|t| t.term == "HbA1c"));
    let kidney = check("plain", "renal-kidney-clinic");
    assert!(kidney.explained_terms.iter().any(|t| t.term == "eGFR"));
    assert!(has_action(
        &kidney,
        "asked your GP to increase your amlodipine"
    ));
    let wrist = check("plain", "orthopaedics-broken-wrist");
    assert!(wrist.explained_terms.iter().any(|t| t.term == "fracture"));
    let copd = check("plain", "respiratory-discharge-summary");
    assert!(
        copd.explained_terms.iter().any(|t| t.term == "COPD"),
        "{copd}"
    );
}

#[test]
fn plain_letters_read_at_fourteen_or_younger() {
    for path in letters_in("plain") {
        let text = std::fs::read_to_string(&path).unwrap();
        let r = Checker::shared_standard().check(&text);
        assert!(
            r.reading_age <= 14.0,
            "{}: {}",
            path.display(),
            r.reading_age
        );
        assert!(
            r.flesch_reading_ease >= 60.0,
            "{}: {}",
            path.display(),
            r.flesch_reading_ease
        );
        assert!(r.jargon.len() <= 2, "{}: {:?}", path.display(), r.jargon);
    }
}

#[test]
fn the_json_report_has_the_fields_the_cli_promises() {
    let r = check("needs-work", "cardiology-gp-letter");
    let json = serde_json::to_value(&r).unwrap();
    assert_eq!(json["verdict"], "needs-work");
    assert!(json["reading_age"].is_f64());
    assert!(json["flesch_reading_ease"].is_f64());
    assert!(json["jargon"][0]["term"].is_string());
    assert!(json["jargon"][0]["plain"].is_string());
    assert!(json["jargon"][0]["count"].is_u64());
    assert!(json["long_sentences"].is_u64());
    assert!(json["gp_actions"][0]["text"].is_string());
    assert!(json["interface_concerns"][0]["kind"].is_string());
    assert!(json["interface_concerns"][0]["text"].is_string());
    assert_eq!(json["addressed_to_patient"], false);
}
