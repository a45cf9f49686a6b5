//! Bulk writing for the demo generators: one transaction for a whole seeding run, so that a run
//! that fails half-way leaves nothing behind and `is_empty` stays a true answer.
//!
//! SQLite takes multi-row `INSERT`s (as many rows as its 32,766 bound parameters allow) inside one
//! `BEGIN IMMEDIATE` transaction. PostgreSQL takes `COPY … FROM STDIN` (text format) on one pooled
//! connection inside one transaction: several times faster than multi-row `INSERT`s there.
//! Rows are entity `ActiveModel`s either way, so both paths write exactly what the entities say.

use crate::{Result, Store};
use sea_orm::sea_query::Value;
use sea_orm::sqlx::postgres::{PgConnection, PgCopyIn};
use sea_orm::sqlx::{self, Postgres};
use sea_orm::{
    ActiveModelTrait, ConnectionTrait, DatabaseBackend, DatabaseTransaction, EntityName,
    EntityTrait, IdenStatic, Iterable, QueryTrait, Statement,
};
use std::fmt::Write as _;
use std::marker::PhantomData;

/// SQLite's limit on bound parameters in one statement (since 3.32).
const SQLITE_MAX_PARAMS: usize = 32_766;

/// One open seeding transaction.
pub(super) enum BulkWriter {
    /// A sea-orm transaction (SQLite).
    Sqlite(DatabaseTransaction),
    /// A sqlx transaction on one PostgreSQL connection, so that `COPY` runs inside it.
    Postgres(sqlx::Transaction<'static, Postgres>),
}

impl BulkWriter {
    /// Starts the transaction.
    pub(super) async fn begin(store: &Store) -> Result<Self> {
        Ok(match store.backend() {
            DatabaseBackend::Postgres => {
                let pool = store.db().get_postgres_connection_pool();
                Self::Postgres(pool.begin().await.map_err(anyhow::Error::from)?)
            }
            _ => Self::Sqlite(store.write().await?),
        })
    }

    /// How many rows a generator should gather before each [`RowSink::send`].
    pub(super) fn batch_rows(&self) -> usize {
        match self {
            Self::Sqlite(_) => 3_000,
            Self::Postgres(_) => 5_000,
        }
    }

    /// Opens a stream of rows of `A`'s table: on PostgreSQL one `COPY` that PostgreSQL works
    /// through while the next batch is being generated.
    pub(super) async fn stream<A: ActiveModelTrait>(&mut self) -> Result<RowSink<'_, A>> {
        Ok(match self {
            Self::Sqlite(txn) => RowSink::Sqlite(txn, PhantomData),
            Self::Postgres(txn) => {
                let copy = txn
                    .copy_in_raw(&copy_statement::<A>())
                    .await
                    .map_err(anyhow::Error::from)?;
                RowSink::Postgres(copy, PhantomData)
            }
        })
    }

    /// Writes `rows` of one table.
    pub(super) async fn insert<A: ActiveModelTrait + Send>(&mut self, rows: Vec<A>) -> Result<()> {
        let mut sink = self.stream::<A>().await?;
        sink.send(rows).await?;
        sink.finish().await
    }

    /// Writes rows of `A`'s table encoded by [`Encoded::new`].
    pub(super) async fn insert_encoded<A: ActiveModelTrait + Send>(
        &mut self,
        rows: Encoded,
    ) -> Result<()> {
        let mut sink = self.stream::<A>().await?;
        sink.send_encoded(rows).await?;
        sink.finish().await
    }

    /// The database being written.
    pub(super) fn backend(&self) -> DatabaseBackend {
        match self {
            Self::Sqlite(_) => DatabaseBackend::Sqlite,
            Self::Postgres(_) => DatabaseBackend::Postgres,
        }
    }

    /// Writes users, then their memberships and patient links (which point at them).
    pub(super) async fn insert_accounts(&mut self, accounts: super::rows::Accounts) -> Result<()> {
        self.insert(accounts.users).await?;
        self.insert(accounts.memberships).await?;
        self.insert(accounts.links).await
    }

