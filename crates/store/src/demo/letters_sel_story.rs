//! How each generated letter of the `sel` year went, told against now.
//!
//! Clinic appointments are on working days in clinic hours; discharges on any day. About 88%
//! of clinic letters go within the 7 days the timing standard allows (most in 1 to 4 working
//! days), the rest one to three weeks late; about 86% of discharge summaries go within 24 hours. A letter whose
//! sending time has not come yet is still a draft, as are a few forgotten ones. Practices
//! acknowledge most letters within two working days, so nearly every older letter is
//! acknowledged and the last days' are waiting; a few are never acknowledged. The GP actions of
//! acknowledged letters are mostly done by their due dates, some not needed or declined with a
//! reason, a few left open (overdue, once their date has passed). Letters are more often
//! written plainly to the patient as the year goes on, and the checker's verdict is the one it
//! gives each text ([`super::letters_sel_text`]).

use super::letters_curated::{LetterRows, caseload_row};
use super::letters_rows::{ActionFacts, LetterFacts, Times, action_row, letter_row};
use super::letters_sel::{Episode, SelLetterCast, pick};
use super::letters_sel_text::{TextKey, Texts};
use super::letters_sel_time::{Days, ServiceTables};
use joinedup_core::letters::{ActionState, Addressee, Kind};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use time::{Date, Duration, OffsetDateTime};
use uuid::Uuid;

/// The share of clinic letters sent within the standard.
const CLINIC_ON_TIME: f64 = 0.88;

/// The share of discharge summaries sent within the standard.
const DISCHARGE_ON_TIME: f64 = 0.86;

/// Working days from a clinic appointment to its letter, when on time (0 to 5: within the 7
/// calendar days, unless a bank holiday intervenes).
const CLINIC_DAYS: [f64; 6] = [0.06, 0.26, 0.24, 0.18, 0.14, 0.12];

/// Working days from sending to acknowledging: 0, 1, 2, 3, 4, and 5 to 9.
const ACK_DAYS: [f64; 6] = [0.30, 0.38, 0.15, 0.08, 0.04, 0.05];

/// GP actions a letter asks for (0 to 3), before the variant's own list caps them.
const ACTION_COUNTS: [f64; 4] = [0.15, 0.40, 0.28, 0.17];

/// What becomes of a GP action once its letter is acknowledged: done, not needed, declined,
/// left open.
const FATES: [f64; 4] = [0.895, 0.05, 0.03, 0.025];

/// The share of plain-style letters at the start of the year and at its end.
const PLAIN_STYLE: (f64, f64) = (0.35, 0.60);

/// Why a GP action was not needed.
const NOT_NEEDED: &[&str] = &[
    "Already done at the practice last month.",
    "The hospital did this test after the letter was written.",
    "The patient has moved to another practice.",
    "The patient chose not to have this after we talked it through.",
];

/// Why a GP action was declined.
const DECLINED: &[&str] = &[
    "An onward referral for the same problem is the hospital's to make (NHS Standard Contract). Returned to the service.",
    "Monitoring stays with the specialist until a shared care agreement is in place.",
    "The hospital should act on the results of the tests it ordered.",
];

/// Why a letter is written to the GP rather than the patient.
const TO_GP: &[&str] = &[
    "At the patient's request: they want letters to go to their GP only.",
    "The patient lacks capacity for this decision; a copy goes to their attorney.",
];

/// What became of a GP action: its state with the reason "not needed" and "declined" need,
/// and who settled it when.
type Settled = (
    (ActionState, &'static str),
    Option<(Option<Uuid>, OffsetDateTime)>,
);

/// Makes the rows of one episode at a time.
pub(super) struct Generator<'a> {
    cast: &'a SelLetterCast,
    now: OffsetDateTime,
    rng: StdRng,
    days: Days,
    tables: ServiceTables,
    texts: Texts,
    /// The last patient given an episode, and the services they were given.
    current: (Uuid, Vec<usize>),
}

/// One letter to tell: its episode's facts and its own.
struct Letter<'e> {
    episode: &'e Episode,
    service: usize,
    kind: Kind,
    variant: u16,
    event: (usize, OffsetDateTime),
}

impl<'a> Generator<'a> {
    /// A generator for `cast`'s year before `now`.
    pub fn new(cast: &'a SelLetterCast, now: OffsetDateTime) -> Self {
        let texts = Texts::default();
        let tables = ServiceTables::new(&cast.services, texts.variants());
        Self {
            cast,
            now,
            rng: StdRng::seed_from_u64(20_260_605),
            days: Days::new(now),
            tables,
            texts,
            current: (Uuid::nil(), vec![]),
        }
    }

