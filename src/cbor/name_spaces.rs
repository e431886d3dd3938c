//! [`NameSpaces`]: what an mdoc holds per namespace, in order, each namespace once.

use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;
use core::ops::Deref;

use super::decoder::Decoder;
use super::error::{DecodeError, DecodeErrorKind};
use super::map::{
    array_of, encode_array, encode_text_map, non_empty_text_map, require_entries, text_map,
};
use super::{Decode, Encode, Encoder};

/// An insertion-ordered map from namespace to `T`, each namespace at most once: the shape
/// of every `{* NameSpace => ...}` of ISO 18013-5 (issuer-signed items, device-signed
/// elements, value digests, requested elements, error codes, a selection to disclose).
///
/// Lookups ([`get`](Self::get), [`entry`](Self::entry)) compare names one by one: an mdoc
/// has a handful of namespaces, where a scan beats any index. Building one from a list
/// ([`TryFrom`], [`try_from_iter`](Self::try_from_iter)) checks for duplicates by
/// sorting, so an attacker's long list costs n log n.
///
/// It dereferences to the slice of its `(namespace, value)` entries, so reading code
/// (`iter`, `len`, `first`, slice patterns) works as on the list it replaces; only
/// [`insert`](Self::insert), [`entry`](Self::entry) and [`get_mut`](Self::get_mut) change
/// it, and none can add a namespace twice.
///
/// As CBOR it is a map with text keys, written in insertion order; decoding rejects a
/// repeated namespace ([`DuplicateKey`](DecodeErrorKind::DuplicateKey)).
///
/// ```
/// use iso18013::cbor::{Decode, Encode, NameSpaces};
///
/// let mut requested: NameSpaces<Vec<String>> = NameSpaces::new();
/// requested.entry("org.iso.18013.5.1").push("family_name".into());
/// requested.entry("org.iso.18013.5.1").push("age_over_18".into());
/// assert!(requested.insert("org.iso.18013.5.1".into(), Vec::new()).is_err());
/// assert_eq!(requested.get("org.iso.18013.5.1").map(Vec::len), Some(2));
///
/// let counts = NameSpaces::try_from(vec![("a".to_string(), 1u64), ("b".to_string(), 2)])?;
/// let bytes = counts.to_cbor(); // {"a": 1, "b": 2}
/// assert_eq!(NameSpaces::<u64>::from_cbor(&bytes)?, counts);
/// # Ok::<(), Box<dyn core::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct NameSpaces<T> {
    entries: Vec<(String, T)>,
}

/// A namespace given twice where each may appear once (see [`NameSpaces::insert`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DuplicateNameSpace {
    name_space: String,
}

impl DuplicateNameSpace {
    /// The namespace given twice.
    pub fn name_space(&self) -> &str {
        &self.name_space
    }
}

impl fmt::Display for DuplicateNameSpace {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "namespace {:?} given twice", self.name_space)
    }
}

impl core::error::Error for DuplicateNameSpace {}

impl<T> NameSpaces<T> {
    /// An empty map.
    pub const fn new() -> Self {
        Self {
            entries: Vec::new(),
        }
    }

    /// Builds a map from `(namespace, value)` pairs, keeping their order.
    ///
    /// # Errors
    /// [`DuplicateNameSpace`] naming a namespace that appears twice.
    pub fn try_from_iter(
        entries: impl IntoIterator<Item = (String, T)>,
    ) -> Result<Self, DuplicateNameSpace> {
        Self::try_from(entries.into_iter().collect::<Vec<_>>())
    }

    fn position(&self, name_space: &str) -> Option<usize> {
        self.entries.iter().position(|(n, _)| n == name_space)
    }

    /// The value of `name_space`.
    pub fn get(&self, name_space: &str) -> Option<&T> {
        self.entries
            .iter()
            .find(|(n, _)| n == name_space)
            .map(|(_, v)| v)
    }

    /// The value of `name_space`, to change.
    pub fn get_mut(&mut self, name_space: &str) -> Option<&mut T> {
        self.entries
            .iter_mut()
            .find(|(n, _)| n == name_space)
            .map(|(_, v)| v)
    }

    /// Whether `name_space` is present.
    pub fn contains(&self, name_space: &str) -> bool {
        self.position(name_space).is_some()
    }

    /// The value of `name_space`, added at the end as `T::default()` if absent.
    pub fn entry(&mut self, name_space: &str) -> &mut T
    where
        T: Default,
    {
        let i = match self.position(name_space) {
            Some(i) => i,
            None => {
                self.entries.push((String::from(name_space), T::default()));
                self.entries.len().saturating_sub(1)
            }
        };
        // safe: `i` was found by `position`, or is the index of the entry just pushed.
        #[allow(clippy::indexing_slicing)]
        &mut self.entries[i].1
    }

