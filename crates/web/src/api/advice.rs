//! Advice & Guidance endpoints (`/api/v1/advice-requests`): a GP practice writes and sends
//! requests, the specialist service lists, claims and answers them, both sides add messages and
//! files. Every rule and every scoping check is the store's (`joinedup_store::advice`); this
//! module only turns JSON into the core's inputs and the store's views into JSON.
//!
//! Field problems name the JSON fields: the core's form names are translated (`service` becomes
//! `/service_id`, `redirect_service` `/redirect_service_id`, `patient` `/patient_id`, `message`
//! `/body`, `attachment` `/file`). A change based on a stale `expected_version` answers 409.

use super::auth::ApiCaller;
use super::problem::{ApiError, FieldProblem, Problem};
use super::{ApiJson, Listing};
use crate::app::{AppState, MAX_BODY_BYTES};
use axum::Extension;
use axum::extract::multipart::MultipartRejection;
use axum::extract::{DefaultBodyLimit, Multipart, Path, Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use joinedup_core::advice::{
    FieldError, GpActionInput, MessageInput, Outcome, ReplyInput, RequestInput, Status, Urgency,
    check_attachment,
};
use joinedup_core::people::Role;
use joinedup_store::StoreError;
use joinedup_store::advice::entity::{advice_attachment, advice_message};
use joinedup_store::advice::{self as store, InboxFilter, InboxRow, RequestView, Submission};
use joinedup_store::people::admin::PAGE_SIZE;
use joinedup_store::platform::idempotency::{self, Claim};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::{OpenApiRouter, UtoipaMethodRouterExt};
use utoipa_axum::routes;
use uuid::Uuid;

/// The collection's path; a request's own address is this and its id.
pub const BASE: &str = "/api/v1/advice-requests";

/// The advice endpoints with their OpenAPI paths, merged into the API's router.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_requests, create_request))
        .routes(routes!(get_request))
        .routes(routes!(reply))
        .routes(routes!(change_outcome))
        .routes(routes!(post_message))
        .routes(routes!(claim))
        .routes(routes!(release))
        .routes(routes!(respond))
        .routes(routes!(close))
        .routes(routes!(mark_read))
        .routes(routes!(upload_attachment).layer(DefaultBodyLimit::max(MAX_BODY_BYTES)))
        .routes(routes!(download_attachment))
}

// ---------------------------------------------------------------------------------------------
// Vocabulary, as the OpenAPI document lists it.

/// Where a request stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum AdviceStatus {
    /// Saved by the practice, not sent; the service cannot see it.
    Draft,
    /// With the service, the response clock running.
    Sent,
    /// The specialist asked the GP for more information; the clock is paused.
    AwaitingInformation,
    /// The service gave a final outcome; the GP has to act on it.
    Answered,
    /// The GP recorded what they did.
    Closed,
}

impl From<Status> for AdviceStatus {
    fn from(s: Status) -> Self {
        match s {
            Status::Draft => Self::Draft,
            Status::Sent => Self::Sent,
            Status::AwaitingInformation => Self::AwaitingInformation,
            Status::Answered => Self::Answered,
            Status::Closed => Self::Closed,
        }
    }
}

/// How quickly the GP needs an answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum AdviceUrgency {
    /// Within the service's response standard.
    Routine,
    /// To be looked at first.
    Urgent,
}

impl From<Urgency> for AdviceUrgency {
    fn from(u: Urgency) -> Self {
        match u {
            Urgency::Routine => Self::Routine,
            Urgency::Urgent => Self::Urgent,
        }
    }
}

/// What the service decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum AdviceOutcome {
    /// Advice for the GP to manage the patient in primary care.
    AdviceGiven,
    /// The patient should be referred; the GP refers.
    ReferralRecommended,
    /// The service turned the request into a referral (only when the GP authorised it).
    ConvertedToReferral,
    /// The hospital will contact the patient to be seen soon.
    SeeUrgently,
    /// The specialist needs more from the GP; the clock pauses.
    MoreInformationNeeded,
    /// Sent on to another service, whose clock starts afresh.
    Redirected,
}

impl From<Outcome> for AdviceOutcome {
    fn from(o: Outcome) -> Self {
        match o {
            Outcome::AdviceGiven => Self::AdviceGiven,
            Outcome::ReferralRecommended => Self::ReferralRecommended,
            Outcome::ConvertedToReferral => Self::ConvertedToReferral,
            Outcome::SeeUrgently => Self::SeeUrgently,
            Outcome::MoreInformationNeeded => Self::MoreInformationNeeded,
            Outcome::Redirected => Self::Redirected,
        }
    }
}

// ---------------------------------------------------------------------------------------------
// What the API answers.

/// The patient a request is about.
#[derive(Debug, Serialize, ToSchema)]
pub struct AdvicePatient {
    /// The record's id.
    pub id: Uuid,
    /// NHS number, ten digits.
    pub nhs_number: String,
    /// "FAMILY, Given", as NHS systems list patients.
    pub name: String,
    /// Given name.
    pub given_name: String,
    /// Family name.
    pub family_name: String,
    /// Date of birth, `YYYY-MM-DD`.
    pub date_of_birth: String,
}

/// The specialist service asked.
#[derive(Debug, Serialize, ToSchema)]
pub struct AdviceService {
    /// Its id.
    pub id: Uuid,
    /// Its name, e.g. "Rheumatology".
    pub name: String,
    /// Its specialty.
    pub specialty: String,
    /// The trust that runs it.
    pub trust: String,
    /// The trust's ODS code.
    pub trust_ods: String,
}

/// The asking GP practice.
#[derive(Debug, Serialize, ToSchema)]
pub struct AdvicePractice {
    /// Its id.
    pub id: Uuid,
    /// "Name (ODS)".
    pub name: String,
}

