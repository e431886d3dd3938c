//! Age attestations (ISO 18013-5 13.4.6; the same elements in PhotoID and the EU PID):
//! `age_over_NN` for NN from 00 to 99, `age_in_years` and `age_birth_year`, derived from
//! the birth date at the MSO's `validFrom`, and the holder's rule for answering a request
//! for `age_over_NN` with the nearest attestation it holds.
//!
//! Ages are counted on the UTC calendar date of the instant. Someone born on 29 February
//! is a year older on 1 March in a common year: the later of the two customary dates, so
//! that an attestation of `true` is never made before the birthday is certainly reached.
//!
//! ```
//! use iso18013::cbor::{FullDate, TDate};
//! use iso18013::doctype::age::{AgeAttestations, nearest_attestation};
//!
//! let birth = FullDate::parse("2008-02-29")?;
//! let valid_from = TDate::parse("2026-02-28T12:00:00Z")?;
//! let ages = AgeAttestations::at(&birth, &valid_from, &[14, 16, 18, 21])?;
//! assert_eq!(ages.age_in_years(), 17); // 18 on 1 March 2026
//! assert_eq!(ages.age_over(), &[(14, true), (16, true), (18, false), (21, false)]);
//!
//! // Asked for age_over_15, the holder answers with age_over_16 (true), the nearest above;
//! // asked for age_over_19, with age_over_18 (false), the nearest below.
//! assert_eq!(nearest_attestation(15, ages.age_over().iter().copied()), Some(16));
//! assert_eq!(nearest_attestation(19, ages.age_over().iter().copied()), Some(18));
//! # Ok::<(), Box<dyn core::error::Error>>(())
//! ```

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;

use crate::cbor::{FullDate, TDate, Value};

/// Why age attestations cannot be derived.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum AgeError {
    /// The birth date is after the instant the ages are computed at.
    BornAfter,
    /// A threshold above 99 (`age_over_NN` has two digits).
    Threshold(u8),
    /// The instant lies outside the years 0 to 9999.
    Instant,
}

impl fmt::Display for AgeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::BornAfter => f.write_str("the birth date is after validFrom"),
            Self::Threshold(nn) => write!(f, "age_over_{nn}: thresholds go from 00 to 99"),
            Self::Instant => f.write_str("validFrom is outside the years 0 to 9999"),
        }
    }
}

impl core::error::Error for AgeError {}

/// The age in whole years on the UTC date of `at`, or `None` when `birth` is after it.
pub fn age_on(birth: &FullDate, at: &TDate) -> Option<u32> {
    age_on_date(birth, &utc_date(at)?)
}

/// The age in whole years on the date `today`.
fn age_on_date(birth: &FullDate, today: &FullDate) -> Option<u32> {
    let years = u32::from(today.year()).checked_sub(u32::from(birth.year()))?;
    // Before this year's birthday (a 29 February birthday is reached on 1 March in a
    // common year: (2, 28) < (2, 29)).
    let before_birthday = (today.month(), today.day()) < (birth.month(), birth.day());
    years.checked_sub(u32::from(before_birthday))
}

/// The UTC calendar date of an instant.
fn utc_date(at: &TDate) -> Option<FullDate> {
    let canonical = TDate::from_unix_seconds(at.unix_seconds()).ok()?;
    FullDate::parse(canonical.as_str().get(..10)?).ok()
}

/// The identifier `age_over_NN` for a threshold (two digits).
pub fn age_over_identifier(nn: u8) -> String {
    format!("age_over_{nn:02}")
}

/// The threshold of an `age_over_NN` identifier (exactly two digits), if it is one.
pub fn parse_age_over(identifier: &str) -> Option<u8> {
    let digits = identifier.strip_prefix("age_over_")?;
    match digits.as_bytes() {
        [tens @ b'0'..=b'9', ones @ b'0'..=b'9'] => Some((tens - b'0') * 10 + (ones - b'0')),
        _ => None,
    }
}

/// ISO 18013-5 13.4.6: which held attestation answers a request for `age_over_<requested>`.
///
/// Among the held attestations that are `true` with a threshold at or above the one
/// requested, the nearest; failing that, among those that are `false` with a threshold at
/// or below it, the nearest; failing that, none.
pub fn nearest_attestation(
    requested: u8,
    held: impl IntoIterator<Item = (u8, bool)>,
) -> Option<u8> {
    let held: Vec<(u8, bool)> = held.into_iter().collect();
    let above = held
        .iter()
        .filter(|(nn, value)| *value && *nn >= requested)
        .map(|(nn, _)| *nn)
        .min();
    above.or_else(|| {
        held.iter()
            .filter(|(nn, value)| !*value && *nn <= requested)
            .map(|(nn, _)| *nn)
            .max()
    })
}

/// Whether a returned attestation `age_over_<nn> = value` answers a request for
/// `age_over_<requested>` the way 13.4.6 allows (true at or above, false at or below).
pub fn answers(requested: u8, nn: u8, value: bool) -> bool {
    if value {
        nn >= requested
    } else {
        nn <= requested
    }
}

