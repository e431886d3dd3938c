//! EC private keys in PEM: PKCS#8 `PRIVATE KEY` (RFC 5958, what `@auth0/mdl`,
//! `@owf/mdoc`, pymdoccbor and isomdl write) and SEC1 `EC PRIVATE KEY` (RFC 5915, what
//! `openssl ecparam -genkey` writes). Every intermediate buffer zeroizes on drop.

use alloc::string::String;
use alloc::vec;
use alloc::vec::Vec;
use core::fmt;

use const_oid::ObjectIdentifier;
use const_oid::db::rfc5912::ID_EC_PUBLIC_KEY;
use der::asn1::{AnyRef, OctetStringRef};
use der::{Decode, Encode, Reader, SliceReader, Tag, TagMode, TagNumber};
use spki::AlgorithmIdentifierRef;
use zeroize::Zeroizing;

use super::asn1::{curve_from_oid, curve_oid, sequence, tlv};
use super::pem;
use crate::crypto::{EcCurve, EcPrivateKey};

/// Why a private key could not be read or written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum KeyError {
    /// The PEM text is malformed (the message says how).
    Pem(&'static str),
    /// The PEM text holds no `PRIVATE KEY` or `EC PRIVATE KEY` block.
    NoKey,
    /// Not well-formed DER for the named structure.
    Malformed(&'static str),
    /// Not an EC key on P-256, P-384 or P-521, or the curve is not named.
    UnsupportedKey,
    /// The scalar is zero or too long for its curve.
    InvalidKey,
}

impl fmt::Display for KeyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Self::Pem(why) => write!(f, "PEM: {why}"),
            Self::NoKey => f.write_str("no PRIVATE KEY or EC PRIVATE KEY block in the PEM text"),
            Self::Malformed(what) => write!(f, "malformed {what}"),
            Self::UnsupportedKey => f.write_str("not an EC P-256, P-384 or P-521 key"),
            Self::InvalidKey => f.write_str("invalid private key scalar"),
        }
    }
}

impl core::error::Error for KeyError {}

const PKCS8_LABEL: &str = "PRIVATE KEY";
const SEC1_LABEL: &str = "EC PRIVATE KEY";

/// Reads the first `PRIVATE KEY` (PKCS#8) or `EC PRIVATE KEY` (SEC1) block of PEM text.
///
/// # Errors
/// [`KeyError`] for malformed PEM or DER, a missing key, or a key not on a supported
/// curve.
pub fn ec_private_key_from_pem(pem_text: &str) -> Result<EcPrivateKey, KeyError> {
    let blocks = pem::blocks(pem_text).map_err(|e| KeyError::Pem(e.what()))?;
    let block = blocks
        .iter()
        .find(|b| b.label == PKCS8_LABEL || b.label == SEC1_LABEL)
        .ok_or(KeyError::NoKey)?;
    if block.label == PKCS8_LABEL {
        ec_private_key_from_pkcs8(&block.der)
    } else {
        ec_private_key_from_sec1(&block.der, None)
    }
}

/// Reads a DER PKCS#8 `PrivateKeyInfo` (or `OneAsymmetricKey`) holding an EC key.
///
/// # Errors
/// [`KeyError`] for malformed DER or a key not on a supported curve.
pub fn ec_private_key_from_pkcs8(der: &[u8]) -> Result<EcPrivateKey, KeyError> {
    let bad = |_| KeyError::Malformed("PrivateKeyInfo");
    let mut reader = SliceReader::new(der).map_err(bad)?;
    let (curve_oid, inner) = reader
        .sequence(|r| {
            let version = u8::decode(r)?;
            let algorithm = AlgorithmIdentifierRef::decode(r)?;
            let private_key = <&OctetStringRef>::decode(r)?;
            // attributes [0], publicKey [1]: not needed. Each step consumes a header.
            while !r.is_finished() {
                r.tlv_bytes()?;
            }
            Ok::<_, der::Error>((version, algorithm, private_key.as_bytes()))
        })
        .map_err(bad)
        .and_then(|(version, algorithm, inner)| {
            if version > 1 || algorithm.oid != ID_EC_PUBLIC_KEY {
                return Err(KeyError::UnsupportedKey);
            }
            let params: Option<AnyRef<'_>> = algorithm.parameters;
            let oid = params
                .and_then(|p| p.decode_as::<ObjectIdentifier>().ok())
                .ok_or(KeyError::UnsupportedKey)?;
            Ok((oid, inner))
        })?;
    reader.finish().map_err(bad)?;
    let curve = curve_from_oid(&curve_oid).ok_or(KeyError::UnsupportedKey)?;
    ec_private_key_from_sec1(inner, Some(curve))
}

