//! Typed decoding errors that name what was wrong and where.

use alloc::vec::Vec;
use core::fmt;

/// The CBOR major types, for "expected X, got Y" messages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum CborType {
    /// An unsigned integer (major type 0).
    Unsigned,
    /// A negative integer (major type 1).
    Negative,
    /// A byte string (major type 2).
    Bytes,
    /// A text string (major type 3).
    Text,
    /// An array (major type 4).
    Array,
    /// A map (major type 5).
    Map,
    /// A tagged item (major type 6).
    Tag,
    /// `false` or `true`.
    Bool,
    /// `null`.
    Null,
    /// `undefined`.
    Undefined,
    /// Another simple value.
    Simple,
    /// A floating-point number.
    Float,
}

impl CborType {
    /// A short lowercase name, as used in messages.
    pub fn name(self) -> &'static str {
        match self {
            Self::Unsigned => "unsigned integer",
            Self::Negative => "negative integer",
            Self::Bytes => "byte string",
            Self::Text => "text string",
            Self::Array => "array",
            Self::Map => "map",
            Self::Tag => "tag",
            Self::Bool => "bool",
            Self::Null => "null",
            Self::Undefined => "undefined",
            Self::Simple => "simple value",
            Self::Float => "float",
        }
    }
}

/// What was wrong with the input.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum DecodeErrorKind {
    /// The input ended in the middle of an item.
    UnexpectedEnd,
    /// Bytes follow the single top-level item (or the item inside a tag-24 byte string).
    TrailingBytes,
    /// A map holds the same key twice.
    DuplicateKey,
    /// An indefinite-length string, array or map: never emitted by a conformant mdoc.
    IndefiniteLength,
    /// A header claims more bytes or elements than the remaining input can hold.
    LengthBeyondInput {
        /// What the header claimed.
        claimed: u64,
    },
    /// Nesting deeper than [`Limits::max_depth`](crate::cbor::Limits::max_depth).
    TooDeep,
    /// More of something than the [`Limits`](crate::cbor::Limits) allow.
    TooMany {
        /// What there were too many of.
        what: &'static str,
        /// The limit.
        limit: u64,
    },
    /// The whole message is larger than [`Limits::max_message_size`](crate::cbor::Limits).
    MessageTooLarge {
        /// The limit in bytes.
        limit: u64,
    },
    /// An item of the wrong CBOR type.
    UnexpectedType {
        /// What the structure needs here.
        expected: &'static str,
        /// What the input holds.
        got: CborType,
    },
    /// A tag other than the one the structure needs.
    UnexpectedTag {
        /// The tag required.
        expected: u64,
        /// The tag found.
        got: u64,
    },
    /// A required map key is absent.
    MissingField,
    /// The value has the right type but is not allowed here (the message says why).
    InvalidValue(&'static str),
    /// A text string that is not UTF-8.
    InvalidUtf8,
    /// Reserved additional-information values 28 to 30, a stray "break", or a
    /// two-byte simple value below 32.
    NotWellFormed,
    /// An integer outside the range the field allows.
    IntegerOutOfRange,
}

/// One step of the path from the top-level structure to the fault.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PathStep {
    /// The structure, in the standard's CDDL names (`DeviceResponse`).
    pub structure: &'static str,
    /// The field of that structure (`documents`).
    pub field: &'static str,
}

/// A strict decoder's verdict on untrusted bytes.
///
/// It says what was wrong ([`kind`](Self::kind)), the byte offset in the outermost input
/// where it was found, and the path of structures and fields leading there, innermost first.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DecodeError {
    kind: DecodeErrorKind,
    offset: usize,
    path: Vec<PathStep>,
}

impl DecodeError {
    /// An error of `kind` at byte `offset`.
    pub fn new(kind: DecodeErrorKind, offset: usize) -> Self {
        Self {
            kind,
            offset,
            path: Vec::new(),
        }
    }

    /// What was wrong.
    pub fn kind(&self) -> DecodeErrorKind {
        self.kind
    }

    /// Offset in the outermost input at which the fault was found.
    pub fn offset(&self) -> usize {
        self.offset
    }

    /// The path to the fault, innermost step first.
    pub fn path(&self) -> &[PathStep] {
        &self.path
    }

    /// The innermost structure and field named, if any.
    pub fn location(&self) -> Option<PathStep> {
        self.path.first().copied()
    }

    /// Names `structure` and `field` if nothing inner has named a location yet.
    #[must_use]
    pub fn or_at(self, structure: &'static str, field: &'static str) -> Self {
        if self.path.is_empty() {
            self.at(structure, field)
        } else {
            self
        }
    }

    /// Adds an outer step to the path (called as the error travels outwards).
    #[must_use]
    pub fn at(mut self, structure: &'static str, field: &'static str) -> Self {
        // Bounded by the decoder's depth limit: one step per nesting level at most.
        self.path.push(PathStep { structure, field });
        self
    }
}

impl fmt::Display for DecodeErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Self::UnexpectedEnd => f.write_str("input ends in the middle of an item"),
            Self::TrailingBytes => f.write_str("trailing bytes after the item"),
            Self::DuplicateKey => f.write_str("duplicate map key"),
            Self::IndefiniteLength => f.write_str("indefinite-length item"),
            Self::LengthBeyondInput { claimed } => {
                write!(f, "length {claimed} exceeds the remaining input")
            }
            Self::TooDeep => f.write_str("nesting too deep"),
            Self::TooMany { what, limit } => write!(f, "more than {limit} {what}"),
            Self::MessageTooLarge { limit } => write!(f, "message larger than {limit} bytes"),
            Self::UnexpectedType { expected, got } => {
                write!(f, "expected {expected}, got {}", got.name())
            }
            Self::UnexpectedTag { expected, got } => {
                write!(f, "expected tag {expected}, got tag {got}")
            }
            Self::MissingField => f.write_str("missing required field"),
            Self::InvalidValue(why) => write!(f, "invalid value: {why}"),
            Self::InvalidUtf8 => f.write_str("text string is not valid UTF-8"),
            Self::NotWellFormed => f.write_str("not well-formed CBOR"),
            Self::IntegerOutOfRange => f.write_str("integer out of range"),
        }
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, step) in self.path.iter().rev().enumerate() {
            if i > 0 {
                f.write_str(" > ")?;
            }
            write!(f, "{}.{}", step.structure, step.field)?;
        }
        if !self.path.is_empty() {
            f.write_str(": ")?;
        }
        write!(f, "{} (at byte {})", self.kind, self.offset)
    }
}

impl core::error::Error for DecodeError {}
