use super::*;
use time::macros::{date, datetime};

const NOW: OffsetDateTime = datetime!(2026-11-25 12:00 UTC);

fn fields(errors: &[FieldError]) -> Vec<&str> {
    errors.iter().map(|e| e.field.as_ref()).collect()
}

fn complete() -> LetterInput {
    LetterInput {
        nhs_number: "999 000 0018".into(),
        kind: Some("clinic_letter".into()),
        event_date: "24/11/2026".into(),
        event_time: "10:30".into(),
        summary: "You came to the heart clinic.".into(),
        follow_up: "We will see you again in 3 months.".into(),
        gp_actions: vec![GpActionInput {
            text: "Check kidney function in 2 weeks".into(),
            due: "9/12/2026".into(),
        }],
        ..LetterInput::default()
    }
}

#[test]
fn a_complete_letter_parses_with_its_time_in_london() {
    let letter = complete().parse_for_sending(NOW).unwrap();
    assert_eq!(letter.kind, Kind::ClinicLetter);
    assert_eq!(letter.addressee, Addressee::Patient);
    assert_eq!(letter.event_at, Some(datetime!(2026-11-24 10:30 UTC)));
    assert_eq!(
        letter.content.gp_actions[0].due,
        Some(date!(2026 - 12 - 09))
    );
    let summer = LetterInput {
        event_date: "2026-07-01".into(),
        event_time: "14:30".into(),
        ..complete()
    };
    assert_eq!(
        summer.parse_draft().unwrap().event_at,
        Some(datetime!(2026-07-01 13:30 UTC))
    );
}

#[test]
fn a_draft_needs_the_patient_and_the_kind_only() {
    let errors = LetterInput::default().parse_draft().unwrap_err();
    assert_eq!(fields(&errors), ["nhs_number", "kind"]);
    let draft = LetterInput {
        nhs_number: "9990000018".into(),
        kind: Some("discharge_summary".into()),
        ..LetterInput::default()
    }
    .parse_draft()
    .unwrap();
    assert_eq!(draft.event_at, None);
    assert_eq!(draft.content, LetterContent::default());
}

#[test]
fn an_action_without_a_due_date_is_refused_even_in_a_draft() {
    let input = LetterInput {
        gp_actions: vec![
            GpActionInput::default(),
            GpActionInput {
                text: "Review blood pressure".into(),
                due: String::new(),
            },
            GpActionInput {
                text: "Repeat the blood test".into(),
                due: "31/2/2027".into(),
            },
        ],
        ..complete()
    };
    let errors = input.parse_draft().unwrap_err();
    // The blank first row is dropped, so the rows are numbered as the reader sees them.
    assert_eq!(fields(&errors), ["gp_actions.0.due", "gp_actions.1.due"]);
    assert!(errors[0].message.contains("due by"));
    assert!(errors[1].message.contains("real date"));
}

#[test]
fn sending_needs_what_was_done_the_plan_and_a_past_appointment() {
    let input = LetterInput {
        event_date: "26/11/2026".into(),
        summary: " ".into(),
        follow_up: String::new(),
        ..complete()
    };
    let errors = input.parse_for_sending(NOW).unwrap_err();
    assert_eq!(fields(&errors), ["event_date", "summary", "follow_up"]);
    assert!(
        input.parse_draft().is_ok(),
        "a draft may still be unfinished"
    );
}

#[test]
fn a_discharge_summary_needs_the_time_of_discharge() {
    let input = LetterInput {
        kind: Some("discharge_summary".into()),
        event_time: String::new(),
        ..complete()
    };
    let errors = input.parse_for_sending(NOW).unwrap_err();
    assert_eq!(fields(&errors), ["event_time"]);
    let later_today = LetterInput {
        kind: Some("discharge_summary".into()),
        event_date: "25/11/2026".into(),
        event_time: "18:00".into(),
        ..complete()
    };
    assert_eq!(
        fields(&later_today.parse_for_sending(NOW).unwrap_err()),
        ["event_time"]
    );
}

