//! The CBOR type each data element of a known doctype must have.

use crate::cbor::{Value, check_date_text};

/// The CBOR type a data element's value must have.
#[derive(Clone, Copy, Debug)]
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
    /// The mDL's `driving_privileges` structure: the same type as
    /// `ElementType::Structure(mdl::DRIVING_PRIVILEGES)`, which the registry gives.
    #[deprecated(note = "use `ElementType::Structure(doctype::mdl::DRIVING_PRIVILEGES)`")]
    DrivingPrivileges,
    /// A structure a doctype defines (e.g. the mDL's `driving_privileges`), checked by
    /// the doctype's own validator.
    Structure(StructureCheck),
    /// Any CBOR value (the element is defined elsewhere or left open).
    Any,
    /// An array of one or more items of this type (the EU PID's `nationality`).
    Array(&'static ElementType),
}

impl ElementType {
    /// Whether `value` has this type.
    ///
    /// ```
    /// use iso18013::cbor::Value;
    /// use iso18013::doctype::{mdl, ElementType};
    /// let date = Value::Tag(1004, Box::new(Value::from("1990-01-01")));
    /// assert!(ElementType::FullDate.accepts(&date));
    /// assert!(!ElementType::FullDate.accepts(&Value::from("1990-01-01")));
    /// let privileges = ElementType::Structure(mdl::DRIVING_PRIVILEGES);
    /// assert!(privileges.accepts(&Value::Array(vec![])));
    /// assert!(!privileges.accepts(&Value::from("B")));
    /// ```
    pub fn accepts(self, value: &Value) -> bool {
        match self.resolved() {
            Self::Text => matches!(value, Value::Text(_)),
            Self::Bytes => matches!(value, Value::Bytes(_)),
            Self::Uint => matches!(value, Value::Int(i) if i.get() >= 0),
            Self::Bool => matches!(value, Value::Bool(_)),
            Self::FullDate => is_full_date(value),
            Self::TDate => is_tdate(value),
            Self::TDateOrFullDate => is_full_date(value) || is_tdate(value),
            Self::Structure(check) => check.accepts(value),
            Self::Array(item) => matches!(value, Value::Array(items)
                if !items.is_empty() && items.iter().all(|v| item.accepts(v))),
            _ => true,
        }
    }

    /// The structure check, if this type is a doctype's structure.
    pub fn structure(self) -> Option<StructureCheck> {
        match self.resolved() {
            Self::Structure(check) => Some(check),
            _ => None,
        }
    }

    /// The deprecated variant as the structure it stands for; every other type as is.
    #[allow(deprecated)]
    fn resolved(self) -> Self {
        match self {
            Self::DrivingPrivileges => Self::Structure(super::mdl::DRIVING_PRIVILEGES),
            other => other,
        }
    }
}

/// The type in CDDL: `tstr`, `full-date`, `tdate / full-date`, `DrivingPrivileges`
/// (a structure by its name), `[+ tstr]`, `any`.
impl core::fmt::Display for ElementType {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self.resolved() {
            Self::Text => f.write_str("tstr"),
            Self::Bytes => f.write_str("bstr"),
            Self::Uint => f.write_str("uint"),
            Self::Bool => f.write_str("bool"),
            Self::FullDate => f.write_str("full-date"),
            Self::TDate => f.write_str("tdate"),
            Self::TDateOrFullDate => f.write_str("tdate / full-date"),
            Self::Structure(check) => f.write_str(check.name()),
            Self::Array(item) => write!(f, "[+ {item}]"),
            _ => f.write_str("any"),
        }
    }
}

/// Types are equal when they check the same thing; structures compare by name, and the
/// deprecated `DrivingPrivileges` equals `Structure(mdl::DRIVING_PRIVILEGES)`.
impl PartialEq for ElementType {
    fn eq(&self, other: &Self) -> bool {
        use ElementType as T;
        match (self.resolved(), other.resolved()) {
            (T::Structure(a), T::Structure(b)) => a == b,
            (T::Array(a), T::Array(b)) => a == b,
            (a, b) => core::mem::discriminant(&a) == core::mem::discriminant(&b),
        }
    }
}

