//! Tests of the portrait walker and (feature `portrait`) of the issuer's acceptance.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use alloc::vec;
use alloc::vec::Vec;

use super::*;

fn vector(name: &str) -> Vec<u8> {
    let path = alloc::format!(
        "{}/test-vectors/portraits/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn kinds(report: &MetadataReport) -> Vec<MetadataKind> {
    report.blocks.iter().map(|b| b.kind).collect()
}

#[test]
fn clean_jpeg_has_no_metadata() {
    let report = metadata(&vector("clean.jpg")).unwrap();
    assert_eq!(report.format, ImageFormat::Jpeg);
    assert_eq!(report.dimensions, Some((96, 120)));
    assert!(report.is_clean(), "{report:?}");
}

#[test]
fn exiftool_jpeg_lists_every_block() {
    let report = metadata(&vector("with-metadata.jpg")).unwrap();
    assert!(report.has_gps());
    let exif = ExifSummary {
        gps: true,
        thumbnail: true,
        well_formed: true,
    };
    let found = kinds(&report);
    for want in [
        MetadataKind::Exif(exif),
        MetadataKind::Xmp,
        MetadataKind::Iptc,
        MetadataKind::Icc,
        MetadataKind::Comment,
    ] {
        assert!(found.contains(&want), "{want:?} not in {found:?}");
    }
    // Blocks are in file order, within the file, and do not overlap.
    let mut end = 0;
    for block in &report.blocks {
        assert!(block.offset >= end && block.len > 0, "{block:?}");
        end = block.offset + block.len;
    }
    assert!(end <= vector("with-metadata.jpg").len());
}

#[test]
fn adobe_app14_is_not_metadata() {
    let report = metadata(&vector("cmyk-adobe.jpg")).unwrap();
    assert_eq!(kinds(&report), vec![MetadataKind::Comment]);
}

#[test]
fn progressive_jpeg_walks_every_scan() {
    let report = metadata(&vector("progressive.jpg")).unwrap();
    assert!(report.has_gps());
    assert_eq!(report.dimensions, Some((96, 120)));
}

#[test]
fn jp2_boxes_and_codestream_comment() {
    let report = metadata(&vector("with-metadata.jp2")).unwrap();
    assert_eq!(report.format, ImageFormat::Jp2);
    assert_eq!(report.dimensions, Some((96, 120)));
    assert!(report.has_gps());
    let found = kinds(&report);
    for want in [
        MetadataKind::Icc,
        MetadataKind::Comment,
        MetadataKind::Xml,
        MetadataKind::Xmp,
    ] {
        assert!(found.contains(&want), "{want:?} not in {found:?}");
    }
}

#[test]
fn j2k_codestream_comment() {
    let report = metadata(&vector("portrait.j2k")).unwrap();
    assert_eq!(report.format, ImageFormat::J2k);
    assert_eq!(kinds(&report), vec![MetadataKind::Comment]);
}

#[test]
fn trailing_bytes_after_eoi_are_reported() {
    let mut bytes = vector("clean.jpg");
    let end = bytes.len();
    bytes.extend_from_slice(b"SEFT trailer");
    let report = metadata(&bytes).unwrap();
    assert_eq!(
        report.blocks,
        vec![MetadataBlock {
            kind: MetadataKind::TrailingData,
            offset: end,
            len: 12
        }]
    );
}

#[test]
fn exif_summary_is_bounded() {
    // IFD0 claims 0xFFFF entries in an 8-byte block: not well-formed, nothing read past it.
    let tiff = [b'M', b'M', 0, 42, 0, 0, 0, 8, 0xFF, 0xFF];
    assert_eq!(exif::summary(&tiff), ExifSummary::default());
    // One entry, the GPS pointer, and no IFD1 (little-endian).
    let tiff = [
        b'I', b'I', 42, 0, 8, 0, 0, 0, // header, IFD0 at 8
        1, 0, // one entry
        0x25, 0x88, 4, 0, 1, 0, 0, 0, 26, 0, 0, 0, // GPS IFD pointer
        0, 0, 0, 0, // no next IFD
    ];
    assert_eq!(
        exif::summary(&tiff),
        ExifSummary {
            gps: true,
            thumbnail: false,
            well_formed: true
        }
    );
}

/// Bad images and the error `metadata` gives for each.
#[test]
fn metadata_rejections() {
    let clean = vector("clean.jpg");
    let jp2 = vector("with-metadata.jp2");
    let mut bad_length = clean.clone();
    // The APP0 segment's length field (after SOI and its marker) set to 1.
    bad_length[4] = 0;
    bad_length[5] = 1;
    let mut no_marker = clean.clone();
    no_marker[2] = 0x00;
    let mut bad_box = jp2.clone();
    // ftyp's length (at 12) below its header.
    bad_box[12..16].copy_from_slice(&4u32.to_be_bytes());
    let cases: Vec<(&str, Vec<u8>, PortraitError)> = vec![
        ("empty", vec![], PortraitError::Empty),
        ("text", b"hello, world".to_vec(), PortraitError::NotAnImage),
        (
            "png",
            b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec(),
            PortraitError::UnsupportedFormat("PNG"),
        ),
        (
            "gif",
            b"GIF89a".to_vec(),
            PortraitError::UnsupportedFormat("GIF"),
        ),
        (
            "soi only",
            vec![0xFF, 0xD8],
            PortraitError::Truncated { offset: 2 },
        ),
        (
            "truncated jpeg",
            clean[..clean.len() / 2].to_vec(),
            PortraitError::Truncated { offset: 0 },
        ),
        (
            "segment length 1",
            bad_length,
            PortraitError::BadSegmentLength {
                offset: 2,
                marker: 0xE0,
            },
        ),
        (
            "no marker",
            no_marker,
            PortraitError::BadMarker { offset: 2, byte: 0 },
        ),
        (
            "second soi",
            vec![0xFF, 0xD8, 0xFF, 0xD8],
            PortraitError::BadMarker {
                offset: 2,
                byte: 0xD8,
            },
        ),
        (
            "truncated jp2",
            jp2[..jp2.len() / 2].to_vec(),
            PortraitError::Truncated { offset: 0 },
        ),
        (
            "jp2 box length",
            bad_box,
            PortraitError::BadBoxLength {
                offset: 12,
                box_type: *b"ftyp",
            },
        ),
        (
            "jp2 signature only",
            jp2[..12].to_vec(),
            PortraitError::MissingBox(*b"ftyp"),
        ),
    ];
    for (name, bytes, want) in cases {
        let got = metadata(&bytes).unwrap_err();
        let same = match (&got, &want) {
            // Where a truncated walk stops depends on the file: only the variant matters.
            (PortraitError::Truncated { .. }, PortraitError::Truncated { offset: 0 }) => true,
            _ => alloc::format!("{got:?}") == alloc::format!("{want:?}"),
        };
        assert!(same, "{name}: got {got:?}, want {want:?}");
    }
}

#[test]
fn every_prefix_is_refused_or_reported_without_panic() {
    for name in [
        "with-metadata.jpg",
        "progressive.jpg",
        "with-metadata.jp2",
        "portrait.j2k",
    ] {
        let bytes = vector(name);
        for cut in 0..bytes.len() {
            let _ = metadata(&bytes[..cut]);
        }
        // A prefix never walks to a clean report of a file that carries metadata past it.
        assert!(metadata(&bytes[..bytes.len() - 1]).is_err() || name.ends_with("jpg"));
    }
}

#[test]
fn too_many_blocks() {
    let mut bytes = vec![0xFF, 0xD8];
    for _ in 0..=MAX_BLOCKS {
        bytes.extend_from_slice(&[0xFF, 0xFE, 0x00, 0x02]);
    }
    bytes.extend_from_slice(&[0xFF, 0xD9]);
    assert!(matches!(
        metadata(&bytes),
        Err(PortraitError::TooManyBlocks)
    ));
}

#[cfg(feature = "portrait")]
mod accept {
    use super::*;

    fn accept(bytes: &[u8]) -> Result<Portrait, PortraitError> {
        Portrait::accept(bytes, &PortraitLimits::default())
    }

    fn pixels(bytes: &[u8], format: ImageFormat) -> Vec<u8> {
        let limits = PortraitLimits::default();
        match format {
            ImageFormat::Jpeg => super::super::accept::decode_jpeg(bytes, &limits).unwrap(),
            _ => super::super::accept::decode_jpeg2000(bytes, &limits).unwrap(),
        }
    }

    #[test]
    fn every_vector_is_accepted_clean_and_pixel_identical() {
        for (name, format, removed) in [
            ("clean.jpg", ImageFormat::Jpeg, 0),
            ("with-metadata.jpg", ImageFormat::Jpeg, 5),
            ("cmyk-adobe.jpg", ImageFormat::Jpeg, 1),
            ("progressive.jpg", ImageFormat::Jpeg, 1),
            ("with-metadata.jp2", ImageFormat::Jp2, 5),
            ("portrait.j2k", ImageFormat::J2k, 1),
        ] {
            let upload = vector(name);
            let portrait = accept(&upload).unwrap_or_else(|e| panic!("{name}: {e:?}"));
            assert_eq!(portrait.format(), format, "{name}");
            assert_eq!(portrait.dimensions(), (96, 120), "{name}");
            assert_eq!(
                portrait.removed().len(),
                removed,
                "{name}: {:?}",
                portrait.removed()
            );
            assert!(metadata(portrait.bytes()).unwrap().is_clean(), "{name}");
            assert_eq!(
                pixels(portrait.bytes(), format),
                pixels(&upload, format),
                "{name}"
            );
            // Accepting the clean image again changes nothing.
            let again = accept(portrait.bytes()).unwrap();
            assert_eq!(again.bytes(), portrait.bytes(), "{name}");
            assert!(again.removed().is_empty());
        }
    }

    /// The outputs committed under `stripped/` (whose exiftool listings the README shows)
    /// are what `accept` gives today; the JPEG one is byte-identical to `clean.jpg`.
    #[test]
    fn outputs_match_the_committed_stripped_files() {
        for name in ["with-metadata.jpg", "with-metadata.jp2"] {
            let portrait = accept(&vector(name)).unwrap();
            assert_eq!(
                portrait.bytes(),
                vector(&alloc::format!("stripped/{name}")),
                "{name}"
            );
        }
        assert_eq!(vector("stripped/with-metadata.jpg"), vector("clean.jpg"));
    }

    #[test]
    fn the_clean_jpeg_keeps_jfif_and_adobe() {
        let portrait = accept(&vector("cmyk-adobe.jpg")).unwrap();
        let bytes = portrait.bytes();
        assert!(
            bytes.windows(6).any(|w| w == b"\xFF\xEE\x00\x0EAd"),
            "APP14 kept"
        );
        let portrait = accept(&vector("with-metadata.jpg")).unwrap();
        assert_eq!(
            &portrait.bytes()[..4],
            &[0xFF, 0xD8, 0xFF, 0xE0],
            "JFIF kept first"
        );
        let exif = ExifSummary {
            gps: true,
            thumbnail: true,
            well_formed: true,
        };
        assert!(
            portrait
                .removed()
                .iter()
                .any(|b| b.kind == MetadataKind::Exif(exif))
        );
    }

    #[test]
    fn trailing_data_and_jfif_thumbnail_are_removed() {
        let mut upload = vector("clean.jpg");
        // Give the JFIF header a 1x1 thumbnail (3 bytes of RGB): APP0 grows by 3.
        assert_eq!(&upload[6..11], b"JFIF\0");
        let length = u16::from_be_bytes([upload[4], upload[5]]) + 3;
        upload[4..6].copy_from_slice(&length.to_be_bytes());
        upload[18] = 1;
        upload[19] = 1;
        upload.splice(20..20, [1, 2, 3]);
        upload.extend_from_slice(b"appended");
        let report = metadata(&upload).unwrap();
        assert_eq!(
            kinds(&report),
            vec![MetadataKind::Thumbnail, MetadataKind::TrailingData]
        );
        let portrait = accept(&upload).unwrap();
        assert_eq!(portrait.bytes(), vector("clean.jpg").as_slice());
    }

    /// Bad photos and the error `Portrait::accept` gives for each.
    #[test]
    fn accept_rejections() {
        let clean = vector("clean.jpg");
        let jp2 = vector("with-metadata.jp2");
        // Header dimensions of 5000 x 120 (SOF0 height at +5, width at +7).
        let sof = clean.windows(2).position(|w| w == [0xFF, 0xC0]).unwrap();
        let mut wide = clean.clone();
        wide[sof + 7..sof + 9].copy_from_slice(&5000u16.to_be_bytes());
        let mut zero = clean.clone();
        zero[sof + 5..sof + 7].copy_from_slice(&0u16.to_be_bytes());
        // Entropy-coded data replaced by bytes that are no valid Huffman code.
        let sos = clean.windows(2).position(|w| w == [0xFF, 0xDA]).unwrap();
        let scan_start =
            sos + 2 + usize::from(u16::from_be_bytes([clean[sos + 2], clean[sos + 3]]));
        let mut garbage = clean[..scan_start].to_vec();
        garbage.extend(
            core::iter::repeat_n(0xFEu8, 40)
                .chain([0xFF, 0x00])
                .cycle()
                .take(400),
        );
        garbage.extend_from_slice(&[0xFF, 0xD9]);
        // A JP2 whose codestream is cut short, with its box length fixed to match.
        let mut bad_codestream = jp2.clone();
        let jp2c = bad_codestream
            .windows(4)
            .position(|w| w == b"jp2c")
            .unwrap()
            - 4;
        bad_codestream[jp2c + 200..jp2c + 260].fill(0x13);
        let small = PortraitLimits {
            max_bytes: 1000,
            ..PortraitLimits::default()
        };
        let cases: Vec<(&str, Vec<u8>, PortraitLimits, &str)> = vec![
            ("empty", vec![], PortraitLimits::DEFAULT, "Empty"),
            (
                "not an image",
                b"not an image".to_vec(),
                PortraitLimits::DEFAULT,
                "NotAnImage",
            ),
            (
                "png",
                b"\x89PNG\r\n\x1a\n....".to_vec(),
                PortraitLimits::DEFAULT,
                "UnsupportedFormat(\"PNG\")",
            ),
            (
                "truncated",
                clean[..clean.len() - 100].to_vec(),
                PortraitLimits::DEFAULT,
                "Truncated",
            ),
            (
                "oversized bytes",
                clean.clone(),
                small,
                "TooLarge { len: 1525, max: 1000 }",
            ),
            (
                "width over limit",
                wide,
                PortraitLimits::DEFAULT,
                "DimensionsOverLimit { width: 5000, height: 120 }",
            ),
            (
                "zero height",
                zero,
                PortraitLimits::DEFAULT,
                "ZeroDimensions",
            ),
            (
                "undecodable scan",
                garbage,
                PortraitLimits::DEFAULT,
                "Undecodable",
            ),
            (
                "jp2 codestream damaged",
                bad_codestream,
                PortraitLimits::DEFAULT,
                "Undecodable",
            ),
            (
                "jp2 over limit",
                jp2.clone(),
                PortraitLimits {
                    max_width: 50,
                    ..PortraitLimits::DEFAULT
                },
                "DimensionsOverLimit { width: 96, height: 120 }",
            ),
        ];
        for (name, bytes, limits, want) in cases {
            let got = Portrait::accept(&bytes, &limits).unwrap_err();
            let got_text = alloc::format!("{got:?}");
            assert!(
                got_text.starts_with(want),
                "{name}: got {got_text}, want {want}"
            );
            if want == "Undecodable" {
                assert!(
                    core::error::Error::source(&got).is_some(),
                    "{name}: the decoder's error"
                );
            }
        }
    }
}
