//! `COSE_Sign1` and `COSE_Mac0` as received: exact protected bytes, payload, signature.

use alloc::vec::Vec;

use super::header::{Header, ProtectedHeader};
use crate::cbor::{Decode, DecodeError, DecodeErrorKind, Decoder, Encode, Encoder};

/// The four parts shared by `COSE_Sign1` and `COSE_Mac0`.
#[derive(Clone, Debug, PartialEq)]
struct Parts {
    tagged: bool,
    protected: ProtectedHeader,
    unprotected: Header,
    payload: Option<Vec<u8>>,
    last: Vec<u8>,
}

/// Decodes the parts, and where in the decoder's buffer the attached payload begins.
fn decode_parts(
    d: &mut Decoder<'_>,
    tag: u64,
    structure: &'static str,
) -> Result<(Parts, Option<usize>), DecodeError> {
    let tagged = d.peek_head()?.cbor_type() == crate::cbor::CborType::Tag;
    if tagged {
        d.expect_tag(tag).map_err(|e| e.at(structure, "(tag)"))?;
    }
    d.array_exact(4, |d| {
        let protected = ProtectedHeader::decode(d).map_err(|e| e.at(structure, "protected"))?;
        let unprotected =
            Header::decode_map(d, false).map_err(|e| e.at(structure, "unprotected"))?;
        let (payload, payload_start) = if d.null()? {
            (None, None)
        } else {
            let p = d.bytes().map_err(|e| e.at(structure, "payload"))?;
            (Some(p.to_vec()), Some(d.position().saturating_sub(p.len())))
        };
        let last = Vec::<u8>::decode(d).map_err(|e| e.at(structure, "signature"))?;
        Ok((
            Parts {
                tagged,
                protected,
                unprotected,
                payload,
                last,
            },
            payload_start,
        ))
    })
    .map_err(|e| e.or_at(structure, "(array)"))
}

fn encode_parts(p: &Parts, tag: u64, e: &mut Encoder) {
    if p.tagged {
        e.tag(tag);
    }
    e.array(4);
    p.protected.encode(e);
    p.unprotected.encode(e);
    match &p.payload {
        Some(payload) => e.bytes(payload),
        None => e.null(),
    };
    e.bytes(&p.last);
}

macro_rules! cose_message {
    ($(#[$doc:meta])* $name:ident, $tag:expr, $structure:expr, $last:ident, $last_doc:expr) => {
        $(#[$doc])*
        #[derive(Clone, Debug, PartialEq)]
        pub struct $name {
            parts: Parts,
        }

        impl $name {
            /// Assembles a message from its parts (untagged, as ISO 18013-5 uses it).
            pub fn new(
                protected: ProtectedHeader,
                unprotected: Header,
                payload: Option<Vec<u8>>,
                $last: Vec<u8>,
            ) -> Self {
                Self {
                    parts: Parts {
                        tagged: false,
                        protected,
                        unprotected,
                        payload,
                        last: $last,
                    },
                }
            }

            /// The protected header, with its exact bytes.
            pub fn protected(&self) -> &ProtectedHeader {
                &self.parts.protected
            }

            /// The unprotected header.
            pub fn unprotected(&self) -> &Header {
                &self.parts.unprotected
            }

            /// The attached payload, or `None` when detached (`nil`).
            pub fn payload(&self) -> Option<&[u8]> {
                self.parts.payload.as_deref()
            }

            #[doc = $last_doc]
            pub fn $last(&self) -> &[u8] {
                &self.parts.last
            }

            /// Checks the rules RFC 9052 §3 sets across the two headers (see
            /// [`check_headers`](super::check_headers)): a verifier calls this before
            /// trusting anything the headers say.
            ///
            /// # Errors
            /// [`HeaderError`](super::HeaderError) naming the rule broken.
            pub fn check_headers(&self) -> Result<(), super::HeaderError> {
                super::check_headers(self.parts.protected.header(), &self.parts.unprotected)
            }

            /// Whether the message carried its COSE tag.
            pub fn is_tagged(&self) -> bool {
                self.parts.tagged
            }

            /// The algorithm from the protected header (where ISO 18013-5 requires it),
            /// as a COSE integer.
            pub fn alg(&self) -> Option<i64> {
                match self.parts.protected.header().alg {
                    Some(crate::cbor::Label::Int(a)) => Some(a),
                    _ => None,
                }
            }
        }

        impl Decode for $name {
            fn decode(d: &mut Decoder<'_>) -> Result<Self, DecodeError> {
                decode_parts(d, $tag, $structure).map(|(parts, _)| Self { parts })
            }
        }

        impl Encode for $name {
            fn encode(&self, e: &mut Encoder) {
                encode_parts(&self.parts, $tag, e);
            }
        }
    };
}

cose_message!(
    /// `COSE_Sign1` (RFC 9052 §4.2): `issuerAuth`, `readerAuth`, `deviceSignature`.
    ///
    /// Accepted tagged (18) or untagged; re-encoded the same way.
    CoseSign1, 18, "COSE_Sign1", signature, "The signature (raw `r || s` for ECDSA)."
);

cose_message!(
    /// `COSE_Mac0` (RFC 9052 §6.2): `deviceMac`.
    ///
    /// Accepted tagged (17) or untagged; re-encoded the same way.
    CoseMac0, 17, "COSE_Mac0", tag, "The MAC tag."
);

impl CoseSign1 {
    /// Decodes a message whose payload must be attached, then decodes that payload as
    /// exactly one `T` in place (sharing the decoder's budget, with absolute offsets).
    pub(crate) fn decode_with_payload<T: Decode>(
        d: &mut Decoder<'_>,
        structure: &'static str,
    ) -> Result<(Self, T), DecodeError> {
        let (parts, start) = decode_parts(d, 18, "COSE_Sign1")?;
        let (Some(start), Some(len)) = (start, parts.payload.as_ref().map(Vec::len)) else {
            return Err(d
                .error(DecodeErrorKind::InvalidValue(
                    "payload is detached (nil) but required",
                ))
                .at(structure, "payload"));
        };
        let payload = d
            .slice(start, start.saturating_add(len))
            .unwrap_or_default();
        let value = d
            .nested(payload, start, T::decode)
            .map_err(|e| e.at(structure, "payload"))?;
        Ok((Self { parts }, value))
    }
}
