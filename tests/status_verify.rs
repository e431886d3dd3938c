//! Verification with revocation status (issue 13, point 2), under every backend: a
//! verifier resolves the list an MSO's status names, verifies it under the issuer's trust
//! point, keeps it in its cache until the list's ttl, and rejects revoked and suspended
//! documents with their own kinds; the policy says what a missing, unavailable or stale
//! status means, per doctype. One negative case per rule a reader applies.
// Test code: a panic is a failed test, not a crash on input.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use core::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use iso18013::cbor::{Encode, TDate, TextRest, Value};
use iso18013::crypto::{CryptoProvider, SystemRandom, providers};
use iso18013::doctype::{Registry, mdl};
use iso18013::issuer::{Issuer, KeySigner, MdocBuilder, Validity};
use iso18013::mso::{self, IdentifierListInfo, IssuerSigned, StatusListInfo};
use iso18013::present::{DeviceAuthMode, Selection, present_document};
use iso18013::response::DeviceResponse;
use iso18013::session::SessionTranscript;
use iso18013::status::{
    IdentifierList, ListError, ListKind, ListSigner, ResolveError, Status, StatusList,
    StatusResolver, StatusTokens, TokenParams,
};
use iso18013::testing::TestPki;
use iso18013::verify::{
    Finding, Policy, ReaderSession, StatusCheck, StatusError, StatusRule, StatusRules, Verifier,
    VerifyErrorKind,
};

/// 2026-06-01T00:00:00Z.
const NOW: i64 = 1_780_272_000;
const TTL: u64 = 3_600;
const URI: &str = "https://issuer.example/status/1";
const ID_URI: &str = "https://issuer.example/identifiers/1";

/// One PKI and what it issued: a presented response per MSO status.
struct Case {
    provider: &'static dyn CryptoProvider,
    pki: TestPki,
    transcript: SessionTranscript,
}

impl Case {
    fn new(provider: &'static dyn CryptoProvider) -> Self {
        let pki = TestPki::generate(provider, NOW).unwrap();
        let transcript = transcript(&pki, provider);
        Self {
            provider,
            pki,
            transcript,
        }
    }

    /// A DeviceResponse with one mDL whose MSO carries `status`.
    fn response(&self, status: Option<mso::Status>) -> Vec<u8> {
        let t = |s| TDate::from_unix_seconds(s).unwrap();
        let mut builder = MdocBuilder::with_required(
            mdl::DOC_TYPE,
            self.pki.device_public_key.clone(),
            Validity::new(t(NOW - 60), t(NOW - 60), t(NOW + 86_400 * 30)),
        )
        .element(mdl::NAME_SPACE, "family_name", Value::from("Doe"))
        .element(mdl::NAME_SPACE, "age_over_18", Value::Bool(true));
        if let Some(status) = status {
            builder = builder.status(status);
        }
        let issued: IssuerSigned = Issuer::new(vec![self.pki.ds.der().to_vec()])
            .with_doctypes(Registry::builtin().all_optional())
            .issue(
                builder,
                self.provider,
                &KeySigner::new(self.provider, self.pki.ds_key.clone()),
                &mut SystemRandom(self.provider),
            )
            .unwrap();
        let document = present_document(
            &issued,
            &Selection::from_elements([(mdl::NAME_SPACE, "age_over_18")]),
            &self.pki.device_key,
            Default::default(),
            &self.transcript,
            DeviceAuthMode::Signature,
            self.provider,
        )
        .unwrap();
        DeviceResponse::new(vec![document]).to_cbor()
    }

    /// A status list token of this PKI's status signer, published at `uri`.
    fn status_token(&self, list: &StatusList, uri: &str, iat: i64) -> Vec<u8> {
        signer(&self.pki)
            .sign_status_list(
                list,
                &params(uri, iat),
                self.provider,
                &KeySigner::new(self.provider, self.pki.status_signer_key.clone()),
            )
            .unwrap()
    }

    fn identifier_token(&self, list: &IdentifierList) -> Vec<u8> {
        signer(&self.pki)
            .sign_identifier_list(
                list,
                &params(ID_URI, NOW),
                self.provider,
                &KeySigner::new(self.provider, self.pki.status_signer_key.clone()),
            )
            .unwrap()
    }

    fn verifier(&self, policy: Policy) -> Verifier {
        Verifier::new(self.pki.trust_store(), policy)
    }

    fn policy(&self) -> Policy {
        Policy::new(self.provider)
    }

