//! JSON views of CBOR values, built on the `Serialize` impls of the `serde` feature:
//! `serde_json::to_value(&value)` and [`to_json`] agree, and so do the verified output
//! ([`VerifiedResponse`](crate::verify::VerifiedResponse)) and `mdoc verify`.
//!
//! # The mapping (CBOR to JSON)
//!
//! Every CBOR value has one JSON form, and no two values share one: the forms JSON has
//! no type for are one-entry objects whose key starts with `#` (text map keys that start
//! with `#` get a second one), and text that would read as a byte string or a date is
//! marked as text.
//!
//! | CBOR | JSON |
//! |---|---|
//! | integer within `i64`/`u64` | number: `1`, `-7` |
//! | other integer (down to -2^64) | `{"#int": "-18446744073709551616"}` |
//! | byte string | `"base64:<standard base64, padded>"`: `"base64:/9g="` |
//! | text string | string: `"Doe"` |
//! | text string that starts with `base64:` or has the form of a `full-date` or `tdate` | `{"#text": "base64:AAAA"}`, `{"#text": "1990-05-01"}` |
//! | `tdate` (tag 0), `full-date` (tag 1004) with valid text | the text: `"2024-01-01T00:00:00Z"`, `"1990-05-01"` |
//! | tag 24 (embedded CBOR) | `{"#6.24": <the embedded item>}`; `{"#6.24-raw": <content>}` if it does not hold one CBOR item in preferred serialization (so two encodings of one value never print alike), or lies more than four byte strings deep |
//! | other tag N (bignums 2 and 3, tags 0 and 1004 with invalid content, ...) | `{"#6.N": <content>}`: `{"#6.2": "base64:AQAAAAAAAAAA"}` |
//! | array | array |
//! | map | object, in order; keys: text as itself (`"#"` put in front of a text key that starts with `#` or `cbor:` or is a decimal integer: `"#1"`), integers in decimal (`"1"`), other keys `"cbor:<base64 of the key's encoding>"` |
//! | `true`, `false`, `null` | `true`, `false`, `null` |
//! | `undefined` | `{"#undefined": true}` |
//! | other simple value | `{"#simple": 19}` |
//! | finite float | number, with a fraction or exponent: `1.5`, `1.0` |
//! | NaN, +infinity, -infinity | `{"#float": "NaN"}`, `{"#float": "Infinity"}`, `{"#float": "-Infinity"}` |
//!
//! Typed structures (`DeviceResponse`, `MobileSecurityObject`, ...) serialize as the
//! value of their CBOR encoding, with the CDDL's keys. [`to_inspection_json`] (what
//! `mdoc inspect` prints) moreover shows COSE messages as objects of labelled parts; that
//! view is for people and not part of the one-form guarantee.
//!
//! The other direction, [`element_from_json`] for issuers' claims, reads the plain
//! conventions (`"base64:..."` as bytes, dates by the element's type).

use alloc::string::String;

use base64::Engine as _;

use serde_json::Value as Json;

use crate::cbor::Value;
use crate::cbor::serialize::ValueView;

/// Renders `value` as JSON for inspection: as [`to_json`], and moreover every
/// `COSE_Sign1`/`COSE_Mac0`-shaped array (`[bstr .cbor header, header, payload, bstr]`)
/// as an object whose protected header, and payload when it is embedded CBOR, are shown
/// decoded.
///
/// ```
/// use iso18013::cbor::{Decode, Value};
/// // [h'a10126', {}, null, h'00']: a detached COSE_Sign1 with alg ES256.
/// let v = Value::from_cbor(&[0x84, 0x43, 0xa1, 0x01, 0x26, 0xa0, 0xf6, 0x41, 0x00]).unwrap();
/// let json = iso18013::json::to_inspection_json(&v);
/// assert_eq!(json["protected"]["1"], -7);
/// assert_eq!(json["signature"], "base64:AA==");
/// ```
pub fn to_inspection_json(value: &Value) -> Json {
    render(ValueView::new(value, true))
}

/// The serializable inspection view of `value` (what [`to_inspection_json`] renders), for
/// writing it without building a `serde_json::Value` first.
pub fn inspection_view(value: &Value) -> impl serde::Serialize + '_ {
    ValueView::new(value, true)
}

/// Renders `value` as JSON: `serde_json::to_value(value)`, in the mapping above.
///
/// ```
/// use iso18013::cbor::Value;
/// let v = Value::Map(vec![(Value::from("portrait"), Value::Bytes(vec![0xff, 0xd8]))]);
/// assert_eq!(iso18013::json::to_json(&v).to_string(), r#"{"portrait":"base64:/9g="}"#);
/// ```
pub fn to_json(value: &Value) -> Json {
    render(ValueView::new(value, false))
}

/// A view into JSON. The serializer cannot fail on these views: every key is a string
/// and every number fits `serde_json`'s (out-of-range integers and non-finite floats have
/// their `#` forms); `null` stands in should that ever change.
fn render(view: ValueView<'_>) -> Json {
    serde_json::to_value(view).unwrap_or(Json::Null)
}

