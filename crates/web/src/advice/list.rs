//! `GET /advice`: the practice's requests (newest change first) or the service's inbox
//! (unanswered, soonest due first, overdue ones marked), filtered and one page at a time.

use super::{Side, side, status_colour};
use crate::app::AppState;
use crate::chrome;
use crate::error::{Result, urlencode};
use crate::page::{Breadcrumb, PageContext, RadioItem};
use crate::session::Acting;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use joinedup_core::advice::{Status, Urgency};
use joinedup_core::clock;
use joinedup_store::advice::{self, InboxFilter, InboxRow};
use joinedup_store::people::admin::{PAGE_SIZE, Page};
use serde::Deserialize;

/// The list's filters as the query string carries them.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ListQuery {
    status: String,
    urgency: String,
    mine: String,
    overdue: String,
    page: u64,
}

impl ListQuery {
    fn filter(&self) -> InboxFilter {
        InboxFilter {
            status: Status::parse(&self.status),
            urgency: Urgency::parse(&self.urgency),
            mine: !self.mine.is_empty(),
            overdue: !self.overdue.is_empty(),
            page: self.page.max(1),
        }
    }

    /// `/advice?` with the filters, ready for `page=N`.
    fn base(&self) -> String {
        let mut out = "/advice?".to_owned();
        for (name, value) in [
            ("status", &self.status),
            ("urgency", &self.urgency),
            ("mine", &self.mine),
            ("overdue", &self.overdue),
        ] {
            if !value.is_empty() {
                out.push_str(&format!("{name}={}&", urlencode(value)));
            }
        }
        out
    }
}

/// One request in the list.
pub struct Row {
    href: String,
    reference: String,
    patient: String,
    nhs_number: String,
    practice: String,
    service: String,
    status: &'static str,
    colour: &'static str,
    urgency: &'static str,
    urgent: bool,
    due: String,
    overdue: bool,
    claimed_by: String,
    unread_answer: bool,
    updated: String,
    question_start: String,
}

fn row(r: InboxRow) -> Row {
    Row {
        href: format!("/advice/{}", r.id),
        reference: r.reference,
        patient: r.patient_name,
        nhs_number: r.nhs_number,
        practice: r.practice_name,
        service: r
            .service_name
            .unwrap_or_else(|| "Not chosen yet".to_owned()),
        status: r.status.label(),
        colour: status_colour(r.status),
        urgency: r.urgency.map_or("Not chosen yet", Urgency::label),
        urgent: r.urgency == Some(Urgency::Urgent),
        due: match (r.status, r.due_at) {
            (Status::AwaitingInformation, _) => "Paused: waiting for the GP".to_owned(),
            (_, Some(d)) => clock::display(d),
            (_, None) => "Not sent yet".to_owned(),
        },
        overdue: r.overdue,
        claimed_by: r
            .claimed_by_name
            .unwrap_or_else(|| "Not claimed".to_owned()),
        unread_answer: r.unread_answer,
        updated: clock::display(r.updated_at),
        question_start: r.question_start,
    }
}

/// Links and words for the list's pages.
pub struct Pager {
    prev_href: String,
    prev_label: String,
    next_href: String,
    next_label: String,
    showing: String,
}

impl Pager {
    fn new<T>(page: &Page<T>, base: &str) -> Self {
        let pages = page.pages();
        let link = |n: u64| (format!("{base}page={n}"), format!("Page {n} of {pages}"));
        let (prev_href, prev_label) = if page.page > 1 {
            link(page.page - 1)
        } else {
            Default::default()
        };
        let (next_href, next_label) = if page.has_next() {
            link(page.page + 1)
        } else {
            Default::default()
        };
        let from = (page.page - 1) * PAGE_SIZE + 1;
        let to = from + page.items.len() as u64 - 1;
        Self {
            prev_href,
            prev_label,
            next_href,
            next_label,
            showing: if page.items.is_empty() {
                String::new()
            } else {
                format!("Showing {from} to {to} of {}", page.total)
            },
        }
    }
}

/// The practice's list of requests.
#[derive(Template, WebTemplate)]
#[template(path = "advice/list.html")]
pub struct ListTemplate {
    ctx: PageContext,
    crumbs: Vec<Breadcrumb>,
    practice: String,
    status_options: Vec<RadioItem>,
    urgency_options: Vec<RadioItem>,
    mine: Vec<RadioItem>,
    filtered: bool,
    total: u64,
    rows: Vec<Row>,
    pager: Pager,
}

/// The service's inbox.
#[derive(Template, WebTemplate)]
#[template(path = "advice/inbox.html")]
pub struct InboxTemplate {
    ctx: PageContext,
    crumbs: Vec<Breadcrumb>,
    service: String,
    status_options: Vec<RadioItem>,
    urgency_options: Vec<RadioItem>,
    overdue: Vec<RadioItem>,
    filtered: bool,
    total: u64,
    rows: Vec<Row>,
    pager: Pager,
}

/// Select options for the status filter, the first being the list's default.
fn status_options(default: &str, statuses: &[Status], selected: &str) -> Vec<RadioItem> {
    std::iter::once(RadioItem::new("", default, selected))
        .chain(
            statuses
                .iter()
                .map(|s| RadioItem::new(s.as_str(), s.label(), selected)),
        )
        .collect()
}

fn urgency_options(selected: &str) -> Vec<RadioItem> {
    std::iter::once(RadioItem::new("", "Routine and urgent", selected))
        .chain(
            Urgency::ALL
                .iter()
                .map(|u| RadioItem::new(u.as_str(), u.label(), selected)),
        )
        .collect()
}

/// `GET /advice`: the practice's requests or the service's inbox, by the actor's role.
pub async fn index(
    State(state): State<AppState>,
    acting: Acting,
    Query(q): Query<ListQuery>,
) -> Result<Response> {
    let a = &acting.actor;
    let side = side(a)?;
    let ctx = chrome::context(&state, &acting.session, Some(a), "/advice").await?;
    let crumbs = vec![Breadcrumb::new("Home", "/home")];
    let filter = q.filter();
    let filtered = filter.status.is_some() || filter.urgency.is_some();
    if side == Side::Practice {
        let page = advice::practice_requests(&state.store, a, &filter).await?;
        let pager = Pager::new(&page, &q.base());
        return Ok(ListTemplate {
            ctx,
            crumbs,
            practice: a.acting_for_label().unwrap_or_default(),
            status_options: status_options("Any status", &Status::ALL, &q.status),
            urgency_options: urgency_options(&q.urgency),
            mine: vec![RadioItem::new(
                "1",
                "Only requests I wrote or sent",
                &q.mine,
            )],
            filtered: filtered || filter.mine,
            total: page.total,
            rows: page.items.into_iter().map(row).collect(),
            pager,
        }
        .into_response());
    }
    let page = advice::inbox(&state.store, a, &filter).await?;
    let pager = Pager::new(&page, &q.base());
    let answered = [
        Status::Sent,
        Status::AwaitingInformation,
        Status::Answered,
        Status::Closed,
    ];
    Ok(InboxTemplate {
        ctx,
        crumbs,
        service: a.service_name.clone().unwrap_or_default(),
        status_options: status_options("Not answered yet", &answered, &q.status),
        urgency_options: urgency_options(&q.urgency),
        overdue: vec![RadioItem::new("1", "Only overdue requests", &q.overdue)],
        filtered: filtered || filter.overdue,
        total: page.total,
        rows: page.items.into_iter().map(row).collect(),
        pager,
    }
    .into_response())
}