/// The first age element of a namespace that contradicts that namespace's exact
/// `birth_date` at `valid_from`: an `age_over_NN`, `age_in_years` or `age_birth_year`
/// whose value is not what the birth date gives. A birth date that is approximate
/// (PhotoID's `approximate_mask` with a masked digit) or absent checks nothing.
///
/// ```
/// use iso18013::cbor::{FullDate, TDate, Value};
/// use iso18013::doctype::age::contradiction;
/// let birth = Value::from(FullDate::parse("2010-08-14")?);
/// let from = TDate::parse("2026-06-01T00:00:00Z")?; // 15 years old
/// let ns = "org.iso.18013.5.1";
/// let (yes, no) = (Value::Bool(true), Value::Bool(false));
/// let claims = [(ns, "birth_date", &birth), (ns, "age_over_14", &yes), (ns, "age_over_18", &no)];
/// assert_eq!(contradiction(claims, &from), None);
/// let claims = [(ns, "birth_date", &birth), (ns, "age_over_18", &yes)];
/// assert_eq!(contradiction(claims, &from), Some((ns, "age_over_18")));
/// # Ok::<(), Box<dyn core::error::Error>>(())
/// ```
pub fn contradiction<'a, I>(elements: I, valid_from: &TDate) -> Option<(&'a str, &'a str)>
where
    I: IntoIterator<Item = (&'a str, &'a str, &'a Value)>,
    I::IntoIter: Clone,
{
    let elements = elements.into_iter();
    for (name_space, birth) in elements
        .clone()
        .filter(|(_, id, _)| *id == "birth_date")
        .filter_map(|(ns, _, v)| exact_birth_date(v).map(|b| (ns, b)))
    {
        let Ok(ages) = AgeAttestations::at(&birth, valid_from, &[]) else {
            continue;
        };
        let age = ages.age_in_years;
        for (ns, id, value) in elements.clone().filter(|(ns, _, _)| *ns == name_space) {
            let expected = match (id, parse_age_over(id)) {
                (_, Some(nn)) => Value::Bool(age >= u32::from(nn)),
                ("age_in_years", None) => Value::from(u64::from(age)),
                ("age_birth_year", None) => Value::from(u64::from(ages.age_birth_year)),
                _ => continue,
            };
            if *value != expected {
                return Some((ns, id));
            }
        }
    }
    None
}

/// The date of a `birth_date` value: a full-date, or PhotoID's `{"birth_date": full-date,
/// ? "approximate_mask"}` with no digit masked.
fn exact_birth_date(value: &Value) -> Option<FullDate> {
    match value {
        Value::Tag(1004, text) => FullDate::parse(text.as_text()?).ok(),
        Value::Map(_) => {
            let masked = value
                .get("approximate_mask")
                .and_then(Value::as_text)
                .is_some_and(|m| m.contains('1'));
            (!masked).then(|| exact_birth_date(value.get("birth_date")?))?
        }
        _ => None,
    }
}

/// The age elements of one holder at one instant (the MSO's `validFrom`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AgeAttestations {
    age_over: Vec<(u8, bool)>,
    age_in_years: u32,
    age_birth_year: u16,
}

impl AgeAttestations {
    /// The attestations for `thresholds` (each at most 99; sorted, duplicates dropped),
    /// `age_in_years` and `age_birth_year`, for someone born on `birth`, at `valid_from`.
    ///
    /// # Errors
    /// [`AgeError`]: a threshold above 99, a birth date after `valid_from`.
    pub fn at(birth: &FullDate, valid_from: &TDate, thresholds: &[u8]) -> Result<Self, AgeError> {
        if let Some(&nn) = thresholds.iter().find(|&&nn| nn > 99) {
            return Err(AgeError::Threshold(nn));
        }
        let today = utc_date(valid_from).ok_or(AgeError::Instant)?;
        let age = age_on_date(birth, &today).ok_or(AgeError::BornAfter)?;
        let mut nns: Vec<u8> = thresholds.to_vec();
        nns.sort_unstable();
        nns.dedup();
        Ok(Self {
            age_over: nns
                .into_iter()
                .map(|nn| (nn, age >= u32::from(nn)))
                .collect(),
            age_in_years: age,
            age_birth_year: birth.year(),
        })
    }

    /// `(NN, value)` of each `age_over_NN`, by threshold.
    pub fn age_over(&self) -> &[(u8, bool)] {
        &self.age_over
    }

    /// The age in whole years.
    pub fn age_in_years(&self) -> u32 {
        self.age_in_years
    }

    /// The year of birth.
    pub fn age_birth_year(&self) -> u16 {
        self.age_birth_year
    }

