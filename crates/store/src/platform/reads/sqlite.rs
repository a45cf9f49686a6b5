//! Hot reads on SQLite, run on the caller's own thread.
//!
//! sqlx runs each SQLite connection on a thread of its own and hands every statement to it and
//! every row back, which under load cost some 50–80 µs of CPU per statement (channel, futex
//! wake-ups, a copy of every value) against a few µs of SQLite's own work. The hot reads are
//! short indexed lookups, so here they run synchronously on the request's thread through
//! rusqlite, linked to the same SQLite library as sqlx. Two guards keep a tokio worker from
//! being held up: a statement that runs past [`INLINE_BUDGET`] is interrupted and run again on
//! the blocking pool, and so is one that finds the database busy (no busy wait on a worker).
//! A slow disk read is not interruptible; the hot reads touch a few index pages each.
//! Memory-mapped reads (`mmap_size`) were measured slower here too: the file grows with every
//! audit commit, and each read transaction then remaps it.
//!
//! Values are bound exactly as sqlx-sqlite encodes them (a UUID as its 16 bytes, a timestamp
//! as RFC 3339 text, a date as `YYYY-MM-DD`), so a hot read finds the same rows as the pool.

use super::{Cell, Cells, FromCells};
use sea_orm::sea_query::{OptionEnum, Value};
use sea_orm::{DbErr, RuntimeErr, Statement};
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};
use time::OffsetDateTime;
use time::PrimitiveDateTime;
use time::format_description::well_known::Rfc3339;
use time::macros::format_description as fd;
use tokio::sync::Semaphore;

/// How long a statement may run on the caller's thread before it is moved to the blocking pool.
pub const INLINE_BUDGET: Duration = Duration::from_millis(2);

/// How often (in SQLite virtual machine steps) the running statement checks its deadline.
const PROGRESS_STEPS: i32 = 1000;

/// How long a statement moved to the blocking pool waits for a busy database, as the pool does.
const BLOCKING_BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// Read connections to one SQLite file, opened when first needed. Clones share them.
#[derive(Clone)]
pub struct Readers {
    inner: Arc<Inner>,
}

struct Inner {
    path: PathBuf,
    idle: Mutex<Vec<Reader>>,
    open: Arc<AtomicUsize>,
    /// Bounds the statements running on the blocking pool at once.
    moved: Semaphore,
}

impl std::fmt::Debug for Readers {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Readers")
            .field("path", &self.inner.path)
            .field("open", &self.connections())
            .finish()
    }
}

impl Readers {
    /// Readers of the file at `path`; at most `max` statements run off the callers' threads.
    pub fn new(path: PathBuf, max: usize) -> Self {
        Self {
            inner: Arc::new(Inner {
                path,
                idle: Mutex::new(Vec::new()),
                open: Arc::new(AtomicUsize::new(0)),
                moved: Semaphore::new(max),
            }),
        }
    }

    /// How many connections are open, idle or running a statement.
    pub fn connections(&self) -> usize {
        self.inner.open.load(Ordering::Relaxed)
    }

    /// Closes the idle connections and accepts no more statements off the callers' threads.
    pub fn close(&self) {
        self.inner.moved.close();
        self.inner.idle.lock().expect("idle readers").clear();
    }

    fn take(&self) -> Result<Reader, DbErr> {
        let idle = self.inner.idle.lock().expect("idle readers").pop();
        match idle {
            Some(r) => Ok(r),
            None => Reader::open(&self.inner.path, self.inner.open.clone()),
        }
    }

