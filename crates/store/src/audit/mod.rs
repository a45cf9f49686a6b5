//! The append-only, hash-chained audit log of every read and change of patient data.
//!
//! [`record`] appends inside the caller's transaction, so the entry commits with the change
//! or not at all. It takes no lock that other appenders wait for: an entry is inserted with
//! its own `id` and no place in the chain yet. [`seal`] (run every second by each `serve`
//! process, and by `audit verify` before it walks) then chains the committed, unsealed entries
//! in `id` order: it takes the single `audit_head` row, so sealers queue for one another and
//! never for requests. Until an entry is sealed, database triggers already refuse to change
//! or delete it; sealing adds the hash chain that shows tampering by anyone who could drop
//! the triggers.

pub mod access_log;
pub mod entity;
pub(crate) mod reads;

use crate::{Result, Store, now};
use entity::{audit_head, audit_log};
use joinedup_core::audit::{AuditFields, GENESIS_HASH, chain_hash};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveValue::{NotSet, Set},
    ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
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

/// Appends one entry, inside the caller's transaction; returns its `id`.
pub async fn record(
    conn: &impl ConnectionTrait,
    who: &AuditActor,
    event: AuditEvent<'_>,
) -> Result<i64> {
    let inserted = audit_log::Entity::insert(audit_log::ActiveModel {
        id: NotSet,
        seq: Set(None),
        at: Set(now()),
        user_id: Set(who.user_id),
        role: Set(who.role.clone()),
        organisation_ods: Set(who.organisation_ods.clone()),
        action: Set(event.action.to_owned()),
        nhs_number: Set(event.nhs_number),
        record_type: Set(event.record_type.to_owned()),
        record_id: Set(event.record_id),
        outcome: Set(event.outcome.to_owned()),
        prev_hash: Set(None),
        hash: Set(None),
    })
    .exec(conn)
    .await?;
    Ok(inserted.last_insert_id)
}

/// Records the entries of a read (a search, a page of a record) and returns once they are
/// written; many requests' entries are written together (see `reads`). Changes record their
/// entries with [`record`] inside their own transaction instead.
pub async fn record_read(
    store: &Store,
    who: &AuditActor,
    events: Vec<AuditEvent<'_>>,
) -> Result<()> {
    reads::record(&store.audit_reads, who, events).await
}

/// How many entries one sealing transaction chains at most. Small, because audit entries of
/// reads wait behind it for the writer: at 2,000 the slowest hundredth of patient searches took
/// 35-45 ms under load, at 200 about 15 ms, for the same throughput.
pub const SEAL_BATCH: u64 = 200;

/// Chains the committed entries that are not sealed yet, in `id` order, a batch per
/// transaction, until none is left; returns how many it sealed.
pub async fn seal(store: &Store) -> Result<u64> {
    let mut sealed = 0;
    loop {
        let txn = store.write().await?;
        // Touching the head takes its row lock: one sealer at a time across all instances.
        let head = audit_head::Entity::update_many()
            .col_expr(
                audit_head::Column::LastSeq,
                Expr::col(audit_head::Column::LastSeq),
            )
            .filter(audit_head::Column::Id.eq(1))
            .exec_with_returning(&txn)
            .await?
            .into_iter()
            .next()
            .ok_or_else(|| anyhow::anyhow!("audit head row is missing"))?;
        let rows = audit_log::Entity::find()
            .filter(audit_log::Column::Seq.is_null())
            .order_by_asc(audit_log::Column::Id)
            .limit(SEAL_BATCH)
            .all(&txn)
            .await?;
        if rows.is_empty() {
            txn.rollback().await?;
            return Ok(sealed);
        }
        let mut seq = head.last_seq;
        let mut last_hash = head.last_hash;
        let n = rows.len() as u64;
        let mut sealed_rows = Vec::with_capacity(rows.len());
        for row in &rows {
            seq += 1;
            let hash = hash_of(row, seq, &last_hash);
            sealed_rows.push((
                row.id,
                seq,
                std::mem::replace(&mut last_hash, hash.clone()),
                hash,
            ));
        }
        for chunk in sealed_rows.chunks(500) {
            txn.execute_raw(seal_statement(txn.get_database_backend(), chunk))
                .await?;
        }
        audit_head::Entity::update_many()
            .col_expr(audit_head::Column::LastSeq, Expr::value(seq))
            .col_expr(audit_head::Column::LastHash, Expr::value(last_hash))
            .filter(audit_head::Column::Id.eq(1))
            .exec(&txn)
            .await?;
        txn.commit().await?;
        sealed += n;
        if n < SEAL_BATCH {
            return Ok(sealed);
        }
    }
}

