//! The PNG encoding of a QR image, on the `png` crate: one grayscale image at bit depth 1,
//! compressed (deflate with adaptive filtering; a QR code's long runs compress well).

use alloc::vec::Vec;

use ::png::{BitDepth, ColorType, Compression, Encoder};

/// A PNG of `width` x `height` pixels, grayscale, bit depth 1, not interlaced, whose rows
/// (each `width.div_ceil(8)` bytes of packed pixels, most significant bit first, 1 for
/// white) are `rows`. `None` when the `png` crate refuses the image (a size that does not
/// match the rows).
pub(super) fn gray1(width: u32, height: u32, rows: &[u8]) -> Option<Vec<u8>> {
    let mut png = Vec::new();
    let mut encoder = Encoder::new(&mut png, width, height);
    encoder.set_color(ColorType::Grayscale);
    encoder.set_depth(BitDepth::One);
    encoder.set_compression(Compression::High);
    let mut writer = encoder.write_header().ok()?;
    writer.write_image_data(rows).ok()?;
    writer.finish().ok()?;
    Some(png)
}
