//! The standing rules that give each year's bank holidays in England and Wales, the date of
//! Easter, and the one-off changes made by royal proclamation, kept as a table of data.

use time::macros::date;
use time::{Date, Duration, Month, Weekday};

/// A bank holiday given by the standing rules, before any one-off change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct RuleDay {
    pub(super) date: Date,
    pub(super) name: &'static str,
}

/// One change to a year's bank holidays made by proclamation rather than by the standing rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum OneOff {
    /// A day that is a bank holiday in addition to, or instead of, a rule day.
    Added(Date, &'static str),
    /// A rule day that was not a bank holiday that year (usually because it was moved).
    Removed(Date),
}

/// The one-off changes built into [`super::Calendar::england_and_wales`]. A moved holiday is a
/// removal of the rule date and an addition of the new one.
pub(super) const ONE_OFF_CHANGES: &[OneOff] = &[
    // 1995: the 50th anniversary of VE Day. The early May bank holiday moved to Monday 8 May.
    OneOff::Removed(date!(1995 - 05 - 01)),
    OneOff::Added(date!(1995 - 05 - 08), "Early May bank holiday (VE day)"),
    // 1999: the millennium. Friday 31 December was added.
    OneOff::Added(date!(1999 - 12 - 31), "Millennium celebrations"),
    // 2002: the Queen's Golden Jubilee. The spring bank holiday moved to Tuesday 4 June and
    // Monday 3 June was added.
    OneOff::Removed(date!(2002 - 05 - 27)),
    OneOff::Added(date!(2002 - 06 - 03), "Queen's Golden Jubilee"),
    OneOff::Added(date!(2002 - 06 - 04), "Spring bank holiday"),
    // 2011: the wedding of Prince William and Catherine Middleton, Friday 29 April.
    OneOff::Added(date!(2011 - 04 - 29), "Royal wedding"),
    // 2012: the Queen's Diamond Jubilee. The spring bank holiday moved to Monday 4 June and
    // Tuesday 5 June was added.
    OneOff::Removed(date!(2012 - 05 - 28)),
    OneOff::Added(date!(2012 - 06 - 04), "Spring bank holiday"),
    OneOff::Added(date!(2012 - 06 - 05), "Queen's Diamond Jubilee"),
    // 2020: the 75th anniversary of VE Day. The early May bank holiday moved to Friday 8 May.
    OneOff::Removed(date!(2020 - 05 - 04)),
    OneOff::Added(date!(2020 - 05 - 08), "Early May bank holiday (VE day)"),
    // 2022: the Queen's Platinum Jubilee. The spring bank holiday moved to Thursday 2 June and
    // Friday 3 June was added; then a bank holiday for the State Funeral on Monday 19 September.
    OneOff::Removed(date!(2022 - 05 - 30)),
    OneOff::Added(date!(2022 - 06 - 02), "Spring bank holiday"),
    OneOff::Added(date!(2022 - 06 - 03), "Platinum Jubilee bank holiday"),
    OneOff::Added(
        date!(2022 - 09 - 19),
        "Bank holiday for the State Funeral of Queen Elizabeth II",
    ),
    // 2023: the Coronation of King Charles III, Monday 8 May (the early May bank holiday on
    // 1 May stayed).
    OneOff::Added(
        date!(2023 - 05 - 08),
        "Bank holiday for the coronation of King Charles III",
    ),
];

/// Easter Sunday in the Gregorian calendar (the anonymous Gregorian computus, also known as the
/// Meeus/Jones/Butcher algorithm), or `None` if the year is outside the range of [`Date`].
///
/// Floor division keeps every remainder in range for any year, so the result always lies
/// between 22 March and 25 April.
pub(super) fn easter_sunday(year: i32) -> Option<Date> {
    let y = i64::from(year);
    let a = y.rem_euclid(19);
    let b = y.div_euclid(100);
    let c = y.rem_euclid(100);
    let d = b.div_euclid(4);
    let e = b.rem_euclid(4);
    let f = (b + 8).div_euclid(25);
    let g = (b - f + 1).div_euclid(3);
    let h = (19 * a + b - d - g + 15).rem_euclid(30);
    let i = c.div_euclid(4);
    let k = c.rem_euclid(4);
    let l = (32 + 2 * e + 2 * i - h - k).rem_euclid(7);
    let m = (a + 11 * h + 22 * l).div_euclid(451);
    let n = h + l - 7 * m + 114;
    let month = match n.div_euclid(31) {
        3 => Month::March,
        4 => Month::April,
        _ => return None,
    };
    let day = u8::try_from(n.rem_euclid(31) + 1).ok()?;
    Date::from_calendar_date(year, month, day).ok()
}

/// The bank holidays that the standing rules give for `year`, in date order; empty if the year
/// is outside the range of [`Date`].
pub(super) fn rule_days(year: i32) -> Vec<RuleDay> {
    standing_rules(year).unwrap_or_default()
}

