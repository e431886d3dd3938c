//! A strict, bounded cursor over borrowed bytes.

use super::error::{CborType, DecodeError, DecodeErrorKind};
use super::limits::Limits;

/// A CBOR item's initial byte, split into major type and argument.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Head {
    Unsigned(u64),
    Negative(u64),
    Bytes(u64),
    Text(u64),
    Array(u64),
    Map(u64),
    Tag(u64),
    /// Simple values 0..=255 (false, true, null and undefined included).
    Simple(u8),
    /// A float of the given width in bytes (2, 4 or 8) with its raw bits.
    Float(u8, u64),
}

impl Head {
    pub(crate) fn cbor_type(self) -> CborType {
        match self {
            Self::Unsigned(_) => CborType::Unsigned,
            Self::Negative(_) => CborType::Negative,
            Self::Bytes(_) => CborType::Bytes,
            Self::Text(_) => CborType::Text,
            Self::Array(_) => CborType::Array,
            Self::Map(_) => CborType::Map,
            Self::Tag(_) => CborType::Tag,
            Self::Simple(20 | 21) => CborType::Bool,
            Self::Simple(22) => CborType::Null,
            Self::Simple(23) => CborType::Undefined,
            Self::Simple(_) => CborType::Simple,
            Self::Float(..) => CborType::Float,
        }
    }
}

/// A strict, bounded CBOR decoder over borrowed bytes.
///
/// Every length is checked against the bytes that remain before anything is allocated;
/// indefinite lengths, reserved encodings and excess depth or counts are errors. Nested
/// decoders (for tag-24 contents and COSE payloads) share the parent's budget and depth,
/// and report offsets in the outermost input.
#[derive(Debug)]
pub struct Decoder<'a> {
    buf: &'a [u8],
    pos: usize,
    /// Offset of `buf` in the outermost input, for error reports.
    base: usize,
    depth: u32,
    items_left: u64,
    limits: &'a Limits,
}

impl<'a> Decoder<'a> {
    /// A decoder over a whole message; fails if the message exceeds the size limit.
    ///
    /// # Errors
    /// [`DecodeErrorKind::MessageTooLarge`] when `buf` is larger than
    /// [`Limits::max_message_size`].
    pub fn new(buf: &'a [u8], limits: &'a Limits) -> Result<Self, DecodeError> {
        if buf.len() > limits.max_message_size {
            return Err(DecodeError::new(
                DecodeErrorKind::MessageTooLarge {
                    limit: u64::try_from(limits.max_message_size).unwrap_or(u64::MAX),
                },
                0,
            ));
        }
        Ok(Self {
            buf,
            pos: 0,
            base: 0,
            depth: 0,
            items_left: limits.max_items,
            limits,
        })
    }

    /// The depth limit in force: [`Limits::max_depth`], but never more than
    /// [`Limits::DEPTH_CEILING`], so that no setting lets input exhaust the stack.
    fn max_depth(&self) -> u32 {
        self.limits.max_depth.min(Limits::DEPTH_CEILING)
    }

