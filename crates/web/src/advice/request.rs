//! `GET /advice/{id}`: one request with its patient, question, attachments and thread, and the
//! forms the actor may use now. The action handlers show it again with their problems.

use super::{FLASH, ServiceGroup, Side, context, grouped, parse_id, side, status_colour};
use crate::app::AppState;
use crate::chrome;
use crate::error::Result;
use crate::page::{Breadcrumb, ErrorItem, PageContext, RadioItem, SummaryRow};
use crate::people::long_date;
use crate::session::Acting;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use joinedup_core::advice::{Context, Event, Outcome, Status, Urgency, is_allowed};
use joinedup_core::clock;
use joinedup_core::people::Role;
use joinedup_store::advice::entity::advice_message;
use joinedup_store::advice::{self, RequestView};
use joinedup_store::people::ActorContext;
use uuid::Uuid;

/// What the person typed into the page's forms, shown again after a problem.
#[derive(Debug, Default, Clone)]
pub struct Typed {
    /// The reply form: outcome, advice, summary for the patient, service to redirect to.
    pub outcome: String,
    /// The advice for the GP.
    pub advice: String,
    /// The summary for the patient.
    pub patient_summary: String,
    /// The service to redirect to.
    pub redirect_service: String,
    /// The message form.
    pub message: String,
    /// The GP's response to a request for more information.
    pub response: String,
    /// What the GP did with the advice.
    pub action_taken: String,
}

/// Which forms the actor may use on the request now (from the state machine).
#[derive(Debug, Default, Clone, Copy)]
pub struct Allowed {
    edit: bool,
    claim: bool,
    release: bool,
    reply: bool,
    message: bool,
    respond: bool,
    read: bool,
    close: bool,
    attach: bool,
}

impl Allowed {
    fn any(&self) -> bool {
        self.edit
            || self.claim
            || self.release
            || self.reply
            || self.message
            || self.respond
            || self.read
            || self.close
    }
}

fn allowed(actor: &ActorContext, v: &RequestView) -> Allowed {
    let ctx = context(actor, v.request.claimed_by);
    let may = |e: Event| is_allowed(v.status, e, ctx);
    Allowed {
        edit: may(Event::SaveDraft),
        claim: may(Event::Claim),
        release: may(Event::Release),
        reply: may(Event::Reply(Outcome::AdviceGiven)),
        message: may(Event::PostMessage),
        respond: may(Event::GpRespond),
        read: actor.role == Role::Gp
            && v.status == Status::Answered
            && v.request.gp_read_at.is_none(),
        close: may(Event::Close),
        attach: v.status != Status::Closed,
    }
}

/// One file attached to the request.
pub struct AttachmentRow {
    href: String,
    name: String,
    details: String,
}

/// One entry of the thread.
pub struct MessageRow {
    who: String,
    organisation: String,
    when: String,
    what: String,
    body: String,
    reply: bool,
}

/// The service's answer as it stands.
pub struct Answer {
    outcome: &'static str,
    advice: String,
    refer_yourself: bool,
    gp_side: bool,
    patient_summary: String,
    /// The plain-English checker's notes on the patient summary, for the service only.
    summary_findings: Vec<String>,
    read: String,
    action_taken: String,
}

/// The letters area's plain-English checker on a summary written for the patient: terms with
/// plainer words, long sentences and work handed to the GP that is the hospital's.
fn plain_english_notes(summary: &str) -> Vec<String> {
    use joinedup_core::letters::checker::Audience;
    let f = crate::letters::checker().check_section_for(summary, Audience::Patient);
    let mut notes: Vec<String> = f
        .jargon
        .iter()
        .map(|j| {
            format!(
                "\u{201c}{}\u{201d}: try \u{201c}{}\u{201d}",
                j.term, j.plain
            )
        })
        .collect();
    notes.extend(
        f.long_sentences
            .iter()
            .map(|s| format!("A sentence of {} words; aim for 25 or fewer", s.words)),
    );
    notes.extend(f.interface_concerns.iter().map(|c| c.advice.clone()));
    notes
}