    /// The rows of `stmt`: on this thread when it is quick, else (it ran past its budget, or the
    /// database was busy) on the blocking pool, on a connection closed afterwards. Dropping the
    /// future interrupts a statement that was moved. A connection whose statement failed is
    /// closed, never reused.
    pub async fn rows<T: FromCells + Send + 'static>(
        &self,
        stmt: Statement,
    ) -> Result<Vec<T>, DbErr> {
        let reader = self.take()?;
        match reader.run_inline(&stmt) {
            Ok(rows) => {
                self.inner.idle.lock().expect("idle readers").push(reader);
                return Ok(rows);
            }
            Err(Failure::Err(e)) => return Err(e),
            Err(Failure::Move) => {}
        }
        let _permit = self
            .inner
            .moved
            .acquire()
            .await
            .map_err(|_| DbErr::ConnectionAcquire(sea_orm::ConnAcquireErr::ConnectionClosed))?;
        let mut interrupt = InterruptOnDrop(Some(reader.conn.get_interrupt_handle()));
        let done = tokio::task::spawn_blocking(move || reader.run_blocking(&stmt))
            .await
            .map_err(|e| DbErr::Custom(format!("a hot read did not finish: {e}")));
        interrupt.0 = None;
        done?
    }
}

/// Interrupts a statement moved to the blocking pool when its caller goes away.
struct InterruptOnDrop(Option<rusqlite::InterruptHandle>);

impl Drop for InterruptOnDrop {
    fn drop(&mut self) {
        if let Some(h) = self.0.take() {
            h.interrupt();
        }
    }
}

/// One rusqlite connection opened for reading, with the deadline its progress handler checks.
struct Reader {
    conn: rusqlite::Connection,
    /// Nanoseconds after [`epoch`] past which the running statement is interrupted.
    deadline: Arc<AtomicU64>,
    open: Arc<AtomicUsize>,
}

impl Drop for Reader {
    fn drop(&mut self) {
        self.open.fetch_sub(1, Ordering::Relaxed);
    }
}

/// How a statement run on the caller's thread ended, when it did not return rows.
enum Failure {
    /// It ran past its budget or found the database busy: run it again off the thread.
    Move,
    /// It failed for good.
    Err(DbErr),
}

/// Why [`Reader::run`] stopped.
enum Stop {
    Sqlite(rusqlite::Error),
    Decode(DbErr),
}

impl From<rusqlite::Error> for Stop {
    fn from(e: rusqlite::Error) -> Self {
        Stop::Sqlite(e)
    }
}

fn epoch() -> Instant {
    static EPOCH: OnceLock<Instant> = OnceLock::new();
    *EPOCH.get_or_init(Instant::now)
}

fn nanos_since_epoch(at: Instant) -> u64 {
    u64::try_from(at.saturating_duration_since(epoch()).as_nanos()).unwrap_or(u64::MAX)
}

fn err(e: impl std::fmt::Display) -> DbErr {
    DbErr::Query(RuntimeErr::Internal(format!("SQLite: {e}")))
}

