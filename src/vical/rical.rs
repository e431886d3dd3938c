//! The RICAL (ISO/IEC 18013-5 second edition draft, Annex F.3.2): reader CA roots; see
//! [`Rical`] for how the draft's contradictions are resolved.

use alloc::string::String;
use alloc::vec::Vec;

use super::model::{decode_biguint, decode_extensions, encode_biguint, encode_extensions};
use crate::cbor::map::{array_of, encode_array};
use crate::cbor::{Decode, DecodeError, Decoder, TDate, TextRest};

/// The `type` of a general-purpose RICAL.
pub const RICAL_TYPE_READER_AUTH: &str = "org.iso.18013.5.1.reader_authentication";

/// A Reader Identity Certificate Authority List: the CA certificates a RICAL provider
/// vouches for as trust anchors of reader authentication.
///
/// The draft contradicts itself; what this crate does where it does:
///
/// - The CDDL spells the constraints key `"trustContraints"`, the prose
///   `trustConstraints`. The CDDL's spelling is the field
///   ([`trust_contraints`](RicalCertificateInfo::trust_contraints)); the prose's is
///   kept in `rest` but read as well when deciding trust, and an entry with both is
///   refused as ambiguous.
/// - The prose requires `isTrustAnchor` (and `aki` for sub-CAs); the CDDL has neither.
///   Both stay in `rest`; an entry whose `isTrustAnchor` is `false` is not made a reader
///   root, one whose `isTrustAnchor` is not a boolean is refused.
/// - The CDDL allows an empty `certificateInfos`, the prose forbids it: decoding accepts
///   it, verification refuses it.
/// - The prose's validity rule names `RicalValidityInfo`/`issued`, which do not exist:
///   `date` is checked as the issue date (not in the future), `notAfter` must not have
///   passed, a past `nextUpdate` is a finding.
/// - No trust constraint type is defined: an entry whose constraints are not all empty
///   is not made a reader root (a constraint not understood is not satisfied, F.3.2.6),
///   with a finding.
#[derive(Clone, Debug, PartialEq)]
pub struct Rical {
    /// `version`: `"1.0"`.
    pub version: String,
    /// `provider`: who compiled and signed the list.
    pub provider: String,
    /// `date`: when the list was issued.
    pub date: TDate,
    /// `nextUpdate`.
    pub next_update: Option<TDate>,
    /// `notAfter`: the list is not valid after then.
    pub not_after: Option<TDate>,
    /// `certificateInfos`: the CA entries.
    pub certificate_infos: Vec<RicalCertificateInfo>,
    /// `id`: increases with each issue.
    pub id: Option<u64>,
    /// `latestRicalUrl`: an HTTPS URL of the latest list.
    pub latest_rical_url: Option<String>,
    /// `extensions`.
    pub extensions: Option<TextRest>,
    /// `type`: [`RICAL_TYPE_READER_AUTH`] for a general-purpose list.
    pub rical_type: String,
    /// Other keys, as received.
    pub rest: TextRest,
}

/// One entry of a RICAL.
#[derive(Clone, Debug, PartialEq)]
pub struct RicalCertificateInfo {
    /// `certificate`: the DER CA certificate.
    pub certificate: Vec<u8>,
    /// `serialNumber` (`biguint`), big-endian without leading zeros.
    pub serial_number: Vec<u8>,
    /// `ski`.
    pub ski: Vec<u8>,
    /// `type`: e.g. `urn:eu:rp:registration-certificate`.
    pub cert_type: Option<String>,
    /// `trustContraints` (the CDDL's spelling; see [`Rical`]).
    pub trust_contraints: Option<Vec<TrustConstraint>>,
    /// `name`: the CA's name.
    pub name: Option<String>,
    /// `issuingCountry`.
    pub issuing_country: Option<String>,
    /// `stateOrProvinceName`.
    pub state_or_province_name: Option<String>,
    /// `issuer`: DER Name.
    pub issuer: Option<Vec<u8>>,
    /// `subject`: DER Name.
    pub subject: Option<Vec<u8>>,
    /// `notBefore`.
    pub not_before: Option<TDate>,
    /// `notAfter`.
    pub not_after: Option<TDate>,
    /// `extensions`.
    pub extensions: Option<TextRest>,
    /// Other keys, as received (`isTrustAnchor`, `aki`, `trustConstraints`).
    pub rest: TextRest,
}

