//! `mdoc`: a conformance and operations tool over the public API of `iso18013`.
//!
//! ```text
//! mdoc certs   --out DIR
//! mdoc issue   --doctype D --claims claims.json --ds-key K --ds-cert C --device-key PUB
//!              [--valid-from T --valid-until T] --out issuer_signed.cbor
//! mdoc present --issuer-signed F --device-key K (--request device_request.cbor | --elements ns:id,..)
//!              --transcript T.cbor [--mac --reader-key PUB] --out response.cbor
//! mdoc verify  RESPONSE.cbor --transcript T.cbor --trust IACA.pem [--trust ..]
//!              [--reader-key ereader_private.pem] [--at RFC3339] [--repeat N]
//! mdoc inspect FILE
//! mdoc qr      (--engagement FILE | --demo) [--svg OUT | --png OUT]
//! ```
//!
//! Every command takes `--backend rustcrypto|aws-lc`. Output is JSON on stdout. Exit codes:
//! 0 success (for `verify`: valid), 1 `verify` rejected the response, 2 usage, I/O or
//! malformed input (one line on stderr).
#![allow(clippy::print_stdout, clippy::print_stderr)]

mod args;
mod certs;
mod files;
mod inspect;
mod issue;
mod present;
mod qr;
mod verify;

use std::process::ExitCode;

use args::Args;

const USAGE: &str = "usage: mdoc (certs|issue|present|verify|inspect|qr) ... (see the README)";

/// A command's failure: usage, I/O or malformed input (exit 2), or a rejected response
/// (exit 1, already reported on stdout).
pub(crate) enum Failure {
    /// Exit 2 with this message.
    Usage(String),
    /// Exit 1.
    Rejected,
}

impl From<String> for Failure {
    fn from(message: String) -> Self {
        Self::Usage(message)
    }
}

fn main() -> ExitCode {
    let raw: Vec<String> = std::env::args().skip(1).collect();
    let Some((command, rest)) = raw.split_first() else {
        eprintln!("mdoc: {USAGE}");
        return ExitCode::from(2);
    };
    let result = match command.as_str() {
        "inspect" => match rest {
            [file] => inspect::run(file).map_err(Failure::from),
            _ => Err(Failure::Usage("usage: mdoc inspect FILE".to_string())),
        },
        "certs" => Args::parse(rest, &[])
            .map_err(Failure::from)
            .and_then(|a| certs::run(&a)),
        "issue" => Args::parse(rest, &[])
            .map_err(Failure::from)
            .and_then(|a| issue::run(&a)),
        "present" => Args::parse(rest, &["mac"])
            .map_err(Failure::from)
            .and_then(|a| present::run(&a)),
        "verify" => Args::parse(rest, &[])
            .map_err(Failure::from)
            .and_then(|a| verify::run(&a)),
        "qr" => Args::parse(rest, &["demo"])
            .and_then(|a| qr::run(&a))
            .map_err(Failure::from),
        "-h" | "--help" | "help" => {
            println!("{USAGE}");
            Ok(())
        }
        other => Err(Failure::Usage(format!("unknown command {other}; {USAGE}"))),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Rejected) => ExitCode::from(1),
        Err(Failure::Usage(message)) => {
            eprintln!("mdoc: {message}");
            ExitCode::from(2)
        }
    }
}
