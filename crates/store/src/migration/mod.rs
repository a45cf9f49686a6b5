//! Schema migrations, written once in Rust and run on both SQLite and PostgreSQL.

use sea_orm_migration::prelude::*;

mod m0001_foundation;

/// Every migration, in order.
pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![Box::new(m0001_foundation::Migration)]
    }
}
