//! `SessionTranscript` and its handover variants.

use alloc::string::String;
use alloc::vec::Vec;

use super::messages::EReaderKeyBytes;
use crate::cbor::map::field;
use crate::cbor::{Decode, DecodeError, Decoder, Encode, Encoder, TaggedCbor, Value};
use crate::cose::CoseKey;
use crate::engagement::DeviceEngagementBytes;

/// `SessionTranscript = [DeviceEngagementBytes / null, EReaderKeyBytes / null, Handover]`.
///
/// The transcript binds device authentication and session keys to one engagement, and is
/// hashed and signed as part of both. A decoded transcript therefore keeps the exact bytes
/// it was received as ([`encoded`](Self::encoded)), and encoding writes those bytes back; a
/// constructed one is encoded once, in preferred serialization.
///
/// ```
/// use iso18013::cbor::{Decode, Encode};
/// use iso18013::session::{Handover, SessionTranscript};
/// // [null, null, ["OpenID4VPHandover", h'00']]
/// let t = SessionTranscript::new(None, None, Handover::OpenId4Vp { info_hash: vec![0] });
/// assert_eq!(SessionTranscript::from_cbor(t.encoded()).unwrap(), t);
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct SessionTranscript {
    device_engagement: Option<DeviceEngagementBytes>,
    e_reader_key: Option<EReaderKeyBytes>,
    handover: Handover,
    encoded: Vec<u8>,
}

/// `SessionTranscriptBytes = #6.24(bstr .cbor SessionTranscript)`.
pub type SessionTranscriptBytes = TaggedCbor<SessionTranscript>;

/// The `Handover` element of a [`SessionTranscript`].
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum Handover {
    /// QR engagement: `null`.
    Qr,
    /// NFC: `[HandoverSelect, HandoverRequest / null]` (NDEF messages; `null` for static
    /// handover).
    Nfc {
        /// The Handover Select message.
        handover_select: Vec<u8>,
        /// The Handover Request message (negotiated handover only).
        handover_request: Option<Vec<u8>>,
    },
    /// OpenID4VP 1.0: `["OpenID4VPHandover", bstr]`, the SHA-256 of the handover info.
    OpenId4Vp {
        /// SHA-256 of `OpenID4VPHandoverInfo`.
        info_hash: Vec<u8>,
    },
    /// OpenID4VP over the Digital Credentials API: `["OpenID4VPDCAPIHandover", bstr]`.
    OpenId4VpDcApi {
        /// SHA-256 of `OpenID4VPDCAPIHandoverInfo`.
        info_hash: Vec<u8>,
    },
    /// ISO/IEC TS 18013-7 Annex C, Digital Credentials API: `["dcapi", bstr]`.
    DcApi {
        /// SHA-256 of `dcapiInfo`.
        info_hash: Vec<u8>,
    },
    /// ISO/IEC TS 18013-7 Annex B (earlier OpenID4VP drafts):
    /// `[clientIdHash, responseUriHash, nonce]`.
    Iso18013_7AnnexB {
        /// SHA-256 of the client id with its mdoc-generated nonce.
        client_id_hash: Vec<u8>,
        /// SHA-256 of the response URI with its mdoc-generated nonce.
        response_uri_hash: Vec<u8>,
        /// The verifier's nonce.
        nonce: String,
    },
    /// Anything else, kept as received.
    Other(Value),
}

impl SessionTranscript {
    /// A transcript from its parts.
    pub fn new(
        device_engagement: Option<DeviceEngagementBytes>,
        e_reader_key: Option<EReaderKeyBytes>,
        handover: Handover,
    ) -> Self {
        let mut e = Encoder::new();
        e.array(3);
        match &device_engagement {
            Some(de) => de.encode(&mut e),
            None => {
                e.null();
            }
        }
        match &e_reader_key {
            Some(k) => k.encode(&mut e),
            None => {
                e.null();
            }
        }
        handover.encode(&mut e);
        Self {
            device_engagement,
            e_reader_key,
            handover,
            encoded: e.into_bytes(),
        }
    }

    /// The transcript of a QR engagement (ISO 18013-5 9.1.5.1):
    /// `[DeviceEngagementBytes, EReaderKeyBytes, null]`.
    ///
    /// `device_engagement` is the `DeviceEngagement` CBOR exactly as the QR code's
    /// `mdoc:` URI carried it (after base64url), kept byte for byte; `e_reader_key` is the
    /// reader's ephemeral public key (e.g. from
    /// [`EcPrivateKey::public_cose_key`](crate::crypto::EcPrivateKey::public_cose_key)).
    ///
    /// ```
    /// # #[cfg(feature = "rustcrypto")] {
    /// use iso18013::crypto::{default_provider, EcCurve, SystemRandom};
    /// use iso18013::holder::HolderEngagement;
    /// use iso18013::session::{Handover, SessionTranscript};
    ///
    /// let provider = default_provider();
    /// let holder = HolderEngagement::new(provider, Vec::new(), &mut SystemRandom(provider))?;
    /// let e_reader_key = provider.ec_generate(EcCurve::P256, &mut SystemRandom(provider))?;
    /// let engagement = holder.engagement().inner_bytes();
    /// let transcript = SessionTranscript::for_qr(engagement, &e_reader_key.public_cose_key()?)?;
    /// assert_eq!(transcript.handover(), &Handover::Qr);
    /// assert_eq!(transcript.device_engagement().map(|d| d.inner_bytes()), Some(engagement));
    /// # }
    /// # Ok::<(), Box<dyn core::error::Error>>(())
    /// ```
    ///
    /// # Errors
    /// [`DecodeError`] when `device_engagement` is not a valid `DeviceEngagement`.
    pub fn for_qr(device_engagement: &[u8], e_reader_key: &CoseKey) -> Result<Self, DecodeError> {
        Ok(Self::new(
            Some(TaggedCbor::from_inner_bytes(device_engagement)?),
            Some(TaggedCbor::new(e_reader_key.clone())),
            Handover::Qr,
        ))
    }

