//! The hand-written clinic letters and discharge summaries of the small demo: the demo
//! specialist's service (Rheumatology at King's) and four others write about patients of the
//! demo GP's two practices, with letters in every status, GP actions in every state, good
//! letters written plainly to the patient and a few poor ones in the old style.
//!
//! Each letter is built the way `crate::letters` would have written it: the caseload entry that
//! lets the service write, the body as `LetterContent` JSON, the due time from the timing
//! standard, the plain-English checker's figures at sending, the version raised by every save.
//! Times count back from now in working days, as the advice demo's do, so that an action "past
//! its due date" stays overdue whatever day the demo is seeded. The words are in
//! [`super::letters_words`] and [`super::letters_words_other`].

use super::advice_curated::{RESPONDERS, years_between};
use super::advice_story::WorkingHours;
use super::rows::{Accounts, ServiceMade};
use super::writer::BulkWriter;
use crate::Result;
use crate::advice::entity::advice_request;
use crate::letters::entity::{letter, letter_action, letter_query};
use crate::people::entity::service_patient;
use joinedup_core::advice::Outcome;
use joinedup_core::calendar::{Calendar, london_date};
use joinedup_core::letters::checker::{Checker, Verdict};
use joinedup_core::letters::{
    Addressee, GpActionRequest, Kind, LetterContent, MedicineChange, MedicineEntry, PendingResult,
    ResultOwner,
};
use joinedup_core::people::Role;
use sea_orm::ActiveValue::Set;
use std::collections::{HashMap, HashSet};
use time::{Date, Duration, OffsetDateTime};
use uuid::Uuid;

/// A moment counted back from now: the `n`th most recent working day before today (1: the
/// last one), at minutes past London midnight. Never today, so it is always in the past.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) struct At(pub usize, pub i64);

/// Minutes past midnight for `hour`:`minute`.
pub(super) const fn hm(hour: i64, minute: i64) -> i64 {
    hour * 60 + minute
}

/// Whom a letter is about.
#[derive(Debug, Clone, Copy)]
pub(super) enum Whom {
    /// Jordan (0), Rose (1) or Leo (2) Ellis.
    Demo(usize),
    /// A patient of the demo GP's first (0) or second (1) practice, aged from the first to the
    /// second number of years, not already in a demo story.
    Aged(usize, i32, i32),
    /// The patient of the demo advice request whose question starts with these words.
    Advice(&'static str),
}

/// Who typed the letter for the service.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Typist {
    /// The consultant who signs it.
    Consultant,
    /// The demo secretary (Rheumatology at King's only), from the consultant's dictation.
    Secretary,
}

/// Where a letter has got to.
#[derive(Debug, Clone, Copy)]
pub(super) enum Life {
    /// Saved as a draft at this time, not signed.
    Draft(At),
    /// Signed and sent at this time; the practice has not acknowledged it.
    Sent(At),
    /// Sent, then acknowledged by the practice (its staff member, or the GP) at `at`.
    Acknowledged {
        /// When it was signed and sent.
        sent: At,
        /// Acknowledged by the practice staff member (first practice only) rather than the GP.
        by_staff: bool,
        /// When.
        at: At,
    },
}

/// What the practice did with a GP action (only an acknowledged letter's are settled).
#[derive(Debug, Clone, Copy)]
pub(super) enum Fate {
    /// Not done yet.
    Open,
    /// Done at this time.
    Done(At),
    /// Not needed, for this reason.
    NotNeeded(At, &'static str),
    /// Declined as not the GP's responsibility, for this reason.
    Declined(At, &'static str),
}

/// One thing a letter asks the GP to do, due a number of days after the appointment or discharge.
#[derive(Debug, Clone, Copy)]
pub(super) struct Action {
    /// The action as the letter words it.
    pub text: &'static str,
    /// Days after the date of the appointment or discharge that it is due.
    pub due_days: i64,
    /// What became of it.
    pub fate: Fate,
}

/// An action (for the word lists).
pub(super) const fn act(text: &'static str, due_days: i64, fate: Fate) -> Action {
    Action {
        text,
        due_days,
        fate,
    }
}

/// A medicine started, changed or stopped: change, medicine, dose, reason.
pub(super) type Medicine = (MedicineChange, &'static str, &'static str, &'static str);

/// The words of a letter under its PRSB headings.
#[derive(Debug, Clone, Copy)]
pub(super) struct Words {
    /// Diagnoses, one per line.
    pub diagnoses: &'static str,
    /// What was done.
    pub summary: &'static str,
    /// Results that are back.
    pub results: &'static str,
    /// Results still to come, with who acts on them.
    pub pending: &'static [(&'static str, ResultOwner)],
    /// Medicines started, changed and stopped.
    pub medicines: &'static [Medicine],
    /// The plan.
    pub follow_up: &'static str,
    /// Information given.
    pub information_given: &'static str,
    /// What the GP needs to do.
    pub gp_actions: &'static [Action],
    /// What the patient needs to do.
    pub patient_actions: &'static [&'static str],
    /// What the hospital will do.
    pub hospital_actions: &'static [&'static str],
}

