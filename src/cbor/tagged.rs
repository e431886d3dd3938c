//! `#6.24(bstr .cbor T)`: embedded CBOR that keeps its exact bytes.

use alloc::vec::Vec;
use core::ops::Deref;

use super::decoder::Decoder;
use super::encoder::Encoder;
use super::error::DecodeError;
use super::{Decode, Encode};

/// A tag-24 item, `#6.24(bstr .cbor T)`, holding both the decoded `T` and the exact bytes
/// received.
///
/// Whatever the standard hashes or signs through tag 24 (`IssuerSignedItemBytes`,
/// `MobileSecurityObjectBytes`, `DeviceEngagementBytes`, `SessionTranscriptBytes`, ...) is
/// hashed and verified over [`encoded`](Self::encoded), never over a re-encoding. Encoding
/// writes those same bytes back.
///
/// ```
/// use iso18013::cbor::{Decode, Encode, TaggedCbor, Value};
/// // 24(<< "hi" >>) with a non-preferred (two-byte) length inside the byte string head:
/// let wire = [0xd8, 0x18, 0x58, 0x03, 0x62, b'h', b'i'];
/// let item = TaggedCbor::<Value>::from_cbor(&wire).unwrap();
/// assert_eq!(item.value(), &Value::from("hi"));
/// assert_eq!(item.encoded(), wire);          // exact bytes kept
/// assert_eq!(item.to_cbor(), wire);
/// assert_eq!(TaggedCbor::new(Value::from("hi")).encoded(), [0xd8, 0x18, 0x43, 0x62, b'h', b'i']);
/// ```
#[derive(Clone, Debug)]
pub struct TaggedCbor<T> {
    encoded: Vec<u8>,
    inner_start: usize,
    value: T,
}

impl<T: PartialEq> PartialEq for TaggedCbor<T> {
    fn eq(&self, other: &Self) -> bool {
        self.encoded == other.encoded && self.value == other.value
    }
}

impl<T: Encode> TaggedCbor<T> {
    /// Wraps `value`, encoding it in preferred serialization.
    pub fn new(value: T) -> Self {
        let inner = value.to_cbor();
        let mut e = Encoder::new();
        e.tag(24).bytes(&inner);
        let encoded = e.into_bytes();
        let inner_start = encoded.len().saturating_sub(inner.len());
        Self {
            encoded,
            inner_start,
            value,
        }
    }
}

impl<T: Decode> TaggedCbor<T> {
    /// Wraps CBOR received bare (a QR code's `DeviceEngagement`, say) in tag 24, keeping
    /// `inner` byte for byte: it is decoded strictly as one `T`, and the tag-24 item made
    /// around it is what the standard then hashes (e.g. `DeviceEngagementBytes`).
    ///
    /// ```
    /// use iso18013::cbor::{TaggedCbor, Value};
    /// let item = TaggedCbor::<Value>::from_inner_bytes(&[0x19, 0x00, 0x01]).unwrap();
    /// assert_eq!(item.encoded(), [0xd8, 0x18, 0x43, 0x19, 0x00, 0x01]);
    /// ```
    ///
    /// # Errors
    /// When `inner` is not exactly one valid `T` under the default limits.
    pub fn from_inner_bytes(inner: &[u8]) -> Result<Self, DecodeError> {
        let value = T::from_cbor(inner)?;
        let mut e = Encoder::new();
        e.tag(24).bytes(inner);
        let encoded = e.into_bytes();
        Ok(Self {
            inner_start: encoded.len().saturating_sub(inner.len()),
            encoded,
            value,
        })
    }
}

impl<T> TaggedCbor<T> {
    /// The decoded value.
    pub fn value(&self) -> &T {
        &self.value
    }

    /// Takes the decoded value, dropping the bytes.
    pub fn into_value(self) -> T {
        self.value
    }

    /// The whole item as received: tag 24, the byte-string head, and the embedded CBOR.
    /// This is what the standard hashes (e.g. the digest of an `IssuerSignedItemBytes`).
    pub fn encoded(&self) -> &[u8] {
        &self.encoded
    }

    /// The embedded CBOR alone (the content of the byte string).
    pub fn inner_bytes(&self) -> &[u8] {
        self.encoded.get(self.inner_start..).unwrap_or_default()
    }
}

impl<T> Deref for TaggedCbor<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.value
    }
}

impl<T: Decode> Decode for TaggedCbor<T> {
    fn decode(d: &mut Decoder<'_>) -> Result<Self, DecodeError> {
        let start = d.position();
        d.expect_tag(24)?;
        let inner = d.bytes()?;
        let end = d.position();
        let inner_offset = end.saturating_sub(inner.len());
        let value = d.nested(inner, inner_offset, T::decode)?;
        let encoded = d.slice(start, end).unwrap_or_default().to_vec();
        Ok(Self {
            inner_start: inner_offset.saturating_sub(start),
            encoded,
            value,
        })
    }
}

impl<T> Encode for TaggedCbor<T> {
    fn encode(&self, e: &mut Encoder) {
        e.raw(&self.encoded);
    }
}
