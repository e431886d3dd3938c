//! Tests of the eMRTD checks: the committed samples, and a table of bad data groups.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use alloc::vec;
use alloc::vec::Vec;

use super::tlv::{TlvReader, single};
use super::*;

fn vector(name: &str) -> Vec<u8> {
    let path = alloc::format!("{}/test-vectors/emrtd/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// A TLV with a definite length (short or long form).
fn tlv(tag: u32, value: &[u8]) -> Vec<u8> {
    let mut out: Vec<u8> = tag
        .to_be_bytes()
        .into_iter()
        .skip_while(|b| *b == 0)
        .collect();
    let n = value.len();
    if n < 0x80 {
        out.push(u8::try_from(n).unwrap());
    } else {
        let bytes: Vec<u8> = n
            .to_be_bytes()
            .into_iter()
            .skip_while(|b| *b == 0)
            .collect();
        out.push(0x80 | u8::try_from(bytes.len()).unwrap());
        out.extend(bytes);
    }
    out.extend_from_slice(value);
    out
}

fn cat(parts: &[&[u8]]) -> Vec<u8> {
    parts.concat()
}

fn header() -> Vec<u8> {
    tlv(0xA1, &cat(&[&tlv(0x87, &[1, 1]), &tlv(0x88, &[0, 8])]))
}

fn template(data: &[u8]) -> Vec<u8> {
    tlv(0x7F60, &cat(&[&header(), &tlv(0x5F2E, data)]))
}

fn group(count: u8, templates: &[Vec<u8>]) -> Vec<u8> {
    let mut body = tlv(0x02, &[count]);
    for t in templates {
        body.extend_from_slice(t);
    }
    tlv(0x7F61, &body)
}

#[test]
fn committed_samples() {
    let clean = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/test-vectors/portraits/clean.jpg"
    ))
    .unwrap();
    let dg2 = vector("dg2.bin");
    let group2 = parse_data_group(&dg2, DataGroup::Dg2).unwrap();
    assert_eq!(group2.templates.len(), 1);
    assert_eq!(group2.templates[0].header.format_owner, Some(0x0101));
    assert_eq!(group2.templates[0].header.format_type, Some(0x0008));
    assert_eq!(group2.templates[0].header.biometric_type, Some(&[0x02][..]));
    let face: Vec<FaceImage<'_>> = group2.face_images().collect();
    assert_eq!(face.len(), 1);
    assert_eq!(
        face[0].data,
        clean.as_slice(),
        "the JPEG inside the 19794-5 record"
    );
    assert_eq!(face[0].format, FaceImageFormat::Jpeg);
    assert_eq!(face[0].dimensions, Some((96, 120)));
    // The image is a clean portrait by the portrait module's walk.
    assert!(crate::portrait::metadata(face[0].data).unwrap().is_clean());

    let dg3 = vector("dg3.bin");
    let group3 = parse_data_group(&dg3, DataGroup::Dg3).unwrap();
    assert_eq!(group3.templates.len(), 2);
    assert!(
        group3
            .data_blocks()
            .all(|block| block.starts_with(b"FIR\x00010\x00"))
    );
    assert_eq!(group3.face_images().count(), 0);

    let dg4 = vector("dg4.bin");
    let group4 = parse_data_group(&dg4, DataGroup::Dg4).unwrap();
    assert!(
        group4
            .data_blocks()
            .all(|block| block.starts_with(b"IIR\0"))
    );

    let mdl_face = vector("biometric_template_face.bin");
    let template = parse_biometric_template(&mdl_face).unwrap();
    assert_eq!(template.data_group, None);
    assert_eq!(
        template.face_images().next().unwrap().data,
        clean.as_slice()
    );
    // A data group is not a template, nor the other way round.
    assert_eq!(
        parse_biometric_template(&dg2),
        Err(EmrtdError::WrongOuterTag {
            expected: 0x7F61,
            found: 0x75
        })
    );
    assert_eq!(
        parse_data_group(&mdl_face, DataGroup::Dg2),
        Err(EmrtdError::WrongOuterTag {
            expected: 0x75,
            found: 0x7F61
        })
    );

    let sod = vector("sod-structure.bin");
    assert_eq!(check_sod(&sod).unwrap().content_info, &sod[2..]);
}

