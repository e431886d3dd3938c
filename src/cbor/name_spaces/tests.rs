use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec;
use alloc::vec::Vec;

use super::{NameSpaces, encode_arrays};
use crate::cbor::{Decode, DecodeErrorKind, Decoder, Encode, Encoder, Limits, PathStep};

fn s(text: &str) -> String {
    String::from(text)
}

fn at(structure: &'static str, field: &'static str) -> PathStep {
    PathStep { structure, field }
}

#[test]
fn get_entry_and_insert_keep_each_name_once_in_order() {
    let mut map: NameSpaces<Vec<u64>> = NameSpaces::new();
    assert!(map.is_empty());
    map.entry("b").push(1);
    map.entry("a").push(2);
    map.entry("b").push(3);
    assert_eq!(map.len(), 2);
    assert_eq!(map.names().collect::<Vec<_>>(), ["b", "a"]);
    assert_eq!(map.get("b"), Some(&vec![1, 3]));
    assert_eq!(map.get("c"), None);
    assert!(map.contains("a") && !map.contains("c"));

    let e = map.insert(s("a"), vec![9]).unwrap_err();
    assert_eq!(e.name_space(), "a");
    assert_eq!(e.to_string(), "namespace \"a\" given twice");
    assert_eq!(
        map.get("a"),
        Some(&vec![2]),
        "a refused insert changes nothing"
    );
    map.insert(s("c"), vec![4]).unwrap();
    if let Some(v) = map.get_mut("c") {
        v.push(5);
    }
    assert_eq!(map.get("c"), Some(&vec![4, 5]));

    // Read as the slice it replaces, and iterated by reference and by value.
    assert_eq!(map.first(), Some(&(s("b"), vec![1, 3])));
    let mut seen = Vec::new();
    for (ns, items) in &map {
        seen.push((ns.as_str(), items.len()));
    }
    assert_eq!(seen, [("b", 2), ("a", 1), ("c", 2)]);
    for (ns, items) in &mut map {
        if ns == "a" {
            items.push(6);
        }
    }
    assert_eq!(map.get("a"), Some(&vec![2, 6]));
    map.retain(|ns, _| ns != "z");
    assert_eq!(map.remove("a"), Some(vec![2, 6]));
    assert_eq!(map.remove("a"), None);
    let owned: Vec<(String, Vec<u64>)> = map.into_iter().collect();
    assert_eq!(owned, [(s("b"), vec![1, 3]), (s("c"), vec![4, 5])]);
}

#[test]
fn try_from_rejects_a_repeated_name() {
    let ok = NameSpaces::try_from(vec![(s("x"), 1), (s("y"), 2)]).unwrap();
    assert_eq!(ok.as_slice(), [(s("x"), 1), (s("y"), 2)]);
    let e = NameSpaces::try_from(vec![(s("x"), 1), (s("y"), 2), (s("x"), 3)]).unwrap_err();
    assert_eq!(e.name_space(), "x");
    let e = NameSpaces::try_from_iter([(s("q"), ()), (s("q"), ())]).unwrap_err();
    assert_eq!(e.name_space(), "q");
    assert_eq!(
        NameSpaces::<()>::try_from_iter([]).unwrap(),
        NameSpaces::default()
    );
}

#[test]
fn filter_map_and_map_keep_names_and_order() {
    let map = NameSpaces::try_from(vec![(s("a"), 1), (s("b"), 2), (s("c"), 3)]).unwrap();
    let odd = map.filter_map(|_, v| (v % 2 == 1).then_some(v * 10));
    assert_eq!(odd.as_slice(), [(s("a"), 10), (s("c"), 30)]);
    let named = map.map(|ns, v| format!("{ns}{v}"));
    assert_eq!(named.get("b").map(String::as_str), Some("b2"));
}

#[test]
fn codec_round_trip_in_insertion_order() {
    let map = NameSpaces::try_from(vec![(s("b"), 1u64), (s("a"), 2)]).unwrap();
    // {"b": 1, "a": 2}: insertion order, not sorted
    let bytes = [0xa2, 0x61, b'b', 0x01, 0x61, b'a', 0x02];
    assert_eq!(map.to_cbor(), bytes);
    assert_eq!(NameSpaces::<u64>::from_cbor(&bytes).unwrap(), map);
    assert_eq!(
        NameSpaces::<u64>::from_cbor(&[0xa0]).unwrap(),
        NameSpaces::new()
    );

    let arrays = NameSpaces::try_from(vec![(s("n"), vec![s("x")])]).unwrap();
    let mut e = Encoder::new();
    encode_arrays(&mut e, &arrays);
    // {"n": ["x"]}
    assert_eq!(e.into_bytes(), [0xa1, 0x61, b'n', 0x81, 0x61, b'x']);
}

