//! The joinedup command line: parses arguments and hands each command to the library crates.
#![forbid(unsafe_code)]

use anyhow::{Context, bail};
use clap::{Parser, Subcommand};
use indicatif::{ProgressBar, ProgressStyle};
use joinedup_store::Store;
use joinedup_store::audit::{self, Verification};
use joinedup_store::demo::{self, Scale};
use joinedup_web::{Application, Config};
use std::net::SocketAddr;
use std::process::ExitCode;

mod figures_csv;
mod letters;

/// joinedup: GP practices, hospitals and patients in south east London working as one.
#[derive(Debug, Parser)]
#[command(name = "joinedup", version, about)]
struct Cli {
    /// The database: `sqlite://FILE?mode=rwc` (embedded, the default) or `postgres://…`.
    #[arg(
        long,
        env = "DATABASE_URL",
        default_value = "sqlite://joinedup.db?mode=rwc",
        global = true
    )]
    database_url: String,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Run the web service.
    Serve {
        /// Seed demo data into an empty database, list the demo accounts on the sign-in page. Loopback only.
        #[arg(long)]
        demo: bool,
        /// The address to listen on.
        #[arg(long, env = "BIND_ADDR", default_value = "127.0.0.1:8080")]
        listen: SocketAddr,
        /// Always mark the session cookie Secure (otherwise only for requests that came over HTTPS).
        #[arg(long, env = "COOKIE_SECURE")]
        cookie_secure: bool,
        /// Trust X-Forwarded-For and X-Forwarded-Proto from a reverse proxy in front of the service.
        #[arg(long, env = "TRUST_PROXY")]
        trust_proxy: bool,
        /// SMTP server for outbound email, e.g. smtps://user:pass@smtp.example.org:465.
        #[arg(long, env = "SMTP_URL")]
        smtp_url: Option<String>,
        /// The From address of outbound email.
        #[arg(long, env = "MAIL_FROM", default_value = joinedup_web::config::DEFAULT_MAIL_FROM)]
        mail_from: String,
        /// The folder that keeps attachments (photos, PDFs), by content address.
        #[arg(long, env = "BLOB_DIR", default_value = joinedup_web::config::DEFAULT_BLOB_DIR)]
        blob_dir: std::path::PathBuf,
    },
    /// Bring the database to the current schema.
    Migrate,
    /// Seed demo data into an empty database.
    Demo {
        /// How much data: `small` is what `serve --demo` seeds; `sel` is south east London at
        /// full size (about 2 million patients in 200 practices), for load tests.
        #[arg(long, default_value = "small", value_parser = ["small", "sel"])]
        scale: String,
        /// With `--scale sel`: how many patients instead of 2,000,000 (practices scale with it).
        #[arg(long, value_parser = clap::value_parser!(u64).range(3..))]
        patients: Option<u64>,
    },
    /// The audit log.
    Audit {
        #[command(subcommand)]
        command: AuditCommand,
    },
    /// API tokens (administrators issue them on the admin pages; this is the operator's route).
    ApiToken {
        #[command(subcommand)]
        command: ApiTokenCommand,
    },
    /// Advice & Guidance.
    Advice {
        #[command(subcommand)]
        command: AdviceCommand,
    },
    /// Clinic letters and discharge summaries (the checker needs no database).
    Letters {
        #[command(subcommand)]
        command: letters::LettersCommand,
    },
    /// England and Wales working days and bank holidays (needs no database).
    Calendar {
        #[command(subcommand)]
        command: CalendarCommand,
    },
}