/// The request page.
#[derive(Template, WebTemplate)]
#[template(path = "advice/request.html")]
pub struct RequestTemplate {
    ctx: PageContext,
    crumbs: Vec<Breadcrumb>,
    id: Uuid,
    reference: String,
    patient_name: String,
    status: &'static str,
    colour: &'static str,
    overdue: bool,
    rows: Vec<SummaryRow>,
    question: String,
    history: String,
    medicines: String,
    results: String,
    answer: Option<Answer>,
    attachments: Vec<AttachmentRow>,
    messages: Vec<MessageRow>,
    allowed: Allowed,
    has_actions: bool,
    is_gp: bool,
    version: i32,
    typed: Typed,
    outcome_items: Vec<RadioItem>,
    redirect_groups: Vec<ServiceGroup>,
    close_hint: &'static str,
    errors: Vec<ErrorItem>,
    done: Option<String>,
}

/// `GET /advice/{id}`.
pub async fn show(
    State(state): State<AppState>,
    acting: Acting,
    Path(id): Path<String>,
) -> Result<Response> {
    let id = parse_id(&id)?;
    side(&acting.actor)?;
    let done = crate::session::take_once(&acting.session, FLASH).await?;
    let mut page = page(&state, &acting, id, Typed::default(), vec![]).await?;
    page.done = done;
    Ok(page.into_response())
}

/// The request page with `errors` and what was typed, answered with `status`.
pub async fn render(
    state: &AppState,
    acting: &Acting,
    id: Uuid,
    typed: Typed,
    (status, errors): (StatusCode, Vec<ErrorItem>),
) -> Result<Response> {
    let page = page(state, acting, id, typed, errors).await?;
    Ok((status, page).into_response())
}

async fn page(
    state: &AppState,
    acting: &Acting,
    id: Uuid,
    typed: Typed,
    errors: Vec<ErrorItem>,
) -> Result<RequestTemplate> {
    let a = &acting.actor;
    let gp_side = side(a)? == Side::Practice;
    let v = advice::view(&state.store, a, id).await?;
    let mut ctx = chrome::context(state, &acting.session, Some(a), "/advice").await?;
    ctx.has_errors = !errors.is_empty();
    let allowed = allowed(a, &v);
    let outcome_items = outcome_items(
        v.status,
        context(a, v.request.claimed_by),
        v.request.referral_authorised == Some(true),
        &typed.outcome,
    );
    let can_redirect = allowed.reply
        && outcome_items
            .iter()
            .any(|i| i.value == Outcome::Redirected.as_str());
    let redirect_groups = if can_redirect {
        redirect_choices(state, &v, &typed.redirect_service).await?
    } else {
        vec![]
    };
    Ok(RequestTemplate {
        ctx,
        crumbs: vec![
            Breadcrumb::new("Home", "/home"),
            Breadcrumb::new("Advice requests", "/advice"),
        ],
        id,
        reference: v.reference(),
        patient_name: format!("{} {}", v.patient.given_name, v.patient.family_name),
        status: v.status.label(),
        colour: status_colour(v.status),
        overdue: v.overdue,
        rows: rows(&v),
        question: or_none(&v.request.question),
        history: or_none(&v.request.history),
        medicines: or_none(&v.request.medicines),
        results: or_none(&v.request.results),
        answer: answer(&v, gp_side),
        attachments: attachment_rows(&v),
        messages: v.messages.iter().map(message_row).collect(),
        has_actions: allowed.any(),
        is_gp: a.role == Role::Gp,
        allowed,
        version: v.request.version,
        outcome_items,
        redirect_groups,
        close_hint: close_hint(v.outcome),
        typed,
        errors,
        done: None,
    })
}

/// The services a request may be redirected to: every other one taking requests.
async fn redirect_choices(
    state: &AppState,
    v: &RequestView,
    selected: &str,
) -> Result<Vec<ServiceGroup>> {
    let services = advice::services_taking_requests(&state.store, "").await?;
    let others: Vec<_> = services
        .into_iter()
        .filter(|s| Some(s.id) != v.request.service_id)
        .collect();
    Ok(grouped(&others, selected))
}

fn or_none(text: &str) -> String {
    if text.trim().is_empty() {
        "None given".to_owned()
    } else {
        text.to_owned()
    }
}

