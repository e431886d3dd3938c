//! Recognising which ISO 18013-5 structure a byte string holds.

use alloc::vec::Vec;
use core::fmt;

use crate::cbor::TaggedCbor;
use crate::cbor::{Decode, DecodeError, Limits, Value};
use crate::cose::{CoseKey, CoseMac0, CoseSign1};
use crate::doctype::mdl::DrivingPrivileges;
use crate::engagement::DeviceEngagement;
use crate::mso::{IssuerAuth, IssuerSigned, IssuerSignedItem, MobileSecurityObject};
use crate::request::{DeviceRequest, ItemsRequest, ReaderAuthentication};
use crate::response::{
    DeviceAuth, DeviceAuthentication, DeviceNameSpacesMap, DeviceResponse, DeviceSigned, Document,
};
use crate::session::{SessionData, SessionEstablishment, SessionTranscript};

/// The structures [`identify`] recognises.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
#[allow(missing_docs)] // Each variant is the standard's CDDL name.
pub enum Structure {
    DeviceEngagement,
    SessionEstablishment,
    SessionData,
    SessionTranscript,
    DeviceRequest,
    ItemsRequest,
    ReaderAuthentication,
    DeviceResponse,
    Document,
    IssuerSigned,
    IssuerSignedItem,
    IssuerAuth,
    MobileSecurityObject,
    DeviceSigned,
    DeviceNameSpaces,
    DeviceAuth,
    DeviceAuthentication,
    CoseSign1,
    CoseMac0,
    CoseKey,
    DrivingPrivileges,
    /// Well-formed CBOR that is none of the above.
    Other,
}

/// What [`identify`] found.
#[derive(Clone, Debug, PartialEq)]
pub struct Identified {
    /// The structure.
    pub structure: Structure,
    /// Whether it came wrapped in tag 24 (`...Bytes`, e.g. `MobileSecurityObjectBytes`).
    pub embedded: bool,
    /// The whole item as an open value.
    pub value: Value,
}

impl fmt::Display for Identified {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.structure {
            Structure::Other => f.write_str("unrecognised CBOR"),
            s => write!(f, "{s:?}{}", if self.embedded { "Bytes" } else { "" }),
        }
    }
}

fn has(entries: &[(Value, Value)], key: &str) -> bool {
    entries.iter().any(|(k, _)| k.as_text() == Some(key))
}

fn has_int(entries: &[(Value, Value)], key: i128) -> bool {
    entries.iter().any(|(k, _)| k.as_int() == Some(key))
}

/// Guesses the structure from the value's shape alone.
fn shape(value: &Value) -> Structure {
    match value {
        Value::Map(m) if has(m, "docRequests") => Structure::DeviceRequest,
        Value::Map(m) if has(m, "documents") || has(m, "documentErrors") => {
            Structure::DeviceResponse
        }
        Value::Map(m) if has(m, "version") && has(m, "status") => Structure::DeviceResponse,
        Value::Map(m) if has(m, "eReaderKey") => Structure::SessionEstablishment,
        Value::Map(m) if has(m, "issuerSigned") => Structure::Document,
        Value::Map(m) if has(m, "docType") && has(m, "nameSpaces") => Structure::ItemsRequest,
        Value::Map(m) if has(m, "issuerAuth") => Structure::IssuerSigned,
        Value::Map(m) if has(m, "digestID") || has(m, "elementIdentifier") => {
            Structure::IssuerSignedItem
        }
        Value::Map(m) if has(m, "valueDigests") || has(m, "digestAlgorithm") => {
            Structure::MobileSecurityObject
        }
        Value::Map(m) if has(m, "deviceAuth") => Structure::DeviceSigned,
        Value::Map(m) if has(m, "deviceMac") || has(m, "deviceSignature") => Structure::DeviceAuth,
        Value::Map(m) if has(m, "data") || has(m, "status") => Structure::SessionData,
        Value::Map(m) if has_int(m, 0) && has_int(m, 1) => Structure::DeviceEngagement,
        Value::Map(m) if has_int(m, 1) && has_int(m, -1) => Structure::CoseKey,
        Value::Map(m)
            if m.iter().all(|(_, v)| matches!(v, Value::Map(_)))
                && m.iter().all(|(k, _)| k.as_text().is_some()) =>
        {
            Structure::DeviceNameSpaces
        }
        Value::Tag(18, _) => Structure::CoseSign1,
        Value::Tag(17, _) => Structure::CoseMac0,
        Value::Array(items) => match items.as_slice() {
            [Value::Text(t), ..] if t == "ReaderAuthentication" => Structure::ReaderAuthentication,
            [Value::Text(t), ..] if t == "DeviceAuthentication" => Structure::DeviceAuthentication,
            [a, b, _] if is_tag24_or_null(a) && is_tag24_or_null(b) => Structure::SessionTranscript,
            [
                Value::Bytes(protected),
                Value::Map(_),
                payload,
                Value::Bytes(_),
            ] => {
                if matches!(payload, Value::Bytes(p) if p.starts_with(&[0xd8, 0x18])) {
                    Structure::IssuerAuth
                } else if is_mac_alg(protected) {
                    Structure::CoseMac0
                } else {
                    Structure::CoseSign1
                }
            }
            [Value::Map(first), ..] if has(first, "vehicle_category_code") => {
                Structure::DrivingPrivileges
            }
            _ => Structure::Other,
        },
        _ => Structure::Other,
    }
}

