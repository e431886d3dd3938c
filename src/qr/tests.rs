use alloc::string::String;
use alloc::vec;
use alloc::vec::Vec;

use super::png::{adler32, crc32_update, gray1, zlib_stored};
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
fn crc32_check_value() {
    // The CRC-32 catalogue's check value.
    assert_eq!(
        crc32_update(0xffff_ffff, b"123456789") ^ 0xffff_ffff,
        0xcbf4_3926
    );
    // The IEND chunk's CRC, as every PNG ends.
    assert_eq!(
        crc32_update(0xffff_ffff, b"IEND") ^ 0xffff_ffff,
        0xae42_6082
    );
}

#[test]
fn adler32_known_values() {
    assert_eq!(adler32(b""), 1);
    assert_eq!(adler32(b"Wikipedia"), 0x11e6_0398);
    // Long enough to need the modulo more than once: 100 000 bytes of 0xff.
    let long = vec![0xffu8; 100_000];
    let (mut a, mut b) = (1u64, 0u64);
    for &byte in &long {
        a = (a + u64::from(byte)) % 65_521;
        b = (b + a) % 65_521;
    }
    assert_eq!(u64::from(adler32(&long)), (b << 16) | a);
}

#[test]
fn zlib_stored_blocks() {
    // Empty input: header, one final empty stored block, Adler-32 of nothing.
    assert_eq!(
        zlib_stored(b"").unwrap(),
        [0x78, 0x01, 0x01, 0x00, 0x00, 0xff, 0xff, 0, 0, 0, 1]
    );
    let z = zlib_stored(b"abc").unwrap();
    assert_eq!(&z[..7], &[0x78, 0x01, 0x01, 0x03, 0x00, 0xfc, 0xff]);
    assert_eq!(&z[7..10], b"abc");
    assert_eq!(&z[10..], &adler32(b"abc").to_be_bytes());
    // Two blocks: 65535 bytes, not final; then 1 byte, final.
    let data = vec![7u8; 65_536];
    let z = zlib_stored(&data).unwrap();
    assert_eq!(z.len(), 2 + 5 + 65_535 + 5 + 1 + 4);
    assert_eq!(&z[2..7], &[0x00, 0xff, 0xff, 0x00, 0x00]);
    assert_eq!(&z[65_542..65_547], &[0x01, 0x01, 0x00, 0xfe, 0xff]);
}

#[test]
fn png_layout() {
    // A 2x1 image: one scanline, filter 0, pixels 1 0.
    let png = gray1(2, 1, &[0, 0b1000_0000]).unwrap();
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
    assert_eq!(&png[8..16], b"\0\0\0\x0dIHDR");
    assert_eq!(&png[16..29], &[0, 0, 0, 2, 0, 0, 0, 1, 1, 0, 0, 0, 0]);
    assert_eq!(&png[png.len() - 12..], b"\0\0\0\0IEND\xae\x42\x60\x82");
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
