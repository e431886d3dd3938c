//! Field checks shared by several structures: the major version, the context string.

use alloc::string::String;

use super::decoder::Decoder;
use super::error::{DecodeError, DecodeErrorKind};
use super::map::field;

/// Reads a `"version"` text of major version 1 (`"1.0"`, `"1.1"`, ...), naming
/// `structure` in any error.
pub(crate) fn version(d: &mut Decoder<'_>, structure: &'static str) -> Result<String, DecodeError> {
    let at = d.offset();
    let v: String = field(d, structure, "version")?;
    if v.starts_with("1.") {
        Ok(v)
    } else {
        Err(DecodeError::new(
            DecodeErrorKind::InvalidValue("unsupported major version"),
            at,
        )
        .at(structure, "version"))
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
