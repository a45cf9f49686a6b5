//! The glossary: terms that have a plainer alternative, as data the ICB can extend.
//!
//! The built-in list is `data/letters/glossary.tsv` (about 800 entries: hospital
//! abbreviations, dosing and time shorthand, test names and medical words). Each line holds
//! `term<TAB>plain<TAB>kind<TAB>case`; see the file's header. A term containing `{n}` is a
//! pattern: `{n}/52` matches `2/52`, `2.5/52` and `2-3/52`, and its plain text `{n} weeks`
//! repeats the number.

use super::data::{DataError, bad, data_lines};
use serde::Serialize;
use std::collections::HashSet;

/// The built-in glossary file.
pub const BUILTIN_GLOSSARY: &str = include_str!("../../../data/letters/glossary.tsv");

/// What sort of term an entry is; shown beside each finding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum TermKind {
    /// A hospital abbreviation (SOB, PMH, CKD).
    Abbreviation,
    /// Dosing shorthand (BD, PRN, nocte).
    Dosing,
    /// Time shorthand (3/12, 2/52).
    Time,
    /// A test or investigation (U&Es, FBC, CXR).
    Test,
    /// A medical word with a plain alternative (renal, oedema).
    Term,
}

impl TermKind {
    /// Every kind, in the order the file lists them.
    pub const ALL: [Self; 5] = [
        Self::Abbreviation,
        Self::Dosing,
        Self::Time,
        Self::Test,
        Self::Term,
    ];

    /// The name used in the data file (`abbreviation`, `dosing`, `time`, `test`, `term`).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Abbreviation => "abbreviation",
            Self::Dosing => "dosing",
            Self::Time => "time",
            Self::Test => "test",
            Self::Term => "term",
        }
    }

    /// Reads a data-file name back.
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// One glossary entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GlossaryEntry {
    /// The term as written in letters; may contain one `{n}` (a number or range).
    pub term: String,
    /// The plain alternative; `-` marks a removal when merged over the defaults.
    pub plain: String,
    /// What sort of term it is.
    pub kind: TermKind,
    /// True: only this exact spelling and case matches (SOB, not sob). False: any case.
    pub case_sensitive: bool,
}

impl GlossaryEntry {
    /// Checks and builds an entry from the four fields of a line or database row.
    pub fn from_fields(term: &str, plain: &str, kind: &str, case: &str) -> Result<Self, String> {
        let term = term.trim();
        let plain = plain.trim();
        if !term.chars().any(char::is_alphanumeric) && !term.contains("{n}") {
            return Err(format!("the term {term:?} has no letters or digits"));
        }
        if plain.is_empty() {
            return Err(format!("the term {term:?} has no plain alternative"));
        }
        let holes = term.matches("{n}").count();
        if holes > 1 {
            return Err(format!("the term {term:?} has more than one {{n}}"));
        }
        if holes == 1 && term.len() == 3 {
            return Err("a pattern needs text around {n}".to_owned());
        }
        let kind = TermKind::parse(kind.trim()).ok_or_else(|| {
            format!("unknown kind {kind:?} (abbreviation, dosing, time, test or term)")
        })?;
        let case_sensitive = match case.trim() {
            "exact" => true,
            "any" => false,
            other => return Err(format!("unknown case flag {other:?} (exact or any)")),
        };
        Ok(Self {
            term: term.to_owned(),
            plain: plain.to_owned(),
            kind,
            case_sensitive,
        })
    }

    /// True for a `{n}` pattern rather than a literal term.
    pub fn is_pattern(&self) -> bool {
        self.term.contains("{n}")
    }

    /// True for an entry whose plain text is `-`: its text is never flagged. Merged over the
    /// defaults it removes the default term; it also shields a longer phrase from the shorter
    /// terms inside it ("SNOMED CT" is not a CT scan).
    pub fn is_ignored(&self) -> bool {
        self.plain == "-"
    }

    /// The key under which an extra entry replaces a default: the term ignoring case.
    fn key(&self) -> String {
        self.term.to_lowercase()
    }
}

/// A list of glossary entries: the defaults, an ICB's additions, or both merged.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Glossary {
    entries: Vec<GlossaryEntry>,
}

impl Glossary {
    /// The built-in glossary (`data/letters/glossary.tsv`).
    pub fn builtin() -> Glossary {
        Glossary::parse("glossary.tsv", BUILTIN_GLOSSARY).expect("the built-in glossary is valid")
    }

    /// Reads a glossary file; `origin` names it in errors.
    pub fn parse(origin: &str, text: &str) -> Result<Glossary, DataError> {
        let mut entries = Vec::new();
        for (line, f) in data_lines(origin, text, 4)? {
            let entry = GlossaryEntry::from_fields(f[0], f[1], f[2], f[3])
                .map_err(|p| bad(origin, line, p))?;
            entries.push(entry);
        }
        Ok(Glossary { entries })
    }

