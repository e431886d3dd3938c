//! QR renderings read back: the terminal text, the PNG (through the `png` crate's decoder)
//! and the SVG path each give back the module matrix with its quiet zone, and `rqrr`, a QR
//! decoder, reads the Annex D `mdoc:` URI from the PNG and from the terminal text as a
//! dark-background terminal shows it.
#![cfg(feature = "qr")]
// Test code: a panic is a failed test, not a crash on input.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use base64::Engine as _;
use iso18013::cbor::Decode;
use iso18013::engagement::DeviceEngagement;
use iso18013::qr::{ErrorCorrection, QUIET_ZONE, QrCode, QrError};

/// The Annex D QR string (test-vectors/iso18013-5-annex-d/README.md).
const ANNEX_D_URI: &str = concat!(
    "mdoc:owBjMS4wAYIB2BhYS6QBAiABIVggWojRgrzl9C76WZQ_MzWdLoqWj_KJ2T5fpES2JDQxZ_4iWCCxboz4",
    "WN3HaQQHumHUwzgjeoz8895qpnL8YKVXqjL8ZwKBgwIBowD0AfULUEXv73QrLEg3qaOw4dBaaRc"
);

fn annex_d_code() -> QrCode {
    QrCode::new(ANNEX_D_URI).unwrap()
}

/// A matrix with the quiet zone, `true` for dark, indexed `[y][x]`.
type Matrix = Vec<Vec<bool>>;

/// The code's own matrix with a quiet zone of `QUIET_ZONE` light modules.
fn expected(code: &QrCode) -> Matrix {
    let side = code.width() + 2 * QUIET_ZONE;
    (0..side)
        .map(|y| {
            (0..side)
                .map(|x| {
                    x >= QUIET_ZONE
                        && y >= QUIET_ZONE
                        && code.is_dark(x - QUIET_ZONE, y - QUIET_ZONE)
                })
                .collect()
        })
        .collect()
}

fn assert_quiet_zone(matrix: &Matrix) {
    let side = matrix.len();
    for (y, row) in matrix.iter().enumerate() {
        assert_eq!(row.len(), side);
        for (x, &dark) in row.iter().enumerate() {
            let inner = (QUIET_ZONE..side - QUIET_ZONE).contains(&x)
                && (QUIET_ZONE..side - QUIET_ZONE).contains(&y);
            assert!(inner || !dark, "quiet zone module ({x}, {y}) is dark");
        }
    }
}

#[test]
fn annex_d_uri_matches_the_engagement_and_fits() {
    let hex = include_str!("../test-vectors/iso18013-5-annex-d/device_engagement.hex");
    let bytes = hex::decode(hex.trim()).unwrap();
    DeviceEngagement::from_cbor(&bytes).unwrap();
    let uri = format!(
        "mdoc:{}",
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(&bytes)
    );
    assert_eq!(uri, ANNEX_D_URI);
    let code = QrCode::new(&uri).unwrap();
    assert_eq!(code.version(), 9);
    assert_eq!(code.error_correction(), ErrorCorrection::Medium);
    assert_eq!(code.width(), 53);
}

#[test]
fn too_long_for_any_version() {
    assert_eq!(QrCode::new(&"a".repeat(2954)), Err(QrError::TooLong));
    assert_eq!(QrCode::new(&"é".repeat(1477)), Err(QrError::TooLong)); // 2954 bytes
    let largest = QrCode::new(&"a".repeat(2953)).unwrap();
    assert_eq!((largest.version(), largest.width()), (40, 177));
    assert_eq!(largest.error_correction(), ErrorCorrection::Low);
    assert_eq!(
        QrError::TooLong.to_string(),
        "text too long for a QR code (at most 2953 bytes)"
    );
}

