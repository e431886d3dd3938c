//! Strictness and bounds of the decoder, and preferred serialization of the encoder.

use alloc::vec;
use alloc::vec::Vec;

use super::*;

fn kind<T: Decode + core::fmt::Debug>(bytes: &[u8]) -> DecodeErrorKind {
    T::from_cbor(bytes).unwrap_err().kind()
}

#[test]
fn trailing_bytes_are_rejected() {
    assert_eq!(kind::<Value>(&[0x01, 0x02]), DecodeErrorKind::TrailingBytes);
    // Inside a tag-24 byte string too: 24(<< 1, 2 >>).
    assert_eq!(
        kind::<TaggedCbor<Value>>(&[0xd8, 0x18, 0x42, 0x01, 0x02]),
        DecodeErrorKind::TrailingBytes
    );
}

#[test]
fn truncated_input_is_rejected() {
    use DecodeErrorKind::{LengthBeyondInput, UnexpectedEnd};
    let cases: [(&[u8], DecodeErrorKind); 7] = [
        (&[], UnexpectedEnd),
        (&[0x19, 0x01], UnexpectedEnd),
        (&[0xd8], UnexpectedEnd),
        (&[0x62, b'a'], LengthBeyondInput { claimed: 2 }),
        (&[0x82, 0x01], LengthBeyondInput { claimed: 2 }),
        (&[0xa1, 0x01], LengthBeyondInput { claimed: 1 }),
        (&[0x82, 0x81, 0x01], UnexpectedEnd),
    ];
    for (bytes, expected) in cases {
        assert_eq!(kind::<Value>(bytes), expected, "{bytes:02x?}");
    }
}

#[test]
fn duplicate_keys_are_rejected() {
    // {1: 1, 1: 2}
    assert_eq!(
        kind::<Value>(&[0xa2, 0x01, 0x01, 0x01, 0x02]),
        DecodeErrorKind::DuplicateKey
    );
    // {"a": 1, "a": 2}
    assert_eq!(
        kind::<Value>(&[0xa2, 0x61, b'a', 0x01, 0x61, b'a', 0x02]),
        DecodeErrorKind::DuplicateKey
    );
    // The same key in non-preferred form (1 and 0x18 0x01) is still the same key.
    assert_eq!(
        kind::<Value>(&[0xa2, 0x01, 0x01, 0x18, 0x01, 0x02]),
        DecodeErrorKind::DuplicateKey
    );
    // Typed structures: SessionData {"status": 20, "status": 20}.
    let mut dup = vec![0xa2];
    for _ in 0..2 {
        dup.extend_from_slice(&[0x66, b's', b't', b'a', b't', b'u', b's', 0x14]);
    }
    let err = crate::session::SessionData::from_cbor(&dup).unwrap_err();
    assert_eq!(err.kind(), DecodeErrorKind::DuplicateKey);
    assert_eq!(err.location().unwrap().structure, "SessionData");
}

#[test]
fn indefinite_lengths_are_rejected() {
    for bytes in [
        &[0x5f, 0x41, 0x00, 0xff][..], // bytes
        &[0x7f, 0x61, b'a', 0xff],     // text
        &[0x9f, 0x01, 0xff],           // array
        &[0xbf, 0x01, 0x01, 0xff],     // map
    ] {
        assert_eq!(
            kind::<Value>(bytes),
            DecodeErrorKind::IndefiniteLength,
            "{bytes:02x?}"
        );
    }
    // A stray break, and reserved additional information 28..30.
    assert_eq!(kind::<Value>(&[0xff]), DecodeErrorKind::NotWellFormed);
    for ai in 28..=30u8 {
        assert_eq!(kind::<Value>(&[ai]), DecodeErrorKind::NotWellFormed);
    }
    // Two-byte simple values below 32 are not well-formed.
    assert_eq!(kind::<Value>(&[0xf8, 0x14]), DecodeErrorKind::NotWellFormed);
}

