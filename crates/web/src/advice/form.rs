//! The request form: `GET`/`POST /advice/new?patient=…` for one patient of the practice, and
//! `GET`/`POST /advice/{id}/edit` for a draft. Practice staff save drafts; a GP also sends.

use super::{ServiceGroup, Side, grouped, parse_id, refusal, side, working_days};
use crate::app::AppState;
use crate::chrome;
use crate::csrf::CsrfForm;
use crate::error::{AppError, Result};
use crate::page::{Breadcrumb, ErrorItem, PageContext, RadioItem, SummaryRow};
use crate::people::long_date;
use crate::session::Acting;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use joinedup_core::advice::{Claim, Context, Event, RequestInput, Status, Urgency, transition};
use joinedup_core::calendar::Calendar;
use joinedup_core::clock;
use joinedup_store::StoreError;
use joinedup_store::advice::{self, ServiceChoice, Submission};
use joinedup_store::people::{self, ActorContext, PatientSummary};
use serde::Deserialize;
use time::OffsetDateTime;
use uuid::Uuid;

/// The query of the form page: the patient (new requests) and a service search.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct FormQuery {
    patient: String,
    service_q: String,
}

/// The request form as typed, kept as text so that it can be shown again exactly.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default)]
pub struct RequestForm {
    patient: String,
    version: i32,
    service: String,
    question: String,
    history: String,
    medicines: String,
    results: String,
    urgency: String,
    referral_authorised: String,
    action: String,
}

impl RequestForm {
    /// The form as the domain parses it (a service that is not an id counts as none chosen).
    fn input(&self) -> RequestInput {
        let choice = |s: &str| (!s.trim().is_empty()).then(|| s.trim().to_owned());
        RequestInput {
            service_id: self.service.trim().parse().ok(),
            question: self.question.clone(),
            history: self.history.clone(),
            medicines: self.medicines.clone(),
            results: self.results.clone(),
            urgency: choice(&self.urgency),
            referral_authorised: choice(&self.referral_authorised),
        }
    }

    /// A saved draft, as the form shows it.
    fn from_draft(r: &advice::entity::advice_request::Model) -> Self {
        Self {
            patient: r.patient_id.to_string(),
            version: r.version,
            service: r.service_id.map(|s| s.to_string()).unwrap_or_default(),
            question: r.question.clone(),
            history: r.history.clone(),
            medicines: r.medicines.clone(),
            results: r.results.clone(),
            urgency: r.urgency.clone().unwrap_or_default(),
            referral_authorised: match r.referral_authorised {
                Some(true) => "yes".to_owned(),
                Some(false) => "no".to_owned(),
                None => String::new(),
            },
            action: String::new(),
        }
    }

    fn sending(&self) -> bool {
        self.action == "send"
    }
}

/// The request form page (or, for a patient the practice may not ask about, the refusal).
#[derive(Template, WebTemplate)]
#[template(path = "advice/form.html")]
pub struct FormTemplate {
    ctx: PageContext,
    crumbs: Vec<Breadcrumb>,
    heading: String,
    action: String,
    patient_rows: Option<Vec<SummaryRow>>,
    form: RequestForm,
    errors: Vec<ErrorItem>,
    service_q: String,
    groups: Vec<ServiceGroup>,
    chosen: Option<String>,
    due_lines: Vec<String>,
    urgency_items: Vec<RadioItem>,
    authorised_items: Vec<RadioItem>,
    can_send: bool,
}

/// What a form page shows besides the form: the draft being edited, the search, the problems.
struct Setup {
    draft: Option<Uuid>,
    patient: Option<PatientSummary>,
    service_q: String,
    errors: Vec<ErrorItem>,
}

/// True when the actor's role may send a request (only GPs: others save drafts).
fn may_send(actor: &ActorContext) -> bool {
    transition(Status::Draft, Event::Send, send_context(actor)).is_ok()
}

fn send_context(actor: &ActorContext) -> Context {
    Context {
        role: actor.role,
        claim: Claim::Unclaimed,
    }
}

fn patient_rows(p: &PatientSummary) -> Vec<SummaryRow> {
    vec![
        SummaryRow::new("Name", format!("{} {}", p.given_name, p.family_name)),
        SummaryRow::new("NHS number", p.nhs_number.to_string()),
        SummaryRow::new("Date of birth", long_date(p.date_of_birth)),
    ]
}

