//! A parsed X.509 v3 certificate that keeps its exact DER.

use alloc::string::{String, ToString};
use alloc::vec::Vec;
use core::fmt;

use const_oid::ObjectIdentifier;
use const_oid::db::rfc4519::{COMMON_NAME, COUNTRY_NAME, ORGANIZATION_NAME, ST};
use const_oid::db::rfc5912::ID_EC_PUBLIC_KEY;
use der::asn1::Ia5StringRef;
use der::{Decode, Reader, SliceReader, Tag, TagNumber, Tagged};
use x509_cert::Version;
use x509_cert::ext::pkix::name::DirectoryString;
use x509_cert::name::Name;

use super::CertificateError;
use super::asn1::{curve_from_oid, ecdsa_digest};
use super::extensions::ExtensionSummary;
use super::pem;
use crate::crypto::{DigestAlgorithm, EcCurve};

/// Certificates larger than this are refused unparsed (Annex B certificates are well
/// under 1 KiB).
pub const MAX_CERTIFICATE_LEN: usize = 16 * 1024;

/// A parsed X.509 certificate, keeping its exact DER.
///
/// Parsing happens once, in [`from_der`](Self::from_der); the accessors return what was
/// extracted then. Two certificates are equal when their DER is.
#[derive(Clone)]
pub struct Certificate {
    der: Vec<u8>,
    tbs: Vec<u8>,
    version: u8,
    serial: Vec<u8>,
    signature_digest: Option<DigestAlgorithm>,
    signature: Vec<u8>,
    issuer_der: Vec<u8>,
    subject_der: Vec<u8>,
    issuer: String,
    subject: String,
    common_name: Option<String>,
    country: Option<String>,
    state: Option<String>,
    organization: Option<String>,
    not_before: i64,
    not_after: i64,
    public_key: Vec<u8>,
    curve: Option<EcCurve>,
    ext: ExtensionSummary,
}

impl Certificate {
    /// Parses one DER certificate (strict DER, nothing after it).
    ///
    /// Certificates of any version and key type parse; whether they are acceptable is
    /// for [`verify_chain`](super::verify_chain) to say.
    ///
    /// # Errors
    /// [`CertificateError`] when the bytes are not a well-formed certificate, a
    /// recognised extension is malformed or repeated, or the two signature algorithm
    /// fields differ.
    pub fn from_der(der: &[u8]) -> Result<Self, CertificateError> {
        if der.len() > MAX_CERTIFICATE_LEN {
            return Err(CertificateError::TooLarge);
        }
        let cert = x509_cert::Certificate::from_der(der)
            .map_err(|_| CertificateError::Malformed("certificate"))?;
        let tbs_cert = cert.tbs_certificate();
        if cert.signature_algorithm() != tbs_cert.signature() {
            return Err(CertificateError::SignatureAlgorithmMismatch);
        }
        let (tbs, issuer_der, subject_der) =
            raw_parts(der).map_err(|_| CertificateError::Malformed("certificate"))?;

        let sig_alg = cert.signature_algorithm();
        let signature_digest = ecdsa_digest(&sig_alg.oid).filter(|_| sig_alg.parameters.is_none());
        let signature = cert
            .signature()
            .as_bytes()
            .ok_or(CertificateError::Malformed("signatureValue"))?
            .to_vec();

        let spki = tbs_cert.subject_public_key_info();
        let public_key = spki
            .subject_public_key
            .as_bytes()
            .ok_or(CertificateError::Malformed("subjectPublicKey"))?
            .to_vec();
        let curve = if spki.algorithm.oid == ID_EC_PUBLIC_KEY {
            spki.algorithm
                .parameters
                .as_ref()
                .and_then(|p| p.decode_as::<ObjectIdentifier>().ok())
                .and_then(|oid| curve_from_oid(&oid))
        } else {
            None
        };

        let validity = tbs_cert.validity();
        let not_before = unix_seconds(validity.not_before)?;
        let not_after = unix_seconds(validity.not_after)?;

        let subject_name = tbs_cert.subject();
        let ext = ExtensionSummary::parse(tbs_cert.extensions().map_or(&[], |e| e.as_slice()))?;

        Ok(Self {
            der: der.to_vec(),
            tbs: tbs.to_vec(),
            version: match tbs_cert.version() {
                Version::V1 => 1,
                Version::V2 => 2,
                Version::V3 => 3,
            },
            serial: tbs_cert.serial_number().as_bytes().to_vec(),
            signature_digest,
            signature,
            issuer_der: issuer_der.to_vec(),
            subject_der: subject_der.to_vec(),
            issuer: tbs_cert.issuer().to_string(),
            subject: subject_name.to_string(),
            common_name: attribute(subject_name, COMMON_NAME)?,
            country: attribute(subject_name, COUNTRY_NAME)?,
            state: attribute(subject_name, ST)?,
            organization: attribute(subject_name, ORGANIZATION_NAME)?,
            not_before,
            not_after,
            public_key,
            curve,
            ext,
        })
    }

