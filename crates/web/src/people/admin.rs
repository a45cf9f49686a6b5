//! Administration pages: organisations, services, users with their memberships, and API tokens.
//! Every page answers 404 to anyone who is not acting as an administrator, and every change is
//! made (and audited) by one `joinedup_store::people::admin` or `tokens` call.

mod memberships;
mod organisations;
mod services;
mod tokens;
mod users;

use crate::app::AppState;
use crate::chrome;
use crate::error::{AppError, Result, urlencode};
use crate::page::{Breadcrumb, ErrorItem, PageContext, RadioItem};
use crate::session::Acting;
use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::State;
use axum::routing::{get, post};
use joinedup_core::people::access::{Capability, can};
use joinedup_store::people::admin::{FieldError, Page};
use uuid::Uuid;

/// Routes of the administration pages.
pub fn router() -> Router<AppState> {
    use memberships as m;
    use organisations as o;
    use services as s;
    use tokens as t;
    use users as u;
    Router::new()
        .route("/admin", get(index))
        .route("/admin/organisations", get(o::list))
        .route("/admin/organisations/new", get(o::new).post(o::create))
        .route("/admin/organisations/{id}", get(o::show))
        .route(
            "/admin/organisations/{id}/edit",
            get(o::edit).post(o::update),
        )
        .route("/admin/organisations/{id}/disable", post(o::disable))
        .route("/admin/organisations/{id}/enable", post(o::enable))
        .route("/admin/services", get(s::list))
        .route("/admin/services/new", get(s::new).post(s::create))
        .route("/admin/services/{id}/edit", get(s::edit).post(s::update))
        .route("/admin/services/{id}/disable", post(s::disable))
        .route("/admin/services/{id}/enable", post(s::enable))
        .route("/admin/users", get(u::list))
        .route("/admin/users/new", get(u::new).post(u::create))
        .route("/admin/users/{id}", get(u::show))
        .route("/admin/users/{id}/edit", get(u::edit).post(u::update))
        .route(
            "/admin/users/{id}/password",
            get(u::password).post(u::set_password),
        )
        .route("/admin/users/{id}/disable", post(u::disable))
        .route("/admin/users/{id}/enable", post(u::enable))
        .route(
            "/admin/users/{id}/memberships/new",
            get(m::new).post(m::add),
        )
        .route(
            "/admin/users/{id}/memberships/{membership}/remove",
            post(m::remove),
        )
        .route("/admin/users/{id}/tokens/new", get(t::new).post(t::issue))
        .route("/admin/users/{id}/tokens/{token}/revoke", post(t::revoke))
}

/// The administrator acting, or 404 for anyone else (other roles cannot tell the pages exist).
fn admin_only(acting: &Acting) -> Result<()> {
    if can(&acting.actor.actor(), Capability::Administer) {
        Ok(())
    } else {
        Err(AppError::NotFound)
    }
}

/// The layout context of an administration page at `path`, with the error flag set.
async fn context(
    state: &AppState,
    acting: &Acting,
    path: &str,
    errors: &[ErrorItem],
) -> Result<PageContext> {
    let mut ctx = chrome::context(state, &acting.session, Some(&acting.actor), path).await?;
    ctx.has_errors = !errors.is_empty();
    Ok(ctx)
}

/// Store field problems as page errors, linked to the fields of the same names.
fn items(errors: Vec<FieldError>) -> Vec<ErrorItem> {
    errors
        .into_iter()
        .map(|e| ErrorItem::new(e.field, e.message))
        .collect()
}

/// A record id from the path; anything else is a page that does not exist.
fn parse_id(id: &str) -> Result<Uuid> {
    id.parse().map_err(|_| AppError::NotFound)
}

/// Breadcrumbs from the administration home down to (not including) the current page.
fn crumbs(extra: &[(&str, &str)]) -> Vec<Breadcrumb> {
    let mut out = vec![
        Breadcrumb::new("Home", "/home"),
        Breadcrumb::new("Administration", "/admin"),
    ];
    out.extend(extra.iter().map(|(l, h)| Breadcrumb::new(*l, *h)));
    out
}