/// A byte string in the `"base64:..."` convention.
pub fn bytes_to_json(bytes: &[u8]) -> String {
    crate::cbor::serialize::bytes_text(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::boxed::Box;
    use alloc::string::ToString;
    use alloc::vec;

    #[test]
    fn structures_take_their_dates_from_json() {
        use crate::doctype::mdl;
        let date = |s: &str| Value::Tag(1004, Box::new(Value::from(s)));
        let json = serde_json::json!([
            {"vehicle_category_code": "B", "issue_date": "2020-01-01",
             "codes": [{"code": "01", "value": "2020-01-01"}]},
        ]);
        let v = element_from_json(mdl::NAME_SPACE, "driving_privileges", &json).unwrap();
        let code = Value::Map(vec![
            (Value::from("code"), Value::from("01")),
            (Value::from("value"), Value::from("2020-01-01")),
        ]);
        let want = Value::Array(vec![Value::Map(vec![
            (Value::from("vehicle_category_code"), Value::from("B")),
            (Value::from("issue_date"), date("2020-01-01")),
            (Value::from("codes"), Value::Array(vec![code])),
        ])]);
        assert_eq!(v, want);
        let privileges = |json| element_from_json(mdl::NAME_SPACE, "driving_privileges", &json);
        let bad_date =
            serde_json::json!([{"vehicle_category_code": "B", "expiry_date": "2020-13-01"}]);
        assert_eq!(privileges(bad_date), Err(FromJsonError::InvalidDate));
        let no_code = serde_json::json!([{"issue_date": "2020-01-01"}]);
        assert_eq!(privileges(no_code), Err(FromJsonError::WrongType));
        assert_eq!(
            privileges(serde_json::json!(["B"])),
            Err(FromJsonError::WrongType)
        );
        assert_eq!(
            privileges(serde_json::json!("B")),
            Err(FromJsonError::WrongType)
        );
        assert_eq!(privileges(serde_json::json!([])), Ok(Value::Array(vec![])));
    }

    #[test]
    fn nested_map_keys_render_in_linear_size() {
        // {{{...{0: 0}...}: 0}: 0}, 30 levels deep, each level's key is the level below.
        let mut v = Value::Map(vec![(Value::from(0u64), Value::from(0u64))]);
        for _ in 0..30 {
            v = Value::Map(vec![(v, Value::from(0u64))]);
        }
        let rendered = to_json(&v).to_string();
        assert!(rendered.len() < 2_000, "{} bytes", rendered.len());
        assert!(rendered.starts_with(r#"{"cbor:"#));
        // Tags and text keys keep their forms.
        let t = Value::Tag(1004, Box::new(Value::from("2020-01-01")));
        assert_eq!(to_json(&t), Json::String(String::from("2020-01-01")));
    }
}

/// Why a JSON value could not become an element value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum FromJsonError {
    /// A `"base64:..."` string is not valid standard base64.
    InvalidBase64,
    /// A number is neither an integer in CBOR's range nor a finite float.
    InvalidNumber,
    /// A date string is not valid for the element's date type.
    InvalidDate,
    /// The value does not have the type the doctype's table gives the element.
    WrongType,
}

impl core::fmt::Display for FromJsonError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(match self {
            Self::InvalidBase64 => "invalid base64 after \"base64:\"",
            Self::InvalidNumber => "number out of range",
            Self::InvalidDate => "invalid date for the element's type",
            Self::WrongType => "value of the wrong type for the element",
        })
    }
}

impl core::error::Error for FromJsonError {}

/// Converts a JSON claim into the CBOR value of element `identifier` in `name_space`, with
/// the conventions [`to_json`] writes: `"base64:..."` strings become byte strings; for
/// elements a doctype table knows (the mDL's), date strings become `full-date` or `tdate`
/// and the result is checked against the element's type.
///
/// ```
/// use iso18013::cbor::Value;
/// use iso18013::json::element_from_json;
/// let v = element_from_json("org.iso.18013.5.1", "birth_date", &serde_json::json!("1990-05-01")).unwrap();
/// assert_eq!(v, Value::Tag(1004, Box::new(Value::from("1990-05-01"))));
/// let v = element_from_json("org.iso.18013.5.1", "portrait", &serde_json::json!("base64:/9g=")).unwrap();
/// assert_eq!(v, Value::Bytes(vec![0xff, 0xd8]));
/// assert!(element_from_json("org.iso.18013.5.1", "age_over_18", &serde_json::json!("yes")).is_err());
/// ```
///
/// # Errors
/// [`FromJsonError`] when the value cannot be converted or has the wrong type.
pub fn element_from_json(
    name_space: &str,
    identifier: &str,
    json: &Json,
) -> Result<Value, FromJsonError> {
    element_from_json_with(
        &crate::doctype::Registry::builtin(),
        name_space,
        identifier,
        json,
    )
}

