//! The `sel` scale: south east London at full size — about 2 million patients in 200 practices
//! across the six boroughs, each practice in a primary care network, all five trusts with their
//! sites and services, community pharmacies and a staff account for every post.
//!
//! Patients are generated and written in batches, so memory stays flat whatever the size, and the
//! whole run is one transaction (see `writer`).

use super::data::{PRACTICE_SUFFIXES, places};
use super::numbers::TestRangeNhsNumbers;
use super::rows::{
    self, Accounts, DemoPlaces, ServiceMade, Trusts, org, patient_row, random_person,
};
use super::writer::BulkWriter;
use super::{DEMO_DOMAIN, Progress, Summary};
use crate::people::entity::{organisation, patient};
use crate::people::hash_password;
use crate::{Result, Store, StoreError, now};
use joinedup_core::people::{Borough, OrganisationKind, Role};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use uuid::Uuid;

/// How big the `sel` scale is. [`SelSize::FULL`] is south east London; tests and benchmarks use
/// [`SelSize::for_patients`] with a few thousand.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SelSize {
    /// Patients in all, the three demo patients included.
    pub patients: u64,
    /// GP practices (at least 12: two per borough).
    pub practices: usize,
    /// The smallest practice list.
    pub list_min: u32,
    /// The largest practice list.
    pub list_max: u32,
    /// Community pharmacies (at least one per borough).
    pub pharmacies: usize,
}

impl SelSize {
    /// South east London: 2,000,000 patients, 200 practices of 4,000–20,000 (10,000 on average), 60 pharmacies.
    pub const FULL: Self = Self {
        patients: 2_000_000,
        practices: 200,
        list_min: 4_000,
        list_max: 20_000,
        pharmacies: 60,
    };

    /// `patients` in as many practices as keep the average list near 10,000 (at least 12
    /// practices), lists from 0.4 to 2 times the average, and three pharmacies per ten practices.
    pub fn for_patients(patients: u64) -> Self {
        let practices = (patients.div_ceil(10_000) as usize).max(12);
        let average = patients / practices as u64;
        Self {
            patients,
            practices,
            list_min: (average * 2 / 5) as u32,
            list_max: (average * 2) as u32,
            pharmacies: (practices * 3 / 10).max(6),
        }
    }

    fn check(&self) -> Result<()> {
        let n = self.practices as u64;
        let problem = if self.practices < 2 * Borough::ALL.len() {
            Some("needs at least two practices per borough")
        } else if self.pharmacies < Borough::ALL.len() {
            Some("needs at least one pharmacy per borough")
        } else if self.list_min < 3 || self.list_min > self.list_max {
            Some("needs 3 <= list_min <= list_max")
        } else if self.patients < n * u64::from(self.list_min)
            || self.patients > n * u64::from(self.list_max)
        {
            Some("cannot spread that many patients over practices of that size")
        } else if self.patients > TestRangeNhsNumbers::CAPACITY {
            Some("has more patients than synthetic NHS numbers")
        } else {
            None
        };
        match problem {
            Some(p) => Err(StoreError::Other(anyhow::anyhow!(
                "the sel scale {p}: {self:?}"
            ))),
            None => Ok(()),
        }
    }
}

impl Default for SelSize {
    fn default() -> Self {
        Self::FULL
    }
}

/// Each borough's share of practices and pharmacies, roughly its share of registered patients.
const BOROUGH_WEIGHTS: [u64; 6] = [24, 34, 32, 40, 34, 36];

/// One practice to create.
struct Practice {
    id: Uuid,
    ods: String,
    borough: Borough,
    list: u32,
}

