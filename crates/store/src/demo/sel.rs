//! The `sel` scale: south east London at full size — about 2 million patients in 200 practices
//! across the six boroughs, each practice in a primary care network, all five trusts with their
//! sites and services, community pharmacies and a staff account for every post.
//!
//! It adds a year of advice requests at south east London volume (see `advice_sel`), after the
//! demo accounts' hand-written ones. Patients and requests are generated and written in batches,
//! so memory stays flat whatever the size, and the whole run is one transaction (see `writer`).

use super::advice_curated::{DemoCast, curated};
use super::advice_sel::{Sampler, SelCast, SelService, practice_label, write_year};
use super::advice_story::Author;
use super::data::{PRACTICE_SUFFIXES, places};
use super::numbers::TestRangeNhsNumbers;
use super::rows::{
    self, Accounts, DemoPlaces, ServiceMade, Trusts, org, patient_row, random_person,
};
use super::sel_size::SelSize;
use super::writer::BulkWriter;
use super::{DEMO_DOMAIN, Progress, Summary};
use crate::people::entity::{organisation, patient, service};
use crate::people::hash_password;
use crate::{Result, Store, now};
use joinedup_core::calendar::Calendar;
use joinedup_core::people::{Borough, OrganisationKind, Role};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use std::collections::HashMap;
use uuid::Uuid;

/// Each borough's share of practices and pharmacies, roughly its share of registered patients.
const BOROUGH_WEIGHTS: [u64; 6] = [24, 34, 32, 40, 34, 36];

/// One practice to create.
struct Practice {
    id: Uuid,
    ods: String,
    name: String,
    borough: Borough,
    list: u32,
}

/// What the organisation step made that later steps need.
struct Made {
    icb: Uuid,
    kings_rheumatology: (Uuid, Uuid),
    /// Every service.
    services: Vec<ServiceMade>,
    /// Service rows, written once their leads' accounts exist.
    service_rows: Vec<service::ActiveModel>,
    practices: Vec<Practice>,
    /// (ODS, id) of every pharmacy, by borough.
    pharmacies: Vec<(String, Borough, Uuid)>,
}

/// Seeds the `sel` scale at `size` into an empty database in one transaction, reporting progress.
pub async fn seed_sel(
    store: &Store,
    size: SelSize,
    mut progress: impl FnMut(Progress),
) -> Result<Summary> {
    size.check()?;
    let mut rng = StdRng::seed_from_u64(20_260_601);
    let mut w = BulkWriter::begin(store).await?;
    let mut summary = Summary::default();
    let mut made = organisations(&mut w, &mut rng, size, &mut summary).await?;
    progress(Progress {
        step: "organisations",
        done: summary.organisations,
        total: summary.organisations,
    });
    let mut sampler = Sampler::new(size.patients);
    let people = patients(&mut w, &mut rng, &made, size, &mut sampler, &mut progress).await?;
    summary.patients = size.patients;
    let mut staff = staff_accounts(&made, &people.demo, &mut rng)?;
    summary.users = staff.accounts.users.len() as u64;
    // Each service is led by its specialist; the demo specialist leads theirs.
    let rheumatology = made.kings_rheumatology.1;
    for (s, (lead, _)) in made.services.iter().zip(&staff.specialists) {
        let lead = if s.id == rheumatology {
            staff.demo["specialist"]
        } else {
            *lead
        };
        Trusts::set_lead(&mut made.service_rows, s.id, lead);
    }
    w.insert(std::mem::take(&mut made.service_rows)).await?;
    w.insert_accounts(std::mem::take(&mut staff.accounts))
        .await?;
    progress(Progress {
        step: "accounts",
        done: summary.users,
        total: summary.users,
    });
    summary.advice_requests = advice(&mut w, &made, &staff, people, sampler, &mut progress).await?;
    progress(Progress {
        step: "committing",
        done: 0,
        total: 1,
    });
    w.analyze().await?;
    w.commit().await?;
    BulkWriter::tidy(store).await?;
    progress(Progress {
        step: "committing",
        done: 1,
        total: 1,
    });
    Ok(summary)
}

