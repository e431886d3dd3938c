//! The VICAL (ISO/IEC 18013-5 second edition, C.1.7.1) and its `CertificateInfo`, with
//! the CBOR helpers both lists share (`biguint`, `Extensions`).

use alloc::string::String;
use alloc::vec::Vec;

use crate::cbor::fields;
use crate::cbor::map::{array_of, encode_array, encode_text_map, text_map};
use crate::cbor::{
    CborType, Decode, DecodeError, DecodeErrorKind, Decoder, Encoder, TDate, TextRest, Value,
};

/// The mDL docType, which a VICAL built without docTypes lists for each IACA.
pub const MDL_DOC_TYPE: &str = "org.iso.18013.5.1.mDL";

/// A Verified Issuer Certificate Authority List: the IACA roots a VICAL provider vouches
/// for, each with the docTypes it may be a trust point for.
///
/// Decoding is strict (types, duplicate keys, a `"1.x"` version) and keeps every key it
/// does not know in [`rest`](Self::rest), as received: the Annex H spelling `vicalURI`,
/// and keys capitalised unlike the CDDL (`Extensions`, as AAMVA writes it), stay there.
#[derive(Clone, Debug, PartialEq)]
pub struct Vical {
    /// `version`: `"1.0"`.
    pub version: String,
    /// `vicalProvider`: who compiled and signed the list.
    pub vical_provider: String,
    /// `vicalIssueID`: unique, increasing with each issue.
    pub vical_issue_id: Option<u64>,
    /// `date`: when the list was issued.
    pub date: TDate,
    /// `nextUpdate`: a newer list is expected before then.
    pub next_update: Option<TDate>,
    /// `notAfter`: the list is not valid after then (second edition).
    pub not_after: Option<TDate>,
    /// `certificateInfos`: the IACA entries.
    pub certificate_infos: Vec<CertificateInfo>,
    /// `extensions`: proprietary extensions.
    pub extensions: Option<TextRest>,
    /// `vicalURL`: where the list is published (C.1.7.1's spelling).
    pub vical_url: Option<String>,
    /// Other keys, as received.
    pub rest: TextRest,
}

/// One entry of a VICAL: an IACA certificate and what it may be used for.
#[derive(Clone, Debug, PartialEq)]
pub struct CertificateInfo {
    /// `certificate`: the DER certificate (the trust point).
    pub certificate: Vec<u8>,
    /// `serialNumber` (`biguint`): the certificate's serial, big-endian without leading
    /// zeros.
    pub serial_number: Vec<u8>,
    /// `ski`: the certificate's subject key identifier.
    pub ski: Vec<u8>,
    /// `docType`: the docTypes this certificate is a trust point for (at least one).
    pub doc_type: Vec<String>,
    /// `certificateProfile`: URNs of the certificate's intended uses.
    pub certificate_profile: Option<Vec<String>>,
    /// `issuingAuthority`.
    pub issuing_authority: Option<String>,
    /// `issuingCountry`: ISO 3166-1 or 3166-2.
    pub issuing_country: Option<String>,
    /// `stateOrProvinceName`.
    pub state_or_province_name: Option<String>,
    /// `issuer`: the certificate's issuer Name, DER.
    pub issuer: Option<Vec<u8>>,
    /// `subject`: the certificate's subject Name, DER.
    pub subject: Option<Vec<u8>>,
    /// `notBefore`: the certificate's.
    pub not_before: Option<TDate>,
    /// `notAfter`: the certificate's.
    pub not_after: Option<TDate>,
    /// `extensions`: proprietary extensions.
    pub extensions: Option<TextRest>,
    /// Other keys, as received.
    pub rest: TextRest,
}

impl Vical {
    /// A version "1.0" list by `provider`, issued at `date`, with `certificate_infos`
    /// and nothing else (set the public fields for more).
    pub fn new(provider: &str, date: TDate, certificate_infos: Vec<CertificateInfo>) -> Self {
        Self {
            version: String::from("1.0"),
            vical_provider: String::from(provider),
            vical_issue_id: None,
            date,
            next_update: None,
            not_after: None,
            certificate_infos,
            extensions: None,
            vical_url: None,
            rest: TextRest::new(),
        }
    }
}

impl CertificateInfo {
    /// An entry for `certificate` with the serial number, key identifier, names,
    /// validity, country and state taken from it, for `doc_types` (give at least one: the
    /// CDDL wants `[+ DocType]`).
    pub fn for_certificate<I, S>(certificate: &crate::x509::Certificate, doc_types: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        Self {
            certificate: certificate.der().to_vec(),
            serial_number: strip_zeros(certificate.serial()).to_vec(),
            ski: super::entries::key_identifier(certificate),
            doc_type: doc_types.into_iter().map(Into::into).collect(),
            certificate_profile: None,
            issuing_authority: None,
            issuing_country: certificate.subject_country().map(String::from),
            state_or_province_name: certificate.subject_state().map(String::from),
            issuer: Some(certificate.issuer_der().to_vec()),
            subject: Some(certificate.subject_der().to_vec()),
            not_before: TDate::from_unix_seconds(certificate.not_before()).ok(),
            not_after: TDate::from_unix_seconds(certificate.not_after()).ok(),
            extensions: None,
            rest: TextRest::new(),
        }
    }
}

