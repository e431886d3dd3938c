//! An in-memory [`MessageChannel`] pair: two ends joined by a queue in each direction,
//! carrying whole messages without any transport's framing, with faults to inject (drop,
//! duplicate, corrupt or cut a message, close instead of sending). Tests of the role
//! drivers and of any transport use it as the peer or the link.
//!
//! Both ends may run on one thread (join their futures) or, with the `std` feature, on
//! two tasks or threads. A receive waits until the peer sends, ends or closes; dropping an
//! end closes it.
//!
//! ```
//! use iso18013::transport::channel::{MessageChannel, Received};
//! use iso18013::transport::memory_channel::{ChannelFault, MemoryChannel};
//! # let runtime = tokio::runtime::Builder::new_current_thread().build()?;
//! runtime.block_on(async {
//!     let (mut a, b) = MemoryChannel::pair();
//!     let mut b = b.with_fault(ChannelFault::FlipLastByte { message: 1 });
//!     b.send(b"hello").await?;
//!     b.send(b"hello").await?;
//!     assert_eq!(a.receive().await?, Received::Message(b"hello".to_vec()));
//!     assert_eq!(a.receive().await?, Received::Message(b"hell\x90".to_vec()));
//!     b.terminate().await?;
//!     assert!(matches!(a.receive().await?, Received::Ended(_)));
//!     Ok::<(), iso18013::transport::memory_channel::ChannelError>(())
//! })?;
//! # Ok::<(), Box<dyn core::error::Error>>(())
//! ```

use alloc::collections::VecDeque;
use alloc::vec::Vec;
use core::fmt;
use core::future::poll_fn;
use core::task::{Poll, Waker};

use crate::driver::channel::{MessageChannel, Received, Termination};

/// A fault on the `message`-th message (counting from 0) sent by the end it is set on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ChannelFault {
    /// The message is lost.
    Drop {
        /// Which message.
        message: usize,
    },
    /// The message arrives twice.
    Duplicate {
        /// Which message.
        message: usize,
    },
    /// The bits of the byte at `index` are flipped (nothing when the message is shorter).
    FlipByte {
        /// Which message.
        message: usize,
        /// The byte.
        index: usize,
    },
    /// The bits of the last byte are flipped (in an encrypted message: its tag).
    FlipLastByte {
        /// Which message.
        message: usize,
    },
    /// Only the first `len` bytes arrive.
    Truncate {
        /// Which message.
        message: usize,
        /// The bytes kept.
        len: usize,
    },
    /// The sending end closes instead of sending (as if the link dropped).
    Close {
        /// Which message.
        message: usize,
    },
}

impl ChannelFault {
    fn message(self) -> usize {
        match self {
            Self::Drop { message }
            | Self::Duplicate { message }
            | Self::FlipByte { message, .. }
            | Self::FlipLastByte { message }
            | Self::Truncate { message, .. }
            | Self::Close { message } => message,
        }
    }
}

/// What fails on a [`MemoryChannel`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ChannelError {
    /// The peer closed (or dropped) its end before the session ended.
    Disconnected,
    /// This end was already closed: it ended the session, or failed.
    Closed,
}

impl fmt::Display for ChannelError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Disconnected => "the peer closed the channel",
            Self::Closed => "the channel is closed",
        })
    }
}

impl core::error::Error for ChannelError {}

/// What travels towards one end.
#[derive(Debug)]
enum Item {
    Message(Vec<u8>),
    /// The peer ended the session the transport's way.
    End,
    /// The peer closed without ending.
    Closed,
}

/// One direction: what waits for an end, and who waits for it.
#[derive(Debug, Default)]
struct Inbox {
    items: VecDeque<Item>,
    waker: Option<Waker>,
}

impl Inbox {
    fn push(&mut self, item: Item) {
        self.items.push_back(item);
        if let Some(waker) = self.waker.take() {
            waker.wake();
        }
    }
}

#[derive(Debug, Default)]
struct Shared {
    /// Indexed by end: what waits for end 0, for end 1.
    inboxes: [Inbox; 2],
    /// Indexed by end: whether it has closed (ended, failed, dropped).
    closed: [bool; 2],
}

#[cfg(feature = "std")]
mod lock {
    use std::sync::{Arc, Mutex};

    #[derive(Debug, Default)]
    pub(super) struct Lock<T>(Arc<Mutex<T>>);

    impl<T> Lock<T> {
        pub(super) fn share(&self) -> Self {
            Self(Arc::clone(&self.0))
        }

        pub(super) fn with<R>(&self, f: impl FnOnce(&mut T) -> R) -> R {
            let mut guard = self
                .0
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            f(&mut guard)
        }
    }
}

#[cfg(not(feature = "std"))]
mod lock {
    use alloc::rc::Rc;
    use core::cell::RefCell;

