//! The issuer's gate for an uploaded photo (feature `portrait`): bounded, decoded by a
//! real decoder, stripped without re-encoding.

use alloc::vec::Vec;
use core::fmt;

use img_parts::Bytes;
use img_parts::jpeg::{Jpeg, JpegSegment};
use zune_jpeg::JpegDecoder;
use zune_jpeg::zune_core::bytestream::ZCursor;
use zune_jpeg::zune_core::options::DecoderOptions;

use super::jpeg::{JFIF_ID, classify};
use super::{ImageFormat, MetadataBlock, MetadataKind, PortraitError, jp2, jpeg, metadata, sniff};

/// The bounds an uploaded portrait must keep, checked before anything is decoded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PortraitLimits {
    /// The most bytes of the file.
    pub max_bytes: usize,
    /// The widest image, in pixels.
    pub max_width: u32,
    /// The tallest image, in pixels.
    pub max_height: u32,
    /// The most pixels (width × height).
    pub max_pixels: u64,
}

impl PortraitLimits {
    /// Room for any ID portrait (ISO/IEC 19794-5 full frontal images are some hundred
    /// pixels wide; a phone photo before cropping is up to 4000 × 4000): 4 MiB, 4000 ×
    /// 4000 pixels, 16 megapixels.
    pub const DEFAULT: Self = Self {
        max_bytes: 4 * 1024 * 1024,
        max_width: 4000,
        max_height: 4000,
        max_pixels: 16_000_000,
    };

    fn check(&self, width: u32, height: u32) -> Result<(), PortraitError> {
        if width == 0 || height == 0 {
            return Err(PortraitError::ZeroDimensions);
        }
        if width > self.max_width
            || height > self.max_height
            || u64::from(width) * u64::from(height) > self.max_pixels
        {
            return Err(PortraitError::DimensionsOverLimit { width, height });
        }
        Ok(())
    }
}

impl Default for PortraitLimits {
    fn default() -> Self {
        Self::DEFAULT
    }
}

/// A decoder library's reason for refusing an image (the `source()` of
/// [`PortraitError::Undecodable`]).
#[derive(Debug)]
pub struct DecodeFailure(Failure);

#[derive(Debug)]
enum Failure {
    Jpeg(zune_jpeg::errors::DecodeErrors),
    Jpeg2000(hayro_jpeg2000::DecodeError),
    Segments(img_parts::Error),
}

impl fmt::Display for DecodeFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0 {
            Failure::Jpeg(e) => write!(f, "zune-jpeg: {e:?}"),
            Failure::Jpeg2000(e) => write!(f, "hayro-jpeg2000: {e}"),
            Failure::Segments(e) => write!(f, "img-parts: {e}"),
        }
    }
}

impl core::error::Error for DecodeFailure {
    fn source(&self) -> Option<&(dyn core::error::Error + 'static)> {
        match &self.0 {
            Failure::Jpeg(e) => Some(e),
            Failure::Jpeg2000(e) => Some(e),
            Failure::Segments(e) => Some(e),
        }
    }
}

fn undecodable(failure: Failure) -> PortraitError {
    PortraitError::Undecodable(DecodeFailure(failure))
}

/// A portrait an issuer may sign: JPEG or JPEG 2000 within its limits, fully decoded by a
/// real decoder, with its metadata removed. Only [`Portrait::accept`] makes one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Portrait {
    bytes: Vec<u8>,
    format: ImageFormat,
    width: u32,
    height: u32,
    removed: Vec<MetadataBlock>,
}