#[test]
fn huge_lengths_fail_at_once_without_allocating() {
    let claimed = 1u64 << 62;
    for major in [0x5b, 0x7b, 0x9b, 0xbb] {
        let mut bytes = vec![major];
        bytes.extend_from_slice(&claimed.to_be_bytes());
        let err = Value::from_cbor(&bytes).unwrap_err();
        assert_eq!(
            err.kind(),
            DecodeErrorKind::LengthBeyondInput { claimed },
            "{major:02x}"
        );
        assert_eq!(err.offset(), 0);
    }
    // The same inside a typed structure names the field: DeviceResponse {"documents": [2^62 ...]}.
    let mut bytes = vec![0xa1, 0x69];
    bytes.extend_from_slice(b"documents");
    bytes.push(0x9b);
    bytes.extend_from_slice(&claimed.to_be_bytes());
    let err = crate::response::DeviceResponse::from_cbor(&bytes).unwrap_err();
    assert_eq!(err.kind(), DecodeErrorKind::LengthBeyondInput { claimed });
    assert_eq!(
        err.location(),
        Some(PathStep {
            structure: "DeviceResponse",
            field: "documents"
        })
    );
}

#[test]
fn depth_and_counts_are_bounded() {
    let limits = Limits {
        max_depth: 4,
        ..Limits::DEFAULT
    };
    let nested = |n: usize| {
        let mut v = vec![0x81; n];
        v.push(0x00);
        v
    };
    assert!(Value::from_cbor_with_limits(&nested(4), &limits).is_ok());
    assert_eq!(
        Value::from_cbor_with_limits(&nested(5), &limits)
            .unwrap_err()
            .kind(),
        DecodeErrorKind::TooDeep
    );
    // Deep nesting under the default limits fails cleanly rather than exhausting the stack,
    // and so it does under a limit set absurdly high: the ceiling applies.
    assert_eq!(kind::<Value>(&nested(100_000)), DecodeErrorKind::TooDeep);
    let unbounded = Limits {
        max_depth: u32::MAX,
        ..Limits::DEFAULT
    };
    assert!(Value::from_cbor_with_limits(&nested(128), &unbounded).is_ok());
    assert_eq!(
        Value::from_cbor_with_limits(&nested(100_000), &unbounded)
            .unwrap_err()
            .kind(),
        DecodeErrorKind::TooDeep
    );
    // Tags count as nesting too.
    let mut tags = vec![0xc6; 100];
    tags.push(0x00);
    assert_eq!(kind::<Value>(&tags), DecodeErrorKind::TooDeep);

    let limits = Limits {
        max_container_len: 3,
        ..Limits::DEFAULT
    };
    assert!(matches!(
        Value::from_cbor_with_limits(&[0x84, 1, 2, 3, 4], &limits)
            .unwrap_err()
            .kind(),
        DecodeErrorKind::TooMany { .. }
    ));
    let limits = Limits {
        max_items: 4,
        ..Limits::DEFAULT
    };
    assert!(Value::from_cbor_with_limits(&[0x83, 1, 2, 3], &limits).is_ok());
    assert!(matches!(
        Value::from_cbor_with_limits(&[0x84, 1, 2, 3, 4], &limits)
            .unwrap_err()
            .kind(),
        DecodeErrorKind::TooMany { .. }
    ));
    let limits = Limits {
        max_message_size: 2,
        ..Limits::DEFAULT
    };
    assert_eq!(
        Value::from_cbor_with_limits(&[0x83, 1, 2, 3], &limits)
            .unwrap_err()
            .kind(),
        DecodeErrorKind::MessageTooLarge { limit: 2 }
    );
}

