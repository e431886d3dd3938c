//! An in-memory BLE link: the mdoc's and the reader's [`BleLink`] joined by a queue in
//! each direction, at a chosen MTU, with faults to inject for tests (drop or duplicate
//! the n-th message chunk in one direction).
//!
//! It performs the GATT operations the two sides ask for like a stack would: writes and
//! notifications are queued to the peer, notifications only once subscribed, an Ident read
//! is answered with the server's Ident, and a disconnection reaches the peer. What each
//! side's application should see (started, messages, ended) is kept per side.
//!
//! ```
//! use iso18013::engagement::BleMode;
//! use iso18013::transport::ble::Side;
//! use iso18013::transport::memory::MemoryLink;
//! let mut link = MemoryLink::new(BleMode::CentralClient, 23, [9; 16], [9; 16]);
//! link.connect()?;
//! link.send(Side::Reader, &[0xa1; 100])?;
//! assert_eq!(link.receive(Side::Mdoc), Some(vec![0xa1; 100]));
//! # Ok::<(), iso18013::transport::memory::MemoryError>(())
//! ```

use alloc::collections::VecDeque;
use alloc::vec::Vec;
use core::fmt;

use super::ble::{Action, BleError, BleLink, Characteristic, Event, GattRole, Side, Termination};
use crate::engagement::BleMode;

/// What a [`Fault`] does to a chunk.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FaultKind {
    /// The chunk is lost.
    Drop,
    /// The chunk arrives twice.
    Duplicate,
}

/// A fault on the `chunk`-th message value (counting from 0, State values not counted)
/// travelling towards `to`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Fault {
    /// The receiving side.
    pub to: Side,
    /// The index of the chunk among all message chunks towards `to`.
    pub chunk: usize,
    /// What happens to it.
    pub kind: FaultKind,
}

/// A side's link failed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MemoryError {
    /// The side whose link reported the error.
    pub side: Side,
    /// The error.
    pub error: BleError,
}

impl fmt::Display for MemoryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}: {}", self.side, self.error)
    }
}

impl core::error::Error for MemoryError {
    fn source(&self) -> Option<&(dyn core::error::Error + 'static)> {
        Some(&self.error)
    }
}

/// One side: its link, what reaches it, and what its application has seen.
#[derive(Debug)]
struct End {
    link: BleLink,
    inbox: VecDeque<Event>,
    subscribed: Vec<Characteristic>,
    chunks_in: usize,
    started: bool,
    delivered: VecDeque<Vec<u8>>,
}

impl End {
    fn new(link: BleLink) -> Self {
        Self {
            link,
            inbox: VecDeque::new(),
            subscribed: Vec::new(),
            chunks_in: 0,
            started: false,
            delivered: VecDeque::new(),
        }
    }
}

/// Two [`BleLink`]s joined in memory (see the [module](self) docs).
#[derive(Debug)]
pub struct MemoryLink {
    mdoc: End,
    reader: End,
    mtu: u16,
    faults: Vec<Fault>,
    connected: bool,
}

impl MemoryLink {
    /// A link in `mode` at `mtu`; each side gets the Ident it computed from the
    /// engagement it knows (the same one, unless a test wants them to differ).
    pub fn new(mode: BleMode, mtu: u16, mdoc_ident: [u8; 16], reader_ident: [u8; 16]) -> Self {
        Self::from_links(
            BleLink::new(mode, Side::Mdoc, mdoc_ident),
            BleLink::new(mode, Side::Reader, reader_ident),
            mtu,
        )
    }

    /// A link joining two sides built by the caller (for message limits); `mdoc` and
    /// `reader` must be of the same mode and of those sides.
    pub fn from_links(mdoc: BleLink, reader: BleLink, mtu: u16) -> Self {
        Self {
            mdoc: End::new(mdoc),
            reader: End::new(reader),
            mtu,
            faults: Vec::new(),
            connected: false,
        }
    }

    /// Adds a fault.
    #[must_use]
    pub fn with_fault(mut self, fault: Fault) -> Self {
        self.faults.push(fault);
        self
    }

    /// A side's link.
    pub fn link(&self, side: Side) -> &BleLink {
        &self.end(side).link
    }

    fn end(&self, side: Side) -> &End {
        match side {
            Side::Mdoc => &self.mdoc,
            Side::Reader => &self.reader,
        }
    }

    fn end_mut(&mut self, side: Side) -> &mut End {
        match side {
            Side::Mdoc => &mut self.mdoc,
            Side::Reader => &mut self.reader,
        }
    }

    fn client(&self) -> Side {
        match self.mdoc.link.role() {
            GattRole::Client => Side::Mdoc,
            GattRole::Server => Side::Reader,
        }
    }

