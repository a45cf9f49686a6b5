//! Pages: the user's notifications, the demo mailbox, and the administrators' jobs list.

use crate::app::AppState;
use crate::chrome;
use crate::csrf::CsrfForm;
use crate::error::{AppError, Result};
use crate::page::PageContext;
use crate::session::Acting;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query, State};
use axum::response::Redirect;
use joinedup_core::clock;
use joinedup_core::people::access::{Capability, can};
use joinedup_store::platform::{jobs, notifications};
use serde::Deserialize;
use uuid::Uuid;

/// One notification as listed.
pub struct NoticeRow {
    id: Uuid,
    title: String,
    body: String,
    link: Option<String>,
    when: String,
    unread: bool,
}

/// The notifications page.
#[derive(Template, WebTemplate)]
#[template(path = "platform/notifications.html")]
pub struct NotificationsTemplate {
    ctx: PageContext,
    notices: Vec<NoticeRow>,
}

/// `GET /notifications`.
pub async fn notifications(
    State(state): State<AppState>,
    acting: Acting,
) -> Result<NotificationsTemplate> {
    let a = &acting.actor;
    let notices = notifications::list(&state.store, a.user_id, 100)
        .await?
        .into_iter()
        .map(|n| NoticeRow {
            id: n.id,
            unread: n.read_at.is_none(),
            when: clock::display(n.created_at),
            title: n.title,
            body: n.body,
            link: n.link,
        })
        .collect();
    let ctx = chrome::context(&state, &acting.session, Some(a), "/notifications").await?;
    Ok(NotificationsTemplate { ctx, notices })
}

/// A form that carries only its CSRF token.
#[derive(Debug, Deserialize)]
pub struct EmptyForm {}

/// `POST /notifications/read-all`.
pub async fn read_all(
    State(state): State<AppState>,
    acting: Acting,
    CsrfForm(_): CsrfForm<EmptyForm>,
) -> Result<Redirect> {
    notifications::mark_all_read(&state.store, acting.actor.user_id).await?;
    Ok(Redirect::to("/notifications"))
}

/// `POST /notifications/{id}/read`.
pub async fn read_one(
    State(state): State<AppState>,
    acting: Acting,
    Path(id): Path<String>,
    CsrfForm(_): CsrfForm<EmptyForm>,
) -> Result<Redirect> {
    let id: Uuid = id.parse().map_err(|_| AppError::NotFound)?;
    notifications::mark_read(&state.store, acting.actor.user_id, id).await?;
    Ok(Redirect::to("/notifications"))
}

/// One email in the demo mailbox.
pub struct MailRow {
    to: String,
    subject: String,
    body: String,
    when: String,
}

/// The demo mailbox.
#[derive(Template, WebTemplate)]
#[template(path = "platform/mailbox.html")]
pub struct MailboxTemplate {
    ctx: PageContext,
    mails: Vec<MailRow>,
    everyone: bool,
}

/// `GET /mailbox` (demo mode only): email sent to the signed-in user; an administrator sees all.
pub async fn mailbox(State(state): State<AppState>, acting: Acting) -> Result<MailboxTemplate> {
    if !state.demo {
        return Err(AppError::NotFound);
    }
    let a = &acting.actor;
    let everyone = can(&a.actor(), Capability::Administer);
    let to = (!everyone).then_some(a.email.as_str());
    let mails = notifications::mailbox(&state.store, to, 100)
        .await?
        .into_iter()
        .map(|m| MailRow {
            to: m.to_address,
            subject: m.subject,
            body: m.body,
            when: clock::display(m.created_at),
        })
        .collect();
    let ctx = chrome::context(&state, &acting.session, Some(a), "/mailbox").await?;
    Ok(MailboxTemplate {
        ctx,
        mails,
        everyone,
    })
}

/// One job as listed.
pub struct JobRow {
    id: Uuid,
    kind: String,
    state: String,
    attempts: i32,
    max_attempts: i32,
    run_at: String,
    last_error: String,
}

/// The administrators' jobs page.
#[derive(Template, WebTemplate)]
#[template(path = "platform/jobs.html")]
pub struct JobsTemplate {
    ctx: PageContext,
    rows: Vec<JobRow>,
    state_filter: String,
    total: u64,
    previous_href: String,
    next_href: String,
}

/// Filters of the jobs page.
#[derive(Debug, Default, Deserialize)]
pub struct JobsQuery {
    #[serde(default)]
    state: String,
    #[serde(default)]
    page: u64,
}

const PER_PAGE: u64 = 50;

/// `GET /admin/jobs`: recent jobs, filterable by state, with failed ones retryable.
pub async fn jobs(
    State(state): State<AppState>,
    acting: Acting,
    Query(q): Query<JobsQuery>,
) -> Result<JobsTemplate> {
    let a = &acting.actor;
    if !can(&a.actor(), Capability::Administer) {
        return Err(AppError::NotFound);
    }
    let filter = ["queued", "running", "done", "failed"]
        .into_iter()
        .find(|s| *s == q.state);
    let (rows, total) = jobs::recent(&state.store, filter, q.page, PER_PAGE).await?;
    let rows = rows
        .into_iter()
        .map(|j| JobRow {
            id: j.id,
            kind: j.kind,
            state: j.state,
            attempts: j.attempts,
            max_attempts: j.max_attempts,
            run_at: clock::display(j.run_at),
            last_error: j.last_error.unwrap_or_default(),
        })
        .collect();
    let ctx = chrome::context(&state, &acting.session, Some(a), "/admin").await?;
    let state_filter = filter.unwrap_or_default().to_owned();
    let href = |page: u64| format!("/admin/jobs?state={state_filter}&page={page}");
    let previous_href = if q.page > 0 {
        href(q.page - 1)
    } else {
        String::new()
    };
    let next_href = if (q.page + 1) * PER_PAGE < total {
        href(q.page + 1)
    } else {
        String::new()
    };
    Ok(JobsTemplate {
        ctx,
        rows,
        state_filter,
        total,
        previous_href,
        next_href,
    })
}

/// `POST /admin/jobs/{id}/retry`: queue a failed job again now.
pub async fn retry_job(
    State(state): State<AppState>,
    acting: Acting,
    Path(id): Path<String>,
    CsrfForm(_): CsrfForm<EmptyForm>,
) -> Result<Redirect> {
    if !can(&acting.actor.actor(), Capability::Administer) {
        return Err(AppError::NotFound);
    }
    let id: Uuid = id.parse().map_err(|_| AppError::NotFound)?;
    jobs::retry_now(&state.store, id).await?;
    Ok(Redirect::to("/admin/jobs?state=queued"))
}
