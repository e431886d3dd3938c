//! The open CBOR value type, for element values and anything the standard leaves open.

use alloc::boxed::Box;
use alloc::string::String;
use alloc::vec::Vec;

use super::decoder::{Decoder, Head};
use super::encoder::Encoder;
use super::error::{DecodeError, DecodeErrorKind};
use super::{Decode, Encode};

/// A CBOR integer: any value from -2^64 to 2^64-1.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Int(i128);

impl Int {
    /// The smallest CBOR integer, -2^64.
    pub const MIN: Self = Self(-(1i128 << 64));
    /// The largest CBOR integer, 2^64-1.
    pub const MAX: Self = Self((1i128 << 64) - 1);

    /// The value.
    pub fn get(self) -> i128 {
        self.0
    }
}

impl From<u64> for Int {
    fn from(v: u64) -> Self {
        Self(i128::from(v))
    }
}

impl From<i64> for Int {
    fn from(v: i64) -> Self {
        Self(i128::from(v))
    }
}

impl TryFrom<i128> for Int {
    type Error = DecodeErrorKind;

    fn try_from(v: i128) -> Result<Self, Self::Error> {
        if (Self::MIN.0..=Self::MAX.0).contains(&v) {
            Ok(Self(v))
        } else {
            Err(DecodeErrorKind::IntegerOutOfRange)
        }
    }
}

/// Any CBOR data item, decoded strictly.
///
/// Maps keep their entries in the order received (duplicates are rejected when decoding).
/// Tags 0 (`tdate`), 1004 (`full-date`) and 24 (embedded CBOR) are checked when decoded:
/// their content must have the right type and form. Use the doctype modules for typed
/// views of element values.
///
/// ```
/// use iso18013::cbor::{Decode, Encode, Value};
/// let v = Value::from_cbor(&[0x82, 0x01, 0x63, b'a', b'b', b'c']).unwrap();
/// assert_eq!(v, Value::Array(vec![Value::from(1u64), Value::from("abc")]));
/// assert_eq!(v.to_cbor(), [0x82, 0x01, 0x63, b'a', b'b', b'c']);
/// ```
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// An integer.
    Int(Int),
    /// A byte string.
    Bytes(Vec<u8>),
    /// A text string.
    Text(String),
    /// An array.
    Array(Vec<Value>),
    /// A map, entries in received order.
    Map(Vec<(Value, Value)>),
    /// A tagged item.
    Tag(u64, Box<Value>),
    /// `true` or `false`.
    Bool(bool),
    /// `null`.
    Null,
    /// `undefined`.
    Undefined,
    /// Another simple value.
    Simple(u8),
    /// A floating-point number.
    Float(f64),
}

impl From<u64> for Value {
    fn from(v: u64) -> Self {
        Self::Int(Int::from(v))
    }
}

impl From<i64> for Value {
    fn from(v: i64) -> Self {
        Self::Int(Int::from(v))
    }
}

impl From<&str> for Value {
    fn from(v: &str) -> Self {
        Self::Text(String::from(v))
    }
}

impl From<String> for Value {
    fn from(v: String) -> Self {
        Self::Text(v)
    }
}

impl From<bool> for Value {
    fn from(v: bool) -> Self {
        Self::Bool(v)
    }
}

impl From<Vec<u8>> for Value {
    fn from(v: Vec<u8>) -> Self {
        Self::Bytes(v)
    }
}

impl Value {
    /// The text, if this is a text string.
    pub fn as_text(&self) -> Option<&str> {
        match self {
            Self::Text(s) => Some(s),
            _ => None,
        }
    }

    /// The bytes, if this is a byte string.
    pub fn as_bytes(&self) -> Option<&[u8]> {
        match self {
            Self::Bytes(b) => Some(b),
            _ => None,
        }
    }

    /// The integer, if this is one.
    pub fn as_int(&self) -> Option<i128> {
        match self {
            Self::Int(i) => Some(i.get()),
            _ => None,
        }
    }

    /// The bool, if this is one.
    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Self::Bool(b) => Some(*b),
            _ => None,
        }
    }

    /// The value of a text-keyed map entry, if this is a map that has it.
    pub fn get(&self, key: &str) -> Option<&Value> {
        match self {
            Self::Map(entries) => entries
                .iter()
                .find(|(k, _)| k.as_text() == Some(key))
                .map(|(_, v)| v),
            _ => None,
        }
    }

    /// The value of an integer-keyed map entry, if this is a map that has it.
    pub fn as_map_entry_int(&self, key: i128) -> Option<&Value> {
        match self {
            Self::Map(entries) => entries
                .iter()
                .find(|(k, _)| k.as_int() == Some(key))
                .map(|(_, v)| v),
            _ => None,
        }
    }

    fn decode_tag_content(d: &mut Decoder<'_>, tag: u64) -> Result<Value, DecodeError> {
        let at = d.offset();
        match tag {
            0 | 1004 => {
                let text = d.text()?;
                super::date::check_date_text(tag, text).map_err(|_| {
                    DecodeError::new(DecodeErrorKind::InvalidValue(date_why(tag)), at)
                })?;
                Ok(Value::Text(String::from(text)))
            }
            24 => {
                let inner = d.bytes()?;
                let inner_offset = d.position().saturating_sub(inner.len());
                // The embedded item must itself be one well-formed CBOR item.
                d.nested(inner, inner_offset, |sub| Value::decode(sub).map(drop))?;
                Ok(Value::Bytes(inner.to_vec()))
            }
            _ => Value::decode(d),
        }
    }
}

