//! PEM text (RFC 7468), read leniently (any line width, CRLF, text between blocks) and
//! written strictly (64-character lines, LF).

use alloc::string::String;
use alloc::vec::Vec;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use zeroize::Zeroizing;

/// At most this many PEM blocks are read from one text (a VICAL-sized bundle fits).
pub(crate) const MAX_PEM_BLOCKS: usize = 4096;

const BEGIN: &str = "-----BEGIN ";
const END: &str = "-----END ";
const DASHES: &str = "-----";

/// Why PEM text could not be read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum PemError {
    /// A `BEGIN` line without its `END` line, or a malformed boundary.
    Boundary,
    /// The text between the boundaries is not base64.
    Base64,
    /// More than [`MAX_PEM_BLOCKS`] blocks.
    TooManyBlocks,
}

impl PemError {
    pub(crate) fn what(self) -> &'static str {
        match self {
            Self::Boundary => "PEM boundary missing or malformed",
            Self::Base64 => "PEM body is not base64",
            Self::TooManyBlocks => "too many PEM blocks",
        }
    }
}

/// One decoded block: its label and contents. The contents zeroize on drop, since
/// blocks may hold private keys.
pub(crate) struct PemBlock<'a> {
    pub(crate) label: &'a str,
    pub(crate) der: Zeroizing<Vec<u8>>,
}

/// Every PEM block of `text`, in order. Text outside blocks is ignored (OpenSSL writes
/// "Bag Attributes" and the like there).
pub(crate) fn blocks(text: &str) -> Result<Vec<PemBlock<'_>>, PemError> {
    let mut out = Vec::new();
    let mut rest = text;
    // Each iteration consumes at least one BEGIN line, so the loop is bounded by the
    // text's length; MAX_PEM_BLOCKS bounds it further.
    while let Some(start) = rest.find(BEGIN) {
        if out.len() >= MAX_PEM_BLOCKS {
            return Err(PemError::TooManyBlocks);
        }
        let after_begin = rest.get(start + BEGIN.len()..).ok_or(PemError::Boundary)?;
        let label_end = after_begin.find(DASHES).ok_or(PemError::Boundary)?;
        let label = after_begin.get(..label_end).ok_or(PemError::Boundary)?;
        if label.contains(['\n', '\r']) {
            return Err(PemError::Boundary);
        }
        let body_and_rest = after_begin
            .get(label_end + DASHES.len()..)
            .ok_or(PemError::Boundary)?;
        let end_marker_at = body_and_rest.find(END).ok_or(PemError::Boundary)?;
        let body = body_and_rest
            .get(..end_marker_at)
            .ok_or(PemError::Boundary)?;
        let after_end = body_and_rest
            .get(end_marker_at + END.len()..)
            .ok_or(PemError::Boundary)?;
        let end_label = after_end
            .get(..label.len())
            .filter(|l| *l == label)
            .ok_or(PemError::Boundary)?;
        let tail = after_end
            .get(end_label.len()..)
            .filter(|t| t.starts_with(DASHES))
            .ok_or(PemError::Boundary)?;
        rest = tail.get(DASHES.len()..).ok_or(PemError::Boundary)?;

        let mut compact = Zeroizing::new(String::with_capacity(body.len()));
        compact.extend(body.chars().filter(|c| !c.is_ascii_whitespace()));
        let der = Zeroizing::new(
            STANDARD
                .decode(compact.as_bytes())
                .map_err(|_| PemError::Base64)?,
        );
        out.push(PemBlock { label, der });
    }
    Ok(out)
}

/// `der` as a PEM block labelled `label`: 64-character lines, LF line endings.
pub(crate) fn encode(label: &str, der: &[u8]) -> String {
    let b64 = Zeroizing::new(STANDARD.encode(der));
    let mut out = String::with_capacity(b64.len() + b64.len() / 64 + 2 * label.len() + 40);
    out.push_str(BEGIN);
    out.push_str(label);
    out.push_str(DASHES);
    out.push('\n');
    // Base64 is ASCII, so splitting on byte offsets always lands on char boundaries.
    let mut line = b64.as_str();
    while !line.is_empty() {
        let (head, tail) = line.split_at(line.len().min(64));
        out.push_str(head);
        out.push('\n');
        line = tail;
    }
    out.push_str(END);
    out.push_str(label);
    out.push_str(DASHES);
    out.push('\n');
    out
}
