//! A person who signs in: staff, patient or carer.
use sea_orm::entity::prelude::*;

/// One user account.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "users")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Lower-cased email address, unique.
    pub email: String,
    pub display_name: String,
    /// Argon2id PHC string.
    pub password_hash: String,
    pub active: bool,
    pub created_at: TimeDateTimeWithTimeZone,
    /// `joinedup_core::text::search_key` of the name and email, for accent-insensitive search.
    pub search_key: Option<String>,
}

/// No navigable relations; queries join explicitly.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
