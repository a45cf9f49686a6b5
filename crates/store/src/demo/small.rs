//! The small scale: 30 practices (five per borough), six pharmacies and 2,013 patients — what
//! `serve --demo` seeds and what the tests use.

use super::data::{PRACTICE_SUFFIXES, places};
use super::rows::{self, Accounts, DemoPlaces, Trusts, org, patient_row, random_person};
use super::writer::BulkWriter;
use super::{Progress, Summary, SyntheticNhsNumbers};
use crate::people::entity::patient;
use crate::people::hash_password;
use crate::{Result, Store, now};
use joinedup_core::people::{Borough, OrganisationKind};
use rand::SeedableRng;
use rand::rngs::StdRng;
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
    let (batch, ids) = patient_rows(&mut rng, &made, southwark[0], created);
    let total = batch.len() as u64;
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
    w.insert_accounts(accounts).await?;
    w.commit().await?;
    progress(Progress {
        step: "accounts",
        done: summary.users,
        total: summary.users,
    });
    Ok(summary)
}

/// The demo patient and the carer's two cared-for people at `home`, then 67 patients per
/// practice; returns the rows and the demo patients' ids.
fn patient_rows(
    rng: &mut StdRng,
    made: &Made,
    home: Uuid,
    created: time::OffsetDateTime,
) -> (Vec<patient::ActiveModel>, Vec<Uuid>) {
    let mut numbers = SyntheticNhsNumbers::default();
    let named = rows::demo_patients(&mut numbers, home, created);
    let ids: Vec<Uuid> = named.iter().map(|(id, _)| *id).collect();
    let mut batch: Vec<_> = named.into_iter().map(|(_, row)| row).collect();
    let today = created.date();
    for (practice_id, borough) in &made.practices {
        for _ in 0..PATIENTS_PER_PRACTICE {
            let id = Uuid::now_v7();
            let nhs = numbers.next().expect("999-range numbers left");
            let who = random_person(rng, *borough, today);
            batch.push(patient_row(id, nhs, who, *practice_id, created));
        }
    }
    (batch, ids)
}

/// The ICB, trusts with their sites and services, five practices and a pharmacy per borough.
async fn organisations(
    w: &mut BulkWriter,
    rng: &mut StdRng,
    summary: &mut Summary,
) -> Result<Made> {
    let trusts = Trusts::new(false);
    let kings_rheumatology = trusts.kings_rheumatology();
    let Trusts {
        icb,
        mut orgs,
        sites,
        services,
        ..
    } = trusts;
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
        kings_rheumatology,
        practices,
        pharmacies,
    })
}
