//! Readability: words, syllables, Flesch Reading Ease and a reading age.
//!
//! - Flesch Reading Ease = 206.835 − 1.015 × words/sentences − 84.6 × syllables/words
//!   (60 and over is plain English; DOMAIN.md puts 60+ at about age 14–15).
//! - Flesch–Kincaid grade = 0.39 × words/sentences + 11.8 × syllables/words − 15.59.
//! - Reading age (years) = Flesch–Kincaid grade + 5 (a US grade is about the school year, and
//!   children start grade 1 at about 6), clamped to 5–21.
//!
//! No well-kept crate counts English syllables (those found are unmaintained single releases,
//! GPL, or pull in hyphenation dictionaries for 80 languages), so the count here is a compact
//! heuristic: vowel groups, a silent final `e`, `-ed`/`-es` endings that add no syllable,
//! vowel pairs said apart (`dial`, `period`, `premium`), and a short exception list. It is
//! within one syllable for nearly all common words, which is what the formulas need.
//! Numbers count as one syllable; abbreviations written in capitals (ECG, COPD) are spelled
//! out, so they count one syllable a letter — which is how a reader meets them.

use serde::Serialize;

/// Word, sentence and syllable counts of some text.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct TextCounts {
    /// Words: whitespace-separated tokens holding a letter or digit.
    pub words: usize,
    /// Sentences, list items counting as sentences.
    pub sentences: usize,
    /// Syllables over all words.
    pub syllables: usize,
}

impl TextCounts {
    /// Adds another count to this one.
    pub fn add(&mut self, other: TextCounts) {
        self.words += other.words;
        self.sentences += other.sentences;
        self.syllables += other.syllables;
    }

    /// Flesch Reading Ease; 0 when there are no words or sentences.
    pub fn flesch_reading_ease(&self) -> f64 {
        match self.ratios() {
            Some((wps, spw)) => 206.835 - 1.015 * wps - 84.6 * spw,
            None => 0.0,
        }
    }

    /// Flesch–Kincaid grade level; 0 when there are no words or sentences.
    pub fn flesch_kincaid_grade(&self) -> f64 {
        match self.ratios() {
            Some((wps, spw)) => 0.39 * wps + 11.8 * spw - 15.59,
            None => 0.0,
        }
    }

    /// Reading age in years: the Flesch–Kincaid grade + 5, clamped to 5–21.
    pub fn reading_age(&self) -> f64 {
        (self.flesch_kincaid_grade() + 5.0).clamp(MIN_READING_AGE, MAX_READING_AGE)
    }

    /// Words per sentence and syllables per word, when both are defined.
    fn ratios(&self) -> Option<(f64, f64)> {
        if self.words == 0 || self.sentences == 0 {
            return None;
        }
        Some((
            self.words as f64 / self.sentences as f64,
            self.syllables as f64 / self.words as f64,
        ))
    }
}

/// The youngest reading age reported.
pub const MIN_READING_AGE: f64 = 5.0;
/// The oldest reading age reported (a graduate reader).
pub const MAX_READING_AGE: f64 = 21.0;

/// Counts the words and syllables of `text` (sentences are left at 0 for the caller).
pub fn count_words(text: &str) -> TextCounts {
    let mut counts = TextCounts::default();
    for token in text.split_whitespace() {
        if token.chars().any(char::is_alphanumeric) {
            counts.words += 1;
            counts.syllables += token_syllables(token);
        }
    }
    counts
}

/// Syllables in one whitespace-separated token: its letter and digit runs added up
/// (`67-year-old` = 1 + 1 + 1).
pub fn token_syllables(token: &str) -> usize {
    if !token.chars().any(char::is_alphabetic) {
        return 1; // a number: 2.5, 140/90
    }
    let total: usize = token
        .split(|c: char| !c.is_alphanumeric())
        .filter(|part| !part.is_empty())
        .map(part_syllables)
        .sum();
    total.max(1)
}

/// Syllables in a run of letters and digits.
fn part_syllables(part: &str) -> usize {
    if !part.chars().any(char::is_alphabetic) {
        return 1; // a number
    }
    let upper = part.chars().filter(|c| c.is_uppercase()).count();
    let letters = part.chars().count();
    let stem = part.strip_suffix('s').unwrap_or(part);
    if upper >= 2 && stem.chars().all(|c| c.is_uppercase() || c.is_ascii_digit()) {
        return letters.min(7); // an abbreviation, spelled out: E-C-G
    }
    if upper >= 2 && letters <= 6 {
        return letters; // mixed-case abbreviations: eGFR, HbA1c
    }
    syllables(part)
}

