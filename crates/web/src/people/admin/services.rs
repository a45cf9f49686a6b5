//! `/admin/services`: choose a trust, list its services, add, change, disable and enable them.

use super::{CsrfOnly, admin_only, context, crumbs, done_message, items, parse_id};
use crate::app::AppState;
use crate::csrf::CsrfForm;
use crate::error::Result;
use crate::page::{Breadcrumb, ErrorItem, PageContext, RadioItem};
use crate::session::Acting;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use joinedup_store::people::admin::{self, ServiceInput, ServiceRow};
use serde::Deserialize;
use uuid::Uuid;

/// Which trust's services to show, and which change just happened.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct TrustQuery {
    trust: String,
    done: String,
}

/// A trust to choose.
pub struct TrustLink {
    href: String,
    label: String,
}

/// The services page: trusts to choose from, or one trust's services.
#[derive(Template, WebTemplate)]
#[template(path = "people/admin/services.html")]
pub struct ServicesTemplate {
    ctx: PageContext,
    crumbs: Vec<Breadcrumb>,
    heading: String,
    trust_id: Option<Uuid>,
    add_href: String,
    trusts: Vec<TrustLink>,
    services: Vec<ServiceRow>,
    done: Option<&'static str>,
}

/// `GET /admin/services` and `GET /admin/services?trust={id}`.
pub async fn list(
    State(state): State<AppState>,
    acting: Acting,
    Query(q): Query<TrustQuery>,
) -> Result<ServicesTemplate> {
    admin_only(&acting)?;
    let ctx = context(&state, &acting, "/admin/services", &[]).await?;
    if q.trust.is_empty() {
        let trusts = admin::trusts(&state.store, &acting.actor)
            .await?
            .into_iter()
            .map(|t| TrustLink {
                href: format!("/admin/services?trust={}", t.id),
                label: format!("{} ({})", t.name, t.ods_code),
            })
            .collect();
        return Ok(ServicesTemplate {
            ctx,
            crumbs: crumbs(&[]),
            heading: "Services".to_owned(),
            trust_id: None,
            add_href: String::new(),
            trusts,
            services: vec![],
            done: None,
        });
    }
    let trust_id = parse_id(&q.trust)?;
    let services = admin::list_services(&state.store, &acting.actor, trust_id).await?;
    let trust = admin::organisation(&state.store, &acting.actor, trust_id).await?;
    Ok(ServicesTemplate {
        ctx,
        crumbs: crumbs(&[("Services", "/admin/services")]),
        heading: format!("Services of {}", trust.name),
        trust_id: Some(trust_id),
        add_href: format!("/admin/services/new?trust={trust_id}"),
        trusts: vec![],
        services,
        done: done_message(&q.done),
    })
}

/// The add and change form.
#[derive(Template, WebTemplate)]
#[template(path = "people/admin/service_form.html")]
pub struct ServiceFormTemplate {
    ctx: PageContext,
    crumbs: Vec<Breadcrumb>,
    heading: String,
    action: String,
    cancel_href: String,
    form: ServiceInput,
    takes_items: Vec<RadioItem>,
    errors: Vec<ErrorItem>,
}

async fn form_page(
    state: &AppState,
    acting: &Acting,
    trust_id: Uuid,
    service: Option<ServiceRow>,
    form: ServiceInput,
    errors: Vec<ErrorItem>,
) -> Result<ServiceFormTemplate> {
    let trust = admin::organisation(&state.store, &acting.actor, trust_id).await?;
    let list_href = format!("/admin/services?trust={trust_id}");
    let (heading, action) = match &service {
        Some(s) => (
            format!("Change {}", s.name),
            format!("/admin/services/{}/edit", s.id),
        ),
        None => (
            format!("Add a service to {}", trust.name),
            format!("/admin/services/new?trust={trust_id}"),
        ),
    };
    Ok(ServiceFormTemplate {
        ctx: context(state, acting, &action, &errors).await?,
        crumbs: crumbs(&[("Services", "/admin/services"), (&trust.name, &list_href)]),
        heading,
        action,
        cancel_href: list_href,
        takes_items: {
            let chosen = if form.takes_advice_requests.is_empty() {
                "yes"
            } else {
                form.takes_advice_requests.as_str()
            };
            vec![
                RadioItem::new("yes", "Yes", chosen),
                RadioItem::new("no", "No", chosen),
            ]
        },
        form,
        errors,
    })
}

