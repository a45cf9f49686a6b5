//! The whole-letter report: the sections' findings added up, readability over the whole
//! letter, and a verdict from documented thresholds.
//!
//! The verdict is `plain` only when every one of these holds ([`Thresholds::default`]):
//! - reading age at most 14 (NHS content aims at 9–11, and 11–14 for hard medical content);
//! - Flesch Reading Ease at least 60 (plain English);
//! - at most 2 different unexplained terms with plainer alternatives;
//! - at most 1 sentence over 25 words, or 10% of the sentences if that is more;
//! - the letter is written to the patient (Academy of Medical Royal Colleges, 2018);
//! - no interface concerns (a letter that hands the hospital's work to the GP needs work).
//!
//! Otherwise it is `needs-work`, with each failed test named in `verdict_reasons`.

use super::coverage::requests_missing_from_list;
use super::findings::{
    GpRequest, InterfaceConcern, JargonFinding, LongSentence, RequestSource, SectionFindings,
    add_occurrences, settle,
};
use super::readability::TextCounts;
use serde::Serialize;
use std::fmt;

/// The limits behind the verdict and the long-sentence count; configurable per ICB.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Thresholds {
    /// A sentence with more words than this is long.
    pub long_sentence_words: usize,
    /// The highest reading age (years) a plain letter may have.
    pub max_reading_age: f64,
    /// The lowest Flesch Reading Ease a plain letter may have.
    pub min_flesch_reading_ease: f64,
    /// How many different unexplained terms a plain letter may have.
    pub max_unexplained_terms: usize,
    /// The share of sentences that may be long (at least one is always allowed).
    pub max_long_sentence_share: f64,
    /// How many interface concerns a plain letter may have.
    pub max_interface_concerns: usize,
    /// Whether a plain letter must be written to the patient.
    pub require_addressed_to_patient: bool,
}

impl Default for Thresholds {
    fn default() -> Self {
        Thresholds {
            long_sentence_words: 25,
            max_reading_age: 14.0,
            min_flesch_reading_ease: 60.0,
            max_unexplained_terms: 2,
            max_long_sentence_share: 0.1,
            max_interface_concerns: 0,
            require_addressed_to_patient: true,
        }
    }
}

impl Thresholds {
    /// How many long sentences a letter of `sentences` sentences may have.
    pub fn allowed_long_sentences(&self, sentences: usize) -> usize {
        ((sentences as f64 * self.max_long_sentence_share).floor() as usize).max(1)
    }
}

/// The checker's overall judgement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    /// Plain English, written to the patient.
    Plain,
    /// At least one threshold failed.
    NeedsWork,
}

impl Verdict {
    /// The serialised name: `plain` or `needs-work`.
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Plain => "plain",
            Verdict::NeedsWork => "needs-work",
        }
    }
}

/// What the checker found in a whole letter. Serialises with the field names the CLI's
/// `--json` output promises (the CLI adds `file`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    /// `plain` or `needs-work`.
    pub verdict: Verdict,
    /// Reading age in years, one decimal place.
    pub reading_age: f64,
    /// Flesch Reading Ease, one decimal place.
    pub flesch_reading_ease: f64,
    /// Unexplained terms with plainer alternatives, in order of first use.
    pub jargon: Vec<JargonFinding>,
    /// How many sentences are over the limit.
    pub long_sentences: usize,
    /// Requests to the GP, from the prose and from an action list.
    pub gp_actions: Vec<GpRequest>,
    /// Work handed to the GP that is the hospital's.
    pub interface_concerns: Vec<InterfaceConcern>,
    /// Whether the letter is written to the patient.
    pub addressed_to_patient: bool,
    /// Flesch–Kincaid grade, one decimal place.
    pub flesch_kincaid_grade: f64,
    /// Words in sentences and list items.
    pub words: usize,
    /// Sentences and list items.
    pub sentences: usize,
    /// Terms used but explained where they appear.
    pub explained_terms: Vec<JargonFinding>,
    /// The long sentences themselves.
    pub long_sentence_list: Vec<LongSentence>,
    /// Prose requests not covered by the letter's own GP action list (all of them when the
    /// letter has no list).
    pub gp_actions_not_in_list: Vec<GpRequest>,
    /// Why the verdict is `needs-work`; empty when plain.
    pub verdict_reasons: Vec<String>,
}

