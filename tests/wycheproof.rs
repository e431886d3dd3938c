//! Project Wycheproof vectors (`test-vectors/wycheproof/`) under every compiled backend:
//! a `valid` vector must succeed with the expected output, an `invalid` one must fail, an
//! `acceptable` one may do either (but a success must give the expected output).
// Test code: a panic is a failed test, not a crash on input; the table goes to stderr.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::print_stderr
)]

use const_oid::db::rfc5912::{ID_EC_PUBLIC_KEY, SECP_256_R_1};
use der::Decode;
use iso18013::crypto::{
    CryptoProvider, DigestAlgorithm, EcCurve, EcPrivateKey, SignatureAlgorithm, providers,
};
use serde_json::Value;
use spki::SubjectPublicKeyInfoRef;

/// What an operation did with one vector.
#[derive(Debug, PartialEq, Eq)]
enum Outcome {
    /// Succeeded with the expected output.
    Correct,
    /// Succeeded with another output, or succeeded where it had to refuse.
    Wrong,
    /// Refused.
    Rejected,
}

/// Counts for one file under one backend.
#[derive(Default)]
struct Tally {
    run: usize,
    passed: usize,
    not_applicable: usize,
    failures: Vec<String>,
}

impl Tally {
    /// Records `outcome` for the vector `test` against what its `result` requires.
    fn record(&mut self, test: &Value, outcome: Outcome) {
        self.run += 1;
        let result = test["result"].as_str().unwrap();
        let ok = match result {
            "valid" => outcome == Outcome::Correct,
            "invalid" => outcome == Outcome::Rejected,
            "acceptable" => outcome != Outcome::Wrong,
            other => panic!("unknown result {other:?}"),
        };
        if ok {
            self.passed += 1;
        } else {
            self.failures.push(format!(
                "tcId {} ({result}, {}): {outcome:?}",
                test["tcId"], test["comment"]
            ));
        }
    }
}

fn load(file: &str) -> Value {
    let path = format!(
        "{}/test-vectors/wycheproof/{file}",
        env!("CARGO_MANIFEST_DIR")
    );
    serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap()
}

fn bytes(value: &Value) -> Vec<u8> {
    hex::decode(value.as_str().unwrap()).unwrap()
}

fn groups(file: &Value) -> &Vec<Value> {
    file["testGroups"].as_array().unwrap()
}

fn tests(group: &Value) -> &Vec<Value> {
    group["tests"].as_array().unwrap()
}

/// ECDSA with raw `r || s` signatures (the `_p1363` files).
fn ecdsa(p: &dyn CryptoProvider, file: &str, alg: SignatureAlgorithm, sha: &str) -> Tally {
    let mut tally = Tally::default();
    for group in groups(&load(file)) {
        let applies = group["sha"] == sha && group["publicKey"]["curve"] == curve_name(alg.curve());
        let public_key = bytes(&group["publicKey"]["uncompressed"]);
        for test in tests(group) {
            if !applies {
                tally.not_applicable += 1;
                continue;
            }
            let outcome = match p.ecdsa_verify(
                alg,
                &public_key,
                &bytes(&test["msg"]),
                &bytes(&test["sig"]),
            ) {
                Ok(()) => Outcome::Correct,
                Err(_) => Outcome::Rejected,
            };
            tally.record(test, outcome);
        }
    }
    tally
}

/// ECDSA with DER signatures (the files without `_p1363`), as X.509 certificates carry
/// them, through `ecdsa_verify_with_digest` with the file's curve and hash, which need
/// not be the curve's own: the signature is first turned into raw `r || s` as
/// `x509::verify_chain` does (strict DER only, so BER forms count as refused).
fn ecdsa_der(p: &dyn CryptoProvider, file: &str, curve: EcCurve, digest: DigestAlgorithm) -> Tally {
    let mut tally = Tally::default();
    let raw_form = SignatureAlgorithm::for_curve(curve);
    for group in groups(&load(file)) {
        let applies =
            group["sha"] == digest.name() && group["publicKey"]["curve"] == curve_name(curve);
        let public_key = bytes(&group["publicKey"]["uncompressed"]);
        for test in tests(group) {
            if !applies {
                tally.not_applicable += 1;
                continue;
            }
            let message = bytes(&test["msg"]);
            let outcome = match raw_form.signature_from_der(&bytes(&test["sig"])) {
                Ok(raw) => {
                    match p.ecdsa_verify_with_digest(curve, digest, &public_key, &message, &raw) {
                        Ok(()) => Outcome::Correct,
                        Err(_) => Outcome::Rejected,
                    }
                }
                Err(_) => Outcome::Rejected,
            };
            tally.record(test, outcome);
        }
    }
    tally
}

