//! Transports that carry whole `SessionEstablishment` and `SessionData` messages between
//! holder and reader.
//!
//! - [`ble`]: the sans-I/O core of ISO 18013-5 BLE data retrieval (GATT characteristics,
//!   framing to the MTU, the State characteristic, the Ident check, termination), shared
//!   by every adapter.
//! - [`channel`]: the [`MessageChannel`](channel::MessageChannel) trait the role drivers
//!   ([`crate::driver`]) run over: send, receive and end with whole messages. It lives in
//!   [`crate::driver::channel`] (transports implement the drivers' trait and call the
//!   drivers, so the import goes one way) and is re-exported here.
//! - [`memory`]: an in-memory link joining two BLE sides, for tests.
//! - [`memory_channel`]: an in-memory message channel pair with faults, for tests of
//!   drivers and of any transport.
//! - `ble_central` (feature `ble`): the reader in mdoc peripheral server mode and the
//!   wallet in mdoc central client mode, on btleplug.

pub mod ble;
#[cfg(feature = "ble")]
pub mod ble_central;
pub use crate::driver::channel;
pub mod memory;
pub mod memory_channel;
