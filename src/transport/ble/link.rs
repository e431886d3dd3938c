//! One side of the GATT link as a sans-I/O state machine.
//!
//! A [`BleLink`] knows the mode, which party it plays and so whether it is the GATT client
//! or server. The adapter feeds it [`Event`]s (values received, the Ident read, the MTU, a
//! disconnection) and performs the [`Action`]s it returns, in order: reads, subscriptions,
//! writes, notifications, disconnecting, plus what the application should see (the
//! session started, a complete message, the session ended).
//!
//! The GATT client (the reader in peripheral server mode, the mdoc in central client
//! mode) opens the session: in central client mode it first reads Ident and checks it,
//! then subscribes to State and Server2Client and writes State `0x01`. No message data is
//! accepted before that `0x01`. The session ends on State `0x02` or on a `SessionData`
//! with status 20, sent or received; the GATT client then disconnects.
//!
//! Any error is final: the link is closed and the adapter should disconnect.

use alloc::vec;
use alloc::vec::Vec;
use core::fmt;

use super::framing::{DEFAULT_MTU, FramingError, MIN_MTU, Reassembler, chunk};
use super::ident::{IDENT_LEN, ident_matches};
use super::state::{State, StateError};
use super::uuids::Characteristic;
use crate::crypto::CryptoError;
pub use crate::driver::channel::Termination;
use crate::engagement::BleMode;
use crate::session::{SessionData, SessionStatus};

/// The party a side plays.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Side {
    /// The mdoc (holder, wallet).
    Mdoc,
    /// The mdoc reader.
    Reader,
}

impl Side {
    /// The other party.
    pub fn peer(self) -> Self {
        match self {
            Self::Mdoc => Self::Reader,
            Self::Reader => Self::Mdoc,
        }
    }

    /// The GATT role this party has in `mode`: the mdoc is the server in peripheral
    /// server mode and the client in central client mode; the reader the opposite.
    pub fn gatt_role(self, mode: BleMode) -> GattRole {
        match (self, mode) {
            (Self::Mdoc, BleMode::PeripheralServer) | (Self::Reader, BleMode::CentralClient) => {
                GattRole::Server
            }
            (Self::Mdoc, BleMode::CentralClient) | (Self::Reader, BleMode::PeripheralServer) => {
                GattRole::Client
            }
        }
    }
}

/// GATT client (central) or GATT server (peripheral).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum GattRole {
    /// Writes Client2Server and State, reads Ident, receives notifications.
    Client,
    /// Notifies Server2Client and State, receives writes, serves Ident.
    Server,
}

/// What the adapter saw.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Event {
    /// The ATT MTU was negotiated (23 until then).
    MtuChanged(u16),
    /// GATT client: the value read from Ident.
    IdentRead(Vec<u8>),
    /// A value arrived: a write from the client (server side) or a notification (client
    /// side).
    Received {
        /// The characteristic.
        characteristic: Characteristic,
        /// Its value.
        value: Vec<u8>,
    },
    /// The link dropped.
    Disconnected,
}

/// What the adapter must do, or tell the application, in order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Action {
    /// GATT client: read a characteristic (Ident), then feed back [`Event::IdentRead`].
    Read(Characteristic),
    /// GATT client: enable notifications on a characteristic (write its CCCD).
    Subscribe(Characteristic),
    /// GATT client: write a value (Write Without Response), waiting for it to go before
    /// the next.
    Write {
        /// The characteristic.
        characteristic: Characteristic,
        /// The value.
        value: Vec<u8>,
    },
    /// GATT server: notify a value, waiting for it to go before the next.
    Notify {
        /// The characteristic.
        characteristic: Characteristic,
        /// The value.
        value: Vec<u8>,
    },
    /// GATT client: disconnect.
    Disconnect,
    /// For the application: the session started; messages may flow.
    Started,
    /// For the application: a complete message arrived.
    Deliver(Vec<u8>),
    /// For the application: the session ended.
    Ended(Termination),
}

/// A BLE protocol violation or misuse of the link.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum BleError {
    /// A message value was malformed or too long, or the MTU is unusable.
    Framing(FramingError),
    /// A State value other than `0x01` or `0x02`.
    State(StateError),
    /// Message data arrived before State `0x01`.
    DataBeforeStart,
    /// The Ident read from the reader is not the one of this engagement.
    WrongIdent,
    /// A value arrived on a characteristic this side does not receive on.
    UnexpectedCharacteristic(Characteristic),
    /// An event that does not fit the link's state (named).
    UnexpectedEvent(&'static str),
    /// A message to send before the session started.
    NotStarted,
    /// The link is closed: ended, failed or disconnected.
    Closed,
    /// The link dropped before the session ended.
    Disconnected,
    /// A cryptographic failure (deriving the Ident).
    Crypto(CryptoError),
}

