//! Links a user to a patient record they may see: their own (`self`) or one they care for (`carer`).
use sea_orm::entity::prelude::*;

/// One link.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "patient_links")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub user_id: Uuid,
    pub patient_id: Uuid,
    /// `self` or `carer`.
    pub relationship: String,
    /// When the patient's consent to a carer link was recorded; required for `carer`.
    pub consent_recorded_at: Option<TimeDateTimeWithTimeZone>,
    pub consent_note: Option<String>,
}

/// No navigable relations; queries join explicitly.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
