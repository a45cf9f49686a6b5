//! Tests for the advice forms.

use super::*;

const CARDIOLOGY: Uuid = Uuid::from_u128(10);
const RESPIRATORY: Uuid = Uuid::from_u128(11);

fn complete() -> RequestInput {
    RequestInput {
        service_id: Some(CARDIOLOGY),
        question: "  Should we start a statin?  ".into(),
        history: "Father had MI at 50.\r\nNon-smoker.".into(),
        medicines: String::new(),
        results: "LDL 4.9".into(),
        urgency: Some("routine".into()),
        referral_authorised: Some("no".into()),
    }
}

fn fields(errors: &[FieldError]) -> Vec<&str> {
    errors.iter().map(|e| e.field.as_ref()).collect()
}

#[test]
fn a_complete_request_is_ready_to_send_with_typed_choices() {
    let sent = complete().parse_for_sending().unwrap();
    assert_eq!(sent.service_id, CARDIOLOGY);
    assert_eq!(sent.question, "Should we start a statin?");
    assert_eq!(sent.history, "Father had MI at 50.\nNon-smoker.");
    assert_eq!(sent.urgency, Urgency::Routine);
    assert!(!sent.referral_authorised);
    let mut yes = complete();
    yes.referral_authorised = Some("yes".into());
    yes.urgency = Some("urgent".into());
    let sent = yes.parse_for_sending().unwrap();
    assert!(sent.referral_authorised);
    assert_eq!(sent.urgency, Urgency::Urgent);
}

#[test]
fn an_empty_draft_may_be_saved() {
    let draft = RequestInput::default().parse_draft().unwrap();
    assert_eq!(draft.service_id, None);
    assert_eq!(draft.question, "");
    assert_eq!(draft.urgency, None);
    assert_eq!(draft.referral_authorised, None);
}

#[test]
fn sending_needs_a_service_question_urgency_and_an_answer_about_referral() {
    let errors = RequestInput::default().parse_for_sending().unwrap_err();
    assert_eq!(
        errors,
        vec![
            FieldError {
                field: "service".into(),
                message: "Choose the specialist service to ask".into()
            },
            FieldError {
                field: "question".into(),
                message: "Enter your clinical question".into()
            },
            FieldError {
                field: "urgency".into(),
                message: "Select whether the request is routine or urgent".into()
            },
            FieldError {
                field: "referral_authorised".into(),
                message: "Select yes if the specialist may convert this request into a referral"
                    .into()
            },
        ]
    );
}

#[test]
fn a_question_of_only_spaces_is_no_question() {
    let mut input = complete();
    input.question = " \r\n\t ".into();
    assert_eq!(
        fields(&input.parse_for_sending().unwrap_err()),
        ["question"]
    );
}

#[test]
fn texts_over_their_limits_are_refused_even_in_a_draft() {
    let mut input = complete();
    input.question = "a".repeat(4001);
    input.results = "b".repeat(8001);
    let errors = input.parse_draft().unwrap_err();
    assert_eq!(fields(&errors), ["question", "results"]);
    assert_eq!(
        errors[0].message,
        "Your clinical question must be 4,000 characters or fewer"
    );
    assert_eq!(
        errors[1].message,
        "Test results must be 8,000 characters or fewer"
    );
    input.question = "é".repeat(4000);
    input.results = "b".repeat(8000);
    assert!(input.parse_for_sending().is_ok());
}

#[test]
fn windows_line_breaks_count_once_against_the_limit() {
    let mut input = complete();
    input.history = "ab\r\n".repeat(2000) + "abcd"; // 3 * 2000 + 4 = 6004 chars after cleaning
    let draft = input.parse_draft().unwrap();
    assert_eq!(draft.history.chars().count(), 6004);
}

#[test]
fn control_characters_are_dropped_but_tabs_and_newlines_kept() {
    assert_eq!(clean_text("\u{0}a\tb\u{7}\nc\u{1b}[31m "), "a\tb\nc[31m");
}

#[test]
fn unknown_choices_are_errors_not_silent_blanks() {
    let mut input = complete();
    input.urgency = Some("very".into());
    input.referral_authorised = Some("maybe".into());
    let errors = input.parse_draft().unwrap_err();
    assert_eq!(fields(&errors), ["urgency", "referral_authorised"]);
    // Reported once each when sending, not again as "missing".
    assert_eq!(input.parse_for_sending().unwrap_err().len(), 2);
}

