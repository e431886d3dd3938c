//! The mdoc (wallet) as BLE central, in mdoc central client mode.

use alloc::vec::Vec;

use btleplug::platform::Adapter;

use super::{BleCentralError, GattClient, Timeouts};
use crate::engagement::BleMode;
use crate::exchange::ExchangeError;
use crate::holder::{
    Consent, DeviceAuthChoice, HolderEngagement, Next, RequestReceived, WalletDocument,
};
use crate::transport::ble::{BleLink, Side, Termination, ble_ident};
use crate::verify::Policy;
use crate::x509::TrustStore;

/// The holder's answer to one request.
#[derive(Clone, Debug)]
pub enum Decision {
    /// Disclose these elements (never more than were requested).
    Respond(Vec<Consent>),
    /// Disclose nothing and end the session.
    Decline,
}

/// What the wallet brings to a session.
#[derive(Clone, Copy, Debug)]
pub struct WalletSide<'a> {
    /// The documents held, with their device keys.
    pub documents: &'a [WalletDocument],
    /// Roots to verify reader authentication under.
    pub reader_roots: &'a TrustStore,
    /// Verification policy (and the crypto provider).
    pub policy: &'a Policy,
    /// Device authentication by signature or MAC.
    pub auth: DeviceAuthChoice,
    /// The time to check reader certificates at (Unix seconds).
    pub now: i64,
}

/// How a wallet session ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct WalletOutcome {
    /// Responses sent.
    pub responses: usize,
    /// Who ended the session and how.
    pub termination: Termination,
}

/// Presents documents to a reader in mdoc central client mode: scans for the service
/// UUID of the holder's own engagement (the reader advertises it), checks the reader's
/// Ident against the engagement's EDeviceKey, receives the request, asks `consent`,
/// responds, and goes on until either side ends the session.
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
    mut consent: impl FnMut(&RequestReceived) -> Decision,
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
    let mut client = GattClient::connect(adapter, choice.service_uuid, link, timeouts).await?;
    let establishment = client.receive().await?;
    let accepted = holder.accept(&establishment, side.reader_roots, side.policy, side.now);
    let mut received = match accepted {
        Ok(received) => received,
        Err(e) => return Err(refuse(client, e).await),
    };
    let mut responses = 0;
    loop {
        let chosen = match consent(&received) {
            Decision::Respond(chosen) => chosen,
            Decision::Decline => {
                client.send(&received.terminate()).await?;
                return Ok(WalletOutcome {
                    responses,
                    termination: Termination::StatusSent,
                });
            }
        };
        let (awaiting, data) = match received.respond(&chosen, side.documents, side.auth) {
            Ok(answer) => answer,
            Err(e) => return Err(refuse(client, e).await),
        };
        client.send(&data).await?;
        responses += 1;
        let next = match client.receive().await {
            Ok(next) => next,
            Err(BleCentralError::EndedByPeer(termination)) => {
                return Ok(WalletOutcome {
                    responses,
                    termination,
                });
            }
            Err(e) => return Err(e),
        };
        match awaiting.receive(&next, side.reader_roots, side.policy, side.now) {
            Ok(Next::Request(more)) => received = *more,
            Ok(Next::Ended) => {
                // The link saw the status 20 and has disconnected.
                client.close().await;
                return Ok(WalletOutcome {
                    responses,
                    termination: Termination::StatusReceived,
                });
            }
            Err(e) => return Err(refuse(client, e).await),
        }
    }
}

/// Tells the reader why (status 10 or 11, where one applies), ends the link and returns
/// the error.
async fn refuse(mut client: GattClient, e: ExchangeError) -> BleCentralError {
    if let Some(status) = e.status_message() {
        let _ = client.send(&status).await;
    }
    let _ = client.terminate().await;
    BleCentralError::Exchange(e)
}
