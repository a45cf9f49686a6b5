//! Finding glossary terms in text, fast: one Aho–Corasick automaton for every literal term and
//! one regex for the `{n}` patterns, both built once.
//!
//! A match counts only on word boundaries (no letter or digit either side). A term also
//! matches its plural with a lower-case `s`: an exact-case term ending in a capital or digit
//! (LFTs, UTIs), or an any-case word ending in a letter other than `s` (lesions, fractures). Where matches overlap, the longest wins ("myocardial infarction" over nothing
//! shorter, "PET-CT" over "CT"). A Roman numeral straight after "stage", "grade", "class",
//! "type", "phase", "part" or "level" is not the route "IV" (stage IV), and "24/7" (round the
//! clock) is not 24 days.

use super::data::DataError;
use super::glossary::{Glossary, GlossaryEntry};
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use regex::Regex;

/// A number or range as it appears in time shorthand: 3, 2.5, 2-3.
const NUMBER: &str = r"(\d{1,3}(?:\.\d{1,2})?(?:\s?[-–]\s?\d{1,3}(?:\.\d{1,2})?)?)";

/// Words after which a Roman numeral is a stage or grade, not a term.
const NUMERAL_LABELS: &[&str] = &["stage", "grade", "class", "type", "phase", "part", "level"];

/// One term found in a piece of text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Hit {
    /// Index of the glossary entry.
    pub entry: usize,
    /// Byte range of the match (including a plural `s`).
    pub start: usize,
    /// End of the match.
    pub end: usize,
    /// For a pattern, the byte range of the number.
    pub number: Option<(usize, usize)>,
    /// True when the match was extended by a plural `s`.
    pub plural: bool,
}

/// The compiled glossary.
#[derive(Debug, Clone)]
pub(crate) struct TermMatcher {
    entries: Vec<GlossaryEntry>,
    literal: AhoCorasick,
    literal_ids: Vec<usize>,
    pattern: Option<Regex>,
    pattern_ids: Vec<usize>,
}

impl TermMatcher {
    /// Compiles every entry of the glossary.
    pub(crate) fn build(glossary: &Glossary) -> Result<TermMatcher, DataError> {
        let entries = glossary.entries().to_vec();
        let (mut literal_ids, mut pattern_ids) = (Vec::new(), Vec::new());
        for (i, e) in entries.iter().enumerate() {
            if e.is_pattern() {
                pattern_ids.push(i);
            } else {
                literal_ids.push(i);
            }
        }
        let built = |problem: String| DataError::Build {
            origin: "glossary".to_owned(),
            problem,
        };
        let literal = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::Standard)
            .build(literal_ids.iter().map(|&i| entries[i].term.as_str()))
            .map_err(|e| built(e.to_string()))?;
        let pattern = if pattern_ids.is_empty() {
            None
        } else {
            let alternatives: Vec<String> = pattern_ids
                .iter()
                .map(|&i| pattern_regex(&entries[i]))
                .collect();
            Some(Regex::new(&alternatives.join("|")).map_err(|e| built(e.to_string()))?)
        };
        Ok(TermMatcher {
            entries,
            literal,
            literal_ids,
            pattern,
            pattern_ids,
        })
    }

    /// The entry behind a hit.
    pub(crate) fn entry(&self, hit: &Hit) -> &GlossaryEntry {
        &self.entries[hit.entry]
    }

    /// How many entries flag a term (not counting `-` entries).
    pub(crate) fn flagged_len(&self) -> usize {
        self.entries.iter().filter(|e| !e.is_ignored()).count()
    }

    /// Every term in `text`, in order, without overlaps.
    pub(crate) fn find(&self, text: &str) -> Vec<Hit> {
        let mut hits = Vec::new();
        for m in self.literal.find_overlapping_iter(text) {
            let entry = self.literal_ids[m.pattern().as_usize()];
            let e = &self.entries[entry];
            let (start, end) = (m.start(), m.end());
            if e.case_sensitive && text[start..end] != e.term {
                continue;
            }
            if !boundary_before(text, start) {
                continue;
            }
            let Some(real_end) = boundary_after(text, end, e) else {
                continue;
            };
            if is_stage_numeral(text, start, real_end) {
                continue;
            }
            hits.push(Hit {
                entry,
                start,
                end: real_end,
                number: None,
                plural: real_end != end,
            });
        }
        self.find_patterns(text, &mut hits);
        longest_without_overlaps(hits)
    }

    fn find_patterns(&self, text: &str, hits: &mut Vec<Hit>) {
        let Some(re) = &self.pattern else { return };
        for caps in re.captures_iter(text) {
            let whole = caps.get(0).expect("group 0 always matches");
            let Some((k, number)) = caps
                .iter()
                .skip(1)
                .enumerate()
                .find_map(|(k, g)| g.map(|g| (k, g)))
            else {
                continue;
            };
            let (start, end) = (whole.start(), whole.end());
            let before_ok = text[..start]
                .chars()
                .next_back()
                .is_none_or(|c| !c.is_alphanumeric() && c != '/' && c != '.');
            let after_ok = text[end..]
                .chars()
                .next()
                .is_none_or(|c| !c.is_alphanumeric() && c != '/');
            if before_ok && after_ok && &text[start..end] != "24/7" {
                hits.push(Hit {
                    entry: self.pattern_ids[k],
                    start,
                    end,
                    number: Some((number.start(), number.end())),
                    plural: false,
                });
            }
        }
    }

    /// The term as reported and its plain alternative: the glossary's spelling for a literal
    /// term; for a pattern, the text as written and the plain text with its number.
    pub(crate) fn describe(&self, text: &str, hit: &Hit) -> (String, String) {
        let e = &self.entries[hit.entry];
        match hit.number {
            None => (e.term.clone(), e.plain.clone()),
            Some((s, t)) => {
                let number = &text[s..t];
                let term = text[hit.start..hit.end].to_owned();
                (term, plain_with_number(&e.plain, number))
            }
        }
    }
}