/// A person, by id and name.
#[derive(Debug, Serialize, ToSchema)]
pub struct PersonRef {
    /// The user's id.
    pub id: Uuid,
    /// Their name.
    pub name: String,
}

/// Who wrote an entry of the thread, as they acted then.
#[derive(Debug, Serialize, ToSchema)]
pub struct MessageAuthor {
    /// Their name.
    pub name: String,
    /// Their role (`gp`, `practice_staff`, `specialist`, `secretary`).
    pub role: String,
    /// Whom they acted for, e.g. "Rheumatology, King's College Hospital (RJZ)".
    pub organisation: String,
}

/// One entry of a request's thread.
#[derive(Debug, Serialize, ToSchema)]
pub struct AdviceMessage {
    /// Its id.
    pub id: Uuid,
    /// `sent`, `message`, `reply`, `gp_response`, `claimed`, `released`, `redirected` or `closed`.
    pub kind: String,
    /// The outcome given, for a reply.
    pub outcome: Option<AdviceOutcome>,
    /// The text.
    pub body: String,
    /// Who wrote it.
    pub author: MessageAuthor,
    /// When, RFC 3339.
    #[schema(format = DateTime)]
    pub created_at: String,
}

impl From<&advice_message::Model> for AdviceMessage {
    fn from(m: &advice_message::Model) -> Self {
        Self {
            id: m.id,
            kind: m.kind.clone(),
            outcome: m
                .outcome
                .as_deref()
                .and_then(Outcome::parse)
                .map(Into::into),
            body: m.body.clone(),
            author: MessageAuthor {
                name: m.author_name.clone(),
                role: m.author_role.clone(),
                organisation: m.author_organisation.clone(),
            },
            created_at: rfc3339(m.created_at),
        }
    }
}

/// A file attached to a request.
#[derive(Debug, Serialize, ToSchema)]
pub struct AdviceAttachment {
    /// Its id.
    pub id: Uuid,
    /// The name to show and offer on download (sanitised, with an extension fitting the content).
    pub file_name: String,
    /// The type the content showed: `application/pdf`, `image/png` or `image/jpeg`.
    pub content_type: String,
    /// Size in bytes.
    pub size_bytes: i64,
    /// Where to download the bytes.
    pub url: String,
    /// When it was attached, RFC 3339.
    #[schema(format = DateTime)]
    pub created_at: String,
}

impl From<&advice_attachment::Model> for AdviceAttachment {
    fn from(a: &advice_attachment::Model) -> Self {
        Self {
            id: a.id,
            file_name: a.file_name.clone(),
            content_type: a.content_type.clone(),
            size_bytes: a.size_bytes,
            url: format!("{BASE}/{}/attachments/{}", a.request_id, a.id),
            created_at: rfc3339(a.created_at),
        }
    }
}

/// One advice request with its thread and attachments.
#[derive(Debug, Serialize, ToSchema)]
pub struct AdviceRequest {
    /// Its id.
    pub id: Uuid,
    /// The reference people quote, e.g. `AG-1F2E-3D4C-5B6A`.
    pub reference: String,
    /// This request's address.
    pub url: String,
    /// Where it stands.
    pub status: AdviceStatus,
    /// Routine or urgent (none yet in a draft).
    pub urgency: Option<AdviceUrgency>,
    /// The outcome standing now.
    pub outcome: Option<AdviceOutcome>,
    /// May the specialist convert this request into a referral (none yet in a draft).
    pub referral_authorised: Option<bool>,
    /// The clinical question.
    pub question: String,
    /// Relevant history.
    pub history: String,
    /// Current medicines.
    pub medicines: String,
    /// Relevant test results.
    pub results: String,
    /// The plain-English summary for the patient, once the service gave one.
    pub patient_summary: Option<String>,
    /// What the GP did with the answer, once closed.
    pub gp_action: Option<String>,
    /// The patient.
    pub patient: AdvicePatient,
    /// The service asked (none yet in a draft).
    pub service: Option<AdviceService>,
    /// The asking practice.
    pub practice: AdvicePractice,
    /// Who wrote it.
    pub created_by: String,
    /// The specialist holding it.
    pub claimed_by: Option<PersonRef>,
    /// When it was written, RFC 3339.
    #[schema(format = DateTime)]
    pub created_at: String,
    /// When it last changed, RFC 3339.
    #[schema(format = DateTime)]
    pub updated_at: String,
    /// When it was sent, RFC 3339.
    #[schema(format = DateTime)]
    pub sent_at: Option<String>,
    /// When the answer is due, RFC 3339 (while paused: as if the GP answered now).
    #[schema(format = DateTime)]
    pub due_at: Option<String>,
    /// When the first final outcome was given, RFC 3339.
    #[schema(format = DateTime)]
    pub answered_at: Option<String>,
    /// When the GP closed it, RFC 3339.
    #[schema(format = DateTime)]
    pub closed_at: Option<String>,
    /// Unanswered past its due time.
    pub overdue: bool,
    /// The clock is paused, waiting for information from the GP.
    pub paused: bool,
    /// The thread, oldest first.
    pub messages: Vec<AdviceMessage>,
    /// The attachments, oldest first.
    pub attachments: Vec<AdviceAttachment>,
    /// Send this as `expected_version` with a change based on what you saw.
    pub version: i32,
}

