//! Synthetic demo data for south east London: the ICB, the five trusts with their sites and
//! services, practices in the six boroughs, patients with synthetic NHS numbers, one demo
//! account per role, advice requests between the practices and the services, and (in the small
//! scale) clinic letters and discharge summaries from the services to the practices.
//! Deterministic: the same seed gives the same data (record ids aside, and times, which count
//! back from the moment of seeding).
//!
//! Two scales: `small` (what `serve --demo` seeds and the tests use) and `sel`, south east
//! London at full size for load tests. Either is written in one transaction, so a run that
//! fails leaves the database empty and [`is_empty`] never mistakes half a run for a seeded one.

mod advice_curated;
mod advice_sel;
mod advice_story;
mod advice_text;
mod advice_words;
mod data;
mod letters_curated;
mod letters_rows;
mod letters_sel;
mod letters_sel_story;
mod letters_sel_text;
mod letters_sel_time;
mod letters_sel_words;
mod letters_sel_words_more;
mod letters_sel_words_ward;
mod letters_words;
mod letters_words_other;
mod numbers;
mod rows;
mod sel;
mod sel_size;
mod sel_staff;
mod small;
mod writer;

pub use numbers::SyntheticNhsNumbers;
pub use sel::seed_sel;
pub use sel_size::SelSize;

use crate::people::entity::organisation;
use crate::{Result, Store};
use joinedup_core::people::Role;
use sea_orm::{EntityTrait, PaginatorTrait};

/// The password of every demo account.
pub const DEMO_PASSWORD: &str = "joinedup-demo";

/// The email domain of the demo accounts.
pub const DEMO_DOMAIN: &str = "demo.joinedup.test";

/// How much data to generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scale {
    /// About 30 practices and 2,000 patients: what `serve --demo` seeds.
    Small,
    /// South east London at full size: about 2,000,000 patients in 200 practices ([`SelSize::FULL`]).
    Sel,
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
    /// Advice requests (drafts included).
    pub advice_requests: u64,
    /// Clinic letters and discharge summaries (drafts included).
    pub letters: u64,
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

/// True when the database has no organisations yet (so demo data may be seeded).
pub async fn is_empty(store: &Store) -> Result<bool> {
    Ok(organisation::Entity::find().count(store.db()).await? == 0)
}

/// Seeds demo data into an empty database in one transaction, reporting progress.
pub async fn seed(store: &Store, scale: Scale, progress: impl FnMut(Progress)) -> Result<Summary> {
    match scale {
        Scale::Small => small::seed_small(store, progress).await,
        Scale::Sel => seed_sel(store, SelSize::FULL, progress).await,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
