//! The programme's Advice & Guidance figures: the facts of every request sent in a period, read
//! in one query of the columns they need, and aggregated by `joinedup_core::advice::figures`.
//! Figures hold no patient data, so reading them is not audited.

use super::entity::advice_request;
use crate::people::entity::patient;
use crate::{Result, Store};
use joinedup_core::advice::{
    Group, MonthlyFigures, Outcome, RequestFact, monthly_figures, period_figures,
};
use sea_orm::{
    ColumnTrait, EntityTrait, FromQueryResult, QueryFilter, QuerySelect,
    sea_query::{Expr, ExprTrait},
};
use std::collections::HashMap;
use time::OffsetDateTime;
use uuid::Uuid;

#[derive(Debug, FromQueryResult)]
struct FactRow {
    service_id: Option<Uuid>,
    practice_id: Uuid,
    clock_started_at: Option<OffsetDateTime>,
    answered_at: Option<OffsetDateTime>,
    outcome: Option<String>,
    within_standard: Option<bool>,
    response_working_seconds: Option<i64>,
}

/// The facts of every request sent in `[from, to)`, measured from when the current service
/// received it.
pub async fn facts_between(
    store: &Store,
    from: OffsetDateTime,
    to: OffsetDateTime,
) -> Result<Vec<RequestFact>> {
    use advice_request::Column as C;
    let rows = advice_request::Entity::find()
        .select_only()
        .columns([
            C::ServiceId,
            C::PracticeId,
            C::ClockStartedAt,
            C::AnsweredAt,
            C::Outcome,
            C::WithinStandard,
            C::ResponseWorkingSeconds,
        ])
        .filter(C::SentAt.gte(from))
        .filter(C::SentAt.lt(to))
        .into_model::<FactRow>()
        .all(store.db())
        .await?;
    Ok(rows
        .into_iter()
        .filter_map(|r| {
            Some(RequestFact {
                service_id: r.service_id?,
                practice_id: r.practice_id,
                sent_at: r.clock_started_at?,
                answered_at: r.answered_at,
                outcome: r.outcome.as_deref().and_then(Outcome::parse),
                within_standard: r.within_standard,
                response_working_seconds: r.response_working_seconds,
            })
        })
        .collect())
}

#[derive(Debug, FromQueryResult)]
struct ListSize {
    practice_id: Uuid,
    patients: i64,
}

/// Monthly figures per service or per practice for requests sent in `[from, to)`; practice
/// rows include requests per 1,000 registered patients.
pub async fn monthly(
    store: &Store,
    group: Group,
    from: OffsetDateTime,
    to: OffsetDateTime,
) -> Result<Vec<MonthlyFigures>> {
    let facts = facts_between(store, from, to).await?;
    let registered: HashMap<Uuid, u64> = match group {
        Group::ByService => HashMap::new(),
        Group::ByPractice => patient::Entity::find()
            .select_only()
            .column(patient::Column::PracticeId)
            .column_as(Expr::col(patient::Column::Id).count(), "patients")
            .group_by(patient::Column::PracticeId)
            .into_model::<ListSize>()
            .all(store.db())
            .await?
            .into_iter()
            .map(|r| (r.practice_id, u64::try_from(r.patients).unwrap_or(0)))
            .collect(),
    };
    Ok(monthly_figures(&facts, group, &registered))
}

/// Figures per service or practice over the whole of `[from, to)` (one row each).
pub async fn period(
    store: &Store,
    group: Group,
    from: OffsetDateTime,
    to: OffsetDateTime,
) -> Result<Vec<MonthlyFigures>> {
    let facts = facts_between(store, from, to).await?;
    Ok(period_figures(&facts, group, &HashMap::new()))
}

/// Names for figure rows: services as "Service, Trust", practices as "Practice (ODS)".
pub async fn group_names(store: &Store, group: Group) -> Result<HashMap<Uuid, String>> {
    use crate::people::entity::{organisation, service};
    let orgs: HashMap<Uuid, organisation::Model> = organisation::Entity::find()
        .all(store.db())
        .await?
        .into_iter()
        .map(|o| (o.id, o))
        .collect();
    Ok(match group {
        Group::ByService => service::Entity::find()
            .all(store.db())
            .await?
            .into_iter()
            .map(|s| {
                let trust = orgs.get(&s.organisation_id).map_or("", |o| o.name.as_str());
                (s.id, format!("{}, {trust}", s.name))
            })
            .collect(),
        Group::ByPractice => orgs
            .into_values()
            .map(|o| (o.id, format!("{} ({})", o.name, o.ods_code)))
            .collect(),
    })
}

#[derive(Debug, FromQueryResult)]
struct OpenCount {
    service_id: Option<Uuid>,
    open: i64,
    overdue: i64,
}

/// Per service, the requests waiting for it now and how many of those are past their due time
/// (breaches the ICB watches); services with none are left out.
pub async fn open_and_overdue(
    store: &Store,
    at: OffsetDateTime,
) -> Result<HashMap<Uuid, (u64, u64)>> {
    use advice_request::Column as C;
    use sea_orm::sea_query::CaseStatement;
    let overdue = CaseStatement::new()
        .case(Expr::col(C::DueAt).lt(at), Expr::val(1))
        .finally(Expr::val(0));
    let rows = advice_request::Entity::find()
        .select_only()
        .column(C::ServiceId)
        .column_as(Expr::col(C::Id).count(), "open")
        .column_as(Expr::expr(overdue).sum(), "overdue")
        .filter(C::Status.eq(joinedup_core::advice::Status::Sent.as_str()))
        .group_by(C::ServiceId)
        .into_model::<OpenCount>()
        .all(store.db())
        .await?;
    Ok(rows
        .into_iter()
        .filter_map(|r| {
            Some((
                r.service_id?,
                (
                    u64::try_from(r.open).unwrap_or(0),
                    u64::try_from(r.overdue).unwrap_or(0),
                ),
            ))
        })
        .collect())
}