    /// Connects: both sides learn the MTU, the server starts, then the client, and
    /// everything queued is carried until both queues are empty.
    ///
    /// # Errors
    /// The first [`BleError`] either side reports (a wrong Ident, for one).
    pub fn connect(&mut self) -> Result<(), MemoryError> {
        self.connected = true;
        let client = self.client();
        for side in [client.peer(), client] {
            let mtu = self.mtu;
            self.end_mut(side).inbox.push_back(Event::MtuChanged(mtu));
            self.pump()?;
            let actions = self.end_mut(side).link.start();
            self.apply(side, actions);
        }
        self.pump()
    }

    /// `from` sends a message; everything queued is carried.
    ///
    /// # Errors
    /// The first [`BleError`] either side reports.
    pub fn send(&mut self, from: Side, message: &[u8]) -> Result<(), MemoryError> {
        let actions = self
            .end_mut(from)
            .link
            .send(message)
            .map_err(|error| MemoryError { side: from, error })?;
        self.apply(from, actions);
        self.pump()
    }

    /// `side` ends the session with State `0x02`; everything queued is carried.
    ///
    /// # Errors
    /// The first [`BleError`] either side reports.
    pub fn terminate(&mut self, side: Side) -> Result<(), MemoryError> {
        let actions = self.end_mut(side).link.terminate();
        self.apply(side, actions);
        self.pump()
    }

    /// Hands `to` an event directly, as if its stack reported it (for tests of what a
    /// misbehaving peer could send); everything queued is carried.
    ///
    /// # Errors
    /// The first [`BleError`] either side reports.
    pub fn inject(&mut self, to: Side, event: Event) -> Result<(), MemoryError> {
        self.end_mut(to).inbox.push_back(event);
        self.pump()
    }

    /// The oldest message delivered to `side` and not yet taken.
    pub fn receive(&mut self, side: Side) -> Option<Vec<u8>> {
        self.end_mut(side).delivered.pop_front()
    }

    /// True once `side`'s application was told the session started.
    pub fn started(&self, side: Side) -> bool {
        self.end(side).started
    }

    /// How the session ended at `side`, once it has.
    pub fn ended(&self, side: Side) -> Option<Termination> {
        self.end(side).link.termination()
    }

    /// True until either side disconnects.
    pub fn is_connected(&self) -> bool {
        self.connected
    }

    /// Carries queued events until both inboxes are empty.
    fn pump(&mut self) -> Result<(), MemoryError> {
        loop {
            let mut idle = true;
            for side in [Side::Mdoc, Side::Reader] {
                let Some(event) = self.end_mut(side).inbox.pop_front() else {
                    continue;
                };
                idle = false;
                let actions = self
                    .end_mut(side)
                    .link
                    .handle(event)
                    .map_err(|error| MemoryError { side, error })?;
                self.apply(side, actions);
            }
            if idle {
                return Ok(());
            }
        }
    }

    /// Performs what `side` asked for.
    fn apply(&mut self, side: Side, actions: Vec<Action>) {
        let peer = side.peer();
        for action in actions {
            match action {
                Action::Read(characteristic) => {
                    // The server serves Ident in central client mode; nothing else is read.
                    if self.connected
                        && characteristic == Characteristic::Ident
                        && self.end(peer).link.mode() == BleMode::CentralClient
                    {
                        let value = self.end(peer).link.ident().to_vec();
                        self.end_mut(side).inbox.push_back(Event::IdentRead(value));
                    }
                }
                Action::Subscribe(characteristic) => {
                    self.end_mut(side).subscribed.push(characteristic);
                }
                Action::Write {
                    characteristic,
                    value,
                } => self.carry(peer, characteristic, value),
                Action::Notify {
                    characteristic,
                    value,
                } => {
                    if self.end(peer).subscribed.contains(&characteristic) {
                        self.carry(peer, characteristic, value);
                    }
                }
                Action::Disconnect => {
                    if self.connected {
                        self.connected = false;
                        self.end_mut(peer).inbox.push_back(Event::Disconnected);
                    }
                }
                Action::Started => self.end_mut(side).started = true,
                Action::Deliver(message) => self.end_mut(side).delivered.push_back(message),
                Action::Ended(_) => {}
            }
        }
    }

    /// Queues a value to `to`, applying any fault on message chunks.
    fn carry(&mut self, to: Side, characteristic: Characteristic, value: Vec<u8>) {
        if !self.connected {
            return;
        }
        let mut copies = 1;
        if characteristic != Characteristic::State {
            let index = self.end(to).chunks_in;
            self.end_mut(to).chunks_in = index.saturating_add(1);
            for fault in &self.faults {
                if fault.to == to && fault.chunk == index {
                    copies = match fault.kind {
                        FaultKind::Drop => 0,
                        FaultKind::Duplicate => 2,
                    };
                }
            }
        }
        for _ in 0..copies {
            self.end_mut(to).inbox.push_back(Event::Received {
                characteristic,
                value: value.clone(),
            });
        }
    }
}
