//! Synthetic demo data for south east London: the ICB, the five trusts with their sites and
//! services, practices in the six boroughs, patients with 999-range NHS numbers, and one demo
//! account per role. Deterministic: the same seed gives the same data.

use crate::people::entity::{membership, organisation, patient, patient_link, service, user};
use crate::people::hash_password;
use crate::{Result, Store, now};
use joinedup_core::people::{Borough, NhsNumber, OrganisationKind, Role};
use joinedup_core::text::search_key;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use sea_orm::{ActiveValue::Set, EntityTrait, PaginatorTrait};
use uuid::Uuid;

/// The password of every demo account.
pub const DEMO_PASSWORD: &str = "joinedup-demo";

/// The email domain of the demo accounts.
pub const DEMO_DOMAIN: &str = "demo.joinedup.test";

/// How much data to generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scale {
    /// About 30 practices and 2,000 patients: what `serve --demo` seeds.
    Small,
}

/// One demo account, as the sign-in page lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoAccount {
    /// Sign-in email.
    pub email: String,
    /// Its role.
    pub role: Role,
    /// Who they are.
    pub name: &'static str,
    /// What they act for.
    pub acts_for: &'static str,
}

/// Progress of a seeding run: which step, and how far through it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    /// The step's name.
    pub step: &'static str,
    /// Items done.
    pub done: u64,
    /// Items in the step.
    pub total: u64,
}

/// What a seeding run created.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    /// Organisations of every kind.
    pub organisations: u64,
    /// Specialist services.
    pub services: u64,
    /// Patients.
    pub patients: u64,
    /// User accounts.
    pub users: u64,
}

/// The demo accounts, one per role (the carer signs in with the patient role).
pub fn demo_accounts() -> Vec<DemoAccount> {
    ACCOUNTS
        .iter()
        .map(|a| DemoAccount {
            email: format!("{}@{DEMO_DOMAIN}", a.local),
            role: a.role,
            name: a.name,
            acts_for: a.acts_for,
        })
        .collect()
}

struct AccountSpec {
    local: &'static str,
    name: &'static str,
    role: Role,
    acts_for: &'static str,
}

const ACCOUNTS: &[AccountSpec] = &[
    AccountSpec {
        local: "gp",
        name: "Dr Amara Okoye",
        role: Role::Gp,
        acts_for: "two practices in Southwark (choose one)",
    },
    AccountSpec {
        local: "practice",
        name: "Sam Reid",
        role: Role::PracticeStaff,
        acts_for: "a practice in Southwark",
    },
    AccountSpec {
        local: "specialist",
        name: "Dr Priya Raman",
        role: Role::Specialist,
        acts_for: "Rheumatology, King's College Hospital",
    },
    AccountSpec {
        local: "secretary",
        name: "Helen Brooks",
        role: Role::Secretary,
        acts_for: "Rheumatology, King's College Hospital",
    },
    AccountSpec {
        local: "pharmacist",
        name: "Yusuf Ali",
        role: Role::Pharmacist,
        acts_for: "a community pharmacy in Southwark",
    },
    AccountSpec {
        local: "patient",
        name: "Jordan Ellis",
        role: Role::Patient,
        acts_for: "their own record",
    },
    AccountSpec {
        local: "carer",
        name: "Morgan Ellis",
        role: Role::Patient,
        acts_for: "two people they care for",
    },
    AccountSpec {
        local: "icb",
        name: "Funmi Adeyemi",
        role: Role::InterfaceTeam,
        acts_for: "NHS South East London ICB",
    },
    AccountSpec {
        local: "moderator",
        name: "Chris Doyle",
        role: Role::Moderator,
        acts_for: "NHS South East London ICB",
    },
    AccountSpec {
        local: "admin",
        name: "Pat Morgan",
        role: Role::Admin,
        acts_for: "NHS South East London ICB",
    },
];

struct TrustSpec {
    ods: &'static str,
    name: &'static str,
    sites: &'static [(&'static str, &'static str)],
    services: &'static [(&'static str, &'static str)],
}

