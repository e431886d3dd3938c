//! Field checks shared by several structures: the major version, the context string.

use alloc::string::String;

use super::decoder::Decoder;
use super::error::{DecodeError, DecodeErrorKind};
use super::map::field;

/// Whether `v` is a `Version` this crate reads: `"major.minor"` (ISO 18013-5 8.3), each a
/// decimal number without sign, spaces or leading zeros, and the major version 1.
///
/// Any minor version is accepted, since 8.3 says that a known major version with an
/// unknown minor one "shall not" give an error (the second edition writes "1.0" and
/// "1.1"); anything else that merely starts with `"1."` is not a version.
///
/// # Errors
/// Why the text is refused, as the message of an
/// [`InvalidValue`](DecodeErrorKind::InvalidValue).
pub(crate) fn check_version(v: &str) -> Result<(), &'static str> {
    let number = |part: &str| {
        !part.is_empty()
            && part.bytes().all(|b| b.is_ascii_digit())
            && (part == "0" || !part.starts_with('0'))
    };
    match v.split_once('.') {
        Some((major, minor)) if number(major) && number(minor) => {
            if major == "1" {
                Ok(())
            } else {
                Err("unsupported major version")
            }
        }
        _ => Err("version is not \"major.minor\" in decimal"),
    }
}

/// Reads a `"version"` text of major version 1 (`"1.0"`, `"1.1"`, ...; see
/// [`check_version`]), naming `structure` in any error.
pub(crate) fn version(d: &mut Decoder<'_>, structure: &'static str) -> Result<String, DecodeError> {
    let at = d.offset();
    let v: String = field(d, structure, "version")?;
    match check_version(&v) {
        Ok(()) => Ok(v),
        Err(why) => {
            Err(DecodeError::new(DecodeErrorKind::InvalidValue(why), at).at(structure, "version"))
        }
    }
}

/// Reads the fixed text at the head of an authentication structure.
pub(crate) fn context_string(
    d: &mut Decoder<'_>,
    structure: &'static str,
    expected: &'static str,
) -> Result<(), DecodeError> {
    let at = d.offset();
    let got: &str = d.text().map_err(|e| e.at(structure, "context"))?;
    if got == expected {
        Ok(())
    } else {
        Err(
            DecodeError::new(DecodeErrorKind::InvalidValue("wrong context string"), at)
                .at(structure, "context"),
        )
    }
}
