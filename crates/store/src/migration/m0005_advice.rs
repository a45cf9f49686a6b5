//! Advice & Guidance: each service's response standard and lead, the requests with their
//! response clock, the conversation thread and attachments (content-addressed blobs).

use super::{fk, index};
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite alters one column at a time.
        for col in [
            boolean("takes_advice_requests").default(true).to_owned(),
            integer("advice_standard_days").default(2).to_owned(),
            uuid_null("lead_user_id").to_owned(),
        ] {
            m.alter_table(Table::alter().table("services").add_column(col).to_owned())
                .await?;
        }

        m.create_table(
            Table::create()
                .table("advice_requests")
                .col(pk_uuid("id"))
                .col(uuid("patient_id"))
                .col(uuid("practice_id"))
                .col(uuid_null("service_id"))
                .col(uuid("created_by"))
                .col(uuid_null("sent_by"))
                .col(string("status"))
                .col(string_null("urgency"))
                .col(boolean_null("referral_authorised"))
                .col(text("question"))
                .col(text("history"))
                .col(text("medicines"))
                .col(text("results"))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone("updated_at"))
                .col(timestamp_with_time_zone_null("sent_at"))
                .col(timestamp_with_time_zone_null("clock_started_at"))
                .col(integer_null("standard_days"))
                .col(integer("paused_days").default(0))
                .col(timestamp_with_time_zone_null("paused_since"))
                .col(big_integer("paused_working_seconds").default(0))
                .col(timestamp_with_time_zone_null("due_at"))
                .col(uuid_null("claimed_by"))
                .col(string_null("outcome"))
                .col(text_null("patient_summary"))
                .col(timestamp_with_time_zone_null("answered_at"))
                .col(uuid_null("answered_by"))
                .col(boolean_null("within_standard"))
                .col(big_integer_null("response_working_seconds"))
                .col(timestamp_with_time_zone_null("gp_read_at"))
                .col(text_null("gp_action"))
                .col(timestamp_with_time_zone_null("closed_at"))
                .col(timestamp_with_time_zone_null("reminded_at"))
                .col(timestamp_with_time_zone_null("escalated_at"))
                .col(integer("version").default(1))
                .foreign_key(&mut fk("advice_requests", "patient_id", "patients"))
                .foreign_key(&mut fk("advice_requests", "practice_id", "organisations"))
                .foreign_key(&mut fk("advice_requests", "service_id", "services"))
                .foreign_key(&mut fk("advice_requests", "created_by", "users"))
                .to_owned(),
        )
        .await?;
        for (name, cols) in [
            ("ix_advice_inbox", &["service_id", "status", "due_at"][..]),
            ("ix_advice_practice", &["practice_id", "updated_at"][..]),
            ("ix_advice_patient", &["patient_id"][..]),
            ("ix_advice_service_sent", &["service_id", "sent_at"][..]),
            ("ix_advice_practice_sent", &["practice_id", "sent_at"][..]),
        ] {
            m.create_index(index("advice_requests", name, cols, false))
                .await?;
        }

        m.create_table(
            Table::create()
                .table("advice_messages")
                .col(pk_uuid("id"))
                .col(uuid("request_id"))
                .col(string("kind"))
                .col(string_null("outcome"))
                .col(text("body"))
                .col(uuid_null("author_user_id"))
                .col(string("author_name"))
                .col(string("author_role"))
                .col(string("author_organisation"))
                .col(timestamp_with_time_zone("created_at"))
                .foreign_key(&mut fk("advice_messages", "request_id", "advice_requests"))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "advice_messages",
            "ix_advice_messages_request",
            &["request_id", "created_at"],
            false,
        ))
        .await?;

        m.create_table(
            Table::create()
                .table("advice_attachments")
                .col(pk_uuid("id"))
                .col(uuid("request_id"))
                .col(string("file_name"))
                .col(string("content_type"))
                .col(big_integer("size_bytes"))
                .col(string("blob_key"))
                .col(uuid("uploaded_by"))
                .col(timestamp_with_time_zone("created_at"))
                .foreign_key(&mut fk(
                    "advice_attachments",
                    "request_id",
                    "advice_requests",
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "advice_attachments",
            "ix_advice_attachments_request",
            &["request_id"],
            false,
        ))
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in ["advice_attachments", "advice_messages", "advice_requests"] {
            m.drop_table(Table::drop().table(t).to_owned()).await?;
        }
        for col in [
            "lead_user_id",
            "advice_standard_days",
            "takes_advice_requests",
        ] {
            m.alter_table(Table::alter().table("services").drop_column(col).to_owned())
                .await?;
        }
        Ok(())
    }
}
