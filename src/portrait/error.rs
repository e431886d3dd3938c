//! What can be wrong with a photo.

use core::fmt;

use super::{ImageFormat, MetadataKind};

/// Why an image was refused, by [`metadata`](super::metadata) (its structure) or by
/// `Portrait::accept` (feature `portrait`: limits, decoding, stripping).
#[derive(Debug)]
#[non_exhaustive]
pub enum PortraitError {
    /// No bytes at all.
    Empty,
    /// Neither a JPEG nor a JPEG 2000 file (no SOI marker, JP2 signature box or J2K SOC).
    NotAnImage,
    /// A known image format other than the two an ID portrait may use (ISO/IEC 18013-5
    /// 13.4.3): its usual name, such as `"PNG"`.
    UnsupportedFormat(&'static str),
    /// The file ends inside a structure that declared more bytes (or before its end marker).
    Truncated {
        /// Where the unfinished structure starts.
        offset: usize,
    },
    /// A JPEG byte where a marker (0xFF, then a marker code) must stand, or a marker that
    /// cannot stand there (a second SOI).
    BadMarker {
        /// Where.
        offset: usize,
        /// The byte found (the marker code, or the byte that should have been 0xFF).
        byte: u8,
    },
    /// A JPEG or J2K marker segment whose length field is below its minimum (2).
    BadSegmentLength {
        /// Where the marker starts.
        offset: usize,
        /// The marker code.
        marker: u8,
    },
    /// A JP2 box whose length is below its header's, or past its parent's end.
    BadBoxLength {
        /// Where the box starts.
        offset: usize,
        /// The box type (four characters).
        box_type: [u8; 4],
    },
    /// A JP2 file without the box it must have (`ftyp`, `jp2h` or `jp2c`), or a J2K
    /// codestream without its SIZ marker: the four characters named.
    MissingBox([u8; 4]),
    /// More metadata blocks, boxes or tile-parts than any portrait has
    /// ([`MAX_BLOCKS`](super::MAX_BLOCKS)).
    TooManyBlocks,
    /// The file is larger than the limit.
    TooLarge {
        /// Its size in bytes.
        len: usize,
        /// The limit.
        max: usize,
    },
    /// The image's header declares dimensions over the limits (checked before decoding).
    DimensionsOverLimit {
        /// Declared width in pixels.
        width: u32,
        /// Declared height in pixels.
        height: u32,
    },
    /// The image's header declares a zero width or height.
    ZeroDimensions,
    /// The decoder library could not decode the image (header or data).
    #[cfg(feature = "portrait")]
    Undecodable(super::DecodeFailure),
    /// Metadata the stripper cannot remove without re-encoding: a JPEG APPn/COM segment
    /// between two scans, or a J2K comment in a tile-part header.
    Unstrippable(MetadataKind),
    /// The stripped image no longer decodes to the same pixels (never seen; a guard).
    StripChangedImage(ImageFormat),
}

impl fmt::Display for PortraitError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Empty => f.write_str("the image is empty"),
            Self::NotAnImage => f.write_str("not a JPEG or JPEG 2000 image"),
            Self::UnsupportedFormat(name) => {
                write!(f, "a {name} image; a portrait must be JPEG or JPEG 2000")
            }
            Self::Truncated { offset } => {
                write!(f, "the image is truncated (structure at byte {offset})")
            }
            Self::BadMarker { offset, byte } => {
                write!(f, "bad JPEG marker 0x{byte:02X} at byte {offset}")
            }
            Self::BadSegmentLength { offset, marker } => {
                write!(
                    f,
                    "bad length of marker 0x{marker:02X} segment at byte {offset}"
                )
            }
            Self::BadBoxLength { offset, box_type } => write!(
                f,
                "bad length of JP2 box {} at byte {offset}",
                FourCc(box_type)
            ),
            Self::MissingBox(box_type) => {
                write!(f, "the JPEG 2000 image has no {}", FourCc(box_type))
            }
            Self::TooManyBlocks => f.write_str("too many segments or boxes for a portrait"),
            Self::TooLarge { len, max } => {
                write!(f, "the image has {len} bytes, over the limit of {max}")
            }
            Self::DimensionsOverLimit { width, height } => {
                write!(f, "the image is {width}x{height} pixels, over the limits")
            }
            Self::ZeroDimensions => f.write_str("the image has a zero width or height"),
            #[cfg(feature = "portrait")]
            Self::Undecodable(_) => f.write_str("the image does not decode"),
            Self::Unstrippable(kind) => {
                write!(
                    f,
                    "metadata ({kind}) that cannot be removed without re-encoding"
                )
            }
            Self::StripChangedImage(format) => {
                write!(f, "stripping the {format} metadata changed the image")
            }
        }
    }
}

impl core::error::Error for PortraitError {
    fn source(&self) -> Option<&(dyn core::error::Error + 'static)> {
        match self {
            #[cfg(feature = "portrait")]
            Self::Undecodable(failure) => Some(failure),
            _ => None,
        }
    }
}

/// Four characters of a box type, printable or as hex.
pub(super) struct FourCc<'a>(pub(super) &'a [u8; 4]);

impl fmt::Display for FourCc<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.iter().all(|b| b.is_ascii_graphic() || *b == b' ') {
            for b in self.0 {
                write!(f, "{}", char::from(*b))?;
            }
            Ok(())
        } else {
            for b in self.0 {
                write!(f, "{b:02x}")?;
            }
            Ok(())
        }
    }
}
