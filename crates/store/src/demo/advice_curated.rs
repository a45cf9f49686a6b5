//! The hand-written advice requests the demo accounts see, in both scales: the demo GP's two
//! practices asking several services (most often the demo specialist's, Rheumatology at King's),
//! with requests in every status and every final outcome, some overdue, one due today, one
//! urgent, one claimed, one redirected, and answers for the demo patient and the two people the
//! carer looks after. Times count back from now in working days, so "overdue" stays true on
//! whatever day the demo is seeded. The clinical words are synthetic, written for this demo.

use super::ACCOUNTS;
use super::advice_story::{Asked, Author, ServiceRef, Story, WorkingHours};
use super::advice_words::CURATED;
use super::rows::ServiceMade;
use super::writer::BulkWriter;
use crate::Result;
use crate::advice::entity::{advice_message, advice_request};
use joinedup_core::advice::{Outcome, Urgency};
use joinedup_core::calendar::{Calendar, london_date};
use joinedup_core::people::Role;
use std::collections::{HashMap, HashSet};
use time::{Date, Duration, OffsetDateTime};
use uuid::Uuid;

/// When something happened, counted back from now.
#[derive(Debug, Clone, Copy)]
pub(super) enum When {
    /// On the `n`th most recent working day (0: today if it is one), at minutes past midnight.
    Day(usize, i64),
    /// Sent so that a service with this standard is due today (the next working day on a
    /// weekend or bank holiday), at minutes past midnight.
    DueIn(u32, i64),
    /// This many minutes ago.
    Ago(i64),
}

/// Whom a request is about.
#[derive(Debug, Clone, Copy)]
pub(super) enum Whom {
    /// Jordan (0), Rose (1) or Leo (2) Ellis.
    Demo(usize),
    /// A patient of the practice aged from the first to the second number of years.
    Aged(i32, i32),
}

