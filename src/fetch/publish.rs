//! What a service serves for a URI: the bytes and their headers.

use alloc::borrow::ToOwned;
use alloc::format;
use alloc::string::String;
use alloc::vec;
use alloc::vec::Vec;

use std::io;
use std::path::Path;

use super::{media_type, sniff, uri};

/// The largest file [`Publication::directory`] reads.
const MAX_FILE: u64 = 64 << 20;
/// The most files [`Publication::directory`] serves.
const MAX_FILES: usize = 10_000;

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

    /// The publication of a signed document at the path of `uri`, served as the document
    /// says: a `COSE_Sign1` whose protected `typ` (16) is `application/statuslist+cwt` or
    /// `application/identifierlist+cwt` (or their short forms) with that media type, any
    /// other `COSE_Sign1` (a VICAL, a RICAL) as [`media_type::CWT`], anything else as
    /// [`media_type::OCTET_STREAM`]; `Cache-Control: max-age` from the CWT `ttl` claim
    /// (65534) when there is one. Only the envelope is read; nothing is verified.
    ///
    /// ```
    /// use iso18013::fetch::{Publication, media_type};
    ///
    /// let not_a_token = Publication::for_document("/x", vec![1, 2, 3]);
    /// assert_eq!(not_a_token.content_type, media_type::OCTET_STREAM);
    /// assert_eq!(not_a_token.max_age, None);
    /// ```
    pub fn for_document(uri: &str, bytes: Vec<u8>) -> Self {
        let (content_type, ttl) = sniff::sniff(&bytes);
        Self::for_uri(uri, bytes, content_type, ttl)
    }

    /// Every regular file directly in `dir` (hidden files aside), each at `/<file name>`
    /// and served as [`for_document`](Self::for_document) says (a `.json` file that is not
    /// a token as [`media_type::JSON`]), sorted by name: what `mdoc status serve --dir`
    /// serves. A file name that is not UTF-8 or would need escaping in a URI is skipped.
    ///
    /// # Errors
    /// The I/O error of reading the directory or a file; [`io::ErrorKind::InvalidData`]
    /// for a file over 64 MiB or more than 10,000 files.
    pub fn directory(dir: &Path) -> io::Result<Vec<Self>> {
        let mut all = Vec::new();
        for entry in std::fs::read_dir(dir)? {
            let entry = entry?;
            let name = entry.file_name();
            let Some(name) = name.to_str() else { continue };
            let plain = name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "-._~".contains(c));
            if name.starts_with('.') || !plain || !entry.file_type()?.is_file() {
                continue;
            }
            if all.len() >= MAX_FILES {
                return Err(io::Error::new(io::ErrorKind::InvalidData, "too many files"));
            }
            if entry.metadata()?.len() > MAX_FILE {
                return Err(io::Error::new(
                    io::ErrorKind::InvalidData,
                    alloc::format!("{name}: larger than 64 MiB"),
                ));
            }
            let mut publication = Self::for_document(name, std::fs::read(entry.path())?);
            if publication.content_type == media_type::OCTET_STREAM
                && Path::new(name)
                    .extension()
                    .is_some_and(|e| e.eq_ignore_ascii_case("json"))
            {
                media_type::JSON.clone_into(&mut publication.content_type);
            }
            all.push(publication);
        }
        all.sort_by(|a, b| a.path.cmp(&b.path));
        Ok(all)
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
