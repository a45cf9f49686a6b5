//! `/admin/organisations`: list and search, create, show, change, disable and enable.

use super::{
    CsrfOnly, DoneQuery, Pager, admin_only, context, crumbs, done_message, items, options,
    parse_id, query_part,
};
use crate::app::AppState;
use crate::csrf::CsrfForm;
use crate::error::Result;
use crate::page::{Breadcrumb, ErrorItem, PageContext, RadioItem, SummaryRow};
use crate::session::Acting;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use joinedup_core::people::{Borough, OrganisationKind};
use joinedup_store::people::admin::{self, OrganisationInput, OrganisationQuery, OrganisationRow};
use serde::Deserialize;
use uuid::Uuid;

/// The list page's query.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ListQuery {
    q: String,
    kind: String,
    page: Option<u64>,
}

/// One organisation in the list.
pub struct ListRow {
    href: String,
    name: String,
    ods_code: String,
    kind: &'static str,
    active: bool,
}

/// The organisations list.
#[derive(Template, WebTemplate)]
#[template(path = "people/admin/organisations.html")]
pub struct OrganisationsTemplate {
    ctx: PageContext,
    crumbs: Vec<Breadcrumb>,
    q: String,
    kind_options: Vec<RadioItem>,
    rows: Vec<ListRow>,
    total: u64,
    pager: Pager,
}

/// `GET /admin/organisations`.
pub async fn list(
    State(state): State<AppState>,
    acting: Acting,
    Query(query): Query<ListQuery>,
) -> Result<OrganisationsTemplate> {
    admin_only(&acting)?;
    let kind = OrganisationKind::parse(&query.kind);
    let found = admin::list_organisations(
        &state.store,
        &acting.actor,
        &OrganisationQuery {
            text: query.q.clone(),
            kind,
            page: query.page.unwrap_or(1),
        },
    )
    .await?;
    let base = format!(
        "/admin/organisations?{}{}",
        query_part("q", &query.q),
        query_part("kind", kind.map_or("", OrganisationKind::as_str))
    );
    let rows = found
        .items
        .iter()
        .map(|o| ListRow {
            href: format!("/admin/organisations/{}", o.id),
            name: o.name.clone(),
            ods_code: o.ods_code.clone(),
            kind: o.kind.label(),
            active: o.active,
        })
        .collect();
    Ok(OrganisationsTemplate {
        ctx: context(&state, &acting, "/admin/organisations", &[]).await?,
        crumbs: crumbs(&[]),
        q: query.q,
        kind_options: options(
            "All kinds",
            OrganisationKind::ALL.map(|k| (k.as_str().to_owned(), k.label().to_owned())),
            kind.map_or("", OrganisationKind::as_str),
        ),
        total: found.total,
        pager: Pager::new(&found, &base),
        rows,
    })
}

/// The create and change form.
#[derive(Template, WebTemplate)]
#[template(path = "people/admin/organisation_form.html")]
pub struct OrganisationFormTemplate {
    ctx: PageContext,
    crumbs: Vec<Breadcrumb>,
    heading: String,
    action: String,
    cancel_href: String,
    creating: bool,
    kind_label: String,
    form: OrganisationInput,
    errors: Vec<ErrorItem>,
    kind_items: Vec<RadioItem>,
    trust_options: Vec<RadioItem>,
    borough_options: Vec<RadioItem>,
}

/// Renders the form for a new organisation (`existing` = None) or a change.
async fn form_page(
    state: &AppState,
    acting: &Acting,
    existing: Option<&OrganisationRow>,
    form: OrganisationInput,
    errors: Vec<ErrorItem>,
) -> Result<OrganisationFormTemplate> {
    let trusts = admin::trusts(&state.store, &acting.actor).await?;
    let (heading, action, cancel_href, path) = match existing {
        Some(o) => (
            format!("Change {}", o.name),
            format!("/admin/organisations/{}/edit", o.id),
            format!("/admin/organisations/{}", o.id),
            format!("/admin/organisations/{}/edit", o.id),
        ),
        None => (
            "Add an organisation".to_owned(),
            "/admin/organisations/new".to_owned(),
            "/admin/organisations".to_owned(),
            "/admin/organisations/new".to_owned(),
        ),
    };
    Ok(OrganisationFormTemplate {
        ctx: context(state, acting, &path, &errors).await?,
        crumbs: crumbs(&[("Organisations", "/admin/organisations")]),
        heading,
        action,
        cancel_href,
        creating: existing.is_none(),
        kind_label: existing.map_or("", |o| o.kind.label()).to_owned(),
        kind_items: OrganisationKind::ALL
            .iter()
            .map(|k| RadioItem::new(k.as_str(), k.label(), &form.kind))
            .collect(),
        trust_options: options(
            "Not a hospital site",
            trusts
                .into_iter()
                .map(|t| (t.id.to_string(), format!("{} ({})", t.name, t.ods_code))),
            &form.parent_id,
        ),
        borough_options: options(
            "None",
            Borough::ALL.map(|b| (b.as_str().to_owned(), b.label().to_owned())),
            &form.borough,
        ),
        form,
        errors,
    })
}

/// `GET /admin/organisations/new`.
pub async fn new(
    State(state): State<AppState>,
    acting: Acting,
) -> Result<OrganisationFormTemplate> {
    admin_only(&acting)?;
    form_page(&state, &acting, None, OrganisationInput::default(), vec![]).await
}