    /// Adds `name_space` at the end.
    ///
    /// # Errors
    /// [`DuplicateNameSpace`] if it is already present (the map is then unchanged).
    pub fn insert(&mut self, name_space: String, value: T) -> Result<(), DuplicateNameSpace> {
        if self.contains(&name_space) {
            return Err(DuplicateNameSpace { name_space });
        }
        self.entries.push((name_space, value));
        Ok(())
    }

    /// Removes `name_space`, keeping the order of the others, and returns its value.
    pub fn remove(&mut self, name_space: &str) -> Option<T> {
        let i = self.position(name_space)?;
        Some(self.entries.remove(i).1)
    }

    /// The namespaces, in order.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.entries.iter().map(|(n, _)| n.as_str())
    }

    /// The `(namespace, value)` entries, in order.
    pub fn iter(&self) -> core::slice::Iter<'_, (String, T)> {
        self.entries.iter()
    }

    /// The entries in order, each value to change (the names stay as they are).
    pub fn iter_mut(&mut self) -> NameSpacesIterMut<'_, T> {
        let f: fn(&mut (String, T)) -> (&str, &mut T) = name_and_value;
        self.entries.iter_mut().map(f)
    }

    /// Keeps the namespaces for which `keep` holds, in order.
    pub fn retain(&mut self, mut keep: impl FnMut(&str, &mut T) -> bool) {
        self.entries.retain_mut(|(n, v)| keep(n, v));
    }

    /// The number of namespaces.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether there is no namespace.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The entries as a slice.
    pub fn as_slice(&self) -> &[(String, T)] {
        &self.entries
    }

    /// The entries as a list, in order.
    pub fn into_vec(self) -> Vec<(String, T)> {
        self.entries
    }

    /// A map of the same namespaces, in the same order, each value mapped by `f`, leaving
    /// out those for which it returns `None`.
    pub fn filter_map<U>(&self, mut f: impl FnMut(&str, &T) -> Option<U>) -> NameSpaces<U> {
        NameSpaces {
            entries: self
                .entries
                .iter()
                .filter_map(|(n, v)| f(n, v).map(|u| (n.clone(), u)))
                .collect(),
        }
    }

    /// A map of the same namespaces, in the same order, each value mapped by `f`.
    pub fn map<U>(self, mut f: impl FnMut(&str, T) -> U) -> NameSpaces<U> {
        NameSpaces {
            entries: self
                .entries
                .into_iter()
                .map(|(n, v)| {
                    let u = f(&n, v);
                    (n, u)
                })
                .collect(),
        }
    }

    /// Adds an entry whose name the caller knows to be new (a decoder whose map reader
    /// has rejected duplicate keys).
    fn push_unchecked(&mut self, name_space: &str, value: T) {
        self.entries.push((String::from(name_space), value));
    }
}

impl<T> Default for NameSpaces<T> {
    fn default() -> Self {
        Self::new()
    }
}

impl<T> Deref for NameSpaces<T> {
    type Target = [(String, T)];

    fn deref(&self) -> &[(String, T)] {
        &self.entries
    }
}

impl<T> AsRef<[(String, T)]> for NameSpaces<T> {
    fn as_ref(&self) -> &[(String, T)] {
        &self.entries
    }
}

impl<T> TryFrom<Vec<(String, T)>> for NameSpaces<T> {
    type Error = DuplicateNameSpace;

    /// Keeps the list's order; a repeated namespace is found by sorting the names.
    fn try_from(entries: Vec<(String, T)>) -> Result<Self, DuplicateNameSpace> {
        let mut names: Vec<&str> = entries.iter().map(|(n, _)| n.as_str()).collect();
        names.sort_unstable();
        let repeated = names
            .windows(2)
            .find_map(|w| match w {
                [a, b] if a == b => Some(*a),
                _ => None,
            })
            .map(String::from);
        match repeated {
            Some(name_space) => Err(DuplicateNameSpace { name_space }),
            None => Ok(Self { entries }),
        }
    }
}

/// A map of one namespace (which cannot be a duplicate).
impl<T> From<(String, T)> for NameSpaces<T> {
    fn from(entry: (String, T)) -> Self {
        Self {
            entries: alloc::vec![entry],
        }
    }
}

impl<T> From<NameSpaces<T>> for Vec<(String, T)> {
    fn from(map: NameSpaces<T>) -> Self {
        map.entries
    }
}

impl<T> IntoIterator for NameSpaces<T> {
    type Item = (String, T);
    type IntoIter = alloc::vec::IntoIter<(String, T)>;

    fn into_iter(self) -> Self::IntoIter {
        self.entries.into_iter()
    }
}

