//! Tables of the letters area.

/// One clinic letter or discharge summary, from draft to acknowledged.
pub mod letter {
    use sea_orm::entity::prelude::*;

    /// One letter. Kinds, statuses and addressees are stored by their `as_str` names from
    /// `joinedup_core::letters`; the body is `LetterContent` as JSON.
    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "letters")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub kind: String,
        pub status: String,
        /// The writing service.
        pub service_id: Uuid,
        /// The service's trust, for the figures.
        pub trust_id: Uuid,
        pub patient_id: Uuid,
        /// The patient's registered practice when the letter was written: where it is delivered.
        pub practice_id: Uuid,
        pub created_by: Uuid,
        /// The appointment or discharge.
        pub event_at: Option<TimeDateTimeWithTimeZone>,
        /// When it is due under the timing standard.
        pub due_at: Option<TimeDateTimeWithTimeZone>,
        pub addressee: String,
        #[sea_orm(column_type = "Text")]
        pub gp_reason: String,
        #[sea_orm(column_type = "Text")]
        pub content: String,
        pub signed_by: Option<Uuid>,
        /// The signer's name and role as they signed.
        pub signed_name: Option<String>,
        pub sent_at: Option<TimeDateTimeWithTimeZone>,
        pub on_time: Option<bool>,
        /// The plain-English checker's reading age when it was sent.
        pub reading_age: Option<f64>,
        pub flesch_reading_ease: Option<f64>,
        /// The checker's verdict when it was sent.
        pub plain: Option<bool>,
        pub acknowledged_by: Option<Uuid>,
        pub acknowledged_at: Option<TimeDateTimeWithTimeZone>,
        pub created_at: TimeDateTimeWithTimeZone,
        pub updated_at: TimeDateTimeWithTimeZone,
        /// Raised by every change: two people saving at once cannot overwrite each other.
        pub version: i32,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// One thing a letter asks the GP to do, as the practice works it.
pub mod letter_action {
    use sea_orm::entity::prelude::*;

    /// One GP action. `state` is an `ActionState` name.
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "letter_actions")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub letter_id: Uuid,
        /// The practice that must act (the letter's).
        pub practice_id: Uuid,
        /// Its place in the letter's list, from 0.
        pub position: i32,
        #[sea_orm(column_type = "Text")]
        pub text: String,
        pub due_on: TimeDate,
        pub state: String,
        /// Why not needed or declined (empty otherwise).
        #[sea_orm(column_type = "Text")]
        pub reason: String,
        pub updated_by: Option<Uuid>,
        /// When it was last settled (done, not needed or declined).
        pub settled_at: Option<TimeDateTimeWithTimeZone>,
        pub created_at: TimeDateTimeWithTimeZone,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// A patient's "I don't understand this letter", for the sending service.
pub mod letter_query {
    use sea_orm::entity::prelude::*;

    /// One report.
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "letter_queries")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub letter_id: Uuid,
        pub service_id: Uuid,
        /// The patient or carer who reported it.
        pub user_id: Uuid,
        #[sea_orm(column_type = "Text")]
        pub message: String,
        pub created_at: TimeDateTimeWithTimeZone,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// The running totals of one service's or practice's letters sent in one London month.
pub mod letter_month_total {
    use sea_orm::entity::prelude::*;

    /// One group's month. `grain` is `service` or `practice`; the distributions are
    /// `joinedup_core::letters::tally::Distribution` in their stored form.
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "letter_month_totals")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub grain: String,
        #[sea_orm(primary_key, auto_increment = false)]
        pub group_id: Uuid,
        /// `YYYY-MM`.
        #[sea_orm(primary_key, auto_increment = false)]
        pub month: String,
        pub sent: i64,
        pub timed: i64,
        pub on_time: i64,
        pub acknowledged: i64,
        pub judged: i64,
        pub plain: i64,
        pub raised: i64,
        pub done: i64,
        pub declined: i64,
        pub to_send: Vec<u8>,
        pub to_acknowledge: Vec<u8>,
        pub reading_age: Vec<u8>,
        /// Open GP actions by due date, as JSON: `{"2026-11-20": 3}`.
        #[sea_orm(column_type = "Text")]
        pub open_by_due: String,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}
