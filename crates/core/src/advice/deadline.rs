//! The response clock of an advice request, counted in England and Wales working days.
//!
//! A request is due at the end (23:59:59 Europe/London) of the Nth working day after the London
//! date it was sent, N being the service's response standard plus the working days it spent
//! waiting for the GP. While it waits for the GP the clock is paused: it is never overdue then,
//! and the due time shown is provisional.
//!
//! Redirects: the clock restarts for the new service at the moment of the redirect, with that
//! service's standard and nothing carried over ([`ClockFacts::redirected`]). The new service has
//! not had the request until then; counting the first service's days against it would make it
//! overdue on arrival for a delay it did not cause. The first service's part is recorded by its
//! redirect outcome.

use super::FieldError;
use crate::calendar::{Calendar, london_date};
use time::{OffsetDateTime, PrimitiveDateTime, Time};
use time_tz::{PrimitiveDateTimeExt, timezones};

/// The response standard used when a service has not set its own: 2 working days (the 2017
/// national incentive scheme's figure; no single national standard stands today).
pub const DEFAULT_STANDARD_DAYS: u32 = 2;
/// The shortest response standard a service may set, in working days.
pub const MIN_STANDARD_DAYS: u32 = 1;
/// The longest response standard a service may set, in working days.
pub const MAX_STANDARD_DAYS: u32 = 20;

/// A service's response standard in working days, always within 1..=20.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ResponseStandard(u32);

impl Default for ResponseStandard {
    fn default() -> Self {
        Self(DEFAULT_STANDARD_DAYS)
    }
}

impl ResponseStandard {
    /// Checks a configured number of working days (field `standard_days` on the service form).
    pub fn new(days: u32) -> Result<Self, FieldError> {
        if (MIN_STANDARD_DAYS..=MAX_STANDARD_DAYS).contains(&days) {
            Ok(Self(days))
        } else {
            Err(FieldError {
                field: "standard_days".into(),
                message: "The response standard must be between 1 and 20 working days".into(),
            })
        }
    }

    /// Reads the number as typed into the service form.
    pub fn parse(input: &str) -> Result<Self, FieldError> {
        let input = input.trim();
        if input.is_empty() {
            return Err(FieldError {
                field: "standard_days".into(),
                message: "Enter the response standard in working days".into(),
            });
        }
        match input.parse::<u32>() {
            Ok(days) => Self::new(days),
            Err(_) => Err(FieldError {
                field: "standard_days".into(),
                message: "The response standard must be a whole number of working days, like 2"
                    .into(),
            }),
        }
    }

    /// The number of working days.
    pub fn days(self) -> u32 {
        self.0
    }
}

/// What the store keeps about a request's clock.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClockFacts {
    /// When the clock started: sent to the current service (or redirected to it).
    pub sent_at: OffsetDateTime,
    /// The service's response standard, in working days, fixed when the clock started.
    pub standard_days: u32,
    /// Working days added by completed pauses (waiting for the GP).
    pub paused_days: u32,
    /// When the current pause began, while the request waits for the GP.
    pub paused_since: Option<OffsetDateTime>,
}

impl ClockFacts {
    /// A clock started at `sent_at` with the service's standard and no pauses.
    pub fn start(sent_at: OffsetDateTime, standard: ResponseStandard) -> Self {
        Self {
            sent_at,
            standard_days: standard.days(),
            paused_days: 0,
            paused_since: None,
        }
    }

    /// True while the request waits for the GP.
    pub fn is_paused(&self) -> bool {
        self.paused_since.is_some()
    }

    /// When the answer is due; provisional while paused (see [`ClockFacts::due_at_if_resumed_at`]).
    pub fn due_at(&self, calendar: &Calendar) -> OffsetDateTime {
        calendar.due(self.sent_at, self.standard_days + self.paused_days)
    }

    /// When the answer would be due if the current pause ended at `now` (the figure to show
    /// while paused); the same as [`ClockFacts::due_at`] when not paused.
    pub fn due_at_if_resumed_at(&self, calendar: &Calendar, now: OffsetDateTime) -> OffsetDateTime {
        let extra = self
            .paused_since
            .map_or(0, |since| calendar.pause_extension(since, now));
        calendar.due(self.sent_at, self.standard_days + self.paused_days + extra)
    }