    /// Builds a glossary from rows (e.g. a database table): `[term, plain, kind, case]`.
    /// Errors name the row, counting from 1.
    pub fn from_rows<'a>(
        origin: &str,
        rows: impl IntoIterator<Item = [&'a str; 4]>,
    ) -> Result<Glossary, DataError> {
        let mut entries = Vec::new();
        for (i, [term, plain, kind, case]) in rows.into_iter().enumerate() {
            entries.push(
                GlossaryEntry::from_fields(term, plain, kind, case)
                    .map_err(|p| bad(origin, i + 1, p))?,
            );
        }
        Ok(Glossary { entries })
    }

    /// These entries with `extra` merged over them: an extra entry replaces every entry with
    /// the same term (ignoring case); one whose plain text is `-` makes the term never flagged.
    pub fn merged(self, extra: Glossary) -> Glossary {
        let replaced: HashSet<String> = extra.entries.iter().map(GlossaryEntry::key).collect();
        let mut entries: Vec<GlossaryEntry> = self
            .entries
            .into_iter()
            .filter(|e| !replaced.contains(&e.key()))
            .collect();
        entries.extend(extra.entries);
        Glossary { entries }
    }

    /// How many entries flag a term (those whose plain text is not `-`).
    pub fn flagged_len(&self) -> usize {
        self.entries.iter().filter(|e| !e.is_ignored()).count()
    }

    /// The entries, in file order.
    pub fn entries(&self) -> &[GlossaryEntry] {
        &self.entries
    }

    /// How many entries there are.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when there are no entries.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_builtin_glossary_reads_and_has_over_three_hundred_entries() {
        let g = Glossary::builtin();
        assert!(g.flagged_len() >= 300, "only {} entries", g.flagged_len());
        let sob = g.entries().iter().find(|e| e.term == "SOB").unwrap();
        assert_eq!(sob.plain, "short of breath");
        assert!(sob.case_sensitive);
        assert!(
            g.entries()
                .iter()
                .any(|e| e.term == "{n}/12" && e.is_pattern())
        );
    }

    #[test]
    fn the_builtin_glossary_has_no_duplicate_terms() {
        let g = Glossary::builtin();
        let mut seen = HashSet::new();
        for e in g.entries() {
            assert!(
                seen.insert((e.term.clone(), e.case_sensitive)),
                "{} twice",
                e.term
            );
        }
    }

    #[test]
    fn a_bad_line_is_named_by_its_number() {
        let text =
            "# comment\nSOB\tshort of breath\tabbreviation\texact\nXYZ\tsomething\tweird\tany\n";
        let err = Glossary::parse("ICB glossary", text).unwrap_err();
        assert_eq!(
            err.to_string(),
            "ICB glossary, line 3: unknown kind \"weird\" (abbreviation, dosing, time, test or term)"
        );
        let err = Glossary::parse("x", "SOB\tshort of breath\tabbreviation\n").unwrap_err();
        assert!(matches!(err, DataError::BadEntry { line: 1, .. }));
        let err = Glossary::parse("x", "SOB\tshort\tabbreviation\tupper\n").unwrap_err();
        assert!(err.to_string().contains("case flag"));
        let err = Glossary::parse("x", "{n}/{n}\tx\ttime\tany\n").unwrap_err();
        assert!(err.to_string().contains("more than one"));
    }

    #[test]
    fn extra_entries_replace_and_remove_defaults_ignoring_case() {
        let defaults = Glossary::parse(
            "d",
            "OD\tonce a day\tdosing\texact\nod\tonce a day\tdosing\texact\nrenal\tkidney\tterm\tany\n",
        )
        .unwrap();
        let extra = Glossary::from_rows(
            "db",
            [
                ["OD", "once daily", "dosing", "exact"],
                ["renal", "-", "term", "any"],
            ],
        )
        .unwrap();
        let merged = defaults.merged(extra);
        let terms: Vec<(&str, &str)> = merged
            .entries()
            .iter()
            .map(|e| (e.term.as_str(), e.plain.as_str()))
            .collect();
        assert_eq!(terms, vec![("OD", "once daily"), ("renal", "-")]);
        assert_eq!(merged.flagged_len(), 1);
    }

    #[test]
    fn a_bad_database_row_is_named_by_its_row_number() {
        let err = Glossary::from_rows("db", [["SOB", "", "abbreviation", "exact"]]).unwrap_err();
        assert!(matches!(err, DataError::BadEntry { line: 1, .. }));
    }
}
