//! Presents an mdoc to a reader over Bluetooth Low Energy in mdoc central client mode (the
//! wallet is the BLE central and the reader the peripheral): shows the engagement QR code,
//! connects to the reader that advertises its service UUID, checks the reader's Ident,
//! and answers each request after asking on the terminal.
//!
//! ```text
//! cargo run --features ble,qr --example wallet_ble -- --issuer-signed MDOC.cbor \
//!     --device-key DEVICE.key.pem [--reader-root ROOT.pem ...] [--mac] [--yes]
//! ```
//!
//! `MDOC.cbor` is an IssuerSigned (binary or hex), such as `mdoc issue` writes; the device
//! key is the private key whose public key it holds. `--yes` shares every requested
//! element held without asking. Exit 0 when the session ended normally, 2 otherwise.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::io::BufRead as _;
use std::process::ExitCode;

use clap::Parser;
use iso18013::cbor::Decode;
use iso18013::crypto::{SystemRandom, default_provider};
use iso18013::engagement::{BleMode, BleOptions, DeviceRetrievalMethod, random_service_uuid};
use iso18013::holder::{
    Consent, DeviceAuthChoice, HolderEngagement, ReaderIdentity, RequestReceived, WalletDocument,
};
use iso18013::mso::IssuerSigned;
use iso18013::qr::QrCode;
use iso18013::transport::ble_central::{
    Decision, Timeouts, WalletSide, first_adapter, present_to_reader,
};
use iso18013::verify::Policy;
use iso18013::x509::{TrustStore, key::ec_private_key_from_pem};

/// Presents an mdoc to a reader over BLE in mdoc central client mode: shows the engagement
/// QR code and answers each request after asking. Exit 0 when the session ended normally,
/// 2 otherwise.
#[derive(Parser)]
#[command(name = "wallet_ble", args_override_self = true)]
struct Args {
    /// The IssuerSigned to present (binary CBOR or hex), as `mdoc issue` writes it
    #[arg(long = "issuer-signed", value_name = "FILE")]
    issuer_signed: String,
    /// The device private key (PEM) whose public key the mdoc holds
    #[arg(long = "device-key", value_name = "FILE")]
    device_key: String,
    /// Trusted reader root certificates (PEM) for reader authentication; repeat for more
    #[arg(long = "reader-root", value_name = "FILE")]
    reader_root: Vec<String>,
    /// Authenticate with a MAC instead of a signature
    #[arg(long)]
    mac: bool,
    /// Share every requested element held without asking
    #[arg(long)]
    yes: bool,
}

fn read_text(path: &str) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| format!("{path}: {e}"))
}

fn issuer_signed(path: &str) -> Result<IssuerSigned, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("{path}: {e}"))?;
    let text = String::from_utf8_lossy(&bytes);
    let bytes = hex::decode(text.trim()).unwrap_or(bytes);
    IssuerSigned::from_cbor(&bytes).map_err(|e| format!("{path}: {e}"))
}

fn setup(args: &Args) -> Result<(WalletDocument, TrustStore), String> {
    let issued = issuer_signed(&args.issuer_signed)?;
    let key_path = &args.device_key;
    let device_key =
        ec_private_key_from_pem(&read_text(key_path)?).map_err(|e| format!("{key_path}: {e}"))?;
    let mut roots = TrustStore::new();
    for path in &args.reader_root {
        roots
            .add_reader_root_pem(&read_text(path)?)
            .map_err(|e| format!("{path}: {e}"))?;
    }
    Ok((WalletDocument { issued, device_key }, roots))
}

/// Asks on the terminal (or not, with `--yes`); shares every requested element held.
fn consent(request: &RequestReceived, ask: bool) -> Decision {
    let mut agreed = Vec::new();
    for doc in request.requested() {
        let who = match &doc.reader {
            ReaderIdentity::Verified(reader) => {
                format!("reader {}", reader.chain().leaf().subject())
            }
            ReaderIdentity::Unauthenticated => "an unauthenticated reader".to_string(),
            ReaderIdentity::Failed(e) => format!("a reader whose authentication failed ({e})"),
        };
        println!("{who} asks for {}:", doc.doc_type);
        for (ns, ids) in &doc.elements {
            for (id, retain) in ids {
                let keep = if *retain { " (to keep)" } else { "" };
                println!("  {ns} {id}{keep}");
            }
        }
        agreed.push(Consent {
            doc_type: doc.doc_type.clone(),
            elements: doc
                .elements
                .filter_map(|_, ids| Some(ids.iter().map(|(id, _)| id.clone()).collect())),
        });
    }
    if ask {
        println!("Share? [y/N]");
        let mut line = String::new();
        let _ = std::io::stdin().lock().read_line(&mut line);
        if !line.trim().eq_ignore_ascii_case("y") {
            return Decision::Decline;
        }
    }
    Decision::Respond(agreed)
}

fn main() -> ExitCode {
    // clap exits 2 on a usage error, 0 after --help.
    let args = Args::parse();
    let (document, roots) = match setup(&args) {
        Ok(ready) => ready,
        Err(e) => {
            eprintln!("wallet_ble: {e}");
            return ExitCode::from(2);
        }
    };
    let provider = default_provider();
    let mut rng = SystemRandom(provider);
    let holder = random_service_uuid(&mut rng)
        .map_err(|e| e.to_string())
        .and_then(|uuid| {
            let method = DeviceRetrievalMethod::ble(BleOptions::new(BleMode::CentralClient, uuid));
            HolderEngagement::new(provider, vec![method], &mut rng).map_err(|e| e.to_string())
        });
    let holder = match holder {
        Ok(holder) => holder,
        Err(e) => {
            eprintln!("wallet_ble: {e}");
            return ExitCode::from(2);
        }
    };
    let uri = holder.uri();
    match QrCode::new(&uri) {
        Ok(qr) => println!("{}", qr.to_terminal()),
        Err(e) => eprintln!("wallet_ble: no QR code ({e})"),
    }
    println!("{uri}");
    let policy = Policy::new(provider);
    let now = iso18013::now();
    let documents = [document];
    let side = WalletSide {
        documents: &documents,
        reader_roots: &roots,
        policy: &policy,
        auth: if args.mac {
            DeviceAuthChoice::Mac
        } else {
            DeviceAuthChoice::Signature
        },
        now,
    };
    let ask = !args.yes;
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("wallet_ble: tokio: {e}");
            return ExitCode::from(2);
        }
    };
    let result = runtime.block_on(async {
        let adapter = first_adapter().await?;
        let timeouts = Timeouts {
            // The reader has to scan the QR code first.
            scan: core::time::Duration::from_secs(120),
            ..Timeouts::default()
        };
        present_to_reader(&adapter, holder, &side, |r| consent(r, ask), timeouts).await
    });
    match result {
        Ok(outcome) => {
            println!(
                "session ended ({:?}) after {} response(s)",
                outcome.termination, outcome.responses
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("wallet_ble: {e}");
            ExitCode::from(2)
        }
    }
}