/// The demo accounts' hand-written requests, then a year of requests for the sampled
/// patients; returns how many requests in all.
async fn advice(
    w: &mut BulkWriter,
    made: &Made,
    staff: &Staff,
    people: People,
    sampler: Sampler,
    progress: &mut impl FnMut(Progress),
) -> Result<u64> {
    let created = now();
    let calendar = Calendar::england_and_wales();
    let label = |id: Uuid| {
        let p = made
            .practices
            .iter()
            .find(|p| p.id == id)
            .expect("practice");
        practice_label(&p.name, &p.ods)
    };
    let [first, second] = first_two_in(made, Borough::Southwark);
    let cast = DemoCast::new(
        &staff.demo,
        [(first, label(first)), (second, label(second))],
        people.demo,
        people.candidates,
        &made.services,
        made.kings_rheumatology.1,
    );
    let curated = curated(&calendar, created, &cast);
    let mut count = curated.requests.len() as u64;
    curated.write(w).await?;
    let sel_cast = SelCast {
        practices: made
            .practices
            .iter()
            .zip(&staff.gps)
            .map(|(p, (user_id, name))| {
                let gp = Author {
                    user_id: Some(*user_id),
                    name: name.clone(),
                    role: Role::Gp,
                    organisation: practice_label(&p.name, &p.ods),
                };
                (p.id, gp)
            })
            .collect(),
        services: made
            .services
            .iter()
            .zip(&staff.specialists)
            .map(|(s, (user_id, name))| SelService {
                service: s.reference(),
                specialty: s.specialty,
                specialist: Author {
                    user_id: Some(*user_id),
                    name: name.clone(),
                    role: Role::Specialist,
                    organisation: s.label(),
                },
            })
            .collect(),
    };
    count += write_year(w, &sel_cast, &sampler.slots, created, progress).await?;
    Ok(count)
}

/// Splits `total` over the six boroughs by [`BOROUGH_WEIGHTS`], `floor` each at least
/// (largest remainder).
fn by_borough(total: usize, floor: usize) -> [usize; 6] {
    let spare = (total - floor * 6) as u64;
    let sum: u64 = BOROUGH_WEIGHTS.iter().sum();
    let mut out = BOROUGH_WEIGHTS.map(|w| floor + (spare * w / sum) as usize);
    let mut rest: Vec<usize> = (0..6).collect();
    rest.sort_by_key(|&i| std::cmp::Reverse(spare * BOROUGH_WEIGHTS[i] % sum));
    let short = total - out.iter().sum::<usize>();
    for &i in rest.iter().take(short) {
        out[i] += 1;
    }
    out
}

/// List sizes for `n` practices summing to `total`, each within `min..=max`: a skewed spread
/// (many mid-sized practices, a few large ones), scaled to hit the total exactly.
fn list_sizes(rng: &mut StdRng, n: usize, total: u64, min: u32, max: u32) -> Vec<u32> {
    let shape: Vec<f64> = (0..n).map(|_| rng.random::<f64>().powf(1.667)).collect();
    let span = f64::from(max - min);
    let size_at = |scale: f64, w: f64| (f64::from(min) + span * w * scale).min(f64::from(max));
    let sum_at = |scale: f64| {
        shape
            .iter()
            .map(|w| size_at(scale, *w).floor())
            .sum::<f64>()
    };
    // The largest scale whose floored sizes do not exceed the total.
    let (mut lo, mut hi) = (0.0, 1.0e6);
    for _ in 0..100 {
        let mid = (lo + hi) / 2.0;
        if sum_at(mid) <= total as f64 {
            lo = mid
        } else {
            hi = mid
        }
    }
    let mut sizes: Vec<u32> = shape
        .iter()
        .map(|w| size_at(lo, *w).floor() as u32)
        .collect();
    let mut short = total - sizes.iter().map(|s| u64::from(*s)).sum::<u64>();
    while short > 0 {
        for s in sizes.iter_mut().filter(|s| **s < max) {
            if short == 0 {
                break;
            }
            *s += 1;
            short -= 1;
        }
    }
    sizes
}