const TRUSTS: &[TrustSpec] = &[
    TrustSpec {
        ods: "RJ1",
        name: "Guy's and St Thomas' NHS Foundation Trust",
        sites: &[
            ("RJ101", "St Thomas' Hospital"),
            ("RJ102", "Guy's Hospital"),
            ("RJ103", "Evelina London Children's Hospital"),
        ],
        services: &[
            ("Rheumatology", "rheumatology"),
            ("Dermatology", "dermatology"),
            ("Cardiology", "cardiology"),
            ("Paediatric allergy", "paediatrics"),
        ],
    },
    TrustSpec {
        ods: "RJZ",
        name: "King's College Hospital NHS Foundation Trust",
        sites: &[
            ("RJZ01", "King's College Hospital"),
            ("RJZ02", "Princess Royal University Hospital"),
        ],
        services: &[
            ("Rheumatology", "rheumatology"),
            ("Gastroenterology", "gastroenterology"),
            ("Diabetes and endocrinology", "endocrinology"),
            ("Neurology", "neurology"),
        ],
    },
    TrustSpec {
        ods: "RJ2",
        name: "Lewisham and Greenwich NHS Trust",
        sites: &[
            ("RJ201", "University Hospital Lewisham"),
            ("RJ202", "Queen Elizabeth Hospital"),
        ],
        services: &[
            ("Cardiology", "cardiology"),
            ("Respiratory medicine", "respiratory"),
            ("Gastroenterology", "gastroenterology"),
            ("Dermatology", "dermatology"),
        ],
    },
    TrustSpec {
        ods: "RV5",
        name: "South London and Maudsley NHS Foundation Trust",
        sites: &[
            ("RV501", "Maudsley Hospital"),
            ("RV502", "Bethlem Royal Hospital"),
        ],
        services: &[
            ("Adult ADHD service", "psychiatry"),
            ("Memory service", "old_age_psychiatry"),
            ("Perinatal mental health", "psychiatry"),
        ],
    },
    TrustSpec {
        ods: "RPG",
        name: "Oxleas NHS Foundation Trust",
        sites: &[("RPG01", "Queen Mary's Hospital, Sidcup")],
        services: &[
            ("Adult ADHD service", "psychiatry"),
            ("Community paediatrics", "paediatrics"),
            ("Memory service", "old_age_psychiatry"),
        ],
    },
];

fn places(b: Borough) -> [&'static str; 5] {
    match b {
        Borough::Bexley => ["Bexleyheath", "Sidcup", "Welling", "Erith", "Crayford"],
        Borough::Bromley => ["Beckenham", "Orpington", "Penge", "Chislehurst", "Hayes"],
        Borough::Greenwich => ["Woolwich", "Eltham", "Charlton", "Thamesmead", "Plumstead"],
        Borough::Lambeth => ["Brixton", "Streatham", "Clapham", "Stockwell", "Norwood"],
        Borough::Lewisham => ["Catford", "Deptford", "Sydenham", "Brockley", "Lee"],
        Borough::Southwark => ["Camberwell", "Peckham", "Dulwich", "Bermondsey", "Walworth"],
    }
}

const PRACTICE_SUFFIXES: [&str; 5] = [
    "Medical Centre",
    "Surgery",
    "Group Practice",
    "Health Centre",
    "Family Practice",
];

const GIVEN: &[&str] = &[
    "Oliver", "Amelia", "Mohammed", "Olivia", "Noah", "Isla", "Kwame", "Ava", "Arjun", "Mia",
    "Tomasz", "Chloe", "Daniel", "Grace", "Ibrahim", "Sofia", "Joseph", "Fatima", "Samuel",
    "Aisha", "Chidi", "Emily", "Luca", "Zara", "Ethan", "Priya", "Hassan", "Ruby", "Mateo",
    "Layla", "Kofi", "Hannah", "Adam", "Nia", "Yusuf", "Evie", "Jacob", "Amira", "Dylan", "Maryam",
    "Leon", "Sienna", "Oscar", "Chiamaka", "Harry", "Ella", "Ali", "Freya", "Reuben", "Nadia",
    "George", "Imani", "Rory", "Ewa", "Kemi", "Zoë", "Siobhán",
];

