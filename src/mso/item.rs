//! `IssuerSignedItem` and `IssuerSigned`: what the issuer hands the wallet.

use alloc::string::String;
use alloc::vec::Vec;

use super::auth::IssuerAuth;
use crate::cbor::map::{array_of, encode_array, text_map};
use crate::cbor::{DecodeError, DecodeErrorKind, Decoder, Encoder, TaggedCbor, TextRest, Value};

/// A digest identifier: unsigned, at least 32 bits in practice (some issuers use values
/// at and above 2^31), carried as a `u64` so nothing is lost.
pub type DigestId = u64;

/// `IssuerSignedItemBytes = #6.24(bstr .cbor IssuerSignedItem)`: its exact bytes are what
/// the MSO digest covers.
pub type IssuerSignedItemBytes = TaggedCbor<IssuerSignedItem>;

/// `IssuerNameSpaces = {+ NameSpace => [+ IssuerSignedItemBytes]}`, in received order.
pub type IssuerNameSpaces = Vec<(String, Vec<IssuerSignedItemBytes>)>;

/// `IssuerSignedItem`: one data element with its salt and digest identifier.
#[derive(Clone, Debug, PartialEq)]
pub struct IssuerSignedItem {
    /// `digestID`: the key of this element's digest in the MSO.
    pub digest_id: DigestId,
    /// `random`: the salt (at least 16 bytes when issued by this crate).
    pub random: Vec<u8>,
    /// `elementIdentifier`.
    pub element_identifier: String,
    /// `elementValue`, open CBOR (see the doctype modules for typed views).
    pub element_value: Value,
    /// Other entries, as received.
    pub rest: TextRest,
}

/// `IssuerSigned = {? "nameSpaces": IssuerNameSpaces, "issuerAuth": IssuerAuth}`.
#[derive(Clone, Debug, PartialEq)]
pub struct IssuerSigned {
    /// The disclosed (or issued) elements per namespace.
    pub name_spaces: Option<IssuerNameSpaces>,
    /// The issuer's signature over the MSO, with the MSO decoded.
    pub issuer_auth: IssuerAuth,
    /// Other entries, as received.
    pub rest: TextRest,
}

crate::cbor::text_map_codec! {
    IssuerSignedItem as "IssuerSignedItem" {
        digest_id: "digestID" required,
        random: "random" required,
        element_identifier: "elementIdentifier" required,
        element_value: "elementValue" required,
    }
    rest rest
}

/// Decodes `{+ NameSpace => [+ T]}` with at most `Limits::max_elements` items in total.
pub(crate) fn name_spaces_of<T>(
    d: &mut Decoder<'_>,
    structure: &'static str,
    name: &'static str,
    mut item: impl FnMut(&mut Decoder<'_>) -> Result<T, DecodeError>,
) -> Result<Vec<(String, Vec<T>)>, DecodeError> {
    let at = d.offset();
    let limit = d.limits().max_elements;
    let mut total = 0u64;
    let mut out = Vec::new();
    text_map(d, structure, |d, ns| {
        let items = array_of(d, 1, Some((limit, "data elements")), &mut item)?;
        total = total.saturating_add(u64::try_from(items.len()).unwrap_or(u64::MAX));
        if total > limit {
            return Err(d.error(DecodeErrorKind::TooMany {
                what: "data elements in one document",
                limit,
            }));
        }
        out.push((String::from(ns), items));
        Ok(())
    })
    .map_err(|e| e.at(structure, name))?;
    if out.is_empty() {
        return Err(DecodeError::new(
            DecodeErrorKind::InvalidValue("empty map where one namespace or more is required"),
            at,
        )
        .at(structure, name));
    }
    Ok(out)
}

crate::cbor::text_map_codec! {
    IssuerSigned as "IssuerSigned" {
        name_spaces: "nameSpaces" optional (
            decode_at = |d, s, k| name_spaces_of(d, s, k, IssuerSignedItemBytes::decode),
            encode = encode_name_spaces
        ),
        issuer_auth: "issuerAuth" required,
    }
    rest rest
}

fn encode_name_spaces(e: &mut Encoder, name_spaces: &[(String, Vec<IssuerSignedItemBytes>)]) {
    e.map(name_spaces.len());
    for (ns, items) in name_spaces {
        e.text(ns);
        encode_array(e, items);
    }
}
