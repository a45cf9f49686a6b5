//! The reads every signed-in request makes (its session, a patient search, an API token), on
//! the cheapest path each database offers, decoded by one piece of code for both.
//!
//! On PostgreSQL they run on [`Held`] connections: one round trip, no ping. On SQLite they run
//! synchronously on the request's own thread through rusqlite (see [`sqlite`]), because
//! sqlx's hand-over of each statement to a connection thread cost more CPU than SQLite's work.
//! sea-orm cannot build its row type from rusqlite's, so a hot read's row type implements
//! [`FromCells`] over [`Cells`], which both a sea-orm row and a rusqlite row provide; the
//! column types come from the Rust side, never guessed from the database's.

mod sqlite;

use super::held::Held;
use super::paging::paged_on;
use sea_orm::sea_query::SelectStatement;
use sea_orm::{
    ConnectionTrait, DatabaseBackend, DatabaseConnection, DbErr, QueryResult, Statement, TryGetable,
};
use time::{Date, OffsetDateTime};
use uuid::Uuid;

/// A row's values by column name (with the prefix sea-orm gives joined models, such as `A_`).
pub trait Cells {
    /// The value of column `prefix` + `column`, as `T`.
    fn get<T: Cell>(&self, prefix: &str, column: &str) -> Result<T, DbErr>;
}

/// A value a hot read takes from a column, on either database.
pub trait Cell: TryGetable + Sized {
    /// Decodes a value as sqlx-sqlite would (see `reads::sqlite` for the encodings).
    fn from_sqlite(v: rusqlite::types::ValueRef<'_>) -> Result<Self, String>;
}

/// A row type a hot read returns, built from its cells.
pub trait FromCells: Sized {
    /// Builds the row from `row`'s cells.
    fn from_cells(row: &impl Cells) -> Result<Self, DbErr>;
}

impl Cells for QueryResult {
    fn get<T: Cell>(&self, prefix: &str, column: &str) -> Result<T, DbErr> {
        self.try_get(prefix, column)
    }
}

fn mismatch(expected: &str, found: rusqlite::types::ValueRef<'_>) -> String {
    format!("{expected} expected, found {:?}", found.data_type())
}

impl Cell for String {
    fn from_sqlite(v: rusqlite::types::ValueRef<'_>) -> Result<Self, String> {
        v.as_str()
            .map(str::to_owned)
            .map_err(|_| mismatch("text", v))
    }
}

impl Cell for i64 {
    fn from_sqlite(v: rusqlite::types::ValueRef<'_>) -> Result<Self, String> {
        v.as_i64().map_err(|_| mismatch("integer", v))
    }
}

impl Cell for i32 {
    fn from_sqlite(v: rusqlite::types::ValueRef<'_>) -> Result<Self, String> {
        let i = v.as_i64().map_err(|_| mismatch("integer", v))?;
        i32::try_from(i).map_err(|e| format!("{i}: {e}"))
    }
}

impl Cell for bool {
    fn from_sqlite(v: rusqlite::types::ValueRef<'_>) -> Result<Self, String> {
        v.as_i64()
            .map(|i| i != 0)
            .map_err(|_| mismatch("boolean", v))
    }
}

impl Cell for Uuid {
    fn from_sqlite(v: rusqlite::types::ValueRef<'_>) -> Result<Self, String> {
        use rusqlite::types::ValueRef as R;
        match v {
            R::Blob(b) => Uuid::from_slice(b).map_err(|e| e.to_string()),
            R::Text(t) => Uuid::try_parse_ascii(t).map_err(|e| e.to_string()),
            other => Err(mismatch("UUID", other)),
        }
    }
}

impl Cell for OffsetDateTime {
    fn from_sqlite(v: rusqlite::types::ValueRef<'_>) -> Result<Self, String> {
        use rusqlite::types::ValueRef as R;
        match v {
            R::Text(_) => {
                let t = v.as_str().map_err(|e| e.to_string())?;
                sqlite::parse_offset_datetime(t).ok_or_else(|| format!("not a timestamp: {t}"))
            }
            R::Integer(i) => OffsetDateTime::from_unix_timestamp(i).map_err(|e| e.to_string()),
            other => Err(mismatch("timestamp", other)),
        }
    }
}

impl Cell for Date {
    fn from_sqlite(v: rusqlite::types::ValueRef<'_>) -> Result<Self, String> {
        let t = v.as_str().map_err(|_| mismatch("date", v))?;
        Date::parse(t, time::macros::format_description!("[year]-[month]-[day]"))
            .map_err(|e| format!("{t}: {e}"))
    }
}

impl<T: Cell> Cell for Option<T> {
    fn from_sqlite(v: rusqlite::types::ValueRef<'_>) -> Result<Self, String> {
        match v {
            rusqlite::types::ValueRef::Null => Ok(None),
            v => T::from_sqlite(v).map(Some),
        }
    }
}

/// The store's connections for the hot reads. Clones share them.
#[derive(Clone, Debug)]
pub struct Reads {
    kind: Kind,
}

#[derive(Clone, Debug)]
enum Kind {
    Held(Held),
    Sqlite(sqlite::Readers),
}

impl Reads {
    /// Up to `max` connections to `pool`'s database (on SQLite, `max` at most may be running a
    /// statement moved off a request's thread; the rest run on the requests' threads).
    pub fn like(pool: &DatabaseConnection, max: usize) -> Self {
        let kind = match pool.get_database_backend() {
            DatabaseBackend::Sqlite => Kind::Sqlite(sqlite::Readers::new(
                pool.get_sqlite_connection_pool()
                    .connect_options()
                    .get_filename()
                    .to_owned(),
                max,
            )),
            _ => Kind::Held(Held::like(pool, max)),
        };
        Self { kind }
    }

