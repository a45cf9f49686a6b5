//! Which GP requests written in the prose are missing from the letter's GP action list.
//!
//! A request is covered when at least half of its content words ([`COVERAGE_THRESHOLD`]) are
//! found in one listed action. Content words are what remain after dropping function words
//! and the wrapping of a request ("please", "grateful", "could", "GP", pronouns ...). Words are
//! compared by a crude stem: lower case, number words as digits, a plural or `-ed`/`-ing`
//! ending removed, then the first five letters ("monitoring" and "monitor" both give
//! "monit"; "referral" and "refer" give "refer"). A request with no content words is covered.

use super::findings::{GpRequest, RequestSource};

/// The share of a request's content words that one listed action must contain.
pub const COVERAGE_THRESHOLD: f64 = 0.5;

/// Words that carry no content for this comparison.
const STOPWORDS: &[&str] = &[
    "a",
    "able",
    "about",
    "again",
    "all",
    "also",
    "an",
    "and",
    "any",
    "appreciate",
    "are",
    "as",
    "ask",
    "asked",
    "at",
    "be",
    "been",
    "by",
    "can",
    "could",
    "do",
    "does",
    "dr",
    "for",
    "from",
    "gp",
    "grateful",
    "had",
    "has",
    "have",
    "he",
    "her",
    "him",
    "his",
    "i",
    "if",
    "in",
    "into",
    "is",
    "it",
    "kindly",
    "like",
    "may",
    "me",
    "might",
    "miss",
    "mr",
    "mrs",
    "ms",
    "mx",
    "my",
    "need",
    "needs",
    "of",
    "on",
    "or",
    "our",
    "patient",
    "please",
    "recommend",
    "she",
    "should",
    "so",
    "suggest",
    "that",
    "the",
    "their",
    "them",
    "then",
    "there",
    "they",
    "this",
    "to",
    "us",
    "we",
    "will",
    "wish",
    "with",
    "would",
    "you",
    "your",
];

const NUMBER_WORDS: &[(&str, &str)] = &[
    ("one", "1"),
    ("two", "2"),
    ("three", "3"),
    ("four", "4"),
    ("five", "5"),
    ("six", "6"),
    ("seven", "7"),
    ("eight", "8"),
    ("nine", "9"),
    ("ten", "10"),
    ("eleven", "11"),
    ("twelve", "12"),
];

/// The prose requests in `requests` that no action in `action_list` covers, in order.
/// Requests that came from an action list are never returned.
pub fn requests_missing_from_list<S: AsRef<str>>(
    requests: &[GpRequest],
    action_list: &[S],
) -> Vec<GpRequest> {
    let actions: Vec<Vec<String>> = action_list.iter().map(|a| stems(a.as_ref())).collect();
    requests
        .iter()
        .filter(|r| r.source == RequestSource::Prose && !is_covered(&stems(&r.text), &actions))
        .cloned()
        .collect()
}

fn is_covered(request: &[String], actions: &[Vec<String>]) -> bool {
    if request.is_empty() {
        return true;
    }
    actions.iter().any(|action| {
        let shared = request.iter().filter(|w| action.contains(w)).count();
        shared as f64 / request.len() as f64 >= COVERAGE_THRESHOLD
    })
}

/// The distinct content-word stems of `text`.
pub(crate) fn stems(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for raw in text.split(|c: char| !(c.is_alphanumeric() || c == '&' || c == '+')) {
        let lower = raw.to_lowercase();
        let word = lower.strip_suffix("'s").unwrap_or(&lower);
        if word.is_empty() || STOPWORDS.contains(&word) {
            continue;
        }
        let stem = stem(word);
        if !out.contains(&stem) {
            out.push(stem);
        }
    }
    out
}

fn stem(word: &str) -> String {
    if let Some((_, digit)) = NUMBER_WORDS.iter().find(|(w, _)| *w == word) {
        return (*digit).to_owned();
    }
    let mut w = word;
    for suffix in ["ing", "ed", "es", "s"] {
        if let Some(base) = w.strip_suffix(suffix)
            && base.chars().count() >= 3
        {
            w = base;
            break;
        }
    }
    w.chars().take(5).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn prose(text: &str) -> GpRequest {
        GpRequest {
            text: text.to_owned(),
            source: RequestSource::Prose,
        }
    }

    #[test]
    fn a_request_repeated_in_the_action_list_is_covered() {
        let requests = [
            prose("I would be grateful if you could check her kidney blood test in two weeks."),
            prose("Please could you increase ramipril to 5 mg if her blood pressure stays high."),
            prose("Please refer her to the podiatry service."),
        ];
        let list = [
            "Check kidney blood test in 2 weeks",
            "Increase ramipril to 5 mg if blood pressure is above 140/90",
        ];
        let missing = requests_missing_from_list(&requests, &list);
        assert_eq!(
            missing,
            vec![prose("Please refer her to the podiatry service.")]
        );
    }

    #[test]
    fn without_an_action_list_every_prose_request_is_missing() {
        let requests = [prose("GP to stop amlodipine.")];
        assert_eq!(requests_missing_from_list::<&str>(&requests, &[]).len(), 1);
    }

    #[test]
    fn listed_actions_are_never_missing() {
        let listed = GpRequest {
            text: "Stop amlodipine".into(),
            source: RequestSource::ActionList,
        };
        assert!(requests_missing_from_list::<&str>(&[listed], &[]).is_empty());
    }

    #[test]
    fn stems_drop_wrapping_and_fold_endings_and_numbers() {
        assert_eq!(
            stems("Please could you monitor his U&Es for three weeks"),
            vec!["monit", "u&e", "3", "week"]
        );
        assert_eq!(
            stems("monitoring referral referred"),
            vec!["monit", "refer"]
        );
    }
}
