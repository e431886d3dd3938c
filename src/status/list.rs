//! The status list itself, decompressed: `bits` per token, token `i` at bits
//! `[i*bits, (i+1)*bits)` counted from the least significant bit of byte 0 (IETF Token
//! Status List §4.1).

use alloc::vec;
use alloc::vec::Vec;
use core::fmt;

/// A token's status (IETF Token Status List §7): the three registered values, and any
/// other (application-specific or reserved) as its number.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Status {
    /// 0x00: the token is valid.
    Valid,
    /// 0x01: the token is revoked (permanently invalid).
    Invalid,
    /// 0x02: the token is suspended (temporarily invalid).
    Suspended,
    /// Another value: 0x03 and 0x0C–0x0F are application-specific, the rest reserved. Never
    /// 0, 1 or 2 when made by [`from_value`](Self::from_value).
    Other(u8),
}

impl Status {
    /// The status of a list entry's value.
    pub fn from_value(value: u8) -> Self {
        match value {
            0 => Self::Valid,
            1 => Self::Invalid,
            2 => Self::Suspended,
            other => Self::Other(other),
        }
    }

    /// The value written in the list.
    pub fn value(self) -> u8 {
        match self {
            Self::Valid => 0,
            Self::Invalid => 1,
            Self::Suspended => 2,
            Self::Other(value) => value,
        }
    }

    /// The name the `mdoc` command prints: `valid`, `invalid`, `suspended`, or the value in
    /// hexadecimal (`0x03`) for others.
    pub fn name(self) -> alloc::string::String {
        match self {
            Self::Valid => "valid".into(),
            Self::Invalid => "invalid".into(),
            Self::Suspended => "suspended".into(),
            Self::Other(value) => alloc::format!("0x{value:02x}"),
        }
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.name())
    }
}

/// Why a status list could not be made, read or changed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum StatusListError {
    /// `bits` is not 1, 2, 4 or 8.
    InvalidBits(u64),
    /// The index is beyond the list: no statement is possible, and the referenced token
    /// must be rejected (IETF Token Status List §8.3), never taken as valid.
    IndexOutOfRange {
        /// The index asked for.
        index: u64,
        /// How many entries the list holds.
        len: u64,
    },
    /// The status value does not fit in `bits` bits.
    ValueTooWide {
        /// The value.
        value: u8,
        /// The list's bits per entry.
        bits: u8,
    },
    /// The list would be larger than the limit (in bytes, decompressed).
    TooLarge {
        /// The limit in bytes.
        limit: usize,
    },
    /// `lst` is not a complete ZLIB (RFC 1950) stream.
    Compression,
}

impl fmt::Display for StatusListError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Self::InvalidBits(bits) => write!(f, "bits is {bits}, not 1, 2, 4 or 8"),
            Self::IndexOutOfRange { index, len } => {
                write!(f, "index {index} is beyond the list of {len} entries")
            }
            Self::ValueTooWide { value, bits } => {
                write!(f, "status value {value} does not fit in {bits} bits")
            }
            Self::TooLarge { limit } => {
                write!(
                    f,
                    "the decompressed list exceeds the limit of {limit} bytes"
                )
            }
            Self::Compression => f.write_str("lst is not a complete zlib stream"),
        }
    }
}

impl core::error::Error for StatusListError {}

/// A status list, decompressed: `bits` (1, 2, 4 or 8) per entry, entries from the least
/// significant bit of the first byte on.
///
/// ```
/// use iso18013::status::{Status, StatusList};
///
/// // The IETF draft's 1-bit example: statuses 1 0 0 1 1 1 0 1 1 1 0 0 0 1 0 1.
/// let list = StatusList::from_bytes(1, vec![0xb9, 0xa3])?;
/// assert_eq!(list.len(), 16);
/// assert_eq!(list.get(0)?, Status::Invalid);
/// assert_eq!(list.get(1)?, Status::Valid);
/// // Beyond the list: an error, never Valid.
/// assert!(list.get(16).is_err());
///
/// let mut list = StatusList::new(2, 12)?;
/// list.set(1, Status::Suspended)?;
/// assert_eq!(list.as_bytes(), &[0b0000_1000, 0, 0]);
/// # Ok::<(), iso18013::status::StatusListError>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StatusList {
    bits: u8,
    bytes: Vec<u8>,
}

