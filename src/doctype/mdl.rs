//! The mobile driving licence (`org.iso.18013.5.1.mDL`, namespace `org.iso.18013.5.1`):
//! its [`DESCRIPTOR`] (element table and checks) and its typed views.

use alloc::borrow::Cow;
use alloc::string::String;
use alloc::vec::Vec;

use super::{
    CheckContext, CheckError, Constraint, Descriptor, DocumentCheck, Element, ElementType,
    Identifier, NameSpace, StructureCheck, issuing_country_matches_signer,
    issuing_subdivision_matches_signer,
};
use crate::cbor::map::{array_of, encode_array};
use crate::cbor::{Decode, DecodeError, Decoder, Encode, Encoder, FullDate, TextRest, Value};

/// The mDL document type.
pub const DOC_TYPE: &str = "org.iso.18013.5.1.mDL";

/// The mDL namespace.
pub const NAME_SPACE: &str = "org.iso.18013.5.1";

/// The mDL: its namespace's element table (ISO 18013-5 2nd edition, 13.4; a closed
/// namespace), the AAMVA namespace's table (every element optional here: see
/// [`aamva::DESCRIPTOR`](super::aamva::DESCRIPTOR) for the AAMVA profile that requires
/// some), and the checks of `issuing_country` and `issuing_jurisdiction` against the
/// document signer.
///
/// ```
/// use iso18013::cbor::Value;
/// use iso18013::doctype::{mdl, Presence};
/// let descriptor = mdl::DESCRIPTOR;
/// let family_name = descriptor.element(mdl::NAME_SPACE, "family_name").unwrap();
/// assert_eq!(family_name.presence(), Presence::Mandatory);
/// assert!(!family_name.accepts(&Value::from("\u{4e01}"))); // not Latin-1
/// assert_eq!(descriptor.mandatory().count(), 11);
/// ```
pub const DESCRIPTOR: Descriptor = Descriptor::from_static(
    DOC_TYPE,
    NAME_SPACES,
    CHECKS,
);

pub(super) const CHECKS: &[DocumentCheck] = &[
    DocumentCheck::new("issuing_country", issuing_country),
    DocumentCheck::new("issuing_jurisdiction", issuing_jurisdiction),
];

pub(super) const MDL_NAME_SPACE: NameSpace = NameSpace::from_static(NAME_SPACE, ELEMENTS).closed();

const NAME_SPACES: &[NameSpace] = &[
    MDL_NAME_SPACE,
    NameSpace::from_static(super::aamva::NAME_SPACE, super::aamva::ELEMENTS),
];

/// The name of the domestic namespace of a country or subdivision (ISO 18013-5 13.4.9):
/// `org.iso.18013.5.1.` then an ISO 3166-1 or ISO 3166-2 code. Its elements are the
/// issuing country's to define: register them in a [`Descriptor`] of your own
/// ([`Descriptor::with_name_space`]), or issue them typed as given.
///
/// ```
/// use iso18013::doctype::mdl;
/// assert_eq!(mdl::domestic_name_space("US-IA").as_deref(), Some("org.iso.18013.5.1.US-IA"));
/// assert_eq!(mdl::domestic_name_space("usa"), None);
/// ```
pub fn domestic_name_space(code: &str) -> Option<String> {
    let value = Value::from(code);
    (Constraint::CountryCode.accepts(&value) || Constraint::SubdivisionCode.accepts(&value))
        .then(|| alloc::format!("{NAME_SPACE}.{code}"))
}

/// The `driving_privileges` structure, checked by decoding it as [`DrivingPrivileges`].
pub const DRIVING_PRIVILEGES: StructureCheck =
    StructureCheck::new("driving_privileges", is_driving_privileges)
        .with_full_date_fields(&["issue_date", "expiry_date"]);

fn is_driving_privileges(value: &Value) -> bool {
    DrivingPrivileges::from_cbor(&value.to_cbor()).is_ok()
}

/// `issuing_country` equals the document signer's `countryName` (ISO 18013-5 13.4.10).
fn issuing_country(cx: &CheckContext<'_>) -> Result<(), CheckError> {
    issuing_country_matches_signer(cx, NAME_SPACE, "issuing_country")
}

/// `issuing_jurisdiction` equals the document signer's `stateOrProvinceName`, when the
/// certificate has one (ISO 18013-5 13.4.10).
fn issuing_jurisdiction(cx: &CheckContext<'_>) -> Result<(), CheckError> {
    issuing_subdivision_matches_signer(cx, NAME_SPACE, "issuing_jurisdiction")
}

/// Names, addresses and numbers: Latin-1, at most 150 characters.
pub(super) const LATIN1: Constraint = Constraint::Latin1 { max_chars: 150 };

/// ISO/IEC 5218: 0 not known, 1 male, 2 female, 9 not applicable.
pub(super) const SEX: Constraint = Constraint::OneOfUint(&[0, 1, 2, 9]);

const fn text(id: &'static str) -> Element {
    Element::new(id, ElementType::Text)
}

const fn latin1(id: &'static str) -> Element {
    text(id).with_constraint(LATIN1)
}

const fn country(id: &'static str) -> Element {
    text(id).with_constraint(Constraint::CountryCode)
}

