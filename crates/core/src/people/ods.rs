//! Organisation Data Service (ODS) codes and the kinds of organisation joinedup knows.

use std::fmt;

/// An ODS code: one to nine letters or digits, kept in upper case.
#[derive(
    Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(try_from = "String", into = "String")]
pub struct OdsCode(String);

/// Why a string is not a valid ODS code.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OdsCodeError {
    /// Nothing was entered.
    #[error("Enter an ODS code")]
    Empty,
    /// Longer than nine characters.
    #[error("An ODS code must be 9 characters or fewer")]
    TooLong,
    /// A character other than a letter or digit.
    #[error("An ODS code must contain only letters and numbers")]
    NotAlphanumeric,
    /// The code does not have the shape its organisation kind requires.
    #[error("{0}")]
    WrongShape(&'static str),
}

impl OdsCode {
    /// Parses any ODS code (1–9 alphanumerics), upper-casing it.
    pub fn parse(input: &str) -> Result<Self, OdsCodeError> {
        let code = input.trim().to_ascii_uppercase();
        if code.is_empty() {
            return Err(OdsCodeError::Empty);
        }
        if code.len() > 9 {
            return Err(OdsCodeError::TooLong);
        }
        if !code.chars().all(|c| c.is_ascii_alphanumeric()) {
            return Err(OdsCodeError::NotAlphanumeric);
        }
        Ok(Self(code))
    }

    /// Parses a code and checks it has the shape that organisations of `kind` have.
    pub fn parse_for(input: &str, kind: OrganisationKind) -> Result<Self, OdsCodeError> {
        let code = Self::parse(input)?;
        let s = code.as_str();
        let ok = match kind {
            OrganisationKind::Trust => s.len() == 3,
            OrganisationKind::TrustSite => s.len() == 5,
            OrganisationKind::GpPractice => {
                s.len() == 6
                    && s.as_bytes()[0].is_ascii_alphabetic()
                    && s[1..].bytes().all(|b| b.is_ascii_digit())
            }
            OrganisationKind::Icb | OrganisationKind::Pharmacy => true,
        };
        if ok {
            Ok(code)
        } else {
            Err(OdsCodeError::WrongShape(kind.code_shape()))
        }
    }

    /// The code as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for OdsCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for OdsCode {
    type Error = OdsCodeError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<OdsCode> for String {
    fn from(value: OdsCode) -> Self {
        value.0
    }
}

/// The kinds of organisation in the system.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OrganisationKind {
    /// An integrated care board (the commissioner).
    Icb,
    /// An NHS trust.
    Trust,
    /// A site (hospital) of a trust.
    TrustSite,
    /// A GP practice.
    GpPractice,
    /// A community pharmacy.
    Pharmacy,
}

impl OrganisationKind {
    /// Every kind, in display order.
    pub const ALL: [Self; 5] = [
        Self::Icb,
        Self::Trust,
        Self::TrustSite,
        Self::GpPractice,
        Self::Pharmacy,
    ];

    /// The name stored in the database.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Icb => "icb",
            Self::Trust => "trust",
            Self::TrustSite => "trust_site",
            Self::GpPractice => "gp_practice",
            Self::Pharmacy => "pharmacy",
        }
    }

    /// Reads the stored name back.
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// How the kind is named to people.
    pub fn label(self) -> &'static str {
        match self {
            Self::Icb => "Integrated care board",
            Self::Trust => "NHS trust",
            Self::TrustSite => "Hospital site",
            Self::GpPractice => "GP practice",
            Self::Pharmacy => "Community pharmacy",
        }
    }

    fn code_shape(self) -> &'static str {
        match self {
            Self::Trust => "An NHS trust's ODS code must be 3 characters",
            Self::TrustSite => "A trust site's ODS code must be 5 characters",
            Self::GpPractice => "A GP practice's ODS code must be a letter followed by 5 digits",
            Self::Icb | Self::Pharmacy => "An ODS code must be 1 to 9 letters or numbers",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn upper_cases_and_checks_shape_by_kind() {
        assert_eq!(OdsCode::parse(" rj1 ").unwrap().as_str(), "RJ1");
        assert!(OdsCode::parse_for("G85001", OrganisationKind::GpPractice).is_ok());
        assert!(matches!(
            OdsCode::parse_for("GG5001", OrganisationKind::GpPractice),
            Err(OdsCodeError::WrongShape(_))
        ));
        assert!(matches!(
            OdsCode::parse_for("RJ12", OrganisationKind::Trust),
            Err(OdsCodeError::WrongShape(_))
        ));
        assert_eq!(OdsCode::parse("RJ1-2"), Err(OdsCodeError::NotAlphanumeric));
        assert_eq!(OdsCode::parse("ABCDEFGHIJ"), Err(OdsCodeError::TooLong));
        assert_eq!(OdsCode::parse(""), Err(OdsCodeError::Empty));
    }

    #[test]
    fn organisation_kinds_round_trip_through_their_stored_names() {
        for kind in OrganisationKind::ALL {
            assert_eq!(OrganisationKind::parse(kind.as_str()), Some(kind));
        }
    }
}
