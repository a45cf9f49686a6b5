//! Tests for checking one section: explanations, GP requests, the action list and concerns.

use super::*;

fn checker() -> &'static Checker {
    Checker::shared_standard()
}

fn jargon(f: &SectionFindings) -> Vec<&str> {
    f.jargon.iter().map(|j| j.term.as_str()).collect()
}

fn explained(f: &SectionFindings) -> Vec<&str> {
    f.explained.iter().map(|j| j.term.as_str()).collect()
}

fn kinds(f: &SectionFindings) -> Vec<&str> {
    f.interface_concerns
        .iter()
        .map(|c| c.kind.as_str())
        .collect()
}

#[test]
fn terms_explained_where_they_are_used_do_not_count() {
    let c = checker();
    let cases = [
        "We will arrange an MRI scan (a scan that uses magnets to take pictures).",
        "Your eGFR, which measures how well your kidneys work, was 52.",
        "You have a broken bone (fracture) in your wrist.",
        "Your heart has an irregular beat, called atrial fibrillation.",
        "We will see you again in 3/12 (3 months).",
        "Your HbA1c is a blood test that shows your average sugar level.",
        "You had an ECG – a tracing of your heartbeat.",
    ];
    for text in cases {
        let f = c.check_section(text);
        assert!(f.jargon.is_empty(), "{text}: {:?}", f.jargon);
        assert_eq!(f.explained.len(), 1, "{text}");
    }
}

#[test]
fn unexplained_terms_count_and_an_explanation_covers_later_uses() {
    let c = checker();
    let f = c.check_section(
        "Renal function is stable. SOB improved; SOB on stairs only. CT (CXR) booked.",
    );
    assert_eq!(jargon(&f), vec!["renal", "SOB", "CT", "CXR"]);
    assert_eq!(f.jargon[1].count, 2);
    let f = c.check_section("Your eGFR (kidney function) was 52. We will repeat the eGFR in June.");
    assert_eq!(explained(&f), vec!["eGFR"]);
    assert_eq!(f.explained[0].count, 2);
}

#[test]
fn gp_requests_depend_on_who_the_letter_is_to() {
    let c = checker();
    let text = "Please arrange a kidney blood test in two weeks.";
    assert_eq!(
        c.check_section_for(text, Audience::Professional)
            .gp_requests
            .len(),
        1
    );
    assert!(
        c.check_section_for(text, Audience::Patient)
            .gp_requests
            .is_empty()
    );
    assert!(c.check_section(text).gp_requests.is_empty());
    let anyone = "I have asked your GP to check your blood pressure in a month.";
    assert_eq!(c.check_section(anyone).gp_requests.len(), 1);
    let copy = "Your GP will be sent a copy of this letter.";
    assert!(
        c.check_section_for(copy, Audience::Patient)
            .gp_requests
            .is_empty()
    );
}

#[test]
fn the_request_text_is_the_clause_that_asks() {
    let c = checker();
    let f = c.check_section_for(
        "Her chest is clear; I would be grateful if you could repeat her\nbloods in 2/52.",
        Audience::Professional,
    );
    assert_eq!(
        f.gp_requests[0].text,
        "I would be grateful if you could repeat her bloods in 2/52."
    );
}

#[test]
fn an_action_list_is_read_as_gp_actions_until_the_prose_resumes() {
    let c = checker();
    let text = "Actions for the GP:\n- Check U&Es in 2 weeks\n- Stop amlodipine\n\n\
                We will see her again in clinic.";
    let f = c.check_section_for(text, Audience::Professional);
    let listed: Vec<&str> = f
        .gp_requests
        .iter()
        .filter(|r| r.source == RequestSource::ActionList)
        .map(|r| r.text.as_str())
        .collect();
    assert_eq!(listed, vec!["Check U&Es in 2 weeks", "Stop amlodipine"]);
    assert_eq!(f.gp_requests.len(), 2);
    for heading in [
        "Actions for GP",
        "Requested actions for the GP:",
        "Plan for GP",
        "Actions for healthcare professionals",
        "GP to do:",
    ] {
        let f = c.check_section(&format!("{heading}\n- Stop amlodipine\n"));
        assert_eq!(f.gp_requests.len(), 1, "{heading}");
    }
    let f = c.check_section("Actions for the patient\n- Weigh yourself daily\n");
    assert!(f.gp_requests.is_empty());
    let label = c.check_section("GP actions: repeat the chest X-ray in 6 weeks.");
    assert_eq!(
        label.gp_requests[0].text,
        "repeat the chest X-ray in 6 weeks."
    );
    assert_eq!(kinds(&label), vec!["call-and-recall"]);
}

