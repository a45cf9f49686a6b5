//! `/admin/users`: list and search, create, show (with roles and API tokens), change details,
//! set a new password, disable and enable.

use super::{
    CsrfOnly, DoneQuery, Pager, admin_only, context, crumbs, done_message, items, parse_id,
    query_part,
};
use crate::app::AppState;
use crate::csrf::CsrfForm;
use crate::error::Result;
use crate::page::{Breadcrumb, ErrorItem, PageContext, SummaryRow};
use crate::session::Acting;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use joinedup_core::clock;
use joinedup_store::people::admin::{self, NewUser, UserDetail, UserEdit, UserRow};
use joinedup_store::people::tokens;
use serde::Deserialize;
use uuid::Uuid;

/// The list page's query.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ListQuery {
    q: String,
    page: Option<u64>,
}

/// The users list.
#[derive(Template, WebTemplate)]
#[template(path = "people/admin/users.html")]
pub struct UsersTemplate {
    ctx: PageContext,
    crumbs: Vec<Breadcrumb>,
    q: String,
    rows: Vec<UserRow>,
    total: u64,
    pager: Pager,
}

/// `GET /admin/users`.
pub async fn list(
    State(state): State<AppState>,
    acting: Acting,
    Query(query): Query<ListQuery>,
) -> Result<UsersTemplate> {
    admin_only(&acting)?;
    let page = query.page.unwrap_or(1);
    let found = admin::list_users(&state.store, &acting.actor, &query.q, page).await?;
    let base = format!("/admin/users?{}", query_part("q", &query.q));
    Ok(UsersTemplate {
        ctx: context(&state, &acting, "/admin/users", &[]).await?,
        crumbs: crumbs(&[]),
        q: query.q,
        total: found.total,
        pager: Pager::new(&found, &base),
        rows: found.items,
    })
}

/// The new-user and change-details form.
#[derive(Template, WebTemplate)]
#[template(path = "people/admin/user_form.html")]
pub struct UserFormTemplate {
    ctx: PageContext,
    crumbs: Vec<Breadcrumb>,
    heading: String,
    action: String,
    cancel_href: String,
    creating: bool,
    email: String,
    display_name: String,
    errors: Vec<ErrorItem>,
}

async fn form_page(
    state: &AppState,
    acting: &Acting,
    existing: Option<Uuid>,
    (email, display_name): (String, String),
    errors: Vec<ErrorItem>,
) -> Result<UserFormTemplate> {
    let (heading, action, cancel_href) = match existing {
        Some(id) => (
            "Change name or email address".to_owned(),
            format!("/admin/users/{id}/edit"),
            format!("/admin/users/{id}"),
        ),
        None => (
            "Add a user".to_owned(),
            "/admin/users/new".to_owned(),
            "/admin/users".to_owned(),
        ),
    };
    Ok(UserFormTemplate {
        ctx: context(state, acting, &action, &errors).await?,
        crumbs: crumbs(&[("Users", "/admin/users")]),
        heading,
        action,
        cancel_href,
        creating: existing.is_none(),
        email,
        display_name,
        errors,
    })
}

/// `GET /admin/users/new`.
pub async fn new(State(state): State<AppState>, acting: Acting) -> Result<UserFormTemplate> {
    admin_only(&acting)?;
    form_page(&state, &acting, None, Default::default(), vec![]).await
}

/// `POST /admin/users/new`.
pub async fn create(
    State(state): State<AppState>,
    acting: Acting,
    CsrfForm(form): CsrfForm<NewUser>,
) -> Result<Response> {
    admin_only(&acting)?;
    match admin::create_user(&state.store, &acting.actor, &form).await? {
        Ok(id) => Ok(Redirect::to(&format!("/admin/users/{id}?done=created")).into_response()),
        Err(errors) => {
            let values = (form.email, form.display_name);
            Ok(form_page(&state, &acting, None, values, items(errors))
                .await?
                .into_response())
        }
    }
}

