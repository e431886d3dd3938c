//! What the holder and reader state machines share: their error type, the session status
//! each error maps to, and recognising which message arrived when another was due.

use alloc::vec::Vec;
use core::fmt;

use crate::cbor::{DecodeError, Encode};
use crate::cose::CoseError;
use crate::crypto::CryptoError;
use crate::present::PresentError;
use crate::session::{SessionCryptoError, SessionData, SessionStatus};
use crate::verify::VerifyError;

/// Why a step of a proximity exchange failed.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ExchangeError {
    /// A message of another kind arrived than the state awaits.
    UnexpectedMessage {
        /// What the state awaits.
        expected: MessageKind,
        /// What arrived.
        got: MessageKind,
    },
    /// The message, or the plaintext inside it, is malformed.
    Decode(DecodeError),
    /// A message did not decrypt: tampered, replayed, reordered, or under another key.
    Decrypt,
    /// The message counter of this direction is used up.
    CounterExhausted,
    /// The peer reported an error status (10 encryption, 11 decoding) or an unknown one.
    PeerStatus(u64),
    /// The peer ended the session (status 20) before the awaited message.
    Terminated,
    /// The engagement offers nothing this side can use (no cipher suite 1, no key).
    Engagement(&'static str),
    /// The response did not verify.
    Verify(VerifyError),
    /// The holder could not build the response.
    Present(PresentError),
    /// Signing or MACing a COSE message failed.
    Cose(CoseError),
    /// Another cryptographic failure.
    Crypto(CryptoError),
}

impl ExchangeError {
    /// The session status to send the peer before closing, where the standard defines
    /// one: 10 for a message that did not decrypt, 11 for one that did not decode.
    pub fn status_for_peer(&self) -> Option<SessionStatus> {
        match self {
            Self::Decrypt | Self::CounterExhausted => Some(SessionStatus::EncryptionError),
            Self::Decode(_) | Self::UnexpectedMessage { .. } => Some(SessionStatus::DecodingError),
            _ => None,
        }
    }

    /// The stable machine-readable name of what failed: a verification failure gives its
    /// [`VerifyErrorKind::name`](crate::verify::VerifyErrorKind::name), a reader-auth
    /// failure is not one of these (the holder reports it as the reader's identity).
    pub fn name(&self) -> &'static str {
        match self {
            Self::UnexpectedMessage { .. } => "unexpected_message",
            Self::Decode(_) => "malformed",
            Self::Decrypt => "decrypt",
            Self::CounterExhausted => "counter_exhausted",
            Self::PeerStatus(_) => "peer_status",
            Self::Terminated => "terminated",
            Self::Engagement(_) => "engagement",
            Self::Verify(e) => e.kind.name(),
            Self::Present(_) => "present",
            Self::Cose(_) => "cose",
            Self::Crypto(_) => "crypto",
        }
    }

    /// The `SessionData` carrying [`status_for_peer`](Self::status_for_peer), if any.
    pub fn status_message(&self) -> Option<Vec<u8>> {
        self.status_for_peer().map(status_message)
    }
}

impl fmt::Display for ExchangeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::UnexpectedMessage { expected, got } => {
                write!(f, "expected {expected}, got {got}")
            }
            Self::Decode(e) => write!(f, "malformed message: {e}"),
            Self::Decrypt => {
                f.write_str("message does not decrypt (tampered, replayed, or another key)")
            }
            Self::CounterExhausted => f.write_str("session message counter exhausted"),
            Self::PeerStatus(s) => write!(f, "peer reported session status {s}"),
            Self::Terminated => f.write_str("peer ended the session"),
            Self::Engagement(why) => write!(f, "unusable engagement: {why}"),
            Self::Verify(e) => write!(f, "response rejected: {e}"),
            Self::Present(e) => write!(f, "cannot respond: {e}"),
            Self::Cose(e) => write!(f, "COSE: {e}"),
            Self::Crypto(e) => write!(f, "cryptographic failure: {e}"),
        }
    }
}

impl core::error::Error for ExchangeError {
    fn source(&self) -> Option<&(dyn core::error::Error + 'static)> {
        match self {
            Self::Decode(e) => Some(e),
            Self::Verify(e) => Some(e),
            Self::Present(e) => Some(e),
            Self::Cose(e) => Some(e),
            Self::Crypto(e) => Some(e),
            _ => None,
        }
    }
}

impl From<SessionCryptoError> for ExchangeError {
    fn from(e: SessionCryptoError) -> Self {
        match e {
            SessionCryptoError::CounterExhausted => Self::CounterExhausted,
            SessionCryptoError::Crypto(c) => Self::Crypto(c),
            _ => Self::Decrypt,
        }
    }
}

