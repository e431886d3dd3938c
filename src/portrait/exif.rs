//! A bounded look into an EXIF block: the TIFF header and IFD0 only.

use super::ExifSummary;

/// The GPS IFD pointer tag (EXIF 2.3 4.6.3).
const GPS_IFD_POINTER: u16 = 0x8825;

/// Summarises a TIFF structure (the EXIF payload after `Exif\0\0`): whether IFD0 has the
/// GPS IFD pointer and links to an IFD1 (the thumbnail). Reads at most IFD0's entries,
/// each checked against the block's end; a malformed block gives `well_formed: false`.
pub(super) fn summary(tiff: &[u8]) -> ExifSummary {
    summarise(tiff).unwrap_or_default()
}

fn summarise(tiff: &[u8]) -> Option<ExifSummary> {
    let little = match tiff.get(..4)? {
        [b'I', b'I', 42, 0] => true,
        [b'M', b'M', 0, 42] => false,
        _ => return None,
    };
    let u16_at = |at: usize| -> Option<u16> {
        let b: [u8; 2] = tiff.get(at..at.checked_add(2)?)?.try_into().ok()?;
        Some(if little {
            u16::from_le_bytes(b)
        } else {
            u16::from_be_bytes(b)
        })
    };
    let u32_at = |at: usize| -> Option<usize> {
        let b: [u8; 4] = tiff.get(at..at.checked_add(4)?)?.try_into().ok()?;
        let v = if little {
            u32::from_le_bytes(b)
        } else {
            u32::from_be_bytes(b)
        };
        usize::try_from(v).ok()
    };
    let ifd0 = u32_at(4)?;
    let count = usize::from(u16_at(ifd0)?);
    let entries = ifd0.checked_add(2)?;
    // The entries and the next-IFD offset must lie within the block: checked once here,
    // so the loop below reads only what exists.
    let next_at = entries.checked_add(count.checked_mul(12)?)?;
    let next = u32_at(next_at)?;
    let mut gps = false;
    for i in 0..count {
        let tag = u16_at(entries.checked_add(i.checked_mul(12)?)?)?;
        if tag == GPS_IFD_POINTER {
            gps = true;
        }
    }
    // IFD1 is the thumbnail's IFD; a link that leads outside the block is no IFD.
    let thumbnail = next != 0 && u16_at(next).is_some();
    Some(ExifSummary {
        gps,
        thumbnail,
        well_formed: true,
    })
}