/// `bits` as a checked list width.
pub(crate) fn check_bits(bits: u64) -> Result<u8, StatusListError> {
    match bits {
        1 | 2 | 4 | 8 => u8::try_from(bits).map_err(|_| StatusListError::InvalidBits(bits)),
        _ => Err(StatusListError::InvalidBits(bits)),
    }
}

impl StatusList {
    /// A list of at least `size` entries of `bits` bits, all [`Status::Valid`] (the byte
    /// array is rounded up to whole bytes, so a few more entries may exist).
    ///
    /// # Errors
    /// [`StatusListError::InvalidBits`]; [`StatusListError::TooLarge`] when `size * bits`
    /// overflows.
    pub fn new(bits: u8, size: u64) -> Result<Self, StatusListError> {
        let bits = check_bits(u64::from(bits))?;
        let too_large = StatusListError::TooLarge { limit: usize::MAX };
        let total_bits = size.checked_mul(u64::from(bits)).ok_or(too_large)?;
        let len = usize::try_from(total_bits.div_ceil(8)).map_err(|_| too_large)?;
        Ok(Self {
            bits,
            bytes: vec![0; len],
        })
    }

    /// A list over the decompressed byte array `bytes`.
    ///
    /// # Errors
    /// [`StatusListError::InvalidBits`].
    pub fn from_bytes(bits: u8, bytes: Vec<u8>) -> Result<Self, StatusListError> {
        Ok(Self {
            bits: check_bits(u64::from(bits))?,
            bytes,
        })
    }

    /// Bits per entry: 1, 2, 4 or 8.
    pub fn bits(&self) -> u8 {
        self.bits
    }

    /// How many entries the list holds (every whole entry of the byte array).
    pub fn len(&self) -> u64 {
        let bytes = u64::try_from(self.bytes.len()).unwrap_or(u64::MAX);
        bytes.saturating_mul(8) / u64::from(self.bits)
    }

    /// Whether the list holds no entry.
    pub fn is_empty(&self) -> bool {
        self.bytes.is_empty()
    }

    /// The decompressed byte array.
    pub fn as_bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// The byte holding entry `index`, and the entry's shift in it.
    fn locate(&self, index: u64) -> Result<(usize, u32), StatusListError> {
        let out_of_range = StatusListError::IndexOutOfRange {
            index,
            len: self.len(),
        };
        if index >= self.len() {
            return Err(out_of_range);
        }
        let bit = index.saturating_mul(u64::from(self.bits));
        let byte = usize::try_from(bit / 8).map_err(|_| out_of_range)?;
        let shift = u32::try_from(bit % 8).map_err(|_| out_of_range)?;
        Ok((byte, shift))
    }

    /// The mask of one entry's bits, unshifted.
    fn mask(&self) -> u8 {
        u8::MAX >> (8 - u32::from(self.bits))
    }

    /// The status of entry `index`.
    ///
    /// # Errors
    /// [`StatusListError::IndexOutOfRange`] beyond the list.
    pub fn get(&self, index: u64) -> Result<Status, StatusListError> {
        let (byte, shift) = self.locate(index)?;
        let value = self.bytes.get(byte).copied().unwrap_or_default();
        Ok(Status::from_value((value >> shift) & self.mask()))
    }

    /// Sets entry `index` to `status`.
    ///
    /// # Errors
    /// [`StatusListError::IndexOutOfRange`] beyond the list;
    /// [`StatusListError::ValueTooWide`] when the value needs more than `bits` bits
    /// (SUSPENDED in a 1-bit list).
    pub fn set(&mut self, index: u64, status: Status) -> Result<(), StatusListError> {
        let value = status.value();
        if value & !self.mask() != 0 {
            return Err(StatusListError::ValueTooWide {
                value,
                bits: self.bits,
            });
        }
        let (byte, shift) = self.locate(index)?;
        let mask = self.mask() << shift;
        if let Some(slot) = self.bytes.get_mut(byte) {
            *slot = (*slot & !mask) | (value << shift);
        }
        Ok(())
    }
}
