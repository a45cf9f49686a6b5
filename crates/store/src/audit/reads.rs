//! Group commit for the audit entries of reads. A read has no change to commit with, so its
//! entries need not share a transaction with anything: requests hand them to one writer task,
//! which inserts whatever has queued up in one statement and then answers every request. A
//! request waits for that answer before it shows any data, so no read is ever served without
//! its entry on disk, while a busy service makes one write per batch instead of one per page.

use super::entity::audit_log;
use super::{AuditActor, AuditEvent};
use crate::{Result, now};
use sea_orm::{ActiveValue::NotSet, ActiveValue::Set, ConnectionTrait, EntityTrait};
use tokio::sync::{mpsc, oneshot};

/// The most entries one batch inserts.
const BATCH: usize = 500;

/// One entry, owned so that it can wait in the queue.
#[derive(Debug)]
struct Entry {
    who: AuditActor,
    action: String,
    nhs_number: Option<String>,
    record_type: String,
    record_id: Option<String>,
    outcome: String,
}

/// Entries from one request, and where to say they are written.
#[derive(Debug)]
pub(crate) struct Pending {
    entries: Vec<Entry>,
    done: oneshot::Sender<std::result::Result<(), String>>,
}

/// The sending side, held by every clone of the store; the writer task ends when the last
/// clone is dropped.
pub(crate) type Queue = mpsc::Sender<Pending>;

/// Starts the writer task on `conn` and returns its queue. On SQLite `conn` is the single writer
/// connection, shared with write transactions; on PostgreSQL it is a connection of its own,
/// held outside the pool so that a batch is one exchange with the server.
pub(crate) fn start(conn: impl ConnectionTrait + Send + 'static) -> Queue {
    let (tx, mut rx) = mpsc::channel::<Pending>(4096);
    tokio::spawn(async move {
        while let Some(first) = rx.recv().await {
            let mut batch = vec![first];
            let mut count = batch[0].entries.len();
            while count < BATCH {
                match rx.try_recv() {
                    Ok(p) => {
                        count += p.entries.len();
                        batch.push(p);
                    }
                    Err(_) => break,
                }
            }
            let result = write(&conn, &batch).await.map_err(|e| e.to_string());
            for p in batch {
                let _ = p.done.send(result.clone());
            }
        }
    });
    tx
}

async fn write(conn: &impl ConnectionTrait, batch: &[Pending]) -> Result<()> {
    let at = now();
    let rows: Vec<audit_log::ActiveModel> = batch
        .iter()
        .flat_map(|p| &p.entries)
        .map(|e| audit_log::ActiveModel {
            id: NotSet,
            seq: Set(None),
            at: Set(at),
            user_id: Set(e.who.user_id),
            role: Set(e.who.role.clone()),
            organisation_ods: Set(e.who.organisation_ods.clone()),
            action: Set(e.action.clone()),
            nhs_number: Set(e.nhs_number.clone()),
            record_type: Set(e.record_type.clone()),
            record_id: Set(e.record_id.clone()),
            outcome: Set(e.outcome.clone()),
            prev_hash: Set(None),
            hash: Set(None),
        })
        .collect();
    if rows.is_empty() {
        return Ok(());
    }
    audit_log::Entity::insert_many(rows)
        .exec_without_returning(conn)
        .await?;
    Ok(())
}

/// Records the entries of a read and waits until they are written.
pub(crate) async fn record(
    queue: &Queue,
    who: &AuditActor,
    events: Vec<AuditEvent<'_>>,
) -> Result<()> {
    if events.is_empty() {
        return Ok(());
    }
    let (done, written) = oneshot::channel();
    let entries = events
        .into_iter()
        .map(|e| Entry {
            who: who.clone(),
            action: e.action.to_owned(),
            nhs_number: e.nhs_number,
            record_type: e.record_type.to_owned(),
            record_id: e.record_id,
            outcome: e.outcome.to_owned(),
        })
        .collect();
    queue
        .send(Pending { entries, done })
        .await
        .map_err(|_| anyhow::anyhow!("the audit writer has stopped"))?;
    written
        .await
        .map_err(|_| anyhow::anyhow!("the audit writer stopped before writing"))?
        .map_err(|e| anyhow::anyhow!("writing audit entries failed: {e}").into())
}
