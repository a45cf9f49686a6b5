//! Platform tables: API tokens, idempotency keys, background jobs, in-app notifications and the
//! email outbox.

use super::{fk, index};
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("api_tokens")
                .col(pk_uuid("id"))
                .col(uuid("user_id"))
                .col(uuid("membership_id"))
                .col(string("name"))
                .col(string_uniq("token_hash"))
                .col(string("prefix"))
                .col(timestamp_with_time_zone("created_at"))
                .col(uuid_null("created_by"))
                .col(timestamp_with_time_zone_null("last_used_at"))
                .col(timestamp_with_time_zone_null("revoked_at"))
                .foreign_key(&mut fk("api_tokens", "user_id", "users"))
                .foreign_key(&mut fk("api_tokens", "membership_id", "memberships"))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "api_tokens",
            "ix_api_tokens_user",
            &["user_id"],
            false,
        ))
        .await?;

        m.create_table(
            Table::create()
                .table("idempotency_keys")
                .col(big_pk_auto("id"))
                .col(string("caller"))
                .col(string("key"))
                .col(string("request_hash"))
                .col(string("state"))
                .col(integer_null("response_status"))
                .col(text_null("response_body"))
                .col(timestamp_with_time_zone("created_at"))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "idempotency_keys",
            "ux_idempotency_caller_key",
            &["caller", "key"],
            true,
        ))
        .await?;

        m.create_table(
            Table::create()
                .table("jobs")
                .col(pk_uuid("id"))
                .col(string("kind"))
                .col(text("payload"))
                .col(string("state"))
                .col(integer("attempts"))
                .col(integer("max_attempts"))
                .col(timestamp_with_time_zone("run_at"))
                .col(text_null("last_error"))
                .col(string_null("locked_by"))
                .col(timestamp_with_time_zone_null("locked_at"))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone("updated_at"))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "jobs",
            "ix_jobs_state_run_at",
            &["state", "run_at"],
            false,
        ))
        .await?;

        m.create_table(
            Table::create()
                .table("notifications")
                .col(pk_uuid("id"))
                .col(uuid("user_id"))
                .col(string("title"))
                .col(text("body"))
                .col(string_null("link"))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone_null("read_at"))
                .foreign_key(&mut fk("notifications", "user_id", "users"))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "notifications",
            "ix_notifications_user",
            &["user_id", "read_at"],
            false,
        ))
        .await?;

        m.create_table(
            Table::create()
                .table("outbox_emails")
                .col(pk_uuid("id"))
                .col(string("to_address"))
                .col(string("subject"))
                .col(text("body"))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone_null("sent_at"))
                .col(string_null("delivery"))
                .to_owned(),
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in [
            "outbox_emails",
            "notifications",
            "jobs",
            "idempotency_keys",
            "api_tokens",
        ] {
            m.drop_table(Table::drop().table(t).to_owned()).await?;
        }
        Ok(())
    }
}
