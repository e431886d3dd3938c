//! Codec tests: round trips, `biguint` forms, unknown keys kept, CDDL rules enforced.
#![allow(clippy::unwrap_used, clippy::indexing_slicing)]

use alloc::string::String;
use alloc::vec;

use super::model::{decode_biguint, encode_biguint};
use super::{CertificateInfo, Rical, RicalCertificateInfo, TrustConstraint, Vical};
use crate::cbor::{Decode, DecodeErrorKind, Decoder, Encode, Encoder, Limits, TDate, Value};

fn info() -> CertificateInfo {
    CertificateInfo {
        certificate: vec![0x30, 0x00],
        serial_number: vec![0x01, 0x02],
        ski: vec![7; 20],
        doc_type: vec![String::from("org.iso.18013.5.1.mDL")],
        certificate_profile: None,
        issuing_authority: Some(String::from("Test")),
        issuing_country: Some(String::from("US")),
        state_or_province_name: None,
        issuer: None,
        subject: None,
        not_before: None,
        not_after: None,
        extensions: Some(vec![(String::from("x"), Value::from(1u64))]),
        rest: vec![(String::from("Extensions"), Value::Map(vec![]))],
    }
}

#[test]
fn a_vical_round_trips_keeping_unknown_keys() {
    let mut vical = Vical::new(
        "P",
        TDate::parse("2025-11-18T00:00:00Z").unwrap(),
        vec![info()],
    );
    vical.vical_issue_id = Some(7);
    vical
        .rest
        .push((String::from("vicalURI"), Value::from("https://x")));
    let bytes = vical.to_cbor();
    assert_eq!(Vical::from_cbor(&bytes).unwrap(), vical);
}

#[test]
fn cddl_rules_are_enforced() {
    // An empty docType array ([+ DocType]).
    let mut bad = info();
    bad.doc_type.clear();
    let e = CertificateInfo::from_cbor(&bad.to_cbor()).unwrap_err();
    assert_eq!(
        e.kind(),
        DecodeErrorKind::InvalidValue("array has fewer elements than required")
    );
    // A version of another major.
    let mut vical = Vical::new("P", TDate::parse("2025-11-18T00:00:00Z").unwrap(), vec![]);
    vical.version = String::from("2.0");
    assert!(Vical::from_cbor(&vical.to_cbor()).is_err());
    // A missing required key.
    let e = Vical::from_cbor(&[0xa0]).unwrap_err();
    assert_eq!(e.kind(), DecodeErrorKind::MissingField);
    // date as text without tag 0.
    let map = Value::Map(vec![
        (Value::from("version"), Value::from("1.0")),
        (Value::from("vicalProvider"), Value::from("P")),
        (Value::from("date"), Value::from("2025-11-18T00:00:00Z")),
        (Value::from("certificateInfos"), Value::Array(vec![])),
    ]);
    assert!(Vical::from_cbor(&map.to_cbor()).is_err());
}

#[test]
fn biguint_reads_both_forms_and_writes_the_shortest() {
    let limits = Limits::DEFAULT;
    for (bytes, value) in [
        (vec![0x19, 0x01, 0x02], vec![0x01, 0x02]),
        (vec![0xc2, 0x43, 0x00, 0x01, 0x02], vec![0x01, 0x02]),
    ] {
        let mut d = Decoder::new(&bytes, &limits).unwrap();
        assert_eq!(decode_biguint(&mut d).unwrap(), value);
    }
    // A negative bignum (tag 3) or a negative integer is refused.
    for bytes in [vec![0xc3, 0x41, 0x01], vec![0x20]] {
        let mut d = Decoder::new(&bytes, &limits).unwrap();
        assert!(decode_biguint(&mut d).is_err());
    }
    let mut e = Encoder::new();
    encode_biguint(&mut e, &[0x01, 0x02]);
    assert_eq!(e.into_bytes(), [0x19, 0x01, 0x02]);
    let mut e = Encoder::new();
    encode_biguint(&mut e, &[0xff; 16]);
    let out = e.into_bytes();
    assert_eq!(&out[..2], &[0xc2, 0x50]);
}

#[test]
fn a_rical_round_trips_with_the_cddl_spelling() {
    let entry = RicalCertificateInfo {
        certificate: vec![0x30, 0x00],
        serial_number: vec![0x05],
        ski: vec![1; 20],
        cert_type: Some(String::from("urn:eu:rp:registration-certificate")),
        trust_contraints: Some(vec![TrustConstraint::default()]),
        name: None,
        issuing_country: None,
        state_or_province_name: None,
        issuer: None,
        subject: None,
        not_before: None,
        not_after: None,
        extensions: None,
        rest: vec![(String::from("isTrustAnchor"), Value::Bool(true))],
    };
    let rical = Rical::new(
        "P",
        TDate::parse("2025-11-18T00:00:00Z").unwrap(),
        vec![entry],
    );
    let bytes = rical.to_cbor();
    assert!(bytes.windows(15).any(|w| w == b"trustContraints"));
    assert_eq!(Rical::from_cbor(&bytes).unwrap(), rical);
    // "type" is required.
    let mut no_type = rical.clone();
    no_type.rical_type = String::new();
    assert!(Rical::from_cbor(&no_type.to_cbor()).is_ok());
    let mut e = Encoder::new();
    e.map(0);
    assert!(Rical::from_cbor(&e.into_bytes()).is_err());
}
