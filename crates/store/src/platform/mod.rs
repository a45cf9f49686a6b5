//! Shared machinery every area uses: idempotency keys, background jobs, in-app notifications,
//! the email outbox, the blob store for attachments, list pages that plan once, connections held
//! outside the pool, and the hottest reads on the cheapest path each database offers.

pub mod blobs;
pub mod entity;
pub mod held;
pub mod idempotency;
pub mod jobs;
pub mod notifications;
pub mod paging;
pub mod reads;
pub mod versioned;