#[test]
fn a_letter_to_the_gp_must_say_why() {
    let input = LetterInput {
        addressee: Some("gp".into()),
        ..complete()
    };
    assert_eq!(
        fields(&input.parse_for_sending(NOW).unwrap_err()),
        ["gp_reason"]
    );
    let with_reason = LetterInput {
        gp_reason: "The patient asked for letters to go to their GP only".into(),
        ..input
    };
    assert_eq!(
        with_reason.parse_for_sending(NOW).unwrap().addressee,
        Addressee::Gp
    );
}

#[test]
fn medicine_and_pending_result_rows_must_be_complete_to_send() {
    let input = LetterInput {
        medicines: vec![
            MedicineInput {
                change: Some("stopped".into()),
                medicine: "Ibuprofen".into(),
                dose: String::new(),
                reason: "It can harm your kidneys".into(),
            },
            MedicineInput {
                change: Some("started".into()),
                medicine: "Ramipril".into(),
                ..MedicineInput::default()
            },
        ],
        pending_results: vec![PendingResultInput {
            test: "Kidney scan".into(),
            owner: None,
        }],
        ..complete()
    };
    let errors = input.parse_for_sending(NOW).unwrap_err();
    assert_eq!(
        fields(&errors),
        [
            "medicines.1.dose",
            "medicines.1.reason",
            "pending_results.0.owner"
        ]
    );
}

#[test]
fn an_action_due_before_the_appointment_and_unknown_choices_are_refused() {
    let input = LetterInput {
        kind: Some("letter".into()),
        ..complete()
    };
    assert_eq!(fields(&input.parse_draft().unwrap_err()), ["kind"]);
    let early = LetterInput {
        gp_actions: vec![GpActionInput {
            text: "Check potassium".into(),
            due: "2026-11-01".into(),
        }],
        ..complete()
    };
    assert_eq!(
        fields(&early.parse_for_sending(NOW).unwrap_err()),
        ["gp_actions.0.due"]
    );
}

#[test]
fn too_many_rows_and_overlong_text_are_refused() {
    let input = LetterInput {
        patient_actions: vec!["Drink plenty of water".into(); MAX_ROWS + 1],
        summary: "x".repeat(MAX_SECTION_CHARS + 1),
        ..complete()
    };
    let errors = input.parse_draft().unwrap_err();
    assert_eq!(fields(&errors), ["summary", "patient_actions"]);
}

#[test]
fn dates_are_read_in_the_ways_people_write_them() {
    assert_eq!(parse_date("7/3/2027"), Some(date!(2027 - 03 - 07)));
    assert_eq!(parse_date("07-03-2027"), Some(date!(2027 - 03 - 07)));
    assert_eq!(parse_date("2027-03-07"), Some(date!(2027 - 03 - 07)));
    assert_eq!(parse_date("7/3/27"), None);
    assert_eq!(parse_date("next week"), None);
}

#[test]
fn a_stored_letter_reads_back_as_the_same_input() {
    let letter = LetterInput {
        medicines: vec![MedicineInput {
            change: Some("started".into()),
            medicine: "Ramipril".into(),
            dose: "2.5 mg once a day".into(),
            reason: "To protect your heart".into(),
        }],
        event_date: "2026-07-01".into(),
        event_time: "14:30".into(),
        ..complete()
    }
    .parse_for_sending(NOW)
    .unwrap();
    let again = LetterInput::from_letter(
        &letter.nhs_number.to_string(),
        letter.kind,
        letter.event_at,
        letter.addressee,
        &letter.gp_reason,
        &letter.content,
    );
    assert_eq!(again.event_date, "1/7/2026");
    assert_eq!(again.event_time, "14:30", "in London time");
    assert_eq!(again.parse_for_sending(NOW).unwrap(), letter);
}
