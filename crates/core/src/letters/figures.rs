//! Monthly letter figures per trust, service or practice: what a letter contributes, which
//! month it counts in, and the row of figures a [`super::tally::Tally`] gives.
//!
//! A letter belongs to the London calendar month in which it was sent. Time to send runs from
//! the appointment or discharge to sending; time to acknowledge from sending to the practice's
//! acknowledgement. GP actions count those the letter raised: done, declined (not the GP's
//! responsibility) and overdue (still open after their due date, as of the day the figures are
//! made, counted afresh each time). Medians interpolate as [`crate::stats::percentile`] does.

use crate::calendar::{london_date, london_midnight};
use time::{Date, OffsetDateTime};
use uuid::Uuid;

/// One sent letter, as the store reads it for figures.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LetterFact {
    /// The writing service's trust.
    pub trust_id: Uuid,
    /// The writing service.
    pub service_id: Uuid,
    /// The practice it went to.
    pub practice_id: Uuid,
    /// The appointment or discharge.
    pub event_at: Option<OffsetDateTime>,
    /// When it was sent; decides its month.
    pub sent_at: OffsetDateTime,
    /// Whether it met the timing standard.
    pub on_time: Option<bool>,
    /// When the practice acknowledged it.
    pub acknowledged_at: Option<OffsetDateTime>,
    /// The checker's reading age when sent.
    pub reading_age: Option<f64>,
    /// The checker's verdict when sent.
    pub plain: Option<bool>,
    /// Its GP actions.
    pub actions: ActionCounts,
}

/// A letter's GP actions by where they stand.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ActionCounts {
    /// All it raised.
    pub raised: u32,
    /// Done.
    pub done: u32,
    /// Declined as not the GP's responsibility.
    pub declined: u32,
}

/// How figures are grouped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Group {
    /// One row per trust and month.
    ByTrust,
    /// One row per service and month.
    ByService,
    /// One row per practice and month.
    ByPractice,
}

impl Group {
    /// Reads `trust`, `service` or `practice`.
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "trust" => Some(Self::ByTrust),
            "service" => Some(Self::ByService),
            "practice" => Some(Self::ByPractice),
            _ => None,
        }
    }
}

/// The figures of one trust, service or practice in one month.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct LetterFigures {
    /// The trust, service or practice.
    pub group_id: Uuid,
    /// The London month, `YYYY-MM`.
    pub month: String,
    /// Letters sent.
    pub sent: u64,
    /// Share (0 to 1) sent within the timing standard.
    pub on_time_share: Option<f64>,
    /// Median hours from the appointment or discharge to sending.
    pub median_hours_to_send: Option<f64>,
    /// Share (0 to 1) acknowledged by the practice.
    pub acknowledged_share: Option<f64>,
    /// Median hours from sending to acknowledgement.
    pub median_hours_to_acknowledge: Option<f64>,
    /// GP actions raised.
    pub gp_actions_raised: u64,
    /// GP actions done.
    pub gp_actions_done: u64,
    /// GP actions declined as not the GP's responsibility.
    pub gp_actions_declined: u64,
    /// GP actions open past their due date.
    pub gp_actions_overdue: u64,
    /// Median reading age of the letters, in years.
    pub median_reading_age: Option<f64>,
    /// Share (0 to 1) of letters the checker judged plain.
    pub plain_share: Option<f64>,
}

/// The London month (`YYYY-MM`) a letter sent at `sent_at` counts in.
pub fn month_of(sent_at: OffsetDateTime) -> String {
    month_key(london_date(sent_at))
}

fn month_key(d: Date) -> String {
    format!("{:04}-{:02}", d.year(), u8::from(d.month()))
}

/// A run of whole London months: the unit figures are kept in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MonthSpan {
    /// The first month, `YYYY-MM`.
    pub first: String,
    /// The last month (included), `YYYY-MM`.
    pub last: String,
    /// London midnight at the start of the first month.
    pub start: OffsetDateTime,
    /// London midnight at the start of the month after the last.
    pub end: OffsetDateTime,
}

/// The whole London months with a day in `[from, to)`; `None` when the period is empty.
/// Figures are kept by month, so a period covers the whole of every month it touches.
pub fn months_covering(from: OffsetDateTime, to: OffsetDateTime) -> Option<MonthSpan> {
    if to <= from {
        return None;
    }
    let first = london_date(from).replace_day(1).ok()?;
    let last = london_date(to - time::Duration::nanoseconds(1))
        .replace_day(1)
        .ok()?;
    let after = last.replace_day(28).ok()? + time::Duration::days(4);
    Some(MonthSpan {
        first: month_key(first),
        last: month_key(last),
        start: london_midnight(first),
        end: london_midnight(after.replace_day(1).ok()?),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn a_letter_counts_in_the_london_month_it_was_sent() {
        assert_eq!(month_of(datetime!(2026-03-31 22:30 UTC)), "2026-03");
        // 23:30 UTC on 31 March is already 1 April in London (BST).
        assert_eq!(month_of(datetime!(2026-03-31 23:30 UTC)), "2026-04");
        assert_eq!(month_of(datetime!(2026-12-31 23:30 UTC)), "2026-12");
    }

    #[test]
    fn a_period_covers_every_month_it_touches() {
        let year = months_covering(
            datetime!(2025-11-01 00:00 UTC),
            datetime!(2026-11-01 00:00 UTC),
        );
        let year = year.unwrap();
        assert_eq!(
            (year.first.as_str(), year.last.as_str()),
            ("2025-11", "2026-10")
        );
        assert_eq!(year.start, datetime!(2025-11-01 00:00 UTC));
        assert_eq!(year.end, datetime!(2026-11-01 00:00 UTC));
        let days = months_covering(
            datetime!(2026-02-10 00:00 UTC),
            datetime!(2026-04-02 00:00 UTC),
        )
        .unwrap();
        assert_eq!(
            (days.first.as_str(), days.last.as_str()),
            ("2026-02", "2026-04")
        );
        // London's April starts an hour before UTC's (BST); December rolls the year.
        assert_eq!(days.end, datetime!(2026-04-30 23:00 UTC));
        let december = months_covering(
            datetime!(2026-12-05 00:00 UTC),
            datetime!(2026-12-06 00:00 UTC),
        )
        .unwrap();
        assert_eq!(december.end, datetime!(2027-01-01 00:00 UTC));
        let at = datetime!(2026-02-10 00:00 UTC);
        assert_eq!(months_covering(at, at), None);
    }
}
