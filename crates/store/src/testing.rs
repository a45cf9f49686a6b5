//! Fresh databases for tests: a SQLite file in a temporary folder always, and a new PostgreSQL
//! database when `TEST_DATABASE_URL` is set (CI sets it), so every storage test runs on both.

use crate::{Result, Store};
use sea_orm::{ConnectionTrait, Database};

/// Which database a test runs against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// An embedded SQLite file.
    Sqlite,
    /// A PostgreSQL database created for the test.
    Postgres,
}

/// A migrated, empty database that lives as long as this value.
#[derive(Debug)]
pub struct TestDatabase {
    /// Which backend.
    pub backend: Backend,
    /// Its URL, for starting an app against it.
    pub url: String,
    /// A connected store.
    pub store: Store,
    _dir: Option<tempfile::TempDir>,
}

/// The prefix of every test database created on PostgreSQL; `.ci/run` drops leftovers by it.
pub const PG_TEST_PREFIX: &str = "joinedup_t_";

/// The backends this run covers: SQLite, plus PostgreSQL when `TEST_DATABASE_URL` is set.
pub fn backends() -> Vec<Backend> {
    let mut out = vec![Backend::Sqlite];
    if std::env::var("TEST_DATABASE_URL").is_ok_and(|v| !v.is_empty()) {
        out.push(Backend::Postgres);
    }
    out
}

/// Creates a fresh, migrated database on `backend`.
pub async fn fresh(backend: Backend) -> Result<TestDatabase> {
    let db = unmigrated(backend).await?;
    db.store.migrate().await?;
    Ok(db)
}

/// Creates a fresh database on `backend` with no schema at all, for tests of migrations.
pub async fn unmigrated(backend: Backend) -> Result<TestDatabase> {
    let (url, dir) = match backend {
        Backend::Sqlite => {
            let dir = tempfile::tempdir().map_err(anyhow::Error::from)?;
            let url = format!("sqlite://{}?mode=rwc", dir.path().join("test.db").display());
            (url, Some(dir))
        }
        Backend::Postgres => {
            let admin_url = std::env::var("TEST_DATABASE_URL")
                .map_err(|_| anyhow::anyhow!("TEST_DATABASE_URL is not set"))?;
            let name = format!("{PG_TEST_PREFIX}{}", uuid::Uuid::new_v4().simple());
            let admin = Database::connect(&admin_url).await?;
            admin
                .execute_unprepared(&format!("CREATE DATABASE \"{name}\""))
                .await?;
            admin.close().await?;
            (replace_database(&admin_url, &name), None)
        }
    };
    let store = Store::connect(&url).await?;
    Ok(TestDatabase {
        backend,
        url,
        store,
        _dir: dir,
    })
}

/// Drops the triggers that keep the audit log append-only, as someone with full database rights
/// could, so that tests can show that tampering is still detected by the hash chain.
pub async fn drop_audit_protection(store: &Store) -> Result<()> {
    let conn = store.db();
    let sql: &[&str] = match conn.get_database_backend() {
        sea_orm::DatabaseBackend::Postgres => &["DROP TRIGGER audit_log_append_only ON audit_log"],
        _ => &[
            "DROP TRIGGER audit_log_no_update",
            "DROP TRIGGER audit_log_no_delete",
        ],
    };
    for s in sql {
        conn.execute_unprepared(s).await?;
    }
    Ok(())
}

/// `url` with its database name replaced by `name` (query string kept).
fn replace_database(url: &str, name: &str) -> String {
    let (base, query) = url
        .split_once('?')
        .map_or((url, None), |(b, q)| (b, Some(q)));
    let scheme_end = base.find("://").map_or(0, |i| i + 3);
    let path_start = base[scheme_end..].find('/').map(|i| scheme_end + i);
    let host_part = path_start.map_or(base, |i| &base[..i]);
    match query {
        Some(q) => format!("{host_part}/{name}?{q}"),
        None => format!("{host_part}/{name}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_the_database_name_in_a_url() {
        assert_eq!(
            replace_database("postgres://postgres@127.0.0.1:5432/test", "x"),
            "postgres://postgres@127.0.0.1:5432/x"
        );
        assert_eq!(
            replace_database(
                "postgres://postgres@127.0.0.1:5432/test?sslmode=disable",
                "x"
            ),
            "postgres://postgres@127.0.0.1:5432/x?sslmode=disable"
        );
        assert_eq!(
            replace_database("postgres://127.0.0.1", "x"),
            "postgres://127.0.0.1/x"
        );
    }
}
