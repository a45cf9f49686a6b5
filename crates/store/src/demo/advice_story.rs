//! The life of one demo advice request, told step by step the way the store's use cases would
//! write it (`crate::advice`): the same statuses, versions, thread entries and clock fields,
//! worked out with `joinedup_core::advice::ClockFacts` and the working-day [`Calendar`], so that
//! due times, "within standard" and response times in the demo are what the service would have
//! recorded. Both scales build their requests with it and write the rows in bulk.

use crate::advice::entity::{advice_message, advice_request};
use joinedup_core::advice::{ClockFacts, Outcome, ResponseStandard, Status, Urgency};
use joinedup_core::calendar::{Calendar, london_date};
use joinedup_core::people::Role;
use time::{Date, Duration, OffsetDateTime};
use uuid::Uuid;

/// Who wrote an entry of the thread, as the store records them (name and organisation as then).
#[derive(Debug, Clone)]
pub(super) struct Author {
    /// Their account, if the demo has one for them.
    pub user_id: Option<Uuid>,
    /// Their name as the thread shows it.
    pub name: String,
    /// The role they act in.
    pub role: Role,
    /// "Service, Trust (ODS)" or "Practice (ODS)", as `ActorContext::acting_for_label` gives it.
    pub organisation: String,
}

/// A service as the demo knows it: where requests go and how long it has to answer.
#[derive(Debug, Clone)]
pub(super) struct ServiceRef {
    /// The service.
    pub id: Uuid,
    /// Its response standard.
    pub standard: ResponseStandard,
    /// "Name, Trust (ODS)", as the redirect message names the new service.
    pub label: String,
}

/// The words of one request: what the practice wrote.
#[derive(Debug, Clone, Default)]
pub(super) struct Asked {
    /// The clinical question.
    pub question: String,
    /// Relevant history.
    pub history: String,
    /// Current medicines.
    pub medicines: String,
    /// Relevant results.
    pub results: String,
}

/// One request being told; [`Story::finish`] gives its row and thread.
pub(super) struct Story<'c> {
    calendar: &'c Calendar,
    row: advice_request::Model,
    thread: Vec<advice_message::Model>,
    /// Write claim and close events to the thread (the full-scale generator leaves them out).
    full_thread: bool,
}

impl<'c> Story<'c> {
    /// A draft written by `author` for a patient of `practice_id`.
    pub fn draft(
        calendar: &'c Calendar,
        patient_id: Uuid,
        practice_id: Uuid,
        author: &Author,
        at: OffsetDateTime,
        asked: Asked,
    ) -> Self {
        let row = advice_request::Model {
            id: Uuid::now_v7(),
            patient_id,
            practice_id,
            service_id: None,
            created_by: author.user_id.expect("a draft's author has an account"),
            sent_by: None,
            status: Status::Draft.as_str().into(),
            urgency: None,
            referral_authorised: None,
            question: asked.question,
            history: asked.history,
            medicines: asked.medicines,
            results: asked.results,
            created_at: at,
            updated_at: at,
            sent_at: None,
            clock_started_at: None,
            standard_days: None,
            paused_days: 0,
            paused_since: None,
            paused_working_seconds: 0,
            due_at: None,
            claimed_by: None,
            outcome: None,
            patient_summary: None,
            answered_at: None,
            answered_by: None,
            within_standard: None,
            response_working_seconds: None,
            gp_read_at: None,
            gp_action: None,
            closed_at: None,
            reminded_at: None,
            escalated_at: None,
            version: 1,
        };
        Story {
            calendar,
            row,
            thread: Vec::new(),
            full_thread: true,
        }
    }

    /// Leaves claim and close entries out of the thread, to keep the full-scale tables lean.
    pub fn lean(mut self) -> Self {
        self.full_thread = false;
        self
    }

    /// When it last changed (its latest event).
    pub fn last_change(&self) -> OffsetDateTime {
        self.row.updated_at
    }

    /// Where the request stands so far.
    pub fn status(&self) -> Status {
        Status::parse(&self.row.status).unwrap_or(Status::Closed)
    }

    /// The draft as saved, unfinished: only what the practice has chosen so far.
    pub fn choose(&mut self, service: Option<&ServiceRef>, urgency: Option<Urgency>) {
        self.row.service_id = service.map(|s| s.id);
        self.row.urgency = urgency.map(|u| u.as_str().to_owned());
    }