/// Words with every heading empty, to fill in with `..BLANK`.
pub(super) const BLANK: Words = Words {
    diagnoses: "",
    summary: "",
    results: "",
    pending: &[],
    medicines: &[],
    follow_up: "",
    information_given: "",
    gp_actions: &[],
    patient_actions: &[],
    hospital_actions: &[],
};

impl Words {
    /// The body as the store keeps it, with each GP action due `due_days` after `event_date`.
    pub fn content(&self, event_date: Date) -> LetterContent {
        let owned = |list: &[&str]| list.iter().map(|s| (*s).to_owned()).collect();
        LetterContent {
            diagnoses: self.diagnoses.into(),
            summary: self.summary.into(),
            results: self.results.into(),
            pending_results: (self.pending.iter())
                .map(|(test, owner)| PendingResult {
                    test: (*test).into(),
                    owner: Some(*owner),
                })
                .collect(),
            medicines: (self.medicines.iter())
                .map(|(change, medicine, dose, reason)| MedicineEntry {
                    change: Some(*change),
                    medicine: (*medicine).into(),
                    dose: (*dose).into(),
                    reason: (*reason).into(),
                })
                .collect(),
            follow_up: self.follow_up.into(),
            information_given: self.information_given.into(),
            gp_actions: (self.gp_actions.iter())
                .map(|a| GpActionRequest {
                    text: a.text.into(),
                    due: Some(event_date + Duration::days(a.due_days)),
                })
                .collect(),
            patient_actions: owned(self.patient_actions),
            hospital_actions: owned(self.hospital_actions),
        }
    }
}

/// One hand-written letter and what happened to it.
#[derive(Debug, Clone, Copy)]
pub(super) struct CuratedLetter {
    /// The writing service: (trust ODS, service name).
    pub service: (&'static str, &'static str),
    /// The patient.
    pub whom: Whom,
    /// How the patient came under the service: `referral`, `admission` or `advice`.
    pub source: &'static str,
    /// Clinic letter or discharge summary.
    pub kind: Kind,
    /// Why the letter is written to the GP; `None` for a letter to the patient.
    pub to_gp_because: Option<&'static str>,
    /// Who typed it.
    pub typist: Typist,
    /// The appointment or discharge.
    pub event: At,
    /// Where it has got to.
    pub life: Life,
    /// The patient's (or carer's) "I don't understand this letter", if they sent one.
    pub query: Option<(At, &'static str)>,
    /// The body.
    pub words: Words,
}

impl CuratedLetter {
    /// To whom it is written.
    pub fn addressee(&self) -> Addressee {
        match self.to_gp_because {
            Some(_) => Addressee::Gp,
            None => Addressee::Patient,
        }
    }
}

/// Every hand-written letter: the demo specialist's service first, then the others.
pub(super) fn all_letters() -> impl Iterator<Item = &'static CuratedLetter> {
    super::letters_words::RHEUMATOLOGY
        .iter()
        .chain(super::letters_words_other::OTHER_SERVICES)
}

/// The services that write demo letters and have no demo account: each gets a consultant's
/// account (named as in the advice threads) to write and sign them.
pub(super) const LETTER_SERVICES: &[(&str, &str)] = &[
    ("RJZ", "Gastroenterology"),
    ("RJ1", "Dermatology"),
    ("RJ1", "Paediatric allergy"),
    ("RJ2", "Cardiology"),
];