/// The iterator of [`NameSpaces::iter_mut`]: each name, and its value to change.
pub type NameSpacesIterMut<'a, T> = core::iter::Map<
    core::slice::IterMut<'a, (String, T)>,
    fn(&'a mut (String, T)) -> (&'a str, &'a mut T),
>;

fn name_and_value<T>((name, value): &mut (String, T)) -> (&str, &mut T) {
    (name.as_str(), value)
}

impl<'a, T> IntoIterator for &'a mut NameSpaces<T> {
    type Item = (&'a str, &'a mut T);
    type IntoIter = NameSpacesIterMut<'a, T>;

    fn into_iter(self) -> Self::IntoIter {
        self.iter_mut()
    }
}

impl<'a, T> IntoIterator for &'a NameSpaces<T> {
    type Item = &'a (String, T);
    type IntoIter = core::slice::Iter<'a, (String, T)>;

    fn into_iter(self) -> Self::IntoIter {
        self.entries.iter()
    }
}

/// `{* NameSpace => T}`: text keys, each once (a repeated one is
/// [`DuplicateKey`](DecodeErrorKind::DuplicateKey) at the map's offset, named
/// `NameSpaces.(map key)`), in received order.
impl<T: Decode> Decode for NameSpaces<T> {
    fn decode(d: &mut Decoder<'_>) -> Result<Self, DecodeError> {
        Self::decode_each(d, "NameSpaces", T::decode)
    }
}

/// A map with text keys in insertion order, each value in preferred serialization.
impl<T: Encode> Encode for NameSpaces<T> {
    fn encode(&self, e: &mut Encoder) {
        self.encode_with(e, |e, v| v.encode(e));
    }
}

/// The decoders and encoders the typed structures plug into
/// [`text_map_codec!`](super::text_map_codec) (`decode_at =`, `encode =`).
impl<T> NameSpaces<T> {
    /// Reads `{* NameSpace => T}`, each value with `value`; keys as
    /// [`text_map`] checks them, named `structure.(map key)`.
    pub(crate) fn decode_each<'a>(
        d: &mut Decoder<'a>,
        structure: &'static str,
        mut value: impl FnMut(&mut Decoder<'a>) -> Result<T, DecodeError>,
    ) -> Result<Self, DecodeError> {
        let mut out = Self::new();
        text_map(d, structure, |d, ns| {
            let v = value(d)?;
            out.push_unchecked(ns, v);
            Ok(())
        })?;
        Ok(out)
    }

    /// Reads `{+ NameSpace => T}` (at least one entry) as field `name` of `structure`.
    pub(crate) fn decode_non_empty(
        d: &mut Decoder<'_>,
        structure: &'static str,
        name: &'static str,
        value: impl FnMut(&mut Decoder<'_>) -> Result<T, DecodeError>,
    ) -> Result<Self, DecodeError> {
        // `text_map` has refused duplicate namespaces already.
        let entries = non_empty_text_map(d, structure, name, value)?;
        Ok(Self { entries })
    }

    /// Writes the map in insertion order, each value with `value`.
    pub(crate) fn encode_with(&self, e: &mut Encoder, mut value: impl FnMut(&mut Encoder, &T)) {
        e.map(self.entries.len());
        for (ns, v) in &self.entries {
            e.text(ns);
            value(e, v);
        }
    }
}

impl<T> NameSpaces<Vec<T>> {
    /// Reads `{+ NameSpace => [+ T]}` as field `name` of `structure`, with at most
    /// [`Limits::max_elements`](super::Limits::max_elements) items in all namespaces
    /// together (and in any one array, before reading it).
    pub(crate) fn decode_items(
        d: &mut Decoder<'_>,
        structure: &'static str,
        name: &'static str,
        mut item: impl FnMut(&mut Decoder<'_>) -> Result<T, DecodeError>,
    ) -> Result<Self, DecodeError> {
        let at = d.offset();
        let limit = d.limits().max_elements;
        let mut total = 0u64;
        let out = Self::decode_each(d, structure, |d| {
            let items = array_of(d, 1, Some((limit, "data elements")), &mut item)?;
            total = total.saturating_add(u64::try_from(items.len()).unwrap_or(u64::MAX));
            if total > limit {
                return Err(d.error(DecodeErrorKind::TooMany {
                    what: "data elements in one document",
                    limit,
                }));
            }
            Ok(items)
        })
        .map_err(|e| e.at(structure, name))?;
        require_entries(
            out.len(),
            at,
            structure,
            name,
            "empty map where one namespace or more is required",
        )?;
        Ok(out)
    }
}

/// Writes `{* NameSpace => [* T]}`.
pub(crate) fn encode_arrays<T: Encode>(e: &mut Encoder, map: &NameSpaces<Vec<T>>) {
    map.encode_with(e, |e, items| encode_array(e, items));
}

/// Writes `{* NameSpace => {* tstr => T}}`.
pub(crate) fn encode_text_maps<T: Encode>(e: &mut Encoder, map: &NameSpaces<Vec<(String, T)>>) {
    map.encode_with(e, |e, entries| encode_text_map(e, entries));
}

#[cfg(test)]
mod tests;
