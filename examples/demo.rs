//! The whole flow in one process: an issuer issues an mDL to a wallet; the wallet shows
//! its engagement as a QR code; a reader scans it and sends an encrypted, reader-
//! authenticated request; the holder consents to a subset; the reader verifies the
//! response; a second request is answered with a MAC; the session ends.
//!
//! `cargo run --features json,qr --example demo`
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::time::Instant;

use iso18013::cbor::{TDate, Value};
use iso18013::crypto::{EcCurve, EcPrivateKey, SystemRandom, default_provider};
use iso18013::doctype::{Registry, mdl};
use iso18013::engagement::{BleMode, BleOptions, DeviceRetrievalMethod, random_service_uuid};
use iso18013::holder::{
    Consent, DeviceAuthChoice, HolderEngagement, Next, ReaderIdentity, WalletDocument,
};
use iso18013::issuer::{IssueError, Issuer, KeySigner, MdocBuilder, Validity, cose_key_from_sec1};
use iso18013::json::to_json;
use iso18013::reader::{Reader, ReaderAuthentication};
use iso18013::request::ItemsRequest;
use iso18013::verify::{Answer, ElementOutcome, Policy};
use iso18013::x509::{TrustStore, generate};

type Error = Box<dyn core::error::Error>;

fn show(answer: &Answer) {
    // Authentic, and compared with what was asked.
    for asked in &answer.comparison().requests {
        for document in &asked.documents {
            let missing: Vec<String> = document
                .elements
                .iter()
                .filter(|e| !matches!(e.outcome, ElementOutcome::Returned(_)))
                .map(|e| format!("{} ({})", e.identifier, e.outcome.name()))
                .collect();
            println!("   complete    {}", missing.is_empty());
            if !missing.is_empty() {
                println!("   not given   {}", missing.join(", "));
            }
        }
    }
    for doc in answer.authentic().documents() {
        let mut elements = serde_json::Map::new();
        for (_, items) in doc.issuer_signed() {
            for (id, value) in items {
                elements.insert(id.clone(), to_json(value));
            }
        }
        println!("   docType     {}", doc.doc_type());
        println!("   elements    {}", serde_json::Value::Object(elements));
        println!("   device auth {:?}", doc.device_auth());
        println!(
            "   signed by   {} under {}",
            doc.chain().leaf().subject(),
            doc.chain().anchor().subject()
        );
        println!("   valid until {}", doc.validity().valid_until);
    }
}

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
        not_after: now + 365 * day,
        issuer_alt_name: Some(generate::AltName::Uri("https://dmv.utopia.example")),
        crl_distribution_point: Some("https://dmv.utopia.example/crl"),
    };

    println!("== 1. The issuer (Utopia DMV) signs an mDL for the wallet's device key");
    let (iaca_key, ds_key, device_key) = (key(&mut rng)?, key(&mut rng)?, key(&mut rng)?);
    let iaca = generate::iaca(provider, &iaca_key, &params("Utopia IACA"), &mut rng)?;
    let ds = generate::document_signer(
        provider,
        &iaca_key,
        &iaca,
        &public(&ds_key)?,
        EcCurve::P256,
        &params("Utopia DS"),
        &mut rng,
    )?;
    let device_cose_key = cose_key_from_sec1(EcCurve::P256, &public(&device_key)?)
        .ok_or(IssueError::InvalidDeviceKey)?;
    let validity = Validity::new(
        TDate::from_unix_seconds(now)?,
        TDate::from_unix_seconds(now)?,
        TDate::from_unix_seconds(now + 180 * day)?,
    );
    let mdoc = MdocBuilder::with_required(mdl::DOC_TYPE, device_cose_key, validity)
        .element(mdl::NAME_SPACE, "family_name", Value::from("Doe"))
        .element(mdl::NAME_SPACE, "given_name", Value::from("Jane"))
        .element(
            mdl::NAME_SPACE,
            "birth_date",
            Value::Tag(1004, Box::new(Value::from("1990-05-01"))),
        )
        .element(mdl::NAME_SPACE, "issuing_country", Value::from("UT"))
        .element(mdl::NAME_SPACE, "age_over_18", Value::Bool(true))
        .element(mdl::NAME_SPACE, "age_over_21", Value::Bool(true));
    // Six elements for the demonstration; a real mDL has the eleven mandatory ones, which
    // the issuer otherwise insists on (see examples/passport.rs for a whole document).
    let issued = Issuer::new(vec![ds.der().to_vec()])
        .with_doctypes(Registry::builtin().all_optional())
        .issue(mdoc, provider, &KeySigner::new(provider, ds_key), &mut rng)?;
    println!(
        "   6 elements, each salted and digested into the MSO, signed by {}",
        ds.subject()
    );
    let wallet = vec![WalletDocument { issued, device_key }];

    println!("== 2. The wallet shows its engagement (BLE, both modes, a fresh service UUID)");
    let methods = vec![DeviceRetrievalMethod::ble(BleOptions::both(
        random_service_uuid(&mut rng)?,
    ))];
    let holder = HolderEngagement::new(provider, methods, &mut rng)?;
    let uri = holder.uri();
    print_qr(&uri);
    println!("   {uri}");

    println!(
        "== 3. A reader (trusting the IACA, authenticated by its own certificate) scans and asks"
    );
    let (root_key, reader_key) = (key(&mut rng)?, key(&mut rng)?);
    let root = generate::reader_root(provider, &root_key, &params("Utopia reader root"), &mut rng)?;
    let reader_cert = generate::reader(
        provider,
        &root_key,
        &root,
        &public(&reader_key)?,
        EcCurve::P256,
        &params("Bar at the corner"),
        &mut rng,
    )?;
    let mut trust = TrustStore::new();
    trust.add_iaca(iaca);
    let policy = Policy::new(provider);
    let reader = Reader::new(trust, policy.clone()).with_reader_authentication(
        ReaderAuthentication::new(reader_key, vec![reader_cert.der().to_vec()]),
    );
    let ask = |ids: &[(&str, bool)]| {
        ids.iter()
            .fold(ItemsRequest::new(mdl::DOC_TYPE), |ask, (id, keep)| {
                ask.element(mdl::NAME_SPACE, id, *keep)
            })
    };
    let engaged = reader.scan(&uri)?;
    if let Some(ble) = engaged.choose_ble(&[BleMode::PeripheralServer, BleMode::CentralClient]) {
        let u = hex::encode(ble.service_uuid);
        println!(
            "   would connect over BLE in {:?} mode to service {u}",
            ble.mode
        );
    }
    let (awaiting, establishment) = engaged.request(
        vec![ask(&[
            ("given_name", false),
            ("family_name", false),
            ("age_over_18", false),
            ("portrait", false),
        ])],
        &mut rng,
    )?;
    println!(
        "   SessionEstablishment: {} bytes, encrypted",
        establishment.len()
    );

    println!("== 4. The wallet decrypts the request and checks who is asking");
    let mut reader_roots = TrustStore::new();
    reader_roots.add_reader_root(root);
    let received = holder.accept(&establishment, &reader_roots, &policy, now)?;
    for doc in received.requested() {
        let who = match &doc.reader {
            ReaderIdentity::Verified(r) => format!("verified: {}", r.chain().leaf().subject()),
            ReaderIdentity::Unauthenticated => "not authenticated".to_string(),
            ReaderIdentity::Failed(e) => format!("failed: {e}"),
        };
        println!(
            "   {} asks for {} ({who})",
            doc.doc_type,
            list(&doc.elements)
        );
    }
    println!("   the holder consents to given_name and age_over_18 only");
    let consent = |ids: &[&str]| {
        vec![Consent {
            doc_type: mdl::DOC_TYPE.to_string(),
            elements: (
                mdl::NAME_SPACE.to_string(),
                ids.iter().map(|s| s.to_string()).collect(),
            )
                .into(),
        }]
    };
    let (next, session_data) = received.respond(
        &consent(&["given_name", "age_over_18"]),
        &wallet,
        DeviceAuthChoice::Signature,
    )?;

    println!("== 5. The reader decrypts and verifies the response");
    let (verified, responded) = awaiting.receive(&session_data, now)?;
    show(&verified);

    println!("== 6. A second request on the same session, answered with a device MAC");
    let (awaiting, request) = responded.request_more(vec![ask(&[("age_over_21", false)])])?;
    let Next::Request(received) = next.receive(&request, &reader_roots, &policy, now)? else {
        return Err("the session ended early".into());
    };
    let (next, session_data) =
        received.respond(&consent(&["age_over_21"]), &wallet, DeviceAuthChoice::Mac)?;
    let (verified, responded) = awaiting.receive(&session_data, now)?;
    show(&verified);

    println!("== 7. The reader ends the session");
    let end = responded.terminate();
    if let Next::Ended = next.receive(&end, &reader_roots, &policy, now)? {
        println!("   the wallet saw status 20: session terminated");
    }
    println!(
        "== done in {} ms ({} backend)",
        started.elapsed().as_millis(),
        provider.name()
    );
    Ok(())
}

fn list(elements: &[(String, Vec<(String, bool)>)]) -> String {
    elements
        .iter()
        .flat_map(|(_, ids)| {
            ids.iter().map(|(id, keep)| {
                if *keep {
                    format!("{id} (retain)")
                } else {
                    id.clone()
                }
            })
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// The QR code in the terminal (half blocks; light modules drawn, for dark backgrounds).
fn print_qr(uri: &str) {
    match iso18013::qr::QrCode::new(uri) {
        Ok(code) => print!("{}", code.to_terminal()),
        Err(e) => println!("   (no QR code: {e})"),
    }
}
