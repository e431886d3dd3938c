//! The same checks under every compiled backend, and the backends against each other.
// Test code (helpers included): a panic is a failed test, not a crash on input.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use alloc::format;
use alloc::vec;
use alloc::vec::Vec;

use super::*;

const CURVES: [EcCurve; 3] = [EcCurve::P256, EcCurve::P384, EcCurve::P521];

/// Bytes handed out in order from a fixed script, then the source fails.
struct Scripted {
    bytes: Vec<u8>,
    at: usize,
}

impl Scripted {
    fn new(bytes: Vec<u8>) -> Self {
        Self { bytes, at: 0 }
    }
}

impl RandomSource for Scripted {
    fn fill(&mut self, out: &mut [u8]) -> Result<(), CryptoError> {
        let end = self.at + out.len();
        let chunk = self
            .bytes
            .get(self.at..end)
            .ok_or(CryptoError::RandomUnavailable)?;
        out.copy_from_slice(chunk);
        self.at = end;
        Ok(())
    }
}

/// A source that always gives the same byte.
struct Constant(u8);

impl RandomSource for Constant {
    fn fill(&mut self, out: &mut [u8]) -> Result<(), CryptoError> {
        out.fill(self.0);
        Ok(())
    }
}

fn generate(provider: &dyn CryptoProvider, curve: EcCurve) -> EcPrivateKey {
    provider
        .ec_generate(curve, &mut SystemRandom(provider))
        .unwrap()
}

/// The compressed form of an uncompressed SEC1 point.
fn compress(point: &[u8]) -> Vec<u8> {
    let n = (point.len() - 1) / 2;
    let mut out = vec![if point[point.len() - 1] & 1 == 1 {
        0x03
    } else {
        0x02
    }];
    out.extend_from_slice(&point[1..=n]);
    out
}

/// The order of P-256, which is not a valid scalar.
const P256_ORDER: &str = "ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551";

#[test]
fn providers_are_listed_default_first() {
    let all = providers();
    assert!(!all.is_empty());
    assert_eq!(all[0].name(), default_provider().name());
}

#[test]
fn digests_known_answers() {
    for p in providers() {
        let cases = [
            (
                DigestAlgorithm::Sha256,
                "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
            ),
            (
                DigestAlgorithm::Sha384,
                "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed\
                 8086072ba1e7cc2358baeca134c825a7",
            ),
            (
                DigestAlgorithm::Sha512,
                "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a\
                 2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f",
            ),
        ];
        for (alg, expected) in cases {
            let out = p.digest(alg, b"abc");
            assert_eq!(hex::encode(&out), expected, "{} {alg:?}", p.name());
            assert_eq!(out.len(), alg.output_len());
        }
    }
}

#[test]
fn sign_verify_round_trip_on_every_curve() {
    for p in providers() {
        for curve in CURVES {
            let alg = SignatureAlgorithm::for_curve(curve);
            let key = generate(p, curve);
            assert_eq!(key.curve(), curve);
            let public = p.ec_public_key(&key).unwrap();
            assert_eq!(public.len(), 1 + 2 * curve.field_len());
            assert_eq!(public[0], 0x04);

            let signature = p.ecdsa_sign(alg, &key, b"mdoc").unwrap();
            assert_eq!(
                signature.len(),
                alg.signature_len(),
                "{} {curve:?}",
                p.name()
            );
            p.ecdsa_verify(alg, &public, b"mdoc", &signature).unwrap();
            p.ecdsa_verify(alg, &compress(&public), b"mdoc", &signature)
                .unwrap();

            assert_eq!(
                p.ecdsa_verify(alg, &public, b"mdoC", &signature),
                Err(CryptoError::BadSignature)
            );
            let mut flipped = signature.clone();
            flipped[3] ^= 0x40;
            assert_eq!(
                p.ecdsa_verify(alg, &public, b"mdoc", &flipped),
                Err(CryptoError::BadSignature)
            );
            for len in [0, signature.len() - 1, signature.len() + 1] {
                let mut resized = signature.clone();
                resized.resize(len, 0);
                assert_eq!(
                    p.ecdsa_verify(alg, &public, b"mdoc", &resized),
                    Err(CryptoError::BadSignature),
                    "{} {curve:?} length {len}",
                    p.name()
                );
            }
            // r = 0 and s = 0 are never valid.
            let zeros = vec![0u8; alg.signature_len()];
            assert_eq!(
                p.ecdsa_verify(alg, &public, b"mdoc", &zeros),
                Err(CryptoError::BadSignature)
            );
        }
    }
}

