//! What the typed model refuses: one row per rule, each with the error kind and the
//! structure and field the error names.
// Test code: a panic is a failed test, not a crash on input.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use iso18013::cbor::{Decode, DecodeError, DecodeErrorKind, Encode, Limits, Value};
use iso18013::engagement::DeviceEngagement;
use iso18013::mso::{IssuerSigned, MobileSecurityObject};
use iso18013::request::{DeviceRequest, ItemsRequest};
use iso18013::response::{DeviceAuth, DeviceAuthentication, DeviceResponse, Document};
use iso18013::session::{SessionData, SessionEstablishment, SessionTranscript};

fn vector(name: &str) -> Vec<u8> {
    let path = format!(
        "{}/test-vectors/iso18013-5-annex-d/{name}.hex",
        env!("CARGO_MANIFEST_DIR")
    );
    hex::decode(std::fs::read_to_string(path).unwrap().trim()).unwrap()
}

fn value(name: &str) -> Value {
    Value::from_cbor(&vector(name)).unwrap()
}

fn text(s: &str) -> Value {
    Value::from(s)
}

fn map(entries: Vec<(Value, Value)>) -> Value {
    Value::Map(entries)
}

/// The entry `key` of a map value, mutably.
fn entry<'v>(v: &'v mut Value, key: &Value) -> &'v mut Value {
    let Value::Map(entries) = v else {
        panic!("not a map")
    };
    &mut entries
        .iter_mut()
        .find(|(k, _)| k == key)
        .expect("no such key")
        .1
}

fn remove(v: &mut Value, key: &str) {
    let Value::Map(entries) = v else {
        panic!("not a map")
    };
    entries.retain(|(k, _)| k.as_text() != Some(key));
}

/// Decodes the content of a tag-24 value, lets `f` change it, and wraps it again.
fn edit_embedded(v: &mut Value, f: impl FnOnce(&mut Value)) {
    let Value::Tag(24, inner) = v else {
        panic!("not tag 24")
    };
    let mut content = Value::from_cbor(inner.as_bytes().unwrap()).unwrap();
    f(&mut content);
    **inner = Value::Bytes(content.to_cbor());
}

/// The Annex D MSO as an open value, for editing.
fn mso_value() -> Value {
    let Value::Tag(24, inner) = value("mobile_security_object_bytes") else {
        panic!()
    };
    Value::from_cbor(inner.as_bytes().unwrap()).unwrap()
}

struct Case {
    name: &'static str,
    result: Result<(), DecodeError>,
    kind: fn(DecodeErrorKind) -> bool,
    at: (&'static str, &'static str),
}

fn check<T: Decode>(bytes: &[u8]) -> Result<(), DecodeError> {
    T::from_cbor(bytes).map(drop)
}

fn check_with<T: Decode>(bytes: &[u8], limits: &Limits) -> Result<(), DecodeError> {
    T::from_cbor_with_limits(bytes, limits).map(drop)
}

