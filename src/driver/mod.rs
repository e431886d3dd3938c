//! Role drivers: the holder's and the reader's whole session over any
//! [`MessageChannel`](channel::MessageChannel).
//!
//! The state machines of [`crate::holder`] and [`crate::reader`] turn bytes into bytes;
//! a driver runs one of them over a channel until the session ends, once for every
//! transport (BLE in either mode, NFC, an in-memory pair in tests):
//!
//! - [`present`]: the holder receives the `SessionEstablishment`, asks its user's
//!   consent for each request, responds, and goes on until either side ends the session;
//! - [`read`] (and [`Retrieval`] for further requests): the reader sends its request,
//!   receives the response, verifies it and ends the session.
//!
//! Both tell the peer why when one of its messages does not decrypt or decode (status 10
//! or 11) before closing, and fail with a [`DriverError`] that keeps the transport's own
//! error apart from the exchange's. No runtime is started here: the drivers are `async`
//! and run on whatever executor the transport needs.
//!
//! ```
//! use iso18013::crypto::{SystemRandom, default_provider};
//! use iso18013::driver::{Decision, WalletSide, present, read};
//! use iso18013::holder::{DeviceAuthChoice, HolderEngagement};
//! use iso18013::reader::Reader;
//! use iso18013::request::ItemsRequest;
//! use iso18013::session::Handover;
//! use iso18013::transport::memory_channel::MemoryChannel;
//! use iso18013::verify::Policy;
//! use iso18013::x509::TrustStore;
//!
//! let provider = default_provider();
//! // The transport is agreed elsewhere; here an in-memory pair carries the messages.
//! let holder = HolderEngagement::new(provider, Vec::new(), &mut SystemRandom(provider))?;
//! let reader = Reader::new(TrustStore::new(), Policy::new(provider));
//! let engaged = reader.scan(&holder.uri())?;
//! let (wallet_end, reader_end) = MemoryChannel::pair();
//!
//! let (policy, roots) = (Policy::new(provider), TrustStore::new());
//! let side = WalletSide {
//!     documents: &[],
//!     reader_roots: &roots,
//!     policy: &policy,
//!     auth: DeviceAuthChoice::Signature,
//!     now: 1_790_000_000,
//! };
//! let wallet = present(wallet_end, holder, Handover::Qr, &side, |_| Decision::Decline);
//! let mut rng = SystemRandom(provider);
//! let request = ItemsRequest {
//!     doc_type: "org.iso.18013.5.1.mDL".into(),
//!     name_spaces: ("org.iso.18013.5.1".into(), vec![("age_over_18".into(), false)]).into(),
//!     request_info: None,
//!     rest: Vec::new(),
//! };
//! let verifier = read(reader_end, engaged, vec![request], &mut rng, 1_790_000_000);
//! # let runtime = tokio::runtime::Builder::new_current_thread().build()?;
//! let (declined, refused) = runtime.block_on(async { tokio::join!(wallet, verifier) });
//! assert_eq!(declined?.responses, 0);
//! assert!(refused.is_err()); // the holder ended the session (status 20) instead
//! # Ok::<(), Box<dyn core::error::Error>>(())
//! ```

pub mod channel;
mod error;
mod holder;
mod reader;

pub use error::DriverError;
pub use holder::{Decision, WalletOutcome, WalletSide, present};
pub use reader::{Retrieval, read};
