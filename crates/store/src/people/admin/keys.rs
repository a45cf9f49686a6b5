//! The search columns that migration m0003 added to `organisations` and `users`, as two small
//! entities of their own, and the step that fills in keys for rows written without one
//! (the demo seed and imports write the main entities, which do not know the column).

use crate::people::entity::{organisation, user};
use crate::{Result, Store};
use joinedup_core::text::search_key;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect};
use uuid::Uuid;

/// The search column of `organisations`.
pub mod organisation_key {
    use sea_orm::entity::prelude::*;

    /// An organisation's id and search key.
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "organisations")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        /// `search_key` of the name and the ODS code.
        pub search_key: Option<String>,
    }

    /// No navigable relations.
    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// The search column of `users`.
pub mod user_key {
    use sea_orm::entity::prelude::*;

    /// A user's id and search key.
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "users")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        /// `search_key` of the display name and the email address.
        pub search_key: Option<String>,
    }

    /// No navigable relations.
    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

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
    organisation_key::Entity::update_many()
        .col_expr(
            organisation_key::Column::SearchKey,
            Expr::value(organisation_search_key(name, ods_code)),
        )
        .filter(organisation_key::Column::Id.eq(id))
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
    user_key::Entity::update_many()
        .col_expr(
            user_key::Column::SearchKey,
            Expr::value(user_search_key(display_name, email)),
        )
        .filter(user_key::Column::Id.eq(id))
        .exec(conn)
        .await?;
    Ok(())
}

/// Fills in the search key of every organisation that has none; a no-op once all have one.
pub async fn fill_organisation_keys(store: &Store) -> Result<()> {
    let missing: Vec<(Uuid, String, String)> = organisation::Entity::find()
        .select_only()
        .columns([
            organisation::Column::Id,
            organisation::Column::Name,
            organisation::Column::OdsCode,
        ])
        .filter(organisation_key::Column::SearchKey.is_null())
        .into_tuple()
        .all(store.db())
        .await?;
    if missing.is_empty() {
        return Ok(());
    }
    let txn = store.write().await?;
    for (id, name, ods) in missing {
        set_organisation_key(&txn, id, &name, &ods).await?;
    }
    txn.commit().await?;
    Ok(())
}

/// Fills in the search key of every user that has none; a no-op once all have one.
pub async fn fill_user_keys(store: &Store) -> Result<()> {
    let missing: Vec<(Uuid, String, String)> = user::Entity::find()
        .select_only()
        .columns([
            user::Column::Id,
            user::Column::DisplayName,
            user::Column::Email,
        ])
        .filter(user_key::Column::SearchKey.is_null())
        .into_tuple()
        .all(store.db())
        .await?;
    if missing.is_empty() {
        return Ok(());
    }
    let txn = store.write().await?;
    for (id, name, email) in missing {
        set_user_key(&txn, id, &name, &email).await?;
    }
    txn.commit().await?;
    Ok(())
}
