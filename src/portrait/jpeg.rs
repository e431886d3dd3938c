//! The JPEG segment walk (ISO/IEC 10918-1 B.1): markers, segment lengths, entropy-coded
//! data skipped to the next marker.

use alloc::vec::Vec;

use super::{ImageFormat, MetadataKind, MetadataReport, PortraitError, be16, exif, push_block};

pub(super) const EXIF_ID: &[u8] = b"Exif\0\0";
pub(super) const XMP_ID: &[u8] = b"http://ns.adobe.com/xap/1.0/\0";
pub(super) const XMP_EXTENSION_ID: &[u8] = b"http://ns.adobe.com/xmp/extension/\0";
pub(super) const ICC_ID: &[u8] = b"ICC_PROFILE\0";
pub(super) const MPF_ID: &[u8] = b"MPF\0";
pub(super) const PHOTOSHOP_ID: &[u8] = b"Photoshop 3.0\0";
pub(super) const JFIF_ID: &[u8] = b"JFIF\0";
pub(super) const JFXX_ID: &[u8] = b"JFXX\0";
pub(super) const ADOBE_ID: &[u8] = b"Adobe";

const SOI: u8 = 0xD8;
const EOI: u8 = 0xD9;
const SOS: u8 = 0xDA;
const COM: u8 = 0xFE;
const APP0: u8 = 0xE0;
const APP15: u8 = 0xEF;

/// Where things are in a JPEG, for the stripper.
#[derive(Clone, Copy, Debug)]
#[cfg_attr(not(feature = "portrait"), allow(dead_code))]
pub(super) struct JpegLayout {
    /// The offset just after the EOI marker.
    pub(super) image_end: usize,
    /// The offset of the first SOS marker: segments before it are editable.
    pub(super) first_scan: usize,
}

/// Whether an APP0 segment is a JFIF header without a thumbnail (which decoding may use,
/// and which stays).
pub(super) fn is_plain_jfif(payload: &[u8]) -> bool {
    payload.starts_with(JFIF_ID)
        && payload.get(12).copied().unwrap_or(0) == 0
        && payload.get(13).copied().unwrap_or(0) == 0
}

/// What a marker segment is, as metadata; `None` for what decoding needs (frame and scan
/// headers, tables, a JFIF header without thumbnail, the Adobe colour-transform segment).
pub(super) fn classify(marker: u8, payload: &[u8]) -> Option<MetadataKind> {
    match marker {
        COM => Some(MetadataKind::Comment),
        APP0 if is_plain_jfif(payload) => None,
        APP0 if payload.starts_with(JFIF_ID) || payload.starts_with(JFXX_ID) => {
            Some(MetadataKind::Thumbnail)
        }
        0xE1 if payload.starts_with(EXIF_ID) => Some(MetadataKind::Exif(exif::summary(
            payload.get(EXIF_ID.len()..).unwrap_or_default(),
        ))),
        0xE1 if payload.starts_with(XMP_ID) || payload.starts_with(XMP_EXTENSION_ID) => {
            Some(MetadataKind::Xmp)
        }
        0xE2 if payload.starts_with(ICC_ID) => Some(MetadataKind::Icc),
        0xE2 if payload.starts_with(MPF_ID) => Some(MetadataKind::MultiPicture),
        0xED if payload.starts_with(PHOTOSHOP_ID) => Some(MetadataKind::Iptc),
        0xEE if payload.starts_with(ADOBE_ID) => None,
        APP0..=APP15 => Some(MetadataKind::Application(marker - APP0)),
        _ => None,
    }
}

/// Whether a marker is a start-of-frame (SOF0..SOF15 but DHT, JPG and DAC).
fn is_sof(marker: u8) -> bool {
    matches!(marker, 0xC0..=0xCF) && !matches!(marker, 0xC4 | 0xC8 | 0xCC)
}

/// Walks a JPEG from SOI to EOI, then reports any bytes after it.
pub(super) fn walk(data: &[u8]) -> Result<(MetadataReport, JpegLayout), PortraitError> {
    let mut blocks = Vec::new();
    let mut dimensions = None;
    let mut first_scan = None;
    let len = data.len();
    // After SOI.
    let mut pos = 2usize;
    let image_end = loop {
        let marker_at = pos;
        match data.get(pos) {
            None => return Err(PortraitError::Truncated { offset: pos }),
            Some(0xFF) => {}
            Some(&byte) => return Err(PortraitError::BadMarker { offset: pos, byte }),
        }
        // Fill bytes: any number of 0xFF before the marker code.
        while data.get(pos) == Some(&0xFF) {
            pos += 1;
        }
        let Some(&marker) = data.get(pos) else {
            return Err(PortraitError::Truncated { offset: marker_at });
        };
        pos += 1;
        match marker {
            EOI => break pos,
            // Standalone markers: TEM, RSTn.
            0x01 | 0xD0..=0xD7 => continue,
            SOI | 0x00 => {
                return Err(PortraitError::BadMarker {
                    offset: marker_at,
                    byte: marker,
                });
            }
            _ => {}
        }
        let Some(length) = be16(data, pos) else {
            return Err(PortraitError::Truncated { offset: marker_at });
        };
        let length = usize::from(length);
        if length < 2 {
            return Err(PortraitError::BadSegmentLength {
                offset: marker_at,
                marker,
            });
        }
        let segment_end = pos + length;
        let payload = match data.get(pos + 2..segment_end) {
            Some(payload) => payload,
            None => return Err(PortraitError::Truncated { offset: marker_at }),
        };
        if let Some(kind) = classify(marker, payload) {
            push_block(&mut blocks, kind, marker_at, segment_end - marker_at)?;
        }
        if is_sof(marker)
            && dimensions.is_none()
            && let (Some(height), Some(width)) = (be16(payload, 1), be16(payload, 3))
        {
            dimensions = Some((u32::from(width), u32::from(height)));
        }
        pos = segment_end;
        if marker == SOS {
            first_scan.get_or_insert(marker_at);
            pos = skip_entropy(data, pos)?;
        }
        if blocks.len() > len {
            // Unreachable: every block is at least two bytes. A guard for the reader.
            return Err(PortraitError::TooManyBlocks);
        }
    };
    if image_end < len {
        push_block(
            &mut blocks,
            MetadataKind::TrailingData,
            image_end,
            len - image_end,
        )?;
    }
    let report = MetadataReport {
        format: ImageFormat::Jpeg,
        dimensions,
        blocks,
    };
    let layout = JpegLayout {
        image_end,
        first_scan: first_scan.unwrap_or(image_end),
    };
    Ok((report, layout))
}

/// Skips entropy-coded data: returns the offset of the next marker (a 0xFF that is
/// neither a stuffed 0xFF00 nor a restart marker).
fn skip_entropy(data: &[u8], from: usize) -> Result<usize, PortraitError> {
    let mut pos = from;
    loop {
        let rest = data.get(pos..).unwrap_or_default();
        let Some(found) = memchr::memchr(0xFF, rest) else {
            return Err(PortraitError::Truncated { offset: from });
        };
        let at = pos + found;
        match data.get(at + 1) {
            None => return Err(PortraitError::Truncated { offset: from }),
            Some(0x00 | 0xD0..=0xD7) => pos = at + 2,
            Some(0xFF) => pos = at + 1,
            Some(_) => return Ok(at),
        }
    }
}
