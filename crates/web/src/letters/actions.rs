//! What is done to a sent letter: the practice acknowledges it and works its GP actions; the
//! patient says they do not understand it. Each succeeds back to the letter's page with a
//! message, or shows the page again with the problem beside the field.

use super::{flash, show};
use crate::app::AppState;
use crate::csrf::CsrfForm;
use crate::error::Result;
use crate::page::{ErrorItem, parse_id, refusal};
use crate::session::Acting;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use joinedup_core::letters::ActionState;
use joinedup_store::StoreError;
use joinedup_store::letters;
use uuid::Uuid;

/// After a change: back to the letter with `message`, or the letter again with the refusal
/// (its field errors renamed onto `field` when given, so they sit beside the right form).
async fn finish(
    state: &AppState,
    acting: &Acting,
    id: Uuid,
    result: std::result::Result<(), StoreError>,
    message: &str,
    anchor: &str,
) -> Result<Response> {
    let e = match result {
        Ok(()) => {
            flash(&acting.session, message).await?;
            return Ok(Redirect::to(&format!("/letters/{id}")).into_response());
        }
        Err(e) => e,
    };
    let (status, errors) = refusal(e, anchor)?;
    let errors = errors
        .into_iter()
        .map(|e| match e.field.as_str() {
            "reason" => ErrorItem::new(anchor, e.message),
            _ => e,
        })
        .collect();
    let view = letters::view(&state.store, &acting.actor, id).await?;
    let page = show::page(state, acting, view, errors).await?;
    Ok((status, page).into_response())
}

/// `POST /letters/{id}/acknowledge`.
pub async fn acknowledge(
    State(state): State<AppState>,
    acting: Acting,
    Path(id): Path<String>,
    CsrfForm(_): CsrfForm<Vec<(String, String)>>,
) -> Result<Response> {
    let id = parse_id(&id)?;
    let r = letters::acknowledge(&state.store, &acting.actor, id).await;
    finish(&state, &acting, id, r, "Letter acknowledged", "acknowledge").await
}

/// `POST /letters/{id}/actions/{action_id}`: the form's `state-<action>` and `reason-<action>`.
pub async fn update_action(
    State(state): State<AppState>,
    acting: Acting,
    Path((id, action_id)): Path<(String, String)>,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<Response> {
    let (id, action) = (parse_id(&id)?, parse_id(&action_id)?);
    let value = |name: String| {
        pairs
            .iter()
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    let anchor = format!("reason-{action}");
    let r = match ActionState::parse(&value(format!("state-{action}"))) {
        Some(s) => {
            let reason = value(anchor.clone());
            letters::update_action(&state.store, &acting.actor, id, action, s, &reason).await
        }
        None => Err(StoreError::Invalid(vec![
            joinedup_core::people::patient::FieldError {
                field: "reason".into(),
                message: "Select where this action stands".into(),
            },
        ])),
    };
    finish(&state, &acting, id, r, "Action updated", &anchor).await
}

/// `POST /letters/{id}/not-understood`.
pub async fn not_understood(
    State(state): State<AppState>,
    acting: Acting,
    Path(id): Path<String>,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<Response> {
    let id = parse_id(&id)?;
    let message = pairs
        .iter()
        .find(|(k, _)| k == "message")
        .map(|(_, v)| v.as_str())
        .unwrap_or_default();
    let r = letters::report_not_understood(&state.store, &acting.actor, id, message).await;
    finish(
        &state,
        &acting,
        id,
        r,
        "Thank you. The hospital team who wrote the letter will contact you to explain it",
        "message",
    )
    .await
}
