//! `MobileSecurityObject`: digests of every element, the device key, validity.

use alloc::string::String;
use alloc::vec::Vec;

use super::item::DigestId;
use crate::cbor::map::{
    array_of, count_some, encode_text_rest, field, keep_text, required, text_map,
};
use crate::cbor::{
    Decode, DecodeError, DecodeErrorKind, Decoder, Encode, Encoder, TDate, TaggedCbor, TextRest,
    Value,
};
use crate::cose::CoseKey;
use crate::request::non_empty_text_map;

/// `MobileSecurityObjectBytes = #6.24(bstr .cbor MobileSecurityObject)`.
pub type MobileSecurityObjectBytes = TaggedCbor<MobileSecurityObject>;

/// `DigestIDs = {+ DigestID => Digest}`, in received order.
pub type DigestIds = Vec<(DigestId, Vec<u8>)>;

/// `MobileSecurityObject`.
///
/// ```cddl
/// MobileSecurityObject = {"version": tstr, "digestAlgorithm": tstr,
///   "valueDigests": {+ NameSpace => {+ DigestID => Digest}}, "deviceKeyInfo": DeviceKeyInfo,
///   "docType": tstr, "validityInfo": ValidityInfo, ? "status": Status}
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct MobileSecurityObject {
    /// "1.0" (or "1.1").
    pub version: String,
    /// "SHA-256", "SHA-384" or "SHA-512".
    pub digest_algorithm: String,
    /// Per namespace, digest of every element.
    pub value_digests: Vec<(String, DigestIds)>,
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
    pub data_elements: Option<Vec<(String, Vec<String>)>>,
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

/// `Status` (second edition): where the credential's revocation status is published.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Status {
    /// `status_list`: an index into a status list token.
    pub status_list: Option<StatusListInfo>,
    /// `identifier_list`: an identifier in an identifier list.
    pub identifier_list: Option<IdentifierListInfo>,
    /// Other mechanisms, as received.
    pub rest: TextRest,
}

/// `StatusListInfo = {"idx": uint, "uri": tstr, ? "certificate": bstr}`.
#[derive(Clone, Debug, PartialEq)]
pub struct StatusListInfo {
    /// Index of this credential in the list.
    pub idx: u64,
    /// Where the list is published.
    pub uri: String,
    /// Certificate of the list's signer.
    pub certificate: Option<Vec<u8>>,
    /// Other entries, as received.
    pub rest: TextRest,
}

/// `IdentifierListInfo = {"id": bstr, "uri": tstr, ? "certificate": bstr}`.
#[derive(Clone, Debug, PartialEq)]
pub struct IdentifierListInfo {
    /// This credential's identifier.
    pub id: Vec<u8>,
    /// Where the list is published.
    pub uri: String,
    /// Certificate of the list's signer.
    pub certificate: Option<Vec<u8>>,
    /// Other entries, as received.
    pub rest: TextRest,
}

impl MobileSecurityObject {
    /// The digest recorded for `digest_id` in `name_space`.
    pub fn digest(&self, name_space: &str, digest_id: DigestId) -> Option<&[u8]> {
        self.value_digests
            .iter()
            .find(|(ns, _)| ns == name_space)
            .and_then(|(_, ids)| ids.iter().find(|(id, _)| *id == digest_id))
            .map(|(_, digest)| digest.as_slice())
    }
}

const S: &str = "MobileSecurityObject";

