//! The JSON mapping: each form, the collisions it avoids, and a reader that inverts it
//! (the mapping is one-to-one on the values below).

use alloc::boxed::Box;
use alloc::string::{String, ToString};
use alloc::vec;
use alloc::vec::Vec;

use base64::Engine as _;
use serde_json::{Value as Json, json};

use super::*;

fn js(v: &Value) -> Json {
    serde_json::to_value(v).unwrap()
}

fn tag(n: u64, v: Value) -> Value {
    Value::Tag(n, Box::new(v))
}

fn text(s: &str) -> Value {
    Value::from(s)
}

/// The inverse of the mapping, for the tests: JSON back to the one value it stands for.
fn read(json: &Json) -> Value {
    match json {
        Json::Null => Value::Null,
        Json::Bool(b) => Value::Bool(*b),
        Json::Number(n) if n.is_f64() => Value::Float(n.as_f64().unwrap()),
        Json::Number(n) => match n.as_u64() {
            Some(u) => Value::from(u),
            None => Value::from(n.as_i64().unwrap()),
        },
        Json::String(s) => match s.strip_prefix(BYTES_PREFIX) {
            Some(b64) => Value::Bytes(
                base64::engine::general_purpose::STANDARD
                    .decode(b64)
                    .unwrap(),
            ),
            None if FullDate::parse(s).is_ok() => tag(1004, text(s)),
            None if TDate::parse(s).is_ok() => tag(0, text(s)),
            None => text(s),
        },
        Json::Array(items) => Value::Array(items.iter().map(read).collect()),
        Json::Object(m) => {
            if let [(key, v)] = m.iter().collect::<Vec<_>>().as_slice()
                && let Some(special) = read_marked(key, v)
            {
                return special;
            }
            Value::Map(m.iter().map(|(k, v)| (read_key(k), read(v))).collect())
        }
    }
}

fn read_marked(key: &str, v: &Json) -> Option<Value> {
    Some(match key {
        "#int" => Value::Int(Int::try_from(v.as_str()?.parse::<i128>().ok()?).ok()?),
        "#text" => text(v.as_str()?),
        "#undefined" => Value::Undefined,
        "#simple" => Value::Simple(u8::try_from(v.as_u64()?).ok()?),
        "#float" => Value::Float(match v.as_str()? {
            "NaN" => f64::NAN,
            "Infinity" => f64::INFINITY,
            "-Infinity" => f64::NEG_INFINITY,
            _ => return None,
        }),
        "#6.24" => tag(24, Value::Bytes(read(v).to_cbor())),
        "#6.24-raw" => tag(24, read(v)),
        other => tag(other.strip_prefix("#6.")?.parse().ok()?, read(v)),
    })
}

fn read_key(key: &str) -> Value {
    if let Some(t) = key.strip_prefix('#') {
        return text(t);
    }
    if let Some(b64) = key.strip_prefix("cbor:") {
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(b64)
            .unwrap();
        return Value::from_cbor(&bytes).unwrap();
    }
    // Only canonical decimal is an integer key ("01", "+1", "-0" are text).
    match key.parse::<i128>() {
        Ok(i) if i.to_string() == key => Value::Int(Int::try_from(i).unwrap()),
        _ => text(key),
    }
}

/// Values that looked alike in the old rendering, and every special form.
fn specimens() -> Vec<Value> {
    let f16_nan = Value::from_cbor(&[0xf9, 0x7e, 0x00]).unwrap();
    vec![
        text("base64:AAAA"),
        Value::Bytes(vec![0, 0, 0]),
        text("1990-05-01"),
        tag(1004, text("1990-05-01")),
        text("2020-10-01T13:30:02Z"),
        tag(0, text("2020-10-01T13:30:02Z")),
        tag(0, text("1990-05-01")),
        tag(1004, text("2020-10-01T13:30:02Z")),
        text("undefined"),
        Value::Undefined,
        text("simple(19)"),
        Value::Simple(19),
        text("NaN"),
        Value::Float(f64::NAN),
        f16_nan,
        text("inf"),
        Value::Float(f64::INFINITY),
        Value::Float(f64::NEG_INFINITY),
        Value::Float(1.0),
        Value::from(1u64),
        Value::Float(-0.5),
        text("-18446744073709551616"),
        Value::Int(Int::MIN),
        Value::Int(Int::MAX),
        Value::from(i64::MIN),
        // Bignums: 2^64 and -1-2^64.
        tag(2, Value::Bytes(vec![1, 0, 0, 0, 0, 0, 0, 0, 0])),
        tag(3, Value::Bytes(vec![1, 0, 0, 0, 0, 0, 0, 0, 0])),
        tag(32, text("https://example.com")),
        Value::Map(vec![(text("#6.32"), text("https://example.com"))]),
        Value::Map(vec![(text("#float"), text("NaN"))]),
        Value::Map(vec![(text("#text"), text("x"))]),
        tag(24, Value::Bytes(Value::from(5u64).to_cbor())),
        tag(24, Value::Bytes(vec![0xff])),
        tag(24, Value::from(5u64)),
        Value::Map(vec![(text("#6.24"), Value::from(5u64))]),
        Value::Map(vec![(Value::from(1u64), text("a"))]),
        Value::Map(vec![(text("1"), text("a"))]),
        Value::Map(vec![(Value::from(-7i64), text("a"))]),
        Value::Map(vec![(text("-7"), text("a"))]),
        Value::Map(vec![(text("01"), text("a"))]),
        Value::Map(vec![(text("+1"), text("a"))]),
        Value::Map(vec![(text("-0"), text("a"))]),
        Value::Map(vec![(Value::Bytes(vec![1]), text("a"))]),
        Value::Map(vec![(text("cbor:QQE="), text("a"))]),
        Value::Map(vec![(text("#1"), text("a"))]),
        Value::Map(vec![(Value::Bool(true), Value::Null)]),
        Value::Array(vec![Value::Null, Value::Bool(false), text("")]),
    ]
}

