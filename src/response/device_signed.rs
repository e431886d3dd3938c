//! `DeviceSigned`, `DeviceAuth`, and the `DeviceAuthentication` structure they cover.

use alloc::string::String;
use alloc::vec::Vec;

use crate::cbor::fields::context_string;
use crate::cbor::map::{field, non_empty_text_map, required, text_map};
use crate::cbor::name_spaces::encode_text_maps;
use crate::cbor::{
    Decode, DecodeError, DecodeErrorKind, Decoder, Encode, Encoder, NameSpaces, TaggedCbor,
    TextRest, Value,
};
use crate::cose::{CoseMac0, CoseSign1};
use crate::session::SessionTranscript;

/// `DeviceNameSpaces = {* NameSpace => {+ DataElementIdentifier => DataElementValue}}`.
pub type DeviceNameSpaces = NameSpaces<Vec<(String, Value)>>;

/// `DeviceNameSpacesBytes = #6.24(bstr .cbor DeviceNameSpaces)`.
pub type DeviceNameSpacesBytes = TaggedCbor<DeviceNameSpacesMap>;

/// `DeviceAuthenticationBytes = #6.24(bstr .cbor DeviceAuthentication)`.
pub type DeviceAuthenticationBytes = TaggedCbor<DeviceAuthentication>;

/// The content of `DeviceNameSpacesBytes` (possibly empty).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DeviceNameSpacesMap(pub DeviceNameSpaces);

/// `DeviceSigned = {"nameSpaces": DeviceNameSpacesBytes, "deviceAuth": DeviceAuth}`.
#[derive(Clone, Debug, PartialEq)]
pub struct DeviceSigned {
    /// Elements signed by the device key, with their exact bytes.
    pub name_spaces: DeviceNameSpacesBytes,
    /// The device's signature or MAC.
    pub device_auth: DeviceAuth,
    /// Other entries, as received.
    pub rest: TextRest,
}

/// `DeviceAuth = {"deviceSignature": COSE_Sign1} / {"deviceMac": COSE_Mac0}`.
#[derive(Clone, Debug, PartialEq)]
pub enum DeviceAuth {
    /// Device authentication by signature.
    Signature(CoseSign1),
    /// Device authentication by MAC.
    Mac(CoseMac0),
}

impl DeviceAuth {
    /// Which of the two it is.
    pub fn kind(&self) -> DeviceAuthKind {
        match self {
            Self::Signature(_) => DeviceAuthKind::Signature,
            Self::Mac(_) => DeviceAuthKind::Mac,
        }
    }
}

/// Signature or MAC: how the device authenticates a document. The one enum for it: the
/// holder chooses with it ([`holder::DeviceAuthChoice`](crate::holder::DeviceAuthChoice)
/// is this type), and verification reports it
/// ([`VerifiedDocument::device_auth`](crate::verify::VerifiedDocument::device_auth)).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "lowercase"))]
pub enum DeviceAuthKind {
    /// `deviceSignature`: ECDSA with the device key.
    Signature,
    /// `deviceMac`: HMAC-SHA-256 with `EMacKey`, agreed with the reader's ephemeral key.
    Mac,
}

/// `DeviceAuthentication = ["DeviceAuthentication", SessionTranscript, DocType, DeviceNameSpacesBytes]`.
#[derive(Clone, Debug, PartialEq)]
pub struct DeviceAuthentication {
    /// The session transcript.
    pub session_transcript: SessionTranscript,
    /// The document type.
    pub doc_type: String,
    /// The device-signed elements, with their exact bytes.
    pub name_spaces: DeviceNameSpacesBytes,
}

impl Decode for DeviceNameSpacesMap {
    fn decode(d: &mut Decoder<'_>) -> Result<Self, DecodeError> {
        const S: &str = "DeviceNameSpaces";
        let limit = d.limits().max_elements;
        let mut total = 0u64;
        let out = DeviceNameSpaces::decode_each(d, S, |d| {
            non_empty_text_map(d, "DeviceSignedItems", "(element)", |d| {
                total = total.saturating_add(1);
                if total > limit {
                    return Err(d.error(DecodeErrorKind::TooMany {
                        what: "device-signed data elements",
                        limit,
                    }));
                }
                Value::decode(d)
            })
        })?;
        Ok(Self(out))
    }
}

impl Encode for DeviceNameSpacesMap {
    fn encode(&self, e: &mut Encoder) {
        encode_text_maps(e, &self.0);
    }
}

crate::cbor::text_map_codec! {
    DeviceSigned as "DeviceSigned" {
        name_spaces: "nameSpaces" required,
        device_auth: "deviceAuth" required,
    }
    rest rest
}

impl Decode for DeviceAuth {
    fn decode(d: &mut Decoder<'_>) -> Result<Self, DecodeError> {
        const S: &str = "DeviceAuth";
        let at = d.offset();
        let mut out = None;
        let mut count = 0u32;
        text_map(d, S, |d, k| {
            count += 1;
            out = Some(match k {
                "deviceSignature" => DeviceAuth::Signature(field(d, S, "deviceSignature")?),
                "deviceMac" => DeviceAuth::Mac(field(d, S, "deviceMac")?),
                _ => {
                    return Err(d
                        .error(DecodeErrorKind::InvalidValue(
                            "neither deviceSignature nor deviceMac",
                        ))
                        .at(S, "(map key)"));
                }
            });
            Ok(())
        })?;
        if count > 1 {
            return Err(DecodeError::new(
                DecodeErrorKind::InvalidValue("both deviceSignature and deviceMac"),
                at,
            )
            .at(S, "deviceSignature"));
        }
        required(out, S, "deviceSignature", at)
    }
}

impl Encode for DeviceAuth {
    fn encode(&self, e: &mut Encoder) {
        e.map(1);
        match self {
            DeviceAuth::Signature(s) => {
                e.text("deviceSignature");
                s.encode(e);
            }
            DeviceAuth::Mac(m) => {
                e.text("deviceMac");
                m.encode(e);
            }
        }
    }
}

impl Decode for DeviceAuthentication {
    fn decode(d: &mut Decoder<'_>) -> Result<Self, DecodeError> {
        const S: &str = "DeviceAuthentication";
        d.array_exact(4, |d| {
            context_string(d, S, "DeviceAuthentication")?;
            Ok(Self {
                session_transcript: field(d, S, "SessionTranscript")?,
                doc_type: field(d, S, "DocType")?,
                name_spaces: field(d, S, "DeviceNameSpacesBytes")?,
            })
        })
        .map_err(|e| e.or_at(S, "(array)"))
    }
}

impl Encode for DeviceAuthentication {
    fn encode(&self, e: &mut Encoder) {
        e.array(4).text("DeviceAuthentication");
        self.session_transcript.encode(e);
        e.text(&self.doc_type);
        self.name_spaces.encode(e);
    }
}

/// Helper for [`super::Document`]: `{+ NameSpace => {+ DataElementIdentifier => ErrorCode}}`.
pub(crate) fn decode_errors(d: &mut Decoder<'_>) -> Result<super::Errors, DecodeError> {
    NameSpaces::decode_non_empty(d, "Errors", "(namespace)", |d| {
        non_empty_text_map(d, "ErrorItems", "(element)", i64::decode)
    })
}
