//! One failed sign-in, counted per account and per address to throttle guessing.
use sea_orm::entity::prelude::*;

/// One failure.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "sign_in_failures")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// `account` or `address`.
    pub key_kind: String,
    /// The lower-cased email or the client address.
    pub key_value: String,
    pub at: TimeDateTimeWithTimeZone,
}

/// No navigable relations.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
