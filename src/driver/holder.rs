//! The holder's driver: one presentation session over a [`MessageChannel`].

use alloc::vec::Vec;

use super::DriverError;
use super::channel::{MessageChannel, Received, Termination};
use crate::exchange::ExchangeError;
use crate::holder::{
    Consent, DeviceAuthChoice, HolderEngagement, Next, RequestReceived, WalletDocument,
};
use crate::session::Handover;
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

/// Runs a presentation session over `channel`: receives the reader's
/// `SessionEstablishment` (the engagement was handed over by `handover`), asks `consent`
/// for each request, responds, and goes on until either side ends the session.
///
/// A request that does not decrypt or decode is answered with status 10 or 11 and the
/// session is ended; a [`Decision::Decline`] ends it with status 20.
///
/// See the [module](super) docs for an example.
///
/// # Errors
/// [`DriverError::Channel`] for the transport's errors; [`DriverError::EndedByPeer`] when
/// the reader ends before its first request; [`DriverError::Exchange`] when a request
/// cannot be read or answered. The channel is closed in every case.
pub async fn present<C: MessageChannel>(
    mut channel: C,
    holder: HolderEngagement,
    handover: Handover,
    side: &WalletSide<'_>,
    mut consent: impl FnMut(&RequestReceived) -> Decision,
) -> Result<WalletOutcome, DriverError<C::Error>> {
    let establishment = match channel.receive().await.map_err(DriverError::Channel)? {
        Received::Message(message) => message,
        Received::Ended(how) => {
            channel.close().await;
            return Err(DriverError::EndedByPeer(how));
        }
    };
    let accepted = holder.accept_with_handover(
        &establishment,
        handover,
        side.reader_roots,
        side.policy,
        side.now,
    );
    let mut received = match accepted {
        Ok(received) => received,
        Err(e) => return Err(refuse(channel, e).await),
    };
    let mut responses = 0;
    loop {
        let chosen = match consent(&received) {
            Decision::Respond(chosen) => chosen,
            Decision::Decline => {
                channel
                    .send(&received.terminate())
                    .await
                    .map_err(DriverError::Channel)?;
                channel.close().await;
                return Ok(WalletOutcome {
                    responses,
                    termination: Termination::StatusSent,
                });
            }
        };
        let (awaiting, data) = match received.respond(&chosen, side.documents, side.auth) {
            Ok(answer) => answer,
            Err(e) => return Err(refuse(channel, e).await),
        };
        channel.send(&data).await.map_err(DriverError::Channel)?;
        responses += 1;
        let next = match channel.receive().await.map_err(DriverError::Channel)? {
            Received::Message(next) => next,
            Received::Ended(termination) => {
                channel.close().await;
                return Ok(WalletOutcome {
                    responses,
                    termination,
                });
            }
        };
        match awaiting.receive(&next, side.reader_roots, side.policy, side.now) {
            Ok(Next::Request(more)) => received = *more,
            Ok(Next::Ended) => {
                channel.close().await;
                return Ok(WalletOutcome {
                    responses,
                    termination: Termination::StatusReceived,
                });
            }
            Err(e) => return Err(refuse(channel, e).await),
        }
    }
}

/// Tells the peer why (status 10 or 11, where one applies), ends the session and returns
/// the error.
pub(super) async fn refuse<C: MessageChannel>(
    mut channel: C,
    e: ExchangeError,
) -> DriverError<C::Error> {
    if let Some(status) = e.status_message() {
        let _ = channel.send(&status).await;
    }
    let _ = channel.terminate().await;
    DriverError::Exchange(e)
}
