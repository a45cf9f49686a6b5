//! The foundation schema: organisations, services, users, memberships, patients, sessions,
//! sign-in throttling and the hash-chained audit log.

use super::{fk, index};
use sea_orm_migration::sea_orm::DatabaseBackend;
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("organisations")
                .col(pk_uuid("id"))
                .col(string_uniq("ods_code"))
                .col(string("name"))
                .col(string("kind"))
                .col(uuid_null("parent_id"))
                .col(string_null("borough"))
                .col(string_null("pcn"))
                .col(string_null("postcode"))
                .col(boolean("active").default(true))
                .foreign_key(&mut fk("organisations", "parent_id", "organisations"))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "organisations",
            "ix_organisations_kind",
            &["kind"],
            false,
        ))
        .await?;

        m.create_table(
            Table::create()
                .table("services")
                .col(pk_uuid("id"))
                .col(uuid("organisation_id"))
                .col(string("name"))
                .col(string("specialty"))
                .col(boolean("active").default(true))
                .foreign_key(&mut fk("services", "organisation_id", "organisations"))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "services",
            "ix_services_org",
            &["organisation_id"],
            false,
        ))
        .await?;

        m.create_table(
            Table::create()
                .table("users")
                .col(pk_uuid("id"))
                .col(string_uniq("email"))
                .col(string("display_name"))
                .col(string("password_hash"))
                .col(boolean("active").default(true))
                .col(timestamp_with_time_zone("created_at"))
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table("patients")
                .col(pk_uuid("id"))
                .col(string_uniq("nhs_number"))
                .col(string("given_name"))
                .col(string("family_name"))
                .col(string("family_name_key"))
                .col(string("given_name_key"))
                .col(date("date_of_birth"))
                .col(string("postcode"))
                .col(uuid("practice_id"))
                .col(timestamp_with_time_zone("created_at"))
                .foreign_key(&mut fk("patients", "practice_id", "organisations"))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "patients",
            "ix_patients_practice_name_dob",
            &["practice_id", "family_name_key", "date_of_birth"],
            false,
        ))
        .await?;

        m.create_table(
            Table::create()
                .table("memberships")
                .col(pk_uuid("id"))
                .col(uuid("user_id"))
                .col(string("role"))
                .col(uuid_null("organisation_id"))
                .col(uuid_null("service_id"))
                .foreign_key(&mut fk("memberships", "user_id", "users"))
                .foreign_key(&mut fk("memberships", "organisation_id", "organisations"))
                .foreign_key(&mut fk("memberships", "service_id", "services"))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "memberships",
            "ix_memberships_user",
            &["user_id"],
            false,
        ))
        .await?;

        m.create_table(
            Table::create()
                .table("patient_links")
                .col(pk_uuid("id"))
                .col(uuid("user_id"))
                .col(uuid("patient_id"))
                .col(string("relationship"))
                .col(timestamp_with_time_zone_null("consent_recorded_at"))
                .col(string_null("consent_note"))
                .foreign_key(&mut fk("patient_links", "user_id", "users"))
                .foreign_key(&mut fk("patient_links", "patient_id", "patients"))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "patient_links",
            "ux_patient_links",
            &["user_id", "patient_id"],
            true,
        ))
        .await?;

        m.create_table(
            Table::create()
                .table("sessions")
                .col(string("id").primary_key())
                .col(uuid_null("user_id"))
                .col(text("data"))
                .col(timestamp_with_time_zone("expires_at"))
                .to_owned(),
        )
        .await?;
        m.create_index(index("sessions", "ix_sessions_user", &["user_id"], false))
            .await?;
        m.create_index(index(
            "sessions",
            "ix_sessions_expiry",
            &["expires_at"],
            false,
        ))
        .await?;

        m.create_table(
            Table::create()
                .table("sign_in_failures")
                .col(big_pk_auto("id"))
                .col(string("key_kind"))
                .col(string("key_value"))
                .col(timestamp_with_time_zone("at"))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "sign_in_failures",
            "ix_sign_in_failures_key",
            &["key_kind", "key_value", "at"],
            false,
        ))
        .await?;

        m.create_table(
            Table::create()
                .table("audit_head")
                .col(integer("id").primary_key())
                .col(big_integer("last_seq"))
                .col(string("last_hash"))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("audit_log")
                .col(big_integer("seq").primary_key())
                .col(timestamp_with_time_zone("at"))
                .col(uuid_null("user_id"))
                .col(string_null("role"))
                .col(string_null("organisation_ods"))
                .col(string("action"))
                .col(string_null("nhs_number"))
                .col(string("record_type"))
                .col(string_null("record_id"))
                .col(string("outcome"))
                .col(string("prev_hash"))
                .col(string("hash"))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "audit_log",
            "ix_audit_log_nhs",
            &["nhs_number", "seq"],
            false,
        ))
        .await?;
        append_only_audit_log(m).await?;
        m.get_connection()
            .execute_unprepared(&format!(
                "INSERT INTO audit_head (id, last_seq, last_hash) VALUES (1, 0, '{}')",
                joinedup_core::audit::GENESIS_HASH
            ))
            .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let conn = m.get_connection();
        match conn.get_database_backend() {
            DatabaseBackend::Postgres => {
                conn.execute_unprepared(
                    "DROP TRIGGER IF EXISTS audit_log_append_only ON audit_log",
                )
                .await?;
                conn.execute_unprepared("DROP FUNCTION IF EXISTS audit_log_append_only()")
                    .await?;
            }
            _ => {
                conn.execute_unprepared("DROP TRIGGER IF EXISTS audit_log_no_update")
                    .await?;
                conn.execute_unprepared("DROP TRIGGER IF EXISTS audit_log_no_delete")
                    .await?;
            }
        }
        for t in [
            "audit_log",
            "audit_head",
            "sign_in_failures",
            "sessions",
            "patient_links",
            "memberships",
            "patients",
            "users",
            "services",
            "organisations",
        ] {
            m.drop_table(Table::drop().table(t).to_owned()).await?;
        }
        Ok(())
    }
}

/// The database itself refuses to change or remove an audit entry: only INSERT is allowed.
async fn append_only_audit_log(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    let conn = m.get_connection();
    let statements: &[&str] = match conn.get_database_backend() {
        DatabaseBackend::Postgres => &[
            "CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ \
             BEGIN RAISE EXCEPTION 'audit_log is append-only'; END $$",
            "CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log \
             FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()",
        ],
        _ => &[
            "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log \
             BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END",
            "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log \
             BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END",
        ],
    };
    for sql in statements {
        conn.execute_unprepared(sql).await?;
    }
    Ok(())
}