#[derive(Debug, Subcommand)]
enum AdviceCommand {
    /// Print the monthly figures per service or practice as CSV, and the time they took on stderr.
    Figures {
        /// `service` or `practice`.
        #[arg(long, default_value = "service", value_parser = ["service", "practice"])]
        by: String,
        /// First London date counted (YYYY-MM-DD); default: the first day of the month a year ago.
        #[arg(long)]
        from: Option<String>,
        /// First London date not counted (YYYY-MM-DD); default: the first day of next month.
        #[arg(long)]
        to: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
enum CalendarCommand {
    /// List a year's bank holidays, one a line: the ISO date, two spaces, the name.
    Holidays {
        /// The year, e.g. 2026.
        #[arg(value_parser = clap::value_parser!(i32).range(1..=9999))]
        year: i32,
    },
    /// Print when a request sent at --from is due: the end of the Nth working day after its
    /// London date, in RFC 3339 at the London offset.
    Due {
        /// When it was sent, in RFC 3339, e.g. 2026-12-24T17:00:00Z or 2026-07-03T17:00:00+01:00.
        #[arg(long)]
        from: String,
        /// How many working days it has.
        #[arg(long)]
        working_days: u32,
    },
}

#[derive(Debug, Subcommand)]
enum ApiTokenCommand {
    /// Issue a token for the first membership of an account; prints the secret on the last line.
    Issue {
        /// The account's email address.
        #[arg(long)]
        email: String,
        /// What the token is for.
        #[arg(long, default_value = "operator")]
        name: String,
    },
}

#[derive(Debug, Subcommand)]
enum AuditCommand {
    /// Walk the hash chain and report the first broken link (exits 1 if there is one).
    Verify,
}

fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "info,sqlx=warn,sea_orm=warn,tower_http=info".into()),
        )
        .init();
    let cli = Cli::parse();
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: could not start the runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(cli)) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

async fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    if let Command::Calendar { command } = &cli.command {
        return calendar(command);
    }
    if let Command::Letters { command } = &cli.command
        && command.offline()
    {
        return letters::run(command);
    }
    let store = Store::connect(&cli.database_url).await.with_context(|| {
        format!(
            "connecting to the database at {}",
            redact(&cli.database_url)
        )
    })?;
    match cli.command {
        Command::Serve {
            demo,
            listen,
            cookie_secure,
            trust_proxy,
            smtp_url,
            mail_from,
            blob_dir,
        } => {
            if demo && !listen.ip().is_loopback() {
                bail!(
                    "--demo serves synthetic data with published passwords, so it only listens on a loopback address (127.0.0.1 or ::1), not {listen}"
                );
            }
            store.migrate().await.context("migrating the database")?;
            if demo {
                seed_if_empty(&store).await?;
            }
            let config = Config {
                database_url: cli.database_url.clone(),
                listen,
                demo,
                cookie_secure,
                trust_proxy,
                smtp_url,
                mail_from,
                blob_dir,
            };
            let app = Application::with_store(&config, store).await?;
            let addr = app.local_addr()?;
            println!("joinedup is listening on http://{addr}");
            if demo {
                println!(
                    "Demo accounts are listed at http://{addr}/sign-in (password: {})",
                    demo::DEMO_PASSWORD
                );
            }
            app.run_until_stopped().await?;
        }
        Command::Migrate => {
            store.migrate().await.context("migrating the database")?;
            println!("The database is at the current schema.");
        }
        Command::Demo { scale, patients } => {
            store.migrate().await.context("migrating the database")?;
            if !demo::is_empty(&store).await? {
                bail!(
                    "the database already holds data; demo data is only seeded into an empty database"
                );
            }
            let size = match (scale.as_str(), patients) {
                ("small", None) => None,
                ("small", Some(_)) => bail!("--patients goes with --scale sel"),
                (_, n) => Some(n.map_or(demo::SelSize::FULL, demo::SelSize::for_patients)),
            };
            seed_demo(&store, size).await?;
        }
        Command::ApiToken {
            command: ApiTokenCommand::Issue { email, name },
        } => {
            let (info, secret) =
                joinedup_store::people::tokens::issue_by_operator(&store, &email, &name)
                    .await
                    .with_context(|| {
                        format!("issuing a token for {email} (is there such an active account?)")
                    })?;
            eprintln!(
                "Issued API token {} ({}) for {email}. Keep the secret safe; it is not shown again:",
                info.name, info.prefix
            );
            println!("{secret}");
        }
        Command::Audit {
            command: AuditCommand::Verify,
        } => {
            let bar = ProgressBar::new(0);
            bar.set_style(
                ProgressStyle::with_template("{msg} [{bar:40}] {pos}/{len} entries")
                    .expect("template"),
            );
            let sealed = audit::seal(&store).await?;
            if sealed > 0 {
                println!("Sealed {sealed} new entries into the chain.");
            }
            bar.set_message("Verifying the audit chain");
            let result = audit::verify(store.db(), |done, total| {
                bar.set_length(total.max(0) as u64);
                bar.set_position(done.max(0) as u64);
            })
            .await?;
            bar.finish_and_clear();
            match result {
                Verification::Intact { entries } => {
                    println!("The audit chain is intact: {entries} entries verified.")
                }
                Verification::Broken { seq, reason } => {
                    eprintln!("The audit chain is broken at entry {seq}: {reason}.");
                    return Ok(ExitCode::FAILURE);
                }
            }
        }
        Command::Advice {
            command: AdviceCommand::Figures { by, from, to },
        } => advice_figures(&store, &by, from.as_deref(), to.as_deref()).await?,
        Command::Letters {
            command:
                letters::LettersCommand::Figures {
                    by,
                    from,
                    to,
                    only,
                    rebuild,
                },
        } => {
            let (default_from, default_to) = joinedup_core::calendar::last_twelve_months(
                joinedup_core::calendar::london_date(time::OffsetDateTime::now_utc()),
            );
            let from = parse_london_day(from.as_deref(), default_from).context("reading --from")?;
            let to = parse_london_day(to.as_deref(), default_to).context("reading --to")?;
            letters::figures(&store, &by, only.as_deref(), (from, to), rebuild).await?
        }
        Command::Calendar { .. } | Command::Letters { .. } => {
            unreachable!("answered before the database is opened")
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `advice figures`: the monthly figures as CSV on stdout, how long they took on stderr.
async fn advice_figures(
    store: &Store,
    by: &str,
    from: Option<&str>,
    to: Option<&str>,
) -> anyhow::Result<()> {
    use joinedup_core::advice::Group;
    use joinedup_store::advice::figures;
    let group = if by == "practice" {
        Group::ByPractice
    } else {
        Group::ByService
    };
    let (default_from, default_to) = joinedup_core::calendar::last_twelve_months(
        joinedup_core::calendar::london_date(time::OffsetDateTime::now_utc()),
    );
    let from = parse_london_day(from, default_from).context("reading --from")?;
    let to = parse_london_day(to, default_to).context("reading --to")?;
    let started = std::time::Instant::now();
    let rows = figures::monthly(store, group, from, to).await?;
    let took = started.elapsed();
    let names = figures::group_names(store, group).await?;
    let header = [
        "name",
        "month",
        "requests",
        "processed",
        "diverted",
        "median_working_hours",
        "p90_working_hours",
        "within_standard",
        "converted_to_referral",
        "per_1000_registered",
    ];
    let records = rows.iter().map(|r| {
        vec![
            figures_csv::name_of(&names, r.group_id),
            r.month.clone(),
            r.requests.to_string(),
            r.processed.to_string(),
            r.diverted.to_string(),
            figures_csv::num(r.median_response_hours),
            figures_csv::num(r.p90_response_hours),
            figures_csv::num(r.within_standard_share),
            figures_csv::num(r.conversion_rate),
            figures_csv::num(r.per_thousand_registered),
        ]
    });
    let requests: u64 = rows.iter().map(|r| r.requests).sum();
    figures_csv::write(&header, records, (requests, "requests"), took)?;
    Ok(())
}

/// The start (00:00 Europe/London) of the London date `text` (YYYY-MM-DD), or of `default`.
fn parse_london_day(
    text: Option<&str>,
    default: time::Date,
) -> anyhow::Result<time::OffsetDateTime> {
    let date = match text {
        Some(t) => time::Date::parse(t, time::macros::format_description!("[year]-[month]-[day]"))
            .map_err(|e| anyhow::anyhow!("{t:?} is not a date like 2026-01-31 ({e})"))?,
        None => default,
    };
    Ok(joinedup_core::calendar::london_midnight(date))
}

/// The `calendar` commands: pure date arithmetic from the core crate, no database.
fn calendar(command: &CalendarCommand) -> anyhow::Result<ExitCode> {
    use joinedup_core::calendar::{self, Calendar};
    let cal = Calendar::england_and_wales();
    match command {
        CalendarCommand::Holidays { year } => {
            for holiday in cal.holidays(*year) {
                println!("{}  {}", holiday.date, holiday.name);
            }
        }
        CalendarCommand::Due { from, working_days } => {
            let sent = calendar::parse_rfc3339(from).context("reading --from")?;
            let due = cal.due(sent, *working_days);
            println!("{}", calendar::format_rfc3339_london(due));
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Seeds the small demo data set with a progress bar if the database is empty; true if it seeded.
async fn seed_if_empty(store: &Store) -> anyhow::Result<bool> {
    if !demo::is_empty(store).await? {
        println!("The database already holds data; reusing it.");
        return Ok(false);
    }
    let bar = ProgressBar::new(0);
    bar.set_style(
        ProgressStyle::with_template("{msg:14} [{bar:40}] {pos}/{len}").expect("template"),
    );
    let summary = demo::seed(store, Scale::Small, |p| {
        bar.set_message(p.step);
        bar.set_length(p.total);
        bar.set_position(p.done);
    })
    .await?;
    bar.finish_and_clear();
    println!(
        "Seeded demo data: {} organisations, {} services, {} patients, {} accounts, {} advice requests, {} letters.",
        summary.organisations,
        summary.services,
        summary.patients,
        summary.users,
        summary.advice_requests,
        summary.letters
    );
    Ok(true)
}

/// Seeds the small scale, or the `sel` scale at `size`, with a progress bar and timing.
async fn seed_demo(store: &Store, size: Option<demo::SelSize>) -> anyhow::Result<()> {
    let started = std::time::Instant::now();
    let bar = ProgressBar::new(0);
    bar.set_style(
        ProgressStyle::with_template(
            "{msg:14} [{bar:40}] {human_pos}/{human_len} {per_sec:>12} {elapsed_precise}",
        )
        .expect("template"),
    );
    let mut steps = StepTimes::default();
    let report = |p: demo::Progress| {
        if let Some(line) = steps.reached(p.step, p.total) {
            bar.suspend(|| println!("{line}"));
        }
        bar.set_message(p.step);
        bar.set_length(p.total);
        bar.set_position(p.done);
    };
    let summary = match size {
        None => demo::seed(store, Scale::Small, report).await?,
        Some(size) => demo::seed_sel(store, size, report).await?,
    };
    bar.finish_and_clear();
    if let Some(line) = steps.finish() {
        println!("{line}");
    }
    println!(
        "Seeded demo data in {:.1} s: {} organisations, {} services, {} patients, {} accounts, {} advice requests, {} letters.",
        started.elapsed().as_secs_f64(),
        summary.organisations,
        summary.services,
        summary.patients,
        summary.users,
        summary.advice_requests,
        summary.letters
    );
    Ok(())
}

/// How long each step of a seeding run took, told as each step ends: where a run spends its
/// time shows without a profiler, and a run whose output is not a terminal still shows progress.
#[derive(Default)]
struct StepTimes {
    current: Option<(&'static str, u64, std::time::Instant)>,
}

impl StepTimes {
    /// Notes that `step` (of `total` items) is under way; the line for the step it ends, if any.
    fn reached(&mut self, step: &'static str, total: u64) -> Option<String> {
        match &mut self.current {
            Some((name, items, _)) if *name == step => {
                *items = total;
                None
            }
            _ => {
                let ended = self.finish();
                self.current = Some((step, total, std::time::Instant::now()));
                ended
            }
        }
    }

    /// The line for the step under way, which has ended.
    fn finish(&mut self) -> Option<String> {
        let (name, items, since) = self.current.take()?;
        Some(format!(
            "  {name:<16} {items:>10} in {:>6.1} s",
            since.elapsed().as_secs_f64()
        ))
    }
}

/// The URL without any password, for messages.
fn redact(url: &str) -> String {
    match (url.find("://"), url.find('@')) {
        (Some(s), Some(at)) if at > s => {
            let creds = &url[s + 3..at];
            match creds.split_once(':') {
                Some((user, _)) => format!("{}{user}:***{}", &url[..s + 3], &url[at..]),
                None => url.to_owned(),
            }
        }
        _ => url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_seeding_step_is_told_once_when_the_next_begins_with_its_last_total() {
        let mut steps = StepTimes::default();
        assert_eq!(steps.reached("patients", 10), None);
        assert_eq!(steps.reached("patients", 12), None, "same step, no line");
        let line = steps.reached("letters", 5).expect("patients ended");
        assert!(line.trim_start().starts_with("patients"), "{line}");
        assert!(line.contains(" 12 in "), "the step's last total: {line}");
        let last = steps.finish().expect("letters ended");
        assert!(last.trim_start().starts_with("letters"), "{last}");
        assert_eq!(steps.finish(), None, "told once");
    }
}
