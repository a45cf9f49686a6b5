//! A specialist service of a trust (for example Rheumatology at King's).
use sea_orm::entity::prelude::*;

/// One service.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "services")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The trust that runs it.
    pub organisation_id: Uuid,
    pub name: String,
    pub specialty: String,
    pub active: bool,
}

/// No navigable relations; queries join explicitly.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
