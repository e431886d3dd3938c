//! The JPEG 2000 walks: JP2 boxes (ISO/IEC 15444-1 Annex I) and the codestream's marker
//! segments (Annex A), main header and tile-part headers.

use alloc::vec::Vec;
use core::ops::Range;

use super::{
    ImageFormat, MetadataBlock, MetadataKind, MetadataReport, PortraitError, be16, be32, be64,
    exif, push_block,
};

/// The JP2 signature box.
pub(super) const SIGNATURE: &[u8] = b"\0\0\0\x0CjP  \r\n\x87\n";
/// The UUID of an XMP `uuid` box.
const XMP_UUID: [u8; 16] = [
    0xBE, 0x7A, 0xCF, 0xCB, 0x97, 0xA9, 0x42, 0xE8, 0x9C, 0x71, 0x99, 0x94, 0x91, 0xE3, 0xAF, 0xAC,
];
/// The UUID of an EXIF `uuid` box ("JpgTiffExif->JP2").
const EXIF_UUID: &[u8; 16] = b"JpgTiffExif->JP2";

pub(super) const FTYP: [u8; 4] = *b"ftyp";
pub(super) const JP2H: [u8; 4] = *b"jp2h";
pub(super) const JP2C: [u8; 4] = *b"jp2c";
#[cfg_attr(not(feature = "portrait"), allow(dead_code))]
pub(super) const IHDR: [u8; 4] = *b"ihdr";
#[cfg_attr(not(feature = "portrait"), allow(dead_code))]
pub(super) const COLR: [u8; 4] = *b"colr";

const SOT: u16 = 0xFF90;
const SOD: u16 = 0xFF93;
const EOC: u16 = 0xFFD9;
const COM: u16 = 0xFF64;

/// A box: its type, where it starts, where its content starts and where it ends.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct BoxHeader {
    pub(super) box_type: [u8; 4],
    pub(super) start: usize,
    pub(super) content: usize,
    pub(super) end: usize,
}

impl BoxHeader {
    pub(super) fn content_range(&self) -> Range<usize> {
        self.content..self.end
    }
}

/// Where things are in a codestream, for the stripper.
#[derive(Clone, Debug)]
#[cfg_attr(not(feature = "portrait"), allow(dead_code))]
pub(super) struct Codestream {
    /// The whole codestream (SOC to the end of its box or file).
    pub(super) range: Range<usize>,
    /// The first SOT marker: the main header ends there.
    pub(super) first_sot: usize,
    /// Just after EOC.
    pub(super) eoc_end: usize,
}

/// Where things are in a JP2 file, for the stripper.
#[derive(Clone, Debug)]
#[cfg_attr(not(feature = "portrait"), allow(dead_code))]
pub(super) struct Jp2Layout {
    /// The top-level boxes in order.
    pub(super) boxes: Vec<BoxHeader>,
    /// The children of `jp2h` in order.
    pub(super) header_children: Vec<BoxHeader>,
    /// The codestream in `jp2c`.
    pub(super) codestream: Codestream,
}

/// Reads the box header at `at`, whose parent ends at `parent_end`.
fn read_box(
    data: &[u8],
    at: usize,
    parent_end: usize,
    top: bool,
) -> Result<BoxHeader, PortraitError> {
    let truncated = PortraitError::Truncated { offset: at };
    let (Some(length), Some(box_type)) = (be32(data, at), data.get(at + 4..at + 8)) else {
        return Err(truncated);
    };
    let mut box_type_array = [0u8; 4];
    box_type_array.copy_from_slice(box_type);
    let bad = || PortraitError::BadBoxLength {
        offset: at,
        box_type: box_type_array,
    };
    let (header, total) = match length {
        0 => (8, parent_end - at),
        1 => {
            let Some(long) = be64(data, at + 8) else {
                return Err(truncated);
            };
            (16, usize::try_from(long).map_err(|_| bad())?)
        }
        n => (8, usize::try_from(n).map_err(|_| bad())?),
    };
    if total < header {
        return Err(bad());
    }
    let end = at.checked_add(total).ok_or_else(bad)?;
    if end > parent_end {
        // A top-level box past the end of the file is a truncated file; a child past its
        // parent is a bad length.
        return Err(if top { truncated } else { bad() });
    }
    Ok(BoxHeader {
        box_type: box_type_array,
        start: at,
        content: at + header,
        end,
    })
}

