//! People and organisations: NHS numbers, ODS codes, boroughs, roles and who may see what.

pub mod access;
pub mod borough;
pub mod nhs_number;
pub mod ods;
pub mod patient;
pub mod postcode;
pub mod role;

pub use access::{Actor, Capability, PatientFacts};
pub use borough::Borough;
pub use nhs_number::{NhsNumber, NhsNumberError};
pub use ods::{OdsCode, OdsCodeError, OrganisationKind};
pub use postcode::{Postcode, PostcodeError};
pub use role::Role;
