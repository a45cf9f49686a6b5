//! Audit sealing: appenders no longer queue on the chain's head row. An entry is inserted
//! with its own `id` and no place in the chain; the sealer (`audit::seal`) then gives entries
//! their `seq`, `prev_hash` and `hash` in `id` order, holding the head row only for itself.
//!
//! The database refuses every DELETE, and every UPDATE except the one that seals an unsealed
//! entry without touching what it records.

use sea_orm_migration::sea_orm::{ConnectionTrait, DatabaseBackend};
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The recorded columns, which no UPDATE may change (`id` and `at` are compared separately).
const RECORDED: [&str; 8] = [
    "user_id",
    "role",
    "organisation_ods",
    "action",
    "nhs_number",
    "record_type",
    "record_id",
    "outcome",
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let conn = m.get_connection();
        let pg = conn.get_database_backend() == DatabaseBackend::Postgres;
        if pg {
            conn.execute_unprepared("DROP TRIGGER IF EXISTS audit_log_append_only ON audit_log")
                .await?;
        } else {
            conn.execute_unprepared("DROP TRIGGER IF EXISTS audit_log_no_update")
                .await?;
            conn.execute_unprepared("DROP TRIGGER IF EXISTS audit_log_no_delete")
                .await?;
        }
        conn.execute_unprepared("DROP INDEX IF EXISTS ix_audit_log_nhs")
            .await?;
        conn.execute_unprepared("ALTER TABLE audit_log RENAME TO audit_log_chained")
            .await?;
        m.create_table(
            Table::create()
                .table("audit_log")
                .col(big_integer("id").auto_increment().primary_key())
                .col(big_integer_null("seq"))
                .col(timestamp_with_time_zone("at"))
                .col(uuid_null("user_id"))
                .col(string_null("role"))
                .col(string_null("organisation_ods"))
                .col(string("action"))
                .col(string_null("nhs_number"))
                .col(string("record_type"))
                .col(string_null("record_id"))
                .col(string("outcome"))
                .col(string_null("prev_hash"))
                .col(string_null("hash"))
                .to_owned(),
        )
        .await?;
        let columns = format!("at, {}, prev_hash, hash", RECORDED.join(", "));
        conn.execute_unprepared(&format!(
            "INSERT INTO audit_log (id, seq, {columns}) SELECT seq, seq, {columns} FROM audit_log_chained"
        ))
        .await?;
        conn.execute_unprepared("DROP TABLE audit_log_chained")
            .await?;
        if pg {
            conn.execute_unprepared(
                "SELECT setval(pg_get_serial_sequence('audit_log', 'id'), \
                 COALESCE((SELECT MAX(id) FROM audit_log), 0) + 1, false)",
            )
            .await?;
        }
        for sql in [
            "CREATE UNIQUE INDEX ix_audit_log_seq ON audit_log (seq)",
            "CREATE INDEX ix_audit_log_nhs ON audit_log (nhs_number, id)",
            "CREATE INDEX ix_audit_log_unsealed ON audit_log (id) WHERE seq IS NULL",
        ] {
            conn.execute_unprepared(sql).await?;
        }
        for sql in protection(pg) {
            conn.execute_unprepared(&sql).await?;
        }
        Ok(())
    }

    async fn down(&self, _m: &SchemaManager) -> Result<(), DbErr> {
        Err(DbErr::Migration(
            "the audit log cannot be taken back to its unsealed form".into(),
        ))
    }
}

/// The triggers that keep the log append-only, letting through only the sealing UPDATE.
fn protection(pg: bool) -> Vec<String> {
    let same = |eq: &str| {
        RECORDED
            .iter()
            .map(|c| format!("NEW.{c} {eq} OLD.{c}"))
            .collect::<Vec<_>>()
            .join(" AND ")
    };
    if pg {
        vec![
            format!(
                "CREATE OR REPLACE FUNCTION audit_log_append_only() RETURNS trigger \
                 LANGUAGE plpgsql AS $$ BEGIN \
                 IF TG_OP = 'UPDATE' AND OLD.seq IS NULL AND OLD.hash IS NULL \
                 AND NEW.seq IS NOT NULL AND NEW.hash IS NOT NULL AND NEW.prev_hash IS NOT NULL \
                 AND NEW.id = OLD.id AND NEW.at = OLD.at AND {} THEN RETURN NEW; END IF; \
                 RAISE EXCEPTION 'audit_log is append-only'; END $$",
                same("IS NOT DISTINCT FROM")
            ),
            "CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log \
             FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()"
                .into(),
        ]
    } else {
        vec![
            format!(
                "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log \
                 WHEN NOT (OLD.seq IS NULL AND OLD.hash IS NULL \
                 AND NEW.seq IS NOT NULL AND NEW.hash IS NOT NULL AND NEW.prev_hash IS NOT NULL \
                 AND NEW.id = OLD.id AND NEW.at IS OLD.at AND {}) \
                 BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END",
                same("IS")
            ),
            "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log \
             BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END"
                .into(),
        ]
    }
}