    /// The GP sends the request; the service's clock starts.
    pub fn send(
        &mut self,
        gp: &Author,
        at: OffsetDateTime,
        service: &ServiceRef,
        urgency: Urgency,
        authorised: bool,
    ) {
        let clock = ClockFacts::start(at, service.standard);
        let r = &mut self.row;
        r.service_id = Some(service.id);
        r.urgency = Some(urgency.as_str().to_owned());
        r.referral_authorised = Some(authorised);
        r.status = Status::Sent.as_str().into();
        r.sent_by = gp.user_id;
        r.sent_at = Some(at);
        r.clock_started_at = Some(at);
        r.standard_days = Some(service.standard.days() as i32);
        r.due_at = Some(clock.due_at(self.calendar));
        let question = r.question.clone();
        self.changed(at);
        self.say(gp, at, "sent", None, question);
    }

    /// A specialist takes the request.
    pub fn claim(&mut self, who: &Author, at: OffsetDateTime) {
        self.row.claimed_by = who.user_id;
        self.changed(at);
        if self.full_thread {
            self.say(who, at, "claimed", None, "Claimed this request".into());
        }
    }

    /// The specialist asks the GP for more information; the clock pauses.
    pub fn ask_more(&mut self, who: &Author, at: OffsetDateTime, text: &str) {
        let paused = self.clock().paused(at);
        let r = &mut self.row;
        r.status = Status::AwaitingInformation.as_str().into();
        r.outcome = Some(Outcome::MoreInformationNeeded.as_str().into());
        r.paused_since = paused.paused_since;
        r.due_at = Some(paused.due_at(self.calendar));
        self.changed(at);
        let outcome = Some(Outcome::MoreInformationNeeded);
        self.say(who, at, "reply", outcome, text.into());
    }

    /// The GP sends what was asked for; the clock resumes, moved on by the days waited.
    pub fn gp_respond(&mut self, gp: &Author, at: OffsetDateTime, text: &str) {
        let clock = self.clock();
        let waited = clock
            .paused_since
            .map_or(0, |since| self.calendar.working_seconds_between(since, at));
        let resumed = clock.resumed(self.calendar, at);
        let r = &mut self.row;
        r.status = Status::Sent.as_str().into();
        r.paused_since = None;
        r.paused_days = resumed.paused_days as i32;
        r.paused_working_seconds += waited;
        r.due_at = Some(resumed.due_at(self.calendar));
        self.changed(at);
        self.say(gp, at, "gp_response", None, text.into());
    }

    /// The service sends the request on to `to`, whose clock starts afresh.
    pub fn redirect(&mut self, who: &Author, at: OffsetDateTime, to: &ServiceRef, why: &str) {
        let fresh = ClockFacts::start(at, to.standard);
        let r = &mut self.row;
        r.service_id = Some(to.id);
        r.outcome = Some(Outcome::Redirected.as_str().into());
        r.status = Status::Sent.as_str().into();
        r.claimed_by = None;
        r.clock_started_at = Some(at);
        r.standard_days = Some(to.standard.days() as i32);
        r.paused_days = 0;
        r.paused_since = None;
        r.paused_working_seconds = 0;
        r.due_at = Some(fresh.due_at(self.calendar));
        self.changed(at);
        let body = format!("Redirected to {}.\n\n{why}", to.label);
        self.say(who, at, "reply", Some(Outcome::Redirected), body);
    }

    /// The service gives a final outcome, with advice for the GP and a summary for the patient.
    pub fn answer(
        &mut self,
        who: &Author,
        at: OffsetDateTime,
        outcome: Outcome,
        advice: &str,
        summary: &str,
    ) {
        let clock = self.clock();
        let r = &mut self.row;
        if r.answered_at.is_none() {
            r.answered_at = Some(at);
            r.answered_by = who.user_id;
            r.within_standard = Some(clock.within_standard(self.calendar, at));
            r.response_working_seconds =
                Some(clock.response_working_seconds(self.calendar, at, r.paused_working_seconds));
        }
        r.status = Status::Answered.as_str().into();
        r.outcome = Some(outcome.as_str().into());
        r.patient_summary = Some(summary.into());
        r.claimed_by = who.user_id;
        r.gp_read_at = None;
        self.changed(at);
        self.say(who, at, "reply", Some(outcome), advice.into());
    }