impl fmt::Display for BleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Framing(e) => write!(f, "BLE framing: {e}"),
            Self::State(e) => write!(f, "BLE State: {e}"),
            Self::DataBeforeStart => f.write_str("BLE message data before State 0x01"),
            Self::WrongIdent => f.write_str("BLE Ident does not match the engagement"),
            Self::UnexpectedCharacteristic(c) => write!(f, "BLE value on {c:?} unexpected"),
            Self::UnexpectedEvent(what) => write!(f, "BLE {what} unexpected"),
            Self::NotStarted => f.write_str("BLE session not started"),
            Self::Closed => f.write_str("BLE link closed"),
            Self::Disconnected => f.write_str("BLE link dropped before the session ended"),
            Self::Crypto(e) => write!(f, "BLE Ident: {e}"),
        }
    }
}

impl core::error::Error for BleError {
    fn source(&self) -> Option<&(dyn core::error::Error + 'static)> {
        match self {
            Self::Framing(e) => Some(e),
            Self::State(e) => Some(e),
            Self::Crypto(e) => Some(e),
            _ => None,
        }
    }
}

impl From<FramingError> for BleError {
    fn from(e: FramingError) -> Self {
        Self::Framing(e)
    }
}

impl From<StateError> for BleError {
    fn from(e: StateError) -> Self {
        Self::State(e)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Phase {
    /// Not started.
    Idle,
    /// GATT client in central client mode: Ident read asked for.
    AwaitingIdent,
    /// GATT server: waiting for State `0x01`.
    AwaitingStart,
    /// Messages flow.
    Open,
    /// Terminated by State `0x02` or status 20.
    Ended,
    /// Failed or disconnected.
    Closed,
}

/// One side of the GATT link (see the [module](self) docs).
#[derive(Clone, Debug)]
pub struct BleLink {
    mode: BleMode,
    side: Side,
    ident: [u8; IDENT_LEN],
    mtu: u16,
    reassembler: Reassembler,
    phase: Phase,
    termination: Option<Termination>,
}

impl BleLink {
    /// One side of a link in `mode`. `ident` is [`ble_ident`](super::ble_ident) of the
    /// engagement's EDeviceKeyBytes: the value to expect (mdoc) or to serve (reader) in
    /// central client mode; unused in peripheral server mode.
    pub fn new(mode: BleMode, side: Side, ident: [u8; IDENT_LEN]) -> Self {
        Self {
            mode,
            side,
            ident,
            mtu: DEFAULT_MTU,
            reassembler: Reassembler::new(),
            phase: Phase::Idle,
            termination: None,
        }
    }

    /// Limits received messages to `limit` bytes (default 1 MiB).
    #[must_use]
    pub fn with_max_message(mut self, limit: usize) -> Self {
        self.reassembler = Reassembler::with_limit(limit);
        self
    }

    /// The mode.
    pub fn mode(&self) -> BleMode {
        self.mode
    }

    /// The party this side plays.
    pub fn side(&self) -> Side {
        self.side
    }

    /// GATT client or server.
    pub fn role(&self) -> GattRole {
        self.side.gatt_role(self.mode)
    }

    /// The Ident this side expects (mdoc) or serves (reader).
    pub fn ident(&self) -> &[u8; IDENT_LEN] {
        &self.ident
    }

    /// The current ATT MTU.
    pub fn mtu(&self) -> u16 {
        self.mtu
    }

    /// True once the session started and until it ends.
    pub fn is_open(&self) -> bool {
        self.phase == Phase::Open
    }

    /// True while part of a message has arrived and its last value is awaited.
    pub fn is_receiving(&self) -> bool {
        self.reassembler.is_partial()
    }

    /// How the session ended, once it has.
    pub fn termination(&self) -> Option<Termination> {
        self.termination
    }

    /// The characteristic messages arrive on at this side.
    fn inbound(&self) -> Characteristic {
        match self.role() {
            GattRole::Client => Characteristic::Server2Client,
            GattRole::Server => Characteristic::Client2Server,
        }
    }

    /// A value sent to the peer on `characteristic`.
    fn out(&self, characteristic: Characteristic, value: Vec<u8>) -> Action {
        match self.role() {
            GattRole::Client => Action::Write {
                characteristic,
                value,
            },
            GattRole::Server => Action::Notify {
                characteristic,
                value,
            },
        }
    }

    fn fail<T>(&mut self, error: BleError) -> Result<T, BleError> {
        self.phase = Phase::Closed;
        self.reassembler.reset();
        Err(error)
    }

    /// Ends the session; the GATT client disconnects.
    fn end(&mut self, how: Termination, actions: &mut Vec<Action>) {
        self.phase = Phase::Ended;
        self.termination = Some(how);
        self.reassembler.reset();
        actions.push(Action::Ended(how));
        if self.role() == GattRole::Client {
            actions.push(Action::Disconnect);
        }
    }

    /// GATT client: subscribe, then write State `0x01`.
    fn open(&mut self) -> Vec<Action> {
        self.phase = Phase::Open;
        vec![
            Action::Subscribe(Characteristic::State),
            Action::Subscribe(Characteristic::Server2Client),
            self.out(Characteristic::State, State::Start.to_value().to_vec()),
            Action::Started,
        ]
    }

    /// Starts the link once connected (client) or once the service is up (server). The
    /// client reads Ident first in central client mode, or opens the session at once;
    /// the server waits for State `0x01`. Starting again does nothing.
    pub fn start(&mut self) -> Vec<Action> {
        if self.phase != Phase::Idle {
            return Vec::new();
        }
        match (self.role(), self.mode) {
            (GattRole::Client, BleMode::CentralClient) => {
                self.phase = Phase::AwaitingIdent;
                vec![Action::Read(Characteristic::Ident)]
            }
            (GattRole::Client, BleMode::PeripheralServer) => self.open(),
            (GattRole::Server, _) => {
                self.phase = Phase::AwaitingStart;
                Vec::new()
            }
        }
    }

    /// Takes one event.
    ///
    /// # Errors
    /// [`BleError::Framing`] for a malformed or too long message or an unusable MTU,
    /// [`BleError::State`] for an unknown State value, [`BleError::DataBeforeStart`],
    /// [`BleError::WrongIdent`], [`BleError::UnexpectedCharacteristic`],
    /// [`BleError::UnexpectedEvent`] for an Ident read result not asked for, and
    /// [`BleError::Disconnected`] when the link drops before the session ended. Every
    /// error closes the link.
    pub fn handle(&mut self, event: Event) -> Result<Vec<Action>, BleError> {
        match event {
            Event::MtuChanged(mtu) if mtu < MIN_MTU => {
                self.fail(FramingError::MtuTooSmall(mtu).into())
            }
            Event::MtuChanged(mtu) => {
                self.mtu = mtu;
                Ok(Vec::new())
            }
            Event::Disconnected => match self.phase {
                Phase::Ended | Phase::Closed => {
                    self.phase = Phase::Closed;
                    Ok(Vec::new())
                }
                _ => self.fail(BleError::Disconnected),
            },
            Event::IdentRead(value) => {
                if self.phase != Phase::AwaitingIdent {
                    return self.fail(BleError::UnexpectedEvent("Ident read result"));
                }
                if ident_matches(&self.ident, &value) {
                    Ok(self.open())
                } else {
                    self.fail(BleError::WrongIdent)
                }
            }
            Event::Received {
                characteristic,
                value,
            } => self.received(characteristic, &value),
        }
    }

    fn received(
        &mut self,
        characteristic: Characteristic,
        value: &[u8],
    ) -> Result<Vec<Action>, BleError> {
        if matches!(self.phase, Phase::Ended | Phase::Closed) {
            // Whatever was in flight when the session ended.
            return Ok(Vec::new());
        }
        let mut actions = Vec::new();
        if characteristic == Characteristic::State {
            match State::parse(value) {
                Err(e) => return self.fail(e.into()),
                Ok(State::Start) => {
                    if self.role() == GattRole::Server
                        && matches!(self.phase, Phase::Idle | Phase::AwaitingStart)
                    {
                        self.phase = Phase::Open;
                        actions.push(Action::Started);
                    }
                }
                Ok(State::End) => self.end(Termination::EndReceived, &mut actions),
            }
            return Ok(actions);
        }
        if characteristic != self.inbound() {
            return self.fail(BleError::UnexpectedCharacteristic(characteristic));
        }
        if self.phase != Phase::Open {
            return self.fail(BleError::DataBeforeStart);
        }
        match self.reassembler.push(value) {
            Err(e) => self.fail(e.into()),
            Ok(None) => Ok(actions),
            Ok(Some(message)) => {
                let ends = is_termination(&message);
                actions.push(Action::Deliver(message));
                if ends {
                    self.end(Termination::StatusReceived, &mut actions);
                }
                Ok(actions)
            }
        }
    }

    /// The values carrying `message` to the peer, at the current MTU. A `SessionData` with
    /// status 20 ends the session.
    ///
    /// # Errors
    /// [`BleError::NotStarted`] before the session started, [`BleError::Closed`] after it
    /// ended or failed.
    pub fn send(&mut self, message: &[u8]) -> Result<Vec<Action>, BleError> {
        match self.phase {
            Phase::Open => {}
            Phase::Ended | Phase::Closed => return Err(BleError::Closed),
            Phase::Idle | Phase::AwaitingIdent | Phase::AwaitingStart => {
                return Err(BleError::NotStarted);
            }
        }
        let outbound = match self.role() {
            GattRole::Client => Characteristic::Client2Server,
            GattRole::Server => Characteristic::Server2Client,
        };
        let mut actions: Vec<Action> = chunk(message, self.mtu)?
            .map(|value| self.out(outbound, value))
            .collect();
        if is_termination(message) {
            self.end(Termination::StatusSent, &mut actions);
        }
        Ok(actions)
    }

    /// Ends the session with State `0x02` (written by the client, which then
    /// disconnects; notified by the server). Nothing once the link is closed.
    pub fn terminate(&mut self) -> Vec<Action> {
        if matches!(self.phase, Phase::Ended | Phase::Closed) {
            return Vec::new();
        }
        let mut actions = vec![self.out(Characteristic::State, State::End.to_value().to_vec())];
        self.end(Termination::EndSent, &mut actions);
        actions
    }
}

/// True for a `SessionData` carrying status 20 (session termination).
pub fn is_termination(message: &[u8]) -> bool {
    SessionData::status_of(message) == Some(SessionStatus::Termination.code())
}
