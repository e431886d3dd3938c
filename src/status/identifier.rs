//! The identifier list (ISO 18013-5 2nd edition 12.3.6.4): the identifiers of revoked
//! MSOs, each with an (today empty) `IdentifierInfo`.

use alloc::string::String;
use alloc::vec::Vec;
use core::cmp::Ordering;

use crate::cbor::map::{encode_label_rest, label_map};
use crate::cbor::{
    Decode, DecodeError, DecodeErrorKind, Decoder, Encode, Encoder, LabelRest, TextRest, Value,
};

/// `IdentifierInfo = { * (tstr / int) => RFU }`: what the list says about one identifier
/// (nothing yet: an empty map), kept as received.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct IdentifierInfo {
    /// The entries, as received.
    pub entries: LabelRest,
}

impl Decode for IdentifierInfo {
    fn decode(d: &mut Decoder<'_>) -> Result<Self, DecodeError> {
        let mut entries = LabelRest::new();
        label_map(d, "IdentifierInfo", |d, key| {
            entries.push((key, Value::decode(d)?));
            Ok(())
        })?;
        Ok(Self { entries })
    }
}

impl Encode for IdentifierInfo {
    fn encode(&self, e: &mut Encoder) {
        e.map(self.entries.len());
        encode_label_rest(e, &self.entries);
    }
}

/// `IdentifierList = {"identifiers": {* Identifier => IdentifierInfo}, ? "aggregation_uri":
/// tstr, * tstr => RFU}`, `Identifier = bstr` (ISO 18013-5 2nd edition 12.3.6.4): an MSO
/// whose status names an identifier present here is revoked.
///
/// Identifiers are kept in the order of their CBOR encoding (shorter first, then byte
/// order), the deterministic order encoding writes them in, so that a lookup is a binary
/// search; duplicates are rejected when decoding and ignored when inserting.
///
/// ```
/// use iso18013::cbor::{Decode, Encode};
/// use iso18013::status::IdentifierList;
///
/// let mut list = IdentifierList::new();
/// list.insert(vec![0xab, 0xcd]);
/// list.insert(vec![0xcc, 0xcc]);
/// assert!(list.contains(&[0xcc, 0xcc]));
/// assert!(list.remove(&[0xcc, 0xcc]));
/// assert!(!list.contains(&[0xcc, 0xcc]));
/// let again = IdentifierList::from_cbor(&list.to_cbor())?;
/// assert_eq!(again, list);
/// # Ok::<(), iso18013::cbor::DecodeError>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq)]
pub struct IdentifierList {
    identifiers: Vec<(Vec<u8>, IdentifierInfo)>,
    /// Where the issuer lists all its identifier lists.
    pub aggregation_uri: Option<String>,
    /// Other entries, as received.
    pub rest: TextRest,
}

/// The order of bstr keys' deterministic encodings: by length, then bytes.
fn key_order(a: &[u8], b: &[u8]) -> Ordering {
    a.len().cmp(&b.len()).then_with(|| a.cmp(b))
}

impl IdentifierList {
    /// An empty list.
    pub fn new() -> Self {
        Self::default()
    }

    fn find(&self, id: &[u8]) -> Result<usize, usize> {
        self.identifiers
            .binary_search_by(|(key, _)| key_order(key, id))
    }

    /// Whether `id` is listed (its MSO is revoked).
    pub fn contains(&self, id: &[u8]) -> bool {
        self.find(id).is_ok()
    }

    /// Lists `id` with an empty `IdentifierInfo`; whether it was new.
    pub fn insert(&mut self, id: Vec<u8>) -> bool {
        self.insert_with(id, IdentifierInfo::default())
    }

    /// Lists `id` with `info` (replacing the info of an `id` already listed); whether it
    /// was new.
    pub fn insert_with(&mut self, id: Vec<u8>, info: IdentifierInfo) -> bool {
        match self.find(&id) {
            Ok(at) => {
                if let Some(slot) = self.identifiers.get_mut(at) {
                    slot.1 = info;
                }
                false
            }
            Err(at) => {
                self.identifiers.insert(at, (id, info));
                true
            }
        }
    }

    /// Removes `id`; whether it was listed.
    pub fn remove(&mut self, id: &[u8]) -> bool {
        match self.find(id) {
            Ok(at) => {
                self.identifiers.remove(at);
                true
            }
            Err(_) => false,
        }
    }

    /// The identifiers with their info, in encoding order.
    pub fn identifiers(&self) -> impl ExactSizeIterator<Item = (&[u8], &IdentifierInfo)> {
        self.identifiers
            .iter()
            .map(|(id, info)| (id.as_slice(), info))
    }

    /// How many identifiers are listed.
    pub fn len(&self) -> usize {
        self.identifiers.len()
    }

    /// Whether none is.
    pub fn is_empty(&self) -> bool {
        self.identifiers.is_empty()
    }
}

const S: &str = "IdentifierList";

/// `{* bstr => IdentifierInfo}`, sorted, duplicates rejected.
fn decode_identifiers(d: &mut Decoder<'_>) -> Result<Vec<(Vec<u8>, IdentifierInfo)>, DecodeError> {
    let start = d.offset();
    let mut entries = d.map_header(|d, len| {
        let mut entries = Vec::new();
        for _ in 0..len {
            let id = d
                .bytes()
                .map_err(|e| e.at(S, "identifiers (key)"))?
                .to_vec();
            entries.push((id, IdentifierInfo::decode(d)?));
        }
        Ok(entries)
    })?;
    entries.sort_by(|a, b| key_order(&a.0, &b.0));
    if entries.windows(2).any(|w| match w {
        [a, b] => a.0 == b.0,
        _ => false,
    }) {
        return Err(DecodeError::new(DecodeErrorKind::DuplicateKey, start));
    }
    Ok(entries)
}

fn encode_identifiers(e: &mut Encoder, entries: &[(Vec<u8>, IdentifierInfo)]) {
    e.map(entries.len());
    for (id, info) in entries {
        e.bytes(id);
        info.encode(e);
    }
}

crate::cbor::text_map_codec! {
    IdentifierList as "IdentifierList" {
        identifiers: "identifiers" required (decode = decode_identifiers, encode = encode_identifiers),
        aggregation_uri: "aggregation_uri" optional,
    }
    rest rest
}
