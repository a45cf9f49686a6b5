//! The search keys of organisations and users: `joinedup_core::text::search_key` of their names
//! and codes, computed in Rust because SQLite's `lower()` folds ASCII only.

use crate::Result;
use crate::people::entity::{organisation, user};
use joinedup_core::text::search_key;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use uuid::Uuid;

/// The search key of an organisation.
pub fn organisation_search_key(name: &str, ods_code: &str) -> String {
    search_key(&format!("{name} {ods_code}"))
}

/// The search key of a user.
pub fn user_search_key(display_name: &str, email: &str) -> String {
    search_key(&format!("{display_name} {email}"))
}

/// Sets an organisation's search key.
pub async fn set_organisation_key(
    conn: &impl ConnectionTrait,
    id: Uuid,
    name: &str,
    ods_code: &str,
) -> Result<()> {
    organisation::Entity::update_many()
        .col_expr(
            organisation::Column::SearchKey,
            Expr::value(organisation_search_key(name, ods_code)),
        )
        .filter(organisation::Column::Id.eq(id))
        .exec(conn)
        .await?;
    Ok(())
}

/// Sets a user's search key.
pub async fn set_user_key(
    conn: &impl ConnectionTrait,
    id: Uuid,
    display_name: &str,
    email: &str,
) -> Result<()> {
    user::Entity::update_many()
        .col_expr(
            user::Column::SearchKey,
            Expr::value(user_search_key(display_name, email)),
        )
        .filter(user::Column::Id.eq(id))
        .exec(conn)
        .await?;
    Ok(())
}