fn value_digests(d: &mut Decoder<'_>) -> Result<Vec<(String, DigestIds)>, DecodeError> {
    let limit = d.limits().max_elements;
    let mut total = 0u64;
    non_empty_text_map(d, S, "valueDigests", |d| {
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

impl Decode for MobileSecurityObject {
    fn decode(d: &mut Decoder<'_>) -> Result<Self, DecodeError> {
        let at = d.offset();
        let (mut version, mut alg, mut digests, mut dki, mut doc_type, mut validity, mut status) =
            (None, None, None, None, None, None, None);
        let mut rest = TextRest::new();
        text_map(d, S, |d, k| {
            match k {
                "version" => version = Some(crate::request::version(d, S)?),
                "digestAlgorithm" => alg = Some(field(d, S, "digestAlgorithm")?),
                "valueDigests" => digests = Some(value_digests(d)?),
                "deviceKeyInfo" => dki = Some(field(d, S, "deviceKeyInfo")?),
                "docType" => doc_type = Some(field(d, S, "docType")?),
                "validityInfo" => validity = Some(field(d, S, "validityInfo")?),
                "status" => status = Some(field(d, S, "status")?),
                other => keep_text(d, &mut rest, S, other)?,
            }
            Ok(())
        })?;
        Ok(Self {
            version: required(version, S, "version", at)?,
            digest_algorithm: required(alg, S, "digestAlgorithm", at)?,
            value_digests: required(digests, S, "valueDigests", at)?,
            device_key_info: required(dki, S, "deviceKeyInfo", at)?,
            doc_type: required(doc_type, S, "docType", at)?,
            validity_info: required(validity, S, "validityInfo", at)?,
            status,
            rest,
        })
    }
}

impl Encode for MobileSecurityObject {
    fn encode(&self, e: &mut Encoder) {
        e.map(6 + count_some(&[self.status.is_some()]) + self.rest.len());
        e.text("version").text(&self.version);
        e.text("digestAlgorithm").text(&self.digest_algorithm);
        e.text("valueDigests").map(self.value_digests.len());
        for (ns, ids) in &self.value_digests {
            e.text(ns).map(ids.len());
            for (id, digest) in ids {
                e.u64(*id).bytes(digest);
            }
        }
        e.text("deviceKeyInfo");
        self.device_key_info.encode(e);
        e.text("docType").text(&self.doc_type);
        e.text("validityInfo");
        self.validity_info.encode(e);
        if let Some(status) = &self.status {
            e.text("status");
            status.encode(e);
        }
        encode_text_rest(e, &self.rest);
    }
}

impl Decode for DeviceKeyInfo {
    fn decode(d: &mut Decoder<'_>) -> Result<Self, DecodeError> {
        const S: &str = "DeviceKeyInfo";
        let at = d.offset();
        let (mut key, mut auth, mut info) = (None, None, None);
        let mut rest = TextRest::new();
        text_map(d, S, |d, k| {
            match k {
                "deviceKey" => key = Some(field(d, S, "deviceKey")?),
                "keyAuthorizations" => auth = Some(field(d, S, "keyAuthorizations")?),
                "keyInfo" => {
                    let mut entries = Vec::new();
                    crate::cbor::map::int_map(d, "KeyInfo", |d, k| {
                        entries.push((k, field(d, "KeyInfo", "(entry)")?));
                        Ok(())
                    })
                    .map_err(|e| e.at(S, "keyInfo"))?;
                    info = Some(entries);
                }
                other => keep_text(d, &mut rest, S, other)?,
            }
            Ok(())
        })?;
        Ok(Self {
            device_key: required(key, S, "deviceKey", at)?,
            key_authorizations: auth,
            key_info: info,
            rest,
        })
    }
}

impl Encode for DeviceKeyInfo {
    fn encode(&self, e: &mut Encoder) {
        let n = 1
            + count_some(&[self.key_authorizations.is_some(), self.key_info.is_some()])
            + self.rest.len();
        e.map(n);
        e.text("deviceKey");
        self.device_key.encode(e);
        if let Some(auth) = &self.key_authorizations {
            e.text("keyAuthorizations");
            auth.encode(e);
        }
        if let Some(info) = &self.key_info {
            e.text("keyInfo").map(info.len());
            for (k, v) in info {
                e.i64(*k);
                v.encode(e);
            }
        }
        encode_text_rest(e, &self.rest);
    }
}

impl Decode for KeyAuthorizations {
    fn decode(d: &mut Decoder<'_>) -> Result<Self, DecodeError> {
        const S: &str = "KeyAuthorizations";
        let mut out = KeyAuthorizations::default();
        text_map(d, S, |d, k| {
            match k {
                "nameSpaces" => {
                    out.name_spaces = Some(
                        array_of(d, 1, None, String::decode).map_err(|e| e.at(S, "nameSpaces"))?,
                    );
                }
                "dataElements" => {
                    out.data_elements = Some(non_empty_text_map(d, S, "dataElements", |d| {
                        array_of(d, 1, None, String::decode)
                    })?);
                }
                other => keep_text(d, &mut out.rest, S, other)?,
            }
            Ok(())
        })?;
        Ok(out)
    }
}

impl Encode for KeyAuthorizations {
    fn encode(&self, e: &mut Encoder) {
        e.map(
            count_some(&[self.name_spaces.is_some(), self.data_elements.is_some()])
                + self.rest.len(),
        );
        if let Some(ns) = &self.name_spaces {
            e.text("nameSpaces").array(ns.len());
            for n in ns {
                e.text(n);
            }
        }
        if let Some(de) = &self.data_elements {
            e.text("dataElements").map(de.len());
            for (ns, ids) in de {
                e.text(ns).array(ids.len());
                for id in ids {
                    e.text(id);
                }
            }
        }
        encode_text_rest(e, &self.rest);
    }
}

impl Decode for ValidityInfo {
    fn decode(d: &mut Decoder<'_>) -> Result<Self, DecodeError> {
        const S: &str = "ValidityInfo";
        let at = d.offset();
        let (mut signed, mut from, mut until, mut update) = (None, None, None, None);
        let mut rest = TextRest::new();
        text_map(d, S, |d, k| {
            match k {
                "signed" => signed = Some(field(d, S, "signed")?),
                "validFrom" => from = Some(field(d, S, "validFrom")?),
                "validUntil" => until = Some(field(d, S, "validUntil")?),
                "expectedUpdate" => update = Some(field(d, S, "expectedUpdate")?),
                other => keep_text(d, &mut rest, S, other)?,
            }
            Ok(())
        })?;
        Ok(Self {
            signed: required(signed, S, "signed", at)?,
            valid_from: required(from, S, "validFrom", at)?,
            valid_until: required(until, S, "validUntil", at)?,
            expected_update: update,
            rest,
        })
    }
}

impl Encode for ValidityInfo {
    fn encode(&self, e: &mut Encoder) {
        e.map(3 + count_some(&[self.expected_update.is_some()]) + self.rest.len());
        e.text("signed");
        self.signed.encode(e);
        e.text("validFrom");
        self.valid_from.encode(e);
        e.text("validUntil");
        self.valid_until.encode(e);
        if let Some(u) = &self.expected_update {
            e.text("expectedUpdate");
            u.encode(e);
        }
        encode_text_rest(e, &self.rest);
    }
}

/// The fields shared by both status mechanisms: `{key: T, "uri": tstr, ? "certificate": bstr}`.
struct ListInfo<T> {
    first: T,
    uri: String,
    certificate: Option<Vec<u8>>,
    rest: TextRest,
}

fn list_info<T: Decode>(
    d: &mut Decoder<'_>,
    structure: &'static str,
    key: &'static str,
) -> Result<ListInfo<T>, DecodeError> {
    let at = d.offset();
    let (mut first, mut uri, mut cert) = (None, None, None);
    let mut rest = TextRest::new();
    text_map(d, structure, |d, k| {
        if k == key {
            first = Some(field(d, structure, key)?);
        } else if k == "uri" {
            uri = Some(field(d, structure, "uri")?);
        } else if k == "certificate" {
            cert = Some(field(d, structure, "certificate")?);
        } else {
            keep_text(d, &mut rest, structure, k)?;
        }
        Ok(())
    })?;
    Ok(ListInfo {
        first: required(first, structure, key, at)?,
        uri: required(uri, structure, "uri", at)?,
        certificate: cert,
        rest,
    })
}

impl Decode for Status {
    fn decode(d: &mut Decoder<'_>) -> Result<Self, DecodeError> {
        const S: &str = "Status";
        let mut out = Status::default();
        text_map(d, S, |d, k| {
            match k {
                "status_list" => {
                    let i = list_info(d, "StatusListInfo", "idx")
                        .map_err(|e| e.at(S, "status_list"))?;
                    out.status_list = Some(StatusListInfo {
                        idx: i.first,
                        uri: i.uri,
                        certificate: i.certificate,
                        rest: i.rest,
                    });
                }
                "identifier_list" => {
                    let i = list_info(d, "IdentifierListInfo", "id")
                        .map_err(|e| e.at(S, "identifier_list"))?;
                    out.identifier_list = Some(IdentifierListInfo {
                        id: i.first,
                        uri: i.uri,
                        certificate: i.certificate,
                        rest: i.rest,
                    });
                }
                other => keep_text(d, &mut out.rest, S, other)?,
            }
            Ok(())
        })?;
        Ok(out)
    }
}

fn encode_list_info(
    e: &mut Encoder,
    key: &str,
    first: &dyn Fn(&mut Encoder),
    uri: &str,
    cert: Option<&[u8]>,
    rest: &TextRest,
) {
    e.map(2 + count_some(&[cert.is_some()]) + rest.len());
    e.text(key);
    first(e);
    e.text("uri").text(uri);
    if let Some(c) = cert {
        e.text("certificate").bytes(c);
    }
    encode_text_rest(e, rest);
}

impl Encode for Status {
    fn encode(&self, e: &mut Encoder) {
        e.map(
            count_some(&[self.status_list.is_some(), self.identifier_list.is_some()])
                + self.rest.len(),
        );
        if let Some(s) = &self.status_list {
            e.text("status_list");
            encode_list_info(
                e,
                "idx",
                &|e| {
                    e.u64(s.idx);
                },
                &s.uri,
                s.certificate.as_deref(),
                &s.rest,
            );
        }
        if let Some(s) = &self.identifier_list {
            e.text("identifier_list");
            encode_list_info(
                e,
                "id",
                &|e| {
                    e.bytes(&s.id);
                },
                &s.uri,
                s.certificate.as_deref(),
                &s.rest,
            );
        }
        encode_text_rest(e, &self.rest);
    }
}