/// The services to offer: those matching the search, plus the one already chosen.
async fn offered(
    state: &AppState,
    search: &str,
    chosen: Option<Uuid>,
) -> Result<(Vec<ServiceChoice>, Option<ServiceChoice>)> {
    let all = advice::services_taking_requests(&state.store, "").await?;
    let picked = chosen.and_then(|id| all.iter().find(|s| s.id == id).cloned());
    let mut shown = if search.trim().is_empty() {
        all
    } else {
        advice::services_taking_requests(&state.store, search).await?
    };
    if let Some(p) = &picked
        && !shown.iter().any(|s| s.id == p.id)
    {
        shown.push(p.clone());
        shown.sort_by(|a, b| (&a.specialty, &a.name).cmp(&(&b.specialty, &b.name)));
    }
    Ok((shown, picked))
}

/// "If you send it now" lines: the chosen service's due time, or one per response standard.
fn due_lines(
    shown: &[ServiceChoice],
    picked: Option<&ServiceChoice>,
) -> (Option<String>, Vec<String>) {
    let calendar = Calendar::england_and_wales();
    let now = OffsetDateTime::now_utc();
    let due = |days: u32| clock::display(calendar.due(now, days));
    if let Some(s) = picked {
        let line = format!(
            "{} answers within {}. If you send it now, an answer is due by {}.",
            s.label(),
            working_days(s.standard_days),
            due(s.standard_days)
        );
        return (Some(line), vec![]);
    }
    let mut standards: Vec<u32> = shown.iter().map(|s| s.standard_days).collect();
    standards.sort_unstable();
    standards.dedup();
    let lines = standards
        .into_iter()
        .map(|d| {
            format!(
                "If you send it now to a service that answers within {}, an answer is due by {}.",
                working_days(d),
                due(d)
            )
        })
        .collect();
    (None, lines)
}

async fn form_page(
    state: &AppState,
    acting: &Acting,
    form: RequestForm,
    setup: Setup,
) -> Result<FormTemplate> {
    let a = &acting.actor;
    let (heading, action) = match setup.draft {
        Some(id) => (
            "Change this advice request".to_owned(),
            format!("/advice/{id}/edit"),
        ),
        None => (
            "Ask a specialist for advice".to_owned(),
            "/advice/new".to_owned(),
        ),
    };
    let mut ctx = chrome::context(state, &acting.session, Some(a), "/advice").await?;
    ctx.has_errors = !setup.errors.is_empty();
    let (shown, picked) = offered(state, &setup.service_q, form.input().service_id).await?;
    let (chosen, due_lines) = due_lines(&shown, picked.as_ref());
    let urgency_items = vec![
        RadioItem::new("routine", Urgency::Routine.label(), &form.urgency)
            .with_hint("Answered within the service's response standard"),
        RadioItem::new("urgent", Urgency::Urgent.label(), &form.urgency)
            .with_hint("The service looks at it first. Not for emergencies: if the patient needs to be seen today, use your usual urgent route"),
    ];
    let authorised_items = vec![
        RadioItem::new("yes", "Yes", &form.referral_authorised),
        RadioItem::new("no", "No", &form.referral_authorised),
    ];
    Ok(FormTemplate {
        ctx,
        crumbs: vec![
            Breadcrumb::new("Home", "/home"),
            Breadcrumb::new("Advice requests", "/advice"),
        ],
        heading,
        action,
        patient_rows: setup.patient.as_ref().map(patient_rows),
        groups: grouped(&shown, &form.service),
        chosen,
        due_lines,
        urgency_items,
        authorised_items,
        can_send: may_send(a),
        service_q: setup.service_q,
        errors: setup.errors,
        form,
    })
}

/// The message shown for a patient the practice may not ask about (or that does not exist).
const NOT_YOUR_PATIENT: &str = "This patient is not registered at your practice. You can only ask for advice about your own patients";

/// The patient's record if the practice may see it.
async fn visible_patient(
    state: &AppState,
    actor: &ActorContext,
    id: Uuid,
) -> Result<Option<PatientSummary>> {
    match people::patient_summary(&state.store, actor, id).await {
        Ok(p) => Ok(Some(p)),
        Err(StoreError::NotFound) => Ok(None),
        Err(e) => Err(e.into()),
    }
}

