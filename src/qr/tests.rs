use alloc::string::String;
use alloc::vec::Vec;

use super::png::gray1;
use super::{ErrorCorrection, MAX_PNG_PX, QUIET_ZONE, QUIET_ZONE_U32, QrCode, QrError};

/// The ISO 18013-5 Annex D engagement's URI (test-vectors/iso18013-5-annex-d/README.md).
const ANNEX_D_URI: &str = concat!(
    "mdoc:owBjMS4wAYIB2BhYS6QBAiABIVggWojRgrzl9C76WZQ_MzWdLoqWj_KJ2T5fpES2JDQxZ_4iWCCxboz4",
    "WN3HaQQHumHUwzgjeoz8895qpnL8YKVXqjL8ZwKBgwIBowD0AfULUEXv73QrLEg3qaOw4dBaaRc"
);

#[test]
fn quiet_zone_constants_agree() {
    assert_eq!(usize::try_from(QUIET_ZONE_U32), Ok(QUIET_ZONE));
}

#[test]
fn png_layout() {
    // A 2x1 image: one row, pixels 1 0.
    let png = gray1(2, 1, &[0b1000_0000]).unwrap();
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
    assert_eq!(&png[8..16], b"\0\0\0\x0dIHDR");
    assert_eq!(&png[16..29], &[0, 0, 0, 2, 0, 0, 0, 1, 1, 0, 0, 0, 0]);
    // The IEND chunk, with its CRC-32, as every PNG ends.
    assert_eq!(&png[png.len() - 12..], b"\0\0\0\0IEND\xae\x42\x60\x82");
    // Rows that do not match the size are refused, not padded.
    assert_eq!(gray1(2, 2, &[0b1000_0000]), None);
}

#[test]
fn annex_d_png_is_compressed() {
    // 61 modules of 8 px a side with the quiet zone: 488 rows of 61 bytes, 29 768 bytes of
    // pixels (a PNG of 30 324 bytes from the stored-deflate writer this replaced).
    let png = QrCode::new(ANNEX_D_URI).unwrap().to_png(8).unwrap();
    assert!(png.len() < 2_000, "{} bytes", png.len());
}

#[test]
fn versions_and_levels() {
    let cases: [(usize, u8, ErrorCorrection); 6] = [
        (0, 1, ErrorCorrection::Medium),
        (14, 1, ErrorCorrection::Medium),
        (15, 2, ErrorCorrection::Medium),
        (2331, 40, ErrorCorrection::Medium),
        (2332, 36, ErrorCorrection::Low), // M failed at 40, so the smallest at L
        (2953, 40, ErrorCorrection::Low),
    ];
    for (len, version, level) in cases {
        let code = QrCode::new(&"a".repeat(len)).unwrap();
        assert_eq!((code.version(), code.error_correction()), (version, level));
        assert_eq!(code.width(), 17 + 4 * usize::from(version));
        assert_eq!(code.modules.len(), code.width() * code.width());
    }
    assert_eq!(QrCode::new(&"a".repeat(2954)), Err(QrError::TooLong));
}

#[test]
fn byte_mode_even_for_digits() {
    // 41 digits would fit version 2-M in numeric mode (63 digits); in byte mode 2-M holds
    // 26 bytes and 3-M 42.
    let code = QrCode::new(&"1".repeat(41)).unwrap();
    assert_eq!(code.version(), 3);
}

#[test]
fn annex_d_uri_is_version_9_m() {
    let code = QrCode::new(ANNEX_D_URI).unwrap();
    assert_eq!(ANNEX_D_URI.len(), 160);
    assert_eq!(
        (code.version(), code.error_correction()),
        (9, ErrorCorrection::Medium)
    );
}

#[test]
fn outside_is_light() {
    let code = QrCode::new("x").unwrap();
    let w = code.width();
    assert!(!code.is_dark(w, 0) && !code.is_dark(0, w) && !code.is_dark(usize::MAX, usize::MAX));
    for i in 0..w + 2 * QUIET_ZONE {
        for edge in [0, QUIET_ZONE - 1, w + QUIET_ZONE, w + 2 * QUIET_ZONE - 1] {
            assert!(!code.padded_dark(i, edge) && !code.padded_dark(edge, i));
        }
    }
    // Finder patterns: corners dark at top left, top right and bottom left, not bottom right.
    assert!(code.is_dark(0, 0) && code.is_dark(w - 1, 0) && code.is_dark(0, w - 1));
}

#[test]
fn png_scale_limits() {
    let code = QrCode::new("x").unwrap(); // 29 modules with the quiet zone
    assert_eq!(code.to_png(0), Err(QrError::InvalidScale));
    assert_eq!(code.to_png(u32::MAX), Err(QrError::InvalidScale));
    assert_eq!(code.to_png(MAX_PNG_PX / 29 + 1), Err(QrError::InvalidScale));
    assert!(code.to_png(1).is_ok());
}

#[test]
fn svg_without_size() {
    let svg = QrCode::new("x").unwrap().to_svg(0);
    assert!(!svg.contains("width=\"0\""));
    assert!(svg.contains(r#"viewBox="0 0 29 29""#));
}

#[test]
fn terminal_shape() {
    let code = QrCode::new("x").unwrap();
    let text = code.to_terminal();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 15);
    assert!(lines.iter().all(|l| l.chars().count() == 29));
    // Row 28 (quiet) is the upper half of the last line; its lower half is outside.
    assert_eq!(lines[14], "▀".repeat(29));
    // Rows 4 and 5 start the finder pattern: 4 light columns, then dark over dark.
    let row: String = lines[2].chars().take(5).collect();
    assert_eq!(row, "████ ");
}

#[test]
fn error_display() {
    assert_eq!(
        alloc::format!("{}", QrError::TooLong),
        "text too long for a QR code (at most 2953 bytes)"
    );
    assert!(alloc::format!("{:?}", QrCode::new("x").unwrap()).contains("version: 1"));
}