fn is_tag24_or_null(v: &Value) -> bool {
    matches!(v, Value::Null | Value::Tag(24, _))
}

/// Whether a protected header names a MAC algorithm (HMAC 256/64, 256/256, 384, 512).
fn is_mac_alg(protected: &[u8]) -> bool {
    let Ok(Value::Map(m)) = Value::from_cbor(protected) else {
        return false;
    };
    m.iter()
        .any(|(k, v)| k.as_int() == Some(1) && matches!(v.as_int(), Some(4..=7)))
}

fn check<T: Decode>(bytes: &[u8], limits: &Limits) -> Result<(), DecodeError> {
    T::from_cbor_with_limits(bytes, limits).map(drop)
}

fn check_structure(
    structure: Structure,
    embedded: bool,
    bytes: &[u8],
    limits: &Limits,
) -> Result<(), DecodeError> {
    macro_rules! typed {
        ($t:ty) => {
            if embedded {
                check::<TaggedCbor<$t>>(bytes, limits)
            } else {
                check::<$t>(bytes, limits)
            }
        };
    }
    match structure {
        Structure::DeviceEngagement => typed!(DeviceEngagement),
        Structure::SessionEstablishment => typed!(SessionEstablishment),
        Structure::SessionData => typed!(SessionData),
        Structure::SessionTranscript => typed!(SessionTranscript),
        Structure::DeviceRequest => typed!(DeviceRequest),
        Structure::ItemsRequest => typed!(ItemsRequest),
        Structure::ReaderAuthentication => typed!(ReaderAuthentication),
        Structure::DeviceResponse => typed!(DeviceResponse),
        Structure::Document => typed!(Document),
        Structure::IssuerSigned => typed!(IssuerSigned),
        Structure::IssuerSignedItem => typed!(IssuerSignedItem),
        Structure::IssuerAuth => typed!(IssuerAuth),
        Structure::MobileSecurityObject => typed!(MobileSecurityObject),
        Structure::DeviceSigned => typed!(DeviceSigned),
        Structure::DeviceNameSpaces => typed!(DeviceNameSpacesMap),
        Structure::DeviceAuth => typed!(DeviceAuth),
        Structure::DeviceAuthentication => typed!(DeviceAuthentication),
        Structure::CoseSign1 => typed!(CoseSign1),
        Structure::CoseMac0 => typed!(CoseMac0),
        Structure::CoseKey => typed!(CoseKey),
        Structure::DrivingPrivileges => typed!(DrivingPrivileges),
        Structure::Other => Ok(()),
    }
}

/// Decodes `bytes` strictly, recognises the ISO 18013-5 structure they hold by its shape,
/// and checks them with that structure's typed decoder.
///
/// ```
/// use iso18013::inspect::{identify, Structure};
/// // SessionData {"status": 20}: session termination.
/// let found = identify(&[0xa1, 0x66, b's', b't', b'a', b't', b'u', b's', 0x14]).unwrap();
/// assert_eq!(found.structure, Structure::SessionData);
/// assert!(identify(&[0xa1, 0x66, b's', b't', b'a', b't', b'u', b's']).is_err());
/// ```
///
/// # Errors
/// When the bytes are not exactly one well-formed CBOR item within the default limits, or
/// are shaped like a structure but fail its typed decoding (the error names the field).
pub fn identify(bytes: &[u8]) -> Result<Identified, DecodeError> {
    identify_with_limits(bytes, &Limits::DEFAULT)
}

/// [`identify`] under the given limits.
///
/// # Errors
/// As [`identify`].
pub fn identify_with_limits(bytes: &[u8], limits: &Limits) -> Result<Identified, DecodeError> {
    let value = Value::from_cbor_with_limits(bytes, limits)?;
    let (structure, embedded) = match &value {
        Value::Tag(24, inner) => {
            let inner_bytes: Vec<u8> = inner.as_bytes().map(<[u8]>::to_vec).unwrap_or_default();
            // Already checked well-formed by the strict decode above.
            let inner_value = Value::from_cbor_with_limits(&inner_bytes, limits)?;
            (shape(&inner_value), true)
        }
        other => (shape(other), false),
    };
    check_structure(structure, embedded, bytes, limits)?;
    Ok(Identified {
        structure,
        embedded,
        value,
    })
}
