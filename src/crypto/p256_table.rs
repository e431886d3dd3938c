//! A P-256 verifying key with precomputed multiples of its point, for keys that verify
//! again and again (document signers held by a trust cache).
//!
//! ECDSA verification computes `u1·G + u2·Q`. p256 has a table of multiples of `G`; this
//! adds the same kind of table for `Q` (33 windows of `1..=8` times `256^i·Q`, about
//! 25 KiB), so both products take 66 additions and 4 doublings instead of the 256
//! doublings of a double-scalar ladder. Verification itself is ECDSA as `ecdsa` does it
//! (FIPS 186-5 §6.4.2): `r` and `s` in `[1, n-1]`, `z` the SHA-256 digest reduced mod
//! `n`, `u1 = z/s`, `u2 = r/s`, accept when `x(u1·G + u2·Q) mod n == r`. Every step runs
//! in variable time, as ECDSA verification of public data may.

use alloc::boxed::Box;
use alloc::vec::Vec;
use core::fmt;

use ecdsa::elliptic_curve::group::Group;
use ecdsa::elliptic_curve::ops::{Invert, MulByGeneratorVartime, Reduce};
use ecdsa::elliptic_curve::point::AffineCoordinates;
use ecdsa::elliptic_curve::sec1::FromSec1Point;
use p256::{AffinePoint, FieldBytes, NistP256, ProjectivePoint, Scalar};
use primeorder::{LookupTable, Radix16Decomposition, Radix16Digits};
use sha2::{Digest, Sha256};

use super::{CryptoError, PreparedVerifyingKey, SignatureAlgorithm};

/// Windows of the table: one per byte of a scalar, plus one for the top digit.
const WINDOWS: usize = 33;

/// A P-256 public key and its table of multiples.
pub(super) struct P256Table {
    /// `tables[i]` holds `1..=8` times `256^i·Q`.
    tables: Box<[LookupTable<ProjectivePoint>]>,
}

impl fmt::Debug for P256Table {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("P256Table(..)")
    }
}

impl P256Table {
    /// The table of the SEC1 point `public_key`, which must be on the curve and not the
    /// identity.
    pub(super) fn new(public_key: &[u8]) -> Result<Self, CryptoError> {
        let point =
            AffinePoint::from_sec1_bytes(public_key).map_err(|_| CryptoError::InvalidKey)?;
        if bool::from(point.is_identity()) {
            return Err(CryptoError::InvalidKey);
        }
        let mut base = ProjectivePoint::from(point);
        let mut tables = Vec::with_capacity(WINDOWS);
        for _ in 0..WINDOWS {
            tables.push(LookupTable::new(base));
            for _ in 0..8 {
                base = base.double();
            }
        }
        Ok(Self {
            tables: tables.into_boxed_slice(),
        })
    }

    /// `k·Q` in variable time, from the signed radix-16 digits of `k`.
    fn mul_vartime(&self, k: &Scalar) -> ProjectivePoint {
        let digits = Radix16Decomposition::<Radix16Digits<NistP256>>::new(k);
        // Digit 2i weighs 256^i, digit 2i+1 weighs 16·256^i: the odd ones are summed apart
        // and multiplied by 16 at the end. There are 2·32+1 digits, so every index below
        // is in range.
        #[allow(clippy::indexing_slicing)] // safe: i < 33, 2i+1 < 65 digits
        let digit = |i: usize| digits[i];
        let mut even = ProjectivePoint::IDENTITY;
        let mut odd = ProjectivePoint::IDENTITY;
        for (i, table) in self.tables.iter().enumerate().rev() {
            let twice = i.saturating_mul(2);
            even += table.select_vartime(digit(twice));
            if i + 1 < WINDOWS {
                odd += table.select_vartime(digit(twice.saturating_add(1)));
            }
        }
        for _ in 0..4 {
            odd = odd.double();
        }
        even + odd
    }
}

/// Reduces 32 big-endian bytes (a digest or a coordinate) mod `n`.
fn reduce(bytes: &[u8]) -> Result<Scalar, CryptoError> {
    let bytes = FieldBytes::try_from(bytes).map_err(|_| CryptoError::BadSignature)?;
    Ok(<Scalar as Reduce<FieldBytes>>::reduce(&bytes))
}

impl PreparedVerifyingKey for P256Table {
    fn algorithm(&self) -> SignatureAlgorithm {
        SignatureAlgorithm::Es256
    }

    fn provider_name(&self) -> &'static str {
        "rustcrypto"
    }

    /// Hashes the parts one after the other (no copy of the message).
    fn verify_parts(&self, parts: &[&[u8]], signature: &[u8]) -> Result<(), CryptoError> {
        // Rejects a wrong length, and r or s out of [1, n-1].
        let signature =
            p256::ecdsa::Signature::from_slice(signature).map_err(|_| CryptoError::BadSignature)?;
        let (r, s) = signature.split_scalars();
        let mut hasher = Sha256::new();
        parts.iter().for_each(|part| hasher.update(part));
        let z = reduce(&hasher.finalize())?;
        let s_inv =
            Option::<Scalar>::from(Invert::invert_vartime(&*s)).ok_or(CryptoError::BadSignature)?;
        let u1 = z * s_inv;
        let u2 = *r * s_inv;
        let point = ProjectivePoint::mul_by_generator_vartime(&u1) + self.mul_vartime(&u2);
        // The identity's affine form has x = 0, which is never a valid r.
        let x = reduce(&point.to_affine().x())?;
        if x == *r {
            Ok(())
        } else {
            Err(CryptoError::BadSignature)
        }
    }
}
