//! Encoding a `TBSCertificate` and signing it: the DER side of certificate generation.

use alloc::vec;
use alloc::vec::Vec;
use core::time::Duration;

use const_oid::db::rfc5912::ID_EC_PUBLIC_KEY;
use const_oid::{AssociatedOid, ObjectIdentifier};
use der::asn1::{Any, BitString, GeneralizedTime, OctetString, UtcTime};
use der::{DateTime, Encode, Tag, TagNumber};
use sha1::{Digest, Sha1};
use spki::{AlgorithmIdentifierOwned, SubjectPublicKeyInfoOwned};
use x509_cert::attr::AttributeTypeAndValue;
use x509_cert::certificate::Rfc5280;
use x509_cert::ext::Extension;
use x509_cert::ext::pkix::SubjectKeyIdentifier;
use x509_cert::name::RelativeDistinguishedName;
use x509_cert::time::{Time, Validity};

use super::asn1::{curve_oid, ecdsa_raw_to_der, sequence, tlv};
use super::certificate::Certificate;
use super::generate::GenerateError;
use crate::crypto::{CryptoProvider, EcCurve, EcPrivateKey, SignatureAlgorithm};

/// The fields of a `TBSCertificate`, each already DER (extensions as values), so tests
/// can bend any of them before signing.
#[derive(Clone, Debug)]
pub(crate) struct TbsSpec {
    /// The `version` field; `None` omits it (v1).
    pub(crate) version: Option<u8>,
    /// Content octets of the serial number INTEGER.
    pub(crate) serial: Vec<u8>,
    pub(crate) signature_oid: ObjectIdentifier,
    pub(crate) issuer: Vec<u8>,
    pub(crate) not_before: i64,
    pub(crate) not_after: i64,
    pub(crate) subject: Vec<u8>,
    pub(crate) spki: Vec<u8>,
    pub(crate) extensions: Vec<Extension>,
}

impl TbsSpec {
    pub(crate) fn encode(&self) -> Result<Vec<u8>, GenerateError> {
        let version = match self.version {
            Some(v) => tlv(TagNumber(0).context_specific(true), &[&v.to_der()?])?,
            None => Vec::new(),
        };
        // The content octets as given, so tests can write zero or negative serials.
        let serial = tlv(Tag::Integer, &[&self.serial])?;
        let algorithm = AlgorithmIdentifierOwned {
            oid: self.signature_oid,
            parameters: None,
        }
        .to_der()?;
        let validity =
            Validity::<Rfc5280>::new(time(self.not_before)?, time(self.not_after)?).to_der()?;
        let extensions = if self.extensions.is_empty() {
            Vec::new()
        } else {
            tlv(
                TagNumber(3).context_specific(true),
                &[&self.extensions.to_der()?],
            )?
        };
        Ok(sequence(&[
            &version,
            &serial,
            &algorithm,
            &self.issuer,
            &validity,
            &self.subject,
            &self.spki,
            &extensions,
        ])?)
    }
}

/// Signs `spec` with `key` (ECDSA with the curve's own digest) and parses the result.
pub(crate) fn sign(
    spec: &TbsSpec,
    provider: &dyn CryptoProvider,
    key: &EcPrivateKey,
) -> Result<Certificate, GenerateError> {
    let der = sign_der(spec, provider, key)?;
    Certificate::from_der(&der).map_err(|_| GenerateError::Encoding)
}

/// Signs `spec` with `key`; the certificate's DER, unparsed.
pub(crate) fn sign_der(
    spec: &TbsSpec,
    provider: &dyn CryptoProvider,
    key: &EcPrivateKey,
) -> Result<Vec<u8>, GenerateError> {
    let tbs = spec.encode()?;
    let alg = SignatureAlgorithm::for_curve(key.curve());
    let raw = provider.ecdsa_sign(alg, key, &tbs)?;
    certificate_der(&tbs, spec.signature_oid, &raw)
}

/// A certificate's DER: the encoded `TBSCertificate`, the signatureAlgorithm
/// `signature_oid` (no parameters) and the raw `r || s` signature, in DER.
pub(crate) fn certificate_der(
    tbs: &[u8],
    signature_oid: ObjectIdentifier,
    raw: &[u8],
) -> Result<Vec<u8>, GenerateError> {
    let signature = BitString::from_bytes(&ecdsa_raw_to_der(raw)?)?.to_der()?;
    let algorithm = AlgorithmIdentifierOwned {
        oid: signature_oid,
        parameters: None,
    }
    .to_der()?;
    Ok(sequence(&[tbs, &algorithm, &signature])?)
}

/// An extension holding the DER of `value`.
pub(crate) fn extension<T: Encode + AssociatedOid>(
    value: &T,
    critical: bool,
) -> Result<Extension, GenerateError> {
    Ok(Extension {
        extn_id: T::OID,
        critical,
        extn_value: OctetString::new(value.to_der()?)?,
    })
}

pub(crate) fn ski(public_key: &[u8]) -> Result<SubjectKeyIdentifier, GenerateError> {
    Ok(SubjectKeyIdentifier(OctetString::new(
        Sha1::digest(public_key).to_vec(),
    )?))
}

pub(crate) fn rdn(
    oid: ObjectIdentifier,
    value: Any,
) -> Result<RelativeDistinguishedName, GenerateError> {
    Ok(RelativeDistinguishedName::try_from(vec![
        AttributeTypeAndValue { oid, value },
    ])?)
}

pub(crate) fn spki(public_key: &[u8], curve: EcCurve) -> Result<Vec<u8>, GenerateError> {
    Ok(SubjectPublicKeyInfoOwned {
        algorithm: AlgorithmIdentifierOwned {
            oid: ID_EC_PUBLIC_KEY,
            parameters: Some(Any::encode_from(&curve_oid(curve))?),
        },
        subject_public_key: BitString::from_bytes(public_key)?,
    }
    .to_der()?)
}

/// UTCTime through 2049, GeneralizedTime from 2050 (RFC 5280 §4.1.2.5).
fn time(unix: i64) -> Result<Time, GenerateError> {
    let secs = u64::try_from(unix).map_err(|_| GenerateError::InvalidParams("time before 1970"))?;
    let date = DateTime::from_unix_duration(Duration::from_secs(secs))?;
    Ok(match UtcTime::from_date_time(date) {
        Ok(utc) => Time::UtcTime(utc),
        Err(_) => Time::GeneralTime(GeneralizedTime::from_date_time(date)),
    })
}