    /// Sets aside the secondary indexes of `tables`, and on PostgreSQL their foreign keys, for a
    /// bulk load of millions of rows; [`BulkWriter::restore`] puts them back. Building an index
    /// once from all the rows is far cheaper than keeping it up to date through every insert
    /// (which, with a small page cache, spends the load rereading index pages), and PostgreSQL
    /// checks a foreign key over a whole table in one join rather than by a trigger per row.
    /// The definitions are read from the database, so what is put back is what the migrations
    /// made; as it all happens inside the seeding transaction, nobody sees the tables without.
    pub(super) async fn set_aside(&mut self, tables: &[&str]) -> Result<SetAside> {
        let mut drop = vec![];
        let mut restore = SetAside::default();
        for table in tables {
            for (name, create) in self.index_definitions(table).await? {
                drop.push(format!("DROP INDEX \"{name}\""));
                restore.indexes.push(create);
            }
            if let Self::Postgres(txn) = self {
                let keys: Vec<(String, String)> = sqlx::query_as(
                    "SELECT conname::text, pg_get_constraintdef(oid) FROM pg_constraint \
                     WHERE conrelid = to_regclass($1) AND contype = 'f' ORDER BY conname",
                )
                .bind(table)
                .fetch_all(&mut **txn)
                .await
                .map_err(anyhow::Error::from)?;
                for (name, def) in keys {
                    drop.push(format!(
                        "ALTER TABLE \"{table}\" DROP CONSTRAINT \"{name}\""
                    ));
                    restore.keys.push(format!(
                        "ALTER TABLE \"{table}\" ADD CONSTRAINT \"{name}\" {def}"
                    ));
                }
            }
        }
        for sql in drop {
            self.execute(&sql).await?;
        }
        Ok(restore)
    }

    /// Puts back what [`BulkWriter::set_aside`] set aside: the indexes (a unique one checks
    /// its rows as it is built), then the foreign keys, each checked over the whole table.
    pub(super) async fn restore(&mut self, set_aside: SetAside) -> Result<()> {
        let sqlite = matches!(self, Self::Sqlite(_));
        if sqlite {
            // Lets SQLite sort each index's keys on helper threads, one a core.
            let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
            self.execute(&format!("PRAGMA threads = {cores}")).await?;
        } else {
            // Sorting for an index in memory rather than in temporary files.
            self.execute("SET LOCAL maintenance_work_mem = '256MB'")
                .await?;
        }
        for sql in set_aside.indexes.iter().chain(&set_aside.keys) {
            self.execute(sql).await?;
        }
        if sqlite {
            self.execute("PRAGMA threads = 0").await?;
        }
        Ok(())
    }

    /// `(name, CREATE INDEX …)` for each index of `table` that is not its primary key.
    async fn index_definitions(&mut self, table: &str) -> Result<Vec<(String, String)>> {
        Ok(match self {
            Self::Sqlite(txn) => {
                let rows = txn
                    .query_all_raw(Statement::from_sql_and_values(
                        DatabaseBackend::Sqlite,
                        "SELECT name, sql FROM sqlite_master WHERE type = 'index' \
                         AND tbl_name = ? AND sql IS NOT NULL ORDER BY name",
                        [table.into()],
                    ))
                    .await?;
                let mut out = vec![];
                for row in rows {
                    out.push((row.try_get::<String>("", "name")?, row.try_get("", "sql")?));
                }
                out
            }
            Self::Postgres(txn) => sqlx::query_as(
                "SELECT i.indexname::text, i.indexdef FROM pg_indexes i \
                 WHERE i.schemaname = current_schema() AND i.tablename = $1 \
                 AND NOT EXISTS (SELECT 1 FROM pg_constraint c \
                   WHERE c.conrelid = to_regclass($1) AND c.conname = i.indexname) \
                 ORDER BY i.indexname",
            )
            .bind(table)
            .fetch_all(&mut **txn)
            .await
            .map_err(anyhow::Error::from)?,
        })
    }

    /// Runs one statement in the transaction.
    async fn execute(&mut self, sql: &str) -> Result<()> {
        match self {
            Self::Sqlite(txn) => {
                txn.execute_unprepared(sql).await?;
            }
            Self::Postgres(txn) => {
                // Statements built here from the database's own catalog, not from input.
                sqlx::raw_sql(sqlx::AssertSqlSafe(sql.to_owned()))
                    .execute(&mut **txn)
                    .await
                    .map_err(anyhow::Error::from)?;
            }
        }
        Ok(())
    }

