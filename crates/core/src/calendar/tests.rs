use super::*;
use time::macros::{date, datetime};

fn list(calendar: &Calendar, year: i32) -> Vec<(Date, String)> {
    calendar
        .holidays(year)
        .into_iter()
        .map(|h| (h.date, h.name))
        .collect()
}

fn expect(days: &[(Date, &str)]) -> Vec<(Date, String)> {
    days.iter().map(|(d, n)| (*d, (*n).to_owned())).collect()
}

fn dates(calendar: &Calendar, year: i32) -> Vec<Date> {
    calendar
        .holidays(year)
        .into_iter()
        .map(|h| h.date)
        .collect()
}

#[test]
fn the_2025_bank_holidays_are_the_gov_uk_list() {
    assert_eq!(
        list(&Calendar::england_and_wales(), 2025),
        expect(&[
            (date!(2025 - 01 - 01), "New Year's Day"),
            (date!(2025 - 04 - 18), "Good Friday"),
            (date!(2025 - 04 - 21), "Easter Monday"),
            (date!(2025 - 05 - 05), "Early May bank holiday"),
            (date!(2025 - 05 - 26), "Spring bank holiday"),
            (date!(2025 - 08 - 25), "Summer bank holiday"),
            (date!(2025 - 12 - 25), "Christmas Day"),
            (date!(2025 - 12 - 26), "Boxing Day"),
        ])
    );
}

#[test]
fn the_2026_bank_holidays_include_boxing_day_moved_to_monday_28_december() {
    assert_eq!(
        list(&Calendar::england_and_wales(), 2026),
        expect(&[
            (date!(2026 - 01 - 01), "New Year's Day"),
            (date!(2026 - 04 - 03), "Good Friday"),
            (date!(2026 - 04 - 06), "Easter Monday"),
            (date!(2026 - 05 - 04), "Early May bank holiday"),
            (date!(2026 - 05 - 25), "Spring bank holiday"),
            (date!(2026 - 08 - 31), "Summer bank holiday"),
            (date!(2026 - 12 - 25), "Christmas Day"),
            (date!(2026 - 12 - 28), "Boxing Day (substitute day)"),
        ])
    );
}

#[test]
fn the_2027_bank_holidays_move_christmas_on_a_saturday_to_monday_and_tuesday() {
    assert_eq!(
        list(&Calendar::england_and_wales(), 2027),
        expect(&[
            (date!(2027 - 01 - 01), "New Year's Day"),
            (date!(2027 - 03 - 26), "Good Friday"),
            (date!(2027 - 03 - 29), "Easter Monday"),
            (date!(2027 - 05 - 03), "Early May bank holiday"),
            (date!(2027 - 05 - 31), "Spring bank holiday"),
            (date!(2027 - 08 - 30), "Summer bank holiday"),
            (date!(2027 - 12 - 27), "Christmas Day (substitute day)"),
            (date!(2027 - 12 - 28), "Boxing Day (substitute day)"),
        ])
    );
}

#[test]
fn christmas_on_a_sunday_keeps_boxing_day_and_moves_christmas_to_tuesday() {
    let c = Calendar::england_and_wales();
    let december: Vec<_> = list(&c, 2022)
        .into_iter()
        .filter(|(d, _)| d.month() == Month::December)
        .collect();
    assert_eq!(
        december,
        expect(&[
            (date!(2022 - 12 - 26), "Boxing Day"),
            (date!(2022 - 12 - 27), "Christmas Day (substitute day)"),
        ])
    );
}

#[test]
fn christmas_on_a_saturday_moves_both_days_to_monday_and_tuesday() {
    let c = Calendar::england_and_wales();
    let december: Vec<_> = list(&c, 2021)
        .into_iter()
        .filter(|(d, _)| d.month() == Month::December)
        .collect();
    assert_eq!(
        december,
        expect(&[
            (date!(2021 - 12 - 27), "Christmas Day (substitute day)"),
            (date!(2021 - 12 - 28), "Boxing Day (substitute day)"),
        ])
    );
}