    fn verify(
        &self,
        verifier: &Verifier,
        response: &[u8],
        now: i64,
    ) -> Result<(StatusCheck, Vec<Finding>), VerifyErrorKind> {
        let verified = verifier
            .verify(response, &ReaderSession::new(&self.transcript), now)
            .map_err(|e| e.kind)?;
        let doc = &verified.documents()[0];
        Ok((doc.status_check(), doc.findings().to_vec()))
    }
}

fn transcript(pki: &TestPki, provider: &'static dyn CryptoProvider) -> SessionTranscript {
    let holder =
        iso18013::holder::HolderEngagement::new(provider, Vec::new(), &mut SystemRandom(provider))
            .unwrap();
    SessionTranscript::for_qr(holder.engagement().inner_bytes(), &pki.e_reader_public_key).unwrap()
}

fn signer(pki: &TestPki) -> ListSigner {
    ListSigner::from_certificates(core::slice::from_ref(&pki.status_signer)).unwrap()
}

fn params(uri: &str, iat: i64) -> TokenParams {
    TokenParams {
        uri: uri.into(),
        iat,
        exp: iat + 86_400,
        ttl: Some(TTL),
        aggregation_uri: None,
    }
}

fn at_index(idx: u64) -> mso::Status {
    mso::Status {
        status_list: Some(StatusListInfo {
            idx,
            uri: URI.into(),
            certificate: None,
            rest: TextRest::new(),
        }),
        ..mso::Status::default()
    }
}

fn with_id(id: &[u8]) -> mso::Status {
    mso::Status {
        identifier_list: Some(IdentifierListInfo {
            id: id.to_vec(),
            uri: ID_URI.into(),
            certificate: None,
            rest: TextRest::new(),
        }),
        ..mso::Status::default()
    }
}

/// 2 bits per entry: 7 invalid, 8 suspended, 9 holds 3; 1,000 entries.
fn list() -> StatusList {
    let mut list = StatusList::new(2, 1_000).unwrap();
    list.set(7, Status::Invalid).unwrap();
    list.set(8, Status::Suspended).unwrap();
    list.set(9, Status::Other(3)).unwrap();
    list
}

/// What a rejected list's error must be.
type Expected = fn(&ListError) -> bool;

fn tokens(entries: &[(&str, Vec<u8>)]) -> StatusTokens {
    entries.iter().map(|(u, t)| (*u, t.clone())).collect()
}

/// A resolver that counts its calls and answers from a replaceable set of tokens.
#[derive(Default)]
struct Counting {
    tokens: Mutex<StatusTokens>,
    calls: AtomicUsize,
}

impl StatusResolver for Counting {
    fn resolve(&self, uri: &str, kind: ListKind) -> Result<Vec<u8>, ResolveError> {
        self.calls.fetch_add(1, Ordering::Relaxed);
        self.tokens.lock().unwrap().resolve(uri, kind)
    }
}

#[test]
fn a_listed_status_decides_and_each_value_has_its_kind() {
    for provider in providers() {
        let case = Case::new(provider);
        let token = case.status_token(&list(), URI, NOW);
        let verifier = case
            .verifier(case.policy())
            .with_status_resolver(tokens(&[(URI, token)]));
        let outcome = |idx| case.verify(&verifier, &case.response(Some(at_index(idx))), NOW);

        assert_eq!(outcome(6), Ok((StatusCheck::Valid, vec![])));
        assert_eq!(
            outcome(7),
            Err(VerifyErrorKind::Status(StatusError::Revoked {
                list: ListKind::StatusList
            }))
        );
        assert_eq!(
            outcome(8),
            Err(VerifyErrorKind::Status(StatusError::Suspended))
        );
        assert_eq!(
            outcome(9),
            Err(VerifyErrorKind::Status(StatusError::NotValid(3)))
        );
        // Beyond the list: a rejection, never valid.
        assert_eq!(
            outcome(1_000),
            Err(VerifyErrorKind::Status(StatusError::IndexOutOfRange))
        );
        let revoked = outcome(7).unwrap_err();
        assert_eq!((revoked.fault(), revoked.name()), ("status", "revoked"));
        assert_eq!(outcome(8).unwrap_err().name(), "suspended");
    }
}

