//! The biometric data groups (DG2, DG3, DG4) and the mDL's `biometric_template_xx`: the
//! structure of ICAO Doc 9303 part 10 4.7.2 to 4.7.4.

use alloc::vec::Vec;

use super::face::{FaceImage, face_image};
use super::tags::{COUNT, DATA_BLOCK, DATA_BLOCK_ENCIPHERED, GROUP_TEMPLATE, HEADER, TEMPLATE};
use super::tlv::{Tlv, TlvReader, check_well_formed, single};
use super::{DataGroup, EmrtdError, MAX_TEMPLATES};

/// A biometric header template (0xA1): the CBEFF elements ICAO uses, when present.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BiometricHeader<'a> {
    /// The template's whole value (every element, as TLVs).
    pub raw: &'a [u8],
    /// ICAO header version (0x80).
    pub version: Option<&'a [u8]>,
    /// Biometric type (0x81), e.g. `[0x02]` face, `[0x08]` finger, `[0x10]` iris.
    pub biometric_type: Option<&'a [u8]>,
    /// Biometric subtype (0x82).
    pub subtype: Option<&'a [u8]>,
    /// Format owner (0x87), e.g. 0x0101 for ISO/IEC JTC 1/SC 37.
    pub format_owner: Option<u16>,
    /// Format type (0x88), e.g. 0x0008 face image, 0x0007 finger image, 0x0009 iris image.
    pub format_type: Option<u16>,
}

/// One biometric information template (0x7F60): a header and a data block.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BiometricTemplate<'a> {
    /// The header template.
    pub header: BiometricHeader<'a>,
    /// The biometric data block's bytes (an ISO/IEC 19794 record, or for the mDL's face
    /// template the image itself).
    pub data: &'a [u8],
    /// Whether the block is the enciphered form (0x7F2E); its bytes are then TLVs.
    pub enciphered: bool,
}

impl<'a> BiometricTemplate<'a> {
    /// The facial image in this template's data block, when it can be located safely: an
    /// ISO/IEC 19794-5:2005 record (`FAC\0`, version `010\0`, its first image), or a data
    /// block that is itself a JPEG or JPEG 2000 image (the mDL's
    /// `biometric_template_face`, ISO/IEC 18013-5 13.4.7). `None` for any other record
    /// (19794-5:2011 records, enciphered blocks, inconsistent lengths).
    #[must_use]
    pub fn face_image(&self) -> Option<FaceImage<'a>> {
        if self.enciphered {
            return None;
        }
        face_image(self.data)
    }
}

/// A biometric data group or template, checked: what it holds, borrowed from its bytes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BiometricGroup<'a> {
    /// The data group (`None` for the mDL's `biometric_template_xx`, which starts at
    /// 0x7F61).
    pub data_group: Option<DataGroup>,
    /// The templates, in order (as many as the group's instance count says).
    pub templates: Vec<BiometricTemplate<'a>>,
}

impl<'a> BiometricGroup<'a> {
    /// The data blocks, in order.
    pub fn data_blocks(&self) -> impl Iterator<Item = &'a [u8]> + '_ {
        self.templates.iter().map(|t| t.data)
    }

    /// The facial images that could be located (see [`BiometricTemplate::face_image`]).
    pub fn face_images(&self) -> impl Iterator<Item = FaceImage<'a>> + '_ {
        self.templates
            .iter()
            .filter_map(BiometricTemplate::face_image)
    }
}

/// Checks an eMRTD biometric data group (DG2 face, DG3 fingerprints or DG4 iris, as it
/// travels in the PhotoID namespace `org.iso.23220.datagroups.1`): the outer tag is the
/// data group's, the whole is well-formed BER-TLV with no trailing bytes, and inside it
/// one biometric information group template 0x7F61 whose instance count 0x02 equals the
/// number of templates 0x7F60, each a header 0xA1 then a data block 0x5F2E or 0x7F2E.
///
/// ```
/// use iso18013::emrtd::{parse_data_group, DataGroup, EmrtdError};
///
/// // DG4 with one template: header (format owner 0x0101, type 0x0009) and a 3-byte block.
/// let dg4 = [0x76, 0x17, 0x7F, 0x61, 0x14, 0x02, 0x01, 0x01,
///            0x7F, 0x60, 0x0E, 0xA1, 0x08, 0x87, 0x02, 0x01, 0x01, 0x88, 0x02, 0x00, 0x09,
///            0x5F, 0x2E, 0x01, 0xAA];
/// let group = parse_data_group(&dg4, DataGroup::Dg4)?;
/// assert_eq!(group.templates[0].header.format_type, Some(0x0009));
/// assert_eq!(group.data_blocks().collect::<Vec<_>>(), [&[0xAA][..]]);
///
/// // The same bytes are no DG3.
/// assert_eq!(parse_data_group(&dg4, DataGroup::Dg3),
///            Err(EmrtdError::WrongOuterTag { expected: 0x63, found: 0x76 }));
/// # Ok::<(), EmrtdError>(())
/// ```
///
/// # Errors
///
/// The [`EmrtdError`] naming what is wrong and where.
pub fn parse_data_group(
    bytes: &[u8],
    data_group: DataGroup,
) -> Result<BiometricGroup<'_>, EmrtdError> {
    let outer = single(bytes)?;
    if outer.tag != data_group.tag() {
        return Err(EmrtdError::WrongOuterTag {
            expected: data_group.tag(),
            found: outer.tag,
        });
    }
    check_well_formed(&outer, 0)?;
    let mut reader = TlvReader::within(&outer);
    let group = reader.read().ok_or(EmrtdError::UnexpectedTag {
        offset: outer.value_offset,
        within: outer.tag,
        found: 0,
    })??;
    if group.tag != GROUP_TEMPLATE {
        return Err(EmrtdError::UnexpectedTag {
            offset: group.offset,
            within: outer.tag,
            found: group.tag,
        });
    }
    if !reader.is_empty() {
        return Err(EmrtdError::TrailingBytes {
            offset: reader.offset(),
        });
    }
    let templates = group_templates(&group)?;
    Ok(BiometricGroup {
        data_group: Some(data_group),
        templates,
    })
}

