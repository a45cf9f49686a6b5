//! Administration: a search column on organisations and users, holding
//! `joinedup_core::text::search_key` of their names and codes, computed in Rust because
//! SQLite's `lower()` folds ASCII only. Every writer of these rows (the demo seeders and
//! `people::admin`) sets it.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite alters one column at a time.
        for table in ["organisations", "users"] {
            m.alter_table(
                Table::alter()
                    .table(table)
                    .add_column(string_null("search_key"))
                    .to_owned(),
            )
            .await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for table in ["organisations", "users"] {
            m.alter_table(
                Table::alter()
                    .table(table)
                    .drop_column("search_key")
                    .to_owned(),
            )
            .await?;
        }
        Ok(())
    }
}
