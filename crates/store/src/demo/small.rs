//! The small scale: 30 practices (five per borough), six pharmacies and 2,013 patients — what
//! `serve --demo` seeds and what the tests use.

use super::data::{PRACTICE_SUFFIXES, TRUSTS, places};
use super::rows::{self, Accounts, DemoPlaces, org, patient_row, random_person};
use super::writer::BulkWriter;
use super::{Progress, Summary, SyntheticNhsNumbers};
use crate::people::entity::service;
use crate::people::hash_password;
use crate::{Result, Store, now};
use joinedup_core::people::{Borough, OrganisationKind};
use rand::SeedableRng;
use rand::rngs::StdRng;
use sea_orm::ActiveValue::Set;
use uuid::Uuid;

const PATIENTS_PER_PRACTICE: u32 = 67;

/// What the organisation step made that later steps need.
struct Made {
    icb: Uuid,
    kings_rheumatology: (Uuid, Uuid),
    practices: Vec<(Uuid, Borough)>,
    pharmacies: Vec<Uuid>,
}

/// Seeds the small scale in one transaction.
pub(super) async fn seed_small(
    store: &Store,
    mut progress: impl FnMut(Progress),
) -> Result<Summary> {
    let mut rng = StdRng::seed_from_u64(20_261_125);
    let mut w = BulkWriter::begin(store).await?;
    let mut summary = Summary::default();
    let made = organisations(&mut w, &mut rng, &mut summary).await?;
    progress(Progress {
        step: "organisations",
        done: summary.organisations,
        total: summary.organisations,
    });

    // Patients: the demo patient and the carer's two cared-for people first, at the first Southwark practice.
    let southwark: Vec<Uuid> = made
        .practices
        .iter()
        .filter(|(_, b)| *b == Borough::Southwark)
        .map(|(id, _)| *id)
        .collect();
    let created = now();
    let mut numbers = SyntheticNhsNumbers::default();
    let named = rows::demo_patients(&mut numbers, southwark[0], created);
    let ids: Vec<Uuid> = named.iter().map(|(id, _)| *id).collect();
    let mut batch: Vec<_> = named.into_iter().map(|(_, row)| row).collect();
    let total = made.practices.len() as u64 * u64::from(PATIENTS_PER_PRACTICE) + 3;
    let today = created.date();
    for (practice_id, borough) in &made.practices {
        for _ in 0..PATIENTS_PER_PRACTICE {
            let id = Uuid::now_v7();
            let nhs = numbers.next().expect("999-range numbers left");
            let who = random_person(&mut rng, *borough, today);
            batch.push(patient_row(id, nhs, who, *practice_id, created));
        }
    }
    summary.patients = batch.len() as u64;
    w.insert(batch).await?;
    progress(Progress {
        step: "patients",
        done: summary.patients,
        total,
    });

    // Accounts and their memberships.
    let places = DemoPlaces {
        icb: made.icb,
        gp_practices: [southwark[0], southwark[1]],
        kings_rheumatology: made.kings_rheumatology,
        pharmacy: made.pharmacies[Borough::ALL.len() - 1],
        jordan: ids[0],
        cared_for: [ids[1], ids[2]],
    };
    let mut accounts = Accounts::default();
    let hash = hash_password(super::DEMO_PASSWORD)?;
    rows::demo_accounts(&mut accounts, &places, &hash, created);
    summary.users = accounts.users.len() as u64;
    w.insert(accounts.users).await?;
    w.insert(accounts.memberships).await?;
    w.insert(accounts.links).await?;
    w.commit().await?;
    progress(Progress {
        step: "accounts",
        done: summary.users,
        total: summary.users,
    });
    Ok(summary)
}

/// The ICB, trusts with their sites and services, five practices and a pharmacy per borough.
async fn organisations(
    w: &mut BulkWriter,
    rng: &mut StdRng,
    summary: &mut Summary,
) -> Result<Made> {
    let icb = Uuid::now_v7();
    let mut orgs = vec![org(
        icb,
        "QKK",
        "NHS South East London Integrated Care Board",
        OrganisationKind::Icb,
        None,
        None,
        None,
    )];
    let mut sites = vec![];
    let mut services = vec![];
    let mut kings_rheumatology = None;
    for t in TRUSTS {
        let trust_id = Uuid::now_v7();
        orgs.push(org(
            trust_id,
            t.ods,
            t.name,
            OrganisationKind::Trust,
            None,
            None,
            None,
        ));
        for (ods, name) in t.sites {
            let id = Uuid::now_v7();
            sites.push(org(
                id,
                ods,
                name,
                OrganisationKind::TrustSite,
                Some(trust_id),
                None,
                None,
            ));
        }
        for (name, specialty) in t.services {
            let id = Uuid::now_v7();
            if t.ods == "RJZ" && *name == "Rheumatology" {
                kings_rheumatology = Some((trust_id, id));
            }
            services.push(service::ActiveModel {
                id: Set(id),
                organisation_id: Set(trust_id),
                name: Set((*name).to_owned()),
                specialty: Set((*specialty).to_owned()),
                active: Set(true),
            });
        }
    }
    let mut practices = vec![];
    let mut pharmacies = vec![];
    for (bi, b) in Borough::ALL.into_iter().enumerate() {
        for (pi, place) in places(b)[..5].iter().enumerate() {
            let id = Uuid::now_v7();
            let ods = format!("G99{:01}{:02}", bi + 1, pi + 1);
            let side = if pi < 3 { "North" } else { "South" };
            let pcn = format!("{} {side} PCN", b.label());
            let name = format!("{place} {}", PRACTICE_SUFFIXES[(bi + pi) % 5]);
            let pc = rows::postcode(rng, b);
            let kind = OrganisationKind::GpPractice;
            orgs.push(org(id, &ods, &name, kind, None, Some(b), Some((pcn, pc))));
            practices.push((id, b));
        }
        let id = Uuid::now_v7();
        let pc = rows::postcode(rng, b);
        let name = format!("{} Pharmacy", places(b)[0]);
        let ods = format!("FY0{:02}", bi + 1);
        let kind = OrganisationKind::Pharmacy;
        orgs.push(org(
            id,
            &ods,
            &name,
            kind,
            None,
            Some(b),
            Some((String::new(), pc)),
        ));
        pharmacies.push(id);
    }
    summary.organisations = (orgs.len() + sites.len()) as u64;
    summary.services = services.len() as u64;
    w.insert(orgs).await?;
    w.insert(sites).await?;
    w.insert(services).await?;
    Ok(Made {
        icb,
        kings_rheumatology: kings_rheumatology.expect("King's rheumatology is in the trust list"),
        practices,
        pharmacies,
    })
}
