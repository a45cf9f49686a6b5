//! People and organisations: accounts and sign-in, memberships and the actor a session acts as,
//! sessions, and patient records scoped by the access rules in `joinedup_core::people::access`.

pub mod accounts;
pub mod actors;
pub mod admin;
pub mod caseload;
pub mod entity;
pub mod organisations;
pub mod patients;
pub mod sessions;
pub mod tokens;

pub use accounts::{SignInOutcome, ThrottlePolicy, hash_password, sign_in};
pub use actors::{ActorContext, MembershipChoice, actor_for_membership, memberships_of};
pub use patients::{PatientSummary, find_patients, my_records, patient_summary, register_patient};