/// `GET /advice/new?patient={id}`.
pub async fn new(
    State(state): State<AppState>,
    acting: Acting,
    Query(q): Query<FormQuery>,
) -> Result<Response> {
    if side(&acting.actor)? != Side::Practice {
        return Err(AppError::NotFound);
    }
    let patient_id = parse_id(&q.patient)?;
    let patient = visible_patient(&state, &acting.actor, patient_id).await?;
    let refused = patient.is_none();
    let errors = if refused {
        vec![ErrorItem::new("patient", NOT_YOUR_PATIENT)]
    } else {
        vec![]
    };
    let form = RequestForm {
        patient: patient_id.to_string(),
        ..Default::default()
    };
    let setup = Setup {
        draft: None,
        patient,
        service_q: q.service_q,
        errors,
    };
    let page = form_page(&state, &acting, form, setup).await?;
    let status = if refused {
        StatusCode::NOT_FOUND
    } else {
        StatusCode::OK
    };
    Ok((status, page).into_response())
}

/// Checks and saves or sends the form; on success the request's page, otherwise the form again.
async fn submit(
    state: &AppState,
    acting: &Acting,
    draft: Option<Uuid>,
    form: RequestForm,
) -> Result<Response> {
    let a = &acting.actor;
    if side(a)? != Side::Practice {
        return Err(AppError::NotFound);
    }
    let patient_id = parse_id(&form.patient)?;
    let input = form.input();
    let checked = if form.sending() {
        transition(Status::Draft, Event::Send, send_context(a))
            .map_err(|e| StoreError::Forbidden(e.message().to_owned()))
            .and_then(|_| input.parse_for_sending().map_err(StoreError::Invalid))
            .map(Submission::Send)
    } else {
        input
            .parse_draft()
            .map(Submission::Draft)
            .map_err(StoreError::Invalid)
    };
    let existing = draft.map(|id| (id, form.version));
    let saved = match checked {
        Ok(submission) => {
            advice::submit(
                &state.store,
                a,
                patient_id,
                existing,
                &submission,
                None,
                |_| (0, String::new()),
            )
            .await
        }
        Err(e) => Err(e),
    };
    let e = match saved {
        Ok(id) => return Ok(Redirect::to(&format!("/advice/{id}")).into_response()),
        Err(e) => e,
    };
    let (status, errors) = refusal(e, "service")?;
    let patient = visible_patient(state, a, patient_id).await?;
    let setup = Setup {
        draft,
        patient,
        service_q: String::new(),
        errors,
    };
    let page = form_page(state, acting, form, setup).await?;
    Ok((status, page).into_response())
}

/// `POST /advice/new`.
pub async fn create(
    State(state): State<AppState>,
    acting: Acting,
    CsrfForm(form): CsrfForm<RequestForm>,
) -> Result<Response> {
    submit(&state, &acting, None, form).await
}

/// `GET /advice/{id}/edit`: a draft of the actor's practice; a sent request goes to its page.
pub async fn edit(
    State(state): State<AppState>,
    acting: Acting,
    Path(id): Path<String>,
    Query(q): Query<FormQuery>,
) -> Result<Response> {
    if side(&acting.actor)? != Side::Practice {
        return Err(AppError::NotFound);
    }
    let view = advice::view(&state.store, &acting.actor, parse_id(&id)?).await?;
    if view.status != Status::Draft {
        return Ok(Redirect::to(&format!("/advice/{}", view.request.id)).into_response());
    }
    let setup = Setup {
        draft: Some(view.request.id),
        patient: Some(view.patient.clone()),
        service_q: q.service_q,
        errors: vec![],
    };
    let form = RequestForm::from_draft(&view.request);
    Ok(form_page(&state, &acting, form, setup)
        .await?
        .into_response())
}

/// `POST /advice/{id}/edit`.
pub async fn update(
    State(state): State<AppState>,
    acting: Acting,
    Path(id): Path<String>,
    CsrfForm(form): CsrfForm<RequestForm>,
) -> Result<Response> {
    let id = parse_id(&id)?;
    submit(&state, &acting, Some(id), form).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_form_with_an_unknown_service_counts_as_none_chosen() {
        let form = RequestForm {
            service: "not-a-uuid".into(),
            urgency: " ".into(),
            referral_authorised: "no".into(),
            ..Default::default()
        };
        let input = form.input();
        assert_eq!(input.service_id, None);
        assert_eq!(input.urgency, None);
        assert_eq!(input.referral_authorised.as_deref(), Some("no"));
    }
}
