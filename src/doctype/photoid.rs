//! ISO/IEC 23220 PhotoID (`org.iso.23220.photoid.1`, 23220-4 Annex C as of the draft
//! N4862, 2025-12-04): the identity document a national issuer gives online, a passport
//! in a wallet. Three namespaces: the 23220-2 common elements ([`NAME_SPACE`],
//! `org.iso.23220.1`), PhotoID's own ([`PHOTOID_NAME_SPACE`]), and the eMRTD data groups
//! of ICAO Doc 9303 ([`DATAGROUPS_NAME_SPACE`]: DG2 face, DG3 fingerprints, DG4 iris, the
//! SOD, as the bytes the chip holds).
//!
//! The drafts renamed elements and even the docType; this module issues the current
//! form and reads the deployed older ones with a [`DoctypeFinding`](super::DoctypeFinding):
//! the `*_unicode` names of N4583, a plain full-date `birth_date` (the EUDI reference
//! issuer, walt.id), the `org.iso.23220.dtc.1` data group namespace, and the docTypes
//! `org.iso.23220.2.photoid.1` (the EUDI reference issuer, every element in one
//! namespace) and `org.iso.23220.photoID.1` (Multipaz, March to September 2025).
//!
//! ```
//! use iso18013::cbor::Value;
//! use iso18013::doctype::{photoid, Registry};
//! let birth = photoid::BirthDate::from_text("1990-05-01").unwrap();
//! let value = birth.to_value();
//! let table = Registry::builtin();
//! let element = table.element(photoid::NAME_SPACE, "birth_date").unwrap();
//! assert!(element.accepts(&value));
//! assert_eq!(table.get(photoid::DOC_TYPE).unwrap().mandatory().count(), 9);
//! ```

use alloc::string::String;

use super::biometrics;
use super::mdl::{LATIN1, SEX};
use super::{
    CheckContext, CheckError, Constraint, Descriptor, DocumentCheck, Element, ElementType,
    Identifier, NameSpace, StructureCheck, issuing_country_matches_signer,
    issuing_subdivision_matches_signer,
};
use crate::cbor::{Decode, Encode, FullDate, TextRest, Value};
use alloc::borrow::Cow;

/// The PhotoID docType.
pub const DOC_TYPE: &str = "org.iso.23220.photoid.1";

/// The 23220-2 common elements (names, birth date, portrait, issuing data, age).
pub const NAME_SPACE: &str = "org.iso.23220.1";

/// PhotoID's own elements (place of birth, address details, travel document data).
pub const PHOTOID_NAME_SPACE: &str = "org.iso.23220.photoid.1";

/// The eMRTD data groups (ICAO Doc 9303 LDS) and their security object.
pub const DATAGROUPS_NAME_SPACE: &str = "org.iso.23220.datagroups.1";

/// The data group namespace of the drafts before N4862 (read, not issued).
pub const DTC_NAME_SPACE: &str = "org.iso.23220.dtc.1";

/// The docType of the EUDI reference issuer's PhotoID (read, not issued).
pub const EUDI_DRAFT_DOC_TYPE: &str = "org.iso.23220.2.photoid.1";

/// The docType Multipaz used from March to September 2025 (read, not issued).
pub const CAMEL_CASE_DOC_TYPE: &str = "org.iso.23220.photoID.1";

/// PhotoID: the three namespaces (closed: only their tables' elements are issued), the
/// older data group namespace (read only), and the checks of `issuing_country` and
/// `issuing_subdivision` against the document signer.
pub const DESCRIPTOR: Descriptor = Descriptor::from_static(DOC_TYPE, NAME_SPACES, CHECKS);

/// The EUDI reference issuer's form: docType `org.iso.23220.2.photoid.1`, every element
/// in `org.iso.23220.photoid.1`. Read with a finding, never issued.
pub const EUDI_DRAFT_DESCRIPTOR: Descriptor = Descriptor::from_static(
    EUDI_DRAFT_DOC_TYPE,
    EUDI_DRAFT_NAME_SPACES,
    EUDI_DRAFT_CHECKS,
)
.older_form("the EUDI reference issuer's draft docType; now org.iso.23220.photoid.1");

/// Multipaz's form of 2025: docType and namespace `org.iso.23220.photoID.1`. Read with a
/// finding, never issued.
pub const CAMEL_CASE_DESCRIPTOR: Descriptor = Descriptor::from_static(
    CAMEL_CASE_DOC_TYPE,
    CAMEL_CASE_NAME_SPACES,
    CHECKS,
)
.older_form("Multipaz's 2025 spelling; now org.iso.23220.photoid.1");

const EUDI_DRAFT_NAME_SPACES: &[NameSpace] =
    &[NameSpace::from_static(PHOTOID_NAME_SPACE, EUDI_DRAFT_ELEMENTS)];

const EUDI_DRAFT_CHECKS: &[DocumentCheck] = &[DocumentCheck::new(
    "issuing_country",
    eudi_draft_issuing_country,
)];