impl From<&RequestView> for AdviceRequest {
    fn from(v: &RequestView) -> Self {
        let r = &v.request;
        let p = &v.patient;
        Self {
            id: r.id,
            reference: v.reference(),
            url: url_of(r.id),
            status: v.status.into(),
            urgency: v.urgency.map(Into::into),
            outcome: v.outcome.map(Into::into),
            referral_authorised: r.referral_authorised,
            question: r.question.clone(),
            history: r.history.clone(),
            medicines: r.medicines.clone(),
            results: r.results.clone(),
            patient_summary: r.patient_summary.clone(),
            gp_action: r.gp_action.clone(),
            patient: AdvicePatient {
                id: p.id,
                nhs_number: p.nhs_number.as_digits(),
                name: p.list_name(),
                given_name: p.given_name.clone(),
                family_name: p.family_name.clone(),
                date_of_birth: p.date_of_birth.to_string(),
            },
            service: v.service.as_ref().map(|s| AdviceService {
                id: s.id,
                name: s.name.clone(),
                specialty: s.specialty.clone(),
                trust: s.trust_name.clone(),
                trust_ods: s.trust_ods.clone(),
            }),
            practice: AdvicePractice {
                id: r.practice_id,
                name: v.practice.clone(),
            },
            created_by: v.created_by_name.clone(),
            claimed_by: r.claimed_by.map(|id| PersonRef {
                id,
                name: v.claimed_by_name.clone().unwrap_or_default(),
            }),
            created_at: rfc3339(r.created_at),
            updated_at: rfc3339(r.updated_at),
            sent_at: r.sent_at.map(rfc3339),
            due_at: v.due_at.map(rfc3339),
            answered_at: r.answered_at.map(rfc3339),
            closed_at: r.closed_at.map(rfc3339),
            overdue: v.overdue,
            paused: v.clock.is_some_and(|c| c.is_paused()),
            messages: v.messages.iter().map(AdviceMessage::from).collect(),
            attachments: v.attachments.iter().map(AdviceAttachment::from).collect(),
            version: r.version,
        }
    }
}

/// One request as a list shows it.
#[derive(Debug, Serialize, ToSchema)]
pub struct AdviceRequestRow {
    /// Its id.
    pub id: Uuid,
    /// Its reference.
    pub reference: String,
    /// Its address.
    pub url: String,
    /// "FAMILY, Given".
    pub patient_name: String,
    /// The patient's NHS number, ten digits.
    pub nhs_number: String,
    /// The asking practice's name.
    pub practice_name: String,
    /// The service's name (none for a draft without one).
    pub service_name: Option<String>,
    /// Where it stands.
    pub status: AdviceStatus,
    /// Routine or urgent.
    pub urgency: Option<AdviceUrgency>,
    /// The outcome standing now.
    pub outcome: Option<AdviceOutcome>,
    /// When it was sent, RFC 3339.
    #[schema(format = DateTime)]
    pub sent_at: Option<String>,
    /// When the answer is due, RFC 3339.
    #[schema(format = DateTime)]
    pub due_at: Option<String>,
    /// Unanswered past its due time.
    pub overdue: bool,
    /// The name of the specialist holding it.
    pub claimed_by: Option<String>,
    /// Answered and not yet read by the GP.
    pub unread_answer: bool,
    /// Last change, RFC 3339.
    #[schema(format = DateTime)]
    pub updated_at: String,
    /// The start of the question.
    pub question_start: String,
}

impl From<InboxRow> for AdviceRequestRow {
    fn from(r: InboxRow) -> Self {
        Self {
            id: r.id,
            reference: r.reference,
            url: url_of(r.id),
            patient_name: r.patient_name,
            nhs_number: r.nhs_number.split_whitespace().collect(),
            practice_name: r.practice_name,
            service_name: r.service_name,
            status: r.status.into(),
            urgency: r.urgency.map(Into::into),
            outcome: r.outcome.map(Into::into),
            sent_at: r.sent_at.map(rfc3339),
            due_at: r.due_at.map(rfc3339),
            overdue: r.overdue,
            claimed_by: r.claimed_by_name,
            unread_answer: r.unread_answer,
            updated_at: rfc3339(r.updated_at),
            question_start: r.question_start,
        }
    }
}

// ---------------------------------------------------------------------------------------------
// What the API accepts.

/// A new advice request: saved as a draft (`send: false`) or sent to the service now.
#[derive(Debug, Deserialize, ToSchema)]
pub struct NewAdviceRequest {
    /// The patient, registered at the caller's practice.
    #[serde(default)]
    #[schema(required = true, value_type = String, format = Uuid)]
    pub patient_id: Option<String>,
    /// The specialist service to ask (required when sending).
    #[serde(default)]
    #[schema(value_type = Option<String>, format = Uuid)]
    pub service_id: Option<String>,
    /// The clinical question (required when sending; up to 4,000 characters).
    #[serde(default)]
    pub question: Option<String>,
    /// Relevant history (up to 8,000 characters).
    #[serde(default)]
    pub history: Option<String>,
    /// Current medicines (up to 8,000 characters).
    #[serde(default)]
    pub medicines: Option<String>,
    /// Relevant test results (up to 8,000 characters).
    #[serde(default)]
    pub results: Option<String>,
    /// `routine` or `urgent` (required when sending).
    #[serde(default)]
    #[schema(value_type = Option<AdviceUrgency>)]
    pub urgency: Option<String>,
    /// May the specialist convert this request into a referral (required when sending).
    #[serde(default)]
    pub referral_authorised: Option<bool>,
    /// `true` sends the request now (GPs only); `false` saves a draft.
    #[serde(default)]
    #[schema(required = true, value_type = bool)]
    pub send: Option<bool>,
}

