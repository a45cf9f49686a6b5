//! Shared machinery every area uses: idempotency keys, background jobs, in-app notifications,
//! the email outbox, the blob store for attachments, list pages that plan once, and connections held for the
//! hottest reads.

pub mod blobs;
pub mod entity;
pub mod held;
pub mod idempotency;
pub mod jobs;
pub mod notifications;
pub mod paging;
pub mod versioned;
