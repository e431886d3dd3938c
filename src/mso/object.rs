//! `MobileSecurityObject`: digests of every element, the device key, validity.

use alloc::string::String;
use alloc::vec::Vec;

use super::item::DigestId;
use super::status::Status;
use crate::cbor::fields;
use crate::cbor::map::{array_of, encode_array, field, int_map};
use crate::cbor::name_spaces::encode_arrays;
use crate::cbor::{
    Decode, DecodeError, DecodeErrorKind, Decoder, Encode, Encoder, NameSpaces, TDate, TaggedCbor,
    TextRest, Value,
};
use crate::cose::CoseKey;

/// `MobileSecurityObjectBytes = #6.24(bstr .cbor MobileSecurityObject)`.
pub type MobileSecurityObjectBytes = TaggedCbor<MobileSecurityObject>;

/// `DigestIDs = {+ DigestID => Digest}`, in received order.
pub type DigestIds = Vec<(DigestId, Vec<u8>)>;

/// `{+ NameSpace => DigestIDs}`: the digest of every element, per namespace.
pub type ValueDigests = NameSpaces<DigestIds>;

/// `MobileSecurityObject`.
///
/// ```cddl
/// MobileSecurityObject = {"version": tstr, "digestAlgorithm": tstr,
///   "valueDigests": {+ NameSpace => {+ DigestID => Digest}}, "deviceKeyInfo": DeviceKeyInfo,
///   "docType": tstr, "validityInfo": ValidityInfo, ? "status": Status}
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct MobileSecurityObject {
    /// "1.0" (any "1.minor" decodes; verification accepts "1.0" and "1.1").
    pub version: String,
    /// "SHA-256", "SHA-384" or "SHA-512".
    pub digest_algorithm: String,
    /// Per namespace, digest of every element.
    pub value_digests: ValueDigests,
    /// The device key and what it may sign.
    pub device_key_info: DeviceKeyInfo,
    /// The document type.
    pub doc_type: String,
    /// When it was signed and for how long it is valid.
    pub validity_info: ValidityInfo,
    /// Where to check revocation (second edition).
    pub status: Option<Status>,
    /// Other entries, as received.
    pub rest: TextRest,
}

/// `DeviceKeyInfo = {"deviceKey": COSE_Key, ? "keyAuthorizations", ? "keyInfo"}`.
#[derive(Clone, Debug, PartialEq)]
pub struct DeviceKeyInfo {
    /// The key that authenticates the device.
    pub device_key: CoseKey,
    /// What the device key may sign in `DeviceSigned`.
    pub key_authorizations: Option<KeyAuthorizations>,
    /// `{+ int => any}`, as received.
    pub key_info: Option<Vec<(i64, Value)>>,
    /// Other entries, as received.
    pub rest: TextRest,
}

/// `KeyAuthorizations = {? "nameSpaces": [+ NameSpace], ? "dataElements": {+ NameSpace => [+ id]}}`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct KeyAuthorizations {
    /// Whole namespaces the device may sign.
    pub name_spaces: Option<Vec<String>>,
    /// Single elements the device may sign.
    pub data_elements: Option<NameSpaces<Vec<String>>>,
    /// Other entries, as received.
    pub rest: TextRest,
}

/// `ValidityInfo`.
#[derive(Clone, Debug, PartialEq)]
pub struct ValidityInfo {
    /// When the MSO was signed.
    pub signed: TDate,
    /// Valid from.
    pub valid_from: TDate,
    /// Valid until.
    pub valid_until: TDate,
    /// When an update is expected.
    pub expected_update: Option<TDate>,
    /// Other entries, as received.
    pub rest: TextRest,
}

impl MobileSecurityObject {
    /// The digest recorded for `digest_id` in `name_space`.
    pub fn digest(&self, name_space: &str, digest_id: DigestId) -> Option<&[u8]> {
        self.value_digests
            .get(name_space)
            .and_then(|ids| ids.iter().find(|(id, _)| *id == digest_id))
            .map(|(_, digest)| digest.as_slice())
    }
}

