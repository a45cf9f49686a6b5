//! What people type into advice forms (and the JSON API), parsed into typed values or field errors.
//!
//! Field names in errors are the HTML form field names; the API maps them onto JSON pointers.
//! Text is cleaned the same way everywhere ([`clean_text`]) before its length is counted.

use super::{FieldError, Outcome, Urgency};
use serde::{Deserialize, Deserializer};
use uuid::Uuid;

/// Longest clinical question, in characters.
pub const MAX_QUESTION_CHARS: usize = 4000;
/// Longest history, medicines, results, advice or message text, in characters.
pub const MAX_LONG_TEXT_CHARS: usize = 8000;
/// Longest plain-English summary for the patient, in characters.
pub const MAX_PATIENT_SUMMARY_CHARS: usize = 2000;
/// Longest note of what the GP did with the advice, in characters.
pub const MAX_ACTION_CHARS: usize = 4000;

/// Normalises free text: CRLF and CR become LF, control characters other than newline and tab
/// are dropped, and the ends are trimmed. Browsers send textarea line breaks as CRLF, which
/// would otherwise count twice against a limit the page shows as one character each.
pub fn clean_text(input: &str) -> String {
    let unified = input.replace("\r\n", "\n").replace('\r', "\n");
    let kept: String = unified
        .chars()
        .filter(|c| !c.is_control() || *c == '\n' || *c == '\t')
        .collect();
    kept.trim().to_owned()
}

/// Cleans `raw` and checks it against `max` characters, naming it `what` in the error.
fn bounded(
    raw: &str,
    field: &'static str,
    what: &str,
    max: usize,
    errors: &mut Vec<FieldError>,
) -> String {
    let text = clean_text(raw);
    if text.chars().count() > max {
        errors.push(FieldError {
            field: field.into(),
            message: format!("{what} must be {} characters or fewer", thousands(max)),
        });
    }
    text
}

/// 4000 → "4,000", as NHS content writes numbers.
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Accepts a uuid, an empty string or null: an HTML `<select>` sends `""` for "choose one".
fn empty_as_none<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Uuid>, D::Error> {
    match Option::<String>::deserialize(d)? {
        None => Ok(None),
        Some(s) if s.trim().is_empty() => Ok(None),
        Some(s) => Uuid::parse_str(s.trim())
            .map(Some)
            .map_err(serde::de::Error::custom),
    }
}

/// An advice request as the practice typed it, partial or complete.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
pub struct RequestInput {
    /// The specialist service to ask (form field `service`).
    #[serde(default, alias = "service", deserialize_with = "empty_as_none")]
    pub service_id: Option<Uuid>,
    /// The clinical question (field `question`).
    #[serde(default)]
    pub question: String,
    /// Relevant history (field `history`).
    #[serde(default)]
    pub history: String,
    /// Current medicines (field `medicines`).
    #[serde(default)]
    pub medicines: String,
    /// Relevant test results (field `results`).
    #[serde(default)]
    pub results: String,
    /// `routine` or `urgent` (field `urgency`); nothing is pre-selected.
    #[serde(default)]
    pub urgency: Option<String>,
    /// `yes` or `no`: may the specialist convert this into a referral (field `referral_authorised`).
    #[serde(default)]
    pub referral_authorised: Option<String>,
}

/// A draft as it may be saved: every field cleaned and typed, any of them still missing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DraftRequest {
    /// The service chosen so far.
    pub service_id: Option<Uuid>,
    /// The clinical question (may be empty).
    pub question: String,
    /// Relevant history (may be empty).
    pub history: String,
    /// Current medicines (may be empty).
    pub medicines: String,
    /// Relevant results (may be empty).
    pub results: String,
    /// Urgency, if chosen.
    pub urgency: Option<Urgency>,
    /// The GP's answer to "may the specialist convert this into a referral", if given.
    pub referral_authorised: Option<bool>,
}

/// A request complete enough to send to a service.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SendableRequest {
    /// The service asked.
    pub service_id: Uuid,
    /// The clinical question (never empty).
    pub question: String,
    /// Relevant history (may be empty).
    pub history: String,
    /// Current medicines (may be empty).
    pub medicines: String,
    /// Relevant results (may be empty).
    pub results: String,
    /// Routine or urgent.
    pub urgency: Urgency,
    /// True when the GP allows the specialist to convert the request into a referral.
    pub referral_authorised: bool,
}

impl RequestInput {
    /// Cleans and checks what has been typed so far; only lengths and unknown choices are errors.
    pub fn parse_draft(&self) -> Result<DraftRequest, Vec<FieldError>> {
        let mut errors = Vec::new();
        let draft = self.draft_with(&mut errors);
        if errors.is_empty() {
            Ok(draft)
        } else {
            Err(errors)
        }
    }