#[test]
fn face_record_with_inconsistent_lengths_is_left_out() {
    let dg2 = vector("dg2.bin");
    let group2 = parse_data_group(&dg2, DataGroup::Dg2).unwrap();
    let record = group2.templates[0].data;
    // The record length says one byte more than the block holds.
    let mut longer = record.to_vec();
    let declared = u32::from_be_bytes(longer[8..12].try_into().unwrap()) + 1;
    longer[8..12].copy_from_slice(&declared.to_be_bytes());
    let dg = tlv(0x75, &group(1, &[template(&longer)]));
    assert_eq!(
        parse_data_group(&dg, DataGroup::Dg2)
            .unwrap()
            .face_images()
            .count(),
        0
    );
    // The facial record length runs past the block.
    let mut past = record.to_vec();
    past[14..18].copy_from_slice(&u32::MAX.to_be_bytes());
    let dg = tlv(0x75, &group(1, &[template(&past)]));
    assert_eq!(
        parse_data_group(&dg, DataGroup::Dg2)
            .unwrap()
            .face_images()
            .count(),
        0
    );
    // Feature points that would start the image past the record.
    let mut points = record.to_vec();
    points[18..20].copy_from_slice(&0xFFFFu16.to_be_bytes());
    let dg = tlv(0x75, &group(1, &[template(&points)]));
    assert_eq!(
        parse_data_group(&dg, DataGroup::Dg2)
            .unwrap()
            .face_images()
            .count(),
        0
    );
    // A 19794-5:2011 record (version 030) is not located.
    let mut v3 = record.to_vec();
    v3[4..8].copy_from_slice(b"030\0");
    let dg = tlv(0x75, &group(1, &[template(&v3)]));
    assert_eq!(
        parse_data_group(&dg, DataGroup::Dg2)
            .unwrap()
            .face_images()
            .count(),
        0
    );
}

#[test]
fn tlv_reader_reads_long_tags_and_lengths() {
    let block = vec![0xAB; 300];
    let bytes = tlv(0x5F2E, &block);
    assert_eq!(&bytes[..5], &[0x5F, 0x2E, 0x82, 0x01, 0x2C]);
    let read = single(&bytes).unwrap();
    assert_eq!(
        (
            read.tag,
            read.constructed,
            read.value.len(),
            read.value_offset
        ),
        (0x5F2E, false, 300, 5)
    );
    let mut reader = TlvReader::new(&[0x7F, 0x60, 0x00, 0xA1, 0x00], 10);
    assert_eq!(reader.read().unwrap().unwrap().offset, 10);
    assert_eq!(reader.read().unwrap().unwrap().offset, 13);
    assert!(reader.read().is_none());
}

/// Bad data groups and the error each gives.
#[test]
fn data_group_rejections() {
    let good = tlv(0x76, &group(1, &[template(&[1, 2, 3])]));
    assert!(parse_data_group(&good, DataGroup::Dg4).is_ok());

    let mut past_end = good.clone();
    past_end[1] += 1;
    let mut nested = tlv(0x30, &[]);
    for _ in 0..MAX_DEPTH {
        nested = tlv(0x30, &nested);
    }
    let deep_block = tlv(0x7F60, &cat(&[&header(), &tlv(0x7F2E, &nested)]));
    let cases: Vec<(&str, Vec<u8>, EmrtdError)> = vec![
        ("empty", vec![], EmrtdError::Empty),
        (
            "wrong tag",
            tlv(0x75, &group(1, &[template(&[1])])),
            EmrtdError::WrongOuterTag {
                expected: 0x76,
                found: 0x75,
            },
        ),
        (
            "sod as dg4",
            vector("sod-structure.bin"),
            EmrtdError::WrongOuterTag {
                expected: 0x76,
                found: 0x77,
            },
        ),
        (
            "length past end",
            past_end,
            EmrtdError::LengthPastEnd {
                offset: 0,
                tag: 0x76,
                length: good.len() - 1,
                available: good.len() - 2,
            },
        ),
        (
            "truncated",
            good[..good.len() - 1].to_vec(),
            EmrtdError::LengthPastEnd {
                offset: 0,
                tag: 0x76,
                length: good.len() - 2,
                available: good.len() - 3,
            },
        ),
        (
            "truncated tag",
            vec![0x7F],
            EmrtdError::Truncated { offset: 0 },
        ),
        (
            "trailing bytes",
            cat(&[&good, &[0]]),
            EmrtdError::TrailingBytes { offset: good.len() },
        ),
        (
            "trailing inside the dg",
            tlv(0x76, &cat(&[&group(1, &[template(&[1])]), &[0x00, 0x00]])),
            EmrtdError::TrailingBytes { offset: 25 },
        ),
        (
            "count mismatch",
            tlv(0x76, &group(2, &[template(&[1])])),
            EmrtdError::CountMismatch {
                declared: 2,
                found: 1,
            },
        ),
        (
            "no templates",
            tlv(0x76, &group(1, &[])),
            EmrtdError::CountMismatch {
                declared: 1,
                found: 0,
            },
        ),
        (
            "missing count",
            tlv(0x76, &tlv(0x7F61, &template(&[1]))),
            EmrtdError::MissingCount,
        ),
        (
            "two-byte count",
            tlv(
                0x76,
                &tlv(0x7F61, &cat(&[&tlv(0x02, &[0, 1]), &template(&[1])])),
            ),
            EmrtdError::BadCount { offset: 5 },
        ),
        (
            "missing bdb",
            tlv(0x76, &group(1, &[tlv(0x7F60, &header())])),
            EmrtdError::MissingDataBlock { index: 0 },
        ),
        (
            "missing header",
            tlv(0x76, &group(1, &[tlv(0x7F60, &tlv(0x5F2E, &[1]))])),
            EmrtdError::MissingHeader { index: 0 },
        ),
        (
            "second template without bdb",
            tlv(0x76, &group(2, &[template(&[1]), tlv(0x7F60, &header())])),
            EmrtdError::MissingDataBlock { index: 1 },
        ),
        (
            "bdb then junk",
            tlv(
                0x76,
                &group(
                    1,
                    &[tlv(
                        0x7F60,
                        &cat(&[&header(), &tlv(0x5F2E, &[1]), &tlv(0x53, &[])]),
                    )],
                ),
            ),
            EmrtdError::TrailingBytes { offset: 25 },
        ),
        (
            "other tag in 7F61",
            tlv(0x76, &group(1, &[tlv(0x53, &[])])),
            EmrtdError::UnexpectedTag {
                offset: 8,
                within: 0x7F61,
                found: 0x53,
            },
        ),
        (
            "no 7F61",
            tlv(0x76, &tlv(0x53, &[])),
            EmrtdError::UnexpectedTag {
                offset: 2,
                within: 0x76,
                found: 0x53,
            },
        ),
        (
            "too deep",
            tlv(0x76, &group(1, &[deep_block])),
            EmrtdError::TooDeep { offset: 0 },
        ),
        (
            "indefinite length",
            vec![0x76, 0x80, 0x00, 0x00],
            EmrtdError::IndefiniteLength { offset: 0 },
        ),
        (
            "five-byte length",
            vec![0x76, 0x85, 0, 0, 0, 0, 1, 0],
            EmrtdError::LengthTooLong { offset: 0 },
        ),
        (
            "four-byte tag",
            vec![0x7F, 0x81, 0x81, 0x01, 0x00],
            EmrtdError::TagTooLong { offset: 0 },
        ),
        (
            "huge length",
            vec![0x76, 0x84, 0xFF, 0xFF, 0xFF, 0xFF],
            EmrtdError::LengthPastEnd {
                offset: 0,
                tag: 0x76,
                length: 0xFFFF_FFFF,
                available: 0,
            },
        ),
    ];
    for (name, bytes, want) in cases {
        let got = parse_data_group(&bytes, DataGroup::Dg4);
        match (&got, &want) {
            // Where the nesting is found too deep depends on the depth: only the kind.
            (Err(EmrtdError::TooDeep { .. }), EmrtdError::TooDeep { .. }) => {}
            _ => assert_eq!(got, Err(want), "{name}"),
        }
    }
}

