//! Reads an mDL from a phone over Bluetooth Low Energy, as the mdoc reader in mdoc
//! peripheral server mode (the reader is the BLE central), and prints the verified result.
//!
//! ```text
//! cargo run --features ble,json --example reader_ble -- --trust IACA.pem [--trust ...] \
//!     [--elements family_name,given_name,portrait,...] [--reader-key K.pem --reader-cert C.pem] \
//!     (mdoc:URI | -)
//! ```
//!
//! The URI is the text of the holder's QR code; `-` reads it from standard input (as a QR
//! scanner prints it). The output is JSON on stdout: the disclosed elements of each
//! verified document. Exit 0 verified, 1 rejected, 2 usage or transport failure.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::io::Read as _;
use std::process::ExitCode;

use clap::Parser;
use iso18013::crypto::{SystemRandom, default_provider};
use iso18013::doctype::mdl;
use iso18013::exchange::ExchangeError;
use iso18013::json::to_json;
use iso18013::reader::{Reader, ReaderAuthentication};
use iso18013::request::ItemsRequest;
use iso18013::transport::ble_central::{
    BleCentralError, Timeouts, first_adapter, read_from_peripheral,
};
use iso18013::verify::Policy;
use iso18013::x509::{Certificate, TrustStore, key::ec_private_key_from_pem};
use serde_json::{Map, Value as Json, json};

const DEFAULT_ELEMENTS: &str = "family_name,given_name,birth_date,issue_date,expiry_date,issuing_country,document_number,portrait,age_over_18";

/// Reads an mDL from a phone over BLE (the reader in mdoc peripheral server mode) and
/// prints the verified result as JSON: exit 0 verified, 1 rejected, 2 usage or transport failure.
#[derive(Parser)]
#[command(name = "reader_ble", args_override_self = true)]
struct Args {
    /// Trusted IACA certificates (PEM); repeat for more files
    #[arg(long, value_name = "IACA.pem", required = true)]
    trust: Vec<String>,
    /// mDL elements to request, comma-separated
    #[arg(long, value_name = "LIST", default_value = DEFAULT_ELEMENTS)]
    elements: String,
    /// Reader authentication: the reader's private key (PEM; with --reader-cert)
    #[arg(long = "reader-key", value_name = "FILE")]
    reader_key: Option<String>,
    /// Reader authentication: the reader's certificate chain (PEM; with --reader-key)
    #[arg(long = "reader-cert", value_name = "FILE")]
    reader_cert: Option<String>,
    /// The text of the holder's QR code (mdoc:...), or - to read it from standard input
    #[arg(value_name = "URI")]
    uri: String,
}

fn read(path: &str) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| format!("{path}: {e}"))
}

fn setup(args: &Args) -> Result<(Reader, ItemsRequest, String), String> {
    let provider = default_provider();
    let mut trust = TrustStore::new();
    for path in &args.trust {
        trust
            .add_iaca_pem(&read(path)?)
            .map_err(|e| format!("{path}: {e}"))?;
    }
    if trust.is_empty() {
        return Err("give the issuers' roots with --trust IACA.pem".into());
    }
    let mut reader = Reader::new(trust, Policy::new(provider));
    if let (Some(key), Some(cert)) = (&args.reader_key, &args.reader_cert) {
        let key = ec_private_key_from_pem(&read(key)?).map_err(|e| format!("{key}: {e}"))?;
        let chain: Vec<Vec<u8>> = Certificate::from_pem(&read(cert)?)
            .map_err(|e| format!("{cert}: {e}"))?
            .iter()
            .map(|c| c.der().to_vec())
            .collect();
        reader = reader.with_reader_authentication(ReaderAuthentication::new(key, chain));
    }
    let elements = &args.elements;
    let request = ItemsRequest::new(mdl::DOC_TYPE).elements(
        mdl::NAME_SPACE,
        elements.split(',').filter(|e| !e.is_empty()),
    );
    let uri = if args.uri == "-" {
        let mut text = String::new();
        std::io::stdin()
            .read_to_string(&mut text)
            .map_err(|e| format!("stdin: {e}"))?;
        text.trim().to_string()
    } else {
        args.uri.clone()
    };
    Ok((reader, request, uri))
}

fn main() -> ExitCode {
    // clap exits 2 on a usage error, 0 after --help.
    let (reader, request, uri) = match setup(&Args::parse()) {
        Ok(ready) => ready,
        Err(e) => {
            eprintln!("reader_ble: {e}");
            return ExitCode::from(2);
        }
    };
    let engaged = match reader.scan(&uri) {
        Ok(engaged) => engaged,
        Err(e) => {
            eprintln!("reader_ble: {e}");
            return ExitCode::from(2);
        }
    };
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("reader_ble: tokio: {e}");
            return ExitCode::from(2);
        }
    };
    let provider = default_provider();
    eprintln!("reader_ble: scanning for the holder...");
    let result = runtime.block_on(async {
        let adapter = first_adapter().await?;
        let mut rng = SystemRandom(provider);
        read_from_peripheral(
            &adapter,
            engaged,
            vec![request],
            &mut rng,
            iso18013::now(),
            Timeouts::default(),
        )
        .await
    });
    match result {
        Ok(answer) => {
            let documents: Vec<Json> = answer
                .authentic()
                .documents()
                .iter()
                .map(|doc| {
                    let mut elements = Map::new();
                    for (ns, items) in doc.issuer_signed().iter() {
                        let mut map = Map::new();
                        for (id, value) in items {
                            map.insert(id.clone(), to_json(value));
                        }
                        elements.insert(ns.clone(), Json::Object(map));
                    }
                    json!({
                        "docType": doc.doc_type(),
                        "issuer": doc.chain().leaf().subject(),
                        "elements": elements,
                    })
                })
                .collect();
            // Authentic; complete only when every element asked was returned (exit 3 if not).
            let complete = answer.is_complete();
            println!(
                "{:#}",
                json!({ "valid": true, "complete": complete, "documents": documents })
            );
            if complete {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(3)
            }
        }
        Err(BleCentralError::Exchange(e @ ExchangeError::Verify(_))) => {
            println!("{:#}", json!({ "valid": false, "reason": e.to_string() }));
            ExitCode::from(1)
        }
        Err(e) => {
            eprintln!("reader_ble: {e}");
            ExitCode::from(2)
        }
    }
}