#[test]
fn christmas_on_a_friday_moves_boxing_day_to_monday() {
    let c = Calendar::england_and_wales();
    let december: Vec<_> = list(&c, 2020)
        .into_iter()
        .filter(|(d, _)| d.month() == Month::December)
        .collect();
    assert_eq!(
        december,
        expect(&[
            (date!(2020 - 12 - 25), "Christmas Day"),
            (date!(2020 - 12 - 28), "Boxing Day (substitute day)"),
        ])
    );
    assert!(!c.is_working_day(date!(2026 - 12 - 28)));
    assert!(c.is_bank_holiday(date!(2026 - 12 - 28)));
}

#[test]
fn new_years_day_on_a_weekend_moves_to_the_next_monday() {
    let c = Calendar::england_and_wales();
    // 1 January 2022 was a Saturday, 1 January 2023 a Sunday.
    assert_eq!(
        list(&c, 2022)[0],
        (
            date!(2022 - 01 - 03),
            "New Year's Day (substitute day)".to_owned()
        )
    );
    assert_eq!(
        list(&c, 2023)[0],
        (
            date!(2023 - 01 - 02),
            "New Year's Day (substitute day)".to_owned()
        )
    );
    assert!(!c.is_bank_holiday(date!(2022 - 01 - 01)));
}

#[test]
fn the_one_off_days_of_1995_1999_2002_and_2011_are_kept() {
    let c = Calendar::england_and_wales();
    assert!(!c.is_bank_holiday(date!(1995 - 05 - 01)));
    assert!(c.is_bank_holiday(date!(1995 - 05 - 08)));
    assert!(c.is_bank_holiday(date!(1999 - 12 - 31)));
    assert!(!c.is_bank_holiday(date!(2002 - 05 - 27)));
    assert!(c.is_bank_holiday(date!(2002 - 06 - 03)));
    assert!(c.is_bank_holiday(date!(2002 - 06 - 04)));
    assert!(c.is_bank_holiday(date!(2011 - 04 - 29)));
    assert_eq!(dates(&c, 2011).len(), 9);
}

#[test]
fn the_2012_diamond_jubilee_moved_the_spring_bank_holiday_and_added_a_day() {
    let c = Calendar::england_and_wales();
    assert_eq!(
        dates(&c, 2012),
        [
            date!(2012 - 01 - 02),
            date!(2012 - 04 - 06),
            date!(2012 - 04 - 09),
            date!(2012 - 05 - 07),
            date!(2012 - 06 - 04),
            date!(2012 - 06 - 05),
            date!(2012 - 08 - 27),
            date!(2012 - 12 - 25),
            date!(2012 - 12 - 26),
        ]
    );
    assert!(c.is_working_day(date!(2012 - 05 - 28)));
}

#[test]
fn the_2020_early_may_bank_holiday_moved_to_friday_8_may_for_ve_day() {
    let c = Calendar::england_and_wales();
    assert_eq!(
        dates(&c, 2020),
        [
            date!(2020 - 01 - 01),
            date!(2020 - 04 - 10),
            date!(2020 - 04 - 13),
            date!(2020 - 05 - 08),
            date!(2020 - 05 - 25),
            date!(2020 - 08 - 31),
            date!(2020 - 12 - 25),
            date!(2020 - 12 - 28),
        ]
    );
    assert!(c.is_working_day(date!(2020 - 05 - 04)));
}

#[test]
fn the_2022_platinum_jubilee_and_state_funeral_changed_the_year() {
    let c = Calendar::england_and_wales();
    assert_eq!(
        dates(&c, 2022),
        [
            date!(2022 - 01 - 03),
            date!(2022 - 04 - 15),
            date!(2022 - 04 - 18),
            date!(2022 - 05 - 02),
            date!(2022 - 06 - 02),
            date!(2022 - 06 - 03),
            date!(2022 - 08 - 29),
            date!(2022 - 09 - 19),
            date!(2022 - 12 - 26),
            date!(2022 - 12 - 27),
        ]
    );
    assert!(c.is_working_day(date!(2022 - 05 - 30)));
}