fn date_why(tag: u64) -> &'static str {
    if tag == 0 {
        "tag 0 holds no valid RFC 3339 date-time"
    } else {
        "tag 1004 holds no valid full-date"
    }
}

/// Whether two keys have the same preferred encoding: compared directly for text, byte
/// strings and integers (the keys maps almost always have), by encoding otherwise.
fn same_key(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Text(x), Value::Text(y)) => x == y,
        (Value::Bytes(x), Value::Bytes(y)) => x == y,
        (Value::Int(x), Value::Int(y)) => x == y,
        (Value::Text(_) | Value::Bytes(_) | Value::Int(_), _)
        | (_, Value::Text(_) | Value::Bytes(_) | Value::Int(_)) => false,
        _ => a.to_cbor() == b.to_cbor(),
    }
}

/// Rejects duplicate keys among already decoded map keys, by their preferred encoding.
pub(crate) fn check_unique_keys(
    entries: &[(Value, Value)],
    offset: usize,
) -> Result<(), DecodeError> {
    if entries.len() < 2 {
        return Ok(());
    }
    if entries.len() <= super::map::SMALL_MAP {
        // Each key against those before it: no allocation for the common small map.
        for (i, (key, _)) in entries.iter().enumerate() {
            let before = entries.get(..i).unwrap_or_default();
            if before.iter().any(|(other, _)| same_key(key, other)) {
                return Err(DecodeError::new(DecodeErrorKind::DuplicateKey, offset));
            }
        }
        return Ok(());
    }
    let mut keys: Vec<Vec<u8>> = entries.iter().map(|(k, _)| k.to_cbor()).collect();
    if super::map::has_duplicates(&mut keys) {
        Err(DecodeError::new(DecodeErrorKind::DuplicateKey, offset))
    } else {
        Ok(())
    }
}

impl Decode for Value {
    fn decode(d: &mut Decoder<'_>) -> Result<Self, DecodeError> {
        let start = d.offset();
        let head = d.peek_head()?;
        Ok(match head {
            Head::Unsigned(_) | Head::Negative(_) => {
                d.head()?;
                match head {
                    Head::Unsigned(v) => Value::Int(Int::from(v)),
                    Head::Negative(v) => Value::Int(Int(-1 - i128::from(v))),
                    _ => return Err(d.error(DecodeErrorKind::NotWellFormed)),
                }
            }
            Head::Bytes(_) => Value::Bytes(d.bytes()?.to_vec()),
            Head::Text(_) => Value::Text(String::from(d.text()?)),
            Head::Array(_) => d.array(|d, len| {
                let mut items = Vec::new();
                for _ in 0..len {
                    items.push(Value::decode(d)?);
                }
                Ok(Value::Array(items))
            })?,
            Head::Map(_) => d.map_header(|d, len| {
                let mut entries = Vec::new();
                for _ in 0..len {
                    let k = Value::decode(d)?;
                    let v = Value::decode(d)?;
                    entries.push((k, v));
                }
                check_unique_keys(&entries, start)?;
                Ok(Value::Map(entries))
            })?,
            Head::Tag(tag) => {
                d.head()?;
                let content = d.descend(|d| Value::decode_tag_content(d, tag))?;
                Value::Tag(tag, Box::new(content))
            }
            Head::Simple(v) => {
                d.head()?;
                match v {
                    20 => Value::Bool(false),
                    21 => Value::Bool(true),
                    22 => Value::Null,
                    23 => Value::Undefined,
                    other => Value::Simple(other),
                }
            }
            Head::Float(width, bits) => {
                d.head()?;
                Value::Float(float_from_bits(width, bits))
            }
        })
    }
}

fn float_from_bits(width: u8, bits: u64) -> f64 {
    match width {
        2 => half::f16::from_bits(u16::try_from(bits).unwrap_or(0)).to_f64(),
        4 => f64::from(f32::from_bits(u32::try_from(bits).unwrap_or(0))),
        _ => f64::from_bits(bits),
    }
}

impl Encode for Value {
    fn encode(&self, e: &mut Encoder) {
        match self {
            Value::Int(i) => {
                let v = i.get();
                match u64::try_from(v) {
                    Ok(u) => e.u64(u),
                    // Int's range guarantees -1 - v fits in a u64 when v is negative.
                    Err(_) => e.negative(u64::try_from(-1 - v).unwrap_or(u64::MAX)),
                };
            }
            Value::Bytes(b) => {
                e.bytes(b);
            }
            Value::Text(s) => {
                e.text(s);
            }
            Value::Array(items) => {
                e.array(items.len());
                for item in items {
                    item.encode(e);
                }
            }
            Value::Map(entries) => {
                e.map(entries.len());
                for (k, v) in entries {
                    k.encode(e);
                    v.encode(e);
                }
            }
            Value::Tag(tag, content) => {
                e.tag(*tag);
                content.encode(e);
            }
            Value::Bool(b) => {
                e.bool(*b);
            }
            Value::Null => {
                e.null();
            }
            Value::Undefined => {
                e.simple(23);
            }
            Value::Simple(v) => {
                e.simple(*v);
            }
            Value::Float(f) => {
                e.float(*f);
            }
        }
    }
}
