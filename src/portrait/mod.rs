//! Portraits: which metadata a photo carries, and (feature `portrait`) the issuer's
//! acceptance of an uploaded photo.
//!
//! ISO/IEC 18013-5 13.4.3 allows a portrait in two formats, JPEG and JPEG 2000. A photo
//! uploaded by a citizen carries what the camera wrote: EXIF (often with the GPS position
//! where it was taken), an EXIF thumbnail, XMP, IPTC, an ICC profile, comments. An issuer
//! must remove them before the photo is signed into an mdoc, and a verifier should notice
//! when a disclosed portrait still carries them.
//!
//! - [`metadata`] (no feature, `no_std` + `alloc`): identifies the format and lists the
//!   metadata blocks, with whether the EXIF block has a GPS IFD. A verifier runs it on a
//!   disclosed portrait.
//! - `Portrait::accept` (feature `portrait`): the issuer's gate. It bounds size and
//!   header dimensions, decodes the image fully with a real decoder (zune-jpeg for JPEG,
//!   hayro-jpeg2000 for JPEG 2000), strips the metadata without re-encoding and reports
//!   what it removed.
//!
//! # Design: why a hand-written walker
//!
//! The verifier's check must stay in the `no_std` core (a verifier does not want an image
//! decoder for it) and must be bounded: it reads bytes from strangers. The JPEG segment
//! and JP2 box structures are small (a marker and a 16-bit length; a 32- or 64-bit box
//! length and a type), so the walker here is short: every step moves forward, every length
//! is checked against what remains of its parent before it is used, nothing is allocated
//! by a declared length (only one [`MetadataBlock`] per block found, at most
//! [`MAX_BLOCKS`]), and the EXIF look-up reads one IFD's entries within the segment. The
//! same walk tells the stripper where the image ends (trailing bytes after EOI are
//! dropped) and where the first scan starts (what img-parts can edit). For JPEG 2000 no
//! kept crate edits boxes, so the stripper rebuilds the file from the boxes this walker
//! found (see `strip_jp2`).
//!
//! ```
//! use iso18013::portrait::{metadata, ImageFormat, MetadataKind};
//!
//! // A JPEG that is only SOI, a comment segment and EOI.
//! let jpeg = [0xFF, 0xD8, 0xFF, 0xFE, 0x00, 0x04, b'h', b'i', 0xFF, 0xD9];
//! let report = metadata(&jpeg)?;
//! assert_eq!(report.format, ImageFormat::Jpeg);
//! assert_eq!(report.blocks[0].kind, MetadataKind::Comment);
//! assert!(!report.is_clean() && !report.has_gps());
//! # Ok::<(), iso18013::portrait::PortraitError>(())
//! ```

use alloc::vec::Vec;
use core::fmt;

#[cfg(feature = "portrait")]
mod accept;
mod error;
mod exif;
mod jp2;
mod jpeg;
#[cfg(feature = "portrait")]
mod strip_jp2;
#[cfg(test)]
mod tests;

#[cfg(feature = "portrait")]
pub use accept::{DecodeFailure, Portrait, PortraitLimits};
pub use error::PortraitError;

/// The most metadata blocks, boxes or JPEG 2000 tile-parts a walk goes through before it
/// gives up with [`PortraitError::TooManyBlocks`].
pub const MAX_BLOCKS: usize = 1024;

/// The image formats of a portrait.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ImageFormat {
    /// JPEG (ISO/IEC 10918-1), from its SOI marker.
    Jpeg,
    /// JPEG 2000 in its JP2 file format (ISO/IEC 15444-1 Annex I), from its signature box.
    Jp2,
    /// A raw JPEG 2000 codestream (J2K), from its SOC and SIZ markers.
    J2k,
}

impl fmt::Display for ImageFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Jpeg => "JPEG",
            Self::Jp2 => "JPEG 2000 (JP2)",
            Self::J2k => "JPEG 2000 codestream",
        })
    }
}