/// The service's reply: an outcome with advice (also how an answered request's outcome changes).
#[derive(Debug, Deserialize, ToSchema)]
pub struct ReplyBody {
    /// The outcome given.
    #[serde(default)]
    #[schema(required = true, value_type = AdviceOutcome)]
    pub outcome: Option<String>,
    /// Advice for the GP, or what information is needed, or why it is redirected.
    #[serde(default)]
    #[schema(required = true, value_type = String)]
    pub advice: Option<String>,
    /// The plain-English summary the patient will read: required for final outcomes.
    #[serde(default)]
    pub patient_summary: Option<String>,
    /// Where to redirect the request (only with `redirected`).
    #[serde(default)]
    #[schema(value_type = Option<String>, format = Uuid)]
    pub redirect_service_id: Option<String>,
    /// The `version` of the request you saw.
    #[serde(default)]
    #[schema(required = true, value_type = i32)]
    pub expected_version: Option<i32>,
}

/// A message for the thread.
#[derive(Debug, Deserialize, ToSchema)]
pub struct MessageBody {
    /// The text (1 to 8,000 characters).
    #[serde(default)]
    #[schema(required = true, value_type = String)]
    pub body: Option<String>,
}

/// A change that depends on the version the caller saw.
#[derive(Debug, Deserialize, ToSchema)]
pub struct VersionBody {
    /// The `version` of the request you saw.
    #[serde(default)]
    #[schema(required = true, value_type = i32)]
    pub expected_version: Option<i32>,
}

/// The information the specialist asked the GP for.
#[derive(Debug, Deserialize, ToSchema)]
pub struct RespondBody {
    /// The information (1 to 8,000 characters).
    #[serde(default)]
    #[schema(required = true, value_type = String)]
    pub body: Option<String>,
    /// The `version` of the request you saw.
    #[serde(default)]
    #[schema(required = true, value_type = i32)]
    pub expected_version: Option<i32>,
}

/// The GP closes an answered request.
#[derive(Debug, Deserialize, ToSchema)]
pub struct CloseBody {
    /// What the GP did with the advice (required, except after a conversion to a referral).
    #[serde(default)]
    pub action_taken: Option<String>,
    /// The `version` of the request you saw.
    #[serde(default)]
    #[schema(required = true, value_type = i32)]
    pub expected_version: Option<i32>,
}

/// A file to attach, as `multipart/form-data`.
#[derive(Debug, ToSchema)]
pub struct AttachmentUpload {
    /// The file: JPEG, PNG or PDF by content, at most 5 MB.
    #[schema(value_type = String, format = Binary)]
    pub file: Vec<u8>,
}

/// Filters and paging for the caller's list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListQuery {
    /// One status (`draft`, `sent`, `awaiting_information`, `answered`, `closed`). Default: a
    /// service's unanswered requests (sent or awaiting information); all of a practice's.
    #[param(value_type = Option<AdviceStatus>)]
    pub status: Option<String>,
    /// `routine` or `urgent`.
    #[param(value_type = Option<AdviceUrgency>)]
    pub urgency: Option<String>,
    /// `true`: only requests past their due time.
    #[param(value_type = Option<bool>)]
    pub overdue: Option<String>,
    /// `true`: only the requests the caller wrote or sent (practice lists only).
    #[param(value_type = Option<bool>)]
    pub mine: Option<String>,
    /// Page size, 1 to 100 (default 20).
    #[param(value_type = Option<u64>)]
    pub limit: Option<String>,
    /// Page number, from 1.
    #[param(value_type = Option<u64>)]
    pub page: Option<String>,
}

// ---------------------------------------------------------------------------------------------
// Helpers.

/// A request's address.
fn url_of(id: Uuid) -> String {
    format!("{BASE}/{id}")
}

/// A stored UTC time as RFC 3339.
fn rfc3339(t: OffsetDateTime) -> String {
    t.to_offset(time::UtcOffset::UTC)
        .format(&Rfc3339)
        .unwrap_or_default()
}

/// The JSON pointer of a core or store field name; a dotted path (`gp_actions.2.due`) becomes
/// the pointer's steps.
fn pointer_of(field: &str) -> String {
    let json = match field {
        "patient" => "patient_id",
        "service" => "service_id",
        "redirect_service" => "redirect_service_id",
        "message" => "body",
        "attachment" => "file",
        other => other,
    };
    format!("/{}", json.replace('.', "/"))
}

fn problems(errors: Vec<FieldError>) -> Vec<FieldProblem> {
    errors
        .into_iter()
        .map(|e| FieldProblem {
            pointer: pointer_of(&e.field),
            detail: e.message,
        })
        .collect()
}

/// A store error as an API error, with field names translated to this API's JSON pointers.
fn store_error(e: StoreError) -> ApiError {
    match e {
        StoreError::Invalid(errors) => ApiError::Validation(problems(errors)),
        other => ApiError::from(other),
    }
}

