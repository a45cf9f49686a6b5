//! Row builders shared by both scales: organisations, patients, accounts, and the demo accounts
//! with their memberships and patient links.

use super::advice_story::ServiceRef;
use super::data::{FAMILY, GIVEN, TRUSTS};
use super::{ACCOUNTS, DEMO_DOMAIN};
use crate::people::admin::keys::{organisation_search_key, user_search_key};
use crate::people::entity::{membership, organisation, patient, patient_link, service, user};
use joinedup_core::advice::{DEFAULT_STANDARD_DAYS, ResponseStandard};
use joinedup_core::people::{Borough, NhsNumber, OrganisationKind, Role};
use joinedup_core::text::search_key;
use rand::Rng;
use rand::rngs::StdRng;
use sea_orm::ActiveValue::Set;
use std::collections::HashMap;
use time::{Date, OffsetDateTime};
use uuid::Uuid;

/// A random postcode in one of the borough's main postcode districts.
pub(super) fn postcode(rng: &mut StdRng, b: Borough) -> String {
    let districts = b.main_postcode_districts();
    let district = districts[rng.random_range(0..districts.len())];
    const LETTERS: &[u8] = b"ABDEFGHJLNPQRSTUWXYZ";
    let l = |rng: &mut StdRng| LETTERS[rng.random_range(0..LETTERS.len())] as char;
    format!("{district} {}{}{}", rng.random_range(1..10), l(rng), l(rng))
}

/// An organisation row; `pcn_postcode` is (PCN, postcode), with an empty PCN meaning none.
pub(super) fn org(
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
        search_key: Set(Some(organisation_search_key(name, ods))),
    }
}

/// Who a patient row is: name, birth date and home postcode.
pub(super) struct Person<'a> {
    pub given: &'a str,
    pub family: &'a str,
    pub dob: Date,
    pub postcode: String,
}

/// A patient row registered at `practice_id`.
pub(super) fn patient_row(
    id: Uuid,
    nhs: NhsNumber,
    who: Person<'_>,
    practice_id: Uuid,
    created: OffsetDateTime,
) -> patient::ActiveModel {
    patient::ActiveModel {
        id: Set(id),
        nhs_number: Set(nhs.as_digits()),
        given_name: Set(who.given.to_owned()),
        family_name: Set(who.family.to_owned()),
        family_name_key: Set(search_key(who.family)),
        given_name_key: Set(search_key(who.given)),
        date_of_birth: Set(who.dob),
        postcode: Set(who.postcode),
        practice_id: Set(practice_id),
        created_at: Set(created),
    }
}

/// A random person living in `borough`, born within the 95 years before `today`.
pub(super) fn random_person(rng: &mut StdRng, borough: Borough, today: Date) -> Person<'static> {
    let given = GIVEN[rng.random_range(0..GIVEN.len())];
    let family = FAMILY[rng.random_range(0..FAMILY.len())];
    let dob = today - time::Duration::days(rng.random_range(0..365 * 95));
    Person {
        given,
        family,
        dob,
        postcode: postcode(rng, borough),
    }
}

/// A calendar date from numbers known to be valid.
pub(super) fn date(y: i32, m: u8, d: u8) -> Date {
    Date::from_calendar_date(y, time::Month::try_from(m).expect("month"), d).expect("date")
}

/// Users, their memberships and patient links, gathered for one bulk write.
#[derive(Default)]
pub(super) struct Accounts {
    pub users: Vec<user::ActiveModel>,
    pub memberships: Vec<membership::ActiveModel>,
    pub links: Vec<patient_link::ActiveModel>,
}

impl Accounts {
    /// Adds an active user with `password_hash`; returns its id.
    pub fn user(&mut self, email: &str, name: &str, hash: &str, created: OffsetDateTime) -> Uuid {
        let id = Uuid::now_v7();
        self.users.push(user::ActiveModel {
            id: Set(id),
            email: Set(email.to_lowercase()),
            display_name: Set(name.to_owned()),
            password_hash: Set(hash.to_owned()),
            active: Set(true),
            created_at: Set(created),
            search_key: Set(Some(user_search_key(name, email))),
        });
        id
    }

