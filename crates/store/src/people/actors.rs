//! Memberships and the actor a session acts as: one role, for one organisation or service.

use super::entity::{membership, organisation, patient_link, service, user};
use crate::audit::AuditActor;
use crate::{Result, Store};
use joinedup_core::people::{Actor, Role};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// Everything pages need about the signed-in user and whom they act for; kept in the session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActorContext {
    /// The user.
    pub user_id: Uuid,
    /// Their email address.
    pub email: String,
    /// Their name as shown in the header.
    pub display_name: String,
    /// The membership acted in.
    pub membership_id: Uuid,
    /// The role of that membership.
    pub role: Role,
    /// The organisation acted for.
    pub organisation_id: Option<Uuid>,
    /// Its name.
    pub organisation_name: Option<String>,
    /// Its ODS code.
    pub organisation_ods: Option<String>,
    /// The service acted for (specialists and secretaries).
    pub service_id: Option<Uuid>,
    /// Its name.
    pub service_name: Option<String>,
    /// Patient records linked to the user (own record and, with consent, those they care for).
    pub linked_patient_ids: Vec<Uuid>,
    /// How many memberships the user has, so pages can offer to change organisation.
    pub membership_count: usize,
}

impl ActorContext {
    /// The actor the access rules judge.
    pub fn actor(&self) -> Actor {
        Actor {
            user_id: self.user_id,
            role: self.role,
            organisation_id: self.organisation_id,
            service_id: self.service_id,
            linked_patient_ids: self.linked_patient_ids.clone(),
        }
    }

    /// How the audit log names this actor.
    pub fn audit(&self) -> AuditActor {
        AuditActor {
            user_id: Some(self.user_id),
            role: Some(self.role.as_str().to_owned()),
            organisation_ods: self.organisation_ods.clone(),
        }
    }

    /// "Service, Organisation (ODS)", as the header shows whom the user acts for.
    pub fn acting_for_label(&self) -> Option<String> {
        let org = match (&self.organisation_name, &self.organisation_ods) {
            (Some(n), Some(c)) => Some(format!("{n} ({c})")),
            _ => None,
        };
        match (&self.service_name, org) {
            (Some(s), Some(o)) => Some(format!("{s}, {o}")),
            (None, o) => o,
            (Some(s), None) => Some(s.clone()),
        }
    }
}

/// One membership as the organisation chooser lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MembershipChoice {
    /// The membership.
    pub membership_id: Uuid,
    /// Its role.
    pub role: Role,
    /// "Service, Organisation (ODS)" or, for patients, "Your own record".
    pub label: String,
}

/// The memberships of an active user, ordered by role and organisation name.
pub async fn memberships_of(store: &Store, user_id: Uuid) -> Result<Vec<MembershipChoice>> {
    let Some(u) = user::Entity::find_by_id(user_id).one(store.db()).await? else {
        return Ok(vec![]);
    };
    if !u.active {
        return Ok(vec![]);
    }
    let rows = membership::Entity::find()
        .filter(membership::Column::UserId.eq(user_id))
        .order_by_asc(membership::Column::Role)
        .all(store.db())
        .await?;
    let mut out = Vec::with_capacity(rows.len());
    for m in rows {
        if let Some(ctx) = build_context(store, &u, &m, 0).await? {
            out.push(MembershipChoice {
                membership_id: m.id,
                role: ctx.role,
                label: ctx
                    .acting_for_label()
                    .unwrap_or_else(|| ctx.role.label().to_owned()),
            });
        }
    }
    out.sort_by(|a, b| a.label.cmp(&b.label));
    Ok(out)
}

/// The actor for one of the user's memberships, or `None` if it is not theirs or the user is disabled.
pub async fn actor_for_membership(
    store: &Store,
    user_id: Uuid,
    membership_id: Uuid,
) -> Result<Option<ActorContext>> {
    let Some(u) = user::Entity::find_by_id(user_id).one(store.db()).await? else {
        return Ok(None);
    };
    let m = membership::Entity::find_by_id(membership_id)
        .filter(membership::Column::UserId.eq(user_id))
        .one(store.db())
        .await?;
    let Some(m) = m.filter(|_| u.active) else {
        return Ok(None);
    };
    let count = membership::Entity::find()
        .filter(membership::Column::UserId.eq(user_id))
        .count(store.db())
        .await? as usize;
    build_context(store, &u, &m, count).await
}

async fn build_context(
    store: &Store,
    u: &user::Model,
    m: &membership::Model,
    membership_count: usize,
) -> Result<Option<ActorContext>> {
    let Some(role) = Role::parse(&m.role) else {
        tracing::warn!(membership = %m.id, role = %m.role, "membership has an unknown role");
        return Ok(None);
    };
    let org = match m.organisation_id {
        Some(id) => organisation::Entity::find_by_id(id)
            .one(store.db())
            .await?
            .filter(|o| o.active),
        None => None,
    };
    if m.organisation_id.is_some() && org.is_none() {
        return Ok(None);
    }
    let svc = match m.service_id {
        Some(id) => service::Entity::find_by_id(id)
            .one(store.db())
            .await?
            .filter(|s| s.active),
        None => None,
    };
    if m.service_id.is_some() && svc.is_none() {
        return Ok(None);
    }
    let linked_patient_ids = if role == Role::Patient {
        patient_link::Entity::find()
            .filter(patient_link::Column::UserId.eq(u.id))
            .all(store.db())
            .await?
            .into_iter()
            // A carer's link counts only once the patient's consent is recorded.
            .filter(|l| l.relationship == "self" || l.consent_recorded_at.is_some())
            .map(|l| l.patient_id)
            .collect()
    } else {
        vec![]
    };
    Ok(Some(ActorContext {
        user_id: u.id,
        email: u.email.clone(),
        display_name: u.display_name.clone(),
        membership_id: m.id,
        role,
        organisation_id: org.as_ref().map(|o| o.id),
        organisation_name: org.as_ref().map(|o| o.name.clone()),
        organisation_ods: org.as_ref().map(|o| o.ods_code.clone()),
        service_id: svc.as_ref().map(|s| s.id),
        service_name: svc.map(|s| s.name),
        linked_patient_ids,
        membership_count,
    }))
}