/// Reads the terminal text back: light modules are glyphs, dark ones spaces.
fn terminal_matrix(text: &str, side: usize) -> Matrix {
    let mut matrix = vec![vec![false; side]; side];
    let lines: Vec<&str> = text.split_terminator('\n').collect();
    assert_eq!(lines.len(), side.div_ceil(2));
    for (line_no, line) in lines.iter().enumerate() {
        let chars: Vec<char> = line.chars().collect();
        assert_eq!(chars.len(), side, "line {line_no}");
        for (x, c) in chars.into_iter().enumerate() {
            let (top_light, bottom_light) = match c {
                '█' => (true, true),
                '▀' => (true, false),
                '▄' => (false, true),
                ' ' => (false, false),
                other => panic!("unexpected {other:?} on line {line_no}"),
            };
            matrix[2 * line_no][x] = !top_light;
            if 2 * line_no + 1 < side {
                matrix[2 * line_no + 1][x] = !bottom_light;
            } else {
                // Below the quiet zone: left to the (dark) background.
                assert!(!bottom_light);
            }
        }
    }
    matrix
}

#[test]
fn terminal_reads_back() {
    for text in ["", "mdoc:", ANNEX_D_URI, &"z".repeat(1000)] {
        let code = QrCode::new(text).unwrap();
        let rendered = code.to_terminal();
        let matrix = terminal_matrix(&rendered, code.width() + 2 * QUIET_ZONE);
        assert_quiet_zone(&matrix);
        assert_eq!(matrix, expected(&code), "{text}");
    }
}

/// Decodes a PNG with the `png` crate into 8-bit luma rows.
fn decode_png(bytes: &[u8]) -> (usize, Vec<Vec<u8>>) {
    let mut decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    decoder.set_transformations(png::Transformations::EXPAND);
    let mut reader = decoder.read_info().unwrap();
    let info = reader.info();
    assert_eq!(info.color_type, png::ColorType::Grayscale);
    assert_eq!(info.bit_depth, png::BitDepth::One);
    assert!(!info.interlaced);
    assert_eq!(info.width, info.height);
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let frame = reader.next_frame(&mut buf).unwrap();
    assert_eq!(frame.color_type, png::ColorType::Grayscale);
    assert_eq!(frame.bit_depth, png::BitDepth::Eight);
    let side = usize::try_from(frame.width).unwrap();
    let rows = buf[..frame.buffer_size()]
        .chunks(frame.line_size)
        .map(|row| row[..side].to_vec())
        .collect();
    (side, rows)
}

#[test]
fn png_reads_back() {
    for (text, module_px) in [("mdoc:", 1), (ANNEX_D_URI, 3), (ANNEX_D_URI, 8), ("x", 10)] {
        let code = QrCode::new(text).unwrap();
        let (side_px, rows) = decode_png(&code.to_png(module_px).unwrap());
        let px = usize::try_from(module_px).unwrap();
        let side = code.width() + 2 * QUIET_ZONE;
        assert_eq!(side_px, side * px);
        // Every pixel is black or white, the same within a module.
        let mut matrix = vec![vec![false; side]; side];
        for (y, row) in rows.iter().enumerate() {
            for (x, &luma) in row.iter().enumerate() {
                assert!(luma == 0 || luma == 255);
                let dark = luma == 0;
                if x % px == 0 && y % px == 0 {
                    matrix[y / px][x / px] = dark;
                } else {
                    assert_eq!(dark, matrix[y / px][x / px], "pixel ({x}, {y})");
                }
            }
        }
        assert_quiet_zone(&matrix);
        assert_eq!(matrix, expected(&code), "{text} at {module_px} px");
    }
}

#[test]
fn large_png_is_compressed_and_reads_back() {
    // Version 40 at 20 px a module: 3700 px a side, 463 bytes a line, 1.7 MB of pixels
    // (27 IDAT chunks of stored deflate blocks from the writer the png crate replaced);
    // compressed, a small fraction of that.
    let code = QrCode::new(&"a".repeat(2953)).unwrap();
    let png = code.to_png(20).unwrap();
    assert!(png.windows(4).any(|w| w == b"IDAT"));
    assert!(png.len() < 1_713_100 / 10, "{} bytes", png.len());
    let (side_px, rows) = decode_png(&png);
    assert_eq!(side_px, 185 * 20);
    let corner = |x: usize, y: usize| rows[y * 20 + 10][x * 20 + 10] == 0;
    assert!(corner(4, 4) && corner(180, 4) && corner(4, 180) && !corner(3, 3));
    assert_eq!(code.to_png(89), Err(QrError::InvalidScale)); // 185 * 89 > 16384
}