/// The request's facts, as summary-list rows.
fn rows(v: &RequestView) -> Vec<SummaryRow> {
    let r = &v.request;
    let p = &v.patient;
    let mut out = vec![
        SummaryRow::new("Reference", v.reference()),
        SummaryRow::new("Status", v.status.label()),
        SummaryRow::new("Patient", format!("{} {}", p.given_name, p.family_name)),
        SummaryRow::new("NHS number", p.nhs_number.to_string()),
        SummaryRow::new("Date of birth", long_date(p.date_of_birth)),
        SummaryRow::new("GP practice", v.practice.clone()),
        SummaryRow::new(
            "Service",
            v.service
                .as_ref()
                .map_or_else(|| "Not chosen yet".to_owned(), |s| s.label()),
        ),
        SummaryRow::new(
            "Urgency",
            v.urgency.map_or("Not chosen yet", Urgency::label),
        ),
        SummaryRow::new(
            "Referral authorised",
            match r.referral_authorised {
                Some(true) => "Yes: the specialist may convert it into a referral",
                Some(false) => "No: the GP refers if a referral is needed",
                None => "Not answered yet",
            },
        ),
        SummaryRow::new("Written by", v.created_by_name.clone()),
    ];
    let Some(sent) = r.sent_at else {
        out.push(SummaryRow::new("Sent", "Not sent yet"));
        return out;
    };
    out.push(SummaryRow::new("Sent", clock::display(sent)));
    let due = match (v.status, v.due_at) {
        (Status::AwaitingInformation, _) => "Paused: waiting for the GP".to_owned(),
        (Status::Sent, Some(d)) => clock::display(d),
        _ => match r.answered_at {
            Some(t) => format!("Answered {}", clock::display(t)),
            None => "Not running".to_owned(),
        },
    };
    out.push(SummaryRow::new("Answer due", due));
    if v.status == Status::Sent {
        out.push(SummaryRow::new(
            "Overdue",
            if v.overdue { "Yes" } else { "No" },
        ));
    }
    out.push(SummaryRow::new(
        "Claimed by",
        v.claimed_by_name
            .clone()
            .unwrap_or_else(|| "Not claimed".to_owned()),
    ));
    out
}

fn answer(v: &RequestView, gp_side: bool) -> Option<Answer> {
    let outcome = v.outcome.filter(|o| o.is_final())?;
    if !matches!(v.status, Status::Answered | Status::Closed) {
        return None;
    }
    let advice = v
        .messages
        .iter()
        .rev()
        .find(|m| m.kind == "reply")
        .map(|m| m.body.clone())
        .unwrap_or_default();
    Some(Answer {
        outcome: outcome.label(),
        advice,
        refer_yourself: outcome == Outcome::ReferralRecommended,
        gp_side,
        patient_summary: v.request.patient_summary.clone().unwrap_or_default(),
        summary_findings: if gp_side {
            vec![]
        } else {
            plain_english_notes(v.request.patient_summary.as_deref().unwrap_or_default())
        },
        read: v
            .request
            .gp_read_at
            .map(|t| format!("The GP read this answer {}.", clock::display(t)))
            .unwrap_or_default(),
        action_taken: v.request.gp_action.clone().unwrap_or_default(),
    })
}

fn attachment_rows(v: &RequestView) -> Vec<AttachmentRow> {
    v.attachments
        .iter()
        .map(|a| {
            let kind = match a.content_type.as_str() {
                "application/pdf" => "PDF",
                "image/png" => "PNG image",
                "image/jpeg" => "JPG image",
                _ => "File",
            };
            AttachmentRow {
                href: format!("/advice/{}/attachments/{}", v.request.id, a.id),
                name: a.file_name.clone(),
                details: format!(
                    "{kind}, {}, added {}",
                    size(a.size_bytes),
                    clock::display(a.created_at)
                ),
            }
        })
        .collect()
}

/// A file size as people read it: "820 bytes", "14 KB", "2.3 MB".
fn size(bytes: i64) -> String {
    match bytes {
        b if b < 1024 => format!("{b} bytes"),
        b if b < 1024 * 1024 => format!("{} KB", (b + 1023) / 1024),
        b => format!("{:.1} MB", b as f64 / (1024.0 * 1024.0)),
    }
}

