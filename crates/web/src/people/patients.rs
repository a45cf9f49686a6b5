//! Finding a patient of the practice acted for, the record summary, and a patient's own record.

use super::long_date;
use crate::app::AppState;
use crate::chrome;
use crate::error::{AppError, Result};
use crate::page::{Breadcrumb, ErrorItem, PageContext, SummaryRow};
use crate::session::Acting;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query, State};
use joinedup_core::people::access::{Capability, can};
use joinedup_core::people::patient::PatientSearchInput;
use joinedup_store::people::{self, PatientSummary};
use uuid::Uuid;

/// One search result row.
pub struct ResultRow {
    href: String,
    name: String,
    nhs_number: String,
    born: String,
    postcode: String,
}

/// The patient search page.
#[derive(Template, WebTemplate)]
#[template(path = "people/patient_search.html")]
pub struct SearchTemplate {
    ctx: PageContext,
    input: PatientSearchInput,
    errors: Vec<ErrorItem>,
    searched: bool,
    results: Vec<ResultRow>,
    limit: u64,
    practice: String,
}

/// `GET /patients`: the search form, and results once something was entered.
pub async fn search(
    State(state): State<AppState>,
    acting: Acting,
    Query(input): Query<PatientSearchInput>,
) -> Result<SearchTemplate> {
    let a = &acting.actor;
    if !can(&a.actor(), Capability::FindPatients) {
        return Err(AppError::NotFound);
    }
    let mut ctx = chrome::context(&state, &acting.session, Some(a), "/patients").await?;
    let (mut errors, mut results, mut searched) = (vec![], vec![], false);
    if !input.is_blank() {
        match input.parse() {
            Ok(query) => {
                searched = true;
                results = people::find_patients(&state.store, a, &query)
                    .await?
                    .iter()
                    .map(row)
                    .collect();
            }
            Err(errs) => {
                errors = errs
                    .into_iter()
                    .map(|e| {
                        ErrorItem::new(
                            if e.field == "dob" {
                                "dob-day"
                            } else {
                                &e.field
                            },
                            e.message,
                        )
                    })
                    .collect();
            }
        }
    }
    ctx.has_errors = !errors.is_empty();
    Ok(SearchTemplate {
        ctx,
        input,
        errors,
        searched,
        results,
        limit: people::patients::SEARCH_LIMIT,
        practice: a.acting_for_label().unwrap_or_default(),
    })
}

fn row(p: &PatientSummary) -> ResultRow {
    ResultRow {
        href: format!("/patients/{}", p.id),
        name: p.list_name(),
        nhs_number: p.nhs_number.to_string(),
        born: long_date(p.date_of_birth),
        postcode: p.postcode.clone(),
    }
}

/// Summary-list rows for a record.
fn rows(p: &PatientSummary) -> Vec<SummaryRow> {
    let today = time::OffsetDateTime::now_utc().date();
    let mut practice = format!("{} ({})", p.practice_name, p.practice_ods);
    if let Some(b) = p.borough {
        practice.push_str(&format!(", {}", b.label()));
    }
    vec![
        SummaryRow::new("NHS number", p.nhs_number.to_string()),
        SummaryRow::new("Name", format!("{} {}", p.given_name, p.family_name)),
        SummaryRow::new(
            "Date of birth",
            format!("{} (aged {})", long_date(p.date_of_birth), p.age_on(today)),
        ),
        SummaryRow::new("Postcode", p.postcode.clone()),
        SummaryRow::new("Registered GP practice", practice),
    ]
}

/// The record summary page.
#[derive(Template, WebTemplate)]
#[template(path = "people/patient_summary.html")]
pub struct SummaryTemplate {
    ctx: PageContext,
    crumbs: Vec<Breadcrumb>,
    heading: String,
    rows: Vec<SummaryRow>,
    ask_advice_href: Option<String>,
}

