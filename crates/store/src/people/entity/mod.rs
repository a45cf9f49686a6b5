//! Tables of the `people` area.

pub mod api_token;
pub mod membership;
pub mod organisation;
pub mod patient;
pub mod patient_link;
pub mod service;
pub mod service_patient;
pub mod session;
pub mod sign_in_failure;
pub mod user;
