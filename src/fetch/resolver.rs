//! The fetcher as a verifier's [`StatusResolver`]: a [`Verifier`](crate::verify::Verifier)
//! given a [`Fetcher`] fetches the lists its documents name, by their URIs, on a cache
//! miss only.

use alloc::boxed::Box;
use alloc::vec::Vec;

use super::{FetchError, Fetcher};
use crate::status::{ListKind, ResolveError, StatusResolver};

impl StatusResolver for Fetcher {
    /// GETs `uri` asking for `kind`'s media type, under every rule of the fetcher's
    /// [`FetchConfig`](super::FetchConfig); a 404 or 410 is [`ResolveError::NotFound`],
    /// any other failure [`ResolveError::Failed`] with the [`FetchError`] as its cause.
    fn resolve(&self, uri: &str, kind: ListKind) -> Result<Vec<u8>, ResolveError> {
        let fetched = match kind {
            ListKind::StatusList => self.fetch_status_list(uri),
            ListKind::IdentifierList => self.fetch_identifier_list(uri),
        };
        match fetched {
            Ok(fetched) => Ok(fetched.bytes),
            Err(FetchError::NotFound { .. }) => Err(ResolveError::NotFound),
            Err(e) => Err(ResolveError::Failed(Box::new(e))),
        }
    }
}
