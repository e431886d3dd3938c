//! What a [`Fetcher`](super::Fetcher) allows: timeouts, size, redirects, schemes, roots.

use alloc::vec::Vec;
use core::time::Duration;

/// The limits and trust of a [`Fetcher`](super::Fetcher).
///
/// The defaults are strict: HTTPS only (with the Mozilla roots of `webpki-roots`), a
/// 5 s connect timeout inside a 15 s budget for the whole fetch (redirects and body
/// included), a 4 MiB body, 5 redirects, no proxy.
///
/// ```
/// use core::time::Duration;
/// use iso18013::fetch::FetchConfig;
///
/// let config = FetchConfig::default()
///     .with_timeout(Duration::from_secs(3))
///     .with_max_body_size(1 << 20)
///     .with_max_redirects(2);
/// assert!(!config.dangerous_allow_http);
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct FetchConfig {
    /// The longest a TCP connection (and its name lookup) may take.
    pub connect_timeout: Duration,
    /// The longest a whole fetch may take: every redirect hop, the TLS handshakes, the
    /// response headers and the body. A fetch that is still running then ends with
    /// [`FetchError::Timeout`](super::FetchError::Timeout).
    pub timeout: Duration,
    /// The largest body accepted, in bytes (after any `Content-Encoding` is removed). At
    /// most this plus one byte is ever read; an announced `Content-Length` above it is
    /// refused before the body is read, and never used to allocate.
    pub max_body_size: u64,
    /// How many redirects (301, 302, 303, 307, 308) are followed before
    /// [`FetchError::TooManyRedirects`](super::FetchError::TooManyRedirects).
    pub max_redirects: u32,
    /// Plain `http://` URIs are fetched (a redirect from `https` to `http` is still
    /// refused). Off by default: a status list or a VICAL fetched in clear can be
    /// withheld or replayed by anyone on the path (its signature still holds, its
    /// freshness does not).
    pub dangerous_allow_http: bool,
    /// Certificates (DER) trusted as TLS roots *instead of* the built-in Mozilla roots,
    /// when not empty: a private PKI, or a test CA.
    pub tls_roots: Vec<Vec<u8>>,
    /// Use the proxy named by the `ALL_PROXY`/`HTTPS_PROXY`/`HTTP_PROXY` environment
    /// variables (and `NO_PROXY`). Off by default: a fetch goes straight to the host.
    pub proxy_from_env: bool,
    /// The `User-Agent` header sent.
    pub user_agent: &'static str,
}

impl Default for FetchConfig {
    fn default() -> Self {
        Self {
            connect_timeout: Duration::from_secs(5),
            timeout: Duration::from_secs(15),
            max_body_size: 4 << 20,
            max_redirects: 5,
            dangerous_allow_http: false,
            tls_roots: Vec::new(),
            proxy_from_env: false,
            user_agent: concat!("iso18013/", env!("CARGO_PKG_VERSION")),
        }
    }
}

impl FetchConfig {
    /// Sets [`connect_timeout`](Self::connect_timeout).
    #[must_use]
    pub fn with_connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// Sets [`timeout`](Self::timeout), the budget of a whole fetch.
    #[must_use]
    pub fn with_timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Sets [`max_body_size`](Self::max_body_size).
    #[must_use]
    pub fn with_max_body_size(mut self, bytes: u64) -> Self {
        self.max_body_size = bytes;
        self
    }

    /// Sets [`max_redirects`](Self::max_redirects).
    #[must_use]
    pub fn with_max_redirects(mut self, redirects: u32) -> Self {
        self.max_redirects = redirects;
        self
    }

    /// Allows plain `http://` URIs (see [`dangerous_allow_http`](Self::dangerous_allow_http)).
    #[must_use]
    pub fn dangerous_allow_http(mut self) -> Self {
        self.dangerous_allow_http = true;
        self
    }

    /// Adds a TLS root (DER); once one is added the built-in roots are no longer used.
    #[must_use]
    pub fn with_tls_root(mut self, der: Vec<u8>) -> Self {
        self.tls_roots.push(der);
        self
    }

    /// Sets [`proxy_from_env`](Self::proxy_from_env).
    #[must_use]
    pub fn with_proxy_from_env(mut self, on: bool) -> Self {
        self.proxy_from_env = on;
        self
    }
}
