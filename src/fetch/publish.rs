//! What a service serves for a URI: the bytes and their headers.

use alloc::borrow::ToOwned;
use alloc::format;
use alloc::string::String;
use alloc::vec;
use alloc::vec::Vec;

use super::uri;

/// A published token: the path it is served at, its bytes, and the headers that go
/// with them (`Content-Type`, `Cache-Control`). A plain value: any HTTP server can
/// serve it; [`StatusServer`](super::StatusServer) does on a loopback port.
///
/// ```
/// use iso18013::fetch::{Publication, media_type};
///
/// let token = vec![0xd2, 0x84]; // the signed status list token's bytes
/// let publication = Publication::for_uri(
///     "https://issuer.example/lists/1",
///     token,
///     media_type::STATUS_LIST_CWT,
///     Some(43_200),
/// );
/// assert_eq!(publication.path, "/lists/1");
/// assert_eq!(
///     publication.headers(),
///     [
///         ("Content-Type", "application/statuslist+cwt".to_owned()),
///         ("Cache-Control", "max-age=43200".to_owned()),
///     ]
/// );
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Publication {
    /// The path (and query, if any) it is served at, starting with `/`.
    pub path: String,
    /// The media type (`Content-Type`).
    pub content_type: String,
    /// How long a client may cache it, in seconds (`Cache-Control: max-age`); `None`
    /// sends `Cache-Control: no-cache`. Give the token's `ttl`: the token's own `ttl`
    /// and `exp` still rule over any HTTP caching.
    pub max_age: Option<u64>,
    /// The body: the token's bytes exactly as signed.
    pub bytes: Vec<u8>,
}

impl Publication {
    /// The publication of `bytes` at the path of `uri` (an absolute URI such as a status
    /// list token's `sub`, or a path).
    pub fn for_uri(uri: &str, bytes: Vec<u8>, content_type: &str, ttl: Option<u64>) -> Self {
        Self {
            path: uri::path_of(uri),
            content_type: content_type.to_owned(),
            max_age: ttl,
            bytes,
        }
    }

    /// The `Cache-Control` value: `max-age=<ttl>`, or `no-cache` without a ttl.
    pub fn cache_control(&self) -> String {
        match self.max_age {
            Some(ttl) => format!("max-age={ttl}"),
            None => "no-cache".to_owned(),
        }
    }

    /// The response headers, in order (`Content-Length` is the server's).
    pub fn headers(&self) -> Vec<(&'static str, String)> {
        vec![
            ("Content-Type", self.content_type.clone()),
            ("Cache-Control", self.cache_control()),
        ]
    }

    /// Whether a request for `target` (a request line's path, with any query) is for this
    /// publication: the same path, compared without the query when this one has none.
    pub fn matches(&self, target: &str) -> bool {
        if self.path.contains('?') {
            target == self.path
        } else {
            target.split('?').next() == Some(self.path.as_str())
        }
    }
}
