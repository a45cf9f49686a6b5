//! Organisations: listed and searched by name or ODS code, created, changed, disabled and enabled.

use super::keys;
use super::{
    Checked, FieldError, PAGE_SIZE, Page, event, optional, page_number, require_admin, words_in,
};
use crate::audit;
use crate::people::ActorContext;
use crate::people::entity::organisation;
use crate::{Result, Store, StoreError, is_unique_violation};
use joinedup_core::people::{Borough, OdsCode, OrganisationKind};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
};
use std::collections::HashMap;
use uuid::Uuid;

/// An organisation as the administration pages show it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrganisationRow {
    /// The organisation.
    pub id: Uuid,
    /// Its ODS code.
    pub ods_code: String,
    /// Its name.
    pub name: String,
    /// What kind of organisation it is.
    pub kind: OrganisationKind,
    /// The trust of a site.
    pub parent_id: Option<Uuid>,
    /// That trust's name.
    pub parent_name: Option<String>,
    /// The borough of a practice or pharmacy.
    pub borough: Option<Borough>,
    /// The primary care network of a practice.
    pub pcn: Option<String>,
    /// Its postcode.
    pub postcode: Option<String>,
    /// False once disabled: its memberships no longer sign anyone in.
    pub active: bool,
}

/// What to list: words of the name or ODS code, a kind, and the page.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OrganisationQuery {
    /// Words that must all occur in the name or ODS code (case and accents ignored).
    pub text: String,
    /// Only organisations of this kind.
    pub kind: Option<OrganisationKind>,
    /// The page, from 1.
    pub page: u64,
}

/// The organisation form as submitted. On a change the kind stays as it was.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(default)]
pub struct OrganisationInput {
    /// `OrganisationKind` stored name.
    pub kind: String,
    /// The ODS code.
    pub ods_code: String,
    /// The name.
    pub name: String,
    /// The id of the trust a site belongs to.
    pub parent_id: String,
    /// `Borough` stored name (required for a GP practice).
    pub borough: String,
    /// Primary care network (practices).
    pub pcn: String,
    /// Postcode.
    pub postcode: String,
}

/// An organisation form that passed every check.
struct Valid {
    ods_code: OdsCode,
    name: String,
    parent_id: Option<Uuid>,
    borough: Option<Borough>,
    pcn: Option<String>,
    postcode: Option<String>,
}

fn to_row(m: organisation::Model, parent_name: Option<String>) -> Result<OrganisationRow> {
    let kind = OrganisationKind::parse(&m.kind)
        .ok_or_else(|| anyhow::anyhow!("organisation {} has unknown kind {}", m.id, m.kind))?;
    Ok(OrganisationRow {
        id: m.id,
        ods_code: m.ods_code,
        name: m.name,
        kind,
        parent_id: m.parent_id,
        parent_name,
        borough: m.borough.as_deref().and_then(Borough::parse),
        pcn: m.pcn,
        postcode: m.postcode,
        active: m.active,
    })
}

/// Rows with their parents' names, looked up in one query.
async fn to_rows(
    conn: &impl ConnectionTrait,
    models: Vec<organisation::Model>,
) -> Result<Vec<OrganisationRow>> {
    let parent_ids: Vec<Uuid> = models.iter().filter_map(|m| m.parent_id).collect();
    let parents: HashMap<Uuid, String> = if parent_ids.is_empty() {
        HashMap::new()
    } else {
        organisation::Entity::find()
            .filter(organisation::Column::Id.is_in(parent_ids))
            .all(conn)
            .await?
            .into_iter()
            .map(|p| (p.id, p.name))
            .collect()
    };
    models
        .into_iter()
        .map(|m| {
            let parent = m.parent_id.and_then(|p| parents.get(&p).cloned());
            to_row(m, parent)
        })
        .collect()
}

/// One page of organisations matching the query, by name.
pub async fn list_organisations(
    store: &Store,
    ctx: &ActorContext,
    query: &OrganisationQuery,
) -> Result<Page<OrganisationRow>> {
    require_admin(ctx)?;
    let mut select = organisation::Entity::find();
    if let Some(words) = words_in(organisation::Column::SearchKey, &query.text) {
        select = select.filter(words);
    }
    if let Some(kind) = query.kind {
        select = select.filter(organisation::Column::Kind.eq(kind.as_str()));
    }
    let total = select.clone().count(store.db()).await?;
    let page = page_number(query.page);
    let models = select
        .order_by_asc(organisation::Column::Name)
        .order_by_asc(organisation::Column::Id)
        .offset((page - 1) * PAGE_SIZE)
        .limit(PAGE_SIZE)
        .all(store.db())
        .await?;
    Ok(Page {
        items: to_rows(store.db(), models).await?,
        total,
        page,
    })
}

