//! The MSO's `Status` (second edition): where a credential's revocation status is
//! published, in a status list or an identifier list.
//!
//! One deployed form is read beyond the CDDL: an `identifier_list` whose `id` is a text
//! string (the EUDI reference issuer wrote `"id": "4881"` in 2025) is accepted, with its
//! UTF-8 bytes as the identifier and the text kept as received (see
//! [`IdentifierListInfo::text_id`]); the verifier reports it as
//! [`Finding::TextIdentifierListId`](crate::verify::Finding::TextIdentifierListId).

use alloc::string::String;
use alloc::vec::Vec;

use crate::cbor::map::{encode_text_rest, field, keep_text, required, text_map};
use crate::cbor::{CborType, Decode, DecodeError, Decoder, Encode, Encoder, TextRest, Value};

/// `Status` (second edition): where the credential's revocation status is published.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Status {
    /// `status_list`: an index into a status list token.
    pub status_list: Option<StatusListInfo>,
    /// `identifier_list`: an identifier in an identifier list.
    pub identifier_list: Option<IdentifierListInfo>,
    /// Other mechanisms, as received.
    pub rest: TextRest,
}

/// `StatusListInfo = {"idx": uint, "uri": tstr, ? "certificate": bstr}`.
#[derive(Clone, Debug, PartialEq)]
pub struct StatusListInfo {
    /// Index of this credential in the list.
    pub idx: u64,
    /// Where the list is published.
    pub uri: String,
    /// Certificate of the list's signer.
    pub certificate: Option<Vec<u8>>,
    /// Other entries, as received.
    pub rest: TextRest,
}

/// `IdentifierListInfo = {"id": bstr, "uri": tstr, ? "certificate": bstr}`.
///
/// An `id` received as a text string, a form deployed by the EUDI reference issuer where
/// ISO/IEC 18013-5 (2nd edition, 12.3.6.4) has a byte string, is accepted: [`id`](Self::id)
/// holds its UTF-8 bytes and [`rest`](Self::rest) keeps the text under `"id"`, as
/// received, so that encoding writes it back as text ([`text_id`](Self::text_id) tells).
///
/// ```
/// use iso18013::cbor::{Decode, Encode, Value};
/// use iso18013::mso::IdentifierListInfo;
///
/// // {"id": "4881", "uri": "https://issuer.example/il"}
/// let received = Value::Map(vec![
///     (Value::from("id"), Value::from("4881")),
///     (Value::from("uri"), Value::from("https://issuer.example/il")),
/// ])
/// .to_cbor();
/// let info = IdentifierListInfo::from_cbor(&received)?;
/// assert_eq!(info.id, b"4881");
/// assert_eq!(info.text_id(), Some("4881"));
/// // Encoded again, the id is still text.
/// assert_eq!(IdentifierListInfo::from_cbor(&info.to_cbor())?.text_id(), Some("4881"));
/// # Ok::<(), iso18013::cbor::DecodeError>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct IdentifierListInfo {
    /// This credential's identifier (a text `id`'s UTF-8 bytes).
    pub id: Vec<u8>,
    /// Where the list is published.
    pub uri: String,
    /// Certificate of the list's signer.
    pub certificate: Option<Vec<u8>>,
    /// Other entries, as received; also a text `id`. While it holds an `"id"` entry,
    /// that entry is what encoding writes for the identifier, not [`id`](Self::id).
    pub rest: TextRest,
}

impl IdentifierListInfo {
    /// The identifier as received when it was a text string (a deployed form, not the
    /// CDDL's byte string); `None` for a byte string.
    pub fn text_id(&self) -> Option<&str> {
        self.rest
            .iter()
            .find(|(key, _)| key == "id")
            .and_then(|(_, value)| value.as_text())
    }

    /// Whether `rest` holds the identifier, which encoding then writes instead of `id`.
    fn id_in_rest(&self) -> bool {
        self.rest.iter().any(|(key, _)| key == "id")
    }
}

crate::cbor::text_map_codec! {
    Status as "Status" {
        status_list: "status_list" optional,
        identifier_list: "identifier_list" optional,
    }
    rest rest
}

crate::cbor::text_map_codec! {
    StatusListInfo as "StatusListInfo" {
        idx: "idx" required,
        uri: "uri" required,
        certificate: "certificate" optional,
    }
    rest rest
}

const IDENTIFIER_LIST_INFO: &str = "IdentifierListInfo";

impl Decode for IdentifierListInfo {
    fn decode(d: &mut Decoder<'_>) -> Result<Self, DecodeError> {
        const S: &str = IDENTIFIER_LIST_INFO;
        let at = d.offset();
        let (mut id, mut uri, mut certificate) = (None, None, None);
        let mut rest = TextRest::new();
        text_map(d, S, |d, key| {
            match key {
                "id" => {
                    let text = d.peek_head()?.cbor_type() == CborType::Text;
                    id = Some(if text {
                        let text = field::<String>(d, S, "id")?;
                        let bytes = text.as_bytes().to_vec();
                        rest.push((String::from("id"), Value::Text(text)));
                        bytes
                    } else {
                        field::<Vec<u8>>(d, S, "id")?
                    });
                }
                "uri" => uri = Some(field::<String>(d, S, "uri")?),
                "certificate" => certificate = Some(field::<Vec<u8>>(d, S, "certificate")?),
                other => keep_text(d, &mut rest, S, other)?,
            }
            Ok(())
        })?;
        Ok(Self {
            id: required(id, S, "id", at)?,
            uri: required(uri, S, "uri", at)?,
            certificate,
            rest,
        })
    }
}

impl Encode for IdentifierListInfo {
    fn encode(&self, e: &mut Encoder) {
        let id_in_rest = self.id_in_rest();
        let n = usize::from(!id_in_rest)
            + 1
            + usize::from(self.certificate.is_some())
            + self.rest.len();
        e.map(n);
        if !id_in_rest {
            e.text("id").bytes(&self.id);
        }
        e.text("uri").text(&self.uri);
        if let Some(certificate) = &self.certificate {
            e.text("certificate").bytes(certificate);
        }
        encode_text_rest(e, &self.rest);
    }
}
