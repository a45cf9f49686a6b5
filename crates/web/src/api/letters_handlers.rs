//! The handlers of `/api/v1/letters` (the types are in `letters.rs`).

use super::*;
use crate::api::problem::Problem;

/// The list's query.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(default)]
pub struct ListQuery {
    /// `draft`, `sent` or `acknowledged` (default: a practice's unacknowledged letters; all
    /// of a service's).
    pub status: Option<String>,
    /// The page, from 1 (20 a page).
    pub page: Option<u64>,
}

/// Sending: the signing statement and the version read.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct SendBody {
    /// The version of the draft that was checked.
    pub expected_version: Option<i32>,
    /// `true`: "I have checked this letter and sign it as its author".
    pub signed: Option<bool>,
}

/// A GP action's new state.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct ActionBody {
    /// `open`, `done`, `not_needed` or `declined`.
    pub state: Option<String>,
    /// Needed for `not_needed` and `declined`.
    pub reason: String,
}

/// Text for the plain-English checker.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct CheckBody {
    /// The letter as plain text.
    pub text: String,
}

fn json_response(status: StatusCode, body: &LetterJson) -> Result<Response, ApiError> {
    let text = serde_json::to_string(body).map_err(|e| ApiError::Internal(e.into()))?;
    let location = HeaderValue::from_str(&body.url).map_err(|e| ApiError::Internal(e.into()))?;
    Ok((
        status,
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

/// `POST /api/v1/letters`: saves a new draft for a patient on the caller's service's caseload.
#[utoipa::path(post, path = "/api/v1/letters", tag = "letters", request_body = LetterBody,
    params(("Idempotency-Key" = Option<String>, Header, description = "Makes retries safe: a repeat returns the first response and creates nothing")),
    responses(
        (status = 201, body = LetterJson, description = "Created; `Location` is its address"),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json", description = "The caller does not write letters"),
        (status = 422, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []), ("session" = [])))]
pub async fn create_letter(
    State(state): State<AppState>,
    caller: ApiCaller,
    claim: Option<Extension<Claim>>,
    ApiJson(body): ApiJson<LetterBody>,
) -> Result<Response, ApiError> {
    let draft = body
        .input()
        .parse_draft()
        .map_err(|e| ApiError::Validation(problems(e)))?;
    let receipt = |id: Uuid| {
        let json = serde_json::json!({ "id": id, "reference": store::reference(id), "url": format!("{BASE}/{id}") });
        (201, json.to_string())
    };
    let claim = claim.map(|Extension(c)| c);
    let id = store::save_draft(&state.store, &caller.actor, None, &draft, claim, receipt)
        .await
        .map_err(store_error)?;
    json_response(StatusCode::CREATED, &current(&state, &caller, id).await?)
}

/// `GET /api/v1/letters`: the service's letters, the practice's inbox, or a patient's letters.
#[utoipa::path(get, path = "/api/v1/letters", tag = "letters", params(ListQuery),
    responses((status = 200, body = Listing<LetterRowJson>),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []), ("session" = [])))]
pub async fn list_letters(
    State(state): State<AppState>,
    caller: ApiCaller,
    Query(q): Query<ListQuery>,
) -> Result<axum::Json<Listing<LetterRowJson>>, ApiError> {
    let status = match q.status.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => None,
        Some(s) => Some(Status::parse(s).ok_or_else(|| {
            ApiError::Validation(vec![FieldProblem {
                pointer: "/status".into(),
                detail: "Use draft, sent or acknowledged".into(),
            }])
        })?),
    };
    let filter = LetterFilter {
        status,
        page: q.page.unwrap_or(1).max(1),
    };
    let a = &caller.actor;
    let page = match a.role {
        joinedup_core::people::Role::Gp | joinedup_core::people::Role::PracticeStaff => {
            store::practice_inbox(&state.store, a, &filter).await
        }
        joinedup_core::people::Role::Patient => {
            store::patient_letters(&state.store, a, filter.page).await
        }
        _ => store::service_letters(&state.store, a, &filter).await,
    }
    .map_err(store_error)?;
    Ok(axum::Json(Listing {
        total: page.total,
        limit: PAGE_SIZE,
        offset: (page.page - 1) * PAGE_SIZE,
        items: page.items.into_iter().map(LetterRowJson::from).collect(),
    }))
}

/// `GET /api/v1/letters/{id}`: one letter (audited).
#[utoipa::path(get, path = "/api/v1/letters/{id}", tag = "letters",
    params(("id" = Uuid, Path, description = "The letter")),
    responses((status = 200, body = LetterJson),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []), ("session" = [])))]
pub async fn get_letter(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(id): Path<String>,
) -> Result<axum::Json<LetterJson>, ApiError> {
    Ok(axum::Json(current(&state, &caller, path_id(&id)?).await?))
}

/// `PUT /api/v1/letters/{id}`: replaces a draft's content (send `expected_version`).
#[utoipa::path(put, path = "/api/v1/letters/{id}", tag = "letters", request_body = LetterBody,
    params(("id" = Uuid, Path, description = "The letter")),
    responses((status = 200, body = LetterJson),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json", description = "Sent already, or changed since `expected_version`"),
        (status = 422, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []), ("session" = [])))]