/// Adds a specialist account for each service of [`LETTER_SERVICES`], with the demo password
/// hash, named `specialist.<trust>.<service>@` as the full-scale generator names them. Returns
/// each service's consultant as (user id, name), by service id.
pub(super) fn consultant_accounts(
    accounts: &mut Accounts,
    services: &[ServiceMade],
    hash: &str,
    created: OffsetDateTime,
) -> HashMap<Uuid, (Uuid, &'static str)> {
    let mut out = HashMap::new();
    for (ods, name) in LETTER_SERVICES {
        let s = services
            .iter()
            .find(|s| s.trust_ods == *ods && s.name == *name)
            .unwrap_or_else(|| panic!("the demo has {name} at {ods}"));
        let person = RESPONDERS
            .iter()
            .find(|(o, n, _)| o == ods && n == name)
            .map(|r| r.2)
            .unwrap_or_else(|| panic!("a consultant for {name} at {ods}"));
        let at = format!("{}.{}", s.trust_ods, s.name.replace(' ', "-")).to_lowercase();
        let email = format!("specialist.{at}@{}", super::DEMO_DOMAIN);
        let user_id = accounts.user(&email, person, hash, created);
        accounts.member(user_id, Role::Specialist, Some(s.trust_id), Some(s.id));
        out.insert(s.id, (user_id, person));
    }
    out
}

/// Who and what the letters involve.
pub(super) struct LettersCast<'a> {
    /// The demo GP's two practices.
    pub practices: [Uuid; 2],
    /// The demo accounts' user ids by email local part (`gp`, `practice`, `secretary`, …).
    pub users: &'a HashMap<&'static str, Uuid>,
    /// Jordan, Rose and Leo.
    pub demo_patients: [Uuid; 3],
    /// Other patients of the two practices: id, practice (0 or 1) and date of birth.
    pub patients: &'a [(Uuid, usize, Date)],
    /// Every service made.
    pub services: &'a [ServiceMade],
    /// Each letter-writing service's consultant, (user id, name), by service id.
    pub consultants: HashMap<Uuid, (Uuid, &'static str)>,
    /// The demo advice requests (for the patients they concern and the referrals they made).
    pub advice: &'a [advice_request::Model],
}

/// Rows for bulk writing: caseloads, letters, their GP actions and patients' queries.
#[derive(Default)]
pub(super) struct LetterRows {
    /// Patients on services' caseloads.
    pub caseload: Vec<service_patient::ActiveModel>,
    /// The letters.
    pub letters: Vec<letter::ActiveModel>,
    /// Their GP actions.
    pub actions: Vec<letter_action::ActiveModel>,
    /// "I don't understand this letter" reports.
    pub queries: Vec<letter_query::ActiveModel>,
}

impl LetterRows {
    /// Writes the caseloads, then the letters, then the rows that point at them.
    pub async fn write(self, w: &mut BulkWriter) -> Result<()> {
        w.insert(self.caseload).await?;
        w.insert(self.letters).await?;
        w.insert(self.actions).await?;
        w.insert(self.queries).await
    }
}

/// The hand-written letters and their caseloads, told against `now`.
pub(super) fn curated_letters(
    calendar: &Calendar,
    now: OffsetDateTime,
    cast: &LettersCast<'_>,
) -> LetterRows {
    let hours = WorkingHours { calendar };
    let clock = Clock {
        recent: hours.recent(london_date(now), 60),
        hours,
    };
    let mut out = LetterRows::default();
    let mut on_caseload = HashSet::new();
    for (service_id, patient_id, since) in cast.advice_referrals() {
        on_caseload.insert((service_id, patient_id));
        out.caseload
            .push(caseload_row(service_id, patient_id, "advice", since));
    }
    let mut used: HashSet<Uuid> = cast.advice.iter().map(|r| r.patient_id).collect();
    for c in all_letters() {
        let (patient_id, practice) = cast.patient(c.whom, london_date(now), &mut used);
        let service = cast.service(c.service);
        let event = clock.at(c.event);
        if on_caseload.insert((service.id, patient_id)) {
            let lead = match c.source {
                "admission" => Duration::days(3),
                _ => Duration::days(35),
            };
            out.caseload
                .push(caseload_row(service.id, patient_id, c.source, event - lead));
        }
        let made = Made {
            id: Uuid::now_v7(),
            patient_id,
            practice_id: cast.practices[practice],
            service,
        };
        cast.write_letter(c, &made, &clock, &mut out);
    }
    out
}