/// `POST /admin/organisations/new`.
pub async fn create(
    State(state): State<AppState>,
    acting: Acting,
    CsrfForm(form): CsrfForm<OrganisationInput>,
) -> Result<Response> {
    admin_only(&acting)?;
    match admin::create_organisation(&state.store, &acting.actor, &form).await? {
        Ok(id) => {
            Ok(Redirect::to(&format!("/admin/organisations/{id}?done=created")).into_response())
        }
        Err(errors) => Ok(form_page(&state, &acting, None, form, items(errors))
            .await?
            .into_response()),
    }
}

/// One organisation.
#[derive(Template, WebTemplate)]
#[template(path = "people/admin/organisation.html")]
pub struct OrganisationTemplate {
    ctx: PageContext,
    crumbs: Vec<Breadcrumb>,
    organisation: OrganisationRow,
    rows: Vec<SummaryRow>,
    done: Option<&'static str>,
}

fn summary(o: &OrganisationRow) -> Vec<SummaryRow> {
    let edit = format!("/admin/organisations/{}/edit", o.id);
    let or_none = |v: &Option<String>| v.clone().unwrap_or_else(|| "None".to_owned());
    let mut rows = vec![
        SummaryRow::new("ODS code", o.ods_code.clone()).with_change(edit.clone()),
        SummaryRow::new("Name", o.name.clone()).with_change(edit.clone()),
        SummaryRow::new("Kind", o.kind.label()),
    ];
    if o.kind == OrganisationKind::TrustSite {
        rows.push(SummaryRow::new("Trust", or_none(&o.parent_name)).with_change(edit.clone()));
    }
    if matches!(
        o.kind,
        OrganisationKind::GpPractice | OrganisationKind::Pharmacy
    ) {
        let borough = o.borough.map_or("None", Borough::label);
        rows.push(SummaryRow::new("Borough", borough).with_change(edit.clone()));
    }
    if o.kind == OrganisationKind::GpPractice {
        rows.push(
            SummaryRow::new("Primary care network", or_none(&o.pcn)).with_change(edit.clone()),
        );
    }
    rows.push(SummaryRow::new("Postcode", or_none(&o.postcode)).with_change(edit));
    rows.push(SummaryRow::new(
        "Status",
        if o.active { "Active" } else { "Disabled" },
    ));
    rows
}

/// `GET /admin/organisations/{id}`.
pub async fn show(
    State(state): State<AppState>,
    acting: Acting,
    Path(id): Path<String>,
    Query(q): Query<DoneQuery>,
) -> Result<OrganisationTemplate> {
    admin_only(&acting)?;
    let o = admin::organisation(&state.store, &acting.actor, parse_id(&id)?).await?;
    Ok(OrganisationTemplate {
        ctx: context(
            &state,
            &acting,
            &format!("/admin/organisations/{}", o.id),
            &[],
        )
        .await?,
        crumbs: crumbs(&[("Organisations", "/admin/organisations")]),
        rows: summary(&o),
        organisation: o,
        done: done_message(&q.done),
    })
}

/// `GET /admin/organisations/{id}/edit`.
pub async fn edit(
    State(state): State<AppState>,
    acting: Acting,
    Path(id): Path<String>,
) -> Result<OrganisationFormTemplate> {
    admin_only(&acting)?;
    let o = admin::organisation(&state.store, &acting.actor, parse_id(&id)?).await?;
    let form = OrganisationInput {
        kind: o.kind.as_str().to_owned(),
        ods_code: o.ods_code.clone(),
        name: o.name.clone(),
        parent_id: o.parent_id.map(|p| p.to_string()).unwrap_or_default(),
        borough: o.borough.map(|b| b.as_str().to_owned()).unwrap_or_default(),
        pcn: o.pcn.clone().unwrap_or_default(),
        postcode: o.postcode.clone().unwrap_or_default(),
    };
    form_page(&state, &acting, Some(&o), form, vec![]).await
}

/// `POST /admin/organisations/{id}/edit`.
pub async fn update(
    State(state): State<AppState>,
    acting: Acting,
    Path(id): Path<String>,
    CsrfForm(form): CsrfForm<OrganisationInput>,
) -> Result<Response> {
    admin_only(&acting)?;
    let id = parse_id(&id)?;
    match admin::update_organisation(&state.store, &acting.actor, id, &form).await? {
        Ok(()) => {
            Ok(Redirect::to(&format!("/admin/organisations/{id}?done=saved")).into_response())
        }
        Err(errors) => {
            let o = admin::organisation(&state.store, &acting.actor, id).await?;
            Ok(form_page(&state, &acting, Some(&o), form, items(errors))
                .await?
                .into_response())
        }
    }
}

async fn set_active(state: &AppState, acting: &Acting, id: &str, active: bool) -> Result<Redirect> {
    admin_only(acting)?;
    let id: Uuid = parse_id(id)?;
    admin::set_organisation_active(&state.store, &acting.actor, id, active).await?;
    let done = if active { "enabled" } else { "disabled" };
    Ok(Redirect::to(&format!(
        "/admin/organisations/{id}?done={done}"
    )))
}

/// `POST /admin/organisations/{id}/disable`.
pub async fn disable(
    State(state): State<AppState>,
    acting: Acting,
    Path(id): Path<String>,
    CsrfForm(_): CsrfForm<CsrfOnly>,
) -> Result<Redirect> {
    set_active(&state, &acting, &id, false).await
}

/// `POST /admin/organisations/{id}/enable`.
pub async fn enable(
    State(state): State<AppState>,
    acting: Acting,
    Path(id): Path<String>,
    CsrfForm(_): CsrfForm<CsrfOnly>,
) -> Result<Redirect> {
    set_active(&state, &acting, &id, true).await
}
