use alloc::string::ToString;
use alloc::vec;
use alloc::vec::Vec;

use super::*;
use crate::cbor::{Decode, DecodeErrorKind, Encode, Label, Value};

fn p256_key_bytes() -> Vec<u8> {
    // {1: 2, -1: 1, -2: h'00..'(32), -3: h'01..'(32)}
    let mut b = vec![0xa4, 0x01, 0x02, 0x20, 0x01, 0x21, 0x58, 0x20];
    b.extend_from_slice(&[0u8; 32]);
    b.extend_from_slice(&[0x22, 0x58, 0x20]);
    b.extend_from_slice(&[1u8; 32]);
    b
}

#[test]
fn cose_key_round_trips_and_checks_lengths() {
    let bytes = p256_key_bytes();
    let key = CoseKey::from_cbor(&bytes).unwrap();
    assert_eq!((key.curve, key.key_type()), (Curve::P256, KeyType::Ec2));
    assert_eq!(key.to_cbor(), bytes);
    // x one byte short.
    let mut short = bytes.clone();
    short[7] = 0x1f;
    short.remove(8);
    assert!(CoseKey::from_cbor(&short).is_err());
    // kty OKP with a P-256 curve.
    let mut wrong = bytes.clone();
    wrong[2] = 0x01;
    let err = CoseKey::from_cbor(&wrong).unwrap_err();
    assert_eq!(
        err.kind(),
        DecodeErrorKind::InvalidValue("kty does not match the curve")
    );
    // Unknown curve 99.
    let mut unknown = bytes.clone();
    unknown[4] = 0x18;
    unknown.insert(5, 99);
    assert!(CoseKey::from_cbor(&unknown).is_err());
}

#[test]
fn cose_key_refuses_private_parameters() {
    let mut bytes = p256_key_bytes();
    bytes[0] = 0xa5;
    bytes.extend_from_slice(&[0x23, 0x41, 0x00]); // -4: h'00'
    let err = CoseKey::from_cbor(&bytes).unwrap_err();
    assert_eq!(err.location().unwrap().field, "d");
}

#[test]
fn compressed_and_okp_keys() {
    // {1: 2, -1: 1, -2: x, -3: true}
    let mut b = vec![0xa4, 0x01, 0x02, 0x20, 0x01, 0x21, 0x58, 0x20];
    b.extend_from_slice(&[7u8; 32]);
    b.extend_from_slice(&[0x22, 0xf5]);
    let key = CoseKey::from_cbor(&b).unwrap();
    assert_eq!(key.y, Some(EcY::Sign(true)));
    assert_eq!(key.to_cbor(), b);
    // {1: 1, -1: 6, -2: x}: Ed25519.
    let mut b = vec![0xa3, 0x01, 0x01, 0x20, 0x06, 0x21, 0x58, 0x20];
    b.extend_from_slice(&[9u8; 32]);
    let key = CoseKey::from_cbor(&b).unwrap();
    assert_eq!(key.curve, Curve::Ed25519);
    assert_eq!(key.to_cbor(), b);
}

fn sign1(unprotected: &[u8]) -> Vec<u8> {
    // [h'a10126', unprotected, null, h'00']
    let mut b = vec![0x84, 0x43, 0xa1, 0x01, 0x26];
    b.extend_from_slice(unprotected);
    b.extend_from_slice(&[0xf6, 0x41, 0x00]);
    b
}

#[test]
fn ill_typed_kid_is_tolerated_only_where_unsigned() {
    // Unprotected {4: undefined}: kept, reported.
    let bytes = sign1(&[0xa1, 0x04, 0xf7]);
    let msg = CoseSign1::from_cbor(&bytes).unwrap();
    assert_eq!(
        msg.unprotected().findings,
        [HeaderFinding::IllTypedUnprotectedKid]
    );
    assert_eq!(msg.unprotected().rest, [(Label::Int(4), Value::Undefined)]);
    assert_eq!(msg.to_cbor(), bytes);
    assert_eq!(msg.alg(), Some(-7));
    // Protected {1: -7, 4: undefined}: an error, since it is signed.
    let bytes = [
        0x84, 0x45, 0xa2, 0x01, 0x26, 0x04, 0xf7, 0xa0, 0xf6, 0x41, 0x00,
    ];
    let err = CoseSign1::from_cbor(&bytes).unwrap_err();
    assert_eq!(err.location().unwrap().field, "kid");
}

