//! `serde::Serialize` for the data model (feature `serde`), in the JSON conventions of
//! the `mdoc` command. The mapping is documented in the `json` module (and below, at
//! [`Value`]'s impl); every CBOR value maps to exactly one JSON form and no two CBOR
//! values share one.

use alloc::borrow::Cow;
use alloc::boxed::Box;
use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;

use base64::Engine as _;
use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};

use super::{
    Decode, Encode, FullDate, Int, Limits, NameSpaces, TDate, TaggedCbor, Value, check_date_text,
};

/// The prefix of byte strings in JSON: `"base64:<standard base64, padded>"`.
pub(crate) const BYTES_PREFIX: &str = "base64:";

/// Limits for re-reading the crate's own encodings (and tag-24 contents) while
/// serializing: only the recursion bound matters, the bytes are already in memory.
const OWN_BYTES: Limits = Limits {
    max_message_size: usize::MAX,
    max_depth: Limits::DEPTH_CEILING,
    max_container_len: u64::MAX,
    max_items: u64::MAX,
    max_documents: u64::MAX,
    max_elements: u64::MAX,
    max_certificates: u64::MAX,
};

/// A byte string in the `"base64:..."` convention.
pub(crate) fn bytes_text(bytes: &[u8]) -> String {
    format!(
        "{BYTES_PREFIX}{}",
        base64::engine::general_purpose::STANDARD.encode(bytes)
    )
}

/// Whether a text string would read as something else when written as a bare JSON
/// string: a byte string (`base64:` prefix) or a date (the form tags 0 and 1004 hold,
/// which the JSON writes as bare strings).
pub(crate) fn text_needs_marking(text: &str) -> bool {
    text.starts_with(BYTES_PREFIX) || FullDate::parse(text).is_ok() || TDate::parse(text).is_ok()
}

/// Whether a text map key would read as another kind of key: an integer key (canonical
/// decimal), a `cbor:` key, or an already marked (`#`) key.
fn key_needs_marking(text: &str) -> bool {
    let digits = text.strip_prefix('-').unwrap_or(text);
    let canonical_int = !digits.is_empty()
        && digits.bytes().all(|b| b.is_ascii_digit())
        && (digits == "0" || !digits.starts_with('0'))
        && text != "-0";
    canonical_int || text.starts_with('#') || text.starts_with("cbor:")
}

/// A map key as a JSON object key: text as itself (`#` in front when it would read as
/// another kind of key), integers in decimal, anything else as `"cbor:<base64 of its
/// encoding>"`. (Rendering such keys as nested JSON text would escape quotes once per
/// nesting level: output exponential in the depth.)
pub(crate) fn key_text(key: &Value) -> String {
    match key {
        Value::Text(t) => text_key(t).into_owned(),
        Value::Int(i) => i.get().to_string(),
        other => format!(
            "cbor:{}",
            base64::engine::general_purpose::STANDARD.encode(other.to_cbor())
        ),
    }
}

/// A text map key as a JSON object key: itself, with `#` in front when it would read as
/// another kind of key (the one rule for every map the JSON writes: `Value` maps,
/// namespaces, element identifiers).
fn text_key(text: &str) -> Cow<'_, str> {
    if key_needs_marking(text) {
        Cow::Owned(format!("#{text}"))
    } else {
        Cow::Borrowed(text)
    }
}

/// A one-entry object `{key: value}`: the form of every value JSON has no type for.
fn marked<S: Serializer, V: Serialize + ?Sized>(
    serializer: S,
    key: &str,
    value: &V,
) -> Result<S::Ok, S::Error> {
    let mut map = serializer.serialize_map(Some(1))?;
    map.serialize_entry(key, value)?;
    map.end()
}

/// How many byte strings deep a view decodes what they hold (tag-24 items, COSE headers
/// and payloads). Each decode is bounded by the decoder's depth ceiling; this bounds how
/// many such decodes stack up, so that a small hostile input that nests byte strings in
/// byte strings costs neither unbounded recursion nor a copy per level. Real structures
/// need three (a response's issuerAuth payload holding the MSO's tag 24).
const MAX_NESTED_DECODES: u8 = 4;

