//! The CBOR `StatusList` as a token carries it: `bits` and the ZLIB-compressed `lst`.
//!
//! Compression goes through `miniz_oxide`, chosen because it is `no_std` + `alloc`,
//! forbids unsafe code, writes and reads the ZLIB format (RFC 1950) the IETF draft asks
//! for, and has a decompression that stops at a caller's limit
//! (`decompress_to_vec_zlib_with_limit`) while growing its buffer only as output appears:
//! a token of a few hundred bytes cannot make the verifier allocate gigabytes. It was in
//! the dependency tree already (through `png`).

use alloc::string::String;
use alloc::vec::Vec;

use super::list::{StatusList, StatusListError, check_bits};
use crate::cbor::TextRest;

/// The largest decompressed list [`CompressedStatusList::decompress`] accepts by default:
/// 4 MiB, 33,554,432 one-bit entries (a list of 1,000,000 one-bit entries is 125 KB).
pub const DEFAULT_MAX_LIST_BYTES: usize = 4 * 1024 * 1024;

/// The zlib level used to compress: the highest, as the IETF draft recommends
/// (`miniz_oxide`'s 10 goes beyond zlib's 9 and is slower for little gain).
const LEVEL: u8 = 9;

/// `StatusList = {"bits": 1 / 2 / 4 / 8, "lst": bstr, ? "aggregation_uri": tstr}` (IETF
/// Token Status List §4.3), as received: `lst` still compressed.
///
/// ```
/// use iso18013::cbor::{Decode, Encode};
/// use iso18013::status::{CompressedStatusList, DEFAULT_MAX_LIST_BYTES, Status};
///
/// // The IETF draft's 1-bit example, byte for byte.
/// let bytes = [0xa2, 0x64, b'b', b'i', b't', b's', 0x01, 0x63, b'l', b's', b't', 0x4a,
///              0x78, 0xda, 0xdb, 0xb9, 0x18, 0x00, 0x02, 0x17, 0x01, 0x5d];
/// let received = CompressedStatusList::from_cbor(&bytes)?;
/// let list = received.decompress(DEFAULT_MAX_LIST_BYTES)?;
/// assert_eq!(list.as_bytes(), &[0xb9, 0xa3]);
/// assert_eq!(list.get(3)?, Status::Invalid);
/// assert_eq!(received.to_cbor(), bytes);
/// # Ok::<(), Box<dyn core::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct CompressedStatusList {
    /// Bits per entry (1, 2, 4 or 8 once checked).
    pub bits: u64,
    /// The ZLIB-compressed byte array.
    pub lst: Vec<u8>,
    /// Where the issuer lists all its status lists (IETF §9).
    pub aggregation_uri: Option<String>,
    /// Other entries, as received.
    pub rest: TextRest,
}

crate::cbor::text_map_codec! {
    CompressedStatusList as "StatusList" {
        bits: "bits" required,
        lst: "lst" required,
        aggregation_uri: "aggregation_uri" optional,
    }
    rest rest
}

impl CompressedStatusList {
    /// Compresses `list` (ZLIB, highest level).
    pub fn compress(list: &StatusList) -> Self {
        Self {
            bits: u64::from(list.bits()),
            lst: miniz_oxide::deflate::compress_to_vec_zlib(list.as_bytes(), LEVEL),
            aggregation_uri: None,
            rest: TextRest::new(),
        }
    }

    /// The list, decompressed, refusing to grow beyond `max_bytes` bytes (see
    /// [`DEFAULT_MAX_LIST_BYTES`]).
    ///
    /// # Errors
    /// [`StatusListError::InvalidBits`], [`StatusListError::TooLarge`] beyond the limit,
    /// [`StatusListError::Compression`] for a stream that is not complete ZLIB.
    pub fn decompress(&self, max_bytes: usize) -> Result<StatusList, StatusListError> {
        let bits = check_bits(self.bits)?;
        let bytes = miniz_oxide::inflate::decompress_to_vec_zlib_with_limit(&self.lst, max_bytes)
            .map_err(|e| match e.status {
            miniz_oxide::inflate::TINFLStatus::HasMoreOutput => {
                StatusListError::TooLarge { limit: max_bytes }
            }
            _ => StatusListError::Compression,
        })?;
        StatusList::from_bytes(bits, bytes)
    }
}