/// Reads a DER SEC1 `ECPrivateKey`. `curve` is the curve named outside it (PKCS#8); the
/// key's own `parameters`, when present, must agree.
///
/// # Errors
/// [`KeyError`] for malformed DER, an unnamed or unsupported curve, or a bad scalar.
pub fn ec_private_key_from_sec1(
    der: &[u8],
    curve: Option<EcCurve>,
) -> Result<EcPrivateKey, KeyError> {
    let bad = |_| KeyError::Malformed("ECPrivateKey");
    let mut reader = SliceReader::new(der).map_err(bad)?;
    let (version, scalar, params) = reader
        .sequence(|r| {
            let version = u8::decode(r)?;
            let scalar = <&OctetStringRef>::decode(r)?.as_bytes();
            let params = r.context_specific::<ObjectIdentifier>(TagNumber(0), TagMode::Explicit)?;
            // publicKey [1]: derived from the scalar when needed.
            while !r.is_finished() {
                r.tlv_bytes()?;
            }
            Ok::<_, der::Error>((version, scalar, params))
        })
        .map_err(bad)?;
    reader.finish().map_err(bad)?;
    if version != 1 {
        return Err(KeyError::Malformed("ECPrivateKey"));
    }
    let own = params
        .map(|oid| curve_from_oid(&oid).ok_or(KeyError::UnsupportedKey))
        .transpose()?;
    let curve = match (curve, own) {
        (Some(outer), Some(inner)) if outer != inner => return Err(KeyError::UnsupportedKey),
        (Some(c), _) | (None, Some(c)) => c,
        (None, None) => return Err(KeyError::UnsupportedKey),
    };
    // Some encoders drop leading zero octets of the scalar: pad back to the field size.
    let n = curve.field_len();
    let pad = n.checked_sub(scalar.len()).ok_or(KeyError::InvalidKey)?;
    let mut full = Zeroizing::new(vec![0u8; n]);
    full.get_mut(pad..)
        .ok_or(KeyError::InvalidKey)?
        .copy_from_slice(scalar);
    EcPrivateKey::from_scalar(curve, &full).map_err(|_| KeyError::InvalidKey)
}

/// `key` as PKCS#8 PEM (`PRIVATE KEY`), the inner SEC1 structure carrying `public_key`
/// (the SEC1 point, as [`CryptoProvider::ec_public_key`](crate::crypto::CryptoProvider::ec_public_key)
/// gives it) and no parameters, as the interop libraries write it.
///
/// # Errors
/// [`KeyError::Malformed`] if encoding fails (it does not for keys this crate makes).
pub fn ec_private_key_to_pem(
    key: &EcPrivateKey,
    public_key: &[u8],
) -> Result<Zeroizing<String>, KeyError> {
    let der = ec_private_key_to_pkcs8(key, public_key)?;
    Ok(Zeroizing::new(pem::encode(PKCS8_LABEL, &der)))
}

/// `key` as DER PKCS#8 `PrivateKeyInfo` (see [`ec_private_key_to_pem`]).
///
/// # Errors
/// [`KeyError::Malformed`] if encoding fails.
pub fn ec_private_key_to_pkcs8(
    key: &EcPrivateKey,
    public_key: &[u8],
) -> Result<Zeroizing<Vec<u8>>, KeyError> {
    let bad = |_| KeyError::Malformed("PrivateKeyInfo");
    let z = |v: Vec<u8>| Zeroizing::new(v);
    let one = 1u8.to_der().map_err(bad)?;
    let zero = 0u8.to_der().map_err(bad)?;
    let scalar = z(tlv(Tag::OctetString, &[key.expose_scalar()]).map_err(bad)?);
    let bits = [&[0u8][..], public_key].concat();
    let point = tlv(Tag::BitString, &[&bits]).map_err(bad)?;
    let point = tlv(TagNumber(1).context_specific(true), &[&point]).map_err(bad)?;
    let sec1 = z(sequence(&[&one, &scalar, &point]).map_err(bad)?);
    let wrapped = z(tlv(Tag::OctetString, &[&sec1]).map_err(bad)?);
    let algorithm = sequence(&[
        &ID_EC_PUBLIC_KEY.to_der().map_err(bad)?,
        &curve_oid(key.curve()).to_der().map_err(bad)?,
    ])
    .map_err(bad)?;
    Ok(z(sequence(&[&zero, &algorithm, &wrapped]).map_err(bad)?))
}

const SPKI_LABEL: &str = "PUBLIC KEY";

/// An EC public key (SEC1 point on `curve`) as SubjectPublicKeyInfo PEM (`PUBLIC KEY`).
///
/// # Errors
/// [`KeyError::Malformed`] if the point does not fit the curve.
pub fn ec_public_key_to_pem(curve: EcCurve, point: &[u8]) -> Result<String, KeyError> {
    let der =
        super::tbs::spki(point, curve).map_err(|_| KeyError::Malformed("SubjectPublicKeyInfo"))?;
    Ok(pem::encode(SPKI_LABEL, &der))
}

/// Reads the first `PUBLIC KEY` block of PEM text: an EC key on a named NIST curve.
/// Returns the curve and the SEC1 point (whether the point is on the curve is checked when
/// the key is used).
///
/// # Errors
/// [`KeyError`] for malformed PEM or DER, a missing key, or a key not on a supported curve.
pub fn ec_public_key_from_pem(pem_text: &str) -> Result<(EcCurve, Vec<u8>), KeyError> {
    let blocks = pem::blocks(pem_text).map_err(|e| KeyError::Pem(e.what()))?;
    let block = blocks
        .iter()
        .find(|b| b.label == SPKI_LABEL)
        .ok_or(KeyError::NoKey)?;
    let info = spki::SubjectPublicKeyInfoRef::from_der(&block.der)
        .map_err(|_| KeyError::Malformed("SubjectPublicKeyInfo"))?;
    if info.algorithm.oid != ID_EC_PUBLIC_KEY {
        return Err(KeyError::UnsupportedKey);
    }
    let curve = info
        .algorithm
        .parameters
        .and_then(|p| p.decode_as::<ObjectIdentifier>().ok())
        .and_then(|oid| curve_from_oid(&oid))
        .ok_or(KeyError::UnsupportedKey)?;
    let point = info
        .subject_public_key
        .as_bytes()
        .ok_or(KeyError::Malformed("SubjectPublicKeyInfo"))?;
    Ok((curve, point.to_vec()))
}
