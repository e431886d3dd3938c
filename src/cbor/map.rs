//! Map helpers for the typed structures: keys checked for type and uniqueness.

use alloc::string::String;
use alloc::vec::Vec;

use super::decoder::Decoder;
use super::error::{DecodeError, DecodeErrorKind};
use super::value::Value;
use super::{Decode, Encode, Encoder};

/// A COSE-style map label: an integer or a text string.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Label {
    /// An integer label.
    Int(i64),
    /// A text label.
    Text(String),
}

impl Decode for Label {
    fn decode(d: &mut Decoder<'_>) -> Result<Self, DecodeError> {
        match d.peek_head()?.cbor_type() {
            super::CborType::Text => Ok(Label::Text(String::from(d.text()?))),
            super::CborType::Unsigned | super::CborType::Negative => Ok(Label::Int(d.i64()?)),
            got => Err(d.error(DecodeErrorKind::UnexpectedType {
                expected: "integer or text label",
                got,
            })),
        }
    }
}

impl Encode for Label {
    fn encode(&self, e: &mut Encoder) {
        match self {
            Label::Int(i) => e.i64(*i),
            Label::Text(t) => e.text(t),
        };
    }
}

/// Whether `keys` holds a value twice (sorting them: n log n whatever the count).
pub(crate) fn has_duplicates<K: Ord>(keys: &mut [K]) -> bool {
    keys.sort_unstable();
    keys.windows(2).any(|w| w.first() == w.get(1))
}

fn check_unique<K: Ord>(keys: &mut [K], offset: usize) -> Result<(), DecodeError> {
    if has_duplicates(keys) {
        Err(DecodeError::new(DecodeErrorKind::DuplicateKey, offset))
    } else {
        Ok(())
    }
}

/// Maps up to this many entries are checked for duplicate keys on the stack, each key
/// against those before it; larger ones by sorting a vector of their keys.
pub(crate) const SMALL_MAP: usize = 16;

/// The keys of one map seen so far, for duplicate detection without allocating for the
/// small maps that most messages are made of.
struct SeenKeys<K> {
    small: [K; SMALL_MAP],
    len: usize,
    large: Vec<K>,
}

impl<K: Ord + Copy + Default> SeenKeys<K> {
    fn new() -> Self {
        Self {
            small: [K::default(); SMALL_MAP],
            len: 0,
            large: Vec::new(),
        }
    }

    /// Adds `key`; `Err` at once when a small map repeats it.
    fn add(&mut self, key: K, offset: usize) -> Result<(), DecodeError> {
        if self.len < SMALL_MAP {
            let seen = self.small.get(..self.len).unwrap_or_default();
            if seen.contains(&key) {
                return Err(DecodeError::new(DecodeErrorKind::DuplicateKey, offset));
            }
            if let Some(slot) = self.small.get_mut(self.len) {
                *slot = key;
            }
        } else {
            if self.large.is_empty() {
                self.large.extend_from_slice(&self.small);
            }
            self.large.push(key);
        }
        self.len = self.len.saturating_add(1);
        Ok(())
    }

    /// Checks the keys of a large map, once all are in.
    fn finish(mut self, offset: usize) -> Result<(), DecodeError> {
        check_unique(&mut self.large, offset)
    }
}

/// Reads a map with text keys, calling `entry` for each key with the decoder positioned
/// at its value. Rejects non-text and duplicate keys.
pub(crate) fn text_map<'a>(
    d: &mut Decoder<'a>,
    structure: &'static str,
    mut entry: impl FnMut(&mut Decoder<'a>, &'a str) -> Result<(), DecodeError>,
) -> Result<(), DecodeError> {
    let start = d.offset();
    d.map_header(|d, len| {
        let mut keys = SeenKeys::<&str>::new();
        for _ in 0..len {
            let key = d.text().map_err(|e| e.at(structure, "(map key)"))?;
            keys.add(key, start)
                .map_err(|e| e.at(structure, "(map key)"))?;
            entry(d, key)?;
        }
        keys.finish(start).map_err(|e| e.at(structure, "(map key)"))
    })
}

