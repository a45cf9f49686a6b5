//! Working days in England and Wales: every day but Saturdays, Sundays and bank holidays.
//!
//! The bank holidays come from the standing rules of the Banking and Financial Dealings Act
//! 1971, schedule 1, as amended (New Year's Day, Good Friday, Easter Monday, the early May,
//! spring and summer bank holidays, Christmas Day and Boxing Day, with substitute days when
//! one falls on a weekend), plus the one-off changes made by royal proclamation, which are
//! kept as data rather than code. The gov.uk list of UK bank holidays is the public record to
//! check both against. The current rules are applied to every year, so years before they
//! took their present form (the late 1970s) get the holidays the rules would give today.
//!
//! A day is a London calendar day: an instant belongs to the date it has in Europe/London,
//! and a day runs from London midnight to London midnight, so the days on which the clocks
//! change last 23 or 25 hours.

mod rules;

use rules::{ONE_OFF_CHANGES, OneOff, rule_days};
use std::collections::{BTreeMap, BTreeSet};
use time::format_description::well_known::Rfc3339;
use time::{Date, Duration, Month, OffsetDateTime, PrimitiveDateTime, Time, UtcOffset, Weekday};
use time_tz::{Offset, OffsetResult, PrimitiveDateTimeExt, TimeZone, Tz, timezones};

const LONDON: &Tz = timezones::db::europe::LONDON;

/// One bank holiday.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct BankHoliday {
    /// The day, in England and Wales.
    pub date: Date,
    /// Its name as gov.uk gives it, e.g. "Boxing Day (substitute day)".
    pub name: String,
}

/// England and Wales bank holidays by rule, with one-off additions and removals as data.
#[derive(Debug, Clone)]
pub struct Calendar {
    /// Days that are bank holidays whatever the rules say, with their names.
    additions: BTreeMap<Date, String>,
    /// Rule days that are not bank holidays.
    removals: BTreeSet<Date>,
}

impl Default for Calendar {
    fn default() -> Self {
        Self::england_and_wales()
    }
}

impl Calendar {
    /// The standing rules plus the one-off changes made so far (2012, 2020, 2022, 2023).
    pub fn england_and_wales() -> Calendar {
        let mut calendar = Calendar {
            additions: BTreeMap::new(),
            removals: BTreeSet::new(),
        };
        for change in ONE_OFF_CHANGES {
            match *change {
                OneOff::Added(date, name) => calendar.add(date, name.to_owned()),
                OneOff::Removed(date) => calendar.remove(date),
            }
        }
        calendar
    }

    /// [`Calendar::england_and_wales`] with further changes, e.g. a newly proclaimed holiday.
    /// Removals apply first, so a date both removed and added is a holiday with the added name.
    pub fn with_changes(
        additions: impl IntoIterator<Item = (Date, String)>,
        removals: impl IntoIterator<Item = Date>,
    ) -> Calendar {
        let mut calendar = Calendar::england_and_wales();
        for date in removals {
            calendar.remove(date);
        }
        for (date, name) in additions {
            calendar.add(date, name);
        }
        calendar
    }

    fn add(&mut self, date: Date, name: String) {
        self.removals.remove(&date);
        self.additions.insert(date, name);
    }

    fn remove(&mut self, date: Date) {
        self.additions.remove(&date);
        self.removals.insert(date);
    }

    /// The bank holidays of `year`, sorted by date; empty for a year outside the range of [`Date`].
    pub fn holidays(&self, year: i32) -> Vec<BankHoliday> {
        let mut days: BTreeMap<Date, String> = rule_days(year)
            .into_iter()
            .filter(|d| !self.removals.contains(&d.date))
            .map(|d| (d.date, d.name.to_owned()))
            .collect();
        if let Some((first, last)) = year_bounds(year) {
            for (date, name) in self.additions.range(first..=last) {
                days.insert(*date, name.clone());
            }
        }
        days.into_iter()
            .map(|(date, name)| BankHoliday { date, name })
            .collect()
    }

    /// Whether `date` is a bank holiday (whatever day of the week it falls on).
    pub fn is_bank_holiday(&self, date: Date) -> bool {
        self.holiday_dates(date.year()).contains(&date)
    }

    /// Whether `date` is a working day: not a Saturday or Sunday, and not a bank holiday.
    pub fn is_working_day(&self, date: Date) -> bool {
        !is_weekend(date) && !self.is_bank_holiday(date)
    }

