//! `GET /advice/figures`: the ICB interface team's view of Advice & Guidance over the last 12
//! months, one row per service: volume, diversion, response times, the share answered within
//! standard, conversions, and the requests waiting and overdue now (the breaches to chase).

use crate::app::AppState;
use crate::chrome;
use crate::error::{AppError, Result};
use crate::page::{Breadcrumb, PageContext};
use crate::session::Acting;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use joinedup_core::advice::Group;
use joinedup_core::calendar::{last_twelve_months, london_date, london_midnight};
use joinedup_core::people::access::{Capability, can};
use joinedup_store::advice::figures;
use std::collections::HashMap;

/// One service's figures, formatted for the table.
pub struct ServiceFigures {
    name: String,
    requests: u64,
    diverted: String,
    median_hours: String,
    p90_hours: String,
    within_standard: String,
    converted: String,
    waiting: u64,
    overdue: u64,
}

/// The figures page.
#[derive(Template, WebTemplate)]
#[template(path = "advice/figures.html")]
pub struct FiguresTemplate {
    ctx: PageContext,
    crumbs: Vec<Breadcrumb>,
    period: String,
    rows: Vec<ServiceFigures>,
    total_requests: u64,
    total_overdue: u64,
}

fn percent(v: Option<f64>) -> String {
    v.map_or("–".into(), |v| format!("{:.0}%", v * 100.0))
}

fn hours(v: Option<f64>) -> String {
    v.map_or("–".into(), |v| format!("{v:.1}"))
}

/// `GET /advice/figures`, for the ICB interface team only.
pub async fn show(State(state): State<AppState>, acting: Acting) -> Result<FiguresTemplate> {
    let a = &acting.actor;
    if !can(&a.actor(), Capability::ViewFigures) {
        return Err(AppError::NotFound);
    }
    let now = time::OffsetDateTime::now_utc();
    let (from, to) = last_twelve_months(london_date(now));
    let rows = figures::period(
        &state.store,
        Group::ByService,
        london_midnight(from),
        london_midnight(to),
    )
    .await?;
    let open = figures::open_and_overdue(&state.store, now).await?;
    let names = figures::group_names(&state.store, Group::ByService).await?;
    let mut by_id: HashMap<_, _> = rows.into_iter().map(|r| (r.group_id, r)).collect();
    let mut ids: Vec<_> = by_id.keys().chain(open.keys()).copied().collect();
    ids.sort();
    ids.dedup();
    let mut out: Vec<ServiceFigures> = ids
        .into_iter()
        .map(|id| {
            let r = by_id.remove(&id);
            let (waiting, overdue) = open.get(&id).copied().unwrap_or((0, 0));
            ServiceFigures {
                name: names.get(&id).cloned().unwrap_or_else(|| id.to_string()),
                requests: r.as_ref().map_or(0, |r| r.requests),
                diverted: percent(r.as_ref().and_then(|r| r.diverted_share())),
                median_hours: hours(r.as_ref().and_then(|r| r.median_response_hours)),
                p90_hours: hours(r.as_ref().and_then(|r| r.p90_response_hours)),
                within_standard: percent(r.as_ref().and_then(|r| r.within_standard_share)),
                converted: percent(r.as_ref().and_then(|r| r.conversion_rate)),
                waiting,
                overdue,
            }
        })
        .collect();
    out.sort_by(|a, b| b.overdue.cmp(&a.overdue).then(a.name.cmp(&b.name)));
    let f = time::macros::format_description!("[day padding:none] [month repr:long] [year]");
    let last_day = to.previous_day().unwrap_or(to);
    Ok(FiguresTemplate {
        ctx: chrome::context(&state, &acting.session, Some(a), "/advice/figures").await?,
        crumbs: vec![Breadcrumb::new("Home", "/home")],
        period: format!(
            "{} to {}",
            from.format(&f).unwrap_or_default(),
            last_day.format(&f).unwrap_or_default()
        ),
        total_requests: out.iter().map(|r| r.requests).sum(),
        total_overdue: out.iter().map(|r| r.overdue).sum(),
        rows: out,
    })
}
