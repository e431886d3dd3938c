//! What a document says about how to serve it: its media type from the `COSE_Sign1`
//! protected `typ` (16), its cache lifetime from the CWT `ttl` claim (65534). Reads the
//! envelope only; the list inside is neither parsed nor verified.

use crate::cbor::{Decode, Label, Value};
use crate::cose::CoseSign1;

use super::media_type;

/// The protected header's `typ` label (RFC 9596).
const TYP: i64 = 16;
/// The CWT `ttl` claim (IETF Token Status List).
const TTL: i128 = 65534;

/// How a document is served: its media type and, for a token with a `ttl` claim, that ttl.
pub(crate) fn sniff(bytes: &[u8]) -> (&'static str, Option<u64>) {
    let Ok(sign1) = CoseSign1::from_cbor(bytes) else {
        return (media_type::OCTET_STREAM, None);
    };
    let typ = sign1
        .protected()
        .header()
        .rest
        .iter()
        .find(|(label, _)| *label == Label::Int(TYP))
        .and_then(|(_, value)| value.as_text());
    let content_type = match typ.map(|t| t.strip_prefix("application/").unwrap_or(t)) {
        Some("statuslist+cwt") => media_type::STATUS_LIST_CWT,
        // the short form and the misspelling of the 18013-5 drafts' Annex D.6 examples
        Some("identifierlist+cwt" | "identfierlist+cwt") => media_type::IDENTIFIER_LIST_CWT,
        // no typ (a VICAL or a RICAL), or one this crate does not serve by name
        _ => media_type::CWT,
    };
    let ttl = sign1
        .payload()
        .and_then(|claims| Value::from_cbor(claims).ok())
        .and_then(|claims| claims.as_map_entry_int(TTL).and_then(Value::as_int))
        .and_then(|ttl| u64::try_from(ttl).ok());
    (content_type, ttl)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cbor::{Encode, Int};
    use crate::cose::{Header, ProtectedHeader};
    use alloc::vec;
    use alloc::vec::Vec;

    fn token(typ: Option<Value>, claims: Value) -> Vec<u8> {
        let mut header = Header {
            alg: Some(Label::Int(-7)),
            ..Header::default()
        };
        if let Some(typ) = typ {
            header.rest.push((Label::Int(TYP), typ));
        }
        CoseSign1::new(
            ProtectedHeader::new(header),
            Header::default(),
            Some(claims.to_cbor()),
            vec![0; 64],
        )
        .to_cbor()
    }

    fn claims(ttl: Option<i64>) -> Value {
        let mut entries = vec![(Value::from(2u64), Value::from("u"))];
        if let Some(ttl) = ttl {
            entries.push((Value::from(65534u64), Value::from(ttl)));
        }
        Value::Map(entries)
    }

    #[test]
    fn media_types_from_typ() {
        let text = |t: &str| Some(Value::Text(t.into()));
        let cases = [
            (
                text("application/statuslist+cwt"),
                media_type::STATUS_LIST_CWT,
            ),
            (text("statuslist+cwt"), media_type::STATUS_LIST_CWT),
            (
                text("application/identifierlist+cwt"),
                media_type::IDENTIFIER_LIST_CWT,
            ),
            (text("identfierlist+cwt"), media_type::IDENTIFIER_LIST_CWT),
            (text("application/json"), media_type::CWT),
            (Some(Value::Int(Int::from(61u64))), media_type::CWT),
            (None, media_type::CWT),
        ];
        for (typ, expected) in cases {
            assert_eq!(
                sniff(&token(typ.clone(), claims(None))).0,
                expected,
                "{typ:?}"
            );
        }
        assert_eq!(
            sniff(b"{\"status_lists\": []}"),
            (media_type::OCTET_STREAM, None)
        );
        assert_eq!(sniff(&[]), (media_type::OCTET_STREAM, None));
    }

    #[test]
    fn ttl_from_the_claims() {
        let typ = Some(Value::Text("application/statuslist+cwt".into()));
        assert_eq!(
            sniff(&token(typ.clone(), claims(Some(43_200)))).1,
            Some(43_200)
        );
        assert_eq!(sniff(&token(typ.clone(), claims(None))).1, None);
        assert_eq!(sniff(&token(typ.clone(), claims(Some(-1)))).1, None);
        // a payload that is not a claims map (a VICAL's text-keyed map, say)
        assert_eq!(sniff(&token(typ, Value::Text("x".into()))).1, None);
    }
}
