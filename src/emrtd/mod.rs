//! eMRTD data groups as they travel in an mdoc: the structure of ICAO Doc 9303 part 10
//! checked, never parsed beyond bounds.
//!
//! PhotoID (ISO/IEC 23220, namespace `org.iso.23220.datagroups.1`) carries an electronic
//! passport's data groups as byte strings: DG2 (encoded face), DG3 (fingerprints), DG4
//! (iris) and the SOD. The mDL's `biometric_template_xx` (ISO/IEC 18013-5 13.4.7) is the
//! same biometric information group template without the data group's tag. Both are
//! BER-TLV:
//!
//! ```text
//! 75 (DG2) | 63 (DG3) | 76 (DG4)          the data group
//!   7F61  biometric information group template
//!     02    number of instances (n)
//!     7F60  biometric information template   (n times)
//!       A1    biometric header template (80 version, 81 type, 87 format owner, 88 format type ...)
//!       5F2E  biometric data block  (or 7F2E, enciphered)
//! ```
//!
//! [`parse_data_group`] and [`parse_biometric_template`] check that structure and return
//! a [`BiometricGroup`] whose data blocks borrow from the input; for DG2 (and the mDL's
//! face template) [`BiometricTemplate::face_image`] locates the image inside an ISO/IEC
//! 19794-5:2005 record, or leaves it out when it cannot do so safely. [`check_sod`] checks
//! the SOD's outer tag and TLV well-formedness only: its content is CMS signed data,
//! verified against the passport's CSCA, outside the mdoc's trust.
//!
//! The reader ([`tlv`]) is bounded: tags of at most three bytes, definite lengths of at
//! most four bytes, each within its parent, constructed values at most [`MAX_DEPTH`]
//! deep, at most [`MAX_TEMPLATES`] templates, no trailing bytes; nothing is allocated by a
//! declared length. The checks need no feature (`no_std` + `alloc`).

mod biometric;
mod error;
mod face;
mod sod;
#[cfg(test)]
mod tests;
pub mod tlv;

pub use biometric::{
    BiometricGroup, BiometricHeader, BiometricTemplate, parse_biometric_template, parse_data_group,
};
pub use error::EmrtdError;
pub use face::{FaceImage, FaceImageFormat};
pub use sod::{Sod, check_sod};

/// The tags of ICAO Doc 9303 part 10 that the checks read.
pub mod tags {
    /// DG2, encoded face.
    pub const DG2: u32 = 0x75;
    /// DG3, encoded fingerprints.
    pub const DG3: u32 = 0x63;
    /// DG4, encoded iris.
    pub const DG4: u32 = 0x76;
    /// The Document Security Object.
    pub const SOD: u32 = 0x77;
    /// Biometric information group template.
    pub const GROUP_TEMPLATE: u32 = 0x7F61;
    /// Biometric information template.
    pub const TEMPLATE: u32 = 0x7F60;
    /// Number of instances (an INTEGER).
    pub const COUNT: u32 = 0x02;
    /// Biometric header template.
    pub const HEADER: u32 = 0xA1;
    /// Biometric data block.
    pub const DATA_BLOCK: u32 = 0x5F2E;
    /// Biometric data block, enciphered (constructed).
    pub const DATA_BLOCK_ENCIPHERED: u32 = 0x7F2E;
}

/// How deep constructed TLVs may nest (a data group needs 5 levels, a SOD about 12).
pub const MAX_DEPTH: usize = 16;

/// The most biometric information templates in one group (ten fingers and more).
pub const MAX_TEMPLATES: usize = 32;

/// The biometric data groups of ICAO Doc 9303 part 10.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum DataGroup {
    /// DG2, encoded face (tag 0x75).
    Dg2,
    /// DG3, encoded fingerprints (tag 0x63).
    Dg3,
    /// DG4, encoded iris (tag 0x76).
    Dg4,
}

impl DataGroup {
    /// The data group's tag.
    #[must_use]
    pub fn tag(self) -> u32 {
        match self {
            Self::Dg2 => tags::DG2,
            Self::Dg3 => tags::DG3,
            Self::Dg4 => tags::DG4,
        }
    }

    /// Its element identifier in `org.iso.23220.datagroups.1` (`"dg2"`, ...).
    #[must_use]
    pub fn element_identifier(self) -> &'static str {
        match self {
            Self::Dg2 => "dg2",
            Self::Dg3 => "dg3",
            Self::Dg4 => "dg4",
        }
    }
}
