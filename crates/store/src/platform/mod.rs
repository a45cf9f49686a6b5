//! Shared machinery every area uses: idempotency keys, background jobs, in-app notifications,
//! the email outbox, the blob store for attachments, and list pages that plan once.

pub mod blobs;
pub mod entity;
pub mod idempotency;
pub mod jobs;
pub mod notifications;
pub mod paging;
pub mod versioned;