crate::cbor::text_map_codec! {
    MobileSecurityObject as "MobileSecurityObject" {
        version: "version" required (decode_at = |d, s, _| fields::version(d, s)),
        digest_algorithm: "digestAlgorithm" required,
        value_digests: "valueDigests" required (
            decode_at = decode_value_digests,
            encode = encode_value_digests
        ),
        device_key_info: "deviceKeyInfo" required,
        doc_type: "docType" required,
        validity_info: "validityInfo" required,
        status: "status" optional,
    }
    rest rest
}

fn decode_value_digests(
    d: &mut Decoder<'_>,
    structure: &'static str,
    name: &'static str,
) -> Result<ValueDigests, DecodeError> {
    let limit = d.limits().max_elements;
    let mut total = 0u64;
    NameSpaces::decode_non_empty(d, structure, name, |d| {
        let at = d.offset();
        let mut ids = DigestIds::new();
        let mut keys = Vec::new();
        d.map_header(|d, len| {
            total = total.saturating_add(len);
            if total > limit {
                return Err(d.error(DecodeErrorKind::TooMany {
                    what: "digests",
                    limit,
                }));
            }
            for _ in 0..len {
                let id = field::<u64>(d, "DigestIDs", "DigestID")?;
                let digest = field::<Vec<u8>>(d, "DigestIDs", "Digest")?;
                keys.push(id);
                ids.push((id, digest));
            }
            Ok(())
        })?;
        if crate::cbor::map::has_duplicates(&mut keys) {
            return Err(
                DecodeError::new(DecodeErrorKind::DuplicateKey, at).at("DigestIDs", "DigestID")
            );
        }
        if ids.is_empty() {
            return Err(DecodeError::new(
                DecodeErrorKind::InvalidValue("namespace without digests"),
                at,
            )
            .at("DigestIDs", "DigestID"));
        }
        Ok(ids)
    })
}

fn encode_value_digests(e: &mut Encoder, value_digests: &ValueDigests) {
    value_digests.encode_with(e, |e, ids| {
        e.map(ids.len());
        for (id, digest) in ids {
            e.u64(*id).bytes(digest);
        }
    });
}

crate::cbor::text_map_codec! {
    DeviceKeyInfo as "DeviceKeyInfo" {
        device_key: "deviceKey" required,
        key_authorizations: "keyAuthorizations" optional,
        key_info: "keyInfo" optional (decode = decode_key_info, encode = encode_key_info),
    }
    rest rest
}

fn decode_key_info(d: &mut Decoder<'_>) -> Result<Vec<(i64, Value)>, DecodeError> {
    let mut entries = Vec::new();
    int_map(d, "KeyInfo", |d, k| {
        entries.push((k, field(d, "KeyInfo", "(entry)")?));
        Ok(())
    })?;
    Ok(entries)
}

fn encode_key_info(e: &mut Encoder, info: &[(i64, Value)]) {
    e.map(info.len());
    for (k, v) in info {
        e.i64(*k);
        v.encode(e);
    }
}

crate::cbor::text_map_codec! {
    KeyAuthorizations as "KeyAuthorizations" {
        name_spaces: "nameSpaces" optional (
            decode = |d| array_of(d, 1, None, String::decode),
            encode = encode_array
        ),
        data_elements: "dataElements" optional (
            decode_at = decode_data_elements,
            encode = encode_arrays
        ),
    }
    rest rest
}

fn decode_data_elements(
    d: &mut Decoder<'_>,
    structure: &'static str,
    name: &'static str,
) -> Result<NameSpaces<Vec<String>>, DecodeError> {
    NameSpaces::decode_non_empty(d, structure, name, |d| array_of(d, 1, None, String::decode))
}

crate::cbor::text_map_codec! {
    ValidityInfo as "ValidityInfo" {
        signed: "signed" required,
        valid_from: "validFrom" required,
        valid_until: "validUntil" required,
        expected_update: "expectedUpdate" optional,
    }
    rest rest
}
