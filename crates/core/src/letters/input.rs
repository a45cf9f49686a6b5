//! What a specialist or secretary types into the letter form (and the JSON API), parsed into a
//! draft that may be saved or a letter complete enough to sign and send.
//!
//! Field names in errors are dotted paths (`gp_actions.2.due`): the form uses them as element
//! ids, the API turns them into JSON pointers (`/gp_actions/2/due`). Blank rows of the repeated
//! lists are dropped before anything is numbered, so an error names the row as the reader sees it.

use super::content::{GpActionRequest, LetterContent, MedicineEntry, PendingResult};
use super::{Addressee, Kind, MedicineChange, ResultOwner};
use crate::advice::input::clean_text;
use crate::calendar::{london_date, london_local};
use crate::people::NhsNumber;
use crate::people::patient::FieldError;
use serde::Deserialize;
use time::{Date, Month, OffsetDateTime, Time};

/// Longest heading text (summary, results, follow-up), in characters.
pub const MAX_SECTION_CHARS: usize = 8000;
/// Longest single row (an action, a medicine's reason), in characters.
pub const MAX_ROW_CHARS: usize = 1000;
/// Most rows in each repeated list.
pub const MAX_ROWS: usize = 20;

/// A medicine row as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub struct MedicineInput {
    /// `started`, `changed` or `stopped`.
    pub change: Option<String>,
    /// The medicine.
    pub medicine: String,
    /// Dose and frequency now.
    pub dose: String,
    /// Why.
    pub reason: String,
}

/// A pending result row as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub struct PendingResultInput {
    /// The test.
    pub test: String,
    /// `hospital` or `gp`.
    pub owner: Option<String>,
}

/// A GP action row as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub struct GpActionInput {
    /// The action.
    pub text: String,
    /// Its due date: `27/3/2027` or `2027-03-27`.
    pub due: String,
}

/// A letter as typed, partial or complete.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub struct LetterInput {
    /// The patient's NHS number.
    pub nhs_number: String,
    /// `clinic_letter` or `discharge_summary`.
    pub kind: Option<String>,
    /// The appointment or discharge date: `27/3/2026` or `2026-03-27`.
    pub event_date: String,
    /// Its time, `14:30` (needed for a discharge summary, whose clock is in hours).
    pub event_time: String,
    /// `patient` (the default) or `gp`.
    pub addressee: Option<String>,
    /// Why the letter is written to the GP.
    pub gp_reason: String,
    /// Diagnoses, one per line.
    pub diagnoses: String,
    /// What was done.
    pub summary: String,
    /// Results that are back.
    pub results: String,
    /// Results still to come.
    pub pending_results: Vec<PendingResultInput>,
    /// Medicines started, changed and stopped.
    pub medicines: Vec<MedicineInput>,
    /// The plan.
    pub follow_up: String,
    /// Information given to the patient.
    pub information_given: String,
    /// What the GP needs to do.
    pub gp_actions: Vec<GpActionInput>,
    /// What the patient needs to do.
    pub patient_actions: Vec<String>,
    /// What the hospital will do.
    pub hospital_actions: Vec<String>,
}

/// A draft as it may be saved: the patient and kind are known; the rest may be missing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DraftLetter {
    /// The patient.
    pub nhs_number: NhsNumber,
    /// Clinic letter or discharge summary.
    pub kind: Kind,
    /// The appointment or discharge, once given.
    pub event_at: Option<OffsetDateTime>,
    /// To whom it is written.
    pub addressee: Addressee,
    /// Why to the GP (empty when to the patient).
    pub gp_reason: String,
    /// The body.
    pub content: LetterContent,
}

/// Collects field errors while parsing.
#[derive(Default)]
struct Errors(Vec<FieldError>);

impl Errors {
    fn add(
        &mut self,
        field: impl Into<std::borrow::Cow<'static, str>>,
        message: impl Into<String>,
    ) {
        let field = field.into();
        if !self.0.iter().any(|e| e.field == field) {
            self.0.push(FieldError {
                field,
                message: message.into(),
            });
        }
    }

    fn text(&mut self, raw: &str, field: String, what: &str, max: usize) -> String {
        let text = clean_text(raw);
        if text.chars().count() > max {
            self.add(field, format!("{what} must be {max} characters or fewer"));
        }
        text
    }
}

/// Reads `27/3/2026`, `27-03-2026` or `2026-03-27`.
pub fn parse_date(text: &str) -> Option<Date> {
    let parts: Vec<&str> = text.trim().split(['/', '-', '.']).collect();
    let [a, b, c] = parts.as_slice() else {
        return None;
    };
    let (y, m, d) = if a.len() == 4 { (a, b, c) } else { (c, b, a) };
    let year: i32 = y.parse().ok().filter(|_| y.len() == 4)?;
    let month = Month::try_from(m.parse::<u8>().ok()?).ok()?;
    Date::from_calendar_date(year, month, d.parse().ok()?).ok()
}