impl Portrait {
    /// Accepts an uploaded photo: checks its size and the dimensions its header declares
    /// against `limits` (before decoding), decodes it fully (zune-jpeg for JPEG,
    /// hayro-jpeg2000 for JPEG 2000), removes EXIF, XMP, IPTC, ICC profiles, comments,
    /// thumbnails, other application segments or boxes and bytes after the end of the
    /// image without re-encoding it (img-parts edits the JPEG segments; JP2 boxes are
    /// rebuilt from the walk of [`metadata`](super::metadata)), and checks that the result
    /// carries no metadata and decodes to the very same pixels. A JPEG keeps its JFIF
    /// header (without thumbnail) and its Adobe colour-transform segment.
    ///
    /// "Decodes" means what the decoder accepts: a JPEG scan cut short but closed by an
    /// EOI marker is completed with grey by zune-jpeg (as by libjpeg, with a warning only),
    /// so such a photo is accepted; a file that ends without EOI, or whose entropy-coded
    /// data is not valid Huffman code, is not.
    ///
    /// ```
    /// use iso18013::portrait::{metadata, Portrait, PortraitLimits};
    ///
    /// let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/test-vectors/portraits");
    /// let upload = std::fs::read(format!("{dir}/with-metadata.jpg"))?;
    /// assert!(metadata(&upload)?.has_gps());
    ///
    /// let portrait = Portrait::accept(&upload, &PortraitLimits::default())?;
    /// assert!(metadata(portrait.bytes())?.is_clean());
    /// for block in portrait.removed() {
    ///     println!("removed {} ({} bytes)", block.kind, block.len);
    /// }
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`PortraitError::TooLarge`], [`DimensionsOverLimit`](PortraitError::DimensionsOverLimit),
    /// [`ZeroDimensions`](PortraitError::ZeroDimensions); any error of
    /// [`metadata`](super::metadata) (not an image, another format, a broken
    /// structure); [`Undecodable`](PortraitError::Undecodable) when the decoder refuses
    /// it; [`Unstrippable`](PortraitError::Unstrippable) for metadata that only
    /// re-encoding could remove (between JPEG scans, in a J2K tile-part header).
    pub fn accept(bytes: &[u8], limits: &PortraitLimits) -> Result<Portrait, PortraitError> {
        let format = sniff(bytes)?;
        if bytes.len() > limits.max_bytes {
            return Err(PortraitError::TooLarge {
                len: bytes.len(),
                max: limits.max_bytes,
            });
        }
        let (clean, removed, (width, height)) = match format {
            ImageFormat::Jpeg => {
                let (report, layout) = jpeg::walk(bytes)?;
                let (width, height) = report.dimensions.ok_or(PortraitError::Truncated {
                    offset: layout.first_scan,
                })?;
                limits.check(width, height)?;
                let pixels = decode_jpeg(bytes, limits)?;
                let clean = strip_jpeg(bytes, layout.image_end)?;
                if decode_jpeg(&clean, limits)? != pixels {
                    return Err(PortraitError::StripChangedImage(format));
                }
                (clean, report.blocks, (width, height))
            }
            ImageFormat::Jp2 | ImageFormat::J2k => {
                let (report, clean) = if format == ImageFormat::Jp2 {
                    let (report, layout) = jp2::walk_jp2(bytes)?;
                    let clean = super::strip_jp2::strip_jp2(bytes, &layout)?;
                    (report, clean)
                } else {
                    let (report, layout) = jp2::walk_j2k(bytes)?;
                    let clean = super::strip_jp2::strip_codestream(bytes, &layout)?;
                    (report, clean)
                };
                let (width, height) = report.dimensions.unwrap_or((0, 0));
                limits.check(width, height)?;
                let pixels = decode_jpeg2000(bytes, limits)?;
                if decode_jpeg2000(&clean, limits)? != pixels {
                    return Err(PortraitError::StripChangedImage(format));
                }
                (clean, report.blocks, (width, height))
            }
        };
        if let Some(left) = metadata(&clean)?.blocks.first() {
            return Err(PortraitError::Unstrippable(left.kind));
        }
        Ok(Portrait {
            bytes: clean,
            format,
            width,
            height,
            removed,
        })
    }

    /// The clean image bytes, to sign as the `portrait` element.
    #[must_use]
    pub fn bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// The clean image bytes, owned.
    #[must_use]
    pub fn into_bytes(self) -> Vec<u8> {
        self.bytes
    }

    /// The format (unchanged by stripping).
    #[must_use]
    pub fn format(&self) -> ImageFormat {
        self.format
    }

    /// Width and height in pixels.
    #[must_use]
    pub fn dimensions(&self) -> (u32, u32) {
        (self.width, self.height)
    }

    /// What was removed from the upload: each block's kind, offset in the upload and size.
    #[must_use]
    pub fn removed(&self) -> &[MetadataBlock] {
        &self.removed
    }
}

/// Decodes a JPEG fully with zune-jpeg in strict mode, within the limits.
pub(super) fn decode_jpeg(bytes: &[u8], limits: &PortraitLimits) -> Result<Vec<u8>, PortraitError> {
    let options = DecoderOptions::default()
        .set_strict_mode(true)
        .set_max_width(usize::try_from(limits.max_width).unwrap_or(usize::MAX))
        .set_max_height(usize::try_from(limits.max_height).unwrap_or(usize::MAX));
    let mut decoder = JpegDecoder::new_with_options(ZCursor::new(bytes), options);
    decoder.decode().map_err(|e| undecodable(Failure::Jpeg(e)))
}

/// Decodes a JPEG 2000 image (JP2 or J2K) fully with hayro-jpeg2000, within the limits
/// (its header's dimensions are checked again before the decode).
pub(super) fn decode_jpeg2000(
    bytes: &[u8],
    limits: &PortraitLimits,
) -> Result<Vec<u8>, PortraitError> {
    let settings = hayro_jpeg2000::DecodeSettings {
        strict: true,
        ..Default::default()
    };
    let image = hayro_jpeg2000::Image::new(bytes, &settings)
        .map_err(|e| undecodable(Failure::Jpeg2000(e)))?;
    limits.check(image.width(), image.height())?;
    let mut context = hayro_jpeg2000::DecoderContext::default();
    let decoded = image
        .decode(&mut context)
        .map_err(|e| undecodable(Failure::Jpeg2000(e)))?;
    Ok(decoded.data_u8())
}

/// Removes every metadata segment before the first scan with img-parts, and everything
/// after EOI; a JFIF header with a thumbnail keeps its header without the thumbnail.
fn strip_jpeg(bytes: &[u8], image_end: usize) -> Result<Vec<u8>, PortraitError> {
    let image = bytes.get(..image_end).unwrap_or(bytes);
    let mut jpeg = Jpeg::from_bytes(Bytes::copy_from_slice(image))
        .map_err(|e| undecodable(Failure::Segments(e)))?;
    let segments = core::mem::take(jpeg.segments_mut());
    for segment in segments {
        let contents = segment.contents();
        match classify(segment.marker(), contents) {
            None => jpeg.segments_mut().push(segment),
            Some(MetadataKind::Thumbnail) if contents.starts_with(JFIF_ID) => {
                // JFIF 1.02: identifier, version, units, densities (12 bytes), then the
                // thumbnail's width and height, set to zero.
                let mut header = contents.get(..12).unwrap_or_default().to_vec();
                header.extend_from_slice(&[0, 0]);
                jpeg.segments_mut().push(JpegSegment::new_with_contents(
                    segment.marker(),
                    Bytes::from(header),
                ));
            }
            Some(_) => {}
        }
    }
    Ok(jpeg.encoder().bytes().to_vec())
}
