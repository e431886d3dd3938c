//! COSE_Key to and from the uncompressed SEC1 points the crypto backends take.

use alloc::vec::Vec;

use super::{CoseKey, Curve, EcY};
use crate::crypto::EcCurve;
#[cfg(any(feature = "rustcrypto", feature = "aws-lc"))]
use crate::crypto::{CryptoError, EcPrivateKey};

impl Curve {
    /// The NIST curve this COSE curve names, if it is one the crypto backends use.
    pub fn ec_curve(self) -> Option<EcCurve> {
        match self {
            Self::P256 => Some(EcCurve::P256),
            Self::P384 => Some(EcCurve::P384),
            Self::P521 => Some(EcCurve::P521),
            _ => None,
        }
    }
}

impl From<EcCurve> for Curve {
    fn from(curve: EcCurve) -> Self {
        match curve {
            EcCurve::P256 => Self::P256,
            EcCurve::P384 => Self::P384,
            EcCurve::P521 => Self::P521,
        }
    }
}

impl CoseKey {
    /// The EC2 COSE_Key of an uncompressed SEC1 point (`04 || x || y`) on `curve`, or
    /// `None` when the point is not of that form and length.
    ///
    /// ```
    /// use iso18013::cose::CoseKey;
    /// use iso18013::crypto::EcCurve;
    /// let mut point = vec![0x04];
    /// point.extend_from_slice(&[1; 64]);
    /// let key = CoseKey::from_sec1(EcCurve::P256, &point).unwrap();
    /// assert_eq!(key.to_sec1(), Some((EcCurve::P256, point)));
    /// assert!(CoseKey::from_sec1(EcCurve::P384, &[0x04; 65]).is_none());
    /// ```
    pub fn from_sec1(curve: EcCurve, point: &[u8]) -> Option<Self> {
        let n = curve.field_len();
        let (tag, coordinates) = point.split_first()?;
        if *tag != 0x04 || coordinates.len() != n.checked_mul(2)? {
            return None;
        }
        let (x, y) = coordinates.split_at(n);
        Some(Self::ec2(curve.into(), x.to_vec(), y.to_vec()))
    }

    /// The curve and uncompressed SEC1 point of an EC2 key on a NIST curve with both
    /// coordinates; `None` for any other key (OKP, brainpool, a compressed `y`).
    pub fn to_sec1(&self) -> Option<(EcCurve, Vec<u8>)> {
        let curve = self.curve.ec_curve()?;
        let Some(EcY::Bytes(y)) = &self.y else {
            return None;
        };
        let mut point = Vec::with_capacity(1 + self.x.len() + y.len());
        point.push(0x04);
        point.extend_from_slice(&self.x);
        point.extend_from_slice(y);
        Some((curve, point))
    }
}

/// A COSE_Key for an uncompressed SEC1 point on `curve` ([`CoseKey::from_sec1`]).
pub fn cose_key_from_sec1(curve: EcCurve, point: &[u8]) -> Option<CoseKey> {
    CoseKey::from_sec1(curve, point)
}

/// The uncompressed SEC1 point and curve of an EC2 COSE_Key on a NIST curve
/// ([`CoseKey::to_sec1`]).
pub fn sec1_from_cose_key(key: &CoseKey) -> Option<(EcCurve, Vec<u8>)> {
    key.to_sec1()
}

/// The COSE form of a private key's public half (here, beside the COSE_Key codec, so that
/// `crypto` does not depend on `cose`).
#[cfg(any(feature = "rustcrypto", feature = "aws-lc"))]
impl EcPrivateKey {
    /// The public key as a COSE_Key (EC2, both coordinates): the MSO's `deviceKey` for a
    /// device key, or an `EReaderKey`. Derived as [`public_key`](Self::public_key).
    ///
    /// ```
    /// use iso18013::crypto::{default_provider, EcCurve, SystemRandom};
    /// let provider = default_provider();
    /// let device_key = provider.ec_generate(EcCurve::P256, &mut SystemRandom(provider))?;
    /// let cose = device_key.public_cose_key()?;
    /// assert_eq!(cose.to_sec1(), Some((EcCurve::P256, device_key.public_key()?)));
    /// # Ok::<(), iso18013::crypto::CryptoError>(())
    /// ```
    ///
    /// # Errors
    /// As [`public_key`](Self::public_key).
    #[cfg(any(feature = "rustcrypto", feature = "aws-lc"))]
    pub fn public_cose_key(&self) -> Result<CoseKey, CryptoError> {
        CoseKey::from_sec1(self.curve(), &self.public_key()?).ok_or(CryptoError::InvalidKey)
    }
}
