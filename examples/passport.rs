//! An electronic passport, end to end, as an issuer's engineer builds it.
//!
//! The Republic of Utopia issues its citizens a passport online, as an ISO/IEC 23220
//! PhotoID mdoc (`org.iso.23220.photoid.1`) in their wallet:
//!
//! 1. The issuing authority's PKI: its root (IACA) and a document signer.
//! 2. The national profile: PhotoID plus Utopia's own namespace (the passport's series
//!    and the issuing office), declared at run time and validated like the built-in tables.
//! 3. The citizen's upload: a phone photo with GPS and camera metadata, checked by a real
//!    decoder and stripped without re-encoding; fingerprints and irises as the eMRTD data
//!    groups DG3 and DG4, their ICAO structure checked.
//! 4. Issuing: claims held to the tables, age attestations derived at validFrom, one
//!    signature by the document signer.
//! 5. Border control, which trusts Utopia's root through a VICAL (a signed list of
//!    issuing authorities) and requires a current revocation status for passports, asks,
//!    reader-authenticated, for identity, portrait and document number, and gets them.
//! 6. A shop asks only whether the holder is 18, and learns nothing else.
//! 7. The passport is reported lost: the office suspends it in its status list and
//!    publishes the list; border control's next check refuses it as suspended.
//! 8. The passport is cancelled: revoked, published, refused as revoked.
//!
//! `cargo run --example passport` publishes the status list in memory; with
//! `--features fetch` it is served over HTTP on 127.0.0.1 and border control fetches it.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::borrow::Cow;
use std::sync::Arc;
use std::time::Instant;

use iso18013::cbor::{FullDate, TDate, Value};
use iso18013::crypto::{EcCurve, EcPrivateKey, SystemRandom, default_provider};
use iso18013::doctype::{Constraint, Element, ElementType, NameSpace, Registry, photoid};
use iso18013::emrtd::{DataGroup, parse_data_group};
use iso18013::engagement::{BleOptions, DeviceRetrievalMethod, random_service_uuid};
use iso18013::exchange::ExchangeError;
use iso18013::holder::{
    Consent, DeviceAuthChoice, HolderEngagement, ReaderIdentity, RequestReceived, WalletDocument,
};
use iso18013::issuer::{Issuer, KeySigner, MdocBuilder, Validity};
use iso18013::mso::{self, StatusListInfo};
use iso18013::portrait::{Portrait, PortraitLimits, metadata};
use iso18013::present::Selection;
use iso18013::reader::{Reader, ReaderAuthentication};
use iso18013::request::ItemsRequest;
use iso18013::status::{IndexAllocator, ListSigner, Status, StatusList, TokenParams};
use iso18013::verify::{Answer, ElementOutcome, Policy, Signer, Verifier};
use iso18013::vical::{CertificateInfo, SignedVical, Vical};
use iso18013::x509::{Certificate, TrustStore, generate};

type Error = Box<dyn core::error::Error>;

/// Utopia's own namespace beside PhotoID's.
const NATIONAL: &str = "org.iso.23220.photoid.1.UT";

/// What the citizen's phone uploaded, and the chip-format biometrics the enrolment office
/// captured (test data: see test-vectors/portraits/ and test-vectors/emrtd/).
const UPLOAD: &[u8] = include_bytes!("../test-vectors/portraits/with-metadata.jpg");
const DG3_FINGERPRINTS: &[u8] = include_bytes!("../test-vectors/emrtd/dg3.bin");
const DG4_IRISES: &[u8] = include_bytes!("../test-vectors/emrtd/dg4.bin");