#[test]
fn an_identifier_list_revokes_the_ids_it_lists() {
    for provider in providers() {
        let case = Case::new(provider);
        let mut revoked = IdentifierList::new();
        revoked.insert(b"passport-0042".to_vec());
        let verifier = case
            .verifier(case.policy())
            .with_status_resolver(tokens(&[(ID_URI, case.identifier_token(&revoked))]));
        assert_eq!(
            case.verify(
                &verifier,
                &case.response(Some(with_id(b"passport-0042"))),
                NOW
            ),
            Err(VerifyErrorKind::Status(StatusError::Revoked {
                list: ListKind::IdentifierList
            }))
        );
        assert_eq!(
            case.verify(
                &verifier,
                &case.response(Some(with_id(b"passport-0043"))),
                NOW
            ),
            Ok((StatusCheck::Valid, vec![]))
        );
    }
}

/// Each rule of the list's verification, seen through document verification: a token
/// that breaks one is a rejection (`status_list_invalid`), never "valid", whatever the
/// policy says of unavailable lists.
#[test]
fn a_list_that_does_not_verify_rejects_the_document() {
    for provider in providers() {
        let case = Case::new(provider);
        let other = TestPki::generate(provider, NOW).unwrap();
        let other_case = Case {
            provider,
            pki: other,
            transcript: case.transcript.clone(),
        };
        let mut lenient = case.policy();
        lenient.status.default = StatusRules {
            unavailable: StatusRule::Accept,
            stale: StatusRule::Accept,
            ..StatusRules::OPTIONAL
        };
        let bad: Vec<(&str, Vec<u8>, Expected)> = vec![
            // Signed by another issuer's status signer (the Multipaz bug: the wrong key).
            (
                "another issuer's signer",
                other_case.status_token(&list(), URI, NOW),
                |e| matches!(e, ListError::Chain(_)),
            ),
            // Published for another URI.
            (
                "sub of another uri",
                case.status_token(&list(), "https://issuer.example/status/2", NOW),
                |e| matches!(e, ListError::SubjectMismatch),
            ),
            // Issued in the future.
            (
                "iat ahead of now",
                case.status_token(&list(), URI, NOW + 3_600),
                |e| matches!(e, ListError::IssuedInFuture { .. }),
            ),
            // An identifier list where a status list is expected.
            (
                "the other kind of list",
                {
                    let mut ids = IdentifierList::new();
                    ids.insert(b"x".to_vec());
                    signer(&case.pki)
                        .sign_identifier_list(
                            &ids,
                            &params(URI, NOW),
                            provider,
                            &KeySigner::new(provider, case.pki.status_signer_key.clone()),
                        )
                        .unwrap()
                },
                |e| matches!(e, ListError::WrongType { .. }),
            ),
            ("not CBOR", vec![0xff, 0x00], |e| {
                matches!(e, ListError::Malformed(_))
            }),
        ];
        let response = case.response(Some(at_index(6)));
        for (what, token, expected) in bad {
            let verifier = case
                .verifier(lenient.clone())
                .with_status_resolver(tokens(&[(URI, token)]));
            match case.verify(&verifier, &response, NOW) {
                Err(VerifyErrorKind::Status(StatusError::List(e))) => {
                    assert!(expected(&e), "{what}: {e:?}")
                }
                other => panic!("{what}: {other:?}"),
            }
        }
    }
}

/// The MSO's `certificate` is the trust point when given: a list signed under the IACA
/// does not pass for an MSO that names another certificate.
#[test]
fn the_mso_certificate_is_the_trust_point_when_given() {
    for provider in providers() {
        let case = Case::new(provider);
        let other = TestPki::generate(provider, NOW).unwrap();
        let mut status = at_index(6);
        status.status_list.as_mut().unwrap().certificate = Some(other.iaca.der().to_vec());
        let verifier = case
            .verifier(case.policy())
            .with_status_resolver(tokens(&[(URI, case.status_token(&list(), URI, NOW))]));
        assert!(matches!(
            case.verify(&verifier, &case.response(Some(status)), NOW),
            Err(VerifyErrorKind::Status(StatusError::List(_)))
        ));
        // Named as the trust point, the issuer's own IACA works.
        let mut status = at_index(6);
        status.status_list.as_mut().unwrap().certificate = Some(case.pki.iaca.der().to_vec());
        assert_eq!(
            case.verify(&verifier, &case.response(Some(status)), NOW),
            Ok((StatusCheck::Valid, vec![]))
        );
    }
}