/// Reads a map with integer or text keys (COSE labels), as [`text_map`] does.
pub(crate) fn label_map<'a>(
    d: &mut Decoder<'a>,
    structure: &'static str,
    mut entry: impl FnMut(&mut Decoder<'a>, Label) -> Result<(), DecodeError>,
) -> Result<(), DecodeError> {
    let start = d.offset();
    d.map_header(|d, len| {
        let mut keys = Vec::new();
        for _ in 0..len {
            let key = Label::decode(d).map_err(|e| e.at(structure, "(map key)"))?;
            keys.push(key.clone());
            entry(d, key)?;
        }
        check_unique(&mut keys, start).map_err(|e| e.at(structure, "(map key)"))
    })
}

/// Reads a map with integer keys only, as [`text_map`] does.
pub(crate) fn int_map<'a>(
    d: &mut Decoder<'a>,
    structure: &'static str,
    mut entry: impl FnMut(&mut Decoder<'a>, i64) -> Result<(), DecodeError>,
) -> Result<(), DecodeError> {
    let start = d.offset();
    d.map_header(|d, len| {
        let mut keys = SeenKeys::<i64>::new();
        for _ in 0..len {
            let key = d.i64().map_err(|e| e.at(structure, "(map key)"))?;
            keys.add(key, start)
                .map_err(|e| e.at(structure, "(map key)"))?;
            entry(d, key)?;
        }
        keys.finish(start).map_err(|e| e.at(structure, "(map key)"))
    })
}

