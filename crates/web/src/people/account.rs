//! `/account/sessions`: a signed-in person's own sessions (where they are signed in, since when,
//! last active), with "Sign out" for each other one and "Sign out everywhere else".

use crate::app::AppState;
use crate::chrome;
use crate::csrf::CsrfForm;
use crate::error::Result;
use crate::page::{Breadcrumb, PageContext};
use crate::session::{self, Acting, keys};
use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::{Query, State};
use axum::response::Redirect;
use axum::routing::{get, post};
use joinedup_store::people::sessions;
use serde::Deserialize;
use std::collections::HashMap;
use time::OffsetDateTime;

/// Routes of the account pages.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/account/sessions", get(list))
        .route("/account/sessions/sign-out", post(sign_out_one))
        .route("/account/sessions/sign-out-others", post(sign_out_others))
}

/// "Firefox on Windows", from a browser's user agent; the raw string when it is not recognised.
fn browser(user_agent: &str) -> String {
    if user_agent.is_empty() {
        return "Unknown browser".to_owned();
    }
    let has = |s: &str| user_agent.contains(s);
    let name = if has("Edg/") {
        "Microsoft Edge"
    } else if has("Firefox/") {
        "Firefox"
    } else if has("Chrome/") || has("Chromium/") {
        "Chrome"
    } else if has("Safari/") {
        "Safari"
    } else {
        return user_agent.chars().take(80).collect();
    };
    let os = if has("Android") {
        "Android"
    } else if has("iPhone") || has("iPad") {
        "iOS"
    } else if has("Windows") {
        "Windows"
    } else if has("Mac OS") {
        "macOS"
    } else if has("Linux") || has("CrOS") {
        "Linux"
    } else {
        return name.to_owned();
    };
    format!("{name} on {os}")
}

/// The browser's user agent from a request, shortened, for the sessions page (stored at sign-in).
pub fn user_agent(headers: &axum::http::HeaderMap) -> String {
    headers
        .get(axum::http::header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .chars()
        .take(300)
        .collect()
}

/// One of the person's sessions.
pub struct SessionRow {
    key: String,
    current: bool,
    signed_in: String,
    last_active: String,
    browser: String,
}

/// Which change just happened.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct DoneQuery {
    done: String,
}

/// The sessions page.
#[derive(Template, WebTemplate)]
#[template(path = "people/account_sessions.html")]
pub struct SessionsTemplate {
    ctx: PageContext,
    crumbs: Vec<Breadcrumb>,
    rows: Vec<SessionRow>,
    others: usize,
    done: Option<&'static str>,
}

/// The stored key of the request's own session, if it has been saved.
fn current_key(acting: &Acting) -> Option<String> {
    acting
        .session
        .id()
        .map(|id| sessions::key_for(&id.to_string()))
}

fn from_unix(seconds: i64) -> Option<OffsetDateTime> {
    OffsetDateTime::from_unix_timestamp(seconds).ok()
}

/// `GET /account/sessions`.
pub async fn list(
    State(state): State<AppState>,
    acting: Acting,
    Query(q): Query<DoneQuery>,
) -> Result<SessionsTemplate> {
    let current = current_key(&acting);
    let now = OffsetDateTime::now_utc().unix_timestamp();
    let mut rows: Vec<(i64, SessionRow)> = vec![];
    for s in sessions::list_for_user(state.store.db(), acting.actor.user_id).await? {
        let data: HashMap<String, serde_json::Value> =
            serde_json::from_str(&s.data).unwrap_or_default();
        let int = |k: &str| data.get(k).and_then(serde_json::Value::as_i64).unwrap_or(0);
        let (signed_in_at, last_seen) = (int(keys::SIGNED_IN_AT), int(keys::LAST_SEEN));
        if session::timed_out(now, signed_in_at, last_seen) {
            continue; // already over: the next request with it is sent to sign in
        }
        let when = |t: i64| {
            from_unix(t).map_or_else(|| "Unknown".to_owned(), joinedup_core::clock::display)
        };
        let agent = data.get(keys::USER_AGENT).and_then(|v| v.as_str());
        rows.push((
            last_seen,
            SessionRow {
                current: current.as_deref() == Some(s.key.as_str()),
                key: s.key,
                signed_in: when(signed_in_at),
                last_active: when(last_seen),
                browser: browser(agent.unwrap_or_default()),
            },
        ));
    }
    // This session first, then the most recently active.
    rows.sort_by_key(|(seen, r)| (!r.current, -seen));
    let rows: Vec<SessionRow> = rows.into_iter().map(|(_, r)| r).collect();
    let done = match q.done.as_str() {
        "one" => Some("That session has been signed out"),
        "others" => Some("You have been signed out everywhere else"),
        _ => None,
    };
    Ok(SessionsTemplate {
        ctx: chrome::context(
            &state,
            &acting.session,
            Some(&acting.actor),
            "/account/sessions",
        )
        .await?,
        crumbs: vec![Breadcrumb::new("Home", "/home")],
        others: rows.iter().filter(|r| !r.current).count(),
        rows,
        done,
    })
}

/// Which session to sign out.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct SignOutForm {
    session: String,
}

/// `POST /account/sessions/sign-out`: ends one of the person's sessions (this one signs them out).
pub async fn sign_out_one(
    State(state): State<AppState>,
    acting: Acting,
    CsrfForm(form): CsrfForm<SignOutForm>,
) -> Result<Redirect> {
    if current_key(&acting).as_deref() == Some(form.session.as_str()) {
        acting.session.flush().await?;
        return Ok(Redirect::to("/sign-in?signed_out=1"));
    }
    sessions::sign_out_session(&state.store, &acting.actor, &form.session).await?;
    Ok(Redirect::to("/account/sessions?done=one"))
}

/// The "sign out everywhere else" form (its CSRF token is all it carries).
#[derive(Debug, Deserialize)]
pub struct EverywhereForm {}

/// `POST /account/sessions/sign-out-others`: ends every other session of the person.
pub async fn sign_out_others(
    State(state): State<AppState>,
    acting: Acting,
    CsrfForm(_): CsrfForm<EverywhereForm>,
) -> Result<Redirect> {
    let current = acting
        .session
        .id()
        .map(|id| id.to_string())
        .unwrap_or_default();
    sessions::sign_out_everywhere_else(&state.store, &acting.actor, &current).await?;
    Ok(Redirect::to("/account/sessions?done=others"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn browsers_are_named_in_plain_words() {
        let firefox =
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0";
        assert_eq!(browser(firefox), "Firefox on Windows");
        let safari = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1";
        assert_eq!(browser(safari), "Safari on iOS");
        assert_eq!(browser(""), "Unknown browser");
        assert_eq!(browser("curl/8.5"), "curl/8.5");
    }
}
