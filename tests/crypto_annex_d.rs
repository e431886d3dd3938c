//! ISO 18013-5 Annex D, the cryptographic half: session keys (D.5.1) and the device MAC
//! (D.5.3) computed under every compiled backend equal the Annex's values.
// Test code: a panic is a failed test, not a crash on input.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use iso18013::crypto::{CryptoProvider, DigestAlgorithm, EcCurve, EcPrivateKey, providers};

fn vector(name: &str) -> Vec<u8> {
    let path = format!(
        "{}/test-vectors/iso18013-5-annex-d/{name}.hex",
        env!("CARGO_MANIFEST_DIR")
    );
    hex::decode(std::fs::read_to_string(&path).unwrap().trim()).unwrap()
}

/// The uncompressed point `04 || x || y` from the files `{prefix}_x` and `{prefix}_y`.
fn point(prefix: &str) -> Vec<u8> {
    let mut out = vec![0x04];
    out.extend(vector(&format!("{prefix}_x")));
    out.extend(vector(&format!("{prefix}_y")));
    out
}

fn private_key(name: &str) -> EcPrivateKey {
    EcPrivateKey::from_scalar(EcCurve::P256, &vector(name)).unwrap()
}

/// HKDF-SHA-256 with the SessionTranscriptBytes hash as salt, 32 bytes out.
fn derive(p: &dyn CryptoProvider, ikm: &[u8], info: &[u8]) -> Vec<u8> {
    let mut out = vec![0u8; 32];
    p.hkdf_sha256(
        &vector("session_transcript_bytes_sha256"),
        ikm,
        info,
        &mut out,
    )
    .unwrap();
    out
}

#[test]
fn session_transcript_hash() {
    for p in providers() {
        assert_eq!(
            p.digest(DigestAlgorithm::Sha256, &vector("session_transcript_bytes")),
            vector("session_transcript_bytes_sha256"),
            "{}",
            p.name()
        );
    }
}

#[test]
fn session_keys() {
    for p in providers() {
        let zab = p
            .ecdh(&private_key("ereader_key_private"), &point("edevice_key"))
            .unwrap();
        assert_eq!(zab.expose(), vector("session_key_zab"), "{}", p.name());
        assert_eq!(derive(p, zab.expose(), b"SKReader"), vector("sk_reader"));
        assert_eq!(derive(p, zab.expose(), b"SKDevice"), vector("sk_device"));

        // The mdoc's side of the same agreement.
        let from_device = p
            .ecdh(&private_key("edevice_key_private"), &point("ereader_key"))
            .unwrap();
        assert_eq!(from_device, zab, "{}", p.name());
    }
}

#[test]
fn device_mac() {
    for p in providers() {
        let zab = p
            .ecdh(&private_key("device_key_private"), &point("ereader_key"))
            .unwrap();
        assert_eq!(zab.expose(), vector("emac_key_zab"), "{}", p.name());
        let emac_key = derive(p, zab.expose(), b"EMacKey");
        assert_eq!(emac_key, vector("emac_key"));

        let tag = p.hmac_sha256(&emac_key, &vector("mac_structure"));
        assert_eq!(tag.to_vec(), vector("device_mac_tag"), "{}", p.name());
        p.hmac_sha256_verify(&emac_key, &vector("mac_structure"), &tag)
            .unwrap();
    }
}

#[test]
fn public_keys_match_the_private_keys() {
    for p in providers() {
        for prefix in ["ereader_key", "edevice_key", "device_key"] {
            let key = private_key(&format!("{prefix}_private"));
            assert_eq!(p.ec_public_key(&key).unwrap(), point(prefix), "{prefix}");
        }
    }
}
