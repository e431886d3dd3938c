//! Locating the facial image in a face data block: an ISO/IEC 19794-5:2005 record, or an
//! image on its own.

/// The encoding of a facial image (ISO/IEC 19794-5:2005 5.7.2, image data type).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum FaceImageFormat {
    /// JPEG (image data type 0).
    Jpeg,
    /// JPEG 2000 (image data type 1).
    Jpeg2000,
    /// Another value of the record's image data type.
    Other(u8),
}

/// A facial image located in a data block, borrowed from it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FaceImage<'a> {
    /// The image bytes (for the verifier's or the issuer's portrait checks).
    pub data: &'a [u8],
    /// The format, as the record declares it (or as the image's signature shows).
    pub format: FaceImageFormat,
    /// Width and height the 19794-5 record declares (`None` for an image on its own).
    pub dimensions: Option<(u16, u16)>,
}

/// The 19794-5 general header: format identifier, version, record length (4), number of
/// facial images (2).
const GENERAL_HEADER: usize = 14;
/// The facial information block: block length (4), feature points (2), gender, eye and
/// hair colour, feature mask (3), expression (2), pose angles (3) and their uncertainty (3).
const FACIAL_INFORMATION: usize = 20;
/// One feature point.
const FEATURE_POINT: usize = 8;
/// The image information: face image type, image data type, width (2), height (2),
/// colour space, source type, device type (2), quality (2).
const IMAGE_INFORMATION: usize = 12;

pub(super) fn face_image(block: &[u8]) -> Option<FaceImage<'_>> {
    if block.starts_with(&[0xFF, 0xD8]) {
        return Some(FaceImage {
            data: block,
            format: FaceImageFormat::Jpeg,
            dimensions: None,
        });
    }
    if block.starts_with(b"\0\0\0\x0CjP  ") || block.starts_with(&[0xFF, 0x4F, 0xFF, 0x51]) {
        return Some(FaceImage {
            data: block,
            format: FaceImageFormat::Jpeg2000,
            dimensions: None,
        });
    }
    record_image(block)
}

fn be16(data: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_be_bytes(
        data.get(at..at.checked_add(2)?)?.try_into().ok()?,
    ))
}

fn be32(data: &[u8], at: usize) -> Option<usize> {
    usize::try_from(u32::from_be_bytes(
        data.get(at..at.checked_add(4)?)?.try_into().ok()?,
    ))
    .ok()
}

/// The first image of a 19794-5:2005 record, when every length agrees with the block.
fn record_image(block: &[u8]) -> Option<FaceImage<'_>> {
    if !block.starts_with(b"FAC\x00010\x00") {
        return None;
    }
    if be32(block, 8)? != block.len() || be16(block, 12)? == 0 {
        return None;
    }
    let facial = GENERAL_HEADER;
    let facial_length = be32(block, facial)?;
    let points = usize::from(be16(block, facial + 4)?);
    let info = facial
        .checked_add(FACIAL_INFORMATION)?
        .checked_add(points.checked_mul(FEATURE_POINT)?)?;
    let image_start = info.checked_add(IMAGE_INFORMATION)?;
    let facial_end = facial.checked_add(facial_length)?;
    if facial_end > block.len() || image_start > facial_end {
        return None;
    }
    let format = match block.get(info + 1)? {
        0 => FaceImageFormat::Jpeg,
        1 => FaceImageFormat::Jpeg2000,
        other => FaceImageFormat::Other(*other),
    };
    let width = be16(block, info + 2)?;
    let height = be16(block, info + 4)?;
    Some(FaceImage {
        data: block.get(image_start..facial_end)?,
        format,
        dimensions: Some((width, height)),
    })
}
