//! The reader as BLE central, in mdoc peripheral server mode.

use alloc::vec::Vec;

use btleplug::platform::Adapter;

use super::{BleCentralError, GattClient, Timeouts};
use crate::crypto::RandomSource;
use crate::driver::Retrieval;
use crate::engagement::BleMode;
use crate::reader::Engaged;
use crate::request::ItemsRequest;
use crate::transport::ble::{BleLink, Side};
use crate::verify::Answer;

/// Reads documents from a holder that engaged (by QR code) offering mdoc peripheral
/// server mode: scans for its service UUID, connects, then runs the reader's driver
/// ([`crate::driver::read`]): sends the request for `requests`, receives the response and
/// verifies it in full at `now`, then ends the session with State `0x02` and disconnects.
///
/// When the response does not decrypt or decode, the holder is told so (status 10 or 11)
/// before the link is closed.
///
/// ```no_run
/// # async fn run(uri: &str, request: iso18013::request::ItemsRequest)
/// #     -> Result<(), Box<dyn core::error::Error>> {
/// use iso18013::crypto::{SystemRandom, default_provider};
/// use iso18013::reader::Reader;
/// use iso18013::transport::ble_central::{Timeouts, first_adapter, read_from_peripheral};
/// use iso18013::verify::Policy;
/// use iso18013::x509::TrustStore;
/// let provider = default_provider();
/// let reader = Reader::new(TrustStore::from_iaca_pem("...")?, Policy::new(provider));
/// let adapter = first_adapter().await?;
/// let now = 1_790_000_000;
/// let answer = read_from_peripheral(
///     &adapter, reader.scan(uri)?, vec![request], &mut SystemRandom(provider), now,
///     Timeouts::default(),
/// ).await?;
/// println!("{} document(s)", answer.authentic().documents().len());
/// # Ok(()) }
/// ```
///
/// # Errors
/// [`BleCentralError::NoUsableMode`] when the engagement offers no peripheral server
/// mode; the transport's errors; [`BleCentralError::EndedByPeer`] when the holder ends
/// with State `0x02` before responding; [`BleCentralError::Exchange`] when the request
/// cannot be made or the response does not verify (the link is closed in every case).
pub async fn read_from_peripheral(
    adapter: &Adapter,
    engaged: Engaged<'_>,
    requests: Vec<ItemsRequest>,
    rng: &mut dyn RandomSource,
    now: i64,
    timeouts: Timeouts,
) -> Result<Answer, BleCentralError> {
    let choice = engaged
        .choose_ble(&[BleMode::PeripheralServer])
        .ok_or(BleCentralError::NoUsableMode)?;
    // The request is made before connecting: a failure to make it costs no connection.
    let first = engaged.request(requests, rng)?;
    // The Ident is only used in central client mode.
    let link = BleLink::new(BleMode::PeripheralServer, Side::Reader, [0; 16]);
    let client = GattClient::connect(adapter, choice.service_uuid, link, timeouts).await?;
    let (answer, open) = Retrieval::start(client, first, now).await?;
    // State 0x02 ends the session and the client disconnects (unless the holder ended it
    // already); the response is verified whether or not the goodbye gets through.
    let _ = open.end().await;
    Ok(answer)
}
