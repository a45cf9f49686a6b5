//! joinedup's HTTP layer: routing, sign-in, sessions, CSRF, security headers and pages.
#![forbid(unsafe_code)]

pub mod advice;
pub mod api;
pub mod app;
pub mod areas;
pub mod assets;
pub mod chrome;
pub mod config;
pub mod csrf;
pub mod error;
pub mod letters;
pub mod page;
pub mod people;
pub mod platform;
pub mod security;
pub mod session;

pub use app::{AppState, Application};
pub use config::Config;
