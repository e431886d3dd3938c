//! The eMRTD data groups and biometric templates as element types: byte strings whose
//! ICAO Doc 9303 structure (BER-TLV tags and lengths, the biometric information group
//! template) is checked by [`crate::emrtd`], never read past its bounds.

use alloc::string::{String, ToString};
use alloc::vec::Vec;

use super::{Constraint, Element, StructureCheck};
use crate::cbor::Value;
use crate::emrtd::{self, DataGroup};
use crate::portrait::{self, MetadataKind};

/// PhotoID's `dg2`: the encoded face (tag 0x75).
pub const DG2: StructureCheck = StructureCheck::new("eMRTD DG2", is_dg2);
/// PhotoID's `dg3`: the encoded fingerprints (tag 0x63).
pub const DG3: StructureCheck = StructureCheck::new("eMRTD DG3", is_dg3);
/// PhotoID's `dg4`: the encoded irises (tag 0x76).
pub const DG4: StructureCheck = StructureCheck::new("eMRTD DG4", is_dg4);
/// PhotoID's `sod`: the document security object (tag 0x77, its TLV structure).
pub const SOD: StructureCheck = StructureCheck::new("eMRTD SOD", is_sod);
/// The mDL's `biometric_template_xx`: a biometric information group template (7F61)
/// without the data group's outer tag (ISO 18013-5 13.4.7).
pub const BIOMETRIC_TEMPLATE: StructureCheck =
    StructureCheck::new("biometric template", is_biometric_template);

fn bytes(value: &Value) -> Option<&[u8]> {
    match value {
        Value::Bytes(b) => Some(b),
        _ => None,
    }
}

fn is_dg2(value: &Value) -> bool {
    bytes(value).is_some_and(|b| emrtd::parse_data_group(b, DataGroup::Dg2).is_ok())
}

fn is_dg3(value: &Value) -> bool {
    bytes(value).is_some_and(|b| emrtd::parse_data_group(b, DataGroup::Dg3).is_ok())
}

fn is_dg4(value: &Value) -> bool {
    bytes(value).is_some_and(|b| emrtd::parse_data_group(b, DataGroup::Dg4).is_ok())
}

fn is_sod(value: &Value) -> bool {
    bytes(value).is_some_and(|b| emrtd::check_sod(b).is_ok())
}

fn is_biometric_template(value: &Value) -> bool {
    bytes(value).is_some_and(|b| emrtd::parse_biometric_template(b).is_ok())
}

/// The images an element's value carries, where a verifier looks for metadata: the
/// value itself for an image element (a portrait, a signature), the face images inside a
/// DG2 or a biometric template.
pub(super) fn images_in<'a>(element: &Element, value: &'a Value) -> Vec<&'a [u8]> {
    let Some(b) = bytes(value).filter(|b| !b.is_empty()) else {
        return Vec::new();
    };
    if matches!(
        element.constraint(),
        Some(Constraint::Image | Constraint::ImageOrEmpty)
    ) {
        return alloc::vec![b];
    }
    let group = match element.ty().structure() {
        Some(check) if check == DG2 => emrtd::parse_data_group(b, DataGroup::Dg2).ok(),
        Some(check) if check == BIOMETRIC_TEMPLATE => emrtd::parse_biometric_template(b).ok(),
        _ => None,
    };
    group
        .map(|g| g.face_images().map(|face| face.data).collect())
        .unwrap_or_default()
}

/// The metadata an image still carries, in words (EXIF with GPS first): `Ok(None)` for a
/// clean image, `Err(())` for bytes that are not a well-formed JPEG or JPEG 2000.
pub(super) fn metadata_left(image: &[u8]) -> Result<Option<String>, ()> {
    let report = portrait::metadata(image).map_err(|_| ())?;
    let mut kinds: Vec<String> = Vec::new();
    let gps_first = report
        .blocks
        .iter()
        .filter(|b| matches!(b.kind, MetadataKind::Exif(e) if e.gps))
        .chain(
            report
                .blocks
                .iter()
                .filter(|b| !matches!(b.kind, MetadataKind::Exif(e) if e.gps)),
        );
    for block in gps_first {
        let kind = block.kind.to_string();
        if !kinds.contains(&kind) {
            kinds.push(kind);
        }
    }
    Ok((!kinds.is_empty()).then(|| kinds.join(", ")))
}
