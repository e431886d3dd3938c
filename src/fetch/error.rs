//! Why a fetch failed: one kind per failure.

use alloc::boxed::Box;
use alloc::string::String;
use core::fmt;

/// The source error of a network failure (the HTTP client's, kept opaque so that its
/// version is not part of this crate's API).
pub type BoxError = Box<dyn core::error::Error + Send + Sync + 'static>;

/// Why [`Fetcher::fetch`](super::Fetcher::fetch) failed.
///
/// Every kind is terminal for that fetch; whether a failure means "reject" or "accept
/// with a finding" is the verifier's policy, not the fetcher's.
#[derive(Debug)]
#[non_exhaustive]
pub enum FetchError {
    /// The URI could not be parsed, or has no host.
    MalformedUri {
        /// What is wrong with it.
        reason: &'static str,
    },
    /// The URI's scheme is neither `https` nor `http`.
    UnsupportedScheme {
        /// The scheme, as given.
        scheme: String,
    },
    /// A plain `http://` URI without
    /// [`dangerous_allow_http`](super::FetchConfig::dangerous_allow_http).
    InsecureScheme,
    /// A redirect from `https` to `http`, refused whatever the configuration.
    InsecureRedirect,
    /// More redirects than [`max_redirects`](super::FetchConfig::max_redirects).
    TooManyRedirects {
        /// The limit that was reached.
        limit: u32,
    },
    /// A redirect back to a URI already visited in this fetch.
    RedirectLoop,
    /// A redirect status without a usable `Location` header.
    BadRedirect {
        /// The status code (3xx).
        status: u16,
    },
    /// The server answered 404 Not Found (or 410 Gone).
    NotFound {
        /// 404 or 410.
        status: u16,
    },
    /// The server answered a status other than 200, a redirect, 404 or 410.
    Status {
        /// The status code.
        status: u16,
    },
    /// The answer's `Content-Type` is not the one expected (parameters such as
    /// `charset` are ignored, case is not significant).
    WrongContentType {
        /// The media type that was expected.
        expected: String,
        /// The `Content-Type` received (at most 100 bytes of it), `None` when absent.
        received: Option<String>,
    },
    /// The answer's `Content-Encoding` is neither `gzip` (which is decoded) nor
    /// `identity`: its bytes are not the document.
    UnsupportedContentEncoding {
        /// The `Content-Encoding` received (at most 100 bytes of it).
        received: String,
    },
    /// The body is larger than [`max_body_size`](super::FetchConfig::max_body_size)
    /// (counted after gzip is decoded: a small compressed body cannot inflate past it).
    BodyTooLarge {
        /// The limit.
        limit: u64,
        /// The `Content-Length` the server announced, when that alone was over the limit
        /// (nothing was read then); `None` when the body itself ran over.
        announced: Option<u64>,
    },
    /// The fetch did not finish within [`timeout`](super::FetchConfig::timeout), or the
    /// connection within [`connect_timeout`](super::FetchConfig::connect_timeout).
    Timeout,
    /// The host name does not resolve.
    HostNotFound,
    /// The host refused the TCP connection.
    ConnectionRefused,
    /// The TLS handshake failed (an untrusted or invalid certificate, a name mismatch,
    /// no common parameters).
    Tls(BoxError),
    /// The server broke the HTTP protocol (a malformed status line or headers, a body
    /// shorter than announced).
    Protocol(BoxError),
    /// Another network failure (a reset connection, an unreachable network).
    Io(BoxError),
}

impl fmt::Display for FetchError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::MalformedUri { reason } => write!(f, "fetch: malformed URI: {reason}"),
            Self::UnsupportedScheme { scheme } => {
                write!(
                    f,
                    "fetch: unsupported URI scheme {scheme:?} (https expected)"
                )
            }
            Self::InsecureScheme => {
                f.write_str("fetch: plain http refused (https only unless dangerous_allow_http)")
            }
            Self::InsecureRedirect => f.write_str("fetch: redirect from https to http refused"),
            Self::TooManyRedirects { limit } => {
                write!(f, "fetch: more than {limit} redirects")
            }
            Self::RedirectLoop => f.write_str("fetch: redirect loop"),
            Self::BadRedirect { status } => {
                write!(f, "fetch: redirect {status} without a usable Location")
            }
            Self::NotFound { status } => write!(f, "fetch: not found (HTTP {status})"),
            Self::Status { status } => write!(f, "fetch: HTTP status {status}"),
            Self::WrongContentType { expected, received } => match received {
                Some(got) => write!(f, "fetch: content type {got:?}, expected {expected:?}"),
                None => write!(f, "fetch: no content type, expected {expected:?}"),
            },
            Self::UnsupportedContentEncoding { received } => {
                write!(f, "fetch: unsupported content encoding {received:?}")
            }
            Self::BodyTooLarge {
                limit,
                announced: Some(n),
            } => write!(f, "fetch: announced body of {n} bytes exceeds {limit}"),
            Self::BodyTooLarge {
                limit,
                announced: None,
            } => write!(f, "fetch: body exceeds {limit} bytes"),
            Self::Timeout => f.write_str("fetch: timed out"),
            Self::HostNotFound => f.write_str("fetch: host not found"),
            Self::ConnectionRefused => f.write_str("fetch: connection refused"),
            Self::Tls(_) => f.write_str("fetch: TLS failure"),
            Self::Protocol(_) => f.write_str("fetch: HTTP protocol violation"),
            Self::Io(_) => f.write_str("fetch: network failure"),
        }
    }
}

impl core::error::Error for FetchError {
    fn source(&self) -> Option<&(dyn core::error::Error + 'static)> {
        match self {
            Self::Tls(e) | Self::Protocol(e) | Self::Io(e) => Some(e.as_ref()),
            _ => None,
        }
    }
}

impl FetchError {
    /// The HTTP status code behind this error, when there is one.
    pub fn status(&self) -> Option<u16> {
        match self {
            Self::NotFound { status } | Self::Status { status } | Self::BadRedirect { status } => {
                Some(*status)
            }
            _ => None,
        }
    }

    /// A failure that may go away by itself (a timeout, a refused or broken connection,
    /// a 5xx, 408 or 429): a caller may retry later or fall back to a cached copy.
    pub fn is_transient(&self) -> bool {
        match self {
            Self::Timeout | Self::ConnectionRefused | Self::HostNotFound | Self::Io(_) => true,
            Self::Status { status } => *status >= 500 || *status == 408 || *status == 429,
            _ => false,
        }
    }
}