/// What the organisation step made that later steps need.
struct Made {
    icb: Uuid,
    kings_rheumatology: (Uuid, Uuid),
    /// Every service.
    services: Vec<ServiceMade>,
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
    let made = organisations(&mut w, &mut rng, size, &mut summary).await?;
    progress(Progress {
        step: "organisations",
        done: summary.organisations,
        total: summary.organisations,
    });
    let demo_patients = patients(&mut w, &mut rng, &made, size, &mut progress).await?;
    summary.patients = size.patients;
    let accounts = staff_accounts(&made, &demo_patients, &mut rng)?;
    summary.users = accounts.users.len() as u64;
    w.insert_accounts(accounts).await?;
    progress(Progress {
        step: "accounts",
        done: summary.users,
        total: summary.users,
    });
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
    w.insert(services).await?;
    Ok(Made {
        icb,
        kings_rheumatology,
        services: made,
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

/// Writes every practice's patients in batches; returns the demo patients' ids (Jordan, Rose, Leo).
/// Southwark comes first, so the demo GP's practices draw from the reserved 999 block.
async fn patients(
    w: &mut BulkWriter,
    rng: &mut StdRng,
    made: &Made,
    size: SelSize,
    progress: &mut impl FnMut(Progress),
) -> Result<[Uuid; 3]> {
    let home = first_two_in(made, Borough::Southwark)[0];
    let created = now();
    let today = created.date();
    let mut numbers = TestRangeNhsNumbers::default();
    let named = rows::demo_patients(&mut numbers, home, created);
    let ids = [named[0].0, named[1].0, named[2].0];
    let mut batch: Vec<_> = named.into_iter().map(|(_, row)| row).collect();
    let batch_rows = w.batch_rows();
    let mut sink = w.stream::<patient::ActiveModel>().await?;
    let mut done = 0u64;
    for p in made.practices.iter().rev() {
        let already = if p.id == home { 3 } else { 0 };
        for _ in already..p.list {
            let nhs = numbers
                .next()
                .expect("checked: enough synthetic NHS numbers");
            let who = random_person(rng, p.borough, today);
            batch.push(patient_row(Uuid::now_v7(), nhs, who, p.id, created));
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
    Ok(ids)
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

/// A GP and a practice staff account per practice, a pharmacist per pharmacy, a specialist and a
/// secretary per service, three ICB accounts, two moderators and an administrator.
fn generated_staff(out: &mut Accounts, made: &Made, hash: &str, rng: &mut StdRng) {
    let created = now();
    let mut add = |out: &mut Accounts, local: String, doctor: bool, role, org, svc| {
        let email = format!("{local}@{DEMO_DOMAIN}");
        let uid = out.user(&email, &staff_name(rng, doctor), hash, created);
        out.member(uid, role, Some(org), svc);
    };
    for p in &made.practices {
        let ods = p.ods.to_lowercase();
        add(out, format!("gp.{ods}"), true, Role::Gp, p.id, None);
        add(
            out,
            format!("staff.{ods}"),
            false,
            Role::PracticeStaff,
            p.id,
            None,
        );
    }
    for (ods, _, id) in &made.pharmacies {
        let local = format!("pharmacist.{}", ods.to_lowercase());
        add(out, local, false, Role::Pharmacist, *id, None);
    }
    for s in &made.services {
        let at = format!("{}.{}", s.trust_ods, s.name.replace(' ', "-")).to_lowercase();
        let svc = Some(s.id);
        add(
            out,
            format!("specialist.{at}"),
            true,
            Role::Specialist,
            s.trust_id,
            svc,
        );
        add(
            out,
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
        add(out, local.to_owned(), false, role, made.icb, None);
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
fn staff_accounts(made: &Made, demo: &[Uuid; 3], rng: &mut StdRng) -> Result<Accounts> {
    let hash = hash_password(super::DEMO_PASSWORD)?;
    let created = now();
    let mut out = Accounts::default();
    let southwark_pharmacy = made.pharmacies.iter().find(|p| p.1 == Borough::Southwark);
    let places = DemoPlaces {
        icb: made.icb,
        gp_practices: first_two_in(made, Borough::Southwark),
        kings_rheumatology: made.kings_rheumatology,
        pharmacy: southwark_pharmacy.expect("a pharmacy per borough").2,
        jordan: demo[0],
        cared_for: [demo[1], demo[2]],
    };
    rows::demo_accounts(&mut out, &places, &hash, created);
    generated_staff(&mut out, made, &hash, rng);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_full_size_is_what_for_patients_gives_for_two_million() {
        assert_eq!(SelSize::for_patients(2_000_000), SelSize::FULL);
        SelSize::FULL.check().unwrap();
        SelSize::for_patients(3_000).check().unwrap();
        assert!(SelSize::for_patients(3_000_000).check().is_err());
    }

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
