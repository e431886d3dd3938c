//! The Ident characteristic of mdoc central client mode: the reader's GATT server serves
//! `HKDF-SHA-256(IKM = EDeviceKeyBytes, salt = empty, info = "BLEIdent", L = 16)`, and the
//! mdoc reads it right after discovery, leaving a reader that does not know its
//! engagement key (the wrong reader) before anything else is said.

use subtle::ConstantTimeEq;

use super::link::BleError;
use crate::crypto::{CryptoError, CryptoProvider};

/// The HKDF info of the Ident.
pub const IDENT_INFO: &[u8] = b"BLEIdent";
/// The length of the Ident in bytes.
pub const IDENT_LEN: usize = 16;

/// The Ident for an engagement: HKDF-SHA-256 of `e_device_key_bytes`, the exact
/// `#6.24(bstr .cbor COSE_Key)` bytes of the DeviceEngagement, with an empty salt and info
/// `"BLEIdent"`.
///
/// # Errors
/// [`CryptoError`] if the backend fails.
pub fn ble_ident(
    provider: &dyn CryptoProvider,
    e_device_key_bytes: &[u8],
) -> Result<[u8; IDENT_LEN], CryptoError> {
    let mut ident = [0u8; IDENT_LEN];
    provider.hkdf_sha256(&[], e_device_key_bytes, IDENT_INFO, &mut ident)?;
    Ok(ident)
}

/// True when `received` is the 16-byte `expected` Ident (compared in constant time).
pub fn ident_matches(expected: &[u8; IDENT_LEN], received: &[u8]) -> bool {
    received.len() == IDENT_LEN && bool::from(expected.as_slice().ct_eq(received))
}

/// Checks an Ident read from the reader's GATT server against the engagement's key.
///
/// # Errors
/// [`BleError::WrongIdent`] when it differs, [`BleError::Crypto`] if the backend fails.
pub fn check_ble_ident(
    provider: &dyn CryptoProvider,
    e_device_key_bytes: &[u8],
    received: &[u8],
) -> Result<(), BleError> {
    let expected = ble_ident(provider, e_device_key_bytes).map_err(BleError::Crypto)?;
    if ident_matches(&expected, received) {
        Ok(())
    } else {
        Err(BleError::WrongIdent)
    }
}
