//! Letter figures kept as running totals: one row per service or practice and London month,
//! updated in the same transaction as each send, acknowledgement and action change, so that a
//! year's figures for the whole region read a few thousand rows rather than every letter. Open
//! GP actions are kept by due date, so overdue ones are counted for any day without a scan.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let mut t = Table::create();
        t.table("letter_month_totals")
            .col(string("grain"))
            .col(uuid("group_id"))
            .col(string("month"));
        for counter in [
            "sent",
            "timed",
            "on_time",
            "acknowledged",
            "judged",
            "plain",
            "raised",
            "done",
            "declined",
        ] {
            t.col(big_integer(counter).default(0));
        }
        for distribution in ["to_send", "to_acknowledge", "reading_age"] {
            t.col(blob(distribution));
        }
        t.col(text("open_by_due"));
        t.primary_key(
            Index::create()
                .name("pk_letter_month_totals")
                .col("grain")
                .col("group_id")
                .col("month"),
        );
        m.create_table(t.to_owned()).await?;
        Ok(())
    }
}
