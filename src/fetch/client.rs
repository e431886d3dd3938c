//! The blocking HTTP client: one GET, redirects followed by hand under the rules.

use alloc::borrow::ToOwned;
use alloc::boxed::Box;
use alloc::string::String;
use alloc::sync::Arc;
use alloc::vec::Vec;
use std::io::{self, Read};
use std::time::Instant;

use ureq::http::header::{CACHE_CONTROL, CONTENT_ENCODING, CONTENT_TYPE, LOCATION};
use ureq::tls::{RootCerts, TlsConfig, TlsProvider};
use ureq::{Agent, Body, Proxy};

use super::uri::{self, Scheme};
use super::{FetchConfig, FetchError, media_type};

/// A fetched answer whose transport passed every rule: status 200, the expected content
/// type, a body within the size limit. Its bytes are not yet verified: a status list
/// token or a VICAL goes to its own verification next.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Fetched {
    /// The URI the body came from (the last one, after redirects).
    pub uri: String,
    /// The `Content-Type` received, as sent (parameters included).
    pub content_type: String,
    /// The `max-age` of the `Cache-Control` header, in seconds (0 for `no-store` or
    /// `no-cache`), when there is one. A token's own `ttl` and `exp` override it.
    pub max_age: Option<u64>,
    /// The body.
    pub bytes: Vec<u8>,
}

/// A blocking HTTP(S) client for status list tokens, identifier list tokens and
/// VICALs, over `ureq` and `rustls` (the aws-lc-rs provider).
///
/// One `Fetcher` keeps its connections and TLS settings: build it once and share it
/// (`&Fetcher` is `Sync`). Every call ends within the configured timeout.
///
/// ```
/// use iso18013::fetch::{FetchConfig, FetchError, Fetcher};
///
/// let fetcher = Fetcher::new(FetchConfig::default());
/// // Plain http is refused unless the configuration says `dangerous_allow_http`.
/// let refused = fetcher.fetch_status_list("http://127.0.0.1:9/lists/1");
/// assert!(matches!(refused, Err(FetchError::InsecureScheme)));
/// ```
#[derive(Debug)]
pub struct Fetcher {
    agent: Agent,
    config: FetchConfig,
}

impl Fetcher {
    /// A fetcher with these limits and roots.
    pub fn new(config: FetchConfig) -> Self {
        let roots = if config.tls_roots.is_empty() {
            RootCerts::WebPki
        } else {
            config
                .tls_roots
                .iter()
                .map(|der| ureq::tls::Certificate::from_der(der).to_owned())
                .into()
        };
        let tls = TlsConfig::builder()
            .provider(TlsProvider::Rustls)
            .root_certs(roots)
            .unversioned_rustls_crypto_provider(Arc::new(
                rustls::crypto::aws_lc_rs::default_provider(),
            ))
            .build();
        let agent = Agent::config_builder()
            .tls_config(tls)
            .http_status_as_error(false)
            .https_only(!config.dangerous_allow_http)
            .max_redirects(0)
            .proxy(if config.proxy_from_env {
                Proxy::try_from_env()
            } else {
                None
            })
            .user_agent(config.user_agent)
            .timeout_connect(Some(config.connect_timeout))
            .timeout_global(Some(config.timeout))
            .build()
            .new_agent();
        Self { agent, config }
    }

    /// The configuration this fetcher was built with.
    pub fn config(&self) -> &FetchConfig {
        &self.config
    }

    /// Fetches a status list token ([`media_type::STATUS_LIST_CWT`]).
    ///
    /// # Errors
    /// As [`fetch`](Self::fetch).
    pub fn fetch_status_list(&self, uri: &str) -> Result<Fetched, FetchError> {
        self.fetch(uri, media_type::STATUS_LIST_CWT)
    }

    /// Fetches an identifier list token ([`media_type::IDENTIFIER_LIST_CWT`]).
    ///
    /// # Errors
    /// As [`fetch`](Self::fetch).
    pub fn fetch_identifier_list(&self, uri: &str) -> Result<Fetched, FetchError> {
        self.fetch(uri, media_type::IDENTIFIER_LIST_CWT)
    }

    /// Fetches a VICAL ([`media_type::CWT`]).
    ///
    /// # Errors
    /// As [`fetch`](Self::fetch).
    pub fn fetch_vical(&self, uri: &str) -> Result<Fetched, FetchError> {
        self.fetch(uri, media_type::CWT)
    }

