//! Stripping JPEG 2000 metadata without re-encoding: the file is rebuilt from the boxes
//! and marker segments the bounded walk found (no maintained crate edits JP2 boxes).

use alloc::vec::Vec;

use super::PortraitError;
use super::jp2::{BoxHeader, COLR, Codestream, IHDR, JP2C, JP2H, Jp2Layout, classify_header_child};
use super::{MetadataKind, be16};

/// Enumerated colour spaces of a `colr` box of method 1 (15444-1 I.5.3.3).
const SRGB: u32 = 16;
const GREYSCALE: u32 = 17;
const COM: u16 = 0xFF64;

/// Rebuilds a JP2 file with its signature, `ftyp`, `rreq`, the first `jp2h` (without
/// ICC profiles and unknown children) and the first `jp2c` (without comments in its main
/// header and bytes after EOC); every other box is dropped.
pub(super) fn strip_jp2(data: &[u8], layout: &Jp2Layout) -> Result<Vec<u8>, PortraitError> {
    let mut out = Vec::with_capacity(data.len());
    let mut header_done = false;
    let mut codestream_done = false;
    for found in &layout.boxes {
        match &found.box_type {
            b"jP  " | b"ftyp" | b"rreq" => out.extend_from_slice(raw(data, found)),
            b"jp2h" if !header_done => {
                header_done = true;
                let content = header(data, &layout.header_children);
                write_box(&mut out, JP2H, &content);
            }
            b"jp2c" if !codestream_done => {
                codestream_done = true;
                let content = strip_codestream(data, &layout.codestream)?;
                write_box(&mut out, JP2C, &content);
            }
            _ => {}
        }
    }
    Ok(out)
}

fn raw<'a>(data: &'a [u8], found: &BoxHeader) -> &'a [u8] {
    data.get(found.start..found.end).unwrap_or_default()
}

/// The content of `jp2h` without its metadata children; if every `colr` box carried an
/// ICC profile, one enumerated `colr` (sRGB, or greyscale for one or two components)
/// takes their place, since a JP2 header must have one.
fn header(data: &[u8], children: &[BoxHeader]) -> Vec<u8> {
    let mut content = Vec::new();
    let kept_colr = children
        .iter()
        .any(|c| c.box_type == COLR && classify_header_child(data, c).is_none());
    let components = children
        .iter()
        .find(|c| c.box_type == IHDR)
        .and_then(|ihdr| be16(data, ihdr.content + 8))
        .unwrap_or(3);
    let mut colr_written = kept_colr;
    for child in children {
        match classify_header_child(data, child) {
            None => content.extend_from_slice(raw(data, child)),
            Some(MetadataKind::Icc) if !colr_written => {
                colr_written = true;
                let space = if components >= 3 { SRGB } else { GREYSCALE };
                let mut colr = Vec::with_capacity(7);
                colr.extend_from_slice(&[1, 0, 0]);
                colr.extend_from_slice(&space.to_be_bytes());
                write_box(&mut content, COLR, &colr);
            }
            Some(_) => {}
        }
    }
    content
}

/// The codestream from SOC to EOC without the COM segments of its main header. A COM in
/// a tile-part header would change the tile-part's length (Psot, and TLM if present):
/// refused.
pub(super) fn strip_codestream(
    data: &[u8],
    codestream: &Codestream,
) -> Result<Vec<u8>, PortraitError> {
    let mut out = Vec::with_capacity(codestream.eoc_end.saturating_sub(codestream.range.start));
    let mut at = codestream.range.start + 2;
    out.extend_from_slice(data.get(codestream.range.start..at).unwrap_or_default());
    // Main header segments (their lengths were checked by the walk).
    while at < codestream.first_sot {
        let length = be16(data, at + 2).map_or(0, usize::from);
        let end = (at + 2 + length).min(codestream.first_sot);
        if be16(data, at) != Some(COM) {
            out.extend_from_slice(data.get(at..end).unwrap_or_default());
        }
        at = end.max(at + 1);
    }
    let tiles = data
        .get(codestream.first_sot..codestream.eoc_end)
        .unwrap_or_default();
    out.extend_from_slice(tiles);
    let mut left = Vec::new();
    super::jp2::walk_j2k(&out).map(|(report, _)| left = report.blocks)?;
    if let Some(block) = left.first() {
        return Err(PortraitError::Unstrippable(block.kind));
    }
    Ok(out)
}

/// Writes a box: a 32-bit length when it fits, else the extended 64-bit form.
fn write_box(out: &mut Vec<u8>, box_type: [u8; 4], content: &[u8]) {
    match u32::try_from(content.len() + 8) {
        Ok(length) => out.extend_from_slice(&length.to_be_bytes()),
        Err(_) => {
            out.extend_from_slice(&1u32.to_be_bytes());
            out.extend_from_slice(&box_type);
            let long = u64::try_from(content.len() + 16).unwrap_or(u64::MAX);
            out.extend_from_slice(&long.to_be_bytes());
            out.extend_from_slice(content);
            return;
        }
    }
    out.extend_from_slice(&box_type);
    out.extend_from_slice(content);
}
