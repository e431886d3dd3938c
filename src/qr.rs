//! QR codes for engagement URIs (feature `qr`): the module matrix and its renderings as
//! terminal text, SVG and PNG.
//!
//! The QR core of ISO 18013-5 is text, the `mdoc:` URI of clause 8.2.2.3; this module only
//! draws it. Encoding is byte mode at error correction level M, falling back to L when the
//! text does not fit in version 40 at M. The matrix comes from the `qrcode` crate and the
//! PNG encoding from the `png` crate; the terminal and SVG renderings are ours.
//!
//! ```
//! use iso18013::qr::QrCode;
//!
//! let code = QrCode::new("mdoc:owBjMS4w")?;
//! assert_eq!(code.width(), 21); // version 1
//! assert!(code.is_dark(0, 0)); // the top-left finder pattern
//! let svg = code.to_svg(4);
//! assert!(svg.starts_with("<svg"));
//! let terminal = code.to_terminal();
//! assert_eq!(terminal.lines().count(), (21 + 2 * 4 + 1) / 2);
//! # Ok::<(), iso18013::qr::QrError>(())
//! ```

mod png;
#[cfg(test)]
mod tests;

use alloc::string::String;
use alloc::vec::Vec;
use core::fmt::{self, Write as _};

use qrcode::bits::Bits;
use qrcode::{Color, EcLevel, Version};

/// Light modules around the symbol in every rendering (ISO/IEC 18004 asks for 4).
pub const QUIET_ZONE: usize = 4;
/// [`QUIET_ZONE`] for pixel arithmetic (a unit test checks they agree).
const QUIET_ZONE_U32: u32 = 4;

/// The widest and tallest PNG [`QrCode::to_png`] writes, in pixels.
pub const MAX_PNG_PX: u32 = 16_384;

/// Why a QR code could not be made or rendered.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum QrError {
    /// The text does not fit in a QR code, not even version 40 at level L (2953 bytes).
    TooLong,
    /// The pixels per module are 0 or make the image larger than [`MAX_PNG_PX`].
    InvalidScale,
}

impl fmt::Display for QrError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::TooLong => f.write_str("text too long for a QR code (at most 2953 bytes)"),
            Self::InvalidScale => write!(
                f,
                "pixels per module are 0 or make the image larger than {MAX_PNG_PX} pixels"
            ),
        }
    }
}

impl core::error::Error for QrError {}

/// The error correction level a [`QrCode`] was encoded with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorCorrection {
    /// Level L: about 7% of the codewords can be restored.
    Low,
    /// Level M: about 15% of the codewords can be restored.
    Medium,
}

/// A QR code (model 2): its square matrix of dark and light modules.
#[derive(Clone, PartialEq, Eq)]
pub struct QrCode {
    version: u8,
    error_correction: ErrorCorrection,
    /// Row-major, `true` for dark, `width * width` entries.
    modules: Vec<bool>,
}

impl fmt::Debug for QrCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("QrCode")
            .field("version", &self.version)
            .field("error_correction", &self.error_correction)
            .finish_non_exhaustive()
    }
}

impl QrCode {
    /// Encodes `text` (e.g. an `mdoc:` URI) in byte mode, in the smallest version that
    /// holds it at error correction level M, or at level L if no version holds it at M.
    ///
    /// The bytes are the text's UTF-8 bytes, without an ECI header: plain ASCII, as an
    /// `mdoc:` URI is, reads the same under every decoder.
    ///
    /// # Errors
    /// [`QrError::TooLong`] when the text is longer than version 40 holds at level L
    /// (2953 bytes).
    ///
    /// ```
    /// use iso18013::qr::{ErrorCorrection, QrCode, QrError};
    ///
    /// let code = QrCode::new("mdoc:owBjMS4w")?;
    /// assert_eq!((code.version(), code.error_correction()), (1, ErrorCorrection::Medium));
    /// assert_eq!(QrCode::new(&"a".repeat(2954)), Err(QrError::TooLong));
    /// # Ok::<(), QrError>(())
    /// ```
    pub fn new(text: &str) -> Result<Self, QrError> {
        let levels = [
            (EcLevel::M, ErrorCorrection::Medium),
            (EcLevel::L, ErrorCorrection::Low),
        ];
        for (level, error_correction) in levels {
            for version in 1..=40u8 {
                if let Some(modules) = encode(text.as_bytes(), version, level) {
                    return Ok(Self {
                        version,
                        error_correction,
                        modules,
                    });
                }
            }
        }
        Err(QrError::TooLong)
    }