/// Reads an array, decoding each element with `item`; `min` is the fewest allowed
/// (1 for the CDDL `[+ T]`), `limit` the most (from the [`Limits`](super::Limits)).
pub(crate) fn array_of<'a, T>(
    d: &mut Decoder<'a>,
    min: u64,
    limit: Option<(u64, &'static str)>,
    mut item: impl FnMut(&mut Decoder<'a>) -> Result<T, DecodeError>,
) -> Result<Vec<T>, DecodeError> {
    let start = d.offset();
    d.array(|d, len| {
        if len < min {
            return Err(DecodeError::new(
                DecodeErrorKind::InvalidValue("array has fewer elements than required"),
                start,
            ));
        }
        if let Some((limit, what)) = limit
            && len > limit
        {
            return Err(DecodeError::new(
                DecodeErrorKind::TooMany { what, limit },
                start,
            ));
        }
        let mut out = Vec::new();
        for _ in 0..len {
            out.push(item(d)?);
        }
        Ok(out)
    })
}

/// Decodes a field's value, naming the structure and field in any error.
pub(crate) fn field<T: Decode>(
    d: &mut Decoder<'_>,
    structure: &'static str,
    name: &'static str,
) -> Result<T, DecodeError> {
    T::decode(d).map_err(|e| e.at(structure, name))
}

/// Fails with [`DecodeErrorKind::MissingField`] if a required field was not seen.
pub(crate) fn required<T>(
    slot: Option<T>,
    structure: &'static str,
    name: &'static str,
    map_offset: usize,
) -> Result<T, DecodeError> {
    slot.ok_or_else(|| {
        DecodeError::new(DecodeErrorKind::MissingField, map_offset).at(structure, name)
    })
}

/// Unknown text-keyed entries of a structure, kept for forward compatibility.
pub type TextRest = Vec<(String, Value)>;

/// Unknown label-keyed entries of a structure, kept for forward compatibility.
pub type LabelRest = Vec<(Label, Value)>;

/// Decodes an unknown entry's value and keeps it.
pub(crate) fn keep_text(
    d: &mut Decoder<'_>,
    rest: &mut TextRest,
    structure: &'static str,
    key: &str,
) -> Result<(), DecodeError> {
    let v = field::<Value>(d, structure, "(unknown field)")?;
    rest.push((String::from(key), v));
    Ok(())
}

/// Writes unknown text-keyed entries back.
pub(crate) fn encode_text_rest(e: &mut Encoder, rest: &TextRest) {
    for (k, v) in rest {
        e.text(k);
        v.encode(e);
    }
}

/// Writes unknown label-keyed entries back.
pub(crate) fn encode_label_rest(e: &mut Encoder, rest: &LabelRest) {
    for (k, v) in rest {
        k.encode(e);
        v.encode(e);
    }
}

/// Counts the `Some` among optional fields, for map heads.
pub(crate) fn count_some(present: &[bool]) -> usize {
    present.iter().filter(|p| **p).count()
}

/// Decodes a field's value with `decode`, naming the structure and field in any error
/// (as [`field`] does for `T::decode`).
pub(crate) fn decode_with<'a, T>(
    d: &mut Decoder<'a>,
    structure: &'static str,
    name: &'static str,
    decode: impl FnOnce(&mut Decoder<'a>) -> Result<T, DecodeError>,
) -> Result<T, DecodeError> {
    decode(d).map_err(|e| e.at(structure, name))
}

/// Decodes a field's value with `decode`, which names the structure and field itself.
pub(crate) fn decode_at<'a, T>(
    d: &mut Decoder<'a>,
    structure: &'static str,
    name: &'static str,
    decode: impl FnOnce(&mut Decoder<'a>, &'static str, &'static str) -> Result<T, DecodeError>,
) -> Result<T, DecodeError> {
    decode(d, structure, name)
}

/// The error for a key that a structure without a catch-all does not know.
// Only `reject unknown` structs call it: none in the crate yet outside the macro's tests.
#[cfg_attr(not(test), allow(dead_code))]
pub(crate) fn unknown_key(d: &Decoder<'_>, structure: &'static str) -> DecodeError {
    d.error(DecodeErrorKind::InvalidValue("unknown map key"))
        .at(structure, "(map key)")
}

/// Decodes `{+ tstr => T}` (at least one entry) in received order.
pub(crate) fn non_empty_text_map<T>(
    d: &mut Decoder<'_>,
    structure: &'static str,
    name: &'static str,
    mut value: impl FnMut(&mut Decoder<'_>) -> Result<T, DecodeError>,
) -> Result<Vec<(String, T)>, DecodeError> {
    let at = d.offset();
    let mut out = Vec::new();
    text_map(d, structure, |d, k| {
        out.push((String::from(k), value(d)?));
        Ok(())
    })
    .map_err(|e| e.at(structure, name))?;
    require_entries(out.len(), at, structure, name, ONE_ENTRY_OR_MORE)?;
    Ok(out)
}

/// The message of an empty `{+ ...}` map.
const ONE_ENTRY_OR_MORE: &str = "empty map where one entry or more is required";

/// Fails with `message`, at the map's offset `at` and named `structure.name`, when a map
/// that must hold an entry has none.
pub(crate) fn require_entries(
    len: usize,
    at: usize,
    structure: &'static str,
    name: &'static str,
    message: &'static str,
) -> Result<(), DecodeError> {
    if len > 0 {
        return Ok(());
    }
    Err(DecodeError::new(DecodeErrorKind::InvalidValue(message), at).at(structure, name))
}

/// Writes `[* T]`.
pub(crate) fn encode_array<T: Encode>(e: &mut Encoder, items: &[T]) {
    e.array(items.len());
    for item in items {
        item.encode(e);
    }
}

/// Writes `{* tstr => T}` in the order given.
pub(crate) fn encode_text_map<T: Encode>(e: &mut Encoder, entries: &[(String, T)]) {
    e.map(entries.len());
    for (k, v) in entries {
        e.text(k);
        v.encode(e);
    }
}