    /// The transcript of an NFC engagement (ISO 18013-5 9.1.5.1):
    /// `[DeviceEngagementBytes, EReaderKeyBytes, [HandoverSelect, HandoverRequest / null]]`,
    /// with the NDEF Handover Select message and, for negotiated handover, the Handover
    /// Request message (`None` for static handover), both as exchanged.
    ///
    /// # Errors
    /// [`DecodeError`] when `device_engagement` is not a valid `DeviceEngagement`.
    pub fn for_nfc(
        device_engagement: &[u8],
        e_reader_key: &CoseKey,
        handover_select: Vec<u8>,
        handover_request: Option<Vec<u8>>,
    ) -> Result<Self, DecodeError> {
        Ok(Self::new(
            Some(TaggedCbor::from_inner_bytes(device_engagement)?),
            Some(TaggedCbor::new(e_reader_key.clone())),
            Handover::Nfc {
                handover_select,
                handover_request,
            },
        ))
    }

    /// The mdoc's device engagement (`None` in online presentation).
    pub fn device_engagement(&self) -> Option<&DeviceEngagementBytes> {
        self.device_engagement.as_ref()
    }

    /// The reader's ephemeral key (`None` in online presentation).
    pub fn e_reader_key(&self) -> Option<&EReaderKeyBytes> {
        self.e_reader_key.as_ref()
    }

    /// How the engagement was handed over.
    pub fn handover(&self) -> &Handover {
        &self.handover
    }

    /// The exact bytes: as received, or as encoded once by [`new`](Self::new).
    pub fn encoded(&self) -> &[u8] {
        &self.encoded
    }
}

impl Handover {
    fn from_value(value: Value) -> Self {
        let Value::Array(items) = &value else {
            return if value == Value::Null {
                Self::Qr
            } else {
                Self::Other(value)
            };
        };
        match items.as_slice() {
            [Value::Text(name), Value::Bytes(hash)] => match name.as_str() {
                "OpenID4VPHandover" => Self::OpenId4Vp {
                    info_hash: hash.clone(),
                },
                "OpenID4VPDCAPIHandover" => Self::OpenId4VpDcApi {
                    info_hash: hash.clone(),
                },
                "dcapi" => Self::DcApi {
                    info_hash: hash.clone(),
                },
                _ => Self::Other(value),
            },
            [Value::Bytes(select), Value::Bytes(request)] => Self::Nfc {
                handover_select: select.clone(),
                handover_request: Some(request.clone()),
            },
            [Value::Bytes(select), Value::Null] => Self::Nfc {
                handover_select: select.clone(),
                handover_request: None,
            },
            [
                Value::Bytes(client),
                Value::Bytes(response),
                Value::Text(nonce),
            ] => Self::Iso18013_7AnnexB {
                client_id_hash: client.clone(),
                response_uri_hash: response.clone(),
                nonce: nonce.clone(),
            },
            _ => Self::Other(value),
        }
    }
}

impl Decode for Handover {
    fn decode(d: &mut Decoder<'_>) -> Result<Self, DecodeError> {
        Value::decode(d).map(Self::from_value)
    }
}

impl Encode for Handover {
    fn encode(&self, e: &mut Encoder) {
        match self {
            Self::Qr => {
                e.null();
            }
            Self::Nfc {
                handover_select,
                handover_request,
            } => {
                e.array(2).bytes(handover_select);
                match handover_request {
                    Some(r) => e.bytes(r),
                    None => e.null(),
                };
            }
            Self::OpenId4Vp { info_hash } => {
                e.array(2).text("OpenID4VPHandover").bytes(info_hash);
            }
            Self::OpenId4VpDcApi { info_hash } => {
                e.array(2).text("OpenID4VPDCAPIHandover").bytes(info_hash);
            }
            Self::DcApi { info_hash } => {
                e.array(2).text("dcapi").bytes(info_hash);
            }
            Self::Iso18013_7AnnexB {
                client_id_hash,
                response_uri_hash,
                nonce,
            } => {
                e.array(3)
                    .bytes(client_id_hash)
                    .bytes(response_uri_hash)
                    .text(nonce);
            }
            Self::Other(v) => v.encode(e),
        }
    }
}

impl Decode for SessionTranscript {
    fn decode(d: &mut Decoder<'_>) -> Result<Self, DecodeError> {
        const S: &str = "SessionTranscript";
        let start = d.position();
        let mut decoded = d
            .array_exact(3, |d| {
                let device_engagement = if d.null()? {
                    None
                } else {
                    Some(field(d, S, "DeviceEngagementBytes")?)
                };
                let e_reader_key = if d.null()? {
                    None
                } else {
                    Some(field(d, S, "EReaderKeyBytes")?)
                };
                let handover = field(d, S, "Handover")?;
                Ok(Self {
                    device_engagement,
                    e_reader_key,
                    handover,
                    encoded: Vec::new(),
                })
            })
            .map_err(|e| e.or_at(S, "(array)"))?;
        decoded.encoded = d.slice(start, d.position()).unwrap_or_default().to_vec();
        Ok(decoded)
    }
}

impl Encode for SessionTranscript {
    fn encode(&self, e: &mut Encoder) {
        e.raw(&self.encoded);
    }
}
