//! Handing out status list indexes to credentials: at random, as the EUDI ARF asks
//! (VCR_17: an index must not reveal the order of issuance), never the same one twice.

use alloc::vec;
use alloc::vec::Vec;
use core::fmt;

use super::list::StatusListError;
use crate::crypto::{CryptoError, RandomSource};

/// How many random probes [`IndexAllocator::allocate`] makes before it draws among the
/// free indexes by rank (a scan of the bitmap): few lists are so full that 16 probes all
/// land on used indexes.
const PROBES: usize = 16;

/// Why no index could be allocated.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum AllocateError {
    /// Every index of the list is in use: issue into a new list.
    Full {
        /// How many indexes the list has.
        len: u64,
    },
    /// The random source failed.
    Random(CryptoError),
}

impl fmt::Display for AllocateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Full { len } => write!(f, "all {len} indexes of the list are in use"),
            Self::Random(e) => write!(f, "no randomness for an index: {e}"),
        }
    }
}

impl core::error::Error for AllocateError {
    fn source(&self) -> Option<&(dyn core::error::Error + 'static)> {
        match self {
            Self::Random(e) => Some(e),
            Self::Full { .. } => None,
        }
    }
}

/// Which indexes of a status list are given to credentials: one bit per index (bit `i`
/// of byte `i / 8`, least significant first, as a 1-bit status list), so an issuer can
/// store it beside its list ([`as_bytes`](Self::as_bytes),
/// [`from_bytes`](Self::from_bytes)).
///
/// Indexes are drawn uniformly among the free ones (up to a bias below 2^-29 for lists
/// of up to 2^35 entries) and never handed out twice: a revoked index stays revoked.
///
/// ```
/// # #[cfg(feature = "rustcrypto")] {
/// use iso18013::crypto::{SystemRandom, default_provider};
/// use iso18013::status::{IndexAllocator, Status, StatusList};
///
/// let mut list = StatusList::new(1, 1024)?;
/// let mut indexes = IndexAllocator::for_list(&list);
/// let mut rng = SystemRandom(default_provider());
/// let index = indexes.allocate(&mut rng)?;
/// assert!(index < 1024 && indexes.is_allocated(index));
/// assert_eq!(indexes.remaining(), 1023);
/// // Later, the credential is revoked.
/// list.set(index, Status::Invalid)?;
/// # }
/// # Ok::<(), Box<dyn core::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IndexAllocator {
    used: Vec<u8>,
    len: u64,
    allocated: u64,
}

/// The byte and bit of index `i`.
fn locate(index: u64) -> (usize, u8) {
    let byte = usize::try_from(index / 8).unwrap_or(usize::MAX);
    let bit = u8::try_from(index % 8).unwrap_or(0);
    (byte, bit)
}

/// A uniform draw in `[0, bound)` (`bound > 0`), by the high half of a 128-bit product.
fn below(rng: &mut dyn RandomSource, bound: u64) -> Result<u64, AllocateError> {
    let mut bytes = [0u8; 8];
    rng.fill(&mut bytes).map_err(AllocateError::Random)?;
    let wide = u128::from(u64::from_le_bytes(bytes)) * u128::from(bound);
    Ok(u64::try_from(wide >> 64).unwrap_or(0))
}

impl IndexAllocator {
    /// An allocator for a list of `len` indexes, none allocated.
    ///
    /// # Errors
    /// [`StatusListError::TooLarge`] when the bitmap would not fit in memory.
    pub fn new(len: u64) -> Result<Self, StatusListError> {
        let bytes = usize::try_from(len.div_ceil(8))
            .map_err(|_| StatusListError::TooLarge { limit: usize::MAX })?;
        Ok(Self {
            used: vec![0; bytes],
            len,
            allocated: 0,
        })
    }

    /// An allocator for every entry of `list`, none allocated.
    pub fn for_list(list: &super::StatusList) -> Self {
        let len = list.len();
        let bytes = usize::try_from(len.div_ceil(8)).unwrap_or(0);
        Self {
            used: vec![0; bytes],
            len,
            allocated: 0,
        }
    }

