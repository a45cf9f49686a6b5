//! Tests for the monthly figures, on small hand-computed examples.

use super::*;
use time::macros::datetime;

const SERVICE_A: Uuid = Uuid::from_u128(1);
const SERVICE_B: Uuid = Uuid::from_u128(2);
const PRACTICE_1: Uuid = Uuid::from_u128(11);
const PRACTICE_2: Uuid = Uuid::from_u128(12);

fn fact(
    sent_at: OffsetDateTime,
    outcome: Option<Outcome>,
    within: Option<bool>,
    hours: Option<i64>,
) -> RequestFact {
    RequestFact {
        service_id: SERVICE_A,
        practice_id: PRACTICE_1,
        sent_at,
        answered_at: hours.map(|_| sent_at + time::Duration::days(1)),
        outcome,
        within_standard: within,
        response_working_seconds: hours.map(|h| h * 3600),
    }
}

/// Six March requests to service A: four processed (10, 20, 30 and 40 working hours).
fn march() -> Vec<RequestFact> {
    let t = datetime!(2026-03-10 09:00 UTC);
    use Outcome::*;
    vec![
        fact(t, Some(AdviceGiven), Some(true), Some(10)),
        fact(t, Some(AdviceGiven), Some(false), Some(30)),
        fact(t, Some(ConvertedToReferral), Some(true), Some(20)),
        fact(t, Some(MoreInformationNeeded), None, None),
        fact(t, None, None, None),
        fact(t, Some(ReferralRecommended), Some(true), Some(40)),
    ]
}

#[test]
fn a_month_of_one_service_is_summarised_by_hand() {
    let rows = monthly_figures(&march(), Group::ByService, &HashMap::new());
    assert_eq!(rows.len(), 1);
    let r = &rows[0];
    assert_eq!((r.group_id, r.month.as_str()), (SERVICE_A, "2026-03"));
    assert_eq!((r.requests, r.processed, r.diverted), (6, 4, 2));
    assert_eq!(r.median_response_hours, Some(25.0));
    assert!((r.p90_response_hours.unwrap() - 37.0).abs() < 1e-9);
    assert_eq!(r.within_standard_share, Some(0.75));
    assert_eq!(r.conversion_rate, Some(0.25));
    assert_eq!(r.per_thousand_registered, None);
    assert_eq!(
        r.outcomes,
        vec![
            (Outcome::AdviceGiven, 2),
            (Outcome::ReferralRecommended, 1),
            (Outcome::ConvertedToReferral, 1),
            (Outcome::SeeUrgently, 0),
        ]
    );
}

#[test]
fn no_facts_give_no_rows() {
    assert!(monthly_figures(&[], Group::ByService, &HashMap::new()).is_empty());
    assert!(monthly_figures(&[], Group::ByPractice, &HashMap::new()).is_empty());
}

#[test]
fn a_single_request_is_its_own_median_and_90th_percentile() {
    let one = [fact(
        datetime!(2026-05-05 09:00 UTC),
        Some(Outcome::SeeUrgently),
        Some(false),
        Some(3),
    )];
    let r = &monthly_figures(&one, Group::ByService, &HashMap::new())[0];
    assert_eq!((r.requests, r.processed, r.diverted), (1, 1, 0));
    assert_eq!(r.median_response_hours, Some(3.0));
    assert_eq!(r.p90_response_hours, Some(3.0));
    assert_eq!(r.within_standard_share, Some(0.0));
    assert_eq!(r.conversion_rate, Some(0.0));
}

#[test]
fn an_unanswered_month_has_no_rates_rather_than_zeros() {
    let open = [fact(datetime!(2026-05-05 09:00 UTC), None, None, None)];
    let r = &monthly_figures(&open, Group::ByService, &HashMap::new())[0];
    assert_eq!((r.requests, r.processed), (1, 0));
    assert_eq!(r.median_response_hours, None);
    assert_eq!(r.within_standard_share, None);
    assert_eq!(r.conversion_rate, None);
}

