//! API tokens: issued by an administrator for one of a user's memberships, listed, revoked,
//! and exchanged for the actor they act as. Only a SHA-256 of each secret is stored.

use super::actors::{ActorRow, actor_from_row, actor_query};
use super::entity::membership;
use super::entity::{api_token, user};
use super::{ActorContext, actor_for_membership};
use crate::audit::{self, AuditActor, AuditEvent};
use crate::platform::notifications::{self, Notice};
use crate::platform::reads::{Cells, FromCells};
use crate::{Result, Store, StoreError, now};
use joinedup_core::audit::outcome;
use joinedup_core::people::access::{Capability, can};
use rand::RngCore;
use sea_orm::sea_query::{Alias, Expr, ExprTrait, JoinType};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter,
    QueryOrder,
};
use sha2::{Digest, Sha256};
use uuid::Uuid;

/// The start of every secret, so that leaked tokens are easy to recognise and scan for.
pub const TOKEN_PREFIX: &str = "jdu_";

/// A token as lists show it (never its secret).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenInfo {
    /// The token.
    pub id: Uuid,
    /// Its owner.
    pub user_id: Uuid,
    /// The membership it acts in.
    pub membership_id: Uuid,
    /// What it is for.
    pub name: String,
    /// The secret's first characters.
    pub prefix: String,
    /// When it was issued.
    pub created_at: time::OffsetDateTime,
    /// When it was last used.
    pub last_used_at: Option<time::OffsetDateTime>,
    /// When it was revoked.
    pub revoked_at: Option<time::OffsetDateTime>,
}

impl From<api_token::Model> for TokenInfo {
    fn from(t: api_token::Model) -> Self {
        Self {
            id: t.id,
            user_id: t.user_id,
            membership_id: t.membership_id,
            name: t.name,
            prefix: t.prefix,
            created_at: t.created_at,
            last_used_at: t.last_used_at,
            revoked_at: t.revoked_at,
        }
    }
}

fn hash(secret: &str) -> String {
    hex::encode(Sha256::digest(secret.as_bytes()))
}

