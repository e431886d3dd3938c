//! Messages over Client2Server and Server2Client: each characteristic value is one header
//! byte, `0x01` when more of the message follows and `0x00` on its last chunk, then data.
//!
//! A value holds at most `min(512, MTU - 3)` bytes (ISO 18013-5 8.3.3.1.1.6 writes values of
//! MTU − 3 bytes; Bluetooth Core caps attribute values at 512), so a chunk carries
//! [`max_chunk_payload`] bytes of the message.
//!
//! ```
//! use iso18013::transport::ble::{Reassembler, chunk};
//! let message = [7u8; 40];
//! let values: Vec<Vec<u8>> = chunk(&message, 23)?.collect();
//! assert_eq!(values.len(), 3); // 19 + 19 + 2 bytes
//! assert_eq!(values.iter().map(|v| v[0]).collect::<Vec<_>>(), [1, 1, 0]);
//! let mut reassembler = Reassembler::new();
//! assert_eq!(reassembler.push(&values[0])?, None);
//! assert_eq!(reassembler.push(&values[1])?, None);
//! assert_eq!(reassembler.push(&values[2])?, Some(message.to_vec()));
//! # Ok::<(), iso18013::transport::ble::FramingError>(())
//! ```

use alloc::vec::Vec;
use core::fmt;

/// The largest attribute value Bluetooth Core allows.
pub const MAX_ATTRIBUTE_VALUE: usize = 512;
/// The ATT MTU when none was negotiated.
pub const DEFAULT_MTU: u16 = 23;
/// The smallest MTU that leaves room for a header byte and one data byte.
pub const MIN_MTU: u16 = 5;
/// Header of a chunk that more of the message follows.
pub const MORE: u8 = 0x01;
/// Header of the last chunk of a message.
pub const LAST: u8 = 0x00;
/// The default limit on a reassembled message: 1 MiB.
pub const DEFAULT_MAX_MESSAGE: usize = 1 << 20;

/// A framing failure.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum FramingError {
    /// The MTU leaves no room for data: a value needs `MTU - 3 >= 2` bytes (header and data).
    MtuTooSmall(u16),
    /// A value starts with neither `0x01` nor `0x00`.
    BadHeader(u8),
    /// The message being reassembled grew past the limit.
    MessageTooLong {
        /// The limit in bytes.
        limit: usize,
    },
    /// A value without even a header byte.
    EmptyValue,
}

impl fmt::Display for FramingError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::MtuTooSmall(mtu) => write!(f, "MTU {mtu} leaves no room for data"),
            Self::BadHeader(b) => write!(f, "chunk header 0x{b:02x} is neither 0x01 nor 0x00"),
            Self::MessageTooLong { limit } => write!(f, "message longer than {limit} bytes"),
            Self::EmptyValue => f.write_str("empty characteristic value"),
        }
    }
}

impl core::error::Error for FramingError {}

/// The largest characteristic value at `mtu`: `min(512, MTU - 3)`.
///
/// # Errors
/// [`FramingError::MtuTooSmall`] below [`MIN_MTU`].
pub fn max_value_len(mtu: u16) -> Result<usize, FramingError> {
    if mtu < MIN_MTU {
        return Err(FramingError::MtuTooSmall(mtu));
    }
    Ok(MAX_ATTRIBUTE_VALUE.min(usize::from(mtu) - 3))
}

/// The message bytes one chunk carries at `mtu`: `min(512, MTU - 3) - 1`.
///
/// ```
/// use iso18013::transport::ble::max_chunk_payload;
/// assert_eq!(max_chunk_payload(23), Ok(19));
/// assert_eq!(max_chunk_payload(185), Ok(181));
/// assert_eq!(max_chunk_payload(517), Ok(511));
/// assert!(max_chunk_payload(4).is_err());
/// ```
///
/// # Errors
/// [`FramingError::MtuTooSmall`] below [`MIN_MTU`] (an MTU of 4 leaves room for the
/// header only; 23 is the smallest a Bluetooth LE stack uses).
pub fn max_chunk_payload(mtu: u16) -> Result<usize, FramingError> {
    max_value_len(mtu).map(|len| len - 1)
}

/// How many characteristic values a message of `len` bytes takes at `mtu`: one for an
/// empty message, otherwise `ceil(len / max_chunk_payload(mtu))`.
///
/// # Errors
/// [`FramingError::MtuTooSmall`] below [`MIN_MTU`].
pub fn chunk_count(len: usize, mtu: u16) -> Result<usize, FramingError> {
    let payload = max_chunk_payload(mtu)?;
    Ok(len.div_ceil(payload).max(1))
}

