//! Advice & Guidance in the store, on every backend: sending, scoping, claims, replies and their
//! clock, pauses, redirects, reading and closing, attachments, the patient's view, deadline jobs,
//! access to the patient's record and the monthly figures.
//!
//! Every test runs on SQLite and, when `TEST_DATABASE_URL` is set, on PostgreSQL, each in a
//! fresh database seeded with the small demo.

#[path = "advice/closing.rs"]
mod closing;
#[path = "advice/deadlines.rs"]
mod deadlines;
#[path = "advice/replies.rs"]
mod replies;
#[path = "advice/sending.rs"]
mod sending;
#[path = "advice/support.rs"]
mod support;