impl From<CryptoError> for ExchangeError {
    fn from(e: CryptoError) -> Self {
        Self::Crypto(e)
    }
}

impl From<PresentError> for ExchangeError {
    fn from(e: PresentError) -> Self {
        Self::Present(e)
    }
}

/// A `SessionData` carrying only encrypted `data` (a request or a response).
pub(crate) fn data_message(data: Vec<u8>) -> Vec<u8> {
    SessionData {
        data: Some(data),
        status: None,
        rest: Vec::new(),
    }
    .to_cbor()
}

/// A `SessionData` with only a status: 10, 11, or 20 to end the session.
pub fn status_message(status: SessionStatus) -> Vec<u8> {
    SessionData {
        data: None,
        status: Some(status.code()),
        rest: Vec::new(),
    }
    .to_cbor()
}

/// Which message of a proximity exchange some bytes hold, to tell "expected X, got Y".
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum MessageKind {
    /// `SessionEstablishment`.
    SessionEstablishment,
    /// `SessionData`.
    SessionData,
    /// `DeviceEngagement`.
    DeviceEngagement,
    /// `DeviceRequest` (unencrypted).
    DeviceRequest,
    /// `DeviceResponse` (unencrypted).
    DeviceResponse,
    /// Another ISO 18013-5 structure.
    OtherStructure,
    /// CBOR that is none of these, or not CBOR at all.
    Unrecognised,
}

impl MessageKind {
    /// What `bytes` hold, by [`inspect::identify`](crate::inspect::identify).
    ///
    /// ```
    /// use iso18013::exchange::MessageKind;
    /// assert_eq!(MessageKind::of(&[0xa1, 0x66, b's', b't', b'a', b't', b'u', b's', 0x14]),
    ///            MessageKind::SessionData);
    /// assert_eq!(MessageKind::of(&[0xff]), MessageKind::Unrecognised);
    /// ```
    pub fn of(bytes: &[u8]) -> Self {
        use crate::inspect::Structure;
        match crate::inspect::identify(bytes).map(|found| found.structure) {
            Ok(Structure::SessionEstablishment) => Self::SessionEstablishment,
            Ok(Structure::SessionData) => Self::SessionData,
            Ok(Structure::DeviceEngagement) => Self::DeviceEngagement,
            Ok(Structure::DeviceRequest) => Self::DeviceRequest,
            Ok(Structure::DeviceResponse) => Self::DeviceResponse,
            Ok(_) => Self::OtherStructure,
            Err(_) => Self::Unrecognised,
        }
    }

    /// The structure's name as the standard writes it.
    pub fn name(self) -> &'static str {
        match self {
            Self::SessionEstablishment => "SessionEstablishment",
            Self::SessionData => "SessionData",
            Self::DeviceEngagement => "DeviceEngagement",
            Self::DeviceRequest => "DeviceRequest",
            Self::DeviceResponse => "DeviceResponse",
            Self::OtherStructure => "another ISO 18013-5 structure",
            Self::Unrecognised => "unrecognised CBOR",
        }
    }
}

impl fmt::Display for MessageKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Decodes the message `expected` from `bytes`: a decoding error when the bytes are that
/// message gone wrong (or nothing recognisable), [`ExchangeError::UnexpectedMessage`] when
/// they are another message.
pub(crate) fn decode_message<T: crate::cbor::Decode>(
    bytes: &[u8],
    expected: MessageKind,
) -> Result<T, ExchangeError> {
    T::from_cbor(bytes).map_err(|e| match MessageKind::of(bytes) {
        got if got == expected || got == MessageKind::Unrecognised => ExchangeError::Decode(e),
        got => ExchangeError::UnexpectedMessage { expected, got },
    })
}

/// Decodes a `SessionData`, or says what arrived instead.
pub(crate) fn decode_session_data(bytes: &[u8]) -> Result<SessionData, ExchangeError> {
    let message: SessionData = decode_message(bytes, MessageKind::SessionData)?;
    // SessionData keeps unknown keys, so a SessionEstablishment (which also has "data")
    // decodes as one: its "eReaderKey" gives it away.
    if message.rest.iter().any(|(k, _)| k == "eReaderKey") {
        return Err(ExchangeError::UnexpectedMessage {
            expected: MessageKind::SessionData,
            got: MessageKind::SessionEstablishment,
        });
    }
    Ok(message)
}

/// What a received `SessionData` says, beyond its data: a status ends the session.
pub(crate) fn check_status(message: &SessionData) -> Result<(), ExchangeError> {
    match message.status {
        None => Ok(()),
        Some(20) if message.data.is_some() => Ok(()),
        Some(20) => Err(ExchangeError::Terminated),
        Some(other) => Err(ExchangeError::PeerStatus(other)),
    }
}
