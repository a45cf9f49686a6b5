//! Letters: each service's caseload (the patients under its care, whom it may write about), the
//! letters with their timing and plain-English figures, the GP's actions as rows the practice
//! works, and patients' reports that they did not understand a letter.

use super::{fk, index};
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("service_patients")
                .col(pk_uuid("id"))
                .col(uuid("service_id"))
                .col(uuid("patient_id"))
                .col(string("source"))
                .col(timestamp_with_time_zone("since"))
                .foreign_key(&mut fk("service_patients", "service_id", "services"))
                .foreign_key(&mut fk("service_patients", "patient_id", "patients"))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "service_patients",
            "ux_service_patients",
            &["service_id", "patient_id"],
            true,
        ))
        .await?;

        m.create_table(
            Table::create()
                .table("letters")
                .col(pk_uuid("id"))
                .col(string("kind"))
                .col(string("status"))
                .col(uuid("service_id"))
                .col(uuid("trust_id"))
                .col(uuid("patient_id"))
                .col(uuid("practice_id"))
                .col(uuid("created_by"))
                .col(timestamp_with_time_zone_null("event_at"))
                .col(timestamp_with_time_zone_null("due_at"))
                .col(string("addressee"))
                .col(text("gp_reason"))
                .col(text("content"))
                .col(uuid_null("signed_by"))
                .col(string_null("signed_name"))
                .col(timestamp_with_time_zone_null("sent_at"))
                .col(boolean_null("on_time"))
                .col(double_null("reading_age"))
                .col(double_null("flesch_reading_ease"))
                .col(boolean_null("plain"))
                .col(uuid_null("acknowledged_by"))
                .col(timestamp_with_time_zone_null("acknowledged_at"))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone("updated_at"))
                .col(integer("version").default(1))
                .foreign_key(&mut fk("letters", "service_id", "services"))
                .foreign_key(&mut fk("letters", "trust_id", "organisations"))
                .foreign_key(&mut fk("letters", "patient_id", "patients"))
                .foreign_key(&mut fk("letters", "practice_id", "organisations"))
                .foreign_key(&mut fk("letters", "created_by", "users"))
                .to_owned(),
        )
        .await?;
        for (name, cols) in [
            (
                "ix_letters_practice_inbox",
                &["practice_id", "status", "sent_at"][..],
            ),
            (
                "ix_letters_service",
                &["service_id", "status", "updated_at"][..],
            ),
            ("ix_letters_patient", &["patient_id", "sent_at"][..]),
            ("ix_letters_service_sent", &["service_id", "sent_at"][..]),
            ("ix_letters_practice_sent", &["practice_id", "sent_at"][..]),
            ("ix_letters_trust_sent", &["trust_id", "sent_at"][..]),
        ] {
            m.create_index(index("letters", name, cols, false)).await?;
        }

        m.create_table(
            Table::create()
                .table("letter_actions")
                .col(pk_uuid("id"))
                .col(uuid("letter_id"))
                .col(uuid("practice_id"))
                .col(integer("position"))
                .col(text("text"))
                .col(date("due_on"))
                .col(string("state"))
                .col(text("reason"))
                .col(uuid_null("updated_by"))
                .col(timestamp_with_time_zone_null("settled_at"))
                .col(timestamp_with_time_zone("created_at"))
                .foreign_key(&mut fk("letter_actions", "letter_id", "letters"))
                .foreign_key(&mut fk("letter_actions", "practice_id", "organisations"))
                .to_owned(),
        )
        .await?;
        for (name, cols) in [
            ("ix_letter_actions_letter", &["letter_id", "position"][..]),
            (
                "ix_letter_actions_open",
                &["practice_id", "state", "due_on"][..],
            ),
        ] {
            m.create_index(index("letter_actions", name, cols, false))
                .await?;
        }

        m.create_table(
            Table::create()
                .table("letter_queries")
                .col(pk_uuid("id"))
                .col(uuid("letter_id"))
                .col(uuid("service_id"))
                .col(uuid("user_id"))
                .col(text("message"))
                .col(timestamp_with_time_zone("created_at"))
                .foreign_key(&mut fk("letter_queries", "letter_id", "letters"))
                .foreign_key(&mut fk("letter_queries", "user_id", "users"))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "letter_queries",
            "ix_letter_queries_service",
            &["service_id", "created_at"],
            false,
        ))
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in [
            "letter_queries",
            "letter_actions",
            "letters",
            "service_patients",
        ] {
            m.drop_table(Table::drop().table(t).to_owned()).await?;
        }
        Ok(())
    }
}