    /// Adds a membership of `user_id` in `role` for an organisation and, optionally, a service.
    pub fn member(&mut self, user_id: Uuid, role: Role, org: Option<Uuid>, svc: Option<Uuid>) {
        self.memberships.push(membership::ActiveModel {
            id: Set(Uuid::now_v7()),
            user_id: Set(user_id),
            role: Set(role.as_str().to_owned()),
            organisation_id: Set(org),
            service_id: Set(svc),
        });
    }

    /// Links `user_id` to a patient record: `self`, or `carer` with consent recorded at `at`.
    pub fn link(
        &mut self,
        user_id: Uuid,
        patient_id: Uuid,
        relationship: &str,
        at: OffsetDateTime,
    ) {
        let carer = relationship == "carer";
        self.links.push(patient_link::ActiveModel {
            id: Set(Uuid::now_v7()),
            user_id: Set(user_id),
            patient_id: Set(patient_id),
            relationship: Set(relationship.to_owned()),
            consent_recorded_at: Set(carer.then_some(at)),
            consent_note: Set(
                carer.then(|| "Consent given in person at the practice (demo)".to_owned())
            ),
        });
    }
}

/// Where the demo accounts (`gp@`, `practice@`, …) belong, in either scale.
pub(super) struct DemoPlaces {
    /// The ICB, for the interface team, moderator and administrator.
    pub icb: Uuid,
    /// The GP's two Southwark practices; the first is also the practice user's and the demo patients'.
    pub gp_practices: [Uuid; 2],
    /// King's College Hospital and its Rheumatology service.
    pub kings_rheumatology: (Uuid, Uuid),
    /// The pharmacist's pharmacy.
    pub pharmacy: Uuid,
    /// Jordan Ellis (the patient), Rose and Leo Ellis (cared for by the carer).
    pub jordan: Uuid,
    pub cared_for: [Uuid; 2],
}

/// Adds the demo accounts of [`super::demo_accounts`] with their memberships and links;
/// returns each account's user id by the local part of its email (`gp`, `specialist`, …).
pub(super) fn demo_accounts(
    out: &mut Accounts,
    at: &DemoPlaces,
    hash: &str,
    created: OffsetDateTime,
) -> HashMap<&'static str, Uuid> {
    let (kings, rheum) = at.kings_rheumatology;
    let mut ids = HashMap::new();
    for a in ACCOUNTS {
        let uid = out.user(&format!("{}@{DEMO_DOMAIN}", a.local), a.name, hash, created);
        ids.insert(a.local, uid);
        match (a.local, a.role) {
            ("gp", _) => {
                out.member(uid, a.role, Some(at.gp_practices[0]), None);
                out.member(uid, a.role, Some(at.gp_practices[1]), None);
            }
            (_, Role::PracticeStaff) => out.member(uid, a.role, Some(at.gp_practices[0]), None),
            (_, Role::Specialist | Role::Secretary) => {
                out.member(uid, a.role, Some(kings), Some(rheum))
            }
            (_, Role::Pharmacist) => out.member(uid, a.role, Some(at.pharmacy), None),
            (_, Role::Patient) => out.member(uid, a.role, None, None),
            _ => out.member(uid, a.role, Some(at.icb), None),
        }
        match a.local {
            "patient" => out.link(uid, at.jordan, "self", created),
            "carer" => {
                for p in at.cared_for {
                    out.link(uid, p, "carer", created);
                }
            }
            _ => {}
        }
    }
    ids
}

/// The demo patient and the two people the carer looks after, all at `practice_id` in SE5.
pub(super) fn demo_patients(
    numbers: &mut impl Iterator<Item = NhsNumber>,
    practice_id: Uuid,
    created: OffsetDateTime,
) -> Vec<(Uuid, patient::ActiveModel)> {
    [
        ("Jordan", "Ellis", date(1988, 3, 14)),
        ("Rose", "Ellis", date(1941, 11, 2)),
        ("Leo", "Ellis", date(2016, 6, 21)),
    ]
    .into_iter()
    .map(|(given, family, dob)| {
        let id = Uuid::now_v7();
        let nhs = numbers.next().expect("synthetic NHS numbers left");
        let who = Person {
            given,
            family,
            dob,
            postcode: "SE5 8AB".into(),
        };
        (id, patient_row(id, nhs, who, practice_id, created))
    })
    .collect()
}

