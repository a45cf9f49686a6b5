//! The letter form: `GET`/`POST /letters/new` and `GET`/`POST /letters/{id}/edit` for a draft.
//! Three buttons: check (the plain-English checker's findings appear beside each section),
//! save as a draft, and sign and send (specialists only, with the signing statement ticked).

use super::findings::{CheckSummary, Findings, check, check_facts};
use super::form_data::LetterForm;
use super::{Side, side};
use crate::app::AppState;
use crate::chrome;
use crate::csrf::CsrfForm;
use crate::error::{AppError, Result};
use crate::page::{Breadcrumb, ErrorItem, PageContext, RadioItem, parse_id, refusal};
use crate::session::Acting;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use joinedup_core::letters::workflow::{Event, is_allowed};
use joinedup_core::letters::{
    Kind, LetterInput, MedicineChange, ResultOwner, Status, TimingStandard,
};
use joinedup_store::StoreError;
use joinedup_store::letters;
use serde::Deserialize;
use std::collections::BTreeMap;
use time::OffsetDateTime;
use uuid::Uuid;

/// Blank rows offered after the filled ones in each repeated list.
const BLANK_ROWS: usize = 2;

/// The query of `GET /letters/new`: the patient's NHS number, if known.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct NewQuery {
    nhs_number: String,
}

/// One field of the form as the page shows it: its name (and id), value, error and findings.
pub struct Field {
    name: String,
    label: &'static str,
    hint: &'static str,
    value: String,
    error: String,
    findings: Vec<String>,
}

/// One row of a repeated list: its number (from 1, for labels) and its fields.
pub struct Row {
    n: usize,
    fields: Vec<Field>,
    choice: Vec<RadioItem>,
    choice_name: String,
    choice_error: String,
}

/// The letter form page.
#[derive(Template, WebTemplate)]
#[template(path = "letters/form.html")]
pub struct FormTemplate {
    ctx: PageContext,
    crumbs: Vec<Breadcrumb>,
    heading: String,
    action: String,
    errors: Vec<ErrorItem>,
    version: String,
    new_letter: bool,
    nhs_number: Field,
    kind_items: Vec<RadioItem>,
    kind_error: String,
    event_date: Field,
    event_time: Field,
    addressee_items: Vec<RadioItem>,
    gp_reason: Field,
    sections: Vec<(&'static str, &'static str, Field)>,
    pending: Vec<Row>,
    medicines: Vec<Row>,
    gp_actions: Vec<Row>,
    patient_actions: Vec<Field>,
    hospital_actions: Vec<Field>,
    checked: Option<CheckSummary>,
    can_send: bool,
    signed_items: Vec<RadioItem>,
    standards: Vec<String>,
}

fn field(form: &LetterForm, errors: &[ErrorItem], findings: &Findings, name: &str) -> Field {
    Field {
        name: name.to_owned(),
        label: "",
        hint: "",
        value: form.get(name).to_owned(),
        error: crate::page::error_for(errors, name).to_owned(),
        findings: findings.0.get(name).cloned().unwrap_or_default(),
    }
}

fn rows_of(
    form: &LetterForm,
    errors: &[ErrorItem],
    findings: &Findings,
    prefix: &str,
    names: &[(&str, &'static str, &'static str)],
    choice: Option<(&str, Vec<(&'static str, &'static str)>)>,
) -> Vec<Row> {
    let filled = form.rows(prefix).len();
    (0..(filled + BLANK_ROWS).min(joinedup_core::letters::input::MAX_ROWS))
        .map(|i| {
            let fields = names
                .iter()
                .map(|(n, label, hint)| Field {
                    label,
                    hint,
                    ..field(form, errors, findings, &format!("{prefix}.{i}.{n}"))
                })
                .collect();
            let (choice_name, choice) = match &choice {
                Some((n, options)) => {
                    let name = format!("{prefix}.{i}.{n}");
                    let selected = form.get(&name).to_owned();
                    let items = std::iter::once(RadioItem::new("", "Choose", &selected))
                        .chain(
                            options
                                .iter()
                                .map(|(v, l)| RadioItem::new(*v, *l, &selected)),
                        )
                        .collect();
                    (name, items)
                }
                None => (String::new(), vec![]),
            };
            Row {
                n: i + 1,
                fields,
                choice_error: crate::page::error_for(errors, &choice_name).to_owned(),
                choice,
                choice_name,
            }
        })
        .collect()
}

fn simple_rows(
    form: &LetterForm,
    errors: &[ErrorItem],
    findings: &Findings,
    prefix: &str,
) -> Vec<Field> {
    let filled = form.rows(prefix).len();
    (0..(filled + BLANK_ROWS).min(joinedup_core::letters::input::MAX_ROWS))
        .map(|i| field(form, errors, findings, &format!("{prefix}.{i}")))
        .collect()
}