#[test]
fn the_month_is_the_london_month_even_at_midnight_in_summer() {
    let before = fact(datetime!(2026-06-30 22:59:59 UTC), None, None, None); // 23:59:59 BST
    let after = fact(datetime!(2026-06-30 23:00 UTC), None, None, None); // 00:00 BST, 1 July
    let winter = fact(datetime!(2026-01-31 23:59 UTC), None, None, None); // GMT
    let rows = monthly_figures(&[after, before, winter], Group::ByService, &HashMap::new());
    let months: Vec<_> = rows
        .iter()
        .map(|r| (r.month.as_str(), r.requests))
        .collect();
    assert_eq!(months, [("2026-01", 1), ("2026-06", 1), ("2026-07", 1)]);
}

#[test]
fn practices_get_requests_per_thousand_registered_patients() {
    let mut facts = march();
    let mut other = fact(datetime!(2026-03-02 09:00 UTC), None, None, None);
    other.practice_id = PRACTICE_2;
    other.service_id = SERVICE_B;
    facts.push(other);
    let sizes = HashMap::from([(PRACTICE_1, 8000)]);
    let rows = monthly_figures(&facts, Group::ByPractice, &sizes);
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0].group_id, PRACTICE_1);
    assert_eq!(rows[0].per_thousand_registered, Some(0.75));
    assert_eq!(rows[1].group_id, PRACTICE_2);
    assert_eq!(rows[1].per_thousand_registered, None);
    let by_service = monthly_figures(&facts, Group::ByService, &sizes);
    assert!(
        by_service
            .iter()
            .all(|r| r.per_thousand_registered.is_none())
    );
    assert_eq!(
        by_service.iter().map(|r| r.group_id).collect::<Vec<_>>(),
        [SERVICE_A, SERVICE_B]
    );
}

#[test]
fn percentiles_interpolate_between_the_closest_ranks() {
    let ten: Vec<f64> = (1..=10).map(f64::from).collect();
    assert!((percentile(&ten, 0.9).unwrap() - 9.1).abs() < 1e-9);
    assert_eq!(percentile(&ten, 0.5), Some(5.5));
    assert_eq!(percentile(&[1.0, 2.0, 3.0], 0.5), Some(2.0));
    assert_eq!(percentile(&ten, 0.0), Some(1.0));
    assert_eq!(percentile(&ten, 1.0), Some(10.0));
    assert_eq!(percentile(&[], 0.5), None);
}

#[test]
fn a_year_of_south_east_london_requests_is_grouped_in_one_pass() {
    // 150,000 requests over 12 months, 40 services and 200 practices.
    let start = datetime!(2026-01-01 00:00 UTC);
    let facts: Vec<RequestFact> = (0..150_000u32)
        .map(|i| RequestFact {
            service_id: Uuid::from_u128(u128::from(i % 40)),
            practice_id: Uuid::from_u128(1000 + u128::from(i % 200)),
            sent_at: start + time::Duration::minutes(i64::from(i) * 3),
            answered_at: None,
            outcome: Some(Outcome::FINAL[i as usize % 4]),
            within_standard: Some(i % 3 != 0),
            response_working_seconds: Some(i64::from(i % 97) * 600),
        })
        .collect();
    let rows = monthly_figures(&facts, Group::ByService, &HashMap::new());
    assert_eq!(rows.iter().map(|r| r.requests).sum::<u64>(), 150_000);
    assert_eq!(rows.iter().map(|r| r.diverted).sum::<u64>(), 37_500);
    assert!(
        rows.windows(2)
            .all(|w| (w[0].group_id, &w[0].month) < (w[1].group_id, &w[1].month))
    );
}

#[test]
fn period_figures_pool_every_month_of_a_group() {
    let service = Uuid::from_u128(1);
    let practice = Uuid::from_u128(2);
    let fact = |month: u8, hours: i64| RequestFact {
        service_id: service,
        practice_id: practice,
        sent_at: time::Date::from_calendar_date(2026, time::Month::try_from(month).unwrap(), 10)
            .unwrap()
            .with_hms(12, 0, 0)
            .unwrap()
            .assume_utc(),
        answered_at: None,
        outcome: Some(Outcome::AdviceGiven),
        within_standard: Some(hours <= 48),
        response_working_seconds: Some(hours * 3600),
    };
    let facts = [fact(1, 10), fact(2, 30), fact(3, 60)];
    let rows = period_figures(&facts, Group::ByService, &HashMap::new());
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].requests, 3);
    assert_eq!(rows[0].median_response_hours, Some(30.0));
    assert_eq!(rows[0].within_standard_share, Some(2.0 / 3.0));
    assert_eq!(rows[0].month, "");
}