#[test]
fn each_form() {
    assert_eq!(js(&text("Doe")), json!("Doe"));
    assert_eq!(js(&Value::Bytes(vec![0xff, 0xd8])), json!("base64:/9g="));
    assert_eq!(js(&text("base64:/9g=")), json!({"#text": "base64:/9g="}));
    assert_eq!(js(&tag(1004, text("1990-05-01"))), json!("1990-05-01"));
    assert_eq!(js(&text("1990-05-01")), json!({"#text": "1990-05-01"}));
    assert_eq!(
        js(&tag(0, text("2020-10-01T13:30:02Z"))),
        json!("2020-10-01T13:30:02Z")
    );
    assert_eq!(
        js(&tag(1004, text("2020-10-01T13:30:02Z"))),
        json!({"#6.1004": {"#text": "2020-10-01T13:30:02Z"}})
    );
    assert_eq!(js(&Value::Undefined), json!({"#undefined": true}));
    assert_eq!(js(&Value::Simple(19)), json!({"#simple": 19}));
    assert_eq!(js(&Value::Float(f64::NAN)), json!({"#float": "NaN"}));
    assert_eq!(
        js(&Value::Float(f64::INFINITY)),
        json!({"#float": "Infinity"})
    );
    assert_eq!(
        js(&Value::Float(f64::NEG_INFINITY)),
        json!({"#float": "-Infinity"})
    );
    assert_eq!(serde_json::to_string(&Value::Float(1.0)).unwrap(), "1.0");
    assert_eq!(serde_json::to_string(&Value::from(1u64)).unwrap(), "1");
    assert_eq!(
        js(&Value::Int(Int::MIN)),
        json!({"#int": "-18446744073709551616"})
    );
    assert_eq!(js(&Value::Int(Int::MAX)), json!(u64::MAX));
    assert_eq!(
        js(&tag(2, Value::Bytes(vec![1, 0]))),
        json!({"#6.2": "base64:AQA="})
    );
    assert_eq!(
        js(&tag(24, Value::Bytes(text("hi").to_cbor()))),
        json!({"#6.24": "hi"})
    );
    assert_eq!(
        js(&tag(24, Value::Bytes(vec![0xff]))),
        json!({"#6.24-raw": "base64:/w=="})
    );
    let keys = Value::Map(vec![
        (Value::from(1u64), text("int")),
        (text("1"), text("text")),
        (text("#x"), text("hash")),
        (text("cbor:x"), text("prefix")),
        (Value::Bytes(vec![1]), text("bytes")),
        (text("name"), text("plain")),
    ]);
    assert_eq!(
        js(&keys),
        json!({"1": "int", "#1": "text", "##x": "hash", "#cbor:x": "prefix",
               "cbor:QQE=": "bytes", "name": "plain"})
    );
}

#[test]
fn the_mapping_is_one_to_one() {
    let specimens = specimens();
    let rendered: Vec<String> = specimens
        .iter()
        .map(|v| serde_json::to_string(v).unwrap())
        .collect();
    for (i, a) in rendered.iter().enumerate() {
        for (j, b) in rendered.iter().enumerate() {
            if i != j {
                // Two NaNs (f16 and f64) are the same value: Value's PartialEq says no.
                let both_nan = [i, j]
                    .iter()
                    .all(|&k| matches!(specimens[k], Value::Float(f) if f.is_nan()));
                assert!(
                    a != b || both_nan,
                    "{:?} and {:?} both give {a}",
                    specimens[i],
                    specimens[j]
                );
            }
        }
    }
    // And the reader gets each value back (NaN compared by its JSON).
    for (value, text) in specimens.iter().zip(&rendered) {
        let json: Json = serde_json::from_str(text).unwrap();
        let back = read(&json);
        assert_eq!(serde_json::to_string(&back).unwrap(), *text);
        if !matches!(value, Value::Float(f) if f.is_nan()) {
            assert_eq!(&back, value, "{text}");
        }
    }
}

