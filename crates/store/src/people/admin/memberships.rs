//! Memberships: the roles a user holds and whom each acts for, added and removed by an
//! administrator under the rules in [`membership_problem`].

use super::{Checked, FieldError, event, require_admin};
use crate::audit;
use crate::people::entity::{api_token, membership, organisation, service, user};
use crate::people::{ActorContext, sessions};
use crate::{Result, Store, StoreError};
use joinedup_core::people::{OdsCode, OrganisationKind, Role};
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use uuid::Uuid;

/// A membership as the user's page lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MembershipRow {
    /// The membership.
    pub id: Uuid,
    /// Its role.
    pub role: Role,
    /// The organisation acted for.
    pub organisation_id: Option<Uuid>,
    /// Its name.
    pub organisation_name: Option<String>,
    /// Its ODS code.
    pub organisation_ods: Option<String>,
    /// The service acted for (specialists and secretaries).
    pub service_name: Option<String>,
    /// False when its organisation or service is disabled (it then signs no one in).
    pub usable: bool,
}

impl MembershipRow {
    /// "Rheumatology, King's College Hospital (RJZ)", or "No organisation" for a patient.
    pub fn acts_for(&self) -> String {
        let org = match (&self.organisation_name, &self.organisation_ods) {
            (Some(n), Some(c)) => format!("{n} ({c})"),
            _ => "No organisation".to_owned(),
        };
        match &self.service_name {
            Some(s) => format!("{s}, {org}"),
            None => org,
        }
    }
}

/// The add-membership form as submitted.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(default)]
pub struct NewMembership {
    /// `Role` stored name.
    pub role: String,
    /// The ODS code of the organisation acted for (blank for patients; for specialists and
    /// secretaries the service's trust is used, and a code given must be that trust's).
    pub organisation_ods: String,
    /// The service's id (specialists and secretaries only).
    pub service_id: String,
}

/// Why `role` cannot act for an organisation of `kind` (`None`: no organisation) with or
/// without a service, as (field, message); `None` when the combination is allowed.
pub fn membership_problem(
    role: Role,
    kind: Option<OrganisationKind>,
    has_service: bool,
) -> Option<(&'static str, &'static str)> {
    use OrganisationKind as K;
    if role.acts_for_service() {
        return match (has_service, kind) {
            (true, Some(K::Trust)) => None,
            _ => Some((
                "service_id",
                "Select the service of a trust that the specialist or secretary works for",
            )),
        };
    }
    if has_service {
        return Some((
            "service_id",
            "Only specialists and medical secretaries act for a service: leave the service empty",
        ));
    }
    let (allowed, message): (bool, &'static str) = match role {
        Role::Gp | Role::PracticeStaff => (
            kind == Some(K::GpPractice),
            "A GP or practice staff member must act for a GP practice: enter its ODS code",
        ),
        Role::InterfaceTeam | Role::Moderator | Role::Admin => (
            kind == Some(K::Icb),
            "This role acts for the integrated care board: enter the ICB's ODS code",
        ),
        Role::Pharmacist => (
            matches!(kind, Some(K::Pharmacy | K::Trust)),
            "A pharmacist must act for a community pharmacy or an NHS trust: enter its ODS code",
        ),
        Role::Patient => (
            kind.is_none(),
            "A patient or carer acts for no organisation: leave the ODS code blank",
        ),
        Role::Specialist | Role::Secretary => unreachable!("handled above"),
    };
    (!allowed).then_some(("organisation_ods", message))
}

