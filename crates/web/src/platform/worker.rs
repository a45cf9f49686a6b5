//! The background worker each `serve` process runs: it claims due jobs one at a time and runs
//! them; several instances share the queue safely (see `joinedup_store::platform::jobs`).

use super::mailer::Mailer;
use joinedup_store::Store;
use joinedup_store::platform::entity::job;
use joinedup_store::platform::{jobs, notifications};
use std::time::Duration;
use uuid::Uuid;

/// A worker over one store.
#[derive(Debug, Clone)]
pub struct Worker {
    store: Store,
    mailer: Mailer,
    id: String,
}

impl Worker {
    /// A worker with a unique id (host and process, for the jobs page).
    pub fn new(store: Store, mailer: Mailer) -> Self {
        let id = format!(
            "{}-{}",
            std::process::id(),
            &Uuid::new_v4().simple().to_string()[..8]
        );
        Self { store, mailer, id }
    }

    /// Runs due jobs until none is due; returns how many ran.
    pub async fn drain(&self) -> usize {
        let mut ran = 0;
        loop {
            match jobs::claim_next(&self.store, &self.id).await {
                Ok(Some(j)) => {
                    self.run_one(j).await;
                    ran += 1;
                }
                Ok(None) => return ran,
                Err(e) => {
                    tracing::warn!(error = %e, "claiming a job failed");
                    return ran;
                }
            }
        }
    }

    /// Polls for jobs for ever (the caller aborts the task at shutdown).
    pub async fn run(self) {
        loop {
            if self.drain().await == 0 {
                tokio::time::sleep(Duration::from_secs(1)).await;
            }
        }
    }

    async fn run_one(&self, j: job::Model) {
        let outcome = self.dispatch(&j).await;
        let recorded = match &outcome {
            Ok(()) => jobs::succeed(&self.store, j.id).await,
            Err(e) => {
                tracing::warn!(job = %j.id, kind = %j.kind, attempt = j.attempts, error = %e, "job failed");
                jobs::fail(&self.store, j.id, e).await
            }
        };
        if let Err(e) = recorded {
            tracing::error!(job = %j.id, error = %e, "recording a job's outcome failed");
        }
    }

    async fn dispatch(&self, j: &job::Model) -> Result<(), String> {
        let payload: serde_json::Value =
            serde_json::from_str(&j.payload).map_err(|e| format!("bad payload: {e}"))?;
        match j.kind.as_str() {
            notifications::EMAIL_JOB => {
                let id: Uuid = payload["email_id"]
                    .as_str()
                    .and_then(|s| s.parse().ok())
                    .ok_or("the payload has no email_id")?;
                let email = notifications::email(&self.store, id)
                    .await
                    .map_err(|e| e.to_string())?;
                if email.sent_at.is_some() {
                    return Ok(());
                }
                let delivery = self
                    .mailer
                    .send(&email.to_address, &email.subject, &email.body)
                    .await?;
                notifications::mark_sent(&self.store, id, delivery)
                    .await
                    .map_err(|e| e.to_string())
            }
            kind @ (joinedup_store::advice::REMIND_JOB | joinedup_store::advice::ESCALATE_JOB) => {
                joinedup_store::advice::jobs::run(&self.store, kind, &payload)
                    .await
                    .map(|_| ())
                    .map_err(|e| e.to_string())
            }
            other => Err(format!("no handler for jobs of kind {other}")),
        }
    }
}