/// `GET /patients/{id}`: a record the actor may see, or 404.
pub async fn summary(
    State(state): State<AppState>,
    acting: Acting,
    Path(id): Path<String>,
) -> Result<SummaryTemplate> {
    let id: Uuid = id.parse().map_err(|_| AppError::NotFound)?;
    let a = &acting.actor;
    let p = people::patient_summary(&state.store, a, id).await?;
    let ctx = chrome::context(&state, &acting.session, Some(a), "/patients").await?;
    let crumbs = vec![
        Breadcrumb::new("Home", "/home"),
        Breadcrumb::new("Find a patient", "/patients"),
    ];
    Ok(SummaryTemplate {
        ctx,
        crumbs,
        heading: format!("{} {}", p.given_name, p.family_name),
        rows: rows(&p),
        ask_advice_href: can(&a.actor(), Capability::FindPatients)
            .then(|| format!("/advice/new?patient={}", p.id)),
    })
}

/// One record on the patient's own page.
pub struct OwnRecord {
    access_href: String,
    advice_href: String,
    heading: String,
    caring: bool,
    rows: Vec<SummaryRow>,
}

/// A patient's or carer's own page.
#[derive(Template, WebTemplate)]
#[template(path = "people/my_record.html")]
pub struct MyRecordTemplate {
    ctx: PageContext,
    records: Vec<OwnRecord>,
}

/// `GET /my-record`: the records a patient or carer may see.
pub async fn my_record(State(state): State<AppState>, acting: Acting) -> Result<MyRecordTemplate> {
    let a = &acting.actor;
    if !can(&a.actor(), Capability::ViewOwnRecord) {
        return Err(AppError::NotFound);
    }
    let records = people::my_records(&state.store, a)
        .await?
        .iter()
        .map(|p| {
            let caring = p.relationship.as_deref() == Some("carer");
            OwnRecord {
                access_href: format!("/my-record/{}/access", p.id),
                advice_href: format!("/my-record/{}/advice", p.id),
                heading: if caring {
                    format!("{} {}", p.given_name, p.family_name)
                } else {
                    "Your details".to_owned()
                },
                caring,
                rows: rows(p),
            }
        })
        .collect();
    let ctx = chrome::context(&state, &acting.session, Some(a), "/my-record").await?;
    Ok(MyRecordTemplate { ctx, records })
}

/// One access on the "who has looked at my record" page.
pub struct AccessRow {
    when: String,
    who: String,
    organisation: String,
    what: &'static str,
}

/// "Who has looked at my record".
#[derive(Template, WebTemplate)]
#[template(path = "people/access_log.html")]
pub struct AccessLogTemplate {
    ctx: PageContext,
    crumbs: Vec<Breadcrumb>,
    name: String,
    caring: bool,
    rows: Vec<AccessRow>,
}

/// What an audited action means, in plain words.
fn plain_action(action: &str) -> &'static str {
    match action {
        "patient.view" => "Looked at the record summary",
        "patient.search" => "Found the record in a search",
        "patient.register" => "Registered the record",
        "patient.access_log" => "Looked at who has looked at the record",
        _ => "Used the record",
    }
}

/// `GET /my-record/{id}/access`: each access to a linked record, newest first.
pub async fn access_log(
    State(state): State<AppState>,
    acting: Acting,
    Path(id): Path<String>,
) -> Result<AccessLogTemplate> {
    let id: Uuid = id.parse().map_err(|_| AppError::NotFound)?;
    let a = &acting.actor;
    let record = people::patient_summary(&state.store, a, id).await?;
    let entries = joinedup_store::audit::access_log::for_patient(&state.store, a, id, 200).await?;
    let rows = entries
        .into_iter()
        .map(|e| AccessRow {
            when: joinedup_core::clock::display(e.at),
            who: if e.by_you {
                "You".to_owned()
            } else {
                e.role.map_or("Someone", |r| r.label()).to_owned()
            },
            organisation: e.organisation.unwrap_or_else(|| "—".to_owned()),
            what: plain_action(&e.action),
        })
        .collect();
    let ctx = chrome::context(&state, &acting.session, Some(a), "/my-record").await?;
    Ok(AccessLogTemplate {
        ctx,
        crumbs: vec![
            Breadcrumb::new("Home", "/home"),
            Breadcrumb::new("Your record", "/my-record"),
        ],
        caring: record.relationship.as_deref() == Some("carer"),
        name: format!("{} {}", record.given_name, record.family_name),
        rows,
    })
}