async fn form_page(
    state: &AppState,
    acting: &Acting,
    draft: Option<Uuid>,
    form: &LetterForm,
    errors: Vec<ErrorItem>,
    findings: Findings,
) -> Result<FormTemplate> {
    let a = &acting.actor;
    let (heading, action) = match draft {
        Some(id) => (
            "Change this letter".to_owned(),
            format!("/letters/{id}/edit"),
        ),
        None => ("Write a letter".to_owned(), "/letters/new".to_owned()),
    };
    let mut ctx = chrome::context(state, &acting.session, Some(a), "/letters").await?;
    ctx.has_errors = !errors.is_empty();
    let kind = form.get("kind").to_owned();
    let addressee = form.choice("addressee").unwrap_or_else(|| "patient".into());
    let sections = [
        ("Diagnoses", "One per line.", "diagnoses"),
        (
            "What we did",
            "The appointment or stay, written to the patient: \"you\", not \"the patient\".",
            "summary",
        ),
        (
            "Results",
            "Tests that are back, and what they mean.",
            "results",
        ),
        (
            "Follow-up",
            "What happens next, or that no follow-up is needed.",
            "follow_up",
        ),
        (
            "Information given",
            "Leaflets and advice given to the patient (optional).",
            "information_given",
        ),
    ]
    .map(|(label, hint, name)| (label, hint, field(form, &errors, &findings, name)))
    .into_iter()
    .collect();
    let standard = TimingStandard::default();
    Ok(FormTemplate {
        crumbs: vec![
            Breadcrumb::new("Home", "/home"),
            Breadcrumb::new("Letters", "/letters"),
        ],
        heading,
        action,
        version: form.get("version").to_owned(),
        new_letter: draft.is_none(),
        nhs_number: field(form, &errors, &findings, "nhs_number"),
        kind_items: Kind::ALL
            .iter()
            .map(|k| RadioItem::new(k.as_str(), k.label(), &kind))
            .collect(),
        kind_error: crate::page::error_for(&errors, "kind").to_owned(),
        event_date: field(form, &errors, &findings, "event_date"),
        event_time: field(form, &errors, &findings, "event_time"),
        addressee_items: vec![
            RadioItem::new("patient", "The patient, copied to the GP", &addressee)
                .with_hint("The usual choice: write to the patient in plain English"),
            RadioItem::new("gp", "The GP, copied to the patient", &addressee)
                .with_hint("Only with a reason, which the letter records"),
        ],
        gp_reason: field(form, &errors, &findings, "gp_reason"),
        sections,
        pending: rows_of(
            form,
            &errors,
            &findings,
            "pending_results",
            &[("test", "Test", "")],
            Some((
                "owner",
                ResultOwner::ALL
                    .iter()
                    .map(|o| (o.as_str(), o.label()))
                    .collect(),
            )),
        ),
        medicines: rows_of(
            form,
            &errors,
            &findings,
            "medicines",
            &[
                ("medicine", "Medicine", ""),
                (
                    "dose",
                    "Dose and how often, as now taken",
                    "Leave empty if stopped",
                ),
                ("reason", "Reason", ""),
            ],
            Some((
                "change",
                MedicineChange::ALL
                    .iter()
                    .map(|c| (c.as_str(), c.label()))
                    .collect(),
            )),
        ),
        gp_actions: rows_of(
            form,
            &errors,
            &findings,
            "gp_actions",
            &[
                ("text", "Action", ""),
                ("due", "Due by", "For example, 27/3/2027"),
            ],
            None,
        ),
        patient_actions: simple_rows(form, &errors, &findings, "patient_actions"),
        hospital_actions: simple_rows(form, &errors, &findings, "hospital_actions"),
        checked: findings.1,
        can_send: is_allowed(Status::Draft, Event::SignAndSend, a.role),
        signed_items: vec![RadioItem::new(
            "yes",
            "I have checked this letter and I sign it as its author",
            form.get("signed"),
        )],
        standards: Kind::ALL
            .iter()
            .map(|k| format!("{}: {}", k.label(), standard.describe(*k)))
            .collect(),
        errors,
        ctx,
    })
}

/// `GET /letters/new?nhs_number=…`.
pub async fn new(
    State(state): State<AppState>,
    acting: Acting,
    Query(q): Query<NewQuery>,
) -> Result<Response> {
    if side(&acting.actor)? != Side::Service {
        return Err(AppError::NotFound);
    }
    let mut form = LetterForm::default();
    form.set("nhs_number", q.nhs_number);
    form.set("addressee", "patient");
    let page = form_page(
        &state,
        &acting,
        None,
        &form,
        vec![],
        (BTreeMap::new(), None),
    )
    .await?;
    Ok(page.into_response())
}