const FAMILY: &[&str] = &[
    "Smith",
    "Jones",
    "Okafor",
    "Williams",
    "Brown",
    "Adeyemi",
    "Taylor",
    "Khan",
    "Davies",
    "Mensah",
    "Evans",
    "Patel",
    "Thomas",
    "Begum",
    "Johnson",
    "Nowak",
    "Roberts",
    "Ali",
    "Walker",
    "Osei",
    "Wright",
    "Ahmed",
    "Robinson",
    "Hussain",
    "Thompson",
    "Campbell",
    "White",
    "Kowalski",
    "Hughes",
    "Boateng",
    "Edwards",
    "Singh",
    "Green",
    "Silva",
    "Hall",
    "Mahmood",
    "Wood",
    "Afolabi",
    "Harris",
    "Nguyen",
    "Lewis",
    "O'Brien",
    "Martin",
    "Rahman",
    "Jackson",
    "Santos",
    "Clarke",
    "Asante",
    "Clark",
    "Murphy",
    "Turner",
    "Owusu",
    "Hill",
    "Ferreira",
    "Scott",
    "Chowdhury",
    "Cooper",
    "Adebayo",
    "Morris",
    "Ward",
];

/// True when the database has no organisations yet (so demo data may be seeded).
pub async fn is_empty(store: &Store) -> Result<bool> {
    Ok(organisation::Entity::find().count(store.db()).await? == 0)
}

/// Yields valid NHS numbers of the 999 range in ascending order, skipping those with no check digit.
#[derive(Debug, Clone, Default)]
pub struct SyntheticNhsNumbers {
    next: u32,
}

impl Iterator for SyntheticNhsNumbers {
    type Item = NhsNumber;
    fn next(&mut self) -> Option<NhsNumber> {
        while self.next < 1_000_000 {
            let k = self.next;
            self.next += 1;
            let tail: [u8; 6] = std::array::from_fn(|i| ((k / 10u32.pow(5 - i as u32)) % 10) as u8);
            let first = [
                9, 9, 9, tail[0], tail[1], tail[2], tail[3], tail[4], tail[5],
            ];
            if let Some(n) = NhsNumber::from_first_nine(first) {
                return Some(n);
            }
        }
        None
    }
}

fn postcode(rng: &mut StdRng, b: Borough) -> String {
    let districts = b.main_postcode_districts();
    let district = districts[rng.random_range(0..districts.len())];
    const LETTERS: &[u8] = b"ABDEFGHJLNPQRSTUWXYZ";
    let l = |rng: &mut StdRng| LETTERS[rng.random_range(0..LETTERS.len())] as char;
    format!("{district} {}{}{}", rng.random_range(1..10), l(rng), l(rng))
}