/// How a [`Value`] is shown: plainly (the unambiguous convention), or for inspection,
/// with every `COSE_Sign1`/`COSE_Mac0`-shaped array shown as an object of labelled parts.
#[derive(Clone, Copy)]
pub(crate) struct ValueView<'a> {
    value: &'a Value,
    inspect: bool,
    /// Byte strings decoded above this value.
    nested: u8,
}

impl<'a> ValueView<'a> {
    /// `value` shown plainly, or for inspection.
    pub(crate) fn new(value: &'a Value, inspect: bool) -> Self {
        Self {
            value,
            inspect,
            nested: 0,
        }
    }

    fn child(&self, value: &'a Value) -> Self {
        Self { value, ..*self }
    }

    /// A value decoded from a byte string below this one.
    fn embedded(&self, value: &'a Value) -> Self {
        Self {
            value,
            inspect: self.inspect,
            nested: self.nested.saturating_add(1),
        }
    }

    /// Decodes `bytes` as one CBOR item when the nesting budget allows, and only when the
    /// item encodes back to exactly these bytes (so that two encodings of one value never
    /// print alike).
    fn decode_nested(&self, bytes: &[u8]) -> Option<Value> {
        if self.nested >= MAX_NESTED_DECODES {
            return None;
        }
        // Bytes no caller's decode looked inside: bounded by the default limits (items,
        // lengths, depth), not by OWN_BYTES, which trusts what it re-reads.
        let value = Value::from_cbor_with_limits(bytes, &Limits::DEFAULT).ok()?;
        (value.to_cbor() == bytes).then_some(value)
    }
}

impl Serialize for ValueView<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if self.inspect
            && let Some(cose) = CoseView::of(self)
        {
            return cose.serialize(serializer);
        }
        match self.value {
            Value::Int(i) => i.serialize(serializer),
            Value::Bytes(b) => serializer.serialize_str(&bytes_text(b)),
            Value::Text(t) if text_needs_marking(t) => marked(serializer, "#text", t),
            Value::Text(t) => serializer.serialize_str(t),
            Value::Array(items) => {
                let mut seq = serializer.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(&self.child(item))?;
                }
                seq.end()
            }
            Value::Map(entries) => {
                let mut map = serializer.serialize_map(Some(entries.len()))?;
                for (k, v) in entries {
                    map.serialize_entry(&key_text(k), &self.child(v))?;
                }
                map.end()
            }
            Value::Tag(tag @ (0 | 1004), inner)
                if inner
                    .as_text()
                    .is_some_and(|t| check_date_text(*tag, t).is_ok()) =>
            {
                self.child(inner).serialize_plain_text(serializer)
            }
            Value::Tag(24, inner) => match inner.as_bytes().and_then(|b| self.decode_nested(b)) {
                Some(embedded) => marked(serializer, "#6.24", &self.embedded(&embedded)),
                None => marked(serializer, "#6.24-raw", &self.child(inner)),
            },
            Value::Tag(tag, inner) => marked(serializer, &format!("#6.{tag}"), &self.child(inner)),
            Value::Bool(b) => serializer.serialize_bool(*b),
            Value::Null => serializer.serialize_unit(),
            Value::Undefined => marked(serializer, "#undefined", &true),
            Value::Simple(s) => marked(serializer, "#simple", s),
            Value::Float(f) if f.is_nan() => marked(serializer, "#float", "NaN"),
            Value::Float(f) if f.is_infinite() => marked(
                serializer,
                "#float",
                if f.is_sign_negative() {
                    "-Infinity"
                } else {
                    "Infinity"
                },
            ),
            Value::Float(f) => serializer.serialize_f64(*f),
        }
    }
}

impl ValueView<'_> {
    /// A date tag's text, bare.
    fn serialize_plain_text<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.value.as_text().unwrap_or_default())
    }
}

