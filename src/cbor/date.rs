//! `tdate` (tag 0) and `full-date` (tag 1004): distinct types, parsed strictly.

use alloc::string::String;
use core::fmt;

use super::decoder::Decoder;
use super::encoder::Encoder;
use super::error::{DecodeError, DecodeErrorKind};
use super::{Decode, Encode};

/// `tdate = #6.0(tstr)`: an RFC 3339 date-time.
///
/// The text is kept as received, so re-encoding reproduces it; [`unix_seconds`]
/// gives the instant. Whether a structure further restricts the form (no fractions, `Z`
/// offset) is checked where that structure is verified.
///
/// ```
/// use iso18013::cbor::TDate;
/// let t = TDate::parse("2020-10-01T13:30:02Z").unwrap();
/// assert_eq!(t.unix_seconds(), 1_601_559_002);
/// assert!(TDate::parse("2020-02-30T00:00:00Z").is_err());
/// ```
///
/// [`unix_seconds`]: TDate::unix_seconds
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct TDate {
    text: String,
    unix_seconds: i64,
    nanos: u32,
    utc_z: bool,
}

/// `full-date = #6.1004(tstr)`: a calendar date `YYYY-MM-DD` (RFC 8943).
///
/// ```
/// use iso18013::cbor::FullDate;
/// let d = FullDate::parse("2024-02-29").unwrap();
/// assert_eq!((d.year(), d.month(), d.day()), (2024, 2, 29));
/// assert!(FullDate::parse("2023-02-29").is_err());
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FullDate {
    year: u16,
    month: u8,
    day: u8,
}

/// Why a date string was rejected.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DateError(&'static str);

impl fmt::Display for DateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }
}

impl core::error::Error for DateError {}

struct Cursor<'s> {
    s: &'s [u8],
    pos: usize,
}

impl Cursor<'_> {
    fn digits(&mut self, n: usize) -> Result<u32, DateError> {
        let mut v = 0u32;
        for _ in 0..n {
            let b = *self.s.get(self.pos).ok_or(DateError("date too short"))?;
            if !b.is_ascii_digit() {
                return Err(DateError("expected a digit"));
            }
            v = v * 10 + u32::from(b - b'0');
            self.pos += 1;
        }
        Ok(v)
    }

    fn expect(&mut self, accepted: &[u8], why: &'static str) -> Result<u8, DateError> {
        let b = *self.s.get(self.pos).ok_or(DateError(why))?;
        if accepted.contains(&b) {
            self.pos += 1;
            Ok(b)
        } else {
            Err(DateError(why))
        }
    }

    fn peek(&self) -> Option<u8> {
        self.s.get(self.pos).copied()
    }
}

fn is_leap(year: u32) -> bool {
    (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400)
}

fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if is_leap(year) => 29,
        _ => 28,
    }
}

