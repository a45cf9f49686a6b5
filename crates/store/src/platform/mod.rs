//! Shared machinery every area uses: idempotency keys, background jobs, in-app notifications,
//! the email outbox and the blob store for attachments.

pub mod blobs;
pub mod entity;
pub mod idempotency;
pub mod jobs;
pub mod notifications;