#[test]
fn malformed_public_keys_are_invalid_keys() {
    for p in providers() {
        let key = generate(p, EcCurve::P256);
        let public = p.ec_public_key(&key).unwrap();
        let signature = p.ecdsa_sign(SignatureAlgorithm::Es256, &key, b"x").unwrap();
        let mut off_curve = public.clone();
        off_curve[64] ^= 1;
        let mut hybrid = public.clone();
        hybrid[0] = 0x06 | (public[64] & 1);
        let p384 = p.ec_public_key(&generate(p, EcCurve::P384)).unwrap();
        let bad: [&[u8]; 7] = [
            &[],
            &[0x00],
            &public[..64],
            &off_curve,
            &hybrid,
            &p384,
            &[0x04; 65],
        ];
        for key in bad {
            assert_eq!(
                p.ecdsa_verify(SignatureAlgorithm::Es256, key, b"x", &signature),
                Err(CryptoError::InvalidKey),
                "{} {}",
                p.name(),
                hex::encode(key)
            );
        }
        // A P-256 key with ES384 is a key of another curve.
        assert_eq!(
            p.ecdsa_verify(SignatureAlgorithm::Es384, &public, b"x", &signature),
            Err(CryptoError::InvalidKey)
        );
    }
}

#[test]
fn signing_refuses_keys_of_another_curve_or_out_of_range() {
    let order =
        EcPrivateKey::from_scalar(EcCurve::P256, &hex::decode(P256_ORDER).unwrap()).unwrap();
    for p in providers() {
        let key = generate(p, EcCurve::P384);
        assert_eq!(
            p.ecdsa_sign(SignatureAlgorithm::Es256, &key, b"x"),
            Err(CryptoError::InvalidKey)
        );
        assert_eq!(
            p.ecdsa_sign(SignatureAlgorithm::Es256, &order, b"x"),
            Err(CryptoError::InvalidKey)
        );
        assert_eq!(p.ec_public_key(&order), Err(CryptoError::InvalidKey));
        let peer = p.ec_public_key(&generate(p, EcCurve::P256)).unwrap();
        assert_eq!(p.ecdh(&order, &peer).unwrap_err(), CryptoError::InvalidKey);
    }
    assert_eq!(
        EcPrivateKey::from_scalar(EcCurve::P256, &[0; 32]),
        Err(CryptoError::InvalidKey)
    );
    assert_eq!(
        EcPrivateKey::from_scalar(EcCurve::P256, &[1; 31]),
        Err(CryptoError::InvalidKey)
    );
}

#[test]
fn ecdh_agrees_both_ways() {
    for p in providers() {
        for curve in CURVES {
            let a = generate(p, curve);
            let b = generate(p, curve);
            let a_public = p.ec_public_key(&a).unwrap();
            let b_public = p.ec_public_key(&b).unwrap();
            let ab = p.ecdh(&a, &b_public).unwrap();
            let ba = p.ecdh(&b, &a_public).unwrap();
            assert_eq!(ab, ba, "{} {curve:?}", p.name());
            assert_eq!(ab.expose().len(), curve.field_len());
            assert_eq!(p.ecdh(&a, &compress(&b_public)).unwrap(), ab);
        }
    }
}

#[test]
fn ecdh_refuses_bad_points() {
    for p in providers() {
        let key = generate(p, EcCurve::P256);
        let peer = p.ec_public_key(&generate(p, EcCurve::P256)).unwrap();
        let mut off_curve = peer.clone();
        off_curve[40] ^= 1;
        let p384 = p.ec_public_key(&generate(p, EcCurve::P384)).unwrap();
        let p521 = p.ec_public_key(&generate(p, EcCurve::P521)).unwrap();
        let mut zero_point = vec![0x04];
        zero_point.extend_from_slice(&[0; 64]);
        let bad: [&[u8]; 7] = [
            &[],
            &[0x00],
            &off_curve,
            &p384,
            &p521,
            &zero_point,
            &peer[1..],
        ];
        for peer in bad {
            assert_eq!(
                p.ecdh(&key, peer).unwrap_err(),
                CryptoError::InvalidKey,
                "{} {}",
                p.name(),
                hex::encode(peer)
            );
        }
    }
}