fn main() -> Result<(), Error> {
    let started = Instant::now();
    let provider = default_provider();
    let mut rng = SystemRandom(provider);
    let now = iso18013::now();
    let day = 86_400;
    let key = |rng: &mut SystemRandom<'_>| provider.ec_generate(EcCurve::P256, rng);
    let public = |k: &EcPrivateKey| provider.ec_public_key(k);
    let params = |cn| generate::CertificateParams {
        common_name: cn,
        country: "UT",
        state: None,
        not_before: now - day,
        not_after: now + 3 * 365 * day,
        issuer_alt_name: Some(generate::AltName::Uri("https://passports.utopia.example")),
        crl_distribution_point: Some("https://passports.utopia.example/crl"),
    };

    println!("== 1. The passport office's PKI: an IACA root, a document signer, a status signer");
    let (iaca_key, ds_key, status_key) = (key(&mut rng)?, key(&mut rng)?, key(&mut rng)?);
    let iaca = generate::iaca(
        provider,
        &iaca_key,
        &params("Utopia Passport IACA"),
        &mut rng,
    )?;
    let ds = generate::document_signer(
        provider,
        &iaca_key,
        &iaca,
        &public(&ds_key)?,
        EcCurve::P256,
        &params("Utopia Passport DS 1"),
        &mut rng,
    )?;
    let status_signer = generate::status_list_signer(
        provider,
        &iaca_key,
        &iaca,
        &public(&status_key)?,
        EcCurve::P256,
        &params("Utopia Passport Status 1"),
        &mut rng,
    )?;
    println!(
        "   {} certifies {} and {}",
        iaca.subject(),
        ds.subject(),
        status_signer.subject()
    );

    println!("== 2. The national profile: PhotoID and Utopia's namespace");
    let national = NameSpace::new(NATIONAL)
        .with_element(
            Element::new("document_series", ElementType::Text)
                .mandatory()
                .with_constraint(Constraint::Digits(4)),
        )
        .with_element(
            Element::named(Cow::Borrowed("issuing_office"), ElementType::Text)
                .with_constraint(Constraint::OneOf(&["CAPITAL", "NORTH", "SOUTH"])),
        )
        .closed();
    let mut doctypes = Registry::builtin();
    doctypes.register(photoid::DESCRIPTOR.with_name_space(national));
    let profile = doctypes
        .get(photoid::DOC_TYPE)
        .ok_or("PhotoID is built in")?;
    println!(
        "   {}: {} namespaces, {} mandatory elements, checks {:?}",
        profile.doc_type(),
        profile.name_spaces().len(),
        profile.mandatory().count(),
        profile
            .checks()
            .iter()
            .map(|c| c.name())
            .collect::<Vec<_>>()
    );

    println!("== 3. The citizen's upload and biometrics");
    let found = metadata(UPLOAD)?;
    println!(
        "   upload: {} bytes of {}, GPS position inside: {}",
        UPLOAD.len(),
        found.format,
        found.has_gps()
    );
    let portrait = Portrait::accept(UPLOAD, &PortraitLimits::default())?;
    let (width, height) = portrait.dimensions();
    for block in portrait.removed() {
        println!("   removed {} ({} bytes)", block.kind, block.len);
    }
    println!(
        "   signed portrait: {width}x{height} {}, {} bytes, nothing but the image",
        portrait.format(),
        portrait.bytes().len()
    );
    for (group, bytes) in [
        (DataGroup::Dg3, DG3_FINGERPRINTS),
        (DataGroup::Dg4, DG4_IRISES),
    ] {
        let parsed = parse_data_group(bytes, group)?;
        println!(
            "   {}: {} bytes, {} biometric template(s), ICAO structure checked",
            group.element_identifier(),
            bytes.len(),
            parsed.templates.len()
        );
    }

    println!("== 4. Issuing: claims held to the tables, ages derived, one signature");
    let device_key = key(&mut rng)?; // in real life, generated in the wallet's secure area
    let birth = FullDate::parse("2008-03-02")?;
    let validity = Validity::new(
        TDate::from_unix_seconds(now)?,
        TDate::from_unix_seconds(now)?,
        TDate::from_unix_seconds(now + 365 * day)?,
    );
    let (common, own, groups) = (
        photoid::NAME_SPACE,
        photoid::PHOTOID_NAME_SPACE,
        photoid::DATAGROUPS_NAME_SPACE,
    );
    let birth_date = photoid::BirthDate::from_text("2008-03-02").ok_or("a date")?;
    // The passport's place in the office's status list: a random free index (2 bits per
    // passport: valid, revoked, suspended), at a URI every verifier can fetch.
    let distribution = distribution::Point::start()?;
    let status_uri = distribution.uri("/passports/status/1");
    let mut list = StatusList::new(2, 100_000)?;
    let mut allocated = IndexAllocator::for_list(&list);
    let index = allocated.allocate(&mut rng)?;
    let status = mso::Status {
        status_list: Some(StatusListInfo {
            idx: index,
            uri: status_uri.clone(),
            certificate: None,
            rest: Vec::new(),
        }),
        ..mso::Status::default()
    };
    let mdoc =
        MdocBuilder::with_required(photoid::DOC_TYPE, device_key.public_cose_key()?, validity)
            .element(common, "family_name", Value::from("Ørsted"))
            .element(common, "given_name", Value::from("Karen Blixen"))
            .element(common, "birth_date", birth_date.to_value())
            .element(common, "sex", Value::from(2u64))
            .element(common, "nationality", Value::from("UT"))
            .element(common, "portrait", Value::Bytes(portrait.into_bytes()))
            .element(common, "issue_date", date(now)?)
            .element(common, "expiry_date", date(now + 10 * 365 * day)?)
            .element(
                common,
                "issuing_authority",
                Value::from("Passport Office of Utopia"),
            )
            .element(common, "issuing_country", Value::from("UT"))
            .element(common, "document_number", Value::from("UT1234567"))
            .age_attestations(common, &birth, &[14, 18])?
            .element(own, "travel_document_type", Value::from("P"))
            .element(groups, "dg3", Value::Bytes(DG3_FINGERPRINTS.to_vec()))
            .element(groups, "dg4", Value::Bytes(DG4_IRISES.to_vec()))
            .element(NATIONAL, "document_series", Value::from("4471"))
            .element(NATIONAL, "issuing_office", Value::from("CAPITAL"))
            .status(status);
    let issuer = Issuer::from_certificates(core::slice::from_ref(&ds))?.with_doctypes(doctypes);
    let issued = issuer.issue(mdoc, provider, &KeySigner::new(provider, ds_key), &mut rng)?;
    let mso = issued.issuer_auth.mso();
    let signed: usize = mso.value_digests.iter().map(|(_, d)| d.len()).sum();
    println!(
        "   {} elements salted and digested, valid from {} until {}",
        signed, mso.validity_info.valid_from, mso.validity_info.valid_until
    );
    let wallet = vec![WalletDocument { issued, device_key }];
    // The list, signed by the status signer and published: verifiers may keep it for its
    // ttl, so a cancellation reaches every one of them within five minutes.
    let ttl = 300;
    let lists = ListSigner::from_certificates(core::slice::from_ref(&status_signer))?;
    let status_signer_key = KeySigner::new(provider, status_key);
    let publish = |list: &StatusList, at: i64| -> Result<usize, Error> {
        let params = TokenParams {
            uri: status_uri.clone(),
            iat: at,
            exp: at + day,
            ttl: Some(ttl),
            aggregation_uri: None,
        };
        let token = lists.sign_status_list(list, &params, provider, &status_signer_key)?;
        distribution.publish(&status_uri, token.clone());
        Ok(token.len())
    };
    let published = publish(&list, now)?;
    println!(
        "   status: index {index} of {} in {status_uri} ({published}-byte token, {})",
        list.len(),
        distribution::HOW
    );

    let mut issuing_roots = TrustStore::new();
    issuing_roots.add_iaca(iaca.clone());
    let policy = Policy::new(provider);

    println!("== 5. Border control: trust from a VICAL, status required, reader-authenticated");
    // A trust list provider vouches for Utopia's root, for passports only.
    let (provider_key, vical_key) = (key(&mut rng)?, key(&mut rng)?);
    let provider_root = generate::provider_root(
        provider,
        &provider_key,
        &params("Utopia Trust List Root"),
        &mut rng,
    )?;
    let vical_signer = generate::vical_signer(
        provider,
        &provider_key,
        &provider_root,
        &public(&vical_key)?,
        EcCurve::P256,
        &params("Utopia Trust List Signer"),
        "Utopia Trust List Service",
        &mut rng,
    )?;
    let vical = Vical::new(
        "Utopia Trust List Service",
        TDate::from_unix_seconds(now)?,
        vec![CertificateInfo::for_certificate(&iaca, [photoid::DOC_TYPE])],
    );
    let vical = SignedVical::sign(
        vical,
        vec![vical_signer.der().to_vec()],
        &KeySigner::new(provider, vical_key),
        provider,
    )?
    .to_cbor();
    // Border control receives the VICAL's bytes and holds only the provider's root.
    let verified_vical = SignedVical::from_cbor(&vical)?.verify(
        core::slice::from_ref(&provider_root),
        provider,
        now,
    )?;
    println!(
        "   a {}-byte VICAL from {} vouches for {} root(s): {}",
        vical.len(),
        verified_vical.list().vical_provider,
        verified_vical.certificates().count(),
        verified_vical
            .entries()
            .map(|(info, cert)| format!("{} for {:?}", subject(cert), info.doc_type))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let mut border_policy = Policy::new(provider);
    border_policy.status.require(photoid::DOC_TYPE);
    let border_verifier = Arc::new(
        Verifier::new(verified_vical.trust_store(), border_policy)
            .with_status_resolver(distribution.resolver()),
    );
    let (border_root_key, border_key) = (key(&mut rng)?, key(&mut rng)?);
    let border_root = generate::reader_root(
        provider,
        &border_root_key,
        &params("Utopia Border Root"),
        &mut rng,
    )?;
    let border_cert = generate::reader(
        provider,
        &border_root_key,
        &border_root,
        &public(&border_key)?,
        EcCurve::P256,
        &params("Border Control, Gate 4"),
        &mut rng,
    )?;
    let border = Reader::from_verifier(Arc::clone(&border_verifier)).with_reader_authentication(
        ReaderAuthentication::new(border_key, vec![border_cert.der().to_vec()]),
    );
    let passport_check = || {
        ItemsRequest::new(photoid::DOC_TYPE)
            .elements(
                common,
                [
                    "family_name",
                    "given_name",
                    "birth_date",
                    "nationality",
                    "portrait",
                    "document_number",
                    "expiry_date",
                ],
            )
            .element(NATIONAL, "document_series", false)
    };
    // The wallet trusts readers certified by its country's border root.
    let mut reader_roots = TrustStore::new();
    reader_roots.add_reader_root(border_root);
    let answer = exchange(
        &border,
        passport_check(),
        &wallet,
        &reader_roots,
        &policy,
        now,
        &mut rng,
    )?;
    show(&answer);

    println!("== 6. A shop (no reader certificate) asks only: over 18?");
    let shop = Reader::new(issuing_roots, policy.clone());
    let asked = ItemsRequest::new(photoid::DOC_TYPE).element(common, "age_over_18", false);
    let answer = exchange(&shop, asked, &wallet, &reader_roots, &policy, now, &mut rng)?;
    show(&answer);

    // The office changes the passport's entry and publishes; border control's cached
    // list lasts its ttl, then its next check fetches the new one.
    for (act, what, status) in [
        (7, "reported lost: suspended", Status::Suspended),
        (8, "cancelled: revoked", Status::Invalid),
    ] {
        let at = now + i64::try_from(ttl)? * (act - 6) + 1;
        println!("== {act}. The passport is {what}; border control checks it again after the ttl");
        list.set(index, status)?;
        publish(&list, at - 1)?;
        match exchange(
            &border,
            passport_check(),
            &wallet,
            &reader_roots,
            &policy,
            at,
            &mut rng,
        ) {
            Ok(answer) => return Err(format!("accepted: {:?}", answer.is_complete()).into()),
            Err(error) => match error.downcast_ref::<ExchangeError>() {
                Some(ExchangeError::Verify(refused)) => {
                    println!("   refused: {} ({})", refused.kind.name(), refused.kind)
                }
                _ => return Err(error),
            },
        }
    }
    let lists = border_verifier.lists().stats();
    println!(
        "   border control's list cache: {} fetch(es), {} answer(s) from memory",
        lists.misses + lists.stale_hits,
        lists.hits
    );

    println!(
        "== done in {} ms ({} backend)",
        started.elapsed().as_millis(),
        provider.name()
    );
    Ok(())
}

/// One in-person exchange: the wallet shows its engagement, `reader` asks for `asked`,
/// the holder sees who asks and consents to exactly what was asked, the reader verifies.
fn exchange(
    reader: &Reader,
    asked: ItemsRequest,
    wallet: &[WalletDocument],
    reader_roots: &TrustStore,
    policy: &Policy,
    now: i64,
    rng: &mut SystemRandom<'_>,
) -> Result<Answer, Error> {
    let provider = default_provider();
    let methods = vec![DeviceRetrievalMethod::ble(BleOptions::both(
        random_service_uuid(rng)?,
    ))];
    let holder = HolderEngagement::new(provider, methods, rng)?;
    let (awaiting, establishment) = reader.scan(&holder.uri())?.request(vec![asked], rng)?;
    let received = holder.accept(&establishment, reader_roots, policy, now)?;
    let consent = consent_to_all(&received);
    let (_, session_data) = received.respond(&consent, wallet, DeviceAuthChoice::Signature)?;
    let (answer, _) = awaiting.receive(&session_data, now)?;
    Ok(answer)
}

/// The holder's consent: everything asked, after seeing who asks.
fn consent_to_all(received: &RequestReceived) -> Vec<Consent> {
    received
        .requested()
        .iter()
        .map(|doc| {
            let who = match &doc.reader {
                ReaderIdentity::Verified(r) => subject(r.chain().leaf()),
                ReaderIdentity::Unauthenticated => "an unauthenticated reader".into(),
                ReaderIdentity::Failed(e) => format!("a reader that failed authentication ({e})"),
            };
            println!(
                "   the wallet shows: {who} asks for {}",
                names(&doc.elements)
            );
            Consent {
                doc_type: doc.doc_type.clone(),
                elements: Selection::from_elements(doc.elements.iter().flat_map(|(ns, ids)| {
                    ids.iter().map(move |(id, _)| (ns.as_str(), id.as_str()))
                })),
            }
        })
        .collect()
}

/// What the reader verified: each element asked, whether it came and who signed it, and
/// anything given unasked.
fn show(answer: &Answer) {
    println!("   complete: {}", answer.is_complete());
    for document in answer.authentic().documents() {
        println!(
            "   {} signed by {} under {}",
            document.doc_type(),
            subject(document.chain().leaf()),
            subject(document.chain().anchor())
        );
        let disclosed: Vec<&str> = document
            .issuer_signed()
            .iter()
            .flat_map(|(_, items)| items.iter().map(|(id, _)| id.as_str()))
            .collect();
        println!(
            "   disclosed {} element(s): {}",
            disclosed.len(),
            disclosed.join(", ")
        );
        println!("   revocation status: {:?}", document.status_check());
        for finding in document.findings() {
            println!("   finding: {finding:?}");
        }
        for finding in document.doctype_findings() {
            println!("   finding: {finding}");
        }
    }
    for asked in &answer.comparison().requests {
        for document in &asked.documents {
            for element in &document.elements {
                let value = answer
                    .authentic()
                    .documents()
                    .get(document.document)
                    .and_then(|d| d.element(&element.name_space, &element.identifier))
                    .map(short)
                    .unwrap_or_default();
                let how = match element.outcome {
                    ElementOutcome::Returned(signer) => format!("{} {value}", by(signer)),
                    ElementOutcome::Attested { age_over, signer } => {
                        format!("answered by age_over_{age_over:02} {}", by(signer))
                    }
                    other => other.name().to_string(),
                };
                println!("     {:<16} {how}", element.identifier);
            }
            println!("     given unasked: {}", document.unrequested.len());
        }
    }
}

fn by(signer: Signer) -> &'static str {
    match signer {
        Signer::Issuer => "[issuer-signed]",
        Signer::Device => "[device-signed]",
        _ => "[issuer- and device-signed]",
    }
}