#[test]
fn the_2023_coronation_added_monday_8_may() {
    let c = Calendar::england_and_wales();
    assert_eq!(
        dates(&c, 2023),
        [
            date!(2023 - 01 - 02),
            date!(2023 - 04 - 07),
            date!(2023 - 04 - 10),
            date!(2023 - 05 - 01),
            date!(2023 - 05 - 08),
            date!(2023 - 05 - 29),
            date!(2023 - 08 - 28),
            date!(2023 - 12 - 25),
            date!(2023 - 12 - 26),
        ]
    );
}

#[test]
fn further_changes_can_be_given_as_data() {
    let c = Calendar::with_changes(
        [(date!(2027 - 06 - 07), "An invented holiday".to_owned())],
        [date!(2027 - 05 - 31), date!(2023 - 05 - 08)],
    );
    let y2027 = list(&c, 2027);
    assert!(y2027.contains(&(date!(2027 - 06 - 07), "An invented holiday".to_owned())));
    assert!(!y2027.iter().any(|(d, _)| *d == date!(2027 - 05 - 31)));
    // A built-in addition can be removed too.
    assert!(c.is_working_day(date!(2023 - 05 - 08)));
    // Adding a removed date puts it back.
    let back = Calendar::with_changes(
        [(date!(2020 - 05 - 04), "Early May bank holiday".to_owned())],
        [],
    );
    assert!(back.is_bank_holiday(date!(2020 - 05 - 04)));
    assert!(back.is_bank_holiday(date!(2020 - 05 - 08)));
}

#[test]
fn any_year_gives_holidays_without_panicking() {
    let c = Calendar::england_and_wales();
    for year in 1900..=2200 {
        assert_eq!(c.holidays(year).len(), 8 + extra(year), "{year}");
    }
    assert!(c.holidays(i32::MAX).is_empty());
    assert!(c.holidays(i32::MIN).is_empty());
    assert_eq!(c.holidays(Date::MAX.year()).len(), 8);
    assert_eq!(c.holidays(Date::MIN.year()).len(), 8);

    fn extra(year: i32) -> usize {
        match year {
            1999 | 2002 | 2011 | 2012 | 2023 => 1,
            2022 => 2,
            _ => 0,
        }
    }
}

#[test]
fn weekends_and_bank_holidays_are_not_working_days() {
    let c = Calendar::england_and_wales();
    assert!(c.is_working_day(date!(2026 - 04 - 02))); // Thursday
    assert!(!c.is_working_day(date!(2026 - 04 - 03))); // Good Friday
    assert!(!c.is_working_day(date!(2026 - 04 - 04))); // Saturday
    assert!(!c.is_working_day(date!(2026 - 04 - 05))); // Sunday
    assert!(!c.is_working_day(date!(2026 - 04 - 06))); // Easter Monday
    assert!(c.is_working_day(date!(2026 - 04 - 07)));
}

#[test]
fn adding_working_days_skips_weekends() {
    let c = Calendar::england_and_wales();
    let friday = date!(2026 - 07 - 03);
    assert_eq!(c.add_working_days(friday, 0), friday);
    assert_eq!(c.add_working_days(friday, 1), date!(2026 - 07 - 06));
    assert_eq!(c.add_working_days(friday, 5), date!(2026 - 07 - 10));
    assert_eq!(
        c.add_working_days(date!(2026 - 07 - 04), 1),
        date!(2026 - 07 - 06)
    );
}

#[test]
fn adding_working_days_skips_easter() {
    let c = Calendar::england_and_wales();
    assert_eq!(
        c.add_working_days(date!(2026 - 04 - 02), 1),
        date!(2026 - 04 - 07)
    );
    assert_eq!(
        c.add_working_days(date!(2026 - 04 - 02), 2),
        date!(2026 - 04 - 08)
    );
}

