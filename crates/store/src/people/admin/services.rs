//! Specialist services of a trust: listed per trust, created, renamed, disabled and enabled.

use super::{Checked, FieldError, event, require_admin};
use crate::audit;
use crate::people::ActorContext;
use crate::people::entity::{organisation, service};
use crate::{Result, Store, StoreError};
use joinedup_core::people::OrganisationKind;
use joinedup_core::text::search_key;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel,
    QueryFilter, QueryOrder,
};
use std::collections::HashMap;
use uuid::Uuid;

/// A service as the administration pages show it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceRow {
    /// The service.
    pub id: Uuid,
    /// The trust that runs it.
    pub organisation_id: Uuid,
    /// The trust's name.
    pub trust_name: String,
    /// The trust's ODS code.
    pub trust_ods: String,
    /// The service's name, e.g. "Rheumatology".
    pub name: String,
    /// Its specialty code, e.g. `rheumatology`.
    pub specialty: String,
    /// False once disabled.
    pub active: bool,
}

impl ServiceRow {
    /// "Rheumatology, King's College Hospital NHS Foundation Trust (RJZ)".
    pub fn label(&self) -> String {
        format!("{}, {} ({})", self.name, self.trust_name, self.trust_ods)
    }
}

/// The service form as submitted.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(default)]
pub struct ServiceInput {
    /// The service's name.
    pub name: String,
    /// Its specialty, in words or as a code.
    pub specialty: String,
}

async fn trust(conn: &impl ConnectionTrait, id: Uuid) -> Result<organisation::Model> {
    organisation::Entity::find_by_id(id)
        .filter(organisation::Column::Kind.eq(OrganisationKind::Trust.as_str()))
        .one(conn)
        .await?
        .ok_or(StoreError::NotFound)
}

async fn rows(conn: &impl ConnectionTrait, models: Vec<service::Model>) -> Result<Vec<ServiceRow>> {
    let ids: Vec<Uuid> = models.iter().map(|s| s.organisation_id).collect();
    let trusts: HashMap<Uuid, organisation::Model> = organisation::Entity::find()
        .filter(organisation::Column::Id.is_in(ids))
        .all(conn)
        .await?
        .into_iter()
        .map(|o| (o.id, o))
        .collect();
    Ok(models
        .into_iter()
        .filter_map(|s| {
            let t = trusts.get(&s.organisation_id)?;
            Some(ServiceRow {
                id: s.id,
                organisation_id: s.organisation_id,
                trust_name: t.name.clone(),
                trust_ods: t.ods_code.clone(),
                name: s.name,
                specialty: s.specialty,
                active: s.active,
            })
        })
        .collect())
}

/// The services of one trust, by name; `NotFound` if `trust_id` is not a trust.
pub async fn list_services(
    store: &Store,
    ctx: &ActorContext,
    trust_id: Uuid,
) -> Result<Vec<ServiceRow>> {
    require_admin(ctx)?;
    trust(store.db(), trust_id).await?;
    let models = service::Entity::find()
        .filter(service::Column::OrganisationId.eq(trust_id))
        .order_by_asc(service::Column::Name)
        .all(store.db())
        .await?;
    rows(store.db(), models).await
}

/// Every active service of an active trust, by trust then name (for choosing a specialist's service).
pub async fn active_services(store: &Store, ctx: &ActorContext) -> Result<Vec<ServiceRow>> {
    require_admin(ctx)?;
    let models = service::Entity::find()
        .filter(service::Column::Active.eq(true))
        .all(store.db())
        .await?;
    let mut out: Vec<ServiceRow> = rows(store.db(), models).await?;
    let active_trusts: Vec<Uuid> = organisation::Entity::find()
        .filter(organisation::Column::Active.eq(true))
        .filter(organisation::Column::Kind.eq(OrganisationKind::Trust.as_str()))
        .all(store.db())
        .await?
        .into_iter()
        .map(|o| o.id)
        .collect();
    out.retain(|s| active_trusts.contains(&s.organisation_id));
    out.sort_by(|a, b| (&a.trust_name, &a.name).cmp(&(&b.trust_name, &b.name)));
    Ok(out)
}

/// One service.
pub async fn service(store: &Store, ctx: &ActorContext, id: Uuid) -> Result<ServiceRow> {
    require_admin(ctx)?;
    let m = service::Entity::find_by_id(id)
        .one(store.db())
        .await?
        .ok_or(StoreError::NotFound)?;
    rows(store.db(), vec![m])
        .await?
        .pop()
        .ok_or(StoreError::NotFound)
}