const CAMEL_CASE_NAME_SPACES: &[NameSpace] = &[
    NameSpace::from_static(NAME_SPACE, COMMON),
    NameSpace::from_static(CAMEL_CASE_DOC_TYPE, PHOTOID),
    NameSpace::from_static(DTC_NAME_SPACE, DTC),
];

const NAME_SPACES: &[NameSpace] = &[
    NameSpace::from_static(NAME_SPACE, COMMON).closed(),
    NameSpace::from_static(PHOTOID_NAME_SPACE, PHOTOID).closed(),
    NameSpace::from_static(DATAGROUPS_NAME_SPACE, DATAGROUPS).closed(),
    NameSpace::from_static(DTC_NAME_SPACE, DTC).closed(),
];

const CHECKS: &[DocumentCheck] = &[
    DocumentCheck::new("issuing_country", issuing_country),
    DocumentCheck::new("issuing_subdivision", issuing_subdivision),
];

fn issuing_country(cx: &CheckContext<'_>) -> Result<(), CheckError> {
    issuing_country_matches_signer(cx, NAME_SPACE, "issuing_country")
}

fn issuing_subdivision(cx: &CheckContext<'_>) -> Result<(), CheckError> {
    issuing_subdivision_matches_signer(cx, NAME_SPACE, "issuing_subdivision")
}

fn eudi_draft_issuing_country(cx: &CheckContext<'_>) -> Result<(), CheckError> {
    issuing_country_matches_signer(cx, PHOTOID_NAME_SPACE, "issuing_country")
}

/// The `birth_date` structure, checked by decoding it as [`BirthDate`]; a plain
/// `"YYYY-MM-DD"` stands for `{"birth_date": full-date}`.
pub const BIRTH_DATE: StructureCheck = StructureCheck::new("BirthDate", is_birth_date)
    .with_full_date_fields(&["birth_date"])
    .with_from_text(birth_date_from_text);

fn is_birth_date(value: &Value) -> bool {
    BirthDate::from_cbor(&value.to_cbor()).is_ok_and(|b| b.is_valid())
}

fn birth_date_from_text(text: &str) -> Option<Value> {
    BirthDate::from_text(text).map(|b| b.to_value())
}

/// `BirthDate = {"birth_date": full-date, ? "approximate_mask": tstr}` (23220-2): the
/// mask has 8 characters over `YYYYMMDD`, `1` where that digit is unknown (the date is
/// then not for calculation).
#[derive(Clone, Debug, PartialEq)]
pub struct BirthDate {
    /// `birth_date`.
    pub birth_date: FullDate,
    /// `approximate_mask`.
    pub approximate_mask: Option<String>,
    /// Other entries, as received.
    pub rest: TextRest,
}

crate::cbor::text_map_codec! {
    BirthDate as "BirthDate" {
        birth_date: "birth_date" required,
        approximate_mask: "approximate_mask" optional,
    }
    rest rest
}

impl BirthDate {
    /// An exact birth date from `"YYYY-MM-DD"`.
    pub fn from_text(text: &str) -> Option<Self> {
        Some(Self {
            birth_date: FullDate::parse(text).ok()?,
            approximate_mask: None,
            rest: TextRest::default(),
        })
    }

    /// Whether the mask, if any, is 8 characters of `0` and `1`.
    pub fn is_valid(&self) -> bool {
        self.approximate_mask
            .as_deref()
            .is_none_or(|m| m.len() == 8 && m.bytes().all(|b| b == b'0' || b == b'1'))
    }

    /// Whether any digit is masked (the date is approximate).
    pub fn is_approximate(&self) -> bool {
        self.approximate_mask
            .as_deref()
            .is_some_and(|m| m.contains('1'))
    }

    /// The element value.
    pub fn to_value(&self) -> Value {
        // Decoding what we encode cannot fail; an empty map would be refused by the
        // element's type, never signed.
        Value::from_cbor(&self.to_cbor()).unwrap_or(Value::Map(alloc::vec::Vec::new()))
    }
}

const fn text(id: &'static str) -> Element {
    Element::new(id, ElementType::Text).with_constraint(Constraint::MaxChars(150))
}

const fn country(id: &'static str) -> Element {
    Element::new(id, ElementType::Text).with_constraint(Constraint::CountryCode)
}

const fn full_date(id: &'static str) -> Element {
    Element::new(id, ElementType::FullDate)
        .or_older_type(ElementType::TDate, "a tdate, as walt.id writes it; now a full-date")
}

const fn renamed(id: &'static str, note: &'static str) -> Element {
    Element::new(id, ElementType::Text).older_form(note)
}

const AGE_OVER: Identifier = Identifier::Digits {
    prefix: Cow::Borrowed("age_over_"),
    count: 2,
};

