//! The rows of a demo letter, filled as `crate::letters` fills them: saving a draft (version 2
//! after its first save), signing and sending (the check figures, the due time and whether it
//! went on time, the GP actions as open rows), acknowledging, and the practice settling the
//! actions. The hand-written letters and the `sel` scale's generated year both fill their rows
//! here.

use super::letters_curated::{
    At, Clock, CuratedLetter, Fate, LetterRows, LettersCast, Life, Made, Typist, check_facts,
};
use crate::letters::entity::{letter, letter_action, letter_query};
use joinedup_core::calendar::london_date;
use joinedup_core::letters::{ActionState, Addressee, Kind, Status, TimingStandard, timing};
use joinedup_core::people::Role;
use sea_orm::ActiveValue::Set;
use time::{Date, Duration, OffsetDateTime};
use uuid::Uuid;

/// When each step of a letter's life happened, and who acknowledged it.
pub(super) struct Times {
    /// The appointment or discharge.
    pub event: OffsetDateTime,
    /// When the draft was first saved.
    pub created: OffsetDateTime,
    /// When it was signed and sent.
    pub sent: Option<OffsetDateTime>,
    /// When the practice acknowledged it, and who did.
    pub acknowledged: Option<(OffsetDateTime, Uuid)>,
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
    pub fn status(&self) -> Status {
        match (self.sent, self.acknowledged) {
            (None, _) => Status::Draft,
            (Some(_), None) => Status::Sent,
            (Some(_), Some(_)) => Status::Acknowledged,
        }
    }
}

/// What signing a letter records: the signer's user id and name, and the checker's reading
/// age, Flesch Reading Ease and verdict (see [`check_facts`]).
pub(super) type Signature<'a> = (Uuid, &'a str, (f64, f64, bool));

/// Everything a letter's row holds besides its times.
pub(super) struct LetterFacts<'a> {
    /// The letter's id.
    pub id: Uuid,
    /// Clinic letter or discharge summary.
    pub kind: Kind,
    /// The writing service and its trust.
    pub service: (Uuid, Uuid),
    /// The patient.
    pub patient_id: Uuid,
    /// The patient's practice.
    pub practice_id: Uuid,
    /// Who saved the first draft.
    pub created_by: Uuid,
    /// To whom it is written.
    pub addressee: Addressee,
    /// Why it is written to the GP (empty when to the patient).
    pub gp_reason: &'a str,
    /// The body, as `LetterContent` JSON.
    pub content: String,
    /// The signature, once sent.
    pub signed: Option<Signature<'a>>,
}

/// The letter's row as saving, signing and acknowledging at `times` leave it: the due time from
/// the timing standard, and whether it went on time, as `sign_and_send` records them.
pub(super) fn letter_row(f: LetterFacts<'_>, times: &Times) -> letter::ActiveModel {
    let due = TimingStandard::default().due_at(f.kind, times.event);
    let sent = times.sent.filter(|_| f.signed.is_some());
    let signed = f.signed.filter(|_| sent.is_some());
    let check = signed.map(|s| s.2);
    letter::ActiveModel {
        id: Set(f.id),
        kind: Set(f.kind.as_str().into()),
        status: Set(times.status().as_str().into()),
        service_id: Set(f.service.0),
        trust_id: Set(f.service.1),
        patient_id: Set(f.patient_id),
        practice_id: Set(f.practice_id),
        created_by: Set(f.created_by),
        event_at: Set(Some(times.event)),
        due_at: Set(Some(due)),
        addressee: Set(f.addressee.as_str().into()),
        gp_reason: Set(f.gp_reason.into()),
        content: Set(f.content),
        signed_by: Set(signed.map(|s| s.0)),
        signed_name: Set(signed.map(|s| format!("{}, {}", s.1, Role::Specialist.label()))),
        sent_at: Set(sent),
        on_time: Set(sent.map(|at| timing::on_time(at, due))),
        reading_age: Set(check.map(|c| c.0)),
        flesch_reading_ease: Set(check.map(|c| c.1)),
        plain: Set(check.map(|c| c.2)),
        acknowledged_by: Set(times.acknowledged.map(|(_, by)| by)),
        acknowledged_at: Set(times.acknowledged.map(|(at, _)| at)),
        created_at: Set(times.created),
        updated_at: Set(times.updated()),
        version: Set(times.version()),
    }
}

/// One GP action as the practice has left it.
pub(super) struct ActionFacts<'a> {
    /// Its letter.
    pub letter_id: Uuid,
    /// The letter's practice.
    pub practice_id: Uuid,
    /// Its place in the letter's list, from 0.
    pub position: usize,
    /// The action.
    pub text: &'a str,
    /// When it is due.
    pub due_on: Date,
    /// Open, or how it was settled, with the reason "not needed" and "declined" need.
    pub state: (ActionState, &'a str),
    /// Who settled it, and when.
    pub settled: Option<(Option<Uuid>, OffsetDateTime)>,
    /// When the letter was sent.
    pub created_at: OffsetDateTime,
}

/// The row of one GP action.
pub(super) fn action_row(a: ActionFacts<'_>) -> letter_action::ActiveModel {
    letter_action::ActiveModel {
        id: Set(Uuid::now_v7()),
        letter_id: Set(a.letter_id),
        practice_id: Set(a.practice_id),
        position: Set(a.position as i32),
        text: Set(a.text.into()),
        due_on: Set(a.due_on),
        state: Set(a.state.0.as_str().into()),
        reason: Set(a.state.1.into()),
        updated_by: Set(a.settled.and_then(|s| s.0)),
        settled_at: Set(a.settled.map(|s| s.1)),
        created_at: Set(a.created_at),
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
        let (consultant, name) = self.consultant(made.service);
        let signed = times
            .sent
            .map(|_| (consultant, name, check_facts(&content, c.addressee())));
        let facts = LetterFacts {
            id: made.id,
            kind: c.kind,
            service: (made.service.id, made.service.trust_id),
            patient_id: made.patient_id,
            practice_id: made.practice_id,
            created_by: match c.typist {
                Typist::Secretary => self.user("secretary"),
                Typist::Consultant => consultant,
            },
            addressee: c.addressee(),
            gp_reason: c.to_gp_because.unwrap_or_default(),
            content: serde_json::to_string(&content).expect("letter content serialises"),
            signed,
        };
        if let Some(sent) = times.sent {
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
        out.letters.push(letter_row(facts, &times));
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
        (c.words.gp_actions.iter().enumerate())
            .map(|(i, a)| {
                let (state, settled) = match a.fate {
                    Fate::Open => ((ActionState::Open, ""), None),
                    Fate::Done(at) => ((ActionState::Done, ""), Some(at)),
                    Fate::NotNeeded(at, why) => ((ActionState::NotNeeded, why), Some(at)),
                    Fate::Declined(at, why) => ((ActionState::Declined, why), Some(at)),
                };
                action_row(ActionFacts {
                    letter_id: made.id,
                    practice_id: made.practice_id,
                    position: i,
                    text: a.text,
                    due_on: event_date + Duration::days(a.due_days),
                    state,
                    settled: settled.map(|at: At| (by, clock.at(at))),
                    created_at: sent,
                })
            })
            .collect()
    }
}