    /// The GP reads the answer (no new version, as in the store).
    pub fn read(&mut self, at: OffsetDateTime) {
        if self.row.gp_read_at.is_none() && self.status() == Status::Answered {
            self.row.gp_read_at = Some(at);
        }
    }

    /// The GP records what they did and the request closes.
    pub fn close(&mut self, gp: &Author, at: OffsetDateTime, action: Option<&str>) {
        let r = &mut self.row;
        r.status = Status::Closed.as_str().into();
        r.gp_action = action.map(str::to_owned);
        r.gp_read_at = Some(r.gp_read_at.unwrap_or(at));
        r.closed_at = Some(at);
        self.changed(at);
        if self.full_thread {
            let body = action.unwrap_or("Read and accepted the answer").to_owned();
            self.say(gp, at, "closed", None, body);
        }
    }

    /// The row and thread as they stand at `now`, with the reminder and escalation the worker
    /// would have sent by then for the clock in force. No jobs are queued for what is still to
    /// come: seeding leaves the job queue empty.
    pub fn finish(
        mut self,
        now: OffsetDateTime,
    ) -> (advice_request::Model, Vec<advice_message::Model>) {
        if self.row.clock_started_at.is_some() {
            let clock = self.clock();
            // The clock stops at the answer, or while it waits for the GP.
            let stopped = match self.status() {
                Status::Sent => now,
                _ => self.row.answered_at.or(clock.paused_since).unwrap_or(now),
            };
            let escalate_at = clock.due_at(self.calendar) + Duration::seconds(1);
            self.row.reminded_at = clock.reminder_at(self.calendar).filter(|t| *t < stopped);
            self.row.escalated_at = (escalate_at < stopped).then_some(escalate_at);
        }
        (self.row, self.thread)
    }

    /// The clock as stored on the row (sent requests only).
    fn clock(&self) -> ClockFacts {
        let r = &self.row;
        ClockFacts {
            sent_at: r.clock_started_at.expect("the request has been sent"),
            standard_days: r.standard_days.unwrap_or(2).max(0) as u32,
            paused_days: r.paused_days.max(0) as u32,
            paused_since: r.paused_since,
        }
    }

    /// A versioned change at `at`.
    fn changed(&mut self, at: OffsetDateTime) {
        self.row.version += 1;
        self.row.updated_at = at;
    }

    fn say(
        &mut self,
        who: &Author,
        at: OffsetDateTime,
        kind: &str,
        outcome: Option<Outcome>,
        body: String,
    ) {
        self.thread.push(advice_message::Model {
            id: Uuid::now_v7(),
            request_id: self.row.id,
            kind: kind.to_owned(),
            outcome: outcome.map(|o| o.as_str().to_owned()),
            body,
            author_user_id: who.user_id,
            author_name: who.name.clone(),
            author_role: who.role.as_str().to_owned(),
            author_organisation: who.organisation.clone(),
            created_at: at,
        });
    }
}

/// Local London times on working days, for placing demo events in office hours.
pub(super) struct WorkingHours<'c> {
    /// The working-day calendar.
    pub calendar: &'c Calendar,
}

impl WorkingHours<'_> {
    /// London midnight at the start of `date`, a working day (never a day the clocks change,
    /// which in the UK is always a Sunday).
    pub fn midnight(&self, date: Date) -> OffsetDateTime {
        let midday = date.midnight().assume_utc() + Duration::hours(12);
        self.calendar.due(midday, 0) + Duration::seconds(1) - Duration::days(1)
    }

    /// `minutes` past London midnight on working day `date`.
    pub fn at(&self, date: Date, minutes: i64) -> OffsetDateTime {
        self.midnight(date) + Duration::minutes(minutes)
    }

    /// The working day `n` working days after the London date of `from` (0: that date, if it
    /// is a working day, else the next one).
    pub fn day_after(&self, from: OffsetDateTime, n: u32) -> Date {
        let start = london_date(from);
        if n == 0 && !self.calendar.is_working_day(start) {
            self.calendar.add_working_days(start, 1)
        } else {
            self.calendar.add_working_days(start, n)
        }
    }

    /// The `n` most recent working days up to `today`, newest first (`today` itself first when
    /// it is a working day).
    pub fn recent(&self, today: Date, n: usize) -> Vec<Date> {
        let mut out = Vec::with_capacity(n);
        let mut d = today;
        while out.len() < n {
            if self.calendar.is_working_day(d) {
                out.push(d);
            }
            d = d.previous_day().expect("a date after year -9999");
        }
        out
    }
}
