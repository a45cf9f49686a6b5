//! Sign-in, sign-out and choosing the organisation to act for.

use crate::app::AppState;
use crate::chrome;
use crate::csrf::{self, CsrfForm};
use crate::error::{AppError, Result};
use crate::page::{ErrorItem, PageContext, RadioItem};
use crate::session::{self, SignedIn, keys};
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{ConnectInfo, Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use joinedup_store::demo::{DEMO_PASSWORD, DemoAccount, demo_accounts};
use joinedup_store::people::{self, SignInOutcome};
use serde::Deserialize;
use std::net::SocketAddr;
use tower_sessions::Session;
use uuid::Uuid;

/// The sign-in page.
#[derive(Template, WebTemplate)]
#[template(path = "people/sign_in.html")]
pub struct SignInTemplate {
    ctx: PageContext,
    errors: Vec<ErrorItem>,
    email: String,
    next: String,
    signed_out: bool,
    demo_accounts: Vec<DemoAccount>,
    demo_password: &'static str,
}

/// Query of the sign-in page.
#[derive(Debug, Default, Deserialize)]
pub struct SignInQuery {
    #[serde(default)]
    next: String,
    #[serde(default)]
    signed_out: Option<String>,
}

/// The sign-in form.
#[derive(Debug, Deserialize)]
pub struct SignInForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    next: String,
}

async fn page(
    state: &AppState,
    session: &Session,
    email: String,
    next: String,
    errors: Vec<ErrorItem>,
    signed_out: bool,
) -> Result<SignInTemplate> {
    let mut ctx = chrome::context(state, session, None, "/sign-in").await?;
    ctx.has_errors = !errors.is_empty();
    Ok(SignInTemplate {
        ctx,
        errors,
        email,
        next,
        signed_out,
        demo_accounts: if state.demo { demo_accounts() } else { vec![] },
        demo_password: DEMO_PASSWORD,
    })
}

/// Only local paths are followed after sign-in, never another site.
fn safe_next(next: &str) -> &str {
    if next.starts_with('/') && !next.starts_with("//") && !next.starts_with("/\\") {
        next
    } else {
        "/home"
    }
}

/// `GET /sign-in`.
pub async fn show(
    State(state): State<AppState>,
    session: Session,
    Query(q): Query<SignInQuery>,
) -> Result<SignInTemplate> {
    page(
        &state,
        &session,
        String::new(),
        q.next,
        vec![],
        q.signed_out.is_some(),
    )
    .await
}

/// `POST /sign-in`: check the form, then the password (throttled), then choose or set the organisation.
pub async fn submit(
    State(state): State<AppState>,
    session: Session,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    CsrfForm(form): CsrfForm<SignInForm>,
) -> Result<Response> {
    let mut errors = vec![];
    if form.email.trim().is_empty() {
        errors.push(ErrorItem::new("email", "Enter your email address"));
    }
    if form.password.is_empty() {
        errors.push(ErrorItem::new("password", "Enter your password"));
    }
    if errors.is_empty() {
        let address = client_address(&state, &headers, peer);
        match people::sign_in(
            &state.store,
            &form.email,
            &form.password,
            &address,
            state.throttle,
        )
        .await?
        {
            SignInOutcome::SignedIn { user_id } => {
                let agent = super::account::user_agent(&headers);
                session.insert(keys::USER_AGENT, agent).await?;
                return signed_in(&state, &session, user_id, safe_next(&form.next)).await;
            }
            SignInOutcome::Rejected => {
                errors.push(ErrorItem::new(
                    "email",
                    "Enter a correct email address and password",
                ));
            }
            SignInOutcome::Throttled => {
                errors.push(ErrorItem::new(
                    "email",
                    "There have been too many attempts to sign in. Wait 15 minutes, then try again",
                ));
            }
        }
    }
    Ok(page(&state, &session, form.email, form.next, errors, false)
        .await?
        .into_response())
}