    /// The limits in force.
    pub fn limits(&self) -> &'a Limits {
        self.limits
    }

    /// Offset of the next byte in the outermost input.
    pub fn offset(&self) -> usize {
        self.base.saturating_add(self.pos)
    }

    /// Bytes not yet read.
    pub fn remaining(&self) -> usize {
        self.buf.len().saturating_sub(self.pos)
    }

    /// Whether every byte has been read.
    pub fn is_empty(&self) -> bool {
        self.remaining() == 0
    }

    /// Fails with [`DecodeErrorKind::TrailingBytes`] unless every byte has been read.
    ///
    /// # Errors
    /// When bytes remain.
    pub fn finish(&self) -> Result<(), DecodeError> {
        if self.is_empty() {
            Ok(())
        } else {
            Err(self.error(DecodeErrorKind::TrailingBytes))
        }
    }

    /// An error of `kind` at the current offset.
    pub fn error(&self, kind: DecodeErrorKind) -> DecodeError {
        DecodeError::new(kind, self.offset())
    }

    fn error_at(&self, kind: DecodeErrorKind, pos: usize) -> DecodeError {
        DecodeError::new(kind, self.base.saturating_add(pos))
    }

    fn take(&mut self, n: usize) -> Result<&'a [u8], DecodeError> {
        let end = self
            .pos
            .checked_add(n)
            .filter(|&end| end <= self.buf.len())
            .ok_or_else(|| self.error(DecodeErrorKind::UnexpectedEnd))?;
        let bytes = self
            .buf
            .get(self.pos..end)
            .ok_or_else(|| self.error(DecodeErrorKind::UnexpectedEnd))?;
        self.pos = end;
        Ok(bytes)
    }

    fn byte(&mut self) -> Result<u8, DecodeError> {
        let b = *self
            .buf
            .get(self.pos)
            .ok_or_else(|| self.error(DecodeErrorKind::UnexpectedEnd))?;
        self.pos = self.pos.saturating_add(1);
        Ok(b)
    }

    fn argument(&mut self, info: u8, start: usize) -> Result<Option<u64>, DecodeError> {
        let width = match info {
            0..=23 => return Ok(Some(u64::from(info))),
            24 => 1,
            25 => 2,
            26 => 4,
            27 => 8,
            31 => return Ok(None),
            _ => return Err(self.error_at(DecodeErrorKind::NotWellFormed, start)),
        };
        let bytes = self.take(width)?;
        Ok(Some(
            bytes.iter().fold(0u64, |acc, &b| (acc << 8) | u64::from(b)),
        ))
    }

    /// Peeks at the next item's head without consuming it.
    pub(crate) fn peek_head(&mut self) -> Result<Head, DecodeError> {
        let (pos, items_left) = (self.pos, self.items_left);
        let head = self.head();
        self.pos = pos;
        self.items_left = items_left;
        head
    }

    /// Reads the next item's head; checks the item budget, and that string and
    /// container lengths fit in the remaining input.
    pub(crate) fn head(&mut self) -> Result<Head, DecodeError> {
        let start = self.pos;
        if self.items_left == 0 {
            return Err(self.error(DecodeErrorKind::TooMany {
                what: "CBOR items in the message",
                limit: self.limits.max_items,
            }));
        }
        self.items_left -= 1;
        let initial = self.byte()?;
        let major = initial >> 5;
        let info = initial & 0x1f;
        if major == 7 {
            return match info {
                0..=23 => Ok(Head::Simple(info)),
                24 => {
                    let v = self.byte()?;
                    if v < 32 {
                        Err(self.error_at(DecodeErrorKind::NotWellFormed, start))
                    } else {
                        Ok(Head::Simple(v))
                    }
                }
                25..=27 => {
                    // 25, 26, 27: half, single, double precision (2, 4, 8 bytes).
                    let width = 1u8 << (info - 24);
                    let bits = self.argument(info, start)?.unwrap_or(0);
                    Ok(Head::Float(width, bits))
                }
                // 28..=30 reserved; 31 is "break", which only ends indefinite items.
                _ => Err(self.error_at(DecodeErrorKind::NotWellFormed, start)),
            };
        }
        let arg = match self.argument(info, start)? {
            Some(arg) => arg,
            None if matches!(major, 2..=5) => {
                return Err(self.error_at(DecodeErrorKind::IndefiniteLength, start));
            }
            None => return Err(self.error_at(DecodeErrorKind::NotWellFormed, start)),
        };
        let remaining = u64::try_from(self.remaining()).unwrap_or(u64::MAX);
        // Each array element takes at least one byte, each map entry at least two.
        let needed = match major {
            2..=4 => arg,
            5 => arg.saturating_mul(2),
            _ => 0,
        };
        if needed > remaining {
            return Err(self.error_at(DecodeErrorKind::LengthBeyondInput { claimed: arg }, start));
        }
        if matches!(major, 4 | 5) && arg > self.limits.max_container_len {
            return Err(self.error_at(
                DecodeErrorKind::TooMany {
                    what: "entries in one array or map",
                    limit: self.limits.max_container_len,
                },
                start,
            ));
        }
        Ok(match major {
            0 => Head::Unsigned(arg),
            1 => Head::Negative(arg),
            2 => Head::Bytes(arg),
            3 => Head::Text(arg),
            4 => Head::Array(arg),
            5 => Head::Map(arg),
            _ => Head::Tag(arg),
        })
    }

    fn unexpected(&self, expected: &'static str, head: Head, start: usize) -> DecodeError {
        self.error_at(
            DecodeErrorKind::UnexpectedType {
                expected,
                got: head.cbor_type(),
            },
            start,
        )
    }

    fn len_to_usize(&self, len: u64) -> Result<usize, DecodeError> {
        usize::try_from(len)
            .map_err(|_| self.error(DecodeErrorKind::LengthBeyondInput { claimed: len }))
    }

    /// Reads an unsigned integer.
    ///
    /// # Errors
    /// When the next item is not an unsigned integer, or the input is malformed.
    pub fn u64(&mut self) -> Result<u64, DecodeError> {
        let start = self.pos;
        match self.head()? {
            Head::Unsigned(v) => Ok(v),
            other => Err(self.unexpected("unsigned integer", other, start)),
        }
    }

    /// Reads an integer (major type 0 or 1) that fits in an `i64`.
    ///
    /// # Errors
    /// When the next item is not an integer, or does not fit.
    pub fn i64(&mut self) -> Result<i64, DecodeError> {
        let start = self.pos;
        match self.head()? {
            Head::Unsigned(v) => i64::try_from(v)
                .map_err(|_| self.error_at(DecodeErrorKind::IntegerOutOfRange, start)),
            Head::Negative(v) => i64::try_from(v)
                .map(|v| -1 - v)
                .map_err(|_| self.error_at(DecodeErrorKind::IntegerOutOfRange, start)),
            other => Err(self.unexpected("integer", other, start)),
        }
    }

    /// Reads a byte string, borrowed from the input.
    ///
    /// # Errors
    /// When the next item is not a definite-length byte string.
    pub fn bytes(&mut self) -> Result<&'a [u8], DecodeError> {
        let start = self.pos;
        match self.head()? {
            Head::Bytes(len) => {
                let len = self.len_to_usize(len)?;
                self.take(len)
            }
            other => Err(self.unexpected("byte string", other, start)),
        }
    }

    /// Reads a text string, borrowed from the input.
    ///
    /// # Errors
    /// When the next item is not a definite-length UTF-8 text string.
    pub fn text(&mut self) -> Result<&'a str, DecodeError> {
        let start = self.pos;
        match self.head()? {
            Head::Text(len) => {
                let len = self.len_to_usize(len)?;
                let body_start = self.pos;
                let raw = self.take(len)?;
                core::str::from_utf8(raw)
                    .map_err(|_| self.error_at(DecodeErrorKind::InvalidUtf8, body_start))
            }
            other => Err(self.unexpected("text string", other, start)),
        }
    }

    /// Reads `true` or `false`.
    ///
    /// # Errors
    /// When the next item is not a bool.
    pub fn bool(&mut self) -> Result<bool, DecodeError> {
        let start = self.pos;
        match self.head()? {
            Head::Simple(20) => Ok(false),
            Head::Simple(21) => Ok(true),
            other => Err(self.unexpected("bool", other, start)),
        }
    }

    /// Consumes a `null` if one is next, returning whether it did.
    ///
    /// # Errors
    /// When the input is malformed.
    pub fn null(&mut self) -> Result<bool, DecodeError> {
        if self.peek_head()? == Head::Simple(22) {
            self.head()?;
            Ok(true)
        } else {
            Ok(false)
        }
    }

    /// Reads a tag number.
    ///
    /// # Errors
    /// When the next item is not a tag.
    pub fn tag(&mut self) -> Result<u64, DecodeError> {
        let start = self.pos;
        match self.head()? {
            Head::Tag(t) => Ok(t),
            other => Err(self.unexpected("tag", other, start)),
        }
    }

    /// Reads the tag `expected`.
    ///
    /// # Errors
    /// When the next item is not that tag.
    pub fn expect_tag(&mut self, expected: u64) -> Result<(), DecodeError> {
        let start = self.pos;
        let got = self.tag()?;
        if got == expected {
            Ok(())
        } else {
            Err(self.error_at(DecodeErrorKind::UnexpectedTag { expected, got }, start))
        }
    }

    /// Reads an array header and decodes its `len` elements inside `f`, one level deeper.
    ///
    /// # Errors
    /// When the next item is not an array, nesting is too deep, or `f` fails.
    pub fn array<R>(
        &mut self,
        f: impl FnOnce(&mut Self, u64) -> Result<R, DecodeError>,
    ) -> Result<R, DecodeError> {
        let start = self.pos;
        match self.head()? {
            Head::Array(len) => self.descend(|d| f(d, len)),
            other => Err(self.unexpected("array", other, start)),
        }
    }

    /// Reads an array that must have exactly `len` elements.
    ///
    /// # Errors
    /// When the next item is not an array of that length, or `f` fails.
    pub fn array_exact<R>(
        &mut self,
        len: u64,
        f: impl FnOnce(&mut Self) -> Result<R, DecodeError>,
    ) -> Result<R, DecodeError> {
        let start = self.pos;
        self.array(|d, n| {
            if n == len {
                f(d)
            } else {
                Err(d.error_at(
                    DecodeErrorKind::InvalidValue("wrong number of array elements"),
                    start,
                ))
            }
        })
    }

    /// Reads a map header and decodes its `len` entries inside `f`, one level deeper.
    /// Duplicate detection is up to the caller (see the `map` helpers).
    ///
    /// # Errors
    /// When the next item is not a map, nesting is too deep, or `f` fails.
    pub fn map_header<R>(
        &mut self,
        f: impl FnOnce(&mut Self, u64) -> Result<R, DecodeError>,
    ) -> Result<R, DecodeError> {
        let start = self.pos;
        match self.head()? {
            Head::Map(len) => self.descend(|d| f(d, len)),
            other => Err(self.unexpected("map", other, start)),
        }
    }

    /// Runs `f` one nesting level deeper.
    ///
    /// # Errors
    /// [`DecodeErrorKind::TooDeep`] past [`Limits::max_depth`], or whatever `f` returns.
    pub fn descend<R>(
        &mut self,
        f: impl FnOnce(&mut Self) -> Result<R, DecodeError>,
    ) -> Result<R, DecodeError> {
        if self.depth >= self.max_depth() {
            return Err(self.error(DecodeErrorKind::TooDeep));
        }
        self.depth += 1;
        let result = f(self);
        self.depth -= 1;
        result
    }

    /// Skips one complete item (of any type), checking it is well-formed, and returns
    /// its exact bytes.
    ///
    /// # Errors
    /// When the item is malformed or exceeds the limits.
    pub fn raw_item(&mut self) -> Result<&'a [u8], DecodeError> {
        let start = self.pos;
        <super::value::Value as super::Decode>::decode(self)?;
        self.buf
            .get(start..self.pos)
            .ok_or_else(|| self.error(DecodeErrorKind::UnexpectedEnd))
    }

    /// Decodes `inner` (a slice that begins at `inner_offset` of this decoder's buffer,
    /// such as a tag-24 byte string) as exactly one item with `f`, sharing this decoder's
    /// budget and depth.
    ///
    /// # Errors
    /// Whatever `f` returns, or [`DecodeErrorKind::TrailingBytes`] when it leaves bytes.
    pub fn nested<R>(
        &mut self,
        inner: &'a [u8],
        inner_offset: usize,
        f: impl FnOnce(&mut Decoder<'a>) -> Result<R, DecodeError>,
    ) -> Result<R, DecodeError> {
        let items_left = self.items_left;
        let depth = self.depth;
        let base = self.base.saturating_add(inner_offset);
        let limits = self.limits;
        if depth >= self.max_depth() {
            return Err(self.error(DecodeErrorKind::TooDeep));
        }
        let mut sub = Decoder {
            buf: inner,
            pos: 0,
            base,
            depth: depth.saturating_add(1),
            items_left,
            limits,
        };
        let result = f(&mut sub).and_then(|r| sub.finish().map(|()| r));
        self.items_left = sub.items_left;
        result
    }

    /// Current position within this decoder's own buffer (for [`nested`](Self::nested)).
    pub fn position(&self) -> usize {
        self.pos
    }

    /// The bytes of this decoder's buffer between two positions.
    pub fn slice(&self, start: usize, end: usize) -> Option<&'a [u8]> {
        self.buf.get(start..end)
    }
}