/// What an EXIF block holds, as far as a bounded look at its first IFDs tells.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct ExifSummary {
    /// IFD0 has the GPS IFD pointer (tag 0x8825): the photo says where it was taken.
    pub gps: bool,
    /// IFD0 links to an IFD1: the block carries a thumbnail of the photo.
    pub thumbnail: bool,
    /// The TIFF header and IFD0 were well-formed; when `false`, `gps` and `thumbnail` are
    /// unknown (and reported `false`).
    pub well_formed: bool,
}

/// The kinds of metadata an image can carry.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum MetadataKind {
    /// EXIF (JPEG APP1 `Exif`, or a JP2 `uuid` box with the EXIF UUID).
    Exif(ExifSummary),
    /// XMP (JPEG APP1 XMP or extended XMP, or a JP2 `uuid` box with the XMP UUID).
    Xmp,
    /// IPTC in a Photoshop image resource block (JPEG APP13 `Photoshop 3.0`).
    Iptc,
    /// An ICC colour profile (JPEG APP2 `ICC_PROFILE`, or a JP2 `colr` box of method 2 or 3).
    Icc,
    /// A comment (JPEG COM, J2K COM marker).
    Comment,
    /// A JFIF or JFXX thumbnail (JPEG APP0).
    Thumbnail,
    /// A multi-picture index (JPEG APP2 `MPF`): more images follow the first.
    MultiPicture,
    /// Another JPEG application segment (APPn, with its n), such as Ducky or FlashPix.
    Application(u8),
    /// Bytes after the end of the image (after JPEG EOI or J2K EOC): appended images,
    /// vendor trailers.
    TrailingData,
    /// A JP2 `xml ` box.
    Xml,
    /// A JP2 `uuid` box of another vendor.
    Uuid,
    /// A JP2 `uinf` box (UUID info: a list of UUIDs and a URL).
    UuidInfo,
    /// A JP2 `jp2i` box (intellectual property rights).
    IntellectualProperty,
    /// Another JP2 box that decoding does not need (its type).
    OtherBox([u8; 4]),
}

impl fmt::Display for MetadataKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Exif(summary) => {
                f.write_str("EXIF")?;
                if summary.gps {
                    f.write_str(" with GPS")?;
                }
                if summary.thumbnail {
                    f.write_str(if summary.gps {
                        " and a thumbnail"
                    } else {
                        " with a thumbnail"
                    })?;
                }
                Ok(())
            }
            Self::Xmp => f.write_str("XMP"),
            Self::Iptc => f.write_str("IPTC"),
            Self::Icc => f.write_str("ICC profile"),
            Self::Comment => f.write_str("comment"),
            Self::Thumbnail => f.write_str("JFIF thumbnail"),
            Self::MultiPicture => f.write_str("multi-picture index"),
            Self::Application(n) => write!(f, "APP{n} segment"),
            Self::TrailingData => f.write_str("data after the end of the image"),
            Self::Xml => f.write_str("XML box"),
            Self::Uuid => f.write_str("UUID box"),
            Self::UuidInfo => f.write_str("UUID info box"),
            Self::IntellectualProperty => f.write_str("IPR box"),
            Self::OtherBox(box_type) => write!(f, "{} box", error::FourCc(box_type)),
        }
    }
}

/// One metadata block found in an image.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct MetadataBlock {
    /// What it is.
    pub kind: MetadataKind,
    /// Where it starts in the file (its marker or box header).
    pub offset: usize,
    /// Its size in bytes, marker or box header included.
    pub len: usize,
}

/// What [`metadata`] found: the format, the dimensions its header declares, and the
/// metadata blocks in file order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MetadataReport {
    /// The format.
    pub format: ImageFormat,
    /// Width and height from the frame header (JPEG SOFn, J2K SIZ), when found.
    pub dimensions: Option<(u32, u32)>,
    /// The metadata blocks, in file order. Empty for a clean image.
    pub blocks: Vec<MetadataBlock>,
}

impl MetadataReport {
    /// Whether the image carries no metadata at all.
    #[must_use]
    pub fn is_clean(&self) -> bool {
        self.blocks.is_empty()
    }

    /// Whether an EXIF block has a GPS IFD (where the photo was taken).
    #[must_use]
    pub fn has_gps(&self) -> bool {
        self.blocks
            .iter()
            .any(|b| matches!(b.kind, MetadataKind::Exif(ExifSummary { gps: true, .. })))
    }
}

