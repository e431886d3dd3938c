//! Rules on an element's value beyond its CBOR type: country codes, character sets and
//! lengths, sets of values, images.

use crate::cbor::Value;

/// A constraint on an element's value beyond its CBOR type. On an array type
/// ([`ElementType::Array`](super::ElementType::Array)) it applies to every item.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Constraint {
    /// ISO 3166-1 alpha-2 country code: two upper-case ASCII letters.
    CountryCode,
    /// ISO 3166-2 subdivision code: a country code, `-`, one to three upper-case ASCII
    /// letters or digits (e.g. `US-MD`).
    SubdivisionCode,
    /// Only ISO/IEC 8859-1 (Latin-1) characters, at most this many.
    Latin1 {
        /// The maximum number of characters.
        max_chars: usize,
    },
    /// An unsigned integer no larger than this.
    MaxUint(u64),
    /// One of these texts.
    OneOf(&'static [&'static str]),
    /// At most this many characters (any Unicode).
    MaxChars(usize),
    /// One of these unsigned integers (e.g. ISO/IEC 5218 sex codes: 0, 1, 2, 9).
    OneOfUint(&'static [u64]),
    /// Exactly this many ASCII digits (e.g. a county code `"003"`).
    Digits(usize),
    /// A telephone number: `+`, then 4 to 15 ASCII digits (E.164).
    PhoneNumber,
    /// An e-mail address: a local part, `@`, a domain with a dot; no spaces or controls.
    Email,
    /// An image as ISO 18013-5 13.4.3 asks: JPEG or JPEG 2000, well-formed as far as a
    /// bounded walk of its segments or boxes sees ([`crate::portrait::metadata`]), and
    /// carrying no metadata (EXIF, GPS, XMP, IPTC, ICC, comments, thumbnails): strip an
    /// uploaded photo with `portrait::Portrait::accept` (feature `portrait`) first.
    Image,
    /// [`Image`](Self::Image), or empty (the EU PID's portrait when the holder opted out).
    ImageOrEmpty,
}

/// The rule in words: "an ISO 3166-1 alpha-2 country code", "at most 150 Latin-1
/// characters", ...
impl core::fmt::Display for Constraint {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            Self::CountryCode => f.write_str("an ISO 3166-1 alpha-2 country code"),
            Self::SubdivisionCode => f.write_str("an ISO 3166-2 subdivision code"),
            Self::Latin1 { max_chars } => write!(f, "at most {max_chars} Latin-1 characters"),
            Self::MaxUint(max) => write!(f, "an unsigned integer no larger than {max}"),
            Self::OneOf(texts) => write!(f, "one of {}", texts.join(", ")),
            Self::MaxChars(max) => write!(f, "at most {max} characters"),
            Self::OneOfUint(values) => {
                f.write_str("one of ")?;
                for (i, v) in values.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{v}")?;
                }
                Ok(())
            }
            Self::Digits(n) => write!(f, "exactly {n} digits"),
            Self::PhoneNumber => f.write_str("a telephone number (+ and digits)"),
            Self::Email => f.write_str("an e-mail address"),
            Self::Image => f.write_str("a JPEG or JPEG 2000 image without metadata"),
            Self::ImageOrEmpty => {
                f.write_str("a JPEG or JPEG 2000 image without metadata, or empty")
            }
        }
    }
}

impl Constraint {
    /// Whether `value` satisfies the constraint (a value of the wrong CBOR type does not;
    /// an array satisfies it when it is not empty and every item does).
    ///
    /// ```
    /// use iso18013::cbor::Value;
    /// use iso18013::doctype::Constraint;
    /// assert!(Constraint::OneOfUint(&[0, 1, 2, 9]).accepts(&Value::from(9u64)));
    /// assert!(!Constraint::OneOfUint(&[0, 1, 2, 9]).accepts(&Value::from(3u64)));
    /// assert!(Constraint::CountryCode.accepts(&Value::Array(vec![Value::from("NL"), Value::from("BE")])));
    /// assert!(!Constraint::Image.accepts(&Value::Bytes(b"GIF89a".to_vec())));
    /// assert!(Constraint::ImageOrEmpty.accepts(&Value::Bytes(vec![])));
    /// ```
    pub fn accepts(&self, value: &Value) -> bool {
        match value {
            Value::Array(items) => !items.is_empty() && items.iter().all(|v| self.accepts_one(v)),
            one => self.accepts_one(one),
        }
    }

    fn accepts_one(&self, value: &Value) -> bool {
        match (self, value) {
            (Self::CountryCode, Value::Text(t)) => is_country_code(t),
            (Self::SubdivisionCode, Value::Text(t)) => t.split_once('-').is_some_and(|(c, s)| {
                is_country_code(c)
                    && (1..=3).contains(&s.len())
                    && s.bytes()
                        .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
            }),
            (Self::Latin1 { max_chars }, Value::Text(t)) => {
                t.chars().all(|c| u32::from(c) <= 0xff) && t.chars().count() <= *max_chars
            }
            (Self::MaxUint(max), Value::Int(i)) => u64::try_from(i.get()).is_ok_and(|n| n <= *max),
            (Self::OneOf(allowed), Value::Text(t)) => allowed.contains(&t.as_str()),
            (Self::MaxChars(max), Value::Text(t)) => t.chars().count() <= *max,
            (Self::OneOfUint(allowed), Value::Int(i)) => {
                u64::try_from(i.get()).is_ok_and(|n| allowed.contains(&n))
            }
            (Self::Digits(n), Value::Text(t)) => {
                t.len() == *n && t.bytes().all(|b| b.is_ascii_digit())
            }
            (Self::PhoneNumber, Value::Text(t)) => t.strip_prefix('+').is_some_and(|d| {
                (4..=15).contains(&d.len()) && d.bytes().all(|b| b.is_ascii_digit())
            }),
            (Self::Email, Value::Text(t)) => is_email(t),
            (Self::Image, Value::Bytes(b)) => is_image(b),
            (Self::ImageOrEmpty, Value::Bytes(b)) => b.is_empty() || is_image(b),
            _ => false,
        }
    }
}

pub(super) fn is_country_code(t: &str) -> bool {
    t.len() == 2 && t.bytes().all(|b| b.is_ascii_uppercase())
}

fn is_email(t: &str) -> bool {
    let Some((local, domain)) = t.rsplit_once('@') else {
        return false;
    };
    let plain = |s: &str| {
        !s.is_empty()
            && !s
                .chars()
                .any(|c| c.is_whitespace() || c.is_control() || c == '@')
    };
    plain(local)
        && plain(domain)
        && domain.len() <= 253
        && domain.split('.').count() >= 2
        && domain.split('.').all(|label| !label.is_empty())
}

/// A JPEG or JPEG 2000 (JP2 or codestream) whose segments or boxes walk cleanly and hold
/// no metadata.
fn is_image(bytes: &[u8]) -> bool {
    crate::portrait::metadata(bytes).is_ok_and(|report| report.is_clean())
}