    /// The version, 1 to 40.
    pub fn version(&self) -> u8 {
        self.version
    }

    /// The error correction level.
    pub fn error_correction(&self) -> ErrorCorrection {
        self.error_correction
    }

    /// Modules per side, without the quiet zone: 21 for version 1, 4 more per version.
    ///
    /// ```
    /// use iso18013::qr::QrCode;
    ///
    /// assert_eq!(QrCode::new(&"a".repeat(50))?.width(), 33); // version 4
    /// # Ok::<(), iso18013::qr::QrError>(())
    /// ```
    pub fn width(&self) -> usize {
        usize::from(self.width_u16())
    }

    fn width_u16(&self) -> u16 {
        17 + 4 * u16::from(self.version)
    }

    /// Whether the module in column `x`, row `y` (from the top left, without the quiet
    /// zone) is dark. Modules outside the symbol are light, as the quiet zone is.
    ///
    /// ```
    /// use iso18013::qr::QrCode;
    ///
    /// let code = QrCode::new("mdoc:")?;
    /// // The finder pattern's dark ring and light ring.
    /// assert!(code.is_dark(6, 6) && !code.is_dark(5, 5));
    /// assert!(!code.is_dark(code.width(), 0));
    /// # Ok::<(), iso18013::qr::QrError>(())
    /// ```
    pub fn is_dark(&self, x: usize, y: usize) -> bool {
        let width = self.width();
        if x >= width || y >= width {
            return false;
        }
        y.checked_mul(width)
            .and_then(|row| row.checked_add(x))
            .and_then(|i| self.modules.get(i))
            .copied()
            .unwrap_or(false)
    }

    /// Whether the module at `(x, y)` of the symbol with its quiet zone is dark.
    fn padded_dark(&self, x: usize, y: usize) -> bool {
        match (x.checked_sub(QUIET_ZONE), y.checked_sub(QUIET_ZONE)) {
            (Some(x), Some(y)) => self.is_dark(x, y),
            _ => false,
        }
    }

    /// Modules per side with the quiet zone.
    fn padded_width(&self) -> usize {
        self.width() + 2 * QUIET_ZONE
    }