/// `bytes` without leading zero octets.
pub(crate) fn strip_zeros(bytes: &[u8]) -> &[u8] {
    let start = bytes.iter().position(|b| *b != 0).unwrap_or(bytes.len());
    bytes.get(start..).unwrap_or_default()
}

/// `biguint = uint / #6.2(bstr)`, as big-endian bytes without leading zeros.
pub(crate) fn decode_biguint(d: &mut Decoder<'_>) -> Result<Vec<u8>, DecodeError> {
    match d.peek_head()?.cbor_type() {
        CborType::Unsigned => Ok(strip_zeros(&d.u64()?.to_be_bytes()).to_vec()),
        CborType::Tag => {
            d.expect_tag(2)?;
            Ok(strip_zeros(d.bytes()?).to_vec())
        }
        got => Err(d.error(DecodeErrorKind::UnexpectedType {
            expected: "biguint (uint or tag 2)",
            got,
        })),
    }
}

/// Writes a `biguint`: an integer when it fits 64 bits, else tag 2.
pub(crate) fn encode_biguint(e: &mut Encoder, bytes: &[u8]) {
    let bytes = strip_zeros(bytes);
    if bytes.len() <= 8 {
        let mut word = [0u8; 8];
        let start = 8usize.saturating_sub(bytes.len());
        if let Some(slot) = word.get_mut(start..) {
            slot.copy_from_slice(bytes);
        }
        e.u64(u64::from_be_bytes(word));
    } else {
        e.tag(2).bytes(bytes);
    }
}

/// `Extensions = { * tstr => any }`, in received order.
pub(crate) fn decode_extensions(d: &mut Decoder<'_>) -> Result<TextRest, DecodeError> {
    let mut out = TextRest::new();
    text_map(d, "Extensions", |d, key| {
        out.push((String::from(key), Value::decode(d)?));
        Ok(())
    })?;
    Ok(out)
}

pub(crate) fn encode_extensions(e: &mut Encoder, entries: &[(String, Value)]) {
    encode_text_map(e, entries);
}

/// `[+ tstr]`.
pub(crate) fn decode_texts(d: &mut Decoder<'_>) -> Result<Vec<String>, DecodeError> {
    array_of(d, 1, None, String::decode)
}

pub(crate) fn encode_texts(e: &mut Encoder, texts: &[String]) {
    encode_array(e, texts);
}

fn decode_infos(d: &mut Decoder<'_>) -> Result<Vec<CertificateInfo>, DecodeError> {
    array_of(d, 0, None, CertificateInfo::decode)
}

crate::cbor::text_map_codec! {
    Vical as "VICAL" {
        version: "version" required (decode_at = |d, s, _| fields::version(d, s)),
        vical_provider: "vicalProvider" required,
        vical_issue_id: "vicalIssueID" optional,
        date: "date" required,
        next_update: "nextUpdate" optional,
        not_after: "notAfter" optional,
        certificate_infos: "certificateInfos" required (decode = decode_infos, encode = encode_array),
        extensions: "extensions" optional (decode = decode_extensions, encode = encode_extensions),
        vical_url: "vicalURL" optional,
    }
    rest rest
}

crate::cbor::text_map_codec! {
    CertificateInfo as "CertificateInfo" {
        certificate: "certificate" required,
        serial_number: "serialNumber" required (decode = decode_biguint, encode = encode_biguint),
        ski: "ski" required,
        doc_type: "docType" required (decode = decode_texts, encode = encode_texts),
        certificate_profile: "certificateProfile" optional (decode = decode_texts, encode = encode_texts),
        issuing_authority: "issuingAuthority" optional,
        issuing_country: "issuingCountry" optional,
        state_or_province_name: "stateOrProvinceName" optional,
        issuer: "issuer" optional,
        subject: "subject" optional,
        not_before: "notBefore" optional,
        not_after: "notAfter" optional,
        extensions: "extensions" optional (decode = decode_extensions, encode = encode_extensions),
    }
    rest rest
}

/// The keys the CDDL gives a VICAL.
pub(crate) const VICAL_KEYS: &[&str] = &[
    "version",
    "vicalProvider",
    "vicalIssueID",
    "date",
    "nextUpdate",
    "notAfter",
    "certificateInfos",
    "extensions",
    "vicalURL",
];

/// The keys the CDDL gives a VICAL `CertificateInfo`.
pub(crate) const CERTIFICATE_INFO_KEYS: &[&str] = &[
    "certificate",
    "serialNumber",
    "ski",
    "docType",
    "certificateProfile",
    "issuingAuthority",
    "issuingCountry",
    "stateOrProvinceName",
    "issuer",
    "subject",
    "notBefore",
    "notAfter",
    "extensions",
];