#[test]
fn each_kind_of_interface_concern_is_found() {
    let c = checker();
    let to_gp = Audience::Professional;
    let cases: [(&str, Audience, &str); 9] = [
        (
            "Please could you refer her to the dermatology service.",
            to_gp,
            "onward-referral",
        ),
        ("GP to chase the histology result.", to_gp, "test-results"),
        (
            "He will need a fit note from his GP for four weeks.",
            to_gp,
            "fit-note",
        ),
        (
            "He did not attend, so we have discharged him back to your care.",
            to_gp,
            "missed-appointment",
        ),
        (
            "Please arrange a repeat ultrasound scan in 6 months.",
            to_gp,
            "call-and-recall",
        ),
        (
            "She was discharged with 3 days' supply of ramipril.",
            to_gp,
            "discharge-medicines",
        ),
        (
            "If you have any questions, please contact your GP.",
            Audience::Patient,
            "point-of-contact",
        ),
        (
            "Please ask your GP for your results.",
            Audience::Patient,
            "test-results",
        ),
        (
            "GP to prescribe the remaining 5 days of antibiotics.",
            to_gp,
            "discharge-medicines",
        ),
    ];
    for (text, audience, kind) in cases {
        let f = c.check_section_for(text, audience);
        assert!(kinds(&f).contains(&kind), "{text}: {:?}", kinds(&f));
        assert!(!f.interface_concerns[0].advice.is_empty());
    }
}

#[test]
fn ordinary_sentences_raise_no_concern() {
    let c = checker();
    let fine = [
        "Thank you for referring this lady.",
        "We have referred her to the dermatology team ourselves.",
        "We will chase the histology result and write to you.",
        "We gave you a fit note for four weeks.",
        "She was given a 5-day course of antibiotics to finish at home.",
        "Please re-refer if her symptoms come back.",
        "If your breathing gets worse, call 111 or see your GP.",
        "We have sent a copy of this letter to your GP.",
        "We will send you an appointment for a repeat scan in 6 months.",
        "Please refer to my previous letter for the details of her surgery.",
        "He missed two doses of ramipril. He was discharged home the next day.",
        "Miss Adams was discharged from the clinic today.",
    ];
    for text in fine {
        for audience in [Audience::Patient, Audience::Professional] {
            let f = c.check_section_for(text, audience);
            assert!(f.interface_concerns.is_empty(), "{text}: {:?}", kinds(&f));
        }
    }
}

#[test]
fn a_missed_appointment_is_found_across_two_sentences_of_a_paragraph() {
    let c = checker();
    let text = "He did not attend his appointment on 3 May. He has therefore been discharged \
                back to your care. We would be happy to see him again.";
    let f = c.check_section_for(text, Audience::Professional);
    assert_eq!(kinds(&f), vec!["missed-appointment"]);
    assert!(
        f.interface_concerns[0]
            .text
            .starts_with("He did not attend")
    );
    assert!(f.interface_concerns[0].text.ends_with("back to your care."));
    let apart =
        "He did not attend his appointment on 3 May.\n\nWe have discharged him back to your care.";
    assert!(
        c.check_section_for(apart, Audience::Professional)
            .interface_concerns
            .is_empty()
    );
}

#[test]
fn a_phrase_marked_never_flagged_shields_the_term_inside_it() {
    let c = checker();
    let f =
        c.check_section("Coded in SNOMED CT. The CT was normal. He can go back to PE at school.");
    assert_eq!(jargon(&f), vec!["CT"]);
    assert_eq!(f.jargon[0].count, 1);
}

#[test]
fn a_comment_on_a_term_is_not_an_explanation_of_it() {
    let c = checker();
    for text in [
        "She has CKD, which is stable.",
        "The CT, which showed a small mass, was discussed.",
        "Your eGFR (45) has not changed.",
    ] {
        let f = c.check_section(text);
        assert!(f.explained.is_empty(), "{text}: {:?}", f.explained);
    }
}

#[test]
fn long_sentences_are_listed_with_their_length() {
    let c = checker();
    let long = "We talked about your heart and your breathing and your sleep and your work and \
                your family and your diet and your walking and your weight today.";
    let f = c.check_section(long);
    assert_eq!(f.long_sentences.len(), 1);
    assert_eq!(f.long_sentences[0].words, 27);
    assert_eq!(f.counts.sentences, 1);
}
