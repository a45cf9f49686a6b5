//! People endpoints: who am I, organisations, and patients (scoped like the pages, audited).

use super::auth::ApiCaller;
use super::problem::{ApiError, Problem, from_field_errors};
use super::{ApiJson, Listing};
use crate::app::AppState;
use axum::Extension;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use joinedup_core::people::patient::{NewPatientInput, PatientQuery};
use joinedup_core::people::{NhsNumber, OrganisationKind};
use joinedup_store::people::{self, PatientSummary, organisations};
use joinedup_store::platform::idempotency::Claim;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

/// An organisation as other records refer to it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct OrganisationRef {
    /// Its id.
    pub id: Uuid,
    /// ODS code.
    pub ods_code: String,
    /// Name.
    pub name: String,
}

/// The caller: who they are and whom they act for.
#[derive(Debug, Serialize, ToSchema)]
pub struct Me {
    /// The user.
    pub user_id: Uuid,
    /// Email address.
    pub email: String,
    /// Name.
    pub display_name: String,
    /// Role (`gp`, `practice_staff`, `specialist`, …).
    pub role: String,
    /// The organisation acted for.
    pub organisation: Option<OrganisationRef>,
    /// The service acted for (specialists and secretaries).
    pub service: Option<ServiceRef>,
    /// "Service, Organisation (ODS)" as the pages show it.
    pub acting_for: Option<String>,
}

/// A specialist service.
#[derive(Debug, Serialize, ToSchema)]
pub struct ServiceRef {
    /// Its id.
    pub id: Uuid,
    /// Its name.
    pub name: String,
}

/// `GET /api/v1/me`
#[utoipa::path(get, path = "/api/v1/me", tag = "people",
    responses((status = 200, body = Me), (status = 401, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []), ("session" = [])))]
pub async fn me(caller: ApiCaller) -> axum::Json<Me> {
    let a = caller.actor;
    let organisation = match (a.organisation_id, &a.organisation_ods, &a.organisation_name) {
        (Some(id), Some(ods), Some(name)) => Some(OrganisationRef {
            id,
            ods_code: ods.clone(),
            name: name.clone(),
        }),
        _ => None,
    };
    let service = a
        .service_id
        .zip(a.service_name.clone())
        .map(|(id, name)| ServiceRef { id, name });
    axum::Json(Me {
        acting_for: a.acting_for_label(),
        user_id: a.user_id,
        email: a.email,
        display_name: a.display_name,
        role: a.role.as_str().to_owned(),
        organisation,
        service,
    })
}

/// An organisation in the directory.
#[derive(Debug, Serialize, ToSchema)]
pub struct Organisation {
    /// Its id.
    pub id: Uuid,
    /// ODS code.
    pub ods_code: String,
    /// Name.
    pub name: String,
    /// `icb`, `trust`, `trust_site`, `gp_practice` or `pharmacy`.
    pub kind: String,
    /// The trust of a site.
    pub parent_id: Option<Uuid>,
    /// Borough, for practices and pharmacies.
    pub borough: Option<String>,
    /// Primary care network, for practices.
    pub pcn: Option<String>,
    /// Postcode.
    pub postcode: Option<String>,
}

/// Filters and paging for organisations.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct OrganisationQuery {
    /// Only this kind.
    pub kind: Option<String>,
    /// Only this ODS code.
    pub ods_code: Option<String>,
    /// Page size (1–100, default 50).
    pub limit: Option<u64>,
    /// Items to skip.
    pub offset: Option<u64>,
}

/// `GET /api/v1/organisations`
#[utoipa::path(get, path = "/api/v1/organisations", tag = "people", params(OrganisationQuery),
    responses((status = 200, body = Listing<Organisation>), (status = 401, body = Problem, content_type = "application/problem+json"),
              (status = 422, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []), ("session" = [])))]
pub async fn list_organisations(
    State(state): State<AppState>,
    _caller: ApiCaller,
    Query(q): Query<OrganisationQuery>,
) -> Result<axum::Json<Listing<Organisation>>, ApiError> {
    let kind = match q.kind.as_deref() {
        Some(k) => Some(OrganisationKind::parse(k).ok_or_else(|| {
            ApiError::field(
                "/kind",
                "Kind must be one of icb, trust, trust_site, gp_practice, pharmacy",
            )
        })?),
        None => None,
    };
    let limit = q.limit.unwrap_or(50);
    if !(1..=100).contains(&limit) {
        return Err(ApiError::field("/limit", "Limit must be from 1 to 100"));
    }
    let offset = q.offset.unwrap_or(0);
    let filter = organisations::Filter {
        kind,
        ods_code: q.ods_code.clone(),
    };
    let (rows, total) = organisations::list(&state.store, &filter, limit, offset).await?;
    let items = rows
        .into_iter()
        .map(|o| Organisation {
            id: o.id,
            ods_code: o.ods_code,
            name: o.name,
            kind: o.kind,
            parent_id: o.parent_id,
            borough: o.borough,
            pcn: o.pcn,
            postcode: o.postcode,
        })
        .collect();
    Ok(axum::Json(Listing {
        items,
        total,
        limit,
        offset,
    }))
}