/// Table C.1, the 23220-2 elements.
const COMMON: &[Element] = &[
    text("family_name").mandatory(),
    text("given_name").mandatory(),
    Element::new("birth_date", ElementType::Structure(BIRTH_DATE))
        .mandatory()
        .or_older_type(
            ElementType::FullDate,
            "a plain full-date (EUDI reference issuer, walt.id); now a BirthDate map",
        ),
    Element::new("portrait", ElementType::Bytes)
        .mandatory()
        .with_constraint(Constraint::Image),
    full_date("issue_date").mandatory(),
    full_date("expiry_date").mandatory(),
    text("issuing_authority").mandatory(),
    country("issuing_country").mandatory(),
    Element::new("age_over_18", ElementType::Bool).mandatory(),
    Element::covering(AGE_OVER, ElementType::Bool),
    text("family_name_viz"),
    text("given_name_viz"),
    Element::new("family_name_latin1", ElementType::Text).with_constraint(LATIN1),
    Element::new("given_name_latin1", ElementType::Text).with_constraint(LATIN1),
    full_date("portrait_capture_date"),
    Element::new("issuing_subdivision", ElementType::Text)
        .with_constraint(Constraint::SubdivisionCode),
    text("document_number"),
    Element::new("age_in_years", ElementType::Uint),
    Element::new("age_birth_year", ElementType::Uint),
    text("birthplace"),
    text("name_at_birth"),
    text("resident_address"),
    text("resident_city"),
    Element::new("resident_city_latin1", ElementType::Text).with_constraint(LATIN1),
    text("resident_postal_code"),
    country("resident_country"),
    Element::new("sex", ElementType::Uint).with_constraint(SEX),
    country("nationality"),
    renamed("family_name_unicode", "N4583's name; now family_name"),
    renamed("given_name_unicode", "N4583's name; now given_name"),
    renamed("issuing_authority_unicode", "N4583's name; now issuing_authority"),
    renamed("resident_address_unicode", "N4583's name; now resident_address"),
    renamed("resident_city_unicode", "N4583's name; now resident_city"),
    Element::new("issuance_date", ElementType::TDateOrFullDate)
        .older_form("the EUDI reference issuer's name; now issue_date"),
];

/// Table C.2, PhotoID's own elements.
const PHOTOID: &[Element] = &[
    text("person_id"),
    country("birth_country"),
    text("birth_state"),
    text("birth_city"),
    text("administrative_number"),
    text("resident_street"),
    text("resident_house_number"),
    text("resident_state"),
    text("travel_document_type"),
    text("travel_document_number"),
    text("travel_document_mrz"),
];

/// Table C.3, the eMRTD data groups (ICAO Doc 9303 part 10), as the chip holds them.
const DATAGROUPS: &[Element] = &[
    Element::new("version", ElementType::Text),
    Element::new("sod", ElementType::Structure(biometrics::SOD)),
    Element::new("dg2", ElementType::Structure(biometrics::DG2)),
    Element::new("dg3", ElementType::Structure(biometrics::DG3)),
    Element::new("dg4", ElementType::Structure(biometrics::DG4)),
    Element::covering(
        Identifier::Prefix(Cow::Borrowed("dg")),
        ElementType::Bytes,
    ),
];

/// The data group namespace of the drafts before N4862: read, never issued.
const DTC: &[Element] = &[
    Element::covering(Identifier::Prefix(Cow::Borrowed("dtc_")), ElementType::Any)
        .older_form("the drafts' org.iso.23220.dtc.1; now org.iso.23220.datagroups.1"),
    Element::new("dg_content_info", ElementType::Bytes)
        .older_form("the drafts' org.iso.23220.dtc.1; now org.iso.23220.datagroups.1"),
];

/// The EUDI reference issuer's single namespace: Tables C.1 and C.2 together.
const EUDI_DRAFT_ELEMENTS: &[Element] = &[
    text("family_name"),
    text("given_name"),
    Element::new("birth_date", ElementType::Structure(BIRTH_DATE))
        .or_older_type(ElementType::FullDate, "a plain full-date; now a BirthDate map"),
    Element::new("portrait", ElementType::Bytes).with_constraint(Constraint::Image),
    Element::new("issuance_date", ElementType::TDateOrFullDate),
    Element::new("issue_date", ElementType::TDateOrFullDate),
    Element::new("expiry_date", ElementType::TDateOrFullDate),
    text("issuing_authority_unicode"),
    text("issuing_authority"),
    country("issuing_country"),
    Element::covering(AGE_OVER, ElementType::Bool),
    Element::new("age_in_years", ElementType::Uint),
    Element::new("age_birth_year", ElementType::Uint),
    Element::new("sex", ElementType::Uint).with_constraint(SEX),
    country("nationality"),
    text("document_number"),
    text("person_id"),
    country("birth_country"),
    text("birth_state"),
    text("birth_city"),
    text("administrative_number"),
    text("resident_street"),
    text("resident_house_number"),
    text("travel_document_number"),
    text("resident_address"),
    text("resident_city"),
    text("resident_postal_code"),
    country("resident_country"),
];
