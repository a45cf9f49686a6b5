//! User accounts: searched by name or email, created, changed, disabled and enabled, and given a
//! new password. Disabling an account or setting its password ends its sessions in the same
//! transaction, so the person is signed out at once.

use super::keys;
use super::memberships::{MembershipRow, memberships_of};
use super::{
    Checked, FieldError, MIN_PASSWORD_LENGTH, PAGE_SIZE, Page, event, page_number, require_admin,
    words_in,
};
use crate::audit;
use crate::people::entity::{sign_in_failure, user};
use crate::people::{ActorContext, hash_password, sessions};
use crate::{Result, Store, StoreError, is_unique_violation, now};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
};
use uuid::Uuid;

/// A user as the administration pages list them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserRow {
    /// The user.
    pub id: Uuid,
    /// Their email address (lower case).
    pub email: String,
    /// Their name.
    pub display_name: String,
    /// False once disabled: they cannot sign in.
    pub active: bool,
    /// When the account was made.
    pub created_at: time::OffsetDateTime,
}

impl From<user::Model> for UserRow {
    fn from(u: user::Model) -> Self {
        Self {
            id: u.id,
            email: u.email,
            display_name: u.display_name,
            active: u.active,
            created_at: u.created_at,
        }
    }
}

/// A user with their memberships, for the user's page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserDetail {
    /// The account.
    pub user: UserRow,
    /// Their roles and the organisations they act for.
    pub memberships: Vec<MembershipRow>,
}

/// The new-user form as submitted.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(default)]
pub struct NewUser {
    /// Email address; stored in lower case.
    pub email: String,
    /// Name as shown in the header.
    pub display_name: String,
    /// First password, at least `MIN_PASSWORD_LENGTH` characters.
    pub password: String,
}

/// The change-details form as submitted.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(default)]
pub struct UserEdit {
    /// Email address; stored in lower case.
    pub email: String,
    /// Name as shown in the header.
    pub display_name: String,
}

/// One page of users whose name or email holds every word of `text`, by name.
pub async fn list_users(
    store: &Store,
    ctx: &ActorContext,
    text: &str,
    page: u64,
) -> Result<Page<UserRow>> {
    require_admin(ctx)?;
    let mut select = user::Entity::find();
    if let Some(words) = words_in(user::Column::SearchKey, text) {
        select = select.filter(words);
    }
    let total = select.clone().count(store.db()).await?;
    let page = page_number(page);
    let items = select
        .order_by_asc(user::Column::DisplayName)
        .order_by_asc(user::Column::Id)
        .offset((page - 1) * PAGE_SIZE)
        .limit(PAGE_SIZE)
        .all(store.db())
        .await?
        .into_iter()
        .map(UserRow::from)
        .collect();
    Ok(Page { items, total, page })
}

/// One user and their memberships.
pub async fn user(store: &Store, ctx: &ActorContext, id: Uuid) -> Result<UserDetail> {
    require_admin(ctx)?;
    let u = user::Entity::find_by_id(id)
        .one(store.db())
        .await?
        .ok_or(StoreError::NotFound)?;
    Ok(UserDetail {
        user: u.into(),
        memberships: memberships_of(store.db(), id).await?,
    })
}

/// Checks a name and an email address; returns them trimmed, the email in lower case.
async fn check_details(
    conn: &impl ConnectionTrait,
    email: &str,
    display_name: &str,
    existing: Option<Uuid>,
    errors: &mut Vec<FieldError>,
) -> Result<(String, String)> {
    let email = email.trim().to_lowercase();
    let well_formed = email.len() <= 254
        && !email.chars().any(char::is_whitespace)
        && email.split_once('@').is_some_and(|(local, domain)| {
            !local.is_empty() && domain.contains('.') && !domain.contains('@')
        });
    if email.is_empty() {
        errors.push(FieldError::new("email", "Enter an email address"));
    } else if !well_formed {
        errors.push(FieldError::new(
            "email",
            "Enter an email address in the correct format, like name@example.com",
        ));
    } else {
        let taken = user::Entity::find()
            .filter(user::Column::Email.eq(&email))
            .one(conn)
            .await?
            .is_some_and(|u| Some(u.id) != existing);
        if taken {
            errors.push(FieldError::new(
                "email",
                "A user with this email address already exists",
            ));
        }
    }
    let name = display_name.trim().to_owned();
    if name.is_empty() {
        errors.push(FieldError::new("display_name", "Enter the person's name"));
    } else if name.chars().count() > 200 {
        errors.push(FieldError::new(
            "display_name",
            "Name must be 200 characters or fewer",
        ));
    }
    Ok((email, name))
}

/// The password problem, if any.
fn password_problem(password: &str) -> Option<FieldError> {
    let n = password.chars().count();
    if n == 0 {
        Some(FieldError::new("password", "Enter a password"))
    } else if n < MIN_PASSWORD_LENGTH {
        Some(FieldError::new(
            "password",
            format!("Password must be {MIN_PASSWORD_LENGTH} characters or more"),
        ))
    } else if n > 256 {
        Some(FieldError::new(
            "password",
            "Password must be 256 characters or fewer",
        ))
    } else {
        None
    }
}

