//! Preferred-serialization CBOR output.

use alloc::vec::Vec;

/// Writes CBOR in preferred serialization (RFC 8949 §4.1): the shortest head for every
/// argument, definite lengths only, floats in the shortest width that keeps their value.
///
/// Map entries are written in the order the caller gives; structures of this crate use
/// the order of the standard's CDDL, and keep exact received bytes wherever a value is
/// hashed or signed.
#[derive(Debug, Default, Clone)]
pub struct Encoder {
    buf: Vec<u8>,
}

impl Encoder {
    /// An empty encoder.
    pub fn new() -> Self {
        Self::default()
    }

    /// An empty encoder with room for `capacity` bytes.
    pub fn with_capacity(capacity: usize) -> Self {
        Self {
            buf: Vec::with_capacity(capacity),
        }
    }

    /// The bytes written so far.
    pub fn into_bytes(self) -> Vec<u8> {
        self.buf
    }

    /// The bytes written so far, borrowed.
    pub fn as_bytes(&self) -> &[u8] {
        &self.buf
    }

    fn head(&mut self, major: u8, arg: u64) {
        let major = major << 5;
        // The casts below are guarded by the range each arm matches.
        match arg {
            0..=23 => self.buf.push(major | low_byte(arg)),
            24..=0xff => self.buf.extend_from_slice(&[major | 24, low_byte(arg)]),
            0x100..=0xffff => {
                self.buf.push(major | 25);
                self.buf.extend_from_slice(&arg.to_be_bytes()[6..]);
            }
            0x1_0000..=0xffff_ffff => {
                self.buf.push(major | 26);
                self.buf.extend_from_slice(&arg.to_be_bytes()[4..]);
            }
            _ => {
                self.buf.push(major | 27);
                self.buf.extend_from_slice(&arg.to_be_bytes());
            }
        }
    }

    /// Writes an unsigned integer.
    pub fn u64(&mut self, v: u64) -> &mut Self {
        self.head(0, v);
        self
    }

    /// Writes a signed integer.
    pub fn i64(&mut self, v: i64) -> &mut Self {
        match u64::try_from(v) {
            Ok(u) => self.head(0, u),
            // For v < 0, -1 - v lies in 0..=i64::MAX: no overflow, always non-negative.
            Err(_) => self.head(1, u64::try_from(-1 - v).unwrap_or(0)),
        }
        self
    }

    /// Writes a negative integer given as its CBOR argument (the value is `-1 - arg`).
    pub fn negative(&mut self, arg: u64) -> &mut Self {
        self.head(1, arg);
        self
    }

    /// Writes a byte string.
    pub fn bytes(&mut self, v: &[u8]) -> &mut Self {
        self.head(2, len_u64(v.len()));
        self.buf.extend_from_slice(v);
        self
    }

    /// Writes the head of a byte string of `len` bytes, whose content the caller writes
    /// (or hashes) separately.
    pub fn bytes_head(&mut self, len: usize) -> &mut Self {
        self.head(2, u64::try_from(len).unwrap_or(u64::MAX));
        self
    }

    /// Writes a text string.
    pub fn text(&mut self, v: &str) -> &mut Self {
        self.head(3, len_u64(v.len()));
        self.buf.extend_from_slice(v.as_bytes());
        self
    }

    /// Writes an array head; the caller writes `len` elements next.
    pub fn array(&mut self, len: usize) -> &mut Self {
        self.head(4, len_u64(len));
        self
    }

    /// Writes a map head; the caller writes `len` key-value pairs next.
    pub fn map(&mut self, len: usize) -> &mut Self {
        self.head(5, len_u64(len));
        self
    }

    /// Writes a tag head; the caller writes the tagged item next.
    pub fn tag(&mut self, tag: u64) -> &mut Self {
        self.head(6, tag);
        self
    }

    /// Writes `true` or `false`.
    pub fn bool(&mut self, v: bool) -> &mut Self {
        self.buf.push(if v { 0xf5 } else { 0xf4 });
        self
    }

    /// Writes `null`.
    pub fn null(&mut self) -> &mut Self {
        self.buf.push(0xf6);
        self
    }

    /// Writes a simple value (20 to 23 are false, true, null, undefined).
    pub fn simple(&mut self, v: u8) -> &mut Self {
        if v < 24 {
            self.buf.push(0xe0 | v);
        } else {
            self.buf.extend_from_slice(&[0xf8, v]);
        }
        self
    }

    /// Writes a float in the shortest of half, single or double precision that keeps
    /// its value exactly (NaN as the canonical half-precision quiet NaN).
    pub fn float(&mut self, v: f64) -> &mut Self {
        if v.is_nan() {
            self.buf.extend_from_slice(&[0xf9, 0x7e, 0x00]);
            return self;
        }
        let half = half::f16::from_f64(v);
        if half.to_f64() == v {
            self.buf.push(0xf9);
            self.buf.extend_from_slice(&half.to_bits().to_be_bytes());
            return self;
        }
        #[allow(clippy::cast_possible_truncation, clippy::as_conversions)]
        // An f64 -> f32 cast rounds; the comparison below keeps only exact conversions.
        let single = v as f32;
        if f64::from(single) == v {
            self.buf.push(0xfa);
            self.buf.extend_from_slice(&single.to_bits().to_be_bytes());
        } else {
            self.buf.push(0xfb);
            self.buf.extend_from_slice(&v.to_bits().to_be_bytes());
        }
        self
    }

    /// Appends already-encoded CBOR verbatim (exact bytes kept from a received item).
    pub fn raw(&mut self, encoded: &[u8]) -> &mut Self {
        self.buf.extend_from_slice(encoded);
        self
    }
}

fn low_byte(v: u64) -> u8 {
    v.to_be_bytes()[7]
}

fn len_u64(len: usize) -> u64 {
    // usize is at most 64 bits on every supported target.
    u64::try_from(len).unwrap_or(u64::MAX)
}
