//! The forms on the request page: claim, release, reply, message, the GP's response, mark as
//! read and close. Each calls one store use case and goes back to the request page (303); a
//! problem shows that page again with the message and what was typed.

use super::request::{Typed, render};
use super::{flash, parse_id, refusal};
use crate::app::AppState;
use crate::csrf::CsrfForm;
use crate::error::Result;
use crate::session::Acting;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use joinedup_core::advice::{GpActionInput, MessageInput, Outcome, ReplyInput};
use joinedup_store::StoreError;
use joinedup_store::advice;
use serde::Deserialize;
use uuid::Uuid;

/// A form that carries the version of the request the person saw (claim, release).
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct VersionForm {
    version: i32,
}

/// The GP's answer to a request for more information.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct RespondForm {
    message: String,
    version: i32,
}

/// What the GP did with the advice, when closing.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct CloseForm {
    action_taken: String,
    version: i32,
}

/// A form that carries only its CSRF token.
#[derive(Debug, Deserialize)]
pub struct EmptyForm {}

/// Back to the request page with `message`, or the page again with the problem linked to `anchor`.
async fn finish(
    state: &AppState,
    acting: &Acting,
    id: Uuid,
    result: Result<(), StoreError>,
    message: &str,
    typed: Typed,
    anchor: &str,
) -> Result<Response> {
    match result {
        Ok(()) => {
            flash(&acting.session, message).await?;
            Ok(Redirect::to(&format!("/advice/{id}")).into_response())
        }
        Err(e) => render(state, acting, id, typed, refusal(e, anchor)?).await,
    }
}

/// `POST /advice/{id}/claim`.
pub async fn claim(
    State(state): State<AppState>,
    acting: Acting,
    Path(id): Path<String>,
    CsrfForm(form): CsrfForm<VersionForm>,
) -> Result<Response> {
    let id = parse_id(&id)?;
    let result = advice::claim(&state.store, &acting.actor, id, form.version).await;
    let done = "You claimed this request. Colleagues can see it is yours";
    finish(
        &state,
        &acting,
        id,
        result,
        done,
        Typed::default(),
        "actions",
    )
    .await
}

/// `POST /advice/{id}/release`.
pub async fn release(
    State(state): State<AppState>,
    acting: Acting,
    Path(id): Path<String>,
    CsrfForm(form): CsrfForm<VersionForm>,
) -> Result<Response> {
    let id = parse_id(&id)?;
    let result = advice::release(&state.store, &acting.actor, id, form.version).await;
    let done = "You released this request to the service's queue";
    finish(
        &state,
        &acting,
        id,
        result,
        done,
        Typed::default(),
        "actions",
    )
    .await
}

/// `POST /advice/{id}/reply`: an outcome with advice; what was typed is kept on any problem,
/// including someone else's change since the page was opened.
pub async fn reply(
    State(state): State<AppState>,
    acting: Acting,
    Path(id): Path<String>,
    CsrfForm(input): CsrfForm<ReplyInput>,
) -> Result<Response> {
    let id = parse_id(&id)?;
    let result = advice::reply(&state.store, &acting.actor, id, &input).await;
    let done = match &result {
        Ok(Outcome::MoreInformationNeeded) => {
            "You asked the GP for more information. The clock is paused until they answer"
        }
        Ok(Outcome::Redirected) => {
            "You redirected this request. The other service's clock has started"
        }
        _ => "Your reply was sent to the GP",
    };
    let typed = Typed {
        outcome: input.outcome.clone().unwrap_or_default(),
        advice: input.advice.clone(),
        patient_summary: input.patient_summary.clone(),
        redirect_service: input
            .redirect_service_id
            .map(|s| s.to_string())
            .unwrap_or_default(),
        ..Typed::default()
    };
    let result = result.map(|_| ());
    finish(&state, &acting, id, result, done, typed, "outcome").await
}

/// `POST /advice/{id}/messages`.
pub async fn message(
    State(state): State<AppState>,
    acting: Acting,
    Path(id): Path<String>,
    CsrfForm(input): CsrfForm<MessageInput>,
) -> Result<Response> {
    let id = parse_id(&id)?;
    let result = advice::post_message(&state.store, &acting.actor, id, &input).await;
    let typed = Typed {
        message: input.message.clone(),
        ..Typed::default()
    };
    finish(
        &state,
        &acting,
        id,
        result,
        "Your message was added",
        typed,
        "message",
    )
    .await
}

/// `POST /advice/{id}/respond`: the GP sends the information asked for; the clock resumes.
pub async fn respond(
    State(state): State<AppState>,
    acting: Acting,
    Path(id): Path<String>,
    CsrfForm(form): CsrfForm<RespondForm>,
) -> Result<Response> {
    let id = parse_id(&id)?;
    let input = MessageInput {
        message: form.message.clone(),
    };
    // The response box is named `message` in the form but has its own id on the page, since
    // the message form sits beside it.
    let result = advice::gp_respond(&state.store, &acting.actor, id, &input, form.version)
        .await
        .map_err(|e| match e {
            StoreError::Invalid(errors) => StoreError::Invalid(
                errors
                    .into_iter()
                    .map(|mut e| {
                        e.field = "response".into();
                        e
                    })
                    .collect(),
            ),
            other => other,
        });
    let typed = Typed {
        response: form.message,
        ..Typed::default()
    };
    let done = "The information was sent to the specialist. Their clock has started again";
    finish(&state, &acting, id, result, done, typed, "response").await
}

/// `POST /advice/{id}/read`.
pub async fn read(
    State(state): State<AppState>,
    acting: Acting,
    Path(id): Path<String>,
    CsrfForm(_): CsrfForm<EmptyForm>,
) -> Result<Response> {
    let id = parse_id(&id)?;
    let result = advice::mark_read(&state.store, &acting.actor, id).await;
    let done = "You marked the answer as read";
    finish(
        &state,
        &acting,
        id,
        result,
        done,
        Typed::default(),
        "actions",
    )
    .await
}

/// `POST /advice/{id}/close`: the GP records what they did and the request closes.
pub async fn close(
    State(state): State<AppState>,
    acting: Acting,
    Path(id): Path<String>,
    CsrfForm(form): CsrfForm<CloseForm>,
) -> Result<Response> {
    let id = parse_id(&id)?;
    let input = GpActionInput {
        action_taken: form.action_taken.clone(),
    };
    let result = advice::close(&state.store, &acting.actor, id, &input, form.version).await;
    let typed = Typed {
        action_taken: form.action_taken,
        ..Typed::default()
    };
    let done = "You closed this request";
    finish(&state, &acting, id, result, done, typed, "action_taken").await
}
