//! The `mdoc:` URI a QR code carries (ISO 18013-5 clause 8.2.2.3): the scheme, then the
//! `DeviceEngagement`'s bytes in base64url without padding.
//!
//! ```
//! use iso18013::engagement::{device_engagement_uri, parse_device_engagement_uri};
//! // Annex D, D.3.1.
//! let uri = "mdoc:owBjMS4wAYIB2BhYS6QBAiABIVggWojRgrzl9C76WZQ_MzWdLoqWj_KJ2T5fpES2JDQxZ_4iWCCx\
//!            boz4WN3HaQQHumHUwzgjeoz8895qpnL8YKVXqjL8ZwKBgwIBowD0AfULUEXv73QrLEg3qaOw4dBaaRc";
//! let engagement = parse_device_engagement_uri(uri)?;
//! assert_eq!(engagement.version, "1.0");
//! assert_eq!(engagement.inner_bytes().len(), 116);
//! assert_eq!(device_engagement_uri(&engagement), uri);
//! # Ok::<(), iso18013::engagement::EngagementUriError>(())
//! ```

use alloc::string::String;
use core::fmt;

use base64::Engine as _;
use base64::engine::general_purpose::{URL_SAFE_NO_PAD, URL_SAFE_NO_PAD_INDIFFERENT};

use super::DeviceEngagementBytes;
use crate::cbor::{DecodeError, DecodeErrorKind, TaggedCbor};

/// The URI scheme, with its colon.
const SCHEME: &str = "mdoc:";

/// The longest QR text [`parse_device_engagement_uri`] reads, in bytes: far beyond any
/// engagement a QR code can hold (a version 40 code holds under 3 KiB).
pub const MAX_ENGAGEMENT_URI_LEN: usize = 8 * 1024;

/// The `mdoc:` URI of an engagement: `"mdoc:"` followed by base64url, without padding,
/// of the `DeviceEngagement`'s exact bytes (the content of the tag-24 item).
pub fn device_engagement_uri(engagement: &DeviceEngagementBytes) -> String {
    let mut uri = String::from(SCHEME);
    URL_SAFE_NO_PAD.encode_string(engagement.inner_bytes(), &mut uri);
    uri
}

/// Reads the text of a scanned QR code: surrounding whitespace is ignored, the `mdoc:`
/// scheme is required (in any case), the rest is base64url with or without padding, and
/// it must decode strictly to exactly one `DeviceEngagement` (version "1.x"). The result
/// wraps those exact bytes in tag 24, as the `SessionTranscript` carries them.
///
/// # Errors
/// [`EngagementUriError::Scheme`] without the `mdoc:` scheme;
/// [`EngagementUriError::Base64`] when the rest is not base64url;
/// [`EngagementUriError::Decode`] when the bytes are not one valid `DeviceEngagement`, or
/// when the text is longer than [`MAX_ENGAGEMENT_URI_LEN`] (kind
/// [`DecodeErrorKind::MessageTooLarge`]).
pub fn parse_device_engagement_uri(uri: &str) -> Result<DeviceEngagementBytes, EngagementUriError> {
    if uri.len() > MAX_ENGAGEMENT_URI_LEN {
        return Err(EngagementUriError::Decode(DecodeError::new(
            DecodeErrorKind::MessageTooLarge {
                limit: u64::try_from(MAX_ENGAGEMENT_URI_LEN).unwrap_or(u64::MAX),
            },
            0,
        )));
    }
    let uri = uri.trim();
    let payload = match (uri.get(..SCHEME.len()), uri.get(SCHEME.len()..)) {
        (Some(scheme), Some(payload)) if scheme.eq_ignore_ascii_case(SCHEME) => payload,
        _ => return Err(EngagementUriError::Scheme),
    };
    let bytes = URL_SAFE_NO_PAD_INDIFFERENT
        .decode(payload)
        .map_err(|_| EngagementUriError::Base64)?;
    TaggedCbor::from_inner_bytes(&bytes).map_err(EngagementUriError::Decode)
}

/// An `mdoc:` URI could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum EngagementUriError {
    /// The text does not start with the `mdoc:` scheme.
    Scheme,
    /// What follows the scheme is not base64url (with or without padding).
    Base64,
    /// The bytes are not exactly one valid `DeviceEngagement`, or the text is too long.
    Decode(DecodeError),
}

impl fmt::Display for EngagementUriError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Scheme => f.write_str("not an mdoc: URI"),
            Self::Base64 => f.write_str("invalid base64url after \"mdoc:\""),
            Self::Decode(e) => write!(f, "invalid DeviceEngagement in mdoc: URI: {e}"),
        }
    }
}

impl core::error::Error for EngagementUriError {
    fn source(&self) -> Option<&(dyn core::error::Error + 'static)> {
        match self {
            Self::Decode(e) => Some(e),
            Self::Scheme | Self::Base64 => None,
        }
    }
}
