//! The small scale: 30 practices (five per borough), six pharmacies, 2,013 patients, two dozen
//! hand-written advice requests and sixteen hand-written letters with the caseloads they need —
//! what `serve --demo` seeds and what the tests use.

use super::advice_curated::{DemoCast, curated};
use super::advice_sel::practice_label;
use super::data::{PRACTICE_SUFFIXES, places};
use super::letters_curated::{LettersCast, consultant_accounts, curated_letters};
use super::rows::{
    self, Accounts, DemoPlaces, ServiceMade, Trusts, org, patient_row, random_person,
};
use super::writer::BulkWriter;
use super::{Progress, Summary, SyntheticNhsNumbers};
use crate::people::entity::{patient, service};
use crate::people::hash_password;
use crate::{Result, Store, now};
use joinedup_core::calendar::Calendar;
use joinedup_core::people::{Borough, OrganisationKind};
use rand::SeedableRng;
use rand::rngs::StdRng;
use std::collections::HashMap;
use time::OffsetDateTime;
use uuid::Uuid;

const PATIENTS_PER_PRACTICE: u32 = 67;

/// What the organisation step made that later steps need.
struct Made {
    icb: Uuid,
    kings_rheumatology: (Uuid, Uuid),
    /// Each practice: id, borough and "Name (ODS)".
    practices: Vec<(Uuid, Borough, String)>,
    pharmacies: Vec<Uuid>,
    /// Service rows, written once their leads' accounts exist.
    service_rows: Vec<service::ActiveModel>,
    services: Vec<ServiceMade>,
}

/// Seeds the small scale in one transaction.
pub(super) async fn seed_small(
    store: &Store,
    mut progress: impl FnMut(Progress),
) -> Result<Summary> {
    let mut rng = StdRng::seed_from_u64(20_261_125);
    let mut w = BulkWriter::begin(store).await?;
    let mut summary = Summary::default();
    let mut made = organisations(&mut w, &mut rng, &mut summary).await?;
    progress(Progress {
        step: "organisations",
        done: summary.organisations,
        total: summary.organisations,
    });

    // Patients: the demo patient and the carer's two cared-for people first, at the first Southwark practice.
    let southwark: Vec<(Uuid, String)> = made
        .practices
        .iter()
        .filter(|(_, b, _)| *b == Borough::Southwark)
        .map(|(id, _, label)| (*id, label.clone()))
        .collect();
    let gp_practices = [southwark[0].0, southwark[1].0];
    let created = now();
    let (batch, ids, candidates) = patient_rows(&mut rng, &made, gp_practices, created);
    let total = batch.len() as u64;
    summary.patients = batch.len() as u64;
    w.insert(batch).await?;
    progress(Progress {
        step: "patients",
        done: summary.patients,
        total,
    });

    // Accounts and their memberships; the demo specialist leads their service.
    let places = DemoPlaces {
        icb: made.icb,
        gp_practices,
        kings_rheumatology: made.kings_rheumatology,
        pharmacy: made.pharmacies[Borough::ALL.len() - 1],
        jordan: ids[0],
        cared_for: [ids[1], ids[2]],
    };
    let (user_ids, consultants) = accounts(&mut w, &mut made, &places, created).await?;
    summary.users = (user_ids.len() + consultants.len()) as u64;
    progress(Progress {
        step: "accounts",
        done: summary.users,
        total: summary.users,
    });

    let told = Told {
        practices: [southwark[0].clone(), southwark[1].clone()],
        demo_patients: [ids[0], ids[1], ids[2]],
        candidates,
        user_ids,
        consultants,
    };
    stories(&mut w, &made, told, created, &mut summary, &mut progress).await?;
    w.commit().await?;
    crate::letters::figures::rebuild(store).await?;
    Ok(summary)
}

