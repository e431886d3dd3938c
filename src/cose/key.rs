//! `COSE_Key` (RFC 9052 §7) for the curves ISO 18013-5 cipher suite 1 allows.

use alloc::vec::Vec;

use coset::iana::{self, Ec2KeyParameter, EllipticCurve, EnumI64 as _, KeyParameter};

use crate::cbor::map::{count_some, encode_label_rest, field, label_map, required};
use crate::cbor::{
    Decode, DecodeError, DecodeErrorKind, Decoder, Encode, Encoder, Label, LabelRest, Value,
};

/// COSE key type (`kty`, label 1).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum KeyType {
    /// Octet key pair (kty 1): Ed25519, Ed448, X25519, X448.
    Okp,
    /// Elliptic curve with x and y (kty 2): P-256, P-384, P-521, brainpool.
    Ec2,
}

/// COSE elliptic curve (`crv`, label -1).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Curve {
    /// NIST P-256 (1).
    P256,
    /// NIST P-384 (2).
    P384,
    /// NIST P-521 (3).
    P521,
    /// X25519 (4).
    X25519,
    /// X448 (5).
    X448,
    /// Ed25519 (6).
    Ed25519,
    /// Ed448 (7).
    Ed448,
    /// brainpoolP256r1 (256).
    BrainpoolP256r1,
    /// brainpoolP320r1 (257).
    BrainpoolP320r1,
    /// brainpoolP384r1 (258).
    BrainpoolP384r1,
    /// brainpoolP512r1 (259).
    BrainpoolP512r1,
}

impl Curve {
    /// The curve's entry in the IANA COSE Elliptic Curves registry.
    fn iana(self) -> EllipticCurve {
        match self {
            Self::P256 => EllipticCurve::P_256,
            Self::P384 => EllipticCurve::P_384,
            Self::P521 => EllipticCurve::P_521,
            Self::X25519 => EllipticCurve::X25519,
            Self::X448 => EllipticCurve::X448,
            Self::Ed25519 => EllipticCurve::Ed25519,
            Self::Ed448 => EllipticCurve::Ed448,
            Self::BrainpoolP256r1 => EllipticCurve::BrainpoolP256R1,
            Self::BrainpoolP320r1 => EllipticCurve::BrainpoolP320R1,
            Self::BrainpoolP384r1 => EllipticCurve::BrainpoolP384R1,
            Self::BrainpoolP512r1 => EllipticCurve::BrainpoolP512R1,
        }
    }

    /// The COSE registry value.
    ///
    /// ```
    /// use iso18013::cose::Curve;
    /// assert_eq!(Curve::P256.id(), 1);
    /// assert_eq!(Curve::BrainpoolP512r1.id(), 259);
    /// ```
    pub fn id(self) -> i64 {
        self.iana().to_i64()
    }

    /// The curve with COSE registry value `id`, if ISO 18013-5 allows it.
    ///
    /// ```
    /// use iso18013::cose::Curve;
    /// assert_eq!(Curve::from_id(2), Some(Curve::P384));
    /// assert_eq!(Curve::from_id(8), None); // secp256k1: registered, not allowed
    /// ```
    pub fn from_id(id: i64) -> Option<Self> {
        Some(match EllipticCurve::from_i64(id)? {
            EllipticCurve::P_256 => Self::P256,
            EllipticCurve::P_384 => Self::P384,
            EllipticCurve::P_521 => Self::P521,
            EllipticCurve::X25519 => Self::X25519,
            EllipticCurve::X448 => Self::X448,
            EllipticCurve::Ed25519 => Self::Ed25519,
            EllipticCurve::Ed448 => Self::Ed448,
            EllipticCurve::BrainpoolP256R1 => Self::BrainpoolP256r1,
            EllipticCurve::BrainpoolP320R1 => Self::BrainpoolP320r1,
            EllipticCurve::BrainpoolP384R1 => Self::BrainpoolP384r1,
            EllipticCurve::BrainpoolP512R1 => Self::BrainpoolP512r1,
            _ => return None,
        })
    }

