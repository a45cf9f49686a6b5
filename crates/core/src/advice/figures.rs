//! Monthly Advice & Guidance figures, aggregated from one row per request.
//!
//! The measures follow the national specialist advice statistics: requests, processed (given a
//! final outcome) and diverted (the patient was not added to a waiting list; see
//! [`Outcome::is_diverted`]). Local measures add response times in working hours, the share
//! answered within the service's standard, the outcome mix, the conversion rate and, for
//! practices, requests per 1,000 registered patients.
//!
//! A request belongs to the London calendar month in which it was sent. Percentiles use linear
//! interpolation between the closest ranks (the method of numpy's default and Excel's
//! PERCENTILE.INC): for n sorted values the p-th percentile sits at rank p × (n − 1).

use super::Outcome;
use crate::calendar::london_date;
use std::collections::HashMap;
use time::OffsetDateTime;
use uuid::Uuid;

/// One request, as the store reads it for figures.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RequestFact {
    /// The service asked (the current one, after any redirect).
    pub service_id: Uuid,
    /// The practice that asked.
    pub practice_id: Uuid,
    /// When it was sent; decides its month.
    pub sent_at: OffsetDateTime,
    /// When the service gave its final outcome, if it has.
    pub answered_at: Option<OffsetDateTime>,
    /// The outcome standing now, if any.
    pub outcome: Option<Outcome>,
    /// Whether the answer met the service's standard, once answered.
    pub within_standard: Option<bool>,
    /// Working seconds from sending to the answer, pauses excluded, once answered.
    pub response_working_seconds: Option<i64>,
}

/// How figures are grouped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Group {
    /// One row per specialist service and month.
    ByService,
    /// One row per GP practice and month.
    ByPractice,
}

/// The figures for one service or practice in one month.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct MonthlyFigures {
    /// The service or practice.
    pub group_id: Uuid,
    /// The London month the requests were sent in, as `YYYY-MM`.
    pub month: String,
    /// Requests sent.
    pub requests: u64,
    /// Requests with a final outcome.
    pub processed: u64,
    /// Processed requests that kept the patient off a waiting list (advice given).
    pub diverted: u64,
    /// Median response time of processed requests, in working hours.
    pub median_response_hours: Option<f64>,
    /// 90th percentile response time of processed requests, in working hours.
    pub p90_response_hours: Option<f64>,
    /// Share (0 to 1) of processed requests answered within the standard, of those where known.
    pub within_standard_share: Option<f64>,
    /// Processed requests per final outcome, in [`Outcome::FINAL`] order, zeros included.
    pub outcomes: Vec<(Outcome, u64)>,
    /// Share (0 to 1) of processed requests converted to a referral.
    pub conversion_rate: Option<f64>,
    /// Requests per 1,000 registered patients (practices with a known list size only).
    pub per_thousand_registered: Option<f64>,
}

/// Aggregates request facts into one row per group and London month, sorted by group then month.
///
/// `registered` holds practice list sizes and is read only for [`Group::ByPractice`]. The work
/// is one sort and one pass, so 150,000 facts take a fraction of a second.
pub fn monthly_figures(
    facts: &[RequestFact],
    group: Group,
    registered: &HashMap<Uuid, u64>,
) -> Vec<MonthlyFigures> {
    // (group id, year, month) per fact; working out the London month is the costly part.
    let mut keyed: Vec<((Uuid, i32, u8), &RequestFact)> = facts
        .iter()
        .map(|f| {
            let id = match group {
                Group::ByService => f.service_id,
                Group::ByPractice => f.practice_id,
            };
            let date = london_date(f.sent_at);
            ((id, date.year(), u8::from(date.month())), f)
        })
        .collect();
    keyed.sort_unstable_by_key(|(k, _)| *k);
    keyed
        .chunk_by(|a, b| a.0 == b.0)
        .map(|run| {
            let (id, year, month) = run[0].0;
            let mut row = summarise(run.iter().map(|(_, f)| *f));
            row.group_id = id;
            row.month = format!("{year:04}-{month:02}");
            if group == Group::ByPractice {
                row.per_thousand_registered = registered
                    .get(&id)
                    .filter(|n| **n > 0)
                    .map(|n| row.requests as f64 * 1000.0 / *n as f64);
            }
            row
        })
        .collect()
}

/// Aggregates request facts into one row per group over the whole period they cover (`month`
/// left empty), sorted by group: the year's figures a dashboard lists per service or practice.
pub fn period_figures(
    facts: &[RequestFact],
    group: Group,
    registered: &HashMap<Uuid, u64>,
) -> Vec<MonthlyFigures> {
    let mut keyed: Vec<(Uuid, &RequestFact)> = facts
        .iter()
        .map(|f| match group {
            Group::ByService => (f.service_id, f),
            Group::ByPractice => (f.practice_id, f),
        })
        .collect();
    keyed.sort_unstable_by_key(|(k, _)| *k);
    keyed
        .chunk_by(|a, b| a.0 == b.0)
        .map(|run| {
            let id = run[0].0;
            let mut row = summarise(run.iter().map(|(_, f)| *f));
            row.group_id = id;
            if group == Group::ByPractice {
                row.per_thousand_registered = registered
                    .get(&id)
                    .filter(|n| **n > 0)
                    .map(|n| row.requests as f64 * 1000.0 / *n as f64);
            }
            row
        })
        .collect()
}

/// The figures for one group's month (id and month left blank for the caller).
fn summarise<'a>(facts: impl Iterator<Item = &'a RequestFact>) -> MonthlyFigures {
    let mut requests = 0u64;
    let mut counts = [0u64; Outcome::FINAL.len()];
    let mut within = (0u64, 0u64); // (met, known)
    let mut hours = Vec::new();
    for f in facts {
        requests += 1;
        let Some(outcome) = f.outcome.filter(|o| o.is_final()) else {
            continue;
        };
        if let Some(i) = Outcome::FINAL.iter().position(|o| *o == outcome) {
            counts[i] += 1;
        }
        if let Some(met) = f.within_standard {
            within.1 += 1;
            within.0 += u64::from(met);
        }
        if let Some(secs) = f.response_working_seconds {
            hours.push(secs as f64 / 3600.0);
        }
    }
    let processed: u64 = counts.iter().sum();
    let count_of = |o: Outcome| {
        Outcome::FINAL
            .iter()
            .position(|f| *f == o)
            .map_or(0, |i| counts[i])
    };
    let diverted: u64 = Outcome::FINAL
        .iter()
        .filter(|o| o.is_diverted())
        .map(|o| count_of(*o))
        .sum();
    hours.sort_unstable_by(f64::total_cmp);
    MonthlyFigures {
        group_id: Uuid::nil(),
        month: String::new(),
        requests,
        processed,
        diverted,
        median_response_hours: percentile(&hours, 0.5),
        p90_response_hours: percentile(&hours, 0.9),
        within_standard_share: ratio(within.0, within.1),
        outcomes: Outcome::FINAL.into_iter().zip(counts).collect(),
        conversion_rate: ratio(count_of(Outcome::ConvertedToReferral), processed),
        per_thousand_registered: None,
    }
}

impl MonthlyFigures {
    /// Share (0 to 1) of processed requests that were diverted, or `None` with none processed.
    pub fn diverted_share(&self) -> Option<f64> {
        ratio(self.diverted, self.processed)
    }
}

pub use crate::stats::percentile;
use crate::stats::ratio;

#[cfg(test)]
#[path = "figures_tests.rs"]
mod tests;
