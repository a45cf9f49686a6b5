//! Tests for finding glossary terms.

use super::*;

fn matcher(rows: &[[&str; 4]]) -> TermMatcher {
    let g = Glossary::from_rows("test", rows.iter().copied()).unwrap();
    TermMatcher::build(&g).unwrap()
}

fn found(m: &TermMatcher, text: &str) -> Vec<(String, String)> {
    m.find(text).iter().map(|h| m.describe(text, h)).collect()
}

fn builtin() -> TermMatcher {
    TermMatcher::build(&Glossary::builtin()).unwrap()
}

#[test]
fn exact_case_terms_ignore_ordinary_words() {
    let m = builtin();
    let text = "She was SOB on exertion. She began to sob. Take it od. It is odd. \
                Is IT working as it should? All is well.";
    let terms: Vec<String> = found(&m, text).into_iter().map(|(t, _)| t).collect();
    assert_eq!(terms, vec!["SOB", "on exertion", "od"]);
}

#[test]
fn any_case_terms_match_in_any_case_but_not_inside_words() {
    let m = matcher(&[["renal", "kidney", "term", "any"]]);
    assert_eq!(found(&m, "Renal clinic; RENAL; adrenal; renally").len(), 2);
    let m = matcher(&[["lesion", "an abnormal area", "term", "any"]]);
    assert_eq!(found(&m, "two lesions; lesionss").len(), 1);
}

#[test]
fn plurals_of_capital_abbreviations_match() {
    let m = builtin();
    let terms: Vec<String> = found(&m, "Check U&Es, LFTs and TFTs; recurrent UTIs.")
        .into_iter()
        .map(|(t, _)| t)
        .collect();
    assert_eq!(terms, vec!["U&E", "LFT", "TFT", "UTI"]);
}

#[test]
fn the_longest_overlapping_term_wins() {
    let m = builtin();
    let text = "Past myocardial infarction. PET-CT booked. Pleural effusion noted.";
    let terms: Vec<String> = found(&m, text).into_iter().map(|(t, _)| t).collect();
    assert_eq!(
        terms,
        vec!["myocardial infarction", "PET-CT", "pleural effusion"]
    );
}

#[test]
fn time_shorthand_takes_any_number_and_range() {
    let m = builtin();
    let text = "Review in 3/12, repeat in 2/52, 1/52 or 2-3/7; q4h; 10/12 ago; 75yo.";
    assert_eq!(
        found(&m, text),
        vec![
            ("3/12".to_owned(), "3 months".to_owned()),
            ("2/52".to_owned(), "2 weeks".to_owned()),
            ("1/52".to_owned(), "1 week".to_owned()),
            ("2-3/7".to_owned(), "2-3 days".to_owned()),
            ("q4h".to_owned(), "every 4 hours".to_owned()),
            ("10/12".to_owned(), "10 months".to_owned()),
            ("75yo".to_owned(), "75 years old".to_owned()),
        ]
    );
}

#[test]
fn dates_fractions_and_round_the_clock_are_not_time_shorthand() {
    let m = builtin();
    assert!(
        found(
            &m,
            "Seen on 3/12/2025 and 12/07/24; open 24/7; 1/2 a tablet."
        )
        .is_empty()
    );
}

#[test]
fn stage_numerals_are_not_the_intravenous_route() {
    let m = builtin();
    assert!(found(&m, "Stage IV disease; grade II; NYHA class IV.").is_empty());
    assert_eq!(found(&m, "Given IV fluids.")[0].1, "into a vein");
}

#[test]
fn dotted_and_symbol_terms_match() {
    let m = builtin();
    let terms: Vec<String> = found(
        &m,
        "Paracetamol 1 g q.d.s. p.r.n.; K+ 5.9; O/E chest clear.",
    )
    .into_iter()
    .map(|(t, _)| t)
    .collect();
    assert_eq!(terms, vec!["q.d.s.", "p.r.n.", "K+", "O/E"]);
}
