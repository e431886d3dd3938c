//! `IssuerAuth`: the issuer's `COSE_Sign1` with its MSO payload decoded.

use crate::cbor::{Decode, DecodeError, Decoder, Encode, Encoder};
use crate::cose::CoseSign1;

use super::MobileSecurityObjectBytes;

/// `IssuerAuth = COSE_Sign1` whose payload is `MobileSecurityObjectBytes`.
///
/// The message keeps its exact bytes (protected header, payload, signature); the MSO is
/// decoded from the payload under the same limits.
#[derive(Clone, Debug, PartialEq)]
pub struct IssuerAuth {
    sign1: CoseSign1,
    mso: MobileSecurityObjectBytes,
}

impl IssuerAuth {
    /// The `COSE_Sign1` as received.
    pub fn sign1(&self) -> &CoseSign1 {
        &self.sign1
    }

    /// The MSO, with the exact bytes the signature covers.
    pub fn mso(&self) -> &MobileSecurityObjectBytes {
        &self.mso
    }
}

impl Decode for IssuerAuth {
    fn decode(d: &mut Decoder<'_>) -> Result<Self, DecodeError> {
        let (sign1, mso) = CoseSign1::decode_with_payload(d, "IssuerAuth")?;
        Ok(Self { sign1, mso })
    }
}

impl Encode for IssuerAuth {
    fn encode(&self, e: &mut Encoder) {
        self.sign1.encode(e);
    }
}