/// Checks the form; returns the name and the specialty code (`search_key` with underscores).
async fn check(
    conn: &impl ConnectionTrait,
    trust_id: Uuid,
    input: &ServiceInput,
    existing: Option<Uuid>,
) -> Result<Checked<(String, String)>> {
    let mut errors = vec![];
    let name = input.name.trim().to_owned();
    if name.is_empty() {
        errors.push(FieldError::new("name", "Enter the service's name"));
    } else if name.chars().count() > 200 {
        errors.push(FieldError::new(
            "name",
            "Name must be 200 characters or fewer",
        ));
    } else {
        let key = search_key(&name);
        let same_name = service::Entity::find()
            .filter(service::Column::OrganisationId.eq(trust_id))
            .all(conn)
            .await?
            .into_iter()
            .any(|s| Some(s.id) != existing && search_key(&s.name) == key);
        if same_name {
            errors.push(FieldError::new(
                "name",
                "This trust already has a service with this name",
            ));
        }
    }
    let specialty = search_key(&input.specialty).replace(' ', "_");
    if specialty.is_empty() {
        errors.push(FieldError::new(
            "specialty",
            "Enter the service's specialty, for example rheumatology",
        ));
    }
    Ok(if errors.is_empty() {
        Ok((name, specialty))
    } else {
        Err(errors)
    })
}

/// Creates a service of a trust; returns its id, or the field problems.
pub async fn create_service(
    store: &Store,
    ctx: &ActorContext,
    trust_id: Uuid,
    input: &ServiceInput,
) -> Result<Checked<Uuid>> {
    require_admin(ctx)?;
    let txn = store.write().await?;
    trust(&txn, trust_id).await?;
    let (name, specialty) = match check(&txn, trust_id, input, None).await? {
        Ok(v) => v,
        Err(errors) => return Ok(Err(errors)),
    };
    let id = Uuid::now_v7();
    service::Entity::insert(service::ActiveModel {
        id: Set(id),
        organisation_id: Set(trust_id),
        name: Set(name),
        specialty: Set(specialty),
        active: Set(true),
        takes_advice_requests: Set(true),
        advice_standard_days: Set(joinedup_core::advice::DEFAULT_STANDARD_DAYS as i32),
        lead_user_id: Set(None),
    })
    .exec_without_returning(&txn)
    .await?;
    audit::record(&txn, &ctx.audit(), event("service.create", "service", id)).await?;
    txn.commit().await?;
    Ok(Ok(id))
}

/// Renames a service or changes its specialty.
pub async fn update_service(
    store: &Store,
    ctx: &ActorContext,
    id: Uuid,
    input: &ServiceInput,
) -> Result<Checked<()>> {
    require_admin(ctx)?;
    let txn = store.write().await?;
    let current = service::Entity::find_by_id(id)
        .one(&txn)
        .await?
        .ok_or(StoreError::NotFound)?;
    let (name, specialty) = match check(&txn, current.organisation_id, input, Some(id)).await? {
        Ok(v) => v,
        Err(errors) => return Ok(Err(errors)),
    };
    let mut row = current.into_active_model();
    row.name = Set(name);
    row.specialty = Set(specialty);
    row.update(&txn).await?;
    audit::record(&txn, &ctx.audit(), event("service.update", "service", id)).await?;
    txn.commit().await?;
    Ok(Ok(()))
}

/// Disables or enables a service. While disabled, its specialists and secretaries cannot act for
/// it; disabling ends their sessions at once.
pub async fn set_service_active(
    store: &Store,
    ctx: &ActorContext,
    id: Uuid,
    active: bool,
) -> Result<()> {
    require_admin(ctx)?;
    let txn = store.write().await?;
    let current = service::Entity::find_by_id(id)
        .one(&txn)
        .await?
        .ok_or(StoreError::NotFound)?;
    let mut row = current.into_active_model();
    row.active = Set(active);
    row.update(&txn).await?;
    if !active {
        crate::people::sessions::end_all_for_members_of(&txn, None, Some(id)).await?;
    }
    let action = if active {
        "service.enable"
    } else {
        "service.disable"
    };
    audit::record(&txn, &ctx.audit(), event(action, "service", id)).await?;
    txn.commit().await?;
    Ok(())
}
