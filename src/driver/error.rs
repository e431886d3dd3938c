//! What can go wrong while a driver runs a session.

use core::fmt;

use super::channel::Termination;
use crate::exchange::ExchangeError;

/// Why a session run by a driver failed; `E` is the channel's own error. Whatever the
/// error, the channel has been closed by the time it is returned.
#[derive(Debug)]
#[non_exhaustive]
pub enum DriverError<E> {
    /// The transport failed (a timeout, the link dropping, a protocol violation).
    Channel(E),
    /// The session messages failed (decryption, decoding, verification, a peer status).
    Exchange(ExchangeError),
    /// The peer ended the session before the message this side was waiting for.
    EndedByPeer(Termination),
}

impl<E: fmt::Display> fmt::Display for DriverError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Channel(e) => write!(f, "transport: {e}"),
            Self::Exchange(e) => write!(f, "session: {e}"),
            Self::EndedByPeer(how) => write!(f, "the peer ended the session ({how:?})"),
        }
    }
}

impl<E: core::error::Error + 'static> core::error::Error for DriverError<E> {
    fn source(&self) -> Option<&(dyn core::error::Error + 'static)> {
        match self {
            Self::Channel(e) => Some(e),
            Self::Exchange(e) => Some(e),
            Self::EndedByPeer(_) => None,
        }
    }
}

impl<E> From<ExchangeError> for DriverError<E> {
    fn from(e: ExchangeError) -> Self {
        Self::Exchange(e)
    }
}
