//! `/admin/users/{id}/memberships`: give a user a role for an organisation, or take one away.

use super::users::user_page;
use super::{CsrfOnly, admin_only, context, crumbs, items, options, parse_id};
use crate::app::AppState;
use crate::csrf::CsrfForm;
use crate::error::Result;
use crate::page::{Breadcrumb, ErrorItem, PageContext, RadioItem};
use crate::session::Acting;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use joinedup_core::people::Role;
use joinedup_store::people::admin::{self, NewMembership};
use uuid::Uuid;

/// What each role acts for, as the role's hint.
fn acts_for_hint(role: Role) -> &'static str {
    match role {
        Role::Gp | Role::PracticeStaff => "Acts for a GP practice",
        Role::Specialist | Role::Secretary => "Acts for a service of a trust: choose the service",
        Role::Pharmacist => "Acts for a community pharmacy or an NHS trust",
        Role::Patient => "Acts for no organisation: leave the ODS code blank",
        Role::InterfaceTeam | Role::Moderator | Role::Admin => "Acts for the integrated care board",
    }
}

/// The add-a-role form.
#[derive(Template, WebTemplate)]
#[template(path = "people/admin/membership_form.html")]
pub struct MembershipFormTemplate {
    ctx: PageContext,
    crumbs: Vec<Breadcrumb>,
    user_name: String,
    action: String,
    cancel_href: String,
    role_items: Vec<RadioItem>,
    service_options: Vec<RadioItem>,
    form: NewMembership,
    errors: Vec<ErrorItem>,
}

async fn form_page(
    state: &AppState,
    acting: &Acting,
    user_id: Uuid,
    form: NewMembership,
    errors: Vec<ErrorItem>,
) -> Result<MembershipFormTemplate> {
    let detail = admin::user(&state.store, &acting.actor, user_id).await?;
    let services = admin::active_services(&state.store, &acting.actor).await?;
    let back = format!("/admin/users/{user_id}");
    let action = format!("{back}/memberships/new");
    Ok(MembershipFormTemplate {
        ctx: context(state, acting, &action, &errors).await?,
        crumbs: crumbs(&[
            ("Users", "/admin/users"),
            (&detail.user.display_name, &back),
        ]),
        user_name: detail.user.display_name,
        action,
        cancel_href: back,
        role_items: Role::ALL
            .iter()
            .map(|r| RadioItem::new(r.as_str(), r.label(), &form.role).with_hint(acts_for_hint(*r)))
            .collect(),
        service_options: options(
            "No service",
            services.iter().map(|s| (s.id.to_string(), s.label())),
            &form.service_id,
        ),
        form,
        errors,
    })
}

/// `GET /admin/users/{id}/memberships/new`.
pub async fn new(
    State(state): State<AppState>,
    acting: Acting,
    Path(id): Path<String>,
) -> Result<MembershipFormTemplate> {
    admin_only(&acting)?;
    form_page(
        &state,
        &acting,
        parse_id(&id)?,
        NewMembership::default(),
        vec![],
    )
    .await
}

/// `POST /admin/users/{id}/memberships/new`.
pub async fn add(
    State(state): State<AppState>,
    acting: Acting,
    Path(id): Path<String>,
    CsrfForm(form): CsrfForm<NewMembership>,
) -> Result<Response> {
    admin_only(&acting)?;
    let id = parse_id(&id)?;
    match admin::add_membership(&state.store, &acting.actor, id, &form).await? {
        Ok(_) => {
            Ok(Redirect::to(&format!("/admin/users/{id}?done=membership-added")).into_response())
        }
        Err(errors) => Ok(form_page(&state, &acting, id, form, items(errors))
            .await?
            .into_response()),
    }
}

/// `POST /admin/users/{id}/memberships/{membership}/remove`: also ends the user's sessions.
pub async fn remove(
    State(state): State<AppState>,
    acting: Acting,
    Path((id, membership)): Path<(String, String)>,
    CsrfForm(_): CsrfForm<CsrfOnly>,
) -> Result<Response> {
    admin_only(&acting)?;
    let (id, membership) = (parse_id(&id)?, parse_id(&membership)?);
    match admin::remove_membership(&state.store, &acting.actor, id, membership).await? {
        Ok(()) => {
            Ok(Redirect::to(&format!("/admin/users/{id}?done=membership-removed")).into_response())
        }
        Err(errors) => Ok(user_page(&state, &acting, id, items(errors), None)
            .await?
            .into_response()),
    }
}