    /// True when `now` is past the due time; never while paused.
    pub fn is_overdue(&self, calendar: &Calendar, now: OffsetDateTime) -> bool {
        !self.is_paused() && now > self.due_at(calendar)
    }

    /// When to remind the service: 00:00 London at the start of the due working day, so the
    /// reminder arrives on the morning of the last day, with the whole day left to answer.
    /// `None` while paused: nothing is due until the GP responds.
    pub fn reminder_at(&self, calendar: &Calendar) -> Option<OffsetDateTime> {
        if self.is_paused() {
            return None;
        }
        let due = self.due_at(calendar);
        // London midnight always exists and is never repeated: the clocks change at 01:00 UTC.
        PrimitiveDateTime::new(london_date(due), Time::MIDNIGHT)
            .assume_timezone(timezones::db::europe::LONDON)
            .take_first()
            .map(|t| t.to_offset(time::UtcOffset::UTC))
            .or(Some(due))
    }

    /// True when an answer given at `answered_at` met the standard (pauses counted).
    pub fn within_standard(&self, calendar: &Calendar, answered_at: OffsetDateTime) -> bool {
        answered_at <= self.due_at_if_resumed_at(calendar, answered_at)
    }

    /// Seconds on working days from the clock's start to the answer, less the working seconds
    /// the store measured while paused (never below 0). Figures show it in working hours.
    pub fn response_working_seconds(
        &self,
        calendar: &Calendar,
        answered_at: OffsetDateTime,
        paused_working_seconds: i64,
    ) -> i64 {
        (calendar.working_seconds_between(self.sent_at, answered_at) - paused_working_seconds)
            .max(0)
    }

    /// The clock paused at `at`, when the specialist asks the GP for more information. A clock
    /// already paused keeps its earlier start.
    pub fn paused(self, at: OffsetDateTime) -> Self {
        Self {
            paused_since: self.paused_since.or(Some(at)),
            ..self
        }
    }

    /// The clock resumed at `at`, when the GP responds: the working days spent waiting move the
    /// due date on. A clock that is not paused is unchanged.
    pub fn resumed(self, calendar: &Calendar, at: OffsetDateTime) -> Self {
        match self.paused_since {
            None => self,
            Some(since) => Self {
                paused_days: self.paused_days + calendar.pause_extension(since, at),
                paused_since: None,
                ..self
            },
        }
    }