/// A query parameter's value, trimmed; `None` when absent or blank.
fn given(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

/// A path segment as a request or attachment id; anything else names nothing there is.
fn path_id(raw: &str) -> Result<Uuid, ApiError> {
    Uuid::parse_str(raw).map_err(|_| ApiError::NotFound)
}

/// An optional id field: blank is none, anything else must be a UUID.
fn optional_id(raw: Option<&str>, pointer: &str, out: &mut Vec<FieldProblem>) -> Option<Uuid> {
    let raw = raw.map(str::trim).filter(|s| !s.is_empty())?;
    match Uuid::parse_str(raw) {
        Ok(id) => Some(id),
        Err(_) => {
            out.push(FieldProblem {
                pointer: pointer.into(),
                detail: "Send an id in UUID form".into(),
            });
            None
        }
    }
}

/// The `expected_version` of a body, which every versioned change needs.
fn expected(version: Option<i32>, out: &mut Vec<FieldProblem>) -> i32 {
    version.unwrap_or_else(|| {
        out.push(FieldProblem {
            pointer: "/expected_version".into(),
            detail: "Send the version of the request you saw as expected_version".into(),
        });
        0
    })
}

fn check(problems: Vec<FieldProblem>) -> Result<(), ApiError> {
    if problems.is_empty() {
        Ok(())
    } else {
        Err(ApiError::Validation(problems))
    }
}

/// The request as it stands now, read (and audited) for the caller.
async fn current(
    state: &AppState,
    caller: &ApiCaller,
    id: Uuid,
) -> Result<AdviceRequest, ApiError> {
    let v = store::view(&state.store, &caller.actor, id)
        .await
        .map_err(store_error)?;
    Ok(AdviceRequest::from(&v))
}

async fn answer(
    state: &AppState,
    caller: &ApiCaller,
    id: Uuid,
) -> Result<axum::Json<AdviceRequest>, ApiError> {
    current(state, caller, id).await.map(axum::Json)
}

// ---------------------------------------------------------------------------------------------
// Handlers.

/// `POST /api/v1/advice-requests`: writes a request for a patient of the caller's practice and
/// saves it as a draft or sends it. Send an `Idempotency-Key` to retry safely.
#[utoipa::path(post, path = "/api/v1/advice-requests", tag = "advice", request_body = NewAdviceRequest,
    params(("Idempotency-Key" = Option<String>, Header, description = "Makes retries safe: a repeat returns the first response and creates nothing")),
    responses(
        (status = 201, body = AdviceRequest, description = "Created; `Location` is its address",
            headers(("Location" = String, description = "The request's address"))),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json", description = "Practice staff cannot send; save a draft for a GP"),
        (status = 404, body = Problem, content_type = "application/problem+json", description = "The caller is not a practice"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []), ("session" = [])))]
pub async fn create_request(
    State(state): State<AppState>,
    caller: ApiCaller,
    claim: Option<Extension<Claim>>,
    ApiJson(body): ApiJson<NewAdviceRequest>,
) -> Result<Response, ApiError> {
    let mut bad = vec![];
    let patient_id = match body.patient_id.as_deref().map(str::trim) {
        None | Some("") => {
            bad.push(FieldProblem {
                pointer: "/patient_id".into(),
                detail: "Choose a patient registered at your practice".into(),
            });
            None
        }
        some => optional_id(some, "/patient_id", &mut bad),
    };
    let service_id = optional_id(body.service_id.as_deref(), "/service_id", &mut bad);
    let input = RequestInput {
        service_id,
        question: body.question.unwrap_or_default(),
        history: body.history.unwrap_or_default(),
        medicines: body.medicines.unwrap_or_default(),
        results: body.results.unwrap_or_default(),
        urgency: body.urgency,
        referral_authorised: body
            .referral_authorised
            .map(|yes| if yes { "yes" } else { "no" }.to_owned()),
    };
    let submission = match body.send {
        Some(true) => input.parse_for_sending().map(Submission::Send),
        Some(false) => input.parse_draft().map(Submission::Draft),
        None => {
            bad.push(FieldProblem {
                pointer: "/send".into(),
                detail: "Send true to send the request now, or false to save a draft".into(),
            });
            input.parse_draft().map(Submission::Draft)
        }
    };
    let submission = match submission {
        Ok(s) => s,
        Err(errors) => {
            // One problem a field: an id that is not a UUID is not also "missing".
            for p in problems(errors) {
                if !bad.iter().any(|b| b.pointer == p.pointer) {
                    bad.push(p);
                }
            }
            return Err(ApiError::Validation(bad));
        }
    };
    check(bad)?;
    let patient_id = patient_id.ok_or(ApiError::NotFound)?;
    let claim = claim.map(|Extension(c)| c);
    // The store commits this receipt with the request, so a retry can never create a second
    // one; the full answer replaces it just below, once the request can be read back.
    let receipt = |id: Uuid| {
        let body =
            serde_json::json!({ "id": id, "reference": store::reference(id), "url": url_of(id) });
        (201, body.to_string())
    };
    let id = store::submit(
        &state.store,
        &caller.actor,
        patient_id,
        None,
        &submission,
        claim,
        receipt,
    )
    .await
    .map_err(store_error)?;
    let created = current(&state, &caller, id).await?;
    let text = serde_json::to_string(&created).map_err(|e| ApiError::Internal(e.into()))?;
    if let Some(claim) = claim
        && let Err(e) = store_replay(&state, claim, &text).await
    {
        // The request exists and the receipt stands in for this answer: say so, don't fail.
        tracing::warn!(error = ?e, "keeping the receipt as the idempotent replay");
    }
    let location = HeaderValue::from_str(&url_of(id)).map_err(|e| ApiError::Internal(e.into()))?;
    Ok((
        StatusCode::CREATED,
        [
            (header::LOCATION, location),
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            ),
        ],
        text,
    )
        .into_response())
}

/// Replaces the receipt stored with a new request by the full answer, for a retry to replay.
async fn store_replay(state: &AppState, claim: Claim, text: &str) -> Result<(), StoreError> {
    let txn = state.store.write().await?;
    idempotency::complete(&txn, claim, 201, text).await?;
    txn.commit().await?;
    Ok(())
}

/// `GET /api/v1/advice-requests`: the caller's list. A specialist or secretary gets their
/// service's inbox (unanswered requests, soonest due first, unless `status` says otherwise); a
/// GP or practice staff get their practice's requests, most recently changed first.
#[utoipa::path(get, path = "/api/v1/advice-requests", tag = "advice", params(ListQuery),
    responses((status = 200, body = Listing<AdviceRequestRow>),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json", description = "The caller is neither a practice nor a service"),
        (status = 422, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []), ("session" = [])))]
