//! Patient records: search and summaries, scoped by the access rules and audited in the same transaction.

use super::ActorContext;
use super::entity::{organisation, patient, patient_link};
use crate::audit::{self, AuditEvent};
use crate::platform::paging::first;
use crate::platform::reads::{Cells, FromCells};
use crate::{Result, Store, StoreError};
use joinedup_core::audit::outcome;
use joinedup_core::people::access::{Capability, PatientFacts, can, may_view_patient};
use joinedup_core::people::patient::PatientQuery;
use joinedup_core::people::{Borough, NhsNumber};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, QueryTrait,
};
use uuid::Uuid;

/// The most patients one search returns; a practice user narrows the search beyond that.
pub const SEARCH_LIMIT: u64 = 50;

/// A patient record as pages show it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PatientSummary {
    /// The record id.
    pub id: Uuid,
    /// The NHS number.
    pub nhs_number: NhsNumber,
    /// Given name.
    pub given_name: String,
    /// Family name.
    pub family_name: String,
    /// Date of birth.
    pub date_of_birth: time::Date,
    /// Home postcode.
    pub postcode: String,
    /// The registered practice's id.
    pub practice_id: Uuid,
    /// The registered practice's name.
    pub practice_name: String,
    /// The registered practice's ODS code.
    pub practice_ods: String,
    /// The practice's borough.
    pub borough: Option<Borough>,
    /// How the signed-in user relates to this record: `self`, `carer`, or `None` for staff.
    pub relationship: Option<String>,
}

impl PatientSummary {
    /// "FAMILY, Given", as NHS systems list patients.
    pub fn list_name(&self) -> String {
        format!("{}, {}", self.family_name.to_uppercase(), self.given_name)
    }

    /// Age in whole years on `today`.
    pub fn age_on(&self, today: time::Date) -> i32 {
        let dob = self.date_of_birth;
        let mut age = today.year() - dob.year();
        if (today.month() as u8, today.day()) < (dob.month() as u8, dob.day()) {
            age -= 1;
        }
        age
    }
}

/// A search's row: the patient (columns prefixed `A_`, as sea-orm's `find_also_related` names
/// them) and their practice (`B_`; none if the join found no row).
struct Found(patient::Model, Option<organisation::Model>);

impl FromCells for Found {
    fn from_cells(row: &impl Cells) -> std::result::Result<Self, DbErr> {
        let (a, b) = ("A_", "B_");
        let patient = patient::Model {
            id: row.get(a, "id")?,
            nhs_number: row.get(a, "nhs_number")?,
            given_name: row.get(a, "given_name")?,
            family_name: row.get(a, "family_name")?,
            family_name_key: row.get(a, "family_name_key")?,
            given_name_key: row.get(a, "given_name_key")?,
            date_of_birth: row.get(a, "date_of_birth")?,
            postcode: row.get(a, "postcode")?,
            practice_id: row.get(a, "practice_id")?,
            created_at: row.get(a, "created_at")?,
        };
        let practice = match row.get::<Option<Uuid>>(b, "id")? {
            None => None,
            Some(id) => Some(organisation::Model {
                id,
                ods_code: row.get(b, "ods_code")?,
                name: row.get(b, "name")?,
                kind: row.get(b, "kind")?,
                parent_id: row.get(b, "parent_id")?,
                borough: row.get(b, "borough")?,
                pcn: row.get(b, "pcn")?,
                postcode: row.get(b, "postcode")?,
                active: row.get(b, "active")?,
                search_key: row.get(b, "search_key")?,
            }),
        };
        Ok(Self(patient, practice))
    }
}