#[test]
fn adding_working_days_skips_christmas_2026() {
    let c = Calendar::england_and_wales();
    assert_eq!(
        c.add_working_days(date!(2026 - 12 - 24), 1),
        date!(2026 - 12 - 29)
    );
    assert_eq!(
        c.add_working_days(date!(2026 - 12 - 24), 2),
        date!(2026 - 12 - 30)
    );
    assert_eq!(
        c.add_working_days(date!(2026 - 12 - 31), 1),
        date!(2027 - 01 - 04)
    );
}

#[test]
fn adding_working_days_saturates_at_the_end_of_time() {
    let c = Calendar::england_and_wales();
    assert_eq!(c.add_working_days(Date::MAX, 5), Date::MAX);
    assert_eq!(
        c.add_working_days(date!(9999 - 12 - 01), u32::MAX),
        Date::MAX
    );
    assert_eq!(c.working_days_after_until(Date::MAX, Date::MIN), 0);
    assert_eq!(
        c.working_days_after_until(date!(9999 - 12 - 24), Date::MAX),
        3 // 27 and 28 December are the substitute days
    );
}

#[test]
fn counting_working_days_excludes_the_first_day_and_includes_the_last() {
    let c = Calendar::england_and_wales();
    let thursday = date!(2026 - 04 - 02);
    assert_eq!(c.working_days_after_until(thursday, thursday), 0);
    assert_eq!(
        c.working_days_after_until(thursday, date!(2026 - 04 - 06)),
        0
    );
    assert_eq!(
        c.working_days_after_until(thursday, date!(2026 - 04 - 08)),
        2
    );
    assert_eq!(
        c.working_days_after_until(date!(2026 - 04 - 08), thursday),
        0
    );
    // 2026 has 261 weekdays and 8 bank holidays, all on weekdays.
    assert_eq!(
        c.working_days_after_until(date!(2025 - 12 - 31), date!(2026 - 12 - 31)),
        253
    );
}

#[test]
fn adding_then_counting_working_days_agree_for_every_day_of_2026() {
    let c = Calendar::england_and_wales();
    let mut from = date!(2026 - 01 - 01);
    while from.year() == 2026 {
        for n in 0..30 {
            let result = c.add_working_days(from, n);
            if n > 0 {
                assert!(c.is_working_day(result), "{from} + {n} = {result}");
            }
            assert_eq!(c.working_days_after_until(from, result), n, "{from} + {n}");
        }
        from = from.next_day().unwrap();
    }
}

#[test]
fn due_is_the_end_of_the_london_day_n_working_days_on() {
    let c = Calendar::england_and_wales();
    // Friday 3 July 2026, 17:00 BST.
    let due = c.due(datetime!(2026-07-03 17:00 +01:00), 2);
    assert_eq!(due, datetime!(2026-07-07 23:59:59 +01:00));
    assert_eq!(due.offset(), UtcOffset::UTC);
    assert_eq!(due, datetime!(2026-07-07 22:59:59 UTC));
    // Sent on the day itself with no working days allowed: the end of that day.
    assert_eq!(
        c.due(datetime!(2026-12-02 09:00 UTC), 0),
        datetime!(2026-12-02 23:59:59 UTC)
    );
}

#[test]
fn due_counts_a_saturday_request_from_saturday() {
    let c = Calendar::england_and_wales();
    let saturday = datetime!(2026-11-21 10:00 UTC);
    assert_eq!(c.due(saturday, 1), datetime!(2026-11-23 23:59:59 UTC));
    assert_eq!(c.due(saturday, 2), datetime!(2026-11-24 23:59:59 UTC));
}

