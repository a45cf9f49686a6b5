//! Building and running the service: state, routes, middleware, and the bound listener.

use crate::config::Config;
use crate::error::AppError;
use crate::platform::mailer::Mailer;
use crate::platform::worker::Worker;
use crate::security::{self, CookiePolicy};
use crate::{advice, api, areas, assets, letters, people, platform, session};
use axum::Router;
use axum::extract::{FromRef, State};
use axum::http::StatusCode;
use axum::middleware;
use axum::routing::get;
use joinedup_store::Store;
use joinedup_store::people::ThrottlePolicy;
use joinedup_store::platform::blobs::{BlobStore, LocalBlobs};
use std::net::SocketAddr;
use std::time::Duration;
use tokio::net::TcpListener;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

/// What every handler can reach.
#[derive(Clone, Debug)]
pub struct AppState {
    /// The database.
    pub store: Store,
    /// Demo mode (lists demo accounts on the sign-in page, shows the demo banner).
    pub demo: bool,
    /// Sign-in throttling.
    pub throttle: ThrottlePolicy,
    /// Believe `X-Forwarded-*` headers from a reverse proxy.
    pub trust_proxy: bool,
    /// Where attachments' bytes are kept.
    pub blobs: std::sync::Arc<dyn BlobStore>,
}

impl FromRef<AppState> for Store {
    fn from_ref(s: &AppState) -> Store {
        s.store.clone()
    }
}

/// The largest request body any route accepts: an attachment upload (5 MB of file and its
/// form). Extractors keep axum's smaller default everywhere else.
pub const MAX_BODY_BYTES: usize = 6 * 1024 * 1024;

/// The full router with its middleware, over a connected, migrated store.
pub fn router(state: AppState, cookies: CookiePolicy) -> Router {
    let x_request_id = axum::http::HeaderName::from_static("x-request-id");
    Router::new()
        .route("/health", get(health))
        .merge(api::router(state.clone()))
        .merge(people::router())
        .merge(advice::router())
        .merge(letters::router())
        .merge(platform::router())
        .merge(areas::router())
        .merge(assets::router())
        .fallback(|| async { AppError::NotFound })
        .with_state(state.clone())
        .layer(session::layer(state.store.clone()))
        .layer(middleware::from_fn_with_state(
            cookies,
            security::secure_cookies,
        ))
        .layer(middleware::from_fn(security::headers))
        .layer(RequestBodyLimitLayer::new(MAX_BODY_BYTES))
        .layer(middleware::from_fn(too_large))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            Duration::from_secs(30),
        ))
        .layer(CatchPanicLayer::custom(|_| {
            crate::error::error_page(StatusCode::INTERNAL_SERVER_ERROR)
        }))
        .layer(TraceLayer::new_for_http())
        .layer(PropagateRequestIdLayer::new(x_request_id.clone()))
        .layer(SetRequestIdLayer::new(x_request_id, MakeRequestUuid))
}

/// Gives the body-size limit's bare 413 the service's own form: problem+json under `/api/`,
/// the error page elsewhere.
async fn too_large(
    req: axum::extract::Request,
    next: middleware::Next,
) -> axum::response::Response {
    let api = req.uri().path().starts_with("/api/");
    let res = next.run(req).await;
    if res.status() != StatusCode::PAYLOAD_TOO_LARGE {
        return res;
    }
    if api {
        api::problem::problem(
            StatusCode::PAYLOAD_TOO_LARGE,
            "too-large",
            "The request body is larger than the service accepts (attachments: 5MB each)",
            vec![],
        )
    } else {
        crate::error::error_page(StatusCode::PAYLOAD_TOO_LARGE)
    }
}

/// `GET /health`: 200 when the database answers, 503 when it does not.
async fn health(State(state): State<AppState>) -> (StatusCode, &'static str) {
    if state.store.ping().await {
        (StatusCode::OK, "ok")
    } else {
        (StatusCode::SERVICE_UNAVAILABLE, "database unreachable")
    }
}

/// A bound, ready-to-run service; the listener is bound in `build`, so the port is known before `run`.
pub struct Application {
    listener: TcpListener,
    router: Router,
    store: Store,
    worker: Worker,
}

impl Application {
    /// Connects to the database, migrates it, binds the listener and builds the routes.
    pub async fn build(config: &Config) -> anyhow::Result<Self> {
        let store = Store::connect(&config.database_url).await?;
        store.migrate().await?;
        Self::with_store(config, store).await
    }

    /// Like `build`, over an already connected and migrated store.
    pub async fn with_store(config: &Config, store: Store) -> anyhow::Result<Self> {
        let listener = TcpListener::bind(config.listen).await?;
        let state = AppState {
            store: store.clone(),
            demo: config.demo,
            throttle: ThrottlePolicy::default(),
            trust_proxy: config.trust_proxy,
            blobs: std::sync::Arc::new(LocalBlobs::new(&config.blob_dir)),
        };
        let cookies = CookiePolicy {
            always: config.cookie_secure,
            trust_proxy: config.trust_proxy,
        };
        let mailer =
            Mailer::from_config(config.smtp_url.as_deref(), &config.mail_from, config.demo)?;
        let worker = Worker::new(store.clone(), mailer);
        Ok(Self {
            listener,
            router: router(state, cookies),
            store,
            worker,
        })
    }

    /// The address actually bound (its port is real even when 0 was asked for).
    pub fn local_addr(&self) -> std::io::Result<SocketAddr> {
        self.listener.local_addr()
    }

    /// The background worker (tests run it by hand with `drain`).
    pub fn worker(&self) -> Worker {
        self.worker.clone()
    }

    /// Serves until the process receives Ctrl-C or SIGTERM, with the background worker running,
    /// the audit log sealed every second and expired sessions swept every 10 minutes.
    pub async fn run_until_stopped(self) -> anyhow::Result<()> {
        let sweeper = tokio::spawn(sweep_sessions(self.store.clone()));
        let sealer = tokio::spawn(seal_audit(self.store.clone()));
        let worker = tokio::spawn(self.worker.run());
        let app = self
            .router
            .into_make_service_with_connect_info::<SocketAddr>();
        axum::serve(self.listener, app)
            .with_graceful_shutdown(shutdown_signal())
            .await?;
        sweeper.abort();
        sealer.abort();
        worker.abort();
        if let Err(e) = joinedup_store::audit::seal(&self.store).await {
            tracing::warn!(error = %e, "sealing the audit log at shutdown failed");
        }
        Ok(())
    }
}

async fn sweep_sessions(store: Store) {
    let mut tick = tokio::time::interval(Duration::from_secs(600));
    loop {
        tick.tick().await;
        if let Err(e) = joinedup_store::people::sessions::delete_expired(store.db()).await {
            tracing::warn!(error = %e, "sweeping expired sessions failed");
        }
    }
}

/// Chains new audit entries every second (see `joinedup_store::audit`).
async fn seal_audit(store: Store) {
    let mut tick = tokio::time::interval(Duration::from_secs(1));
    loop {
        tick.tick().await;
        if let Err(e) = joinedup_store::audit::seal(&store).await {
            tracing::warn!(error = %e, "sealing the audit log failed");
        }
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = term => {} }
}
