//! Schema migrations, written once in Rust and run on both SQLite and PostgreSQL.

use sea_orm_migration::prelude::*;

mod m0001_foundation;
mod m0002_platform;
mod m0003_admin;
mod m0004_audit_sealing;
mod m0005_advice;
mod m0006_letters;
mod m0007_letter_figures;

/// A foreign key from `from_table.col` to `to_table.id`.
fn fk(
    from_table: &'static str,
    col: &'static str,
    to_table: &'static str,
) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .name(format!("fk_{from_table}_{col}"))
        .from(from_table, col)
        .to(to_table, "id")
        .to_owned()
}

/// An index on `cols` of `table`.
fn index(
    table: &'static str,
    name: &str,
    cols: &[&'static str],
    unique: bool,
) -> IndexCreateStatement {
    let mut i = Index::create();
    i.name(name).table(table);
    for c in cols {
        i.col(*c);
    }
    if unique {
        i.unique();
    }
    i.to_owned()
}

/// Every migration, in order.
pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m0001_foundation::Migration),
            Box::new(m0002_platform::Migration),
            Box::new(m0003_admin::Migration),
            Box::new(m0004_audit_sealing::Migration),
            Box::new(m0005_advice::Migration),
            Box::new(m0006_letters::Migration),
            Box::new(m0007_letter_figures::Migration),
        ]
    }
}