#[test]
fn too_many_templates() {
    let templates: Vec<Vec<u8>> = (0..=MAX_TEMPLATES).map(|_| template(&[1])).collect();
    let dg = tlv(0x63, &group(255, &templates));
    assert_eq!(
        parse_data_group(&dg, DataGroup::Dg3),
        Err(EmrtdError::CountMismatch {
            declared: 255,
            found: MAX_TEMPLATES + 1
        })
    );
}

#[test]
fn sod_rejections() {
    let sod = vector("sod-structure.bin");
    assert_eq!(
        check_sod(&sod[..sod.len() - 1]).unwrap_err(),
        EmrtdError::LengthPastEnd {
            offset: 0,
            tag: 0x77,
            length: sod.len() - 2,
            available: sod.len() - 3,
        }
    );
    assert_eq!(
        check_sod(&tlv(0x77, &tlv(0x31, &[]))),
        Err(EmrtdError::WrongOuterTag {
            expected: 0x30,
            found: 0x31
        })
    );
    assert_eq!(
        check_sod(&tlv(0x77, &cat(&[&tlv(0x30, &[]), &[0x05, 0x00]]))),
        Err(EmrtdError::TrailingBytes { offset: 4 })
    );
    // A constructed value inside that is not whole TLVs.
    assert!(matches!(
        check_sod(&tlv(0x77, &tlv(0x30, &[0x04, 0x05, 0x00]))),
        Err(EmrtdError::LengthPastEnd { offset: 4, .. })
    ));
    assert_eq!(
        check_sod(&vector("dg4.bin")),
        Err(EmrtdError::WrongOuterTag {
            expected: 0x77,
            found: 0x76
        })
    );
}

#[test]
fn every_prefix_and_byte_flip_is_handled() {
    for name in [
        "dg2.bin",
        "dg3.bin",
        "dg4.bin",
        "biometric_template_face.bin",
        "sod-structure.bin",
    ] {
        let bytes = vector(name);
        for cut in 0..bytes.len() {
            assert!(parse_data_group(&bytes[..cut], DataGroup::Dg2).is_err());
            assert!(parse_biometric_template(&bytes[..cut]).is_err());
            assert!(check_sod(&bytes[..cut]).is_err());
        }
        for at in 0..bytes.len().min(200) {
            let mut flipped = bytes.clone();
            flipped[at] ^= 0x80;
            let _ = parse_data_group(&flipped, DataGroup::Dg3);
            let _ = parse_biometric_template(&flipped);
            if let Ok(group) = parse_data_group(&flipped, DataGroup::Dg2) {
                let _ = group.face_images().count();
            }
        }
    }
}
