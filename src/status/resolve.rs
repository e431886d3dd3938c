//! Where a verifier gets list tokens: a [`StatusResolver`] turns the URI an MSO's status
//! names into the token's bytes. The verifying core does no I/O; the caller decides
//! where bytes come from: tokens it already holds ([`StatusTokens`]), its own
//! distribution channel, or HTTPS with the `fetch` feature
//! ([`fetch::Fetcher`](crate::fetch::Fetcher) is a resolver).

use alloc::boxed::Box;
use alloc::collections::BTreeMap;
use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;

use super::error::ListKind;

/// Gives the bytes of the list token published at a URI.
///
/// Called during verification, on a cache miss only (see
/// [`Verifier::with_status_resolver`](crate::verify::Verifier::with_status_resolver)),
/// from as many threads as verify at once. What comes back is verified in full (the
/// signature under the issuer's trust point, `sub`, `exp`, `ttl`, the list's bounds)
/// before anything in it counts: a resolver only moves bytes.
///
/// ```
/// use iso18013::status::{ListKind, ResolveError, StatusResolver};
///
/// /// Tokens from a directory that a distribution job keeps up to date.
/// struct Directory(std::path::PathBuf);
///
/// impl StatusResolver for Directory {
///     fn resolve(&self, uri: &str, _kind: ListKind) -> Result<Vec<u8>, ResolveError> {
///         let name = uri.rsplit('/').next().ok_or(ResolveError::NotFound)?;
///         std::fs::read(self.0.join(name)).map_err(|e| match e.kind() {
///             std::io::ErrorKind::NotFound => ResolveError::NotFound,
///             _ => ResolveError::Failed(Box::new(e)),
///         })
///     }
/// }
///
/// let dir = Directory(std::env::temp_dir().join("no-such-directory"));
/// let got = dir.resolve("https://issuer.example/lists/1", ListKind::StatusList);
/// assert!(matches!(got, Err(ResolveError::NotFound)));
/// ```
pub trait StatusResolver: Send + Sync {
    /// The token published at `uri`, a list of `kind` (a resolver that fetches asks for
    /// its media type, [`ListKind::typ`]).
    ///
    /// # Errors
    /// [`ResolveError`]: the token cannot be had now. The verifier's
    /// [`StatusPolicy`](crate::verify::StatusPolicy) decides what that means.
    fn resolve(&self, uri: &str, kind: ListKind) -> Result<Vec<u8>, ResolveError>;
}

/// Why a resolver has no token.
#[derive(Debug)]
#[non_exhaustive]
pub enum ResolveError {
    /// Nothing is known at this URI.
    NotFound,
    /// Getting the token failed (the network, a refused answer, a file system): the cause.
    Failed(Box<dyn core::error::Error + Send + Sync>),
}

impl fmt::Display for ResolveError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NotFound => f.write_str("no token at this URI"),
            Self::Failed(e) => write!(f, "getting the token failed: {e}"),
        }
    }
}

impl core::error::Error for ResolveError {
    fn source(&self) -> Option<&(dyn core::error::Error + 'static)> {
        match self {
            Self::NotFound => None,
            Self::Failed(e) => Some(e.as_ref()),
        }
    }
}

/// List tokens the caller already holds, by URI: the resolver of a verifier that gets its
/// tokens out of band (a download job, a file, a message). Cloning copies the tokens.
///
/// ```
/// use iso18013::status::{ListKind, StatusResolver, StatusTokens};
///
/// let mut tokens = StatusTokens::new();
/// tokens.insert("https://issuer.example/lists/1", vec![0xd2, 0x84]);
/// assert_eq!(tokens.resolve("https://issuer.example/lists/1", ListKind::StatusList)?, [0xd2, 0x84]);
/// assert!(tokens.resolve("https://issuer.example/lists/2", ListKind::StatusList).is_err());
/// # Ok::<(), iso18013::status::ResolveError>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StatusTokens {
    tokens: BTreeMap<String, Vec<u8>>,
}

impl StatusTokens {
    /// No tokens.
    pub fn new() -> Self {
        Self::default()
    }

    /// Holds `token` as the one published at `uri` (replacing any other).
    pub fn insert(&mut self, uri: impl Into<String>, token: Vec<u8>) -> &mut Self {
        self.tokens.insert(uri.into(), token);
        self
    }

    /// Forgets the token of `uri`.
    pub fn remove(&mut self, uri: &str) -> Option<Vec<u8>> {
        self.tokens.remove(uri)
    }

    /// How many tokens are held.
    pub fn len(&self) -> usize {
        self.tokens.len()
    }

    /// Whether none is.
    pub fn is_empty(&self) -> bool {
        self.tokens.is_empty()
    }
}

impl<U: Into<String>> FromIterator<(U, Vec<u8>)> for StatusTokens {
    fn from_iter<I: IntoIterator<Item = (U, Vec<u8>)>>(iter: I) -> Self {
        Self {
            tokens: iter.into_iter().map(|(u, t)| (u.into(), t)).collect(),
        }
    }
}

impl StatusResolver for StatusTokens {
    fn resolve(&self, uri: &str, _kind: ListKind) -> Result<Vec<u8>, ResolveError> {
        self.tokens.get(uri).cloned().ok_or(ResolveError::NotFound)
    }
}

impl<R: StatusResolver + ?Sized> StatusResolver for &R {
    fn resolve(&self, uri: &str, kind: ListKind) -> Result<Vec<u8>, ResolveError> {
        (**self).resolve(uri, kind)
    }
}

impl<R: StatusResolver + ?Sized> StatusResolver for alloc::sync::Arc<R> {
    fn resolve(&self, uri: &str, kind: ListKind) -> Result<Vec<u8>, ResolveError> {
        (**self).resolve(uri, kind)
    }
}