/// Finds patients registered at the practice the actor acts for; each match is audited as read.
/// An actor who may not search gets `NotFound`.
pub async fn find_patients(
    store: &Store,
    ctx: &ActorContext,
    query: &PatientQuery,
) -> Result<Vec<PatientSummary>> {
    let actor = ctx.actor();
    let Some(practice_id) = actor
        .organisation_id
        .filter(|_| can(&actor, Capability::FindPatients))
    else {
        return Err(StoreError::NotFound);
    };
    let mut select = patient::Entity::find().filter(patient::Column::PracticeId.eq(practice_id));
    select = match query {
        PatientQuery::ByNhsNumber(n) => select.filter(patient::Column::NhsNumber.eq(n.as_digits())),
        PatientQuery::ByNameAndBirthDate {
            family_name,
            given_name,
            date_of_birth,
        } => {
            let mut s = select
                .filter(patient::Column::FamilyNameKey.eq(family_name.as_str()))
                .filter(patient::Column::DateOfBirth.eq(*date_of_birth));
            if !given_name.is_empty() {
                s = s.filter(patient::Column::GivenNameKey.starts_with(given_name.as_str()));
            }
            s
        }
    };
    // The practice comes in the same query, on the hot-read connections: a search is the
    // commonest page after the home page.
    let query = select
        .find_also_related(organisation::Entity)
        .order_by_asc(patient::Column::FamilyNameKey)
        .order_by_asc(patient::Column::GivenNameKey)
        .into_query();
    let rows = store.reads().page::<Found>(&query, SEARCH_LIMIT, 0).await?;
    let out = rows
        .into_iter()
        .map(|Found(row, practice)| {
            let practice = practice
                .ok_or_else(|| anyhow::anyhow!("patient {} has no practice row", row.id))?;
            summary_with(row, practice, None)
        })
        .collect::<Result<Vec<_>>>()?;
    let events = out
        .iter()
        .map(|s| view_event("patient.search", s, outcome::SUCCESS))
        .collect();
    audit::record_read(store, &ctx.audit(), events).await?;
    Ok(out)
}

/// One patient's record summary. A record the actor may not see is `NotFound`, and the refusal is audited.
pub async fn patient_summary(
    store: &Store,
    ctx: &ActorContext,
    patient_id: Uuid,
) -> Result<PatientSummary> {
    let conn = store.db();
    let Some(row) = first(conn, patient::Entity::find_by_id(patient_id)).await? else {
        let event = AuditEvent {
            action: "patient.view",
            nhs_number: None,
            record_type: "patient",
            record_id: Some(patient_id.to_string()),
            outcome: outcome::NOT_FOUND,
        };
        audit::record_read(store, &ctx.audit(), vec![event]).await?;
        return Err(StoreError::NotFound);
    };
    let facts = PatientFacts {
        patient_id: row.id,
        registered_practice_id: row.practice_id,
        involved_service_ids: involved_services(conn, row.id).await?,
    };
    let relationship = relationship_of(conn, ctx, row.id).await?;
    let summary = summarise(conn, row, relationship).await?;
    let allowed = may_view_patient(&ctx.actor(), &facts);
    let outcome = if allowed {
        outcome::SUCCESS
    } else {
        outcome::DENIED
    };
    audit::record_read(
        store,
        &ctx.audit(),
        vec![view_event("patient.view", &summary, outcome)],
    )
    .await?;
    if allowed {
        Ok(summary)
    } else {
        Err(StoreError::NotFound)
    }
}

/// The records a patient or carer may see: their own first, then those they care for.
pub async fn my_records(store: &Store, ctx: &ActorContext) -> Result<Vec<PatientSummary>> {
    let mut out = Vec::new();
    for id in &ctx.linked_patient_ids {
        match patient_summary(store, ctx, *id).await {
            Ok(s) => out.push(s),
            Err(StoreError::NotFound) => {}
            Err(e) => return Err(e),
        }
    }
    out.sort_by_key(|s| {
        (
            s.relationship.as_deref() != Some("self"),
            s.family_name.clone(),
        )
    });
    Ok(out)
}

/// Services involved in a patient's care: those with the patient on their caseload, and those
/// asked for advice about them.
async fn involved_services(conn: &impl ConnectionTrait, patient_id: Uuid) -> Result<Vec<Uuid>> {
    let mut ids = super::caseload::services_of(conn, patient_id).await?;
    for id in crate::advice::services_involved_with(conn, patient_id).await? {
        if !ids.contains(&id) {
            ids.push(id);
        }
    }
    Ok(ids)
}

/// The summary of a patient row, for other areas' pages (the caller scopes and audits).
pub(crate) async fn summary_of(
    conn: &impl ConnectionTrait,
    row: patient::Model,
) -> Result<PatientSummary> {
    summarise(conn, row, None).await
}

