//! Time as people in England read it: instants are stored in UTC and shown in Europe/London
//! (GMT in winter, BST in summer), using the IANA time zone database.

use time::OffsetDateTime;
use time_tz::{OffsetDateTimeExt, timezones};

/// The instant as a wall-clock time in Europe/London.
pub fn london(at: OffsetDateTime) -> OffsetDateTime {
    at.to_timezone(timezones::db::europe::LONDON)
}

/// "25 November 2026 at 2:05pm", in Europe/London.
pub fn display(at: OffsetDateTime) -> String {
    let l = london(at);
    let (h, m) = (l.hour(), l.minute());
    let (h12, ampm) = match h {
        0 => (12, "am"),
        1..=11 => (h, "am"),
        12 => (12, "pm"),
        _ => (h - 12, "pm"),
    };
    format!(
        "{} {} {} at {h12}:{m:02}{ampm}",
        l.day(),
        month_name(l.month()),
        l.year()
    )
}

fn month_name(m: time::Month) -> &'static str {
    use time::Month::*;
    match m {
        January => "January",
        February => "February",
        March => "March",
        April => "April",
        May => "May",
        June => "June",
        July => "July",
        August => "August",
        September => "September",
        October => "October",
        November => "November",
        December => "December",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn winter_is_gmt_and_summer_is_bst() {
        assert_eq!(
            display(datetime!(2026-11-25 14:05 UTC)),
            "25 November 2026 at 2:05pm"
        );
        assert_eq!(
            display(datetime!(2026-07-01 11:30 UTC)),
            "1 July 2026 at 12:30pm"
        );
        assert_eq!(
            display(datetime!(2026-07-01 23:30 UTC)),
            "2 July 2026 at 12:30am"
        );
    }

    #[test]
    fn the_clocks_change_on_the_last_sundays_of_march_and_october() {
        // 29 March 2026: 01:00 UTC becomes 02:00 BST.
        assert_eq!(london(datetime!(2026-03-29 00:59 UTC)).hour(), 0);
        assert_eq!(london(datetime!(2026-03-29 01:00 UTC)).hour(), 2);
        // 25 October 2026: 01:00 UTC is 01:00 GMT again.
        assert_eq!(london(datetime!(2026-10-25 00:59 UTC)).hour(), 1);
        assert_eq!(london(datetime!(2026-10-25 01:00 UTC)).hour(), 1);
        assert_eq!(
            london(datetime!(2026-10-25 01:00 UTC))
                .offset()
                .whole_hours(),
            0
        );
    }
}
