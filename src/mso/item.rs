//! `IssuerSignedItem` and `IssuerSigned`: what the issuer hands the wallet.

use alloc::string::String;
use alloc::vec::Vec;

use super::auth::IssuerAuth;
use crate::cbor::map::{
    array_of, count_some, encode_text_rest, field, keep_text, required, text_map,
};
use crate::cbor::{
    Decode, DecodeError, DecodeErrorKind, Decoder, Encode, Encoder, TaggedCbor, TextRest, Value,
};

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

impl Decode for IssuerSignedItem {
    fn decode(d: &mut Decoder<'_>) -> Result<Self, DecodeError> {
        const S: &str = "IssuerSignedItem";
        let at = d.offset();
        let (mut id, mut random, mut ident, mut value) = (None, None, None, None);
        let mut rest = TextRest::new();
        text_map(d, S, |d, k| {
            match k {
                "digestID" => id = Some(field(d, S, "digestID")?),
                "random" => random = Some(field(d, S, "random")?),
                "elementIdentifier" => ident = Some(field(d, S, "elementIdentifier")?),
                "elementValue" => value = Some(field(d, S, "elementValue")?),
                other => keep_text(d, &mut rest, S, other)?,
            }
            Ok(())
        })?;
        Ok(Self {
            digest_id: required(id, S, "digestID", at)?,
            random: required(random, S, "random", at)?,
            element_identifier: required(ident, S, "elementIdentifier", at)?,
            element_value: required(value, S, "elementValue", at)?,
            rest,
        })
    }
}

impl Encode for IssuerSignedItem {
    fn encode(&self, e: &mut Encoder) {
        e.map(4 + self.rest.len());
        e.text("digestID").u64(self.digest_id);
        e.text("random").bytes(&self.random);
        e.text("elementIdentifier").text(&self.element_identifier);
        e.text("elementValue");
        self.element_value.encode(e);
        encode_text_rest(e, &self.rest);
    }
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

impl Decode for IssuerSigned {
    fn decode(d: &mut Decoder<'_>) -> Result<Self, DecodeError> {
        const S: &str = "IssuerSigned";
        let at = d.offset();
        let (mut ns, mut auth) = (None, None);
        let mut rest = TextRest::new();
        text_map(d, S, |d, k| {
            match k {
                "nameSpaces" => {
                    ns = Some(name_spaces_of(
                        d,
                        S,
                        "nameSpaces",
                        IssuerSignedItemBytes::decode,
                    )?);
                }
                "issuerAuth" => auth = Some(field(d, S, "issuerAuth")?),
                other => keep_text(d, &mut rest, S, other)?,
            }
            Ok(())
        })?;
        Ok(Self {
            name_spaces: ns,
            issuer_auth: required(auth, S, "issuerAuth", at)?,
            rest,
        })
    }
}

impl Encode for IssuerSigned {
    fn encode(&self, e: &mut Encoder) {
        e.map(1 + count_some(&[self.name_spaces.is_some()]) + self.rest.len());
        if let Some(name_spaces) = &self.name_spaces {
            e.text("nameSpaces").map(name_spaces.len());
            for (ns, items) in name_spaces {
                e.text(ns).array(items.len());
                for item in items {
                    item.encode(e);
                }
            }
        }
        e.text("issuerAuth");
        self.issuer_auth.encode(e);
        encode_text_rest(e, &self.rest);
    }
}
