//! `GET /letters/{id}`: one letter under its headings, with what each side may do with it: the
//! service edits a draft and reads patients' reports; the practice acknowledges it and works its
//! GP actions; the patient reads it with the plain-English glossary and may say it is unclear.

use super::{FLASH, Side, checker, side, status_colour};
use crate::app::AppState;
use crate::chrome;
use crate::error::Result;
use crate::page::{Breadcrumb, ErrorItem, PageContext, RadioItem, SummaryRow, parse_id};
use crate::people::long_date;
use crate::session::Acting;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use joinedup_core::clock;
use joinedup_core::letters::workflow::{Event, is_allowed};
use joinedup_core::letters::{ActionState, Addressee, LetterContent, ResultOwner};
use joinedup_store::letters::{self, LetterView};
use time::OffsetDateTime;

/// One GP action as the page shows it, with the form to change it (practice only).
pub struct ActionRow {
    id: String,
    state_name: String,
    reason_name: String,
    text: String,
    due: String,
    overdue: bool,
    state: &'static str,
    colour: &'static str,
    reason: String,
    items: Vec<RadioItem>,
}

/// A heading and its paragraphs or list items.
pub struct Part {
    heading: &'static str,
    lines: Vec<String>,
    list: bool,
}

/// A jargon term found in the letter and its plain meaning.
pub struct Gloss {
    term: String,
    plain: String,
}

/// The letter page.
#[derive(Template, WebTemplate)]
#[template(path = "letters/show.html")]
pub struct ShowTemplate {
    ctx: PageContext,
    crumbs: Vec<Breadcrumb>,
    heading: String,
    reference: String,
    status: &'static str,
    colour: &'static str,
    flash: Option<String>,
    errors: Vec<ErrorItem>,
    id: String,
    facts: Vec<SummaryRow>,
    parts: Vec<Part>,
    actions: Vec<ActionRow>,
    glossary: Vec<Gloss>,
    queries: Vec<SummaryRow>,
    can_edit: bool,
    can_acknowledge: bool,
    can_update_actions: bool,
    can_report: bool,
    patient_view: bool,
}

fn parts(c: &LetterContent) -> Vec<Part> {
    let lines = |t: &str| {
        t.lines()
            .filter(|l| !l.trim().is_empty())
            .map(str::to_owned)
            .collect()
    };
    let mut out = vec![
        Part {
            heading: "Diagnoses",
            lines: lines(&c.diagnoses),
            list: true,
        },
        Part {
            heading: "What we did",
            lines: lines(&c.summary),
            list: false,
        },
        Part {
            heading: "Results",
            lines: lines(&c.results),
            list: false,
        },
        Part {
            heading: "Results still to come",
            lines: c
                .pending_results
                .iter()
                .map(|p| match p.owner {
                    Some(ResultOwner::Gp) => format!("{}: the GP will act on the result", p.test),
                    _ => format!(
                        "{}: the hospital team will act on the result and tell you",
                        p.test
                    ),
                })
                .collect(),
            list: true,
        },
        Part {
            heading: "Medicines",
            lines: c
                .medicines
                .iter()
                .map(|m| {
                    let change = m.change.map_or("", |c| c.label());
                    let dose = if m.dose.is_empty() {
                        String::new()
                    } else {
                        format!(", {}", m.dose)
                    };
                    format!("{change}: {}{dose}. {}", m.medicine, m.reason)
                })
                .collect(),
            list: true,
        },
        Part {
            heading: "Follow-up",
            lines: lines(&c.follow_up),
            list: false,
        },
        Part {
            heading: "Information given",
            lines: lines(&c.information_given),
            list: false,
        },
        Part {
            heading: "What you need to do",
            lines: c.patient_actions.clone(),
            list: true,
        },
        Part {
            heading: "What the hospital will do",
            lines: c.hospital_actions.clone(),
            list: true,
        },
    ];
    out.retain(|p| !p.lines.is_empty());
    out
}

fn facts(v: &LetterView) -> Vec<SummaryRow> {
    let p = &v.patient;
    let when = |at: Option<OffsetDateTime>| {
        at.map(clock::display)
            .unwrap_or_else(|| "Not given yet".into())
    };
    let mut rows = vec![
        SummaryRow::new("Patient", format!("{} {}", p.given_name, p.family_name)),
        SummaryRow::new("NHS number", p.nhs_number.to_string()),
        SummaryRow::new("Date of birth", long_date(p.date_of_birth)),
        SummaryRow::new("From", format!("{}, {}", v.service_name, v.trust_name)),
        SummaryRow::new(
            "To",
            match v.addressee {
                Addressee::Patient => format!("The patient, copied to the GP at {}", v.practice),
                Addressee::Gp => format!(
                    "The GP at {}, copied to the patient. Why: {}",
                    v.practice, v.letter.gp_reason
                ),
            },
        ),
        SummaryRow::new(
            match v.kind {
                joinedup_core::letters::Kind::ClinicLetter => "Appointment",
                joinedup_core::letters::Kind::DischargeSummary => "Discharge",
            },
            when(v.letter.event_at),
        ),
    ];
    if let Some(due) = v.letter.due_at {
        rows.push(SummaryRow::new(
            "Due",
            format!("{} ({})", clock::display(due), v.standard),
        ));
    }
    if let Some(sent) = v.letter.sent_at {
        let timing = match v.letter.on_time {
            Some(true) => "on time",
            Some(false) => "late",
            None => "",
        };
        rows.push(SummaryRow::new(
            "Sent",
            format!("{}, {timing}", clock::display(sent)),
        ));
    }
    if let Some(signed) = &v.letter.signed_name {
        rows.push(SummaryRow::new("Signed by", signed.clone()));
    } else {
        rows.push(SummaryRow::new("Written by", v.created_by_name.clone()));
    }
    if let (Some(at), Some(who)) = (v.letter.acknowledged_at, &v.acknowledged_by_name) {
        rows.push(SummaryRow::new(
            "Acknowledged",
            format!("{} by {who}", clock::display(at)),
        ));
    }
    rows
}