#[test]
fn the_policy_says_what_missing_unavailable_and_stale_mean() {
    for provider in providers() {
        let case = Case::new(provider);
        let with_status = case.response(Some(at_index(6)));
        let without = case.response(None);
        let expired = case.status_token(&list(), URI, NOW - 2 * 86_400);

        // The default: optional, as ISO/IEC 18013-5 has it.
        let optional = case.verifier(case.policy());
        assert_eq!(
            case.verify(&optional, &without, NOW),
            Ok((StatusCheck::NoStatus, vec![]))
        );
        assert_eq!(
            case.verify(&optional, &with_status, NOW),
            Ok((StatusCheck::Unavailable, vec![Finding::StatusUnavailable]))
        );
        let optional = case
            .verifier(case.policy())
            .with_status_resolver(tokens(&[(URI, expired.clone())]));
        assert_eq!(
            case.verify(&optional, &with_status, NOW),
            Ok((StatusCheck::Stale, vec![Finding::StatusStale]))
        );

        // Required for the mDL only: each unclear case is its own rejection.
        let mut policy = case.policy();
        policy.status.require(mdl::DOC_TYPE);
        let required = case.verifier(policy.clone());
        assert_eq!(
            case.verify(&required, &without, NOW),
            Err(VerifyErrorKind::Status(StatusError::Missing))
        );
        assert_eq!(
            case.verify(&required, &with_status, NOW),
            Err(VerifyErrorKind::Status(StatusError::Unavailable))
        );
        let required = case
            .verifier(policy.clone())
            .with_status_resolver(tokens(&[(URI, expired)]));
        assert_eq!(
            case.verify(&required, &with_status, NOW),
            Err(VerifyErrorKind::Status(StatusError::Stale))
        );
        // An unknown URI is unavailable.
        let elsewhere = case
            .verifier(policy.clone())
            .with_status_resolver(tokens(&[("https://elsewhere.example/1", vec![1])]));
        assert_eq!(
            case.verify(&elsewhere, &with_status, NOW),
            Err(VerifyErrorKind::Status(StatusError::Unavailable))
        );

        // A finding for a missing status, when asked.
        let mut policy = case.policy();
        policy.status.default.missing = StatusRule::AcceptWithFinding;
        assert_eq!(
            case.verify(&case.verifier(policy), &without, NOW),
            Ok((StatusCheck::NoStatus, vec![Finding::StatusMissing]))
        );
        // Another doctype's rules do not apply to the mDL.
        let mut policy = case.policy();
        policy.status.require("org.iso.23220.photoid.1");
        assert_eq!(
            case.verify(&case.verifier(policy), &without, NOW),
            Ok((StatusCheck::NoStatus, vec![]))
        );
    }
}

/// The cache: one resolution per list while fresh; after the ttl a new one, which shows a
/// revocation; when that fails, the stale copy answers (with its finding), and a stale
/// copy that lists the document is still a revocation.
#[test]
fn lists_are_cached_until_their_ttl_and_a_revocation_shows_after_it() {
    for provider in providers() {
        let case = Case::new(provider);
        let resolver: &'static Counting = Box::leak(Box::default());
        resolver
            .tokens
            .lock()
            .unwrap()
            .insert(URI, case.status_token(&list(), URI, NOW));
        let verifier = case.verifier(case.policy()).with_status_resolver(resolver);
        let response = case.response(Some(at_index(6)));
        for _ in 0..3 {
            assert_eq!(
                case.verify(&verifier, &response, NOW),
                Ok((StatusCheck::Valid, vec![]))
            );
        }
        assert_eq!(resolver.calls.load(Ordering::Relaxed), 1);
        let stats = verifier.lists().stats();
        assert_eq!((stats.misses, stats.hits), (1, 2));

        // The issuer revokes index 6 and publishes; within the ttl the cache still
        // answers, after it the new list does.
        let mut revoked = list();
        revoked.set(6, Status::Invalid).unwrap();
        let later = NOW + i64::try_from(TTL).unwrap() + 1;
        resolver
            .tokens
            .lock()
            .unwrap()
            .insert(URI, case.status_token(&revoked, URI, later - 10));
        assert_eq!(
            case.verify(&verifier, &response, NOW + 60),
            Ok((StatusCheck::Valid, vec![]))
        );
        assert_eq!(
            case.verify(&verifier, &response, later),
            Err(VerifyErrorKind::Status(StatusError::Revoked {
                list: ListKind::StatusList
            }))
        );
        assert_eq!(resolver.calls.load(Ordering::Relaxed), 2);

        // Past the new list's ttl the resolver fails: the stale copy still revokes.
        resolver.tokens.lock().unwrap().remove(URI);
        let much_later = later + i64::try_from(TTL).unwrap() + 1;
        assert_eq!(
            case.verify(&verifier, &response, much_later),
            Err(VerifyErrorKind::Status(StatusError::Revoked {
                list: ListKind::StatusList
            }))
        );
        // Another index of that stale list is valid, with the stale finding.
        let other = case.response(Some(at_index(5)));
        assert_eq!(
            case.verify(&verifier, &other, much_later),
            Ok((StatusCheck::Stale, vec![Finding::StatusStale]))
        );
    }
}

