//! The mdoc (wallet) as BLE central, in mdoc central client mode.

use btleplug::platform::Adapter;

use super::{BleCentralError, GattClient, Timeouts};
use crate::driver::{Decision, WalletOutcome, WalletSide, present};
use crate::engagement::BleMode;
use crate::exchange::ExchangeError;
use crate::holder::{HolderEngagement, RequestReceived};
use crate::session::Handover;
use crate::transport::ble::{BleLink, Side, ble_ident};

/// Presents documents to a reader in mdoc central client mode: scans for the service
/// UUID of the holder's own engagement (the reader advertises it), checks the reader's
/// Ident against the engagement's EDeviceKey, then runs the holder's driver
/// ([`crate::driver::present`]): receives the request, asks `consent`, responds, and
/// goes on until either side ends the session.
///
/// A request that does not decrypt or decode is answered with status 10 or 11 and the
/// session is closed.
///
/// ```no_run
/// # async fn run(holder: iso18013::holder::HolderEngagement,
/// #     side: iso18013::transport::ble_central::WalletSide<'_>)
/// #     -> Result<(), iso18013::transport::ble_central::BleCentralError> {
/// use iso18013::transport::ble_central::{Decision, Timeouts, first_adapter, present_to_reader};
/// let adapter = first_adapter().await?;
/// let outcome = present_to_reader(&adapter, holder, &side, |request| {
///     println!("{} document(s) requested", request.requested().len());
///     Decision::Decline
/// }, Timeouts::default()).await?;
/// assert_eq!(outcome.responses, 0);
/// # Ok(()) }
/// ```
///
/// # Errors
/// [`BleCentralError::NoUsableMode`] when the engagement offers no central client mode;
/// the transport's errors (a wrong Ident is [`BleCentralError::Link`]);
/// [`BleCentralError::EndedByPeer`] when the reader ends before its first request;
/// [`BleCentralError::Exchange`] when a request cannot be read or answered.
pub async fn present_to_reader(
    adapter: &Adapter,
    holder: HolderEngagement,
    side: &WalletSide<'_>,
    consent: impl FnMut(&RequestReceived) -> Decision,
    timeouts: Timeouts,
) -> Result<WalletOutcome, BleCentralError> {
    let engagement = holder.engagement();
    let choice = engagement
        .choose_ble(&[BleMode::CentralClient])
        .ok_or(BleCentralError::NoUsableMode)?;
    let ident = ble_ident(
        side.policy.provider,
        engagement.security.e_device_key.encoded(),
    )
    .map_err(|e| BleCentralError::Exchange(ExchangeError::Crypto(e)))?;
    let link = BleLink::new(BleMode::CentralClient, Side::Mdoc, ident);
    let client = GattClient::connect(adapter, choice.service_uuid, link, timeouts).await?;
    Ok(present(client, holder, Handover::Qr, side, consent).await?)
}
