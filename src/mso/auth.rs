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
    /// Wraps a `COSE_Sign1` whose attached payload is `MobileSecurityObjectBytes` (as an
    /// issuer makes it), decoding the MSO.
    ///
    /// # Errors
    /// When the payload is detached or is not a valid `MobileSecurityObjectBytes`.
    pub fn from_sign1(sign1: CoseSign1) -> Result<Self, DecodeError> {
        let payload = sign1.payload().ok_or_else(|| {
            DecodeError::new(
                crate::cbor::DecodeErrorKind::InvalidValue(
                    "payload is detached (nil) but required",
                ),
                0,
            )
            .at("IssuerAuth", "payload")
        })?;
        let mso = MobileSecurityObjectBytes::from_cbor(payload)?;
        Ok(Self { sign1, mso })
    }

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
