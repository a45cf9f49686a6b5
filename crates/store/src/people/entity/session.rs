//! A server-side session, keyed by the SHA-256 of its cookie id so that the table alone cannot be replayed.
use sea_orm::entity::prelude::*;

/// One session.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "sessions")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    /// The signed-in user, so that all of a user's sessions can be listed or ended.
    pub user_id: Option<Uuid>,
    /// The session's data as JSON.
    pub data: String,
    pub expires_at: TimeDateTimeWithTimeZone,
}

/// No navigable relations.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
