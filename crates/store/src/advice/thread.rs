//! What happens to a sent request: claims, replies with outcomes, messages, the GP's response,
//! reading, closing and attachments. Each is one transaction with its audit entry.

use super::entity::{advice_attachment, advice_request};
use super::{
    Side, add_message, check_scope, clock_of, event, load_scoped, refused, save_versioned,
    schedule_deadline_jobs, tell,
};
use crate::audit;
use crate::people::ActorContext;
use crate::platform::blobs::BlobStore;
use crate::{Result, Store, StoreError, now};
use joinedup_core::advice::{
    CheckedAttachment, Claim, Context, Event, GpActionInput, MessageInput, Outcome, ReplyFacts,
    ReplyInput, ResponseStandard, Status, check_attachment_count, transition,
};
use joinedup_core::audit::outcome;
use joinedup_core::calendar::Calendar;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, DatabaseTransaction, EntityTrait, PaginatorTrait, QueryFilter,
};
use uuid::Uuid;

fn claim_state(ctx: &ActorContext, r: &advice_request::Model) -> Claim {
    match r.claimed_by {
        None => Claim::Unclaimed,
        Some(u) if u == ctx.user_id => Claim::ByActor,
        Some(_) => Claim::ByOther,
    }
}

fn status_of(r: &advice_request::Model) -> Status {
    Status::parse(&r.status).unwrap_or(Status::Closed)
}

/// Checks `event` against the state machine for this actor and request.
fn check(ctx: &ActorContext, r: &advice_request::Model, e: Event) -> Result<Status> {
    transition(
        status_of(r),
        e,
        Context {
            role: ctx.role,
            claim: claim_state(ctx, r),
        },
    )
    .map_err(refused)
}

async fn audited(
    txn: &DatabaseTransaction,
    ctx: &ActorContext,
    action: &str,
    nhs: &str,
    id: Uuid,
) -> Result<()> {
    audit::record(txn, &ctx.audit(), event(action, nhs, id, outcome::SUCCESS)).await?;
    Ok(())
}

/// A specialist takes the request so colleagues do not answer it too.
pub async fn claim(
    store: &Store,
    ctx: &ActorContext,
    id: Uuid,
    expected_version: i32,
) -> Result<()> {
    check_scope(store, ctx, id, "advice.claim").await?;
    let txn = store.write().await?;
    let (r, nhs, _) = load_scoped(&txn, ctx, id).await?;
    check(ctx, &r, Event::Claim)?;
    let row = advice_request::ActiveModel {
        claimed_by: Set(Some(ctx.user_id)),
        ..Default::default()
    };
    save_versioned(&txn, row, id, expected_version).await?;
    add_message(&txn, ctx, id, "claimed", None, "Claimed this request").await?;
    audited(&txn, ctx, "advice.claim", &nhs, id).await?;
    txn.commit().await?;
    Ok(())
}

/// A specialist hands a claimed request back to the service's queue.
pub async fn release(
    store: &Store,
    ctx: &ActorContext,
    id: Uuid,
    expected_version: i32,
) -> Result<()> {
    check_scope(store, ctx, id, "advice.release").await?;
    let txn = store.write().await?;
    let (r, nhs, _) = load_scoped(&txn, ctx, id).await?;
    check(ctx, &r, Event::Release)?;
    let row = advice_request::ActiveModel {
        claimed_by: Set(None),
        ..Default::default()
    };
    save_versioned(&txn, row, id, expected_version).await?;
    add_message(
        &txn,
        ctx,
        id,
        "released",
        None,
        "Released this request to the service's queue",
    )
    .await?;
    audited(&txn, ctx, "advice.release", &nhs, id).await?;
    txn.commit().await?;
    Ok(())
}

