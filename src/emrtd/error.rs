//! What can be wrong with an eMRTD data group.

use core::fmt;

/// Why a data group, biometric template or SOD was refused: the offset is from the start
/// of the bytes given, the tags are written as in ICAO Doc 9303 (`0x7F61`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum EmrtdError {
    /// No bytes at all.
    Empty,
    /// The bytes end inside a tag or a length field.
    Truncated {
        /// Where the TLV starts.
        offset: usize,
    },
    /// A tag of more than three bytes (none of ICAO's is longer).
    TagTooLong {
        /// Where the TLV starts.
        offset: usize,
    },
    /// The indefinite length form (0x80): ICAO data groups use definite lengths only.
    IndefiniteLength {
        /// Where the TLV starts.
        offset: usize,
    },
    /// A length field of more than four bytes, or a reserved first byte (0xFF).
    LengthTooLong {
        /// Where the TLV starts.
        offset: usize,
    },
    /// A length that runs past the end of its parent.
    LengthPastEnd {
        /// Where the TLV starts.
        offset: usize,
        /// Its tag.
        tag: u32,
        /// The length it declares.
        length: usize,
        /// What its parent has left for the value.
        available: usize,
    },
    /// Bytes after the last TLV of a data group (or of a template whose content is fixed).
    TrailingBytes {
        /// Where they start.
        offset: usize,
    },
    /// Constructed TLVs nested deeper than [`MAX_DEPTH`](super::MAX_DEPTH).
    TooDeep {
        /// Where the TLV that went too deep starts.
        offset: usize,
    },
    /// The outer tag is not the one of the data group expected.
    WrongOuterTag {
        /// The tag expected (0x75 DG2, 0x63 DG3, 0x76 DG4, 0x77 SOD, 0x7F61 a template).
        expected: u32,
        /// The tag found.
        found: u32,
    },
    /// A tag that cannot stand where it is.
    UnexpectedTag {
        /// Where.
        offset: usize,
        /// The tag of the template it is in.
        within: u32,
        /// The tag found.
        found: u32,
    },
    /// The biometric information group template (0x7F61) does not start with the number
    /// of instances (0x02).
    MissingCount,
    /// The number of instances is not a one-byte integer.
    BadCount {
        /// Where the 0x02 TLV starts.
        offset: usize,
    },
    /// The number of instances differs from the number of biometric information templates
    /// (0x7F60).
    CountMismatch {
        /// The number declared in 0x02.
        declared: u8,
        /// The number of 0x7F60 templates found.
        found: usize,
    },
    /// A biometric information template (0x7F60) without its biometric header template
    /// (0xA1) first.
    MissingHeader {
        /// Which template (from 0).
        index: usize,
    },
    /// A biometric information template (0x7F60) without its biometric data block (0x5F2E
    /// or 0x7F2E) after the header.
    MissingDataBlock {
        /// Which template (from 0).
        index: usize,
    },
}

impl fmt::Display for EmrtdError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Empty => f.write_str("empty data group"),
            Self::Truncated { offset } => write!(f, "TLV at byte {offset} is truncated"),
            Self::TagTooLong { offset } => write!(f, "tag at byte {offset} is over three bytes"),
            Self::IndefiniteLength { offset } => {
                write!(f, "TLV at byte {offset} has an indefinite length")
            }
            Self::LengthTooLong { offset } => {
                write!(f, "TLV at byte {offset} has a length field over four bytes")
            }
            Self::LengthPastEnd {
                offset,
                tag,
                length,
                available,
            } => write!(
                f,
                "tag 0x{tag:X} at byte {offset} declares {length} bytes, {available} remain"
            ),
            Self::TrailingBytes { offset } => write!(f, "trailing bytes at byte {offset}"),
            Self::TooDeep { offset } => write!(f, "TLVs nested too deep at byte {offset}"),
            Self::WrongOuterTag { expected, found } => {
                write!(f, "outer tag 0x{found:X}, expected 0x{expected:X}")
            }
            Self::UnexpectedTag {
                offset,
                within,
                found,
            } => {
                write!(
                    f,
                    "unexpected tag 0x{found:X} in 0x{within:X} at byte {offset}"
                )
            }
            Self::MissingCount => f.write_str("0x7F61 does not start with the instance count 0x02"),
            Self::BadCount { offset } => {
                write!(
                    f,
                    "the instance count at byte {offset} is not a one-byte integer"
                )
            }
            Self::CountMismatch { declared, found } => write!(
                f,
                "0x7F61 declares {declared} instances and holds {found} templates 0x7F60"
            ),
            Self::MissingHeader { index } => {
                write!(f, "template 0x7F60 number {index} has no header 0xA1")
            }
            Self::MissingDataBlock { index } => {
                write!(
                    f,
                    "template 0x7F60 number {index} has no data block 0x5F2E or 0x7F2E"
                )
            }
        }
    }
}

impl core::error::Error for EmrtdError {}