    /// The `n`th working day after `from` (`from` itself when `n` is 0). Saturates at the last
    /// date [`Date`] can hold rather than overflowing.
    pub fn add_working_days(&self, from: Date, n: u32) -> Date {
        let mut days = WorkingDays::new(self);
        let mut date = from;
        let mut left = n;
        while left > 0 {
            match date.next_day() {
                Some(next) => date = next,
                None => break,
            }
            if days.is_working_day(date) {
                left -= 1;
            }
        }
        date
    }

    /// How many working days `d` have `from < d <= to`; 0 when `to` is not after `from`.
    pub fn working_days_after_until(&self, from: Date, to: Date) -> u32 {
        let mut days = WorkingDays::new(self);
        let mut count = 0u32;
        let mut date = from;
        while date < to {
            match date.next_day() {
                Some(next) => date = next,
                None => break,
            }
            if days.is_working_day(date) {
                count = count.saturating_add(1);
            }
        }
        count
    }

    /// The end (23:59:59 in London) of the `working_days`th working day after the London date
    /// of `sent`, as a UTC instant. A request sent on a weekend counts from that weekend day.
    pub fn due(&self, sent: OffsetDateTime, working_days: u32) -> OffsetDateTime {
        let day = self.add_working_days(london_date(sent), working_days);
        to_utc(london_instant(day, END_OF_DAY, Pick::Later))
    }

    /// The working days spent waiting between a pause and its resumption, by London date: the
    /// number of working days after the day it was paused, up to and including the day it resumed.
    pub fn pause_extension(&self, paused_at: OffsetDateTime, resumed_at: OffsetDateTime) -> u32 {
        self.working_days_after_until(london_date(paused_at), london_date(resumed_at))
    }

    /// The seconds of `[from, to)` that fall on working days, each working day being the whole
    /// London calendar day (23 or 25 hours when the clocks change); 0 when `to` is not after `from`.
    pub fn working_seconds_between(&self, from: OffsetDateTime, to: OffsetDateTime) -> i64 {
        if to <= from {
            return 0;
        }
        let mut days = WorkingDays::new(self);
        let mut total = Duration::ZERO;
        let mut date = london_date(from);
        let last = london_date(to);
        loop {
            if days.is_working_day(date) {
                let start = london_instant(date, Time::MIDNIGHT, Pick::Earlier).max(from);
                let end = match date.next_day() {
                    Some(next) => london_instant(next, Time::MIDNIGHT, Pick::Earlier).min(to),
                    None => to,
                };
                if end > start {
                    total = total.saturating_add(end - start);
                }
            }
            match date.next_day() {
                Some(next) if date < last => date = next,
                _ => break,
            }
        }
        total.whole_seconds()
    }

    /// The bank holiday dates of `year`, sorted.
    fn holiday_dates(&self, year: i32) -> Vec<Date> {
        let mut dates: Vec<Date> = rule_days(year)
            .into_iter()
            .map(|d| d.date)
            .filter(|d| !self.removals.contains(d))
            .collect();
        if let Some((first, last)) = year_bounds(year) {
            dates.extend(self.additions.range(first..=last).map(|(d, _)| *d));
        }
        dates.sort_unstable();
        dates.dedup();
        dates
    }
}

/// Answers "is this a working day?" for a run of dates, working out each year's holidays once.
struct WorkingDays<'a> {
    calendar: &'a Calendar,
    year: Option<i32>,
    holidays: Vec<Date>,
}

impl<'a> WorkingDays<'a> {
    fn new(calendar: &'a Calendar) -> Self {
        WorkingDays {
            calendar,
            year: None,
            holidays: Vec::new(),
        }
    }

    fn is_working_day(&mut self, date: Date) -> bool {
        if is_weekend(date) {
            return false;
        }
        if self.year != Some(date.year()) {
            self.year = Some(date.year());
            self.holidays = self.calendar.holiday_dates(date.year());
        }
        self.holidays.binary_search(&date).is_err()
    }
}

/// The London calendar date of an instant.
pub fn london_date(at: OffsetDateTime) -> Date {
    let offset = LONDON.get_offset_utc(&at).to_utc();
    at.checked_to_offset(offset)
        .or_else(|| at.checked_to_offset(UtcOffset::UTC))
        .map_or(at.date(), |local| local.date())
}

