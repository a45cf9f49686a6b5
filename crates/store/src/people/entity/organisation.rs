//! An organisation with an ODS code: the ICB, a trust, a trust site, a GP practice or a pharmacy.
use sea_orm::entity::prelude::*;

/// One organisation.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "organisations")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub ods_code: String,
    pub name: String,
    /// `joinedup_core::people::OrganisationKind` stored name.
    pub kind: String,
    /// The trust of a site; `None` otherwise.
    pub parent_id: Option<Uuid>,
    /// Borough stored name, for practices.
    pub borough: Option<String>,
    /// Primary care network, for practices.
    pub pcn: Option<String>,
    pub postcode: Option<String>,
    pub active: bool,
    /// `joinedup_core::text::search_key` of the name and ODS code, for accent-insensitive search.
    pub search_key: Option<String>,
}

/// No navigable relations; queries join explicitly.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
