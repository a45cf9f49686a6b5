//! Monthly letter figures per trust, service or practice, aggregated from one row per letter.
//!
//! A letter belongs to the London calendar month in which it was sent. Time to send runs from
//! the appointment or discharge to sending; time to acknowledge from sending to the practice's
//! acknowledgement. GP actions count those the letter raised: done, declined (not the GP's
//! responsibility) and overdue (still open after their due date, as of the day the figures are
//! made). Medians use [`crate::stats::percentile`].

use super::timing::hours_between;
use crate::calendar::london_date;
use crate::stats::{median, ratio};
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
    /// Open past their due date.
    pub overdue: u32,
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

    fn id_of(self, f: &LetterFact) -> Uuid {
        match self {
            Self::ByTrust => f.trust_id,
            Self::ByService => f.service_id,
            Self::ByPractice => f.practice_id,
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

/// One row per group and London month, sorted by group then month: one sort and one pass.
pub fn monthly_figures(facts: &[LetterFact], group: Group) -> Vec<LetterFigures> {
    let mut keyed: Vec<((Uuid, Date), &LetterFact)> = facts
        .iter()
        .map(|f| {
            let d = london_date(f.sent_at);
            let first = d.replace_day(1).unwrap_or(d);
            ((group.id_of(f), first), f)
        })
        .collect();
    keyed.sort_unstable_by_key(|(k, _)| *k);
    keyed
        .chunk_by(|a, b| a.0 == b.0)
        .map(|run| {
            let (id, first) = run[0].0;
            let mut row = summarise(run.iter().map(|(_, f)| *f));
            row.group_id = id;
            row.month = format!("{:04}-{:02}", first.year(), u8::from(first.month()));
            row
        })
        .collect()
}

/// One row per group over the whole period the facts cover (`month` left empty), sorted by
/// group: the year's figures a dashboard lists.
pub fn period_figures(facts: &[LetterFact], group: Group) -> Vec<LetterFigures> {
    let mut keyed: Vec<(Uuid, &LetterFact)> = facts.iter().map(|f| (group.id_of(f), f)).collect();
    keyed.sort_unstable_by_key(|(k, _)| *k);
    keyed
        .chunk_by(|a, b| a.0 == b.0)
        .map(|run| {
            let mut row = summarise(run.iter().map(|(_, f)| *f));
            row.group_id = run[0].0;
            row
        })
        .collect()
}

fn summarise<'a>(facts: impl Iterator<Item = &'a LetterFact>) -> LetterFigures {
    let mut sent = 0u64;
    let (mut on_time, mut timed, mut acked, mut plain, mut judged) = (0u64, 0u64, 0u64, 0u64, 0u64);
    let (mut to_send, mut to_ack, mut ages) = (vec![], vec![], vec![]);
    let mut actions = [0u64; 4];
    for f in facts {
        sent += 1;
        if let Some(t) = f.on_time {
            timed += 1;
            on_time += u64::from(t);
        }
        if let Some(e) = f.event_at {
            to_send.push(hours_between(e, f.sent_at));
        }
        if let Some(a) = f.acknowledged_at {
            acked += 1;
            to_ack.push(hours_between(f.sent_at, a));
        }
        if let Some(p) = f.plain {
            judged += 1;
            plain += u64::from(p);
        }
        ages.extend(f.reading_age);
        let a = f.actions;
        for (slot, n) in actions
            .iter_mut()
            .zip([a.raised, a.done, a.declined, a.overdue])
        {
            *slot += u64::from(n);
        }
    }
    LetterFigures {
        group_id: Uuid::nil(),
        month: String::new(),
        sent,
        on_time_share: ratio(on_time, timed),
        median_hours_to_send: median(to_send),
        acknowledged_share: ratio(acked, sent),
        median_hours_to_acknowledge: median(to_ack),
        gp_actions_raised: actions[0],
        gp_actions_done: actions[1],
        gp_actions_declined: actions[2],
        gp_actions_overdue: actions[3],
        median_reading_age: median(ages),
        plain_share: ratio(plain, judged),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    fn fact(service: u128, sent: OffsetDateTime, hours_late: i64) -> LetterFact {
        LetterFact {
            trust_id: Uuid::from_u128(1),
            service_id: Uuid::from_u128(service),
            practice_id: Uuid::from_u128(9),
            event_at: Some(sent - time::Duration::hours(hours_late)),
            sent_at: sent,
            on_time: Some(hours_late <= 24),
            acknowledged_at: Some(sent + time::Duration::hours(2)),
            reading_age: Some(10.0),
            plain: Some(hours_late < 30),
            actions: ActionCounts {
                raised: 2,
                done: 1,
                declined: 1,
                overdue: 0,
            },
        }
    }

    #[test]
    fn letters_are_grouped_by_their_london_month_and_summarised() {
        let facts = [
            fact(2, datetime!(2026-03-31 23:30 UTC), 12),
            // 23:30 UTC on 31 March is already 1 April in London (BST).
            fact(
                2,
                datetime!(2026-03-31 23:30 UTC) + time::Duration::hours(1),
                36,
            ),
            fact(3, datetime!(2026-04-02 10:00 UTC), 48),
        ];
        let rows = monthly_figures(&facts, Group::ByService);
        let months: Vec<_> = rows
            .iter()
            .map(|r| (r.group_id.as_u128(), r.month.as_str(), r.sent))
            .collect();
        assert_eq!(months, [(2, "2026-04", 2), (3, "2026-04", 1)]);
        let r = &rows[0];
        assert_eq!(r.on_time_share, Some(0.5));
        assert_eq!(r.median_hours_to_send, Some(24.0));
        assert_eq!(r.acknowledged_share, Some(1.0));
        assert_eq!(r.median_hours_to_acknowledge, Some(2.0));
        assert_eq!(
            (
                r.gp_actions_raised,
                r.gp_actions_done,
                r.gp_actions_declined
            ),
            (4, 2, 2)
        );
        assert_eq!(r.plain_share, Some(0.5));
        assert_eq!(monthly_figures(&facts, Group::ByTrust).len(), 1);
        let year = period_figures(&facts, Group::ByTrust);
        assert_eq!(
            (year.len(), year[0].sent, year[0].month.as_str()),
            (1, 3, "")
        );
    }

    #[test]
    fn a_month_without_acknowledgements_has_no_median_to_acknowledge() {
        let mut f = fact(2, datetime!(2026-06-10 09:00 UTC), 5);
        f.acknowledged_at = None;
        let rows = monthly_figures(&[f], Group::ByPractice);
        assert_eq!(rows[0].acknowledged_share, Some(0.0));
        assert_eq!(rows[0].median_hours_to_acknowledge, None);
    }
}
