//! The hand-written letters hold together on any day they are seeded: the letter form would
//! accept them, their times run in order, overdue actions stay overdue and the checker judges
//! the good and the poor letters as written.

use super::*;
use crate::demo::numbers::SyntheticNhsNumbers;
use joinedup_core::letters::input::{
    GpActionInput, LetterInput, MedicineInput, PendingResultInput,
};
use joinedup_core::letters::{ActionState, TimingStandard, timing};
use time::macros::datetime;

/// The clock as it stands at `now`.
fn clock_at(calendar: &Calendar, now: OffsetDateTime) -> Clock<'_> {
    let hours = WorkingHours { calendar };
    Clock {
        recent: hours.recent(london_date(now), 60),
        hours,
    }
}

/// Letter `c` as the letter form would have received it.
fn as_typed(c: &CuratedLetter, event: OffsetDateTime) -> LetterInput {
    let date = london_date(event);
    let w = &c.words;
    LetterInput {
        nhs_number: SyntheticNhsNumbers::default().next().unwrap().as_digits(),
        kind: Some(c.kind.as_str().into()),
        event_date: date.to_string(),
        event_time: format!("{:02}:{:02}", c.event.1 / 60, c.event.1 % 60),
        addressee: Some(c.addressee().as_str().into()),
        gp_reason: c.to_gp_because.unwrap_or_default().into(),
        diagnoses: w.diagnoses.into(),
        summary: w.summary.into(),
        results: w.results.into(),
        pending_results: (w.pending.iter())
            .map(|(test, owner)| PendingResultInput {
                test: (*test).into(),
                owner: Some(owner.as_str().into()),
            })
            .collect(),
        medicines: (w.medicines.iter())
            .map(|(change, medicine, dose, reason)| MedicineInput {
                change: Some(change.as_str().into()),
                medicine: (*medicine).into(),
                dose: (*dose).into(),
                reason: (*reason).into(),
            })
            .collect(),
        follow_up: w.follow_up.into(),
        information_given: w.information_given.into(),
        gp_actions: (w.gp_actions.iter())
            .map(|a| GpActionInput {
                text: a.text.into(),
                due: (date + Duration::days(a.due_days)).to_string(),
            })
            .collect(),
        patient_actions: w.patient_actions.iter().map(|s| (*s).into()).collect(),
        hospital_actions: w.hospital_actions.iter().map(|s| (*s).into()).collect(),
    }
}

fn is_sent(c: &CuratedLetter) -> bool {
    !matches!(c.life, Life::Draft(_))
}

/// Every moment a letter's story names, in the order they must have happened.
fn moments(c: &CuratedLetter) -> Vec<At> {
    let mut out = vec![c.event];
    match c.life {
        Life::Draft(at) | Life::Sent(at) => out.push(at),
        Life::Acknowledged { sent, at, .. } => {
            out.push(sent);
            out.push(at);
        }
    }
    out
}

#[test]
fn the_letter_form_would_accept_every_demo_letter_as_it_stands() {
    let calendar = Calendar::england_and_wales();
    let now = datetime!(2026-03-18 12:00 UTC);
    let clock = clock_at(&calendar, now);
    for c in all_letters() {
        let event = clock.at(c.event);
        let typed = as_typed(c, event);
        let parsed = if is_sent(c) {
            typed.parse_for_sending(now)
        } else {
            typed.parse_draft()
        };
        let parsed = parsed.unwrap_or_else(|e| panic!("{}: {e:?}", c.words.diagnoses));
        assert_eq!(parsed.event_at, Some(event), "{}", c.words.diagnoses);
        assert_eq!(parsed.content, c.words.content(london_date(event)));
        assert_eq!(parsed.addressee, c.addressee());
    }
}