    /// Which database this reads.
    pub fn backend(&self) -> DatabaseBackend {
        match &self.kind {
            Kind::Held(h) => h.get_database_backend(),
            Kind::Sqlite(_) => DatabaseBackend::Sqlite,
        }
    }

    /// How many connections are open now, idle or running a statement.
    pub fn connections(&self) -> usize {
        match &self.kind {
            Kind::Held(h) => h.connections(),
            Kind::Sqlite(r) => r.connections(),
        }
    }

    /// Up to `limit` rows of `q` after the first `offset` (see `paging::paged`).
    pub async fn page<T: FromCells + Send + 'static>(
        &self,
        q: &SelectStatement,
        limit: u64,
        offset: u64,
    ) -> Result<Vec<T>, DbErr> {
        self.rows(paged_on(self.backend(), q, limit, offset)).await
    }

    /// Every row of `q`.
    pub async fn all<T: FromCells + Send + 'static>(
        &self,
        q: &SelectStatement,
    ) -> Result<Vec<T>, DbErr> {
        self.rows(self.backend().build(q)).await
    }

    async fn rows<T: FromCells + Send + 'static>(&self, stmt: Statement) -> Result<Vec<T>, DbErr> {
        match &self.kind {
            Kind::Held(h) => h
                .query_all_raw(stmt)
                .await?
                .iter()
                .map(T::from_cells)
                .collect(),
            Kind::Sqlite(r) => r.rows(stmt).await,
        }
    }

    /// The first row of `q`, with `LIMIT 1` written into the SQL.
    pub async fn first_row<T: FromCells + Send + 'static>(
        &self,
        q: &SelectStatement,
    ) -> Result<Option<T>, DbErr> {
        Ok(self.page(q, 1, 0).await?.pop())
    }

    /// Closes the idle connections.
    pub async fn close(&self) {
        match &self.kind {
            Kind::Held(h) => h.close().await,
            Kind::Sqlite(r) => r.close(),
        }
    }
}