    /// Checks the request is complete: a service, a question, an urgency and the GP's yes or no.
    pub fn parse_for_sending(&self) -> Result<SendableRequest, Vec<FieldError>> {
        let mut errors = Vec::new();
        let draft = self.draft_with(&mut errors);
        let mut missing = |field: &'static str, message: &str, is_missing: bool| {
            if is_missing && !errors.iter().any(|e| e.field == field) {
                errors.push(FieldError {
                    field: field.into(),
                    message: message.into(),
                });
            }
        };
        missing(
            "service",
            "Choose the specialist service to ask",
            draft.service_id.is_none(),
        );
        missing(
            "question",
            "Enter your clinical question",
            draft.question.is_empty(),
        );
        missing(URGENCY_ERROR.0, URGENCY_ERROR.1, draft.urgency.is_none());
        missing(
            AUTHORISED_ERROR.0,
            AUTHORISED_ERROR.1,
            draft.referral_authorised.is_none(),
        );
        sort_by_form_order(&mut errors);
        match draft {
            DraftRequest {
                service_id: Some(service_id),
                urgency: Some(urgency),
                referral_authorised: Some(referral_authorised),
                question,
                history,
                medicines,
                results,
            } if errors.is_empty() => Ok(SendableRequest {
                service_id,
                question,
                history,
                medicines,
                results,
                urgency,
                referral_authorised,
            }),
            _ => Err(errors),
        }
    }

    fn draft_with(&self, errors: &mut Vec<FieldError>) -> DraftRequest {
        let [question, history, medicines, results] = [
            (
                &self.question,
                "question",
                "Your clinical question",
                MAX_QUESTION_CHARS,
            ),
            (
                &self.history,
                "history",
                "Relevant history",
                MAX_LONG_TEXT_CHARS,
            ),
            (
                &self.medicines,
                "medicines",
                "Current medicines",
                MAX_LONG_TEXT_CHARS,
            ),
            (
                &self.results,
                "results",
                "Test results",
                MAX_LONG_TEXT_CHARS,
            ),
        ]
        .map(|(raw, field, what, max)| bounded(raw, field, what, max, errors));
        let urgency = typed_choice(&self.urgency, Urgency::parse, URGENCY_ERROR, errors);
        let referral_authorised = typed_choice(
            &self.referral_authorised,
            |v| match v {
                "yes" => Some(true),
                "no" => Some(false),
                _ => None,
            },
            AUTHORISED_ERROR,
            errors,
        );
        DraftRequest {
            service_id: self.service_id,
            question,
            history,
            medicines,
            results,
            urgency,
            referral_authorised,
        }
    }
}

const URGENCY_ERROR: (&str, &str) = ("urgency", "Select whether the request is routine or urgent");
const AUTHORISED_ERROR: (&str, &str) = (
    "referral_authorised",
    "Select yes if the specialist may convert this request into a referral",
);

/// A radio choice read by `parse`: `None` when nothing was chosen, an error when the value is
/// not one of the choices (a tampered form or a wrong API value).
fn typed_choice<T>(
    value: &Option<String>,
    parse: impl Fn(&str) -> Option<T>,
    (field, message): (&'static str, &str),
    errors: &mut Vec<FieldError>,
) -> Option<T> {
    let chosen = choice(value)?;
    let typed = parse(chosen);
    if typed.is_none() {
        errors.push(FieldError {
            field: field.into(),
            message: message.into(),
        });
    }
    typed
}

/// A radio choice, trimmed; `None` when nothing was chosen.
fn choice(value: &Option<String>) -> Option<&str> {
    value.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

/// Orders errors as the fields appear on the request form, so the error summary reads top down.
fn sort_by_form_order(errors: &mut [FieldError]) {
    const ORDER: [&str; 7] = [
        "service",
        "question",
        "history",
        "medicines",
        "results",
        "urgency",
        "referral_authorised",
    ];
    errors.sort_by_key(|e| ORDER.iter().position(|f| *f == e.field));
}

/// The service's reply form: an outcome with advice, and a summary for the patient.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
pub struct ReplyInput {
    /// The outcome's stored name (field `outcome`).
    #[serde(default)]
    pub outcome: Option<String>,
    /// Advice for the GP, or what information is needed (field `advice`).
    #[serde(default)]
    pub advice: String,
    /// The plain-English summary the patient will read (field `patient_summary`).
    #[serde(default)]
    pub patient_summary: String,
    /// Where to redirect the request (field `redirect_service`).
    #[serde(
        default,
        alias = "redirect_service",
        deserialize_with = "empty_as_none"
    )]
    pub redirect_service_id: Option<Uuid>,
    /// The version of the request the specialist saw, for the store's optimistic check.
    #[serde(default)]
    pub expected_version: i32,
}

/// What the reply is checked against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReplyFacts {
    /// True when the GP authorised conversion to a referral when sending.
    pub authorised: bool,
    /// The service the request is with now.
    pub current_service_id: Uuid,
}

/// A valid reply from the service.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reply {
    /// The outcome given.
    pub outcome: Outcome,
    /// Advice for the GP, or the information needed (never empty).
    pub advice: String,
    /// Plain-English summary for the patient: always present for final outcomes.
    pub patient_summary: Option<String>,
    /// The new service, for a redirect only.
    pub redirect_to: Option<Uuid>,
}