/// One statement that seals a chunk of entries: `(id, seq, prev_hash, hash)` each.
fn seal_statement(
    backend: sea_orm::DatabaseBackend,
    chunk: &[(i64, i64, String, String)],
) -> sea_orm::Statement {
    let pg = backend == sea_orm::DatabaseBackend::Postgres;
    let mut values = Vec::with_capacity(chunk.len() * 4);
    let mut tuples = Vec::with_capacity(chunk.len());
    for (i, (id, seq, prev, hash)) in chunk.iter().enumerate() {
        let n = i * 4;
        tuples.push(if pg {
            format!(
                "(${}::bigint, ${}::bigint, ${}::text, ${}::text)",
                n + 1,
                n + 2,
                n + 3,
                n + 4
            )
        } else {
            "(?, ?, ?, ?)".to_owned()
        });
        values.extend([
            (*id).into(),
            (*seq).into(),
            prev.clone().into(),
            hash.clone().into(),
        ]);
    }
    let sql = if pg {
        format!(
            "UPDATE audit_log AS a SET seq = v.seq, prev_hash = v.prev_hash, hash = v.hash \
             FROM (VALUES {}) AS v(id, seq, prev_hash, hash) WHERE a.id = v.id",
            tuples.join(", ")
        )
    } else {
        format!(
            "UPDATE audit_log SET seq = v.column2, prev_hash = v.column3, hash = v.column4 \
             FROM (VALUES {}) AS v WHERE audit_log.id = v.column1",
            tuples.join(", ")
        )
    };
    sea_orm::Statement::from_sql_and_values(backend, sql, values)
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

/// Walks the sealed chain in order, reporting progress as `(checked, total)`; call [`seal`]
/// first to include the newest entries.
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
            .filter(audit_log::Column::Seq.lte(total))
            .order_by_asc(audit_log::Column::Seq)
            .limit(BATCH)
            .all(conn)
            .await?;
        if rows.is_empty() {
            break;
        }
        for row in &rows {
            let seq = row.seq.unwrap_or_default();
            if seq != expected_seq {
                return Ok(Verification::Broken {
                    seq: expected_seq,
                    reason: format!("entry {expected_seq} is missing (next present is {seq})"),
                });
            }
            if row.prev_hash.as_deref() != Some(prev_hash.as_str()) {
                return Ok(Verification::Broken {
                    seq,
                    reason: "it does not point to the previous entry's hash".into(),
                });
            }
            let hash = hash_of(row, seq, &prev_hash);
            if row.hash.as_deref() != Some(hash.as_str()) {
                return Ok(Verification::Broken {
                    seq,
                    reason: "its content does not match its hash (the entry was changed)".into(),
                });
            }
            prev_hash = hash;
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

/// The chain hash of `row` placed at `seq` after an entry whose hash is `prev_hash`.
fn hash_of(row: &audit_log::Model, seq: i64, prev_hash: &str) -> String {
    let at = format_at(row.at);
    let user_id = row.user_id.map(|u| u.to_string());
    chain_hash(
        prev_hash,
        &AuditFields {
            seq,
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
        .order_by_desc(audit_log::Column::Id)
        .limit(limit)
        .all(conn)
        .await?)
}
