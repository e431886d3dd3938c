//! A status list token signed by a key other than the one trusted: fetching it succeeds
//! (the transport vouches for nothing), its signature then fails. Under every compiled-in
//! crypto backend.
//!
//! The token is the IETF draft's example (Token Status List, examples/status_list_cwt_diag.md:
//! protected `{1: -7, 16: "application/statuslist+cwt"}`, kid "12", its claims and list),
//! signed here by test keys. The check after the fetch is the COSE_Sign1 signature under the
//! trusted key, which is what the status module's token verification does first.
//!
//! COORDINATOR (after merging branch `status`): extend
//! `a_status_token_signed_by_the_wrong_key_is_fetched_then_fails_verification` with
//! `iso18013::status::verify_status_list` on `fetched.bytes`: a token signed by a
//! `TestPki` status signer of another IACA, verified under this issuer's IACA
//! (`ListTrust`), must fail with the status module's signature/chain error kind, and the
//! same token verified under its own IACA must pass.

use ciborium::Value as C;
use iso18013::cbor::Decode as _;
use iso18013::cose::{CoseError, CoseSign1};
use iso18013::crypto::{CryptoProvider, EcCurve, EcPrivateKey, SignatureAlgorithm, providers};
use iso18013::fetch::{Publication, StatusServer};

use super::{STATUS, local};

const URI: &str = "https://example.com/statuslists/1";

fn cbor(value: &C) -> Vec<u8> {
    let mut out = Vec::new();
    ciborium::into_writer(value, &mut out).unwrap();
    out
}

fn int(n: i64) -> C {
    C::Integer(n.into())
}

/// The IETF example token, signed with `key` (ES256).
fn ietf_example_token(provider: &dyn CryptoProvider, key: &EcPrivateKey) -> Vec<u8> {
    let protected = cbor(&C::Map(vec![
        (int(1), int(-7)),
        (int(16), C::Text(STATUS.into())),
    ]));
    let status_list = C::Map(vec![
        (C::Text("bits".into()), int(1)),
        (
            C::Text("lst".into()),
            C::Bytes(hex::decode("78dadbb918000217015d").unwrap()),
        ),
    ]);
    let claims = cbor(&C::Map(vec![
        (int(2), C::Text(URI.into())),
        (int(6), int(1_686_920_170)),
        (int(4), int(2_291_720_170)),
        (int(65534), int(43_200)),
        (int(65533), status_list),
    ]));
    let to_be_signed = cbor(&C::Array(vec![
        C::Text("Signature1".into()),
        C::Bytes(protected.clone()),
        C::Bytes(Vec::new()),
        C::Bytes(claims.clone()),
    ]));
    let signature = provider
        .ecdsa_sign(SignatureAlgorithm::Es256, key, &to_be_signed)
        .unwrap();
    cbor(&C::Tag(
        18,
        Box::new(C::Array(vec![
            C::Bytes(protected),
            C::Map(vec![(int(4), C::Bytes(b"12".to_vec()))]),
            C::Bytes(claims),
            C::Bytes(signature),
        ])),
    ))
}

#[test]
fn a_status_token_signed_by_the_wrong_key_is_fetched_then_fails_verification() {
    let issuer = EcPrivateKey::from_scalar(EcCurve::P256, &[0x11; 32]).unwrap();
    let impostor = EcPrivateKey::from_scalar(EcCurve::P256, &[0x22; 32]).unwrap();
    for provider in providers() {
        let name = provider.name();
        let token = ietf_example_token(provider, &impostor);
        let server = StatusServer::bind(
            0,
            vec![Publication::for_uri(
                URI,
                token.clone(),
                STATUS,
                Some(43_200),
            )],
        )
        .unwrap()
        .spawn()
        .unwrap();
        let fetched = local()
            .fetch_status_list(&server.url("/statuslists/1"))
            .unwrap();
        assert_eq!(
            fetched.bytes, token,
            "{name}: the fetch hands over the bytes"
        );
        assert_eq!(fetched.max_age, Some(43_200), "{name}");

        let sign1 = CoseSign1::from_cbor(&fetched.bytes).unwrap();
        let trusted = provider.ec_public_key(&issuer).unwrap();
        let e = sign1.verify(provider, &trusted, None, &[]).unwrap_err();
        assert!(matches!(e, CoseError::BadSignature), "{name}: {e:?}");
        // the bytes arrived intact: the key that did sign them verifies them
        let signer = provider.ec_public_key(&impostor).unwrap();
        sign1.verify(provider, &signer, None, &[]).unwrap();
        server.shutdown().unwrap();
    }
}
