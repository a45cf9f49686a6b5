//! The rows of one hand-written demo letter, filled as `crate::letters` fills them: saving a
//! draft (version 2 after its first save), signing and sending (the check figures, the due time
//! and whether it went on time, the GP actions as open rows), acknowledging, and the practice
//! settling the actions.

use super::letters_curated::{
    At, Clock, CuratedLetter, Fate, LetterRows, LettersCast, Life, Made, Typist, check_facts,
};
use crate::letters::entity::{letter, letter_action, letter_query};
use joinedup_core::calendar::london_date;
use joinedup_core::letters::{ActionState, LetterContent, Status, TimingStandard, timing};
use joinedup_core::people::Role;
use sea_orm::ActiveValue::Set;
use time::{Duration, OffsetDateTime};
use uuid::Uuid;

/// When each step of a letter's life happened, and who acknowledged it.
struct Times {
    event: OffsetDateTime,
    created: OffsetDateTime,
    sent: Option<OffsetDateTime>,
    acknowledged: Option<(OffsetDateTime, Uuid)>,
}

impl Times {
    /// The last change to the letter's row.
    fn updated(&self) -> OffsetDateTime {
        match (self.acknowledged, self.sent) {
            (Some((at, _)), _) => at,
            (None, Some(at)) => at,
            (None, None) => self.created,
        }
    }

    /// The row's version: 2 after a draft's first save, raised by signing and by acknowledging.
    fn version(&self) -> i32 {
        2 + i32::from(self.sent.is_some()) + i32::from(self.acknowledged.is_some())
    }

    /// The status the letter has reached.
    fn status(&self) -> Status {
        match (self.sent, self.acknowledged) {
            (None, _) => Status::Draft,
            (Some(_), None) => Status::Sent,
            (Some(_), Some(_)) => Status::Acknowledged,
        }
    }
}

/// The account of the patient or carer who sees letters about `patient_id`.
fn reader(cast: &LettersCast<'_>, patient_id: Uuid) -> Uuid {
    if patient_id == cast.demo_patients[0] {
        cast.user("patient")
    } else {
        cast.user("carer")
    }
}

impl LettersCast<'_> {
    /// Adds the rows of letter `c` to `out`.
    pub(super) fn write_letter(
        &self,
        c: &CuratedLetter,
        made: &Made<'_>,
        clock: &Clock<'_>,
        out: &mut LetterRows,
    ) {
        let times = self.times(c, clock);
        let content = c.words.content(london_date(times.event));
        let due = TimingStandard::default().due_at(c.kind, times.event);
        let mut row = self.saved_row(c, made, &times, &content, due);
        if let Some(sent) = times.sent {
            let (consultant, name) = self.consultant(made.service);
            let (reading_age, flesch, plain) = check_facts(&content, c.addressee());
            row.signed_by = Set(Some(consultant));
            row.signed_name = Set(Some(format!("{name}, {}", Role::Specialist.label())));
            row.sent_at = Set(Some(sent));
            row.on_time = Set(Some(timing::on_time(sent, due)));
            row.reading_age = Set(Some(reading_age));
            row.flesch_reading_ease = Set(Some(flesch));
            row.plain = Set(Some(plain));
            out.actions
                .extend(self.actions(c, made, &times, sent, clock));
        }
        if let Some((at, message)) = c.query {
            out.queries.push(letter_query::ActiveModel {
                id: Set(Uuid::now_v7()),
                letter_id: Set(made.id),
                service_id: Set(made.service.id),
                user_id: Set(reader(self, made.patient_id)),
                message: Set(message.into()),
                created_at: Set(clock.at(at)),
            });
        }
        out.letters.push(row);
    }

    /// The letter's row as saving the draft (and acknowledging it) leaves it; signing fills in
    /// the rest.
    fn saved_row(
        &self,
        c: &CuratedLetter,
        made: &Made<'_>,
        times: &Times,
        content: &LetterContent,
        due: OffsetDateTime,
    ) -> letter::ActiveModel {
        let created_by = match c.typist {
            Typist::Secretary => self.user("secretary"),
            Typist::Consultant => self.consultant(made.service).0,
        };
        letter::ActiveModel {
            id: Set(made.id),
            kind: Set(c.kind.as_str().into()),
            status: Set(times.status().as_str().into()),
            service_id: Set(made.service.id),
            trust_id: Set(made.service.trust_id),
            patient_id: Set(made.patient_id),
            practice_id: Set(made.practice_id),
            created_by: Set(created_by),
            event_at: Set(Some(times.event)),
            due_at: Set(Some(due)),
            addressee: Set(c.addressee().as_str().into()),
            gp_reason: Set(c.to_gp_because.unwrap_or_default().into()),
            content: Set(serde_json::to_string(content).expect("letter content serialises")),
            signed_by: Set(None),
            signed_name: Set(None),
            sent_at: Set(None),
            on_time: Set(None),
            reading_age: Set(None),
            flesch_reading_ease: Set(None),
            plain: Set(None),
            acknowledged_by: Set(times.acknowledged.map(|(_, by)| by)),
            acknowledged_at: Set(times.acknowledged.map(|(at, _)| at)),
            created_at: Set(times.created),
            updated_at: Set(times.updated()),
            version: Set(times.version()),
        }
    }

    /// When the letter was written, sent and acknowledged, and by whom.
    fn times(&self, c: &CuratedLetter, clock: &Clock<'_>) -> Times {
        let event = clock.at(c.event);
        let (written, sent, acknowledged) = match c.life {
            Life::Draft(at) => (clock.at(at), None, None),
            Life::Sent(at) => (clock.at(at), Some(clock.at(at)), None),
            Life::Acknowledged { sent, by_staff, at } => {
                let by = self.user(if by_staff { "practice" } else { "gp" });
                let sent = clock.at(sent);
                (sent, Some(sent), Some((clock.at(at), by)))
            }
        };
        // A letter sent was first saved as a draft a little before; never before the event.
        let created = match sent {
            Some(_) => (written - Duration::minutes(40)).max(event),
            None => written,
        };
        Times {
            event,
            created,
            sent,
            acknowledged,
        }
    }

    /// The GP action rows of a sent letter, settled as the practice worked them.
    fn actions(
        &self,
        c: &CuratedLetter,
        made: &Made<'_>,
        times: &Times,
        sent: OffsetDateTime,
        clock: &Clock<'_>,
    ) -> Vec<letter_action::ActiveModel> {
        let event_date = london_date(times.event);
        let by = times.acknowledged.map(|(_, by)| by);
        let settle = |at: At, state: ActionState, reason: &str| {
            (state, reason.to_owned(), by, Some(clock.at(at)))
        };
        (c.words.gp_actions.iter().enumerate())
            .map(|(i, a)| {
                let (state, reason, updated_by, settled_at) = match a.fate {
                    Fate::Open => (ActionState::Open, String::new(), None, None),
                    Fate::Done(at) => settle(at, ActionState::Done, ""),
                    Fate::NotNeeded(at, why) => settle(at, ActionState::NotNeeded, why),
                    Fate::Declined(at, why) => settle(at, ActionState::Declined, why),
                };
                letter_action::ActiveModel {
                    id: Set(Uuid::now_v7()),
                    letter_id: Set(made.id),
                    practice_id: Set(made.practice_id),
                    position: Set(i as i32),
                    text: Set(a.text.into()),
                    due_on: Set(event_date + Duration::days(a.due_days)),
                    state: Set(state.as_str().into()),
                    reason: Set(reason),
                    updated_by: Set(updated_by),
                    settled_at: Set(settled_at),
                    created_at: Set(sent),
                }
            })
            .collect()
    }
}
