//! Who may do what to a letter, and in which status: the one state machine of letters.
//!
//! Which letter an actor may touch at all (their own service's, their own practice's patients',
//! their own) is the store's scoping; this decides what their role may do now.
//!
//! Decisions: a specialist or a medical secretary of the service writes and saves drafts (a
//! secretary often types from dictation), but only a specialist signs and sends, since signing
//! is the clinician's statement that the letter is right. GPs and practice staff acknowledge a
//! letter and work its GP actions; a GP action can be changed again after it is settled (a
//! mistaken "done" can be corrected), and every change is audited. The patient may say they do
//! not understand a sent letter.

use super::Status;
use crate::people::Role;
pub use crate::refusal::TransitionError;

/// Something an actor asks to do to a letter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Event {
    /// Create or update a draft.
    SaveDraft,
    /// Sign the letter and deliver it to the practice and the patient.
    SignAndSend,
    /// The practice records that it has the letter.
    Acknowledge,
    /// The practice marks a GP action done, not needed or declined (or open again).
    UpdateAction,
    /// The patient says they do not understand the letter.
    ReportNotUnderstood,
}

/// The status after `event`, or why `role` may not do it now. The role is checked first, so a
/// role that may never act learns nothing about where the letter stands.
pub fn transition(status: Status, event: Event, role: Role) -> Result<Status, TransitionError> {
    check_role(event, role)?;
    use Status::{Acknowledged, Draft, Sent};
    let refusal = match (event, status) {
        (Event::SaveDraft, Draft) => return Ok(Draft),
        (Event::SaveDraft, _) => "This letter has been sent, so it can no longer be edited",
        (Event::SignAndSend, Draft) => return Ok(Sent),
        (Event::SignAndSend, _) => "This letter has already been sent",
        (Event::Acknowledge, Sent) => return Ok(Acknowledged),
        (Event::Acknowledge, Acknowledged) => "This letter has already been acknowledged",
        (Event::UpdateAction | Event::ReportNotUnderstood, Sent | Acknowledged) => {
            return Ok(status);
        }
        (Event::Acknowledge | Event::UpdateAction | Event::ReportNotUnderstood, Draft) => {
            "This letter has not been sent yet"
        }
    };
    Err(TransitionError::WrongState(refusal))
}

/// True when [`transition`] would allow the event (for showing or hiding buttons).
pub fn is_allowed(status: Status, event: Event, role: Role) -> bool {
    transition(status, event, role).is_ok()
}

/// Whether `role` may ever do `event`, whatever the letter's status.
pub fn check_role(event: Event, role: Role) -> Result<(), TransitionError> {
    use Role::{Gp, Patient, PracticeStaff, Secretary, Specialist};
    let refusal = match (event, role) {
        (Event::SaveDraft, Specialist | Secretary) => return Ok(()),
        (Event::SaveDraft, _) => "Only the hospital service can write a letter",
        (Event::SignAndSend, Specialist) => return Ok(()),
        (Event::SignAndSend, Secretary) => {
            "Only a specialist can sign and send a letter. Save it as a draft for a specialist to check"
        }
        (Event::SignAndSend, _) => "Only a specialist can sign and send a letter",
        (Event::Acknowledge | Event::UpdateAction, Gp | PracticeStaff) => return Ok(()),
        (Event::Acknowledge, _) => "Only the GP practice can acknowledge a letter",
        (Event::UpdateAction, _) => "Only the GP practice can update the GP's actions",
        (Event::ReportNotUnderstood, Patient) => return Ok(()),
        (Event::ReportNotUnderstood, _) => "Only the patient can report that a letter is unclear",
    };
    Err(TransitionError::NotPermitted(refusal))
}

#[cfg(test)]
mod tests {
    use super::*;
    use Role::*;
    use Status::*;

    /// Every (event, role, status) that is allowed, and the status it leads to; all else refused.
    const ALLOWED: &[(Event, Role, Status, Status)] = &[
        (Event::SaveDraft, Specialist, Draft, Draft),
        (Event::SaveDraft, Secretary, Draft, Draft),
        (Event::SignAndSend, Specialist, Draft, Sent),
        (Event::Acknowledge, Gp, Sent, Acknowledged),
        (Event::Acknowledge, PracticeStaff, Sent, Acknowledged),
        (Event::UpdateAction, Gp, Sent, Sent),
        (Event::UpdateAction, Gp, Acknowledged, Acknowledged),
        (Event::UpdateAction, PracticeStaff, Sent, Sent),
        (
            Event::UpdateAction,
            PracticeStaff,
            Acknowledged,
            Acknowledged,
        ),
        (Event::ReportNotUnderstood, Patient, Sent, Sent),
        (
            Event::ReportNotUnderstood,
            Patient,
            Acknowledged,
            Acknowledged,
        ),
    ];

    #[test]
    fn every_role_event_and_status_follows_the_table() {
        let events = [
            Event::SaveDraft,
            Event::SignAndSend,
            Event::Acknowledge,
            Event::UpdateAction,
            Event::ReportNotUnderstood,
        ];
        for event in events {
            for role in Role::ALL {
                for status in Status::ALL {
                    let expected = ALLOWED
                        .iter()
                        .find(|(e, r, s, _)| *e == event && *r == role && s == status)
                        .map(|(.., next)| *next);
                    assert_eq!(
                        transition(*status, event, role).ok(),
                        expected,
                        "{event:?} by {role:?} in {status:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn a_secretary_is_told_to_save_a_draft_for_a_specialist() {
        let err = transition(Draft, Event::SignAndSend, Secretary).unwrap_err();
        assert!(matches!(err, TransitionError::NotPermitted(_)));
        assert!(err.message().contains("Save it as a draft"));
    }

    #[test]
    fn a_role_that_may_never_act_learns_nothing_of_the_status() {
        for status in Status::ALL {
            assert!(matches!(
                transition(*status, Event::Acknowledge, Specialist),
                Err(TransitionError::NotPermitted(_))
            ));
        }
    }
}