#[test]
fn due_uses_the_london_date_of_a_late_summer_evening() {
    let c = Calendar::england_and_wales();
    // 23:30 UTC on Thursday 2 July 2026 is 00:30 BST on Friday 3 July.
    let sent = datetime!(2026-07-02 23:30 UTC);
    assert_eq!(london_date(sent), date!(2026 - 07 - 03));
    assert_eq!(c.due(sent, 2), datetime!(2026-07-07 22:59:59 UTC));
}

#[test]
fn due_across_the_october_clock_change_is_in_gmt() {
    let c = Calendar::england_and_wales();
    // Thursday 22 October 2026 (BST) + 2 working days = Monday 26 October (GMT).
    assert_eq!(
        c.due(datetime!(2026-10-22 12:00 +01:00), 2),
        datetime!(2026-10-26 23:59:59 UTC)
    );
    // Tuesday 20 October + 2 = Thursday 22 October, still BST.
    assert_eq!(
        c.due(datetime!(2026-10-20 12:00 +01:00), 2),
        datetime!(2026-10-22 22:59:59 UTC)
    );
}

#[test]
fn due_over_christmas_2026() {
    let c = Calendar::england_and_wales();
    assert_eq!(
        c.due(datetime!(2026-12-24 17:00 UTC), 2),
        datetime!(2026-12-30 23:59:59 UTC)
    );
}

#[test]
fn a_pause_extends_by_the_working_days_waited() {
    let c = Calendar::england_and_wales();
    let friday = datetime!(2026-07-03 15:00 +01:00);
    assert_eq!(
        c.pause_extension(friday, datetime!(2026-07-06 09:00 +01:00)),
        1
    );
    assert_eq!(
        c.pause_extension(friday, datetime!(2026-07-03 16:00 +01:00)),
        0
    );
    assert_eq!(
        c.pause_extension(friday, datetime!(2026-07-04 16:00 +01:00)),
        0
    );
    assert_eq!(
        c.pause_extension(friday, datetime!(2026-07-01 16:00 +01:00)),
        0
    );
    // Paused at 23:30 UTC on Thursday 2 July is Friday in London.
    assert_eq!(
        c.pause_extension(
            datetime!(2026-07-02 23:30 UTC),
            datetime!(2026-07-06 09:00 +01:00)
        ),
        1
    );
}

#[test]
fn working_seconds_leave_out_the_weekend() {
    let c = Calendar::england_and_wales();
    // Friday 12:00 to Monday 12:00: half of Friday and half of Monday.
    assert_eq!(
        c.working_seconds_between(
            datetime!(2026-07-03 12:00 +01:00),
            datetime!(2026-07-06 12:00 +01:00)
        ),
        86_400
    );
    // Within one working day.
    assert_eq!(
        c.working_seconds_between(
            datetime!(2026-07-06 09:00 +01:00),
            datetime!(2026-07-06 09:00:30 +01:00)
        ),
        30
    );
    // Entirely in a weekend, or backwards.
    assert_eq!(
        c.working_seconds_between(
            datetime!(2026-07-04 09:00 +01:00),
            datetime!(2026-07-05 09:00 +01:00)
        ),
        0
    );
    assert_eq!(
        c.working_seconds_between(
            datetime!(2026-07-06 12:00 +01:00),
            datetime!(2026-07-03 12:00 +01:00)
        ),
        0
    );
}