#[test]
fn the_story_of_every_letter_runs_forwards_and_stays_in_the_past() {
    let calendar = Calendar::england_and_wales();
    let clock = clock_at(&calendar, datetime!(2026-12-29 08:00 UTC));
    for c in all_letters() {
        let name = c.words.diagnoses;
        let times: Vec<_> = moments(c).into_iter().map(|at| clock.at(at)).collect();
        assert!(times.windows(2).all(|w| w[0] < w[1]), "{name}: {times:?}");
        assert!(moments(c).iter().all(|at| at.0 >= 1), "{name}: never today");
        let last = *times.last().unwrap();
        for a in c.words.gp_actions {
            match a.fate {
                Fate::Open => {}
                Fate::Done(at) | Fate::NotNeeded(at, _) | Fate::Declined(at, _) => {
                    assert!(matches!(c.life, Life::Acknowledged { .. }), "{name}");
                    assert!(clock.at(at) >= last, "{name}: settled after acknowledged");
                }
            }
        }
        if let Some((at, _)) = c.query {
            assert!(
                is_sent(c) && clock.at(at) > times[1],
                "{name}: queried once sent"
            );
        }
    }
}

#[test]
fn overdue_stays_overdue_and_late_stays_late_on_any_day_of_seeding() {
    let calendar = Calendar::england_and_wales();
    let standard = TimingStandard::default();
    let mut day = datetime!(2026-01-01 07:30 UTC);
    while day < datetime!(2028-01-01 00:00 UTC) {
        let clock = clock_at(&calendar, day);
        let today = london_date(day);
        let (mut overdue, mut not_yet_due, mut late) = (0, 0, 0);
        for c in all_letters().filter(|c| matches!(c.life, Life::Acknowledged { .. })) {
            let event = london_date(clock.at(c.event));
            for a in c.words.gp_actions.iter() {
                if matches!(a.fate, Fate::Open) {
                    let due = event + Duration::days(a.due_days);
                    overdue += usize::from(due < today);
                    not_yet_due += usize::from(due > today);
                }
            }
        }
        for c in all_letters() {
            if let Life::Sent(at) | Life::Acknowledged { sent: at, .. } = c.life {
                let due = standard.due_at(c.kind, clock.at(c.event));
                late += usize::from(!timing::on_time(clock.at(at), due));
            }
        }
        assert_eq!((overdue, not_yet_due, late), (1, 2, 1), "seeded on {day}");
        day += Duration::days(1);
    }
}

#[test]
fn the_checker_finds_the_old_style_letters_and_passes_the_plain_ones() {
    let needs_work: Vec<&str> = all_letters()
        .filter(|c| is_sent(c))
        .filter(|c| {
            let content = c.words.content(time::macros::date!(2026 - 03 - 02));
            !check_facts(&content, c.addressee()).2
        })
        .map(|c| c.words.diagnoses.lines().next().unwrap_or_default())
        .collect();
    assert_eq!(
        needs_work,
        [
            "Campylobacter enteritis",
            "Nodular BCC L nasal ala, 6mm",
            "NSTEMI",
            "Hidradenitis suppurativa (Hurley stage 2), both armpits and groin",
        ],
        "three in the old style, and the one written to the GP"
    );
}

#[test]
fn every_action_state_appears_among_the_acknowledged_letters() {
    let mut seen = HashSet::new();
    for c in all_letters().filter(|c| matches!(c.life, Life::Acknowledged { .. })) {
        for a in c.words.gp_actions {
            seen.insert(match a.fate {
                Fate::Open => ActionState::Open,
                Fate::Done(_) => ActionState::Done,
                Fate::NotNeeded(..) => ActionState::NotNeeded,
                Fate::Declined(..) => ActionState::Declined,
            });
        }
    }
    assert_eq!(seen.len(), ActionState::ALL.len());
}

/// Prints the checker's report on every sent letter (run with `--ignored --nocapture`).
#[test]
#[ignore]
fn print_the_checker_reports() {
    for c in all_letters().filter(|c| is_sent(c)) {
        let content = c.words.content(time::macros::date!(2026 - 03 - 02));
        let r = Checker::shared_standard().check(&content.checker_text(c.addressee()));
        println!(
            "{}\n  {} age {} fre {} jargon {:?} long {} concerns {:?} reasons {:?}\n",
            c.words.diagnoses.lines().next().unwrap_or_default(),
            r.verdict.as_str(),
            r.reading_age,
            r.flesch_reading_ease,
            r.jargon.iter().map(|j| &j.term).collect::<Vec<_>>(),
            r.long_sentences,
            r.interface_concerns,
            r.verdict_reasons,
        );
    }
}
