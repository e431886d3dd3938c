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
        expected: &'static str,
        /// What arrived (the structure's name, or "unrecognised CBOR").
        got: &'static str,
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

impl core::error::Error for ExchangeError {}

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

/// The name of the structure `bytes` hold, for "expected X, got Y".
pub(crate) fn message_name(bytes: &[u8]) -> &'static str {
    use crate::inspect::Structure;
    match crate::inspect::identify(bytes).map(|found| found.structure) {
        Ok(Structure::SessionEstablishment) => "SessionEstablishment",
        Ok(Structure::SessionData) => "SessionData",
        Ok(Structure::DeviceEngagement) => "DeviceEngagement",
        Ok(Structure::DeviceRequest) => "DeviceRequest",
        Ok(Structure::DeviceResponse) => "DeviceResponse",
        Ok(_) => "another ISO 18013-5 structure",
        Err(_) => "unrecognised CBOR",
    }
}

/// Decodes a `SessionData`, or says what arrived instead.
pub(crate) fn decode_session_data(bytes: &[u8]) -> Result<SessionData, ExchangeError> {
    use crate::cbor::Decode;
    let message = SessionData::from_cbor(bytes).map_err(|e| match message_name(bytes) {
        "SessionData" | "unrecognised CBOR" => ExchangeError::Decode(e),
        got => ExchangeError::UnexpectedMessage {
            expected: "SessionData",
            got,
        },
    })?;
    // SessionData keeps unknown keys, so a SessionEstablishment (which also has "data")
    // decodes as one: its "eReaderKey" gives it away.
    if message.rest.iter().any(|(k, _)| k == "eReaderKey") {
        return Err(ExchangeError::UnexpectedMessage {
            expected: "SessionData",
            got: "SessionEstablishment",
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
