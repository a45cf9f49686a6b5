//! Clinic letters and discharge summaries: the PRSB headings, written to the patient with the
//! GP copied, three lists of actions, the timing standard, who may do what, and the figures.
//!
//! The plain-English checker lives in [`checker`]; the store keeps letters and the web shows them.

pub mod content;
pub mod input;
pub mod timing;
pub mod vocabulary;
pub mod workflow;

pub use content::{GpActionRequest, LetterContent, LetterHeader, MedicineEntry, PendingResult};
pub use input::{DraftLetter, LetterInput};
pub use timing::TimingStandard;
pub use vocabulary::{
    ActionOwner, ActionState, Addressee, Kind, MedicineChange, ResultOwner, Status,
};
