//! A bounded BER-TLV reader (ISO/IEC 7816-4 5.2, as ICAO Doc 9303 part 10 uses it):
//! tags of up to three bytes, definite lengths of up to four bytes, every length within
//! its parent, constructed values nested at most [`MAX_DEPTH`] deep.

use super::{EmrtdError, MAX_DEPTH};

/// One TLV, borrowed from the bytes it was read from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Tlv<'a> {
    /// The tag, its bytes read big-endian (`0x7F61`, `0x5F2E`, `0xA1`).
    pub tag: u32,
    /// Whether the tag says the value is made of TLVs (bit 6 of its first byte).
    pub constructed: bool,
    /// Where the TLV starts, from the start of the outermost bytes read.
    pub offset: usize,
    /// Where its value starts, likewise.
    pub value_offset: usize,
    /// The value.
    pub value: &'a [u8],
}

/// Reads consecutive TLVs from a byte string (the value of a constructed TLV, or a whole
/// data group), never past its end.
#[derive(Clone, Debug)]
pub struct TlvReader<'a> {
    data: &'a [u8],
    pos: usize,
    base: usize,
}

impl<'a> TlvReader<'a> {
    /// A reader of `data`, whose first byte is at `base` in the outermost bytes (0 for
    /// those).
    #[must_use]
    pub fn new(data: &'a [u8], base: usize) -> Self {
        Self { data, pos: 0, base }
    }

    /// A reader of a constructed TLV's value.
    #[must_use]
    pub fn within(tlv: &Tlv<'a>) -> Self {
        Self::new(tlv.value, tlv.value_offset)
    }

    /// Whether every byte was read.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.pos >= self.data.len()
    }

    /// Where the next TLV starts, in the outermost bytes.
    #[must_use]
    pub fn offset(&self) -> usize {
        self.base + self.pos
    }

    /// The next TLV, or `None` at the end.
    ///
    /// # Errors
    ///
    /// [`EmrtdError::Truncated`], [`TagTooLong`](EmrtdError::TagTooLong),
    /// [`IndefiniteLength`](EmrtdError::IndefiniteLength),
    /// [`LengthTooLong`](EmrtdError::LengthTooLong) or
    /// [`LengthPastEnd`](EmrtdError::LengthPastEnd).
    pub fn read(&mut self) -> Option<Result<Tlv<'a>, EmrtdError>> {
        if self.is_empty() {
            return None;
        }
        let result = self.read_tlv();
        if result.is_err() {
            // An error ends the reading: nothing after it can be trusted.
            self.pos = self.data.len();
        }
        Some(result)
    }

    fn byte(&mut self, start: usize) -> Result<u8, EmrtdError> {
        let byte = self.data.get(self.pos).copied();
        self.pos += 1;
        byte.ok_or(EmrtdError::Truncated { offset: start })
    }

    fn read_tlv(&mut self) -> Result<Tlv<'a>, EmrtdError> {
        let start = self.offset();
        let first = self.byte(start)?;
        let constructed = first & 0x20 != 0;
        let mut tag = u32::from(first);
        if first & 0x1F == 0x1F {
            // Subsequent tag bytes while bit 8 is set; three bytes in all at most.
            for n in 1.. {
                let next = self.byte(start)?;
                tag = tag << 8 | u32::from(next);
                if next & 0x80 == 0 {
                    break;
                }
                if n >= 2 {
                    return Err(EmrtdError::TagTooLong { offset: start });
                }
            }
        }
        let first_length = self.byte(start)?;
        let length = match first_length {
            0x80 => return Err(EmrtdError::IndefiniteLength { offset: start }),
            0x00..=0x7F => usize::from(first_length),
            0x81..=0x84 => {
                let mut length = 0usize;
                for _ in 0..(first_length & 0x7F) {
                    length = length << 8 | usize::from(self.byte(start)?);
                }
                length
            }
            _ => return Err(EmrtdError::LengthTooLong { offset: start }),
        };
        let available = self.data.len().saturating_sub(self.pos);
        let value_start = self.pos;
        let Some(value) = value_start
            .checked_add(length)
            .and_then(|end| self.data.get(value_start..end))
        else {
            return Err(EmrtdError::LengthPastEnd {
                offset: start,
                tag,
                length,
                available,
            });
        };
        self.pos = value_start + length;
        Ok(Tlv {
            tag,
            constructed,
            offset: start,
            value_offset: self.base + value_start,
            value,
        })
    }
}

/// Reads exactly one TLV from `data`: no bytes may follow it.
///
/// # Errors
///
/// Any error of [`TlvReader::read`]; [`EmrtdError::Empty`] for no bytes;
/// [`EmrtdError::TrailingBytes`] after the TLV.
pub fn single(data: &[u8]) -> Result<Tlv<'_>, EmrtdError> {
    let mut reader = TlvReader::new(data, 0);
    let tlv = reader.read().ok_or(EmrtdError::Empty)??;
    if !reader.is_empty() {
        return Err(EmrtdError::TrailingBytes {
            offset: reader.offset(),
        });
    }
    Ok(tlv)
}

/// Checks that a TLV is well-formed all the way down: the value of every constructed TLV
/// is a sequence of whole TLVs, nested at most [`MAX_DEPTH`] deep (`depth` is the
/// TLV's own).
///
/// # Errors
///
/// Any error of [`TlvReader::read`], or [`EmrtdError::TooDeep`].
pub fn check_well_formed(tlv: &Tlv<'_>, depth: usize) -> Result<(), EmrtdError> {
    if !tlv.constructed {
        return Ok(());
    }
    if depth >= MAX_DEPTH {
        return Err(EmrtdError::TooDeep { offset: tlv.offset });
    }
    let mut reader = TlvReader::within(tlv);
    while let Some(child) = reader.read() {
        check_well_formed(&child?, depth + 1)?;
    }
    Ok(())
}