/// One thing that happens to a request.
#[derive(Debug, Clone, Copy)]
pub(super) enum Step {
    /// Saved as a draft (by the practice staff member, or the GP), with the service chosen.
    Draft {
        /// Written by the practice staff member rather than the GP.
        by_staff: bool,
        /// When.
        at: When,
    },
    /// The GP sends it, with or without authorising conversion to a referral.
    Send {
        /// When.
        at: When,
        /// Whether the GP lets the service convert it into a referral.
        authorised: bool,
    },
    /// The service's specialist claims it.
    Claim(When),
    /// The service asks for more information.
    Ask(When, &'static str),
    /// The GP sends the information.
    Respond(When, &'static str),
    /// The service redirects it to (trust ODS, service name), saying why.
    Redirect(When, (&'static str, &'static str), &'static str),
    /// The service answers: outcome, advice for the GP, summary for the patient.
    Answer(When, Outcome, &'static str, &'static str),
    /// The GP reads the answer.
    Read(When),
    /// The GP closes it, noting what they did.
    Close(When, Option<&'static str>),
}

/// One hand-written request.
pub(super) struct Curated {
    /// The demo GP's first (0) or second (1) practice.
    pub practice: usize,
    /// The patient.
    pub whom: Whom,
    /// (trust ODS, service name) first asked.
    pub service: (&'static str, &'static str),
    /// Routine or urgent (none yet in an unfinished draft).
    pub urgency: Option<Urgency>,
    /// The clinical question.
    pub question: &'static str,
    /// Relevant history.
    pub history: &'static str,
    /// Current medicines.
    pub medicines: &'static str,
    /// Relevant results.
    pub results: &'static str,
    /// What happens, in order; the first step is a draft or a send.
    pub steps: &'static [Step],
}

/// Who and what the hand-written requests involve, in either scale.
pub(super) struct DemoCast {
    /// The demo GP acting for each of their two practices.
    pub gp: [Author; 2],
    /// The two practices.
    pub practices: [Uuid; 2],
    /// The demo practice staff member (first practice).
    pub staff: Author,
    /// The demo specialist (Rheumatology at King's).
    pub specialist: Author,
    /// The demo specialist's service.
    pub specialist_service: Uuid,
    /// Jordan (the demo patient), Rose and Leo (cared for by the carer), all at the first practice.
    pub demo_patients: [Uuid; 3],
    /// Other patients of the two practices: id, practice (0 or 1) and date of birth.
    pub patients: Vec<(Uuid, usize, Date)>,
    /// Every service, by trust ODS code and name.
    pub services: Vec<(&'static str, &'static str, ServiceRef)>,
}

impl DemoCast {
    /// The cast from the demo accounts' user ids (by email local part), the GP's two
    /// practices as (id, "Name (ODS)"), the patients and the services made.
    pub fn new(
        ids: &HashMap<&'static str, Uuid>,
        practices: [(Uuid, String); 2],
        demo_patients: [Uuid; 3],
        patients: Vec<(Uuid, usize, Date)>,
        services: &[ServiceMade],
        specialist_service: Uuid,
    ) -> Self {
        let person = |local: &str, organisation: &str| {
            let spec = ACCOUNTS
                .iter()
                .find(|a| a.local == local)
                .expect("a demo account");
            Author {
                user_id: ids.get(local).copied(),
                name: spec.name.to_owned(),
                role: spec.role,
                organisation: organisation.to_owned(),
            }
        };
        let specialist_label = services
            .iter()
            .find(|s| s.id == specialist_service)
            .map(ServiceMade::label)
            .unwrap_or_default();
        DemoCast {
            gp: [person("gp", &practices[0].1), person("gp", &practices[1].1)],
            practices: [practices[0].0, practices[1].0],
            staff: person("practice", &practices[0].1),
            specialist: person("specialist", &specialist_label),
            specialist_service,
            demo_patients,
            patients,
            services: services
                .iter()
                .map(|s| (s.trust_ods, s.name, s.reference()))
                .collect(),
        }
    }
}

/// Rows for bulk writing: requests and their threads.
#[derive(Default)]
pub(super) struct AdviceRows {
    /// The requests.
    pub requests: Vec<advice_request::Model>,
    /// Their thread entries.
    pub messages: Vec<advice_message::Model>,
}

impl AdviceRows {
    /// Adds one finished story.
    pub fn add(&mut self, story: Story<'_>, now: OffsetDateTime) {
        let (request, thread) = story.finish(now);
        self.requests.push(request);
        self.messages.extend(thread);
    }

    /// Writes the requests, then their threads (which point at them).
    pub async fn write(self, w: &mut BulkWriter) -> Result<()> {
        let requests: Vec<advice_request::ActiveModel> =
            self.requests.into_iter().map(Into::into).collect();
        let messages: Vec<advice_message::ActiveModel> =
            self.messages.into_iter().map(Into::into).collect();
        if !requests.is_empty() {
            w.insert(requests).await?;
        }
        if !messages.is_empty() {
            w.insert(messages).await?;
        }
        Ok(())
    }
}

/// Consultants of the services without a demo account, who answer in the demo threads (and,
/// for the services that write demo letters, have an account to write and sign them).
pub(super) const RESPONDERS: &[(&str, &str, &str)] = &[
    ("RJ1", "Dermatology", "Dr Tom Fairbairn"),
    ("RJ1", "Paediatric allergy", "Dr Grace Adeleke"),
    ("RJ2", "Cardiology", "Dr Nadia Qureshi"),
    ("RJ2", "Gastroenterology", "Dr Owen Pryce"),
    ("RJ2", "Respiratory medicine", "Dr Irene Kovacs"),
    ("RJZ", "Diabetes and endocrinology", "Dr Lara Mensah"),
    ("RJZ", "Gastroenterology", "Dr Farah Siddiqui"),
    ("RJZ", "Neurology", "Dr Ravi Menon"),
    ("RV5", "Memory service", "Dr Ellen Shaw"),
    ("RV5", "Adult ADHD service", "Dr Paul Whitfield"),
];

/// The hand-written requests, told against `now`.
pub(super) fn curated(calendar: &Calendar, now: OffsetDateTime, cast: &DemoCast) -> AdviceRows {
    let hours = WorkingHours { calendar };
    let recent = hours.recent(london_date(now), 120);
    let today_works = calendar.is_working_day(london_date(now));
    let time_of = |when: When| -> OffsetDateTime {
        let at = match when {
            When::Day(n, minutes) => hours.at(recent[n], minutes),
            When::DueIn(standard, minutes) => {
                let n = standard as usize - usize::from(!today_works);
                hours.at(recent[n], minutes)
            }
            When::Ago(minutes) => now - Duration::minutes(minutes),
        };
        at.min(now - Duration::minutes(1))
    };
    let mut used = HashSet::new();
    let mut out = AdviceRows::default();
    for c in CURATED {
        let patient = choose_patient(cast, c.practice, c.whom, now, &mut used);
        let age = years_between(patient.1, london_date(now));
        let asked = Asked {
            question: c.question.replace("{age}", &age.to_string()),
            history: c.history.into(),
            medicines: c.medicines.into(),
            results: c.results.into(),
        };
        let service = service(cast, c.service);
        let gp = &cast.gp[c.practice];
        let (author, created) = match c.steps[0] {
            Step::Draft { by_staff, at } => (if by_staff { &cast.staff } else { gp }, time_of(at)),
            Step::Send { at, .. } => (gp, time_of(at) - Duration::minutes(7)),
            _ => unreachable!("a story starts with a draft or a send"),
        };
        let practice = cast.practices[c.practice];
        let mut story = Story::draft(calendar, patient.0, practice, author, created, asked);
        let mut current = service.clone();
        for step in c.steps {
            let responder = responder(cast, &current);
            match *step {
                Step::Draft { .. } => story.choose(Some(&service), c.urgency),
                Step::Send { at, authorised } => story.send(
                    gp,
                    time_of(at),
                    &service,
                    c.urgency.unwrap_or(Urgency::Routine),
                    authorised,
                ),
                Step::Claim(at) => story.claim(&responder, time_of(at)),
                Step::Ask(at, text) => story.ask_more(&responder, time_of(at), text),
                Step::Respond(at, text) => story.gp_respond(gp, time_of(at), text),
                Step::Redirect(at, to, why) => {
                    current = self::service(cast, to);
                    story.redirect(&responder, time_of(at), &current, why);
                }
                Step::Answer(at, outcome, advice, summary) => {
                    story.answer(&responder, time_of(at), outcome, advice, summary)
                }
                Step::Read(at) => story.read(time_of(at)),
                Step::Close(at, action) => story.close(gp, time_of(at), action),
            }
        }
        out.add(story, now);
    }
    out
}

/// The patient a story is about: a demo patient, or the first unused one of the practice in
/// the age range (any unused one of the practice if none is).
fn choose_patient(
    cast: &DemoCast,
    practice: usize,
    whom: Whom,
    now: OffsetDateTime,
    used: &mut HashSet<Uuid>,
) -> (Uuid, Date) {
    let today = london_date(now);
    let demo_born = [
        super::rows::date(1988, 3, 14),
        super::rows::date(1941, 11, 2),
        super::rows::date(2016, 6, 21),
    ];
    let chosen = match whom {
        Whom::Demo(i) => (cast.demo_patients[i], demo_born[i]),
        Whom::Aged(min, max) => {
            let free = |p: &&(Uuid, usize, Date)| p.1 == practice && !used.contains(&p.0);
            let mut candidates = cast.patients.iter().filter(free);
            let fits = cast
                .patients
                .iter()
                .filter(free)
                .find(|p| (min..=max).contains(&years_between(p.2, today)));
            let p = fits
                .or_else(|| candidates.next())
                .expect("patients at each demo practice");
            (p.0, p.2)
        }
    };
    used.insert(chosen.0);
    chosen
}

/// Whole years from `born` to `on`.
pub(super) fn years_between(born: Date, on: Date) -> i32 {
    let mut years = on.year() - born.year();
    if (on.month() as u8, on.day()) < (born.month() as u8, born.day()) {
        years -= 1;
    }
    years
}

fn service(cast: &DemoCast, (ods, name): (&str, &str)) -> ServiceRef {
    cast.services
        .iter()
        .find(|(o, n, _)| *o == ods && *n == name)
        .map(|(_, _, s)| s.clone())
        .unwrap_or_else(|| panic!("the demo has {name} at {ods}"))
}

/// Who answers for `service`: the demo specialist for their own service, otherwise one of the
/// service's consultants, named in the thread without an account.
fn responder(cast: &DemoCast, service: &ServiceRef) -> Author {
    if service.id == cast.specialist_service {
        return cast.specialist.clone();
    }
    let (ods, name) = cast
        .services
        .iter()
        .find(|(_, _, s)| s.id == service.id)
        .map(|(o, n, _)| (*o, *n))
        .unwrap_or_default();
    let person = RESPONDERS
        .iter()
        .find(|(o, n, _)| *o == ods && *n == name)
        .map_or("Dr Sam Carter", |r| r.2);
    Author {
        user_id: None,
        name: person.to_owned(),
        role: Role::Specialist,
        organisation: service.label.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ages_count_whole_years() {
        let d = super::super::rows::date;
        assert_eq!(years_between(d(1988, 3, 14), d(2026, 3, 13)), 37);
        assert_eq!(years_between(d(1988, 3, 14), d(2026, 3, 14)), 38);
    }
}