/// The regex for one `{n}` pattern, with the number as its only group.
fn pattern_regex(e: &GlossaryEntry) -> String {
    let (before, after) = e.term.split_once("{n}").expect("a pattern holds {n}");
    let flags = if e.case_sensitive { "" } else { "(?i)" };
    format!(
        "(?:{flags}{}{NUMBER}{})",
        regex::escape(before),
        regex::escape(after)
    )
}

/// The plain text with `{n}` replaced; "1 weeks" becomes "1 week".
fn plain_with_number(plain: &str, number: &str) -> String {
    let Some((before, after)) = plain.split_once("{n}") else {
        return plain.to_owned();
    };
    let mut after = after.to_owned();
    if number == "1" && after.starts_with(' ') {
        let word_end = after[1..].find(' ').map_or(after.len(), |i| i + 1);
        if after[..word_end].ends_with('s') {
            after.remove(word_end - 1);
        }
    }
    format!("{before}{number}{after}")
}

fn boundary_before(text: &str, start: usize) -> bool {
    text[..start]
        .chars()
        .next_back()
        .is_none_or(|c| !c.is_alphanumeric())
}

/// Where the match really ends, or `None` when it ends inside a word. Allows a plural `s`
/// (see the module documentation).
fn boundary_after(text: &str, end: usize, e: &GlossaryEntry) -> Option<usize> {
    let mut rest = text[end..].chars();
    match rest.next() {
        None => Some(end),
        Some(c) if !c.is_alphanumeric() => Some(end),
        Some('s') => {
            let last = e.term.chars().next_back()?;
            let plural_ok = if e.case_sensitive {
                last.is_ascii_uppercase() || last.is_ascii_digit()
            } else {
                last.is_ascii_lowercase() && last != 's'
            };
            let then_boundary = rest.next().is_none_or(|c| !c.is_alphanumeric());
            (plural_ok && then_boundary).then_some(end + 1)
        }
        Some(_) => None,
    }
}

/// True for "IV" in "stage IV": a Roman numeral after a word that labels a stage or grade.
fn is_stage_numeral(text: &str, start: usize, end: usize) -> bool {
    let matched = &text[start..end];
    if !matched.bytes().all(|b| matches!(b, b'I' | b'V' | b'X')) {
        return false;
    }
    let before = text[..start].trim_end();
    let word = before
        .rsplit(|c: char| !c.is_alphabetic())
        .next()
        .unwrap_or("");
    NUMERAL_LABELS
        .iter()
        .any(|label| label.eq_ignore_ascii_case(word))
}

/// The longest match at each place, leftmost first, dropping any that overlap an earlier one;
/// of two equal matches, one spelled out in the glossary beats a plural ("hypos", not "hypo").
fn longest_without_overlaps(mut hits: Vec<Hit>) -> Vec<Hit> {
    hits.sort_by(|a, b| {
        a.start
            .cmp(&b.start)
            .then(b.end.cmp(&a.end))
            .then(a.plural.cmp(&b.plural))
    });
    let mut kept: Vec<Hit> = Vec::with_capacity(hits.len());
    for h in hits {
        if kept.last().is_none_or(|k| h.start >= k.end) {
            kept.push(h);
        }
    }
    kept
}

#[cfg(test)]
#[path = "terms_tests.rs"]
mod tests;
