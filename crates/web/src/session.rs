//! Sessions: a `tower_sessions` store over the database (any instance can serve any request),
//! and the extractors that turn a session into the signed-in actor, enforcing the idle
//! (30 minutes) and absolute (12 hours) timeouts.

use crate::error::AppError;
use axum::extract::{FromRef, FromRequestParts, OriginalUri};
use axum::http::request::Parts;
use joinedup_store::Store;
use joinedup_store::people::{ActorContext, sessions};
use time::{Duration, OffsetDateTime};
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::{self, SessionStore};
use tower_sessions::{Expiry, Session, SessionManagerLayer};
use uuid::Uuid;

/// Sessions end after this long without a request.
pub const IDLE_TIMEOUT: Duration = Duration::minutes(30);
/// Sessions end this long after sign-in, however active.
pub const ABSOLUTE_TIMEOUT: Duration = Duration::hours(12);
/// The session cookie's name.
pub const COOKIE_NAME: &str = "joinedup_session";

/// Session keys.
pub mod keys {
    /// The CSRF synchronizer token.
    pub const CSRF: &str = "csrf";
    /// The signed-in user (set at sign-in, before an organisation is chosen).
    pub const USER_ID: &str = "user_id";
    /// The actor: the user in the role and organisation they chose.
    pub const ACTOR: &str = "actor";
    /// Unix time of sign-in, for the absolute timeout.
    pub const SIGNED_IN_AT: &str = "signed_in_at";
    /// Unix time of the last request that refreshed the session, for the idle timeout.
    pub const LAST_SEEN: &str = "last_seen";
    /// The browser's user agent at sign-in, for the "where you are signed in" page.
    pub const USER_AGENT: &str = "user_agent";
    /// The user's unread notification count as read with the session at the start of the
    /// request; never written back to the database.
    pub const UNREAD: &str = "unread_notifications";
}

/// Stores `tower_sessions` records through `joinedup_store::people::sessions`.
#[derive(Debug, Clone)]
pub struct DbSessionStore {
    store: Store,
}

impl DbSessionStore {
    /// A session store over the given database.
    pub fn new(store: Store) -> Self {
        Self { store }
    }
}

fn backend(e: impl std::fmt::Display) -> session_store::Error {
    session_store::Error::Backend(e.to_string())
}

fn user_of(record: &Record) -> Option<Uuid> {
    record
        .data
        .get(keys::USER_ID)
        .and_then(|v| serde_json::from_value(v.clone()).ok())
}

/// The record's data as stored: without the values that only live for one request.
fn stored_data(record: &Record) -> session_store::Result<String> {
    let mut data = record.data.clone();
    data.remove(keys::UNREAD);
    serde_json::to_string(&data).map_err(backend)
}

#[async_trait::async_trait]
impl SessionStore for DbSessionStore {
    async fn create(&self, record: &mut Record) -> session_store::Result<()> {
        let data = stored_data(record)?;
        loop {
            let created = sessions::create(
                self.store.db(),
                &record.id.to_string(),
                user_of(record),
                data.clone(),
                record.expiry_date,
            )
            .await
            .map_err(backend)?;
            if created {
                return Ok(());
            }
            record.id = Id::default();
        }
    }

    async fn save(&self, record: &Record) -> session_store::Result<()> {
        let data = stored_data(record)?;
        sessions::save(
            self.store.db(),
            &record.id.to_string(),
            user_of(record),
            data,
            record.expiry_date,
        )
        .await
        .map_err(backend)
    }

    async fn load(&self, id: &Id) -> session_store::Result<Option<Record>> {
        let Some(stored) = sessions::load(&self.store, &id.to_string())
            .await
            .map_err(backend)?
        else {
            return Ok(None);
        };
        let mut data: std::collections::HashMap<String, serde_json::Value> =
            serde_json::from_str(&stored.data).map_err(backend)?;
        data.insert(keys::UNREAD.into(), stored.unread_notifications.into());
        Ok(Some(Record {
            id: *id,
            data,
            expiry_date: stored.expires_at,
        }))
    }

    async fn delete(&self, id: &Id) -> session_store::Result<()> {
        sessions::delete(self.store.db(), &id.to_string())
            .await
            .map_err(backend)
    }
}

/// The session layer: HttpOnly, SameSite=Lax, idle expiry; `Secure` is added per request by
/// `security::secure_cookies` when the request came over HTTPS.
pub fn layer(store: Store) -> SessionManagerLayer<DbSessionStore> {
    SessionManagerLayer::new(DbSessionStore::new(store))
        .with_name(COOKIE_NAME)
        .with_http_only(true)
        .with_same_site(tower_sessions::cookie::SameSite::Lax)
        .with_secure(false)
        .with_path("/")
        .with_expiry(Expiry::OnInactivity(IDLE_TIMEOUT))
}

fn unix_now() -> i64 {
    OffsetDateTime::now_utc().unix_timestamp()
}