    /// GETs `uri` (sending `Accept: content_type`) and returns the body when the answer
    /// is a 200 of media type `content_type` within the size limit, following at most
    /// [`max_redirects`](FetchConfig::max_redirects) redirects (never from `https` to
    /// `http`, never twice to the same URI), all within [`timeout`](FetchConfig::timeout).
    ///
    /// # Errors
    /// The [`FetchError`] kind of the first rule broken or the network failure met.
    pub fn fetch(&self, uri: &str, content_type: &str) -> Result<Fetched, FetchError> {
        let deadline = Instant::now()
            .checked_add(self.config.timeout)
            .ok_or(FetchError::Timeout)?;
        let mut current = uri.to_owned();
        let mut scheme = uri::check(&current, self.config.dangerous_allow_http)?;
        let mut visited: Vec<String> = Vec::new();
        loop {
            let remaining = deadline
                .checked_duration_since(Instant::now())
                .filter(|d| !d.is_zero())
                .ok_or(FetchError::Timeout)?;
            let response = self
                .agent
                .get(current.as_str())
                .config()
                .accept(content_type)
                .timeout_global(Some(remaining))
                .build()
                .call()
                .map_err(from_ureq)?;
            let status = response.status().as_u16();
            if matches!(status, 301 | 302 | 303 | 307 | 308) {
                let next = response
                    .headers()
                    .get(LOCATION)
                    .and_then(|v| v.to_str().ok())
                    .and_then(|location| uri::resolve(&current, location))
                    .ok_or(FetchError::BadRedirect { status })?;
                let next_scheme =
                    uri::check(&next, self.config.dangerous_allow_http).map_err(|e| {
                        match (scheme, e) {
                            (Scheme::Https, FetchError::InsecureScheme) => {
                                FetchError::InsecureRedirect
                            }
                            (_, e) => e,
                        }
                    })?;
                if scheme == Scheme::Https && next_scheme == Scheme::Http {
                    return Err(FetchError::InsecureRedirect);
                }
                visited.push(core::mem::replace(&mut current, next));
                if visited.contains(&current) {
                    return Err(FetchError::RedirectLoop);
                }
                if visited.len() > usize::try_from(self.config.max_redirects).unwrap_or(usize::MAX)
                {
                    return Err(FetchError::TooManyRedirects {
                        limit: self.config.max_redirects,
                    });
                }
                scheme = next_scheme;
                continue;
            }
            return match status {
                200 => self.accept(current, content_type, response),
                404 | 410 => Err(FetchError::NotFound { status }),
                _ => Err(FetchError::Status { status }),
            };
        }
    }

    /// The checks on a 200 answer: content type, announced length, body size.
    fn accept(
        &self,
        uri: String,
        expected: &str,
        response: ureq::http::Response<Body>,
    ) -> Result<Fetched, FetchError> {
        let header = |name| {
            response
                .headers()
                .get(name)
                .map(|v: &ureq::http::HeaderValue| String::from_utf8_lossy(v.as_bytes()))
        };
        let received = header(CONTENT_TYPE);
        let content_type = match received {
            Some(ref got) if uri::media_type_matches(got, expected) => got.clone().into_owned(),
            _ => {
                return Err(FetchError::WrongContentType {
                    expected: expected.to_owned(),
                    received: received.map(|got| got.chars().take(100).collect()),
                });
            }
        };
        let max_age = header(CACHE_CONTROL).and_then(|v| uri::max_age(&v));
        // gzip is removed by the client (the limit counts what comes out); any other
        // coding would hand over bytes that are not the document.
        let encoded = match header(CONTENT_ENCODING) {
            None => false,
            Some(coding) if coding.trim().eq_ignore_ascii_case("identity") => false,
            Some(coding) if coding.trim().eq_ignore_ascii_case("gzip") => true,
            Some(coding) => {
                return Err(FetchError::UnsupportedContentEncoding {
                    received: coding.chars().take(100).collect(),
                });
            }
        };
        let limit = self.config.max_body_size;
        // An announced length is the encoded one: it alone decides only for a plain body.
        if let Some(announced) = response.body().content_length()
            && announced > limit
            && !encoded
        {
            return Err(FetchError::BodyTooLarge {
                limit,
                announced: Some(announced),
            });
        }
        let mut bytes = Vec::new();
        response
            .into_body()
            .into_reader()
            .take(limit.saturating_add(1))
            .read_to_end(&mut bytes)
            .map_err(|e| from_ureq(ureq::Error::from(e)))?;
        if u64::try_from(bytes.len()).unwrap_or(u64::MAX) > limit {
            return Err(FetchError::BodyTooLarge {
                limit,
                announced: None,
            });
        }
        Ok(Fetched {
            uri,
            content_type,
            max_age,
            bytes,
        })
    }
}

/// The kind of a failure `ureq` reports.
fn from_ureq(e: ureq::Error) -> FetchError {
    use ureq::Error as E;
    match e {
        E::Timeout(_) => FetchError::Timeout,
        E::HostNotFound => FetchError::HostNotFound,
        E::BadUri(_) | E::Http(_) => FetchError::MalformedUri {
            reason: "refused by the HTTP client",
        },
        E::RequireHttpsOnly(_) => FetchError::InsecureScheme,
        E::Io(io) => from_io(io),
        E::Tls(why) => FetchError::Tls(why.into()),
        E::Rustls(_) | E::Pem(_) | E::TlsRequired => FetchError::Tls(Box::new(e)),
        E::Protocol(_) | E::LargeResponseHeader(..) | E::Decompress(..) => {
            FetchError::Protocol(Box::new(e))
        }
        other => FetchError::Io(Box::new(other)),
    }
}

/// The kind of an I/O failure: refused, timed out, TLS (rustls reports through I/O
/// errors), cut short, or other.
fn from_io(io: io::Error) -> FetchError {
    if io
        .get_ref()
        .is_some_and(|inner| inner.is::<rustls::Error>())
    {
        return FetchError::Tls(Box::new(io));
    }
    match io.kind() {
        io::ErrorKind::ConnectionRefused => FetchError::ConnectionRefused,
        io::ErrorKind::TimedOut | io::ErrorKind::WouldBlock => FetchError::Timeout,
        io::ErrorKind::UnexpectedEof | io::ErrorKind::InvalidData => {
            FetchError::Protocol(Box::new(io))
        }
        _ => FetchError::Io(Box::new(io)),
    }
}