/// One organisation.
pub async fn organisation(store: &Store, ctx: &ActorContext, id: Uuid) -> Result<OrganisationRow> {
    require_admin(ctx)?;
    let m = organisation::Entity::find_by_id(id)
        .one(store.db())
        .await?
        .ok_or(StoreError::NotFound)?;
    Ok(to_rows(store.db(), vec![m]).await?.remove(0))
}

/// The active NHS trusts, by name (for a site's trust and for services).
pub async fn trusts(store: &Store, ctx: &ActorContext) -> Result<Vec<OrganisationRow>> {
    require_admin(ctx)?;
    let models = organisation::Entity::find()
        .filter(organisation::Column::Kind.eq(OrganisationKind::Trust.as_str()))
        .filter(organisation::Column::Active.eq(true))
        .order_by_asc(organisation::Column::Name)
        .all(store.db())
        .await?;
    to_rows(store.db(), models).await
}

/// Checks the form for an organisation of `kind`; `existing` is the organisation being changed.
async fn check(
    conn: &impl ConnectionTrait,
    input: &OrganisationInput,
    kind: Option<OrganisationKind>,
    existing: Option<Uuid>,
) -> Result<Checked<Valid>> {
    let mut errors = vec![];
    if kind.is_none() {
        errors.push(FieldError::new("kind", "Select the kind of organisation"));
    }
    let name = input.name.trim().to_owned();
    if name.is_empty() {
        errors.push(FieldError::new("name", "Enter the organisation's name"));
    } else if name.chars().count() > 200 {
        errors.push(FieldError::new(
            "name",
            "Name must be 200 characters or fewer",
        ));
    }
    let ods = match kind {
        Some(k) => OdsCode::parse_for(&input.ods_code, k),
        None => OdsCode::parse(&input.ods_code),
    };
    let ods_code = match ods {
        Ok(code) => {
            let taken = organisation::Entity::find()
                .filter(organisation::Column::OdsCode.eq(code.as_str()))
                .one(conn)
                .await?
                .filter(|o| Some(o.id) != existing);
            if let Some(other) = taken {
                let message = format!("ODS code {code} is already used by {}", other.name);
                errors.push(FieldError::new("ods_code", message));
            }
            Some(code)
        }
        Err(e) => {
            errors.push(FieldError::new("ods_code", e.to_string()));
            None
        }
    };
    let borough = Borough::parse(input.borough.trim());
    let parent_id = match kind {
        Some(OrganisationKind::TrustSite) => {
            let trust = match input.parent_id.trim().parse::<Uuid>() {
                Ok(id) => {
                    organisation::Entity::find_by_id(id)
                        .filter(organisation::Column::Kind.eq(OrganisationKind::Trust.as_str()))
                        .one(conn)
                        .await?
                }
                Err(_) => None,
            };
            if trust.is_none() {
                errors.push(FieldError::new(
                    "parent_id",
                    "Select the trust this site belongs to",
                ));
            }
            trust.map(|t| t.id)
        }
        _ => None,
    };
    if kind == Some(OrganisationKind::GpPractice) && borough.is_none() {
        errors.push(FieldError::new(
            "borough",
            "Select the borough the practice is in",
        ));
    }
    let postcode = optional(&input.postcode).map(|p| p.to_ascii_uppercase());
    if postcode
        .as_deref()
        .is_some_and(|p| p.len() > 8 || !p.chars().all(|c| c.is_ascii_alphanumeric() || c == ' '))
    {
        errors.push(FieldError::new(
            "postcode",
            "Enter a real postcode, like SE5 9RS",
        ));
    }
    let local = matches!(
        kind,
        Some(OrganisationKind::GpPractice | OrganisationKind::Pharmacy)
    );
    match ods_code {
        Some(ods_code) if errors.is_empty() => Ok(Ok(Valid {
            ods_code,
            name,
            parent_id,
            borough: borough.filter(|_| local),
            pcn: optional(&input.pcn).filter(|_| kind == Some(OrganisationKind::GpPractice)),
            postcode,
        })),
        _ => Ok(Err(errors)),
    }
}