/// The memberships of a user, by role then organisation.
pub(crate) async fn memberships_of(
    conn: &impl ConnectionTrait,
    user_id: Uuid,
) -> Result<Vec<MembershipRow>> {
    let mut out = vec![];
    for m in membership::Entity::find()
        .filter(membership::Column::UserId.eq(user_id))
        .all(conn)
        .await?
    {
        let Some(role) = Role::parse(&m.role) else {
            continue;
        };
        let org = match m.organisation_id {
            Some(id) => organisation::Entity::find_by_id(id).one(conn).await?,
            None => None,
        };
        let svc = match m.service_id {
            Some(id) => service::Entity::find_by_id(id).one(conn).await?,
            None => None,
        };
        out.push(MembershipRow {
            id: m.id,
            role,
            organisation_id: m.organisation_id,
            usable: org.as_ref().is_none_or(|o| o.active) && svc.as_ref().is_none_or(|s| s.active),
            organisation_name: org.as_ref().map(|o| o.name.clone()),
            organisation_ods: org.map(|o| o.ods_code),
            service_name: svc.map(|s| s.name),
        });
    }
    out.sort_by_key(|m| (m.role, m.acts_for()));
    Ok(out)
}

/// What the form resolves to: the role, organisation and service of the new membership.
type Resolved = (Role, Option<Uuid>, Option<Uuid>);

/// Looks the form's organisation and service up and applies the combination rules.
async fn resolve(conn: &impl ConnectionTrait, input: &NewMembership) -> Result<Checked<Resolved>> {
    let fail = |field, message: &str| Ok(Err(vec![FieldError::new(field, message)]));
    let Some(role) = Role::parse(input.role.trim()) else {
        return fail("role", "Select a role");
    };
    let code = input.organisation_ods.trim();
    let svc = match input.service_id.trim() {
        "" => None,
        id => {
            let found = match id.parse::<Uuid>() {
                Ok(id) => service::Entity::find_by_id(id).one(conn).await?,
                Err(_) => None,
            };
            match found {
                Some(s) if s.active => Some(s),
                _ => return fail("service_id", "Select an active service"),
            }
        }
    };
    let org = match (&svc, code) {
        (Some(s), _) if role.acts_for_service() => {
            organisation::Entity::find_by_id(s.organisation_id)
                .one(conn)
                .await?
        }
        (_, "") => None,
        (_, code) => {
            let Ok(ods) = OdsCode::parse(code) else {
                return fail("organisation_ods", "Enter a real ODS code, like G85001");
            };
            let found = organisation::Entity::find()
                .filter(organisation::Column::OdsCode.eq(ods.as_str()))
                .one(conn)
                .await?;
            match found {
                Some(o) => Some(o),
                None => {
                    let message = format!("No organisation has ODS code {ods}");
                    return fail("organisation_ods", &message);
                }
            }
        }
    };
    if let (Some(o), Some(_), false) = (&org, &svc, code.is_empty())
        && role.acts_for_service()
        && !code.eq_ignore_ascii_case(&o.ods_code)
    {
        let message = format!(
            "The service is run by {} ({}): enter that code or leave it blank",
            o.name, o.ods_code
        );
        return fail("organisation_ods", &message);
    }
    if let Some(o) = org.as_ref().filter(|o| !o.active) {
        let message = format!("{} is disabled: enable it first", o.name);
        return fail("organisation_ods", &message);
    }
    let kind = org.as_ref().and_then(|o| OrganisationKind::parse(&o.kind));
    if let Some((field, message)) = membership_problem(role, kind, svc.is_some()) {
        return fail(field, message);
    }
    Ok(Ok((role, org.map(|o| o.id), svc.map(|s| s.id))))
}