const ELEMENTS: &[Element] = &[
    latin1("family_name").mandatory(),
    latin1("given_name").mandatory(),
    Element::new("birth_date", ElementType::FullDate).mandatory(),
    Element::new("issue_date", ElementType::TDateOrFullDate).mandatory(),
    Element::new("expiry_date", ElementType::TDateOrFullDate).mandatory(),
    country("issuing_country").mandatory(),
    latin1("issuing_authority").mandatory(),
    latin1("document_number").mandatory(),
    Element::new("portrait", ElementType::Bytes)
        .mandatory()
        .with_constraint(Constraint::Image),
    Element::new(
        "driving_privileges",
        ElementType::Structure(DRIVING_PRIVILEGES),
    )
    .mandatory(),
    text("un_distinguishing_sign").mandatory(),
    latin1("administrative_number"),
    Element::new("sex", ElementType::Uint).with_constraint(SEX),
    Element::new("height", ElementType::Uint),
    Element::new("weight", ElementType::Uint),
    text("eye_colour").with_constraint(Constraint::OneOf(&[
        "black",
        "blue",
        "brown",
        "dichromatic",
        "grey",
        "green",
        "hazel",
        "maroon",
        "pink",
        "unknown",
    ])),
    text("hair_colour").with_constraint(Constraint::OneOf(&[
        "bald", "black", "blond", "brown", "grey", "red", "auburn", "sandy", "white", "unknown",
    ])),
    latin1("birth_place"),
    latin1("resident_address"),
    Element::new("portrait_capture_date", ElementType::TDate),
    Element::new("age_in_years", ElementType::Uint),
    Element::new("age_birth_year", ElementType::Uint),
    Element::covering(
        Identifier::Digits {
            prefix: Cow::Borrowed("age_over_"),
            count: 2,
        },
        ElementType::Bool,
    ),
    text("issuing_jurisdiction").with_constraint(Constraint::SubdivisionCode),
    country("nationality"),
    latin1("resident_street"),
    latin1("resident_city"),
    latin1("resident_state"),
    latin1("resident_postal_code"),
    country("resident_country"),
    Element::covering(
        Identifier::Prefix(Cow::Borrowed("biometric_template_")),
        ElementType::Structure(super::biometrics::BIOMETRIC_TEMPLATE),
    ),
    text("family_name_national_character"),
    text("given_name_national_character"),
    Element::new("signature_usual_mark", ElementType::Bytes).with_constraint(Constraint::Image),
];

/// `driving_privileges = [* DrivingPrivilege]`.
///
/// ```
/// use iso18013::cbor::{Decode, Encode, Value};
/// use iso18013::doctype::mdl::DrivingPrivileges;
/// let v = DrivingPrivileges::from_cbor(&[0x81, 0xa1, 0x75,
///     b'v', b'e', b'h', b'i', b'c', b'l', b'e', b'_', b'c', b'a', b't', b'e', b'g', b'o', b'r',
///     b'y', b'_', b'c', b'o', b'd', b'e', 0x61, b'B']).unwrap();
/// assert_eq!(v.0[0].vehicle_category_code, "B");
/// ```
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DrivingPrivileges(pub Vec<DrivingPrivilege>);

/// One vehicle category the holder may drive.
#[derive(Clone, Debug, PartialEq)]
pub struct DrivingPrivilege {
    /// `vehicle_category_code` (e.g. "B").
    pub vehicle_category_code: String,
    /// `issue_date`.
    pub issue_date: Option<FullDate>,
    /// `expiry_date`.
    pub expiry_date: Option<FullDate>,
    /// `codes`: restrictions and conditions.
    pub codes: Option<Vec<Code>>,
    /// Other entries, as received.
    pub rest: TextRest,
}

/// `Code = {"code": tstr, ? "sign": tstr, ? "value": tstr}`.
#[derive(Clone, Debug, PartialEq)]
pub struct Code {
    /// `code`.
    pub code: String,
    /// `sign`.
    pub sign: Option<String>,
    /// `value`.
    pub value: Option<String>,
    /// Other entries, as received.
    pub rest: TextRest,
}

impl Decode for DrivingPrivileges {
    fn decode(d: &mut Decoder<'_>) -> Result<Self, DecodeError> {
        array_of(d, 0, None, DrivingPrivilege::decode).map(Self)
    }
}

impl Encode for DrivingPrivileges {
    fn encode(&self, e: &mut Encoder) {
        e.array(self.0.len());
        for p in &self.0 {
            p.encode(e);
        }
    }
}

crate::cbor::text_map_codec! {
    DrivingPrivilege as "DrivingPrivilege" {
        vehicle_category_code: "vehicle_category_code" required,
        issue_date: "issue_date" optional,
        expiry_date: "expiry_date" optional,
        codes: "codes" optional (
            decode = |d| array_of(d, 1, None, Code::decode),
            encode = encode_array
        ),
    }
    rest rest
}

crate::cbor::text_map_codec! {
    Code as "Code" {
        code: "code" required,
        sign: "sign" optional,
        value: "value" optional,
    }
    rest rest
}

/// The type of the mDL data element `identifier` (ISO 18013-5 table 5), if defined there.
///
/// ```
/// use iso18013::doctype::{mdl, ElementType};
/// assert_eq!(mdl::element_type("birth_date"), Some(ElementType::FullDate));
/// assert_eq!(mdl::element_type("age_over_18"), Some(ElementType::Bool));
/// assert_eq!(mdl::element_type("favourite_colour"), None);
/// ```
pub fn element_type(identifier: &str) -> Option<ElementType> {
    DESCRIPTOR.element(NAME_SPACE, identifier).map(Element::ty)
}