/// Marks the session as signed in by `user_id` (the caller has already cycled its id).
pub async fn begin_sign_in(session: &Session, user_id: Uuid) -> Result<(), AppError> {
    session.remove_value(keys::ACTOR).await?;
    session.insert(keys::USER_ID, user_id).await?;
    session.insert(keys::SIGNED_IN_AT, unix_now()).await?;
    session.insert(keys::LAST_SEEN, unix_now()).await?;
    Ok(())
}

/// Takes a one-off value (a success message for the next page) out of the session. The session
/// is changed only when the value is there: removing an absent key still marks the session
/// changed, which would cost a database write on every view of the page.
pub async fn take_once(session: &Session, key: &str) -> Result<Option<String>, AppError> {
    if session.get::<String>(key).await?.is_none() {
        return Ok(None);
    }
    Ok(session.remove::<String>(key).await?)
}

/// True when a session signed in at `signed_in_at` and last seen at `last_seen` (Unix seconds)
/// has passed the idle or the absolute timeout at `now`.
pub fn timed_out(now: i64, signed_in_at: i64, last_seen: i64) -> bool {
    now - signed_in_at > ABSOLUTE_TIMEOUT.whole_seconds()
        || now - last_seen > IDLE_TIMEOUT.whole_seconds()
}

/// A signed-in user, who may not yet have chosen an organisation.
#[derive(Debug, Clone)]
pub struct SignedIn {
    /// The user.
    pub user_id: Uuid,
    /// The actor, once an organisation is chosen.
    pub actor: Option<ActorContext>,
    /// The session, for handlers that change it.
    pub session: Session,
}

impl<S> FromRequestParts<S> for SignedIn
where
    S: Send + Sync,
    Store: FromRef<S>,
{
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let next = parts
            .extensions
            .get::<OriginalUri>()
            .map_or_else(|| parts.uri.to_string(), |u| u.0.to_string());
        let session = Session::from_request_parts(parts, state)
            .await
            .map_err(|(_, msg)| {
                AppError::Internal(anyhow::anyhow!("session layer missing: {msg}"))
            })?;
        let Some(user_id) = session.get::<Uuid>(keys::USER_ID).await? else {
            return Err(AppError::SignInRequired { next });
        };
        let now = unix_now();
        let signed_in_at = session.get::<i64>(keys::SIGNED_IN_AT).await?.unwrap_or(0);
        let last_seen = session.get::<i64>(keys::LAST_SEEN).await?.unwrap_or(0);
        if now - signed_in_at > ABSOLUTE_TIMEOUT.whole_seconds()
            || now - last_seen > IDLE_TIMEOUT.whole_seconds()
        {
            session.flush().await?;
            return Err(AppError::SignInRequired { next });
        }
        // Refresh at most once a minute: that extends the idle expiry without a write per request.
        if now - last_seen >= 60 {
            session.insert(keys::LAST_SEEN, now).await?;
        }
        let actor = session.get::<ActorContext>(keys::ACTOR).await?;
        Ok(Self {
            user_id,
            actor,
            session,
        })
    }
}

/// A signed-in user acting for a chosen organisation: what every staff or patient page needs.
#[derive(Debug, Clone)]
pub struct Acting {
    /// The actor.
    pub actor: ActorContext,
    /// The session.
    pub session: Session,
}

impl<S> FromRequestParts<S> for Acting
where
    S: Send + Sync,
    Store: FromRef<S>,
{
    type Rejection = axum::response::Response;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        use axum::response::IntoResponse;
        let signed = SignedIn::from_request_parts(parts, state)
            .await
            .map_err(IntoResponse::into_response)?;
        match signed.actor {
            Some(actor) => Ok(Self {
                actor,
                session: signed.session,
            }),
            None => Err(axum::response::Redirect::to("/choose-organisation").into_response()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_unread_count_read_with_a_session_is_never_written_back() {
        let mut record = Record {
            id: Id::default(),
            data: Default::default(),
            expiry_date: OffsetDateTime::now_utc(),
        };
        record.data.insert(keys::CSRF.into(), "token".into());
        record.data.insert(keys::UNREAD.into(), 3.into());
        let stored: serde_json::Value =
            serde_json::from_str(&stored_data(&record).unwrap()).unwrap();
        assert_eq!(stored, serde_json::json!({ "csrf": "token" }));
        assert!(
            record.data.contains_key(keys::UNREAD),
            "the request still sees it"
        );
    }

    #[test]
    fn sessions_end_after_30_idle_minutes_or_12_hours_in_all() {
        let start = 1_000_000;
        assert!(!timed_out(start + 29 * 60, start, start));
        assert!(timed_out(start + 31 * 60, start, start), "idle");
        // Active every few minutes: still ends 12 hours after sign-in.
        let late = start + 12 * 3600 + 60;
        assert!(timed_out(late, start, late - 120), "absolute");
        assert!(!timed_out(
            start + 11 * 3600,
            start,
            start + 11 * 3600 - 120
        ));
    }
}
