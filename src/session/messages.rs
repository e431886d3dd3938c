//! `SessionEstablishment` and `SessionData`.

use alloc::vec::Vec;

use crate::cbor::map::{field, text_map};
use crate::cbor::{DecodeError, DecodeErrorKind, Decoder, TaggedCbor, TextRest};
use crate::cose::CoseKey;

/// `EReaderKeyBytes = #6.24(bstr .cbor EReaderKey)`.
pub type EReaderKeyBytes = TaggedCbor<CoseKey>;

/// `SessionEstablishment = {"eReaderKey": EReaderKeyBytes, "data": bstr}`: the reader's
/// first message, carrying its ephemeral key and the encrypted `DeviceRequest`.
#[derive(Clone, Debug, PartialEq)]
pub struct SessionEstablishment {
    /// The reader's ephemeral public key, with its exact bytes.
    pub e_reader_key: EReaderKeyBytes,
    /// The encrypted `DeviceRequest`.
    pub data: Vec<u8>,
    /// Other entries, as received.
    pub rest: TextRest,
}

/// Session status codes (ISO 18013-5 table 20).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum SessionStatus {
    /// 10: error, session encryption.
    EncryptionError,
    /// 11: error, CBOR decoding.
    DecodingError,
    /// 20: session termination.
    Termination,
}

impl SessionStatus {
    /// The wire value.
    pub fn code(self) -> u64 {
        match self {
            Self::EncryptionError => 10,
            Self::DecodingError => 11,
            Self::Termination => 20,
        }
    }

    /// The status with wire value `code`, if defined.
    pub fn from_code(code: u64) -> Option<Self> {
        match code {
            10 => Some(Self::EncryptionError),
            11 => Some(Self::DecodingError),
            20 => Some(Self::Termination),
            _ => None,
        }
    }
}

/// `SessionData = {? "data": bstr, ? "status": uint}`: at least one of the two.
#[derive(Clone, Debug, PartialEq)]
pub struct SessionData {
    /// The encrypted message.
    pub data: Option<Vec<u8>>,
    /// The status code (see [`SessionStatus`]).
    pub status: Option<u64>,
    /// Other entries, as received.
    pub rest: TextRest,
}

crate::cbor::text_map_codec! {
    SessionEstablishment as "SessionEstablishment" {
        e_reader_key: "eReaderKey" required,
        data: "data" required,
    }
    rest rest
}

crate::cbor::text_map_codec! {
    SessionData as "SessionData" {
        data: "data" optional,
        status: "status" optional,
    }
    rest rest
    check |v: &SessionData, at| {
        if v.data.is_none() && v.status.is_none() {
            return Err(DecodeError::new(
                DecodeErrorKind::InvalidValue("neither data nor status"),
                at,
            )
            .at("SessionData", "data"));
        }
        Ok(())
    }
}

impl SessionData {
    /// The `status` of the `SessionData` in `bytes`, read without copying its `data`;
    /// `None` when there is none or `bytes` is not a well-formed `SessionData` map.
    ///
    /// ```
    /// use iso18013::cbor::Encode;
    /// use iso18013::session::SessionData;
    /// let end = SessionData { data: None, status: Some(20), rest: Vec::new() }.to_cbor();
    /// assert_eq!(SessionData::status_of(&end), Some(20));
    /// assert_eq!(SessionData::status_of(&[0xa0]), None);
    /// ```
    pub fn status_of(bytes: &[u8]) -> Option<u64> {
        let limits = crate::cbor::Limits::DEFAULT;
        let mut d = Decoder::new(bytes, &limits).ok()?;
        let mut status = None;
        text_map(&mut d, "SessionData", |d, k| {
            if k == "status" {
                status = Some(field(d, "SessionData", "status")?);
            } else {
                d.raw_item()?;
            }
            Ok(())
        })
        .ok()?;
        d.finish().ok()?;
        status
    }
}
