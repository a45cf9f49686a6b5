//! `joinedup letters check FILE...`: the plain-English checker on letters saved as text, from
//! the command line. A folder stands for the text files in it. Needs no database.

use anyhow::Context;
use clap::Subcommand;
use joinedup_core::letters::checker::Checker;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// The letters commands.
#[derive(Debug, Subcommand)]
pub enum LettersCommand {
    /// Check letters for plain English: one report a file (a folder means its .txt files).
    Check {
        /// Letters as text files, or folders of them.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Print one JSON object a line (file, verdict, reading_age, flesch_reading_ease,
        /// jargon, long_sentences, gp_actions, interface_concerns, addressed_to_patient, …).
        #[arg(long)]
        json: bool,
        /// Extra glossary entries (TSV: term, plain, kind, case) over the built-in list.
        #[arg(long)]
        glossary: Option<PathBuf>,
        /// Extra rules (TSV: category, kind, scope, value) over the built-in rules.
        #[arg(long)]
        rules: Option<PathBuf>,
    },
    /// Print the monthly letter figures per trust, service or practice as CSV, and the time
    /// they took on stderr.
    Figures {
        /// `trust`, `service` or `practice`.
        #[arg(long, default_value = "service", value_parser = ["trust", "service", "practice"])]
        by: String,
        /// First London date counted (YYYY-MM-DD); figures cover whole months, so the month
        /// holding it is counted whole. Default: the first day of the month a year ago.
        #[arg(long)]
        from: Option<String>,
        /// First London date not counted (YYYY-MM-DD); the month holding the day before it is
        /// counted whole. Default: the first day of next month.
        #[arg(long)]
        to: Option<String>,
        /// Only the trusts, services or practices whose name contains this (any case).
        #[arg(long)]
        only: Option<String>,
        /// Recompute the running totals from every letter first (after loading letters by
        /// other means, or to check them); prints how long that took on stderr.
        #[arg(long)]
        rebuild: bool,
    },
}

impl LettersCommand {
    /// True for commands that need no database.
    pub fn offline(&self) -> bool {
        matches!(self, Self::Check { .. })
    }
}

/// Runs `letters check`.
pub fn run(command: &LettersCommand) -> anyhow::Result<ExitCode> {
    let LettersCommand::Check {
        files,
        json,
        glossary,
        rules,
    } = command
    else {
        anyhow::bail!("this letters command needs the database");
    };
    let read = |p: &Option<PathBuf>| -> anyhow::Result<String> {
        match p {
            Some(p) => {
                std::fs::read_to_string(p).with_context(|| format!("reading {}", p.display()))
            }
            None => Ok(String::new()),
        }
    };
    let checker = if glossary.is_none() && rules.is_none() {
        Checker::standard()
    } else {
        Checker::with_extra(&read(glossary)?, &read(rules)?)?
    };
    let mut failed = false;
    let mut out = std::io::stdout().lock();
    for path in expand(files)? {
        let text = match std::fs::read(&path).map(String::from_utf8) {
            Ok(Ok(text)) => text,
            Ok(Err(_)) => {
                eprintln!(
                    "{}: not UTF-8 text; save the letter as plain text",
                    path.display()
                );
                failed = true;
                continue;
            }
            Err(e) => {
                eprintln!("{}: {e}", path.display());
                failed = true;
                continue;
            }
        };
        let report = checker.check(&text);
        let name = path.display().to_string();
        let written = if *json {
            let mut value = serde_json::to_value(&report)?;
            if let Some(object) = value.as_object_mut() {
                object.insert("file".into(), name.into());
            }
            writeln!(out, "{value}")
        } else {
            writeln!(out, "{name}\n{report}")
        };
        match written {
            // The reader went away (`| head`): stop quietly, as Unix tools do.
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => return Ok(ExitCode::SUCCESS),
            other => other?,
        }
    }
    Ok(if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

/// The files named, with each folder replaced by the `.txt` files in it and its sub-folders,
/// in name order.
fn expand(paths: &[PathBuf]) -> anyhow::Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for p in paths {
        if p.is_dir() {
            let mut inside: Vec<PathBuf> = std::fs::read_dir(p)
                .with_context(|| format!("reading the folder {}", p.display()))?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|f| f.is_dir() || is_text(f))
                .collect();
            inside.sort();
            out.extend(expand(&inside)?);
        } else {
            out.push(p.clone());
        }
    }
    Ok(out)
}

fn is_text(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("txt"))
}

/// `letters figures`: the monthly figures as CSV on stdout, how long they took on stderr.
pub async fn figures(
    store: &joinedup_store::Store,
    by: &str,
    only: Option<&str>,
    (from, to): (time::OffsetDateTime, time::OffsetDateTime),
    rebuild: bool,
) -> anyhow::Result<()> {
    use joinedup_core::letters::figures::Group;
    use joinedup_store::letters::figures;
    if rebuild {
        let started = std::time::Instant::now();
        let rows = figures::rebuild(store).await?;
        eprintln!(
            "Rebuilt {rows} monthly totals from the letters in {} ms.",
            started.elapsed().as_millis()
        );
    }
    let group = Group::parse(by).unwrap_or(Group::ByService);
    let today = joinedup_core::calendar::london_date(time::OffsetDateTime::now_utc());
    let names = figures::group_names(store, group).await?;
    let wanted: Vec<uuid::Uuid> = match only {
        Some(text) => {
            let text = text.to_lowercase();
            names
                .iter()
                .filter(|(_, n)| n.to_lowercase().contains(&text))
                .map(|(id, _)| *id)
                .collect()
        }
        None => vec![],
    };
    let scope = match only {
        Some(_) => figures::Only::Groups(group, &wanted),
        None => figures::Only::All,
    };
    let started = std::time::Instant::now();
    let rows = figures::monthly(store, group, from, to, today, scope).await?;
    let took = started.elapsed();
    let header = [
        "name",
        "month",
        "sent",
        "on_time",
        "median_hours_to_send",
        "acknowledged",
        "median_hours_to_acknowledge",
        "gp_actions_raised",
        "gp_actions_done",
        "gp_actions_declined",
        "gp_actions_overdue",
        "median_reading_age",
        "plain",
    ];
    let num = crate::figures_csv::num;
    let records = rows.iter().map(|r| {
        vec![
            crate::figures_csv::name_of(&names, r.group_id),
            r.month.clone(),
            r.sent.to_string(),
            num(r.on_time_share),
            num(r.median_hours_to_send),
            num(r.acknowledged_share),
            num(r.median_hours_to_acknowledge),
            r.gp_actions_raised.to_string(),
            r.gp_actions_done.to_string(),
            r.gp_actions_declined.to_string(),
            r.gp_actions_overdue.to_string(),
            num(r.median_reading_age),
            num(r.plain_share),
        ]
    });
    let sent: u64 = rows.iter().map(|r| r.sent).sum();
    crate::figures_csv::write(&header, records, (sent, "letters"), took)?;
    Ok(())
}
