//! After sending: the practice acknowledges a letter and works its GP actions; the patient may
//! say they do not understand it, which goes to the sending service.

use super::entity::{letter, letter_action, letter_query};
use super::totals::{self, Place};
use super::{check_scope, event, load_scoped, refused};
use crate::audit;
use crate::people::ActorContext;
use crate::people::entity::{membership, service};
use crate::platform::notifications;
use crate::{Result, Store, StoreError, now};
use joinedup_core::advice::input::clean_text;
use joinedup_core::audit::outcome;
use joinedup_core::letters::tally::Tally;
use joinedup_core::letters::workflow::{Event, transition};
use joinedup_core::letters::{ActionState, Status};
use joinedup_core::people::Role;
use joinedup_core::people::patient::FieldError;
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QuerySelect};
use uuid::Uuid;

/// Longest reason or message, in characters.
pub const MAX_REASON_CHARS: usize = 2000;

fn invalid(field: &'static str, message: String) -> StoreError {
    StoreError::Invalid(vec![FieldError {
        field: field.into(),
        message,
    }])
}

/// Records that the actor's practice has letter `id`. Acknowledging again changes nothing and
/// is not an error, so a repeated click or retried request is harmless.
pub async fn acknowledge(store: &Store, ctx: &ActorContext, id: Uuid) -> Result<()> {
    transition(Status::Sent, Event::Acknowledge, ctx.role).map_err(refused)?;
    check_scope(store, ctx, id, "letter.acknowledge").await?;
    let txn = store.write().await?;
    let (row, nhs, _) = load_scoped(&txn, ctx, id).await?;
    let status = Status::parse(&row.status).unwrap_or(Status::Draft);
    if status == Status::Acknowledged {
        return Ok(());
    }
    transition(status, Event::Acknowledge, ctx.role).map_err(refused)?;
    let t = now();
    let res = letter::Entity::update_many()
        .set(letter::ActiveModel {
            status: Set(Status::Acknowledged.as_str().into()),
            acknowledged_by: Set(Some(ctx.user_id)),
            acknowledged_at: Set(Some(t)),
            updated_at: Set(t),
            version: Set(row.version + 1),
            ..Default::default()
        })
        .filter(letter::Column::Id.eq(id))
        .filter(letter::Column::Status.eq(Status::Sent.as_str()))
        .exec(&txn)
        .await?;
    // Someone else at the practice acknowledged it a moment ago: theirs is the one counted.
    if res.rows_affected != 1 {
        return Ok(());
    }
    if let Some(place) = Place::of(&row) {
        totals::add(&txn, place, &Tally::acknowledged(place.sent_at, t)).await?;
    }
    audit::record(
        &txn,
        &ctx.audit(),
        event("letter.acknowledge", &nhs, id, outcome::SUCCESS),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Sets GP action `action_id` of letter `id` to `state`, with the reason that "not needed" and
/// "declined" require.
pub async fn update_action(
    store: &Store,
    ctx: &ActorContext,
    id: Uuid,
    action_id: Uuid,
    state: ActionState,
    reason: &str,
) -> Result<()> {
    transition(Status::Sent, Event::UpdateAction, ctx.role).map_err(refused)?;
    let reason = clean_text(reason);
    if state.needs_reason() && reason.is_empty() {
        let what = match state {
            ActionState::Declined => "why this is not the GP's responsibility",
            _ => "why this action is not needed",
        };
        return Err(invalid("reason", format!("Enter {what}")));
    }
    if reason.chars().count() > MAX_REASON_CHARS {
        return Err(invalid(
            "reason",
            format!("The reason must be {MAX_REASON_CHARS} characters or fewer"),
        ));
    }
    check_scope(store, ctx, id, "letter.action").await?;
    let txn = store.write().await?;
    let (row, nhs, _) = load_scoped(&txn, ctx, id).await?;
    let status = Status::parse(&row.status).unwrap_or(Status::Draft);
    transition(status, Event::UpdateAction, ctx.role).map_err(refused)?;
    let before = letter_action::Entity::find_by_id(action_id)
        .filter(letter_action::Column::LetterId.eq(id))
        .lock_exclusive()
        .one(&txn)
        .await?
        .ok_or(StoreError::NotFound)?;
    let due_on = before.due_on;
    let before = ActionState::parse(&before.state).unwrap_or(ActionState::Open);
    let res = letter_action::Entity::update_many()
        .set(letter_action::ActiveModel {
            state: Set(state.as_str().into()),
            reason: Set(if state.needs_reason() {
                reason
            } else {
                String::new()
            }),
            updated_by: Set(Some(ctx.user_id)),
            settled_at: Set(state.is_settled().then(now)),
            ..Default::default()
        })
        .filter(letter_action::Column::Id.eq(action_id))
        .filter(letter_action::Column::LetterId.eq(id))
        .exec(&txn)
        .await?;
    if res.rows_affected != 1 {
        return Err(StoreError::NotFound);
    }
    if let Some(place) = Place::of(&row) {
        totals::add(&txn, place, &Tally::action_moved(before, state, due_on)).await?;
    }
    let action = match state {
        ActionState::Declined => "letter.action.declined",
        _ => "letter.action",
    };
    audit::record(
        &txn,
        &ctx.audit(),
        event(action, &nhs, id, outcome::SUCCESS),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// The patient says they do not understand letter `id`: the report goes to the sending
/// service's clinical lead (or, without one, to every specialist of the service).
pub async fn report_not_understood(
    store: &Store,
    ctx: &ActorContext,
    id: Uuid,
    message: &str,
) -> Result<()> {
    transition(Status::Sent, Event::ReportNotUnderstood, ctx.role).map_err(refused)?;
    let message = clean_text(message);
    if message.chars().count() > MAX_REASON_CHARS {
        return Err(invalid(
            "message",
            format!("Your message must be {MAX_REASON_CHARS} characters or fewer"),
        ));
    }
    check_scope(store, ctx, id, "letter.not_understood").await?;
    let txn = store.write().await?;
    let (row, nhs, _) = load_scoped(&txn, ctx, id).await?;
    letter_query::Entity::insert(letter_query::ActiveModel {
        id: Set(Uuid::now_v7()),
        letter_id: Set(id),
        service_id: Set(row.service_id),
        user_id: Set(ctx.user_id),
        message: Set(message),
        created_at: Set(now()),
    })
    .exec_without_returning(&txn)
    .await?;
    let svc = service::Entity::find_by_id(row.service_id)
        .one(&txn)
        .await?;
    let recipients = match svc.and_then(|s| s.lead_user_id) {
        Some(lead) => vec![lead],
        None => membership::Entity::find()
            .filter(membership::Column::ServiceId.eq(row.service_id))
            .filter(membership::Column::Role.eq(Role::Specialist.as_str()))
            .all(&txn)
            .await?
            .into_iter()
            .map(|m| m.user_id)
            .collect(),
    };
    let link = format!("/letters/{id}");
    let body = format!(
        "A patient has said they do not understand letter {}. Please contact them to explain it.",
        super::reference(id)
    );
    for user_id in recipients {
        notifications::notify(
            &txn,
            user_id,
            notifications::Notice {
                title: "A patient does not understand a letter",
                body: &body,
                link: Some(&link),
                email_to: None,
            },
        )
        .await?;
    }
    audit::record(
        &txn,
        &ctx.audit(),
        event("letter.not_understood", &nhs, id, outcome::SUCCESS),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}