/// Seeds demo data into an empty database in one transaction, reporting progress.
pub async fn seed(
    store: &Store,
    scale: Scale,
    mut progress: impl FnMut(Progress),
) -> Result<Summary> {
    let Scale::Small = scale;
    let patients_per_practice = 67u32;
    let mut rng = StdRng::seed_from_u64(20_261_125);
    let txn = store.write().await?;
    let mut summary = Summary::default();

    // Organisations: the ICB, trusts, then their sites (which point at the trusts).
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
            sites.push(org(
                Uuid::now_v7(),
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
        for (pi, place) in places(b).into_iter().enumerate() {
            let id = Uuid::now_v7();
            let ods = format!("G99{:01}{:02}", bi + 1, pi + 1);
            let pcn = format!(
                "{} {} PCN",
                b.label(),
                if pi < 3 { "North" } else { "South" }
            );
            let name = format!(
                "{place} {}",
                PRACTICE_SUFFIXES[(bi + pi) % PRACTICE_SUFFIXES.len()]
            );
            let pc = postcode(&mut rng, b);
            orgs.push(org(
                id,
                &ods,
                &name,
                OrganisationKind::GpPractice,
                None,
                Some(b),
                Some((pcn, pc)),
            ));
            practices.push((id, b));
        }
        let id = Uuid::now_v7();
        let pc = postcode(&mut rng, b);
        let name = format!("{} Pharmacy", places(b)[0]);
        orgs.push(org(
            id,
            &format!("FY0{:02}", bi + 1),
            &name,
            OrganisationKind::Pharmacy,
            None,
            Some(b),
            Some((String::new(), pc)),
        ));
        pharmacies.push(id);
    }
    summary.organisations = (orgs.len() + sites.len()) as u64;
    summary.services = services.len() as u64;
    organisation::Entity::insert_many(orgs)
        .exec_without_returning(&txn)
        .await?;
    organisation::Entity::insert_many(sites)
        .exec_without_returning(&txn)
        .await?;
    service::Entity::insert_many(services)
        .exec_without_returning(&txn)
        .await?;
    progress(Progress {
        step: "organisations",
        done: summary.organisations,
        total: summary.organisations,
    });

    // Patients: the demo patient and the carer's two cared-for people first, at the first Southwark practice.
    let southwark: Vec<Uuid> = practices
        .iter()
        .filter(|(_, b)| *b == Borough::Southwark)
        .map(|(id, _)| *id)
        .collect();
    let home_practice = southwark[0];
    let created = now();
    let mut numbers = SyntheticNhsNumbers::default();
    let named = |given: &str, family: &str, dob: time::Date, numbers: &mut SyntheticNhsNumbers| {
        let id = Uuid::now_v7();
        let nhs = numbers.next().expect("999-range numbers left");
        (
            id,
            patient_row(
                id,
                nhs,
                given,
                family,
                dob,
                "SE5 8AB".into(),
                home_practice,
                created,
            ),
        )
    };
    let d = |y, m, day| {
        time::Date::from_calendar_date(y, time::Month::try_from(m).expect("month"), day)
            .expect("date")
    };
    let (jordan, row_j) = named("Jordan", "Ellis", d(1988, 3, 14), &mut numbers);
    let (rose, row_r) = named("Rose", "Ellis", d(1941, 11, 2), &mut numbers);
    let (leo, row_l) = named("Leo", "Ellis", d(2016, 6, 21), &mut numbers);
    let mut batch = vec![row_j, row_r, row_l];
    let total = practices.len() as u64 * u64::from(patients_per_practice);
    let today = created.date();
    for (practice_id, borough) in &practices {
        for _ in 0..patients_per_practice {
            let id = Uuid::now_v7();
            let nhs = numbers.next().expect("999-range numbers left");
            let given = GIVEN[rng.random_range(0..GIVEN.len())];
            let family = FAMILY[rng.random_range(0..FAMILY.len())];
            let dob = today - time::Duration::days(rng.random_range(0..365 * 95));
            batch.push(patient_row(
                id,
                nhs,
                given,
                family,
                dob,
                postcode(&mut rng, *borough),
                *practice_id,
                created,
            ));
            if batch.len() == 1_000 {
                summary.patients += batch.len() as u64;
                patient::Entity::insert_many(std::mem::take(&mut batch))
                    .exec_without_returning(&txn)
                    .await?;
                progress(Progress {
                    step: "patients",
                    done: summary.patients,
                    total,
                });
            }
        }
    }
    summary.patients += batch.len() as u64;
    patient::Entity::insert_many(batch)
        .exec_without_returning(&txn)
        .await?;
    progress(Progress {
        step: "patients",
        done: summary.patients,
        total: summary.patients,
    });

    // Accounts and their memberships.
    let (kings, rheum) = kings_rheumatology.expect("King's rheumatology is in the trust list");
    let mut users = vec![];
    let mut memberships = vec![];
    let mut links = vec![];
    for (i, a) in ACCOUNTS.iter().enumerate() {
        let uid = Uuid::now_v7();
        users.push(user::ActiveModel {
            id: Set(uid),
            email: Set(format!("{}@{DEMO_DOMAIN}", a.local)),
            display_name: Set(a.name.to_owned()),
            password_hash: Set(hash_password(DEMO_PASSWORD)?),
            active: Set(true),
            created_at: Set(created),
        });
        let mut member = |org: Option<Uuid>, svc: Option<Uuid>| {
            memberships.push(membership::ActiveModel {
                id: Set(Uuid::now_v7()),
                user_id: Set(uid),
                role: Set(a.role.as_str().to_owned()),
                organisation_id: Set(org),
                service_id: Set(svc),
            })
        };
        match (a.local, a.role) {
            ("gp", _) => {
                member(Some(southwark[0]), None);
                member(Some(southwark[1]), None);
            }
            (_, Role::PracticeStaff) => member(Some(home_practice), None),
            (_, Role::Specialist | Role::Secretary) => member(Some(kings), Some(rheum)),
            (_, Role::Pharmacist) => member(Some(pharmacies[Borough::ALL.len() - 1]), None),
            (_, Role::Patient) => member(None, None),
            _ => member(Some(icb), None),
        }
        let mut link = |patient_id: Uuid, relationship: &str| {
            let carer = relationship == "carer";
            links.push(patient_link::ActiveModel {
                id: Set(Uuid::now_v7()),
                user_id: Set(uid),
                patient_id: Set(patient_id),
                relationship: Set(relationship.to_owned()),
                consent_recorded_at: Set(carer.then_some(created)),
                consent_note: Set(
                    carer.then(|| "Consent given in person at the practice (demo)".to_owned())
                ),
            })
        };
        match a.local {
            "patient" => link(jordan, "self"),
            "carer" => {
                link(rose, "carer");
                link(leo, "carer");
            }
            _ => {}
        }
        progress(Progress {
            step: "accounts",
            done: i as u64 + 1,
            total: ACCOUNTS.len() as u64,
        });
    }
    summary.users = users.len() as u64;
    user::Entity::insert_many(users)
        .exec_without_returning(&txn)
        .await?;
    membership::Entity::insert_many(memberships)
        .exec_without_returning(&txn)
        .await?;
    patient_link::Entity::insert_many(links)
        .exec_without_returning(&txn)
        .await?;
    txn.commit().await?;
    Ok(summary)
}

fn org(
    id: Uuid,
    ods: &str,
    name: &str,
    kind: OrganisationKind,
    parent: Option<Uuid>,
    borough: Option<Borough>,
    pcn_postcode: Option<(String, String)>,
) -> organisation::ActiveModel {
    let (pcn, postcode) = match pcn_postcode {
        Some((pcn, pc)) => ((!pcn.is_empty()).then_some(pcn), Some(pc)),
        None => (None, None),
    };
    organisation::ActiveModel {
        id: Set(id),
        ods_code: Set(ods.to_owned()),
        name: Set(name.to_owned()),
        kind: Set(kind.as_str().to_owned()),
        parent_id: Set(parent),
        borough: Set(borough.map(|b| b.as_str().to_owned())),
        pcn: Set(pcn),
        postcode: Set(postcode),
        active: Set(true),
    }
}

#[allow(clippy::too_many_arguments)]
fn patient_row(
    id: Uuid,
    nhs: NhsNumber,
    given: &str,
    family: &str,
    dob: time::Date,
    postcode: String,
    practice_id: Uuid,
    created: time::OffsetDateTime,
) -> patient::ActiveModel {
    patient::ActiveModel {
        id: Set(id),
        nhs_number: Set(nhs.as_digits()),
        given_name: Set(given.to_owned()),
        family_name: Set(family.to_owned()),
        family_name_key: Set(search_key(family)),
        given_name_key: Set(search_key(given)),
        date_of_birth: Set(dob),
        postcode: Set(postcode),
        practice_id: Set(practice_id),
        created_at: Set(created),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn synthetic_numbers_are_valid_distinct_and_in_the_999_range() {
        let nums: std::collections::HashSet<_> =
            SyntheticNhsNumbers::default().take(3_000).collect();
        assert_eq!(nums.len(), 3_000);
        assert!(nums.iter().all(|n| n.is_synthetic()));
    }

    #[test]
    fn there_is_one_demo_account_for_every_role() {
        let accounts = demo_accounts();
        for role in Role::ALL {
            assert!(accounts.iter().any(|a| a.role == role), "{role}");
        }
        assert!(
            accounts
                .iter()
                .any(|a| a.email == "carer@demo.joinedup.test")
        );
    }
}
