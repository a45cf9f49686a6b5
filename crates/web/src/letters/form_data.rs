//! The letter form as typed: every field by name, so that repeated rows keep their numbers,
//! read into the domain's input and filled back from a saved draft.

use joinedup_core::clock;
use joinedup_core::letters::input::{GpActionInput, MedicineInput, PendingResultInput};
use joinedup_core::letters::{LetterContent, LetterInput};
use joinedup_store::letters::LetterView;
use std::collections::BTreeMap;

/// The form as typed: every field by name, so the repeated rows keep their numbers.
#[derive(Debug, Default, Clone)]
pub struct LetterForm {
    /// Every field as posted, name and value.
    pub(super) fields: Vec<(String, String)>,
}

impl LetterForm {
    pub(super) fn get(&self, name: &str) -> &str {
        self.fields
            .iter()
            .find(|(k, _)| k == name)
            .map_or("", |(_, v)| v.as_str())
    }

    pub(super) fn set(&mut self, name: impl Into<String>, value: impl Into<String>) {
        self.fields.push((name.into(), value.into()));
    }

    /// The rows of list `prefix` (`gp_actions.3.text` → row 3, field `text`), in number order.
    pub(super) fn rows(&self, prefix: &str) -> Vec<BTreeMap<String, String>> {
        let mut rows: BTreeMap<usize, BTreeMap<String, String>> = BTreeMap::new();
        let lead = format!("{prefix}.");
        for (k, v) in &self.fields {
            let Some(rest) = k.strip_prefix(&lead) else {
                continue;
            };
            let (n, field) = rest.split_once('.').unwrap_or((rest, ""));
            if let Ok(n) = n.parse::<usize>() {
                rows.entry(n)
                    .or_default()
                    .insert(field.to_owned(), v.clone());
            }
        }
        rows.into_values().collect()
    }

    pub(super) fn choice(&self, name: &str) -> Option<String> {
        Some(self.get(name).trim().to_owned()).filter(|v| !v.is_empty())
    }

    /// The form as the domain parses it.
    pub(super) fn input(&self) -> LetterInput {
        let cell = |r: &BTreeMap<String, String>, f: &str| r.get(f).cloned().unwrap_or_default();
        let pick = |r: &BTreeMap<String, String>, f: &str| {
            r.get(f)
                .map(|v| v.trim().to_owned())
                .filter(|v| !v.is_empty())
        };
        LetterInput {
            nhs_number: self.get("nhs_number").to_owned(),
            kind: self.choice("kind"),
            event_date: self.get("event_date").to_owned(),
            event_time: self.get("event_time").to_owned(),
            addressee: self.choice("addressee"),
            gp_reason: self.get("gp_reason").to_owned(),
            diagnoses: self.get("diagnoses").to_owned(),
            summary: self.get("summary").to_owned(),
            results: self.get("results").to_owned(),
            pending_results: self
                .rows("pending_results")
                .iter()
                .map(|r| PendingResultInput {
                    test: cell(r, "test"),
                    owner: pick(r, "owner"),
                })
                .collect(),
            medicines: self
                .rows("medicines")
                .iter()
                .map(|r| MedicineInput {
                    change: pick(r, "change"),
                    medicine: cell(r, "medicine"),
                    dose: cell(r, "dose"),
                    reason: cell(r, "reason"),
                })
                .collect(),
            follow_up: self.get("follow_up").to_owned(),
            information_given: self.get("information_given").to_owned(),
            gp_actions: self
                .rows("gp_actions")
                .iter()
                .map(|r| GpActionInput {
                    text: cell(r, "text"),
                    due: cell(r, "due"),
                })
                .collect(),
            patient_actions: self
                .rows("patient_actions")
                .iter()
                .map(|r| cell(r, ""))
                .collect(),
            hospital_actions: self
                .rows("hospital_actions")
                .iter()
                .map(|r| cell(r, ""))
                .collect(),
        }
    }

    /// A saved draft, as the form shows it.
    pub(super) fn from_view(v: &LetterView) -> Self {
        let mut f = Self::default();
        f.set("version", v.letter.version.to_string());
        f.set("nhs_number", v.patient.nhs_number.to_string());
        f.set("kind", v.kind.as_str());
        if let Some(at) = v.letter.event_at {
            let local = clock::london(at);
            f.set(
                "event_date",
                format!("{}/{}/{}", local.day(), local.month() as u8, local.year()),
            );
            f.set(
                "event_time",
                format!("{:02}:{:02}", local.hour(), local.minute()),
            );
        }
        f.set("addressee", v.addressee.as_str());
        f.set("gp_reason", v.letter.gp_reason.clone());
        f.fill_content(&v.content);
        f
    }

    fn fill_content(&mut self, c: &LetterContent) {
        for (name, value) in [
            ("diagnoses", &c.diagnoses),
            ("summary", &c.summary),
            ("results", &c.results),
            ("follow_up", &c.follow_up),
            ("information_given", &c.information_given),
        ] {
            self.set(name, value.clone());
        }
        for (i, p) in c.pending_results.iter().enumerate() {
            self.set(format!("pending_results.{i}.test"), p.test.clone());
            self.set(
                format!("pending_results.{i}.owner"),
                p.owner.map_or("", |o| o.as_str()),
            );
        }
        for (i, m) in c.medicines.iter().enumerate() {
            self.set(
                format!("medicines.{i}.change"),
                m.change.map_or("", |c| c.as_str()),
            );
            self.set(format!("medicines.{i}.medicine"), m.medicine.clone());
            self.set(format!("medicines.{i}.dose"), m.dose.clone());
            self.set(format!("medicines.{i}.reason"), m.reason.clone());
        }
        for (i, a) in c.gp_actions.iter().enumerate() {
            self.set(format!("gp_actions.{i}.text"), a.text.clone());
            let due = a
                .due
                .map(|d| format!("{}/{}/{}", d.day(), d.month() as u8, d.year()));
            self.set(format!("gp_actions.{i}.due"), due.unwrap_or_default());
        }
        for (i, a) in c.patient_actions.iter().enumerate() {
            self.set(format!("patient_actions.{i}"), a.clone());
        }
        for (i, a) in c.hospital_actions.iter().enumerate() {
            self.set(format!("hospital_actions.{i}"), a.clone());
        }
    }
}