/// A unique-key clash on the ODS code, which a concurrent writer can still cause after the check.
fn clash(err: &sea_orm::DbErr) -> Option<Vec<FieldError>> {
    is_unique_violation(err).then(|| {
        vec![FieldError::new(
            "ods_code",
            "An organisation with this ODS code already exists",
        )]
    })
}

/// Creates an organisation; returns its id, or the field problems.
pub async fn create_organisation(
    store: &Store,
    ctx: &ActorContext,
    input: &OrganisationInput,
) -> Result<Checked<Uuid>> {
    require_admin(ctx)?;
    let kind = OrganisationKind::parse(input.kind.trim());
    let txn = store.write().await?;
    let v = match check(&txn, input, kind, None).await? {
        Ok(v) => v,
        Err(errors) => return Ok(Err(errors)),
    };
    let kind = kind.expect("checked");
    let id = Uuid::now_v7();
    let row = organisation::ActiveModel {
        id: Set(id),
        ods_code: Set(v.ods_code.to_string()),
        name: Set(v.name.clone()),
        kind: Set(kind.as_str().to_owned()),
        parent_id: Set(v.parent_id),
        borough: Set(v.borough.map(|b| b.as_str().to_owned())),
        pcn: Set(v.pcn),
        postcode: Set(v.postcode),
        active: Set(true),
        search_key: Set(Some(keys::organisation_search_key(
            &v.name,
            v.ods_code.as_str(),
        ))),
    };
    if let Err(e) = organisation::Entity::insert(row)
        .exec_without_returning(&txn)
        .await
    {
        return clash(&e).map(Err).ok_or_else(|| e.into());
    }
    audit::record(
        &txn,
        &ctx.audit(),
        event("organisation.create", "organisation", id),
    )
    .await?;
    txn.commit().await?;
    Ok(Ok(id))
}

/// Changes an organisation's code, name, trust, borough, network and postcode (not its kind).
pub async fn update_organisation(
    store: &Store,
    ctx: &ActorContext,
    id: Uuid,
    input: &OrganisationInput,
) -> Result<Checked<()>> {
    require_admin(ctx)?;
    let txn = store.write().await?;
    let current = organisation::Entity::find_by_id(id)
        .one(&txn)
        .await?
        .ok_or(StoreError::NotFound)?;
    let kind = OrganisationKind::parse(&current.kind);
    let v = match check(&txn, input, kind, Some(id)).await? {
        Ok(v) => v,
        Err(errors) => return Ok(Err(errors)),
    };
    let mut row = current.into_active_model();
    row.ods_code = Set(v.ods_code.to_string());
    row.name = Set(v.name.clone());
    row.parent_id = Set(v.parent_id);
    row.borough = Set(v.borough.map(|b| b.as_str().to_owned()));
    row.pcn = Set(v.pcn);
    row.postcode = Set(v.postcode);
    if let Err(e) = row.update(&txn).await {
        return clash(&e).map(Err).ok_or_else(|| e.into());
    }
    keys::set_organisation_key(&txn, id, &v.name, v.ods_code.as_str()).await?;
    audit::record(
        &txn,
        &ctx.audit(),
        event("organisation.update", "organisation", id),
    )
    .await?;
    txn.commit().await?;
    Ok(Ok(()))
}

/// Disables (`active = false`) or enables an organisation. While disabled, memberships for it
/// no longer let anyone act for it, and disabling ends the sessions of its members at once.
pub async fn set_organisation_active(
    store: &Store,
    ctx: &ActorContext,
    id: Uuid,
    active: bool,
) -> Result<()> {
    require_admin(ctx)?;
    let txn = store.write().await?;
    let current = organisation::Entity::find_by_id(id)
        .one(&txn)
        .await?
        .ok_or(StoreError::NotFound)?;
    let mut row = current.into_active_model();
    row.active = Set(active);
    row.update(&txn).await?;
    if !active {
        crate::people::sessions::end_all_for_members_of(&txn, Some(id), None).await?;
    }
    let action = if active {
        "organisation.enable"
    } else {
        "organisation.disable"
    };
    audit::record(&txn, &ctx.audit(), event(action, "organisation", id)).await?;
    txn.commit().await?;
    Ok(())
}
