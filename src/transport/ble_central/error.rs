//! What can go wrong on a BLE session driven through btleplug.

use core::fmt;

use crate::driver::DriverError;
use crate::exchange::ExchangeError;
use crate::transport::ble::{BleError, Characteristic, Termination};

/// A step of a BLE session that has its own time limit (see
/// [`Timeouts`](super::Timeouts)).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Step {
    /// Finding the adapter.
    Adapter,
    /// Scanning for the peer's service UUID.
    Scan,
    /// Connecting (with bluez, until the services are resolved).
    Connect,
    /// Discovering services and characteristics.
    Discovery,
    /// One GATT read, write or subscription.
    Gatt,
    /// Waiting for the first value of the peer's next message (its user may be deciding).
    Reply,
    /// Waiting for the next value of a message already begun.
    Gap,
    /// Receiving one whole message.
    Message,
}

impl fmt::Display for Step {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Adapter => "finding the Bluetooth adapter",
            Self::Scan => "scanning for the peer",
            Self::Connect => "connecting",
            Self::Discovery => "discovering services",
            Self::Gatt => "a GATT operation",
            Self::Reply => "waiting for the peer's message",
            Self::Gap => "waiting for the rest of a message",
            Self::Message => "receiving a message",
        })
    }
}

/// Why a BLE session failed. Whatever the error, the link has been disconnected by the
/// time it is returned.
#[derive(Debug)]
#[non_exhaustive]
pub enum BleCentralError {
    /// A step took longer than its time limit.
    Timeout(Step),
    /// The Bluetooth stack reported an error during a step.
    Bluetooth {
        /// The step.
        step: Step,
        /// What btleplug said.
        error: btleplug::Error,
    },
    /// The system has no Bluetooth adapter.
    NoAdapter,
    /// The peer does not offer the service UUID of the engagement.
    MissingService,
    /// The peer's service lacks a characteristic this mode needs.
    MissingCharacteristic(Characteristic),
    /// The engagement offers no BLE mode this side can play.
    NoUsableMode,
    /// The ISO 18013-5 BLE protocol was violated (framing, State, Ident, data before
    /// start) or the link dropped before the session ended.
    Link(BleError),
    /// The session messages failed (decryption, decoding, verification, a peer status).
    Exchange(ExchangeError),
    /// The peer ended the session before the message this side was waiting for.
    EndedByPeer(Termination),
}

impl fmt::Display for BleCentralError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Timeout(step) => write!(f, "BLE timeout {step}"),
            Self::Bluetooth { step, error } => write!(f, "Bluetooth error {step}: {error}"),
            Self::NoAdapter => f.write_str("no Bluetooth adapter"),
            Self::MissingService => f.write_str("the peer does not offer the mdoc service"),
            Self::MissingCharacteristic(c) => {
                write!(f, "the peer's mdoc service has no {c:?} characteristic")
            }
            Self::NoUsableMode => f.write_str("the engagement offers no usable BLE mode"),
            Self::Link(e) => write!(f, "{e}"),
            Self::Exchange(e) => write!(f, "session: {e}"),
            Self::EndedByPeer(how) => write!(f, "the peer ended the session ({how:?})"),
        }
    }
}

impl core::error::Error for BleCentralError {
    fn source(&self) -> Option<&(dyn core::error::Error + 'static)> {
        match self {
            Self::Bluetooth { error, .. } => Some(error),
            Self::Link(e) => Some(e),
            Self::Exchange(e) => Some(e),
            _ => None,
        }
    }
}

impl From<BleError> for BleCentralError {
    fn from(e: BleError) -> Self {
        Self::Link(e)
    }
}

impl From<ExchangeError> for BleCentralError {
    fn from(e: ExchangeError) -> Self {
        Self::Exchange(e)
    }
}

/// The drivers' errors as the BLE API has always reported them.
impl From<DriverError<BleCentralError>> for BleCentralError {
    fn from(e: DriverError<BleCentralError>) -> Self {
        match e {
            DriverError::Channel(e) => e,
            DriverError::Exchange(e) => Self::Exchange(e),
            DriverError::EndedByPeer(how) => Self::EndedByPeer(how),
        }
    }
}