/// The characteristic values carrying `message` at `mtu`: `[0x01 | data]* [0x00 | data]`,
/// every chunk but the last full. An empty message is the one value `[0x00]`.
///
/// # Errors
/// [`FramingError::MtuTooSmall`] below [`MIN_MTU`].
pub fn chunk(message: &[u8], mtu: u16) -> Result<Chunks<'_>, FramingError> {
    Ok(Chunks {
        rest: message,
        payload: max_chunk_payload(mtu)?,
        done: false,
    })
}

/// The characteristic values of one message, in order (see [`chunk`]).
#[derive(Clone, Debug)]
pub struct Chunks<'m> {
    rest: &'m [u8],
    payload: usize,
    done: bool,
}

impl Iterator for Chunks<'_> {
    type Item = Vec<u8>;

    fn next(&mut self) -> Option<Vec<u8>> {
        if self.done {
            return None;
        }
        let (header, data) = match self.rest.split_at_checked(self.payload) {
            Some((data, rest)) if !rest.is_empty() => {
                self.rest = rest;
                (MORE, data)
            }
            _ => {
                self.done = true;
                (LAST, core::mem::take(&mut self.rest))
            }
        };
        let mut value = Vec::with_capacity(data.len() + 1);
        value.push(header);
        value.extend_from_slice(data);
        Some(value)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let left = if self.done {
            0
        } else {
            self.rest.len().div_ceil(self.payload).max(1)
        };
        (left, Some(left))
    }
}

impl ExactSizeIterator for Chunks<'_> {}

/// Joins characteristic values back into messages, refusing any message longer than its
/// limit.
///
/// Chunks shorter than the maximum before the last one are accepted (some peers send
/// them). Memory grows with what was received, doubling at most, and never past the
/// limit. After an error the partial message is discarded.
#[derive(Clone, Debug)]
pub struct Reassembler {
    buffer: Vec<u8>,
    limit: usize,
    partial: bool,
}

impl Default for Reassembler {
    fn default() -> Self {
        Self::new()
    }
}

impl Reassembler {
    /// A reassembler limited to [`DEFAULT_MAX_MESSAGE`] bytes per message.
    pub fn new() -> Self {
        Self::with_limit(DEFAULT_MAX_MESSAGE)
    }

    /// A reassembler limited to `limit` bytes per message.
    pub fn with_limit(limit: usize) -> Self {
        Self {
            buffer: Vec::new(),
            limit,
            partial: false,
        }
    }

    /// The limit on a message, in bytes.
    pub fn limit(&self) -> usize {
        self.limit
    }

    /// True while part of a message has arrived and its last chunk has not.
    pub fn is_partial(&self) -> bool {
        self.partial
    }

    /// The bytes allocated for the partial message (at most twice what arrived of it,
    /// never more than the limit).
    pub fn capacity(&self) -> usize {
        self.buffer.capacity()
    }

    /// Forgets any partial message.
    pub fn reset(&mut self) {
        self.buffer = Vec::new();
        self.partial = false;
    }

    /// Takes one characteristic value; returns the message it completes, if it is a
    /// last chunk.
    ///
    /// # Errors
    /// [`FramingError::EmptyValue`], [`FramingError::BadHeader`], or
    /// [`FramingError::MessageTooLong`] when the message would exceed the limit. Each
    /// discards the partial message.
    pub fn push(&mut self, value: &[u8]) -> Result<Option<Vec<u8>>, FramingError> {
        let Some((&header, data)) = value.split_first() else {
            self.reset();
            return Err(FramingError::EmptyValue);
        };
        if header != MORE && header != LAST {
            self.reset();
            return Err(FramingError::BadHeader(header));
        }
        let len = match self.buffer.len().checked_add(data.len()) {
            Some(len) if len <= self.limit => len,
            _ => {
                self.reset();
                return Err(FramingError::MessageTooLong { limit: self.limit });
            }
        };
        if len > self.buffer.capacity() {
            let target = len
                .max(self.buffer.capacity().saturating_mul(2))
                .min(self.limit);
            self.buffer.reserve_exact(target - self.buffer.len());
        }
        self.buffer.extend_from_slice(data);
        if header == MORE {
            self.partial = true;
            Ok(None)
        } else {
            self.partial = false;
            Ok(Some(core::mem::take(&mut self.buffer)))
        }
    }
}
