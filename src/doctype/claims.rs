//! Elements held to a doctype's table: refused when issuing ([`Registry::validate`]),
//! noted when reading ([`Registry::review`]).

use alloc::string::{String, ToString};
use alloc::vec::Vec;
use core::fmt;

use super::{Constraint, Descriptor, Element, ElementType, Identifier, NameSpace, Registry};
use crate::cbor::Value;

/// Why claims break a doctype's table, and so cannot be issued.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ClaimError {
    /// The element's value has another CBOR type than the table's.
    WrongType {
        /// The namespace.
        name_space: String,
        /// The element.
        identifier: String,
        /// The type the table gives.
        expected: ElementType,
    },
    /// The value has the right type but breaks the element's constraint.
    ConstraintViolated {
        /// The namespace.
        name_space: String,
        /// The element.
        identifier: String,
        /// The rule it breaks.
        constraint: Constraint,
    },
    /// A mandatory element of the doctype is missing.
    MissingMandatory {
        /// The namespace.
        name_space: String,
        /// The element.
        identifier: String,
    },
    /// An element the table does not know, in a namespace that allows no others.
    UnknownElement {
        /// The namespace.
        name_space: String,
        /// The element.
        identifier: String,
    },
    /// An element of an older form of the doctype, which is read but not issued.
    OlderForm {
        /// The namespace.
        name_space: String,
        /// The element.
        identifier: String,
        /// Which form, and what replaced it.
        note: &'static str,
    },
    /// The docType is an older form of another, which is read but not issued.
    OlderDocType {
        /// Which form, and what replaced it.
        note: &'static str,
    },
}

impl fmt::Display for ClaimError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::WrongType {
                name_space,
                identifier,
                expected,
            } => write!(
                f,
                "element {name_space}/{identifier} does not have the type {expected}"
            ),
            Self::ConstraintViolated {
                name_space,
                identifier,
                constraint,
            } => write!(f, "element {name_space}/{identifier} is not {constraint}"),
            Self::MissingMandatory {
                name_space,
                identifier,
            } => write!(f, "mandatory element {name_space}/{identifier} is missing"),
            Self::UnknownElement {
                name_space,
                identifier,
            } => write!(
                f,
                "element {name_space}/{identifier} is not defined, and the namespace allows no other"
            ),
            Self::OlderForm {
                name_space,
                identifier,
                note,
            } => write!(
                f,
                "element {name_space}/{identifier} is an older form ({note})"
            ),
            Self::OlderDocType { note } => write!(f, "the docType is an older form ({note})"),
        }
    }
}

impl core::error::Error for ClaimError {}

/// Something a verifier noticed about a document of a known doctype that does not make
/// it invalid: an older form of the doctype, a value that breaks the table, an element a
/// closed namespace does not define, an image still carrying metadata.
///
/// Serialized (feature `serde`) as `{"nameSpace", "identifier", "finding", "note"?}`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DoctypeFinding {
    /// The namespace (empty for a finding about the whole document).
    pub name_space: String,
    /// The element (empty for a finding about the whole document).
    pub identifier: String,
    /// What was found.
    pub kind: DoctypeFindingKind,
}

/// What a [`DoctypeFinding`] found.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum DoctypeFindingKind {
    /// An element (or the docType) in an older form of the doctype; the note says which.
    OlderForm(&'static str),
    /// A value of another CBOR type than the table's.
    WrongType(ElementType),
    /// A value that breaks the element's constraint.
    ConstraintViolated(Constraint),
    /// An element a closed namespace does not define.
    UnknownElement,
    /// An image that still carries metadata (EXIF, GPS, XMP, ...); the text lists what.
    ImageMetadata(String),
}