    /// An allocator restored from its bitmap ([`as_bytes`](Self::as_bytes)) for a list of
    /// `len` indexes; bits beyond `len` are ignored.
    ///
    /// # Errors
    /// [`StatusListError::IndexOutOfRange`] when `bytes` is shorter than `len` needs.
    pub fn from_bytes(len: u64, mut bytes: Vec<u8>) -> Result<Self, StatusListError> {
        let needed = usize::try_from(len.div_ceil(8))
            .map_err(|_| StatusListError::TooLarge { limit: usize::MAX })?;
        if bytes.len() < needed {
            let have = u64::try_from(bytes.len()).unwrap_or(u64::MAX);
            return Err(StatusListError::IndexOutOfRange {
                index: len.saturating_sub(1),
                len: have.saturating_mul(8),
            });
        }
        bytes.truncate(needed);
        let tail = len % 8;
        if tail != 0
            && let Some(last) = bytes.last_mut()
        {
            *last &= (1u8 << tail) - 1;
        }
        let allocated = bytes.iter().map(|b| u64::from(b.count_ones())).sum();
        Ok(Self {
            used: bytes,
            len,
            allocated,
        })
    }

    /// The bitmap: bit `i` set when index `i` is allocated.
    pub fn as_bytes(&self) -> &[u8] {
        &self.used
    }

    /// How many indexes the list has.
    pub fn len(&self) -> u64 {
        self.len
    }

    /// Whether the list has no index at all.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// How many indexes are still free.
    pub fn remaining(&self) -> u64 {
        self.len.saturating_sub(self.allocated)
    }

    /// Whether `index` has been handed out (false beyond the list).
    pub fn is_allocated(&self, index: u64) -> bool {
        if index >= self.len {
            return false;
        }
        let (byte, bit) = locate(index);
        self.used.get(byte).is_some_and(|b| b & (1 << bit) != 0)
    }

    /// Marks `index` as handed out (an index given before the allocator was kept);
    /// whether it was free.
    ///
    /// # Errors
    /// [`StatusListError::IndexOutOfRange`] beyond the list.
    pub fn mark(&mut self, index: u64) -> Result<bool, StatusListError> {
        if index >= self.len {
            return Err(StatusListError::IndexOutOfRange {
                index,
                len: self.len,
            });
        }
        let (byte, bit) = locate(index);
        let Some(slot) = self.used.get_mut(byte) else {
            return Err(StatusListError::IndexOutOfRange {
                index,
                len: self.len,
            });
        };
        let free = *slot & (1 << bit) == 0;
        *slot |= 1 << bit;
        if free {
            self.allocated = self.allocated.saturating_add(1);
        }
        Ok(free)
    }

    /// A free index, drawn at random, now allocated.
    ///
    /// # Errors
    /// [`AllocateError::Full`] when none is free; [`AllocateError::Random`] when the
    /// random source fails.
    pub fn allocate(&mut self, rng: &mut dyn RandomSource) -> Result<u64, AllocateError> {
        let free = self.remaining();
        if free == 0 {
            return Err(AllocateError::Full { len: self.len });
        }
        for _ in 0..PROBES {
            let index = below(rng, self.len)?;
            if !self.is_allocated(index) {
                self.take(index)?;
                return Ok(index);
            }
        }
        // Crowded: the rank-th free index, found by counting free bits a byte at a time.
        let mut rank = below(rng, free)?;
        for (at, byte) in (0u64..).zip(self.used.iter()) {
            let base = at.saturating_mul(8);
            let valid = self.len.saturating_sub(base).min(8);
            let mask = u8::try_from((1u16 << valid) - 1).unwrap_or(u8::MAX);
            let free_here = u64::from((!byte & mask).count_ones());
            if rank >= free_here {
                rank -= free_here;
                continue;
            }
            for bit in 0..valid {
                if byte & (1 << bit) == 0 {
                    if rank == 0 {
                        let index = base + bit;
                        self.take(index)?;
                        return Ok(index);
                    }
                    rank -= 1;
                }
            }
        }
        Err(AllocateError::Full { len: self.len })
    }

    fn take(&mut self, index: u64) -> Result<(), AllocateError> {
        self.mark(index)
            .map(|_| ())
            .map_err(|_| AllocateError::Full { len: self.len })
    }
}