/// Reads the SVG back: its size, its background and the rectangles of its one path.
fn svg_matrix(svg: &str, side: usize, module_px: u32) -> Matrix {
    let px = u64::try_from(side).unwrap() * u64::from(module_px);
    assert!(svg.starts_with(r#"<svg xmlns="http://www.w3.org/2000/svg""#));
    assert!(svg.contains(&format!(
        r#"width="{px}" height="{px}" viewBox="0 0 {side} {side}""#
    )));
    assert!(svg.contains(&format!(
        r##"<rect width="{side}" height="{side}" fill="#fff"/>"##
    )));
    assert_eq!(svg.matches("<path").count(), 1);
    let start = svg.find(r##"<path fill="#000" d=""##).unwrap() + 21;
    let end = start + svg[start..].find('"').unwrap();
    assert!(svg[end..].starts_with("\"/></svg>"));
    let mut matrix = vec![vec![false; side]; side];
    for rect in svg[start..end].split_terminator('z') {
        // M{x} {y}h{n}v1h-{n}
        let rest = rect.strip_prefix('M').unwrap();
        let (x, rest) = rest.split_once(' ').unwrap();
        let (y, rest) = rest.split_once('h').unwrap();
        let (n, rest) = rest.split_once("v1h-").unwrap();
        assert_eq!(n, rest);
        let (x, y, n): (usize, usize, usize) =
            (x.parse().unwrap(), y.parse().unwrap(), n.parse().unwrap());
        assert!(n > 0);
        for cell in &mut matrix[y][x..x + n] {
            assert!(!*cell, "rectangles overlap at ({x}, {y})");
            *cell = true;
        }
    }
    matrix
}

#[test]
fn svg_reads_back() {
    for (text, module_px) in [("mdoc:", 1), (ANNEX_D_URI, 8), (&"q".repeat(500), 3)] {
        let code = QrCode::new(text).unwrap();
        let side = code.width() + 2 * QUIET_ZONE;
        let matrix = svg_matrix(&code.to_svg(module_px), side, module_px);
        assert_quiet_zone(&matrix);
        assert_eq!(matrix, expected(&code), "{text}");
    }
}

/// Runs `rqrr` over a grayscale image and returns the one code's text.
fn rqrr_decode(width: usize, height: usize, luma: impl FnMut(usize, usize) -> u8) -> String {
    let mut image = rqrr::PreparedImage::prepare_from_greyscale(width, height, luma);
    let grids = image.detect_grids();
    assert_eq!(grids.len(), 1);
    grids[0].decode().unwrap().1
}

#[test]
fn rqrr_reads_the_annex_d_uri_from_the_png() {
    let (side, rows) = decode_png(&annex_d_code().to_png(4).unwrap());
    assert_eq!(rqrr_decode(side, side, |x, y| rows[y][x]), ANNEX_D_URI);
}

#[test]
fn rqrr_reads_the_annex_d_uri_from_a_dark_terminal() {
    // The terminal as a camera sees it: each character cell 4 px wide and 8 px tall, its
    // upper and lower halves light where the glyph covers them, on a dark background
    // with a margin of 3 cells around the text.
    let text = annex_d_code().to_terminal();
    let lines: Vec<Vec<char>> = text.lines().map(|l| l.chars().collect()).collect();
    let (cols, margin) = (lines[0].len(), 3);
    let (width, height) = ((cols + 2 * margin) * 4, (lines.len() + 2 * margin) * 8);
    let luma = |x: usize, y: usize| {
        let (col, line) = ((x / 4).checked_sub(margin), (y / 8).checked_sub(margin));
        let Some(c) = col.zip(line).and_then(|(c, l)| lines.get(l)?.get(c)) else {
            return 20;
        };
        let upper = y % 8 < 4;
        let lit = match c {
            '█' => true,
            '▀' => upper,
            '▄' => !upper,
            _ => false,
        };
        if lit { 230 } else { 20 }
    };
    assert_eq!(rqrr_decode(width, height, luma), ANNEX_D_URI);
}

#[test]
fn rqrr_reads_other_texts() {
    for text in [
        "mdoc:",
        "https://example.invalid/ä",
        &"0123456789".repeat(30),
    ] {
        let (side, rows) = decode_png(&QrCode::new(text).unwrap().to_png(3).unwrap());
        assert_eq!(rqrr_decode(side, side, |x, y| rows[y][x]), text);
    }
}
