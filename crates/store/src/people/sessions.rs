//! Server-side sessions in the database, so that any instance can serve any request.
//! Rows are keyed by a SHA-256 of the cookie's id: the table alone cannot be replayed.

use super::ActorContext;
use super::entity::session;
use crate::audit::{self, AuditEvent};
use crate::platform::notifications;
use crate::platform::reads::{Cells, FromCells};
use crate::{Result, Store, StoreError, is_unique_violation, now};
use joinedup_core::audit::outcome;
use sea_orm::sea_query::{Alias, Expr, ExprTrait, Query};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder,
};
use sha2::{Digest, Sha256};
use time::OffsetDateTime;
use uuid::Uuid;

/// The stored key for a cookie's session id.
pub fn key_for(cookie_id: &str) -> String {
    hex::encode(Sha256::digest(cookie_id.as_bytes()))
}

/// A stored session's content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredSession {
    /// The session's data as JSON.
    pub data: String,
    /// When it expires.
    pub expires_at: OffsetDateTime,
    /// How many of its user's notifications are unread (none before sign-in), read in the same
    /// statement so that the header's count costs no query of its own.
    pub unread_notifications: u64,
}

/// Inserts a new session; `Ok(false)` when the id is already taken (the caller picks another).
pub async fn create(
    conn: &impl ConnectionTrait,
    cookie_id: &str,
    user_id: Option<Uuid>,
    data: String,
    expires_at: OffsetDateTime,
) -> Result<bool> {
    let row = session::ActiveModel {
        id: Set(key_for(cookie_id)),
        user_id: Set(user_id),
        data: Set(data),
        expires_at: Set(expires_at),
    };
    match session::Entity::insert(row)
        .exec_without_returning(conn)
        .await
    {
        Ok(_) => Ok(true),
        Err(e) if is_unique_violation(&e) => Ok(false),
        Err(e) => Err(e.into()),
    }
}

/// Updates an existing session. A session that was ended meanwhile (signed out elsewhere, its
/// user disabled, or expired) is not brought back: new sessions only come from [`create`].
pub async fn save(
    conn: &impl ConnectionTrait,
    cookie_id: &str,
    user_id: Option<Uuid>,
    data: String,
    expires_at: OffsetDateTime,
) -> Result<()> {
    session::Entity::update_many()
        .col_expr(session::Column::UserId, Expr::value(user_id))
        .col_expr(session::Column::Data, Expr::value(data))
        .col_expr(session::Column::ExpiresAt, Expr::value(expires_at))
        .filter(session::Column::Id.eq(key_for(cookie_id)))
        .exec(conn)
        .await?;
    Ok(())
}

/// Loads a session that has not expired, with its user's unread notification count. It runs on
/// every request, so on the store's hot-read connections (see `platform::reads`).
pub async fn load(store: &Store, cookie_id: &str) -> Result<Option<StoredSession>> {
    let s = session::Entity;
    let mut q = Query::select();
    q.from(s)
        .columns([session::Column::Data, session::Column::ExpiresAt])
        .expr_as(
            notifications::unread_count_of(Expr::col((s, session::Column::UserId))),
            Alias::new("unread"),
        )
        .and_where(Expr::col((s, session::Column::Id)).eq(key_for(cookie_id)))
        .and_where(Expr::col((s, session::Column::ExpiresAt)).gt(now()));
    let row = store.reads().first_row::<LoadedRow>(&q).await?;
    Ok(row.map(|r| StoredSession {
        data: r.data,
        expires_at: r.expires_at,
        unread_notifications: u64::try_from(r.unread).unwrap_or(0),
    }))
}

struct LoadedRow {
    data: String,
    expires_at: OffsetDateTime,
    unread: i64,
}

impl FromCells for LoadedRow {
    fn from_cells(row: &impl Cells) -> std::result::Result<Self, DbErr> {
        Ok(Self {
            data: row.get("", "data")?,
            expires_at: row.get("", "expires_at")?,
            unread: row.get("", "unread")?,
        })
    }
}

/// Ends one session.
pub async fn delete(conn: &impl ConnectionTrait, cookie_id: &str) -> Result<()> {
    session::Entity::delete_by_id(key_for(cookie_id))
        .exec(conn)
        .await?;
    Ok(())
}

/// Ends every session of a user (a disabled account, "sign out everywhere").
pub async fn end_all_for_user(conn: &impl ConnectionTrait, user_id: Uuid) -> Result<u64> {
    Ok(session::Entity::delete_many()
        .filter(session::Column::UserId.eq(user_id))
        .exec(conn)
        .await?
        .rows_affected)
}