#[test]
fn text_must_be_utf8_and_dates_valid() {
    assert_eq!(
        kind::<Value>(&[0x62, 0xc3, 0x28]),
        DecodeErrorKind::InvalidUtf8
    );
    // 0("not a date") and 1004("2021-02-29") are rejected inside open values.
    let mut t0 = vec![0xc0, 0x6a];
    t0.extend_from_slice(b"not a date");
    assert!(matches!(
        kind::<Value>(&t0),
        DecodeErrorKind::InvalidValue(_)
    ));
    let mut t1004 = vec![0xd9, 0x03, 0xec, 0x6a];
    t1004.extend_from_slice(b"2021-02-29");
    assert!(matches!(
        kind::<Value>(&t1004),
        DecodeErrorKind::InvalidValue(_)
    ));
    // A date tag around the wrong type.
    assert!(matches!(
        kind::<Value>(&[0xc0, 0x01]),
        DecodeErrorKind::UnexpectedType { .. }
    ));
    // Tag 24 must hold a byte string with exactly one well-formed item.
    assert!(matches!(
        kind::<Value>(&[0xd8, 0x18, 0x01]),
        DecodeErrorKind::UnexpectedType { .. }
    ));
    assert_eq!(
        kind::<Value>(&[0xd8, 0x18, 0x41, 0xff]),
        DecodeErrorKind::NotWellFormed
    );
}

#[test]
fn full_date_and_tdate_are_distinct_types() {
    let mut t1004 = vec![0xd9, 0x03, 0xec, 0x6a];
    t1004.extend_from_slice(b"2018-08-09");
    let date = FullDate::from_cbor(&t1004).unwrap();
    assert_eq!(date.to_cbor(), t1004);
    assert_eq!(
        TDate::from_cbor(&t1004).unwrap_err().kind(),
        DecodeErrorKind::UnexpectedTag {
            expected: 0,
            got: 1004
        }
    );
    let mut t0 = vec![0xc0, 0x74];
    t0.extend_from_slice(b"2020-10-01T13:30:02Z");
    assert_eq!(TDate::from_cbor(&t0).unwrap().to_cbor(), t0);
    assert!(FullDate::from_cbor(&t0).is_err());
}

#[test]
fn integers_over_the_whole_range() {
    for (bytes, v) in [
        (
            &[0x1b, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff][..],
            Int::MAX.get(),
        ),
        (
            &[0x3b, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff],
            Int::MIN.get(),
        ),
        (&[0x1a, 0x80, 0x00, 0x00, 0x00], 1i128 << 31),
        (&[0x20], -1),
    ] {
        let value = Value::from_cbor(bytes).unwrap();
        assert_eq!(value.as_int(), Some(v));
        assert_eq!(value.to_cbor(), bytes);
    }
    // An i64 field refuses what does not fit.
    assert_eq!(
        i64::from_cbor(&[0x1b, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff])
            .unwrap_err()
            .kind(),
        DecodeErrorKind::IntegerOutOfRange
    );
}

#[test]
fn encoder_uses_preferred_serialization() {
    let cases: Vec<(Value, Vec<u8>)> = vec![
        (Value::from(23u64), vec![0x17]),
        (Value::from(24u64), vec![0x18, 0x18]),
        (Value::from(256u64), vec![0x19, 0x01, 0x00]),
        (Value::from(65_536u64), vec![0x1a, 0x00, 0x01, 0x00, 0x00]),
        (Value::from(1u64 << 32), vec![0x1b, 0, 0, 0, 1, 0, 0, 0, 0]),
        (Value::from(-25i64), vec![0x38, 0x18]),
        (Value::Float(1.5), vec![0xf9, 0x3e, 0x00]),
        (Value::Float(100_000.0), vec![0xfa, 0x47, 0xc3, 0x50, 0x00]),
        (
            Value::Float(1.1),
            vec![0xfb, 0x3f, 0xf1, 0x99, 0x99, 0x99, 0x99, 0x99, 0x9a],
        ),
        (Value::Float(f64::NAN), vec![0xf9, 0x7e, 0x00]),
        (Value::Undefined, vec![0xf7]),
        (Value::Simple(32), vec![0xf8, 0x20]),
    ];
    for (value, bytes) in cases {
        assert_eq!(value.to_cbor(), bytes, "{value:?}");
    }
    // Non-preferred input decodes; re-encoding makes it preferred.
    assert_eq!(
        Value::from_cbor(&[0x19, 0x00, 0x01]).unwrap().to_cbor(),
        [0x01]
    );
    // Floats of every width decode to their value.
    assert_eq!(
        Value::from_cbor(&[0xf9, 0x3e, 0x00]).unwrap(),
        Value::Float(1.5)
    );
    assert_eq!(
        Value::from_cbor(&[0xfa, 0x3f, 0xc0, 0x00, 0x00]).unwrap(),
        Value::Float(1.5)
    );
}

