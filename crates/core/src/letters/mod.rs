//! Clinic letters and discharge summaries: the PRSB headings, written to the patient with the
//! GP copied, three lists of actions, the timing standard, who may do what, and the figures.
//!
//! The Academy of Medical Royal Colleges asks hospitals to write to the patient, copy the GP,
//! use plain words and explain the terms they cannot avoid; the NHS Standard Contract and the
//! 2023 primary care access recovery plan say which follow-up work is the hospital's, not the
//! GP's. (Sources and numbers: `DOMAIN.md`, "Letters and discharge summaries" and "National
//! interface rules".)
//!
//! - [`checker`]: the plain-English checker a specialist sees while writing: jargon with plain
//!   alternatives, long sentences, reading age, GP requests and interface concerns.
//! - [`input`], [`content`]: the letter as typed and as kept, under its headings.
//! - [`timing`]: when a letter is due and whether it went on time.
//! - [`workflow`]: who may do what, in which status.
//! - [`figures`]: monthly figures per trust, service and practice.

pub mod checker;
pub mod content;
pub mod figures;
pub mod input;
pub mod tally;
pub mod timing;
pub mod vocabulary;
pub mod workflow;

pub use content::{GpActionRequest, LetterContent, LetterHeader, MedicineEntry, PendingResult};
pub use input::{DraftLetter, LetterInput};
pub use timing::TimingStandard;
pub use vocabulary::{
    ActionOwner, ActionState, Addressee, Kind, MedicineChange, ResultOwner, Status,
};
