//! Shared machinery every area uses: idempotency keys, background jobs, in-app notifications
//! and the email outbox.

pub mod entity;
pub mod idempotency;
pub mod jobs;
pub mod notifications;
