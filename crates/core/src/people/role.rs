//! The roles a user can hold. Each membership pairs a role with the organisation (or service) it acts for.

use std::fmt;

/// A role in joinedup; the stored names are a contract with the API and the demo accounts.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// A GP at a practice.
    Gp,
    /// Practice staff (administration, nursing, reception) at a practice.
    PracticeStaff,
    /// A hospital specialist acting for a service.
    Specialist,
    /// A medical secretary acting for a service.
    Secretary,
    /// A pharmacist (community or trust).
    Pharmacist,
    /// A patient, or a carer linked to the records they care for.
    Patient,
    /// The ICB's primary–secondary care interface team.
    InterfaceTeam,
    /// A moderator of the public conversation.
    Moderator,
    /// A system administrator.
    Admin,
}

impl Role {
    /// Every role, in the order the sign-in page lists them.
    pub const ALL: [Self; 9] = [
        Self::Gp,
        Self::PracticeStaff,
        Self::Specialist,
        Self::Secretary,
        Self::Pharmacist,
        Self::Patient,
        Self::InterfaceTeam,
        Self::Moderator,
        Self::Admin,
    ];

    /// The stored name (`gp`, `practice_staff`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Gp => "gp",
            Self::PracticeStaff => "practice_staff",
            Self::Specialist => "specialist",
            Self::Secretary => "secretary",
            Self::Pharmacist => "pharmacist",
            Self::Patient => "patient",
            Self::InterfaceTeam => "interface_team",
            Self::Moderator => "moderator",
            Self::Admin => "admin",
        }
    }

    /// Reads a stored name back.
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.as_str() == s)
    }

    /// How the role is named on pages.
    pub fn label(self) -> &'static str {
        match self {
            Self::Gp => "GP",
            Self::PracticeStaff => "Practice staff",
            Self::Specialist => "Specialist",
            Self::Secretary => "Medical secretary",
            Self::Pharmacist => "Pharmacist",
            Self::Patient => "Patient or carer",
            Self::InterfaceTeam => "ICB interface team",
            Self::Moderator => "Moderator",
            Self::Admin => "Administrator",
        }
    }

    /// True for roles that act for a specialist service of a trust.
    pub fn acts_for_service(self) -> bool {
        matches!(self, Self::Specialist | Self::Secretary)
    }

    /// True for roles that act for a GP practice.
    pub fn acts_for_practice(self) -> bool {
        matches!(self, Self::Gp | Self::PracticeStaff)
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_round_trip_through_their_stored_names() {
        for r in Role::ALL {
            assert_eq!(Role::parse(r.as_str()), Some(r));
        }
        assert_eq!(Role::parse("superuser"), None);
    }
}
