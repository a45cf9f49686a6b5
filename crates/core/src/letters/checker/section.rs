//! Checking one section: jargon and its explanations, sentence lengths, GP requests (from the
//! prose and from an action list) and interface concerns.
//!
//! GP action list: a heading or label matching an `action-heading` rule ("Actions for the GP",
//! "GP actions:") opens it. Every list item after it is a listed action, and so are the
//! sentences after it until a list has been seen; a prose paragraph after the list, or the
//! next heading, closes it. Label text after the colon ("GP actions: check U&Es") is an
//! action too. Listed actions are requests by definition, so `request`-scoped concerns apply.
//!
//! A prose sentence is a GP request when a `gp-request` rule whose scope fits the audience
//! matches and no `not-gp-request` rule does. With an unknown audience only `any` rules apply
//! (so "please arrange ..." in a section checked alone is not taken for a GP request: it may
//! be addressed to the patient).

use super::findings::{
    GpRequest, InterfaceConcern, LongSentence, RequestSource, SectionFindings, tidy,
};
use super::layout::{Unit, UnitKind};
use super::readability::count_words;
use super::rules::Scope;
use super::{Audience, Checker};

/// How far after a term an explanation is looked for, in bytes.
const EXPLAIN_AFTER: usize = 120;
/// How far before a term the words "called" and the like are looked for, in bytes.
const EXPLAIN_BEFORE: usize = 60;
/// How far into a line the colon of an action-list label may be, in bytes.
const LABEL_COLON: usize = 60;

/// Tracks whether the units being read belong to the GP action list.
#[derive(Debug, Default)]
struct ActionList {
    open: bool,
    seen_item: Option<usize>,
}

impl ActionList {
    /// Feeds one unit; returns the part of it that is a listed action, if any.
    fn step<'a>(&mut self, checker: &Checker, unit: &Unit, text: &'a str) -> Option<&'a str> {
        let heading = checker.rules.action_heading.matches(text, |_| true);
        let colon = text
            .char_indices()
            .take_while(|(i, _)| *i < LABEL_COLON)
            .find(|(_, c)| *c == ':')
            .map(|(i, _)| i);
        if heading && (unit.kind == UnitKind::Heading || colon.is_some()) {
            self.open = true;
            self.seen_item = None;
            let content = colon.map_or("", |i| text[i + 1..].trim());
            return content
                .chars()
                .any(char::is_alphanumeric)
                .then_some(content);
        }
        match unit.kind {
            UnitKind::Heading => {
                self.open = false;
                None
            }
            _ if !self.open => None,
            UnitKind::ListItem => {
                self.seen_item = Some(unit.block);
                Some(text)
            }
            UnitKind::Sentence => match self.seen_item {
                Some(block) if block != unit.block => {
                    self.open = false;
                    None
                }
                _ => Some(text),
            },
        }
    }
}

impl Checker {
    /// The findings for the units of one section of `letter`.
    pub(crate) fn section_findings(
        &self,
        letter: &str,
        units: &[Unit],
        audience: Audience,
    ) -> SectionFindings {
        let mut findings = SectionFindings::default();
        let mut actions = ActionList::default();
        for unit in units {
            let text = unit.text(letter);
            self.find_jargon(text, &mut findings);
            self.count_unit(text, unit, &mut findings);
            let listed = actions.step(self, unit, text);
            let is_request = match listed {
                Some(action) => {
                    findings.gp_requests.push(GpRequest {
                        text: tidy(action),
                        source: RequestSource::ActionList,
                    });
                    true
                }
                None => self.find_prose_request(text, audience, &mut findings),
            };
            self.find_concerns(text, audience, is_request, &mut findings);
        }
        findings.settle_explained();
        findings
    }

    fn count_unit(&self, text: &str, unit: &Unit, findings: &mut SectionFindings) {
        let mut counts = count_words(text);
        counts.sentences = 1;
        if !unit.is_sentence() {
            findings.heading_counts.add(counts);
            return;
        }
        findings.counts.add(counts);
        if counts.words > self.thresholds.long_sentence_words {
            findings.long_sentences.push(LongSentence {
                text: tidy(text),
                words: counts.words,
            });
        }
    }

