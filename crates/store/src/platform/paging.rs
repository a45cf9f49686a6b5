//! One page of a list as a statement PostgreSQL plans once per connection, not per request.
//!
//! A prepared statement whose `LIMIT` and `OFFSET` are parameters gets a generic plan costed as
//! if it returned a tenth of the table, so PostgreSQL keeps planning each execution afresh,
//! and for a list page the planning costs more than the run. Measured on the practice's
//! letter inbox at `sel` scale: 10,786 plans for 10,766 calls, 0.24 ms of planning against
//! 0.18 ms of execution each. Writing the page size and offset into the SQL as numbers (and
//! fixed vocabulary such as a status as text, with [`literal`]) lets the cached generic plan
//! win. Values that come from people stay bound parameters.
//!
//! SQLite has its own reason: a statement whose `LIMIT` is a bound parameter is marked to be
//! compiled again whenever that parameter is bound, so every run re-parses the SQL. sea-orm's
//! `.one()` binds `LIMIT 1`; hot lookups use [`first`] instead, and found about a seventh of
//! the server's time going to re-preparing statements before they did.

use sea_orm::sea_query::{Expr, SelectStatement};
use sea_orm::{
    ConnectionTrait, DatabaseBackend, DbErr, EntityTrait, QueryTrait, Select, Statement,
};

/// `q` built for `conn`, with `LIMIT limit OFFSET offset` written into the SQL.
pub fn paged(
    conn: &impl ConnectionTrait,
    q: &SelectStatement,
    limit: u64,
    offset: u64,
) -> Statement {
    paged_on(conn.get_database_backend(), q, limit, offset)
}

/// `q` built for `backend`, with `LIMIT limit OFFSET offset` written into the SQL.
pub fn paged_on(
    backend: DatabaseBackend,
    q: &SelectStatement,
    limit: u64,
    offset: u64,
) -> Statement {
    let mut stmt = backend.build(q);
    stmt.sql
        .push_str(&format!(" LIMIT {limit} OFFSET {offset}"));
    stmt
}

/// The first row `select` finds, like sea-orm's `.one()` but with `LIMIT 1` written into the
/// SQL, so the statement stays prepared on SQLite and planned once on PostgreSQL.
pub async fn first<E: EntityTrait>(
    conn: &impl ConnectionTrait,
    select: Select<E>,
) -> Result<Option<E::Model>, DbErr> {
    let mut stmt = select.build(conn.get_database_backend());
    stmt.sql.push_str(" LIMIT 1");
    E::find().from_raw_sql(stmt).one(conn).await
}

/// A fixed word of the system's own vocabulary (a status, a state: ASCII letters and
/// underscores only) written into the SQL as text; anything else is bound as usual.
pub fn literal(word: &'static str) -> Expr {
    if word.bytes().all(|b| b.is_ascii_lowercase() || b == b'_') {
        Expr::cust(format!("'{word}'"))
    } else {
        Expr::val(word)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sea_orm::sea_query::{Alias, ExprTrait, PostgresQueryBuilder, Query};

    #[test]
    fn the_page_and_the_vocabulary_are_written_in_and_other_values_bound() {
        let mut q = Query::select();
        q.column(Alias::new("id"))
            .from(Alias::new("letters"))
            .and_where(Expr::col(Alias::new("status")).eq(literal("sent")))
            .and_where(Expr::col(Alias::new("practice_id")).eq("someone's"));
        let (sql, values) = q.build(PostgresQueryBuilder);
        assert!(sql.contains("'sent'"), "{sql}");
        assert_eq!(values.0.len(), 1, "the practice stays a parameter");
        let odd = literal("it's");
        let mut q = Query::select();
        q.column(Alias::new("id"))
            .from(Alias::new("letters"))
            .and_where(Expr::col(Alias::new("status")).eq(odd));
        let (sql, values) = q.build(PostgresQueryBuilder);
        assert!(!sql.contains("it's"), "{sql}");
        assert_eq!(values.0.len(), 1);
    }
}
