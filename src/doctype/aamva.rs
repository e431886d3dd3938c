//! The AAMVA namespace of the mDL (`org.iso.18013.5.1.aamva`): the elements US and
//! Canadian jurisdictions add inside an `org.iso.18013.5.1.mDL` document, and the
//! `domestic_driving_privileges` structure.
//!
//! The AAMVA guidelines are not public; the table follows the public implementations
//! (spruceid isomdl's AAMVA 1.2 definitions, Multipaz). They disagree on which elements
//! are mandatory, so the mDL's [`DESCRIPTOR`](super::mdl::DESCRIPTOR) types every
//! element here as optional, and [`DESCRIPTOR`] (this module's) is the AAMVA profile an
//! issuer in a US jurisdiction registers: the mDL plus the elements every source marks
//! mandatory (`family_name_truncation`, `given_name_truncation`, `sex`).
//!
//! ```
//! use iso18013::cbor::Value;
//! use iso18013::doctype::{aamva, Registry};
//! let profile = aamva::DESCRIPTOR;
//! let truncation = profile.element(aamva::NAME_SPACE, "family_name_truncation").unwrap();
//! assert!(truncation.accepts(&Value::from("N")));
//! assert!(!truncation.accepts(&Value::from("no")));
//! let mut registry = Registry::builtin();
//! registry.register(aamva::DESCRIPTOR); // a US issuer's profile of the mDL
//! assert_eq!(registry.get(aamva::DOC_TYPE).unwrap().mandatory().count(), 14);
//! ```

use super::mdl::{self, CHECKS, LATIN1, MDL_NAME_SPACE};
use super::{Constraint, Descriptor, Element, ElementType, NameSpace, Presence, StructureCheck};
use crate::cbor::Value;

/// The docType: the AAMVA namespace travels in the mDL.
pub const DOC_TYPE: &str = mdl::DOC_TYPE;

/// The AAMVA namespace.
pub const NAME_SPACE: &str = "org.iso.18013.5.1.aamva";

/// The AAMVA profile of the mDL: the mDL's namespace and checks, and the AAMVA namespace
/// with `family_name_truncation`, `given_name_truncation` and `sex` mandatory.
pub const DESCRIPTOR: Descriptor = Descriptor::from_static(DOC_TYPE, PROFILE_NAME_SPACES, CHECKS);

const PROFILE_NAME_SPACES: &[NameSpace] = &[
    MDL_NAME_SPACE,
    NameSpace::from_static(NAME_SPACE, PROFILE_ELEMENTS),
];

/// The `domestic_driving_privileges` structure: an array of maps whose
/// `domestic_vehicle_class` (if any) has a class code and description.
pub const DOMESTIC_DRIVING_PRIVILEGES: StructureCheck = StructureCheck::new(
    "domestic_driving_privileges",
    is_domestic_driving_privileges,
)
.with_full_date_fields(&["issue_date", "expiry_date"]);

/// `DomesticDrivingPrivileges = [* {? "domestic_vehicle_class": {code, description, ?
/// issue_date, ? expiry_date}, ? "domestic_vehicle_restrictions": [+ {? code,
/// description}], ? "domestic_vehicle_endorsements": [+ {? code, description}]}]`.
fn is_domestic_driving_privileges(value: &Value) -> bool {
    let Value::Array(privileges) = value else {
        return false;
    };
    privileges.iter().all(|p| {
        let Value::Map(_) = p else { return false };
        let class_ok = p.get("domestic_vehicle_class").is_none_or(|class| {
            class
                .get("domestic_vehicle_class_code")
                .and_then(Value::as_text)
                .is_some()
                && class
                    .get("domestic_vehicle_class_description")
                    .and_then(Value::as_text)
                    .is_some()
                && ["issue_date", "expiry_date"].iter().all(|k| {
                    class
                        .get(k)
                        .is_none_or(|d| ElementType::FullDate.accepts(d))
                })
        });
        let list_ok = |key: &str, description: &str| {
            p.get(key).is_none_or(|list| {
                matches!(list, Value::Array(items) if !items.is_empty()
                    && items.iter().all(|i| i.get(description).and_then(Value::as_text).is_some()))
            })
        };
        class_ok
            && list_ok(
                "domestic_vehicle_restrictions",
                "domestic_vehicle_restriction_description",
            )
            && list_ok(
                "domestic_vehicle_endorsements",
                "domestic_vehicle_endorsement_description",
            )
    })
}

const SUFFIXES: &[&str] = &[
    "JR", "SR", "1ST", "I", "2ND", "II", "3RD", "III", "4TH", "IV", "5TH", "V", "6TH", "VI", "7TH",
    "VII", "8TH", "VIII", "9TH", "IX",
];
const TRUNCATION: Constraint = Constraint::OneOf(&["T", "N", "U"]);
const ONLY_ONE: Constraint = Constraint::OneOfUint(&[1]);

const fn row(id: &'static str, ty: ElementType, constraint: Option<Constraint>) -> Element {
    let e = Element::new(id, ty);
    match constraint {
        Some(c) => e.with_constraint(c),
        None => e,
    }
}

/// The table, with `required` as the presence of the elements every source marks
/// mandatory.
const fn table(required: Presence) -> [Element; 21] {
    use ElementType::{FullDate, Text, Uint};
    [
        Element::new(
            "domestic_driving_privileges",
            ElementType::Structure(DOMESTIC_DRIVING_PRIVILEGES),
        ),
        row("name_suffix", Text, Some(Constraint::OneOf(SUFFIXES))),
        row("organ_donor", Uint, Some(ONLY_ONE)),
        row("veteran", Uint, Some(ONLY_ONE)),
        row("family_name_truncation", Text, Some(TRUNCATION)).with_presence(required),
        row("given_name_truncation", Text, Some(TRUNCATION)).with_presence(required),
        row("aka_family_name", Text, Some(LATIN1)),
        row("aka_given_name", Text, Some(LATIN1)),
        row("aka_suffix", Text, Some(Constraint::OneOf(SUFFIXES))),
        row("weight_range", Uint, Some(Constraint::MaxUint(9))),
        row(
            "race_ethnicity",
            Text,
            Some(Constraint::OneOf(&["AI", "AP", "BK", "H", "O", "U", "W"])),
        ),
        row("EDL_credential", Uint, Some(Constraint::OneOfUint(&[1, 2]))),
        row("sex", Uint, Some(Constraint::OneOfUint(&[1, 2, 9]))).with_presence(required),
        row("DHS_compliance", Text, Some(Constraint::OneOf(&["F", "N"]))),
        row("DHS_compliance_text", Text, None),
        row("DHS_temporary_lawful_status", Uint, Some(ONLY_ONE)),
        row("CDL_indicator", Uint, Some(ONLY_ONE)),
        row("resident_county", Text, Some(Constraint::Digits(3))),
        row("hazmat_endorsement_expiration_date", FullDate, None),
        row("audit_information", Text, None),
        row("aamva_version", Uint, None),
    ]
}

/// The AAMVA elements, all optional (as the mDL's descriptor carries them).
pub(super) const ELEMENTS: &[Element] = &table(Presence::Optional);

const PROFILE_ELEMENTS: &[Element] = &table(Presence::Mandatory);