fn standing_rules(year: i32) -> Option<Vec<RuleDay>> {
    let day = |month: Month, day: u8| Date::from_calendar_date(year, month, day).ok();
    let mut days = Vec::with_capacity(8);
    let mut push = |date: Date, name: &'static str| days.push(RuleDay { date, name });

    // New Year's Day; on a weekend, the following Monday instead.
    let new_year = day(Month::January, 1)?;
    match new_year.weekday() {
        Weekday::Saturday => push(day(Month::January, 3)?, "New Year's Day (substitute day)"),
        Weekday::Sunday => push(day(Month::January, 2)?, "New Year's Day (substitute day)"),
        _ => push(new_year, "New Year's Day"),
    }

    // Good Friday and Easter Monday.
    let easter = easter_sunday(year)?;
    push(easter.checked_sub(Duration::days(2))?, "Good Friday");
    push(easter.checked_add(Duration::days(1))?, "Easter Monday");

    // The first and last Mondays of May, and the last Monday of August.
    push(
        first_monday_from(day(Month::May, 1)?)?,
        "Early May bank holiday",
    );
    push(
        last_monday_until(day(Month::May, 31)?)?,
        "Spring bank holiday",
    );
    push(
        last_monday_until(day(Month::August, 31)?)?,
        "Summer bank holiday",
    );

    // Christmas Day and Boxing Day; a day that falls on a weekend moves to the next weekday
    // that is not already a holiday.
    let christmas = day(Month::December, 25)?;
    match christmas.weekday() {
        Weekday::Saturday => {
            push(day(Month::December, 27)?, "Christmas Day (substitute day)");
            push(day(Month::December, 28)?, "Boxing Day (substitute day)");
        }
        Weekday::Sunday => {
            push(day(Month::December, 26)?, "Boxing Day");
            push(day(Month::December, 27)?, "Christmas Day (substitute day)");
        }
        Weekday::Friday => {
            push(christmas, "Christmas Day");
            push(day(Month::December, 28)?, "Boxing Day (substitute day)");
        }
        _ => {
            push(christmas, "Christmas Day");
            push(day(Month::December, 26)?, "Boxing Day");
        }
    }
    Some(days)
}

/// The first Monday on or after `from`.
fn first_monday_from(from: Date) -> Option<Date> {
    let ahead = (7 - from.weekday().number_days_from_monday()) % 7;
    from.checked_add(Duration::days(i64::from(ahead)))
}

/// The last Monday on or before `until`.
fn last_monday_until(until: Date) -> Option<Date> {
    let back = until.weekday().number_days_from_monday();
    until.checked_sub(Duration::days(i64::from(back)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn easter_falls_on_the_known_dates() {
        let known = [
            date!(2000 - 04 - 23),
            date!(2001 - 04 - 15),
            date!(2002 - 03 - 31),
            date!(2003 - 04 - 20),
            date!(2004 - 04 - 11),
            date!(2005 - 03 - 27),
            date!(2006 - 04 - 16),
            date!(2007 - 04 - 08),
            date!(2008 - 03 - 23),
            date!(2009 - 04 - 12),
            date!(2010 - 04 - 04),
            date!(2011 - 04 - 24),
            date!(2012 - 04 - 08),
            date!(2013 - 03 - 31),
            date!(2014 - 04 - 20),
            date!(2015 - 04 - 05),
            date!(2016 - 03 - 27),
            date!(2017 - 04 - 16),
            date!(2018 - 04 - 01),
            date!(2019 - 04 - 21),
            date!(2020 - 04 - 12),
            date!(2021 - 04 - 04),
            date!(2022 - 04 - 17),
            date!(2023 - 04 - 09),
            date!(2024 - 03 - 31),
            date!(2025 - 04 - 20),
            date!(2026 - 04 - 05),
            date!(2027 - 03 - 28),
            date!(2028 - 04 - 16),
            date!(2029 - 04 - 01),
            date!(2030 - 04 - 21),
            // The latest and earliest possible dates.
            date!(1943 - 04 - 25),
            date!(2038 - 04 - 25),
            date!(1818 - 03 - 22),
            date!(2285 - 03 - 22),
        ];
        for easter in known {
            assert_eq!(easter_sunday(easter.year()), Some(easter), "{easter}");
        }
    }

    #[test]
    fn easter_is_a_sunday_between_22_march_and_25_april_in_every_representable_year() {
        let (first, last) = (Date::MIN.year(), Date::MAX.year());
        for year in first..=last {
            let easter = easter_sunday(year).expect("every representable year has an Easter");
            assert_eq!(easter.weekday(), Weekday::Sunday, "{year}");
            let earliest = Date::from_calendar_date(year, Month::March, 22).unwrap();
            let latest = Date::from_calendar_date(year, Month::April, 25).unwrap();
            assert!((earliest..=latest).contains(&easter), "{year}: {easter}");
        }
        assert_eq!(easter_sunday(first - 1), None);
        assert_eq!(easter_sunday(last + 1), None);
        assert_eq!(easter_sunday(i32::MIN), None);
        assert_eq!(easter_sunday(i32::MAX), None);
    }

    #[test]
    fn every_representable_year_has_eight_rule_days_on_weekdays_in_order() {
        for year in Date::MIN.year()..=Date::MAX.year() {
            let days = rule_days(year);
            assert_eq!(days.len(), 8, "{year}");
            assert!(days.windows(2).all(|w| w[0].date < w[1].date), "{year}");
            for d in &days {
                assert_eq!(d.date.year(), year);
                assert!(
                    !matches!(d.date.weekday(), Weekday::Saturday | Weekday::Sunday),
                    "{year}: {} on a weekend",
                    d.name
                );
            }
        }
        assert!(rule_days(i32::MAX).is_empty());
        assert!(rule_days(i32::MIN).is_empty());
    }

    #[test]
    fn one_off_removals_name_rule_days_and_additions_name_other_weekdays() {
        for change in ONE_OFF_CHANGES {
            match *change {
                OneOff::Removed(date) => assert!(
                    rule_days(date.year()).iter().any(|d| d.date == date),
                    "{date} is removed but is not a rule day"
                ),
                OneOff::Added(date, _) => {
                    assert!(
                        !rule_days(date.year()).iter().any(|d| d.date == date),
                        "{date} is added but is already a rule day"
                    );
                    assert!(
                        !matches!(date.weekday(), Weekday::Saturday | Weekday::Sunday),
                        "{date} is added on a weekend"
                    );
                }
            }
        }
    }
}
