//! [`MessageChannel`]: what the role drivers ([`crate::driver`]) need of a transport
//! (also reachable as `transport::channel`).
//!
//! A channel carries whole `SessionEstablishment` and `SessionData` messages between the
//! two parties of one session: send one message, receive the next one (or learn that the
//! peer ended the session, and how), end the session. How messages are split, framed and
//! reassembled, how large they may be and how long each step may take are the
//! transport's own business (the BLE adapter's
//! [`Timeouts`](crate::transport::ble_central::Timeouts) and reassembly limit, for one);
//! its failures are its own error type.
//!
//! Implemented by the btleplug GATT client (`transport::ble_central::GattClient`) and
//! by the in-memory [`MemoryChannel`](crate::transport::memory_channel::MemoryChannel)
//! that tests of any transport can use.

use alloc::vec::Vec;

/// How a session ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Termination {
    /// The peer ended it the transport's own way (BLE: State `0x02`).
    EndReceived,
    /// This side ended it the transport's own way (BLE: State `0x02`).
    EndSent,
    /// The peer sent a `SessionData` with status 20.
    StatusReceived,
    /// This side sent a `SessionData` with status 20.
    StatusSent,
}

impl Termination {
    /// True when the peer ended the session.
    ///
    /// ```
    /// use iso18013::transport::channel::Termination;
    /// assert!(Termination::EndReceived.by_peer());
    /// assert!(!Termination::StatusSent.by_peer());
    /// ```
    pub fn by_peer(self) -> bool {
        matches!(self, Self::EndReceived | Self::StatusReceived)
    }
}

/// What [`MessageChannel::receive`] brings.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Received {
    /// The peer's next whole message.
    Message(Vec<u8>),
    /// The peer ended the session before sending another message.
    Ended(Termination),
}

/// One end of a session's transport, carrying whole messages (see the [module](self)
/// docs).
///
/// An error from [`send`](Self::send) or [`receive`](Self::receive) is final: the
/// transport has closed the link (disconnected) by the time it returns, and the channel
/// should be dropped.
///
/// The methods are `async fn`s without a `Send` bound, so that a transport bound to one
/// thread can implement the trait; a driver's future over a channel whose futures are
/// `Send` is `Send` too.
#[allow(async_fn_in_trait)]
pub trait MessageChannel {
    /// What can go wrong on this transport (timeouts, disconnection, protocol
    /// violations).
    type Error;

    /// Sends one whole message.
    ///
    /// # Errors
    /// The transport's, when the message cannot be sent (the link is then closed).
    async fn send(&mut self, message: &[u8]) -> Result<(), Self::Error>;

    /// Waits for the peer's next whole message, within the transport's limits and
    /// deadlines, or learns that the peer ended the session.
    ///
    /// # Errors
    /// The transport's: a timeout, the link dropping, a protocol violation, a message over
    /// the size limit (the link is then closed).
    async fn receive(&mut self) -> Result<Received, Self::Error>;

    /// Ends the session the transport's own way (BLE: State `0x02`) and closes the link.
    ///
    /// # Errors
    /// The transport's, when the end could not be signalled; the link is closed anyway.
    async fn terminate(self) -> Result<(), Self::Error>
    where
        Self: Sized;

    /// Closes the link without a word to the peer (after a status 20 was sent or
    /// received, or when the link is already gone).
    async fn close(self)
    where
        Self: Sized;
}