fn curve_name(curve: EcCurve) -> &'static str {
    match curve {
        EcCurve::P256 => "secp256r1",
        EcCurve::P384 => "secp384r1",
        EcCurve::P521 => "secp521r1",
        _ => "unknown",
    }
}

/// A Wycheproof private key (a minimal big-endian integer, sometimes with a leading
/// zero byte) as a P-256 scalar of 32 bytes.
fn p256_scalar(value: &Value) -> Option<EcPrivateKey> {
    let raw = bytes(value);
    let digits: Vec<u8> = raw.into_iter().skip_while(|b| *b == 0).collect();
    if digits.len() > 32 {
        return None;
    }
    let mut scalar = vec![0u8; 32 - digits.len()];
    scalar.extend_from_slice(&digits);
    EcPrivateKey::from_scalar(EcCurve::P256, &scalar).ok()
}

/// The SEC1 point of a P-256 SubjectPublicKeyInfo; `None` when it is not one.
fn p256_point(spki: &[u8]) -> Option<Vec<u8>> {
    let info = SubjectPublicKeyInfoRef::from_der(spki).ok()?;
    if info.algorithm.oid != ID_EC_PUBLIC_KEY
        || info.algorithm.parameters_oid().ok()? != SECP_256_R_1
    {
        return None;
    }
    info.subject_public_key.as_bytes().map(<[u8]>::to_vec)
}

/// ECDH on P-256; `spki` says whether public keys are SPKI DER or raw points.
fn ecdh(p: &dyn CryptoProvider, file: &str, spki: bool) -> Tally {
    let mut tally = Tally::default();
    for group in groups(&load(file)) {
        let applies = group["curve"] == "secp256r1";
        for test in tests(group) {
            if !applies {
                tally.not_applicable += 1;
                continue;
            }
            let public = bytes(&test["public"]);
            let point = if spki {
                p256_point(&public)
            } else {
                Some(public)
            };
            let shared = bytes(&test["shared"]);
            let outcome = match (point, p256_scalar(&test["private"])) {
                (Some(point), Some(key)) => match p.ecdh(&key, &point) {
                    Ok(secret) if secret.expose() == shared.as_slice() => Outcome::Correct,
                    Ok(_) => Outcome::Wrong,
                    Err(_) => Outcome::Rejected,
                },
                _ => Outcome::Rejected,
            };
            tally.record(test, outcome);
        }
    }
    tally
}

/// AES-GCM, the groups with a 256-bit key, a 96-bit nonce and a 128-bit tag.
fn aes_gcm(p: &dyn CryptoProvider) -> Tally {
    let mut tally = Tally::default();
    for group in groups(&load("aes_gcm_test.json")) {
        let applies = group["keySize"] == 256 && group["ivSize"] == 96 && group["tagSize"] == 128;
        for test in tests(group) {
            if !applies {
                tally.not_applicable += 1;
                continue;
            }
            let key: [u8; 32] = bytes(&test["key"]).try_into().unwrap();
            let nonce: [u8; 12] = bytes(&test["iv"]).try_into().unwrap();
            let (aad, msg) = (bytes(&test["aad"]), bytes(&test["msg"]));
            let mut sealed = bytes(&test["ct"]);
            sealed.extend_from_slice(&bytes(&test["tag"]));
            let outcome = match p.aes256gcm_open(&key, &nonce, &aad, &sealed) {
                Ok(opened) if opened == msg => {
                    // A vector that opens must also be what sealing makes.
                    match p.aes256gcm_seal(&key, &nonce, &aad, &msg) {
                        Ok(resealed) if resealed == sealed => Outcome::Correct,
                        _ => Outcome::Wrong,
                    }
                }
                Ok(_) => Outcome::Wrong,
                Err(_) => Outcome::Rejected,
            };
            tally.record(test, outcome);
        }
    }
    tally
}