/// Removes expired sessions; returns how many.
pub async fn delete_expired(conn: &impl ConnectionTrait) -> Result<u64> {
    Ok(session::Entity::delete_many()
        .filter(session::Column::ExpiresAt.lte(now()))
        .exec(conn)
        .await?
        .rows_affected)
}

/// One live session of a user, as their account page lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserSession {
    /// The stored key (a SHA-256 of the cookie id, so it cannot be replayed as a cookie).
    pub key: String,
    /// The session's data as JSON (the web layer reads its sign-in time, last activity and browser).
    pub data: String,
    /// When it expires if left idle.
    pub expires_at: OffsetDateTime,
}

/// The unexpired sessions of a user.
pub async fn list_for_user(conn: &impl ConnectionTrait, user_id: Uuid) -> Result<Vec<UserSession>> {
    Ok(session::Entity::find()
        .filter(session::Column::UserId.eq(user_id))
        .filter(session::Column::ExpiresAt.gt(now()))
        .order_by_desc(session::Column::ExpiresAt)
        .all(conn)
        .await?
        .into_iter()
        .map(|s| UserSession {
            key: s.id,
            data: s.data,
            expires_at: s.expires_at,
        })
        .collect())
}

/// Ends the session stored under `key` if it belongs to `user_id`; false when it does not.
pub async fn delete_by_key(conn: &impl ConnectionTrait, user_id: Uuid, key: &str) -> Result<bool> {
    Ok(session::Entity::delete_many()
        .filter(session::Column::Id.eq(key))
        .filter(session::Column::UserId.eq(user_id))
        .exec(conn)
        .await?
        .rows_affected
        > 0)
}

/// Ends every session of a user except the one with cookie id `keep_cookie_id`.
pub async fn end_others_for_user(
    conn: &impl ConnectionTrait,
    user_id: Uuid,
    keep_cookie_id: &str,
) -> Result<u64> {
    Ok(session::Entity::delete_many()
        .filter(session::Column::UserId.eq(user_id))
        .filter(session::Column::Id.ne(key_for(keep_cookie_id)))
        .exec(conn)
        .await?
        .rows_affected)
}

fn sign_out_event(action: &'static str, user_id: Uuid) -> AuditEvent<'static> {
    AuditEvent {
        action,
        nhs_number: None,
        record_type: "user",
        record_id: Some(user_id.to_string()),
        outcome: outcome::SUCCESS,
    }
}

/// "Sign out" of one of the actor's own other sessions; `NotFound` if the key is not theirs.
pub async fn sign_out_session(store: &Store, ctx: &ActorContext, key: &str) -> Result<()> {
    let txn = store.write().await?;
    if !delete_by_key(&txn, ctx.user_id, key).await? {
        return Err(StoreError::NotFound);
    }
    audit::record(
        &txn,
        &ctx.audit(),
        sign_out_event("session.end", ctx.user_id),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// "Sign out everywhere else": ends every session of the actor but the current one
/// (cookie id `current_cookie_id`); returns how many ended.
pub async fn sign_out_everywhere_else(
    store: &Store,
    ctx: &ActorContext,
    current_cookie_id: &str,
) -> Result<u64> {
    let txn = store.write().await?;
    let ended = end_others_for_user(&txn, ctx.user_id, current_cookie_id).await?;
    audit::record(
        &txn,
        &ctx.audit(),
        sign_out_event("session.end_others", ctx.user_id),
    )
    .await?;
    txn.commit().await?;
    Ok(ended)
}

/// Ends the sessions of everyone with a membership of the organisation or of the service, so that
/// no one goes on acting for it once it is disabled (they sign in again and choose another).
pub async fn end_all_for_members_of(
    conn: &impl ConnectionTrait,
    organisation_id: Option<Uuid>,
    service_id: Option<Uuid>,
) -> Result<u64> {
    use super::entity::membership;
    use sea_orm::{QuerySelect, sea_query::Condition};
    let users: Vec<Uuid> = membership::Entity::find()
        .select_only()
        .column(membership::Column::UserId)
        .filter(
            Condition::any()
                .add_option(organisation_id.map(|o| membership::Column::OrganisationId.eq(o)))
                .add_option(service_id.map(|s| membership::Column::ServiceId.eq(s))),
        )
        .into_tuple()
        .all(conn)
        .await?;
    if users.is_empty() {
        return Ok(0);
    }
    Ok(session::Entity::delete_many()
        .filter(session::Column::UserId.is_in(users))
        .exec(conn)
        .await?
        .rows_affected)
}