/// The trust a new service is for.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct NewQuery {
    trust: String,
}

/// `GET /admin/services/new?trust={id}`.
pub async fn new(
    State(state): State<AppState>,
    acting: Acting,
    Query(q): Query<NewQuery>,
) -> Result<ServiceFormTemplate> {
    admin_only(&acting)?;
    let trust_id = parse_id(&q.trust)?;
    admin::list_services(&state.store, &acting.actor, trust_id).await?;
    form_page(
        &state,
        &acting,
        trust_id,
        None,
        ServiceInput::default(),
        vec![],
    )
    .await
}

/// `POST /admin/services/new?trust={id}`.
pub async fn create(
    State(state): State<AppState>,
    acting: Acting,
    Query(q): Query<NewQuery>,
    CsrfForm(form): CsrfForm<ServiceInput>,
) -> Result<Response> {
    admin_only(&acting)?;
    let trust_id = parse_id(&q.trust)?;
    match admin::create_service(&state.store, &acting.actor, trust_id, &form).await? {
        Ok(_) => Ok(
            Redirect::to(&format!("/admin/services?trust={trust_id}&done=created")).into_response(),
        ),
        Err(errors) => Ok(
            form_page(&state, &acting, trust_id, None, form, items(errors))
                .await?
                .into_response(),
        ),
    }
}

/// `GET /admin/services/{id}/edit`.
pub async fn edit(
    State(state): State<AppState>,
    acting: Acting,
    Path(id): Path<String>,
) -> Result<ServiceFormTemplate> {
    admin_only(&acting)?;
    let s = admin::service(&state.store, &acting.actor, parse_id(&id)?).await?;
    let form = ServiceInput::from_row(&s);
    form_page(&state, &acting, s.organisation_id, Some(s), form, vec![]).await
}

/// `POST /admin/services/{id}/edit`.
pub async fn update(
    State(state): State<AppState>,
    acting: Acting,
    Path(id): Path<String>,
    CsrfForm(form): CsrfForm<ServiceInput>,
) -> Result<Response> {
    admin_only(&acting)?;
    let s = admin::service(&state.store, &acting.actor, parse_id(&id)?).await?;
    match admin::update_service(&state.store, &acting.actor, s.id, &form).await? {
        Ok(()) => Ok(Redirect::to(&format!(
            "/admin/services?trust={}&done=saved",
            s.organisation_id
        ))
        .into_response()),
        Err(errors) => Ok(form_page(
            &state,
            &acting,
            s.organisation_id,
            Some(s),
            form,
            items(errors),
        )
        .await?
        .into_response()),
    }
}

async fn set_active(state: &AppState, acting: &Acting, id: &str, active: bool) -> Result<Redirect> {
    admin_only(acting)?;
    let s = admin::service(&state.store, &acting.actor, parse_id(id)?).await?;
    admin::set_service_active(&state.store, &acting.actor, s.id, active).await?;
    let done = if active { "enabled" } else { "disabled" };
    Ok(Redirect::to(&format!(
        "/admin/services?trust={}&done={done}",
        s.organisation_id
    )))
}

/// `POST /admin/services/{id}/disable`.
pub async fn disable(
    State(state): State<AppState>,
    acting: Acting,
    Path(id): Path<String>,
    CsrfForm(_): CsrfForm<CsrfOnly>,
) -> Result<Redirect> {
    set_active(&state, &acting, &id, false).await
}

/// `POST /admin/services/{id}/enable`.
pub async fn enable(
    State(state): State<AppState>,
    acting: Acting,
    Path(id): Path<String>,
    CsrfForm(_): CsrfForm<CsrfOnly>,
) -> Result<Redirect> {
    set_active(&state, &acting, &id, true).await
}