#[test]
fn protected_header_bytes_are_kept_exactly() {
    // Protected header {1: -7} written with a non-preferred key (0x18 0x01).
    let bytes = [0x84, 0x44, 0xa1, 0x18, 0x01, 0x26, 0xa0, 0xf6, 0x41, 0x00];
    let msg = CoseSign1::from_cbor(&bytes).unwrap();
    assert_eq!(msg.protected().bytes(), [0xa1, 0x18, 0x01, 0x26]);
    assert_eq!(msg.alg(), Some(-7));
    assert_eq!(msg.to_cbor(), bytes);
}

#[test]
fn x5chain_forms() {
    // {33: h'01'} and {33: [h'01', h'02']}
    let single = CoseSign1::from_cbor(&sign1(&[0xa1, 0x18, 0x21, 0x41, 0x01])).unwrap();
    let certs: Vec<&[u8]> = single
        .unprotected()
        .x5chain
        .as_ref()
        .unwrap()
        .certificates()
        .collect();
    assert_eq!(certs, [&[1u8][..]]);
    let bytes = sign1(&[0xa1, 0x18, 0x21, 0x82, 0x41, 0x01, 0x41, 0x02]);
    let many = CoseSign1::from_cbor(&bytes).unwrap();
    assert_eq!(
        many.unprotected()
            .x5chain
            .as_ref()
            .unwrap()
            .certificates()
            .count(),
        2
    );
    assert_eq!(many.to_cbor(), bytes);
    // An empty array is not a chain.
    assert!(CoseSign1::from_cbor(&sign1(&[0xa1, 0x18, 0x21, 0x80])).is_err());
}

#[test]
fn tagged_messages_and_wrong_shapes() {
    let mut tagged = vec![0xd2];
    tagged.extend_from_slice(&sign1(&[0xa0]));
    let msg = CoseSign1::from_cbor(&tagged).unwrap();
    assert!(msg.is_tagged());
    assert_eq!(msg.to_cbor(), tagged);
    // A Mac0 tag on a Sign1.
    tagged[0] = 0xd1;
    assert!(CoseSign1::from_cbor(&tagged).is_err());
    // Three elements instead of four.
    assert!(CoseSign1::from_cbor(&[0x83, 0x40, 0xa0, 0xf6]).is_err());
}

#[test]
fn sig_and_mac_structures_are_the_bytes_coset_writes() {
    use super::{mac_structure, sig_structure};
    // Protected headers as received: empty, {1: -7}, and {1: -7} with a non-preferred key.
    let headers: [&[u8]; 3] = [
        &[0x84, 0x40, 0xa0, 0xf6, 0x41, 0x00],
        &[0x84, 0x43, 0xa1, 0x01, 0x26, 0xa0, 0xf6, 0x41, 0x00],
        &[0x84, 0x44, 0xa1, 0x18, 0x01, 0x26, 0xa0, 0xf6, 0x41, 0x00],
    ];
    for message in headers {
        let protected = CoseSign1::from_cbor(message).unwrap().protected().clone();
        let coset_protected = || coset::ProtectedHeader {
            original_data: Some(protected.bytes().to_vec()),
            header: coset::Header::default(),
        };
        // Lengths on each side of every CBOR head size.
        for len in [0usize, 23, 24, 255, 256, 65_535, 65_536] {
            let payload: Vec<u8> = (0..len).map(|i| u8::try_from(i % 251).unwrap()).collect();
            for aad in [&[][..], &[1, 2, 3][..]] {
                assert_eq!(
                    sig_structure(&protected, aad, &payload),
                    coset::sig_structure_data(
                        coset::SignatureContext::CoseSign1,
                        coset_protected(),
                        None,
                        aad,
                        &payload,
                    ),
                    "Sig_structure, payload of {len}"
                );
                let mut head = sig_structure_head(&protected, aad, payload.len());
                head.extend_from_slice(&payload);
                assert_eq!(head, sig_structure(&protected, aad, &payload));
                assert_eq!(
                    mac_structure(&protected, aad, &payload),
                    coset::mac_structure_data(
                        coset::MacContext::CoseMac0,
                        coset_protected(),
                        aad,
                        &payload,
                    ),
                    "MAC_structure, payload of {len}"
                );
            }
        }
    }
}