/// The service replies with advice and one outcome, checked against the request as it stands
/// (`input.expected_version` is the version the specialist saw). Field problems are `Invalid`;
/// someone else's change since is `Conflict`, and nothing is written.
pub async fn reply(
    store: &Store,
    ctx: &ActorContext,
    id: Uuid,
    input: &ReplyInput,
) -> Result<Outcome> {
    joinedup_core::advice::check_role(Event::Reply(Outcome::AdviceGiven), ctx.role)
        .map_err(refused)?;
    check_scope(store, ctx, id, "advice.reply").await?;
    let txn = store.write().await?;
    let (r, nhs, _) = load_scoped(&txn, ctx, id).await?;
    let current_service_id = r.service_id.ok_or(StoreError::NotFound)?;
    let reply = input
        .parse(&ReplyFacts {
            authorised: r.referral_authorised == Some(true),
            current_service_id,
        })
        .map_err(StoreError::Invalid)?;
    let next = check(ctx, &r, Event::Reply(reply.outcome))?;
    let calendar = Calendar::england_and_wales();
    let t = now();
    let clock = clock_of(&r).ok_or(StoreError::NotFound)?;
    let mut row = advice_request::ActiveModel {
        status: Set(next.as_str().into()),
        outcome: Set(Some(reply.outcome.as_str().into())),
        ..Default::default()
    };
    if let Some(summary) = &reply.patient_summary {
        row.patient_summary = Set(Some(summary.clone()));
    }
    let mut body = reply.advice.clone();
    match reply.outcome {
        Outcome::MoreInformationNeeded => {
            let paused = clock.paused(t);
            row.paused_since = Set(paused.paused_since);
            row.due_at = Set(Some(paused.due_at(&calendar)));
        }
        Outcome::Redirected => {
            let to = reply.redirect_to.ok_or(StoreError::NotFound)?;
            let target = super::service_choices(&txn, Some(to))
                .await?
                .into_iter()
                .next();
            let Some(target) = target.filter(|s| s.takes_requests) else {
                return Err(StoreError::Invalid(vec![
                    joinedup_core::advice::FieldError {
                        field: "redirect_service".into(),
                        message:
                            "That service does not take advice requests. Choose another service"
                                .into(),
                    },
                ]));
            };
            let standard = ResponseStandard::new(target.standard_days).unwrap_or_default();
            let fresh = clock.redirected(t, standard);
            row.service_id = Set(Some(to));
            row.claimed_by = Set(None);
            row.clock_started_at = Set(Some(t));
            row.standard_days = Set(Some(standard.days() as i32));
            row.paused_days = Set(0);
            row.paused_since = Set(None);
            row.paused_working_seconds = Set(0);
            row.due_at = Set(Some(fresh.due_at(&calendar)));
            row.reminded_at = Set(None);
            row.escalated_at = Set(None);
            schedule_deadline_jobs(&txn, id, &fresh, &calendar).await?;
            body = format!("Redirected to {}.\n\n{}", target.label(), reply.advice);
        }
        _ => {
            if r.answered_at.is_none() {
                row.answered_at = Set(Some(t));
                row.answered_by = Set(Some(ctx.user_id));
                row.within_standard = Set(Some(clock.within_standard(&calendar, t)));
                row.response_working_seconds = Set(Some(clock.response_working_seconds(
                    &calendar,
                    t,
                    r.paused_working_seconds,
                )));
            }
            row.claimed_by = Set(Some(ctx.user_id));
            row.gp_read_at = Set(None);
        }
    }
    save_versioned(&txn, row, id, input.expected_version).await?;
    add_message(&txn, ctx, id, "reply", Some(reply.outcome), &body).await?;
    audited(&txn, ctx, "advice.reply", &nhs, id).await?;
    if let Some(gp) = r.sent_by {
        let service = ctx.service_name.clone().unwrap_or_default();
        let (title, text) = match reply.outcome {
            Outcome::MoreInformationNeeded => (
                "A specialist needs more information".to_owned(),
                format!(
                    "{service} has asked for more information about advice request {}.",
                    super::reference(id)
                ),
            ),
            Outcome::Redirected => (
                "Your advice request was redirected".to_owned(),
                format!(
                    "{service} redirected advice request {} to a more suitable service.",
                    super::reference(id)
                ),
            ),
            o => (
                "Specialist advice has arrived".to_owned(),
                format!(
                    "{service} answered advice request {}: {}.",
                    super::reference(id),
                    o.label()
                ),
            ),
        };
        tell(&txn, gp, &title, &text, id).await?;
    }
    txn.commit().await?;
    Ok(reply.outcome)
}