    /// An SVG image, black on white, with a quiet zone of [`QUIET_ZONE`] modules.
    ///
    /// The `viewBox` counts modules, so the image scales cleanly; `width` and `height` are
    /// `module_px` pixels per module, or left out when `module_px` is 0 (the image then
    /// takes the size its container gives it). One white `<rect>` is the background; all
    /// dark modules are one `<path>` of unit-high rectangles, one per horizontal run.
    ///
    /// ```
    /// use iso18013::qr::QrCode;
    ///
    /// let svg = QrCode::new("mdoc:")?.to_svg(10);
    /// assert!(svg.contains(r#"width="290" height="290" viewBox="0 0 29 29""#));
    /// assert_eq!(svg.matches("<path").count(), 1);
    /// # Ok::<(), iso18013::qr::QrError>(())
    /// ```
    pub fn to_svg(&self, module_px: u32) -> String {
        let side = u32::from(self.width_u16()) + 2 * QUIET_ZONE_U32;
        let mut svg = String::from(r#"<svg xmlns="http://www.w3.org/2000/svg" version="1.1" "#);
        if module_px > 0 {
            let px = u64::from(side) * u64::from(module_px);
            let _ = write!(svg, r#"width="{px}" height="{px}" "#);
        }
        let _ = write!(
            svg,
            concat!(
                r#"viewBox="0 0 {side} {side}" shape-rendering="crispEdges">"#,
                r##"<rect width="{side}" height="{side}" fill="#fff"/><path fill="#000" d=""##
            ),
            side = side
        );
        let width = self.width();
        for y in 0..width {
            let mut x = 0;
            while x < width {
                if !self.is_dark(x, y) {
                    x += 1;
                    continue;
                }
                let start = x;
                while x < width && self.is_dark(x, y) {
                    x += 1;
                }
                let run = x - start;
                let _ = write!(
                    svg,
                    "M{} {}h{run}v1h-{run}z",
                    start + QUIET_ZONE,
                    y + QUIET_ZONE
                );
            }
        }
        svg.push_str("\"/></svg>\n");
        svg
    }

    /// A PNG image, 1-bit grayscale, black on white, with a quiet zone of [`QUIET_ZONE`]
    /// modules and `module_px` pixels per module, compressed by the `png` crate (about
    /// 1.2 kB for the Annex D engagement at 8 pixels per module, 30 kB uncompressed).
    ///
    /// # Errors
    /// [`QrError::InvalidScale`] when `module_px` is 0 or the image would be larger than
    /// [`MAX_PNG_PX`] pixels a side.
    ///
    /// ```
    /// use iso18013::qr::QrCode;
    ///
    /// let png = QrCode::new("mdoc:")?.to_png(8)?;
    /// assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
    /// // IHDR: 29 modules of 8 pixels a side.
    /// assert_eq!(&png[16..24], &[0, 0, 0, 232, 0, 0, 0, 232]);
    /// # Ok::<(), iso18013::qr::QrError>(())
    /// ```
    pub fn to_png(&self, module_px: u32) -> Result<Vec<u8>, QrError> {
        let side_px = (u32::from(self.width_u16()) + 2 * QUIET_ZONE_U32)
            .checked_mul(module_px)
            .filter(|px| (1..=MAX_PNG_PX).contains(px))
            .ok_or(QrError::InvalidScale)?;
        let repeat = usize::try_from(module_px).map_err(|_| QrError::InvalidScale)?;
        let side = self.padded_width();
        let row_len = usize::try_from(side_px.div_ceil(8)).map_err(|_| QrError::InvalidScale)?;
        let mut rows = Vec::with_capacity(row_len * side * repeat);
        let mut line = Vec::with_capacity(row_len);
        for y in 0..side {
            line.clear();
            let mut bits = BitPacker::default();
            for x in 0..side {
                // 1 is white at bit depth 1.
                let light = !self.padded_dark(x, y);
                for _ in 0..repeat {
                    bits.push(light, &mut line);
                }
            }
            bits.finish(&mut line);
            for _ in 0..repeat {
                rows.extend_from_slice(&line);
            }
        }
        png::gray1(side_px, side_px, &rows).ok_or(QrError::InvalidScale)
    }

    /// Text for a terminal with a dark background: Unicode half blocks, two module rows per
    /// line, with a quiet zone of [`QUIET_ZONE`] modules.
    ///
    /// The glyphs draw the *light* modules (`█` both, `▀` upper, `▄` lower) and spaces
    /// leave the dark ones to the background, so a camera sees dark on light. On a light
    /// background the code shows inverted, which many but not all readers accept. Lines
    /// end in `\n`; the last line's lower half lies outside the quiet zone and is left
    /// dark.
    ///
    /// ```
    /// use iso18013::qr::QrCode;
    ///
    /// let text = QrCode::new("mdoc:")?.to_terminal();
    /// let first = text.lines().next().unwrap_or_default();
    /// assert_eq!(first, "█".repeat(29)); // quiet zone rows 0 and 1
    /// # Ok::<(), iso18013::qr::QrError>(())
    /// ```
    pub fn to_terminal(&self) -> String {
        let side = self.padded_width();
        let lines = side.div_ceil(2);
        let mut text = String::with_capacity(lines * (side * 3 + 1));
        for line in 0..lines {
            let top = 2 * line;
            let bottom = top + 1;
            for x in 0..side {
                let top_light = !self.padded_dark(x, top);
                let bottom_light = bottom < side && !self.padded_dark(x, bottom);
                text.push(match (top_light, bottom_light) {
                    (true, true) => '█',
                    (true, false) => '▀',
                    (false, true) => '▄',
                    (false, false) => ' ',
                });
            }
            text.push('\n');
        }
        text
    }
}

/// The matrix of `data` in byte mode at `version` and `level`, if it fits.
fn encode(data: &[u8], version: u8, level: EcLevel) -> Option<Vec<bool>> {
    let mut bits = Bits::new(Version::Normal(i16::from(version)));
    bits.push_byte_data(data).ok()?;
    bits.push_terminator(level).ok()?;
    let code = qrcode::QrCode::with_bits(bits, level).ok()?;
    Some(
        code.into_colors()
            .into_iter()
            .map(|c| c == Color::Dark)
            .collect(),
    )
}

/// Packs bits, most significant first, into bytes.
#[derive(Default)]
struct BitPacker {
    byte: u8,
    count: u8,
}

impl BitPacker {
    fn push(&mut self, bit: bool, out: &mut Vec<u8>) {
        self.byte = (self.byte << 1) | u8::from(bit);
        self.count += 1;
        if self.count == 8 {
            out.push(self.byte);
            *self = Self::default();
        }
    }

    /// Writes a partial last byte, padded with zero bits.
    fn finish(self, out: &mut Vec<u8>) {
        if self.count > 0 {
            out.push(self.byte << (8 - self.count));
        }
    }
}