/// Identifies a JPEG or JPEG 2000 image and lists the metadata blocks it carries, in a
/// bounded walk of its segments or boxes (no decoding).
///
/// # Errors
///
/// [`PortraitError::Empty`], [`NotAnImage`](PortraitError::NotAnImage) or
/// [`UnsupportedFormat`](PortraitError::UnsupportedFormat) for other bytes; a structural
/// error ([`Truncated`](PortraitError::Truncated),
/// [`BadMarker`](PortraitError::BadMarker), [`BadSegmentLength`](PortraitError::BadSegmentLength),
/// [`BadBoxLength`](PortraitError::BadBoxLength), [`MissingBox`](PortraitError::MissingBox),
/// [`TooManyBlocks`](PortraitError::TooManyBlocks)) naming where the walk stopped.
pub fn metadata(bytes: &[u8]) -> Result<MetadataReport, PortraitError> {
    match sniff(bytes)? {
        ImageFormat::Jpeg => jpeg::walk(bytes).map(|(report, _)| report),
        ImageFormat::Jp2 => jp2::walk_jp2(bytes).map(|(report, _)| report),
        ImageFormat::J2k => jp2::walk_j2k(bytes).map(|(report, _)| report),
    }
}

/// The format from the first bytes.
fn sniff(bytes: &[u8]) -> Result<ImageFormat, PortraitError> {
    if bytes.is_empty() {
        return Err(PortraitError::Empty);
    }
    if bytes.starts_with(&[0xFF, 0xD8]) {
        return Ok(ImageFormat::Jpeg);
    }
    if bytes.starts_with(jp2::SIGNATURE) {
        return Ok(ImageFormat::Jp2);
    }
    if bytes.starts_with(&[0xFF, 0x4F, 0xFF, 0x51]) {
        return Ok(ImageFormat::J2k);
    }
    let other: &[(&[u8], usize, &'static str)] = &[
        (b"\x89PNG\r\n\x1a\n", 0, "PNG"),
        (b"GIF8", 0, "GIF"),
        (b"WEBP", 8, "WebP"),
        (b"II*\0", 0, "TIFF"),
        (b"MM\0*", 0, "TIFF"),
        (b"BM", 0, "BMP"),
        (b"ftypheic", 4, "HEIF"),
        (b"ftypmif1", 4, "HEIF"),
        (b"ftypavif", 4, "AVIF"),
        (b"\xFF\x0A", 0, "JPEG XL"),
        (b"\0\0\0\x0CJXL ", 0, "JPEG XL"),
    ];
    for (magic, at, name) in other {
        if bytes.get(*at..).is_some_and(|rest| rest.starts_with(magic)) {
            return Err(PortraitError::UnsupportedFormat(name));
        }
    }
    Err(PortraitError::NotAnImage)
}

/// Big-endian reads within bounds.
fn be16(data: &[u8], at: usize) -> Option<u16> {
    let bytes = data.get(at..at.checked_add(2)?)?;
    Some(u16::from_be_bytes([*bytes.first()?, *bytes.get(1)?]))
}

fn be32(data: &[u8], at: usize) -> Option<u32> {
    let bytes: [u8; 4] = data.get(at..at.checked_add(4)?)?.try_into().ok()?;
    Some(u32::from_be_bytes(bytes))
}

fn be64(data: &[u8], at: usize) -> Option<u64> {
    let bytes: [u8; 8] = data.get(at..at.checked_add(8)?)?.try_into().ok()?;
    Some(u64::from_be_bytes(bytes))
}

/// Appends a block, refusing more than [`MAX_BLOCKS`].
fn push_block(
    blocks: &mut Vec<MetadataBlock>,
    kind: MetadataKind,
    offset: usize,
    len: usize,
) -> Result<(), PortraitError> {
    if blocks.len() >= MAX_BLOCKS {
        return Err(PortraitError::TooManyBlocks);
    }
    blocks.push(MetadataBlock { kind, offset, len });
    Ok(())
}
