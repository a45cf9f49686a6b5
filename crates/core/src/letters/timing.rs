//! When a letter is due, and whether it went on time (NHS Standard Contract, DOMAIN.md).
//!
//! A discharge summary is due at the practice within 24 hours of discharge. A clinic letter is
//! due within 7 days of the appointment: we read "days" as calendar days, as the contract does,
//! and allow the whole of the seventh day in Europe/London (due 23:59:59 London time on the
//! appointment date + 7), so an appointment at 17:00 is not held to a stricter standard than one
//! at 09:00. The two figures are data with these defaults, since older contracts said 10 days.

use super::Kind;
use crate::calendar::{london_date, london_midnight};
use time::{Duration, OffsetDateTime};

/// The timing standard letters are measured against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TimingStandard {
    /// Hours from discharge to the discharge summary reaching the practice.
    pub discharge_hours: u32,
    /// Calendar days from the appointment to the clinic letter.
    pub clinic_days: u32,
}

impl Default for TimingStandard {
    /// 24 hours and 7 days (NHS Standard Contract).
    fn default() -> Self {
        Self {
            discharge_hours: 24,
            clinic_days: 7,
        }
    }
}

impl TimingStandard {
    /// When a letter of `kind` about an appointment or discharge at `event_at` is due.
    pub fn due_at(&self, kind: Kind, event_at: OffsetDateTime) -> OffsetDateTime {
        match kind {
            Kind::DischargeSummary => event_at + Duration::hours(i64::from(self.discharge_hours)),
            Kind::ClinicLetter => {
                let last_day = london_date(event_at) + Duration::days(i64::from(self.clinic_days));
                london_midnight(last_day + Duration::days(1)) - Duration::seconds(1)
            }
        }
    }

    /// How the standard reads for `kind` on pages ("within 24 hours of discharge").
    pub fn describe(&self, kind: Kind) -> String {
        match kind {
            Kind::DischargeSummary => format!("within {} hours of discharge", self.discharge_hours),
            Kind::ClinicLetter => format!("within {} days of the appointment", self.clinic_days),
        }
    }
}

/// True when a letter sent at `sent_at` met its due time.
pub fn on_time(sent_at: OffsetDateTime, due_at: OffsetDateTime) -> bool {
    sent_at <= due_at
}

/// Hours (with fractions) from `from` to `to`, never negative: the figures' time to send and
/// time to acknowledge.
pub fn hours_between(from: OffsetDateTime, to: OffsetDateTime) -> f64 {
    ((to - from).as_seconds_f64() / 3600.0).max(0.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn a_discharge_summary_is_due_24_hours_after_discharge() {
        let s = TimingStandard::default();
        assert_eq!(
            s.due_at(Kind::DischargeSummary, datetime!(2026-03-07 15:30 UTC)),
            datetime!(2026-03-08 15:30 UTC)
        );
    }

    #[test]
    fn a_clinic_letter_is_due_by_the_end_of_the_seventh_day_in_london() {
        let s = TimingStandard::default();
        // Winter: London is UTC.
        assert_eq!(
            s.due_at(Kind::ClinicLetter, datetime!(2026-01-12 09:00 UTC)),
            datetime!(2026-01-19 23:59:59 UTC)
        );
        // Summer: the end of the London day is 22:59:59 UTC.
        assert_eq!(
            s.due_at(Kind::ClinicLetter, datetime!(2026-07-01 16:00 UTC)),
            datetime!(2026-07-08 22:59:59 UTC)
        );
        // An appointment at 23:30 London time on 30 June (22:30 UTC) counts from 30 June.
        assert_eq!(
            s.due_at(Kind::ClinicLetter, datetime!(2026-06-30 22:30 UTC)),
            datetime!(2026-07-07 22:59:59 UTC)
        );
    }

    #[test]
    fn the_clinic_deadline_spans_the_clock_change() {
        // Appointment on 25 March 2026 (GMT); day 7 is 1 April (BST).
        let s = TimingStandard::default();
        assert_eq!(
            s.due_at(Kind::ClinicLetter, datetime!(2026-03-25 10:00 UTC)),
            datetime!(2026-04-01 22:59:59 UTC)
        );
    }

    #[test]
    fn an_older_ten_day_standard_is_data() {
        let s = TimingStandard {
            clinic_days: 10,
            ..TimingStandard::default()
        };
        assert_eq!(
            s.due_at(Kind::ClinicLetter, datetime!(2026-01-12 09:00 UTC)),
            datetime!(2026-01-22 23:59:59 UTC)
        );
        assert_eq!(
            s.describe(Kind::ClinicLetter),
            "within 10 days of the appointment"
        );
    }

    #[test]
    fn on_time_includes_the_due_second_and_hours_never_go_negative() {
        let due = datetime!(2026-01-19 23:59:59 UTC);
        assert!(on_time(due, due));
        assert!(!on_time(due + Duration::seconds(1), due));
        assert_eq!(hours_between(due, due - Duration::hours(1)), 0.0);
        assert_eq!(hours_between(due, due + Duration::minutes(90)), 1.5);
    }
}