impl Report {
    /// Adds up the sections' findings and judges the letter.
    pub fn from_sections(
        sections: Vec<SectionFindings>,
        addressed_to_patient: bool,
        thresholds: &Thresholds,
    ) -> Report {
        let (mut jargon, mut explained) = (Vec::new(), Vec::new());
        let (mut counts, mut heading_counts) = (TextCounts::default(), TextCounts::default());
        let (mut long, mut requests, mut concerns) = (Vec::new(), Vec::new(), Vec::new());
        for s in sections {
            for f in s.jargon {
                add_occurrences(&mut jargon, f.term, f.plain, f.kind, f.count);
            }
            for f in s.explained {
                add_occurrences(&mut explained, f.term, f.plain, f.kind, f.count);
            }
            counts.add(s.counts);
            heading_counts.add(s.heading_counts);
            long.extend(s.long_sentences);
            requests.extend(s.gp_requests);
            concerns.extend(s.interface_concerns);
        }
        settle(&mut jargon, &mut explained);
        let readable = if counts.sentences == 0 {
            heading_counts
        } else {
            counts
        };
        let listed: Vec<&str> = requests
            .iter()
            .filter(|r| r.source == RequestSource::ActionList)
            .map(|r| r.text.as_str())
            .collect();
        let missing = requests_missing_from_list(&requests, &listed);
        let mut report = Report {
            verdict: Verdict::Plain,
            reading_age: round1(readable.reading_age()),
            flesch_reading_ease: round1(readable.flesch_reading_ease()),
            flesch_kincaid_grade: round1(readable.flesch_kincaid_grade()),
            words: counts.words,
            sentences: counts.sentences,
            long_sentences: long.len(),
            jargon,
            explained_terms: explained,
            long_sentence_list: long,
            gp_actions: requests,
            gp_actions_not_in_list: missing,
            interface_concerns: concerns,
            addressed_to_patient,
            verdict_reasons: Vec::new(),
        };
        report.verdict_reasons = report.failed_thresholds(thresholds);
        if !report.verdict_reasons.is_empty() {
            report.verdict = Verdict::NeedsWork;
        }
        report
    }

    /// The thresholds this report fails, in words.
    fn failed_thresholds(&self, t: &Thresholds) -> Vec<String> {
        let mut reasons = Vec::new();
        if self.reading_age > t.max_reading_age {
            reasons.push(format!(
                "reading age {:.1} is over {:.0}",
                self.reading_age, t.max_reading_age
            ));
        }
        if self.flesch_reading_ease < t.min_flesch_reading_ease {
            reasons.push(format!(
                "Flesch reading ease {:.1} is under {:.0}",
                self.flesch_reading_ease, t.min_flesch_reading_ease
            ));
        }
        if self.jargon.len() > t.max_unexplained_terms {
            reasons.push(format!(
                "{} unexplained terms (at most {})",
                self.jargon.len(),
                t.max_unexplained_terms
            ));
        }
        let allowed = t.allowed_long_sentences(self.sentences);
        if self.long_sentences > allowed {
            reasons.push(format!(
                "{} sentences over {} words (at most {allowed})",
                self.long_sentences, t.long_sentence_words
            ));
        }
        if t.require_addressed_to_patient && !self.addressed_to_patient {
            reasons.push("written to a professional, not to the patient".to_owned());
        }
        if self.interface_concerns.len() > t.max_interface_concerns {
            reasons.push(format!(
                "{} interface concerns (work that is the hospital's)",
                self.interface_concerns.len()
            ));
        }
        reasons
    }
}

fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let verdict = match self.verdict {
            Verdict::Plain => "plain English",
            Verdict::NeedsWork => "needs work",
        };
        writeln!(f, "Verdict: {verdict}")?;
        for reason in &self.verdict_reasons {
            writeln!(f, "  - {reason}")?;
        }
        let to = if self.addressed_to_patient {
            "the patient"
        } else {
            "a professional (write to the patient and copy the GP)"
        };
        writeln!(f, "Written to: {to}")?;
        writeln!(
            f,
            "Reading age: {:.1} years; Flesch reading ease: {:.1}; {} words in {} sentences",
            self.reading_age, self.flesch_reading_ease, self.words, self.sentences
        )?;
        self.write_terms_and_sentences(f)?;
        self.write_requests_and_concerns(f)
    }
}

impl Report {
    fn write_terms_and_sentences(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if !self.jargon.is_empty() {
            writeln!(f, "Jargon ({} terms):", self.jargon.len())?;
            for j in &self.jargon {
                let times = if j.count == 1 {
                    String::new()
                } else {
                    format!(" (x{})", j.count)
                };
                writeln!(f, "  - {}{times}: say \"{}\"", j.term, j.plain)?;
            }
        }
        if !self.explained_terms.is_empty() {
            let terms: Vec<&str> = self
                .explained_terms
                .iter()
                .map(|j| j.term.as_str())
                .collect();
            writeln!(f, "Explained in the text: {}", terms.join(", "))?;
        }
        if !self.long_sentence_list.is_empty() {
            writeln!(f, "Long sentences ({}):", self.long_sentences)?;
            for s in &self.long_sentence_list {
                writeln!(f, "  - ({} words) {}", s.words, s.text)?;
            }
        }
        Ok(())
    }

    fn write_requests_and_concerns(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if !self.gp_actions.is_empty() {
            writeln!(f, "GP actions ({}):", self.gp_actions.len())?;
            for a in &self.gp_actions {
                let listed = match a.source {
                    RequestSource::ActionList => " [action list]",
                    RequestSource::Prose => "",
                };
                writeln!(f, "  - {}{listed}", a.text)?;
            }
        }
        if !self.gp_actions_not_in_list.is_empty() {
            writeln!(f, "GP requests missing from the action list:")?;
            for a in &self.gp_actions_not_in_list {
                writeln!(f, "  - {}", a.text)?;
            }
        }
        if !self.interface_concerns.is_empty() {
            writeln!(f, "Interface concerns ({}):", self.interface_concerns.len())?;
            for c in &self.interface_concerns {
                writeln!(f, "  - {}: {}", c.kind, c.text)?;
                if !c.advice.is_empty() {
                    writeln!(f, "    {}", c.advice)?;
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
#[path = "report_tests.rs"]
mod tests;
