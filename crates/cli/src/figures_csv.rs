//! The figures commands' CSV: one header, one record per group and month, each group named,
//! missing measures left empty, and how long the figures took to compute on stderr.

use std::collections::HashMap;
use std::time::Duration;
use uuid::Uuid;

/// A measure to two decimal places, or empty when there is none.
pub fn num(v: Option<f64>) -> String {
    v.map_or(String::new(), |v| format!("{v:.2}"))
}

/// The group's name, or its id when it has none.
pub fn name_of(names: &HashMap<Uuid, String>, id: Uuid) -> String {
    names.get(&id).cloned().unwrap_or_else(|| id.to_string())
}

/// Writes `header` and `records` as CSV on stdout, then "Computed N rows from TOTAL WHAT in
/// T ms." on stderr. A reader that goes away (`| head`) stops it quietly, as Unix tools do.
pub fn write(
    header: &[&str],
    records: impl IntoIterator<Item = Vec<String>>,
    (total, what): (u64, &str),
    took: Duration,
) -> anyhow::Result<()> {
    let mut out = csv::Writer::from_writer(std::io::stdout().lock());
    let mut rows = 0usize;
    let written = (|| -> csv::Result<()> {
        out.write_record(header)?;
        for record in records {
            out.write_record(&record)?;
            rows += 1;
        }
        out.flush()?;
        Ok(())
    })();
    match written {
        Err(e) if is_broken_pipe(&e) => return Ok(()),
        other => other?,
    }
    eprintln!(
        "Computed {rows} rows from {total} {what} in {} ms.",
        took.as_millis()
    );
    Ok(())
}

fn is_broken_pipe(e: &csv::Error) -> bool {
    match e.kind() {
        csv::ErrorKind::Io(io) => io.kind() == std::io::ErrorKind::BrokenPipe,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn measures_have_two_places_and_unnamed_groups_show_their_id() {
        assert_eq!(num(Some(0.5)), "0.50");
        assert_eq!(num(None), "");
        let id = Uuid::from_u128(7);
        let names = HashMap::from([(id, "Rheumatology".to_owned())]);
        assert_eq!(name_of(&names, id), "Rheumatology");
        assert_eq!(name_of(&HashMap::new(), id), id.to_string());
    }
}
