//! The joinedup domain: identifiers, roles, access rules and the audit chain as plain types and pure functions.
//!
//! Nothing here does I/O; the `store` and `web` crates build on these types.
#![forbid(unsafe_code)]

pub mod advice;
pub mod audit;
pub mod calendar;
pub mod clock;
pub mod letters;
pub mod people;
pub mod refusal;
pub mod stats;
pub mod text;
