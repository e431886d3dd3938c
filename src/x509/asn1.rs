//! DER helpers: writing TLVs from already encoded parts, and the ECDSA signature forms
//! (X.509's DER `Ecdsa-Sig-Value` against the providers' raw `r || s`).

use alloc::vec::Vec;

use const_oid::ObjectIdentifier;
use const_oid::db::rfc5912::{
    ECDSA_WITH_SHA_256, ECDSA_WITH_SHA_384, ECDSA_WITH_SHA_512, SECP_256_R_1, SECP_384_R_1,
    SECP_521_R_1,
};
use der::{Encode, Header, Length, Tag};

use crate::crypto::{DigestAlgorithm, EcCurve};

/// A TLV with `tag` whose value is the concatenation of `parts`.
pub(crate) fn tlv(tag: Tag, parts: &[&[u8]]) -> Result<Vec<u8>, der::Error> {
    let len: usize = parts.iter().map(|p| p.len()).sum();
    let header = Header::new(tag, Length::try_from(len)?);
    let mut out = Vec::with_capacity(len.saturating_add(6));
    header.encode_to_vec(&mut out)?;
    for part in parts {
        out.extend_from_slice(part);
    }
    Ok(out)
}

/// A `SEQUENCE` of `parts`.
pub(crate) fn sequence(parts: &[&[u8]]) -> Result<Vec<u8>, der::Error> {
    tlv(Tag::Sequence, parts)
}

/// The signature algorithms of Annex B: ECDSA with a SHA-2 digest. The digest comes
/// from the OID; the curve from the signer's key.
pub(crate) fn ecdsa_digest(oid: &ObjectIdentifier) -> Option<DigestAlgorithm> {
    match *oid {
        ECDSA_WITH_SHA_256 => Some(DigestAlgorithm::Sha256),
        ECDSA_WITH_SHA_384 => Some(DigestAlgorithm::Sha384),
        ECDSA_WITH_SHA_512 => Some(DigestAlgorithm::Sha512),
        _ => None,
    }
}

/// The `ecdsa-with-SHA*` OID for `digest`.
pub(crate) fn ecdsa_oid(digest: DigestAlgorithm) -> ObjectIdentifier {
    match digest {
        DigestAlgorithm::Sha256 => ECDSA_WITH_SHA_256,
        DigestAlgorithm::Sha384 => ECDSA_WITH_SHA_384,
        DigestAlgorithm::Sha512 => ECDSA_WITH_SHA_512,
    }
}

/// The curve a named-curve OID names, if supported.
pub(crate) fn curve_from_oid(oid: &ObjectIdentifier) -> Option<EcCurve> {
    match *oid {
        SECP_256_R_1 => Some(EcCurve::P256),
        SECP_384_R_1 => Some(EcCurve::P384),
        SECP_521_R_1 => Some(EcCurve::P521),
        _ => None,
    }
}

/// The named-curve OID of `curve`.
pub(crate) fn curve_oid(curve: EcCurve) -> ObjectIdentifier {
    match curve {
        EcCurve::P256 => SECP_256_R_1,
        EcCurve::P384 => SECP_384_R_1,
        EcCurve::P521 => SECP_521_R_1,
    }
}

/// Converts raw `r || s` (two equal halves) to DER `Ecdsa-Sig-Value`.
pub(crate) use crate::crypto::ecdsa_der::ecdsa_raw_to_der;