    #[derive(Debug, Default)]
    pub(super) struct Lock<T>(Rc<RefCell<T>>);

    impl<T> Lock<T> {
        pub(super) fn share(&self) -> Self {
            Self(Rc::clone(&self.0))
        }

        pub(super) fn with<R>(&self, f: impl FnOnce(&mut T) -> R) -> R {
            f(&mut self.0.borrow_mut())
        }
    }
}

use lock::Lock;

/// One end of an in-memory channel pair (see the [module](self) docs).
#[derive(Debug)]
pub struct MemoryChannel {
    shared: Lock<Shared>,
    /// 0 or 1; the peer is the other.
    end: usize,
    faults: Vec<ChannelFault>,
    sent: usize,
    open: bool,
}

impl MemoryChannel {
    /// Two ends joined to each other.
    pub fn pair() -> (Self, Self) {
        let shared = Lock::<Shared>::default();
        let end = |end, shared| Self {
            shared,
            end,
            faults: Vec::new(),
            sent: 0,
            open: true,
        };
        let other = shared.share();
        (end(0, shared), end(1, other))
    }

    /// Adds a fault on a message this end sends.
    #[must_use]
    pub fn with_fault(mut self, fault: ChannelFault) -> Self {
        self.faults.push(fault);
        self
    }

    /// True until this end ended the session, closed or failed.
    pub fn is_open(&self) -> bool {
        self.open
    }

    fn peer(&self) -> usize {
        1 - self.end
    }

    /// Queues `item` for the peer.
    fn to_peer(&self, item: Item) {
        let peer = self.peer();
        self.shared.with(|s| {
            if let Some(inbox) = s.inboxes.get_mut(peer) {
                inbox.push(item);
            }
        });
    }

    /// Closes this end, telling the peer with `item`.
    fn shut(&mut self, item: Item) {
        if self.open {
            self.open = false;
            let end = self.end;
            self.shared.with(|s| {
                if let Some(closed) = s.closed.get_mut(end) {
                    *closed = true;
                }
            });
            self.to_peer(item);
        }
    }

    /// True once the peer has closed.
    fn peer_closed(&self) -> bool {
        let peer = self.peer();
        self.shared
            .with(|s| s.closed.get(peer).copied().unwrap_or(true))
    }
}

impl MessageChannel for MemoryChannel {
    type Error = ChannelError;

    async fn send(&mut self, message: &[u8]) -> Result<(), ChannelError> {
        if !self.open {
            return Err(ChannelError::Closed);
        }
        if self.peer_closed() {
            self.shut(Item::Closed);
            return Err(ChannelError::Disconnected);
        }
        let index = self.sent;
        self.sent = self.sent.saturating_add(1);
        let mut copies = 1;
        let mut message = message.to_vec();
        for fault in self.faults.iter().filter(|f| f.message() == index) {
            match *fault {
                ChannelFault::Drop { .. } => copies = 0,
                ChannelFault::Duplicate { .. } => copies = 2,
                ChannelFault::FlipByte { index, .. } => {
                    if let Some(byte) = message.get_mut(index) {
                        *byte ^= 0xff;
                    }
                }
                ChannelFault::FlipLastByte { .. } => {
                    if let Some(byte) = message.last_mut() {
                        *byte ^= 0xff;
                    }
                }
                ChannelFault::Truncate { len, .. } => message.truncate(len),
                ChannelFault::Close { .. } => {
                    self.shut(Item::Closed);
                    return Err(ChannelError::Closed);
                }
            }
        }
        for _ in 0..copies {
            self.to_peer(Item::Message(message.clone()));
        }
        Ok(())
    }

    async fn receive(&mut self) -> Result<Received, ChannelError> {
        if !self.open {
            return Err(ChannelError::Closed);
        }
        let end = self.end;
        let item = poll_fn(|cx| {
            self.shared.with(|s| match s.inboxes.get_mut(end) {
                None => Poll::Ready(Item::Closed),
                Some(inbox) => match inbox.items.pop_front() {
                    Some(item) => Poll::Ready(item),
                    None => {
                        inbox.waker = Some(cx.waker().clone());
                        Poll::Pending
                    }
                },
            })
        })
        .await;
        match item {
            Item::Message(message) => Ok(Received::Message(message)),
            Item::End => {
                self.open = false;
                Ok(Received::Ended(Termination::EndReceived))
            }
            Item::Closed => {
                self.open = false;
                Err(ChannelError::Disconnected)
            }
        }
    }

    async fn terminate(mut self) -> Result<(), ChannelError> {
        if !self.open {
            return Err(ChannelError::Closed);
        }
        self.shut(Item::End);
        Ok(())
    }

    async fn close(mut self) {
        self.shut(Item::Closed);
    }
}

impl Drop for MemoryChannel {
    fn drop(&mut self) {
        self.shut(Item::Closed);
    }
}