fn action_rows(v: &LetterView, today: time::Date) -> Vec<ActionRow> {
    v.actions
        .iter()
        .map(|a| {
            let state = ActionState::parse(&a.state).unwrap_or(ActionState::Open);
            ActionRow {
                id: a.id.to_string(),
                state_name: format!("state-{}", a.id),
                reason_name: format!("reason-{}", a.id),
                text: a.text.clone(),
                due: long_date(a.due_on),
                overdue: state == ActionState::Open && a.due_on < today,
                state: state.label(),
                colour: match state {
                    ActionState::Open => "blue",
                    ActionState::Done => "green",
                    ActionState::NotNeeded => "grey",
                    ActionState::Declined => "orange",
                },
                reason: a.reason.clone(),
                items: ActionState::ALL
                    .iter()
                    .map(|s| RadioItem::new(s.as_str(), s.label(), state.as_str()))
                    .collect(),
            }
        })
        .collect()
}

/// Builds the page for `view` as the actor sees it, with `errors` from a refused action.
pub async fn page(
    state: &AppState,
    acting: &Acting,
    view: LetterView,
    errors: Vec<ErrorItem>,
) -> Result<ShowTemplate> {
    let a = &acting.actor;
    let who = side(a)?;
    let mut ctx = chrome::context(state, &acting.session, Some(a), "/letters").await?;
    ctx.has_errors = !errors.is_empty();
    let flash = crate::session::take_once(&acting.session, FLASH).await?;
    let today = joinedup_core::calendar::london_date(OffsetDateTime::now_utc());
    let glossary = if who == Side::Patient {
        let mut seen = checker().check(&view.content.full_text()).jargon;
        seen.sort_by_key(|x| x.term.to_lowercase());
        seen.into_iter()
            .map(|j| Gloss {
                term: j.term,
                plain: j.plain,
            })
            .collect()
    } else {
        vec![]
    };
    let queries = view
        .queries
        .iter()
        .map(|q| {
            SummaryRow::new(
                clock::display(q.created_at),
                if q.message.is_empty() {
                    "No details given".to_owned()
                } else {
                    q.message.clone()
                },
            )
        })
        .collect();
    let status = view.status;
    Ok(ShowTemplate {
        crumbs: vec![
            Breadcrumb::new("Home", "/home"),
            Breadcrumb::new("Letters", "/letters"),
        ],
        heading: format!(
            "{} for {} {}",
            view.kind.label(),
            view.patient.given_name,
            view.patient.family_name
        ),
        reference: view.reference(),
        status: status.label(),
        colour: status_colour(status),
        flash,
        errors,
        id: view.letter.id.to_string(),
        facts: facts(&view),
        parts: parts(&view.content),
        actions: action_rows(&view, today),
        glossary,
        queries,
        can_edit: who == Side::Service && is_allowed(status, Event::SaveDraft, a.role),
        can_acknowledge: who == Side::Practice && is_allowed(status, Event::Acknowledge, a.role),
        can_update_actions: who == Side::Practice
            && is_allowed(status, Event::UpdateAction, a.role),
        can_report: who == Side::Patient && is_allowed(status, Event::ReportNotUnderstood, a.role),
        patient_view: who == Side::Patient,
        ctx,
    })
}

/// `GET /letters/{id}`.
pub async fn show(
    State(state): State<AppState>,
    acting: Acting,
    Path(id): Path<String>,
) -> Result<Response> {
    side(&acting.actor)?;
    let view = letters::view(&state.store, &acting.actor, parse_id(&id)?).await?;
    Ok(page(&state, &acting, view, vec![]).await?.into_response())
}

/// One letter in a patient's list.
pub struct PatientRow {
    href: String,
    kind: &'static str,
    from: String,
    sent: String,
    patient: String,
}

/// A patient's (or carer's) letters.
#[derive(Template, WebTemplate)]
#[template(path = "letters/patient_list.html")]
pub struct PatientListTemplate {
    ctx: PageContext,
    crumbs: Vec<Breadcrumb>,
    rows: Vec<PatientRow>,
    several_records: bool,
}

/// `GET /letters` for a patient or carer: the letters of the records linked to them.
pub async fn patient_letters(state: &AppState, acting: &Acting) -> Result<Response> {
    let a = &acting.actor;
    let page = letters::patient_letters(&state.store, a, 1).await?;
    let ctx = chrome::context(state, &acting.session, Some(a), "/letters").await?;
    Ok(PatientListTemplate {
        ctx,
        crumbs: vec![Breadcrumb::new("Home", "/home")],
        rows: page
            .items
            .into_iter()
            .map(|r| PatientRow {
                href: format!("/letters/{}", r.id),
                kind: r.kind.label(),
                from: r.service_name,
                sent: r.sent_at.map(clock::display).unwrap_or_default(),
                patient: r.patient_name,
            })
            .collect(),
        several_records: a.linked_patient_ids.len() > 1,
    }
    .into_response())
}
