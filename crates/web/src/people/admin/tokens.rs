//! `/admin/users/{id}/tokens`: issue an API token for one of a user's roles (its secret shown
//! once, on the page that answers the form), and revoke one.

use super::{CsrfOnly, admin_only, context, crumbs, parse_id};
use crate::app::AppState;
use crate::csrf::CsrfForm;
use crate::error::{AppError, Result};
use crate::page::{Breadcrumb, ErrorItem, PageContext, RadioItem};
use crate::session::Acting;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use joinedup_store::StoreError;
use joinedup_store::people::{admin, tokens};
use serde::Deserialize;
use uuid::Uuid;

/// The issue form as submitted.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct TokenForm {
    name: String,
    membership_id: String,
}

/// The issue-a-token form.
#[derive(Template, WebTemplate)]
#[template(path = "people/admin/token_form.html")]
pub struct TokenFormTemplate {
    ctx: PageContext,
    crumbs: Vec<Breadcrumb>,
    user_name: String,
    action: String,
    cancel_href: String,
    token_name: String,
    membership_items: Vec<RadioItem>,
    errors: Vec<ErrorItem>,
}

async fn form_page(
    state: &AppState,
    acting: &Acting,
    user_id: Uuid,
    form: TokenForm,
    errors: Vec<ErrorItem>,
) -> Result<TokenFormTemplate> {
    let detail = admin::user(&state.store, &acting.actor, user_id).await?;
    let back = format!("/admin/users/{user_id}");
    let action = format!("{back}/tokens/new");
    Ok(TokenFormTemplate {
        ctx: context(state, acting, &action, &errors).await?,
        crumbs: crumbs(&[
            ("Users", "/admin/users"),
            (&detail.user.display_name, &back),
        ]),
        user_name: detail.user.display_name,
        action,
        cancel_href: back,
        token_name: form.name,
        membership_items: detail
            .memberships
            .iter()
            .filter(|m| m.usable)
            .map(|m| {
                RadioItem::new(m.id.to_string(), m.role.label(), &form.membership_id)
                    .with_hint(m.acts_for())
            })
            .collect(),
        errors,
    })
}

/// `GET /admin/users/{id}/tokens/new`.
pub async fn new(
    State(state): State<AppState>,
    acting: Acting,
    Path(id): Path<String>,
) -> Result<TokenFormTemplate> {
    admin_only(&acting)?;
    form_page(
        &state,
        &acting,
        parse_id(&id)?,
        TokenForm::default(),
        vec![],
    )
    .await
}

/// The page that shows a new token's secret, once.
#[derive(Template, WebTemplate)]
#[template(path = "people/admin/token_issued.html")]
pub struct TokenIssuedTemplate {
    ctx: PageContext,
    crumbs: Vec<Breadcrumb>,
    user_name: String,
    token_name: String,
    secret: String,
    back_href: String,
}

/// `POST /admin/users/{id}/tokens/new`: issues the token and shows its secret (never stored).
pub async fn issue(
    State(state): State<AppState>,
    acting: Acting,
    Path(id): Path<String>,
    CsrfForm(form): CsrfForm<TokenForm>,
) -> Result<Response> {
    admin_only(&acting)?;
    let user_id = parse_id(&id)?;
    let mut errors = vec![];
    if form.name.trim().is_empty() {
        errors.push(ErrorItem::new("name", "Enter what the token is for"));
    }
    let membership = form.membership_id.parse::<Uuid>().ok();
    if membership.is_none() {
        errors.push(ErrorItem::new(
            "membership_id",
            "Select the role the token acts in",
        ));
    }
    let issued = match membership.filter(|_| errors.is_empty()) {
        Some(m) => {
            let name = form.name.trim();
            match tokens::issue(&state.store, &acting.actor, user_id, m, name).await {
                Ok(issued) => Some(issued),
                // The account or the role's organisation is disabled, or the role is not theirs.
                Err(StoreError::NotFound) => {
                    errors.push(ErrorItem::new(
                        "membership_id",
                        "This role cannot act now: its account, organisation or service is disabled",
                    ));
                    None
                }
                Err(e) => return Err(e.into()),
            }
        }
        None => None,
    };
    let Some((info, secret)) = issued else {
        return Ok(form_page(&state, &acting, user_id, form, errors)
            .await?
            .into_response());
    };
    let detail = admin::user(&state.store, &acting.actor, user_id).await?;
    let back_href = format!("/admin/users/{user_id}");
    Ok(TokenIssuedTemplate {
        ctx: context(&state, &acting, &back_href, &[]).await?,
        crumbs: crumbs(&[("Users", "/admin/users")]),
        user_name: detail.user.display_name,
        token_name: info.name,
        secret,
        back_href,
    }
    .into_response())
}

/// `POST /admin/users/{id}/tokens/{token}/revoke`: the token stops working at once.
pub async fn revoke(
    State(state): State<AppState>,
    acting: Acting,
    Path((id, token)): Path<(String, String)>,
    CsrfForm(_): CsrfForm<CsrfOnly>,
) -> Result<Redirect> {
    admin_only(&acting)?;
    let (user_id, token_id) = (parse_id(&id)?, parse_id(&token)?);
    let theirs = tokens::list_for_user(&state.store, &acting.actor, user_id)
        .await?
        .iter()
        .any(|t| t.id == token_id);
    if !theirs {
        return Err(AppError::NotFound);
    }
    tokens::revoke(&state.store, &acting.actor, token_id).await?;
    Ok(Redirect::to(&format!(
        "/admin/users/{user_id}?done=token-revoked"
    )))
}
