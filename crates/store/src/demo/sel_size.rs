//! The size of the `sel` scale: south east London in full, or smaller for tests and benchmarks.

use super::numbers::TestRangeNhsNumbers;
use crate::{Result, StoreError};
use joinedup_core::people::Borough;

/// How big the `sel` scale is. [`SelSize::FULL`] is south east London; tests and benchmarks use
/// [`SelSize::for_patients`] with a few thousand.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SelSize {
    /// Patients in all, the three demo patients included.
    pub patients: u64,
    /// GP practices (at least 12: two per borough).
    pub practices: usize,
    /// The smallest practice list.
    pub list_min: u32,
    /// The largest practice list.
    pub list_max: u32,
    /// Community pharmacies (at least one per borough).
    pub pharmacies: usize,
}

impl SelSize {
    /// South east London: 2,000,000 patients, 200 practices of 4,000–20,000 (10,000 on average), 60 pharmacies.
    pub const FULL: Self = Self {
        patients: 2_000_000,
        practices: 200,
        list_min: 4_000,
        list_max: 20_000,
        pharmacies: 60,
    };

    /// `patients` in as many practices as keep the average list near 10,000 (at least 12
    /// practices), lists from 0.4 to 2 times the average, and three pharmacies per ten practices.
    pub fn for_patients(patients: u64) -> Self {
        let practices = (patients.div_ceil(10_000) as usize).max(12);
        let average = patients / practices as u64;
        Self {
            patients,
            practices,
            list_min: (average * 2 / 5) as u32,
            list_max: (average * 2) as u32,
            pharmacies: (practices * 3 / 10).max(6),
        }
    }

    pub(super) fn check(&self) -> Result<()> {
        let n = self.practices as u64;
        let problem = if self.practices < 2 * Borough::ALL.len() {
            Some("needs at least two practices per borough")
        } else if self.pharmacies < Borough::ALL.len() {
            Some("needs at least one pharmacy per borough")
        } else if self.list_min < 3 || self.list_min > self.list_max {
            Some("needs 3 <= list_min <= list_max")
        } else if self.patients < n * u64::from(self.list_min)
            || self.patients > n * u64::from(self.list_max)
        {
            Some("cannot spread that many patients over practices of that size")
        } else if self.patients > TestRangeNhsNumbers::CAPACITY {
            Some("has more patients than synthetic NHS numbers")
        } else {
            None
        };
        match problem {
            Some(p) => Err(StoreError::Other(anyhow::anyhow!(
                "the sel scale {p}: {self:?}"
            ))),
            None => Ok(()),
        }
    }
}

impl Default for SelSize {
    fn default() -> Self {
        Self::FULL
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_full_size_is_what_for_patients_gives_for_two_million() {
        assert_eq!(SelSize::for_patients(2_000_000), SelSize::FULL);
        SelSize::FULL.check().unwrap();
        SelSize::for_patients(3_000).check().unwrap();
        assert!(SelSize::for_patients(3_000_000).check().is_err());
    }
}
