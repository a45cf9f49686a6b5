//! The `sel` scale: south east London at full size — about 2 million patients in 200 practices
//! across the six boroughs, each practice in a primary care network, all five trusts with their
//! sites and services, community pharmacies and a staff account for every post.
//!
//! It adds a year of advice requests at south east London volume (see `advice_sel`), after the
//! demo accounts' hand-written ones, and a year of clinic letters and discharge summaries (see
//! `letters_sel`), after the hand-written letters of the small demo. Patients, requests and
//! letters are generated and written in batches, so memory stays flat whatever the size, and
//! the whole run is one transaction (see `writer`).

use super::advice_curated::{DemoCast, RESPONDERS, curated, years_between};
use super::advice_sel::{Sampler, SelCast, SelService, practice_label, write_year};
use super::advice_story::Author;
use super::data::{PRACTICE_SUFFIXES, places};
use super::letters_curated::{LETTER_SERVICES, LetterRows, LettersCast, curated_letters};
use super::letters_sel::{LetterPractice, LetterSampler, LetterService, SelLetterCast};
use super::numbers::TestRangeNhsNumbers;
use super::rows::{self, ServiceMade, Trusts, org, patient_row, random_person};
use super::sel_size::SelSize;
use super::sel_staff::{Staff, staff_accounts};
use super::writer::BulkWriter;
use super::{ACCOUNTS, Progress, Summary};
use crate::advice::entity::advice_request;
use crate::people::entity::{organisation, patient, service};
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
pub(super) struct Practice {
    /// Its id.
    pub id: Uuid,
    /// Its ODS code.
    pub ods: String,
    /// Its name.
    pub name: String,
    /// Its borough.
    pub borough: Borough,
    /// How many patients it has.
    pub list: u32,
}

/// What the organisation step made that later steps need.
pub(super) struct Made {
    /// The ICB.
    pub icb: Uuid,
    /// King's College Hospital and its Rheumatology service, the demo specialist's.
    pub kings_rheumatology: (Uuid, Uuid),
    /// Every service.
    pub services: Vec<ServiceMade>,
    /// Service rows, written once their leads' accounts exist.
    pub service_rows: Vec<service::ActiveModel>,
    /// Every practice.
    pub practices: Vec<Practice>,
    /// (ODS, id) of every pharmacy, by borough.
    pub pharmacies: Vec<(String, Borough, Uuid)>,
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
    let mut samplers = (
        Sampler::new(size.patients),
        LetterSampler::new(size.patients),
    );
    let people = patients(&mut w, &mut rng, &made, size, &mut samplers, &mut progress).await?;
    let (sampler, letter_sampler) = samplers;
    summary.patients = size.patients;
    let mut staff = staff_accounts(&made, &people.demo, &mut rng)?;
    summary.users = staff.accounts.users.len() as u64;
    set_leads(&mut made, &staff);
    w.insert(std::mem::take(&mut made.service_rows)).await?;
    w.insert_accounts(std::mem::take(&mut staff.accounts))
        .await?;
    progress(Progress {
        step: "accounts",
        done: summary.users,
        total: summary.users,
    });
    let (requests, hand_written) =
        advice(&mut w, &made, &staff, people, sampler, &mut progress).await?;
    summary.advice_requests = requests;
    let year = (hand_written, letter_sampler);
    summary.letters = letters(&mut w, &made, &staff, year, &mut progress).await?;
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
    progress(Progress {
        step: "letter figures",
        done: 0,
        total: 1,
    });
    crate::letters::figures::rebuild(store).await?;
    progress(Progress {
        step: "letter figures",
        done: 1,
        total: 1,
    });
    Ok(summary)
}

/// Makes each service's specialist its lead; the demo specialist leads theirs.
fn set_leads(made: &mut Made, staff: &Staff) {
    let rheumatology = made.kings_rheumatology.1;
    for (s, (lead, _)) in made.services.iter().zip(&staff.specialists) {
        let lead = if s.id == rheumatology {
            staff.demo["specialist"]
        } else {
            *lead
        };
        Trusts::set_lead(&mut made.service_rows, s.id, lead);
    }
}