#[test]
fn registry_values_are_coset_iana() {
    use coset::iana::{Algorithm, EnumI64 as _};
    assert_eq!(HMAC_256_256, Algorithm::HMAC_256_256.to_i64());
    // Every curve's value reads back as the same curve, and the values are the registry's.
    let curves = [
        (Curve::P256, 1),
        (Curve::P384, 2),
        (Curve::P521, 3),
        (Curve::X25519, 4),
        (Curve::X448, 5),
        (Curve::Ed25519, 6),
        (Curve::Ed448, 7),
        (Curve::BrainpoolP256r1, 256),
        (Curve::BrainpoolP320r1, 257),
        (Curve::BrainpoolP384r1, 258),
        (Curve::BrainpoolP512r1, 259),
    ];
    for (curve, id) in curves {
        assert_eq!(curve.id(), id);
        assert_eq!(Curve::from_id(id), Some(curve));
    }
    // Registered but not allowed by ISO 18013-5 (secp256k1), and unregistered.
    assert_eq!(Curve::from_id(8), None);
    assert_eq!(Curve::from_id(0), None);
    assert_eq!(Curve::from_id(-1), None);
}

#[test]
fn header_rules_of_rfc_9052() {
    let alg = Header {
        alg: Some(Label::Int(-7)),
        ..Header::default()
    };
    let none = Header::default();
    assert_eq!(check_headers(&alg, &none), Ok(()));
    // An empty crit: refused by the decoder, and by the rules when built by hand.
    let empty = Header {
        crit: Some(Vec::new()),
        ..alg.clone()
    };
    assert_eq!(
        check_headers(&empty, &none),
        Err(HeaderError::EmptyCritical)
    );
    // Protected {1: -7, 2: []}.
    let bytes = [
        0x84, 0x45, 0xa2, 0x01, 0x26, 0x02, 0x80, 0xa0, 0xf6, 0x41, 0x00,
    ];
    let err = CoseSign1::from_cbor(&bytes).unwrap_err();
    assert_eq!(err.location().unwrap().field, "crit");
    // Every understood label may be critical when present; none other may.
    let mut all = Header {
        alg: Some(Label::Int(-7)),
        content_type: Some(Label::Int(60)),
        kid: Some(vec![1]),
        x5chain: Some(X5Chain::Single(vec![0x30])),
        ..Header::default()
    };
    all.crit = Some(UNDERSTOOD_LABELS.iter().map(|l| Label::Int(*l)).collect());
    assert_eq!(check_headers(&all, &none), Ok(()));
    // IV (5) is registered and present, but not something this crate processes.
    all.rest.push((Label::Int(5), Value::Bytes(vec![0; 12])));
    all.crit = Some(vec![Label::Int(1), Label::Int(5)]);
    assert_eq!(
        check_headers(&all, &none),
        Err(HeaderError::UnknownCritical(HeaderLabel::Int(5)))
    );
    // A private-use label in both buckets.
    let private = |h: &Header| {
        let mut h = h.clone();
        h.rest.push((Label::Int(-70_000), Value::Null));
        h
    };
    assert_eq!(
        check_headers(&private(&alg), &private(&none)),
        Err(HeaderError::DuplicateLabel(HeaderLabel::Int(-70_000)))
    );
    assert_eq!(
        HeaderError::UnknownCritical(HeaderLabel::Int(99)).to_string(),
        "crit names label 99, which is not understood"
    );
}

#[test]
fn messages_with_broken_headers_are_neither_written_nor_verified() {
    use crate::crypto::{SignatureAlgorithm, providers};
    let alg_unprotected = Header {
        alg: Some(Label::Int(-7)),
        ..Header::default()
    };
    let crit_unprotected = Header {
        crit: Some(vec![Label::Int(1)]),
        ..Header::default()
    };
    for (unprotected, error) in [
        (
            alg_unprotected,
            HeaderError::DuplicateLabel(HeaderLabel::Int(1)),
        ),
        (crit_unprotected, HeaderError::UnprotectedCritical),
    ] {
        let err = PreparedSign1::new(
            SignatureAlgorithm::Es256,
            unprotected.clone(),
            Some(vec![1]),
            None,
        )
        .unwrap_err();
        assert_eq!(err, CoseError::Header(error));
        for provider in providers() {
            let err =
                CoseMac0::create(provider, &[7; 32], unprotected.clone(), Some(vec![1]), None)
                    .unwrap_err();
            assert_eq!(err, CoseError::Header(error));
            // A MAC that is right over headers that are not is still refused.
            let good = CoseMac0::create(provider, &[7; 32], Header::default(), Some(vec![1]), None)
                .unwrap();
            let bad = CoseMac0::new(
                good.protected().clone(),
                unprotected.clone(),
                Some(vec![1]),
                good.tag().to_vec(),
            );
            good.verify(provider, &[7; 32], None, &[]).unwrap();
            assert_eq!(
                bad.verify(provider, &[7; 32], None, &[]),
                Err(CoseError::Header(error))
            );
            assert_eq!(bad.check_headers(), Err(error));
        }
    }
}
