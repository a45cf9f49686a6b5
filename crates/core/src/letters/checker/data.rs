//! Reading the checker's data files: TAB-separated lines, `#` comments, errors naming the line.

use thiserror::Error;

/// A glossary or rules entry that could not be read, or data that could not be compiled.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum DataError {
    /// One line (or database row) is malformed; `line` counts from 1.
    #[error("{origin}, line {line}: {problem}")]
    BadEntry {
        /// Where the entry came from, e.g. "glossary.tsv" or "ICB glossary".
        origin: String,
        /// The line or row number, from 1.
        line: usize,
        /// What is wrong, in words.
        problem: String,
    },
    /// The entries were each valid but could not be compiled together (e.g. too many patterns).
    #[error("{origin}: {problem}")]
    Build {
        /// Which data set failed.
        origin: String,
        /// What went wrong.
        problem: String,
    },
}

/// The data lines of a file: `(line number from 1, fields)`, skipping blank and `#` lines.
/// Every data line must have exactly `fields` TAB-separated fields.
pub(crate) fn data_lines<'a>(
    origin: &str,
    text: &'a str,
    fields: usize,
) -> Result<Vec<(usize, Vec<&'a str>)>, DataError> {
    let mut out = Vec::new();
    for (index, raw) in text.lines().enumerate() {
        let line = raw.trim_end_matches('\r');
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let parts: Vec<&str> = line.split('\t').map(str::trim).collect();
        if parts.len() != fields {
            return Err(bad(
                origin,
                index + 1,
                format!(
                    "expected {fields} TAB-separated fields, found {}",
                    parts.len()
                ),
            ));
        }
        out.push((index + 1, parts));
    }
    Ok(out)
}

/// Shorthand for a [`DataError::BadEntry`].
pub(crate) fn bad(origin: &str, line: usize, problem: impl Into<String>) -> DataError {
    DataError::BadEntry {
        origin: origin.to_owned(),
        line,
        problem: problem.into(),
    }
}
