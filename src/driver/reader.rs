//! The reader's driver: one retrieval session over a [`MessageChannel`].

use alloc::vec::Vec;

use super::DriverError;
use super::channel::{MessageChannel, Received};
use super::holder::refuse;
use crate::crypto::RandomSource;
use crate::reader::{AwaitingResponse, Engaged, Responded};
use crate::request::ItemsRequest;
use crate::verify::Answer;

/// Reads documents over `channel`: sends the request for `requests`, receives the
/// response, verifies it in full at `now`, compares it with the request (an [`Answer`],
/// complete or authentic but incomplete), and ends the session the transport's way
/// (unless the holder ended it along with its response).
///
/// When the response does not decrypt or decode, the holder is told so (status 10 or 11)
/// before the session is ended.
///
/// See the [module](super) docs for an example.
///
/// # Errors
/// [`DriverError::Channel`] for the transport's errors; [`DriverError::EndedByPeer`] when
/// the holder ends the session the transport's way before responding;
/// [`DriverError::Exchange`] when the request cannot be made or the response does not
/// verify. The channel is closed in every case.
pub async fn read<C: MessageChannel>(
    channel: C,
    engaged: Engaged<'_>,
    requests: Vec<ItemsRequest>,
    rng: &mut dyn RandomSource,
    now: i64,
) -> Result<Answer, DriverError<C::Error>> {
    let first = match engaged.request(requests, rng) {
        Ok(first) => first,
        Err(e) => {
            channel.close().await;
            return Err(e.into());
        }
    };
    let (answer, open) = Retrieval::start(channel, first, now).await?;
    // The response is verified whether or not the goodbye gets through.
    let _ = open.end().await;
    Ok(answer)
}

/// A retrieval session whose last response was verified, still open for further requests
/// (ISO 18013-5 lets the reader ask again on the same session).
///
/// ```
/// # use iso18013::driver::{DriverError, Retrieval};
/// # use iso18013::request::ItemsRequest;
/// # use iso18013::driver::channel::MessageChannel;
/// # async fn run<C: MessageChannel>(
/// #     channel: C, engaged: iso18013::reader::Engaged<'_>, first: Vec<ItemsRequest>,
/// #     then: Vec<ItemsRequest>, rng: &mut dyn iso18013::crypto::RandomSource, now: i64,
/// # ) -> Result<(), Box<dyn core::error::Error>> where C::Error: core::fmt::Debug {
/// let request = engaged.request(first, rng)?;
/// let (first, open) = Retrieval::start(channel, request, now)
///     .await
///     .map_err(|e| format!("{e:?}"))?;
/// let (more, open) = open.request_more(then, now).await.map_err(|e| format!("{e:?}"))?;
/// let _ = open.end().await;
/// println!("complete: {} then {}", first.is_complete(), more.is_complete());
/// # Ok(()) }
/// ```
#[derive(Debug)]
pub struct Retrieval<'r, C> {
    channel: C,
    responded: Responded<'r>,
}

impl<'r, C: MessageChannel> Retrieval<'r, C> {
    /// Sends the first request (the `SessionEstablishment` [`Engaged::request`] made, with
    /// its state), receives the response and verifies it at `now`.
    ///
    /// # Errors
    /// As [`read`]; the channel is closed on any error.
    pub async fn start(
        mut channel: C,
        (awaiting, establishment): (AwaitingResponse<'r>, Vec<u8>),
        now: i64,
    ) -> Result<(Answer, Self), DriverError<C::Error>> {
        channel
            .send(&establishment)
            .await
            .map_err(DriverError::Channel)?;
        Self::response(channel, awaiting, now).await
    }

    /// Receives the response to the request just sent and verifies it.
    async fn response(
        mut channel: C,
        awaiting: AwaitingResponse<'r>,
        now: i64,
    ) -> Result<(Answer, Self), DriverError<C::Error>> {
        let reply = match channel.receive().await.map_err(DriverError::Channel)? {
            Received::Message(reply) => reply,
            Received::Ended(how) => {
                channel.close().await;
                return Err(DriverError::EndedByPeer(how));
            }
        };
        match awaiting.receive(&reply, now) {
            Ok((answer, responded)) => Ok((answer, Self { channel, responded })),
            Err(e) => Err(refuse(channel, e).await),
        }
    }

    /// Whether the holder ended the session along with its last response.
    pub fn holder_ended(&self) -> bool {
        self.responded.holder_ended()
    }

    /// Sends a further request on the same session, receives the response and verifies it
    /// at `now`.
    ///
    /// # Errors
    /// As [`read`]; [`ExchangeError::Terminated`](crate::exchange::ExchangeError) when the
    /// holder ended the session. The channel is closed on any error.
    pub async fn request_more(
        self,
        requests: Vec<ItemsRequest>,
        now: i64,
    ) -> Result<(Answer, Self), DriverError<C::Error>> {
        let Self {
            mut channel,
            responded,
        } = self;
        let (awaiting, data) = match responded.request_more(requests) {
            Ok(next) => next,
            Err(e) => {
                channel.close().await;
                return Err(e.into());
            }
        };
        channel.send(&data).await.map_err(DriverError::Channel)?;
        Self::response(channel, awaiting, now).await
    }

    /// Ends the session: the transport's end (BLE: State `0x02`), or only closing when
    /// the holder already ended it.
    ///
    /// # Errors
    /// The transport's, when the end could not be signalled; the channel is closed anyway.
    pub async fn end(self) -> Result<(), C::Error> {
        if self.responded.holder_ended() {
            self.channel.close().await;
            Ok(())
        } else {
            self.channel.terminate().await
        }
    }
}
