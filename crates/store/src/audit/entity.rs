//! Tables of the audit log.

/// One audit entry.
pub mod audit_log {
    use sea_orm::entity::prelude::*;

    /// One entry: recorded with an `id`; `seq`, `prev_hash` and `hash` are set when it is sealed.
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "audit_log")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub seq: Option<i64>,
        pub at: TimeDateTimeWithTimeZone,
        pub user_id: Option<Uuid>,
        pub role: Option<String>,
        pub organisation_ods: Option<String>,
        pub action: String,
        pub nhs_number: Option<String>,
        pub record_type: String,
        pub record_id: Option<String>,
        pub outcome: String,
        pub prev_hash: Option<String>,
        pub hash: Option<String>,
    }

    /// No relations.
    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// The single row that holds the chain's last sequence number and hash.
pub mod audit_head {
    use sea_orm::entity::prelude::*;

    /// The head of the chain (always id 1).
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "audit_head")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: i32,
        pub last_seq: i64,
        pub last_hash: String,
    }

    /// No relations.
    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}