/// HKDF-SHA-256; a too long output must be refused.
fn hkdf(p: &dyn CryptoProvider) -> Tally {
    let mut tally = Tally::default();
    for group in groups(&load("hkdf_sha256_test.json")) {
        for test in tests(group) {
            let size = usize::try_from(test["size"].as_u64().unwrap()).unwrap();
            let mut okm = vec![0u8; size];
            let outcome = match p.hkdf_sha256(
                &bytes(&test["salt"]),
                &bytes(&test["ikm"]),
                &bytes(&test["info"]),
                &mut okm,
            ) {
                Ok(()) if okm == bytes(&test["okm"]) => Outcome::Correct,
                Ok(()) => Outcome::Wrong,
                Err(_) => Outcome::Rejected,
            };
            tally.record(test, outcome);
        }
    }
    tally
}

/// HMAC-SHA-256: the MAC's first `tagSize` bits against the tag; where the tag is the
/// full 32 bytes, `hmac_sha256_verify` must agree, and it must refuse any shorter tag.
fn hmac(p: &dyn CryptoProvider) -> Tally {
    let mut tally = Tally::default();
    for group in groups(&load("hmac_sha256_test.json")) {
        let tag_len = usize::try_from(group["tagSize"].as_u64().unwrap() / 8).unwrap();
        let applies = tag_len <= 32;
        for test in tests(group) {
            if !applies {
                tally.not_applicable += 1;
                continue;
            }
            let (key, msg, tag) = (
                bytes(&test["key"]),
                bytes(&test["msg"]),
                bytes(&test["tag"]),
            );
            let mac = p.hmac_sha256(&key, &msg);
            let matches = tag.len() == tag_len && mac[..tag_len] == tag[..];
            let verified = p.hmac_sha256_verify(&key, &msg, &tag).is_ok();
            let outcome = if verified != (matches && tag_len == 32) {
                Outcome::Wrong
            } else if matches {
                Outcome::Correct
            } else {
                Outcome::Rejected
            };
            tally.record(test, outcome);
        }
    }
    tally
}