/// Syllables in one English word (letters only), by the heuristic described above.
pub fn syllables(word: &str) -> usize {
    let mut buf = [0u8; 40];
    if word.len() <= buf.len() && word.is_ascii() {
        for (d, s) in buf.iter_mut().zip(word.bytes()) {
            *d = s.to_ascii_lowercase();
        }
        ascii_syllables(&buf[..word.len()])
    } else {
        let lower: String = word
            .to_lowercase()
            .chars()
            .map(|c| if c.is_ascii() { c } else { 'e' })
            .collect();
        ascii_syllables(lower.as_bytes())
    }
}

/// Words the rules get wrong, with their syllables.
const EXCEPTIONS: &[(&str, usize)] = &[
    ("area", 3),
    ("business", 2),
    ("create", 2),
    ("created", 3),
    ("diabetes", 4),
    ("diarrhoea", 4),
    ("dyspnoea", 3),
    ("every", 2),
    ("everyone", 3),
    ("idea", 3),
    ("ideas", 3),
    ("people", 2),
    ("poem", 2),
    ("quiet", 2),
    ("react", 2),
    ("reaction", 3),
    ("reassure", 3),
    ("reassured", 3),
    ("science", 2),
    ("wednesday", 2),
];

fn is_vowel(w: &[u8], i: usize) -> bool {
    match w[i] {
        b'a' | b'e' | b'i' | b'o' | b'u' => true,
        b'y' => i > 0,
        _ => false,
    }
}

fn ascii_syllables(w: &[u8]) -> usize {
    let n = w.len();
    if n == 0 {
        return 0;
    }
    if let Some((_, s)) = EXCEPTIONS.iter().find(|(e, _)| e.as_bytes() == w) {
        return *s;
    }
    let mut count = 0usize;
    let mut prev = false;
    for i in 0..n {
        let v = is_vowel(w, i);
        if v && !prev {
            count += 1;
        }
        prev = v;
    }
    count += hiatus(w);
    count = count.saturating_sub(silent_endings(w, count));
    if n >= 4 && w.ends_with(b"ing") && matches!(w[n - 4], b'a' | b'e' | b'i' | b'o' | b'u') {
        count += 1; // being, going, seeing
    }
    count.max(1)
}

/// Vowel pairs said as two syllables: dial, period, video, premium, usual.
fn hiatus(w: &[u8]) -> usize {
    let before = |i: usize| if i >= 2 { w[i - 2] } else { b' ' };
    (1..w.len())
        .filter(|&i| match (w[i - 1], w[i]) {
            (b'i', b'a') => !matches!(before(i), b'c' | b't' | b's' | b'g'),
            (b'i', b'o') => !matches!(before(i), b'c' | b't' | b's' | b'x' | b'g' | b'h'),
            (b'e', b'o') | (b'i', b'u') => true,
            (b'u', b'a') => !matches!(before(i), b'q' | b'g'),
            _ => false,
        })
        .count()
}

/// Syllables to take away for endings that are not said: a silent `e`, `-ed`, `-es`, `-ely`,
/// `-ement`. Never takes the count below one.
fn silent_endings(w: &[u8], count: usize) -> usize {
    if count <= 1 {
        return 0;
    }
    let n = w.len();
    let consonant = |i: usize| !is_vowel(w, i);
    // "table", "tables", "settled": the e after a consonant + l is said.
    let after_consonant_l = |e_at: usize| e_at >= 2 && w[e_at - 1] == b'l' && consonant(e_at - 2);
    if n >= 3 && w[n - 1] == b'e' && consonant(n - 2) && !after_consonant_l(n - 1) {
        return 1;
    }
    if n >= 4 && w.ends_with(b"ed") && consonant(n - 3) && !matches!(w[n - 3], b't' | b'd') {
        return usize::from(!after_consonant_l(n - 2));
    }
    if n >= 4 && w.ends_with(b"es") && consonant(n - 3) {
        let sibilant = matches!(w[n - 3], b's' | b'x' | b'z' | b'c' | b'g')
            || (w[n - 3] == b'h' && matches!(w[n - 4], b'c' | b's'));
        return usize::from(!sibilant && !after_consonant_l(n - 2));
    }
    if n >= 5 && w.ends_with(b"ely") && consonant(n - 4) {
        return 1;
    }
    if n > 7 && w.ends_with(b"ement") && consonant(n - 6) {
        return 1;
    }
    0
}

#[cfg(test)]
#[path = "readability_tests.rs"]
mod tests;