pub async fn list_requests(
    State(state): State<AppState>,
    caller: ApiCaller,
    Query(q): Query<ListQuery>,
) -> Result<axum::Json<Listing<AdviceRequestRow>>, ApiError> {
    let practice_side = matches!(caller.actor.role, Role::Gp | Role::PracticeStaff);
    let mut bad = vec![];
    let mut field = |pointer: &str, detail: &str| {
        bad.push(FieldProblem {
            pointer: pointer.into(),
            detail: detail.into(),
        });
    };
    let status = given(&q.status).and_then(|s| {
        let parsed = Status::parse(s);
        if parsed.is_none() {
            field(
                "/status",
                "Status must be one of draft, sent, awaiting_information, answered, closed",
            );
        }
        parsed
    });
    let urgency = given(&q.urgency).and_then(|u| {
        let parsed = Urgency::parse(u);
        if parsed.is_none() {
            field("/urgency", "Urgency must be routine or urgent");
        }
        parsed
    });
    let mut flag = |name: &str, v: Option<&str>| match v {
        None | Some("false") => false,
        Some("true") => true,
        Some(_) => {
            field(
                &format!("/{name}"),
                &format!("{name} must be true or false"),
            );
            false
        }
    };
    let overdue = flag("overdue", given(&q.overdue));
    let mine = flag("mine", given(&q.mine));
    if mine && !practice_side {
        field(
            "/mine",
            "Only a practice's list can be narrowed to your own requests",
        );
    }
    let limit = match given(&q.limit).map(str::parse::<u64>) {
        None => PAGE_SIZE,
        Some(Ok(n)) if (1..=100).contains(&n) => n,
        Some(_) => {
            field("/limit", "Limit must be from 1 to 100");
            PAGE_SIZE
        }
    };
    let page = match given(&q.page).map(str::parse::<u64>) {
        None => 1,
        Some(Ok(n)) if (1..=1_000_000).contains(&n) => n,
        Some(_) => {
            field("/page", "Page must be a number from 1");
            1
        }
    };
    check(bad)?;
    let offset = (page - 1) * limit;
    let base = InboxFilter {
        status,
        urgency,
        mine,
        overdue,
        page: 1,
    };
    // The store pages by PAGE_SIZE: read the store pages that cover [offset, offset + limit).
    let first = offset / PAGE_SIZE + 1;
    let mut rows: Vec<InboxRow> = vec![];
    let mut total;
    let mut store_page = first;
    loop {
        let filter = InboxFilter {
            page: store_page,
            ..base
        };
        let got = if practice_side {
            store::practice_requests(&state.store, &caller.actor, &filter).await
        } else {
            store::inbox(&state.store, &caller.actor, &filter).await
        }
        .map_err(store_error)?;
        total = got.total;
        let skip = if store_page == first {
            (offset % PAGE_SIZE) as usize
        } else {
            0
        };
        rows.extend(got.items.into_iter().skip(skip));
        if rows.len() as u64 >= limit || store_page * PAGE_SIZE >= total {
            break;
        }
        store_page += 1;
    }
    rows.truncate(limit as usize);
    Ok(axum::Json(Listing {
        items: rows.into_iter().map(AdviceRequestRow::from).collect(),
        total,
        limit,
        offset,
    }))
}

/// `GET /api/v1/advice-requests/{id}`: one request with its thread and attachments (audited).
#[utoipa::path(get, path = "/api/v1/advice-requests/{id}", tag = "advice",
    params(("id" = Uuid, Path, description = "The request")),
    responses((status = 200, body = AdviceRequest),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []), ("session" = [])))]
pub async fn get_request(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(id): Path<String>,
) -> Result<axum::Json<AdviceRequest>, ApiError> {
    answer(&state, &caller, path_id(&id)?).await
}

/// Checks a reply body's shape and turns it into the core's input.
fn reply_input(body: ReplyBody) -> Result<ReplyInput, ApiError> {
    let mut bad = vec![];
    let redirect_service_id = optional_id(
        body.redirect_service_id.as_deref(),
        "/redirect_service_id",
        &mut bad,
    );
    let expected_version = expected(body.expected_version, &mut bad);
    check(bad)?;
    Ok(ReplyInput {
        outcome: body.outcome,
        advice: body.advice.unwrap_or_default(),
        patient_summary: body.patient_summary.unwrap_or_default(),
        redirect_service_id,
        expected_version,
    })
}

/// `POST /api/v1/advice-requests/{id}/reply`: a specialist of the service gives an outcome.
#[utoipa::path(post, path = "/api/v1/advice-requests/{id}/reply", tag = "advice", request_body = ReplyBody,
    params(("id" = Uuid, Path, description = "The request"),
        ("Idempotency-Key" = Option<String>, Header, description = "Makes retries safe: a repeat returns the first response")),
    responses((status = 200, body = AdviceRequest, description = "The request as it stands after the reply"),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json", description = "Only a specialist gives outcomes"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json", description = "Someone changed it first, or its status allows no reply"),
        (status = 422, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []), ("session" = [])))]
pub async fn reply(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<ReplyBody>,
) -> Result<axum::Json<AdviceRequest>, ApiError> {
    let id = path_id(&id)?;
    let input = reply_input(body)?;
    store::reply(&state.store, &caller.actor, id, &input)
        .await
        .map_err(store_error)?;
    answer(&state, &caller, id).await
}