fn cases() -> Vec<Case> {
    let mut out = Vec::new();
    let mut push = |name, result, kind: fn(DecodeErrorKind) -> bool, at| {
        out.push(Case {
            name,
            result,
            kind,
            at,
        });
    };
    use DecodeErrorKind as K;

    let mut v = value("device_response");
    remove(&mut v, "status");
    push(
        "response without status",
        check::<DeviceResponse>(&v.to_cbor()),
        |k| k == K::MissingField,
        ("DeviceResponse", "status"),
    );

    let mut v = value("device_response");
    *entry(&mut v, &text("version")) = text("2.0");
    push(
        "response of version 2.0",
        check::<DeviceResponse>(&v.to_cbor()),
        |k| matches!(k, K::InvalidValue(_)),
        ("DeviceResponse", "version"),
    );

    let mut v = value("device_response");
    *entry(&mut v, &text("documents")) = Value::Array(vec![]);
    push(
        "empty documents",
        check::<DeviceResponse>(&v.to_cbor()),
        |k| matches!(k, K::InvalidValue(_)),
        ("DeviceResponse", "documents"),
    );

    let mut v = value("device_response");
    *entry(&mut v, &text("documents")) = Value::Array(vec![Value::Null; 65]);
    push(
        "65 documents",
        check::<DeviceResponse>(&v.to_cbor()),
        |k| matches!(k, K::TooMany { limit: 64, .. }),
        ("DeviceResponse", "documents"),
    );

    let mut v = value("device_response");
    let Value::Array(docs) = entry(&mut v, &text("documents")) else {
        panic!()
    };
    remove(&mut docs[0], "deviceSigned");
    let doc = docs[0].to_cbor();
    push(
        "document without deviceSigned",
        check::<Document>(&doc),
        |k| k == K::MissingField,
        ("Document", "deviceSigned"),
    );

    let mut v = value("device_response");
    let Value::Array(docs) = entry(&mut v, &text("documents")) else {
        panic!()
    };
    let device_signed = entry(&mut docs[0], &text("deviceSigned"));
    let auth = entry(device_signed, &text("deviceAuth"));
    let mac = entry(auth, &text("deviceMac")).clone();
    let both = map(vec![
        (text("deviceMac"), mac.clone()),
        (text("deviceSignature"), mac.clone()),
    ]);
    push(
        "deviceSignature and deviceMac",
        check::<DeviceAuth>(&both.to_cbor()),
        |k| matches!(k, K::InvalidValue(_)),
        ("DeviceAuth", "deviceSignature"),
    );
    let other = map(vec![(text("deviceKey"), mac)]);
    push(
        "unknown device auth",
        check::<DeviceAuth>(&other.to_cbor()),
        |k| matches!(k, K::InvalidValue(_)),
        ("DeviceAuth", "(map key)"),
    );
    push(
        "empty device auth",
        check::<DeviceAuth>(&[0xa0]),
        |k| k == K::MissingField,
        ("DeviceAuth", "deviceSignature"),
    );

    push(
        "empty SessionData",
        check::<SessionData>(&[0xa0]),
        |k| matches!(k, K::InvalidValue(_)),
        ("SessionData", "data"),
    );

    let mut v = value("session_establishment");
    *entry(&mut v, &text("data")) = text("not bytes");
    push(
        "establishment data as text",
        check::<SessionEstablishment>(&v.to_cbor()),
        |k| matches!(k, K::UnexpectedType { .. }),
        ("SessionEstablishment", "data"),
    );

    let mut v = value("items_request");
    *entry(&mut v, &text("nameSpaces")) = map(vec![]);
    push(
        "no namespaces requested",
        check::<ItemsRequest>(&v.to_cbor()),
        |k| matches!(k, K::InvalidValue(_)),
        ("ItemsRequest", "nameSpaces"),
    );

    let mut v = value("items_request");
    let ns = entry(&mut v, &text("nameSpaces"));
    let elements = entry(ns, &text("org.iso.18013.5.1"));
    *entry(elements, &text("portrait")) = Value::from(0u64);
    push(
        "intent to retain not a bool",
        check::<ItemsRequest>(&v.to_cbor()),
        |k| matches!(k, K::UnexpectedType { .. }),
        ("DataElements", "intent to retain"),
    );

    let mut v = value("device_request");
    let Value::Array(reqs) = entry(&mut v, &text("docRequests")) else {
        panic!()
    };
    edit_embedded(entry(&mut reqs[0], &text("itemsRequest")), |items| {
        remove(items, "docType")
    });
    push(
        "request without docType",
        check::<DeviceRequest>(&v.to_cbor()),
        |k| k == K::MissingField,
        ("ItemsRequest", "docType"),
    );

    let mut v = value("device_response");
    let Value::Array(docs) = entry(&mut v, &text("documents")) else {
        panic!()
    };
    let issuer_signed = entry(&mut docs[0], &text("issuerSigned")).clone();
    let mut edited = issuer_signed.clone();
    let ns = entry(&mut edited, &text("nameSpaces"));
    let Value::Array(items) = entry(ns, &text("org.iso.18013.5.1")) else {
        panic!()
    };
    edit_embedded(&mut items[0], |item| remove(item, "random"));
    push(
        "item without random",
        check::<IssuerSigned>(&edited.to_cbor()),
        |k| k == K::MissingField,
        ("IssuerSignedItem", "random"),
    );

    let mut edited = issuer_signed.clone();
    let Value::Array(parts) = entry(&mut edited, &text("issuerAuth")) else {
        panic!()
    };
    parts[2] = Value::Null;
    push(
        "issuerAuth with detached payload",
        check::<IssuerSigned>(&edited.to_cbor()),
        |k| matches!(k, K::InvalidValue(_)),
        ("IssuerAuth", "payload"),
    );

    let mut edited = issuer_signed.clone();
    let Value::Array(parts) = entry(&mut edited, &text("issuerAuth")) else {
        panic!()
    };
    let cert = entry(&mut parts[1], &Value::from(33u64)).clone();
    *entry(&mut parts[1], &Value::from(33u64)) = Value::Array(vec![cert; 11]);
    push(
        "x5chain of 11 certificates",
        check::<IssuerSigned>(&edited.to_cbor()),
        |k| matches!(k, K::TooMany { limit: 10, .. }),
        ("COSE header", "unprotected"),
    );

    let limits = Limits {
        max_elements: 5,
        ..Limits::DEFAULT
    };
    push(
        "more elements than the limit",
        check_with::<IssuerSigned>(&issuer_signed.to_cbor(), &limits),
        |k| matches!(k, K::TooMany { limit: 5, .. }),
        ("IssuerSigned", "nameSpaces"),
    );

    let mut mso = mso_value();
    let digests = entry(&mut mso, &text("valueDigests"));
    let ns = entry(digests, &text("org.iso.18013.5.1"));
    let Value::Map(ids) = ns else { panic!() };
    ids[1].0 = Value::from(0u64);
    push(
        "duplicate digestID",
        check::<MobileSecurityObject>(&mso.to_cbor()),
        |k| k == K::DuplicateKey,
        ("DigestIDs", "DigestID"),
    );

    let mut mso = mso_value();
    let validity = entry(&mut mso, &text("validityInfo"));
    *entry(validity, &text("signed")) = text("2020-10-01T13:30:02Z");
    push(
        "untagged signed date",
        check::<MobileSecurityObject>(&mso.to_cbor()),
        |k| matches!(k, K::UnexpectedType { .. }),
        ("ValidityInfo", "signed"),
    );

    let mut mso = mso_value();
    let validity = entry(&mut mso, &text("validityInfo"));
    *entry(validity, &text("validUntil")) = Value::Tag(1004, Box::new(text("2021-10-01")));
    push(
        "full-date where tdate is due",
        check::<MobileSecurityObject>(&mso.to_cbor()),
        |k| {
            k == K::UnexpectedTag {
                expected: 0,
                got: 1004,
            }
        },
        ("ValidityInfo", "validUntil"),
    );

    let mut mso = mso_value();
    let dki = entry(&mut mso, &text("deviceKeyInfo"));
    let key = entry(dki, &text("deviceKey"));
    *entry(key, &Value::from(-2i64)) = Value::Bytes(vec![0; 31]);
    push(
        "device key x too short",
        check::<MobileSecurityObject>(&mso.to_cbor()),
        |k| matches!(k, K::InvalidValue(_)),
        ("COSE_Key", "crv"),
    );

    let mut v = value("device_engagement");
    let Value::Map(entries) = &mut v else {
        panic!()
    };
    entries.retain(|(k, _)| k.as_int() != Some(1));
    push(
        "engagement without security",
        check::<DeviceEngagement>(&v.to_cbor()),
        |k| k == K::MissingField,
        ("DeviceEngagement", "security"),
    );

    let mut v = value("device_engagement");
    let Value::Array(methods) = entry(&mut v, &Value::from(2u64)) else {
        panic!()
    };
    let Value::Array(method) = &mut methods[0] else {
        panic!()
    };
    *entry(&mut method[2], &Value::from(11u64)) = Value::Bytes(vec![0; 15]);
    push(
        "BLE UUID of 15 bytes",
        check::<DeviceEngagement>(&v.to_cbor()),
        |k| matches!(k, K::InvalidValue(_)),
        ("BleOptions", "central client UUID"),
    );

    let mut v = value("device_engagement");
    *entry(&mut v, &Value::from(0u64)) = text("2.0");
    push(
        "engagement of version 2.0",
        check::<DeviceEngagement>(&v.to_cbor()),
        |k| matches!(k, K::InvalidValue(_)),
        ("DeviceEngagement", "version"),
    );

    let mut v = value("session_transcript");
    let Value::Array(items) = &mut v else {
        panic!()
    };
    items.pop();
    push(
        "transcript of two elements",
        check::<SessionTranscript>(&v.to_cbor()),
        |k| matches!(k, K::InvalidValue(_)),
        ("SessionTranscript", "(array)"),
    );

    let Value::Tag(24, inner) = value("device_authentication_bytes") else {
        panic!()
    };
    let mut v = Value::from_cbor(inner.as_bytes().unwrap()).unwrap();
    let Value::Array(items) = &mut v else {
        panic!()
    };
    items[0] = text("ReaderAuthentication");
    push(
        "wrong context string",
        check::<DeviceAuthentication>(&v.to_cbor()),
        |k| matches!(k, K::InvalidValue(_)),
        ("DeviceAuthentication", "context"),
    );

    // {1: 1} where a text key is due.
    push(
        "integer key in a text-keyed map",
        check::<SessionData>(&[0xa1, 0x01, 0x01]),
        |k| matches!(k, K::UnexpectedType { .. }),
        ("SessionData", "(map key)"),
    );

    out
}

