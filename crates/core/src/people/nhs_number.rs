//! The NHS number: ten digits whose last is a Modulus 11 check digit
//! (NHS Data Dictionary, "NHS Number"). Shown to people as 3-3-4.

use std::fmt;
use std::str::FromStr;

/// A valid NHS number, stored as its ten digits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct NhsNumber([u8; 10]);

/// Why a string is not a valid NHS number; each variant names the rule it broke.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NhsNumberError {
    /// Nothing was entered.
    #[error("Enter an NHS number")]
    Empty,
    /// A character other than a digit, space or hyphen.
    #[error("An NHS number must contain only numbers")]
    NotDigits,
    /// Not ten digits.
    #[error("An NHS number must be 10 digits; you entered {0}")]
    WrongLength(usize),
    /// Modulus 11 gives 10, which no valid NHS number can have.
    #[error(
        "This is not a valid NHS number: no check digit exists for the first 9 digits (Modulus 11)"
    )]
    NoCheckDigit,
    /// The tenth digit is not the Modulus 11 check digit of the first nine.
    #[error(
        "This is not a valid NHS number: the last digit should be {expected} (Modulus 11 check)"
    )]
    CheckDigitMismatch {
        /// The check digit the first nine digits call for.
        expected: u8,
    },
}

/// The Modulus 11 check digit of nine digits, or `None` when the result is 10 (invalid).
pub fn check_digit(first_nine: &[u8; 9]) -> Option<u8> {
    let sum: u32 = first_nine
        .iter()
        .zip((2..=10u32).rev())
        .map(|(d, w)| u32::from(*d) * w)
        .sum();
    match 11 - (sum % 11) {
        11 => Some(0),
        10 => None,
        d => Some(d as u8),
    }
}

impl NhsNumber {
    /// Parses an NHS number as a person types it: spaces and hyphens between digits are allowed.
    pub fn parse(input: &str) -> Result<Self, NhsNumberError> {
        let trimmed = input.trim();
        if trimmed.is_empty() {
            return Err(NhsNumberError::Empty);
        }
        let mut digits = Vec::with_capacity(10);
        for c in trimmed.chars() {
            match c {
                '0'..='9' => digits.push(c as u8 - b'0'),
                ' ' | '-' => {}
                _ => return Err(NhsNumberError::NotDigits),
            }
        }
        let digits: [u8; 10] = digits
            .as_slice()
            .try_into()
            .map_err(|_| NhsNumberError::WrongLength(digits.len()))?;
        let first_nine: [u8; 9] = digits[..9].try_into().expect("nine digits");
        match check_digit(&first_nine) {
            None => Err(NhsNumberError::NoCheckDigit),
            Some(expected) if expected != digits[9] => {
                Err(NhsNumberError::CheckDigitMismatch { expected })
            }
            Some(_) => Ok(Self(digits)),
        }
    }

    /// Builds a valid NHS number from nine leading digits, or `None` when they have no check digit.
    pub fn from_first_nine(first_nine: [u8; 9]) -> Option<Self> {
        let check = check_digit(&first_nine)?;
        let mut digits = [0u8; 10];
        digits[..9].copy_from_slice(&first_nine);
        digits[9] = check;
        Some(Self(digits))
    }

    /// The ten digits with no spaces, as stored and exchanged.
    pub fn as_digits(&self) -> String {
        self.0.iter().map(|d| char::from(b'0' + d)).collect()
    }

    /// True for the 999 range that NHS England reserves for test and synthetic records.
    pub fn is_synthetic(&self) -> bool {
        self.0[..3] == [9, 9, 9]
    }
}

/// Shows the number as people read it: 3-3-4 with spaces, e.g. `999 123 4568`.
impl fmt::Display for NhsNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = self.as_digits();
        write!(f, "{} {} {}", &s[..3], &s[3..6], &s[6..])
    }
}

impl FromStr for NhsNumber {
    type Err = NhsNumberError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_a_valid_number_typed_with_spaces_or_hyphens() {
        // 943 476 5919 is the worked example in the NHS Data Dictionary's Modulus 11 description.
        let n = NhsNumber::parse("943 476 5919").unwrap();
        assert_eq!(n.as_digits(), "9434765919");
        assert_eq!(n.to_string(), "943 476 5919");
        assert_eq!(NhsNumber::parse("943-476-5919").unwrap(), n);
    }

    #[test]
    fn rejects_each_rule_with_its_own_message() {
        assert_eq!(NhsNumber::parse("  "), Err(NhsNumberError::Empty));
        assert_eq!(
            NhsNumber::parse("94347659A9"),
            Err(NhsNumberError::NotDigits)
        );
        assert_eq!(
            NhsNumber::parse("943476591"),
            Err(NhsNumberError::WrongLength(9))
        );
        assert_eq!(
            NhsNumber::parse("9434765918"),
            Err(NhsNumberError::CheckDigitMismatch { expected: 9 })
        );
        // 1 000 000 01x: the weighted sum is 12, remainder 1, so the check digit would be 10.
        let nine = [1, 0, 0, 0, 0, 0, 0, 0, 1];
        assert_eq!(check_digit(&nine), None);
        assert_eq!(
            NhsNumber::parse("1000000010"),
            Err(NhsNumberError::NoCheckDigit)
        );
    }

    #[test]
    fn eleven_maps_to_check_digit_zero() {
        // Sum divisible by 11 gives 11 - 0 = 11, which means check digit 0.
        let nine = [0, 0, 0, 0, 0, 0, 0, 0, 0];
        assert_eq!(check_digit(&nine), Some(0));
    }

    #[test]
    fn builds_synthetic_numbers_in_the_999_range() {
        let n = NhsNumber::from_first_nine([9, 9, 9, 0, 0, 0, 0, 0, 1]).unwrap();
        assert!(n.is_synthetic());
        assert_eq!(NhsNumber::parse(&n.as_digits()).unwrap(), n);
    }
}