#[test]
fn generation_retries_out_of_range_draws() {
    for p in providers() {
        // All ones is above the order of P-256; the next draw is taken.
        let mut script = vec![0xff; 32];
        script.extend_from_slice(&[0x11; 32]);
        let key = p
            .ec_generate(EcCurve::P256, &mut Scripted::new(script))
            .unwrap();
        assert_eq!(key.expose_scalar(), &[0x11; 32]);

        // P-521 keeps 521 bits: the top byte is masked to its low bit.
        let key = p
            .ec_generate(EcCurve::P521, &mut Scripted::new(vec![0x5a; 66]))
            .unwrap();
        assert_eq!(key.expose_scalar()[0], 0x00);
        assert_eq!(key.expose_scalar()[1..], [0x5a; 65]);

        // A source that only gives zeros or only out-of-range draws gives up.
        assert_eq!(
            p.ec_generate(EcCurve::P256, &mut Constant(0)),
            Err(CryptoError::RandomUnavailable)
        );
        assert_eq!(
            p.ec_generate(EcCurve::P384, &mut Constant(0xff)),
            Err(CryptoError::RandomUnavailable)
        );
        // A failing source fails generation.
        assert_eq!(
            p.ec_generate(EcCurve::P256, &mut Scripted::new(vec![1; 10])),
            Err(CryptoError::RandomUnavailable)
        );
    }
}