    /// Refreshes the query planner's statistics after a bulk load, inside the transaction.
    pub(super) async fn analyze(&mut self) -> Result<()> {
        match self {
            Self::Sqlite(txn) => {
                // Sample at most 1,000 rows per index: exact counts of 2 million rows add nothing.
                txn.execute_unprepared("PRAGMA analysis_limit = 1000")
                    .await?;
                txn.execute_unprepared("ANALYZE").await?;
            }
            Self::Postgres(txn) => {
                sqlx::raw_sql("ANALYZE")
                    .execute(&mut **txn)
                    .await
                    .map_err(anyhow::Error::from)?;
            }
        }
        Ok(())
    }

    /// After a large commit: on SQLite, copies the write-ahead log into the database and empties
    /// it, so that a 2-million-patient seed does not leave a WAL file as large as the database; on
    /// PostgreSQL, vacuums, so that the visibility map lets counts read indexes alone rather than
    /// visit every freshly loaded row (autovacuum would get there, minutes later).
    pub(super) async fn tidy(store: &Store) -> Result<()> {
        let sql = match store.backend() {
            DatabaseBackend::Sqlite => "PRAGMA wal_checkpoint(TRUNCATE)",
            _ => "VACUUM",
        };
        store.db().execute_unprepared(sql).await?;
        Ok(())
    }

    /// Commits everything written.
    pub(super) async fn commit(self) -> Result<()> {
        match self {
            Self::Sqlite(txn) => txn.commit().await?,
            Self::Postgres(txn) => txn.commit().await.map_err(anyhow::Error::from)?,
        }
        Ok(())
    }
}

/// Indexes and foreign keys set aside by [`BulkWriter::set_aside`], as the statements that
/// put them back.
#[derive(Debug, Default)]
#[must_use = "put them back with BulkWriter::restore"]
pub(super) struct SetAside {
    indexes: Vec<String>,
    keys: Vec<String>,
}

/// Rows of one table encoded for the database ahead of writing — multi-row `INSERT`s for
/// SQLite, `COPY` text for PostgreSQL — so that a generator on another thread can do that work
/// while the seeding task waits on the database.
pub(super) enum Encoded {
    /// `INSERT` statements, each with as many rows as SQLite's bound parameters allow.
    Sqlite(Vec<Statement>),
    /// Rows in `COPY` text format.
    Postgres(String),
}

impl Encoded {
    /// `rows` encoded for `backend`.
    pub(super) fn new<A: ActiveModelTrait>(backend: DatabaseBackend, rows: Vec<A>) -> Result<Self> {
        if backend == DatabaseBackend::Postgres {
            return Ok(Self::Postgres(copy_rows(&rows)?));
        }
        let columns = <A::Entity as EntityTrait>::Column::iter().count();
        let per_statement = (SQLITE_MAX_PARAMS / columns.max(1)).max(1);
        let mut statements = vec![];
        let mut rows = rows.into_iter().peekable();
        while rows.peek().is_some() {
            let chunk: Vec<A> = rows.by_ref().take(per_statement).collect();
            statements.push(<A::Entity as EntityTrait>::insert_many(chunk).build(backend));
        }
        Ok(Self::Sqlite(statements))
    }
}

/// An open stream of rows of one table, from [`BulkWriter::stream`].
pub(super) enum RowSink<'a, A> {
    /// Multi-row `INSERT`s in the seeding transaction.
    Sqlite(&'a DatabaseTransaction, PhantomData<A>),
    /// A `COPY … FROM STDIN` in progress.
    Postgres(PgCopyIn<&'a mut PgConnection>, PhantomData<A>),
}

impl<A: ActiveModelTrait + Send> RowSink<'_, A> {
    /// Writes a batch of rows.
    pub(super) async fn send(&mut self, rows: Vec<A>) -> Result<()> {
        let backend = match self {
            Self::Sqlite(..) => DatabaseBackend::Sqlite,
            Self::Postgres(..) => DatabaseBackend::Postgres,
        };
        self.send_encoded(Encoded::new(backend, rows)?).await
    }

    /// Writes a batch of rows of this table encoded by [`Encoded::new`].
    pub(super) async fn send_encoded(&mut self, rows: Encoded) -> Result<()> {
        match (self, rows) {
            (Self::Sqlite(txn, _), Encoded::Sqlite(statements)) => {
                for statement in statements {
                    txn.execute_raw(statement).await?;
                }
            }
            (Self::Postgres(copy, _), Encoded::Postgres(data)) => {
                copy.send(data.into_bytes())
                    .await
                    .map_err(anyhow::Error::from)?;
            }
            _ => return Err(anyhow::anyhow!("rows encoded for the other database").into()),
        }
        Ok(())
    }

    /// Ends the stream; on PostgreSQL this is where a rejected row is reported.
    pub(super) async fn finish(self) -> Result<()> {
        if let Self::Postgres(copy, _) = self {
            copy.finish().await.map_err(anyhow::Error::from)?;
        }
        Ok(())
    }
}