/// A patient record.
#[derive(Debug, Serialize, ToSchema)]
pub struct Patient {
    /// Its id.
    pub id: Uuid,
    /// NHS number, ten digits.
    pub nhs_number: String,
    /// Given name.
    pub given_name: String,
    /// Family name.
    pub family_name: String,
    /// Date of birth, `YYYY-MM-DD`.
    pub date_of_birth: String,
    /// Postcode.
    pub postcode: String,
    /// The registered GP practice.
    pub registered_practice: OrganisationRef,
}

impl From<&PatientSummary> for Patient {
    fn from(p: &PatientSummary) -> Self {
        Self {
            id: p.id,
            nhs_number: p.nhs_number.as_digits(),
            given_name: p.given_name.clone(),
            family_name: p.family_name.clone(),
            date_of_birth: p.date_of_birth.to_string(),
            postcode: p.postcode.clone(),
            registered_practice: OrganisationRef {
                id: p.practice_id,
                ods_code: p.practice_ods.clone(),
                name: p.practice_name.clone(),
            },
        }
    }
}

/// Patient search parameters.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PatientQueryParams {
    /// NHS number (ten digits; spaces allowed).
    pub nhs_number: Option<String>,
}

/// `GET /api/v1/patients?nhs_number=…`: patients of the caller's practice with that number (each read audited).
#[utoipa::path(get, path = "/api/v1/patients", tag = "people", params(PatientQueryParams),
    responses((status = 200, body = Listing<Patient>), (status = 401, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json"), (status = 422, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []), ("session" = [])))]
pub async fn find_patients(
    State(state): State<AppState>,
    caller: ApiCaller,
    Query(q): Query<PatientQueryParams>,
) -> Result<axum::Json<Listing<Patient>>, ApiError> {
    let nhs = NhsNumber::parse(q.nhs_number.as_deref().unwrap_or_default())
        .map_err(|e| ApiError::field("/nhs_number", e.to_string()))?;
    let found =
        people::find_patients(&state.store, &caller.actor, &PatientQuery::ByNhsNumber(nhs)).await?;
    let items: Vec<Patient> = found.iter().map(Patient::from).collect();
    let total = items.len() as u64;
    Ok(axum::Json(Listing {
        items,
        total,
        limit: total,
        offset: 0,
    }))
}

/// A patient to register at the caller's practice.
#[derive(Debug, Deserialize, ToSchema)]
pub struct NewPatient {
    /// NHS number (ten digits, spaces allowed; Modulus 11 checked).
    pub nhs_number: String,
    /// Given name.
    pub given_name: String,
    /// Family name.
    pub family_name: String,
    /// Date of birth, `YYYY-MM-DD`.
    pub date_of_birth: String,
    /// Postcode.
    pub postcode: String,
}

/// `POST /api/v1/patients`: registers a patient at the caller's practice. Send an `Idempotency-Key` to retry safely.
#[utoipa::path(post, path = "/api/v1/patients", tag = "people", request_body = NewPatient,
    params(("Idempotency-Key" = Option<String>, Header, description = "Makes retries safe: a repeat returns the first response")),
    responses((status = 201, body = Patient), (status = 401, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json"),
              (status = 409, body = Problem, content_type = "application/problem+json"),
              (status = 422, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []), ("session" = [])))]
pub async fn register_patient(
    State(state): State<AppState>,
    caller: ApiCaller,
    claim: Option<Extension<Claim>>,
    ApiJson(input): ApiJson<NewPatientInput>,
) -> Result<Response, ApiError> {
    let today = time::OffsetDateTime::now_utc().date();
    let new = input.parse(today).map_err(from_field_errors)?;
    let respond = |p: &PatientSummary| {
        (
            201,
            serde_json::to_string(&Patient::from(p)).unwrap_or_default(),
        )
    };
    let created = people::register_patient(
        &state.store,
        &caller.actor,
        &new,
        claim.map(|Extension(c)| c),
        respond,
    )
    .await?;
    Ok((StatusCode::CREATED, axum::Json(Patient::from(&created))).into_response())
}
