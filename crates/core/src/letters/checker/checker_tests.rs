//! Tests for the whole-letter check and the constructors.

use super::*;

#[test]
fn the_standard_checker_has_the_builtin_glossary() {
    assert!(Checker::shared_standard().glossary_len() >= 300);
}

#[test]
fn extra_data_is_merged_and_bad_lines_are_named() {
    let c = Checker::with_extra(
        "# ICB additions\nPIFU\tpatient-initiated follow-up\tabbreviation\texact\nrenal\t-\tterm\tany\n",
        "concern\tshared-care\trequest\tshared\\s+care\n",
    )
    .unwrap();
    let f = c.check_section_for(
        "Renal review; PIFU offered. Please could you take over shared care of methotrexate.",
        Audience::Professional,
    );
    let terms: Vec<&str> = f.jargon.iter().map(|j| j.term.as_str()).collect();
    assert_eq!(terms, vec!["PIFU"]);
    assert_eq!(f.interface_concerns[0].kind, "shared-care");
    let err = Checker::with_extra("PIFU\tx\tabbreviation\n", "").unwrap_err();
    assert_eq!(
        err.to_string(),
        "extra glossary, line 1: expected 4 TAB-separated fields, found 3"
    );
    let err = Checker::with_extra("", "\n\nconcern\tx\tany\t(\n").unwrap_err();
    assert!(
        err.to_string()
            .starts_with("extra rules, line 3: bad pattern"),
        "{err}"
    );
}

#[test]
fn sections_start_at_headings_after_text() {
    let letter = "Dear Mr Cole,\n\nDiagnosis\nAsthma.\n\nPlan\nUse your inhaler.\nSee you soon.";
    let units = layout::split(letter);
    let ranges = sections(&units);
    assert_eq!(ranges, vec![0..3, 3..6]);
}

#[test]
fn the_whole_letter_adds_up_its_sections() {
    let c = Checker::shared_standard();
    let letter = "Dear Mrs Ndlovu,\n\nWhat we found\nYour heart tracing (ECG) was normal. Your BP was high.\n\n\
                  What happens next\nYour GP will check your BP again in 4 weeks.\n";
    let r = c.check(letter);
    assert!(r.addressed_to_patient);
    assert_eq!(r.jargon.len(), 1);
    assert_eq!((r.jargon[0].term.as_str(), r.jargon[0].count), ("BP", 2));
    assert_eq!(r.explained_terms[0].term, "ECG");
    assert_eq!(r.gp_actions.len(), 1);
    assert_eq!(r.gp_actions_not_in_list.len(), 1);
    assert_eq!(r.sentences, 3);
    let by_section: usize = [
        "Your heart tracing (ECG) was normal. Your BP was high.",
        "Your GP will check your BP again in 4 weeks.",
    ]
    .iter()
    .map(|s| c.check_section(s).counts.words)
    .sum();
    assert_eq!(r.words, by_section);
}

#[test]
fn missing_gp_requests_are_found_against_a_structured_list() {
    let c = Checker::shared_standard();
    let letter = "Dear Dr Rahman,\n\nI would be grateful if you could check his potassium in one week. \
                  Please could you also stop his naproxen.\n";
    let missing = c.gp_requests_missing_from(letter, &["Check potassium in 1 week"]);
    assert_eq!(missing.len(), 1);
    assert!(missing[0].text.contains("naproxen"));
}

#[test]
fn empty_text_needs_work_without_panicking() {
    let r = Checker::shared_standard().check("");
    assert_eq!(r.verdict, Verdict::NeedsWork);
    assert_eq!(r.words, 0);
}