/// `[protected, unprotected, payload, signature or tag]` with labelled parts.
struct CoseView<'a> {
    /// The view of the array, whose nesting budget the decoded parts take from.
    at: ValueView<'a>,
    protected: Value,
    unprotected: &'a Value,
    payload: Option<Value>,
    payload_bytes: Option<&'a [u8]>,
    last: &'a [u8],
    is_mac: bool,
}

impl<'a> CoseView<'a> {
    fn of(at: &ValueView<'a>) -> Option<Self> {
        let Value::Array(items) = at.value else {
            return None;
        };
        let [
            Value::Bytes(protected),
            unprotected @ Value::Map(_),
            payload,
            Value::Bytes(last),
        ] = items.as_slice()
        else {
            return None;
        };
        let protected = if protected.is_empty() {
            Value::Map(Vec::new())
        } else {
            match at.decode_nested(protected) {
                Some(map @ Value::Map(_)) => map,
                _ => return None,
            }
        };
        let is_mac = protected
            .as_map_entry_int(1)
            .and_then(Value::as_int)
            .is_some_and(|alg| (4..=7).contains(&alg));
        let (payload, payload_bytes) = match payload {
            Value::Null => (None, None),
            Value::Bytes(b) => match at.decode_nested(b) {
                Some(embedded @ Value::Tag(24, _)) => (Some(embedded), None),
                _ => (None, Some(b.as_slice())),
            },
            _ => return None,
        };
        Some(Self {
            at: *at,
            protected,
            unprotected,
            payload,
            payload_bytes,
            last,
            is_mac,
        })
    }
}

impl Serialize for CoseView<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(4))?;
        map.serialize_entry("protected", &self.at.embedded(&self.protected))?;
        map.serialize_entry("unprotected", &self.at.child(self.unprotected))?;
        match (&self.payload, self.payload_bytes) {
            (Some(embedded), _) => map.serialize_entry("payload", &self.at.embedded(embedded))?,
            (None, Some(bytes)) => map.serialize_entry("payload", &bytes_text(bytes))?,
            (None, None) => map.serialize_entry("payload", &())?,
        }
        map.serialize_entry(
            if self.is_mac { "tag" } else { "signature" },
            &bytes_text(self.last),
        )?;
        map.end()
    }
}

/// The JSON conventions of the `mdoc` command; see the `json` module for the table.
///
/// | CBOR | JSON |
/// |---|---|
/// | integer within `i64`/`u64` | number |
/// | other integer (down to -2^64) | `{"#int": "<decimal>"}` |
/// | byte string | `"base64:<standard base64>"` |
/// | text string | string; `{"#text": "..."}` when it starts with `base64:` or has the form of a `full-date` or `tdate` |
/// | array | array |
/// | map | object; keys: text as itself (`#` in front if it starts with `#` or `cbor:` or is a decimal integer), integers in decimal, other keys `"cbor:<base64 of the key's encoding>"` |
/// | `tdate` (tag 0), `full-date` (tag 1004) | their text |
/// | tag 24 | `{"#6.24": <the embedded item>}` (`{"#6.24-raw": ...}` if it does not hold one CBOR item in preferred serialization, or lies more than four byte strings deep) |
/// | other tag N (bignums 2 and 3 included) | `{"#6.N": <content>}` |
/// | `true`, `false`, `null` | themselves |
/// | `undefined` | `{"#undefined": true}` |
/// | other simple value | `{"#simple": N}` |
/// | finite float | number (written with a fraction or exponent) |
/// | NaN, ±infinity | `{"#float": "NaN"}`, `{"#float": "Infinity"}`, `{"#float": "-Infinity"}` |
///
/// ```
/// use iso18013::cbor::Value;
/// let v = Value::Map(vec![
///     (Value::from("portrait"), Value::Bytes(vec![0xff, 0xd8])),
///     (Value::from("note"), Value::from("base64:/9g=")),
///     (Value::from("score"), Value::Float(f64::NAN)),
/// ]);
/// assert_eq!(
///     serde_json::to_string(&v).unwrap(),
///     r##"{"portrait":"base64:/9g=","note":{"#text":"base64:/9g="},"score":{"#float":"NaN"}}"##
/// );
/// ```
impl Serialize for Value {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        ValueView::new(self, false).serialize(serializer)
    }
}