async fn relationship_of(
    conn: &impl ConnectionTrait,
    ctx: &ActorContext,
    patient_id: Uuid,
) -> Result<Option<String>> {
    if !ctx.linked_patient_ids.contains(&patient_id) {
        return Ok(None);
    }
    let link = patient_link::Entity::find()
        .filter(patient_link::Column::UserId.eq(ctx.user_id))
        .filter(patient_link::Column::PatientId.eq(patient_id));
    Ok(first(conn, link).await?.map(|l| l.relationship))
}

async fn summarise(
    conn: &impl ConnectionTrait,
    row: patient::Model,
    relationship: Option<String>,
) -> Result<PatientSummary> {
    let practice = first(conn, organisation::Entity::find_by_id(row.practice_id))
        .await?
        .ok_or_else(|| anyhow::anyhow!("patient {} has no practice row", row.id))?;
    summary_with(row, practice, relationship)
}

fn summary_with(
    row: patient::Model,
    practice: organisation::Model,
    relationship: Option<String>,
) -> Result<PatientSummary> {
    let nhs_number = NhsNumber::parse(&row.nhs_number)
        .map_err(|e| anyhow::anyhow!("stored NHS number for {} is invalid: {e}", row.id))?;
    Ok(PatientSummary {
        id: row.id,
        nhs_number,
        given_name: row.given_name,
        family_name: row.family_name,
        date_of_birth: row.date_of_birth,
        postcode: row.postcode,
        practice_id: practice.id,
        practice_name: practice.name,
        practice_ods: practice.ods_code,
        borough: practice.borough.as_deref().and_then(Borough::parse),
        relationship,
    })
}

fn view_event<'a>(action: &'a str, s: &PatientSummary, outcome: &'a str) -> AuditEvent<'a> {
    AuditEvent {
        action,
        nhs_number: Some(s.nhs_number.as_digits()),
        record_type: "patient",
        record_id: Some(s.id.to_string()),
        outcome,
    }
}

/// Registers a patient at the practice the actor acts for, audited; with an idempotency claim,
/// the response `respond` builds is stored in the same transaction. A second record with the same
/// NHS number is a `Conflict`.
pub async fn register_patient(
    store: &Store,
    ctx: &ActorContext,
    new: &joinedup_core::people::patient::NewPatient,
    claim: Option<crate::platform::idempotency::Claim>,
    respond: impl FnOnce(&PatientSummary) -> (u16, String),
) -> Result<PatientSummary> {
    use sea_orm::{ActiveValue::Set, TransactionTrait};
    let actor = ctx.actor();
    let Some(practice_id) = actor
        .organisation_id
        .filter(|_| can(&actor, Capability::RegisterPatients))
    else {
        return Err(StoreError::NotFound);
    };
    let txn = store.write().await?;
    let id = Uuid::now_v7();
    let row = patient::ActiveModel {
        id: Set(id),
        nhs_number: Set(new.nhs_number.as_digits()),
        given_name: Set(new.given_name.clone()),
        family_name: Set(new.family_name.clone()),
        family_name_key: Set(joinedup_core::text::search_key(&new.family_name)),
        given_name_key: Set(joinedup_core::text::search_key(&new.given_name)),
        date_of_birth: Set(new.date_of_birth),
        postcode: Set(new.postcode.to_string()),
        practice_id: Set(practice_id),
        created_at: Set(crate::now()),
    };
    // A savepoint, so that a duplicate leaves the transaction usable on PostgreSQL.
    let sp = txn.begin().await?;
    if let Err(e) = patient::Entity::insert(row)
        .exec_without_returning(&sp)
        .await
    {
        sp.rollback().await?;
        return Err(if crate::is_unique_violation(&e) {
            StoreError::Conflict("A patient with this NHS number is already registered".into())
        } else {
            e.into()
        });
    }
    sp.commit().await?;
    let inserted = patient::Entity::find_by_id(id)
        .one(&txn)
        .await?
        .ok_or(StoreError::NotFound)?;
    let summary = summarise(&txn, inserted, None).await?;
    audit::record(
        &txn,
        &ctx.audit(),
        view_event("patient.register", &summary, outcome::SUCCESS),
    )
    .await?;
    if let Some(claim) = claim {
        let (status, body) = respond(&summary);
        crate::platform::idempotency::complete(&txn, claim, status, &body).await?;
    }
    txn.commit().await?;
    Ok(summary)
}