/// Writes the demo accounts with the letter-writing services' consultants, and the service
/// rows (whose leads are accounts); returns the demo accounts' user ids by email local part
/// and each consultant, (user id, name), by service id.
async fn accounts(
    w: &mut BulkWriter,
    made: &mut Made,
    places: &DemoPlaces,
    created: OffsetDateTime,
) -> Result<(
    HashMap<&'static str, Uuid>,
    HashMap<Uuid, (Uuid, &'static str)>,
)> {
    let mut accounts = Accounts::default();
    let hash = hash_password(super::DEMO_PASSWORD)?;
    let user_ids = rows::demo_accounts(&mut accounts, places, &hash, created);
    let consultants = consultant_accounts(&mut accounts, &made.services, &hash, created);
    let rheumatology = made.kings_rheumatology.1;
    Trusts::set_lead(&mut made.service_rows, rheumatology, user_ids["specialist"]);
    w.insert(std::mem::take(&mut made.service_rows)).await?;
    w.insert_accounts(accounts).await?;
    Ok((user_ids, consultants))
}

/// Who the hand-written stories are about and who tells them.
struct Told {
    /// The demo GP's two practices: id and "Name (ODS)".
    practices: [(Uuid, String); 2],
    /// Jordan, Rose and Leo.
    demo_patients: [Uuid; 3],
    /// The other patients of the two practices.
    candidates: Vec<Candidate>,
    /// The demo accounts' user ids by email local part.
    user_ids: HashMap<&'static str, Uuid>,
    /// The letter-writing services' consultants by service id.
    consultants: HashMap<Uuid, (Uuid, &'static str)>,
}

/// Advice requests in every status, then letters in every status with the caseloads they
/// need, told against the calendar.
async fn stories(
    w: &mut BulkWriter,
    made: &Made,
    told: Told,
    created: OffsetDateTime,
    summary: &mut Summary,
    progress: &mut impl FnMut(Progress),
) -> Result<()> {
    let cast = DemoCast::new(
        &told.user_ids,
        told.practices,
        told.demo_patients,
        told.candidates,
        &made.services,
        made.kings_rheumatology.1,
    );
    let calendar = Calendar::england_and_wales();
    let advice = curated(&calendar, created, &cast);
    let letters_cast = LettersCast {
        practices: cast.practices,
        users: &told.user_ids,
        demo_patients: cast.demo_patients,
        patients: &cast.patients,
        services: &made.services,
        consultants: told.consultants,
        advice: &advice.requests,
    };
    let letters = curated_letters(&calendar, created, &letters_cast);
    summary.advice_requests = advice.requests.len() as u64;
    summary.letters = letters.letters.len() as u64;
    advice.write(w).await?;
    progress(Progress {
        step: "advice requests",
        done: summary.advice_requests,
        total: summary.advice_requests,
    });
    letters.write(w).await?;
    progress(Progress {
        step: "letters",
        done: summary.letters,
        total: summary.letters,
    });
    Ok(())
}

/// A patient of one of the demo GP's practices: id, which practice (0 or 1), date of birth.
type Candidate = (Uuid, usize, time::Date);

/// The demo patient and the carer's two cared-for people at the first of `gp_practices`, then
/// 67 patients per practice; returns the rows, the demo patients' ids and the other patients of
/// the demo GP's two practices.
fn patient_rows(
    rng: &mut StdRng,
    made: &Made,
    gp_practices: [Uuid; 2],
    created: time::OffsetDateTime,
) -> (Vec<patient::ActiveModel>, Vec<Uuid>, Vec<Candidate>) {
    let mut numbers = SyntheticNhsNumbers::default();
    let named = rows::demo_patients(&mut numbers, gp_practices[0], created);
    let ids: Vec<Uuid> = named.iter().map(|(id, _)| *id).collect();
    let mut batch: Vec<_> = named.into_iter().map(|(_, row)| row).collect();
    let mut candidates = vec![];
    let today = created.date();
    for (practice_id, borough, _) in &made.practices {
        let gp_practice = gp_practices.iter().position(|p| p == practice_id);
        for _ in 0..PATIENTS_PER_PRACTICE {
            let id = Uuid::now_v7();
            let nhs = numbers.next().expect("999-range numbers left");
            let who = random_person(rng, *borough, today);
            if let Some(i) = gp_practice {
                candidates.push((id, i, who.dob));
            }
            batch.push(patient_row(id, nhs, who, *practice_id, created));
        }
    }
    (batch, ids, candidates)
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
        made,
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
            practices.push((id, b, practice_label(&name, &ods)));
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
    Ok(Made {
        icb,
        kings_rheumatology,
        practices,
        pharmacies,
        service_rows: services,
        services: made,
    })
}
