//! A per-user API token, stored as the SHA-256 of its secret; the secret is shown once at issue.
use sea_orm::entity::prelude::*;

/// One token.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "api_tokens")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub user_id: Uuid,
    /// The membership (role and organisation) the token acts in.
    pub membership_id: Uuid,
    /// What the token is for, as the administrator named it.
    pub name: String,
    /// SHA-256 (hex) of the secret.
    pub token_hash: String,
    /// The secret's first characters, to tell tokens apart in lists.
    pub prefix: String,
    pub created_at: TimeDateTimeWithTimeZone,
    /// The administrator who issued it.
    pub created_by: Option<Uuid>,
    pub last_used_at: Option<TimeDateTimeWithTimeZone>,
    pub revoked_at: Option<TimeDateTimeWithTimeZone>,
}

/// No navigable relations.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