/// A cached list answers only for documents under the trust point it was verified
/// under: another issuer whose MSO names the same URI gets its own verification (and
/// fails it with this issuer's list).
#[test]
fn a_cached_list_does_not_answer_for_another_issuer() {
    for provider in providers() {
        let case = Case::new(provider);
        let other = Case {
            provider,
            pki: TestPki::generate(provider, NOW).unwrap(),
            transcript: case.transcript.clone(),
        };
        let mut trust = case.pki.trust_store();
        trust.add_iaca(other.pki.iaca.clone());
        let verifier = Verifier::new(trust, case.policy())
            .with_status_resolver(tokens(&[(URI, case.status_token(&list(), URI, NOW))]));
        assert_eq!(
            case.verify(&verifier, &case.response(Some(at_index(6))), NOW),
            Ok((StatusCheck::Valid, vec![]))
        );
        assert!(matches!(
            other.verify(&verifier, &other.response(Some(at_index(6))), NOW),
            Err(VerifyErrorKind::Status(StatusError::List(_)))
        ));
    }
}

/// The whole path over a real HTTP server on 127.0.0.1: the issuer publishes its token,
/// a verifier whose resolver is the `fetch` feature's `Fetcher` fetches it on its first
/// document and answers the next ones from its cache; once the server is gone, a new
/// verifier finds the status unavailable; a revocation published on the server shows
/// once the cached list's ttl has passed.
#[cfg(feature = "fetch")]
#[test]
fn a_fetcher_resolves_lists_from_a_loopback_server() {
    use iso18013::fetch::{FetchConfig, Fetcher, Publication, StatusServer};

    for provider in providers() {
        let case = Case::new(provider);
        let server = StatusServer::bind(0, Vec::new()).unwrap().spawn().unwrap();
        let uri = server.url("/status/1");
        let publish = |list: &StatusList, iat: i64| {
            server.publish(Publication::for_document(
                &uri,
                case.status_token(list, &uri, iat),
            ))
        };
        publish(&list(), NOW);
        let mut status = at_index(6);
        status.status_list.as_mut().unwrap().uri = uri.clone();
        let response = case.response(Some(status));
        // Loopback speaks plain HTTP: allowed only by the dangerous_ opt-in.
        let fetcher = || Fetcher::new(FetchConfig::default().dangerous_allow_http());
        let verifier = case.verifier(case.policy()).with_status_resolver(fetcher());
        for _ in 0..3 {
            assert_eq!(
                case.verify(&verifier, &response, NOW),
                Ok((StatusCheck::Valid, vec![]))
            );
        }
        assert_eq!(server.requests(), 1, "one fetch, then the cache");

        // HTTPS by default: the same verifier with a strict fetcher cannot get the list.
        let strict = case
            .verifier(case.policy())
            .with_status_resolver(Fetcher::new(FetchConfig::default()));
        assert_eq!(
            case.verify(&strict, &response, NOW),
            Ok((StatusCheck::Unavailable, vec![Finding::StatusUnavailable]))
        );

        // Revoked and republished: seen after the ttl.
        let mut revoked = list();
        revoked.set(6, Status::Invalid).unwrap();
        let later = NOW + i64::try_from(TTL).unwrap() + 1;
        publish(&revoked, later - 10);
        assert_eq!(
            case.verify(&verifier, &response, later),
            Err(VerifyErrorKind::Status(StatusError::Revoked {
                list: ListKind::StatusList
            }))
        );
        assert_eq!(server.requests(), 2);

        server.shutdown().unwrap();
        let fresh = case.verifier(case.policy()).with_status_resolver(fetcher());
        assert_eq!(
            case.verify(&fresh, &response, later),
            Ok((StatusCheck::Unavailable, vec![Finding::StatusUnavailable]))
        );
    }
}