/// A condition on end-entity certificates under a RICAL entry. The draft defines none.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TrustConstraint {
    /// `extensions`: the constraint types.
    pub extensions: Option<TextRest>,
    /// Other keys, as received.
    pub rest: TextRest,
}

impl TrustConstraint {
    /// Whether the constraint says nothing (no type, no extension): trivially satisfied.
    pub fn is_empty(&self) -> bool {
        self.rest.is_empty() && self.extensions.as_ref().is_none_or(Vec::is_empty)
    }
}

impl Rical {
    /// A version "1.0" general-purpose list ([`RICAL_TYPE_READER_AUTH`]) by `provider`,
    /// issued at `date`, with `certificate_infos` and nothing else.
    pub fn new(provider: &str, date: TDate, certificate_infos: Vec<RicalCertificateInfo>) -> Self {
        Self {
            version: String::from("1.0"),
            provider: String::from(provider),
            date,
            next_update: None,
            not_after: None,
            certificate_infos,
            id: None,
            latest_rical_url: None,
            extensions: None,
            rical_type: String::from(RICAL_TYPE_READER_AUTH),
            rest: TextRest::new(),
        }
    }
}

impl RicalCertificateInfo {
    /// An entry for `certificate` with the serial number, key identifier, names and
    /// validity taken from it.
    pub fn for_certificate(certificate: &crate::x509::Certificate) -> Self {
        Self {
            certificate: certificate.der().to_vec(),
            serial_number: super::model::strip_zeros(certificate.serial()).to_vec(),
            ski: super::entries::key_identifier(certificate),
            cert_type: None,
            trust_contraints: None,
            name: certificate.subject_common_name().map(String::from),
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

fn decode_rical_infos(d: &mut Decoder<'_>) -> Result<Vec<RicalCertificateInfo>, DecodeError> {
    array_of(d, 0, None, RicalCertificateInfo::decode)
}

fn decode_constraints(d: &mut Decoder<'_>) -> Result<Vec<TrustConstraint>, DecodeError> {
    array_of(d, 1, None, TrustConstraint::decode)
}

crate::cbor::text_map_codec! {
    Rical as "RICAL" {
        version: "version" required,
        provider: "provider" required,
        date: "date" required,
        next_update: "nextUpdate" optional,
        not_after: "notAfter" optional,
        certificate_infos: "certificateInfos" required (decode = decode_rical_infos, encode = encode_array),
        id: "id" optional,
        latest_rical_url: "latestRicalUrl" optional,
        extensions: "extensions" optional (decode = decode_extensions, encode = encode_extensions),
        rical_type: "type" required,
    }
    rest rest
}

crate::cbor::text_map_codec! {
    RicalCertificateInfo as "RICALCertificateInfo" {
        certificate: "certificate" required,
        serial_number: "serialNumber" required (decode = decode_biguint, encode = encode_biguint),
        ski: "ski" required,
        cert_type: "type" optional,
        trust_contraints: "trustContraints" optional (decode = decode_constraints, encode = encode_array),
        name: "name" optional,
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

crate::cbor::text_map_codec! {
    TrustConstraint as "TrustConstraint" {
        extensions: "extensions" optional (decode = decode_extensions, encode = encode_extensions),
    }
    rest rest
}

/// The keys the CDDL gives a RICAL.
pub(crate) const RICAL_KEYS: &[&str] = &[
    "version",
    "provider",
    "date",
    "nextUpdate",
    "notAfter",
    "certificateInfos",
    "id",
    "latestRicalUrl",
    "extensions",
    "type",
];

/// The keys the CDDL gives a `RICALCertificateInfo`.
pub(crate) const RICAL_INFO_KEYS: &[&str] = &[
    "certificate",
    "serialNumber",
    "ski",
    "type",
    "trustContraints",
    "name",
    "issuingCountry",
    "stateOrProvinceName",
    "issuer",
    "subject",
    "notBefore",
    "notAfter",
    "extensions",
];