fn client_address(state: &AppState, headers: &HeaderMap, peer: SocketAddr) -> String {
    let forwarded = headers
        .get("x-forwarded-for")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(',').next())
        .map(|s| s.trim().to_owned());
    match forwarded {
        Some(f) if state.trust_proxy && !f.is_empty() => f,
        _ => peer.ip().to_string(),
    }
}

async fn signed_in(
    state: &AppState,
    session: &Session,
    user_id: Uuid,
    next: &str,
) -> Result<Response> {
    session.cycle_id().await?;
    csrf::rotate(session).await?;
    session::begin_sign_in(session, user_id).await?;
    let choices = people::memberships_of(&state.store, user_id).await?;
    match choices.as_slice() {
        [] => {
            session.flush().await?;
            let errors = vec![ErrorItem::new(
                "email",
                "Your account has no active role. Contact your administrator",
            )];
            Ok(
                page(state, session, String::new(), String::new(), errors, false)
                    .await?
                    .into_response(),
            )
        }
        [only] => {
            act_as(state, session, user_id, only.membership_id).await?;
            Ok(Redirect::to(next).into_response())
        }
        _ => Ok(Redirect::to("/choose-organisation").into_response()),
    }
}

async fn act_as(
    state: &AppState,
    session: &Session,
    user_id: Uuid,
    membership_id: Uuid,
) -> Result<bool> {
    match people::actor_for_membership(&state.store, user_id, membership_id).await? {
        Some(actor) => {
            session.insert(keys::ACTOR, actor).await?;
            Ok(true)
        }
        None => Ok(false),
    }
}

/// The sign-out form (its CSRF token is all it carries).
#[derive(Debug, Deserialize)]
pub struct EmptyForm {}

/// `POST /sign-out`: ends the server-side session.
pub async fn sign_out(session: Session, CsrfForm(_): CsrfForm<EmptyForm>) -> Result<Redirect> {
    session.flush().await?;
    Ok(Redirect::to("/sign-in?signed_out=1"))
}

/// The organisation chooser.
#[derive(Template, WebTemplate)]
#[template(path = "people/choose_organisation.html")]
pub struct ChooseTemplate {
    ctx: PageContext,
    errors: Vec<ErrorItem>,
    items: Vec<RadioItem>,
}

async fn chooser(
    state: &AppState,
    signed: &SignedIn,
    errors: Vec<ErrorItem>,
) -> Result<ChooseTemplate> {
    let choices = people::memberships_of(&state.store, signed.user_id).await?;
    let current = signed.actor.as_ref().map(|a| a.membership_id);
    let items = choices
        .into_iter()
        .map(|c| RadioItem {
            value: c.membership_id.to_string(),
            label: c.label,
            hint: c.role.label().to_owned(),
            checked: Some(c.membership_id) == current,
        })
        .collect();
    let mut ctx = chrome::context(
        state,
        &signed.session,
        signed.actor.as_ref(),
        "/choose-organisation",
    )
    .await?;
    ctx.has_errors = !errors.is_empty();
    Ok(ChooseTemplate { ctx, errors, items })
}

/// `GET /choose-organisation`.
pub async fn choose(State(state): State<AppState>, signed: SignedIn) -> Result<ChooseTemplate> {
    chooser(&state, &signed, vec![]).await
}

/// The chooser's form.
#[derive(Debug, Deserialize)]
pub struct ChooseForm {
    #[serde(default)]
    membership: String,
}

/// `POST /choose-organisation`.
pub async fn chosen(
    State(state): State<AppState>,
    signed: SignedIn,
    CsrfForm(form): CsrfForm<ChooseForm>,
) -> Result<Response> {
    let Ok(membership_id) = form.membership.parse::<Uuid>() else {
        let errors = vec![ErrorItem::new(
            "membership",
            "Select the organisation you are acting for",
        )];
        return Ok(chooser(&state, &signed, errors).await?.into_response());
    };
    if !act_as(&state, &signed.session, signed.user_id, membership_id).await? {
        return Err(AppError::NotFound);
    }
    Ok(Redirect::to("/home").into_response())
}
