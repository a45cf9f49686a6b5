//! Outbound email: SMTP when configured, the local demo mailbox in demo mode, and otherwise a
//! refusal that leaves the message in the outbox (its job retries, then shows as failed).

use lettre::message::Mailbox;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

/// Where outbound email goes.
#[derive(Clone)]
pub enum Mailer {
    /// A real SMTP server.
    Smtp {
        /// The transport (pooled).
        transport: AsyncSmtpTransport<Tokio1Executor>,
        /// The From address.
        from: Mailbox,
    },
    /// Demo mode: messages stay in the database and show on `/mailbox`.
    DemoMailbox,
    /// Nothing configured.
    Unconfigured,
}

impl std::fmt::Debug for Mailer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Self::Smtp { .. } => "Mailer::Smtp",
            Self::DemoMailbox => "Mailer::DemoMailbox",
            Self::Unconfigured => "Mailer::Unconfigured",
        })
    }
}

impl Mailer {
    /// Chooses the mailer: SMTP from `smtp_url` (e.g. `smtps://user:pass@host:465`), else the demo
    /// mailbox in demo mode, else none.
    pub fn from_config(smtp_url: Option<&str>, from: &str, demo: bool) -> anyhow::Result<Self> {
        match smtp_url.filter(|u| !u.is_empty()) {
            Some(url) => Ok(Self::Smtp {
                transport: AsyncSmtpTransport::<Tokio1Executor>::from_url(url)?.build(),
                from: from.parse()?,
            }),
            None if demo => Ok(Self::DemoMailbox),
            None => Ok(Self::Unconfigured),
        }
    }

    /// Sends one message; returns how it was delivered (`smtp` or `demo-mailbox`).
    pub async fn send(&self, to: &str, subject: &str, body: &str) -> Result<&'static str, String> {
        match self {
            Self::Smtp { transport, from } => {
                let to: Mailbox = to
                    .parse()
                    .map_err(|e| format!("bad recipient address: {e}"))?;
                let msg = Message::builder()
                    .from(from.clone())
                    .to(to)
                    .subject(subject)
                    .body(body.to_owned())
                    .map_err(|e| format!("building the message failed: {e}"))?;
                transport
                    .send(msg)
                    .await
                    .map_err(|e| format!("SMTP delivery failed: {e}"))?;
                Ok("smtp")
            }
            Self::DemoMailbox => Ok("demo-mailbox"),
            Self::Unconfigured => Err("no SMTP server is configured (set SMTP_URL)".into()),
        }
    }
}
