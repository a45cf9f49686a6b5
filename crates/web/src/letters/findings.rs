//! The plain-English checker on the letter form: findings beside each field, the verdict
//! above the form, and the facts kept with a sent letter.

use super::checker;
use joinedup_core::letters::checker::{Audience, SectionFindings, Verdict};
use joinedup_core::letters::input::GpActionInput;
use joinedup_core::letters::{Addressee, LetterContent, LetterInput};
use joinedup_store::letters::CheckFacts;
use std::collections::BTreeMap;

/// The checker's verdict on the whole letter, shown above the form after "Check the letter".
pub struct CheckSummary {
    /// Judged plain.
    pub(super) plain: bool,
    /// Reading age, whole years.
    pub(super) reading_age: String,
    /// Flesch reading ease, whole number.
    pub(super) flesch: String,
    /// Written to the patient.
    pub(super) addressed_to_patient: bool,
    /// Requests to the GP in the prose that the GP's list lacks.
    pub(super) missing_actions: Vec<String>,
    /// Requests that are the hospital's.
    pub(super) concerns: Vec<String>,
}

/// Findings by field name, and the whole-letter summary.
pub(super) type Findings = (BTreeMap<String, Vec<String>>, Option<CheckSummary>);

/// The words for one section's findings: jargon with its plain alternative, long sentences,
/// and requests the hospital should meet itself.
pub(super) fn describe(f: &SectionFindings) -> Vec<String> {
    let mut out: Vec<String> = f
        .jargon
        .iter()
        .map(|j| {
            format!(
                "\u{201c}{}\u{201d}: try \u{201c}{}\u{201d}",
                j.term, j.plain
            )
        })
        .collect();
    out.extend(f.long_sentences.iter().map(|s| {
        format!(
            "This sentence has {} words; aim for 25 or fewer: \u{201c}{}\u{201d}",
            s.words, s.text
        )
    }));
    out.extend(
        f.interface_concerns
            .iter()
            .map(|c| format!("{} \u{201c}{}\u{201d}", c.advice, c.text)),
    );
    out
}

/// The addressee the form has chosen (the patient unless the GP is chosen).
fn addressee_of(input: &LetterInput) -> Addressee {
    match input.addressee.as_deref() {
        Some("gp") => Addressee::Gp,
        _ => Addressee::Patient,
    }
}

/// Runs the checker over the typed letter: findings per field, and the verdict.
pub(super) fn check(input: &LetterInput) -> Findings {
    let content = input
        .parse_draft()
        .map(|d| d.content)
        .unwrap_or_else(|_| content_of(input));
    let addressee = addressee_of(input);
    let audience = match addressee {
        Addressee::Patient => Audience::Patient,
        Addressee::Gp => Audience::Professional,
    };
    let c = checker();
    let mut by_field = BTreeMap::new();
    for s in content.sections() {
        let found = describe(&c.check_section_for(s.text, audience));
        if !found.is_empty() {
            by_field.insert(s.field, found);
        }
    }
    let text = content.checker_text(addressee);
    let report = c.check(&text);
    let actions: Vec<&str> = content.gp_actions.iter().map(|a| a.text.as_str()).collect();
    let summary = CheckSummary {
        plain: report.verdict == Verdict::Plain,
        reading_age: format!("{:.0}", report.reading_age),
        flesch: format!("{:.0}", report.flesch_reading_ease),
        addressed_to_patient: addressee == Addressee::Patient,
        missing_actions: c
            .gp_requests_missing_from(&text, &actions)
            .into_iter()
            .map(|r| r.text)
            .collect(),
        concerns: report
            .interface_concerns
            .into_iter()
            .map(|c| c.text)
            .collect(),
    };
    (by_field, Some(summary))
}

/// The typed text under its headings even when the draft has errors elsewhere (a bad date
/// should not stop the checker reading the prose).
fn content_of(input: &LetterInput) -> LetterContent {
    let relaxed = LetterInput {
        nhs_number: "9990000018".into(),
        kind: Some("clinic_letter".into()),
        event_date: String::new(),
        event_time: String::new(),
        addressee: None,
        gp_actions: input
            .gp_actions
            .iter()
            .map(|a| GpActionInput {
                text: a.text.clone(),
                due: "1/1/2000".into(),
            })
            .collect(),
        ..input.clone()
    };
    relaxed.parse_draft().map(|d| d.content).unwrap_or_default()
}

/// The checker's facts kept with a sent letter.
pub(super) fn check_facts(letter: &joinedup_core::letters::DraftLetter) -> CheckFacts {
    let report = checker().check(&letter.content.checker_text(letter.addressee));
    CheckFacts {
        reading_age: report.reading_age,
        flesch_reading_ease: report.flesch_reading_ease,
        plain: report.verdict == Verdict::Plain,
    }
}