impl DoctypeFindingKind {
    /// A stable, machine-readable name: `olderForm`, `wrongType`, `constraintViolated`,
    /// `unknownElement`, `imageMetadata`.
    pub fn name(&self) -> &'static str {
        match self {
            Self::OlderForm(_) => "olderForm",
            Self::WrongType(_) => "wrongType",
            Self::ConstraintViolated(_) => "constraintViolated",
            Self::UnknownElement => "unknownElement",
            Self::ImageMetadata(_) => "imageMetadata",
        }
    }

    /// The details in words, if any.
    pub fn note(&self) -> Option<String> {
        match self {
            Self::OlderForm(note) => Some((*note).to_string()),
            Self::WrongType(ty) => Some(alloc::format!("expected type {ty}")),
            Self::ConstraintViolated(c) => Some(alloc::format!("expected {c}")),
            Self::UnknownElement => None,
            Self::ImageMetadata(what) => Some(what.clone()),
        }
    }
}

impl fmt::Display for DoctypeFinding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if !self.name_space.is_empty() {
            write!(f, "{}/{}: ", self.name_space, self.identifier)?;
        }
        f.write_str(self.kind.name())?;
        if let Some(note) = self.kind.note() {
            write!(f, " ({note})")?;
        }
        Ok(())
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for DoctypeFinding {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let note = self.kind.note();
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("nameSpace", &self.name_space)?;
        map.serialize_entry("identifier", &self.identifier)?;
        map.serialize_entry("finding", self.kind.name())?;
        if let Some(note) = &note {
            map.serialize_entry("note", note)?;
        }
        map.end()
    }
}

impl Registry {
    /// The table that defines `name_space` for a document of `doc_type`: its own
    /// descriptor's first, then any known doctype's (the mDL namespace inside another
    /// doctype, say).
    fn table(&self, doc_type: &str, name_space: &str) -> Option<&NameSpace> {
        self.get(doc_type)
            .and_then(|d| d.name_space(name_space))
            .or_else(|| {
                self.descriptors()
                    .iter()
                    .find_map(|d| d.name_space(name_space))
            })
    }

