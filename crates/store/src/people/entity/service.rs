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
    /// Whether GPs may send it advice requests.
    pub takes_advice_requests: bool,
    /// Its advice response standard, in working days.
    pub advice_standard_days: i32,
    /// The clinical lead, who is told of overdue advice requests.
    pub lead_user_id: Option<Uuid>,
}

/// No navigable relations; queries join explicitly.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