/// [`element_from_json`] with the element types of `doctypes` (e.g. the built-in ones plus
/// a national profile's domestic namespace).
///
/// ```
/// use iso18013::cbor::Value;
/// use iso18013::doctype::{mdl, Element, ElementType, NameSpace, Registry};
/// use iso18013::json::element_from_json_with;
/// let mut doctypes = Registry::builtin();
/// doctypes.register(mdl::DESCRIPTOR.with_name_space(
///     NameSpace::new("org.iso.18013.5.1.UT")
///         .with_element(Element::new("licence_date", ElementType::FullDate)),
/// ));
/// let v = element_from_json_with(&doctypes, "org.iso.18013.5.1.UT", "licence_date",
///     &serde_json::json!("2020-02-29")).unwrap();
/// assert_eq!(v, Value::Tag(1004, Box::new(Value::from("2020-02-29"))));
/// ```
///
/// # Errors
/// [`FromJsonError`] when the value cannot be converted or has the wrong type.
pub fn element_from_json_with(
    doctypes: &crate::doctype::Registry,
    name_space: &str,
    identifier: &str,
    json: &Json,
) -> Result<Value, FromJsonError> {
    use crate::doctype::ElementType;
    let expected = doctypes.element_type(name_space, identifier);
    let value = match (expected, json) {
        (Some(ElementType::FullDate), Json::String(s)) => full_date(s)?,
        (Some(ElementType::TDate), Json::String(s)) => tdate(s)?,
        (Some(ElementType::TDateOrFullDate), Json::String(s)) => {
            if s.len() == 10 {
                full_date(s)?
            } else {
                tdate(s)?
            }
        }
        (Some(t), _) => match t.structure() {
            Some(structure) => match json {
                Json::String(s) => structure.from_text(s).ok_or(FromJsonError::WrongType)?,
                _ => structure_from_json(json, structure.full_date_fields())?,
            },
            None => value_from_json(json)?,
        },
        _ => value_from_json(json)?,
    };
    match expected {
        Some(t) if !t.accepts(&value) => Err(FromJsonError::WrongType),
        _ => Ok(value),
    }
}

fn full_date(s: &str) -> Result<Value, FromJsonError> {
    crate::cbor::FullDate::parse(s)
        .map(Value::from)
        .map_err(|_| FromJsonError::InvalidDate)
}

fn tdate(s: &str) -> Result<Value, FromJsonError> {
    crate::cbor::TDate::parse(s)
        .map(Value::from)
        .map_err(|_| FromJsonError::InvalidDate)
}

/// A doctype's structure (e.g. the mDL's `driving_privileges`): the text values of the
/// fields it names as dates, at any depth, become full-dates.
fn structure_from_json(json: &Json, date_fields: &[&str]) -> Result<Value, FromJsonError> {
    Ok(match json {
        Json::Array(items) => Value::Array(
            items
                .iter()
                .map(|item| structure_from_json(item, date_fields))
                .collect::<Result<alloc::vec::Vec<_>, _>>()?,
        ),
        Json::Object(entries) => Value::Map(
            entries
                .iter()
                .map(|(k, v)| {
                    let value = match v {
                        Json::String(s) if date_fields.contains(&k.as_str()) => full_date(s)?,
                        _ => structure_from_json(v, date_fields)?,
                    };
                    Ok((Value::from(k.as_str()), value))
                })
                .collect::<Result<alloc::vec::Vec<_>, FromJsonError>>()?,
        ),
        other => value_from_json(other)?,
    })
}

/// Converts JSON to an open CBOR value: `"base64:..."` strings to byte strings, integers
/// to integers, other numbers to floats, objects to text-keyed maps.
///
/// # Errors
/// [`FromJsonError`] for invalid base64 or numbers.
pub fn value_from_json(json: &Json) -> Result<Value, FromJsonError> {
    Ok(match json {
        Json::Null => Value::Null,
        Json::Bool(b) => Value::Bool(*b),
        Json::Number(n) => {
            if let Some(u) = n.as_u64() {
                Value::from(u)
            } else if let Some(i) = n.as_i64() {
                Value::from(i)
            } else {
                match n.as_f64() {
                    Some(f) if f.is_finite() => Value::Float(f),
                    _ => return Err(FromJsonError::InvalidNumber),
                }
            }
        }
        Json::String(s) => match s.strip_prefix(crate::cbor::serialize::BYTES_PREFIX) {
            Some(b64) => Value::Bytes(
                base64::engine::general_purpose::STANDARD
                    .decode(b64)
                    .map_err(|_| FromJsonError::InvalidBase64)?,
            ),
            None => Value::Text(s.clone()),
        },
        Json::Array(items) => Value::Array(
            items
                .iter()
                .map(value_from_json)
                .collect::<Result<alloc::vec::Vec<_>, _>>()?,
        ),
        Json::Object(entries) => Value::Map(
            entries
                .iter()
                .map(|(k, v)| Ok((Value::from(k.as_str()), value_from_json(v)?)))
                .collect::<Result<alloc::vec::Vec<_>, FromJsonError>>()?,
        ),
    })
}
