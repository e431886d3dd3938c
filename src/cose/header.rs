//! COSE header maps (RFC 9052 §3), protected ones with their exact bytes.

use alloc::vec::Vec;

use coset::iana::{EnumI64 as _, HeaderParameter};

use crate::cbor::map::{array_of, count_some, encode_label_rest, field, label_map};
use crate::cbor::{
    Decode, DecodeError, DecodeErrorKind, Decoder, Encode, Encoder, Label, LabelRest, Value,
};

/// `x5chain` (label 33, RFC 9360): one certificate as a byte string, or several as an array.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum X5Chain {
    /// A single DER certificate.
    Single(Vec<u8>),
    /// DER certificates, leaf first (the array form; some peers use it for one certificate).
    Array(Vec<Vec<u8>>),
}

impl X5Chain {
    /// The DER certificates, leaf first.
    pub fn certificates(&self) -> impl Iterator<Item = &[u8]> {
        let (single, many) = match self {
            Self::Single(c) => (Some(c.as_slice()), &[][..]),
            Self::Array(v) => (None, v.as_slice()),
        };
        single.into_iter().chain(many.iter().map(Vec::as_slice))
    }
}

/// Something odd but tolerated in a received header: reported, never fatal.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum HeaderFinding {
    /// An unprotected `kid` (label 4) that is not a byte string: `@auth0/mdl` writes
    /// `undefined` when the key has no id. The value is kept in [`Header::rest`].
    IllTypedUnprotectedKid,
}

/// A COSE header map with the parameters ISO 18013-5 uses decoded, and the rest kept.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Header {
    /// `alg` (1).
    pub alg: Option<Label>,
    /// `crit` (2).
    pub crit: Option<Vec<Label>>,
    /// `content type` (3).
    pub content_type: Option<Label>,
    /// `kid` (4).
    pub kid: Option<Vec<u8>>,
    /// `x5chain` (33).
    pub x5chain: Option<X5Chain>,
    /// Other parameters as received (IV, partial IV, countersignatures, private use).
    pub rest: LabelRest,
    /// What was tolerated while decoding.
    pub findings: Vec<HeaderFinding>,
}

const S: &str = "COSE header";

impl Header {
    /// Decodes a header map. `protected` decides whether an ill-typed `kid` is an error
    /// (it is signed there) or a finding.
    ///
    /// # Errors
    /// When the map is malformed or a known parameter has the wrong type.
    pub fn decode_map(d: &mut Decoder<'_>, protected: bool) -> Result<Self, DecodeError> {
        let mut h = Header::default();
        let max_certs = d.limits().max_certificates;
        label_map(d, S, |d, key| {
            match parameter(&key) {
                Some(HeaderParameter::Alg) => h.alg = Some(field(d, S, "alg")?),
                Some(HeaderParameter::Crit) => {
                    h.crit =
                        Some(array_of(d, 1, None, Label::decode).map_err(|e| e.at(S, "crit"))?);
                }
                Some(HeaderParameter::ContentType) => {
                    h.content_type = Some(field(d, S, "content type")?);
                }
                Some(HeaderParameter::Kid) => {
                    let value = field::<Value>(d, S, "kid")?;
                    match value {
                        Value::Bytes(kid) => h.kid = Some(kid),
                        other if !protected => {
                            h.findings.push(HeaderFinding::IllTypedUnprotectedKid);
                            h.rest.push((key, other));
                        }
                        _ => {
                            return Err(d
                                .error(DecodeErrorKind::InvalidValue("kid is not a byte string"))
                                .at(S, "kid"));
                        }
                    }
                }
                Some(HeaderParameter::X5Chain) => {
                    let chain = if d.peek_head()?.cbor_type() == crate::cbor::CborType::Array {
                        X5Chain::Array(array_of(d, 1, Some((max_certs, "certificates")), |d| {
                            Vec::<u8>::decode(d)
                        })?)
                    } else {
                        X5Chain::Single(Vec::<u8>::decode(d)?)
                    };
                    h.x5chain = Some(chain);
                }
                _ => {
                    let v = field::<Value>(d, S, "(other parameter)")?;
                    h.rest.push((key, v));
                }
            }
            Ok(())
        })
        .map_err(|e| {
            e.at(
                S,
                if protected {
                    "protected"
                } else {
                    "unprotected"
                },
            )
        })?;
        Ok(h)
    }

