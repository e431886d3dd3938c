//! Strict, bounded CBOR: the one decoding path for every byte from a stranger.
//!
//! - [`Decoder`] is a cursor over borrowed bytes that rejects indefinite lengths,
//!   reserved encodings, lengths beyond the remaining input, and depth or counts beyond
//!   [`Limits`]; nothing is allocated from a length before the bytes are there.
//! - Typed structures reject duplicate map keys and name the structure and field of every
//!   fault ([`DecodeError`]); top-level decoding rejects trailing bytes.
//! - [`TaggedCbor`] keeps the exact bytes of tag-24 items, which are what the standard
//!   hashes and signs.
//! - [`Encoder`] writes preferred serialization.
//! - [`NameSpaces`] is the ordered, duplicate-free per-namespace map that the typed
//!   structures hold, with its codec.

mod date;
mod decoder;
mod encoder;
mod error;
pub(crate) mod fields;
mod limits;
pub(crate) mod map;
pub(crate) mod map_codec;
pub(crate) mod name_spaces;
#[cfg(feature = "serde")]
pub(crate) mod serialize;
mod tagged;
mod value;

use alloc::vec::Vec;

pub(crate) use date::check_date_text;
pub use date::{DateError, FullDate, TDate};
pub use decoder::Decoder;
pub use encoder::Encoder;
pub use error::{CborType, DecodeError, DecodeErrorKind, PathStep};
pub use limits::Limits;
pub use map::{Label, LabelRest, TextRest};
pub use name_spaces::{DuplicateNameSpace, NameSpaces, NameSpacesIterMut};
pub use tagged::TaggedCbor;
pub use value::{Int, Value};

pub(crate) use map_codec::text_map_codec;

/// A type that can be decoded strictly from CBOR.
pub trait Decode: Sized {
    /// Decodes one item at the decoder's position.
    ///
    /// # Errors
    /// When the bytes are not a valid encoding of `Self` or exceed the limits.
    fn decode(d: &mut Decoder<'_>) -> Result<Self, DecodeError>;

    /// Decodes `bytes` as exactly one item, with the default [`Limits`].
    ///
    /// # Errors
    /// When the bytes are not a valid encoding of `Self`, carry trailing bytes, or exceed
    /// the default limits.
    fn from_cbor(bytes: &[u8]) -> Result<Self, DecodeError> {
        Self::from_cbor_with_limits(bytes, &Limits::DEFAULT)
    }

    /// Decodes `bytes` as exactly one item under `limits`.
    ///
    /// # Errors
    /// As [`from_cbor`](Self::from_cbor), under the given limits.
    fn from_cbor_with_limits(bytes: &[u8], limits: &Limits) -> Result<Self, DecodeError> {
        let mut d = Decoder::new(bytes, limits)?;
        let value = Self::decode(&mut d)?;
        d.finish()?;
        Ok(value)
    }
}

/// A type that can be encoded as CBOR in preferred serialization.
pub trait Encode {
    /// Writes `self` to the encoder.
    fn encode(&self, e: &mut Encoder);

    /// Encodes `self` into a new byte vector.
    fn to_cbor(&self) -> Vec<u8> {
        let mut e = Encoder::new();
        self.encode(&mut e);
        e.into_bytes()
    }
}

impl Decode for bool {
    fn decode(d: &mut Decoder<'_>) -> Result<Self, DecodeError> {
        d.bool()
    }
}

impl Decode for u64 {
    fn decode(d: &mut Decoder<'_>) -> Result<Self, DecodeError> {
        d.u64()
    }
}

impl Decode for i64 {
    fn decode(d: &mut Decoder<'_>) -> Result<Self, DecodeError> {
        d.i64()
    }
}

impl Decode for alloc::string::String {
    fn decode(d: &mut Decoder<'_>) -> Result<Self, DecodeError> {
        d.text().map(alloc::string::String::from)
    }
}

/// A byte string, owned.
impl Decode for Vec<u8> {
    fn decode(d: &mut Decoder<'_>) -> Result<Self, DecodeError> {
        d.bytes().map(<[u8]>::to_vec)
    }
}

impl Encode for bool {
    fn encode(&self, e: &mut Encoder) {
        e.bool(*self);
    }
}

impl Encode for u64 {
    fn encode(&self, e: &mut Encoder) {
        e.u64(*self);
    }
}

impl Encode for i64 {
    fn encode(&self, e: &mut Encoder) {
        e.i64(*self);
    }
}

impl Encode for alloc::string::String {
    fn encode(&self, e: &mut Encoder) {
        e.text(self);
    }
}

/// A byte string.
impl Encode for Vec<u8> {
    fn encode(&self, e: &mut Encoder) {
        e.bytes(self);
    }
}

#[cfg(test)]
mod tests;
