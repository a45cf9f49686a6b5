//! A patient under a service's care (its caseload): whom the service may write letters about.
use sea_orm::entity::prelude::*;

/// One patient on one service's caseload.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "service_patients")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub service_id: Uuid,
    pub patient_id: Uuid,
    /// How the patient came to the service: `referral`, `advice` (an A&G request converted or
    /// answered "to be seen") or `admission`.
    pub source: String,
    pub since: TimeDateTimeWithTimeZone,
}

/// No navigable relations; queries join explicitly.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
