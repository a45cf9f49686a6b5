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
}

/// Runs a letters command.
pub fn run(command: &LettersCommand) -> anyhow::Result<ExitCode> {
    let LettersCommand::Check {
        files,
        json,
        glossary,
        rules,
    } = command;
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