/// Adds a message to the thread; the status and clock do not change.
pub async fn post_message(
    store: &Store,
    ctx: &ActorContext,
    id: Uuid,
    input: &MessageInput,
) -> Result<()> {
    let body = input.parse().map_err(StoreError::Invalid)?;
    check_scope(store, ctx, id, "advice.message").await?;
    let txn = store.write().await?;
    let (r, nhs, side) = load_scoped(&txn, ctx, id).await?;
    check(ctx, &r, Event::PostMessage)?;
    add_message(&txn, ctx, id, "message", None, &body).await?;
    touch(&txn, id).await?;
    audited(&txn, ctx, "advice.message", &nhs, id).await?;
    let to = match side {
        Side::Practice(_) => r.claimed_by,
        Side::Service(_) => r.sent_by,
    };
    if let Some(to) = to.filter(|u| *u != ctx.user_id) {
        let text = format!(
            "{} added a message to advice request {}.",
            ctx.display_name,
            super::reference(id)
        );
        tell(&txn, to, "New message on an advice request", &text, id).await?;
    }
    txn.commit().await?;
    Ok(())
}

/// Marks the request as changed (for the practice's list order) without a new version.
async fn touch(txn: &DatabaseTransaction, id: Uuid) -> Result<()> {
    advice_request::Entity::update_many()
        .col_expr(
            advice_request::Column::UpdatedAt,
            sea_orm::sea_query::Expr::value(now()),
        )
        .filter(advice_request::Column::Id.eq(id))
        .exec(txn)
        .await?;
    Ok(())
}

/// The GP sends the information the specialist asked for; the clock resumes, moved on by the
/// working days spent waiting.
pub async fn gp_respond(
    store: &Store,
    ctx: &ActorContext,
    id: Uuid,
    input: &MessageInput,
    expected_version: i32,
) -> Result<()> {
    let body = input.parse().map_err(StoreError::Invalid)?;
    check_scope(store, ctx, id, "advice.respond").await?;
    let txn = store.write().await?;
    let (r, nhs, _) = load_scoped(&txn, ctx, id).await?;
    let next = check(ctx, &r, Event::GpRespond)?;
    let calendar = Calendar::england_and_wales();
    let t = now();
    let clock = clock_of(&r).ok_or(StoreError::NotFound)?;
    let waited = clock
        .paused_since
        .map_or(0, |since| calendar.working_seconds_between(since, t));
    let resumed = clock.resumed(&calendar, t);
    let row = advice_request::ActiveModel {
        status: Set(next.as_str().into()),
        paused_since: Set(None),
        paused_days: Set(resumed.paused_days as i32),
        paused_working_seconds: Set(r.paused_working_seconds + waited),
        due_at: Set(Some(resumed.due_at(&calendar))),
        // The due time moved, so the fresh reminder and escalation must not be skipped.
        reminded_at: Set(None),
        escalated_at: Set(None),
        ..Default::default()
    };
    save_versioned(&txn, row, id, expected_version).await?;
    schedule_deadline_jobs(&txn, id, &resumed, &calendar).await?;
    add_message(&txn, ctx, id, "gp_response", None, &body).await?;
    audited(&txn, ctx, "advice.respond", &nhs, id).await?;
    if let Some(to) = r.claimed_by {
        let text = format!(
            "The GP has sent the information you asked for on advice request {}.",
            super::reference(id)
        );
        tell(&txn, to, "The GP has answered your question", &text, id).await?;
    }
    txn.commit().await?;
    Ok(())
}

/// The GP has read the answer (first reading only; later readings change nothing).
pub async fn mark_read(store: &Store, ctx: &ActorContext, id: Uuid) -> Result<()> {
    check_scope(store, ctx, id, "advice.read").await?;
    let txn = store.write().await?;
    let (r, nhs, side) = load_scoped(&txn, ctx, id).await?;
    if !matches!(side, Side::Practice(_)) || ctx.role != joinedup_core::people::Role::Gp {
        return Err(StoreError::Forbidden(
            "Only a GP can mark advice as read".into(),
        ));
    }
    if r.gp_read_at.is_none() && status_of(&r) == Status::Answered {
        advice_request::Entity::update_many()
            .col_expr(
                advice_request::Column::GpReadAt,
                sea_orm::sea_query::Expr::value(now()),
            )
            .filter(advice_request::Column::Id.eq(id))
            .exec(&txn)
            .await?;
        audited(&txn, ctx, "advice.read", &nhs, id).await?;
    }
    txn.commit().await?;
    Ok(())
}

