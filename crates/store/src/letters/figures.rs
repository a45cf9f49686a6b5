//! The programme's letter figures, read from the running totals kept per service and practice
//! and London month (see `totals`) and merged into trusts, services or practices; overdue GP
//! actions are counted as of the day asked, from the open actions' due dates. A year for the
//! whole region reads a few thousand rows. Figures hold no patient data, so reading them is not
//! audited.

use super::totals::{self, PRACTICE, SERVICE};
use crate::people::entity::{organisation, service};
use crate::{Result, Store};
use joinedup_core::letters::figures::{Group, LetterFigures, months_covering};
use sea_orm::{ConnectionTrait, EntityTrait};
use std::collections::HashMap;
use time::{Date, OffsetDateTime};
use uuid::Uuid;

/// Which letters figures read: all, or those of some trusts, services or practices.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Only<'a> {
    /// Every letter.
    All,
    /// The letters of these groups (trust, service or practice ids, by the group).
    Groups(Group, &'a [Uuid]),
}

/// Monthly figures per group for the whole London months touching `[from, to)` (of `only`),
/// with GP actions overdue as of `today`.
pub async fn monthly(
    store: &Store,
    group: Group,
    from: OffsetDateTime,
    to: OffsetDateTime,
    today: Date,
    only: Only<'_>,
) -> Result<Vec<LetterFigures>> {
    figures(store, group, (from, to), today, only, true).await
}

/// Figures per group over the whole London months touching `[from, to)`.
pub async fn period(
    store: &Store,
    group: Group,
    from: OffsetDateTime,
    to: OffsetDateTime,
    today: Date,
) -> Result<Vec<LetterFigures>> {
    figures(store, group, (from, to), today, Only::All, false).await
}

/// Recomputes every running total from the letters themselves, in one transaction; returns
/// how many total rows there are. Run after loading letters in bulk.
pub async fn rebuild(store: &Store) -> Result<u64> {
    let txn = store.write().await?;
    let rows = totals::rebuild(&txn).await?;
    txn.commit().await?;
    Ok(rows)
}

async fn figures(
    store: &Store,
    group: Group,
    (from, to): (OffsetDateTime, OffsetDateTime),
    today: Date,
    only: Only<'_>,
    by_month: bool,
) -> Result<Vec<LetterFigures>> {
    let Some(span) = months_covering(from, to) else {
        return Ok(vec![]);
    };
    let conn = store.db();
    let wanted = match only {
        Only::All => None,
        Only::Groups(_, ids) => Some(ids),
    };
    let trust_of = match group {
        Group::ByTrust => Some(trusts_of_services(conn).await?),
        _ => None,
    };
    let (grain, stored_ids) = match (group, &trust_of, wanted) {
        (Group::ByPractice, _, w) => (PRACTICE, w.map(<[Uuid]>::to_vec)),
        (Group::ByService, _, w) => (SERVICE, w.map(<[Uuid]>::to_vec)),
        (Group::ByTrust, Some(map), Some(trusts)) => (
            SERVICE,
            Some(
                map.iter()
                    .filter(|(_, t)| trusts.contains(t))
                    .map(|(s, _)| *s)
                    .collect(),
            ),
        ),
        (Group::ByTrust, _, _) => (SERVICE, None),
    };
    let rows = totals::read(
        conn,
        grain,
        (&span.first, &span.last),
        stored_ids.as_deref(),
    )
    .await?;
    // Each figure's rows are merged and summarised in turn, so only one group's distributions
    // are in memory at a time, however many groups and months there are.
    let mut keyed: Vec<((Uuid, String), _)> = rows
        .into_iter()
        .filter_map(|r| {
            let id = match &trust_of {
                Some(map) => *map.get(&r.group_id)?,
                None => r.group_id,
            };
            let month = if by_month {
                r.month.clone()
            } else {
                String::new()
            };
            Some(((id, month), r))
        })
        .collect();
    keyed.sort_by(|a, b| a.0.cmp(&b.0));
    let mut out = Vec::new();
    for run in keyed.chunk_by(|a, b| a.0 == b.0) {
        let mut tally = totals::tally_of(&run[0].1)?;
        for (_, r) in &run[1..] {
            tally.merge(&totals::tally_of(r)?);
        }
        let (id, month) = run[0].0.clone();
        out.push(tally.figures(id, month, today));
    }
    Ok(out)
}

/// Each service's trust.
async fn trusts_of_services(conn: &impl ConnectionTrait) -> Result<HashMap<Uuid, Uuid>> {
    Ok(service::Entity::find()
        .all(conn)
        .await?
        .into_iter()
        .map(|s| (s.id, s.organisation_id))
        .collect())
}

/// Names of the groups figures are kept for: trusts and practices by organisation name,
/// services as "Service, Trust".
pub async fn group_names(store: &Store, group: Group) -> Result<HashMap<Uuid, String>> {
    let conn = store.db();
    let orgs: HashMap<Uuid, String> = organisation::Entity::find()
        .all(conn)
        .await?
        .into_iter()
        .map(|o| (o.id, o.name))
        .collect();
    if group != Group::ByService {
        return Ok(orgs);
    }
    Ok(service::Entity::find()
        .all(conn)
        .await?
        .into_iter()
        .map(|s| {
            let trust = orgs.get(&s.organisation_id).cloned().unwrap_or_default();
            (s.id, format!("{}, {trust}", s.name))
        })
        .collect())
}