/// `POST /api/v1/advice-requests/{id}/outcome`: a specialist changes the outcome of a request
/// the service has already answered (a request not yet answered is a 409: use `/reply`).
#[utoipa::path(post, path = "/api/v1/advice-requests/{id}/outcome", tag = "advice", request_body = ReplyBody,
    params(("id" = Uuid, Path, description = "The request"),
        ("Idempotency-Key" = Option<String>, Header, description = "Makes retries safe: a repeat returns the first response")),
    responses((status = 200, body = AdviceRequest, description = "The request with its new outcome"),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json", description = "Not answered yet, or someone changed it first"),
        (status = 422, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []), ("session" = [])))]
pub async fn change_outcome(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<ReplyBody>,
) -> Result<axum::Json<AdviceRequest>, ApiError> {
    let id = path_id(&id)?;
    let input = reply_input(body)?;
    let now = store::view(&state.store, &caller.actor, id)
        .await
        .map_err(store_error)?;
    // The reply below carries the caller's expected version, so a request that moves on
    // between this look and the change is refused there.
    if now.status != Status::Answered {
        return Err(ApiError::Conflict(
            "This request has not been answered yet. Give the first outcome with /reply".into(),
        ));
    }
    store::reply(&state.store, &caller.actor, id, &input)
        .await
        .map_err(store_error)?;
    answer(&state, &caller, id).await
}

/// `POST /api/v1/advice-requests/{id}/messages`: adds a message to the thread (either side).
#[utoipa::path(post, path = "/api/v1/advice-requests/{id}/messages", tag = "advice", request_body = MessageBody,
    params(("id" = Uuid, Path, description = "The request"),
        ("Idempotency-Key" = Option<String>, Header, description = "Makes retries safe: a repeat returns the first response")),
    responses((status = 200, body = AdviceRequest, description = "The request with the new message"),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json", description = "A draft or a closed request takes no messages"),
        (status = 422, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []), ("session" = [])))]
pub async fn post_message(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<MessageBody>,
) -> Result<axum::Json<AdviceRequest>, ApiError> {
    let id = path_id(&id)?;
    let input = MessageInput {
        message: body.body.unwrap_or_default(),
    };
    store::post_message(&state.store, &caller.actor, id, &input)
        .await
        .map_err(store_error)?;
    answer(&state, &caller, id).await
}

/// `POST /api/v1/advice-requests/{id}/claim`: a specialist takes the request to answer it.
#[utoipa::path(post, path = "/api/v1/advice-requests/{id}/claim", tag = "advice", request_body = VersionBody,
    params(("id" = Uuid, Path, description = "The request"),
        ("Idempotency-Key" = Option<String>, Header, description = "Makes retries safe: a repeat returns the first response")),
    responses((status = 200, body = AdviceRequest, description = "The request, claimed by the caller"),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []), ("session" = [])))]
pub async fn claim(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<VersionBody>,
) -> Result<axum::Json<AdviceRequest>, ApiError> {
    let id = path_id(&id)?;
    let mut bad = vec![];
    let version = expected(body.expected_version, &mut bad);
    check(bad)?;
    store::claim(&state.store, &caller.actor, id, version)
        .await
        .map_err(store_error)?;
    answer(&state, &caller, id).await
}

/// `POST /api/v1/advice-requests/{id}/release`: a specialist hands a claimed request back to
/// the service's queue.
#[utoipa::path(post, path = "/api/v1/advice-requests/{id}/release", tag = "advice", request_body = VersionBody,
    params(("id" = Uuid, Path, description = "The request"),
        ("Idempotency-Key" = Option<String>, Header, description = "Makes retries safe: a repeat returns the first response")),
    responses((status = 200, body = AdviceRequest, description = "The request, unclaimed"),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []), ("session" = [])))]
pub async fn release(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<VersionBody>,
) -> Result<axum::Json<AdviceRequest>, ApiError> {
    let id = path_id(&id)?;
    let mut bad = vec![];
    let version = expected(body.expected_version, &mut bad);
    check(bad)?;
    store::release(&state.store, &caller.actor, id, version)
        .await
        .map_err(store_error)?;
    answer(&state, &caller, id).await
}

/// `POST /api/v1/advice-requests/{id}/respond`: the GP sends the information the specialist
/// asked for; the clock resumes.
#[utoipa::path(post, path = "/api/v1/advice-requests/{id}/respond", tag = "advice", request_body = RespondBody,
    params(("id" = Uuid, Path, description = "The request"),
        ("Idempotency-Key" = Option<String>, Header, description = "Makes retries safe: a repeat returns the first response")),
    responses((status = 200, body = AdviceRequest, description = "The request, back with the service"),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []), ("session" = [])))]
pub async fn respond(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<RespondBody>,
) -> Result<axum::Json<AdviceRequest>, ApiError> {
    let id = path_id(&id)?;
    let mut bad = vec![];
    let version = expected(body.expected_version, &mut bad);
    let input = MessageInput {
        message: body.body.unwrap_or_default(),
    };
    if let Err(errors) = input.parse() {
        bad.splice(0..0, problems(errors));
    }
    check(bad)?;
    store::gp_respond(&state.store, &caller.actor, id, &input, version)
        .await
        .map_err(store_error)?;
    answer(&state, &caller, id).await
}

/// `POST /api/v1/advice-requests/{id}/close`: the GP records what they did with the answer.
#[utoipa::path(post, path = "/api/v1/advice-requests/{id}/close", tag = "advice", request_body = CloseBody,
    params(("id" = Uuid, Path, description = "The request"),
        ("Idempotency-Key" = Option<String>, Header, description = "Makes retries safe: a repeat returns the first response")),
    responses((status = 200, body = AdviceRequest, description = "The request, closed"),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []), ("session" = [])))]
