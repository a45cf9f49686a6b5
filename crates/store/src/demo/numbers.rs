//! Synthetic NHS numbers, valid by the Modulus 11 rule and drawn from ranges never issued to people.
//!
//! NHS England reserves the 999 block (`999 000 000x`–`999 999 999x`) for test and synthetic
//! records. Nine leading digits starting 999 give 1,000,000 candidates, of which 909,091 have a
//! check digit: not enough for south east London's 2 million patients. [`TestRangeNhsNumbers`]
//! therefore continues, once the 999 block is used up, into the 998 and then the 997 block. Those
//! lie outside every block issued to people (England, Wales and the Isle of Man use 3xx, 4xx and
//! 6xx–7xx; Scottish CHI numbers start 010–311; Northern Ireland uses 320–399), but unlike 999
//! they are not formally reserved, and `NhsNumber::is_synthetic()` does not recognise them.

use joinedup_core::people::NhsNumber;

/// How many valid NHS numbers one three-digit block holds (10^6 candidates, less the 1 in 11
/// whose Modulus 11 result is 10).
pub const VALID_PER_BLOCK: u64 = 909_091;

/// The blocks the full-scale generator uses, in order: the reserved 999 block first.
const TEST_BLOCKS: [u32; 3] = [999, 998, 997];

/// The valid NHS number with leading digits `block` and the next six from `k`, if there is one.
fn in_block(block: u32, k: u32) -> Option<NhsNumber> {
    let digit = |n: u32, place: u32| (n / 10u32.pow(place) % 10) as u8;
    let first = [
        digit(block, 2),
        digit(block, 1),
        digit(block, 0),
        digit(k, 5),
        digit(k, 4),
        digit(k, 3),
        digit(k, 2),
        digit(k, 1),
        digit(k, 0),
    ];
    NhsNumber::from_first_nine(first)
}

/// Yields valid NHS numbers of the 999 range in ascending order, skipping those with no check digit.
#[derive(Debug, Clone, Default)]
pub struct SyntheticNhsNumbers {
    next: u32,
}

impl Iterator for SyntheticNhsNumbers {
    type Item = NhsNumber;
    fn next(&mut self) -> Option<NhsNumber> {
        while self.next < 1_000_000 {
            let k = self.next;
            self.next += 1;
            if let Some(n) = in_block(999, k) {
                return Some(n);
            }
        }
        None
    }
}

/// Valid NHS numbers for the full-scale demo: all of the 999 block, then the 998 and 997 blocks
/// (2,727,273 in all), each block in ascending order.
#[derive(Debug, Clone, Default)]
pub(crate) struct TestRangeNhsNumbers {
    block: usize,
    next: u32,
}

impl TestRangeNhsNumbers {
    /// How many numbers the sequence holds.
    pub(crate) const CAPACITY: u64 = VALID_PER_BLOCK * TEST_BLOCKS.len() as u64;
}

impl Iterator for TestRangeNhsNumbers {
    type Item = NhsNumber;
    fn next(&mut self) -> Option<NhsNumber> {
        while let Some(&block) = TEST_BLOCKS.get(self.block) {
            if self.next == 1_000_000 {
                self.block += 1;
                self.next = 0;
                continue;
            }
            let k = self.next;
            self.next += 1;
            if let Some(n) = in_block(block, k) {
                return Some(n);
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn synthetic_numbers_are_valid_distinct_and_in_the_999_range() {
        let nums: std::collections::HashSet<_> =
            SyntheticNhsNumbers::default().take(3_000).collect();
        assert_eq!(nums.len(), 3_000);
        assert!(nums.iter().all(|n| n.is_synthetic()));
        assert_eq!(
            SyntheticNhsNumbers::default().next().unwrap().as_digits(),
            "9990000018"
        );
    }

    #[test]
    fn the_999_block_holds_909_091_numbers_and_the_full_scale_sequence_continues_below_it() {
        assert_eq!(
            SyntheticNhsNumbers::default().count() as u64,
            VALID_PER_BLOCK
        );
        let mut seq = TestRangeNhsNumbers::default();
        let first_999: Vec<_> = seq.by_ref().take(VALID_PER_BLOCK as usize).collect();
        assert!(first_999.iter().all(|n| n.is_synthetic()));
        assert!(
            first_999
                .iter()
                .eq(SyntheticNhsNumbers::default().collect::<Vec<_>>().iter())
        );
        let next = seq.next().unwrap().as_digits();
        assert!(next.starts_with("998"), "{next}");
        assert_eq!(
            TestRangeNhsNumbers::default().count() as u64,
            TestRangeNhsNumbers::CAPACITY
        );
    }
}