#[test]
fn working_seconds_follow_the_london_day_across_the_march_clock_change() {
    let c = Calendar::england_and_wales();
    // Saturday 28 March 2026 00:00 GMT to Tuesday 31 March 00:00 BST: the weekend (24 hours,
    // then a 23-hour Sunday) is left out and Monday 30 March is a full 86,400 seconds.
    let from = datetime!(2026-03-28 00:00 UTC);
    let to = datetime!(2026-03-31 00:00 +01:00);
    assert_eq!((to - from).whole_seconds(), 3 * 86_400 - 3_600);
    assert_eq!(c.working_seconds_between(from, to), 86_400);
    // The short Sunday itself runs from 00:00 GMT to 00:00 BST.
    assert_eq!(
        london_instant(date!(2026 - 03 - 30), Time::MIDNIGHT, Pick::Earlier)
            - london_instant(date!(2026 - 03 - 29), Time::MIDNIGHT, Pick::Earlier),
        Duration::hours(23)
    );
    // Friday 27 March 12:00 GMT to Monday 30 March 12:00 BST: half of each working day.
    assert_eq!(
        c.working_seconds_between(
            datetime!(2026-03-27 12:00 UTC),
            datetime!(2026-03-30 12:00 +01:00)
        ),
        12 * 3_600 + 12 * 3_600
    );
}

#[test]
fn london_days_start_at_london_midnight_from_1900_to_2200() {
    let mut date = date!(1900 - 01 - 01);
    while date.year() <= 2200 {
        let start = london_instant(date, Time::MIDNIGHT, Pick::Earlier);
        assert_eq!(london_date(start), date, "{date}");
        assert_eq!(
            london_date(start - Duration::SECOND),
            date.previous_day().unwrap(),
            "{date}"
        );
        assert_eq!(
            london_date(london_instant(date, END_OF_DAY, Pick::Later)),
            date
        );
        date = date.next_day().unwrap();
    }
}

#[test]
fn the_london_date_follows_bst() {
    assert_eq!(
        london_date(datetime!(2026-07-02 22:59:59 UTC)),
        date!(2026 - 07 - 02)
    );
    assert_eq!(
        london_date(datetime!(2026-07-02 23:00 UTC)),
        date!(2026 - 07 - 03)
    );
    assert_eq!(
        london_date(datetime!(2026-12-02 23:59:59 UTC)),
        date!(2026 - 12 - 02)
    );
}

#[test]
fn extreme_instants_do_not_panic() {
    let c = Calendar::england_and_wales();
    let first = PrimitiveDateTime::new(Date::MIN, Time::MIDNIGHT).assume_utc();
    let last = PrimitiveDateTime::new(Date::MAX, END_OF_DAY).assume_utc();
    let _ = london_date(first);
    let _ = london_date(last);
    let _ = c.due(first, 3);
    let _ = c.due(last, 3);
    let _ = c.pause_extension(first, last);
    let month = Duration::days(30);
    assert!(c.working_seconds_between(first, first + month) > 0);
    assert!(c.working_seconds_between(last - month, last) > 0);
    let _ = format_rfc3339_london(first);
    let _ = format_rfc3339_london(last);
}

#[test]
fn rfc3339_is_read_and_written_at_the_london_offset() {
    let at = parse_rfc3339("2026-07-03T17:00:00+01:00").unwrap();
    assert_eq!(at, datetime!(2026-07-03 16:00 UTC));
    assert_eq!(
        format_rfc3339_london(datetime!(2026-07-07 22:59:59 UTC)),
        "2026-07-07T23:59:59+01:00"
    );
    assert_eq!(
        format_rfc3339_london(datetime!(2026-12-30 23:59:59 UTC)),
        "2026-12-30T23:59:59Z"
    );
    let err = parse_rfc3339("24/12/2026 17:00").unwrap_err();
    assert!(err.to_string().contains("RFC 3339"), "{err}");
    assert!(parse_rfc3339("2026-12-24").is_err());
}

#[test]
fn the_last_twelve_months_run_to_the_end_of_this_month() {
    assert_eq!(
        last_twelve_months(date!(2026 - 11 - 25)),
        (date!(2025 - 12 - 01), date!(2026 - 12 - 01))
    );
    assert_eq!(
        last_twelve_months(date!(2026 - 12 - 31)),
        (date!(2026 - 01 - 01), date!(2027 - 01 - 01))
    );
    assert_eq!(
        london_midnight(date!(2026 - 07 - 01)),
        time::macros::datetime!(2026-06-30 23:00 UTC)
    );
}
