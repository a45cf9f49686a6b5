//! The running totals behind the letter figures: one [`Tally`] per service or practice and
//! London month, kept up to date as letters are sent, acknowledged and their GP actions worked,
//! and merged to give any trust, service or practice over any run of months.
//!
//! Counts are exact. The three medians (hours to send, hours to acknowledge, reading age) come
//! from mergeable distributions ([`Distribution`], an HDR histogram): times are kept to the
//! minute up to 34 hours and to three significant figures beyond (to 91 days, where they are
//! capped); reading ages to a tenth of a year.

use super::ActionState;
use super::figures::{LetterFact, LetterFigures};
use super::timing::hours_between;
use crate::stats::ratio;
use hdrhistogram::Histogram;
use hdrhistogram::serialization::{Deserializer, Serializer, V2Serializer};
use std::collections::BTreeMap;
use time::Date;
use uuid::Uuid;

/// Longest time kept exactly, in minutes (91 days); longer ones count as this.
const MAX_MINUTES: u64 = 91 * 24 * 60;
/// Highest reading age kept, in tenths of a year.
const MAX_TENTHS: u64 = 1_000;

/// A mergeable distribution of non-negative values in a fixed unit, for medians over any
/// union of months and groups.
#[derive(Debug, Clone, PartialEq)]
pub struct Distribution {
    /// 32-bit counts: a bucket would need four billion letters to overflow, and the totals of
    /// a whole region's months then fit in half the memory.
    histogram: Histogram<u32>,
    /// How many units make one of the figure's unit (60 minutes to the hour).
    per_unit: f64,
}

/// Why stored totals (a distribution or the open actions) could not be read.
#[derive(Debug, thiserror::Error)]
#[error("the stored totals could not be read: {0}")]
pub struct BadDistribution(String);

impl Distribution {
    fn new(max: u64, per_unit: f64) -> Self {
        let histogram = Histogram::new_with_bounds(1, max, 3)
            .expect("fixed bounds and three significant figures are valid");
        Self {
            histogram,
            per_unit,
        }
    }

    /// Hours, kept in minutes.
    pub fn hours() -> Self {
        Self::new(MAX_MINUTES, 60.0)
    }

    /// Reading ages in years, kept in tenths.
    pub fn years() -> Self {
        Self::new(MAX_TENTHS, 10.0)
    }

    /// Adds one value (in the figure's unit; negative counts as 0, too large as the cap).
    pub fn record(&mut self, value: f64) {
        let units = (value.max(0.0) * self.per_unit).round() as u64;
        self.histogram.saturating_record(units);
    }

    /// How many values it holds.
    pub fn len(&self) -> u64 {
        self.histogram.len()
    }

    /// Whether it holds no values.
    pub fn is_empty(&self) -> bool {
        self.histogram.is_empty()
    }

    /// Adds every value of `other` (kept in the same unit).
    pub fn merge(&mut self, other: &Self) {
        self.histogram
            .add(&other.histogram)
            .expect("distributions of one kind share their bounds");
    }

    /// The `p`-th percentile (0 to 1), interpolating between the closest ranks as
    /// [`crate::stats::percentile`] does; `None` when empty.
    pub fn percentile(&self, p: f64) -> Option<f64> {
        let last = self.len().checked_sub(1)?;
        let rank = p.clamp(0.0, 1.0) * last as f64;
        let below = rank.floor() as u64;
        let above = (below + 1).min(last);
        let (low, high) = (self.units_at_rank(below), self.units_at_rank(above));
        Some((low + (high - low) * (rank - below as f64)) / self.per_unit)
    }

    /// The median, or `None` when empty.
    pub fn median(&self) -> Option<f64> {
        self.percentile(0.5)
    }

    /// The value at 0-based `rank` in sorted order, in the stored unit.
    fn units_at_rank(&self, rank: u64) -> f64 {
        let mut seen = 0u64;
        for v in self.histogram.iter_recorded() {
            seen += u64::from(v.count_at_value());
            if seen > rank {
                return self.histogram.lowest_equivalent(v.value_iterated_to()) as f64;
            }
        }
        self.histogram.max() as f64
    }

