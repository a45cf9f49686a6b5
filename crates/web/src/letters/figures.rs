//! `GET /letters/figures?by=trust|service|practice`: the ICB interface team's view of letters
//! over the last 12 months, one row per trust, service or practice: how many were sent and how
//! many on time, how fast, how many were acknowledged, what happened to the GP actions, and how
//! plain the letters were.

use crate::app::AppState;
use crate::chrome;
use crate::error::{AppError, Result};
use crate::page::{Breadcrumb, PageContext, RadioItem};
use crate::session::Acting;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use joinedup_core::calendar::{last_twelve_months, london_date, london_midnight};
use joinedup_core::letters::figures::Group;
use joinedup_core::people::access::{Capability, can};
use joinedup_store::letters::figures;
use serde::Deserialize;

/// The page's query.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct FiguresQuery {
    by: String,
}

/// One group's figures, formatted for the table.
pub struct Row {
    name: String,
    sent: u64,
    on_time: String,
    hours_to_send: String,
    acknowledged: String,
    hours_to_acknowledge: String,
    raised: u64,
    done: u64,
    declined: u64,
    overdue: u64,
    reading_age: String,
    plain: String,
}

/// The figures page.
#[derive(Template, WebTemplate)]
#[template(path = "letters/figures.html")]
pub struct FiguresTemplate {
    ctx: PageContext,
    crumbs: Vec<Breadcrumb>,
    period: String,
    by_label: &'static str,
    options: Vec<RadioItem>,
    rows: Vec<Row>,
    total_sent: u64,
    total_overdue: u64,
}

fn percent(v: Option<f64>) -> String {
    v.map_or("–".into(), |v| format!("{:.0}%", v * 100.0))
}

fn one_place(v: Option<f64>) -> String {
    v.map_or("–".into(), |v| format!("{v:.1}"))
}

/// `GET /letters/figures`, for the ICB interface team only.
pub async fn show(
    State(state): State<AppState>,
    acting: Acting,
    Query(q): Query<FiguresQuery>,
) -> Result<FiguresTemplate> {
    let a = &acting.actor;
    if !can(&a.actor(), Capability::ViewFigures) {
        return Err(AppError::NotFound);
    }
    let group = Group::parse(&q.by).unwrap_or(Group::ByTrust);
    let now = time::OffsetDateTime::now_utc();
    let today = london_date(now);
    let (from, to) = last_twelve_months(today);
    let found = figures::period(
        &state.store,
        group,
        london_midnight(from),
        london_midnight(to),
        today,
    )
    .await?;
    let names = figures::group_names(&state.store, group).await?;
    let mut rows: Vec<Row> = found
        .into_iter()
        .map(|r| Row {
            name: names
                .get(&r.group_id)
                .cloned()
                .unwrap_or_else(|| r.group_id.to_string()),
            sent: r.sent,
            on_time: percent(r.on_time_share),
            hours_to_send: one_place(r.median_hours_to_send),
            acknowledged: percent(r.acknowledged_share),
            hours_to_acknowledge: one_place(r.median_hours_to_acknowledge),
            raised: r.gp_actions_raised,
            done: r.gp_actions_done,
            declined: r.gp_actions_declined,
            overdue: r.gp_actions_overdue,
            reading_age: one_place(r.median_reading_age),
            plain: percent(r.plain_share),
        })
        .collect();
    rows.sort_by(|a, b| b.overdue.cmp(&a.overdue).then(a.name.cmp(&b.name)));
    let f = time::macros::format_description!("[day padding:none] [month repr:long] [year]");
    let last_day = to.previous_day().unwrap_or(to);
    let selected = match group {
        Group::ByTrust => "trust",
        Group::ByService => "service",
        Group::ByPractice => "practice",
    };
    Ok(FiguresTemplate {
        ctx: chrome::context(&state, &acting.session, Some(a), "/letters/figures").await?,
        crumbs: vec![Breadcrumb::new("Home", "/home")],
        period: format!(
            "{} to {}",
            from.format(&f).unwrap_or_default(),
            last_day.format(&f).unwrap_or_default()
        ),
        by_label: match group {
            Group::ByTrust => "Trust",
            Group::ByService => "Service",
            Group::ByPractice => "Practice",
        },
        options: [
            ("trust", "Trust"),
            ("service", "Service"),
            ("practice", "GP practice"),
        ]
        .into_iter()
        .map(|(v, l)| RadioItem::new(v, l, selected))
        .collect(),
        total_sent: rows.iter().map(|r| r.sent).sum(),
        total_overdue: rows.iter().map(|r| r.overdue).sum(),
        rows,
    })
}
