//! The doctype tables as JSON (feature `serde`): what `mdoc doctypes` prints.
//!
//! A descriptor is `{"docType", "olderForm"?, "checks": [name], "nameSpaces": [{"name",
//! "closed", "elements": [{"identifier", "type", "mandatory", "constraint"?,
//! "olderForm"?, "olderType"?}]}]}`. Identifiers that cover a family are written
//! `age_over_NN` (two digits) and `biometric_template_*` (any suffix); types in CDDL
//! (`tstr`, `full-date`, `[+ tstr]`, a structure by its name); constraints in words.

use alloc::string::{String, ToString};

use serde::Serialize;
use serde::ser::{SerializeMap, SerializeSeq, Serializer};

use super::{Descriptor, Element, Identifier, NameSpace, Presence};

impl Serialize for Descriptor {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("docType", self.doc_type())?;
        if let Some(note) = self.older_form_note() {
            map.serialize_entry("olderForm", note)?;
        }
        map.serialize_entry("checks", &Names(self.checks().iter().map(|c| c.name())))?;
        map.serialize_entry("nameSpaces", self.name_spaces())?;
        map.end()
    }
}

impl Serialize for NameSpace {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("name", self.name())?;
        map.serialize_entry("closed", &self.is_closed())?;
        map.serialize_entry("elements", self.elements())?;
        map.end()
    }
}

impl Serialize for Element {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("identifier", &identifier(self.identifier()))?;
        map.serialize_entry("type", &self.ty().to_string())?;
        map.serialize_entry("mandatory", &(self.presence() == Presence::Mandatory))?;
        if let Some(constraint) = self.constraint() {
            map.serialize_entry("constraint", &constraint.to_string())?;
        }
        if let Some(note) = self.older_form_note() {
            map.serialize_entry("olderForm", note)?;
        }
        if let Some((ty, note)) = self.older_type() {
            map.serialize_entry("olderType", &OlderType(ty.to_string(), note))?;
        }
        map.end()
    }
}

fn identifier(identifier: &Identifier) -> String {
    match identifier {
        Identifier::Exact(id) => id.to_string(),
        Identifier::Digits { prefix, count } => {
            let mut out = prefix.to_string();
            out.extend(core::iter::repeat_n('N', *count));
            out
        }
        Identifier::Prefix(prefix) => alloc::format!("{prefix}*"),
    }
}

struct OlderType(String, &'static str);

impl Serialize for OlderType {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(2))?;
        map.serialize_entry("type", &self.0)?;
        map.serialize_entry("note", self.1)?;
        map.end()
    }
}

struct Names<I>(I);

impl<I: Iterator<Item = &'static str> + Clone> Serialize for Names<I> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut seq = serializer.serialize_seq(None)?;
        for name in self.0.clone() {
            seq.serialize_element(name)?;
        }
        seq.end()
    }
}

impl Serialize for super::Registry {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.descriptors().serialize(serializer)
    }
}
