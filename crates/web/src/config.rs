//! How the service is configured: database, address, demo mode and cookie security.

use std::net::SocketAddr;

/// Everything `Application::build` needs; the command line fills it from flags and the environment.
#[derive(Debug, Clone)]
pub struct Config {
    /// `sqlite://…` or `postgres://…`.
    pub database_url: String,
    /// Where to listen; port 0 picks a free port (tests use that).
    pub listen: SocketAddr,
    /// Demo mode: the sign-in page lists the demo accounts and pages show a demo banner.
    pub demo: bool,
    /// Always mark the session cookie `Secure` (otherwise only when the request came over HTTPS).
    pub cookie_secure: bool,
    /// Trust `X-Forwarded-For` and `X-Forwarded-Proto` from a reverse proxy in front of the service.
    pub trust_proxy: bool,
    /// SMTP server for outbound email (`smtps://user:pass@host:465`); without it, email waits in
    /// the outbox (or, in demo mode, shows on the demo mailbox page).
    pub smtp_url: Option<String>,
    /// The From address of outbound email.
    pub mail_from: String,
    /// The folder that holds attachments (content-addressed blobs).
    pub blob_dir: std::path::PathBuf,
}

/// The attachments folder used when none is configured (relative to the working directory).
pub const DEFAULT_BLOB_DIR: &str = "joinedup-blobs";

/// The From address used when none is configured.
pub const DEFAULT_MAIL_FROM: &str = "joinedup <no-reply@joinedup.invalid>";

impl Config {
    /// A configuration for `database_url` on a free loopback port, for tests and tools.
    pub fn for_tests(database_url: impl Into<String>) -> Self {
        Self {
            database_url: database_url.into(),
            listen: SocketAddr::from(([127, 0, 0, 1], 0)),
            demo: true,
            cookie_secure: false,
            trust_proxy: false,
            smtp_url: None,
            mail_from: DEFAULT_MAIL_FROM.to_owned(),
            blob_dir: std::env::temp_dir()
                .join(format!("joinedup-blobs-{}", uuid::Uuid::new_v4().simple())),
        }
    }
}
