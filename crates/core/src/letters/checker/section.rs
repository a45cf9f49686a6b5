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
/// At most this many words may follow a term for the next sentence to explain it.
const FEW_WORDS: usize = 5;
/// How far into a line the colon of an action-list label may be, in bytes.
const LABEL_COLON: usize = 60;

/// Tracks whether the units being read belong to the GP action list.
#[derive(Debug, Default)]
struct ActionList {
    open: bool,
    seen_item: Option<usize>,
}

/// What one unit is, as far as the GP action list goes.
enum ActionStep<'a> {
    /// The heading that opens the list, with no action of its own.
    Opens,
    /// An action of the list (or the label text after "GP actions:").
    Item(&'a str),
    /// Not part of the list.
    Outside,
}

impl ActionList {
    /// Feeds one unit and says what it is.
    fn step<'a>(&mut self, checker: &Checker, unit: &Unit, text: &'a str) -> ActionStep<'a> {
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
            return if content.chars().any(char::is_alphanumeric) {
                ActionStep::Item(content)
            } else {
                ActionStep::Opens
            };
        }
        match unit.kind {
            UnitKind::Heading => {
                self.open = false;
                ActionStep::Outside
            }
            _ if !self.open => ActionStep::Outside,
            UnitKind::ListItem => {
                self.seen_item = Some(unit.block);
                ActionStep::Item(text)
            }
            UnitKind::Sentence => match self.seen_item {
                Some(block) if block != unit.block => {
                    self.open = false;
                    ActionStep::Outside
                }
                _ => ActionStep::Item(text),
            },
        }
    }
}

