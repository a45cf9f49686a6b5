//! joinedup's database layer: migrations, entities, per-area use cases and the audit log.
//!
//! One code path serves SQLite (embedded default) and PostgreSQL (scale-out), chosen at run
//! time from the database URL. Each use case runs in one transaction with its audit entry.
#![forbid(unsafe_code)]

pub mod advice;
pub mod audit;
pub mod demo;
pub mod letters;
pub mod migration;
pub mod people;
pub mod platform;
pub mod testing;

use sea_orm::sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous};
use sea_orm::{
    ConnectOptions, Database, DatabaseBackend, DatabaseConnection, DatabaseTransaction, DbErr,
    SqliteTransactionMode, TransactionOptions, TransactionTrait,
};
use sea_orm_migration::MigratorTrait;
use std::time::Duration;

/// The result type of every store function.
pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// What can go wrong in a store call, in terms the web layer can map to a response.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The record does not exist, or the actor may not see it (the two are not told apart).
    #[error("not found")]
    NotFound,
    /// The change conflicts with existing data (for example a duplicate NHS number), or with
    /// the record's current state (someone else changed it first).
    #[error("conflict: {0}")]
    Conflict(String),
    /// The actor's role may never do this; the message says why.
    #[error("forbidden: {0}")]
    Forbidden(String),
    /// Fields of the input are wrong; nothing was written.
    #[error("invalid input")]
    Invalid(Vec<joinedup_core::people::patient::FieldError>),
    /// The database failed.
    #[error(transparent)]
    Db(#[from] DbErr),
    /// Anything else (password hashing, a background task).
    #[error(transparent)]
    Other(#[from] anyhow::Error),
}

/// How many connections [`Store::reads`] holds at most besides the pool's (on SQLite, how many of
/// its statements may run off the requests' threads at once).
const HELD_READERS: usize = 8;

/// A connection pool to one database, SQLite or PostgreSQL.
#[derive(Clone, Debug)]
pub struct Store {
    db: DatabaseConnection,
    /// SQLite only: a one-connection pool that write transactions queue for, in order, instead
    /// of polling the file lock (whose back-off sleeps gave long tail latencies under load).
    writer: Option<DatabaseConnection>,
    /// The queue of read audit entries (see `audit::record_read`).
    audit_reads: audit::reads::Queue,
    /// Connections for the reads every signed-in request makes (see `platform::reads`).
    reads: platform::reads::Reads,
}

impl Store {
    /// Connects to `url` (`sqlite://…` or `postgres://…`), with SQLite in WAL mode,
    /// foreign keys on and a busy timeout so that writers queue rather than fail.
    pub async fn connect(url: &str) -> Result<Self> {
        let options = |max: u32| {
            let mut opts = ConnectOptions::new(url.to_owned());
            opts.sqlx_logging(false)
                .connect_timeout(Duration::from_secs(10))
                .acquire_timeout(Duration::from_secs(30))
                .max_connections(max)
                .min_connections(1);
            if url.starts_with("sqlite:") {
                // An in-process file cannot drop a connection; a ping on every checkout was one
                // more round trip to the connection's thread per statement.
                opts.test_before_acquire(false);
                opts.map_sqlx_sqlite_opts(|o| {
                    o.journal_mode(SqliteJournalMode::Wal)
                        .busy_timeout(Duration::from_secs(10))
                        .synchronous(SqliteSynchronous::Normal)
                        .foreign_keys(true)
                        .create_if_missing(true)
                });
            } else {
                // A server or a proxy may drop a connection that sat idle; a busy one is live.
                opts.test_before_acquire_if_idle_for(Duration::from_secs(30));
            }
            opts
        };
        if url.starts_with("sqlite:") {
            if url.contains(":memory:") || url.contains("mode=memory") {
                // The hot reads open the file by its name on connections of their own.
                return Err(StoreError::Other(anyhow::anyhow!(
                    "an in-memory SQLite database is not supported: give a file, such as \
                     sqlite://joinedup.db?mode=rwc"
                )));
            }
            let db = Database::connect(options(8)).await?;
            let writer = Database::connect(options(1)).await?;
            Ok(Self {
                reads: platform::reads::Reads::like(&db, HELD_READERS),
                db,
                audit_reads: audit::reads::start(writer.clone()),
                writer: Some(writer),
            })
        } else {
            let db = Database::connect(options(20)).await?;
            Ok(Self {
                audit_reads: audit::reads::start(platform::held::Held::like(&db, 1)),
                reads: platform::reads::Reads::like(&db, HELD_READERS),
                db,
                writer: None,
            })
        }
    }

    /// Brings the schema to the current version. On SQLite every step runs on the one writer
    /// connection: a pooled connection holding an older copy of the schema could otherwise
    /// skip a `DROP … IF EXISTS` that another connection's step made necessary.
    pub async fn migrate(&self) -> Result<()> {
        migration::Migrator::up(self.writer.as_ref().unwrap_or(&self.db), None).await?;
        Ok(())
    }

    /// The connection pool, for read-only queries.
    pub fn db(&self) -> &DatabaseConnection {
        &self.db
    }

    /// Connections for the hot reads of every request (the session, a patient search, an API
    /// token), on the cheapest path each database offers (see `platform::reads`).
    pub fn reads(&self) -> &platform::reads::Reads {
        &self.reads
    }

    /// Which database this is.
    pub fn backend(&self) -> DatabaseBackend {
        self.db.get_database_backend()
    }

    /// Starts a write transaction. On SQLite it waits its turn for the single writer connection and
    /// takes the write lock at once (`BEGIN IMMEDIATE`), so a transaction that reads and then
    /// writes never fails on a stale snapshot.
    pub async fn write(&self) -> Result<DatabaseTransaction> {
        let opts = TransactionOptions {
            sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
            ..Default::default()
        };
        Ok(self
            .writer
            .as_ref()
            .unwrap_or(&self.db)
            .begin_with_options(opts)
            .await?)
    }

    /// True when the database answers a trivial query.
    pub async fn ping(&self) -> bool {
        self.db.ping().await.is_ok()
    }

    /// Closes the pool.
    pub async fn close(self) -> Result<()> {
        self.reads.close().await;
        if let Some(w) = self.writer {
            w.close().await?;
        }
        self.db.close().await?;
        Ok(())
    }
}

/// The current time in UTC, truncated to microseconds so that both databases return what was written.
pub fn now() -> time::OffsetDateTime {
    let t = time::OffsetDateTime::now_utc();
    t.replace_nanosecond(t.nanosecond() / 1_000 * 1_000)
        .expect("valid nanosecond")
}

/// True when the error is a unique-key violation, on either database.
pub fn is_unique_violation(err: &DbErr) -> bool {
    matches!(
        err.sql_err(),
        Some(sea_orm::SqlErr::UniqueConstraintViolation(_))
    )
}