impl ReplyInput {
    /// Checks the reply against the request: an outcome, advice, the GP's authorisation for a
    /// conversion, a different service for a redirect and a patient summary for final outcomes.
    pub fn parse(&self, facts: &ReplyFacts) -> Result<Reply, Vec<FieldError>> {
        let outcome = choice(&self.outcome).and_then(Outcome::parse);
        let advice = clean_text(&self.advice);
        let summary = clean_text(&self.patient_summary);
        let redirect_to = redirect_target(outcome, self.redirect_service_id, facts);
        let errors: Vec<FieldError> = [
            ("outcome", outcome_problem(outcome, facts)),
            ("advice", advice_problem(outcome, &advice)),
            ("redirect_service", redirect_to.err()),
            ("patient_summary", summary_problem(outcome, &summary)),
        ]
        .into_iter()
        .filter_map(|(field, problem)| {
            problem.map(|m| FieldError {
                field: field.into(),
                message: m.into(),
            })
        })
        .collect();
        match (outcome, redirect_to) {
            (Some(outcome), Ok(redirect_to)) if errors.is_empty() => Ok(Reply {
                outcome,
                advice,
                patient_summary: (!summary.is_empty()).then_some(summary),
                redirect_to,
            }),
            _ => Err(errors),
        }
    }
}

fn outcome_problem(outcome: Option<Outcome>, facts: &ReplyFacts) -> Option<&'static str> {
    match outcome {
        None => Some("Select an outcome"),
        Some(o) if o.needs_authorisation() && !facts.authorised => Some(
            "The GP did not authorise conversion to a referral. Choose 'Referral recommended' instead",
        ),
        Some(_) => None,
    }
}

fn advice_problem(outcome: Option<Outcome>, advice: &str) -> Option<&'static str> {
    if advice.chars().count() > MAX_LONG_TEXT_CHARS {
        return Some("Your advice must be 8,000 characters or fewer");
    }
    advice.is_empty().then_some(match outcome {
        Some(Outcome::MoreInformationNeeded) => "Enter what information you need",
        Some(Outcome::Redirected) => "Enter why you are redirecting this request",
        _ => "Enter your advice",
    })
}

/// The service to redirect to: required for a redirect and different from the current one;
/// ignored for every other outcome.
fn redirect_target(
    outcome: Option<Outcome>,
    chosen: Option<Uuid>,
    facts: &ReplyFacts,
) -> Result<Option<Uuid>, &'static str> {
    match (outcome, chosen) {
        (Some(Outcome::Redirected), None) => Err("Select the service to redirect this request to"),
        (Some(Outcome::Redirected), Some(s)) if s == facts.current_service_id => {
            Err("Select a different service from the one this request is with")
        }
        (Some(Outcome::Redirected), Some(s)) => Ok(Some(s)),
        _ => Ok(None),
    }
}

fn summary_problem(outcome: Option<Outcome>, summary: &str) -> Option<&'static str> {
    if summary.chars().count() > MAX_PATIENT_SUMMARY_CHARS {
        Some("The summary for the patient must be 2,000 characters or fewer")
    } else if summary.is_empty() && outcome.is_some_and(Outcome::is_final) {
        Some("Enter a summary for the patient in plain English")
    } else {
        None
    }
}

/// A message in a request's thread (field `message`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
pub struct MessageInput {
    /// The message text.
    #[serde(default)]
    pub message: String,
}

impl MessageInput {
    /// The cleaned message, 1 to 8,000 characters.
    pub fn parse(&self) -> Result<String, Vec<FieldError>> {
        let text = clean_text(&self.message);
        let message = if text.is_empty() {
            "Enter a message"
        } else if text.chars().count() > MAX_LONG_TEXT_CHARS {
            "Your message must be 8,000 characters or fewer"
        } else {
            return Ok(text);
        };
        Err(vec![FieldError {
            field: "message".into(),
            message: message.into(),
        }])
    }
}

/// What the GP did with the answer, recorded when closing the request (field `action_taken`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
pub struct GpActionInput {
    /// What the GP did.
    #[serde(default)]
    pub action_taken: String,
}

impl GpActionInput {
    /// The cleaned note: required, except after a conversion to referral, where the GP only
    /// confirms they have read it (the hospital now holds the referral), so `None` is allowed.
    pub fn parse(&self, outcome: Outcome) -> Result<Option<String>, Vec<FieldError>> {
        let text = clean_text(&self.action_taken);
        let message = if text.chars().count() > MAX_ACTION_CHARS {
            "What you did must be 4,000 characters or fewer"
        } else if !text.is_empty() {
            return Ok(Some(text));
        } else if outcome == Outcome::ConvertedToReferral {
            return Ok(None);
        } else {
            "Enter what you did with the advice"
        };
        Err(vec![FieldError {
            field: "action_taken".into(),
            message: message.into(),
        }])
    }
}

#[cfg(test)]
#[path = "input_tests.rs"]
mod tests;