/// A number when it fits `i64` or `u64`, else `{"#int": "<decimal>"}`.
impl Serialize for Int {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let v = self.get();
        if let Ok(u) = u64::try_from(v) {
            serializer.serialize_u64(u)
        } else if let Ok(s) = i64::try_from(v) {
            serializer.serialize_i64(s)
        } else {
            marked(serializer, "#int", &v.to_string())
        }
    }
}

/// The text, as received.
impl Serialize for TDate {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// `YYYY-MM-DD`.
impl Serialize for FullDate {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// An object of namespace to value, in order.
impl<T: Serialize> Serialize for NameSpaces<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.len()))?;
        for (name_space, value) in self.iter() {
            map.serialize_entry(&text_key(name_space), value)?;
        }
        map.end()
    }
}

/// As [`Value`] shows tag 24, from the bytes received: `{"#6.24": <the embedded item>}`,
/// or `{"#6.24-raw": ...}` when they are not in preferred serialization.
impl<T> Serialize for TaggedCbor<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let tagged = Value::Tag(24, Box::new(Value::Bytes(self.inner_bytes().to_vec())));
        ValueView::new(&tagged, false).serialize(serializer)
    }
}

/// Serializes a typed structure as the [`Value`] of its CBOR encoding: the same JSON
/// as `mdoc inspect` shows for it, with the CDDL's keys.
pub(crate) fn as_cbor_value<T: Encode + ?Sized, S: Serializer>(
    item: &T,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    let value = Value::from_cbor_with_limits(&item.to_cbor(), &OWN_BYTES)
        .map_err(<S::Error as serde::ser::Error>::custom)?;
    value.serialize(serializer)
}

/// `Vec<(String, V)>` (element values, error codes per element or docType) as an object.
pub(crate) fn pairs<V: Serialize, S: Serializer>(
    pairs: &[(String, V)],
    serializer: S,
) -> Result<S::Ok, S::Error> {
    let mut map = serializer.serialize_map(Some(pairs.len()))?;
    for (key, value) in pairs {
        map.serialize_entry(&text_key(key), value)?;
    }
    map.end()
}

/// `Vec<(String, V)>` as an object, where a `Serialize` value is needed.
struct Pairs<'a, V>(&'a [(String, V)]);

impl<V: Serialize> Serialize for Pairs<'_, V> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        pairs(self.0, serializer)
    }
}

/// Per-namespace `Vec<(String, V)>` as `{namespace: {identifier: value}}`.
pub(crate) fn name_spaces_of_pairs<V: Serialize, S: Serializer>(
    name_spaces: &NameSpaces<Vec<(String, V)>>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    let mut map = serializer.serialize_map(Some(name_spaces.len()))?;
    for (name_space, items) in name_spaces.iter() {
        map.serialize_entry(&text_key(name_space), &Pairs(items))?;
    }
    map.end()
}

/// A list of `Vec<(String, V)>`, each as an object (`documentErrors`).
pub(crate) fn list_of_pairs<V: Serialize, S: Serializer>(
    list: &[Vec<(String, V)>],
    serializer: S,
) -> Result<S::Ok, S::Error> {
    let mut seq = serializer.serialize_seq(Some(list.len()))?;
    for item in list {
        seq.serialize_element(&Pairs(item))?;
    }
    seq.end()
}

/// `impl Serialize` through [`as_cbor_value`] for typed structures that encode.
macro_rules! serialize_as_cbor {
    ($($ty:ty),* $(,)?) => {$(
        /// The [`Value`](crate::cbor::Value) of its CBOR encoding (the CDDL's keys), in
        /// the JSON conventions of the `json` module.
        impl serde::Serialize for $ty {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                $crate::cbor::serialize::as_cbor_value(self, serializer)
            }
        }
    )*};
}
pub(crate) use serialize_as_cbor;

#[cfg(test)]
mod tests;