/// Gives a user a role for an organisation (and service); returns the membership's id, or the
/// field problems (a combination the rules forbid, an unknown code, the same membership twice).
pub async fn add_membership(
    store: &Store,
    ctx: &ActorContext,
    user_id: Uuid,
    input: &NewMembership,
) -> Result<Checked<Uuid>> {
    require_admin(ctx)?;
    let txn = store.write().await?;
    user::Entity::find_by_id(user_id)
        .one(&txn)
        .await?
        .ok_or(StoreError::NotFound)?;
    let (role, organisation_id, service_id) = match resolve(&txn, input).await? {
        Ok(r) => r,
        Err(errors) => return Ok(Err(errors)),
    };
    let twice = membership::Entity::find()
        .filter(membership::Column::UserId.eq(user_id))
        .filter(membership::Column::Role.eq(role.as_str()))
        .all(&txn)
        .await?
        .into_iter()
        .any(|m| m.organisation_id == organisation_id && m.service_id == service_id);
    if twice {
        return Ok(Err(vec![FieldError::new(
            "role",
            "This user already has this role for this organisation",
        )]));
    }
    let id = Uuid::now_v7();
    membership::Entity::insert(membership::ActiveModel {
        id: Set(id),
        user_id: Set(user_id),
        role: Set(role.as_str().to_owned()),
        organisation_id: Set(organisation_id),
        service_id: Set(service_id),
    })
    .exec_without_returning(&txn)
    .await?;
    audit::record(
        &txn,
        &ctx.audit(),
        event("membership.add", "membership", id),
    )
    .await?;
    txn.commit().await?;
    Ok(Ok(id))
}

/// Removes a membership, deletes the API tokens issued for it and ends the user's sessions (a
/// session may be acting in it). The administrator cannot remove the membership they act in.
pub async fn remove_membership(
    store: &Store,
    ctx: &ActorContext,
    user_id: Uuid,
    membership_id: Uuid,
) -> Result<Checked<()>> {
    require_admin(ctx)?;
    if membership_id == ctx.membership_id {
        return Ok(Err(vec![FieldError::new(
            "memberships",
            "You cannot remove the role you are acting in",
        )]));
    }
    let txn = store.write().await?;
    membership::Entity::find_by_id(membership_id)
        .filter(membership::Column::UserId.eq(user_id))
        .one(&txn)
        .await?
        .ok_or(StoreError::NotFound)?;
    let tokens = api_token::Entity::find()
        .filter(api_token::Column::MembershipId.eq(membership_id))
        .all(&txn)
        .await?;
    for t in &tokens {
        audit::record(
            &txn,
            &ctx.audit(),
            event("api_token.delete", "api_token", t.id),
        )
        .await?;
    }
    api_token::Entity::delete_many()
        .filter(api_token::Column::MembershipId.eq(membership_id))
        .exec(&txn)
        .await?;
    membership::Entity::delete_by_id(membership_id)
        .exec(&txn)
        .await?;
    sessions::end_all_for_user(&txn, user_id).await?;
    audit::record(
        &txn,
        &ctx.audit(),
        event("membership.remove", "membership", membership_id),
    )
    .await?;
    txn.commit().await?;
    Ok(Ok(()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use OrganisationKind as K;

    #[test]
    fn each_role_acts_only_for_the_kind_of_organisation_it_belongs_to() {
        let ok = |role, kind, service| membership_problem(role, kind, service).is_none();
        assert!(ok(Role::Gp, Some(K::GpPractice), false));
        assert!(ok(Role::PracticeStaff, Some(K::GpPractice), false));
        assert!(!ok(Role::Gp, Some(K::Trust), false));
        assert!(!ok(Role::Gp, None, false));
        assert!(ok(Role::Specialist, Some(K::Trust), true));
        assert!(ok(Role::Secretary, Some(K::Trust), true));
        assert!(!ok(Role::Specialist, Some(K::Trust), false));
        assert!(!ok(Role::Specialist, Some(K::GpPractice), true));
        for role in [Role::InterfaceTeam, Role::Moderator, Role::Admin] {
            assert!(ok(role, Some(K::Icb), false), "{role}");
            assert!(!ok(role, Some(K::Trust), false), "{role}");
        }
        assert!(ok(Role::Pharmacist, Some(K::Pharmacy), false));
        assert!(ok(Role::Pharmacist, Some(K::Trust), false));
        assert!(!ok(Role::Pharmacist, Some(K::GpPractice), false));
        assert!(ok(Role::Patient, None, false));
        assert!(!ok(Role::Patient, Some(K::GpPractice), false));
        assert!(
            !ok(Role::Gp, Some(K::GpPractice), true),
            "no service for a GP"
        );
    }
}
