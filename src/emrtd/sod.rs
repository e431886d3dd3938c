//! The Document Security Object's outer structure.

use super::EmrtdError;
use super::tags::SOD;
use super::tlv::{TlvReader, check_well_formed, single};

/// The SOD (0x77), checked only as TLV: its content is a CMS `ContentInfo` (a DER
/// SEQUENCE, tag 0x30) that this module does not parse further.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Sod<'a> {
    /// The CMS `ContentInfo` bytes (tag, length and value), for a CMS parser.
    pub content_info: &'a [u8],
}

/// Checks the SOD's outer tag 0x77, that it holds exactly one TLV, a SEQUENCE (0x30),
/// and that everything is well-formed definite-length TLV down to
/// [`MAX_DEPTH`](super::MAX_DEPTH) (no trailing bytes at any level).
///
/// ```
/// use iso18013::emrtd::{check_sod, EmrtdError};
///
/// let sod = [0x77, 0x07, 0x30, 0x05, 0x06, 0x03, 0x2A, 0x86, 0x48];
/// assert_eq!(check_sod(&sod)?.content_info, &sod[2..]);
/// assert!(matches!(check_sod(&sod[..8]), Err(EmrtdError::LengthPastEnd { .. })));
/// # Ok::<(), EmrtdError>(())
/// ```
///
/// # Errors
///
/// [`EmrtdError::WrongOuterTag`] (expected 0x77, or 0x30 inside), a TLV error, or
/// [`EmrtdError::TrailingBytes`].
pub fn check_sod(bytes: &[u8]) -> Result<Sod<'_>, EmrtdError> {
    let outer = single(bytes)?;
    if outer.tag != SOD {
        return Err(EmrtdError::WrongOuterTag {
            expected: SOD,
            found: outer.tag,
        });
    }
    check_well_formed(&outer, 0)?;
    let mut reader = TlvReader::within(&outer);
    let content = reader.read().ok_or(EmrtdError::Truncated {
        offset: outer.value_offset,
    })??;
    if content.tag != 0x30 {
        return Err(EmrtdError::WrongOuterTag {
            expected: 0x30,
            found: content.tag,
        });
    }
    if !reader.is_empty() {
        return Err(EmrtdError::TrailingBytes {
            offset: reader.offset(),
        });
    }
    let end = content.value_offset + content.value.len();
    Ok(Sod {
        content_info: bytes.get(content.offset..end).unwrap_or_default(),
    })
}