impl Eq for ElementType {}

/// A doctype's own check of a structured element (e.g. the mDL's `driving_privileges`):
/// a stable name and a validator.
///
/// ```
/// use iso18013::cbor::Value;
/// use iso18013::doctype::{ElementType, StructureCheck};
/// fn is_point(v: &Value) -> bool {
///     matches!(v, Value::Array(xy) if xy.len() == 2 && xy.iter().all(|c| c.as_int().is_some()))
/// }
/// const POINT: StructureCheck = StructureCheck::new("point", is_point);
/// let point = Value::Array(vec![Value::from(1u64), Value::from(2u64)]);
/// assert!(ElementType::Structure(POINT).accepts(&point));
/// assert!(!ElementType::Structure(POINT).accepts(&Value::from(1u64)));
/// ```
#[derive(Clone, Copy)]
pub struct StructureCheck {
    name: &'static str,
    accepts: fn(&Value) -> bool,
    full_date_fields: &'static [&'static str],
    from_text: Option<fn(&str) -> Option<Value>>,
}

impl StructureCheck {
    /// A structure named `name` (its CDDL name, stable: two checks with the same name are
    /// the same type) whose values `accepts` validates.
    pub const fn new(name: &'static str, accepts: fn(&Value) -> bool) -> Self {
        Self {
            name,
            accepts,
            full_date_fields: &[],
            from_text: None,
        }
    }

    /// How a plain text stands for the structure (e.g. PhotoID's `birth_date` map from
    /// `"1990-05-01"`): JSON conversion and the `mdoc` command write the structure.
    pub const fn with_from_text(mut self, from_text: fn(&str) -> Option<Value>) -> Self {
        self.from_text = Some(from_text);
        self
    }

    /// The structure a plain text stands for, if the doctype defines one
    /// ([`with_from_text`](Self::with_from_text)).
    pub fn from_text(&self, text: &str) -> Option<Value> {
        self.from_text.and_then(|f| f(text))
    }

    /// Names the map fields, at any depth, whose text values are `full-date`s: JSON
    /// conversion (the `json` feature) tags them.
    pub const fn with_full_date_fields(mut self, fields: &'static [&'static str]) -> Self {
        self.full_date_fields = fields;
        self
    }

    /// The structure's name.
    pub fn name(&self) -> &'static str {
        self.name
    }

    /// Whether `value` is a valid instance.
    pub fn accepts(&self, value: &Value) -> bool {
        (self.accepts)(value)
    }

    /// The map fields whose text values are `full-date`s.
    pub fn full_date_fields(&self) -> &'static [&'static str] {
        self.full_date_fields
    }
}

impl PartialEq for StructureCheck {
    fn eq(&self, other: &Self) -> bool {
        self.name == other.name
    }
}

impl Eq for StructureCheck {}

impl core::fmt::Debug for StructureCheck {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_tuple("StructureCheck").field(&self.name).finish()
    }
}

fn is_full_date(value: &Value) -> bool {
    is_date_tag(value, 1004)
}

fn is_tdate(value: &Value) -> bool {
    is_date_tag(value, 0)
}

/// `#6.<tag>(tstr)` holding a valid date of that tag (0: tdate, 1004: full-date).
fn is_date_tag(value: &Value, tag: u64) -> bool {
    matches!(value, Value::Tag(t, inner) if *t == tag
        && inner.as_text().is_some_and(|text| check_date_text(tag, text).is_ok()))
}

/// The type of element `identifier` in `name_space`, where a built-in doctype defines it
/// ([`Registry::builtin`](super::Registry::builtin); use [`Registry::element_type`](super::Registry::element_type)
/// for a registry with your own doctypes).
///
/// ```
/// use iso18013::doctype::{element_type, ElementType};
/// assert_eq!(element_type("org.iso.18013.5.1", "birth_date"), Some(ElementType::FullDate));
/// assert_eq!(element_type("org.example", "birth_date"), None);
/// ```
pub fn element_type(name_space: &str, identifier: &str) -> Option<ElementType> {
    super::Registry::builtin().element_type(name_space, identifier)
}
