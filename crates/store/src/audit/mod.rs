//! The append-only, hash-chained audit log of every read and change of patient data.
//!
//! [`record`] appends inside the caller's transaction, so the entry commits with the change
//! or not at all. The single-row `audit_head` is updated first: on PostgreSQL that row lock
//! orders concurrent appenders; on SQLite write transactions are already serial.

pub mod access_log;
pub mod entity;

use crate::{Result, now};
use entity::{audit_head, audit_log};
use joinedup_core::audit::{AuditFields, GENESIS_HASH, chain_hash};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect,
};
use uuid::Uuid;

/// Who did something, as the audit log names them.
#[derive(Debug, Clone, Default)]
pub struct AuditActor {
    /// The user, if signed in.
    pub user_id: Option<Uuid>,
    /// The role acted in.
    pub role: Option<String>,
    /// The ODS code of the organisation acted for.
    pub organisation_ods: Option<String>,
}

/// One thing to record.
#[derive(Debug, Clone)]
pub struct AuditEvent<'a> {
    /// What was done, e.g. `patient.view`.
    pub action: &'a str,
    /// The patient's NHS number (ten digits), if one patient's data was involved.
    pub nhs_number: Option<String>,
    /// The kind of record.
    pub record_type: &'a str,
    /// The record's id.
    pub record_id: Option<String>,
    /// `success`, `denied` or `not_found` (see `joinedup_core::audit::outcome`).
    pub outcome: &'a str,
}

/// Appends one entry to the chain, inside the caller's transaction.
pub async fn record(
    conn: &impl ConnectionTrait,
    who: &AuditActor,
    event: AuditEvent<'_>,
) -> Result<i64> {
    // One statement takes the head's row lock, advances the sequence and reads the last hash.
    let head = audit_head::Entity::update_many()
        .col_expr(
            audit_head::Column::LastSeq,
            Expr::col(audit_head::Column::LastSeq).add(1),
        )
        .filter(audit_head::Column::Id.eq(1))
        .exec_with_returning(conn)
        .await?
        .into_iter()
        .next()
        .ok_or_else(|| anyhow::anyhow!("audit head row is missing"))?;
    let at = now();
    let at_text = format_at(at);
    let user_id = who.user_id.map(|u| u.to_string());
    let fields = AuditFields {
        seq: head.last_seq,
        at: &at_text,
        user_id: user_id.as_deref(),
        role: who.role.as_deref(),
        organisation_ods: who.organisation_ods.as_deref(),
        action: event.action,
        nhs_number: event.nhs_number.as_deref(),
        record_type: event.record_type,
        record_id: event.record_id.as_deref(),
        outcome: event.outcome,
    };
    let hash = chain_hash(&head.last_hash, &fields);
    audit_log::Entity::insert(audit_log::ActiveModel {
        seq: Set(head.last_seq),
        at: Set(at),
        user_id: Set(who.user_id),
        role: Set(who.role.clone()),
        organisation_ods: Set(who.organisation_ods.clone()),
        action: Set(event.action.to_owned()),
        nhs_number: Set(event.nhs_number.clone()),
        record_type: Set(event.record_type.to_owned()),
        record_id: Set(event.record_id.clone()),
        outcome: Set(event.outcome.to_owned()),
        prev_hash: Set(head.last_hash.clone()),
        hash: Set(hash.clone()),
    })
    .exec_without_returning(conn)
    .await?;
    audit_head::Entity::update_many()
        .col_expr(audit_head::Column::LastHash, Expr::value(hash))
        .filter(audit_head::Column::Id.eq(1))
        .exec(conn)
        .await?;
    Ok(head.last_seq)
}

/// The timestamp text that is hashed: RFC 3339 in UTC with exactly six fractional digits.
fn format_at(at: time::OffsetDateTime) -> String {
    let f = time::macros::format_description!(
        "[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:6]Z"
    );
    at.to_offset(time::UtcOffset::UTC)
        .format(&f)
        .expect("formattable timestamp")
}

/// The result of walking the chain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verification {
    /// Every entry links to the one before and its hash matches its content.
    Intact {
        /// How many entries were checked.
        entries: i64,
    },
    /// The first entry at which the chain breaks, and why.
    Broken {
        /// The sequence number of the first bad entry.
        seq: i64,
        /// What is wrong with it.
        reason: String,
    },
}

/// Walks the whole chain in order, reporting progress as `(checked, total)`.
pub async fn verify(
    conn: &impl ConnectionTrait,
    mut progress: impl FnMut(i64, i64),
) -> Result<Verification> {
    let head = audit_head::Entity::find_by_id(1)
        .one(conn)
        .await?
        .ok_or_else(|| anyhow::anyhow!("audit head row is missing"))?;
    let total = head.last_seq;
    let mut prev_hash = GENESIS_HASH.to_owned();
    let mut expected_seq = 1i64;
    const BATCH: u64 = 5_000;
    loop {
        let rows = audit_log::Entity::find()
            .filter(audit_log::Column::Seq.gte(expected_seq))
            .order_by_asc(audit_log::Column::Seq)
            .limit(BATCH)
            .all(conn)
            .await?;
        if rows.is_empty() {
            break;
        }
        for row in &rows {
            if row.seq != expected_seq {
                return Ok(Verification::Broken {
                    seq: expected_seq,
                    reason: format!(
                        "entry {expected_seq} is missing (next present is {})",
                        row.seq
                    ),
                });
            }
            if row.prev_hash != prev_hash {
                return Ok(Verification::Broken {
                    seq: row.seq,
                    reason: "it does not point to the previous entry's hash".into(),
                });
            }
            if row.hash != hash_of(row) {
                return Ok(Verification::Broken {
                    seq: row.seq,
                    reason: "its content does not match its hash (the entry was changed)".into(),
                });
            }
            prev_hash = row.hash.clone();
            expected_seq += 1;
        }
        progress(expected_seq - 1, total);
    }
    let checked = expected_seq - 1;
    if checked != total || prev_hash != head.last_hash {
        return Ok(Verification::Broken {
            seq: checked + 1,
            reason: format!("the log ends at entry {checked} but the chain head says {total}"),
        });
    }
    Ok(Verification::Intact { entries: checked })
}

fn hash_of(row: &audit_log::Model) -> String {
    let at = format_at(row.at);
    let user_id = row.user_id.map(|u| u.to_string());
    chain_hash(
        &row.prev_hash,
        &AuditFields {
            seq: row.seq,
            at: &at,
            user_id: user_id.as_deref(),
            role: row.role.as_deref(),
            organisation_ods: row.organisation_ods.as_deref(),
            action: &row.action,
            nhs_number: row.nhs_number.as_deref(),
            record_type: &row.record_type,
            record_id: row.record_id.as_deref(),
            outcome: &row.outcome,
        },
    )
}

/// The most recent entries about one patient, newest first (for tests and, later, the patient's access log).
pub async fn entries_for_patient(
    conn: &impl ConnectionTrait,
    nhs_number: &str,
    limit: u64,
) -> Result<Vec<audit_log::Model>> {
    Ok(audit_log::Entity::find()
        .filter(audit_log::Column::NhsNumber.eq(nhs_number))
        .order_by_desc(audit_log::Column::Seq)
        .limit(limit)
        .all(conn)
        .await?)
}