/// The ICB, trusts with sites and all their services, the practices and the pharmacies.
async fn organisations(
    w: &mut BulkWriter,
    rng: &mut StdRng,
    size: SelSize,
    summary: &mut Summary,
) -> Result<Made> {
    let trusts = Trusts::new(true);
    let kings_rheumatology = trusts.kings_rheumatology();
    let Trusts {
        icb,
        mut orgs,
        sites,
        services,
        made,
    } = trusts;
    let practices = practices(&mut orgs, rng, size);
    let pharmacies = pharmacies(&mut orgs, rng, size);
    summary.organisations = (orgs.len() + sites.len()) as u64;
    summary.services = services.len() as u64;
    w.insert(orgs).await?;
    w.insert(sites).await?;
    Ok(Made {
        icb,
        kings_rheumatology,
        services: made,
        service_rows: services,
        practices,
        pharmacies,
    })
}

/// Practices named after real places in their borough, grouped into 6–8 PCNs per borough
/// (fewer when a borough has few practices), with ODS codes `G98bnn` (b = borough 1–6).
fn practices(
    orgs: &mut Vec<organisation::ActiveModel>,
    rng: &mut StdRng,
    size: SelSize,
) -> Vec<Practice> {
    let lists = list_sizes(
        rng,
        size.practices,
        size.patients,
        size.list_min,
        size.list_max,
    );
    let mut lists = lists.into_iter();
    let mut out = vec![];
    for (bi, (b, count)) in Borough::ALL
        .into_iter()
        .zip(by_borough(size.practices, 2))
        .enumerate()
    {
        let places = places(b);
        let pcns = (count / 4).clamp(6, 8).min(count);
        for j in 0..count {
            let (place, round) = (j % places.len(), j / places.len());
            let suffix = PRACTICE_SUFFIXES[(round + place) % PRACTICE_SUFFIXES.len()];
            let name = format!("{} {suffix}", places[place]);
            let pcn = format!("{} PCN", places[place % pcns]);
            let ods = format!("G98{}{:02}", bi + 1, j + 1);
            let id = Uuid::now_v7();
            let pc = rows::postcode(rng, b);
            let kind = OrganisationKind::GpPractice;
            orgs.push(org(id, &ods, &name, kind, None, Some(b), Some((pcn, pc))));
            let list = lists.next().expect("a list size per practice");
            out.push(Practice {
                id,
                ods,
                name,
                borough: b,
                list,
            });
        }
    }
    out
}

/// Community pharmacies named after places in their borough, with ODS codes `FYbnn`.
fn pharmacies(
    orgs: &mut Vec<organisation::ActiveModel>,
    rng: &mut StdRng,
    size: SelSize,
) -> Vec<(String, Borough, Uuid)> {
    let mut out = vec![];
    for (bi, (b, count)) in Borough::ALL
        .into_iter()
        .zip(by_borough(size.pharmacies, 1))
        .enumerate()
    {
        let places = places(b);
        for j in 0..count {
            // Start from the far end of the list, so pharmacies are not all beside the first practices.
            let place = places[places.len() - 1 - j % places.len()];
            let name = if (j / places.len()).is_multiple_of(2) {
                format!("{place} Pharmacy")
            } else {
                format!("{place} Chemist")
            };
            let ods = format!("FY{}{:02}", bi + 1, j + 1);
            let id = Uuid::now_v7();
            let pc = rows::postcode(rng, b);
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
            out.push((ods, b, id));
        }
    }
    out
}

/// The patients that later steps need: the demo patients (Jordan, Rose, Leo) and the other
/// patients of the demo GP's two practices, with their practice (0 or 1) and date of birth.
struct People {
    demo: [Uuid; 3],
    candidates: Vec<(Uuid, usize, time::Date)>,
}