fn message_row(m: &advice_message::Model) -> MessageRow {
    let outcome = m.outcome.as_deref().and_then(Outcome::parse);
    let what = match (m.kind.as_str(), outcome) {
        ("reply", Some(o)) => o.label().to_owned(),
        ("sent", _) => "Sent the request".to_owned(),
        ("claimed", _) => "Claimed the request".to_owned(),
        ("released", _) => "Released the request".to_owned(),
        ("gp_response", _) => "Sent the information asked for".to_owned(),
        ("closed", _) => "Closed the request".to_owned(),
        _ => "Message".to_owned(),
    };
    let role = Role::parse(&m.author_role).map_or("", Role::label);
    MessageRow {
        who: if role.is_empty() {
            m.author_name.clone()
        } else {
            format!("{} ({role})", m.author_name)
        },
        organisation: m.author_organisation.clone(),
        when: clock::display(m.created_at),
        what,
        body: m.body.clone(),
        reply: m.kind == "reply",
    }
}

/// The reply form's outcomes: those the state machine allows now (once answered, only another
/// final outcome), and conversion only when the GP authorised it.
fn outcome_items(status: Status, ctx: Context, authorised: bool, chosen: &str) -> Vec<RadioItem> {
    let offered = |o: Outcome| {
        is_allowed(status, Event::Reply(o), ctx) && (authorised || !o.needs_authorisation())
    };
    let item = |o: Outcome, label: &str, hint: &str| {
        RadioItem::new(o.as_str(), label, chosen).with_hint(hint)
    };
    [
        item(
            Outcome::AdviceGiven,
            "Advice given",
            "The GP can manage the patient with your advice",
        ),
        item(
            Outcome::ConvertedToReferral,
            "Convert to a referral",
            "The GP authorised this: the hospital takes on the referral",
        ),
        item(
            Outcome::ReferralRecommended,
            "Referral recommended",
            "The GP stays responsible for referring",
        ),
        item(
            Outcome::MoreInformationNeeded,
            "More information needed",
            "The clock pauses until the GP answers",
        ),
        item(
            Outcome::Redirected,
            "Redirect to another service",
            "Choose the service below; its clock starts afresh",
        ),
        item(
            Outcome::SeeUrgently,
            "Patient to be seen urgently",
            "The hospital contacts the patient",
        ),
    ]
    .into_iter()
    .filter(|i| Outcome::parse(&i.value).is_some_and(offered))
    .collect()
}

fn close_hint(outcome: Option<Outcome>) -> &'static str {
    match outcome {
        Some(Outcome::ConvertedToReferral) => {
            "Optional: the hospital now holds the referral. Add anything you did."
        }
        Some(Outcome::ReferralRecommended) => {
            "For example, referred to the service on a date, or why you did not refer."
        }
        _ => {
            "For example, started a medicine, arranged a blood test, or discussed it with the patient."
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use joinedup_core::advice::Claim;

    #[test]
    fn conversion_is_offered_only_when_the_gp_authorised_it() {
        let ctx = Context {
            role: Role::Specialist,
            claim: Claim::Unclaimed,
        };
        let values = |status, authorised| -> Vec<String> {
            outcome_items(status, ctx, authorised, "")
                .into_iter()
                .map(|i| i.value)
                .collect()
        };
        assert!(!values(Status::Sent, false).contains(&"converted_to_referral".to_owned()));
        assert!(values(Status::Sent, true).contains(&"converted_to_referral".to_owned()));
        assert_eq!(values(Status::Sent, true).len(), 6);
        assert!(
            outcome_items(Status::Sent, ctx, true, "")
                .iter()
                .all(|i| !i.checked)
        );
        let after_answer = values(Status::Answered, true);
        assert!(
            !after_answer.contains(&"redirected".to_owned()),
            "{after_answer:?}"
        );
    }

    #[test]
    fn sizes_read_plainly() {
        assert_eq!(size(820), "820 bytes");
        assert_eq!(size(14 * 1024), "14 KB");
        assert_eq!(size(2_400_000), "2.3 MB");
    }
}
