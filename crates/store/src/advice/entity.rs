//! Tables of the Advice & Guidance area.

/// One advice request, from draft to closed, with its response clock.
pub mod advice_request {
    use sea_orm::entity::prelude::*;

    /// One request. Statuses, urgencies and outcomes are stored by their `as_str` names from
    /// `joinedup_core::advice`.
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "advice_requests")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub patient_id: Uuid,
        /// The practice that asks (the patient's registered practice when it was written).
        pub practice_id: Uuid,
        /// The service asked now (after any redirect); empty only in a draft.
        pub service_id: Option<Uuid>,
        pub created_by: Uuid,
        pub sent_by: Option<Uuid>,
        pub status: String,
        pub urgency: Option<String>,
        pub referral_authorised: Option<bool>,
        #[sea_orm(column_type = "Text")]
        pub question: String,
        #[sea_orm(column_type = "Text")]
        pub history: String,
        #[sea_orm(column_type = "Text")]
        pub medicines: String,
        #[sea_orm(column_type = "Text")]
        pub results: String,
        pub created_at: TimeDateTimeWithTimeZone,
        pub updated_at: TimeDateTimeWithTimeZone,
        /// When the GP first sent it.
        pub sent_at: Option<TimeDateTimeWithTimeZone>,
        /// When the current service's clock started (the send, or the latest redirect).
        pub clock_started_at: Option<TimeDateTimeWithTimeZone>,
        pub standard_days: Option<i32>,
        pub paused_days: i32,
        pub paused_since: Option<TimeDateTimeWithTimeZone>,
        pub paused_working_seconds: i64,
        /// The due time, kept current for ordering the inbox (provisional while paused).
        pub due_at: Option<TimeDateTimeWithTimeZone>,
        pub claimed_by: Option<Uuid>,
        pub outcome: Option<String>,
        #[sea_orm(column_type = "Text", nullable)]
        pub patient_summary: Option<String>,
        /// When the first final outcome was given (the response time ends here).
        pub answered_at: Option<TimeDateTimeWithTimeZone>,
        pub answered_by: Option<Uuid>,
        pub within_standard: Option<bool>,
        pub response_working_seconds: Option<i64>,
        pub gp_read_at: Option<TimeDateTimeWithTimeZone>,
        #[sea_orm(column_type = "Text", nullable)]
        pub gp_action: Option<String>,
        pub closed_at: Option<TimeDateTimeWithTimeZone>,
        pub reminded_at: Option<TimeDateTimeWithTimeZone>,
        pub escalated_at: Option<TimeDateTimeWithTimeZone>,
        /// Raised by every change, for optimistic concurrency.
        pub version: i32,
    }

    /// No navigable relations; queries join explicitly.
    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// The conversation on a request: messages, replies with outcomes, and events such as a claim.
pub mod advice_message {
    use sea_orm::entity::prelude::*;

    /// One entry of the thread, attributed to a person and organisation as they were then.
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "advice_messages")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub request_id: Uuid,
        /// `sent`, `message`, `reply`, `gp_response`, `claimed`, `released`, `redirected`, `closed`.
        pub kind: String,
        pub outcome: Option<String>,
        #[sea_orm(column_type = "Text")]
        pub body: String,
        pub author_user_id: Option<Uuid>,
        pub author_name: String,
        pub author_role: String,
        pub author_organisation: String,
        pub created_at: TimeDateTimeWithTimeZone,
    }

    /// No navigable relations; queries join explicitly.
    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// Files attached to a request; the bytes live in the blob store under `blob_key`.
pub mod advice_attachment {
    use sea_orm::entity::prelude::*;

    /// One attached file.
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "advice_attachments")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub request_id: Uuid,
        /// The sanitised name shown and offered on download.
        pub file_name: String,
        /// The MIME type the content showed (never the browser's claim).
        pub content_type: String,
        pub size_bytes: i64,
        /// SHA-256 of the bytes, in hex.
        pub blob_key: String,
        pub uploaded_by: Uuid,
        pub created_at: TimeDateTimeWithTimeZone,
    }

    /// No navigable relations; queries join explicitly.
    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}
