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
    let f = time::macros::format_description!(
        "[day padding:none] [month repr:long] [year] at [hour repr:12 padding:none]:[minute][period case:lower]"
    );
    let l = london(at);
    l.format(&f).unwrap_or_else(|_| l.to_string())
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
