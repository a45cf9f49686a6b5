//! Who may do what to an advice request, and in which status: the one state machine.
//!
//! The store checks every change here before writing, so a rule is written once and tested as
//! a table. Which request an actor may touch at all (their own practice's, their own service's)
//! is the store's scoping; this module decides what their role may do in the current status.
//!
//! Decisions: practice staff may save drafts and post messages, but only a GP sends (a GP must
//! review requests that others drafted), answers a request for more information and closes.
//! Only a specialist claims, releases or replies with an outcome; a secretary may post messages.
//! Any specialist of the service may release a claim, so a colleague can free a request left by
//! someone who is away (the audit log records who did it). Once answered, the service may change
//! the outcome to another final one, but not redirect it or pause it for more information: the
//! response time was measured at the first answer, and a question goes in the thread instead.

use super::{Outcome, Status};
use crate::people::Role;

/// Something an actor asks to do to an advice request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Event {
    /// Create or update a draft (a new request starts as [`Status::Draft`]).
    SaveDraft,
    /// Send the draft to the service; the clock starts.
    Send,
    /// A specialist takes the request to answer it.
    Claim,
    /// A specialist hands a claimed request back to the service's queue.
    Release,
    /// The service gives (or changes) an outcome.
    Reply(Outcome),
    /// The GP sends the information the specialist asked for; the clock resumes.
    GpRespond,
    /// Anyone on either side adds a message to the thread; the status does not change.
    PostMessage,
    /// The GP records what they did with the answer.
    Close,
}

/// Whether the request is claimed, from the point of view of the actor asking.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Claim {
    /// Nobody has claimed it.
    #[default]
    Unclaimed,
    /// The actor asking has claimed it.
    ByActor,
    /// Another specialist has claimed it.
    ByOther,
}

/// Facts about the actor and request that the rules depend on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Context {
    /// The role the actor acts in.
    pub role: Role,
    /// Who holds the claim, relative to the actor.
    pub claim: Claim,
}

pub use crate::refusal::TransitionError;

/// The status after `event`, or why the actor may not do it now.
///
/// The role is checked before the status, so a role that may never act learns nothing about
/// where the request stands.
pub fn transition(status: Status, event: Event, ctx: Context) -> Result<Status, TransitionError> {
    check_role(event, ctx.role)?;
    next_status(status, event, ctx.claim)
}

/// True when [`transition`] would allow the event (for showing or hiding buttons).
pub fn is_allowed(status: Status, event: Event, ctx: Context) -> bool {
    transition(status, event, ctx).is_ok()
}

/// Whether `role` may ever do `event`, whatever the request's status (the first half of
/// [`transition`]; the store asks it before reading the input it would check).
pub fn check_role(event: Event, role: Role) -> Result<(), TransitionError> {
    use Role::{Gp, PracticeStaff, Secretary, Specialist};
    let refusal = match (event, role) {
        (Event::SaveDraft, Gp | PracticeStaff) => return Ok(()),
        (Event::SaveDraft, _) => "Only the GP practice can write an advice request",
        (Event::Send, Gp) => return Ok(()),
        (Event::Send, PracticeStaff) => {
            "Only a GP can send an advice request. Save it as a draft for a GP to check and send"
        }
        (Event::Send, _) => "Only a GP can send an advice request",
        (Event::Claim, Specialist) => return Ok(()),
        (Event::Claim, _) => "Only a specialist can claim a request",
        (Event::Release, Specialist) => return Ok(()),
        (Event::Release, _) => "Only a specialist can release a claimed request",
        (Event::Reply(_), Specialist) => return Ok(()),
        (Event::Reply(_), _) => "Only a specialist can give an outcome",
        (Event::GpRespond, Gp) => return Ok(()),
        (Event::GpRespond, _) => "Only a GP can send the information the specialist asked for",
        (Event::PostMessage, Gp | PracticeStaff | Specialist | Secretary) => return Ok(()),
        (Event::PostMessage, _) => {
            "Only the GP practice and the specialist service can add messages"
        }
        (Event::Close, Gp) => return Ok(()),
        (Event::Close, _) => "Only a GP can close an advice request",
    };
    Err(TransitionError::NotPermitted(refusal))
}

fn next_status(status: Status, event: Event, claim: Claim) -> Result<Status, TransitionError> {
    use Status::*;
    let refusal = match (event, status) {
        (Event::SaveDraft, Draft) => return Ok(Draft),
        (Event::SaveDraft, _) => "This request has been sent, so it can no longer be edited",
        (Event::Send, Draft) => return Ok(Sent),
        (Event::Send, _) => "This request has already been sent",
        (Event::Claim, Sent) => match claim {
            Claim::Unclaimed => return Ok(Sent),
            Claim::ByActor => "You have already claimed this request",
            Claim::ByOther => "Another specialist has already claimed this request",
        },
        (Event::Claim, _) => "You can only claim a request that is waiting for the specialist",
        (Event::Release, Sent) if claim != Claim::Unclaimed => return Ok(Sent),
        (Event::Release, Sent) => "This request is not claimed",
        (Event::Release, _) => "You can only release a request that is waiting for the specialist",
        (Event::Reply(_), Sent) if claim == Claim::ByOther => {
            "Another specialist has claimed this request. Ask them to release it first"
        }
        (Event::Reply(outcome), Sent) => return Ok(outcome.resulting_status()),
        (Event::Reply(outcome), Answered) if outcome.is_final() => {
            return Ok(outcome.resulting_status());
        }
        (Event::Reply(_), Answered) => {
            "This request has been answered. You can change the outcome to another answer, or send the GP a message"
        }
        (Event::Reply(_), Draft) => "This request has not been sent yet",
        (Event::Reply(_), AwaitingInformation) => {
            "This request is waiting for information from the GP. Send a message if you need to add something"
        }
        (Event::Reply(_), Closed) => "This request is closed",
        (Event::GpRespond, AwaitingInformation) => return Ok(Sent),
        (Event::GpRespond, _) => "The specialist has not asked for more information",
        (Event::PostMessage, Draft) => "Messages can be added once the request has been sent",
        (Event::PostMessage, Closed) => "This request is closed, so no more messages can be added",
        (Event::PostMessage, s) => return Ok(s),
        (Event::Close, Answered) => return Ok(Closed),
        (Event::Close, Closed) => "This request is already closed",
        (Event::Close, _) => "You can close a request once the specialist has answered it",
    };
    Err(TransitionError::WrongState(refusal))
}

#[cfg(test)]
#[path = "workflow_tests.rs"]
mod tests;