    /// Adds the rows of episode `e` to `out`: its caseload entry and its letters.
    pub fn episode(&mut self, e: &Episode, out: &mut LetterRows) {
        let admitted = e.discharges > 0;
        let Some(service) = self.service_for(e, admitted) else {
            return;
        };
        let today = self.days.today();
        let mut discharges: Vec<(usize, OffsetDateTime)> = (0..e.discharges)
            .map(|_| {
                let day = self.rng.random_range(1..=today);
                self.days.discharge(&mut self.rng, day)
            })
            .collect();
        discharges.sort_by_key(|x| x.1);
        // Clinic letters after an admission follow the last discharge.
        let after = discharges.last().map(|x| x.1);
        let mut appointments: Vec<(usize, OffsetDateTime)> = (0..e.clinic)
            .filter_map(|_| match after {
                Some(at) => self.days.appointment_after(&mut self.rng, at),
                None => {
                    let day = self.rng.random_range(0..=today);
                    Some(self.days.appointment(&mut self.rng, day))
                }
            })
            .collect();
        appointments.sort_by_key(|x| x.1);
        let first = discharges.first().or(appointments.first()).map(|x| x.1);
        self.join_caseload(e, service, admitted, first, out);
        let clinic = self
            .tables
            .variant(&mut self.rng, service, Kind::ClinicLetter);
        let discharge = self
            .tables
            .variant(&mut self.rng, service, Kind::DischargeSummary);
        let letters = (discharges
            .into_iter()
            .map(|x| (Kind::DischargeSummary, discharge, x)))
        .chain(
            appointments
                .into_iter()
                .map(|x| (Kind::ClinicLetter, clinic, x)),
        );
        for (kind, variant, event) in letters {
            let Some(variant) = variant else { continue };
            let l = Letter {
                episode: e,
                service,
                kind,
                variant,
                event,
            };
            self.letter(&l, out);
        }
    }

    /// A service for the episode, not one the patient already has (in this run, or on the
    /// hand-written letters' caseloads, whose dates follow today and could come after this
    /// episode's letters); `None` if none is left.
    fn service_for(&mut self, e: &Episode, admitted: bool) -> Option<usize> {
        if self.current.0 != e.patient {
            self.current = (e.patient, vec![]);
        }
        for _ in 0..8 {
            let s = self.tables.service(&mut self.rng, e.age, admitted)?;
            let curated =
                (self.cast.on_caseload).contains(&(self.cast.services[s].made.id, e.patient));
            if !curated && !self.current.1.contains(&s) {
                self.current.1.push(s);
                return Some(s);
            }
        }
        None
    }

    /// Puts the patient on the service's caseload before the first event (`service_for` never
    /// picks a service whose caseload they are on already).
    fn join_caseload(
        &mut self,
        e: &Episode,
        service: usize,
        admitted: bool,
        first: Option<OffsetDateTime>,
        out: &mut LetterRows,
    ) {
        let (Some(first), service_id) = (first, self.cast.services[service].made.id) else {
            return;
        };
        let (source, before) = if admitted {
            ("admission", Duration::hours(self.rng.random_range(20..240)))
        } else {
            ("referral", Duration::days(self.rng.random_range(14..120)))
        };
        out.caseload
            .push(caseload_row(service_id, e.patient, source, first - before));
    }

