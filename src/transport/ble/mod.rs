//! The sans-I/O core of ISO/IEC 18013-5 BLE data retrieval (clause 8.3.3.1.1).
//!
//! Nothing here touches a radio: adapters (btleplug, the in-memory [`memory`] link)
//! perform the [`Action`]s a [`BleLink`] asks for and feed it the [`Event`]s they see.
//!
//! - [`uuids`]: the characteristic UUIDs of both modes and the CCCD.
//! - [`framing`]: messages split into characteristic values of at most `min(512, MTU - 3)`
//!   bytes, each `0x01` (more follows) or `0x00` (last) followed by data, and reassembled
//!   under a size limit.
//! - [`state`]: the State characteristic values, `0x01` start and `0x02` end.
//! - [`ident`]: `Ident = HKDF-SHA-256(EDeviceKeyBytes, "BLEIdent", 16)`.
//! - [`link`]: one side of the GATT link as a state machine.
//!
//! [`memory`]: crate::transport::memory

pub mod framing;
pub mod ident;
pub mod link;
pub mod state;
pub mod uuids;

pub use framing::{FramingError, Reassembler, chunk, max_chunk_payload};
pub use ident::{ble_ident, check_ble_ident};
pub use link::{Action, BleError, BleLink, Event, GattRole, Side, Termination};
pub use state::{State, StateError};
pub use uuids::Characteristic;

#[cfg(test)]
mod tests;