    /// The compact binary form kept in the database (HdrHistogram's V2 encoding).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(64);
        V2Serializer::new()
            .serialize(&self.histogram, &mut out)
            .expect("writing to memory cannot fail");
        out
    }

    /// Reads the binary form back; an empty slice is an empty distribution.
    fn from_bytes(bytes: &[u8], empty: Self) -> Result<Self, BadDistribution> {
        if bytes.is_empty() {
            return Ok(empty);
        }
        let histogram: Histogram<u32> = Deserializer::new()
            .deserialize(&mut &bytes[..])
            .map_err(|e| BadDistribution(format!("{e:?}")))?;
        if histogram.high() > empty.histogram.high() || histogram.sigfig() != 3 {
            return Err(BadDistribution("its bounds are not this kind's".into()));
        }
        Ok(Self {
            histogram,
            per_unit: empty.per_unit,
        })
    }

    /// Reads stored hours.
    pub fn hours_from_bytes(bytes: &[u8]) -> Result<Self, BadDistribution> {
        Self::from_bytes(bytes, Self::hours())
    }

    /// Reads stored reading ages.
    pub fn years_from_bytes(bytes: &[u8]) -> Result<Self, BadDistribution> {
        Self::from_bytes(bytes, Self::years())
    }
}

/// The totals of a set of letters (one group's month, or any merge of them). Counts are signed
/// so that a change can be recorded as a difference (an action moved from done to declined).
#[derive(Debug, Clone, PartialEq)]
pub struct Tally {
    /// Letters sent.
    pub sent: i64,
    /// Letters with a timing standard to meet.
    pub timed: i64,
    /// Of those, sent on time.
    pub on_time: i64,
    /// Letters acknowledged by the practice.
    pub acknowledged: i64,
    /// Letters the checker judged when sent.
    pub judged: i64,
    /// Of those, judged plain.
    pub plain: i64,
    /// GP actions the letters raised.
    pub raised: i64,
    /// Of those, done.
    pub done: i64,
    /// Of those, declined as not the GP's responsibility.
    pub declined: i64,
    /// Hours from the appointment or discharge to sending.
    pub to_send: Distribution,
    /// Hours from sending to acknowledgement.
    pub to_acknowledge: Distribution,
    /// Reading ages of the letters judged.
    pub reading_age: Distribution,
    /// GP actions still open, counted by their due date (an action is overdue once its date
    /// has passed, so this answers "how many are overdue" for any day).
    pub open_by_due: BTreeMap<Date, i64>,
}

impl Default for Tally {
    fn default() -> Self {
        Self {
            sent: 0,
            timed: 0,
            on_time: 0,
            acknowledged: 0,
            judged: 0,
            plain: 0,
            raised: 0,
            done: 0,
            declined: 0,
            to_send: Distribution::hours(),
            to_acknowledge: Distribution::hours(),
            reading_age: Distribution::years(),
            open_by_due: BTreeMap::new(),
        }
    }
}

impl Tally {
    /// One letter as it stands (sent, and perhaps acknowledged and its actions worked).
    pub fn of_letter(f: &LetterFact) -> Self {
        let mut t = Self::default();
        t.add_letter(f);
        t
    }

    /// Adds one letter as it stands, in place (no new distributions: for totals of many).
    pub fn add_letter(&mut self, f: &LetterFact) {
        self.add_sent(f);
        if let Some(at) = f.acknowledged_at {
            self.add_acknowledged(f.sent_at, at);
        }
        self.done += i64::from(f.actions.done);
        self.declined += i64::from(f.actions.declined);
    }

    /// The difference sending a letter makes (its actions all open).
    pub fn sent(f: &LetterFact) -> Self {
        let mut t = Self::default();
        t.add_sent(f);
        t
    }

    fn add_sent(&mut self, f: &LetterFact) {
        self.sent += 1;
        self.raised += i64::from(f.actions.raised);
        if let Some(on_time) = f.on_time {
            self.timed += 1;
            self.on_time += i64::from(on_time);
        }
        if let Some(plain) = f.plain {
            self.judged += 1;
            self.plain += i64::from(plain);
        }
        if let Some(event) = f.event_at {
            self.to_send.record(hours_between(event, f.sent_at));
        }
        if let Some(age) = f.reading_age {
            self.reading_age.record(age);
        }
    }

    /// The difference the practice's acknowledgement makes.
    pub fn acknowledged(sent_at: time::OffsetDateTime, at: time::OffsetDateTime) -> Self {
        let mut t = Self::default();
        t.add_acknowledged(sent_at, at);
        t
    }

    fn add_acknowledged(&mut self, sent_at: time::OffsetDateTime, at: time::OffsetDateTime) {
        self.acknowledged += 1;
        self.to_acknowledge.record(hours_between(sent_at, at));
    }

    /// Counts `n` more (or, negative, fewer) open GP actions due on `due`.
    pub fn add_open_action(&mut self, due: Date, n: i64) {
        let slot = self.open_by_due.entry(due).or_insert(0);
        *slot += n;
        if *slot == 0 {
            self.open_by_due.remove(&due);
        }
    }