    /// Adds the rows of one letter and its GP actions.
    fn letter(&mut self, l: &Letter<'_>, out: &mut LetterRows) {
        let practice = &self.cast.practices[usize::from(l.episode.practice)];
        let service = &self.cast.services[l.service];
        let times = self.times(l, &practice.readers);
        let key = self.text_key(l, times.sent.unwrap_or(times.created));
        let to_gp = key.addressee == Addressee::Gp;
        let gp_reason = if to_gp {
            TO_GP[self.rng.random_range(0..TO_GP.len())]
        } else {
            ""
        };
        let typed_by_secretary = self.rng.random::<f64>() < 0.55;
        let event_date = self.days.date_of(l.event.0);
        let filled = self.texts.get(key);
        let dues: Vec<Date> = (filled.actions.iter())
            .map(|(_, days)| event_date + Duration::days(*days))
            .collect();
        let facts = LetterFacts {
            id: Uuid::now_v7(),
            kind: l.kind,
            service: (service.made.id, service.made.trust_id),
            patient_id: l.episode.patient,
            practice_id: practice.id,
            created_by: if typed_by_secretary {
                service.secretary
            } else {
                service.signer.0
            },
            addressee: key.addressee,
            gp_reason,
            content: filled.json(&dues),
            signed: Some((service.signer.0, &service.signer.1, filled.check)),
        };
        let (letter_id, practice_id) = (facts.id, facts.practice_id);
        out.letters.push(letter_row(facts, &times));
        let Some(sent) = times.sent else { return };
        let actions: Vec<(&'static str, Date)> = (filled.actions.iter().zip(&dues))
            .map(|((text, _), due)| (*text, *due))
            .collect();
        for (position, (text, due_on)) in actions.into_iter().enumerate() {
            let (state, settled) = self.fate(&times, due_on);
            out.actions.push(action_row(ActionFacts {
                letter_id,
                practice_id,
                position,
                text,
                due_on,
                state,
                settled,
                created_at: sent,
            }));
        }
    }

    /// Which text the letter has: the episode's variant, in the style of its time, with a
    /// next appointment, a number of GP actions and an addressee drawn for it.
    fn text_key(&mut self, l: &Letter<'_>, written: OffsetDateTime) -> TextKey {
        let through_year = self.days.share_of_year(written);
        let plain_share = PLAIN_STYLE.0 + (PLAIN_STYLE.1 - PLAIN_STYLE.0) * through_year;
        let intervals: [u8; 3] = match l.kind {
            Kind::ClinicLetter => [3, 6, 12],
            Kind::DischargeSummary => [2, 4, 6],
        };
        TextKey {
            variant: l.variant,
            plain_style: self.rng.random::<f64>() < plain_share,
            interval: intervals[self.rng.random_range(0..3)],
            actions: pick(&mut self.rng, &ACTION_COUNTS),
            addressee: if self.rng.random::<f64>() < 0.03 {
                Addressee::Gp
            } else {
                Addressee::Patient
            },
        }
    }

    /// When the letter was saved, sent and acknowledged, and by whom.
    fn times(&mut self, l: &Letter<'_>, readers: &[Uuid]) -> Times {
        let event = l.event.1;
        let sent = self.sending_time(l.kind, event);
        let forgotten = self.rng.random::<f64>() < 0.002;
        if sent >= self.now || forgotten {
            let saved = event + Duration::minutes(self.rng.random_range(20..600));
            return Times {
                event,
                created: saved.min(self.now - Duration::minutes(1)).max(event),
                sent: None,
                acknowledged: None,
            };
        }
        let created = (sent - Duration::minutes(self.rng.random_range(20..600))).max(event);
        let never = self.rng.random::<f64>() < 0.004;
        let days = u32::from(pick(&mut self.rng, &ACK_DAYS));
        let days = if days == 5 {
            self.rng.random_range(5..10)
        } else {
            days
        };
        let at = self.days.office_time_after(&mut self.rng, sent, days);
        let by = readers[self.rng.random_range(0..readers.len())];
        Times {
            event,
            created,
            sent: Some(sent),
            acknowledged: (at < self.now && !never).then_some((at, by)),
        }
    }

    /// When the service meant to send the letter (perhaps still to come): a clinic letter in
    /// office hours on a working day, a discharge summary from the ward at any hour.
    fn sending_time(&mut self, kind: Kind, event: OffsetDateTime) -> OffsetDateTime {
        let at = match kind {
            Kind::ClinicLetter => {
                let days = if self.rng.random::<f64>() < CLINIC_ON_TIME {
                    u32::from(pick(&mut self.rng, &CLINIC_DAYS))
                } else {
                    let r: f64 = self.rng.random();
                    6 + (r * r * 10.0) as u32
                };
                self.days.office_time_after(&mut self.rng, event, days)
            }
            Kind::DischargeSummary => {
                let minutes = if self.rng.random::<f64>() < DISCHARGE_ON_TIME {
                    self.rng.random_range(60..1380)
                } else {
                    self.rng.random_range(1500..5760)
                };
                event + Duration::minutes(minutes)
            }
        };
        at.max(event + Duration::minutes(self.rng.random_range(30..150)))
    }

    /// What the practice did with a GP action due on `due_on`, and who settled it when.
    fn fate(&mut self, times: &Times, due_on: Date) -> Settled {
        let open = ((ActionState::Open, ""), None);
        let Some((read, by)) = times.acknowledged else {
            return open;
        };
        let (state, at) = match pick(&mut self.rng, &FATES) {
            0 => {
                let until_due = (due_on - self.days.date_of_time(read)).whole_days().max(1);
                let late = self.rng.random::<f64>() < 0.1;
                let days = self.rng.random_range(0..=until_due)
                    + if late {
                        self.rng.random_range(1..21)
                    } else {
                        0
                    };
                let at = self
                    .days
                    .office_time_after(&mut self.rng, read, days as u32);
                ((ActionState::Done, ""), at)
            }
            1 => {
                let why = NOT_NEEDED[self.rng.random_range(0..NOT_NEEDED.len())];
                let at = read + Duration::minutes(self.rng.random_range(1..90));
                ((ActionState::NotNeeded, why), at)
            }
            2 => {
                let why = DECLINED[self.rng.random_range(0..DECLINED.len())];
                let at = read + Duration::minutes(self.rng.random_range(1..90));
                ((ActionState::Declined, why), at)
            }
            _ => return open,
        };
        if at < self.now {
            (state, Some((Some(by), at)))
        } else {
            open
        }
    }
}