    /// Holds claims for a document of `doc_type` to the known tables, as an issuer must:
    /// each element of a known namespace has its type and meets its constraint, no
    /// element is unknown to a closed namespace or of an older form, and every mandatory
    /// element of the doctype is present. Elements of unknown namespaces, and documents
    /// of unknown doctypes, pass as given.
    ///
    /// ```
    /// use iso18013::cbor::Value;
    /// use iso18013::doctype::{ClaimError, Registry, mdl};
    /// let registry = Registry::builtin();
    /// let country = Value::from("USA");
    /// let err = registry
    ///     .validate(mdl::DOC_TYPE, [(mdl::NAME_SPACE, "issuing_country", &country)])
    ///     .unwrap_err();
    /// assert!(matches!(err, ClaimError::ConstraintViolated { .. }));
    /// let name = Value::from("Doe");
    /// let err = registry.validate(mdl::DOC_TYPE, [(mdl::NAME_SPACE, "family_name", &name)]).unwrap_err();
    /// assert!(matches!(err, ClaimError::MissingMandatory { ref identifier, .. } if identifier == "given_name"));
    /// ```
    ///
    /// # Errors
    /// The first [`ClaimError`], in the order the elements are given, then the missing
    /// mandatory elements in table order.
    pub fn validate<'a, I>(&self, doc_type: &str, elements: I) -> Result<(), ClaimError>
    where
        I: IntoIterator<Item = (&'a str, &'a str, &'a Value)>,
        I::IntoIter: Clone,
    {
        let elements = elements.into_iter();
        let descriptor = self.get(doc_type);
        if let Some(note) = descriptor.and_then(Descriptor::older_form_note) {
            return Err(ClaimError::OlderDocType { note });
        }
        for (name_space, identifier, value) in elements.clone() {
            let Some(table) = self.table(doc_type, name_space) else {
                continue;
            };
            let named = |ns: &str, id: &str| (String::from(ns), String::from(id));
            let Some(element) = table.element(identifier) else {
                if table.is_closed() {
                    let (name_space, identifier) = named(name_space, identifier);
                    return Err(ClaimError::UnknownElement {
                        name_space,
                        identifier,
                    });
                }
                continue;
            };
            if let Some(note) = element.older_form_note() {
                let (name_space, identifier) = named(name_space, identifier);
                return Err(ClaimError::OlderForm {
                    name_space,
                    identifier,
                    note,
                });
            }
            if !element.ty().accepts(value) {
                let (name_space, identifier) = named(name_space, identifier);
                return Err(ClaimError::WrongType {
                    name_space,
                    identifier,
                    expected: element.ty(),
                });
            }
            if let Some(constraint) = element.constraint().filter(|c| !c.accepts(value)) {
                let (name_space, identifier) = named(name_space, identifier);
                return Err(ClaimError::ConstraintViolated {
                    name_space,
                    identifier,
                    constraint,
                });
            }
        }
        let Some(descriptor) = descriptor else {
            return Ok(());
        };
        for (name_space, element) in descriptor.mandatory() {
            let Identifier::Exact(identifier) = element.identifier() else {
                continue;
            };
            let present = elements
                .clone()
                .any(|(ns, id, _)| ns == name_space && id == identifier);
            if !present {
                return Err(ClaimError::MissingMandatory {
                    name_space: String::from(name_space),
                    identifier: identifier.to_string(),
                });
            }
        }
        Ok(())
    }

    /// What a verifier notes about the disclosed elements of a document of `doc_type`:
    /// older forms of the doctype (read, not issued), values that break the table,
    /// elements a closed namespace does not define. Missing mandatory elements are not
    /// noted: a holder discloses only what was asked.
    ///
    /// ```
    /// use iso18013::cbor::Value;
    /// use iso18013::doctype::{DoctypeFindingKind, Registry, pid};
    /// let gender = Value::from(2u64);
    /// let found = Registry::builtin().review(pid::DOC_TYPE, [(pid::NAME_SPACE, "gender", &gender)]);
    /// assert!(matches!(found[0].kind, DoctypeFindingKind::OlderForm(_)));
    /// ```
    pub fn review<'a>(
        &self,
        doc_type: &str,
        elements: impl IntoIterator<Item = (&'a str, &'a str, &'a Value)>,
    ) -> Vec<DoctypeFinding> {
        let mut found = Vec::new();
        if let Some(note) = self.get(doc_type).and_then(Descriptor::older_form_note) {
            found.push(DoctypeFinding {
                name_space: String::new(),
                identifier: String::new(),
                kind: DoctypeFindingKind::OlderForm(note),
            });
        }
        for (name_space, identifier, value) in elements {
            let Some(table) = self.table(doc_type, name_space) else {
                continue;
            };
            let kind = match table.element(identifier) {
                None if table.is_closed() => Some(DoctypeFindingKind::UnknownElement),
                None => None,
                Some(element) => review_element(element, value),
            };
            if let Some(kind) = kind {
                found.push(DoctypeFinding {
                    name_space: String::from(name_space),
                    identifier: String::from(identifier),
                    kind,
                });
            }
        }
        found
    }
}

/// What a reader notes about one value of a known element, if anything.
fn review_element(element: &Element, value: &Value) -> Option<DoctypeFindingKind> {
    if let Some(note) = element.older_form_note() {
        return Some(DoctypeFindingKind::OlderForm(note));
    }
    if !element.ty().accepts(value) {
        return Some(match element.older_type() {
            Some((older, note)) if older.accepts(value) => DoctypeFindingKind::OlderForm(note),
            _ => DoctypeFindingKind::WrongType(element.ty()),
        });
    }
    // Each image is walked once: its metadata is the finding, and a clean walk is the
    // image constraint met (the constraint would walk it again).
    let mut walked = false;
    for image in super::biometrics::images_in(element, value) {
        match super::biometrics::metadata_left(image) {
            Ok(Some(left)) => return Some(DoctypeFindingKind::ImageMetadata(left)),
            Ok(None) => walked = true,
            Err(()) => walked = false,
        }
    }
    element
        .constraint()
        .filter(|c| !(walked && matches!(c, Constraint::Image | Constraint::ImageOrEmpty)))
        .filter(|c| !c.accepts(value))
        .map(DoctypeFindingKind::ConstraintViolated)
}
