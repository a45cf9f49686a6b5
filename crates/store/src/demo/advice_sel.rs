//! A year of advice requests at south east London volume for the `sel` scale: about 150,000
//! requests in the 12 months before now (scaled with the number of patients), spread over
//! practices by list size and over services by how often each specialty is asked, with an
//! outcome mix close to what services report (most advice given, some conversions and
//! recommended referrals, a few redirects, requests for more information and urgent reviews).
//! Response times come from the working-day calendar: most within the service's standard,
//! about one in eight late. The last weeks are mostly still open and some are overdue.
//!
//! Each request gets its "sent" and "reply" thread entries (and the extra entries a pause or a
//! redirect writes); requests, then their threads, are written chunk by chunk in the seeding
//! transaction, so memory stays flat.

use super::Progress;
use super::advice_curated::AdviceRows;
use super::advice_story::{Asked, Author, ServiceRef, Story, WorkingHours};
use super::advice_text::{self as text, Case};
use super::writer::BulkWriter;
use crate::Result;
use joinedup_core::advice::{Outcome, Urgency};
use joinedup_core::calendar::{Calendar, london_date};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use time::{Duration, OffsetDateTime};
use uuid::Uuid;

/// Advice requests a year per registered patient: about 150,000 for south east London's
/// 2 million (`DOMAIN.md`, "Advice & Guidance").
pub(super) const REQUESTS_PER_PATIENT_YEAR: f64 = 150_000.0 / 2_000_000.0;

/// How often each specialty is asked, relative to the others.
fn specialty_weight(specialty: &str) -> u32 {
    match specialty {
        "dermatology" => 14,
        "gastroenterology" => 11,
        "cardiology" => 10,
        "rheumatology" => 8,
        "endocrinology" | "neurology" => 7,
        "respiratory" | "haematology" | "urology" | "paediatrics" => 5,
        "nephrology" | "hepatology" | "old_age_psychiatry" => 4,
        "ophthalmology" => 3,
        _ => 2,
    }
}

/// A service that requests go to, with the specialist who answers for it.
pub(super) struct SelService {
    /// The service.
    pub service: ServiceRef,
    /// Its specialty, which decides the questions it is asked.
    pub specialty: &'static str,
    /// Who answers for it.
    pub specialist: Author,
}

/// Who asks and who answers: each practice's GP (in practice order) and each service.
pub(super) struct SelCast {
    /// Each practice's id and GP.
    pub practices: Vec<(Uuid, Author)>,
    /// Each service.
    pub services: Vec<SelService>,
}

/// A patient who will have a request: their id and their practice's index in [`SelCast`].
#[derive(Debug, Clone, Copy)]
pub(super) struct Slot {
    /// The patient.
    pub patient_id: Uuid,
    /// Their practice's index in [`SelCast::practices`].
    pub practice: usize,
}

/// Picks patients for requests as the patients are generated: each has the same chance, so
/// practices get requests in proportion to their list sizes.
pub(super) struct Sampler {
    rng: StdRng,
    /// The patients chosen so far.
    pub slots: Vec<Slot>,
}

impl Sampler {
    /// A sampler expecting about `patients` patients.
    pub fn new(patients: u64) -> Self {
        let expected = (patients as f64 * REQUESTS_PER_PATIENT_YEAR * 1.01) as usize;
        Self {
            rng: StdRng::seed_from_u64(20_260_602),
            slots: Vec::with_capacity(expected),
        }
    }

    /// Offers one patient of practice `practice`.
    pub fn offer(&mut self, patient_id: Uuid, practice: usize) {
        if self.rng.random::<f64>() < REQUESTS_PER_PATIENT_YEAR {
            self.slots.push(Slot {
                patient_id,
                practice,
            });
        }
    }
}

/// Writes a request for every slot, chunk by chunk, reporting progress; returns how many.
pub(super) async fn write_year(
    w: &mut BulkWriter,
    cast: &SelCast,
    slots: &[Slot],
    now: OffsetDateTime,
    progress: &mut impl FnMut(Progress),
) -> Result<u64> {
    let calendar = Calendar::england_and_wales();
    let mut g = Generator::new(&calendar, cast, now);
    let mut done = 0u64;
    let total = slots.len() as u64;
    for chunk in slots.chunks(w.batch_rows()) {
        let mut out = AdviceRows::default();
        for slot in chunk {
            out.add(g.story(slot), now);
        }
        out.write(w).await?;
        done += chunk.len() as u64;
        progress(Progress {
            step: "advice requests",
            done,
            total,
        });
    }
    Ok(total)
}

/// Makes one request's story at a time.
struct Generator<'a> {
    calendar: &'a Calendar,
    hours: WorkingHours<'a>,
    cast: &'a SelCast,
    now: OffsetDateTime,
    rng: StdRng,
    /// London midnight of every working day in the year before now.
    days: Vec<OffsetDateTime>,
    /// Cumulative service weights, for choosing a service.
    weights: Vec<u32>,
}