/// Checks, saves or signs and sends; on success the letter's page, otherwise the form again.
async fn submit(
    state: &AppState,
    acting: &Acting,
    draft: Option<Uuid>,
    pairs: Vec<(String, String)>,
) -> Result<Response> {
    let a = &acting.actor;
    if side(a)? != Side::Service {
        return Err(AppError::NotFound);
    }
    let form = LetterForm { fields: pairs };
    let input = form.input();
    let intent = form.get("intent").to_owned();
    if intent == "check" {
        let findings = check(&input);
        let errors = input
            .parse_draft()
            .err()
            .map(crate::page::page_errors)
            .unwrap_or_default();
        let page = form_page(state, acting, draft, &form, errors, findings).await?;
        return Ok(page.into_response());
    }
    let version: i32 = form.get("version").parse().unwrap_or(1);
    let result = save(
        state,
        acting,
        draft,
        version,
        &form,
        &input,
        intent == "send",
    )
    .await;
    let (draft, form, e) = match result {
        Ok(id) => {
            let message = if intent == "send" {
                "Letter signed and sent"
            } else {
                "Draft saved"
            };
            super::flash(&acting.session, message).await?;
            return Ok(Redirect::to(&format!("/letters/{id}")).into_response());
        }
        // Saved, then refused at sending: the form now edits that draft, at its new version,
        // so sending again cannot make a second one.
        Err((Some(saved), e)) => {
            let mut form = form;
            form.fields.retain(|(k, _)| k != "version");
            let next = if draft.is_some() { version + 1 } else { 2 };
            form.set("version", next.to_string());
            (Some(saved), form, e)
        }
        Err((None, e)) => (draft, form, e),
    };
    let (status, errors) = refusal(e, "intent")?;
    let findings = if intent == "send" {
        check(&input)
    } else {
        (BTreeMap::new(), None)
    };
    let page = form_page(state, acting, draft, &form, errors, findings).await?;
    Ok((status, page).into_response())
}

/// Saves the draft and, when sending, signs and sends it; returns the letter's id. A refusal
/// carries the id of the draft if it was saved before sending was refused.
async fn save(
    state: &AppState,
    acting: &Acting,
    draft: Option<Uuid>,
    version: i32,
    form: &LetterForm,
    input: &LetterInput,
    sending: bool,
) -> std::result::Result<Uuid, (Option<Uuid>, StoreError)> {
    let a = &acting.actor;
    let parsed = if sending {
        if !is_allowed(Status::Draft, Event::SignAndSend, a.role) {
            return Err((None, StoreError::Forbidden(
                "Only a specialist can sign and send a letter. Save it as a draft for a specialist to check".into(),
            )));
        }
        let mut parsed = input.parse_for_sending(OffsetDateTime::now_utc());
        if form.get("signed") != "yes" {
            let signing = joinedup_core::people::patient::FieldError {
                field: "signed".into(),
                message: "Confirm that you have checked this letter and sign it as its author".into(),
            };
            parsed = match parsed {
                Ok(_) => Err(vec![signing]),
                Err(mut e) => {
                    e.push(signing);
                    Err(e)
                }
            };
        }
        parsed
    } else {
        input.parse_draft()
    }
    .map_err(|e| (None, StoreError::Invalid(e)))?;
    let store = &state.store;
    let id = letters::save_draft(
        store,
        a,
        draft.map(|id| (id, version)),
        &parsed,
        None,
        |_| (0, String::new()),
    )
    .await
    .map_err(|e| (None, e))?;
    if sending {
        let current = if draft.is_some() { version + 1 } else { 2 };
        letters::sign_and_send(
            store,
            a,
            id,
            current,
            &parsed,
            check_facts(&parsed),
            None,
            |_| (0, String::new()),
        )
        .await
        .map_err(|e| (Some(id), e))?;
    }
    Ok(id)
}

/// `POST /letters/new`.
pub async fn create(
    State(state): State<AppState>,
    acting: Acting,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<Response> {
    submit(&state, &acting, None, pairs).await
}

/// `GET /letters/{id}/edit`: a draft of the actor's service; a sent letter goes to its page.
pub async fn edit(
    State(state): State<AppState>,
    acting: Acting,
    Path(id): Path<String>,
) -> Result<Response> {
    if side(&acting.actor)? != Side::Service {
        return Err(AppError::NotFound);
    }
    let view = letters::view(&state.store, &acting.actor, parse_id(&id)?).await?;
    if view.status != Status::Draft {
        return Ok(Redirect::to(&format!("/letters/{}", view.letter.id)).into_response());
    }
    let form = LetterForm::from_view(&view);
    let page = form_page(
        &state,
        &acting,
        Some(view.letter.id),
        &form,
        vec![],
        (BTreeMap::new(), None),
    )
    .await?;
    Ok((StatusCode::OK, page).into_response())
}

/// `POST /letters/{id}/edit`.
pub async fn update(
    State(state): State<AppState>,
    acting: Acting,
    Path(id): Path<String>,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<Response> {
    let id = parse_id(&id)?;
    submit(&state, &acting, Some(id), pairs).await
}
