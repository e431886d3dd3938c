//! `IssuerSignedItem` and `IssuerSigned`: what the issuer hands the wallet.

use alloc::string::String;
use alloc::vec::Vec;

use super::auth::IssuerAuth;
use crate::cbor::name_spaces::encode_arrays;
use crate::cbor::{NameSpaces, TaggedCbor, TextRest, Value};

/// A digest identifier: unsigned, at least 32 bits in practice (some issuers use values
/// at and above 2^31), carried as a `u64` so nothing is lost.
pub type DigestId = u64;

/// `IssuerSignedItemBytes = #6.24(bstr .cbor IssuerSignedItem)`: its exact bytes are what
/// the MSO digest covers.
pub type IssuerSignedItemBytes = TaggedCbor<IssuerSignedItem>;

/// `IssuerNameSpaces = {+ NameSpace => [+ IssuerSignedItemBytes]}`, in received order.
pub type IssuerNameSpaces = NameSpaces<Vec<IssuerSignedItemBytes>>;

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

crate::cbor::text_map_codec! {
    IssuerSigned as "IssuerSigned" {
        name_spaces: "nameSpaces" optional (
            decode_at = |d, s, k| NameSpaces::decode_items(d, s, k, IssuerSignedItemBytes::decode),
            encode = encode_arrays
        ),
        issuer_auth: "issuerAuth" required,
    }
    rest rest
}