/// The boxes within `range`, in order.
fn boxes_in(data: &[u8], range: Range<usize>, top: bool) -> Result<Vec<BoxHeader>, PortraitError> {
    let mut boxes = Vec::new();
    let mut at = range.start;
    while at < range.end {
        if boxes.len() >= super::MAX_BLOCKS {
            return Err(PortraitError::TooManyBlocks);
        }
        let found = read_box(data, at, range.end, top)?;
        at = found.end;
        boxes.push(found);
    }
    Ok(boxes)
}

/// What a top-level box is, as metadata (`None` for what decoding needs).
fn classify_top(data: &[u8], found: &BoxHeader) -> Option<MetadataKind> {
    let content = data.get(found.content_range()).unwrap_or_default();
    match &found.box_type {
        b"jP  " | b"ftyp" | b"jp2h" | b"jp2c" | b"rreq" => None,
        b"xml " => Some(MetadataKind::Xml),
        b"uinf" => Some(MetadataKind::UuidInfo),
        b"jp2i" => Some(MetadataKind::IntellectualProperty),
        b"uuid" => {
            let uuid = content.get(..16).unwrap_or_default();
            let rest = content.get(16..).unwrap_or_default();
            if uuid == XMP_UUID {
                Some(MetadataKind::Xmp)
            } else if uuid == EXIF_UUID {
                let tiff = rest.strip_prefix(super::jpeg::EXIF_ID).unwrap_or(rest);
                Some(MetadataKind::Exif(exif::summary(tiff)))
            } else {
                Some(MetadataKind::Uuid)
            }
        }
        other => Some(MetadataKind::OtherBox(*other)),
    }
}

/// What a child of `jp2h` is, as metadata.
pub(super) fn classify_header_child(data: &[u8], found: &BoxHeader) -> Option<MetadataKind> {
    match &found.box_type {
        b"colr" => match data.get(found.content) {
            // Method 2 (restricted ICC) and 3 (any ICC, JPX) carry a profile.
            Some(2 | 3) => Some(MetadataKind::Icc),
            _ => None,
        },
        b"ihdr" | b"bpcc" | b"pclr" | b"cmap" | b"cdef" | b"res " => None,
        other => Some(MetadataKind::OtherBox(*other)),
    }
}

/// Walks a JP2 file: its boxes, the children of `jp2h`, and the codestream in `jp2c`.
pub(super) fn walk_jp2(data: &[u8]) -> Result<(MetadataReport, Jp2Layout), PortraitError> {
    let boxes = boxes_in(data, 0..data.len(), true)?;
    let find = |t: [u8; 4]| boxes.iter().find(|b| b.box_type == t).copied();
    if find(FTYP).is_none() {
        return Err(PortraitError::MissingBox(FTYP));
    }
    let header = find(JP2H).ok_or(PortraitError::MissingBox(JP2H))?;
    let jp2c = find(JP2C).ok_or(PortraitError::MissingBox(JP2C))?;
    let header_children = boxes_in(data, header.content_range(), false)?;
    let mut blocks = Vec::new();
    let mut dimensions = None;
    let mut codestream = None;
    for found in &boxes {
        if found.start == header.start {
            for child in &header_children {
                if let Some(kind) = classify_header_child(data, child) {
                    push_block(&mut blocks, kind, child.start, child.end - child.start)?;
                }
            }
        } else if found.start == jp2c.start {
            let (dims, layout) = walk_codestream(data, jp2c.content_range(), &mut blocks)?;
            dimensions = Some(dims);
            codestream = Some(layout);
        } else if let Some(kind) = classify_top(data, found) {
            push_block(&mut blocks, kind, found.start, found.end - found.start)?;
        }
    }
    let codestream = codestream.ok_or(PortraitError::MissingBox(JP2C))?;
    let report = MetadataReport {
        format: ImageFormat::Jp2,
        dimensions,
        blocks,
    };
    Ok((
        report,
        Jp2Layout {
            boxes,
            header_children,
            codestream,
        },
    ))
}

/// Walks a raw J2K codestream.
pub(super) fn walk_j2k(data: &[u8]) -> Result<(MetadataReport, Codestream), PortraitError> {
    let mut blocks = Vec::new();
    let (dims, layout) = walk_codestream(data, 0..data.len(), &mut blocks)?;
    let report = MetadataReport {
        format: ImageFormat::J2k,
        dimensions: Some(dims),
        blocks,
    };
    Ok((report, layout))
}