/// The `COPY` statement for `A`'s table, naming every column.
fn copy_statement<A: ActiveModelTrait>() -> String {
    let table = <A::Entity as Default>::default().table_name();
    let names: Vec<String> = <A::Entity as EntityTrait>::Column::iter()
        .map(|c| format!("\"{}\"", c.as_str()))
        .collect();
    format!("COPY \"{table}\" ({}) FROM STDIN", names.join(", "))
}

/// `rows` in PostgreSQL's `COPY` text format.
fn copy_rows<A: ActiveModelTrait>(rows: &[A]) -> Result<String> {
    let columns: Vec<_> = <A::Entity as EntityTrait>::Column::iter().collect();
    let mut data = String::with_capacity(rows.len() * 160);
    for row in rows {
        for (i, c) in columns.iter().enumerate() {
            if i > 0 {
                data.push('\t');
            }
            let value = row
                .get(*c)
                .into_value()
                .ok_or_else(|| anyhow::anyhow!("demo row column {} is not set", c.as_str()))?;
            copy_field(&mut data, &value)?;
        }
        data.push('\n');
    }
    Ok(data)
}

/// Appends one value in `COPY` text format (`\N` for NULL, backslash escapes).
fn copy_field(out: &mut String, value: &Value) -> Result<()> {
    match value {
        Value::String(Some(s)) => {
            for ch in s.chars() {
                match ch {
                    '\\' => out.push_str("\\\\"),
                    '\n' => out.push_str("\\n"),
                    '\r' => out.push_str("\\r"),
                    '\t' => out.push_str("\\t"),
                    c => out.push(c),
                }
            }
        }
        Value::Uuid(Some(u)) => {
            let _ = write!(out, "{}", u.hyphenated());
        }
        Value::Bool(Some(b)) => out.push(if *b { 't' } else { 'f' }),
        Value::Int(Some(n)) => {
            let _ = write!(out, "{n}");
        }
        Value::BigInt(Some(n)) => {
            let _ = write!(out, "{n}");
        }
        Value::Double(Some(x)) if x.is_finite() => {
            let _ = write!(out, "{x}");
        }
        Value::TimeDate(Some(d)) => {
            let _ = write!(out, "{d}");
        }
        Value::TimeDateTimeWithTimeZone(Some(t)) => {
            let format = time::macros::format_description!(
                "[year]-[month]-[day] [hour]:[minute]:[second].[subsecond digits:6][offset_hour sign:mandatory]:[offset_minute]"
            );
            let text = t.format(format).map_err(anyhow::Error::from)?;
            out.push_str(&text);
        }
        Value::String(None)
        | Value::Uuid(None)
        | Value::Bool(None)
        | Value::Int(None)
        | Value::BigInt(None)
        | Value::Double(None)
        | Value::TimeDate(None)
        | Value::TimeDateTimeWithTimeZone(None) => out.push_str("\\N"),
        other => {
            return Err(anyhow::anyhow!("demo rows cannot COPY a value like {other:?}").into());
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copy_text_escapes_and_marks_nulls() {
        let mut out = String::new();
        copy_field(&mut out, &Value::String(Some("a\tb\\c\nd".into()))).unwrap();
        out.push('|');
        copy_field(&mut out, &Value::Uuid(None)).unwrap();
        out.push('|');
        copy_field(&mut out, &Value::Bool(Some(true))).unwrap();
        out.push('|');
        copy_field(&mut out, &Value::Double(Some(11.5))).unwrap();
        out.push('|');
        copy_field(&mut out, &Value::Double(None)).unwrap();
        out.push('|');
        let t = time::macros::datetime!(2026-03-01 09:30:00.123456 UTC);
        copy_field(&mut out, &Value::TimeDateTimeWithTimeZone(Some(t))).unwrap();
        out.push('|');
        copy_field(
            &mut out,
            &Value::TimeDate(Some(time::macros::date!(1941 - 11 - 02))),
        )
        .unwrap();
        assert_eq!(
            out,
            "a\\tb\\\\c\\nd|\\N|t|11.5|\\N|2026-03-01 09:30:00.123456+00:00|1941-11-02"
        );
    }
}
