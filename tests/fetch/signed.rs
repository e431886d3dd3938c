//! A status list token signed by a key other than the one trusted: fetching it succeeds
//! (the transport vouches for nothing), its verification then fails. Under every
//! compiled-in crypto backend.
//!
//! Two forms: the IETF draft's example token (Token Status List,
//! examples/status_list_cwt_diag.md: protected `{1: -7, 16: "application/statuslist+cwt"}`,
//! kid "12", its claims and list) signed by a test key and checked as a `COSE_Sign1`; and
//! real tokens from `status::ListSigner`, checked by `status::verify_status_list` under the
//! issuer's IACA: one that carries the issuer's own list signer certificate but was signed
//! by another key (the signature fails), and one from another issuer's PKI (its chain
//! fails).

use ciborium::Value as C;
use iso18013::cbor::{Decode as _, Encoder};
use iso18013::cose::{CoseError, CoseSign1, sig_structure};
use iso18013::crypto::{CryptoProvider, EcCurve, EcPrivateKey, SignatureAlgorithm, providers};
use iso18013::fetch::{Publication, StatusServer};
use iso18013::issuer::KeySigner;
use iso18013::status::{
    ListError, ListSigner, ListTrust, ListVerifyOptions, Status, StatusList, TokenParams,
    verify_status_list,
};
use iso18013::testing::TestPki;
use iso18013::x509::ChainError;

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

const NOW: i64 = 1_780_000_000;

/// A 1-bit list with entry 5 revoked, signed by `pki`'s status list signer for `URI`.
fn real_token(provider: &dyn CryptoProvider, pki: &TestPki) -> Vec<u8> {
    let mut list = StatusList::new(1, 1024).unwrap();
    list.set(5, Status::Invalid).unwrap();
    let params = TokenParams {
        uri: URI.into(),
        iat: NOW,
        exp: NOW + 86_400,
        ttl: Some(3_600),
        aggregation_uri: None,
    };
    let signer = ListSigner::from_certificates(core::slice::from_ref(&pki.status_signer)).unwrap();
    let key = KeySigner::new(provider, pki.status_signer_key.clone());
    signer
        .sign_status_list(&list, &params, provider, &key)
        .unwrap()
}

/// `token` with its signature replaced by one of `key` over the same bytes: the
/// certificate it carries is unchanged, the key behind the signature is not its key.
fn resigned(provider: &dyn CryptoProvider, token: &[u8], key: &EcPrivateKey) -> Vec<u8> {
    let sign1 = CoseSign1::from_cbor(token).unwrap();
    let to_be_signed = sig_structure(sign1.protected(), &[], sign1.payload().unwrap());
    let signature = provider
        .ecdsa_sign(sign1.signature_algorithm().unwrap(), key, &to_be_signed)
        .unwrap();
    let forged = CoseSign1::new(
        sign1.protected().clone(),
        sign1.unprotected().clone(),
        sign1.payload().map(<[u8]>::to_vec),
        signature,
    );
    let mut e = Encoder::new();
    e.tag(18);
    iso18013::cbor::Encode::encode(&forged, &mut e);
    e.into_bytes()
}

#[test]
fn status_tokens_signed_by_the_wrong_key_are_fetched_then_rejected_by_verify_status_list() {
    for provider in providers() {
        let name = provider.name();
        let issuer = TestPki::generate(provider, NOW).unwrap();
        let impostor = TestPki::generate(provider, NOW).unwrap();
        let genuine = real_token(provider, &issuer);
        let forged = resigned(provider, &genuine, &impostor.status_signer_key);
        let foreign = real_token(provider, &impostor);
        // served as the token says: its typ, its ttl
        let sniffed = Publication::for_document(URI, genuine.clone());
        assert_eq!(sniffed.content_type, STATUS, "{name}");
        assert_eq!(sniffed.max_age, Some(3_600), "{name}");
        assert_eq!(sniffed.path, "/statuslists/1");
        let publish = |path: &str, bytes: &[u8]| {
            Publication::for_uri(path, bytes.to_vec(), STATUS, Some(3_600))
        };
        let server = StatusServer::bind(
            0,
            vec![
                publish("/genuine", &genuine),
                publish("/forged", &forged),
                publish("/foreign", &foreign),
            ],
        )
        .unwrap()
        .spawn()
        .unwrap();
        let trust = ListTrust::new(None, core::slice::from_ref(&issuer.iaca)).unwrap();
        let options = ListVerifyOptions::default();
        let fetch_and_verify = |path: &str, expected: &[u8]| {
            let fetched = local().fetch_status_list(&server.url(path)).unwrap();
            assert_eq!(fetched.bytes, expected, "{name} {path}: fetched intact");
            verify_status_list(&fetched.bytes, URI, &trust, &options, provider, NOW)
        };

        let verified = fetch_and_verify("/genuine", &genuine).unwrap();
        assert_eq!(verified.status(5).unwrap(), Status::Invalid, "{name}");
        assert_eq!(verified.status(4).unwrap(), Status::Valid, "{name}");
        // the issuer's own signer certificate, another key's signature
        assert_eq!(
            fetch_and_verify("/forged", &forged).unwrap_err(),
            ListError::Cose(CoseError::BadSignature),
            "{name}"
        );
        // another issuer's signer, not chained to this issuer's IACA
        assert_eq!(
            fetch_and_verify("/foreign", &foreign).unwrap_err(),
            ListError::Chain(ChainError::BadSignature { index: 0 }),
            "{name}"
        );
        server.shutdown().unwrap();
    }
}
