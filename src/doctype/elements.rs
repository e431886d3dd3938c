//! The CBOR type each data element of a known doctype must have.

use crate::cbor::{Decode, Encode, FullDate, TDate, Value};

/// The CBOR type a data element's value must have.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ElementType {
    /// `tstr`.
    Text,
    /// `bstr`.
    Bytes,
    /// `uint`.
    Uint,
    /// `bool`.
    Bool,
    /// `full-date` (tag 1004).
    FullDate,
    /// `tdate` (tag 0).
    TDate,
    /// `tdate` or `full-date` (e.g. the mDL's `issue_date` and `expiry_date`).
    TDateOrFullDate,
    /// The mDL's `driving_privileges` structure.
    DrivingPrivileges,
    /// Any CBOR value (the element is defined elsewhere or left open).
    Any,
}

impl ElementType {
    /// Whether `value` has this type.
    ///
    /// ```
    /// use iso18013::cbor::Value;
    /// use iso18013::doctype::ElementType;
    /// let date = Value::Tag(1004, Box::new(Value::from("1990-01-01")));
    /// assert!(ElementType::FullDate.accepts(&date));
    /// assert!(!ElementType::FullDate.accepts(&Value::from("1990-01-01")));
    /// ```
    pub fn accepts(self, value: &Value) -> bool {
        match self {
            Self::Text => matches!(value, Value::Text(_)),
            Self::Bytes => matches!(value, Value::Bytes(_)),
            Self::Uint => matches!(value, Value::Int(i) if i.get() >= 0),
            Self::Bool => matches!(value, Value::Bool(_)),
            Self::FullDate => is_full_date(value),
            Self::TDate => is_tdate(value),
            Self::TDateOrFullDate => is_full_date(value) || is_tdate(value),
            Self::DrivingPrivileges => {
                super::mdl::DrivingPrivileges::from_cbor(&value.to_cbor()).is_ok()
            }
            Self::Any => true,
        }
    }
}

fn is_full_date(value: &Value) -> bool {
    matches!(value, Value::Tag(1004, inner) if inner.as_text().is_some_and(|t| FullDate::parse(t).is_ok()))
}

fn is_tdate(value: &Value) -> bool {
    matches!(value, Value::Tag(0, inner) if inner.as_text().is_some_and(|t| TDate::parse(t).is_ok()))
}

/// The type of element `identifier` in `name_space`, where a doctype module defines it.
pub fn element_type(name_space: &str, identifier: &str) -> Option<ElementType> {
    match name_space {
        super::mdl::NAME_SPACE => super::mdl::element_type(identifier),
        _ => None,
    }
}