#[test]
fn errors_name_the_path() {
    // SessionEstablishment {"eReaderKey": 24(<< {1: 2} >>), "data": h''}: COSE_Key lacks crv.
    let bytes = [
        0xa2, 0x6a, b'e', b'R', b'e', b'a', b'd', b'e', b'r', b'K', b'e', b'y', 0xd8, 0x18, 0x43,
        0xa1, 0x01, 0x02, 0x64, b'd', b'a', b't', b'a', 0x40,
    ];
    let err = crate::session::SessionEstablishment::from_cbor(&bytes).unwrap_err();
    assert_eq!(err.kind(), DecodeErrorKind::MissingField);
    let path: Vec<(&str, &str)> = err.path().iter().map(|s| (s.structure, s.field)).collect();
    assert_eq!(
        path,
        [("COSE_Key", "crv"), ("SessionEstablishment", "eReaderKey")]
    );
    assert_eq!(
        alloc::format!("{err}"),
        "SessionEstablishment.eReaderKey > COSE_Key.crv: missing required field (at byte 15)"
    );
}

#[test]
fn duplicate_keys_are_found_in_small_and_large_maps() {
    use crate::session::SessionData;
    // A text map of n distinct keys "k0".."k(n-1)", then the key "k0" again when `dup`.
    fn text_map(n: u8, dup: bool) -> Vec<u8> {
        let entries = n + u8::from(dup);
        let mut out = vec![0xa0 | entries];
        if entries > 23 {
            out = vec![0xb8, entries];
        }
        for i in 0..n {
            let key = alloc::format!("k{i}");
            out.push(0x60 | u8::try_from(key.len()).unwrap());
            out.extend_from_slice(key.as_bytes());
            out.push(0x01);
        }
        if dup {
            out.extend_from_slice(&[0x62, b'k', b'0', 0x02]);
        }
        out
    }
    // Around the size where the check moves from the stack to a sorted vector.
    for n in [2u8, 15, 16, 17, 30] {
        assert!(Value::from_cbor(&text_map(n, false)).is_ok(), "{n} keys");
        assert_eq!(
            kind::<Value>(&text_map(n, true)),
            DecodeErrorKind::DuplicateKey,
            "{n} keys and a repeat"
        );
        // Typed structures (text_map) refuse a repeated key the same way.
        assert_eq!(
            SessionData::from_cbor(&text_map(n, true))
                .unwrap_err()
                .kind(),
            DecodeErrorKind::DuplicateKey,
            "SessionData with {n} keys and a repeat"
        );
    }
    // Keys of other types: equal by their preferred encoding, not by value.
    // {0.0: 1, -0.0: 2} has two keys; {0.0: 1, 0.0: 2} one, twice.
    let zeros = [0xa2, 0xf9, 0x00, 0x00, 0x01, 0xf9, 0x80, 0x00, 0x02];
    assert!(Value::from_cbor(&zeros).is_ok());
    let same = [0xa2, 0xf9, 0x00, 0x00, 0x01, 0xf9, 0x00, 0x00, 0x02];
    assert_eq!(kind::<Value>(&same), DecodeErrorKind::DuplicateKey);
    // [1]: 1 and [1]: 2 (array keys), and 1 next to "1" (different types).
    let arrays = [0xa2, 0x81, 0x01, 0x01, 0x81, 0x01, 0x02];
    assert_eq!(kind::<Value>(&arrays), DecodeErrorKind::DuplicateKey);
    let mixed = [0xa2, 0x01, 0x01, 0x61, b'1', 0x02];
    assert!(Value::from_cbor(&mixed).is_ok());
}
