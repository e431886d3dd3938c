//! `Serialize` for the comparison of a response with its request (feature `serde`): what
//! `mdoc verify --request` prints under `"request"`.
//!
//! ```json
//! {"complete": false,
//!  "requests": [{"request": 0, "docType": "org.iso.18013.5.1.mDL", "complete": false,
//!                "declined": null, "uniqueDocSetRequired": null, "tooMany": false,
//!                "documents": [{"document": 0, "complete": false,
//!                  "elements": [{"nameSpace": "org.iso.18013.5.1", "identifier": "family_name",
//!                                "intentToRetain": false, "outcome": "returned", "signer": "issuer"},
//!                               {"nameSpace": "org.iso.18013.5.1", "identifier": "portrait",
//!                                "intentToRetain": false, "outcome": "declined", "errorCode": 0}],
//!                  "unrequested": [{"nameSpace": "org.iso.18013.5.1", "identifier": "birth_date",
//!                                   "signer": "issuer"}]}]}],
//!  "unrequestedDocuments": []}
//! ```

use serde::ser::{Serialize, SerializeMap, Serializer};

use super::answer::{
    Comparison, DocRequestAnswer, DocumentAnswer, ElementOutcome, RequestedElement, Signer,
    UnrequestedElement,
};

impl Serialize for Signer {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.name())
    }
}

impl Serialize for RequestedElement {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("nameSpace", &self.name_space)?;
        map.serialize_entry("identifier", &self.identifier)?;
        map.serialize_entry("intentToRetain", &self.intent_to_retain)?;
        map.serialize_entry("outcome", self.outcome.name())?;
        match self.outcome {
            ElementOutcome::Returned(signer) => map.serialize_entry("signer", &signer)?,
            ElementOutcome::Attested { age_over, signer } => {
                map.serialize_entry("ageOver", &age_over)?;
                map.serialize_entry("signer", &signer)?;
            }
            ElementOutcome::Declined(code) => map.serialize_entry("errorCode", &code)?,
            ElementOutcome::Absent => {}
        }
        map.end()
    }
}

impl Serialize for UnrequestedElement {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(3))?;
        map.serialize_entry("nameSpace", &self.name_space)?;
        map.serialize_entry("identifier", &self.identifier)?;
        map.serialize_entry("signer", &self.signer)?;
        map.end()
    }
}

impl Serialize for DocumentAnswer {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(4))?;
        map.serialize_entry("document", &self.document)?;
        map.serialize_entry("complete", &self.is_complete())?;
        map.serialize_entry("elements", &self.elements)?;
        map.serialize_entry("unrequested", &self.unrequested)?;
        map.end()
    }
}

impl Serialize for DocRequestAnswer {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(7))?;
        map.serialize_entry("request", &self.request)?;
        map.serialize_entry("docType", &self.doc_type)?;
        map.serialize_entry("complete", &self.is_complete())?;
        map.serialize_entry("declined", &self.declined)?;
        map.serialize_entry("uniqueDocSetRequired", &self.unique_doc_set_required)?;
        map.serialize_entry("tooMany", &self.too_many())?;
        map.serialize_entry("documents", &self.documents)?;
        map.end()
    }
}

impl Serialize for Comparison {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(3))?;
        map.serialize_entry("complete", &self.is_complete())?;
        map.serialize_entry("requests", &self.requests)?;
        map.serialize_entry("unrequestedDocuments", &self.unrequested_documents)?;
        map.end()
    }
}
