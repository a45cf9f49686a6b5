//! Tests for the syllable counter and the readability formulas.

use super::*;

#[test]
fn common_words_get_their_dictionary_syllables() {
    let words = [
        ("the", 1),
        ("you", 1),
        ("your", 1),
        ("blood", 1),
        ("make", 1),
        ("are", 1),
        ("asked", 1),
        ("stopped", 1),
        ("changed", 1),
        ("times", 1),
        ("started", 2),
        ("needed", 2),
        ("kidney", 2),
        ("tablet", 2),
        ("tablets", 2),
        ("pressure", 2),
        ("changes", 2),
        ("results", 2),
        ("simple", 2),
        ("table", 2),
        ("tables", 2),
        ("patient", 2),
        ("being", 2),
        ("going", 2),
        ("doing", 2),
        ("increased", 2),
        ("advised", 2),
        ("safely", 2),
        ("studies", 2),
        ("questions", 2),
        ("hospital", 3),
        ("medicine", 3),
        ("medicines", 3),
        ("appointment", 3),
        ("ultrasound", 3),
        ("period", 3),
        ("atrial", 3),
        ("biopsy", 3),
        ("serious", 3),
        ("previous", 3),
        ("statement", 2),
        ("management", 3),
        ("cholesterol", 4),
        ("haemoglobin", 4),
        ("oesophagus", 4),
        ("diabetes", 4),
        ("pneumonia", 4),
        ("anaemia", 4),
        ("fibrillation", 4),
        ("paediatric", 4),
        ("radiotherapy", 6),
    ];
    let wrong: Vec<(&str, usize, usize)> = words
        .iter()
        .map(|&(w, n)| (w, n, syllables(w)))
        .filter(|&(_, n, got)| n != got)
        .collect();
    assert!(
        wrong.is_empty(),
        "wrong counts (word, want, got): {wrong:?}"
    );
}

#[test]
fn numbers_abbreviations_and_hyphenated_words() {
    assert_eq!(token_syllables("2.5"), 1);
    assert_eq!(token_syllables("ECG"), 3);
    assert_eq!(token_syllables("LFTs"), 4);
    assert_eq!(token_syllables("eGFR"), 4);
    assert_eq!(token_syllables("T2DM"), 4);
    assert_eq!(token_syllables("67-year-old"), 3);
    assert_eq!(token_syllables("(kidney),"), 2);
    assert_eq!(token_syllables("Zoë"), 1);
}

#[test]
fn counts_words_but_not_punctuation() {
    let c = count_words("We saw you - and your ECG was normal .");
    assert_eq!(c.words, 8);
    assert_eq!(c.syllables, 1 + 1 + 1 + 1 + 1 + 3 + 1 + 2);
}

#[test]
fn flesch_and_reading_age_follow_the_published_formulas() {
    let c = TextCounts {
        words: 100,
        sentences: 5,
        syllables: 150,
    };
    let fre = 206.835 - 1.015 * 20.0 - 84.6 * 1.5;
    assert!((c.flesch_reading_ease() - fre).abs() < 1e-9);
    let grade = 0.39 * 20.0 + 11.8 * 1.5 - 15.59;
    assert!((c.flesch_kincaid_grade() - grade).abs() < 1e-9);
    assert!((c.reading_age() - (grade + 5.0)).abs() < 1e-9);
}

#[test]
fn reading_age_is_clamped_and_empty_text_is_zero() {
    let easy = TextCounts {
        words: 10,
        sentences: 5,
        syllables: 10,
    };
    assert_eq!(easy.reading_age(), MIN_READING_AGE);
    let hard = TextCounts {
        words: 80,
        sentences: 1,
        syllables: 240,
    };
    assert_eq!(hard.reading_age(), MAX_READING_AGE);
    assert_eq!(TextCounts::default().flesch_reading_ease(), 0.0);
}
