//! Idempotency keys for API POSTs (IETF httpapi "Idempotency-Key" header draft).
//!
//! A key is first claimed in its own short transaction (`in_flight`); the use case that makes
//! the change then completes it inside its own transaction, so the change and the stored
//! response commit together. A repeat with the same key and body gets the stored response; the
//! same key with another body is refused; a repeat while the first is in flight is refused.
//! A claim left `in_flight` by a crashed process (its change never committed) may be taken
//! over once it is older than [`STALE_AFTER`].

use super::entity::idempotency_key;
use crate::{Result, Store, is_unique_violation, now};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel,
    QueryFilter, TransactionTrait,
};
use sha2::{Digest, Sha256};
use time::Duration;

/// An in-flight claim older than this belongs to a request that died before its change committed.
pub const STALE_AFTER: Duration = Duration::seconds(120);
/// Completed keys are kept this long, then forgotten.
pub const KEEP_FOR: Duration = Duration::hours(24);

/// A claimed key, carried to the use case that completes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Claim {
    /// The key's row.
    pub id: i64,
}

/// What claiming a key found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ClaimOutcome {
    /// The key is new (or was abandoned): go ahead.
    Claimed(Claim),
    /// The same request was done before: send this response again.
    Replay {
        /// HTTP status.
        status: u16,
        /// Response body (JSON).
        body: String,
    },
    /// The key was used with a different request.
    Mismatch,
    /// The first request with this key has not finished.
    InFlight,
}

/// The fingerprint of a request: method, path and body.
pub fn request_hash(method: &str, path: &str, body: &[u8]) -> String {
    let mut h = Sha256::new();
    h.update(method.as_bytes());
    h.update(b" ");
    h.update(path.as_bytes());
    h.update(b"\n");
    h.update(body);
    hex::encode(h.finalize())
}

/// Claims `key` for `caller` and a request with fingerprint `hash`.
pub async fn claim(store: &Store, caller: &str, key: &str, hash: &str) -> Result<ClaimOutcome> {
    let txn = store.write().await?;
    let existing = idempotency_key::Entity::find()
        .filter(idempotency_key::Column::Caller.eq(caller))
        .filter(idempotency_key::Column::Key.eq(key))
        .one(&txn)
        .await?;
    let outcome = match existing {
        Some(row) if row.request_hash != hash => ClaimOutcome::Mismatch,
        Some(row) if row.state == "done" => ClaimOutcome::Replay {
            status: row.response_status.unwrap_or(200) as u16,
            body: row.response_body.unwrap_or_default(),
        },
        Some(row) if now() - row.created_at < STALE_AFTER => ClaimOutcome::InFlight,
        Some(row) => {
            let id = row.id;
            let mut active = row.into_active_model();
            active.created_at = Set(now());
            active.update(&txn).await?;
            ClaimOutcome::Claimed(Claim { id })
        }
        None => {
            let row = idempotency_key::ActiveModel {
                caller: Set(caller.to_owned()),
                key: Set(key.to_owned()),
                request_hash: Set(hash.to_owned()),
                state: Set("in_flight".into()),
                response_status: Set(None),
                response_body: Set(None),
                created_at: Set(now()),
                ..Default::default()
            };
            // A nested savepoint: PostgreSQL refuses further statements after a failed one.
            let sp = txn.begin().await?;
            match row.insert(&sp).await {
                Ok(m) => {
                    sp.commit().await?;
                    ClaimOutcome::Claimed(Claim { id: m.id })
                }
                Err(e) if is_unique_violation(&e) => {
                    sp.rollback().await?;
                    ClaimOutcome::InFlight
                }
                Err(e) => return Err(e.into()),
            }
        }
    };
    txn.commit().await?;
    if matches!(outcome, ClaimOutcome::Claimed(_)) {
        forget_old(store).await?;
    }
    Ok(outcome)
}

/// Records the response for a claim, inside the transaction of the change it belongs to.
pub async fn complete(
    conn: &impl ConnectionTrait,
    claim: Claim,
    status: u16,
    body: &str,
) -> Result<()> {
    idempotency_key::Entity::update_many()
        .col_expr(
            idempotency_key::Column::State,
            sea_orm::sea_query::Expr::value("done"),
        )
        .col_expr(
            idempotency_key::Column::ResponseStatus,
            sea_orm::sea_query::Expr::value(i32::from(status)),
        )
        .col_expr(
            idempotency_key::Column::ResponseBody,
            sea_orm::sea_query::Expr::value(body),
        )
        .filter(idempotency_key::Column::Id.eq(claim.id))
        .exec(conn)
        .await?;
    Ok(())
}

/// True when the claim is still in flight (the handler did not complete it).
pub async fn is_open(store: &Store, claim: Claim) -> Result<bool> {
    Ok(idempotency_key::Entity::find_by_id(claim.id)
        .one(store.db())
        .await?
        .is_some_and(|r| r.state == "in_flight"))
}

/// Gives a claim up after a failure that changed nothing, so that a retry can run.
pub async fn release(store: &Store, claim: Claim) -> Result<()> {
    idempotency_key::Entity::delete_many()
        .filter(idempotency_key::Column::Id.eq(claim.id))
        .filter(idempotency_key::Column::State.eq("in_flight"))
        .exec(store.db())
        .await?;
    Ok(())
}

async fn forget_old(store: &Store) -> Result<()> {
    idempotency_key::Entity::delete_many()
        .filter(idempotency_key::Column::State.eq("done"))
        .filter(idempotency_key::Column::CreatedAt.lt(now() - KEEP_FOR))
        .exec(store.db())
        .await?;
    Ok(())
}
