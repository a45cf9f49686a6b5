//! Tests for adding up sections and judging the letter.

use super::*;
use crate::letters::checker::TermKind;

fn term(t: &str, count: usize) -> JargonFinding {
    JargonFinding {
        term: t.into(),
        plain: "plain".into(),
        count,
        kind: TermKind::Abbreviation,
    }
}

fn plain_counts() -> TextCounts {
    // 100 words, 10 sentences, 130 syllables: Flesch 86.7, reading age 8.7.
    TextCounts {
        words: 100,
        sentences: 10,
        syllables: 130,
    }
}

fn section(jargon: Vec<JargonFinding>, explained: Vec<JargonFinding>) -> SectionFindings {
    SectionFindings {
        jargon,
        explained,
        counts: plain_counts(),
        ..SectionFindings::default()
    }
}

#[test]
fn a_plain_letter_to_the_patient_passes() {
    let r = Report::from_sections(vec![section(vec![], vec![])], true, &Thresholds::default());
    assert_eq!(r.verdict, Verdict::Plain);
    assert!(r.verdict_reasons.is_empty());
    assert_eq!(r.flesch_reading_ease, 86.7);
    assert_eq!(r.reading_age, 8.7);
}

#[test]
fn jargon_adds_up_across_sections_and_an_explanation_anywhere_counts() {
    let sections = vec![
        section(vec![term("SOB", 2), term("MRI", 1)], vec![]),
        section(vec![term("SOB", 1)], vec![term("MRI", 1)]),
    ];
    let r = Report::from_sections(sections, true, &Thresholds::default());
    assert_eq!(r.jargon, vec![term("SOB", 3)]);
    assert_eq!(r.explained_terms, vec![term("MRI", 2)]);
    assert_eq!(r.words, 200);
    assert_eq!(r.verdict, Verdict::Plain);
}

#[test]
fn each_failed_threshold_is_a_reason() {
    let hard = SectionFindings {
        jargon: vec![term("A", 1), term("B", 1), term("C", 1)],
        long_sentences: vec![
            LongSentence {
                text: "x".into(),
                words: 30,
            };
            2
        ],
        interface_concerns: vec![InterfaceConcern {
            kind: "fit-note".into(),
            text: "x".into(),
            advice: String::new(),
        }],
        counts: TextCounts {
            words: 60,
            sentences: 2,
            syllables: 100,
        },
        ..SectionFindings::default()
    };
    let r = Report::from_sections(vec![hard], false, &Thresholds::default());
    assert_eq!(r.verdict, Verdict::NeedsWork);
    assert_eq!(r.verdict_reasons.len(), 6, "{:?}", r.verdict_reasons);
    assert_eq!(r.long_sentences, 2);
}

#[test]
fn long_sentences_are_allowed_up_to_a_tenth_and_at_least_one() {
    let t = Thresholds::default();
    assert_eq!(t.allowed_long_sentences(3), 1);
    assert_eq!(t.allowed_long_sentences(25), 2);
}

#[test]
fn the_json_has_the_promised_field_names() {
    let r = Report::from_sections(
        vec![section(vec![term("SOB", 1)], vec![])],
        false,
        &Thresholds::default(),
    );
    let json = serde_json::to_value(&r).unwrap();
    for field in [
        "verdict",
        "reading_age",
        "flesch_reading_ease",
        "jargon",
        "long_sentences",
        "gp_actions",
        "interface_concerns",
        "addressed_to_patient",
    ] {
        assert!(json.get(field).is_some(), "missing {field}");
    }
    assert_eq!(json["verdict"], "needs-work");
    assert_eq!(json["jargon"][0]["term"], "SOB");
    assert_eq!(json["jargon"][0]["count"], 1);
    assert!(json["long_sentences"].is_u64());
    assert_eq!(json["addressed_to_patient"], false);
}

#[test]
fn the_text_rendering_names_the_verdict_and_findings() {
    let r = Report::from_sections(
        vec![section(vec![term("SOB", 2)], vec![])],
        false,
        &Thresholds::default(),
    );
    let text = r.to_string();
    assert!(text.starts_with("Verdict: needs work\n"), "{text}");
    assert!(text.contains("SOB (x2): say \"plain\""), "{text}");
    assert!(text.contains("written to a professional"), "{text}");
}