impl Reader {
    /// Opens `path` read-only (`query_only`), never waiting on a busy database.
    fn open(path: &std::path::Path, open: Arc<AtomicUsize>) -> Result<Self, DbErr> {
        use rusqlite::OpenFlags;
        let conn = rusqlite::Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|e| DbErr::Conn(RuntimeErr::Internal(format!("SQLite: {e}"))))?;
        conn.pragma_update(None, "query_only", true).map_err(err)?;
        conn.busy_timeout(Duration::ZERO).map_err(err)?;
        conn.set_prepared_statement_cache_capacity(64);
        let deadline = Arc::new(AtomicU64::new(u64::MAX));
        let watched = deadline.clone();
        conn.progress_handler(
            PROGRESS_STEPS,
            Some(move || nanos_since_epoch(Instant::now()) > watched.load(Ordering::Relaxed)),
        )
        .map_err(err)?;
        open.fetch_add(1, Ordering::Relaxed);
        Ok(Self {
            conn,
            deadline,
            open,
        })
    }

    /// Runs `stmt` on this thread, interrupting it after [`INLINE_BUDGET`].
    fn run_inline<T: FromCells>(&self, stmt: &Statement) -> Result<Vec<T>, Failure> {
        self.deadline.store(
            nanos_since_epoch(Instant::now() + INLINE_BUDGET),
            Ordering::Relaxed,
        );
        let out = self.run(stmt);
        self.deadline.store(u64::MAX, Ordering::Relaxed);
        out.map_err(|stop| match stop {
            Stop::Sqlite(e)
                if matches!(
                    e.sqlite_error_code(),
                    Some(
                        rusqlite::ErrorCode::OperationInterrupted
                            | rusqlite::ErrorCode::DatabaseBusy
                    )
                ) =>
            {
                Failure::Move
            }
            Stop::Sqlite(e) => Failure::Err(err(e)),
            Stop::Decode(e) => Failure::Err(e),
        })
    }

    /// Runs `stmt` to its end, waiting for a busy database as the pool would: for the blocking
    /// pool only. The connection is closed afterwards, with its busy timeout changed.
    fn run_blocking<T: FromCells>(self, stmt: &Statement) -> Result<Vec<T>, DbErr> {
        self.conn.busy_timeout(BLOCKING_BUSY_TIMEOUT).map_err(err)?;
        self.run(stmt).map_err(|stop| match stop {
            Stop::Sqlite(e) => err(e),
            Stop::Decode(e) => e,
        })
    }

    fn run<T: FromCells>(&self, stmt: &Statement) -> Result<Vec<T>, Stop> {
        let mut prepared = self.conn.prepare_cached(&stmt.sql)?;
        let params = match &stmt.values {
            Some(values) => values.0.iter().map(bind).collect::<Result<Vec<_>, _>>()?,
            None => Vec::new(),
        };
        let names: Vec<String> = prepared
            .column_names()
            .into_iter()
            .map(str::to_owned)
            .collect();
        let mut rows = prepared.query(rusqlite::params_from_iter(params))?;
        let mut out = Vec::new();
        while let Some(row) = rows.next()? {
            let cells = SqliteCells { row, names: &names };
            out.push(T::from_cells(&cells).map_err(Stop::Decode)?);
        }
        Ok(out)
    }
}

/// A rusqlite row with its statement's column names.
struct SqliteCells<'a, 'r> {
    row: &'a rusqlite::Row<'r>,
    names: &'a [String],
}

impl Cells for SqliteCells<'_, '_> {
    fn get<T: Cell>(&self, prefix: &str, column: &str) -> Result<T, DbErr> {
        let name_is = |n: &String| {
            n.len() == prefix.len() + column.len() && n.starts_with(prefix) && n.ends_with(column)
        };
        let i = self
            .names
            .iter()
            .position(name_is)
            .ok_or_else(|| DbErr::Type(format!("no column {prefix}{column} in the row")))?;
        let v = self.row.get_ref(i).map_err(err)?;
        T::from_sqlite(v).map_err(|e| DbErr::Type(format!("column {prefix}{column}: {e}")))
    }
}

fn conversion(e: impl Into<Box<dyn std::error::Error + Send + Sync>>) -> rusqlite::Error {
    rusqlite::Error::ToSqlConversionFailure(e.into())
}

