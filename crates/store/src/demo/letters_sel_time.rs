//! The calendar and the services the `sel` letters are drawn from: every London day of the year
//! before now (and the months after it, for what has not happened yet) with its midnight and
//! whether it is a working day, worked out once so that millions of letters need no time-zone
//! arithmetic; and, for each age group, which services see patients in clinic or admit them,
//! weighted by how many letters each specialty writes.

use super::letters_sel::LetterService;
use super::letters_sel_words::Variant;
use super::rows::ServiceMade;
use joinedup_core::calendar::{Calendar, london_date, london_midnight};
use joinedup_core::letters::Kind;
use rand::Rng;
use rand::rngs::StdRng;
use time::{Date, Duration, OffsetDateTime};

/// Days the table runs past today: long enough for the latest action to be settled.
const DAYS_AHEAD: usize = 420;

/// Clinic hours in minutes after midnight (08:30 to 16:30): when appointments start.
const CLINIC: std::ops::Range<i64> = 510..990;

/// Office hours in minutes after midnight (08:00 to 18:30): when letters are read and worked.
const OFFICE: std::ops::Range<i64> = 480..1110;

/// The days of the year of letters.
pub(super) struct Days {
    /// The first day: a year before today.
    first: Date,
    /// London midnight of each day from `first`.
    midnight: Vec<OffsetDateTime>,
    /// Whether each day is a working day in England.
    working: Vec<bool>,
    /// Today's index.
    today: usize,
    now: OffsetDateTime,
}

impl Days {
    /// The days around `now`.
    pub fn new(now: OffsetDateTime) -> Self {
        let calendar = Calendar::england_and_wales();
        let today = london_date(now);
        let first = today - Duration::days(365);
        let dates: Vec<Date> = (0..=365 + DAYS_AHEAD)
            .map(|i| first + Duration::days(i as i64))
            .collect();
        Self {
            first,
            midnight: dates.iter().map(|d| london_midnight(*d)).collect(),
            working: dates.iter().map(|d| calendar.is_working_day(*d)).collect(),
            today: 365,
            now,
        }
    }

    /// Today's index.
    pub fn today(&self) -> usize {
        self.today
    }

    /// The date of day `day`.
    pub fn date_of(&self, day: usize) -> Date {
        self.first + Duration::days(day as i64)
    }

    /// The London date of `at`.
    pub fn date_of_time(&self, at: OffsetDateTime) -> Date {
        london_date(at)
    }

    /// The index of `at`'s London day (0 for anything before the first).
    fn day_of(&self, at: OffsetDateTime) -> usize {
        let d = (london_date(at) - self.first).whole_days().max(0) as usize;
        d.min(self.midnight.len() - 1)
    }

    /// `minutes` after London midnight on day `day` (the table's last day if `day` is later).
    pub fn at(&self, day: usize, minutes: i64) -> OffsetDateTime {
        self.midnight[day.min(self.midnight.len() - 1)] + Duration::minutes(minutes)
    }

    /// How far through the year `at` is, from 0 to 1.
    pub fn share_of_year(&self, at: OffsetDateTime) -> f64 {
        let span = (self.now - self.midnight[0]).as_seconds_f64();
        ((at - self.midnight[0]).as_seconds_f64() / span).clamp(0.0, 1.0)
    }

    /// The first working day on or after `day`.
    fn working_from(&self, mut day: usize) -> usize {
        while day + 1 < self.working.len() && !self.working[day] {
            day += 1;
        }
        day
    }

    /// An appointment in clinic hours on the first working day from `day`, or on an earlier
    /// working day if that is not in the past.
    pub fn appointment(&self, rng: &mut StdRng, day: usize) -> (usize, OffsetDateTime) {
        let mut d = self.working_from(day);
        let minutes = rng.random_range(CLINIC);
        while d > 0 && (d > self.today || self.at(d, minutes) >= self.now || !self.working[d]) {
            d -= 1;
        }
        (d, self.at(d, minutes))
    }

    /// A follow-up appointment after `after` and before now (at least two weeks after it when
    /// there is room), or `None` when there is no working day left between them.
    pub fn appointment_after(
        &self,
        rng: &mut StdRng,
        after: OffsetDateTime,
    ) -> Option<(usize, OffsetDateTime)> {
        let from = self.day_of(after) + 1;
        let earliest = if from + 14 < self.today {
            from + 14
        } else {
            from
        };
        if earliest > self.today {
            return None;
        }
        let day = rng.random_range(earliest..=self.today);
        let (d, at) = self.appointment(rng, day);
        (at > after).then_some((d, at))
    }

    /// A discharge between 10:00 and 20:00 on day `day` (the day before, if that is not past).
    pub fn discharge(&self, rng: &mut StdRng, day: usize) -> (usize, OffsetDateTime) {
        let minutes = rng.random_range(600..1200);
        let at = self.at(day, minutes);
        if at < self.now {
            (day, at)
        } else {
            (day - 1, self.at(day - 1, minutes))
        }
    }

