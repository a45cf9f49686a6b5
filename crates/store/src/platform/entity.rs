//! Tables of the platform machinery.

/// Idempotency keys of API POSTs.
pub mod idempotency_key {
    use sea_orm::entity::prelude::*;

    /// One key, scoped to its caller.
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "idempotency_keys")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        /// Whose key it is (`user:<uuid>`).
        pub caller: String,
        pub key: String,
        /// SHA-256 of method, path and body.
        pub request_hash: String,
        /// `in_flight` or `done`.
        pub state: String,
        pub response_status: Option<i32>,
        pub response_body: Option<String>,
        pub created_at: TimeDateTimeWithTimeZone,
    }

    /// No relations.
    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// Background jobs.
pub mod job {
    use sea_orm::entity::prelude::*;

    /// One job.
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "jobs")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        /// What to do, e.g. `email.send`.
        pub kind: String,
        /// Its arguments as JSON.
        pub payload: String,
        /// `queued`, `running`, `done` or `failed`.
        pub state: String,
        pub attempts: i32,
        pub max_attempts: i32,
        /// Not before this time.
        pub run_at: TimeDateTimeWithTimeZone,
        pub last_error: Option<String>,
        /// The worker that holds it.
        pub locked_by: Option<String>,
        pub locked_at: Option<TimeDateTimeWithTimeZone>,
        pub created_at: TimeDateTimeWithTimeZone,
        pub updated_at: TimeDateTimeWithTimeZone,
    }

    /// No relations.
    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// In-app notifications.
pub mod notification {
    use sea_orm::entity::prelude::*;

    /// One notification for one user.
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "notifications")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub user_id: Uuid,
        pub title: String,
        pub body: String,
        /// A page to open, if any.
        pub link: Option<String>,
        pub created_at: TimeDateTimeWithTimeZone,
        pub read_at: Option<TimeDateTimeWithTimeZone>,
    }

    /// No relations.
    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// The email outbox.
pub mod outbox_email {
    use sea_orm::entity::prelude::*;

    /// One email, written in the transaction of the change that caused it.
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "outbox_emails")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub to_address: String,
        pub subject: String,
        pub body: String,
        pub created_at: TimeDateTimeWithTimeZone,
        /// When it was handed to SMTP or to the demo mailbox.
        pub sent_at: Option<TimeDateTimeWithTimeZone>,
        /// `smtp` or `demo-mailbox`.
        pub delivery: Option<String>,
    }

    /// No relations.
    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}
