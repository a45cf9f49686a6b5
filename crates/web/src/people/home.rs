//! The public landing page, each role's home page, and the accessibility and privacy pages.

use crate::app::AppState;
use crate::areas::{self, Area};
use crate::chrome;
use crate::error::Result;
use crate::page::PageContext;
use crate::session::Acting;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use joinedup_store::people::ActorContext;
use tower_sessions::Session;

/// The public landing page.
#[derive(Template, WebTemplate)]
#[template(path = "people/landing.html")]
pub struct LandingTemplate {
    ctx: PageContext,
}

/// `GET /`: the landing page, or the home page for someone already acting for an organisation.
pub async fn landing(State(state): State<AppState>, session: Session) -> Result<Response> {
    if session
        .get::<ActorContext>(crate::session::keys::ACTOR)
        .await?
        .is_some()
    {
        return Ok(Redirect::to("/home").into_response());
    }
    let ctx = chrome::context(&state, &session, None, "/").await?;
    Ok(LandingTemplate { ctx }.into_response())
}

/// A role's home page.
#[derive(Template, WebTemplate)]
#[template(path = "people/home.html")]
pub struct HomeTemplate {
    ctx: PageContext,
    name: String,
    role: &'static str,
    acting_for: Option<String>,
    areas: Vec<Area>,
}

/// `GET /home`.
pub async fn home(State(state): State<AppState>, acting: Acting) -> Result<HomeTemplate> {
    let a = &acting.actor;
    let ctx = chrome::context(&state, &acting.session, Some(a), "/home").await?;
    Ok(HomeTemplate {
        ctx,
        name: a.display_name.clone(),
        role: a.role.label(),
        acting_for: a.acting_for_label(),
        areas: areas::for_role(a.role).copied().collect(),
    })
}

/// The accessibility statement.
#[derive(Template, WebTemplate)]
#[template(path = "people/accessibility.html")]
pub struct AccessibilityTemplate {
    ctx: PageContext,
}

/// The privacy notice.
#[derive(Template, WebTemplate)]
#[template(path = "people/privacy.html")]
pub struct PrivacyTemplate {
    ctx: PageContext,
}

async fn public_ctx(state: &AppState, session: &Session, path: &str) -> Result<PageContext> {
    let actor = session
        .get::<ActorContext>(crate::session::keys::ACTOR)
        .await?;
    chrome::context(state, session, actor.as_ref(), path).await
}

/// `GET /accessibility`.
pub async fn accessibility(
    State(state): State<AppState>,
    session: Session,
) -> Result<AccessibilityTemplate> {
    Ok(AccessibilityTemplate {
        ctx: public_ctx(&state, &session, "/accessibility").await?,
    })
}

/// `GET /privacy`.
pub async fn privacy(State(state): State<AppState>, session: Session) -> Result<PrivacyTemplate> {
    Ok(PrivacyTemplate {
        ctx: public_ctx(&state, &session, "/privacy").await?,
    })
}