    fn find_jargon(&self, text: &str, findings: &mut SectionFindings) {
        for hit in self.terms.find(text) {
            let explained = self.is_explained(&text[..hit.start], &text[hit.end..]);
            let (term, plain) = self.terms.describe(text, &hit);
            let kind = self.terms.entry(&hit).kind;
            findings.add_term(term, plain, kind, explained);
        }
    }

    /// True when the words around a term explain it: it opens a bracket after plain words
    /// ("broken bone (fracture)"), a bracketed explanation follows within two words ("an MRI
    /// scan (a scan that uses magnets)"), or an `explains-after`/`explains-before` rule matches.
    fn is_explained(&self, before: &str, after: &str) -> bool {
        if opens_bracket_after_plain_words(before) {
            return true;
        }
        if bracket_explains(after) {
            return true;
        }
        let after = &after[..after.floor_char_boundary(EXPLAIN_AFTER)];
        if self.rules.explains_after.matches(after, |_| true) {
            return true;
        }
        let before =
            &before[before.ceil_char_boundary(before.len().saturating_sub(EXPLAIN_BEFORE))..];
        self.rules.explains_before.matches(before, |_| true)
    }

    /// Records the unit as a prose GP request if it is one; returns whether it is.
    fn find_prose_request(
        &self,
        text: &str,
        audience: Audience,
        findings: &mut SectionFindings,
    ) -> bool {
        let fits = |scope| audience.allows(scope);
        if !self.rules.gp_request.matches(text, fits)
            || self.rules.not_gp_request.matches(text, |_| true)
        {
            return false;
        }
        let clause = text
            .split(';')
            .find(|c| self.rules.gp_request.matches(c, fits))
            .unwrap_or(text);
        findings.gp_requests.push(GpRequest {
            text: tidy(clause),
            source: RequestSource::Prose,
        });
        true
    }

    fn find_concerns(
        &self,
        text: &str,
        audience: Audience,
        is_request: bool,
        findings: &mut SectionFindings,
    ) {
        let fits = |scope| match scope {
            Scope::Request => is_request,
            other => audience.allows(other),
        };
        for kind in self.rules.concern.matching_kinds(text, fits) {
            findings.interface_concerns.push(InterfaceConcern {
                kind: kind.to_owned(),
                text: tidy(text),
                advice: self.rules.advice(kind).to_owned(),
            });
        }
    }
}

/// True when `before` ends with an opening bracket after a word in lower case ("a broken bone
/// (" or "resonance imaging ("), not after another abbreviation ("CT (").
fn opens_bracket_after_plain_words(before: &str) -> bool {
    let Some(rest) = before.trim_end().strip_suffix('(') else {
        return false;
    };
    let word = rest
        .trim_end()
        .rsplit(char::is_whitespace)
        .next()
        .unwrap_or("");
    word.chars().any(char::is_lowercase)
}

/// True when, within two words, a bracket opens whose content reads as an explanation: two or
/// more words, or one lower-case word of four letters or more ("3/12 (3 months)", "(breathless)").
fn bracket_explains(after: &str) -> bool {
    let mut rest = after.trim_start();
    for _ in 0..3 {
        if let Some(inner) = rest.strip_prefix('(') {
            let content = inner.split(')').next().unwrap_or("");
            let words: Vec<&str> = content
                .split_whitespace()
                .filter(|w| w.chars().any(char::is_alphabetic))
                .collect();
            return words.len() >= 2
                || words.iter().any(|w| {
                    w.len() >= 4 && w.chars().all(|c| c.is_lowercase() || !c.is_alphabetic())
                });
        }
        let word_end = rest
            .find(|c: char| !(c.is_alphabetic() || c == '-'))
            .unwrap_or(rest.len());
        if word_end == 0 {
            return false;
        }
        rest = rest[word_end..].trim_start();
    }
    false
}

#[cfg(test)]
#[path = "section_tests.rs"]
mod tests;
