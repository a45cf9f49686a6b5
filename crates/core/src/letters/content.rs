//! What a letter says, under the PRSB headings (Academy of Medical Royal Colleges): diagnoses,
//! what was done, medicines started, changed and stopped, results and results still pending,
//! follow-up, and the three lists of actions. Stored as one JSON document beside the letter's
//! indexed facts; the GP's actions are also rows of their own, since the practice works them.

use super::{Addressee, Kind, MedicineChange, ResultOwner};
use serde::{Deserialize, Serialize};
use time::{Date, OffsetDateTime};

/// One medicine started, changed or stopped, with the reason.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MedicineEntry {
    /// What happened to it; `None` only in an unfinished draft.
    pub change: Option<MedicineChange>,
    /// The medicine's name.
    pub medicine: String,
    /// Dose, route and frequency as now taken ("5 mg once a day"); empty when stopped.
    pub dose: String,
    /// Why it was started, changed or stopped.
    pub reason: String,
}

/// A test whose result was not back when the letter was written, and who will act on it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PendingResult {
    /// The test ("Biopsy of the skin on your back").
    pub test: String,
    /// Who will act on the result; `None` only in an unfinished draft.
    pub owner: Option<ResultOwner>,
}

time::serde::format_description!(iso_date, Date, "[year]-[month]-[day]");

/// Something the GP is asked to do, by a date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GpActionRequest {
    /// The action, in words the practice can act on.
    pub text: String,
    /// When it should be done by (`YYYY-MM-DD` in JSON); `None` only while a draft is unfinished.
    #[serde(with = "iso_date::option")]
    pub due: Option<Date>,
}

/// The body of a letter under its headings. Every field may be empty in a draft.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LetterContent {
    /// Diagnoses and problems, one per line.
    pub diagnoses: String,
    /// What was done: the clinical summary of the appointment or the stay.
    pub summary: String,
    /// Investigations and results that are back.
    pub results: String,
    /// Results still pending, each with who will act on it.
    pub pending_results: Vec<PendingResult>,
    /// Medicines started, changed and stopped.
    pub medicines: Vec<MedicineEntry>,
    /// Follow-up: the plan.
    pub follow_up: String,
    /// Information given to the patient.
    pub information_given: String,
    /// What the GP needs to do, each by a date.
    pub gp_actions: Vec<GpActionRequest>,
    /// What the patient needs to do, one per item.
    pub patient_actions: Vec<String>,
    /// What the hospital will do, one per item.
    pub hospital_actions: Vec<String>,
}

/// The facts of a letter that are not under a heading.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LetterHeader {
    /// Clinic letter or discharge summary.
    pub kind: Kind,
    /// The appointment (clinic letter) or discharge (discharge summary), in UTC.
    pub event_at: OffsetDateTime,
    /// To whom it is written.
    pub addressee: Addressee,
    /// Why a letter is written to the GP rather than the patient (empty when to the patient).
    pub gp_reason: String,
}

/// One text section of a letter as the plain-English checker reads it, with the form field it
/// came from so that findings can be shown beside it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section<'a> {
    /// The form field (`summary`, `medicines.0.reason`).
    pub field: String,
    /// The heading it sits under, for the page.
    pub heading: &'static str,
    /// The text.
    pub text: &'a str,
}

impl LetterContent {
    /// The letter's text sections in reading order, each with its field: what the checker reads.
    pub fn sections<'a>(&'a self) -> Vec<Section<'a>> {
        let mut out: Vec<Section<'_>> = Vec::new();
        let mut push = |field: String, heading: &'static str, text: &'a str| {
            if !text.trim().is_empty() {
                out.push(Section {
                    field,
                    heading,
                    text,
                });
            }
        };
        push("diagnoses".into(), "Diagnoses", &self.diagnoses);
        push("summary".into(), "What we did", &self.summary);
        push("results".into(), "Results", &self.results);
        for (i, p) in self.pending_results.iter().enumerate() {
            push(
                format!("pending_results.{i}.test"),
                "Results still to come",
                &p.test,
            );
        }
        for (i, m) in self.medicines.iter().enumerate() {
            push(format!("medicines.{i}.dose"), "Medicines", &m.dose);
            push(format!("medicines.{i}.reason"), "Medicines", &m.reason);
        }
        push("follow_up".into(), "Follow-up", &self.follow_up);
        push(
            "information_given".into(),
            "Information given",
            &self.information_given,
        );
        for (i, a) in self.gp_actions.iter().enumerate() {
            push(
                format!("gp_actions.{i}.text"),
                "What the GP needs to do",
                &a.text,
            );
        }
        for (i, a) in self.patient_actions.iter().enumerate() {
            push(format!("patient_actions.{i}"), "What you need to do", a);
        }
        for (i, a) in self.hospital_actions.iter().enumerate() {
            push(
                format!("hospital_actions.{i}"),
                "What the hospital will do",
                a,
            );
        }
        out
    }

    /// The letter as the plain-English checker reads it: a salutation to `addressee` (which
    /// tells the checker who the letter is written to), then [`Self::full_text`].
    pub fn checker_text(&self, addressee: super::Addressee) -> String {
        let salutation = match addressee {
            super::Addressee::Patient => "Dear Patient,",
            super::Addressee::Gp => "Dear GP,",
        };
        format!("{salutation}\n\n{}", self.full_text())
    }

    /// The whole letter as plain text under its headings: what the checker reads for the
    /// reading age, and what an imported letter becomes.
    pub fn full_text(&self) -> String {
        let mut out = String::new();
        let mut heading = "";
        for s in self.sections() {
            if s.heading != heading {
                if !out.is_empty() {
                    out.push('\n');
                }
                out.push_str(s.heading);
                out.push('\n');
                heading = s.heading;
            }
            out.push_str(s.text.trim());
            out.push('\n');
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sections_skip_empty_text_and_name_their_fields() {
        let content = LetterContent {
            summary: "You came to the clinic.".into(),
            gp_actions: vec![GpActionRequest {
                text: "Check your blood pressure in 2 weeks.".into(),
                due: None,
            }],
            hospital_actions: vec!["We will see you in 3 months.".into()],
            ..LetterContent::default()
        };
        let fields: Vec<_> = content.sections().into_iter().map(|s| s.field).collect();
        assert_eq!(
            fields,
            ["summary", "gp_actions.0.text", "hospital_actions.0"]
        );
        assert_eq!(
            content.full_text(),
            "What we did\nYou came to the clinic.\n\nWhat the GP needs to do\nCheck your blood pressure in 2 weeks.\n\nWhat the hospital will do\nWe will see you in 3 months.\n"
        );
    }
}

#[cfg(test)]
mod json_tests {
    use super::*;

    #[test]
    fn due_dates_are_iso_dates_in_json() {
        let a = GpActionRequest {
            text: "Check".into(),
            due: Some(time::macros::date!(2027 - 03 - 07)),
        };
        let json = serde_json::to_string(&a).unwrap();
        assert_eq!(json, r#"{"text":"Check","due":"2027-03-07"}"#);
        assert_eq!(serde_json::from_str::<GpActionRequest>(&json).unwrap(), a);
    }
}