#[test]
fn wycheproof_vectors_under_every_backend() {
    type Run = fn(&dyn CryptoProvider) -> Tally;
    let files: [(&str, Run); 11] = [
        ("ecdsa_secp256r1_sha256_p1363_test.json", |p| {
            ecdsa(
                p,
                "ecdsa_secp256r1_sha256_p1363_test.json",
                SignatureAlgorithm::Es256,
                "SHA-256",
            )
        }),
        ("ecdsa_secp384r1_sha384_p1363_test.json", |p| {
            ecdsa(
                p,
                "ecdsa_secp384r1_sha384_p1363_test.json",
                SignatureAlgorithm::Es384,
                "SHA-384",
            )
        }),
        ("ecdsa_secp256r1_sha256_test.json", |p| {
            ecdsa_der(
                p,
                "ecdsa_secp256r1_sha256_test.json",
                EcCurve::P256,
                DigestAlgorithm::Sha256,
            )
        }),
        ("ecdsa_secp256r1_sha512_test.json", |p| {
            ecdsa_der(
                p,
                "ecdsa_secp256r1_sha512_test.json",
                EcCurve::P256,
                DigestAlgorithm::Sha512,
            )
        }),
        ("ecdsa_secp384r1_sha256_test.json", |p| {
            ecdsa_der(
                p,
                "ecdsa_secp384r1_sha256_test.json",
                EcCurve::P384,
                DigestAlgorithm::Sha256,
            )
        }),
        ("ecdsa_secp384r1_sha512_test.json", |p| {
            ecdsa_der(
                p,
                "ecdsa_secp384r1_sha512_test.json",
                EcCurve::P384,
                DigestAlgorithm::Sha512,
            )
        }),
        ("ecdh_secp256r1_test.json", |p| {
            ecdh(p, "ecdh_secp256r1_test.json", true)
        }),
        ("ecdh_secp256r1_ecpoint_test.json", |p| {
            ecdh(p, "ecdh_secp256r1_ecpoint_test.json", false)
        }),
        ("aes_gcm_test.json", aes_gcm),
        ("hkdf_sha256_test.json", hkdf),
        ("hmac_sha256_test.json", hmac),
    ];

    let mut failures = Vec::new();
    eprintln!(
        "{:<40} {:<11} {:>5} {:>7} {:>15}",
        "file", "backend", "run", "passed", "not applicable"
    );
    for (file, run) in files {
        for p in providers() {
            let tally = run(p);
            eprintln!(
                "{file:<40} {:<11} {:>5} {:>7} {:>15}",
                p.name(),
                tally.run,
                tally.passed,
                tally.not_applicable
            );
            assert!(tally.run > 0, "{file} under {}: nothing ran", p.name());
            for failure in tally.failures {
                failures.push(format!("{file} under {}: {failure}", p.name()));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// ECDSA through keys prepared once (`CryptoProvider::prepare_verifying_key`, what the
/// trust cache keeps for document signers): the same verdicts as Wycheproof requires,
/// and the same as `ecdsa_verify` gives, vector by vector.
#[test]
fn wycheproof_ecdsa_with_prepared_keys() {
    let files = [
        (
            "ecdsa_secp256r1_sha256_p1363_test.json",
            SignatureAlgorithm::Es256,
        ),
        (
            "ecdsa_secp384r1_sha384_p1363_test.json",
            SignatureAlgorithm::Es384,
        ),
    ];
    let mut failures = Vec::new();
    for p in providers() {
        let mut prepared_p256 = 0;
        for (file, alg) in files {
            let mut tally = Tally::default();
            for group in groups(&load(file)) {
                if group["publicKey"]["curve"] != curve_name(alg.curve()) {
                    continue;
                }
                let public_key = bytes(&group["publicKey"]["uncompressed"]);
                let Some(key) = p.prepare_verifying_key(alg, &public_key) else {
                    // Not prepared: the key is refused or the backend gains nothing; the
                    // plain path must then refuse invalid keys itself.
                    continue;
                };
                assert_eq!(key.algorithm(), alg);
                assert_eq!(key.provider_name(), p.name());
                for test in tests(group) {
                    let (msg, sig) = (bytes(&test["msg"]), bytes(&test["sig"]));
                    let prepared = key.verify(&msg, &sig).is_ok();
                    let plain = p.ecdsa_verify(alg, &public_key, &msg, &sig).is_ok();
                    if prepared != plain {
                        failures.push(format!(
                            "{file} under {}: tcId {}: prepared {prepared}, plain {plain}",
                            p.name(),
                            test["tcId"]
                        ));
                    }
                    let outcome = if prepared {
                        Outcome::Correct
                    } else {
                        Outcome::Rejected
                    };
                    tally.record(test, outcome);
                    if alg == SignatureAlgorithm::Es256 {
                        prepared_p256 += 1;
                    }
                }
            }
            for failure in tally.failures {
                failures.push(format!("{file} under {} (prepared): {failure}", p.name()));
            }
        }
        assert!(prepared_p256 > 0, "{}: no P-256 key was prepared", p.name());
    }
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// ECDSA over a message given in parts (`ecdsa_verify_parts`, `verify_parts`), split at
/// a different place for each vector: the same verdicts as over the whole message.
#[test]
fn wycheproof_ecdsa_over_parts() {
    let files = [
        (
            "ecdsa_secp256r1_sha256_p1363_test.json",
            SignatureAlgorithm::Es256,
        ),
        (
            "ecdsa_secp384r1_sha384_p1363_test.json",
            SignatureAlgorithm::Es384,
        ),
    ];
    let mut failures = Vec::new();
    for p in providers() {
        let mut run = 0;
        for (file, alg) in files {
            for group in groups(&load(file)) {
                if group["publicKey"]["curve"] != curve_name(alg.curve()) {
                    continue;
                }
                let public_key = bytes(&group["publicKey"]["uncompressed"]);
                let prepared = p.prepare_verifying_key(alg, &public_key);
                for (n, test) in tests(group).iter().enumerate() {
                    let (msg, sig) = (bytes(&test["msg"]), bytes(&test["sig"]));
                    let cut = if msg.is_empty() {
                        0
                    } else {
                        n % (msg.len() + 1)
                    };
                    let (a, b) = msg.split_at(cut);
                    let parts: [&[u8]; 4] = [&[], a, b, &[]];
                    let whole = p.ecdsa_verify(alg, &public_key, &msg, &sig).is_ok();
                    let split = p.ecdsa_verify_parts(alg, &public_key, &parts, &sig).is_ok();
                    let prepared_split = prepared
                        .as_ref()
                        .map(|k| k.verify_parts(&parts, &sig).is_ok());
                    if split != whole || prepared_split.is_some_and(|v| v != whole) {
                        failures.push(format!(
                            "{file} under {}: tcId {}: whole {whole}, parts {split}, prepared {prepared_split:?}",
                            p.name(),
                            test["tcId"]
                        ));
                    }
                    run += 1;
                }
            }
        }
        assert!(run > 0, "{}: nothing ran", p.name());
    }
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