/// Reads the marker at `at` (within `end`): its code, and the end of its segment.
fn segment(data: &[u8], at: usize, end: usize) -> Result<(u16, usize), PortraitError> {
    let marker = match be16(data, at) {
        Some(m) if at + 2 <= end => m,
        _ => return Err(PortraitError::Truncated { offset: at }),
    };
    let [high, low] = marker.to_be_bytes();
    if high != 0xFF {
        return Err(PortraitError::BadMarker {
            offset: at,
            byte: high,
        });
    }
    let Some(length) = be16(data, at + 2) else {
        return Err(PortraitError::Truncated { offset: at });
    };
    if length < 2 {
        return Err(PortraitError::BadSegmentLength {
            offset: at,
            marker: low,
        });
    }
    let segment_end = at + 2 + usize::from(length);
    if segment_end > end {
        return Err(PortraitError::Truncated { offset: at });
    }
    Ok((marker, segment_end))
}

/// Walks a codestream within `range`: SIZ, the main header, each tile-part header (whose
/// data it skips by Psot), EOC; comments and trailing bytes become blocks.
fn walk_codestream(
    data: &[u8],
    range: Range<usize>,
    blocks: &mut Vec<MetadataBlock>,
) -> Result<((u32, u32), Codestream), PortraitError> {
    let start = range.start;
    let end = range.end;
    if be16(data, start) != Some(0xFF4F) || be16(data, start + 2) != Some(0xFF51) {
        return Err(PortraitError::MissingBox(*b"SIZ "));
    }
    // SIZ: Lsiz, Rsiz, Xsiz, Ysiz, XOsiz, YOsiz.
    let siz = start + 4;
    let (Some(x), Some(y), Some(x0), Some(y0)) = (
        be32(data, siz + 4),
        be32(data, siz + 8),
        be32(data, siz + 12),
        be32(data, siz + 16),
    ) else {
        return Err(PortraitError::Truncated { offset: start });
    };
    let dimensions = (x.saturating_sub(x0), y.saturating_sub(y0));
    // The main header: marker segments up to the first SOT.
    let mut at = start + 2;
    loop {
        if be16(data, at) == Some(SOT) {
            break;
        }
        let (marker, segment_end) = segment(data, at, end)?;
        if marker == COM {
            push_block(blocks, MetadataKind::Comment, at, segment_end - at)?;
        }
        at = segment_end;
    }
    let first_sot = at;
    // Tile-parts: SOT, its header's segments up to SOD, then data of Psot bytes in all.
    while be16(data, at) == Some(SOT) {
        let (_, sot_end) = segment(data, at, end)?;
        let psot = be32(data, at + 6).ok_or(PortraitError::Truncated { offset: at })?;
        let part_end = if psot == 0 {
            // The last tile-part runs to EOC, the codestream's last two bytes.
            let eoc = end.checked_sub(2).filter(|e| *e > at);
            match eoc {
                Some(eoc) if be16(data, eoc) == Some(EOC) => eoc,
                _ => return Err(PortraitError::Truncated { offset: at }),
            }
        } else {
            let psot =
                usize::try_from(psot).map_err(|_| PortraitError::Truncated { offset: at })?;
            if psot < 14 {
                return Err(PortraitError::BadSegmentLength {
                    offset: at,
                    marker: 0x90,
                });
            }
            match at.checked_add(psot) {
                Some(part_end) if part_end <= end => part_end,
                _ => return Err(PortraitError::Truncated { offset: at }),
            }
        };
        let mut inner = sot_end;
        while !(inner + 2 <= part_end && be16(data, inner) == Some(SOD)) {
            let (marker, segment_end) = segment(data, inner, part_end)?;
            if marker == COM {
                push_block(blocks, MetadataKind::Comment, inner, segment_end - inner)?;
            }
            inner = segment_end;
        }
        at = part_end;
    }
    match be16(data, at) {
        Some(EOC) if at + 2 <= end => {}
        Some(marker) if at + 2 <= end => {
            return Err(PortraitError::BadMarker {
                offset: at,
                byte: marker.to_be_bytes()[1],
            });
        }
        _ => return Err(PortraitError::Truncated { offset: at }),
    }
    let eoc_end = at + 2;
    if eoc_end < end {
        push_block(blocks, MetadataKind::TrailingData, eoc_end, end - eoc_end)?;
    }
    Ok((
        dimensions,
        Codestream {
            range,
            first_sot,
            eoc_end,
        },
    ))
}