#[test]
fn every_rule_rejects_with_its_kind_and_location() {
    let cases = cases();
    assert!(cases.len() >= 25);
    for case in cases {
        let err = case.result.expect_err(case.name);
        assert!(
            (case.kind)(err.kind()),
            "{}: wrong kind {:?}",
            case.name,
            err.kind()
        );
        let at = err
            .location()
            .unwrap_or_else(|| panic!("{}: no location in {err}", case.name));
        assert_eq!((at.structure, at.field), case.at, "{}: {err}", case.name);
    }
}

#[test]
fn the_unedited_inputs_are_accepted() {
    // The rows above fail because of their edits, not because the base input is bad.
    DeviceResponse::from_cbor(&vector("device_response")).unwrap();
    DeviceRequest::from_cbor(&vector("device_request")).unwrap();
    DeviceEngagement::from_cbor(&value("device_engagement").to_cbor()).unwrap();
    MobileSecurityObject::from_cbor(&mso_value().to_cbor()).unwrap();
    SessionTranscript::from_cbor(&value("session_transcript").to_cbor()).unwrap();
}

/// Every `Version` field is `"major.minor"` of major version 1 (ISO 18013-5 8.3): any minor
/// version is read, since an unknown minor "shall not" give an error; text that merely
/// starts with "1." is refused, as is another major version.
#[test]
fn versions_are_major_dot_minor() {
    // Each structure as an open value, where its version is, and a decoder.
    type Structure = (
        &'static str,
        Value,
        Value,
        fn(&[u8]) -> Result<(), DecodeError>,
    );
    let structures: [Structure; 4] = [
        (
            "DeviceResponse",
            value("device_response"),
            text("version"),
            check::<DeviceResponse>,
        ),
        (
            "DeviceRequest",
            value("device_request"),
            text("version"),
            check::<DeviceRequest>,
        ),
        (
            "MobileSecurityObject",
            mso_value(),
            text("version"),
            check::<MobileSecurityObject>,
        ),
        (
            "DeviceEngagement",
            value("device_engagement"),
            Value::from(0u64),
            check::<DeviceEngagement>,
        ),
    ];
    for (structure, base, key, check) in structures {
        let with = |version: &str| {
            let mut v = base.clone();
            *entry(&mut v, &key) = text(version);
            check(&v.to_cbor())
        };
        for good in ["1.0", "1.1", "1.7", "1.10", "1.4294967296"] {
            with(good).unwrap_or_else(|e| panic!("{structure} {good}: {e}"));
        }
        for (bad, why) in [
            ("1.", "version is not \"major.minor\" in decimal"),
            ("1", "version is not \"major.minor\" in decimal"),
            ("1.x", "version is not \"major.minor\" in decimal"),
            ("1.0.0", "version is not \"major.minor\" in decimal"),
            ("1.0 ", "version is not \"major.minor\" in decimal"),
            (" 1.0", "version is not \"major.minor\" in decimal"),
            ("1.01", "version is not \"major.minor\" in decimal"),
            ("01.0", "version is not \"major.minor\" in decimal"),
            ("1.-1", "version is not \"major.minor\" in decimal"),
            ("1.+1", "version is not \"major.minor\" in decimal"),
            ("1.0\u{0}", "version is not \"major.minor\" in decimal"),
            ("1.\u{0661}", "version is not \"major.minor\" in decimal"),
            ("1.0; anything", "version is not \"major.minor\" in decimal"),
            ("2.0", "unsupported major version"),
            ("0.9", "unsupported major version"),
            ("11.0", "unsupported major version"),
        ] {
            let err = with(bad).expect_err(bad);
            assert_eq!(
                err.kind(),
                DecodeErrorKind::InvalidValue(why),
                "{structure} {bad:?}"
            );
            let at = err.location().unwrap();
            assert_eq!((at.structure, at.field), (structure, "version"), "{bad:?}");
        }
    }
}
