//! The plain-English checker for clinic letters and discharge summaries.
//!
//! While a specialist writes, the checker reviews the text and reports — it warns, it never
//! rewrites:
//! - terms with a plainer alternative ("3/12" → "3 months", "BD" → "twice a day", "renal" →
//!   "kidney"), from a glossary that is data ([`Glossary`]); a term explained where it is used
//!   is reported under `explained_terms` and does not count against the letter (rules below);
//! - sentences over 25 words, a reading age and the Flesch Reading Ease ([`readability`]);
//! - whether the letter is written to the patient ([`Audience`]);
//! - requests to the GP in the prose, and those missing from the GP action list
//!   ([`requests_missing_from_list`]);
//! - interface concerns: work NHS England's interface guidance makes the hospital's (onward
//!   referrals, acting on its own test results, fit notes, missed appointments, recall for
//!   follow-up tests, at least 7 days of discharge medicines, its own point of contact), from
//!   rules that are data ([`Rules`]).
//!
//! A term counts as explained when it opens a bracket after plain words ("a broken bone
//! (fracture)"), when a bracket with an explanation follows within two words ("an MRI scan (a
//! scan that uses magnets)"), or when an `explains-after` rule matches the words after it
//! ("eGFR, which measures how well your kidneys work") or an `explains-before` rule the words
//! before it ("a condition called atrial fibrillation"). Once explained in a section, the
//! term's other uses in that section, and in the whole letter, are explained too.
//!
//! The letter form shows findings beside each section: [`Checker::check_section`]. The
//! whole-letter [`Checker::check`] splits the letter into sections at headings, checks each,
//! and adds the findings up, with readability over the whole letter's sentences.
//!
//! Matchers are built once in [`Checker::new`] (about 50 ms); checking a 300-word letter then
//! takes about 0.1 ms, some 10,000 letters a second on one core (benchmark: `cargo bench -p
//! joinedup-core --bench letters_checker`). The verdict's thresholds are in [`Report`], the
//! readability formulas in [`readability`], the data formats in `data/letters/*.tsv`.

mod audience;
mod coverage;
mod data;
mod findings;
mod glossary;
pub mod layout;
pub mod readability;
mod report;
mod rules;
mod section;
mod terms;

pub use audience::Audience;
pub use coverage::{COVERAGE_THRESHOLD, requests_missing_from_list};
pub use data::DataError;
pub use findings::{
    GpRequest, InterfaceConcern, JargonFinding, LongSentence, RequestSource, SectionFindings,
};
pub use glossary::{BUILTIN_GLOSSARY, Glossary, GlossaryEntry, TermKind};
pub use readability::TextCounts;
pub use report::{Report, Thresholds, Verdict};
pub use rules::{BUILTIN_RULES, Rule, RuleCategory, Rules, Scope};

use layout::{Unit, UnitKind};
use rules::CompiledRules;
use std::ops::Range;
use std::sync::OnceLock;
use terms::TermMatcher;

/// The plain-English checker, with its glossary and rules compiled. Build it once and share
/// it: checking takes `&self`.
#[derive(Debug, Clone)]
pub struct Checker {
    terms: TermMatcher,
    rules: CompiledRules,
    thresholds: Thresholds,
}

impl Default for Checker {
    fn default() -> Self {
        Checker::standard()
    }
}

impl Checker {
    /// A checker for `glossary` and `rules`, with the default thresholds.
    pub fn new(glossary: &Glossary, rules: &Rules) -> Result<Checker, DataError> {
        Ok(Checker {
            terms: TermMatcher::build(glossary)?,
            rules: CompiledRules::build(rules)?,
            thresholds: Thresholds::default(),
        })
    }

    /// The checker with the built-in glossary and rules.
    pub fn standard() -> Checker {
        Checker::new(&Glossary::builtin(), &Rules::builtin()).expect("the built-in data compiles")
    }

    /// A shared checker with the built-in data, built on first use.
    pub fn shared_standard() -> &'static Checker {
        static STANDARD: OnceLock<Checker> = OnceLock::new();
        STANDARD.get_or_init(Checker::standard)
    }

    /// The built-in data with an ICB's extra glossary and rules files merged over it (either
    /// may be empty). Errors name the file and line of a bad entry.
    pub fn with_extra(extra_glossary: &str, extra_rules: &str) -> Result<Checker, DataError> {
        let glossary =
            Glossary::builtin().merged(Glossary::parse("extra glossary", extra_glossary)?);
        let rules = Rules::builtin().merged(Rules::parse("extra rules", extra_rules)?);
        Checker::new(&glossary, &rules)
    }

    /// This checker with other thresholds.
    pub fn with_thresholds(mut self, thresholds: Thresholds) -> Checker {
        self.thresholds = thresholds;
        self
    }

    /// The thresholds behind the verdict.
    pub fn thresholds(&self) -> &Thresholds {
        &self.thresholds
    }

    /// How many glossary entries flag a term (entries whose plain text is `-` shield only).
    pub fn glossary_len(&self) -> usize {
        self.terms.flagged_len()
    }

    /// Checks a whole letter: each section's findings added up, readability over the whole
    /// text, who it is written to, and the verdict.
    pub fn check(&self, letter: &str) -> Report {
        let audience = self.audience(letter);
        let units = layout::split(letter);
        let sections = sections(&units)
            .into_iter()
            .map(|range| self.section_findings(letter, &units[range], audience))
            .collect();
        Report::from_sections(sections, audience == Audience::Patient, &self.thresholds)
    }

    /// Checks one section of a letter on its own, not knowing who the letter is written to
    /// (so only rules with scope `any` find GP requests; see [`Checker::check_section_for`]).
    pub fn check_section(&self, text: &str) -> SectionFindings {
        self.check_section_for(text, Audience::Unknown)
    }

    /// Checks one section of a letter written to `audience`.
    pub fn check_section_for(&self, text: &str, audience: Audience) -> SectionFindings {
        self.section_findings(text, &layout::split(text), audience)
    }

    /// The GP requests in the prose of `letter` that no action in the structured
    /// `action_list` covers (see [`requests_missing_from_list`] for the matching).
    pub fn gp_requests_missing_from<S: AsRef<str>>(
        &self,
        letter: &str,
        action_list: &[S],
    ) -> Vec<GpRequest> {
        let report = self.check(letter);
        requests_missing_from_list(&report.gp_actions, action_list)
    }
}

/// Splits units into sections: each starts at a heading that follows a non-heading, so a run of
/// headings (an address, a title and its label) opens one section.
fn sections(units: &[Unit]) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    for i in 1..units.len() {
        if units[i].kind == UnitKind::Heading && units[i - 1].kind != UnitKind::Heading {
            out.push(start..i);
            start = i;
        }
    }
    if start < units.len() {
        out.push(start..units.len());
    }
    out
}

#[cfg(test)]
#[path = "checker_tests.rs"]
mod tests;