/// The demo accounts' hand-written requests, then a year of requests for the sampled
/// patients; returns how many requests in all, and the hand-written letters (which follow some
/// of the requests) for [`letters`] to write.
async fn advice(
    w: &mut BulkWriter,
    made: &Made,
    staff: &Staff,
    people: People,
    sampler: Sampler,
    progress: &mut impl FnMut(Progress),
) -> Result<(u64, LetterRows)> {
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
    let letters = hand_written_letters(made, staff, &cast, &curated.requests);
    let mut count = curated.requests.len() as u64;
    curated.write(w).await?;
    let sel_cast = advice_cast(made, staff);
    count += write_year(w, &sel_cast, &sampler.slots, created, progress).await?;
    Ok((count, letters))
}

/// Who asks and who answers in the year of advice requests: each practice's GP and each
/// service's specialist.
fn advice_cast(made: &Made, staff: &Staff) -> SelCast {
    SelCast {
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
    }
}

/// The small demo's hand-written letters, about the demo patients and the patients of the demo
/// advice requests `advice`, told against now.
fn hand_written_letters(
    made: &Made,
    staff: &Staff,
    cast: &DemoCast,
    advice: &[advice_request::Model],
) -> LetterRows {
    let letters_cast = LettersCast {
        practices: cast.practices,
        users: &staff.demo,
        demo_patients: cast.demo_patients,
        patients: &cast.patients,
        services: &made.services,
        consultants: letter_consultants(made, staff),
        advice,
    };
    curated_letters(&Calendar::england_and_wales(), now(), &letters_cast)
}

/// The consultants who sign the hand-written letters of the services without a demo account:
/// each service's generated specialist, who has the name its advice threads give them.
fn letter_consultants(made: &Made, staff: &Staff) -> HashMap<Uuid, (Uuid, &'static str)> {
    (LETTER_SERVICES.iter())
        .map(|(ods, name)| {
            let i = (made.services.iter())
                .position(|s| s.trust_ods == *ods && s.name == *name)
                .unwrap_or_else(|| panic!("the demo has {name} at {ods}"));
            let person = (RESPONDERS.iter())
                .find(|(o, n, _)| o == ods && n == name)
                .map(|r| r.2)
                .unwrap_or_else(|| panic!("a consultant for {name} at {ods}"));
            (made.services[i].id, (staff.specialists[i].0, person))
        })
        .collect()
}

/// The hand-written letters (with their caseloads), then a year of letters for the sampled
/// episodes; returns how many letters in all.
async fn letters(
    w: &mut BulkWriter,
    made: &Made,
    staff: &Staff,
    (curated, sampler): (LetterRows, LetterSampler),
    progress: &mut impl FnMut(Progress),
) -> Result<u64> {
    let on_caseload = (curated.caseload.iter())
        .map(|c| (*c.service_id.as_ref(), *c.patient_id.as_ref()))
        .collect();
    let mut count = curated.letters.len() as u64;
    curated.write(w).await?;
    let demo = |local: &str| staff.demo[local];
    let gp_practices = first_two_in(made, Borough::Southwark);
    let practices = (made.practices.iter().enumerate())
        .map(|(i, p)| LetterPractice {
            id: p.id,
            readers: match gp_practices.iter().position(|g| *g == p.id) {
                Some(0) => vec![demo("gp"), demo("practice")],
                Some(_) => vec![demo("gp"), staff.practice_staff[i]],
                None => vec![staff.gps[i].0, staff.practice_staff[i]],
            },
        })
        .collect();
    let demo_specialist = ACCOUNTS.iter().find(|a| a.local == "specialist");
    let services = (made.services.iter().enumerate())
        .map(|(i, s)| match demo_specialist {
            Some(a) if s.id == made.kings_rheumatology.1 => LetterService {
                made: s.clone(),
                signer: (demo("specialist"), a.name.to_owned()),
                secretary: demo("secretary"),
            },
            _ => LetterService {
                made: s.clone(),
                signer: staff.specialists[i].clone(),
                secretary: staff.secretaries[i],
            },
        })
        .collect();
    let cast = SelLetterCast {
        practices,
        services,
        on_caseload,
    };
    count += super::letters_sel::write_year(w, cast, sampler, now(), progress).await?;
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

/// Writes every practice's patients in batches, offering each to the samplers for an advice
/// request and for letters. Southwark comes first, so the demo GP's practices draw from the
/// reserved 999 block.
async fn patients(
    w: &mut BulkWriter,
    rng: &mut StdRng,
    made: &Made,
    size: SelSize,
    (sampler, letters): &mut (Sampler, LetterSampler),
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
            let age = years_between(who.dob, today).clamp(0, 120) as u8;
            letters.offer(id, index, age);
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
pub(super) fn first_two_in(made: &Made, b: Borough) -> [Uuid; 2] {
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