/// Checks the mDL's `biometric_template_xx` (ISO/IEC 18013-5 13.4.7): a biometric
/// information group template without the data group's tag, so starting at 0x7F61, with
/// the structure [`parse_data_group`] checks.
///
/// ```
/// use iso18013::emrtd::parse_biometric_template;
///
/// let face = [0x7F, 0x61, 0x0F, 0x02, 0x01, 0x01,
///             0x7F, 0x60, 0x09, 0xA1, 0x00, 0x5F, 0x2E, 0x04, 0xFF, 0xD8, 0xFF, 0xD9];
/// let group = parse_biometric_template(&face)?;
/// assert_eq!(group.face_images().next().map(|image| image.data), Some(&face[14..]));
/// # Ok::<(), iso18013::emrtd::EmrtdError>(())
/// ```
///
/// # Errors
///
/// The [`EmrtdError`] naming what is wrong and where
/// ([`WrongOuterTag`](EmrtdError::WrongOuterTag) with `expected: 0x7F61` when it starts
/// with a data group's tag).
pub fn parse_biometric_template(bytes: &[u8]) -> Result<BiometricGroup<'_>, EmrtdError> {
    let group = single(bytes)?;
    if group.tag != GROUP_TEMPLATE {
        return Err(EmrtdError::WrongOuterTag {
            expected: GROUP_TEMPLATE,
            found: group.tag,
        });
    }
    check_well_formed(&group, 0)?;
    let templates = group_templates(&group)?;
    Ok(BiometricGroup {
        data_group: None,
        templates,
    })
}

/// The templates of a group template: the count first, then exactly that many 0x7F60.
fn group_templates<'a>(group: &Tlv<'a>) -> Result<Vec<BiometricTemplate<'a>>, EmrtdError> {
    let mut reader = TlvReader::within(group);
    let count = match reader.read() {
        Some(Ok(count)) if count.tag == COUNT => count,
        Some(Err(e)) => return Err(e),
        _ => return Err(EmrtdError::MissingCount),
    };
    let declared = match count.value {
        [n] => *n,
        _ => {
            return Err(EmrtdError::BadCount {
                offset: count.offset,
            });
        }
    };
    let mut templates = Vec::new();
    while let Some(template) = reader.read() {
        let template = template?;
        if template.tag != TEMPLATE {
            return Err(EmrtdError::UnexpectedTag {
                offset: template.offset,
                within: GROUP_TEMPLATE,
                found: template.tag,
            });
        }
        if templates.len() >= MAX_TEMPLATES {
            return Err(EmrtdError::CountMismatch {
                declared,
                found: templates.len() + 1,
            });
        }
        templates.push(biometric_template(&template, templates.len())?);
    }
    if usize::from(declared) != templates.len() {
        return Err(EmrtdError::CountMismatch {
            declared,
            found: templates.len(),
        });
    }
    Ok(templates)
}

/// One 0x7F60: header 0xA1, then the data block, then nothing.
fn biometric_template<'a>(
    template: &Tlv<'a>,
    index: usize,
) -> Result<BiometricTemplate<'a>, EmrtdError> {
    let mut reader = TlvReader::within(template);
    let header = match reader.read() {
        Some(Ok(header)) if header.tag == HEADER => header,
        Some(Err(e)) => return Err(e),
        _ => return Err(EmrtdError::MissingHeader { index }),
    };
    let block = match reader.read() {
        Some(Ok(block)) if matches!(block.tag, DATA_BLOCK | DATA_BLOCK_ENCIPHERED) => block,
        Some(Err(e)) => return Err(e),
        _ => return Err(EmrtdError::MissingDataBlock { index }),
    };
    if !reader.is_empty() {
        return Err(EmrtdError::TrailingBytes {
            offset: reader.offset(),
        });
    }
    Ok(BiometricTemplate {
        header: biometric_header(&header)?,
        data: block.value,
        enciphered: block.tag == DATA_BLOCK_ENCIPHERED,
    })
}

fn biometric_header<'a>(header: &Tlv<'a>) -> Result<BiometricHeader<'a>, EmrtdError> {
    let mut view = BiometricHeader {
        raw: header.value,
        version: None,
        biometric_type: None,
        subtype: None,
        format_owner: None,
        format_type: None,
    };
    let two = |value: &[u8]| match value {
        [a, b] => Some(u16::from_be_bytes([*a, *b])),
        _ => None,
    };
    let mut reader = TlvReader::within(header);
    while let Some(element) = reader.read() {
        let element = element?;
        match element.tag {
            0x80 => view.version = Some(element.value),
            0x81 => view.biometric_type = Some(element.value),
            0x82 => view.subtype = Some(element.value),
            0x87 => view.format_owner = two(element.value),
            0x88 => view.format_type = two(element.value),
            _ => {}
        }
    }
    Ok(view)
}