/// The instant London's day `date` starts (00:00 Europe/London), in UTC.
pub fn london_midnight(date: Date) -> OffsetDateTime {
    to_utc(london_instant(date, Time::MIDNIGHT, Pick::Earlier))
}

/// The instant of London wall-clock `time` on `date`, in UTC. In the autumn hour that happens
/// twice the earlier is taken; a time skipped in spring is read at the summer offset.
pub fn london_local(date: Date, time: Time) -> OffsetDateTime {
    to_utc(london_instant(date, time, Pick::Earlier))
}

/// The twelve whole London months before `today`'s month plus the current one, as the first
/// day counted and the first day not counted: for 25 November 2026, 1 December 2025 to
/// 1 December 2026.
pub fn last_twelve_months(today: Date) -> (Date, Date) {
    let first = |year: i32, month: Month| Date::from_calendar_date(year, month, 1).unwrap_or(today);
    let to = match today.month() {
        Month::December => first(today.year() + 1, Month::January),
        m => first(today.year(), m.next()),
    };
    (first(to.year() - 1, to.month()), to)
}

/// Reads an instant written in RFC 3339, e.g. `2026-12-24T17:00:00Z` or
/// `2026-07-03T17:00:00+01:00`.
pub fn parse_rfc3339(text: &str) -> Result<OffsetDateTime, NotRfc3339> {
    OffsetDateTime::parse(text.trim(), &Rfc3339).map_err(|e| NotRfc3339 {
        text: text.to_owned(),
        reason: e.to_string(),
    })
}

/// Writes an instant in RFC 3339 at its Europe/London offset, e.g. `2026-07-07T23:59:59+01:00`
/// in summer and `2026-12-30T23:59:59Z` in winter (`Z` being the zero offset).
pub fn format_rfc3339_london(at: OffsetDateTime) -> String {
    let offset = LONDON.get_offset_utc(&at).to_utc();
    // Before 1847 London kept local mean time, an offset in seconds that RFC 3339 cannot write.
    [
        at.checked_to_offset(offset),
        at.checked_to_offset(UtcOffset::UTC),
    ]
    .into_iter()
    .flatten()
    .find_map(|t| t.format(&Rfc3339).ok())
    .unwrap_or_else(|| at.to_string())
}

/// Text that is not an RFC 3339 date and time.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "{text:?} is not an RFC 3339 date and time, such as 2026-12-24T17:00:00Z or 2026-07-03T17:00:00+01:00 ({reason})"
)]
pub struct NotRfc3339 {
    /// The text as given.
    pub text: String,
    /// What the parser objected to.
    pub reason: String,
}

const END_OF_DAY: Time = time::macros::time!(23:59:59);

fn is_weekend(date: Date) -> bool {
    matches!(date.weekday(), Weekday::Saturday | Weekday::Sunday)
}

/// 1 January and 31 December of `year`, if the year is within the range of [`Date`].
fn year_bounds(year: i32) -> Option<(Date, Date)> {
    Some((
        Date::from_calendar_date(year, Month::January, 1).ok()?,
        Date::from_calendar_date(year, Month::December, 31).ok()?,
    ))
}

/// Which instant to take when a London wall-clock time happens twice.
#[derive(Clone, Copy)]
enum Pick {
    Earlier,
    Later,
}

/// The instant at which London's clocks show `time` on `date`. London's clocks have only ever
/// changed in the small hours, so midnight and 23:59:59 always exist and happen once; the
/// other cases are handled only to keep this total.
fn london_instant(date: Date, time: Time, pick: Pick) -> OffsetDateTime {
    let local = PrimitiveDateTime::new(date, time);
    match local.assume_timezone(LONDON) {
        OffsetResult::Some(at) => at,
        OffsetResult::Ambiguous(a, b) => match pick {
            Pick::Earlier => a.min(b),
            Pick::Later => a.max(b),
        },
        OffsetResult::None => {
            local.assume_offset(LONDON.get_offset_utc(&local.assume_utc()).to_utc())
        }
    }
}

/// The same instant at offset zero, or unchanged if that would leave the range of [`Date`].
fn to_utc(at: OffsetDateTime) -> OffsetDateTime {
    at.checked_to_offset(UtcOffset::UTC).unwrap_or(at)
}

#[cfg(test)]
mod tests;