/// One service made, with its trust.
#[derive(Debug, Clone)]
pub(super) struct ServiceMade {
    pub trust_ods: &'static str,
    /// The trust's name.
    pub trust_name: &'static str,
    pub trust_id: Uuid,
    pub name: &'static str,
    /// The specialty, as the `specialty` column stores it.
    pub specialty: &'static str,
    pub id: Uuid,
    /// Its advice response standard, in working days.
    pub standard_days: u32,
}

impl ServiceMade {
    /// "Name, Trust (ODS)": how a specialist's organisation and a redirect's target are named.
    pub fn label(&self) -> String {
        format!("{}, {} ({})", self.name, self.trust_name, self.trust_ods)
    }

    /// The service as advice requests refer to it.
    pub fn reference(&self) -> ServiceRef {
        ServiceRef {
            id: self.id,
            standard: ResponseStandard::new(self.standard_days).unwrap_or_default(),
            label: self.label(),
        }
    }
}

/// The ICB and the trusts: organisation rows (ICB and trusts), site rows (which point at the
/// trusts, so are written after them) and service rows.
pub(super) struct Trusts {
    pub icb: Uuid,
    pub orgs: Vec<organisation::ActiveModel>,
    pub sites: Vec<organisation::ActiveModel>,
    pub services: Vec<service::ActiveModel>,
    pub made: Vec<ServiceMade>,
}

impl Trusts {
    /// The ICB and every trust with its sites and services, plus the `sel`-only services if asked.
    pub fn new(with_sel_services: bool) -> Self {
        let icb = Uuid::now_v7();
        let name = "NHS South East London Integrated Care Board";
        let mut out = Self {
            icb,
            orgs: vec![org(
                icb,
                "QKK",
                name,
                OrganisationKind::Icb,
                None,
                None,
                None,
            )],
            sites: vec![],
            services: vec![],
            made: vec![],
        };
        for t in TRUSTS {
            let trust_id = Uuid::now_v7();
            let kind = OrganisationKind::Trust;
            out.orgs
                .push(org(trust_id, t.ods, t.name, kind, None, None, None));
            for (ods, name) in t.sites {
                let kind = OrganisationKind::TrustSite;
                let site = org(Uuid::now_v7(), ods, name, kind, Some(trust_id), None, None);
                out.sites.push(site);
            }
            let extra = if with_sel_services {
                t.sel_services
            } else {
                &[]
            };
            for (name, specialty) in t.services.iter().chain(extra) {
                let id = Uuid::now_v7();
                // Dermatology answers within 5 working days (photographs take longer to
                // triage), every other demo service within the default 2.
                let standard_days = if *specialty == "dermatology" {
                    5
                } else {
                    DEFAULT_STANDARD_DAYS
                };
                out.made.push(ServiceMade {
                    trust_ods: t.ods,
                    trust_name: t.name,
                    trust_id,
                    name,
                    specialty,
                    id,
                    standard_days,
                });
                out.services.push(service::ActiveModel {
                    id: Set(id),
                    organisation_id: Set(trust_id),
                    name: Set((*name).to_owned()),
                    specialty: Set((*specialty).to_owned()),
                    active: Set(true),
                    takes_advice_requests: Set(true),
                    advice_standard_days: Set(standard_days as i32),
                    lead_user_id: Set(None),
                });
            }
        }
        out
    }

    /// Makes `lead` the lead of service `service_id` (told of overdue advice requests).
    pub fn set_lead(services: &mut [service::ActiveModel], service_id: Uuid, lead: Uuid) {
        for s in services.iter_mut() {
            if s.id.as_ref() == &service_id {
                s.lead_user_id = Set(Some(lead));
            }
        }
    }

    /// King's College Hospital and its Rheumatology service, where the demo specialist works.
    pub fn kings_rheumatology(&self) -> (Uuid, Uuid) {
        self.made
            .iter()
            .find(|s| s.trust_ods == "RJZ" && s.name == "Rheumatology")
            .map(|s| (s.trust_id, s.id))
            .expect("King's rheumatology is in the trust list")
    }
}