    /// A time in office hours on the `n`th working day after `from`'s day (0: that day, if it
    /// is a working day), and always after `from`.
    pub fn office_time_after(
        &self,
        rng: &mut StdRng,
        from: OffsetDateTime,
        n: u32,
    ) -> OffsetDateTime {
        let mut d = self.working_from(self.day_of(from));
        for _ in 0..n {
            d = self.working_from(d + 1);
        }
        let at = self.at(d, rng.random_range(OFFICE));
        if at > from {
            at
        } else {
            from + Duration::minutes(rng.random_range(15..240))
        }
    }
}

/// Age groups: children (under 16), adults, older people (65 and over).
fn band(age: u8) -> usize {
    match age {
        0..16 => 0,
        16..65 => 1,
        _ => 2,
    }
}

/// How many clinic letters a service writes relative to others, for patients of age `band`.
fn clinic_weight(s: &ServiceMade, band: usize) -> u32 {
    match (s.specialty, band) {
        ("paediatrics", 0) => 10,
        (_, 0) | ("paediatrics", _) => 0,
        ("old_age_psychiatry", 2) => 6,
        ("old_age_psychiatry", _) | ("psychiatry", 2) => 0,
        ("ophthalmology", _) => 10,
        ("dermatology" | "cardiology", _) => 9,
        ("gastroenterology", _) => 8,
        ("endocrinology" | "urology", _) => 7,
        ("rheumatology" | "respiratory" | "neurology", _) => 6,
        ("haematology", _) => 5,
        ("nephrology", _) => 4,
        _ => 3,
    }
}

/// How many discharge summaries a service writes relative to others, for age `band`: only
/// services with wards admit.
fn discharge_weight(s: &ServiceMade, band: usize) -> u32 {
    match (s.specialty, s.name, band) {
        ("paediatrics", "General paediatrics", 0) => 10,
        (_, _, 0) => 0,
        ("cardiology", ..) => 10,
        ("respiratory", ..) => 9,
        ("gastroenterology", ..) => 8,
        ("neurology", ..) => 5,
        ("urology", ..) => 4,
        ("hepatology" | "nephrology" | "haematology" | "endocrinology", ..) => 3,
        ("psychiatry", "Early intervention in psychosis" | "Eating disorders service", 1) => 1,
        _ => 0,
    }
}

/// Which services and texts letters are drawn from.
pub(super) struct ServiceTables {
    /// For each age band, then outpatient (0) or admitted (1): cumulative weights with the
    /// service each ends at.
    tables: [[Vec<(u32, usize)>; 2]; 3],
    /// For each service: the variants it writes, clinic letters (0) and discharge summaries (1).
    variants: Vec<[Vec<u16>; 2]>,
}

impl ServiceTables {
    /// The tables for `services`, drawing on `variants`.
    pub fn new(services: &[LetterService], variants: &[&'static Variant]) -> Self {
        let fitting: Vec<[Vec<u16>; 2]> = services
            .iter()
            .map(|s| {
                [Kind::ClinicLetter, Kind::DischargeSummary].map(|k| fits(&s.made, k, variants))
            })
            .collect();
        let table = |band: usize, admitted: usize| {
            let mut sum = 0;
            let mut out = vec![];
            for (i, s) in services.iter().enumerate() {
                let w = match admitted {
                    0 => clinic_weight(&s.made, band),
                    _ => discharge_weight(&s.made, band),
                };
                if w > 0 && !fitting[i][admitted].is_empty() {
                    sum += w;
                    out.push((sum, i));
                }
            }
            out
        };
        Self {
            tables: [0, 1, 2].map(|b| [table(b, 0), table(b, 1)]),
            variants: fitting,
        }
    }

    /// A service for a patient aged `age`, for an admission or a clinic episode.
    pub fn service(&self, rng: &mut StdRng, age: u8, admitted: bool) -> Option<usize> {
        let table = &self.tables[band(age)][usize::from(admitted)];
        let total = table.last()?.0;
        let x = rng.random_range(0..total);
        Some(table[table.partition_point(|(w, _)| *w <= x)].1)
    }

    /// One of the variants `service` writes of `kind`.
    pub fn variant(&self, rng: &mut StdRng, service: usize, kind: Kind) -> Option<u16> {
        let list = &self.variants[service][usize::from(kind == Kind::DischargeSummary)];
        (!list.is_empty()).then(|| list[rng.random_range(0..list.len())])
    }
}

/// The variants of `kind` that service `s` writes: those of its specialty meant for services
/// named like it, or else those of its specialty meant for any service.
fn fits(s: &ServiceMade, kind: Kind, variants: &[&'static Variant]) -> Vec<u16> {
    let of_kind = |v: &&Variant| v.kind == kind && v.specialty == s.specialty;
    let named: Vec<u16> = (0..variants.len() as u16)
        .filter(|i| {
            let v = variants[usize::from(*i)];
            of_kind(&v) && v.only.is_some_and(|n| s.name.contains(n))
        })
        .collect();
    if !named.is_empty() {
        return named;
    }
    (0..variants.len() as u16)
        .filter(|i| {
            let v = variants[usize::from(*i)];
            of_kind(&v) && v.only.is_none()
        })
        .collect()
}
