//! Memberships and the actor a session acts as: one role, for one organisation or service.

use super::entity::{membership, organisation, patient_link, service, user};
use crate::audit::AuditActor;
use crate::platform::reads::{Cells, FromCells};
use crate::{Result, Store};
use joinedup_core::people::{Actor, Role};
use sea_orm::sea_query::{Alias, Expr, ExprTrait, JoinType, Order, Query, SelectStatement};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
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
    let mut q = actor_query();
    q.and_where(Expr::col((membership::Entity, membership::Column::UserId)).eq(user_id))
        .order_by((membership::Entity, membership::Column::Role), Order::Asc);
    let rows = store.reads().all::<ActorRow>(&q).await?;
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        if let Some(ctx) = actor_from_row(store, row).await? {
            out.push(MembershipChoice {
                membership_id: ctx.membership_id,
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
    let mut q = actor_query();
    q.and_where(Expr::col((membership::Entity, membership::Column::Id)).eq(membership_id))
        .and_where(Expr::col((membership::Entity, membership::Column::UserId)).eq(user_id));
    match store.reads().first_row::<ActorRow>(&q).await? {
        Some(row) => actor_from_row(store, row).await,
        None => Ok(None),
    }
}

/// The user, membership, organisation and service of an actor, read in one statement on the
/// hot-read connections (`platform::reads`): an API token is exchanged for its actor on every
/// call, so each statement saved counts.
#[derive(Debug)]
pub(crate) struct ActorRow {
    user_id: Uuid,
    email: String,
    display_name: String,
    user_active: bool,
    membership_id: Uuid,
    role: String,
    organisation_id: Option<Uuid>,
    service_id: Option<Uuid>,
    organisation_name: Option<String>,
    organisation_ods: Option<String>,
    organisation_active: Option<bool>,
    service_name: Option<String>,
    service_active: Option<bool>,
    membership_count: i64,
}

impl FromCells for ActorRow {
    fn from_cells(row: &impl Cells) -> std::result::Result<Self, sea_orm::DbErr> {
        Ok(Self {
            user_id: row.get("", "user_id")?,
            email: row.get("", "email")?,
            display_name: row.get("", "display_name")?,
            user_active: row.get("", "user_active")?,
            membership_id: row.get("", "membership_id")?,
            role: row.get("", "role")?,
            organisation_id: row.get("", "organisation_id")?,
            service_id: row.get("", "service_id")?,
            organisation_name: row.get("", "organisation_name")?,
            organisation_ods: row.get("", "organisation_ods")?,
            organisation_active: row.get("", "organisation_active")?,
            service_name: row.get("", "service_name")?,
            service_active: row.get("", "service_active")?,
            membership_count: row.get("", "membership_count")?,
        })
    }
}

/// The select behind [`ActorRow`], from `memberships`; callers add the conditions (and may join
/// further tables and columns).
pub(crate) fn actor_query() -> SelectStatement {
    let m = membership::Entity;
    let (o, sv) = (organisation::Entity, service::Entity);
    let mut q = Query::select();
    q.from(m)
        .column((user::Entity, user::Column::Email))
        .column((user::Entity, user::Column::DisplayName))
        .column((m, membership::Column::Role))
        .column((m, membership::Column::OrganisationId))
        .column((m, membership::Column::ServiceId));
    // Columns whose names alone would be ambiguous or clash, under ActorRow's field names.
    let aliased: [(Expr, &str); 8] = [
        (Expr::col((m, membership::Column::UserId)), "user_id"),
        (
            Expr::col((user::Entity, user::Column::Active)),
            "user_active",
        ),
        (Expr::col((m, membership::Column::Id)), "membership_id"),
        (
            Expr::col((o, organisation::Column::Name)),
            "organisation_name",
        ),
        (
            Expr::col((o, organisation::Column::OdsCode)),
            "organisation_ods",
        ),
        (
            Expr::col((o, organisation::Column::Active)),
            "organisation_active",
        ),
        (Expr::col((sv, service::Column::Name)), "service_name"),
        (Expr::col((sv, service::Column::Active)), "service_active"),
    ];
    for (expr, alias) in aliased {
        q.expr_as(expr, Alias::new(alias));
    }
    q.expr_as(
        Expr::cust(
            "(SELECT COUNT(*) FROM memberships AS peers \
             WHERE peers.user_id = memberships.user_id)",
        ),
        Alias::new("membership_count"),
    )
    .join(
        JoinType::InnerJoin,
        user::Entity,
        Expr::col((user::Entity, user::Column::Id)).equals((m, membership::Column::UserId)),
    )
    .join(
        JoinType::LeftJoin,
        organisation::Entity,
        Expr::col((organisation::Entity, organisation::Column::Id))
            .equals((m, membership::Column::OrganisationId)),
    )
    .join(
        JoinType::LeftJoin,
        service::Entity,
        Expr::col((service::Entity, service::Column::Id))
            .equals((m, membership::Column::ServiceId)),
    );
    q
}

/// The actor a row describes, or `None` when the user, the organisation or the service is
/// disabled, or the role is unknown.
pub(crate) async fn actor_from_row(store: &Store, row: ActorRow) -> Result<Option<ActorContext>> {
    let Some(role) = Role::parse(&row.role) else {
        tracing::warn!(membership = %row.membership_id, role = %row.role, "membership has an unknown role");
        return Ok(None);
    };
    let organisation_live = row.organisation_id.is_none() || row.organisation_active == Some(true);
    let service_live = row.service_id.is_none() || row.service_active == Some(true);
    if !row.user_active || !organisation_live || !service_live {
        return Ok(None);
    }
    let linked_patient_ids = if role == Role::Patient {
        linked_patients(store, row.user_id).await?
    } else {
        vec![]
    };
    Ok(Some(ActorContext {
        user_id: row.user_id,
        email: row.email,
        display_name: row.display_name,
        membership_id: row.membership_id,
        role,
        organisation_id: row.organisation_id,
        organisation_name: row.organisation_id.and(row.organisation_name),
        organisation_ods: row.organisation_id.and(row.organisation_ods),
        service_id: row.service_id,
        service_name: row.service_id.and(row.service_name),
        linked_patient_ids,
        membership_count: usize::try_from(row.membership_count).unwrap_or(0),
    }))
}

/// The patient records a user may see as a patient or carer.
async fn linked_patients(store: &Store, user_id: Uuid) -> Result<Vec<Uuid>> {
    Ok(patient_link::Entity::find()
        .filter(patient_link::Column::UserId.eq(user_id))
        .all(store.db())
        .await?
        .into_iter()
        // A carer's link counts only once the patient's consent is recorded.
        .filter(|l| l.relationship == "self" || l.consent_recorded_at.is_some())
        .map(|l| l.patient_id)
        .collect())
}