/// Days from 1970-01-01 to the given civil date (H. Hinnant's algorithm).
fn days_from_civil(year: u32, month: u32, day: u32) -> i64 {
    let y = i64::from(year) - i64::from(month <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(month);
    let mp = if m > 2 { m - 3 } else { m + 9 };
    let doy = (153 * mp + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn parse_date(c: &mut Cursor<'_>) -> Result<(u32, u32, u32), DateError> {
    let year = c.digits(4)?;
    c.expect(b"-", "expected '-' after the year")?;
    let month = c.digits(2)?;
    c.expect(b"-", "expected '-' after the month")?;
    let day = c.digits(2)?;
    if !(1..=12).contains(&month) {
        return Err(DateError("month out of range"));
    }
    if day == 0 || day > days_in_month(year, month) {
        return Err(DateError("day out of range"));
    }
    Ok((year, month, day))
}

impl FullDate {
    /// Parses `YYYY-MM-DD`.
    ///
    /// # Errors
    /// When the text is not exactly a valid calendar date in that form.
    pub fn parse(text: &str) -> Result<Self, DateError> {
        let mut c = Cursor {
            s: text.as_bytes(),
            pos: 0,
        };
        let (year, month, day) = parse_date(&mut c)?;
        if c.pos != text.len() {
            return Err(DateError("trailing characters after the date"));
        }
        Self::new(year, month, day)
    }

    /// A date from its parts.
    ///
    /// # Errors
    /// When the parts do not form a valid date between years 0 and 9999.
    pub fn new(year: u32, month: u32, day: u32) -> Result<Self, DateError> {
        if year > 9999 || !(1..=12).contains(&month) {
            return Err(DateError("year or month out of range"));
        }
        if day == 0 || day > days_in_month(year, month) {
            return Err(DateError("day out of range"));
        }
        Ok(Self {
            year: u16::try_from(year).map_err(|_| DateError("year out of range"))?,
            month: u8::try_from(month).map_err(|_| DateError("month out of range"))?,
            day: u8::try_from(day).map_err(|_| DateError("day out of range"))?,
        })
    }

    /// The year.
    pub fn year(&self) -> u16 {
        self.year
    }

    /// The month, 1 to 12.
    pub fn month(&self) -> u8 {
        self.month
    }

    /// The day of the month, from 1.
    pub fn day(&self) -> u8 {
        self.day
    }

    /// Days since 1970-01-01 (negative before).
    pub fn days_since_epoch(&self) -> i64 {
        days_from_civil(
            u32::from(self.year),
            u32::from(self.month),
            u32::from(self.day),
        )
    }
}

impl fmt::Display for FullDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl TDate {
    /// Parses an RFC 3339 `date-time` (`T` or `t` separator, optional fraction of at
    /// most nine digits, `Z`, `z` or a numeric offset). A leap second (`:60`) is read
    /// only at 23:59 UTC, where leap seconds are inserted, and counted as `:59`.
    ///
    /// ```
    /// use iso18013::cbor::TDate;
    /// let leap = TDate::parse("2016-12-31T23:59:60Z").unwrap();
    /// assert_eq!(leap.unix_seconds(), TDate::parse("2016-12-31T23:59:59Z").unwrap().unix_seconds());
    /// assert!(!leap.is_whole_seconds_utc());
    /// assert!(TDate::parse("2016-12-31T15:59:60-08:00").is_ok());
    /// assert!(TDate::parse("2016-12-31T12:00:60Z").is_err());
    /// ```
    ///
    /// # Errors
    /// When the text is not a valid RFC 3339 date-time.
    pub fn parse(text: &str) -> Result<Self, DateError> {
        let mut c = Cursor {
            s: text.as_bytes(),
            pos: 0,
        };
        let (year, month, day) = parse_date(&mut c)?;
        let separator = c.expect(b"Tt", "expected 'T' between date and time")?;
        let hour = c.digits(2)?;
        c.expect(b":", "expected ':' after the hour")?;
        let minute = c.digits(2)?;
        c.expect(b":", "expected ':' after the minute")?;
        let second = c.digits(2)?;
        if hour > 23 || minute > 59 || second > 60 {
            return Err(DateError("time out of range"));
        }
        let mut nanos = 0u32;
        if c.peek() == Some(b'.') {
            c.pos += 1;
            let mut count = 0u32;
            while c.peek().is_some_and(|b| b.is_ascii_digit()) {
                if count == 9 {
                    return Err(DateError("more than nine fraction digits"));
                }
                nanos = nanos * 10 + c.digits(1)?;
                count += 1;
            }
            if count == 0 {
                return Err(DateError("empty fraction of a second"));
            }
            nanos *= 10u32.pow(9 - count);
        }
        let zone = c.expect(b"Zz+-", "expected 'Z' or a UTC offset")?;
        let offset_seconds = if zone == b'Z' || zone == b'z' {
            0
        } else {
            let oh = c.digits(2)?;
            c.expect(b":", "expected ':' in the UTC offset")?;
            let om = c.digits(2)?;
            if oh > 23 || om > 59 {
                return Err(DateError("UTC offset out of range"));
            }
            let magnitude = i64::from(oh * 3600 + om * 60);
            if zone == b'+' { magnitude } else { -magnitude }
        };
        if c.pos != text.len() {
            return Err(DateError("trailing characters after the date-time"));
        }
        // RFC 3339 5.7: a leap second is 23:59:60 UTC, whatever the local offset says.
        let local_seconds = i64::from(hour * 3600 + minute * 60);
        if second == 60 && (local_seconds - offset_seconds).rem_euclid(86_400) != 86_340 {
            return Err(DateError("a leap second (:60) other than at 23:59 UTC"));
        }
        let days = days_from_civil(year, month, day);
        let unix_seconds =
            days * 86_400 + local_seconds + i64::from(second.min(59)) - offset_seconds;
        Ok(Self {
            text: String::from(text),
            unix_seconds,
            nanos,
            utc_z: separator == b'T' && zone == b'Z' && second < 60 && c.s.len() == 20,
        })
    }

    /// The date-time at `unix_seconds`, written as `YYYY-MM-DDThh:mm:ssZ`.
    ///
    /// # Errors
    /// When the instant is outside years 0 to 9999.
    pub fn from_unix_seconds(unix_seconds: i64) -> Result<Self, DateError> {
        let days = unix_seconds.div_euclid(86_400);
        let secs = unix_seconds.rem_euclid(86_400);
        // Civil from days (H. Hinnant).
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = doy - (153 * mp + 2) / 5 + 1;
        let month = if mp < 10 { mp + 3 } else { mp - 9 };
        let year = yoe + era * 400 + i64::from(month <= 2);
        if !(0..=9999).contains(&year) {
            return Err(DateError("year out of range"));
        }
        let text = alloc::format!(
            "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
            secs / 3600,
            secs % 3600 / 60,
            secs % 60
        );
        Self::parse(&text)
    }

    /// The text as received.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Seconds since 1970-01-01T00:00:00Z (leap seconds counted as :59).
    pub fn unix_seconds(&self) -> i64 {
        self.unix_seconds
    }

    /// Nanoseconds past [`unix_seconds`](Self::unix_seconds).
    pub fn nanos(&self) -> u32 {
        self.nanos
    }

    /// Whether the text has the restricted form that ISO 18013-5 asks of signed
    /// timestamps: `YYYY-MM-DDThh:mm:ssZ` with an uppercase `T` and `Z`, no fraction, no
    /// local offset, no leap second (RFC 3339 allows all of these; the profile does not
    /// use them, and a verifier reports them).
    pub fn is_whole_seconds_utc(&self) -> bool {
        self.utc_z
    }
}

impl fmt::Display for TDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl Decode for TDate {
    fn decode(d: &mut Decoder<'_>) -> Result<Self, DecodeError> {
        d.expect_tag(0)?;
        let at = d.offset();
        let text = d.text()?;
        Self::parse(text).map_err(|e| DecodeError::new(DecodeErrorKind::InvalidValue(e.0), at))
    }
}

impl Encode for TDate {
    fn encode(&self, e: &mut Encoder) {
        e.tag(0).text(&self.text);
    }
}

impl Decode for FullDate {
    fn decode(d: &mut Decoder<'_>) -> Result<Self, DecodeError> {
        d.expect_tag(1004)?;
        let at = d.offset();
        let text = d.text()?;
        Self::parse(text).map_err(|e| DecodeError::new(DecodeErrorKind::InvalidValue(e.0), at))
    }
}

impl Encode for FullDate {
    fn encode(&self, e: &mut Encoder) {
        e.tag(1004).text(&alloc::format!("{self}"));
    }
}

impl From<TDate> for super::Value {
    /// `#6.0(tstr)`, the text as given: an element value of type `tdate`.
    ///
    /// ```
    /// use iso18013::cbor::{Encode, TDate, Value};
    /// let signed = TDate::parse("2026-01-01T00:00:00Z")?;
    /// let value = Value::from(signed.clone());
    /// assert_eq!(value, Value::Tag(0, Box::new(Value::from("2026-01-01T00:00:00Z"))));
    /// assert_eq!(value.to_cbor(), signed.to_cbor());
    /// # Ok::<(), iso18013::cbor::DateError>(())
    /// ```
    fn from(date: TDate) -> Self {
        Self::Tag(0, alloc::boxed::Box::new(Self::Text(date.text)))
    }
}

impl From<FullDate> for super::Value {
    /// `#6.1004(tstr)`: an element value of type `full-date` (`birth_date`,
    /// `issue_date`, `expiry_date` of the mDL).
    ///
    /// ```
    /// use iso18013::cbor::{Encode, FullDate, Value};
    /// let birth = FullDate::new(1990, 5, 1)?;
    /// let value = Value::from(birth);
    /// assert_eq!(value, Value::Tag(1004, Box::new(Value::from("1990-05-01"))));
    /// assert_eq!(value.to_cbor(), birth.to_cbor());
    /// # Ok::<(), iso18013::cbor::DateError>(())
    /// ```
    fn from(date: FullDate) -> Self {
        Self::Tag(
            1004,
            alloc::boxed::Box::new(Self::Text(alloc::format!("{date}"))),
        )
    }
}

#[cfg(feature = "std")]
impl TDate {
    /// Now, from the system clock ([`crate::now`]), as `YYYY-MM-DDThh:mm:ssZ`.
    ///
    /// # Errors
    /// When the clock is beyond year 9999.
    pub fn now() -> Result<Self, DateError> {
        Self::from_unix_seconds(crate::now())
    }
}

/// Checks the content of a date tag found inside an open value.
pub(crate) fn check_date_text(tag: u64, text: &str) -> Result<(), DateError> {
    match tag {
        0 => TDate::parse(text).map(drop),
        _ => FullDate::parse(text).map(drop),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::ToString;

    #[test]
    fn tdate_forms() {
        let t = TDate::parse("2020-10-01T13:30:02Z").unwrap();
        assert!(t.is_whole_seconds_utc());
        assert_eq!(t.unix_seconds(), 1_601_559_002);
        let t = TDate::parse("2020-10-01T15:30:02.5+02:00").unwrap();
        assert_eq!(t.unix_seconds(), 1_601_559_002);
        assert_eq!(t.nanos(), 500_000_000);
        assert!(!t.is_whole_seconds_utc());
        let t = TDate::parse("1969-12-31T23:59:59Z").unwrap();
        assert_eq!(t.unix_seconds(), -1);
        for bad in [
            "2020-10-01",
            "2020-10-01T13:30:02",
            "2020-10-01T24:00:00Z",
            "2020-13-01T00:00:00Z",
            "2021-02-29T00:00:00Z",
            "2020-10-01T13:30:02.Z",
            "2020-10-01T13:30:02.1234567891Z",
            "2020-10-01T13:30:02Zjunk",
            "2020-10-01T13:30:60Z",
            "2016-12-31T23:58:60Z",
            "2016-12-31T22:59:60Z",
            "2016-12-31T23:59:60+01:00",
            "2016-12-31T23:59:61Z",
            "2020-10-01 13:30:02Z",
            "+2020-10-01T13:30:02Z",
        ] {
            assert!(TDate::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn forms_rfc_3339_allows_but_the_profile_does_not() {
        // Each is read, at the right instant, and is not the restricted form.
        for (text, unix) in [
            ("2020-10-01t13:30:02Z", 1_601_559_002),
            ("2020-10-01T13:30:02z", 1_601_559_002),
            ("2020-10-01t13:30:02z", 1_601_559_002),
            ("2016-12-31T23:59:60Z", 1_483_228_799),
            ("2016-12-31T15:59:60-08:00", 1_483_228_799),
            ("2017-01-01T00:59:60+01:00", 1_483_228_799),
            ("2016-12-31T23:59:60.5Z", 1_483_228_799),
            ("2020-10-01T13:30:02.0Z", 1_601_559_002),
            ("2020-10-01T13:30:02+00:00", 1_601_559_002),
        ] {
            let t = TDate::parse(text).unwrap();
            assert_eq!(t.unix_seconds(), unix, "{text}");
            assert!(!t.is_whole_seconds_utc(), "{text}");
            assert_eq!(t.as_str(), text);
        }
        assert!(
            TDate::parse("2016-12-31T23:59:59Z")
                .unwrap()
                .is_whole_seconds_utc()
        );
    }

    #[test]
    fn tdate_from_unix_round_trips() {
        for s in [0i64, 1_601_559_002, -86_400, 253_402_300_799] {
            assert_eq!(TDate::from_unix_seconds(s).unwrap().unix_seconds(), s);
        }
        assert_eq!(
            TDate::from_unix_seconds(1_601_559_002).unwrap().as_str(),
            "2020-10-01T13:30:02Z"
        );
        assert!(TDate::from_unix_seconds(253_402_300_800).is_err());
    }

    #[test]
    fn full_date_forms() {
        assert_eq!(
            FullDate::parse("2000-02-29").unwrap().to_string(),
            "2000-02-29"
        );
        assert_eq!(FullDate::parse("1970-01-02").unwrap().days_since_epoch(), 1);
        for bad in [
            "1900-02-29",
            "2020-1-01",
            "2020-01-01Z",
            "20200101",
            "2020-00-10",
        ] {
            assert!(FullDate::parse(bad).is_err(), "{bad}");
        }
    }
}
