//! PostgreSQL connections held outside sqlx's pool so that a statement costs one round trip:
//! for the hot reads (see `platform::reads`) and the audit writer.
//!
//! sqlx's pool tests every connection it takes back with a ping, one more exchange with the
//! server. Every statement run on the pool therefore cost two round trips, and the session
//! lookup and the patient search, which every signed-in page and search makes, paid it on each
//! request. [`Held`] keeps its connections itself and puts a connection back without a ping once
//! its statement has finished; a connection whose statement failed or was abandoned halfway (the request was
//! dropped) is closed instead, so a connection in an unknown state is never reused. One idle
//! longer than [`IDLE_CHECK`] is pinged before use, as the pool does, since a server or a proxy
//! may drop an idle connection.

use sea_orm::sqlx::postgres::{PgConnectOptions, PgConnection};
use sea_orm::sqlx::{self, AssertSqlSafe, ConnectOptions, Connection};
use sea_orm::{
    ConnectionTrait, DatabaseBackend, DatabaseConnection, DbErr, ExecResult, QueryResult,
    RuntimeErr, Statement,
};
use sea_query_sqlx::SqlxValues;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::sync::Semaphore;

/// How long a connection may sit idle before it is pinged on its next use.
pub const IDLE_CHECK: Duration = Duration::from_secs(30);

/// A small set of connections to one database, used like a pool (it implements sea-orm's
/// `ConnectionTrait`) but returned without a ping. Clones share the connections.
#[derive(Clone)]
pub struct Held {
    inner: Arc<Inner>,
}

struct Inner {
    options: PgConnectOptions,
    idle: Mutex<Vec<Idle>>,
    permits: Semaphore,
    open: AtomicUsize,
}

/// A connection taken for one statement. Dropped without [`Lease::give_back`] (the statement
/// failed, or the request was abandoned halfway), its connection is closed, not reused.
struct Lease<'a> {
    held: &'a Held,
    conn: Option<PgConnection>,
    _permit: tokio::sync::SemaphorePermit<'a>,
}

impl Lease<'_> {
    fn conn(&mut self) -> &mut PgConnection {
        self.conn
            .as_mut()
            .expect("a lease holds its connection until given back")
    }

    fn give_back(mut self) {
        if let Some(conn) = self.conn.take() {
            self.held.inner.idle.lock().expect("idle list").push(Idle {
                conn,
                since: Instant::now(),
            });
        }
    }
}

impl Drop for Lease<'_> {
    fn drop(&mut self) {
        if self.conn.take().is_some() {
            self.held.inner.open.fetch_sub(1, Ordering::Relaxed);
        }
    }
}

struct Idle {
    conn: PgConnection,
    since: Instant,
}

impl std::fmt::Debug for Held {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Held")
            .field("available", &self.inner.permits.available_permits())
            .finish()
    }
}

impl Held {
    /// Up to `max` connections made with the same options as `pool`'s (a PostgreSQL pool),
    /// opened when first needed.
    pub fn like(pool: &DatabaseConnection, max: usize) -> Self {
        let options = (*pool.get_postgres_connection_pool().connect_options()).clone();
        Self {
            inner: Arc::new(Inner {
                options,
                idle: Mutex::new(Vec::with_capacity(max)),
                permits: Semaphore::new(max),
                open: AtomicUsize::new(0),
            }),
        }
    }

    /// How many connections are open now, idle or running a statement.
    pub fn connections(&self) -> usize {
        self.inner.open.load(Ordering::Relaxed)
    }

    /// Takes an idle connection (the most recently used, whose caches are warmest) or opens
    /// one; [`Lease::give_back`] returns it once its statement has succeeded.
    async fn take(&self) -> Result<Lease<'_>, DbErr> {
        let permit = self
            .inner
            .permits
            .acquire()
            .await
            .map_err(|_| DbErr::ConnectionAcquire(sea_orm::ConnAcquireErr::ConnectionClosed))?;
        let idle = self.inner.idle.lock().expect("idle list").pop();
        let conn = match idle {
            Some(Idle { mut conn, since }) => {
                if since.elapsed() > IDLE_CHECK && conn.ping().await.is_err() {
                    self.inner.open.fetch_sub(1, Ordering::Relaxed);
                    drop(conn);
                    self.open().await?
                } else {
                    conn
                }
            }
            None => self.open().await?,
        };
        Ok(Lease {
            held: self,
            conn: Some(conn),
            _permit: permit,
        })
    }

    async fn open(&self) -> Result<PgConnection, DbErr> {
        let conn = self
            .inner
            .options
            .connect()
            .await
            .map_err(|e| DbErr::Conn(RuntimeErr::SqlxError(Arc::new(e))))?;
        self.inner.open.fetch_add(1, Ordering::Relaxed);
        Ok(conn)
    }

    /// Closes the idle connections; ones in use close when their statement ends.
    pub async fn close(&self) {
        let idle = std::mem::take(&mut *self.inner.idle.lock().expect("idle list"));
        self.inner.permits.close();
        for i in idle {
            self.inner.open.fetch_sub(1, Ordering::Relaxed);
            let _ = i.conn.close().await;
        }
    }
}

fn query_err(e: sqlx::Error) -> DbErr {
    DbErr::Query(RuntimeErr::SqlxError(Arc::new(e)))
}

fn values(stmt: &Statement) -> SqlxValues {
    SqlxValues(stmt.values.clone().unwrap_or(sea_orm::Values(Vec::new())))
}

#[async_trait::async_trait]
impl ConnectionTrait for Held {
    fn get_database_backend(&self) -> DatabaseBackend {
        DatabaseBackend::Postgres
    }

    async fn execute_raw(&self, stmt: Statement) -> Result<ExecResult, DbErr> {
        let mut lease = self.take().await?;
        let sql = AssertSqlSafe(stmt.sql.as_str());
        let done: ExecResult = sqlx::query_with(sql, values(&stmt))
            .execute(lease.conn())
            .await
            .map_err(query_err)?
            .into();
        lease.give_back();
        Ok(done)
    }

    async fn execute_unprepared(&self, sql: &str) -> Result<ExecResult, DbErr> {
        self.execute_raw(Statement::from_string(DatabaseBackend::Postgres, sql))
            .await
    }

    async fn query_one_raw(&self, stmt: Statement) -> Result<Option<QueryResult>, DbErr> {
        let mut lease = self.take().await?;
        let sql = AssertSqlSafe(stmt.sql.as_str());
        let row = sqlx::query_with(sql, values(&stmt))
            .fetch_optional(lease.conn())
            .await
            .map_err(query_err)?
            .map(Into::into);
        lease.give_back();
        Ok(row)
    }

    async fn query_all_raw(&self, stmt: Statement) -> Result<Vec<QueryResult>, DbErr> {
        let mut lease = self.take().await?;
        let sql = AssertSqlSafe(stmt.sql.as_str());
        let rows = sqlx::query_with(sql, values(&stmt))
            .fetch_all(lease.conn())
            .await
            .map_err(query_err)?
            .into_iter()
            .map(Into::into)
            .collect();
        lease.give_back();
        Ok(rows)
    }

    fn support_returning(&self) -> bool {
        true
    }
}
