//! The `sel` scale's accounts: the demo accounts, then a generated account for every post — a GP
//! and a practice staff member per practice, a pharmacist per pharmacy, a specialist and a
//! medical secretary per service, and the ICB's own staff. One password hash is shared.

use super::DEMO_DOMAIN;
use super::advice_curated::RESPONDERS;
use super::rows::{self, Accounts, DemoPlaces};
use super::sel::{Made, first_two_in};
use crate::people::hash_password;
use crate::{Result, now};
use joinedup_core::people::{Borough, Role};
use rand::Rng;
use rand::rngs::StdRng;
use std::collections::HashMap;
use uuid::Uuid;

/// The accounts to write, with the user id and name of the people advice requests and letters
/// need.
pub(super) struct Staff {
    /// The rows to write.
    pub accounts: Accounts,
    /// The demo accounts' user ids, by email local part.
    pub demo: HashMap<&'static str, Uuid>,
    /// Each practice's GP, in practice order.
    pub gps: Vec<(Uuid, String)>,
    /// Each practice's staff member, in practice order.
    pub practice_staff: Vec<Uuid>,
    /// Each service's specialist, in service order.
    pub specialists: Vec<(Uuid, String)>,
    /// Each service's medical secretary, in service order.
    pub secretaries: Vec<Uuid>,
}

/// A GP and a practice staff account per practice, a pharmacist per pharmacy, a specialist and a
/// secretary per service, three ICB accounts, two moderators and an administrator.
fn generated_staff(out: &mut Staff, made: &Made, hash: &str, rng: &mut StdRng) {
    let created = now();
    let mut add = |out: &mut Accounts, local: String, name: Option<&str>, role, org, svc| {
        let email = format!("{local}@{DEMO_DOMAIN}");
        let name = name.map_or_else(|| staff_name(rng, role), str::to_owned);
        let uid = out.user(&email, &name, hash, created);
        out.member(uid, role, Some(org), svc);
        (uid, name)
    };
    let accounts = &mut out.accounts;
    for p in &made.practices {
        let ods = p.ods.to_lowercase();
        let gp = add(accounts, format!("gp.{ods}"), None, Role::Gp, p.id, None);
        out.gps.push(gp);
        let staff = format!("staff.{ods}");
        let (staff, _) = add(accounts, staff, None, Role::PracticeStaff, p.id, None);
        out.practice_staff.push(staff);
    }
    for (ods, _, id) in &made.pharmacies {
        let local = format!("pharmacist.{}", ods.to_lowercase());
        add(accounts, local, None, Role::Pharmacist, *id, None);
    }
    for s in &made.services {
        let at = format!("{}.{}", s.trust_ods, s.name.replace(' ', "-")).to_lowercase();
        let svc = Some(s.id);
        // The consultants who answer in the demo advice threads keep their names here, so a
        // thread and the letter that follows it are signed by the same person.
        let named = RESPONDERS
            .iter()
            .find(|(ods, name, _)| *ods == s.trust_ods && *name == s.name)
            .map(|r| r.2);
        let local = format!("specialist.{at}");
        let specialist = add(accounts, local, named, Role::Specialist, s.trust_id, svc);
        out.specialists.push(specialist);
        let local = format!("secretary.{at}");
        let (secretary, _) = add(accounts, local, None, Role::Secretary, s.trust_id, svc);
        out.secretaries.push(secretary);
    }
    for (local, role) in [
        ("icb.1", Role::InterfaceTeam),
        ("icb.2", Role::InterfaceTeam),
        ("icb.3", Role::InterfaceTeam),
        ("moderator.1", Role::Moderator),
        ("moderator.2", Role::Moderator),
        ("admin.1", Role::Admin),
    ] {
        add(accounts, local.to_owned(), None, role, made.icb, None);
    }
}

/// A display name for a staff account: a random name, with "Dr" for doctors.
fn staff_name(rng: &mut StdRng, role: Role) -> String {
    let given = super::data::GIVEN[rng.random_range(0..super::data::GIVEN.len())];
    let family = super::data::FAMILY[rng.random_range(0..super::data::FAMILY.len())];
    if matches!(role, Role::Gp | Role::Specialist) {
        format!("Dr {given} {family}")
    } else {
        format!("{given} {family}")
    }
}

/// The demo accounts, then the generated staff. The password is hashed once and shared: argon2
/// for every one of hundreds of accounts would take minutes.
pub(super) fn staff_accounts(made: &Made, demo: &[Uuid; 3], rng: &mut StdRng) -> Result<Staff> {
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
        practice_staff: vec![],
        specialists: vec![],
        secretaries: vec![],
    };
    generated_staff(&mut out, made, &hash, rng);
    Ok(out)
}