    /// The elements to issue: every `age_over_NN`, then `age_in_years` and
    /// `age_birth_year`.
    pub fn elements(&self) -> Vec<(String, Value)> {
        let mut out: Vec<(String, Value)> = self
            .age_over
            .iter()
            .map(|&(nn, value)| (age_over_identifier(nn), Value::Bool(value)))
            .collect();
        out.push((
            String::from("age_in_years"),
            Value::from(u64::from(self.age_in_years)),
        ));
        out.push((
            String::from("age_birth_year"),
            Value::from(u64::from(self.age_birth_year)),
        ));
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> FullDate {
        FullDate::parse(text).unwrap()
    }

    fn at(text: &str) -> TDate {
        TDate::parse(text).unwrap()
    }

    #[test]
    fn ages_on_and_around_birthdays() {
        let birth = date("2012-06-15");
        assert_eq!(age_on(&birth, &at("2026-06-14T23:59:59Z")), Some(13));
        assert_eq!(age_on(&birth, &at("2026-06-15T00:00:00Z")), Some(14));
        // A local offset is read as the instant it names (UTC date 2026-06-14).
        assert_eq!(age_on(&birth, &at("2026-06-15T01:00:00+02:00")), Some(13));
        assert_eq!(age_on(&birth, &at("2012-06-15T00:00:00Z")), Some(0));
        assert_eq!(age_on(&birth, &at("2012-06-14T00:00:00Z")), None);
    }

    #[test]
    fn a_leap_day_birthday_is_reached_on_the_first_of_march_in_common_years() {
        let birth = date("2008-02-29");
        assert_eq!(age_on(&birth, &at("2026-02-28T23:59:59Z")), Some(17));
        assert_eq!(age_on(&birth, &at("2026-03-01T00:00:00Z")), Some(18));
        // In a leap year, on the day itself.
        assert_eq!(age_on(&birth, &at("2028-02-28T00:00:00Z")), Some(19));
        assert_eq!(age_on(&birth, &at("2028-02-29T00:00:00Z")), Some(20));
    }

    #[test]
    fn attestations_are_computed_at_valid_from() {
        let birth = date("2008-03-01");
        let ages =
            AgeAttestations::at(&birth, &at("2026-03-01T00:00:00Z"), &[21, 18, 14, 18]).unwrap();
        assert_eq!(ages.age_over(), &[(14, true), (18, true), (21, false)]);
        assert_eq!(ages.age_in_years(), 18);
        assert_eq!(ages.age_birth_year(), 2008);
        let ids: Vec<String> = ages.elements().into_iter().map(|(id, _)| id).collect();
        assert_eq!(
            ids,
            [
                "age_over_14",
                "age_over_18",
                "age_over_21",
                "age_in_years",
                "age_birth_year"
            ]
        );
        // A day earlier the same holder is 17.
        let before = AgeAttestations::at(&birth, &at("2026-02-28T23:59:59Z"), &[18]).unwrap();
        assert_eq!(before.age_over(), &[(18, false)]);
        assert_eq!(
            AgeAttestations::at(&birth, &at("2026-03-01T00:00:00Z"), &[100]),
            Err(AgeError::Threshold(100))
        );
        assert_eq!(
            AgeAttestations::at(&birth, &at("2000-01-01T00:00:00Z"), &[18]),
            Err(AgeError::BornAfter)
        );
        assert_eq!(age_over_identifier(5), "age_over_05");
    }

    #[test]
    fn identifiers_have_exactly_two_digits() {
        assert_eq!(parse_age_over("age_over_18"), Some(18));
        assert_eq!(parse_age_over("age_over_00"), Some(0));
        assert_eq!(parse_age_over("age_over_99"), Some(99));
        for bad in [
            "age_over_1",
            "age_over_100",
            "age_over_1a",
            "age_over_",
            "age_in_years",
        ] {
            assert_eq!(parse_age_over(bad), None, "{bad}");
        }
    }

    /// ISO 18013-5 Table D.1: attestations age_over_21 and age_over_60 at five ages.
    #[test]
    fn the_nearest_attestation_follows_table_d1() {
        let held = |a21, a60| [(21, a21), (60, a60)];
        // (holder's age, attestations held)
        let ages = [
            (19, held(false, false)),
            (21, held(true, false)),
            (30, held(true, false)),
            (60, held(true, true)),
            (64, held(true, true)),
        ];
        let expect = |requested: u8| -> Vec<Option<u8>> {
            ages.iter()
                .map(|(_, h)| nearest_attestation(requested, h.iter().copied()))
                .collect()
        };
        assert_eq!(expect(18), [None, Some(21), Some(21), Some(21), Some(21)]);
        assert_eq!(expect(20), [None, Some(21), Some(21), Some(21), Some(21)]);
        assert_eq!(
            expect(21),
            [Some(21), Some(21), Some(21), Some(21), Some(21)]
        );
        for asked in [25, 30, 50] {
            assert_eq!(expect(asked), [Some(21), None, None, Some(60), Some(60)]);
        }
        assert_eq!(
            expect(60),
            [Some(60), Some(60), Some(60), Some(60), Some(60)]
        );
        assert_eq!(expect(65), [Some(60), Some(60), Some(60), None, None]);
        // The issue's case: 14 and 18 held, 16 asked.
        assert_eq!(nearest_attestation(16, [(14, true), (18, true)]), Some(18));
        assert_eq!(nearest_attestation(16, [(14, true), (18, false)]), None);
        assert!(answers(16, 18, true) && answers(16, 14, false));
        assert!(!answers(16, 14, true) && !answers(16, 18, false));
    }
}