    /// The difference moving a GP action due on `due` from `before` to `after` makes.
    pub fn action_moved(before: ActionState, after: ActionState, due: Date) -> Self {
        let weight = |s: ActionState| match s {
            ActionState::Done => (1, 0, 0),
            ActionState::Declined => (0, 1, 0),
            ActionState::Open => (0, 0, 1),
            ActionState::NotNeeded => (0, 0, 0),
        };
        let (b, a) = (weight(before), weight(after));
        let mut t = Self {
            done: a.0 - b.0,
            declined: a.1 - b.1,
            ..Self::default()
        };
        if a.2 != b.2 {
            t.add_open_action(due, a.2 - b.2);
        }
        t
    }

    /// Open GP actions due before `today`.
    pub fn overdue_on(&self, today: Date) -> u64 {
        let n: i64 = self.open_by_due.range(..today).map(|(_, n)| n).sum();
        u64::try_from(n).unwrap_or(0)
    }

    /// The open actions by due date in their stored form: JSON, `{"2026-11-20": 3}`.
    pub fn open_by_due_json(&self) -> String {
        let keyed: BTreeMap<String, i64> = self
            .open_by_due
            .iter()
            .map(|(d, n)| (d.to_string(), *n))
            .collect();
        serde_json::to_string(&keyed).unwrap_or_else(|_| "{}".into())
    }

    /// Reads the stored form back; empty text is none.
    pub fn open_by_due_from_json(text: &str) -> Result<BTreeMap<Date, i64>, BadDistribution> {
        if text.trim().is_empty() {
            return Ok(BTreeMap::new());
        }
        let keyed: BTreeMap<String, i64> =
            serde_json::from_str(text).map_err(|e| BadDistribution(e.to_string()))?;
        let iso = time::macros::format_description!("[year]-[month]-[day]");
        keyed
            .into_iter()
            .map(|(d, n)| {
                Date::parse(&d, iso)
                    .map(|d| (d, n))
                    .map_err(|e| BadDistribution(format!("{d}: {e}")))
            })
            .collect()
    }

    /// Adds `other` to this.
    pub fn merge(&mut self, other: &Self) {
        self.sent += other.sent;
        self.timed += other.timed;
        self.on_time += other.on_time;
        self.acknowledged += other.acknowledged;
        self.judged += other.judged;
        self.plain += other.plain;
        self.raised += other.raised;
        self.done += other.done;
        self.declined += other.declined;
        self.to_send.merge(&other.to_send);
        self.to_acknowledge.merge(&other.to_acknowledge);
        self.reading_age.merge(&other.reading_age);
        for (due, n) in &other.open_by_due {
            self.add_open_action(*due, *n);
        }
    }

