//! `COSE_Key` (RFC 9052 §7) for the curves ISO 18013-5 cipher suite 1 allows.

use alloc::vec::Vec;

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
    /// The COSE registry value.
    pub fn id(self) -> i64 {
        match self {
            Self::P256 => 1,
            Self::P384 => 2,
            Self::P521 => 3,
            Self::X25519 => 4,
            Self::X448 => 5,
            Self::Ed25519 => 6,
            Self::Ed448 => 7,
            Self::BrainpoolP256r1 => 256,
            Self::BrainpoolP320r1 => 257,
            Self::BrainpoolP384r1 => 258,
            Self::BrainpoolP512r1 => 259,
        }
    }

    /// The curve with COSE registry value `id`, if ISO 18013-5 allows it.
    pub fn from_id(id: i64) -> Option<Self> {
        Some(match id {
            1 => Self::P256,
            2 => Self::P384,
            3 => Self::P521,
            4 => Self::X25519,
            5 => Self::X448,
            6 => Self::Ed25519,
            7 => Self::Ed448,
            256 => Self::BrainpoolP256r1,
            257 => Self::BrainpoolP320r1,
            258 => Self::BrainpoolP384r1,
            259 => Self::BrainpoolP512r1,
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
            match key {
                Label::Int(1) => kty = Some(field::<i64>(d, S, "kty")?),
                Label::Int(2) => kid = Some(field::<Vec<u8>>(d, S, "kid")?),
                Label::Int(3) => alg = Some(field::<Label>(d, S, "alg")?),
                Label::Int(-1) => crv = Some(field::<i64>(d, S, "crv")?),
                Label::Int(-2) => x = Some(field::<Vec<u8>>(d, S, "x")?),
                Label::Int(-3) => {
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
                Label::Int(-4) => {
                    return Err(DecodeError::new(
                        DecodeErrorKind::InvalidValue("private key parameter d in a public key"),
                        d.offset(),
                    )
                    .at(S, "d"));
                }
                other => rest.push((other, field::<Value>(d, S, "(other parameter)")?)),
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
        let expected_kty = match curve.key_type() {
            KeyType::Okp => 1,
            KeyType::Ec2 => 2,
        };
        if kty != expected_kty {
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
        e.u64(1).u64(match self.curve.key_type() {
            KeyType::Okp => 1,
            KeyType::Ec2 => 2,
        });
        if let Some(kid) = &self.kid {
            e.u64(2).bytes(kid);
        }
        if let Some(alg) = &self.alg {
            e.u64(3);
            alg.encode(e);
        }
        e.i64(-1).i64(self.curve.id());
        e.i64(-2).bytes(&self.x);
        match &self.y {
            Some(EcY::Bytes(y)) => {
                e.i64(-3).bytes(y);
            }
            Some(EcY::Sign(s)) => {
                e.i64(-3).bool(*s);
            }
            None => {}
        }
        encode_label_rest(e, &self.rest);
    }
}
