//! Optimistic concurrency for records people edit: a change is written only if the row still
//! has the version the person started from, so two people saving at once cannot overwrite each
//! other; the later one is told, and keeps what they typed.

use crate::{Result, StoreError, now};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter, Value,
};
use uuid::Uuid;

/// The columns that identify and version a row of `E`.
pub struct Versioned<E: EntityTrait> {
    /// The primary key.
    pub id: E::Column,
    /// The version, raised by one on every change.
    pub version: E::Column,
    /// When it last changed.
    pub updated_at: E::Column,
}

impl<E: EntityTrait> Versioned<E> {
    /// Writes `changes` to row `id` if its version is still `expected`, raising the version
    /// and the change time; `Conflict(message)` when someone changed it first.
    pub async fn save<A>(
        &self,
        txn: &DatabaseTransaction,
        mut changes: A,
        id: Uuid,
        expected: i32,
        message: &str,
    ) -> Result<()>
    where
        A: ActiveModelTrait<Entity = E> + Send,
    {
        changes.set(self.version, Value::from(expected + 1));
        changes.set(self.updated_at, Value::from(now()));
        let res = E::update_many()
            .set(changes)
            .filter(self.id.eq(id))
            .filter(self.version.eq(expected))
            .exec(txn)
            .await?;
        if res.rows_affected == 1 {
            Ok(())
        } else {
            Err(StoreError::Conflict(message.into()))
        }
    }
}