/// `v` as sqlx-sqlite would bind it, so that comparisons (timestamps are compared as text)
/// find the same rows on either path.
fn bind(v: &Value) -> rusqlite::Result<rusqlite::types::Value> {
    use rusqlite::types::Value as S;
    fn or_null<T>(v: &Option<T>, f: impl FnOnce(&T) -> S) -> S {
        v.as_ref().map_or(S::Null, f)
    }
    fn text<T>(
        v: &Option<T>,
        f: impl FnOnce(&T) -> Result<String, time::error::Format>,
    ) -> rusqlite::Result<S> {
        match v {
            Some(t) => f(t).map(S::Text).map_err(conversion),
            None => Ok(S::Null),
        }
    }
    Ok(match v {
        Value::Bool(b) => or_null(b, |b| S::Integer(i64::from(*b))),
        Value::TinyInt(i) => or_null(i, |i| S::Integer(i64::from(*i))),
        Value::SmallInt(i) => or_null(i, |i| S::Integer(i64::from(*i))),
        Value::Int(i) => or_null(i, |i| S::Integer(i64::from(*i))),
        Value::BigInt(i) => or_null(i, |i| S::Integer(*i)),
        Value::TinyUnsigned(i) => or_null(i, |i| S::Integer(i64::from(*i))),
        Value::SmallUnsigned(i) => or_null(i, |i| S::Integer(i64::from(*i))),
        Value::Unsigned(i) => or_null(i, |i| S::Integer(i64::from(*i))),
        Value::BigUnsigned(i) => match i {
            Some(i) => S::Integer(i64::try_from(*i).map_err(conversion)?),
            None => S::Null,
        },
        Value::Float(f) => or_null(f, |f| S::Real(f64::from(*f))),
        Value::Double(f) => or_null(f, |f| S::Real(*f)),
        Value::String(s) => or_null(s, |s| S::Text(s.clone())),
        Value::Enum(OptionEnum::Some(e)) => S::Text(e.value.to_string()),
        Value::Enum(OptionEnum::None(_)) => S::Null,
        Value::Char(c) => or_null(c, |c| S::Text(c.to_string())),
        Value::Bytes(b) => or_null(b, |b| S::Blob(b.clone())),
        Value::Json(j) => or_null(j, |j| S::Text(j.to_string())),
        Value::TimeDate(d) => text(d, |d| d.format(fd!("[year]-[month]-[day]")))?,
        Value::TimeTime(t) => text(t, |t| t.format(fd!("[hour]:[minute]:[second].[subsecond]")))?,
        Value::TimeDateTime(t) => text(t, |t| {
            t.format(fd!(
                "[year]-[month]-[day] [hour]:[minute]:[second].[subsecond]"
            ))
        })?,
        Value::TimeDateTimeWithTimeZone(t) => text(t, |t| t.format(&Rfc3339))?,
        Value::Uuid(u) => or_null(u, |u| S::Blob(u.as_bytes().to_vec())),
        #[allow(unreachable_patterns)]
        other => return Err(conversion(format!("no SQLite binding for {other:?}"))),
    })
}