/// The GP accepts the answer and records what they did with it; the request closes.
pub async fn close(
    store: &Store,
    ctx: &ActorContext,
    id: Uuid,
    input: &GpActionInput,
    expected_version: i32,
) -> Result<()> {
    check_scope(store, ctx, id, "advice.close").await?;
    let txn = store.write().await?;
    let (r, nhs, _) = load_scoped(&txn, ctx, id).await?;
    let next = check(ctx, &r, Event::Close)?;
    let outcome = r
        .outcome
        .as_deref()
        .and_then(Outcome::parse)
        .ok_or_else(|| StoreError::Conflict("The specialist has not answered yet".into()))?;
    let action = input.parse(outcome).map_err(StoreError::Invalid)?;
    let t = now();
    let row = advice_request::ActiveModel {
        status: Set(next.as_str().into()),
        gp_action: Set(action.clone()),
        gp_read_at: Set(Some(r.gp_read_at.unwrap_or(t))),
        closed_at: Set(Some(t)),
        ..Default::default()
    };
    save_versioned(&txn, row, id, expected_version).await?;
    let body = action.unwrap_or_else(|| "Read and accepted the answer".into());
    add_message(&txn, ctx, id, "closed", None, &body).await?;
    audited(&txn, ctx, "advice.close", &nhs, id).await?;
    txn.commit().await?;
    Ok(())
}

/// Attaches a checked file to a request that is still open (a draft, or sent and not closed);
/// the bytes go to the blob store under their content address first.
pub async fn add_attachment(
    store: &Store,
    blobs: &dyn BlobStore,
    ctx: &ActorContext,
    id: Uuid,
    checked: &CheckedAttachment,
    bytes: &[u8],
) -> Result<advice_attachment::Model> {
    // Scope first, so that nobody can fill the blob store through a request they cannot see.
    check_scope(store, ctx, id, "advice.attach").await?;
    let key = blobs.put(bytes).await?;
    let txn = store.write().await?;
    let (r, nhs, _) = load_scoped(&txn, ctx, id).await?;
    if status_of(&r) == Status::Closed {
        return Err(StoreError::Conflict(
            "This request is closed, so no more files can be attached".into(),
        ));
    }
    let existing = advice_attachment::Entity::find()
        .filter(advice_attachment::Column::RequestId.eq(id))
        .count(&txn)
        .await? as usize;
    check_attachment_count(existing).map_err(|e| StoreError::Invalid(vec![e.to_field_error()]))?;
    let model = advice_attachment::Model {
        id: Uuid::now_v7(),
        request_id: id,
        file_name: checked.file_name.clone(),
        content_type: checked.kind.mime_type().to_owned(),
        size_bytes: checked.size_bytes as i64,
        blob_key: key,
        uploaded_by: ctx.user_id,
        created_at: now(),
    };
    advice_attachment::Entity::insert(advice_attachment::ActiveModel::from(model.clone()))
        .exec_without_returning(&txn)
        .await?;
    touch(&txn, id).await?;
    audited(&txn, ctx, "advice.attach", &nhs, id).await?;
    txn.commit().await?;
    Ok(model)
}

/// One attachment's metadata and bytes, for download by someone who may see the request;
/// the download is audited.
pub async fn attachment(
    store: &Store,
    blobs: &dyn BlobStore,
    ctx: &ActorContext,
    request_id: Uuid,
    attachment_id: Uuid,
) -> Result<(advice_attachment::Model, Vec<u8>)> {
    check_scope(store, ctx, request_id, "advice.attachment").await?;
    let txn = store.write().await?;
    let (_, nhs, _) = load_scoped(&txn, ctx, request_id).await?;
    let a = advice_attachment::Entity::find_by_id(attachment_id)
        .filter(advice_attachment::Column::RequestId.eq(request_id))
        .one(&txn)
        .await?
        .ok_or(StoreError::NotFound)?;
    audited(&txn, ctx, "advice.attachment", &nhs, request_id).await?;
    txn.commit().await?;
    let bytes = blobs.get(&a.blob_key).await?;
    Ok((a, bytes))
}