/// Writes every practice's patients in batches, offering each to `sampler` for an advice
/// request. Southwark comes first, so the demo GP's practices draw from the reserved 999 block.
async fn patients(
    w: &mut BulkWriter,
    rng: &mut StdRng,
    made: &Made,
    size: SelSize,
    sampler: &mut Sampler,
    progress: &mut impl FnMut(Progress),
) -> Result<People> {
    let gp_practices = first_two_in(made, Borough::Southwark);
    let home = gp_practices[0];
    let created = now();
    let today = created.date();
    let mut numbers = TestRangeNhsNumbers::default();
    let named = rows::demo_patients(&mut numbers, home, created);
    let demo = [named[0].0, named[1].0, named[2].0];
    let mut candidates = vec![];
    let mut kept = [0; 2];
    let mut batch: Vec<_> = named.into_iter().map(|(_, row)| row).collect();
    let batch_rows = w.batch_rows();
    let mut sink = w.stream::<patient::ActiveModel>().await?;
    let mut done = 0u64;
    for (index, p) in made.practices.iter().enumerate().rev() {
        let already = if p.id == home { 3 } else { 0 };
        let gp_practice = gp_practices.iter().position(|g| *g == p.id);
        for _ in already..p.list {
            let nhs = numbers
                .next()
                .expect("checked: enough synthetic NHS numbers");
            let who = random_person(rng, p.borough, today);
            let id = Uuid::now_v7();
            sampler.offer(id, index);
            if let Some(i) = gp_practice.filter(|i| kept[*i] < 200) {
                kept[i] += 1;
                candidates.push((id, i, who.dob));
            }
            batch.push(patient_row(id, nhs, who, p.id, created));
            if batch.len() == batch_rows {
                done += batch.len() as u64;
                let full = std::mem::replace(&mut batch, Vec::with_capacity(batch_rows));
                sink.send(full).await?;
                progress(Progress {
                    step: "patients",
                    done,
                    total: size.patients,
                });
            }
        }
    }
    done += batch.len() as u64;
    sink.send(batch).await?;
    sink.finish().await?;
    progress(Progress {
        step: "patients",
        done,
        total: size.patients,
    });
    Ok(People { demo, candidates })
}

/// The first two practices of `b`, in ODS order.
fn first_two_in(made: &Made, b: Borough) -> [Uuid; 2] {
    let mut it = made
        .practices
        .iter()
        .filter(|p| p.borough == b)
        .map(|p| p.id);
    [
        it.next().expect("two practices"),
        it.next().expect("two practices"),
    ]
}

/// The accounts to write, with the user id and name of the people advice requests need.
struct Staff {
    accounts: Accounts,
    /// The demo accounts' user ids, by email local part.
    demo: HashMap<&'static str, Uuid>,
    /// Each practice's GP, in practice order.
    gps: Vec<(Uuid, String)>,
    /// Each service's specialist, in service order.
    specialists: Vec<(Uuid, String)>,
}