/// One role of the user, as the page lists it.
pub struct MembershipView {
    id: Uuid,
    role: &'static str,
    acts_for: String,
    usable: bool,
}

/// One API token of the user, as the page lists it.
pub struct TokenView {
    id: Uuid,
    name: String,
    prefix: String,
    role: String,
    created: String,
    last_used: String,
    revoked: Option<String>,
}

/// A user's page.
#[derive(Template, WebTemplate)]
#[template(path = "people/admin/user.html")]
pub struct UserTemplate {
    ctx: PageContext,
    crumbs: Vec<Breadcrumb>,
    user: UserRow,
    is_self: bool,
    rows: Vec<SummaryRow>,
    memberships: Vec<MembershipView>,
    tokens: Vec<TokenView>,
    errors: Vec<ErrorItem>,
    done: Option<&'static str>,
}

/// The user's page, with `errors` from a refused change shown at the top.
pub(super) async fn user_page(
    state: &AppState,
    acting: &Acting,
    id: Uuid,
    errors: Vec<ErrorItem>,
    done: Option<&'static str>,
) -> Result<UserTemplate> {
    let UserDetail { user, memberships } = admin::user(&state.store, &acting.actor, id).await?;
    let labels: Vec<(Uuid, String)> = memberships
        .iter()
        .map(|m| (m.id, format!("{}, {}", m.role.label(), m.acts_for())))
        .collect();
    let tokens = tokens::list_for_user(&state.store, &acting.actor, id)
        .await?
        .into_iter()
        .map(|t| TokenView {
            id: t.id,
            name: t.name,
            prefix: t.prefix,
            role: labels
                .iter()
                .find(|(m, _)| *m == t.membership_id)
                .map_or_else(String::new, |(_, l)| l.clone()),
            created: clock::display(t.created_at),
            last_used: t
                .last_used_at
                .map_or_else(|| "Never".to_owned(), clock::display),
            revoked: t.revoked_at.map(clock::display),
        })
        .collect();
    let edit = format!("/admin/users/{id}/edit");
    let rows = vec![
        SummaryRow::new("Name", user.display_name.clone()).with_change(edit.clone()),
        SummaryRow::new("Email address", user.email.clone()).with_change(edit),
        SummaryRow::new("Password", "Set by the user or an administrator")
            .with_change(format!("/admin/users/{id}/password")),
        SummaryRow::new("Account created", clock::display(user.created_at)),
        SummaryRow::new("Status", if user.active { "Active" } else { "Disabled" }),
    ];
    Ok(UserTemplate {
        ctx: context(state, acting, &format!("/admin/users/{id}"), &errors).await?,
        crumbs: crumbs(&[("Users", "/admin/users")]),
        is_self: id == acting.actor.user_id,
        user,
        rows,
        memberships: memberships
            .into_iter()
            .map(|m| MembershipView {
                id: m.id,
                role: m.role.label(),
                acts_for: m.acts_for(),
                usable: m.usable,
            })
            .collect(),
        tokens,
        errors,
        done,
    })
}

/// `GET /admin/users/{id}`.
pub async fn show(
    State(state): State<AppState>,
    acting: Acting,
    Path(id): Path<String>,
    Query(q): Query<DoneQuery>,
) -> Result<UserTemplate> {
    admin_only(&acting)?;
    user_page(
        &state,
        &acting,
        parse_id(&id)?,
        vec![],
        done_message(&q.done),
    )
    .await
}

/// `GET /admin/users/{id}/edit`.
pub async fn edit(
    State(state): State<AppState>,
    acting: Acting,
    Path(id): Path<String>,
) -> Result<UserFormTemplate> {
    admin_only(&acting)?;
    let detail = admin::user(&state.store, &acting.actor, parse_id(&id)?).await?;
    let values = (detail.user.email, detail.user.display_name);
    form_page(&state, &acting, Some(detail.user.id), values, vec![]).await
}

