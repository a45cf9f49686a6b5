//! Administration: organisations, services, users and their memberships, managed by an
//! administrator. Every change runs in one transaction with its audit entry; a field problem
//! comes back as a [`FieldError`] (nothing written), a forbidden or missing record as
//! `StoreError::NotFound`.

pub mod keys;
pub mod memberships;
pub mod organisations;
pub mod services;
pub mod users;

pub use memberships::{
    MembershipRow, NewMembership, add_membership, membership_problem, remove_membership,
};
pub use organisations::{
    OrganisationInput, OrganisationQuery, OrganisationRow, create_organisation, list_organisations,
    organisation, set_organisation_active, trusts, update_organisation,
};
pub use services::{
    ServiceInput, ServiceRow, active_services, create_service, list_services, service,
    set_service_active, update_service,
};
pub use users::{
    NewUser, UserDetail, UserEdit, UserRow, create_user, list_users, reset_password,
    set_user_active, update_user, user,
};

use super::ActorContext;
use crate::audit::AuditEvent;
use crate::{Result, StoreError};
use joinedup_core::audit::outcome;
use joinedup_core::people::access::{Capability, can};
use joinedup_core::text::search_key;
use sea_orm::{ColumnTrait, Condition};
use uuid::Uuid;

/// How many rows one page of a list holds.
pub const PAGE_SIZE: u64 = 20;

/// The shortest password an administrator may set.
pub const MIN_PASSWORD_LENGTH: usize = 12;

/// A problem with one field of a form, shown beside that field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    /// The form field's name (and the id of its input).
    pub field: &'static str,
    /// What is wrong and how to fix it.
    pub message: String,
}

impl FieldError {
    /// A problem with `field`.
    pub fn new(field: &'static str, message: impl Into<String>) -> Self {
        Self {
            field,
            message: message.into(),
        }
    }
}

/// The outcome of a change that is refused, with nothing written, when a field is wrong.
pub type Checked<T> = std::result::Result<T, Vec<FieldError>>;

/// One page of a list, with the total count for the pagination.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page<T> {
    /// The rows of this page.
    pub items: Vec<T>,
    /// How many rows match in all.
    pub total: u64,
    /// This page's number, from 1.
    pub page: u64,
}

impl<T> Page<T> {
    /// How many pages the matches fill (at least 1).
    pub fn pages(&self) -> u64 {
        self.total.div_ceil(PAGE_SIZE).max(1)
    }

    /// True when a later page exists.
    pub fn has_next(&self) -> bool {
        self.page < self.pages()
    }
}

/// A page number from 1, whatever was asked for.
fn page_number(page: u64) -> u64 {
    page.max(1)
}

/// `NotFound` unless the actor administers: other roles cannot tell these pages exist.
fn require_admin(ctx: &ActorContext) -> Result<()> {
    if can(&ctx.actor(), Capability::Administer) {
        Ok(())
    } else {
        Err(StoreError::NotFound)
    }
}

/// The audit entry of one successful administrative change.
fn event(action: &'static str, record_type: &'static str, id: Uuid) -> AuditEvent<'static> {
    AuditEvent {
        action,
        nhs_number: None,
        record_type,
        record_id: Some(id.to_string()),
        outcome: outcome::SUCCESS,
    }
}

/// A condition that every word of `text` (folded by `search_key`) occurs in `column`;
/// `None` when there is nothing to search for.
fn words_in(column: impl ColumnTrait, text: &str) -> Option<Condition> {
    let key = search_key(text);
    if key.is_empty() {
        return None;
    }
    // search_key leaves only letters, digits and single spaces: no LIKE wildcard survives.
    let mut all = Condition::all();
    for word in key.split(' ') {
        all = all.add(column.contains(word));
    }
    Some(all)
}

/// Trims a form value and turns an empty one into `None`.
fn optional(value: &str) -> Option<String> {
    let v = value.trim();
    (!v.is_empty()).then(|| v.to_owned())
}