/// A value in a line: text quoted, dates plain, byte strings by their size.
fn short(value: &Value) -> String {
    match value {
        Value::Text(t) => format!("{t:?}"),
        Value::Bytes(b) => format!("<{} bytes>", b.len()),
        Value::Tag(1004 | 0, inner) => inner.as_text().unwrap_or_default().to_string(),
        Value::Map(entries) => entries
            .iter()
            .map(|(k, v)| format!("{}: {}", k.as_text().unwrap_or("?"), short(v)))
            .collect::<Vec<_>>()
            .join(", "),
        Value::Bool(b) => b.to_string(),
        other => format!("{other:?}"),
    }
}

fn subject(certificate: &Certificate) -> String {
    certificate
        .subject_common_name()
        .unwrap_or(certificate.subject())
        .to_string()
}

fn names(elements: &[(String, Vec<(String, bool)>)]) -> String {
    elements
        .iter()
        .flat_map(|(_, ids)| ids.iter().map(|(id, _)| id.as_str()))
        .collect::<Vec<_>>()
        .join(", ")
}

fn date(unix_seconds: i64) -> Result<Value, Error> {
    let day = TDate::from_unix_seconds(unix_seconds)?;
    Ok(Value::from(FullDate::parse(
        day.as_str().get(..10).unwrap_or_default(),
    )?))
}