/// How a request goes, decided when it is sent.
#[derive(Debug, Clone, Copy)]
enum Path {
    Direct(Outcome),
    MoreInformation(Outcome),
    Redirect(Outcome),
}

/// 08:00 and 18:30, in minutes after midnight: when GPs send and specialists answer.
const OFFICE: std::ops::Range<i64> = 480..1110;

impl<'a> Generator<'a> {
    fn new(calendar: &'a Calendar, cast: &'a SelCast, now: OffsetDateTime) -> Self {
        let hours = WorkingHours { calendar };
        let today = london_date(now);
        let first = today - Duration::days(365);
        let days = hours
            .recent(today, 400)
            .into_iter()
            .filter(|d| *d > first)
            .map(|d| hours.midnight(d))
            .collect();
        let mut sum = 0;
        let weights = cast
            .services
            .iter()
            .map(|s| {
                sum += specialty_weight(s.specialty);
                sum
            })
            .collect();
        Generator {
            calendar,
            hours,
            cast,
            now,
            rng: StdRng::seed_from_u64(20_260_603),
            days,
            weights,
        }
    }

    fn story(&mut self, slot: &Slot) -> Story<'a> {
        let (practice_id, gp) = &self.cast.practices[slot.practice];
        let first = self.pick_service();
        let svc = &self.cast.services[first];
        let case = self.pick_case(svc.specialty);
        let sent = self.sent_at();
        let created = sent - Duration::minutes(self.rng.random_range(3..40));
        let asked = Asked {
            question: case.question.to_owned(),
            ..Asked::default()
        };
        let mut story = Story::draft(
            self.calendar,
            slot.patient_id,
            *practice_id,
            gp,
            created,
            asked,
        )
        .lean();
        let path = self.path();
        let urgent = self.rng.random::<f64>() < 0.08;
        let urgency = if urgent {
            Urgency::Urgent
        } else {
            Urgency::Routine
        };
        let authorised = match path {
            Path::Direct(o) | Path::MoreInformation(o) | Path::Redirect(o) => {
                o == Outcome::ConvertedToReferral || self.rng.random::<f64>() < 0.4
            }
        };
        story.send(gp, sent, &svc.service, urgency, authorised);
        self.unfold(&mut story, path, first, case, gp, sent, urgent);
        story
    }

    /// Tells what happened after sending, up to now.
    #[allow(clippy::too_many_arguments)]
    fn unfold(
        &mut self,
        story: &mut Story<'a>,
        path: Path,
        first: usize,
        case: &Case,
        gp: &Author,
        sent: OffsetDateTime,
        urgent: bool,
    ) {
        let mut svc = first;
        let mut clock_from = sent;
        let outcome = match path {
            Path::Direct(o) => o,
            Path::MoreInformation(o) => {
                let asked = self.answer_time(sent, svc, urgent, false);
                if !self.happened(story, asked, svc) {
                    return;
                }
                let ask = text::ASK_MORE[self.rng.random_range(0..text::ASK_MORE.len())];
                story.ask_more(&self.cast.services[svc].specialist, asked, ask);
                let days = self.rng.random_range(1..=4);
                let answered = self.later(asked, days);
                if answered > self.now {
                    return;
                }
                let reply = text::GP_ANSWERS[self.rng.random_range(0..text::GP_ANSWERS.len())];
                story.gp_respond(gp, answered, reply);
                clock_from = answered;
                o
            }
            Path::Redirect(o) => {
                let at = self.answer_time(sent, svc, urgent, false);
                if !self.happened(story, at, svc) {
                    return;
                }
                let to = self.redirect_target(svc);
                let why = text::REDIRECT_WHY[self.rng.random_range(0..text::REDIRECT_WHY.len())];
                let from = &self.cast.services[svc].specialist;
                story.redirect(from, at, &self.cast.services[to].service, why);
                svc = to;
                clock_from = at;
                o
            }
        };
        let late = self.rng.random::<f64>() < if urgent { 0.03 } else { 0.12 };
        let at = self.answer_time(clock_from, svc, urgent, late);
        if !self.happened(story, at, svc) {
            return;
        }
        let specialist = &self.cast.services[svc].specialist;
        let (advice, summary) = words(outcome, case);
        story.answer(specialist, at, outcome, &advice, summary);
        self.after_answer(story, gp, at, outcome);
    }

    /// True when `at` is not after now; otherwise the request is still with the service, and
    /// may have been claimed.
    fn happened(&mut self, story: &mut Story<'a>, at: OffsetDateTime, svc: usize) -> bool {
        if at <= self.now {
            return true;
        }
        if self.rng.random::<f64>() < 0.3 {
            let claimed = story.last_change() + Duration::minutes(self.rng.random_range(20..300));
            if claimed <= self.now {
                story.claim(&self.cast.services[svc].specialist, claimed);
            }
        }
        false
    }

    /// The GP reads the answer and, days later, closes the request.
    fn after_answer(
        &mut self,
        story: &mut Story<'a>,
        gp: &Author,
        answered: OffsetDateTime,
        outcome: Outcome,
    ) {
        let days = self.rng.random_range(0..=10);
        let closes = self.later(answered, days);
        let read = (answered + Duration::minutes(self.rng.random_range(10..1560))).min(closes);
        if read <= self.now {
            story.read(read);
        }
        let never = self.rng.random::<f64>() < 0.02;
        if closes <= self.now && !never {
            let action = text::gp_action(outcome, self.rng.random_range(0..6));
            story.close(gp, closes, action);
        }
    }

    /// When the service replies: within its standard (mostly early), or 1 to 4 working days late.
    fn answer_time(
        &mut self,
        from: OffsetDateTime,
        svc: usize,
        urgent: bool,
        late: bool,
    ) -> OffsetDateTime {
        let standard = self.cast.services[svc].service.standard.days();
        let days = if late {
            standard + self.rng.random_range(1..=4)
        } else if urgent {
            u32::from(self.rng.random::<f64>() < 0.3)
        } else {
            let r: f64 = self.rng.random();
            ((r * r * f64::from(standard + 1)) as u32).min(standard)
        };
        self.later(from, days)
    }

    /// A time in office hours `days` working days after `from`, and always after it.
    fn later(&mut self, from: OffsetDateTime, days: u32) -> OffsetDateTime {
        let day = self.hours.day_after(from, days);
        let at = self.hours.at(day, self.rng.random_range(OFFICE));
        if at > from {
            at
        } else {
            from + Duration::minutes(self.rng.random_range(15..240))
        }
    }

    /// A time in office hours on a working day of the year before now.
    fn sent_at(&mut self) -> OffsetDateTime {
        loop {
            let midnight = self.days[self.rng.random_range(0..self.days.len())];
            let at = midnight + Duration::minutes(self.rng.random_range(OFFICE));
            if at < self.now {
                return at;
            }
        }
    }

    fn pick_service(&mut self) -> usize {
        let total = *self.weights.last().expect("services");
        let x = self.rng.random_range(0..total);
        self.weights.partition_point(|w| *w <= x)
    }

    fn pick_case(&mut self, specialty: &str) -> &'static Case {
        let cases = text::cases(specialty);
        &cases[self.rng.random_range(0..cases.len())]
    }

    /// The outcome mix: about 60% advice, 15% converted, 10% referral recommended, 8% more
    /// information then answered, 4% redirected then answered, 3% see urgently.
    fn path(&mut self) -> Path {
        use Outcome::*;
        let x: f64 = self.rng.random();
        let then = |r: f64| match r {
            r if r < 0.70 => AdviceGiven,
            r if r < 0.85 => ReferralRecommended,
            _ => ConvertedToReferral,
        };
        match x {
            x if x < 0.60 => Path::Direct(AdviceGiven),
            x if x < 0.75 => Path::Direct(ConvertedToReferral),
            x if x < 0.85 => Path::Direct(ReferralRecommended),
            x if x < 0.93 => Path::MoreInformation(then(self.rng.random())),
            x if x < 0.97 => Path::Redirect(then(self.rng.random())),
            _ => Path::Direct(SeeUrgently),
        }
    }

    /// Another service of the same specialty if there is one, otherwise any other service.
    fn redirect_target(&mut self, from: usize) -> usize {
        let services = &self.cast.services;
        let same: Vec<usize> = (0..services.len())
            .filter(|i| *i != from && services[*i].specialty == services[from].specialty)
            .collect();
        if let Some(i) = same.get(self.rng.random_range(0..same.len().max(1))) {
            return *i;
        }
        let other = self.rng.random_range(0..services.len() - 1);
        if other >= from { other + 1 } else { other }
    }
}

/// The specialist's words and the patient's summary for a final outcome.
fn words(outcome: Outcome, case: &Case) -> (String, &'static str) {
    match outcome {
        Outcome::AdviceGiven => (case.advice.to_owned(), case.summary),
        Outcome::ConvertedToReferral => (
            format!(
                "{} I have converted this request to a referral.",
                case.refer
            ),
            text::CONVERTED_SUMMARY,
        ),
        Outcome::ReferralRecommended => {
            (format!("{} Please refer.", case.refer), text::REFER_SUMMARY)
        }
        _ => (text::SEE_URGENTLY.to_owned(), text::SEE_URGENTLY_SUMMARY),
    }
}

/// The label `ActorContext::acting_for_label` gives a practice member.
pub(super) fn practice_label(name: &str, ods: &str) -> String {
    format!("{name} ({ods})")
}