pub async fn close(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<CloseBody>,
) -> Result<axum::Json<AdviceRequest>, ApiError> {
    let id = path_id(&id)?;
    let mut bad = vec![];
    let version = expected(body.expected_version, &mut bad);
    check(bad)?;
    let input = GpActionInput {
        action_taken: body.action_taken.unwrap_or_default(),
    };
    store::close(&state.store, &caller.actor, id, &input, version)
        .await
        .map_err(store_error)?;
    answer(&state, &caller, id).await
}

/// `POST /api/v1/advice-requests/{id}/read`: the GP has read the answer (no body).
#[utoipa::path(post, path = "/api/v1/advice-requests/{id}/read", tag = "advice",
    params(("id" = Uuid, Path, description = "The request"),
        ("Idempotency-Key" = Option<String>, Header, description = "Makes retries safe: a repeat returns the first response")),
    responses((status = 200, body = AdviceRequest, description = "The request as it stands"),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json", description = "Only a GP marks advice as read"),
        (status = 404, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []), ("session" = [])))]
pub async fn mark_read(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(id): Path<String>,
) -> Result<axum::Json<AdviceRequest>, ApiError> {
    let id = path_id(&id)?;
    store::mark_read(&state.store, &caller.actor, id)
        .await
        .map_err(store_error)?;
    answer(&state, &caller, id).await
}

/// `POST /api/v1/advice-requests/{id}/attachments`: attaches a file (`multipart/form-data`, part
/// `file`) to an open request. The type is decided by the content, never the name.
#[utoipa::path(post, path = "/api/v1/advice-requests/{id}/attachments", tag = "advice",
    request_body(content = AttachmentUpload, content_type = "multipart/form-data"),
    params(("id" = Uuid, Path, description = "The request"),
        ("Idempotency-Key" = Option<String>, Header, description = "Makes retries safe: a repeat returns the first response")),
    responses(
        (status = 201, body = AdviceAttachment, description = "Attached; `Location` is the download address",
            headers(("Location" = String, description = "Where to download the file"))),
        (status = 400, body = Problem, content_type = "application/problem+json", description = "Not a multipart body"),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json", description = "The request is closed"),
        (status = 422, body = Problem, content_type = "application/problem+json", description = "No file, an empty one, one over 5 MB, not a JPEG, PNG or PDF, or the eleventh")),
    security(("bearer" = []), ("session" = [])))]
pub async fn upload_attachment(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(id): Path<String>,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<Response, ApiError> {
    let id = path_id(&id)?;
    let mut multipart = multipart.map_err(|e| ApiError::BadRequest(e.body_text()))?;
    let unreadable = |e: axum::extract::multipart::MultipartError| {
        ApiError::BadRequest(format!(
            "The multipart body could not be read: {}",
            e.body_text()
        ))
    };
    let mut file = None;
    while let Some(part) = multipart.next_field().await.map_err(unreadable)? {
        if part.name() != Some("file") {
            continue;
        }
        let name = part.file_name().unwrap_or_default().to_owned();
        let declared = part.content_type().map(str::to_owned);
        let bytes = part.bytes().await.map_err(unreadable)?;
        file = Some((name, declared, bytes));
        break;
    }
    let Some((name, declared, bytes)) = file else {
        return Err(ApiError::field("/file", "Select a file to attach"));
    };
    let checked = check_attachment(&name, declared.as_deref(), &bytes)
        .map_err(|e| ApiError::field("/file", e.to_string()))?;
    let saved = store::add_attachment(
        &state.store,
        &*state.blobs,
        &caller.actor,
        id,
        &checked,
        &bytes,
    )
    .await
    .map_err(store_error)?;
    let json = AdviceAttachment::from(&saved);
    let location = HeaderValue::from_str(&json.url).map_err(|e| ApiError::Internal(e.into()))?;
    Ok((
        StatusCode::CREATED,
        [(header::LOCATION, location)],
        axum::Json(json),
    )
        .into_response())
}

/// `Content-Disposition` offering the file under its (already sanitised) name.
fn disposition(name: &str) -> String {
    let plain: String = name
        .chars()
        .map(|c| {
            if c == ' ' || (c.is_ascii_graphic() && c != '"' && c != '\\') {
                c
            } else {
                '_'
            }
        })
        .collect();
    let encoded: String = name
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                char::from(b).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    format!("attachment; filename=\"{plain}\"; filename*=UTF-8''{encoded}")
}

/// `GET /api/v1/advice-requests/{id}/attachments/{attachment_id}`: the file's bytes, with the
/// type its content showed (the download is audited).
#[utoipa::path(get, path = "/api/v1/advice-requests/{id}/attachments/{attachment_id}", tag = "advice",
    params(("id" = Uuid, Path, description = "The request"),
        ("attachment_id" = Uuid, Path, description = "The attachment")),
    responses(
        (status = 200, description = "The bytes, as `application/pdf`, `image/png` or `image/jpeg`",
            content(("application/pdf"), ("image/png"), ("image/jpeg"))),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []), ("session" = [])))]
pub async fn download_attachment(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path((id, attachment_id)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let (id, attachment_id) = (path_id(&id)?, path_id(&attachment_id)?);
    let (meta, bytes) = store::attachment(
        &state.store,
        &*state.blobs,
        &caller.actor,
        id,
        attachment_id,
    )
    .await
    .map_err(store_error)?;
    let value = |v: &str| HeaderValue::from_str(v).map_err(|e| ApiError::Internal(e.into()));
    Ok((
        [
            (header::CONTENT_TYPE, value(&meta.content_type)?),
            (
                header::CONTENT_DISPOSITION,
                value(&disposition(&meta.file_name))?,
            ),
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static("private, no-store"),
            ),
            (
                header::X_CONTENT_TYPE_OPTIONS,
                HeaderValue::from_static("nosniff"),
            ),
        ],
        bytes,
    )
        .into_response())
}
