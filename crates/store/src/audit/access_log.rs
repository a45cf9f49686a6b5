//! "Who has looked at my record": the audit entries about a patient, as the patient (or a
//! consented carer) may see them.

use super::entity::audit_log;
use super::{AuditEvent, record};
use crate::people::ActorContext;
use crate::people::entity::{organisation, patient};
use crate::{Result, Store, StoreError};
use joinedup_core::audit::outcome;
use joinedup_core::people::Role;
use joinedup_core::people::access::{Capability, PatientFacts, can, may_view_patient};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use std::collections::HashMap;
use uuid::Uuid;

/// One access to a patient's data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccessEntry {
    /// When.
    pub at: time::OffsetDateTime,
    /// What was done (`patient.view`, `patient.search`, …).
    pub action: String,
    /// The role of the person.
    pub role: Option<Role>,
    /// The organisation they acted for, as "Name (ODS)".
    pub organisation: Option<String>,
    /// True when it was the signed-in user themselves.
    pub by_you: bool,
}

/// The successful accesses to a linked patient's data, newest first; the reading is itself audited.
pub async fn for_patient(
    store: &Store,
    ctx: &ActorContext,
    patient_id: Uuid,
    limit: u64,
) -> Result<Vec<AccessEntry>> {
    let actor = ctx.actor();
    let txn = store.write().await?;
    let p = patient::Entity::find_by_id(patient_id)
        .one(&txn)
        .await?
        .ok_or(StoreError::NotFound)?;
    let facts = PatientFacts {
        patient_id,
        registered_practice_id: p.practice_id,
        involved_service_ids: vec![],
    };
    if !can(&actor, Capability::ViewOwnRecord) || !may_view_patient(&actor, &facts) {
        return Err(StoreError::NotFound);
    }
    let rows = audit_log::Entity::find()
        .filter(audit_log::Column::NhsNumber.eq(p.nhs_number.as_str()))
        .filter(audit_log::Column::Outcome.eq(outcome::SUCCESS))
        .order_by_desc(audit_log::Column::Id)
        .limit(limit)
        .all(&txn)
        .await?;
    let mut codes: Vec<String> = rows
        .iter()
        .filter_map(|r| r.organisation_ods.clone())
        .collect();
    codes.sort();
    codes.dedup();
    let names: HashMap<String, String> = organisation::Entity::find()
        .filter(organisation::Column::OdsCode.is_in(codes))
        .all(&txn)
        .await?
        .into_iter()
        .map(|o| (o.ods_code.clone(), format!("{} ({})", o.name, o.ods_code)))
        .collect();
    let entries = rows
        .into_iter()
        .map(|r| AccessEntry {
            at: r.at,
            by_you: r.user_id == Some(ctx.user_id),
            role: r.role.as_deref().and_then(Role::parse),
            organisation: r
                .organisation_ods
                .map(|c| names.get(&c).cloned().unwrap_or(c)),
            action: r.action,
        })
        .collect();
    let event = AuditEvent {
        action: "patient.access_log",
        nhs_number: Some(p.nhs_number.clone()),
        record_type: "patient",
        record_id: Some(patient_id.to_string()),
        outcome: outcome::SUCCESS,
    };
    record(&txn, &ctx.audit(), event).await?;
    txn.commit().await?;
    Ok(entries)
}
