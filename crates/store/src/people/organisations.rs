//! The directory of organisations as API clients read it (not patient data: any signed-in caller).

use super::entity::organisation;
use crate::{Result, Store};
use joinedup_core::people::OrganisationKind;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect};

/// Which organisations to list.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// Only this kind.
    pub kind: Option<OrganisationKind>,
    /// Only this ODS code (case-insensitive).
    pub ods_code: Option<String>,
}

/// Active organisations matching `filter`, ordered by ODS code, with the total count.
pub async fn list(
    store: &Store,
    filter: &Filter,
    limit: u64,
    offset: u64,
) -> Result<(Vec<organisation::Model>, u64)> {
    let mut q = organisation::Entity::find().filter(organisation::Column::Active.eq(true));
    if let Some(k) = filter.kind {
        q = q.filter(organisation::Column::Kind.eq(k.as_str()));
    }
    if let Some(code) = &filter.ods_code {
        q = q.filter(organisation::Column::OdsCode.eq(code.trim().to_ascii_uppercase()));
    }
    let total = q.clone().count(store.db()).await?;
    let rows = q
        .order_by_asc(organisation::Column::OdsCode)
        .offset(offset)
        .limit(limit)
        .all(store.db())
        .await?;
    Ok((rows, total))
}