/// Parses a timestamp in the forms sqlx-sqlite reads: RFC 3339, `YYYY-MM-DD HH:MM:SS[.f]±HH:MM`
/// (what the seed writes), or without an offset (taken as UTC).
pub(super) fn parse_offset_datetime(t: &str) -> Option<OffsetDateTime> {
    if let Ok(v) = OffsetDateTime::parse(t, &Rfc3339) {
        return Some(v);
    }
    let with_offset = fd!(
        "[year]-[month]-[day] [hour]:[minute]:[second][optional [.[subsecond]]][offset_hour sign:mandatory]:[offset_minute]"
    );
    if let Ok(v) = OffsetDateTime::parse(t, with_offset) {
        return Some(v);
    }
    let bare =
        fd!("[year]-[month]-[day][first [T] [ ]][hour]:[minute]:[second][optional [.[subsecond]]]");
    PrimitiveDateTime::parse(t, bare)
        .ok()
        .map(PrimitiveDateTime::assume_utc)
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    struct N(i64);

    impl FromCells for N {
        fn from_cells(row: &impl Cells) -> Result<Self, DbErr> {
            Ok(N(row.get("", "n")?))
        }
    }

    fn file_with_table() -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.db");
        rusqlite::Connection::open(&path)
            .unwrap()
            .execute_batch("PRAGMA journal_mode = WAL; CREATE TABLE t (x INTEGER);")
            .unwrap();
        (dir, path)
    }

    fn sql(s: &str) -> Statement {
        Statement::from_string(sea_orm::DatabaseBackend::Sqlite, s)
    }

    #[test]
    fn timestamps_bind_as_sqlx_writes_them_and_read_back_in_every_stored_form() {
        let t = datetime!(2026-12-08 09:30:15.123456 UTC);
        assert_eq!(
            bind(&Value::TimeDateTimeWithTimeZone(Some(t))).unwrap(),
            rusqlite::types::Value::Text("2026-12-08T09:30:15.123456Z".into())
        );
        for stored in [
            "2026-12-08T09:30:15.123456Z",
            "2026-12-08 09:30:15.123456+00:00",
            "2026-12-08 09:30:15.123456",
            "2026-12-08T09:30:15.123456",
        ] {
            assert_eq!(parse_offset_datetime(stored), Some(t), "{stored}");
        }
        assert_eq!(
            parse_offset_datetime("2026-12-08 10:30:15+01:00"),
            Some(datetime!(2026-12-08 09:30:15 UTC))
        );
        assert_eq!(parse_offset_datetime("8 December"), None);
    }

    #[test]
    fn uuids_bind_as_their_sixteen_bytes_and_dates_as_iso_text() {
        let u = uuid::Uuid::from_u128(0x0123_4567_89ab_cdef_0123_4567_89ab_cdef);
        assert_eq!(
            bind(&Value::Uuid(Some(u))).unwrap(),
            rusqlite::types::Value::Blob(u.as_bytes().to_vec())
        );
        assert_eq!(
            bind(&Value::TimeDate(Some(time::macros::date!(1988 - 03 - 14)))).unwrap(),
            rusqlite::types::Value::Text("1988-03-14".into())
        );
        assert_eq!(
            bind(&Value::String(None)).unwrap(),
            rusqlite::types::Value::Null
        );
    }

    #[test]
    fn a_statement_past_its_budget_is_interrupted_to_be_moved_off_the_thread() {
        let (_dir, path) = file_with_table();
        let reader = Reader::open(&path, Arc::new(AtomicUsize::new(0))).unwrap();
        let slow = sql(
            "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 100000000) \
             SELECT COUNT(*) AS n FROM c",
        );
        assert!(matches!(reader.run_inline::<N>(&slow), Err(Failure::Move)));
        let rows = match reader.run_inline::<N>(&sql("SELECT 41 + 1 AS n")) {
            Ok(rows) => rows,
            Err(_) => panic!("a quick statement runs inline"),
        };
        assert_eq!(rows[0].0, 42);
    }

    #[test]
    fn a_hot_reader_cannot_write() {
        let (_dir, path) = file_with_table();
        let reader = Reader::open(&path, Arc::new(AtomicUsize::new(0))).unwrap();
        assert!(matches!(
            reader.run_inline::<N>(&sql("INSERT INTO t VALUES (1) RETURNING x AS n")),
            Err(Failure::Err(_))
        ));
    }

    #[test]
    fn a_column_of_the_wrong_type_is_an_error_not_a_null() {
        let (_dir, path) = file_with_table();
        let reader = Reader::open(&path, Arc::new(AtomicUsize::new(0))).unwrap();
        match reader.run_inline::<N>(&sql("SELECT 'forty-two' AS n")) {
            Err(Failure::Err(e)) => assert!(e.to_string().contains("column n"), "{e}"),
            _ => panic!("text read as an integer must fail"),
        }
    }

    #[tokio::test]
    async fn a_moved_statement_is_interrupted_when_its_caller_goes_away() {
        let (_dir, path) = file_with_table();
        let readers = Readers::new(path, 2);
        let slow = sql(
            "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 1000000000) \
             SELECT COUNT(*) AS n FROM c",
        );
        let abandoned =
            tokio::time::timeout(Duration::from_millis(50), readers.rows::<N>(slow)).await;
        assert!(abandoned.is_err(), "the slow read was abandoned");
        // Interrupted, the moved statement ends and its connection closes; uninterrupted it
        // would count to a billion first.
        let mut waited = 0;
        while readers.connections() > 0 && waited < 500 {
            tokio::time::sleep(Duration::from_millis(10)).await;
            waited += 1;
        }
        assert_eq!(readers.connections(), 0);
        let rows = readers.rows::<N>(sql("SELECT 7 AS n")).await.unwrap();
        assert_eq!(rows[0].0, 7);
        assert_eq!(
            readers.connections(),
            1,
            "the quick read's connection is kept"
        );
    }
}
