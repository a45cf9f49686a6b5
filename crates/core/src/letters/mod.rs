//! Clinic letters and discharge summaries.
//!
//! The Academy of Medical Royal Colleges asks hospitals to write to the patient, copy the GP,
//! use plain words and explain the terms they cannot avoid; the NHS Standard Contract and the
//! 2023 primary care access recovery plan say which follow-up work is the hospital's, not the
//! GP's. (Sources and numbers: `DOMAIN.md`, "Letters and discharge summaries" and "National
//! interface rules".)
//!
//! - [`checker`]: the plain-English checker a specialist sees while writing: jargon with plain
//!   alternatives, long sentences, reading age, GP requests and interface concerns.

pub mod checker;
