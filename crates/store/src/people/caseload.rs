//! Each service's caseload: the patients under its care. A service may write letters only about
//! them. Patients join it by referral or admission, or when the service asks to see a patient
//! after an advice request.

use super::entity::service_patient;
use crate::{Result, now};
use sea_orm::sea_query::OnConflict;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, Set};
use uuid::Uuid;

/// Puts `patient_id` on `service_id`'s caseload (nothing happens if they are on it already).
/// `source` says how: `referral`, `advice` or `admission`.
pub async fn add(
    conn: &impl ConnectionTrait,
    service_id: Uuid,
    patient_id: Uuid,
    source: &str,
) -> Result<()> {
    service_patient::Entity::insert(service_patient::ActiveModel {
        id: Set(Uuid::now_v7()),
        service_id: Set(service_id),
        patient_id: Set(patient_id),
        source: Set(source.to_owned()),
        since: Set(now()),
    })
    .on_conflict(
        OnConflict::columns([
            service_patient::Column::ServiceId,
            service_patient::Column::PatientId,
        ])
        .do_nothing()
        .to_owned(),
    )
    .exec_without_returning(conn)
    .await?;
    Ok(())
}

/// True when `patient_id` is under `service_id`'s care.
pub async fn is_under(
    conn: &impl ConnectionTrait,
    service_id: Uuid,
    patient_id: Uuid,
) -> Result<bool> {
    Ok(service_patient::Entity::find()
        .filter(service_patient::Column::ServiceId.eq(service_id))
        .filter(service_patient::Column::PatientId.eq(patient_id))
        .count(conn)
        .await?
        > 0)
}

/// The services with `patient_id` on their caseload.
pub async fn services_of(conn: &impl ConnectionTrait, patient_id: Uuid) -> Result<Vec<Uuid>> {
    use sea_orm::QuerySelect;
    Ok(service_patient::Entity::find()
        .select_only()
        .column(service_patient::Column::ServiceId)
        .filter(service_patient::Column::PatientId.eq(patient_id))
        .into_tuple()
        .all(conn)
        .await?)
}