    /// The key type the curve belongs to.
    pub fn key_type(self) -> KeyType {
        match self {
            Self::X25519 | Self::X448 | Self::Ed25519 | Self::Ed448 => KeyType::Okp,
            _ => KeyType::Ec2,
        }
    }

    /// Length in bytes of a coordinate (or of the OKP public key).
    pub fn coordinate_len(self) -> usize {
        match self {
            Self::P256 | Self::X25519 | Self::Ed25519 | Self::BrainpoolP256r1 => 32,
            Self::BrainpoolP320r1 => 40,
            Self::P384 | Self::BrainpoolP384r1 => 48,
            Self::X448 => 56,
            Self::Ed448 => 57,
            Self::BrainpoolP512r1 => 64,
            Self::P521 => 66,
        }
    }
}

impl KeyType {
    /// The COSE Key Types registry value: 1 for OKP, 2 for EC2.
    fn id(self) -> i64 {
        match self {
            Self::Okp => iana::KeyType::OKP,
            Self::Ec2 => iana::KeyType::EC2,
        }
        .to_i64()
    }
}

/// A `COSE_Key` label as the registries name it: the common parameters (positive labels)
/// and the curve key parameters (negative labels, the same for OKP and EC2 where both
/// have them: `crv` -1, `x` -2, `d` -4; `y` -3 is EC2's).
enum KeyLabel {
    Common(KeyParameter),
    Curve(Ec2KeyParameter),
}

impl KeyLabel {
    fn of(key: &Label) -> Option<Self> {
        match key {
            Label::Int(i) if *i < 0 => Ec2KeyParameter::from_i64(*i).map(Self::Curve),
            Label::Int(i) => KeyParameter::from_i64(*i).map(Self::Common),
            Label::Text(_) => None,
        }
    }
}

/// The y coordinate of an EC2 key: the full value, or the sign bit of point compression.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EcY {
    /// The coordinate's bytes.
    Bytes(Vec<u8>),
    /// Compressed point: the least significant bit of y.
    Sign(bool),
}

/// A public `COSE_Key` (EC2 or OKP), as carried in `EDeviceKeyBytes`, `EReaderKeyBytes`
/// and the MSO's `deviceKey`.
///
/// Coordinates are checked for the curve's length; private parameters (`d`, label -4)
/// are refused, since no 18013-5 message carries a private key.
#[derive(Clone, Debug, PartialEq)]
pub struct CoseKey {
    /// `crv` (-1); determines `kty` (1).
    pub curve: Curve,
    /// `x` (-2), or the OKP public key.
    pub x: Vec<u8>,
    /// `y` (-3), EC2 only.
    pub y: Option<EcY>,
    /// `kid` (2).
    pub kid: Option<Vec<u8>>,
    /// `alg` (3).
    pub alg: Option<Label>,
    /// Other parameters, kept as received (`key_ops`, `Base IV`, private-use labels).
    pub rest: LabelRest,
}

const S: &str = "COSE_Key";

impl CoseKey {
    /// An uncompressed EC2 public key.
    pub fn ec2(curve: Curve, x: Vec<u8>, y: Vec<u8>) -> Self {
        Self {
            curve,
            x,
            y: Some(EcY::Bytes(y)),
            kid: None,
            alg: None,
            rest: Vec::new(),
        }
    }

    /// The key type.
    pub fn key_type(&self) -> KeyType {
        self.curve.key_type()
    }
}

