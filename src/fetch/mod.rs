//! Fetching and publishing status list tokens, identifier list tokens and VICALs over
//! HTTP (feature `fetch`).
//!
//! The verifying core stays free of I/O: this module moves bytes and applies the
//! transport's rules only. [`Fetcher`] GETs a URI with a kept blocking client (`ureq`
//! on `rustls`) and returns the body with its content type when the answer passed every
//! rule (HTTPS unless [`FetchConfig::dangerous_allow_http`], a 200 of the expected
//! media type, a body within [`FetchConfig::max_body_size`], at most
//! [`FetchConfig::max_redirects`] redirects and never from `https` to `http`, the whole
//! fetch within [`FetchConfig::timeout`]); each broken rule and each network failure is
//! its own [`FetchError`] kind. What the bytes say (signature, `sub`, `exp`, `ttl`) is
//! checked by the token's own verification afterwards.
//!
//! The issuer's side: a [`Publication`] is what a service serves for a URI (the bytes,
//! the content type, `Cache-Control: max-age` from the token's ttl; both read from a
//! signed token by [`Publication::for_document`], or every file of a directory by
//! [`Publication::directory`]), and [`StatusServer`] serves publications on 127.0.0.1.
//!
//! ```
//! use iso18013::fetch::{FetchConfig, FetchError, Fetcher, Publication, StatusServer, media_type};
//!
//! let token = vec![0xd2, 0x84, 0x43]; // a signed status list token
//! let published = Publication::for_uri(
//!     "https://issuer.example/lists/1",
//!     token.clone(),
//!     media_type::STATUS_LIST_CWT,
//!     Some(3600),
//! );
//! let server = StatusServer::bind(0, vec![published])?.spawn()?;
//!
//! // HTTPS is the default: the loopback server speaks plain HTTP.
//! let strict = Fetcher::new(FetchConfig::default());
//! let refused = strict.fetch_status_list(&server.url("/lists/1"));
//! assert!(matches!(refused, Err(FetchError::InsecureScheme)));
//!
//! let local = Fetcher::new(FetchConfig::default().dangerous_allow_http());
//! assert_eq!(local.fetch_status_list(&server.url("/lists/1"))?.bytes, token);
//! // the wrong kind of document is refused by its content type
//! assert!(matches!(
//!     local.fetch_vical(&server.url("/lists/1")),
//!     Err(FetchError::WrongContentType { .. })
//! ));
//! assert!(matches!(
//!     local.fetch_status_list(&server.url("/lists/2")),
//!     Err(FetchError::NotFound { status: 404 })
//! ));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod client;
mod config;
mod error;
mod publish;
mod resolver;
mod server;
mod sniff;
mod uri;

pub use client::{Fetched, Fetcher};
pub use config::FetchConfig;
pub use error::{BoxError, FetchError};
pub use publish::Publication;
pub use server::{RunningServer, StatusServer};

/// The media types (`Content-Type`) of the documents fetched.
pub mod media_type {
    /// A status list token in CWT form (IETF Token Status List; 18013-5 2nd ed. 12.3.6).
    pub const STATUS_LIST_CWT: &str = "application/statuslist+cwt";
    /// An identifier list token in CWT form (18013-5 2nd ed. 12.3.6).
    pub const IDENTIFIER_LIST_CWT: &str = "application/identifierlist+cwt";
    /// A CWT: the content type a VICAL is served with (18013-5 2nd ed. C.1.7.3).
    pub const CWT: &str = "application/cwt";
    /// JSON: a status list aggregation (IETF Token Status List §9).
    pub const JSON: &str = "application/json";
    /// Bytes of no known kind.
    pub const OCTET_STREAM: &str = "application/octet-stream";
}