/// Reads `14:30` or `9:05`.
fn parse_time(text: &str) -> Option<Time> {
    let (h, m) = text.trim().split_once([':', '.'])?;
    Time::from_hms(h.parse().ok()?, m.parse().ok().filter(|_| m.len() == 2)?, 0).ok()
}

fn choice(value: &Option<String>) -> Option<&str> {
    value.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

impl LetterInput {
    /// A stored letter as typed input again, so that a saved draft can be checked for sending
    /// exactly as the form would check it.
    pub fn from_letter(
        nhs_number: &str,
        kind: Kind,
        event_at: Option<OffsetDateTime>,
        addressee: Addressee,
        gp_reason: &str,
        content: &LetterContent,
    ) -> Self {
        let date = |d: Date| format!("{}/{}/{}", d.day(), d.month() as u8, d.year());
        let local = event_at.map(crate::clock::london);
        Self {
            nhs_number: nhs_number.to_owned(),
            kind: Some(kind.as_str().to_owned()),
            event_date: local.map(|l| date(l.date())).unwrap_or_default(),
            event_time: local
                .map(|l| format!("{:02}:{:02}", l.hour(), l.minute()))
                .unwrap_or_default(),
            addressee: Some(addressee.as_str().to_owned()),
            gp_reason: gp_reason.to_owned(),
            diagnoses: content.diagnoses.clone(),
            summary: content.summary.clone(),
            results: content.results.clone(),
            pending_results: content
                .pending_results
                .iter()
                .map(|p| PendingResultInput {
                    test: p.test.clone(),
                    owner: p.owner.map(|o| o.as_str().to_owned()),
                })
                .collect(),
            medicines: content
                .medicines
                .iter()
                .map(|m| MedicineInput {
                    change: m.change.map(|c| c.as_str().to_owned()),
                    medicine: m.medicine.clone(),
                    dose: m.dose.clone(),
                    reason: m.reason.clone(),
                })
                .collect(),
            follow_up: content.follow_up.clone(),
            information_given: content.information_given.clone(),
            gp_actions: content
                .gp_actions
                .iter()
                .map(|a| GpActionInput {
                    text: a.text.clone(),
                    due: a.due.map(date).unwrap_or_default(),
                })
                .collect(),
            patient_actions: content.patient_actions.clone(),
            hospital_actions: content.hospital_actions.clone(),
        }
    }

    /// Cleans and checks a draft: the patient and kind must be known, every GP action needs a
    /// due date, and nothing may be too long or an unknown choice.
    pub fn parse_draft(&self) -> Result<DraftLetter, Vec<FieldError>> {
        let mut e = Errors::default();
        let draft = self.draft_with(&mut e);
        match draft {
            Some(d) if e.0.is_empty() => Ok(d),
            _ => Err(e.0),
        }
    }

    /// Checks that a letter is complete enough to sign and send at `now`: an appointment or
    /// discharge not in the future, a reason when it is written to the GP, what was done, the
    /// plan, and every row complete.
    pub fn parse_for_sending(&self, now: OffsetDateTime) -> Result<DraftLetter, Vec<FieldError>> {
        let mut e = Errors::default();
        let draft = self.draft_with(&mut e);
        if let Some(d) = &draft {
            check_complete(d, now, !self.event_time.trim().is_empty(), &mut e);
        }
        match draft {
            Some(d) if e.0.is_empty() => Ok(d),
            _ => Err(e.0),
        }
    }

    fn draft_with(&self, e: &mut Errors) -> Option<DraftLetter> {
        let nhs_number = match NhsNumber::parse(&self.nhs_number) {
            Ok(n) => Some(n),
            Err(_) if self.nhs_number.trim().is_empty() => {
                e.add("nhs_number", "Enter the patient's NHS number");
                None
            }
            Err(_) => {
                e.add("nhs_number", "Enter a valid 10-digit NHS number");
                None
            }
        };
        let kind = match choice(&self.kind) {
            None => {
                e.add(
                    "kind",
                    "Select whether this is a clinic letter or a discharge summary",
                );
                None
            }
            Some(k) => Kind::parse(k).or_else(|| {
                e.add("kind", "Select clinic letter or discharge summary");
                None
            }),
        };
        let addressee = match choice(&self.addressee) {
            None => Addressee::Patient,
            Some(a) => Addressee::parse(a).unwrap_or_else(|| {
                e.add(
                    "addressee",
                    "Select whether the letter is to the patient or the GP",
                );
                Addressee::Patient
            }),
        };
        let event_at = self.event_at(kind, e);
        let gp_reason = e.text(
            &self.gp_reason,
            "gp_reason".into(),
            "The reason",
            MAX_ROW_CHARS,
        );
        let content = self.content(e);
        Some(DraftLetter {
            nhs_number: nhs_number?,
            kind: kind?,
            event_at,
            addressee,
            gp_reason: if addressee == Addressee::Gp {
                gp_reason
            } else {
                String::new()
            },
            content,
        })
    }

    fn event_at(&self, kind: Option<Kind>, e: &mut Errors) -> Option<OffsetDateTime> {
        let what = match kind {
            Some(Kind::DischargeSummary) => "discharge",
            _ => "appointment",
        };
        if self.event_date.trim().is_empty() {
            return None;
        }
        let Some(date) = parse_date(&self.event_date) else {
            e.add(
                "event_date",
                format!("Enter the date of the {what} as a real date, like 27/3/2026"),
            );
            return None;
        };
        let time = if self.event_time.trim().is_empty() {
            Time::MIDNIGHT
        } else if let Some(t) = parse_time(&self.event_time) {
            t
        } else {
            e.add(
                "event_time",
                format!("Enter the time of the {what} in 24-hour time, like 14:30"),
            );
            return None;
        };
        Some(london_local(date, time))
    }

    fn content(&self, e: &mut Errors) -> LetterContent {
        let section = |e: &mut Errors, raw: &str, field: &str, what: &str| {
            e.text(raw, field.to_owned(), what, MAX_SECTION_CHARS)
        };
        let diagnoses = section(e, &self.diagnoses, "diagnoses", "Diagnoses");
        let summary = section(e, &self.summary, "summary", "What was done");
        let results = section(e, &self.results, "results", "Results");
        let follow_up = section(e, &self.follow_up, "follow_up", "Follow-up");
        let information_given = section(
            e,
            &self.information_given,
            "information_given",
            "Information given",
        );
        LetterContent {
            diagnoses,
            summary,
            results,
            pending_results: self.pending(e),
            medicines: self.medicines(e),
            follow_up,
            information_given,
            gp_actions: self.gp_actions(e),
            patient_actions: simple_rows(&self.patient_actions, "patient_actions", e),
            hospital_actions: simple_rows(&self.hospital_actions, "hospital_actions", e),
        }
    }

    fn pending(&self, e: &mut Errors) -> Vec<PendingResult> {
        let rows: Vec<_> = self
            .pending_results
            .iter()
            .filter(|r| !r.test.trim().is_empty() || choice(&r.owner).is_some())
            .collect();
        too_many(rows.len(), "pending_results", e);
        rows.into_iter()
            .take(MAX_ROWS)
            .enumerate()
            .map(|(i, r)| PendingResult {
                test: e.text(
                    &r.test,
                    format!("pending_results.{i}.test"),
                    "The test",
                    MAX_ROW_CHARS,
                ),
                owner: choice(&r.owner).and_then(|o| {
                    ResultOwner::parse(o).or_else(|| {
                        e.add(
                            format!("pending_results.{i}.owner"),
                            "Select who will act on the result",
                        );
                        None
                    })
                }),
            })
            .collect()
    }

    fn medicines(&self, e: &mut Errors) -> Vec<MedicineEntry> {
        let rows: Vec<_> = self
            .medicines
            .iter()
            .filter(|m| {
                choice(&m.change).is_some()
                    || [&m.medicine, &m.dose, &m.reason]
                        .iter()
                        .any(|t| !t.trim().is_empty())
            })
            .collect();
        too_many(rows.len(), "medicines", e);
        rows.into_iter()
            .take(MAX_ROWS)
            .enumerate()
            .map(|(i, m)| MedicineEntry {
                change: choice(&m.change).and_then(|c| {
                    MedicineChange::parse(c).or_else(|| {
                        e.add(
                            format!("medicines.{i}.change"),
                            "Select started, changed or stopped",
                        );
                        None
                    })
                }),
                medicine: e.text(
                    &m.medicine,
                    format!("medicines.{i}.medicine"),
                    "The medicine",
                    MAX_ROW_CHARS,
                ),
                dose: e.text(
                    &m.dose,
                    format!("medicines.{i}.dose"),
                    "The dose",
                    MAX_ROW_CHARS,
                ),
                reason: e.text(
                    &m.reason,
                    format!("medicines.{i}.reason"),
                    "The reason",
                    MAX_ROW_CHARS,
                ),
            })
            .collect()
    }

    fn gp_actions(&self, e: &mut Errors) -> Vec<GpActionRequest> {
        let rows: Vec<_> = self
            .gp_actions
            .iter()
            .filter(|a| !a.text.trim().is_empty() || !a.due.trim().is_empty())
            .collect();
        too_many(rows.len(), "gp_actions", e);
        rows.into_iter()
            .take(MAX_ROWS)
            .enumerate()
            .map(|(i, a)| {
                let text = e.text(
                    &a.text,
                    format!("gp_actions.{i}.text"),
                    "The action",
                    MAX_ROW_CHARS,
                );
                if text.is_empty() {
                    e.add(
                        format!("gp_actions.{i}.text"),
                        "Enter what the GP needs to do",
                    );
                }
                let due = if a.due.trim().is_empty() {
                    e.add(
                        format!("gp_actions.{i}.due"),
                        "Enter the date this action is due by",
                    );
                    None
                } else {
                    parse_date(&a.due).or_else(|| {
                        e.add(
                            format!("gp_actions.{i}.due"),
                            "Enter the due date as a real date, like 27/3/2027",
                        );
                        None
                    })
                };
                GpActionRequest { text, due }
            })
            .collect()
    }
}

fn too_many(n: usize, field: &'static str, e: &mut Errors) {
    if n > MAX_ROWS {
        e.add(field, format!("Enter {MAX_ROWS} items or fewer"));
    }
}

fn simple_rows(raw: &[String], field: &'static str, e: &mut Errors) -> Vec<String> {
    let rows: Vec<_> = raw.iter().filter(|r| !r.trim().is_empty()).collect();
    too_many(rows.len(), field, e);
    rows.into_iter()
        .take(MAX_ROWS)
        .enumerate()
        .map(|(i, r)| e.text(r, format!("{field}.{i}"), "Each item", MAX_ROW_CHARS))
        .collect()
}

/// The checks that only sending makes: everything a reader needs is there.
fn check_complete(d: &DraftLetter, now: OffsetDateTime, time_given: bool, e: &mut Errors) {
    let what = match d.kind {
        Kind::DischargeSummary => "discharge",
        Kind::ClinicLetter => "appointment",
    };
    match d.event_at {
        None => e.add("event_date", format!("Enter the date of the {what}")),
        Some(at) if london_date(at) > london_date(now) => e.add(
            "event_date",
            format!("The date of the {what} must be today or in the past"),
        ),
        Some(at) if at > now => e.add(
            "event_time",
            format!("The time of the {what} must be in the past"),
        ),
        Some(_) => {}
    }
    if d.kind == Kind::DischargeSummary && d.event_at.is_some() && !time_given {
        e.add("event_time", "Enter the time of discharge, like 14:30");
    }
    if d.addressee == Addressee::Gp && d.gp_reason.is_empty() {
        e.add(
            "gp_reason",
            "Enter why this letter is written to the GP rather than the patient",
        );
    }
    if d.content.summary.is_empty() {
        e.add("summary", format!("Enter what was done at the {what}"));
    }
    if d.content.follow_up.is_empty() {
        e.add(
            "follow_up",
            "Enter the follow-up plan, or that no follow-up is needed",
        );
    }
    for (i, m) in d.content.medicines.iter().enumerate() {
        if m.change.is_none() {
            e.add(
                format!("medicines.{i}.change"),
                "Select started, changed or stopped",
            );
        }
        if m.medicine.is_empty() {
            e.add(format!("medicines.{i}.medicine"), "Enter the medicine");
        }
        if m.change != Some(MedicineChange::Stopped) && m.dose.is_empty() {
            e.add(
                format!("medicines.{i}.dose"),
                "Enter the dose and how often to take it",
            );
        }
        if m.reason.is_empty() {
            e.add(
                format!("medicines.{i}.reason"),
                "Enter why the medicine was started, changed or stopped",
            );
        }
    }
    for (i, p) in d.content.pending_results.iter().enumerate() {
        if p.test.is_empty() {
            e.add(
                format!("pending_results.{i}.test"),
                "Enter the test still to come",
            );
        }
        if p.owner.is_none() {
            e.add(
                format!("pending_results.{i}.owner"),
                "Select who will act on the result",
            );
        }
    }
    if let Some(at) = d.event_at {
        for (i, a) in d.content.gp_actions.iter().enumerate() {
            if a.due.is_some_and(|due| due < london_date(at)) {
                e.add(
                    format!("gp_actions.{i}.due"),
                    format!("The due date must be on or after the date of the {what}"),
                );
            }
        }
    }
}

#[cfg(test)]
#[path = "input_tests.rs"]
mod tests;
