//! A patient record: NHS number, name, date of birth, postcode and registered practice.
use sea_orm::entity::prelude::*;

/// One patient.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "patients")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Ten digits, no spaces.
    pub nhs_number: String,
    pub given_name: String,
    pub family_name: String,
    /// `joinedup_core::text::search_key` of the family name.
    pub family_name_key: String,
    /// `joinedup_core::text::search_key` of the given name.
    pub given_name_key: String,
    pub date_of_birth: TimeDate,
    pub postcode: String,
    /// The registered GP practice.
    pub practice_id: Uuid,
    pub created_at: TimeDateTimeWithTimeZone,
}

/// No navigable relations; queries join explicitly.
/// How a patient row joins others.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    /// The registered practice: a search reads it in the same query as the patients.
    #[sea_orm(
        belongs_to = "super::organisation::Entity",
        from = "Column::PracticeId",
        to = "super::organisation::Column::Id"
    )]
    Practice,
}

impl Related<super::organisation::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Practice.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