/// Hashes off the async threads: argon2 takes a noticeable fraction of a second by design.
async fn hash(password: &str) -> Result<String> {
    let password = password.to_owned();
    tokio::task::spawn_blocking(move || hash_password(&password))
        .await
        .map_err(|e| anyhow::anyhow!("password hashing did not finish: {e}"))?
}

fn email_clash(err: &sea_orm::DbErr) -> Option<Vec<FieldError>> {
    is_unique_violation(err).then(|| {
        vec![FieldError::new(
            "email",
            "A user with this email address already exists",
        )]
    })
}

/// Creates an active account with no memberships yet; returns its id, or the field problems.
pub async fn create_user(
    store: &Store,
    ctx: &ActorContext,
    input: &NewUser,
) -> Result<Checked<Uuid>> {
    require_admin(ctx)?;
    let mut errors = vec![];
    let (email, name) = check_details(
        store.db(),
        &input.email,
        &input.display_name,
        None,
        &mut errors,
    )
    .await?;
    errors.extend(password_problem(&input.password));
    if !errors.is_empty() {
        return Ok(Err(errors));
    }
    let password_hash = hash(&input.password).await?;
    let txn = store.write().await?;
    let id = Uuid::now_v7();
    let row = user::ActiveModel {
        id: Set(id),
        email: Set(email.clone()),
        display_name: Set(name.clone()),
        password_hash: Set(password_hash),
        active: Set(true),
        created_at: Set(now()),
        search_key: Set(Some(keys::user_search_key(&name, &email))),
    };
    if let Err(e) = user::Entity::insert(row).exec_without_returning(&txn).await {
        return email_clash(&e).map(Err).ok_or_else(|| e.into());
    }
    audit::record(&txn, &ctx.audit(), event("user.create", "user", id)).await?;
    txn.commit().await?;
    Ok(Ok(id))
}

/// Changes a user's name and email address.
pub async fn update_user(
    store: &Store,
    ctx: &ActorContext,
    id: Uuid,
    input: &UserEdit,
) -> Result<Checked<()>> {
    require_admin(ctx)?;
    let txn = store.write().await?;
    let current = user::Entity::find_by_id(id)
        .one(&txn)
        .await?
        .ok_or(StoreError::NotFound)?;
    let mut errors = vec![];
    let (email, name) = check_details(
        &txn,
        &input.email,
        &input.display_name,
        Some(id),
        &mut errors,
    )
    .await?;
    if !errors.is_empty() {
        return Ok(Err(errors));
    }
    let mut row = current.into_active_model();
    row.email = Set(email.clone());
    row.display_name = Set(name.clone());
    if let Err(e) = row.update(&txn).await {
        return email_clash(&e).map(Err).ok_or_else(|| e.into());
    }
    audit::record(&txn, &ctx.audit(), event("user.update", "user", id)).await?;
    txn.commit().await?;
    Ok(Ok(()))
}

/// Disables or enables an account. Disabling ends all of its sessions in the same transaction;
/// an administrator cannot disable their own account.
pub async fn set_user_active(
    store: &Store,
    ctx: &ActorContext,
    id: Uuid,
    active: bool,
) -> Result<Checked<()>> {
    require_admin(ctx)?;
    if !active && id == ctx.user_id {
        return Ok(Err(vec![FieldError::new(
            "active",
            "You cannot disable your own account",
        )]));
    }
    let txn = store.write().await?;
    let current = user::Entity::find_by_id(id)
        .one(&txn)
        .await?
        .ok_or(StoreError::NotFound)?;
    let mut row = current.into_active_model();
    row.active = Set(active);
    row.update(&txn).await?;
    if !active {
        sessions::end_all_for_user(&txn, id).await?;
    }
    let action = if active {
        "user.enable"
    } else {
        "user.disable"
    };
    audit::record(&txn, &ctx.audit(), event(action, "user", id)).await?;
    txn.commit().await?;
    Ok(Ok(()))
}

/// Sets a new password chosen by the administrator, ends the user's sessions and clears the
/// account's failed sign-in count (so a locked-out person can sign in with it at once).
pub async fn reset_password(
    store: &Store,
    ctx: &ActorContext,
    id: Uuid,
    password: &str,
) -> Result<Checked<()>> {
    require_admin(ctx)?;
    if let Some(problem) = password_problem(password) {
        return Ok(Err(vec![problem]));
    }
    let password_hash = hash(password).await?;
    let txn = store.write().await?;
    let current = user::Entity::find_by_id(id)
        .one(&txn)
        .await?
        .ok_or(StoreError::NotFound)?;
    let email = current.email.clone();
    let mut row = current.into_active_model();
    row.password_hash = Set(password_hash);
    row.update(&txn).await?;
    sessions::end_all_for_user(&txn, id).await?;
    sign_in_failure::Entity::delete_many()
        .filter(sign_in_failure::Column::KeyKind.eq("account"))
        .filter(sign_in_failure::Column::KeyValue.eq(email))
        .exec(&txn)
        .await?;
    audit::record(&txn, &ctx.audit(), event("user.reset_password", "user", id)).await?;
    txn.commit().await?;
    Ok(Ok(()))
}
