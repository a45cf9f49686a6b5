//! Server-side sessions in the database, so that any instance can serve any request.
//! Rows are keyed by a SHA-256 of the cookie's id: the table alone cannot be replayed.

use super::entity::session;
use crate::{Result, is_unique_violation, now};
use sea_orm::sea_query::OnConflict;
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
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

/// Inserts or replaces a session.
pub async fn save(
    conn: &impl ConnectionTrait,
    cookie_id: &str,
    user_id: Option<Uuid>,
    data: String,
    expires_at: OffsetDateTime,
) -> Result<()> {
    let row = session::ActiveModel {
        id: Set(key_for(cookie_id)),
        user_id: Set(user_id),
        data: Set(data),
        expires_at: Set(expires_at),
    };
    session::Entity::insert(row)
        .on_conflict(
            OnConflict::column(session::Column::Id)
                .update_columns([
                    session::Column::UserId,
                    session::Column::Data,
                    session::Column::ExpiresAt,
                ])
                .to_owned(),
        )
        .exec_without_returning(conn)
        .await?;
    Ok(())
}

/// Loads a session that has not expired.
pub async fn load(conn: &impl ConnectionTrait, cookie_id: &str) -> Result<Option<StoredSession>> {
    Ok(session::Entity::find_by_id(key_for(cookie_id))
        .filter(session::Column::ExpiresAt.gt(now()))
        .one(conn)
        .await?
        .map(|s| StoredSession {
            data: s.data,
            expires_at: s.expires_at,
        }))
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