#[test]
fn typed_structures_serialize_as_their_cbor_value() {
    use crate::cbor::{NameSpaces, TaggedCbor};
    let date = FullDate::parse("1990-05-01").unwrap();
    assert_eq!(serde_json::to_value(date).unwrap(), json!("1990-05-01"));
    let t = TDate::parse("2020-10-01T13:30:02.5Z").unwrap();
    assert_eq!(
        serde_json::to_value(&t).unwrap(),
        json!("2020-10-01T13:30:02.5Z")
    );
    let ns: NameSpaces<u64> = ("a".to_string(), 1u64).into();
    assert_eq!(serde_json::to_value(&ns).unwrap(), json!({"a": 1}));
    let tagged = TaggedCbor::new(text("hi"));
    assert_eq!(
        serde_json::to_value(&tagged).unwrap(),
        json!({"#6.24": "hi"})
    );
    // The MSO's ValidityInfo with its CDDL keys.
    let validity = crate::mso::ValidityInfo {
        signed: t.clone(),
        valid_from: t.clone(),
        valid_until: t,
        expected_update: None,
        rest: Vec::new(),
    };
    assert_eq!(
        serde_json::to_value(&validity).unwrap(),
        json!({"signed": "2020-10-01T13:30:02.5Z", "validFrom": "2020-10-01T13:30:02.5Z",
               "validUntil": "2020-10-01T13:30:02.5Z"})
    );
}

/// Two encodings of one value inside tag 24 do not print alike: only the preferred
/// serialization is shown decoded.
#[test]
fn tag_24_shows_decoded_only_what_encodes_back_to_its_bytes() {
    let preferred = tag(24, Value::Bytes(vec![0x01]));
    let longer = tag(24, Value::Bytes(vec![0x18, 0x01]));
    assert_eq!(js(&preferred), json!({"#6.24": 1}));
    assert_eq!(js(&longer), json!({"#6.24-raw": "base64:GAE="}));
    let half = tag(24, Value::Bytes(vec![0xf9, 0x3c, 0x00]));
    let double = tag(24, Value::Bytes(vec![0xfb, 0x3f, 0xf0, 0, 0, 0, 0, 0, 0]));
    assert_ne!(js(&half), js(&double));
}

/// A hostile input nesting COSE-shaped arrays in byte strings (each payload a tag 24 of
/// the next level) is shown without recursing past the nesting budget: no stack overflow,
/// no copy per level, and the levels past the budget as bytes.
#[test]
fn nested_byte_strings_are_decoded_only_a_few_levels_deep() {
    use crate::cbor::Encode as _;
    let mut level = Value::Array(vec![
        Value::Bytes(Vec::new()),
        Value::Map(Vec::new()),
        Value::Null,
        Value::Bytes(Vec::new()),
    ]);
    for _ in 0..5_000 {
        let payload = tag(24, Value::Bytes(level.to_cbor())).to_cbor();
        level = Value::Array(vec![
            Value::Bytes(Vec::new()),
            Value::Map(Vec::new()),
            Value::Bytes(payload),
            Value::Bytes(Vec::new()),
        ]);
    }
    let bytes = level.to_cbor();
    assert!(bytes.len() > 50_000);
    let value = Value::from_cbor(&bytes).unwrap();
    let json = serde_json::to_value(ValueView::new(&value, true)).unwrap();
    // Depth of the JSON: each decoded level is an object with a payload.
    let mut depth = 0;
    let mut at = &json;
    while let Some(next) = at.get("payload").and_then(|p| p.get("#6.24")) {
        depth += 1;
        at = next;
    }
    assert!(depth <= usize::from(MAX_NESTED_DECODES), "{depth}");
    assert!(depth >= 1);
}

/// Namespaces, element identifiers and tag-24 items follow the same rules in the typed
/// structures as in `Value`: a key that would read as a marker or an integer is marked,
/// and a tag-24 item not in preferred serialization is shown raw.
#[test]
fn typed_structures_mark_keys_and_tag_24_as_value_does() {
    use crate::cbor::{NameSpaces, TaggedCbor};
    let ns: NameSpaces<u64> = ("#float".to_string(), 1u64).into();
    assert_eq!(serde_json::to_value(&ns).unwrap(), json!({"##float": 1}));
    let elements: NameSpaces<Vec<(String, Value)>> =
        ("ns".to_string(), vec![("#float".to_string(), text("NaN"))]).into();
    let mut out = Vec::new();
    name_spaces_of_pairs(&elements, &mut serde_json::Serializer::new(&mut out)).unwrap();
    assert_eq!(
        serde_json::from_slice::<Json>(&out).unwrap(),
        json!({"ns": {"##float": "NaN"}})
    );
    assert_eq!(
        js(&Value::Map(vec![(text("#float"), text("NaN"))])),
        json!({"##float": "NaN"})
    );
    let longer = TaggedCbor::<Value>::from_inner_bytes(&[0x18, 0x01]).unwrap();
    assert_eq!(
        serde_json::to_value(&longer).unwrap(),
        json!({"#6.24-raw": "base64:GAE="})
    );
}