    /// A fresh clock for the service a request is redirected to, started at the redirect.
    pub fn redirected(self, at: OffsetDateTime, new_standard: ResponseStandard) -> Self {
        Self::start(at, new_standard)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    fn cal() -> Calendar {
        Calendar::england_and_wales()
    }

    fn two_days(sent_at: OffsetDateTime) -> ClockFacts {
        ClockFacts::start(sent_at, ResponseStandard::default())
    }

    #[test]
    fn the_default_standard_is_two_working_days() {
        assert_eq!(ResponseStandard::default().days(), DEFAULT_STANDARD_DAYS);
        assert_eq!(DEFAULT_STANDARD_DAYS, 2);
    }

    #[test]
    fn a_service_standard_is_one_to_twenty_working_days() {
        assert_eq!(ResponseStandard::new(1).unwrap().days(), 1);
        assert_eq!(ResponseStandard::parse(" 20 ").unwrap().days(), 20);
        assert_eq!(
            ResponseStandard::new(0).unwrap_err().message,
            "The response standard must be between 1 and 20 working days"
        );
        assert!(ResponseStandard::new(21).is_err());
        assert_eq!(
            ResponseStandard::parse("").unwrap_err().message,
            "Enter the response standard in working days"
        );
        let err = ResponseStandard::parse("2.5").unwrap_err();
        assert_eq!(err.field, "standard_days");
        assert!(err.message.contains("whole number"));
    }

    #[test]
    fn christmas_and_the_substitute_boxing_day_do_not_count() {
        // Thu 24 Dec 2026: Fri 25 and Mon 28 (Boxing Day substitute) are bank holidays.
        let clock = two_days(datetime!(2026-12-24 10:00 UTC));
        assert_eq!(clock.due_at(&cal()), datetime!(2026-12-30 23:59:59 UTC));
        assert_eq!(
            clock.reminder_at(&cal()),
            Some(datetime!(2026-12-30 00:00 UTC))
        );
    }

    #[test]
    fn in_summer_due_and_reminder_are_london_times() {
        // Wed 1 July 2026, 10:00 BST.
        let clock = two_days(datetime!(2026-07-01 09:00 UTC));
        assert_eq!(clock.due_at(&cal()), datetime!(2026-07-03 22:59:59 UTC));
        assert_eq!(
            clock.reminder_at(&cal()),
            Some(datetime!(2026-07-02 23:00 UTC))
        );
        assert!(!clock.is_overdue(&cal(), datetime!(2026-07-03 22:59:59 UTC)));
        assert!(clock.is_overdue(&cal(), datetime!(2026-07-03 23:00 UTC)));
    }

    #[test]
    fn waiting_for_the_gp_pauses_the_clock_and_moves_the_due_date() {
        // Sent Mon 6 July 2026, due Wed 8 July; paused Tue 7, resumed Thu 9.
        let sent = two_days(datetime!(2026-07-06 09:00 UTC));
        let paused = sent.paused(datetime!(2026-07-07 10:00 UTC));
        let thursday = datetime!(2026-07-09 10:00 UTC);
        assert!(paused.is_paused());
        assert!(!paused.is_overdue(&cal(), thursday));
        assert_eq!(paused.reminder_at(&cal()), None);
        assert_eq!(paused.due_at(&cal()), datetime!(2026-07-08 22:59:59 UTC));
        assert_eq!(
            paused.due_at_if_resumed_at(&cal(), thursday),
            datetime!(2026-07-10 22:59:59 UTC)
        );
        let resumed = paused.resumed(&cal(), thursday);
        assert_eq!(resumed.paused_days, 2);
        assert_eq!(resumed.paused_since, None);
        assert_eq!(resumed.due_at(&cal()), datetime!(2026-07-10 22:59:59 UTC));
        assert!(!resumed.is_overdue(&cal(), thursday));
        assert!(resumed.within_standard(&cal(), datetime!(2026-07-10 16:00 UTC)));
        assert!(!resumed.within_standard(&cal(), datetime!(2026-07-11 09:00 UTC)));
    }

    #[test]
    fn pausing_twice_keeps_the_first_start_and_resuming_a_running_clock_changes_nothing() {
        let clock = two_days(datetime!(2026-07-06 09:00 UTC));
        let once = clock.paused(datetime!(2026-07-07 10:00 UTC));
        assert_eq!(once.paused(datetime!(2026-07-08 10:00 UTC)), once);
        assert_eq!(
            clock.resumed(&cal(), datetime!(2026-07-08 10:00 UTC)),
            clock
        );
    }

    #[test]
    fn a_redirect_restarts_the_clock_for_the_new_service() {
        let first = two_days(datetime!(2026-07-06 09:00 UTC))
            .paused(datetime!(2026-07-06 10:00 UTC))
            .resumed(&cal(), datetime!(2026-07-07 10:00 UTC));
        let at = datetime!(2026-07-08 15:00 UTC);
        let new = first.redirected(at, ResponseStandard::new(5).unwrap());
        assert_eq!(
            new,
            ClockFacts::start(at, ResponseStandard::new(5).unwrap())
        );
        assert_eq!(new.paused_days, 0);
        // Wed 8 July + 5 working days = Wed 15 July.
        assert_eq!(new.due_at(&cal()), datetime!(2026-07-15 22:59:59 UTC));
    }

    #[test]
    fn response_time_counts_working_day_seconds_less_pauses() {
        // Fri 3 July 2026 13:00 BST to Mon 6 July 13:00 BST: 11 hours Friday, 13 hours Monday.
        let clock = two_days(datetime!(2026-07-03 12:00 UTC));
        let answered = datetime!(2026-07-06 12:00 UTC);
        assert_eq!(
            clock.response_working_seconds(&cal(), answered, 0),
            24 * 3600
        );
        assert_eq!(
            clock.response_working_seconds(&cal(), answered, 3600),
            23 * 3600
        );
        assert_eq!(
            clock.response_working_seconds(&cal(), answered, i64::MAX / 2),
            0
        );
    }
}