#[test]
fn a_repeated_name_in_cbor_is_a_duplicate_key() {
    // {"a": 1, "a": 2}
    let e = NameSpaces::<u64>::from_cbor(&[0xa2, 0x61, b'a', 0x01, 0x61, b'a', 0x02]).unwrap_err();
    assert_eq!((e.kind(), e.offset()), (DecodeErrorKind::DuplicateKey, 0));
    assert_eq!(e.path(), [at("NameSpaces", "(map key)")]);
    // {1: 1}: a namespace is text
    let e = NameSpaces::<u64>::from_cbor(&[0xa1, 0x01, 0x01]).unwrap_err();
    assert!(matches!(e.kind(), DecodeErrorKind::UnexpectedType { .. }));
    // A large map (beyond the stack-checked size) repeating its first name at the end.
    let mut bytes = vec![0xb8, 20];
    for i in 0..19u8 {
        bytes.extend([0x62, b'n', b'a' + i, 0x00]);
    }
    bytes.extend([0x62, b'n', b'a', 0x00]);
    let e = NameSpaces::<u64>::from_cbor(&bytes).unwrap_err();
    assert_eq!(e.kind(), DecodeErrorKind::DuplicateKey);
}

fn decode_items(
    bytes: &[u8],
    limits: &Limits,
) -> Result<NameSpaces<Vec<u64>>, crate::cbor::DecodeError> {
    let mut d = Decoder::new(bytes, limits)?;
    let v = NameSpaces::decode_items(&mut d, "S", "f", u64::decode)?;
    d.finish()?;
    Ok(v)
}

#[test]
fn items_are_limited_in_total_and_never_empty() {
    // {"a": [1, 2], "b": [3]}
    let bytes = [0xa2, 0x61, b'a', 0x82, 0x01, 0x02, 0x61, b'b', 0x81, 0x03];
    let limits = Limits {
        max_elements: 3,
        ..Limits::DEFAULT
    };
    let map = decode_items(&bytes, &limits).unwrap();
    assert_eq!(map.get("a"), Some(&vec![1, 2]));
    let limits = Limits {
        max_elements: 2,
        ..Limits::DEFAULT
    };
    let e = decode_items(&bytes, &limits).unwrap_err();
    assert_eq!(
        e.kind(),
        DecodeErrorKind::TooMany {
            what: "data elements in one document",
            limit: 2
        }
    );
    assert_eq!(e.path(), [at("S", "f")]);
    // One array beyond the limit is refused before its items are read.
    let limits = Limits {
        max_elements: 1,
        ..Limits::DEFAULT
    };
    let e = decode_items(&bytes, &limits).unwrap_err();
    assert_eq!(
        e.kind(),
        DecodeErrorKind::TooMany {
            what: "data elements",
            limit: 1
        }
    );
    // {} and {"a": []}
    let e = decode_items(&[0xa0], &Limits::DEFAULT).unwrap_err();
    assert_eq!(
        e.kind(),
        DecodeErrorKind::InvalidValue("empty map where one namespace or more is required")
    );
    assert!(decode_items(&[0xa1, 0x61, b'a', 0x80], &Limits::DEFAULT).is_err());
    // {"a": [1], "a": [2]}
    let e = decode_items(
        &[0xa2, 0x61, b'a', 0x81, 0x01, 0x61, b'a', 0x81, 0x02],
        &Limits::DEFAULT,
    )
    .unwrap_err();
    assert_eq!(e.kind(), DecodeErrorKind::DuplicateKey);
    assert_eq!(e.path(), [at("S", "(map key)"), at("S", "f")]);
}

#[test]
fn non_empty_maps_name_the_field() {
    let mut d = Decoder::new(&[0xa0], &Limits::DEFAULT).unwrap();
    let e = NameSpaces::decode_non_empty(&mut d, "S", "f", u64::decode).unwrap_err();
    assert_eq!(
        e.kind(),
        DecodeErrorKind::InvalidValue("empty map where one entry or more is required")
    );
    assert_eq!(e.path(), [at("S", "f")]);
}