/// What a unit's concern rules need to know besides its text.
struct Context<'a> {
    audience: Audience,
    is_request: bool,
    /// The sentence before, in the same paragraph.
    prev: Option<&'a str>,
    /// The sentence before and this one, as one piece of text.
    window: Option<&'a str>,
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
        for (i, unit) in units.iter().enumerate() {
            let text = unit.text(letter);
            let next = units.get(i + 1).map(|u| u.text(letter));
            self.find_jargon(text, next, &mut findings);
            self.count_unit(text, unit, &mut findings);
            let is_request = match actions.step(self, unit, text) {
                ActionStep::Item(action) => {
                    findings.gp_requests.push(GpRequest {
                        text: tidy(action),
                        source: RequestSource::ActionList,
                    });
                    true
                }
                ActionStep::Opens => false,
                ActionStep::Outside => self.find_prose_request(text, audience, &mut findings),
            };
            let prev = i
                .checked_sub(1)
                .map(|p| &units[p])
                .filter(|p| p.block == unit.block);
            let context = Context {
                audience,
                is_request,
                prev: prev.map(|p| p.text(letter)),
                window: prev.map(|p| &letter[p.start..unit.end]),
            };
            self.find_concerns(text, &context, &mut findings);
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

    fn find_jargon(&self, text: &str, next: Option<&str>, findings: &mut SectionFindings) {
        for hit in self.terms.find(text) {
            if self.terms.entry(&hit).is_ignored() {
                continue;
            }
            let (term, plain) = self.terms.describe(text, &hit);
            let around = (&text[..hit.start], &text[hit.end..]);
            let explained = self.is_explained(around, &plain, next);
            let kind = self.terms.entry(&hit).kind;
            findings.add_term(term, plain, kind, explained);
        }
    }

    /// True when the words around a term explain it: it opens a bracket after plain words
    /// ("broken bone (fracture)"), a bracketed explanation follows within two words ("an MRI
    /// scan (a scan that uses magnets)"), an `explains-after`/`explains-before` rule matches,
    /// or the term ends its sentence (at most 5 words after it) and an `explains-next` rule
    /// matches the next sentence ("Your HbA1c was 64. This is a blood test that ...").
    fn is_explained(&self, (before, after): (&str, &str), plain: &str, next: Option<&str>) -> bool {
        let any = |_| true;
        if opens_bracket_after_plain_words(before) {
            return true;
        }
        if bracket_after(after).is_some_and(|content| self.bracket_explains(content, plain)) {
            return true;
        }
        let window = &after[..after.floor_char_boundary(EXPLAIN_AFTER)];
        if self.rules.explains_after.matches(window, any) {
            return true;
        }
        let from = before.ceil_char_boundary(before.len().saturating_sub(EXPLAIN_BEFORE));
        if self.rules.explains_before.matches(&before[from..], any) {
            return true;
        }
        let ends_sentence = after.split_whitespace().count() <= FEW_WORDS;
        next.is_some_and(|n| {
            ends_sentence
                && self
                    .rules
                    .explains_next
                    .matches(&n[..n.floor_char_boundary(EXPLAIN_AFTER)], any)
        })
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

    /// Records the unit's interface concerns. Rules with scope `paragraph` also see the
    /// sentence before in the same paragraph ("He did not attend. We have discharged him."),
    /// unless that sentence alone already matched them. A `not-concern` rule exempts the
    /// sentence from its kind ("please refer to my previous letter" is no referral).
    fn find_concerns(&self, text: &str, cx: &Context<'_>, findings: &mut SectionFindings) {
        let fits = |scope| match scope {
            Scope::Request => cx.is_request,
            Scope::Paragraph => false,
            other => cx.audience.allows(other),
        };
        let exempt = self.rules.not_concern.matching_kinds(text, |_| true);
        let mut found: Vec<(&str, &str)> = self
            .rules
            .concern
            .matching_kinds(text, fits)
            .into_iter()
            .filter(|kind| !exempt.contains(kind))
            .map(|kind| (kind, text))
            .collect();
        let paragraph = |s| s == Scope::Paragraph;
        let earlier = cx.prev.map_or_else(Vec::new, |p| {
            self.rules.concern_paragraph.matching_kinds(p, paragraph)
        });
        let wide = cx.window.unwrap_or(text);
        for kind in self.rules.concern_paragraph.matching_kinds(wide, paragraph) {
            let seen = earlier.contains(&kind) || exempt.contains(&kind);
            if !seen && !found.iter().any(|(k, _)| *k == kind) {
                found.push((kind, wide));
            }
        }
        for (kind, offending) in found {
            findings.interface_concerns.push(InterfaceConcern {
                kind: kind.to_owned(),
                text: tidy(offending),
                advice: self.rules.advice(kind).to_owned(),
            });
        }
    }

    /// True when a bracket after a term explains it: after taking out other glossary terms, it
    /// holds two or more plain words ("(a scan that uses magnets)"), a word of the term's own
    /// plain alternative ("3/12 (3 months)"), or is one plain word ("(breathlessness)").
    fn bracket_explains(&self, content: &str, plain: &str) -> bool {
        let mut rest = String::with_capacity(content.len());
        let mut from = 0;
        for hit in self.terms.find(content) {
            rest.push_str(&content[from..hit.start]);
            rest.push(' ');
            from = hit.end;
        }
        rest.push_str(&content[from..]);
        let tokens: Vec<&str> = rest
            .split_whitespace()
            .map(|t| t.trim_matches(|c: char| !c.is_alphanumeric()))
            .filter(|t| !t.is_empty())
            .collect();
        let is_plain = |t: &&str| t.chars().all(|c| c.is_lowercase() || c == '-' || c == '\'');
        let plain_words: Vec<&str> = tokens.iter().copied().filter(is_plain).collect();
        let shares_plain = plain_words.iter().any(|w| {
            w.len() >= 4
                && plain
                    .split_whitespace()
                    .any(|p| p.trim_matches(|c: char| !c.is_alphanumeric()) == *w)
        });
        plain_words.len() >= 2
            || shares_plain
            || (tokens.len() == 1 && plain_words.len() == 1 && tokens[0].len() >= 4)
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

/// The content of a bracket that opens within two words after a term ("MRI scan (...)").
fn bracket_after(after: &str) -> Option<&str> {
    let mut rest = after.trim_start();
    for _ in 0..3 {
        if let Some(inner) = rest.strip_prefix('(') {
            return inner.split(')').next();
        }
        let word_end = rest
            .find(|c: char| !(c.is_alphabetic() || c == '-'))
            .unwrap_or(rest.len());
        if word_end == 0 {
            return None;
        }
        rest = rest[word_end..].trim_start();
    }
    None
}

#[cfg(test)]
#[path = "section_tests.rs"]
mod tests;