    /// Parses every `CERTIFICATE` block of PEM text, in order; other blocks (keys,
    /// parameters) and text between blocks are skipped.
    ///
    /// # Errors
    /// [`CertificateError::Pem`] for malformed PEM, [`CertificateError::NoCertificate`]
    /// when there is no `CERTIFICATE` block, or the first certificate's parse error.
    pub fn from_pem(pem_text: &str) -> Result<Vec<Self>, CertificateError> {
        let blocks = pem::blocks(pem_text).map_err(|e| CertificateError::Pem(e.what()))?;
        let certs = blocks
            .iter()
            .filter(|b| b.label == "CERTIFICATE")
            .map(|b| Self::from_der(&b.der))
            .collect::<Result<Vec<_>, _>>()?;
        if certs.is_empty() {
            return Err(CertificateError::NoCertificate);
        }
        Ok(certs)
    }

    /// The certificate as one PEM `CERTIFICATE` block.
    pub fn to_pem(&self) -> String {
        pem::encode("CERTIFICATE", &self.der)
    }

    /// The exact DER it was parsed from.
    pub fn der(&self) -> &[u8] {
        &self.der
    }

    /// The exact DER of the `tbsCertificate`, which the signature covers.
    pub fn tbs_der(&self) -> &[u8] {
        &self.tbs
    }

    /// The X.509 version: 1, 2 or 3.
    pub fn version(&self) -> u8 {
        self.version
    }

    /// The serial number: the content octets of the DER INTEGER (two's complement, as
    /// encoded; a positive number with its top bit set keeps its leading zero).
    pub fn serial(&self) -> &[u8] {
        &self.serial
    }

    /// The subject public key: for EC keys the SEC1 point.
    pub fn public_key(&self) -> &[u8] {
        &self.public_key
    }

    /// The curve of an `id-ecPublicKey` key with a supported named curve; `None` for
    /// any other key.
    pub fn curve(&self) -> Option<EcCurve> {
        self.curve
    }

    /// The digest of the certificate's signature algorithm when it is
    /// `ecdsa-with-SHA256/384/512` (without parameters); `None` for any other.
    pub fn signature_digest(&self) -> Option<DigestAlgorithm> {
        self.signature_digest
    }

    /// The signature value (for ECDSA, a DER `Ecdsa-Sig-Value`).
    pub fn signature(&self) -> &[u8] {
        &self.signature
    }

    /// `notBefore`, in seconds since the Unix epoch.
    pub fn not_before(&self) -> i64 {
        self.not_before
    }

    /// `notAfter`, in seconds since the Unix epoch.
    pub fn not_after(&self) -> i64 {
        self.not_after
    }

    /// The subject's first common name (`CN`).
    pub fn subject_common_name(&self) -> Option<&str> {
        self.common_name.as_deref()
    }

    /// The subject's first country (`C`).
    pub fn subject_country(&self) -> Option<&str> {
        self.country.as_deref()
    }

    /// The subject's first state or province (`ST`).
    pub fn subject_state(&self) -> Option<&str> {
        self.state.as_deref()
    }