/// Select options (value, label) with the one equal to `selected` chosen, after a blank first option.
fn options(
    blank: &str,
    choices: impl IntoIterator<Item = (String, String)>,
    selected: &str,
) -> Vec<RadioItem> {
    std::iter::once(RadioItem::new("", blank, selected))
        .chain(
            choices
                .into_iter()
                .map(|(v, l)| RadioItem::new(v, l, selected)),
        )
        .collect()
}

/// Links and words for a paginated list.
pub struct Pager {
    /// The previous page's address, or "".
    prev_href: String,
    /// The next page's address, or "".
    next_href: String,
    /// "Page 2 of 5".
    prev_label: String,
    /// "Page 4 of 5".
    next_label: String,
    /// "Showing 21 to 40 of 93".
    showing: String,
}

impl Pager {
    /// The pager of `page`, whose other pages are `base` plus `page=N` (`base` ends in `?` or `&`).
    fn new<T>(page: &Page<T>, base: &str) -> Self {
        let pages = page.pages();
        let href = |n: u64| format!("{base}page={n}");
        let label = |n: u64| format!("Page {n} of {pages}");
        let from = (page.page - 1) * joinedup_store::people::admin::PAGE_SIZE + 1;
        let to = from + page.items.len() as u64 - 1;
        Self {
            prev_href: if page.page > 1 {
                href(page.page - 1)
            } else {
                String::new()
            },
            prev_label: if page.page > 1 {
                label(page.page - 1)
            } else {
                String::new()
            },
            next_href: if page.has_next() {
                href(page.page + 1)
            } else {
                String::new()
            },
            next_label: if page.has_next() {
                label(page.page + 1)
            } else {
                String::new()
            },
            showing: if page.items.is_empty() {
                String::new()
            } else {
                format!("Showing {from} to {to} of {}", page.total)
            },
        }
    }
}

/// `name=value&` for a non-empty value, for building list addresses.
fn query_part(name: &str, value: &str) -> String {
    if value.trim().is_empty() {
        String::new()
    } else {
        format!("{name}={}&", urlencode(value.trim()))
    }
}

/// The success message for a `?done=` code after a change (fixed words, never echoed input).
fn done_message(code: &str) -> Option<&'static str> {
    Some(match code {
        "created" => "Created",
        "saved" => "Your changes were saved",
        "disabled" => "Disabled",
        "enabled" => "Enabled",
        "password" => "Password changed. The user has been signed out everywhere",
        "user-disabled" => "Account disabled. The user has been signed out everywhere",
        "membership-added" => "Role added",
        "membership-removed" => "Role removed. The user has been signed out everywhere",
        "token-revoked" => "API token revoked",
        _ => return None,
    })
}

/// One tile of the administration home page.
pub struct Tile {
    label: &'static str,
    href: &'static str,
    description: &'static str,
}

/// The administration home page.
#[derive(Template, WebTemplate)]
#[template(path = "people/admin/index.html")]
pub struct AdminHomeTemplate {
    ctx: PageContext,
    tiles: Vec<Tile>,
}

/// `GET /admin`.
async fn index(State(state): State<AppState>, acting: Acting) -> Result<AdminHomeTemplate> {
    admin_only(&acting)?;
    let ctx = context(&state, &acting, "/admin", &[]).await?;
    let tiles = vec![
        Tile {
            label: "Organisations",
            href: "/admin/organisations",
            description: "The ICB, trusts and their sites, GP practices and pharmacies, by ODS code.",
        },
        Tile {
            label: "Services",
            href: "/admin/services",
            description: "The specialist services each trust runs.",
        },
        Tile {
            label: "Users",
            href: "/admin/users",
            description: "Accounts, their roles and organisations, passwords and API tokens.",
        },
    ];
    Ok(AdminHomeTemplate { ctx, tiles })
}

/// A form that carries only its CSRF token (disable, enable, remove, revoke).
#[derive(Debug, serde::Deserialize)]
pub struct CsrfOnly {}

/// The query of a record page: which change just happened (`?done=saved`).
#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub struct DoneQuery {
    done: String,
}