/// Where the passport office publishes its status list. With the `fetch` feature: an HTTP
/// server on 127.0.0.1 (plain HTTP, so the verifier opts in with `dangerous_allow_http`;
/// a real office serves HTTPS), fetched by `iso18013::fetch::Fetcher`.
#[cfg(feature = "fetch")]
mod distribution {
    use iso18013::fetch::{FetchConfig, Fetcher, Publication, RunningServer, StatusServer};

    pub(crate) const HOW: &str = "served over HTTP on 127.0.0.1";

    pub(crate) struct Point(RunningServer);

    impl Point {
        pub(crate) fn start() -> Result<Self, super::Error> {
            Ok(Self(StatusServer::bind(0, Vec::new())?.spawn()?))
        }

        pub(crate) fn uri(&self, path: &str) -> String {
            self.0.url(path)
        }

        pub(crate) fn publish(&self, uri: &str, token: Vec<u8>) {
            self.0.publish(Publication::for_document(uri, token));
        }

        pub(crate) fn resolver(&self) -> Fetcher {
            Fetcher::new(FetchConfig::default().dangerous_allow_http())
        }
    }
}

/// Where the passport office publishes its status list. Without the `fetch` feature: a
/// shared store standing in for the office's web server (run with `--features fetch` for
/// a real one).
#[cfg(not(feature = "fetch"))]
mod distribution {
    use std::sync::{Arc, Mutex, PoisonError};

    use iso18013::status::{ListKind, ResolveError, StatusResolver, StatusTokens};

    pub(crate) const HOW: &str = "published in memory; --features fetch serves it over HTTP";

    #[derive(Clone, Default)]
    pub(crate) struct Point(Arc<Mutex<StatusTokens>>);

    impl Point {
        pub(crate) fn start() -> Result<Self, super::Error> {
            Ok(Self::default())
        }

        pub(crate) fn uri(&self, path: &str) -> String {
            format!("https://passports.utopia.example{path}")
        }

        pub(crate) fn publish(&self, uri: &str, token: Vec<u8>) {
            self.0
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .insert(uri, token);
        }

        pub(crate) fn resolver(&self) -> Self {
            self.clone()
        }
    }

    impl StatusResolver for Point {
        fn resolve(&self, uri: &str, kind: ListKind) -> Result<Vec<u8>, ResolveError> {
            self.0
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .resolve(uri, kind)
        }
    }
}
