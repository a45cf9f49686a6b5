//! The audit chain: each entry carries the hash of the one before it, so that any edit,
//! deletion or reordering of the log shows as a broken link.

use serde::Serialize;
use sha2::{Digest, Sha256};

/// The hash that the first entry of the chain points back to.
pub const GENESIS_HASH: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// What an entry records, in the order it is hashed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuditFields<'a> {
    /// Position in the chain, from 1.
    pub seq: i64,
    /// When, as RFC 3339 in UTC with microseconds.
    pub at: &'a str,
    /// The user, if signed in.
    pub user_id: Option<&'a str>,
    /// The role they acted in.
    pub role: Option<&'a str>,
    /// The ODS code of the organisation acted for.
    pub organisation_ods: Option<&'a str>,
    /// What was done, e.g. `patient.view`.
    pub action: &'a str,
    /// The patient's NHS number, when the entry concerns one patient.
    pub nhs_number: Option<&'a str>,
    /// The kind of record touched, e.g. `patient`.
    pub record_type: &'a str,
    /// The record's id.
    pub record_id: Option<&'a str>,
    /// `success`, `denied` or `not_found`.
    pub outcome: &'a str,
}

/// The SHA-256 (hex) of the previous hash followed by the entry's fields in canonical JSON.
pub fn chain_hash(prev_hash: &str, fields: &AuditFields<'_>) -> String {
    let mut h = Sha256::new();
    h.update(prev_hash.as_bytes());
    h.update(b"\n");
    h.update(serde_json::to_vec(fields).expect("audit fields serialise"));
    hex::encode(h.finalize())
}

/// Outcome names used in the log.
pub mod outcome {
    /// The action happened.
    pub const SUCCESS: &str = "success";
    /// The actor was refused (the record exists, but not for them).
    pub const DENIED: &str = "denied";
    /// No such record.
    pub const NOT_FOUND: &str = "not_found";
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(seq: i64, outcome: &str) -> AuditFields<'_> {
        AuditFields {
            seq,
            at: "2026-11-25T12:00:00.000000Z",
            user_id: Some("u1"),
            role: Some("gp"),
            organisation_ods: Some("G99001"),
            action: "patient.view",
            nhs_number: Some("9990000018"),
            record_type: "patient",
            record_id: Some("p1"),
            outcome,
        }
    }

    #[test]
    fn the_hash_depends_on_every_field_and_on_the_previous_hash() {
        let a = chain_hash(GENESIS_HASH, &fields(1, "success"));
        assert_eq!(a.len(), 64);
        assert_eq!(a, chain_hash(GENESIS_HASH, &fields(1, "success")));
        assert_ne!(a, chain_hash(GENESIS_HASH, &fields(1, "denied")));
        assert_ne!(a, chain_hash(GENESIS_HASH, &fields(2, "success")));
        assert_ne!(a, chain_hash(&a, &fields(1, "success")));
    }
}
