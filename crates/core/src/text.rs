//! Small text helpers shared by every area.

use unicode_normalization::UnicodeNormalization;

/// Folds free text for case- and accent-insensitive search: lower case, accents removed,
/// punctuation turned into single spaces. SQLite's `lower()` folds ASCII only, so search
/// columns hold this form, computed in Rust.
pub fn search_key(input: &str) -> String {
    let folded: String = input
        .nfkd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect();
    folded.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn search_key_folds_case_accents_and_punctuation() {
        assert_eq!(search_key("  Zoë  O'BRIEN-Smith "), "zoe o brien smith");
        assert_eq!(search_key("Ngozi Ọkafọr"), "ngozi okafor");
        assert_eq!(search_key(""), "");
    }
}
