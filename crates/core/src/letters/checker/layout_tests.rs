//! Tests for splitting letters into headings, list items and sentences.

use super::*;

fn pieces(text: &str) -> Vec<(UnitKind, &str)> {
    split(text).iter().map(|u| (u.kind, u.text(text))).collect()
}

fn sentences(text: &str) -> Vec<&str> {
    split(text)
        .iter()
        .filter(|u| u.is_sentence())
        .map(|u| u.text(text))
        .collect()
}

#[test]
fn titles_abbreviations_and_decimals_do_not_end_sentences() {
    let text = "I saw Mrs. Khan with Dr. Okafor today. She takes ramipril 2.5 mg, e.g. in the \
                morning, i.e. once a day. Bisoprolol 1.25 mg b.d. was stopped. J. Smith agreed.";
    assert_eq!(
        sentences(text),
        vec![
            "I saw Mrs. Khan with Dr. Okafor today.",
            "She takes ramipril 2.5 mg, e.g. in the morning, i.e. once a day.",
            "Bisoprolol 1.25 mg b.d. was stopped.",
            "J. Smith agreed.",
        ]
    );
}

#[test]
fn question_marks_quotes_and_brackets_end_sentences() {
    let text = "Is it worse at night? He said \"only sometimes.\" (It settled.) Good.";
    assert_eq!(
        sentences(text),
        vec![
            "Is it worse at night?",
            "He said \"only sometimes.\"",
            "(It settled.)",
            "Good.",
        ]
    );
}

#[test]
fn headings_salutations_and_signatures_are_not_sentences() {
    let text = "Dear Mrs Patel,\n\nDiagnosis: asthma\n\nThank you for coming to see us. \
                We talked about your inhalers.\n\nPlan\nUse the brown inhaler twice a day.\n\n\
                Yours sincerely,\nDr Ana Lopes\nConsultant Respiratory Physician\n";
    let p = pieces(text);
    let headings: Vec<&str> = p
        .iter()
        .filter(|(k, _)| *k == UnitKind::Heading)
        .map(|(_, t)| *t)
        .collect();
    assert_eq!(
        headings,
        vec![
            "Dear Mrs Patel,",
            "Diagnosis: asthma",
            "Plan",
            "Yours sincerely,",
            "Dr Ana Lopes",
            "Consultant Respiratory Physician",
        ]
    );
    assert_eq!(
        sentences(text),
        vec![
            "Thank you for coming to see us.",
            "We talked about your inhalers.",
            "Use the brown inhaler twice a day.",
        ]
    );
}

#[test]
fn wrapped_lines_join_into_one_sentence() {
    let text = "Thank you for referring this 67 year old man who has had chest pain\n\
                on walking uphill for the last three months.\nHe is otherwise well.";
    let s = sentences(text);
    assert_eq!(s.len(), 2);
    assert!(s[0].starts_with("Thank you") && s[0].ends_with("three months."));
}

#[test]
fn bullets_and_numbered_items_are_list_items_without_full_stops() {
    let text = "Plan:\n- Stop ramipril\n- Start losartan 25 mg once a day\n  from tomorrow\n\
                1. Check kidney blood test in 2 weeks\n2) Review in clinic\n(a) Weigh daily\n\
                Next steps\n";
    let p = pieces(text);
    assert_eq!(
        p,
        vec![
            (UnitKind::Heading, "Plan:"),
            (UnitKind::ListItem, "Stop ramipril"),
            (
                UnitKind::ListItem,
                "Start losartan 25 mg once a day\n  from tomorrow"
            ),
            (UnitKind::ListItem, "Check kidney blood test in 2 weeks"),
            (UnitKind::ListItem, "Review in clinic"),
            (UnitKind::ListItem, "Weigh daily"),
            (UnitKind::Heading, "Next steps"),
        ]
    );
}

#[test]
fn a_list_item_with_two_sentences_gives_two_items_in_one_block() {
    let text = "- Stop ramipril. Start losartan.\n- Review in 3 months.";
    let units = split(text);
    assert_eq!(units.len(), 3);
    assert_eq!(units[0].block, units[1].block);
    assert_ne!(units[1].block, units[2].block);
    assert!(units.iter().all(|u| u.kind == UnitKind::ListItem));
}

#[test]
fn a_long_label_line_is_a_heading_but_long_prose_without_a_stop_is_a_sentence() {
    assert!(is_heading_like(
        "Diagnoses: heart failure with reduced ejection fraction, type 2 diabetes, gout"
    ));
    assert!(!is_heading_like(
        "Thank you for referring this lady who has had a cough for three months"
    ));
    let text = "Thank you for referring this lady who has had a cough for three months\n\nPlan";
    assert_eq!(pieces(text)[0].0, UnitKind::Sentence);
}

#[test]
fn empty_and_punctuation_only_text_gives_nothing() {
    assert!(split("").is_empty());
    assert!(split("\n\n  \n").is_empty());
    assert!(split("...\n---").is_empty());
}

#[test]
fn crlf_line_endings_and_curly_quotes_are_handled() {
    let text = "Dear Mr Ade,\r\n\r\nYou said it was \u{201c}much better.\u{201d} We agreed.\r\n";
    assert_eq!(
        sentences(text),
        vec!["You said it was \u{201c}much better.\u{201d}", "We agreed."]
    );
}
