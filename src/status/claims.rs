//! The CWT claims set of a status list or identifier list token.

use alloc::string::String;

use super::compressed::CompressedStatusList;
use super::identifier::IdentifierList;
use crate::cbor::map::{count_some, encode_label_rest, field, label_map};
use crate::cbor::{Decode, DecodeError, Decoder, Encode, Encoder, Label, LabelRest, Value};

/// CWT claim `sub` (RFC 8392): the list's URI.
pub const CLAIM_SUB: i64 = 2;
/// CWT claim `exp`: when the token expires (Unix seconds).
pub const CLAIM_EXP: i64 = 4;
/// CWT claim `iat`: when it was issued (Unix seconds).
pub const CLAIM_IAT: i64 = 6;
/// CWT claim `ttl` (IETF Token Status List, requested value): seconds a verifier may use
/// the token before fetching it again.
pub const CLAIM_TTL: i64 = 65534;
/// CWT claim `status_list` (IETF Token Status List, requested value).
pub const CLAIM_STATUS_LIST: i64 = 65533;
/// CWT claim of the `IdentifierList` (ISO 18013-5 2nd edition 12.3.6.4).
pub const CLAIM_IDENTIFIER_LIST: i64 = 65530;

/// The claims of a list token: `sub`, `iat`, `exp`, `ttl`, and the status list or the
/// identifier list, as received (which are required is the verifier's rule, not the
/// codec's). Other claims are kept.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ListClaims {
    /// 2 `sub`: the URI the list is published at.
    pub sub: Option<String>,
    /// 6 `iat`.
    pub iat: Option<i64>,
    /// 4 `exp`.
    pub exp: Option<i64>,
    /// 65534 `ttl`.
    pub ttl: Option<u64>,
    /// 65533 `status_list`.
    pub status_list: Option<CompressedStatusList>,
    /// 65530 `IdentifierList`.
    pub identifier_list: Option<IdentifierList>,
    /// Other claims, as received.
    pub rest: LabelRest,
}

const S: &str = "CWT claims";

impl Decode for ListClaims {
    fn decode(d: &mut Decoder<'_>) -> Result<Self, DecodeError> {
        let mut c = Self::default();
        label_map(d, S, |d, key| {
            match key {
                Label::Int(CLAIM_SUB) => c.sub = Some(field(d, S, "sub")?),
                Label::Int(CLAIM_IAT) => c.iat = Some(field(d, S, "iat")?),
                Label::Int(CLAIM_EXP) => c.exp = Some(field(d, S, "exp")?),
                Label::Int(CLAIM_TTL) => c.ttl = Some(field(d, S, "ttl")?),
                Label::Int(CLAIM_STATUS_LIST) => {
                    c.status_list = Some(field(d, S, "status_list")?);
                }
                Label::Int(CLAIM_IDENTIFIER_LIST) => {
                    c.identifier_list = Some(field(d, S, "IdentifierList")?);
                }
                other => c.rest.push((other, field::<Value>(d, S, "(other claim)")?)),
            }
            Ok(())
        })?;
        Ok(c)
    }
}

impl Encode for ListClaims {
    /// Writes the claims in deterministic order (2, 4, 6, 65530, 65533, 65534), then the
    /// others as kept.
    fn encode(&self, e: &mut Encoder) {
        let n = count_some(&[
            self.sub.is_some(),
            self.exp.is_some(),
            self.iat.is_some(),
            self.identifier_list.is_some(),
            self.status_list.is_some(),
            self.ttl.is_some(),
        ]) + self.rest.len();
        e.map(n);
        if let Some(sub) = &self.sub {
            e.i64(CLAIM_SUB).text(sub);
        }
        if let Some(exp) = self.exp {
            e.i64(CLAIM_EXP).i64(exp);
        }
        if let Some(iat) = self.iat {
            e.i64(CLAIM_IAT).i64(iat);
        }
        if let Some(list) = &self.identifier_list {
            e.i64(CLAIM_IDENTIFIER_LIST);
            list.encode(e);
        }
        if let Some(list) = &self.status_list {
            e.i64(CLAIM_STATUS_LIST);
            list.encode(e);
        }
        if let Some(ttl) = self.ttl {
            e.i64(CLAIM_TTL).u64(ttl);
        }
        encode_label_rest(e, &self.rest);
    }
}