    /// Whether no parameter is set.
    pub fn is_empty(&self) -> bool {
        self.alg.is_none()
            && self.crit.is_none()
            && self.content_type.is_none()
            && self.kid.is_none()
            && self.x5chain.is_none()
            && self.rest.is_empty()
    }
}

impl Encode for Header {
    fn encode(&self, e: &mut Encoder) {
        let n = count_some(&[
            self.alg.is_some(),
            self.crit.is_some(),
            self.content_type.is_some(),
            self.kid.is_some(),
            self.x5chain.is_some(),
        ]) + self.rest.len();
        e.map(n);
        if let Some(alg) = &self.alg {
            e.i64(HeaderParameter::Alg.to_i64());
            alg.encode(e);
        }
        if let Some(crit) = &self.crit {
            e.i64(HeaderParameter::Crit.to_i64()).array(crit.len());
            for c in crit {
                c.encode(e);
            }
        }
        if let Some(ct) = &self.content_type {
            e.i64(HeaderParameter::ContentType.to_i64());
            ct.encode(e);
        }
        if let Some(kid) = &self.kid {
            e.i64(HeaderParameter::Kid.to_i64()).bytes(kid);
        }
        encode_label_rest_sorted_before_33(e, &self.rest, true);
        let x5chain = HeaderParameter::X5Chain.to_i64();
        match &self.x5chain {
            Some(X5Chain::Single(c)) => {
                e.i64(x5chain).bytes(c);
            }
            Some(X5Chain::Array(v)) => {
                e.i64(x5chain).array(v.len());
                for c in v {
                    e.bytes(c);
                }
            }
            None => {}
        }
        encode_label_rest_sorted_before_33(e, &self.rest, false);
    }
}

/// The registered parameter `key` names, if it is an integer label.
fn parameter(key: &Label) -> Option<HeaderParameter> {
    match key {
        Label::Int(i) => HeaderParameter::from_i64(*i),
        Label::Text(_) => None,
    }
}

/// Writes the kept labels below 33 (first pass) or the others (second pass), so that an
/// ill-typed `kid` kept in `rest` goes back where it was in the usual label order.
fn encode_label_rest_sorted_before_33(e: &mut Encoder, rest: &LabelRest, before: bool) {
    let part: LabelRest = rest
        .iter()
        .filter(|(k, _)| {
            matches!(k, Label::Int(i) if (0..HeaderParameter::X5Chain.to_i64()).contains(i))
                == before
        })
        .cloned()
        .collect();
    encode_label_rest(e, &part);
}

/// A protected header: the exact bytes of the `bstr .cbor header_map` and what they say.
///
/// The bytes are what the signature covers, so they are kept exactly as received
/// (an empty byte string and `a0` both mean "no parameters" but sign differently).
#[derive(Clone, Debug, PartialEq)]
pub struct ProtectedHeader {
    bytes: Vec<u8>,
    header: Header,
}

impl ProtectedHeader {
    /// A protected header encoding `header` in preferred serialization (empty headers as
    /// an empty byte string, as RFC 9052 recommends).
    pub fn new(header: Header) -> Self {
        let bytes = if header.is_empty() {
            Vec::new()
        } else {
            header.to_cbor()
        };
        Self { bytes, header }
    }

    /// The exact bytes (the content of the byte string).
    pub fn bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// The decoded parameters.
    pub fn header(&self) -> &Header {
        &self.header
    }
}

impl Decode for ProtectedHeader {
    fn decode(d: &mut Decoder<'_>) -> Result<Self, DecodeError> {
        let raw = d.bytes()?;
        let header = if raw.is_empty() {
            Header::default()
        } else {
            let offset = d.position().saturating_sub(raw.len());
            d.nested(raw, offset, |sub| Header::decode_map(sub, true))?
        };
        Ok(Self {
            bytes: raw.to_vec(),
            header,
        })
    }
}

impl Encode for ProtectedHeader {
    fn encode(&self, e: &mut Encoder) {
        e.bytes(&self.bytes);
    }
}