    /// The subject's first organization (`O`).
    pub fn subject_organization(&self) -> Option<&str> {
        self.organization.as_deref()
    }

    /// The subject as an RFC 4514 string, for display.
    pub fn subject(&self) -> &str {
        &self.subject
    }

    /// The issuer as an RFC 4514 string, for display.
    pub fn issuer(&self) -> &str {
        &self.issuer
    }

    /// The exact DER of the subject name (names are matched byte for byte).
    pub fn subject_der(&self) -> &[u8] {
        &self.subject_der
    }

    /// The exact DER of the issuer name.
    pub fn issuer_der(&self) -> &[u8] {
        &self.issuer_der
    }

    /// Whether issuer and subject are the same name.
    pub fn is_self_issued(&self) -> bool {
        self.issuer_der == self.subject_der
    }

    /// The subjectKeyIdentifier, if present.
    pub fn subject_key_identifier(&self) -> Option<&[u8]> {
        self.ext.subject_key_id.as_deref()
    }

    /// The authorityKeyIdentifier's `keyIdentifier`, if present.
    pub fn authority_key_identifier(&self) -> Option<&[u8]> {
        self.ext.authority_key_id.as_deref()
    }

    pub(crate) fn extensions(&self) -> &ExtensionSummary {
        &self.ext
    }
}

impl PartialEq for Certificate {
    fn eq(&self, other: &Self) -> bool {
        self.der == other.der
    }
}

impl Eq for Certificate {}

impl fmt::Debug for Certificate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Certificate")
            .field("subject", &self.subject)
            .field("issuer", &self.issuer)
            .field("not_before", &self.not_before)
            .field("not_after", &self.not_after)
            .finish_non_exhaustive()
    }
}

/// Borrowed exact bytes: `tbsCertificate`, issuer name, subject name.
type RawParts<'a> = (&'a [u8], &'a [u8], &'a [u8]);

/// The exact bytes of the `tbsCertificate`, issuer and subject inside `der`.
fn raw_parts(der: &[u8]) -> Result<RawParts<'_>, der::Error> {
    let mut reader = SliceReader::new(der)?;
    let tbs = reader.sequence(|outer| {
        let tbs = outer.tlv_bytes()?;
        outer.tlv_bytes()?; // signatureAlgorithm
        outer.tlv_bytes()?; // signatureValue
        Ok::<_, der::Error>(tbs)
    })?;
    reader.finish()?;
    let mut reader = SliceReader::new(tbs)?;
    let (issuer, subject) = reader.sequence(|fields| {
        if Tag::peek(fields)? == TagNumber(0).context_specific(true) {
            fields.tlv_bytes()?; // version
        }
        fields.tlv_bytes()?; // serialNumber
        fields.tlv_bytes()?; // signature
        let issuer = fields.tlv_bytes()?;
        fields.tlv_bytes()?; // validity
        let subject = fields.tlv_bytes()?;
        // The rest (key, unique ids, extensions): each step consumes at least a header.
        while !fields.is_finished() {
            fields.tlv_bytes()?;
        }
        Ok::<_, der::Error>((issuer, subject))
    })?;
    Ok((tbs, issuer, subject))
}

fn unix_seconds(time: x509_cert::time::Time) -> Result<i64, CertificateError> {
    i64::try_from(time.to_unix_duration().as_secs())
        .map_err(|_| CertificateError::Malformed("validity"))
}

/// The first attribute `oid` of `name` as text (any directory string type, or IA5).
fn attribute(name: &Name, oid: ObjectIdentifier) -> Result<Option<String>, CertificateError> {
    let Some(atv) = name.iter().find(|atv| atv.oid == oid) else {
        return Ok(None);
    };
    let bad = |_| CertificateError::Malformed("subject attribute");
    if atv.value.tag() == Tag::Ia5String {
        let s: Ia5StringRef<'_> = atv.value.decode_as().map_err(bad)?;
        return Ok(Some(s.as_str().to_string()));
    }
    let s: DirectoryString = atv.value.decode_as().map_err(bad)?;
    Ok(Some(s.value().into_owned()))
}
