//! `mdoc`: a conformance and operations tool over the public API of `iso18013`.
//!
//! ```text
//! mdoc certs   --out DIR
//! mdoc issue   --doctype D --claims claims.json --ds-key K --ds-cert C --device-key PUB
//!              [--valid-from T --valid-until T] [--age-over NN,..] [--portrait FILE]
//!              [--partial] [--status-list URI:IDX] --out issuer_signed.cbor
//! mdoc request --doctype D --elements ns:id,.. [--intent-to-retain] [--unique BOOL] --out device_request.cbor
//! mdoc present --issuer-signed F --device-key K (--request device_request.cbor | --elements ns:id,..)
//!              --transcript T.cbor [--mac --reader-key PUB] --out response.cbor
//! mdoc verify  RESPONSE.cbor --transcript T.cbor (--trust IACA.pem [--trust ..] |
//!              --vical vical.cbor --vical-trust VICAL_ROOT.pem)
//!              [--reader-key ereader_private.pem] [--at RFC3339] [--repeat N]
//!              [--request device_request.cbor]
//! mdoc vical build --iaca CERT.pem [--iaca ..] [--doctype D ..] --key K --cert C
//!              --provider NAME [--issue-id N] [--date T] [--next-update T] [--not-after T]
//!              --out vical.cbor
//! mdoc vical verify vical.cbor --trust VICAL_ROOT.pem [--at RFC3339] [--previous OLD.cbor]
//! mdoc vical inspect vical.cbor
//! mdoc inspect FILE
//! mdoc qr      (--engagement FILE | --demo) [--svg OUT | --png OUT]
//! mdoc doctypes [--doctype D]
//! mdoc status new --bits N --size N --uri URI --out list.cbor
//! mdoc status allocate list.cbor
//! mdoc status set list.cbor IDX valid|invalid|suspended|N
//! mdoc status sign list.cbor --key K --cert C [--ttl SECONDS] [--exp SECONDS] [--at T] --out token.cbor
//! mdoc status get token.cbor IDX [--trust IACA.pem ..] [--uri URI] [--at T]
//! mdoc status serve (TOKEN [--uri-path P] [--ttl S] [--content-type T] | --dir DIR) [--port N]
//! ```
//!
//! Every command takes `--backend rustcrypto|aws-lc` (certs, issue, present and verify use
//! it), and `--help`; `mdoc --version` prints the crate's version. Output is JSON on stdout.
//! Exit codes: 0 success (for `verify`: valid, and with `--request` complete), 1 `verify`
//! rejected the response or `status get` the token, 2 usage, I/O or malformed input (one line on stderr; for usage
//! errors clap's message, which names the flag), 3 `verify --request`: the response is
//! authentic but not everything asked was returned and verified. `vical verify` exits 0
//! when the list is valid, 1 when it is rejected (`error.kind` on stdout), 2 as above; a
//! `--vical` given to `verify` that does not verify is a configuration error (exit 2).
//!
//! `verify` draws the line between 1 and 2 at the response's content: a RESPONSE file that
//! is read but does not hold a valid DeviceResponse in any accepted form (broken CBOR, an
//! `mdoc:` URI that is not base64url, text that is neither hexadecimal nor CBOR, an empty
//! file) is rejected, exit 1 with `error.kind` "malformed" on stdout; a RESPONSE that
//! cannot be read, and a transcript, trust or key file that cannot be read or used, exit 2.
//!
//! The command line is declared in `args.rs` (clap); the submodules refer to each other
//! through `super::`, so that `examples/mdoc.rs` can load this file as a module (the
//! `cargo run --example mdoc` alias).
#![allow(clippy::print_stdout, clippy::print_stderr)]

/// `println!` that takes a closed stdout (`mdoc inspect F | head`) as the end of the output
/// instead of a panic; any other write error is reported on stderr.
macro_rules! say {
    ($($arg:tt)*) => {
        super::print_line(format_args!($($arg)*))
    };
}

mod args;
mod certs;
mod doctypes;
mod files;
mod inspect;
mod issue;
mod present;
mod qr;
mod request;
#[cfg(feature = "fetch")]
mod serve;
mod status;
mod verify;
mod vical;

use std::process::ExitCode;

use args::{Cli, Command};
use clap::Parser as _;

/// Writes one line on stdout (see `say!`).
pub(crate) fn print_line(line: core::fmt::Arguments<'_>) {
    use std::io::Write as _;
    let mut out = std::io::stdout().lock();
    let written = out
        .write_fmt(line)
        .and_then(|()| out.write_all(b"\n"))
        .and_then(|()| out.flush());
    if let Err(e) = written
        && e.kind() != std::io::ErrorKind::BrokenPipe
    {
        eprintln!("mdoc: stdout: {e}");
    }
}

/// A command's failure: usage, I/O or malformed input (exit 2), or a rejected response
/// (exit 1, already reported on stdout).
pub(crate) enum Failure {
    /// Exit 2 with this message.
    Usage(String),
    /// Exit 1.
    Rejected,
    /// Exit 3: authentic, but not what was asked (already reported on stdout).
    Incomplete,
}

impl From<String> for Failure {
    fn from(message: String) -> Self {
        Self::Usage(message)
    }
}

/// Parses the command line (clap exits 2 on a usage error, 0 after `--help` or `--version`)
/// and runs the command.
pub(crate) fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match &cli.command {
        Command::Certs(args) => certs::run(args),
        Command::Issue(args) => issue::run(args),
        Command::Request(args) => request::run(args),
        Command::Present(args) => present::run(args),
        Command::Verify(args) => verify::run(args),
        Command::Inspect(args) => inspect::run(&args.file).map_err(Failure::from),
        Command::Qr(args) => qr::run(args).map_err(Failure::from),
        Command::Doctypes(args) => doctypes::run(args).map_err(Failure::from),
        Command::Status(command) => status::run(command),
        Command::Vical(args) => vical::run(args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Rejected) => ExitCode::from(1),
        Err(Failure::Incomplete) => ExitCode::from(3),
        Err(Failure::Usage(message)) => {
            eprintln!("mdoc: {message}");
            ExitCode::from(2)
        }
    }
}
