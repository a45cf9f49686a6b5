//! Accounts: argon2id passwords and sign-in with throttling counted in the database,
//! so that several instances of the service agree on how many attempts were made.

use super::entity::{sign_in_failure, user};
use crate::audit::{self, AuditActor, AuditEvent};
use crate::{Result, Store, now};
use argon2::{Argon2, PasswordHash, PasswordHasher, PasswordVerifier};
use joinedup_core::audit::outcome;
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use std::sync::OnceLock;
use time::Duration;
use uuid::Uuid;

/// How many failures, within what window, lock an account or an address out.
#[derive(Debug, Clone, Copy)]
pub struct ThrottlePolicy {
    /// The look-back window.
    pub window: Duration,
    /// Failures per account (email) within the window before sign-in is refused.
    pub per_account: u64,
    /// Failures per client address within the window before sign-in is refused.
    pub per_address: u64,
}

impl Default for ThrottlePolicy {
    fn default() -> Self {
        Self {
            window: Duration::minutes(15),
            per_account: 5,
            per_address: 30,
        }
    }
}

/// What happened when someone tried to sign in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SignInOutcome {
    /// The email and password match an active account.
    SignedIn {
        /// The account.
        user_id: Uuid,
    },
    /// Wrong email or password, or a disabled account (not told apart, to avoid enumeration).
    Rejected,
    /// Too many recent failures for this account or address.
    Throttled,
}

/// Hashes a password with argon2id and a random salt, as a PHC string.
pub fn hash_password(password: &str) -> Result<String> {
    let hash: PasswordHash = Argon2::default()
        .hash_password(password.as_bytes())
        .map_err(|e| anyhow::anyhow!("hashing a password failed: {e}"))?;
    Ok(hash.to_string())
}

fn verify_password(password: &str, phc: &str) -> bool {
    PasswordHash::new(phc)
        .map(|h| {
            Argon2::default()
                .verify_password(password.as_bytes(), &h)
                .is_ok()
        })
        .unwrap_or(false)
}

/// A hash to verify against when the account does not exist, so that the time taken
/// does not reveal which emails have accounts.
fn decoy_hash() -> &'static str {
    static DECOY: OnceLock<String> = OnceLock::new();
    DECOY.get_or_init(|| hash_password("decoy password for unknown accounts").expect("hash decoy"))
}

/// Checks an email and password, counting failures per account and per address.
pub async fn sign_in(
    store: &Store,
    email: &str,
    password: &str,
    address: &str,
    policy: ThrottlePolicy,
) -> Result<SignInOutcome> {
    let email = email.trim().to_lowercase();
    let since = now() - policy.window;
    let failures = |kind: &'static str, value: String| {
        sign_in_failure::Entity::find()
            .filter(sign_in_failure::Column::KeyKind.eq(kind))
            .filter(sign_in_failure::Column::KeyValue.eq(value))
            .filter(sign_in_failure::Column::At.gt(since))
            .count(store.db())
    };
    let account_failures = failures("account", email.clone()).await?;
    let address_failures = failures("address", address.to_owned()).await?;
    let account = user::Entity::find()
        .filter(user::Column::Email.eq(&email))
        .one(store.db())
        .await?;
    let who = AuditActor {
        user_id: account.as_ref().map(|u| u.id),
        ..Default::default()
    };

    if account_failures >= policy.per_account || address_failures >= policy.per_address {
        let txn = store.write().await?;
        audit::record(&txn, &who, sign_in_event(outcome::DENIED, "throttled")).await?;
        txn.commit().await?;
        return Ok(SignInOutcome::Throttled);
    }

    let phc = account
        .as_ref()
        .map_or_else(|| decoy_hash().to_owned(), |u| u.password_hash.clone());
    let password = password.to_owned();
    let matches = tokio::task::spawn_blocking(move || verify_password(&password, &phc))
        .await
        .map_err(|e| anyhow::anyhow!("password check did not finish: {e}"))?;
    let signed_in = match &account {
        Some(u) if matches && u.active => Some(u.id),
        _ => None,
    };

    let txn = store.write().await?;
    if let Some(user_id) = signed_in {
        sign_in_failure::Entity::delete_many()
            .filter(sign_in_failure::Column::KeyKind.eq("account"))
            .filter(sign_in_failure::Column::KeyValue.eq(&email))
            .exec(&txn)
            .await?;
        audit::record(&txn, &who, sign_in_event(outcome::SUCCESS, "password")).await?;
        txn.commit().await?;
        return Ok(SignInOutcome::SignedIn { user_id });
    }
    let at = now();
    let rows = [("account", email), ("address", address.to_owned())].map(|(kind, value)| {
        sign_in_failure::ActiveModel {
            key_kind: Set(kind.to_owned()),
            key_value: Set(value),
            at: Set(at),
            ..Default::default()
        }
    });
    sign_in_failure::Entity::insert_many(rows)
        .exec_without_returning(&txn)
        .await?;
    sign_in_failure::Entity::delete_many()
        .filter(sign_in_failure::Column::At.lt(at - Duration::days(1)))
        .exec(&txn)
        .await?;
    audit::record(&txn, &who, sign_in_event(outcome::DENIED, "password")).await?;
    txn.commit().await?;
    Ok(SignInOutcome::Rejected)
}

fn sign_in_event(outcome: &'static str, method: &str) -> AuditEvent<'static> {
    AuditEvent {
        action: "user.sign_in",
        nhs_number: None,
        record_type: "user",
        record_id: Some(method.to_owned()),
        outcome,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_password_verifies_only_against_its_own_hash() {
        let h = hash_password("correct horse").unwrap();
        assert!(h.starts_with("$argon2id$"));
        assert!(verify_password("correct horse", &h));
        assert!(!verify_password("wrong horse", &h));
        assert!(!verify_password("correct horse", "not a hash"));
    }
}