impl Decode for CoseKey {
    fn decode(d: &mut Decoder<'_>) -> Result<Self, DecodeError> {
        let at = d.offset();
        let (mut kty, mut crv, mut x, mut y, mut kid, mut alg) =
            (None, None, None, None, None, None);
        let mut rest = LabelRest::new();
        label_map(d, S, |d, key| {
            use Ec2KeyParameter as C;
            use KeyLabel::{Common, Curve};
            use KeyParameter as K;
            match KeyLabel::of(&key) {
                Some(Common(K::Kty)) => kty = Some(field::<i64>(d, S, "kty")?),
                Some(Common(K::Kid)) => kid = Some(field::<Vec<u8>>(d, S, "kid")?),
                Some(Common(K::Alg)) => alg = Some(field::<Label>(d, S, "alg")?),
                Some(Curve(C::Crv)) => crv = Some(field::<i64>(d, S, "crv")?),
                Some(Curve(C::X)) => x = Some(field::<Vec<u8>>(d, S, "x")?),
                Some(Curve(C::Y)) => {
                    let vat = d.offset();
                    y = Some(match field::<Value>(d, S, "y")? {
                        Value::Bytes(b) => EcY::Bytes(b),
                        Value::Bool(b) => EcY::Sign(b),
                        _ => {
                            return Err(DecodeError::new(
                                DecodeErrorKind::InvalidValue("y is neither bytes nor a sign bool"),
                                vat,
                            )
                            .at(S, "y"));
                        }
                    });
                }
                Some(Curve(C::D)) => {
                    return Err(DecodeError::new(
                        DecodeErrorKind::InvalidValue("private key parameter d in a public key"),
                        d.offset(),
                    )
                    .at(S, "d"));
                }
                _ => rest.push((key, field::<Value>(d, S, "(other parameter)")?)),
            }
            Ok(())
        })?;
        let invalid =
            |why| Err(DecodeError::new(DecodeErrorKind::InvalidValue(why), at).at(S, "crv"));
        let kty = required(kty, S, "kty", at)?;
        let crv_id = required(crv, S, "crv", at)?;
        let x = required(x, S, "x", at)?;
        let Some(curve) = Curve::from_id(crv_id) else {
            return invalid("curve not allowed by ISO 18013-5 cipher suite 1");
        };
        if kty != curve.key_type().id() {
            return invalid("kty does not match the curve");
        }
        if x.len() != curve.coordinate_len() {
            return invalid("x has the wrong length for the curve");
        }
        match (&y, curve.key_type()) {
            (Some(EcY::Bytes(b)), KeyType::Ec2) if b.len() != curve.coordinate_len() => {
                return invalid("y has the wrong length for the curve");
            }
            (None, KeyType::Ec2) => return invalid("EC2 key without y"),
            (Some(_), KeyType::Okp) => return invalid("OKP key with y"),
            _ => {}
        }
        Ok(Self {
            curve,
            x,
            y,
            kid,
            alg,
            rest,
        })
    }
}

impl Encode for CoseKey {
    fn encode(&self, e: &mut Encoder) {
        let n = 3
            + count_some(&[self.kid.is_some(), self.alg.is_some(), self.y.is_some()])
            + self.rest.len();
        e.map(n);
        e.i64(KeyParameter::Kty.to_i64())
            .i64(self.curve.key_type().id());
        if let Some(kid) = &self.kid {
            e.i64(KeyParameter::Kid.to_i64()).bytes(kid);
        }
        if let Some(alg) = &self.alg {
            e.i64(KeyParameter::Alg.to_i64());
            alg.encode(e);
        }
        e.i64(Ec2KeyParameter::Crv.to_i64()).i64(self.curve.id());
        e.i64(Ec2KeyParameter::X.to_i64()).bytes(&self.x);
        match &self.y {
            Some(EcY::Bytes(y)) => {
                e.i64(Ec2KeyParameter::Y.to_i64()).bytes(y);
            }
            Some(EcY::Sign(s)) => {
                e.i64(Ec2KeyParameter::Y.to_i64()).bool(*s);
            }
            None => {}
        }
        encode_label_rest(e, &self.rest);
    }
}