fn token_event(action: &'static str, id: Uuid) -> AuditEvent<'static> {
    AuditEvent {
        action,
        nhs_number: None,
        record_type: "api_token",
        record_id: Some(id.to_string()),
        outcome: outcome::SUCCESS,
    }
}

/// Issues a token for `membership_id` of `user_id`; returns it and its secret, which is never shown again.
pub async fn issue(
    store: &Store,
    admin: &ActorContext,
    user_id: Uuid,
    membership_id: Uuid,
    name: &str,
) -> Result<(TokenInfo, String)> {
    if !can(&admin.actor(), Capability::Administer) {
        return Err(StoreError::NotFound);
    }
    create(
        store,
        &admin.audit(),
        Some(admin.user_id),
        user_id,
        membership_id,
        name,
    )
    .await
}

/// Issues a token for the first membership of the account with `email`, on the authority of
/// whoever runs the command line against the database (an operator, audited as such).
pub async fn issue_by_operator(
    store: &Store,
    email: &str,
    name: &str,
) -> Result<(TokenInfo, String)> {
    let owner = user::Entity::find()
        .filter(user::Column::Email.eq(email.trim().to_lowercase()))
        .one(store.db())
        .await?
        .ok_or(StoreError::NotFound)?;
    let first = super::memberships_of(store, owner.id)
        .await?
        .into_iter()
        .next()
        .ok_or(StoreError::NotFound)?;
    let operator = AuditActor {
        user_id: None,
        role: Some("operator".into()),
        organisation_ods: None,
    };
    create(store, &operator, None, owner.id, first.membership_id, name).await
}

async fn create(
    store: &Store,
    issuer: &AuditActor,
    created_by: Option<Uuid>,
    user_id: Uuid,
    membership_id: Uuid,
    name: &str,
) -> Result<(TokenInfo, String)> {
    if actor_for_membership(store, user_id, membership_id)
        .await?
        .is_none()
    {
        return Err(StoreError::NotFound);
    }
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    let secret = format!("{TOKEN_PREFIX}{}", hex::encode(bytes));
    let row = api_token::ActiveModel {
        id: Set(Uuid::now_v7()),
        user_id: Set(user_id),
        membership_id: Set(membership_id),
        name: Set(name.trim().to_owned()),
        token_hash: Set(hash(&secret)),
        prefix: Set(secret[..TOKEN_PREFIX.len() + 6].to_owned()),
        created_at: Set(now()),
        created_by: Set(created_by),
        last_used_at: Set(None),
        revoked_at: Set(None),
    };
    let txn = store.write().await?;
    let model = row.insert(&txn).await?;
    audit::record(&txn, issuer, token_event("api_token.issue", model.id)).await?;
    let owner = user::Entity::find_by_id(user_id)
        .one(&txn)
        .await?
        .ok_or(StoreError::NotFound)?;
    let body = format!(
        "An API token named \"{}\" was issued for your account. If you did not ask for it, tell your administrator.",
        model.name
    );
    let notice = Notice {
        title: "An API token was issued for your account",
        body: &body,
        link: None,
        email_to: Some(&owner.email),
    };
    notifications::notify(&txn, user_id, notice).await?;
    txn.commit().await?;
    Ok((model.into(), secret))
}

/// A user's tokens, newest first.
pub async fn list_for_user(
    store: &Store,
    admin: &ActorContext,
    user_id: Uuid,
) -> Result<Vec<TokenInfo>> {
    if !can(&admin.actor(), Capability::Administer) {
        return Err(StoreError::NotFound);
    }
    Ok(api_token::Entity::find()
        .filter(api_token::Column::UserId.eq(user_id))
        .order_by_desc(api_token::Column::CreatedAt)
        .all(store.db())
        .await?
        .into_iter()
        .map(TokenInfo::from)
        .collect())
}

/// Revokes a token at once; later requests with it are refused.
pub async fn revoke(store: &Store, admin: &ActorContext, token_id: Uuid) -> Result<TokenInfo> {
    if !can(&admin.actor(), Capability::Administer) {
        return Err(StoreError::NotFound);
    }
    let txn = store.write().await?;
    let token = api_token::Entity::find_by_id(token_id)
        .one(&txn)
        .await?
        .ok_or(StoreError::NotFound)?;
    let mut active = token.clone().into_active_model();
    if token.revoked_at.is_none() {
        active.revoked_at = Set(Some(now()));
    }
    let model = active.update(&txn).await?;
    audit::record(
        &txn,
        &admin.audit(),
        token_event("api_token.revoke", token_id),
    )
    .await?;
    txn.commit().await?;
    Ok(model.into())
}

/// The token's id and the actor a presented secret acts as, or `None` if it is unknown, revoked,
/// or its user or membership is no longer active.
pub async fn authenticate(store: &Store, secret: &str) -> Result<Option<(Uuid, ActorContext)>> {
    if !secret.starts_with(TOKEN_PREFIX) {
        return Ok(None);
    }
    // The token and its actor in one statement: this runs on every API call.
    let t = api_token::Entity;
    let mut q = actor_query();
    q.expr_as(
        Expr::col((t, api_token::Column::Id)),
        Alias::new("token_id"),
    )
    .expr_as(
        Expr::col((t, api_token::Column::LastUsedAt)),
        Alias::new("token_last_used_at"),
    )
    .join(
        JoinType::InnerJoin,
        t,
        Expr::col((t, api_token::Column::MembershipId))
            .equals((membership::Entity, membership::Column::Id))
            .and(
                Expr::col((t, api_token::Column::UserId))
                    .equals((membership::Entity, membership::Column::UserId)),
            ),
    )
    .and_where(Expr::col((t, api_token::Column::TokenHash)).eq(hash(secret)))
    .and_where(Expr::col((t, api_token::Column::RevokedAt)).is_null());
    let Some(found) = store.reads().first_row::<TokenRow>(&q).await? else {
        return Ok(None);
    };
    let (token_id, last_used_at) = (found.token_id, found.token_last_used_at);
    let Some(actor) = actor_from_row(store, found.actor).await? else {
        return Ok(None);
    };
    let stale = last_used_at.is_none_or(|t| now() - t > time::Duration::minutes(1));
    if stale {
        // Recorded at most once a minute: a busy client must not turn every read into a write.
        api_token::Entity::update_many()
            .col_expr(api_token::Column::LastUsedAt, Expr::value(now()))
            .filter(api_token::Column::Id.eq(token_id))
            .exec(store.db())
            .await?;
    }
    Ok(Some((token_id, actor)))
}

/// A token found by its secret, with the actor it acts as.
#[derive(Debug)]
struct TokenRow {
    token_id: Uuid,
    token_last_used_at: Option<time::OffsetDateTime>,
    actor: ActorRow,
}

impl FromCells for TokenRow {
    fn from_cells(row: &impl Cells) -> std::result::Result<Self, sea_orm::DbErr> {
        Ok(Self {
            token_id: row.get("", "token_id")?,
            token_last_used_at: row.get("", "token_last_used_at")?,
            actor: ActorRow::from_cells(row)?,
        })
    }
}
