//! What the checker finds in one section of a letter, and the finding types shared with the
//! whole-letter report.

use super::glossary::TermKind;
use super::readability::TextCounts;
use serde::Serialize;

/// A term with a plainer alternative, and how often it appears.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct JargonFinding {
    /// The term as the glossary spells it (for time shorthand, as written: "3/12").
    pub term: String,
    /// The plain alternative to suggest.
    pub plain: String,
    /// How many times it appears.
    pub count: usize,
    /// What sort of term it is.
    pub kind: TermKind,
}

/// A sentence over the long-sentence limit (25 words by default).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LongSentence {
    /// The sentence, with line breaks and runs of spaces made single spaces.
    pub text: String,
    /// How many words it has.
    pub words: usize,
}

/// Where a GP request was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum RequestSource {
    /// In the prose ("I would be grateful if you could ...").
    Prose,
    /// In the letter's own GP action list (under a heading such as "Actions for the GP").
    ActionList,
}

/// Something the letter asks the GP to do.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GpRequest {
    /// The sentence (or, when a sentence has clauses split by `;`, the clause) asking.
    pub text: String,
    /// Whether it is written in the prose or listed as an action.
    pub source: RequestSource,
}

/// Work the letter hands to the GP that NHS England's interface guidance makes the hospital's.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct InterfaceConcern {
    /// The concern's stable id: `onward-referral`, `test-results`, `fit-note`,
    /// `missed-appointment`, `call-and-recall`, `discharge-medicines`, `point-of-contact`, or
    /// a kind the ICB added.
    pub kind: String,
    /// The offending sentence.
    pub text: String,
    /// What the writer should do instead (from the rules data; may be empty).
    pub advice: String,
}

/// The findings for one section of a letter, shown beside that section on the letter form.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct SectionFindings {
    /// Terms with plainer alternatives that are not explained in the section.
    pub jargon: Vec<JargonFinding>,
    /// Terms explained where they are used ("an MRI scan (a scan that uses magnets)").
    pub explained: Vec<JargonFinding>,
    /// Sentences over the long-sentence limit.
    pub long_sentences: Vec<LongSentence>,
    /// Requests to the GP, from the prose and from an action list.
    pub gp_requests: Vec<GpRequest>,
    /// Interface concerns.
    pub interface_concerns: Vec<InterfaceConcern>,
    /// Words, sentences and syllables of the section's sentences and list items.
    #[serde(flatten)]
    pub counts: TextCounts,
    /// The same counts for headings, used only when a text has no sentences at all.
    #[serde(skip)]
    pub(crate) heading_counts: TextCounts,
}

impl SectionFindings {
    /// Flesch Reading Ease of the section (headings count only when there is nothing else).
    pub fn flesch_reading_ease(&self) -> f64 {
        self.readable_counts().flesch_reading_ease()
    }

    /// Reading age of the section in years (see [`TextCounts::reading_age`]).
    pub fn reading_age(&self) -> f64 {
        self.readable_counts().reading_age()
    }

    /// The counts readability uses: sentences, or headings when there are no sentences.
    pub(crate) fn readable_counts(&self) -> TextCounts {
        if self.counts.sentences == 0 {
            self.heading_counts
        } else {
            self.counts
        }
    }

    /// Records one occurrence of a term, explained or not.
    pub(crate) fn add_term(
        &mut self,
        term: String,
        plain: String,
        kind: TermKind,
        explained: bool,
    ) {
        let list = if explained {
            &mut self.explained
        } else {
            &mut self.jargon
        };
        add_occurrences(list, term, plain, kind, 1);
    }

    /// Moves terms that are explained somewhere in the section out of the jargon list: once
    /// a term is explained, its other uses nearby need no second explanation.
    pub(crate) fn settle_explained(&mut self) {
        settle(&mut self.jargon, &mut self.explained);
    }
}

/// Adds `count` occurrences of a term to a list, matching terms ignoring case.
pub(crate) fn add_occurrences(
    list: &mut Vec<JargonFinding>,
    term: String,
    plain: String,
    kind: TermKind,
    count: usize,
) {
    match list.iter_mut().find(|f| f.term.eq_ignore_ascii_case(&term)) {
        Some(f) => f.count += count,
        None => list.push(JargonFinding {
            term,
            plain,
            count,
            kind,
        }),
    }
}

/// Moves every jargon entry whose term also appears in `explained` into it.
pub(crate) fn settle(jargon: &mut Vec<JargonFinding>, explained: &mut [JargonFinding]) {
    let mut kept = Vec::with_capacity(jargon.len());
    for f in jargon.drain(..) {
        match explained
            .iter_mut()
            .find(|e| e.term.eq_ignore_ascii_case(&f.term))
        {
            Some(e) => e.count += f.count,
            None => kept.push(f),
        }
    }
    *jargon = kept;
}

/// Collapses line breaks and runs of spaces, for reporting a sentence.
pub(crate) fn tidy(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_term_explained_once_is_explained_everywhere_in_the_section() {
        let mut f = SectionFindings::default();
        f.add_term("MRI".into(), "scan".into(), TermKind::Test, false);
        f.add_term("MRI".into(), "scan".into(), TermKind::Test, true);
        f.add_term(
            "SOB".into(),
            "short of breath".into(),
            TermKind::Abbreviation,
            false,
        );
        f.add_term(
            "sob".into(),
            "short of breath".into(),
            TermKind::Abbreviation,
            false,
        );
        f.settle_explained();
        assert_eq!(f.jargon.len(), 1);
        assert_eq!((f.jargon[0].term.as_str(), f.jargon[0].count), ("SOB", 2));
        assert_eq!(
            (f.explained[0].term.as_str(), f.explained[0].count),
            ("MRI", 2)
        );
    }

    #[test]
    fn tidy_collapses_whitespace() {
        assert_eq!(
            tidy("  Start losartan\n   from tomorrow. "),
            "Start losartan from tomorrow."
        );
    }

    #[test]
    fn headings_count_for_readability_only_without_sentences() {
        let mut f = SectionFindings {
            heading_counts: TextCounts {
                words: 4,
                sentences: 1,
                syllables: 4,
            },
            ..SectionFindings::default()
        };
        assert!(f.flesch_reading_ease() > 100.0);
        f.counts = TextCounts {
            words: 20,
            sentences: 1,
            syllables: 40,
        };
        assert!(f.flesch_reading_ease() < 60.0);
    }
}