    /// The figures these totals give, counting GP actions overdue as of `today`.
    pub fn figures(&self, group_id: Uuid, month: String, today: Date) -> LetterFigures {
        let count = |n: i64| u64::try_from(n).unwrap_or(0);
        LetterFigures {
            group_id,
            month,
            sent: count(self.sent),
            on_time_share: ratio(count(self.on_time), count(self.timed)),
            median_hours_to_send: self.to_send.median(),
            acknowledged_share: ratio(count(self.acknowledged), count(self.sent)),
            median_hours_to_acknowledge: self.to_acknowledge.median(),
            gp_actions_raised: count(self.raised),
            gp_actions_done: count(self.done),
            gp_actions_declined: count(self.declined),
            gp_actions_overdue: self.overdue_on(today),
            median_reading_age: self.reading_age.median(),
            plain_share: ratio(count(self.plain), count(self.judged)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::letters::figures::ActionCounts;
    use crate::stats::median;
    use time::macros::{date, datetime};

    fn fact(hours_late: i64, acknowledged_after: Option<i64>) -> LetterFact {
        let sent = datetime!(2026-05-12 10:00 UTC);
        LetterFact {
            trust_id: Uuid::nil(),
            service_id: Uuid::nil(),
            practice_id: Uuid::nil(),
            event_at: Some(sent - time::Duration::hours(hours_late)),
            sent_at: sent,
            on_time: Some(hours_late <= 24),
            acknowledged_at: acknowledged_after.map(|h| sent + time::Duration::hours(h)),
            reading_age: Some(11.4),
            plain: Some(true),
            actions: ActionCounts {
                raised: 3,
                done: 1,
                declined: 1,
            },
        }
    }

    #[test]
    fn medians_of_whole_minutes_match_the_exact_median() {
        let minutes = [5u64, 61, 61, 600, 1_439, 2_000, 30, 90];
        let mut d = Distribution::hours();
        for m in minutes {
            d.record(m as f64 / 60.0);
        }
        let exact = median(minutes.iter().map(|m| *m as f64 / 60.0).collect()).unwrap();
        assert!((d.median().unwrap() - exact).abs() < 1e-9);
        assert_eq!(d.len(), 8);
        assert_eq!(Distribution::hours().median(), None);
    }

    #[test]
    fn long_times_are_kept_to_three_significant_figures_and_capped() {
        let mut d = Distribution::hours();
        d.record(200.0);
        let kept = d.median().unwrap();
        assert!((kept - 200.0).abs() / 200.0 < 0.001, "{kept}");
        let mut capped = Distribution::hours();
        capped.record(10_000.0);
        capped.record(-3.0);
        assert_eq!(capped.percentile(0.0), Some(0.0));
        assert!(capped.percentile(1.0).unwrap() <= 91.0 * 24.0 + 2.0);
    }

    #[test]
    fn a_distribution_survives_its_stored_form() {
        let mut d = Distribution::years();
        for age in [9.0, 11.4, 14.2, 14.2] {
            d.record(age);
        }
        let back = Distribution::years_from_bytes(&d.to_bytes()).unwrap();
        assert_eq!(back.median(), Some(12.8));
        assert_eq!(back.len(), 4);
        assert!(Distribution::hours_from_bytes(&[]).unwrap().is_empty());
        assert!(Distribution::hours_from_bytes(b"not a histogram").is_err());
    }

    #[test]
    fn the_steps_of_a_letters_life_add_up_to_the_letter_as_it_stands() {
        let f = fact(30, Some(5));
        let (june, july) = (date!(2026 - 06 - 01), date!(2026 - 07 - 01));
        let mut steps = Tally::sent(&f);
        for due in [june, june, july] {
            steps.add_open_action(due, 1);
        }
        steps.merge(&Tally::acknowledged(f.sent_at, f.acknowledged_at.unwrap()));
        steps.merge(&Tally::action_moved(
            ActionState::Open,
            ActionState::Done,
            june,
        ));
        steps.merge(&Tally::action_moved(
            ActionState::Open,
            ActionState::Done,
            july,
        ));
        steps.merge(&Tally::action_moved(
            ActionState::Done,
            ActionState::Declined,
            july,
        ));
        steps.merge(&Tally::action_moved(
            ActionState::Declined,
            ActionState::Open,
            july,
        ));
        steps.merge(&Tally::action_moved(
            ActionState::Open,
            ActionState::Declined,
            july,
        ));
        let mut as_it_stands = Tally::of_letter(&f);
        as_it_stands.add_open_action(june, 1);
        assert_eq!(steps, as_it_stands);
        assert_eq!(steps.open_by_due, BTreeMap::from([(june, 1)]));
        let row = steps.figures(Uuid::nil(), "2026-05".into(), date!(2026 - 06 - 02));
        assert_eq!(
            (row.sent, row.on_time_share, row.acknowledged_share),
            (1, Some(0.0), Some(1.0))
        );
        assert_eq!(row.median_hours_to_send, Some(30.0));
        assert_eq!(row.median_hours_to_acknowledge, Some(5.0));
        assert_eq!(row.median_reading_age, Some(11.4));
        assert_eq!(
            (
                row.gp_actions_raised,
                row.gp_actions_done,
                row.gp_actions_declined,
                row.gp_actions_overdue
            ),
            (3, 1, 1, 1)
        );
        assert_eq!(steps.overdue_on(june), 0, "due today is not yet overdue");
    }

    #[test]
    fn open_actions_survive_their_stored_form() {
        let mut t = Tally::default();
        t.add_open_action(date!(2026 - 11 - 20), 3);
        t.add_open_action(date!(2027 - 01 - 02), 1);
        let text = t.open_by_due_json();
        assert_eq!(text, r#"{"2026-11-20":3,"2027-01-02":1}"#);
        assert_eq!(Tally::open_by_due_from_json(&text).unwrap(), t.open_by_due);
        assert!(Tally::open_by_due_from_json("").unwrap().is_empty());
        assert!(Tally::open_by_due_from_json(r#"{"soon":1}"#).is_err());
    }

    #[test]
    fn merged_tallies_give_the_median_of_all_their_letters() {
        let mut all = Tally::default();
        for late in [2, 10, 40] {
            all.merge(&Tally::of_letter(&fact(late, None)));
        }
        let row = all.figures(Uuid::nil(), String::new(), date!(2026 - 06 - 01));
        assert_eq!(row.sent, 3);
        assert_eq!(row.median_hours_to_send, Some(10.0));
        assert_eq!(row.on_time_share, Some(2.0 / 3.0));
        assert_eq!(row.acknowledged_share, Some(0.0));
        assert_eq!(row.median_hours_to_acknowledge, None);
    }
}
