//! Transports that carry whole `SessionEstablishment` and `SessionData` messages between
//! holder and reader.
//!
//! - [`ble`]: the sans-I/O core of ISO 18013-5 BLE data retrieval (GATT characteristics,
//!   framing to the MTU, the State characteristic, the Ident check, termination), shared
//!   by every adapter.
//! - [`memory`]: an in-memory link joining two BLE sides, for tests.
//! - `ble_central` (feature `ble`): the reader in mdoc peripheral server mode and the
//!   wallet in mdoc central client mode, on btleplug.

pub mod ble;
#[cfg(feature = "ble")]
pub mod ble_central;
pub mod memory;