/// A GP and a practice staff account per practice, a pharmacist per pharmacy, a specialist and a
/// secretary per service, three ICB accounts, two moderators and an administrator.
fn generated_staff(out: &mut Staff, made: &Made, hash: &str, rng: &mut StdRng) {
    let created = now();
    let mut add = |out: &mut Accounts, local: String, doctor: bool, role, org, svc| {
        let email = format!("{local}@{DEMO_DOMAIN}");
        let name = staff_name(rng, doctor);
        let uid = out.user(&email, &name, hash, created);
        out.member(uid, role, Some(org), svc);
        (uid, name)
    };
    let accounts = &mut out.accounts;
    for p in &made.practices {
        let ods = p.ods.to_lowercase();
        let gp = add(accounts, format!("gp.{ods}"), true, Role::Gp, p.id, None);
        out.gps.push(gp);
        add(
            accounts,
            format!("staff.{ods}"),
            false,
            Role::PracticeStaff,
            p.id,
            None,
        );
    }
    for (ods, _, id) in &made.pharmacies {
        let local = format!("pharmacist.{}", ods.to_lowercase());
        add(accounts, local, false, Role::Pharmacist, *id, None);
    }
    for s in &made.services {
        let at = format!("{}.{}", s.trust_ods, s.name.replace(' ', "-")).to_lowercase();
        let svc = Some(s.id);
        let specialist = add(
            accounts,
            format!("specialist.{at}"),
            true,
            Role::Specialist,
            s.trust_id,
            svc,
        );
        out.specialists.push(specialist);
        add(
            accounts,
            format!("secretary.{at}"),
            false,
            Role::Secretary,
            s.trust_id,
            svc,
        );
    }
    for (local, role) in [
        ("icb.1", Role::InterfaceTeam),
        ("icb.2", Role::InterfaceTeam),
        ("icb.3", Role::InterfaceTeam),
        ("moderator.1", Role::Moderator),
        ("moderator.2", Role::Moderator),
        ("admin.1", Role::Admin),
    ] {
        add(accounts, local.to_owned(), false, role, made.icb, None);
    }
}

/// A display name for a staff account: a random name, with "Dr" for doctors.
fn staff_name(rng: &mut StdRng, doctor: bool) -> String {
    let given = super::data::GIVEN[rng.random_range(0..super::data::GIVEN.len())];
    let family = super::data::FAMILY[rng.random_range(0..super::data::FAMILY.len())];
    if doctor {
        format!("Dr {given} {family}")
    } else {
        format!("{given} {family}")
    }
}

/// The demo accounts, then the generated staff. The password is hashed once and shared: argon2
/// for every one of hundreds of accounts would take minutes.
fn staff_accounts(made: &Made, demo: &[Uuid; 3], rng: &mut StdRng) -> Result<Staff> {
    let hash = hash_password(super::DEMO_PASSWORD)?;
    let created = now();
    let mut accounts = Accounts::default();
    let southwark_pharmacy = made.pharmacies.iter().find(|p| p.1 == Borough::Southwark);
    let places = DemoPlaces {
        icb: made.icb,
        gp_practices: first_two_in(made, Borough::Southwark),
        kings_rheumatology: made.kings_rheumatology,
        pharmacy: southwark_pharmacy.expect("a pharmacy per borough").2,
        jordan: demo[0],
        cared_for: [demo[1], demo[2]],
    };
    let ids = rows::demo_accounts(&mut accounts, &places, &hash, created);
    let mut out = Staff {
        accounts,
        demo: ids,
        gps: vec![],
        specialists: vec![],
    };
    generated_staff(&mut out, made, &hash, rng);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn boroughs_share_practices_by_weight_with_a_floor() {
        let full = by_borough(200, 2);
        assert_eq!(full.iter().sum::<usize>(), 200);
        assert_eq!(full, [24, 34, 32, 40, 34, 36]);
        assert_eq!(by_borough(12, 2), [2; 6]);
        assert_eq!(by_borough(60, 1).iter().sum::<usize>(), 60);
    }

    #[test]
    fn list_sizes_hit_the_total_within_bounds_and_are_skewed() {
        let mut rng = StdRng::seed_from_u64(1);
        let s = SelSize::FULL;
        let sizes = list_sizes(&mut rng, s.practices, s.patients, s.list_min, s.list_max);
        assert_eq!(sizes.iter().map(|s| u64::from(*s)).sum::<u64>(), s.patients);
        assert!(sizes.iter().all(|n| (s.list_min..=s.list_max).contains(n)));
        let mut sorted = sizes.clone();
        sorted.sort_unstable();
        let median = sorted[sorted.len() / 2];
        assert!(
            median < 10_000,
            "more small practices than large: median {median}"
        );
        assert!(sorted[sorted.len() - 1] > 15_000, "some large practices");
    }
}
