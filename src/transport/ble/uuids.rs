//! GATT UUIDs of ISO 18013-5 BLE data retrieval.
//!
//! Every characteristic UUID shares the base `xxxxxxxx-a123-48ce-896b-4c76973373e6`; the
//! service UUID is not fixed but carried in the engagement. UUIDs are big-endian bytes, as
//! written in text; parsing and formatting are the `uuid` crate's.

use alloc::string::{String, ToString as _};

use uuid::{Uuid, uuid};

use crate::engagement::BleMode;

/// State in mdoc peripheral server mode (Notify, Write Without Response).
pub const PERIPHERAL_SERVER_STATE: [u8; 16] =
    uuid!("00000001-a123-48ce-896b-4c76973373e6").into_bytes();
/// Client2Server in mdoc peripheral server mode (Write Without Response).
pub const PERIPHERAL_SERVER_CLIENT2SERVER: [u8; 16] =
    uuid!("00000002-a123-48ce-896b-4c76973373e6").into_bytes();
/// Server2Client in mdoc peripheral server mode (Notify).
pub const PERIPHERAL_SERVER_SERVER2CLIENT: [u8; 16] =
    uuid!("00000003-a123-48ce-896b-4c76973373e6").into_bytes();
/// L2CAP PSM in mdoc peripheral server mode (Read; 18013-5 second edition drafts).
pub const PERIPHERAL_SERVER_L2CAP: [u8; 16] =
    uuid!("0000000a-a123-48ce-896b-4c76973373e6").into_bytes();

/// State in mdoc central client mode (Notify, Write Without Response).
pub const CENTRAL_CLIENT_STATE: [u8; 16] =
    uuid!("00000005-a123-48ce-896b-4c76973373e6").into_bytes();
/// Client2Server in mdoc central client mode (Write Without Response).
pub const CENTRAL_CLIENT_CLIENT2SERVER: [u8; 16] =
    uuid!("00000006-a123-48ce-896b-4c76973373e6").into_bytes();
/// Server2Client in mdoc central client mode (Notify).
pub const CENTRAL_CLIENT_SERVER2CLIENT: [u8; 16] =
    uuid!("00000007-a123-48ce-896b-4c76973373e6").into_bytes();
/// Ident in mdoc central client mode (Read, 16 bytes; see [`ble_ident`]).
///
/// [`ble_ident`]: super::ble_ident
pub const CENTRAL_CLIENT_IDENT: [u8; 16] =
    uuid!("00000008-a123-48ce-896b-4c76973373e6").into_bytes();
/// L2CAP PSM in mdoc central client mode (Read; 18013-5 second edition drafts).
pub const CENTRAL_CLIENT_L2CAP: [u8; 16] =
    uuid!("0000000b-a123-48ce-896b-4c76973373e6").into_bytes();

/// The Client Characteristic Configuration Descriptor, `00002902-0000-1000-8000-00805f9b34fb`,
/// written to enable notifications.
pub const CCCD: [u8; 16] = uuid!("00002902-0000-1000-8000-00805f9b34fb").into_bytes();

/// The characteristics of the ISO 18013-5 GATT service.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Characteristic {
    /// State: `0x01` start, `0x02` end.
    State,
    /// Messages from the GATT client to the GATT server.
    Client2Server,
    /// Messages from the GATT server to the GATT client (notifications).
    Server2Client,
    /// Ident (central client mode only).
    Ident,
    /// L2CAP PSM (optional, second edition drafts).
    L2cap,
}

impl Characteristic {
    /// Every characteristic.
    pub const ALL: [Self; 5] = [
        Self::State,
        Self::Client2Server,
        Self::Server2Client,
        Self::Ident,
        Self::L2cap,
    ];

    /// This characteristic's UUID in `mode`; `None` for Ident in peripheral server mode,
    /// where it does not exist.
    ///
    /// ```
    /// use iso18013::engagement::BleMode;
    /// use iso18013::transport::ble::uuids::{Characteristic, format_uuid};
    /// let uuid = Characteristic::Ident.uuid(BleMode::CentralClient).unwrap();
    /// assert_eq!(format_uuid(&uuid), "00000008-a123-48ce-896b-4c76973373e6");
    /// assert_eq!(Characteristic::Ident.uuid(BleMode::PeripheralServer), None);
    /// ```
    pub fn uuid(self, mode: BleMode) -> Option<[u8; 16]> {
        match (mode, self) {
            (BleMode::PeripheralServer, Self::State) => Some(PERIPHERAL_SERVER_STATE),
            (BleMode::PeripheralServer, Self::Client2Server) => {
                Some(PERIPHERAL_SERVER_CLIENT2SERVER)
            }
            (BleMode::PeripheralServer, Self::Server2Client) => {
                Some(PERIPHERAL_SERVER_SERVER2CLIENT)
            }
            (BleMode::PeripheralServer, Self::Ident) => None,
            (BleMode::PeripheralServer, Self::L2cap) => Some(PERIPHERAL_SERVER_L2CAP),
            (BleMode::CentralClient, Self::State) => Some(CENTRAL_CLIENT_STATE),
            (BleMode::CentralClient, Self::Client2Server) => Some(CENTRAL_CLIENT_CLIENT2SERVER),
            (BleMode::CentralClient, Self::Server2Client) => Some(CENTRAL_CLIENT_SERVER2CLIENT),
            (BleMode::CentralClient, Self::Ident) => Some(CENTRAL_CLIENT_IDENT),
            (BleMode::CentralClient, Self::L2cap) => Some(CENTRAL_CLIENT_L2CAP),
        }
    }

    /// The characteristic with `uuid` in `mode`, if any.
    pub fn from_uuid(mode: BleMode, uuid: &[u8; 16]) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|c| c.uuid(mode).as_ref() == Some(uuid))
    }
}

/// A UUID in the usual 8-4-4-4-12 lower-case hexadecimal text.
///
/// ```
/// use iso18013::transport::ble::uuids::{CCCD, format_uuid};
/// assert_eq!(format_uuid(&CCCD), "00002902-0000-1000-8000-00805f9b34fb");
/// ```
pub fn format_uuid(uuid: &[u8; 16]) -> String {
    Uuid::from_bytes(*uuid).hyphenated().to_string()
}

/// A UUID from 8-4-4-4-12 hexadecimal text (either case); `None` if it is not one.
///
/// Only the hyphenated form is accepted (the simple, braced and URN forms the `uuid`
/// crate also reads are not UUIDs as BLE stacks print them).
///
/// ```
/// use iso18013::transport::ble::uuids::{PERIPHERAL_SERVER_STATE, parse_uuid};
/// assert_eq!(
///     parse_uuid("00000001-A123-48CE-896B-4C76973373E6"),
///     Some(PERIPHERAL_SERVER_STATE)
/// );
/// assert_eq!(parse_uuid("00000001a12348ce896b4c76973373e6"), None);
/// assert_eq!(parse_uuid("{00000001-a123-48ce-896b-4c76973373e6}"), None);
/// ```
pub fn parse_uuid(text: &str) -> Option<[u8; 16]> {
    // At 36 characters the `uuid` crate reads the hyphenated form only.
    if text.len() != 36 {
        return None;
    }
    Uuid::try_parse(text).ok().map(Uuid::into_bytes)
}
