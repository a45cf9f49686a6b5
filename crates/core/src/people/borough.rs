//! The six boroughs of south east London and the postcode districts that lie in them.

/// A borough of south east London.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Borough {
    /// London Borough of Bexley.
    Bexley,
    /// London Borough of Bromley.
    Bromley,
    /// Royal Borough of Greenwich.
    Greenwich,
    /// London Borough of Lambeth.
    Lambeth,
    /// London Borough of Lewisham.
    Lewisham,
    /// London Borough of Southwark.
    Southwark,
}

impl Borough {
    /// All six, alphabetically.
    pub const ALL: [Self; 6] = [
        Self::Bexley,
        Self::Bromley,
        Self::Greenwich,
        Self::Lambeth,
        Self::Lewisham,
        Self::Southwark,
    ];

    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Bexley => "bexley",
            Self::Bromley => "bromley",
            Self::Greenwich => "greenwich",
            Self::Lambeth => "lambeth",
            Self::Lewisham => "lewisham",
            Self::Southwark => "southwark",
        }
    }

    /// Reads the stored name back.
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|b| b.as_str() == s)
    }

    /// The borough's name as people write it.
    pub fn label(self) -> &'static str {
        match self {
            Self::Bexley => "Bexley",
            Self::Bromley => "Bromley",
            Self::Greenwich => "Greenwich",
            Self::Lambeth => "Lambeth",
            Self::Lewisham => "Lewisham",
            Self::Southwark => "Southwark",
        }
    }

    /// Postcode districts that lie mainly in the borough (the demo generator draws from these).
    /// Several districts straddle borough boundaries; analysis by area asks the person in that case.
    pub fn main_postcode_districts(self) -> &'static [&'static str] {
        match self {
            Self::Bexley => &["DA5", "DA6", "DA7", "DA8", "DA14", "DA15", "DA16", "DA17"],
            Self::Bromley => &["BR1", "BR2", "BR3", "BR4", "BR5", "BR6", "BR7"],
            Self::Greenwich => &["SE2", "SE3", "SE7", "SE9", "SE10", "SE18", "SE28"],
            Self::Lambeth => &["SE11", "SE24", "SE27", "SW2", "SW4", "SW8", "SW9", "SW16"],
            Self::Lewisham => &["SE4", "SE6", "SE8", "SE12", "SE13", "SE14", "SE23", "SE26"],
            Self::Southwark => &["SE1", "SE5", "SE15", "SE16", "SE17", "SE21", "SE22"],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn boroughs_round_trip_and_have_districts() {
        for b in Borough::ALL {
            assert_eq!(Borough::parse(b.as_str()), Some(b));
            assert!(!b.main_postcode_districts().is_empty());
        }
    }
}
