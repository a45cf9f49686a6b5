//! Specialist services of a trust: listed per trust, created, renamed, disabled and enabled,
//! with their Advice & Guidance settings (response standard, whether they take requests, lead).

use super::{Checked, FieldError, event, require_admin};
use crate::audit;
use crate::people::ActorContext;
use crate::people::entity::{membership, organisation, service, user};
use crate::{Result, Store, StoreError};
use joinedup_core::people::{OrganisationKind, Role};
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
    /// Whether GPs may send it advice requests.
    pub takes_advice_requests: bool,
    /// Its advice response standard, in working days.
    pub advice_standard_days: i32,
    /// The email of its clinical lead, who is told of overdue advice requests.
    pub lead_email: Option<String>,
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
    /// Its advice response standard in working days, as typed (empty means the default, 2).
    pub advice_standard_days: String,
    /// `yes` or `no`: does it take advice requests (empty means yes).
    pub takes_advice_requests: String,
    /// The email of its clinical lead, a specialist of the service (optional).
    pub lead_email: String,
}

impl ServiceInput {
    /// The form filled in from a stored service.
    pub fn from_row(s: &ServiceRow) -> Self {
        Self {
            name: s.name.clone(),
            specialty: s.specialty.replace('_', " "),
            advice_standard_days: s.advice_standard_days.to_string(),
            takes_advice_requests: if s.takes_advice_requests { "yes" } else { "no" }.into(),
            lead_email: s.lead_email.clone().unwrap_or_default(),
        }
    }
}

/// A checked service form.
struct ServiceFields {
    name: String,
    specialty: String,
    standard_days: i32,
    takes_advice_requests: bool,
    lead_user_id: Option<Uuid>,
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
    let lead_ids: Vec<Uuid> = models.iter().filter_map(|s| s.lead_user_id).collect();
    let leads: HashMap<Uuid, String> = if lead_ids.is_empty() {
        HashMap::new()
    } else {
        user::Entity::find()
            .filter(user::Column::Id.is_in(lead_ids))
            .all(conn)
            .await?
            .into_iter()
            .map(|u| (u.id, u.email))
            .collect()
    };
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
                takes_advice_requests: s.takes_advice_requests,
                advice_standard_days: s.advice_standard_days,
                lead_email: s.lead_user_id.and_then(|u| leads.get(&u).cloned()),
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

/// Checks the form: the name, the specialty code (`search_key` with underscores), the advice
/// standard, and a lead who is a specialist of this service.
async fn check(
    conn: &impl ConnectionTrait,
    trust_id: Uuid,
    input: &ServiceInput,
    existing: Option<Uuid>,
) -> Result<Checked<ServiceFields>> {
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
    let standard_days = if input.advice_standard_days.trim().is_empty() {
        joinedup_core::advice::DEFAULT_STANDARD_DAYS
    } else {
        match joinedup_core::advice::ResponseStandard::parse(&input.advice_standard_days) {
            Ok(s) => s.days(),
            Err(e) => {
                errors.push(FieldError::new("advice_standard_days", e.message));
                0
            }
        }
    };
    let takes_advice_requests = match input.takes_advice_requests.as_str() {
        "" | "yes" => true,
        "no" => false,
        _ => {
            errors.push(FieldError::new(
                "takes_advice_requests",
                "Select yes if GPs may send this service advice requests",
            ));
            true
        }
    };
    let lead_email = input.lead_email.trim().to_lowercase();
    let mut lead_user_id = None;
    if !lead_email.is_empty() {
        let lead = user::Entity::find()
            .filter(user::Column::Email.eq(lead_email.as_str()))
            .one(conn)
            .await?;
        let is_specialist_here = match (&lead, existing) {
            (Some(u), Some(service_id)) => membership::Entity::find()
                .filter(membership::Column::UserId.eq(u.id))
                .filter(membership::Column::ServiceId.eq(service_id))
                .filter(membership::Column::Role.eq(Role::Specialist.as_str()))
                .one(conn)
                .await?
                .is_some(),
            _ => false,
        };
        match lead {
            Some(u) if is_specialist_here => lead_user_id = Some(u.id),
            Some(_) => errors.push(FieldError::new(
                "lead_email",
                "The lead must be a specialist of this service. Add them to the service first",
            )),
            None => errors.push(FieldError::new(
                "lead_email",
                "There is no account with this email address",
            )),
        }
    }
    Ok(if errors.is_empty() {
        Ok(ServiceFields {
            name,
            specialty,
            standard_days: standard_days as i32,
            takes_advice_requests,
            lead_user_id,
        })
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
    let f = match check(&txn, trust_id, input, None).await? {
        Ok(v) => v,
        Err(errors) => return Ok(Err(errors)),
    };
    let id = Uuid::now_v7();
    service::Entity::insert(service::ActiveModel {
        id: Set(id),
        organisation_id: Set(trust_id),
        name: Set(f.name),
        specialty: Set(f.specialty),
        active: Set(true),
        takes_advice_requests: Set(f.takes_advice_requests),
        advice_standard_days: Set(f.standard_days),
        lead_user_id: Set(f.lead_user_id),
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
    let f = match check(&txn, current.organisation_id, input, Some(id)).await? {
        Ok(v) => v,
        Err(errors) => return Ok(Err(errors)),
    };
    let mut row = current.into_active_model();
    row.name = Set(f.name);
    row.specialty = Set(f.specialty);
    row.takes_advice_requests = Set(f.takes_advice_requests);
    row.advice_standard_days = Set(f.standard_days);
    row.lead_user_id = Set(f.lead_user_id);
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