#[test]
fn request_form_and_json_both_deserialise() {
    let json = format!(
        r#"{{"service":"{CARDIOLOGY}","question":"Q","urgency":"urgent","referral_authorised":"yes"}}"#
    );
    let input: RequestInput = serde_json::from_str(&json).unwrap();
    assert_eq!(input.service_id, Some(CARDIOLOGY));
    let input: RequestInput = serde_json::from_str(r#"{"service_id":"","question":"Q"}"#).unwrap();
    assert_eq!(input.service_id, None);
    let input: RequestInput = serde_json::from_str(r#"{"service_id":null}"#).unwrap();
    assert_eq!(input.service_id, None);
    assert!(serde_json::from_str::<RequestInput>(r#"{"service":"not-a-uuid"}"#).is_err());
}

fn facts(authorised: bool) -> ReplyFacts {
    ReplyFacts {
        authorised,
        current_service_id: CARDIOLOGY,
    }
}

fn reply(outcome: &str, advice: &str, summary: &str) -> ReplyInput {
    ReplyInput {
        outcome: Some(outcome.into()),
        advice: advice.into(),
        patient_summary: summary.into(),
        redirect_service_id: None,
        expected_version: 3,
    }
}

#[test]
fn advice_given_needs_advice_and_a_patient_summary() {
    let ok = reply(
        "advice_given",
        " Start atorvastatin 20mg. ",
        "Your GP will start a medicine.",
    )
    .parse(&facts(false))
    .unwrap();
    assert_eq!(ok.outcome, Outcome::AdviceGiven);
    assert_eq!(ok.advice, "Start atorvastatin 20mg.");
    assert_eq!(
        ok.patient_summary.as_deref(),
        Some("Your GP will start a medicine.")
    );
    assert_eq!(ok.redirect_to, None);
    let errors = reply("advice_given", "", "")
        .parse(&facts(false))
        .unwrap_err();
    assert_eq!(
        errors,
        vec![
            FieldError {
                field: "advice".into(),
                message: "Enter your advice".into()
            },
            FieldError {
                field: "patient_summary".into(),
                message: "Enter a summary for the patient in plain English".into()
            },
        ]
    );
}

#[test]
fn an_outcome_must_be_selected() {
    let mut input = reply("", "Advice", "Summary");
    assert_eq!(
        input.parse(&facts(true)).unwrap_err()[0].message,
        "Select an outcome"
    );
    input.outcome = None;
    assert_eq!(fields(&input.parse(&facts(true)).unwrap_err()), ["outcome"]);
    input.outcome = Some("discharged".into());
    assert_eq!(fields(&input.parse(&facts(true)).unwrap_err()), ["outcome"]);
}

#[test]
fn conversion_is_refused_unless_the_gp_authorised_it() {
    let input = reply(
        "converted_to_referral",
        "Booked to clinic",
        "You will get an appointment",
    );
    let errors = input.parse(&facts(false)).unwrap_err();
    assert_eq!(
        errors[0].message,
        "The GP did not authorise conversion to a referral. Choose 'Referral recommended' instead"
    );
    assert_eq!(
        input.parse(&facts(true)).unwrap().outcome,
        Outcome::ConvertedToReferral
    );
}

#[test]
fn more_information_asks_for_what_is_needed_and_no_patient_summary() {
    let errors = reply("more_information_needed", "", "")
        .parse(&facts(false))
        .unwrap_err();
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].message, "Enter what information you need");
    let ok = reply("more_information_needed", "Please send an ECG", "")
        .parse(&facts(false))
        .unwrap();
    assert_eq!(ok.patient_summary, None);
}

#[test]
fn a_redirect_needs_another_service() {
    let mut input = reply("redirected", "Better answered by respiratory", "");
    assert_eq!(
        input.parse(&facts(false)).unwrap_err()[0],
        FieldError {
            field: "redirect_service".into(),
            message: "Select the service to redirect this request to".into()
        }
    );
    input.redirect_service_id = Some(CARDIOLOGY);
    assert_eq!(
        input.parse(&facts(false)).unwrap_err()[0].message,
        "Select a different service from the one this request is with"
    );
    input.redirect_service_id = Some(RESPIRATORY);
    assert_eq!(
        input.parse(&facts(false)).unwrap().redirect_to,
        Some(RESPIRATORY)
    );
    let mut not_redirect = reply("advice_given", "Advice", "Summary");
    not_redirect.redirect_service_id = Some(RESPIRATORY);
    assert_eq!(not_redirect.parse(&facts(false)).unwrap().redirect_to, None);
}

#[test]
fn reply_texts_over_their_limits_are_refused() {
    let long = reply("advice_given", &"a".repeat(8001), &"b".repeat(2001));
    let errors = long.parse(&facts(false)).unwrap_err();
    assert_eq!(fields(&errors), ["advice", "patient_summary"]);
    assert_eq!(
        errors[1].message,
        "The summary for the patient must be 2,000 characters or fewer"
    );
}

#[test]
fn messages_are_one_to_eight_thousand_characters() {
    let m = |s: &str| MessageInput { message: s.into() }.parse();
    assert_eq!(m("  Thanks  ").unwrap(), "Thanks");
    assert_eq!(m(" ").unwrap_err()[0].message, "Enter a message");
    assert!(m(&"x".repeat(8000)).is_ok());
    assert_eq!(
        m(&"x".repeat(8001)).unwrap_err()[0].message,
        "Your message must be 8,000 characters or fewer"
    );
}

#[test]
fn closing_needs_what_the_gp_did_unless_the_request_was_converted() {
    let a = |s: &str| GpActionInput {
        action_taken: s.into(),
    };
    assert_eq!(
        a("").parse(Outcome::AdviceGiven).unwrap_err(),
        vec![FieldError {
            field: "action_taken".into(),
            message: "Enter what you did with the advice".into()
        }]
    );
    assert_eq!(
        a(" Started statin ").parse(Outcome::AdviceGiven).unwrap(),
        Some("Started statin".into())
    );
    assert_eq!(a("").parse(Outcome::ConvertedToReferral).unwrap(), None);
    assert!(a(&"x".repeat(4001)).parse(Outcome::SeeUrgently).is_err());
}

#[test]
fn limits_are_written_with_thousands_separators() {
    assert_eq!(thousands(4000), "4,000");
    assert_eq!(thousands(999), "999");
    assert_eq!(thousands(1_000_000), "1,000,000");
}
