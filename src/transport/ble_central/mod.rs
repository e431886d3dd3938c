//! ISO 18013-5 BLE data retrieval through btleplug (feature `ble`), in the two roles a
//! BLE central can play:
//!
//! - the **reader in mdoc peripheral server mode**: [`read_from_peripheral`] scans for the
//!   service UUID of the holder's engagement, connects, sends the request and verifies the
//!   response;
//! - the **mdoc in mdoc central client mode**: [`present_to_reader`] scans for the
//!   reader's service UUID, checks its Ident, receives requests and answers them with the
//!   holder's consent.
//!
//! Both run the crate's role drivers ([`crate::driver`]) over a [`GattClient`], a
//! [`MessageChannel`](crate::driver::channel::MessageChannel) that drives the sans-I/O
//! [`BleLink`](crate::transport::ble::BleLink) on a btleplug peripheral. Every step has its own time limit ([`Timeouts`]; bluez-async
//! waits 30 s for services on its own), and every error path disconnects.
//!
//! btleplug (through bluez-async) can panic inside a task it spawns; tokio contains such
//! panics, so do not build an application using this module with `panic = "abort"`.

mod client;
mod error;
mod reader;
mod wallet;

use core::time::Duration;

use btleplug::api::Manager as _;
use btleplug::platform::{Adapter, Manager};

pub use client::GattClient;
pub use error::{BleCentralError, Step};
pub use reader::read_from_peripheral;
pub use wallet::present_to_reader;
// Moved to the transport-agnostic driver; kept here so the BLE API stays whole.
pub use crate::driver::{Decision, WalletOutcome, WalletSide};

/// Time limits of the steps of a BLE session.
///
/// ```
/// use core::time::Duration;
/// use iso18013::transport::ble_central::Timeouts;
/// let quick = Timeouts { scan: Duration::from_secs(5), ..Timeouts::default() };
/// assert_eq!(quick.gap, Timeouts::default().gap);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Timeouts {
    /// Scanning until the peer's service UUID is seen (default 30 s).
    pub scan: Duration,
    /// Connecting, with bluez until the services are resolved (default 10 s).
    pub connect: Duration,
    /// Discovering services (default 10 s).
    pub discovery: Duration,
    /// Each GATT read, write, subscription and the disconnection (default 5 s).
    pub gatt: Duration,
    /// The first value of the peer's next message; the holder's user may be deciding
    /// (default 120 s).
    pub reply: Duration,
    /// Between two values of one message (default 5 s).
    pub gap: Duration,
    /// One whole message, from its first value to its last (default 300 s: 1 MiB at a
    /// slow 4 KiB/s).
    pub message: Duration,
}

impl Default for Timeouts {
    fn default() -> Self {
        Self {
            scan: Duration::from_secs(30),
            connect: Duration::from_secs(10),
            discovery: Duration::from_secs(10),
            gatt: Duration::from_secs(5),
            reply: Duration::from_secs(120),
            gap: Duration::from_secs(5),
            message: Duration::from_secs(300),
        }
    }
}

/// The system's first Bluetooth adapter (on Linux, BlueZ's `hci0` usually).
///
/// # Errors
/// [`BleCentralError::Bluetooth`] when the Bluetooth service cannot be reached,
/// [`BleCentralError::NoAdapter`] when it has no adapter, [`BleCentralError::Timeout`]
/// after 10 s.
pub async fn first_adapter() -> Result<Adapter, BleCentralError> {
    let limit = Duration::from_secs(10);
    let wrap = |error| BleCentralError::Bluetooth {
        step: Step::Adapter,
        error,
    };
    let manager = tokio::time::timeout(limit, Manager::new())
        .await
        .map_err(|_| BleCentralError::Timeout(Step::Adapter))?
        .map_err(wrap)?;
    let adapters = tokio::time::timeout(limit, manager.adapters())
        .await
        .map_err(|_| BleCentralError::Timeout(Step::Adapter))?
        .map_err(wrap)?;
    adapters
        .into_iter()
        .next()
        .ok_or(BleCentralError::NoAdapter)
}
