//! Advice & Guidance: a GP asks one specialist service a clinical question, without the patient
//! being seen, and the service answers with an outcome.
//!
//! The model follows the NHS e-Referral Service's advice and guidance: a two-way exchange of
//! messages between the requesting clinician and one provider service, carrying the question,
//! history and attachments (photos, results, letters). The provider's outcomes are advice,
//! a request for more information (which waits on the GP), conversion to a referral (only when
//! the GP authorised it when sending, a yes-or-no choice with neither pre-selected), a
//! recommendation that the GP refers, or a redirect to a better-placed service. The monthly
//! figures follow NHS England's specialist advice statistics, which count requests, processed
//! requests and diverted ones (the patient was not added to a waiting list). No national response
//! time stands today; the default here is 2 working days, configurable per service.
//! (Sources and numbers: `DOMAIN.md`, "Advice & Guidance".)
//!
//! Everything here is pure: the store loads facts, calls these rules and writes the result.
//!
//! - [`vocabulary`]: [`Urgency`], [`Status`] and [`Outcome`], with stored names and labels.
//! - [`input`]: forms parsed into typed values, or [`FieldError`]s named by form field.
//! - [`workflow`]: the state machine ([`transition`]): who may do what, in which status.
//! - [`deadline`]: the response clock ([`ClockFacts`]) in working days, with pauses and redirects.
//! - [`attachment`]: what files may be attached, decided by content.
//! - [`figures`]: monthly figures per service or practice.

pub mod attachment;
pub mod deadline;
pub mod figures;
pub mod input;
pub mod vocabulary;
pub mod workflow;

/// One problem with a form, tied to the field it concerns (shared with the people area).
pub use crate::people::patient::FieldError;

pub use attachment::{
    AttachmentError, AttachmentKind, CheckedAttachment, MAX_ATTACHMENT_BYTES, MAX_ATTACHMENTS,
    check_attachment, check_attachment_count, content_address,
};
pub use deadline::{ClockFacts, DEFAULT_STANDARD_DAYS, ResponseStandard};
pub use figures::{Group, MonthlyFigures, RequestFact, monthly_figures, period_figures};
pub use input::{
    DraftRequest, GpActionInput, MessageInput, Reply, ReplyFacts, ReplyInput, RequestInput,
    SendableRequest,
};
pub use vocabulary::{Outcome, Status, Urgency};
pub use workflow::{Claim, Context, Event, TransitionError, check_role, is_allowed, transition};