#[test]
fn hkdf_hmac_and_limits() {
    for p in providers() {
        // RFC 5869 test case 1.
        let mut okm = [0u8; 42];
        p.hkdf_sha256(
            &hex::decode("000102030405060708090a0b0c").unwrap(),
            &[0x0b; 22],
            &hex::decode("f0f1f2f3f4f5f6f7f8f9").unwrap(),
            &mut okm,
        )
        .unwrap();
        assert_eq!(
            hex::encode(okm),
            "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf\
             34007208d5b887185865"
        );
        let mut longest = vec![0u8; 255 * 32];
        p.hkdf_sha256(b"salt", b"ikm", b"info", &mut longest)
            .unwrap();
        let mut too_long = vec![0u8; 255 * 32 + 1];
        assert_eq!(
            p.hkdf_sha256(b"salt", b"ikm", b"info", &mut too_long),
            Err(CryptoError::InvalidLength)
        );

        // RFC 4231 test case 2, and a key longer than the block.
        let tag = p.hmac_sha256(b"Jefe", b"what do ya want for nothing?");
        assert_eq!(
            hex::encode(tag),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
        let long_key = [0xaa; 131];
        let tag = p.hmac_sha256(
            &long_key,
            b"Test Using Larger Than Block-Size Key - Hash Key First",
        );
        assert_eq!(
            hex::encode(tag),
            "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"
        );
        let data = b"Test Using Larger Than Block-Size Key - Hash Key First";
        p.hmac_sha256_verify(&long_key, data, &tag).unwrap();
        let mut wrong = tag;
        wrong[31] ^= 1;
        assert_eq!(
            p.hmac_sha256_verify(&long_key, data, &wrong),
            Err(CryptoError::BadSignature)
        );
        for len in [0, 16, 31] {
            assert_eq!(
                p.hmac_sha256_verify(&long_key, data, &tag[..len]),
                Err(CryptoError::BadSignature),
                "{} truncated to {len}",
                p.name()
            );
        }
        let mut longer = tag.to_vec();
        longer.push(0);
        assert_eq!(
            p.hmac_sha256_verify(&long_key, data, &longer),
            Err(CryptoError::BadSignature)
        );
    }
}

#[test]
fn aes_gcm_round_trip_and_failures() {
    let key = [7u8; 32];
    let nonce = [9u8; 12];
    for p in providers() {
        let sealed = p
            .aes256gcm_seal(&key, &nonce, b"aad", b"plaintext")
            .unwrap();
        assert_eq!(sealed.len(), 9 + 16);
        assert_eq!(
            p.aes256gcm_open(&key, &nonce, b"aad", &sealed).unwrap(),
            b"plaintext"
        );
        let empty = p.aes256gcm_seal(&key, &nonce, b"", b"").unwrap();
        assert_eq!(empty.len(), 16);
        assert!(
            p.aes256gcm_open(&key, &nonce, b"", &empty)
                .unwrap()
                .is_empty()
        );

        assert_eq!(
            p.aes256gcm_open(&key, &nonce, b"aaD", &sealed),
            Err(CryptoError::DecryptFailed)
        );
        let mut flipped = sealed.clone();
        flipped[0] ^= 1;
        assert_eq!(
            p.aes256gcm_open(&key, &nonce, b"aad", &flipped),
            Err(CryptoError::DecryptFailed)
        );
        for len in [0, 1, 15] {
            assert_eq!(
                p.aes256gcm_open(&key, &nonce, b"aad", &sealed[..len]),
                Err(CryptoError::DecryptFailed),
                "{} input of {len} bytes",
                p.name()
            );
        }
    }
}

#[test]
fn random_fills() {
    for p in providers() {
        let mut a = [0u8; 32];
        let mut b = [0u8; 32];
        p.fill_random(&mut a).unwrap();
        SystemRandom(p).fill(&mut b).unwrap();
        assert_ne!(a, b);
        assert_ne!(a, [0u8; 32]);
        p.fill_random(&mut []).unwrap();
    }
}

#[test]
fn backends_agree_with_each_other() {
    let all = providers();
    for signer in &all {
        for verifier in &all {
            for curve in CURVES {
                let alg = SignatureAlgorithm::for_curve(curve);
                let key = generate(*signer, curve);
                let public = signer.ec_public_key(&key).unwrap();
                assert_eq!(verifier.ec_public_key(&key).unwrap(), public);
                let signature = signer.ecdsa_sign(alg, &key, b"across").unwrap();
                verifier
                    .ecdsa_verify(alg, &public, b"across", &signature)
                    .unwrap_or_else(|e| {
                        panic!("{} -> {} {curve:?}: {e}", signer.name(), verifier.name())
                    });

                let peer = generate(*verifier, curve);
                let peer_public = verifier.ec_public_key(&peer).unwrap();
                assert_eq!(
                    signer.ecdh(&key, &peer_public).unwrap(),
                    verifier.ecdh(&peer, &public).unwrap()
                );
            }
            let sealed = signer
                .aes256gcm_seal(&[1; 32], &[2; 12], b"a", b"across")
                .unwrap();
            assert_eq!(
                verifier
                    .aes256gcm_open(&[1; 32], &[2; 12], b"a", &sealed)
                    .unwrap(),
                b"across"
            );
            let mut x = [0u8; 100];
            let mut y = [0u8; 100];
            signer.hkdf_sha256(b"s", b"k", b"i", &mut x).unwrap();
            verifier.hkdf_sha256(b"s", b"k", b"i", &mut y).unwrap();
            assert_eq!(x, y);
            assert_eq!(signer.hmac_sha256(b"", b""), verifier.hmac_sha256(b"", b""));
        }
    }
}

#[test]
fn secrets_print_redacted() {
    let key = EcPrivateKey::from_scalar(EcCurve::P256, &[0xab; 32]).unwrap();
    let printed = format!("{key:?}");
    assert_eq!(printed, "EcPrivateKey(P256, <redacted>)");
    assert!(!printed.contains("ab") && !printed.contains("171"));
    let secret = SecretBytes::new(vec![0xcd; 16]);
    let printed = format!("{secret:?}");
    assert_eq!(printed, "SecretBytes(<16 bytes redacted>)");
    for p in providers() {
        let a = generate(p, EcCurve::P256);
        let shared = p.ecdh(&a, &p.ec_public_key(&a).unwrap()).unwrap();
        let printed = format!("{shared:?}");
        assert!(!printed.contains(&hex::encode(shared.expose())));
        assert!(!printed.contains(&format!("{:?}", shared.expose())));
        let printed = format!("{a:?}");
        assert!(!printed.contains(&hex::encode(a.expose_scalar())));
    }
}