pub async fn update_letter(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<LetterBody>,
) -> Result<axum::Json<LetterJson>, ApiError> {
    let id = path_id(&id)?;
    let Some(version) = body.expected_version else {
        return Err(ApiError::Validation(vec![FieldProblem {
            pointer: "/expected_version".into(),
            detail: "Send the version of the draft you read".into(),
        }]));
    };
    let draft = body
        .input()
        .parse_draft()
        .map_err(|e| ApiError::Validation(problems(e)))?;
    store::save_draft(
        &state.store,
        &caller.actor,
        Some((id, version)),
        &draft,
        None,
        |_| (0, String::new()),
    )
    .await
    .map_err(store_error)?;
    Ok(axum::Json(current(&state, &caller, id).await?))
}

/// `POST /api/v1/letters/{id}/send`: signs the draft as it stands and sends it (specialists).
#[utoipa::path(post, path = "/api/v1/letters/{id}/send", tag = "letters", request_body = SendBody,
    params(("id" = Uuid, Path, description = "The letter")),
    responses((status = 200, body = LetterJson),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json", description = "Only a specialist signs"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json", description = "Sent already, or changed since `expected_version`"),
        (status = 422, body = Problem, content_type = "application/problem+json", description = "Unsigned, or incomplete: each problem points at its field")),
    security(("bearer" = []), ("session" = [])))]
pub async fn send_letter(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<SendBody>,
) -> Result<axum::Json<LetterJson>, ApiError> {
    let id = path_id(&id)?;
    let v = store::view(&state.store, &caller.actor, id)
        .await
        .map_err(store_error)?;
    let input = LetterInput::from_letter(
        &v.patient.nhs_number.as_digits(),
        v.kind,
        v.letter.event_at,
        v.addressee,
        &v.letter.gp_reason,
        &v.content,
    );
    let mut bad = vec![];
    if body.signed != Some(true) {
        bad.push(FieldProblem {
            pointer: "/signed".into(),
            detail:
                "Send signed: true to confirm you have checked the letter and sign it as its author"
                    .into(),
        });
    }
    let version = body.expected_version.unwrap_or(v.letter.version);
    let parsed = input.parse_for_sending(OffsetDateTime::now_utc());
    if let Err(errors) = &parsed {
        bad.extend(problems(errors.clone()));
    }
    let letter = match parsed {
        Ok(l) if bad.is_empty() => l,
        _ => return Err(ApiError::Validation(bad)),
    };
    let addressee: Addressee = letter.addressee;
    let report = checker().check(&letter.content.checker_text(addressee));
    let facts = CheckFacts {
        reading_age: report.reading_age,
        flesch_reading_ease: report.flesch_reading_ease,
        plain: report.verdict == Verdict::Plain,
    };
    store::sign_and_send(
        &state.store,
        &caller.actor,
        id,
        version,
        &letter,
        facts,
        None,
        |_| (0, String::new()),
    )
    .await
    .map_err(store_error)?;
    Ok(axum::Json(current(&state, &caller, id).await?))
}

/// `POST /api/v1/letters/{id}/acknowledge`: the practice has the letter (repeats change nothing).
#[utoipa::path(post, path = "/api/v1/letters/{id}/acknowledge", tag = "letters",
    params(("id" = Uuid, Path, description = "The letter")),
    responses((status = 200, body = LetterJson),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []), ("session" = [])))]
pub async fn acknowledge_letter(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(id): Path<String>,
) -> Result<axum::Json<LetterJson>, ApiError> {
    let id = path_id(&id)?;
    store::acknowledge(&state.store, &caller.actor, id)
        .await
        .map_err(store_error)?;
    Ok(axum::Json(current(&state, &caller, id).await?))
}

/// `POST /api/v1/letters/{id}/actions/{action_id}`: marks a GP action done, not needed or
/// declined (with a reason), or open again.
#[utoipa::path(post, path = "/api/v1/letters/{id}/actions/{action_id}", tag = "letters", request_body = ActionBody,
    params(("id" = Uuid, Path, description = "The letter"), ("action_id" = Uuid, Path, description = "The GP action")),
    responses((status = 200, body = LetterJson),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []), ("session" = [])))]
pub async fn update_action(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path((id, action_id)): Path<(String, String)>,
    ApiJson(body): ApiJson<ActionBody>,
) -> Result<axum::Json<LetterJson>, ApiError> {
    let (id, action_id) = (path_id(&id)?, path_id(&action_id)?);
    let Some(s) = body.state.as_deref().and_then(ActionState::parse) else {
        return Err(ApiError::Validation(vec![FieldProblem {
            pointer: "/state".into(),
            detail: "Use open, done, not_needed or declined".into(),
        }]));
    };
    store::update_action(&state.store, &caller.actor, id, action_id, s, &body.reason)
        .await
        .map_err(store_error)?;
    Ok(axum::Json(current(&state, &caller, id).await?))
}

/// `POST /api/v1/letters/check`: the plain-English checker's report on a letter's text
/// (nothing is stored). The report's fields are those of `joinedup letters check --json`.
#[utoipa::path(post, path = "/api/v1/letters/check", tag = "letters", request_body = CheckBody,
    responses((status = 200, description = "The report: verdict, reading_age, flesch_reading_ease, jargon, long_sentences, gp_actions, interface_concerns, addressed_to_patient, …", body = Object),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []), ("session" = [])))]
pub async fn check_text(
    _caller: ApiCaller,
    ApiJson(body): ApiJson<CheckBody>,
) -> Result<axum::Json<serde_json::Value>, ApiError> {
    if body.text.trim().is_empty() {
        return Err(ApiError::Validation(vec![FieldProblem {
            pointer: "/text".into(),
            detail: "Send the letter's text".into(),
        }]));
    }
    let report = checker().check(&body.text);
    serde_json::to_value(&report)
        .map(axum::Json)
        .map_err(|e| ApiError::Internal(e.into()))
}