/// The working days counted back from now.
pub(super) struct Clock<'c> {
    hours: WorkingHours<'c>,
    /// The most recent working days, newest first.
    recent: Vec<Date>,
}

impl Clock<'_> {
    /// The moment `at` stands for.
    pub(super) fn at(&self, at: At) -> OffsetDateTime {
        self.hours.at(self.recent[at.0], at.1)
    }
}

/// The facts of one letter fixed before its rows are written.
pub(super) struct Made<'s> {
    /// The letter's id.
    pub id: Uuid,
    /// The patient.
    pub patient_id: Uuid,
    /// The patient's practice, where the letter goes.
    pub practice_id: Uuid,
    /// The writing service.
    pub service: &'s ServiceMade,
}

/// A caseload row.
pub(super) fn caseload_row(
    service_id: Uuid,
    patient_id: Uuid,
    source: &str,
    since: OffsetDateTime,
) -> service_patient::ActiveModel {
    service_patient::ActiveModel {
        id: Set(Uuid::now_v7()),
        service_id: Set(service_id),
        patient_id: Set(patient_id),
        source: Set(source.to_owned()),
        since: Set(since),
    }
}

/// What the plain-English checker says of `content` written to `addressee`: reading age,
/// Flesch Reading Ease and whether it is plain, as signing records them.
pub(super) fn check_facts(content: &LetterContent, addressee: Addressee) -> (f64, f64, bool) {
    let report = Checker::shared_standard().check(&content.checker_text(addressee));
    (
        report.reading_age,
        report.flesch_reading_ease,
        report.verdict == Verdict::Plain,
    )
}

impl LettersCast<'_> {
    /// (service, patient, when) for each demo advice request the service turned into a
    /// referral or answered "to be seen": the patient joined the service's caseload then.
    fn advice_referrals(&self) -> Vec<(Uuid, Uuid, OffsetDateTime)> {
        let joined = [Outcome::ConvertedToReferral, Outcome::SeeUrgently];
        self.advice
            .iter()
            .filter(|r| {
                let outcome = r.outcome.as_deref().and_then(Outcome::parse);
                outcome.is_some_and(|o| joined.contains(&o))
            })
            .filter_map(|r| Some((r.service_id?, r.patient_id, r.answered_at?)))
            .collect()
    }

    /// The patient a letter is about and their practice (0 or 1).
    fn patient(&self, whom: Whom, today: Date, used: &mut HashSet<Uuid>) -> (Uuid, usize) {
        match whom {
            Whom::Demo(i) => (self.demo_patients[i], 0),
            Whom::Advice(words) => {
                let r = self
                    .advice
                    .iter()
                    .find(|r| r.question.starts_with(words))
                    .unwrap_or_else(|| panic!("a demo advice request asks \"{words}\""));
                let practice = usize::from(r.practice_id != self.practices[0]);
                (r.patient_id, practice)
            }
            Whom::Aged(practice, min, max) => {
                let free = |p: &&(Uuid, usize, Date)| p.1 == practice && !used.contains(&p.0);
                let fits = (self.patients.iter().filter(free))
                    .find(|p| (min..=max).contains(&years_between(p.2, today)));
                let p = fits
                    .or_else(|| self.patients.iter().find(free))
                    .expect("patients at each demo practice");
                used.insert(p.0);
                (p.0, practice)
            }
        }
    }

    /// The service made for (trust ODS, name).
    fn service(&self, (ods, name): (&str, &str)) -> &ServiceMade {
        self.services
            .iter()
            .find(|s| s.trust_ods == ods && s.name == name)
            .unwrap_or_else(|| panic!("the demo has {name} at {ods}"))
    }

    /// The consultant who signs the service's letters: (user id, name).
    pub(super) fn consultant(&self, service: &ServiceMade) -> (Uuid, &'static str) {
        match self.consultants.get(&service.id) {
            Some(c) => *c,
            None => (self.users["specialist"], "Dr Priya Raman"),
        }
    }

    /// The demo account `local`.
    pub(super) fn user(&self, local: &str) -> Uuid {
        self.users[local]
    }
}

#[cfg(test)]
#[path = "letters_curated_tests.rs"]
mod tests;
