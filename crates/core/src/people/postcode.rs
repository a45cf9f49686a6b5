//! UK postcodes: outward code, space, inward code (for example `SE5 9RS`).

use std::fmt;

/// A UK postcode in its standard form: upper case, one space before the inward code.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize)]
pub struct Postcode(String);

/// Why a string is not a UK postcode.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PostcodeError {
    /// Nothing was entered.
    #[error("Enter a postcode")]
    Empty,
    /// Not the shape of a UK postcode.
    #[error("Enter a real postcode, like SE5 9RS")]
    Invalid,
}

impl Postcode {
    /// Parses a postcode typed with any spacing and case.
    pub fn parse(input: &str) -> Result<Self, PostcodeError> {
        let compact: String = input
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_ascii_uppercase();
        if compact.is_empty() {
            return Err(PostcodeError::Empty);
        }
        if !(5..=7).contains(&compact.len()) || !compact.is_ascii() {
            return Err(PostcodeError::Invalid);
        }
        let (outward, inward) = compact.split_at(compact.len() - 3);
        let inward_ok = {
            let b = inward.as_bytes();
            b[0].is_ascii_digit() && b[1].is_ascii_alphabetic() && b[2].is_ascii_alphabetic()
        };
        let o = outward.as_bytes();
        let outward_ok = o[0].is_ascii_alphabetic()
            && o.iter().all(u8::is_ascii_alphanumeric)
            && o.iter().any(u8::is_ascii_digit)
            && (2..=4).contains(&o.len());
        if !(inward_ok && outward_ok) {
            return Err(PostcodeError::Invalid);
        }
        Ok(Self(format!("{outward} {inward}")))
    }

    /// The outward code (postcode district), e.g. `SE5`.
    pub fn district(&self) -> &str {
        self.0.split(' ').next().unwrap_or_default()
    }

    /// The postcode as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Postcode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises_spacing_and_case() {
        assert_eq!(Postcode::parse("se59rs").unwrap().as_str(), "SE5 9RS");
        assert_eq!(Postcode::parse(" SW1A 1AA ").unwrap().as_str(), "SW1A 1AA");
        assert_eq!(Postcode::parse("BR6 0NJ").unwrap().district(), "BR6");
    }

    #[test]
    fn refuses_what_is_not_a_postcode() {
        assert_eq!(Postcode::parse(""), Err(PostcodeError::Empty));
        for bad in ["SE5", "12345", "SE5 99S", "ZZZZ 1AA1", "SÉ5 9RS"] {
            assert_eq!(Postcode::parse(bad), Err(PostcodeError::Invalid), "{bad}");
        }
    }
}