/// `POST /admin/users/{id}/edit`.
pub async fn update(
    State(state): State<AppState>,
    acting: Acting,
    Path(id): Path<String>,
    CsrfForm(form): CsrfForm<UserEdit>,
) -> Result<Response> {
    admin_only(&acting)?;
    let id = parse_id(&id)?;
    match admin::update_user(&state.store, &acting.actor, id, &form).await? {
        Ok(()) => Ok(Redirect::to(&format!("/admin/users/{id}?done=saved")).into_response()),
        Err(errors) => {
            let values = (form.email, form.display_name);
            Ok(form_page(&state, &acting, Some(id), values, items(errors))
                .await?
                .into_response())
        }
    }
}

/// The set-a-new-password page.
#[derive(Template, WebTemplate)]
#[template(path = "people/admin/password.html")]
pub struct PasswordTemplate {
    ctx: PageContext,
    crumbs: Vec<Breadcrumb>,
    user: UserRow,
    hint: String,
    errors: Vec<ErrorItem>,
}

async fn password_page(
    state: &AppState,
    acting: &Acting,
    id: Uuid,
    errors: Vec<ErrorItem>,
) -> Result<PasswordTemplate> {
    let detail = admin::user(&state.store, &acting.actor, id).await?;
    let back = format!("/admin/users/{id}");
    Ok(PasswordTemplate {
        ctx: context(state, acting, &format!("{back}/password"), &errors).await?,
        crumbs: crumbs(&[
            ("Users", "/admin/users"),
            (&detail.user.display_name, &back),
        ]),
        user: detail.user,
        hint: format!("At least {} characters", admin::MIN_PASSWORD_LENGTH),
        errors,
    })
}

/// `GET /admin/users/{id}/password`.
pub async fn password(
    State(state): State<AppState>,
    acting: Acting,
    Path(id): Path<String>,
) -> Result<PasswordTemplate> {
    admin_only(&acting)?;
    password_page(&state, &acting, parse_id(&id)?, vec![]).await
}

/// The new password.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct PasswordForm {
    password: String,
}

/// `POST /admin/users/{id}/password`: sets it and signs the user out everywhere.
pub async fn set_password(
    State(state): State<AppState>,
    acting: Acting,
    Path(id): Path<String>,
    CsrfForm(form): CsrfForm<PasswordForm>,
) -> Result<Response> {
    admin_only(&acting)?;
    let id = parse_id(&id)?;
    match admin::reset_password(&state.store, &acting.actor, id, &form.password).await? {
        Ok(()) => Ok(Redirect::to(&format!("/admin/users/{id}?done=password")).into_response()),
        Err(errors) => Ok(password_page(&state, &acting, id, items(errors))
            .await?
            .into_response()),
    }
}

async fn set_active(state: &AppState, acting: &Acting, id: &str, active: bool) -> Result<Response> {
    admin_only(acting)?;
    let id = parse_id(id)?;
    match admin::set_user_active(&state.store, &acting.actor, id, active).await? {
        Ok(()) => {
            let done = if active { "enabled" } else { "user-disabled" };
            Ok(Redirect::to(&format!("/admin/users/{id}?done={done}")).into_response())
        }
        Err(errors) => Ok(user_page(state, acting, id, items(errors), None)
            .await?
            .into_response()),
    }
}

/// `POST /admin/users/{id}/disable`: the account can no longer sign in, and its sessions end at once.
pub async fn disable(
    State(state): State<AppState>,
    acting: Acting,
    Path(id): Path<String>,
    CsrfForm(_): CsrfForm<CsrfOnly>,
) -> Result<Response> {
    set_active(&state, &acting, &id, false).await
}

/// `POST /admin/users/{id}/enable`.
pub async fn enable(
    State(state): State<AppState>,
    acting: Acting,
    Path(id): Path<String>,
    CsrfForm(_): CsrfForm<CsrfOnly>,
) -> Result<Response> {
    set_active(&state, &acting, &id, true).await
}
