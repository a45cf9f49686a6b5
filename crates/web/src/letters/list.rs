//! `GET /letters`: the service's letters (drafts and sent), the practice's inbox (waiting for
//! acknowledgement first) with its overdue GP actions, or a patient's letters.

use super::{Side, side, status_colour};
use crate::app::AppState;
use crate::chrome;
use crate::error::Result;
use crate::page::{Breadcrumb, PageContext, RadioItem};
use crate::people::long_date;
use crate::session::Acting;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use joinedup_core::clock;
use joinedup_core::letters::Status;
use joinedup_store::letters::{self, LetterFilter, LetterRow, OverdueAction};
use joinedup_store::people::admin::Page;
use serde::Deserialize;
use time::OffsetDateTime;

/// The list's filters as the query string carries them.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ListQuery {
    status: String,
    page: u64,
}

/// One letter in a list.
pub struct Row {
    href: String,
    reference: String,
    kind: &'static str,
    patient: String,
    nhs_number: String,
    other_side: String,
    status: &'static str,
    colour: &'static str,
    sent: String,
    late: bool,
    open_actions: i64,
}

fn row(r: LetterRow, practice_side: bool) -> Row {
    Row {
        href: format!("/letters/{}", r.id),
        reference: r.reference,
        kind: r.kind.label(),
        patient: r.patient_name,
        nhs_number: r.nhs_number,
        other_side: if practice_side {
            r.service_name
        } else {
            r.practice_name
        },
        status: r.status.label(),
        colour: status_colour(r.status),
        sent: r
            .sent_at
            .map(clock::display)
            .unwrap_or_else(|| "Not sent".into()),
        late: r.on_time == Some(false),
        open_actions: r.open_actions,
    }
}

/// A page of the list with its links.
pub struct Pager {
    prev_href: String,
    next_href: String,
    showing: String,
}

fn pager<T>(page: &Page<T>, status: &str) -> Pager {
    let link = |n: u64| format!("/letters?status={status}&page={n}");
    Pager {
        prev_href: if page.page > 1 {
            link(page.page - 1)
        } else {
            String::new()
        },
        next_href: if page.has_next() {
            link(page.page + 1)
        } else {
            String::new()
        },
        showing: format!(
            "Page {} of {} ({} letters)",
            page.page,
            page.pages(),
            page.total
        ),
    }
}

/// One overdue GP action, linked to its letter.
pub struct Overdue {
    href: String,
    text: String,
    due: String,
    patient: String,
}

/// The list page, for the service or the practice.
#[derive(Template, WebTemplate)]
#[template(path = "letters/list.html")]
pub struct ListTemplate {
    ctx: PageContext,
    crumbs: Vec<Breadcrumb>,
    heading: String,
    intro: String,
    practice_side: bool,
    can_write: bool,
    status_options: Vec<RadioItem>,
    head: Vec<&'static str>,
    rows: Vec<Row>,
    pager: Pager,
    overdue: Vec<Overdue>,
}

fn overdue(actions: Vec<OverdueAction>) -> Vec<Overdue> {
    actions
        .into_iter()
        .map(|a| Overdue {
            href: format!("/letters/{}#actions", a.letter_id),
            text: a.text,
            due: long_date(a.due_on),
            patient: a.patient_name,
        })
        .collect()
}

/// `GET /letters`.
pub async fn index(
    State(state): State<AppState>,
    acting: Acting,
    Query(q): Query<ListQuery>,
) -> Result<Response> {
    let a = &acting.actor;
    let who = side(a)?;
    if who == Side::Patient {
        return super::show::patient_letters(&state, &acting).await;
    }
    let ctx = chrome::context(&state, &acting.session, Some(a), "/letters").await?;
    let filter = LetterFilter {
        status: Status::parse(&q.status),
        page: q.page.max(1),
    };
    let practice_side = who == Side::Practice;
    let (page, overdue_actions) = if practice_side {
        let today = joinedup_core::calendar::london_date(OffsetDateTime::now_utc());
        letters::practice_inbox_with_overdue(&state.store, a, &filter, today, true).await?
    } else {
        (
            letters::service_letters(&state.store, a, &filter).await?,
            vec![],
        )
    };
    let statuses: &[(Status, &str)] = if practice_side {
        &[
            (Status::Sent, "Waiting for acknowledgement"),
            (Status::Acknowledged, "Acknowledged"),
        ]
    } else {
        &[
            (Status::Draft, "Drafts"),
            (Status::Sent, "Sent"),
            (Status::Acknowledged, "Acknowledged"),
        ]
    };
    let default = if practice_side { "" } else { "All letters" };
    let mut status_options: Vec<RadioItem> = statuses
        .iter()
        .map(|(s, label)| RadioItem::new(s.as_str(), *label, &q.status))
        .collect();
    if !practice_side {
        status_options.insert(0, RadioItem::new("", default, &q.status));
    }
    Ok(ListTemplate {
        crumbs: vec![Breadcrumb::new("Home", "/home")],
        heading: if practice_side { "Letters from hospitals".into() } else { "Your service's letters".into() },
        intro: if practice_side {
            format!("Letters and discharge summaries about patients of {}. Acknowledge each one and work its GP actions.", a.acting_for_label().unwrap_or_default())
        } else {
            format!("Clinic letters and discharge summaries written by {}.", a.service_name.clone().unwrap_or_default())
        },
        can_write: !practice_side,
        head: vec![
            "Letter",
            "Patient",
            if practice_side { "From" } else { "To practice" },
            "Status",
            "Sent",
            "Open GP actions",
        ],
        pager: pager(&page, &q.status),
        rows: page.items.into_iter().map(|r| row(r, practice_side)).collect(),
        overdue: overdue(overdue_actions),
        practice_side,
        status_options,
        ctx,
    }
    .into_response())
}
