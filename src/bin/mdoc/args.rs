//! The command line of `mdoc`, declared with clap: one struct per subcommand, each field
//! an option with its one-line help. Usage errors (an unknown or missing flag, a value
//! that does not parse) exit 2 naming the flag; `--help` and `--version` exit 0.

use clap::{Args, Parser, Subcommand, ValueEnum};
use iso18013::cbor::TDate;

/// The end of `mdoc --help`.
const EXIT_CODES: &str =
    "Exit codes: 0 success (for verify: valid, and with --request complete), 1 verify \
rejected the response or status get the token (JSON on stdout), 2 usage, I/O or malformed input (one line on \
stderr), 3 verify --request: authentic but not everything asked was returned.
`mdoc COMMAND --help` lists the options of each command.";

/// A conformance and operations tool for ISO/IEC 18013-5 mdocs: make a test PKI, issue,
/// present, verify, inspect, and show engagement QR codes. Output is JSON on stdout.
#[derive(Debug, Parser)]
#[command(name = "mdoc", version, arg_required_else_help = true, after_help = EXIT_CODES)]
pub(crate) struct Cli {
    /// The command.
    #[command(subcommand)]
    pub(crate) command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Write a test PKI (ISO 18013-5 Annex B profiles) with device and reader keys as PEM files.
    Certs(CertsArgs),
    /// Issue and sign an mdoc (an IssuerSigned) from JSON claims.
    Issue(IssueArgs),
    /// Write a DeviceRequest (unsigned) asking for elements of one doctype.
    Request(RequestArgs),
    /// Present elements of an issued mdoc as a DeviceResponse, device-signed or MACed.
    Present(PresentArgs),
    /// Verify a DeviceResponse: exit 0 valid, 1 rejected, 3 authentic but incomplete (--request).
    Verify(VerifyArgs),
    /// Say which ISO 18013-5 structure FILE holds and print it as JSON.
    Inspect(InspectArgs),
    /// Show a DeviceEngagement's mdoc: URI as a QR code (terminal, SVG or PNG).
    Qr(QrArgs),
    /// List the known doctypes, their namespaces and element tables, as JSON.
    Doctypes(DoctypesArgs),
    /// Status lists (MSO revocation): make, change, sign and read them.
    #[command(subcommand)]
    Status(StatusCommand),
    /// Build, verify or inspect a VICAL (signed list of IACA roots, ISO 18013-5 Annex C).
    Vical(VicalArgs),
}

/// `mdoc vical`.
#[derive(Debug, Args)]
pub(crate) struct VicalArgs {
    /// What to do with a VICAL.
    #[command(subcommand)]
    pub(crate) command: VicalCommand,
}

/// The subcommands of `mdoc vical`.
#[derive(Debug, Subcommand)]
pub(crate) enum VicalCommand {
    /// Build and sign a VICAL listing IACA certificates.
    Build(Box<VicalBuildArgs>),
    /// Verify a VICAL against the provider's root: exit 0 valid (entries printed), 1 rejected.
    Verify(VicalVerifyArgs),
    /// Print a VICAL's content without verifying it.
    Inspect(VicalInspectArgs),
}

/// `mdoc vical build`.
#[derive(Debug, Args)]
#[command(args_override_self = true)]
pub(crate) struct VicalBuildArgs {
    /// An IACA certificate to list (PEM or DER; every certificate of a PEM file); repeat for more
    #[arg(long, value_name = "CERT.pem", required = true)]
    pub(crate) iaca: Vec<String>,
    /// A docType every IACA is listed for; repeat for more (default: org.iso.18013.5.1.mDL)
    #[arg(long, value_name = "DOCTYPE")]
    pub(crate) doctype: Vec<String>,
    /// The VICAL signer's private key (PEM)
    #[arg(long, value_name = "FILE")]
    pub(crate) key: String,
    /// The VICAL signer's certificate, then any intermediates, without the root (PEM)
    #[arg(long, value_name = "FILE")]
    pub(crate) cert: String,
    /// The provider's name (vicalProvider)
    #[arg(long, value_name = "NAME")]
    pub(crate) provider: String,
    /// vicalIssueID
    #[arg(long = "issue-id", value_name = "N")]
    pub(crate) issue_id: Option<u64>,
    /// Issue date, RFC 3339 (default: now)
    #[arg(long, value_name = "RFC3339", value_parser = tdate)]
    pub(crate) date: Option<TDate>,
    /// nextUpdate, RFC 3339
    #[arg(long = "next-update", value_name = "RFC3339", value_parser = tdate)]
    pub(crate) next_update: Option<TDate>,
    /// notAfter, RFC 3339
    #[arg(long = "not-after", value_name = "RFC3339", value_parser = tdate)]
    pub(crate) not_after: Option<TDate>,
    /// Where to write the signed VICAL (binary CBOR, an untagged COSE_Sign1)
    #[arg(long, value_name = "FILE")]
    pub(crate) out: String,
    #[command(flatten)]
    pub(crate) backend: BackendArg,
}

/// `mdoc vical verify`.
#[derive(Debug, Args)]
#[command(args_override_self = true)]
pub(crate) struct VicalVerifyArgs {
    /// The signed VICAL (binary CBOR or hex)
    #[arg(value_name = "VICAL")]
    pub(crate) vical: String,
    /// The VICAL provider's root certificate(s) (PEM); repeat for more files
    #[arg(long, value_name = "VICAL_ROOT.pem", required = true)]
    pub(crate) trust: Vec<String>,
    /// Verify at this time, RFC 3339 (default: now)
    #[arg(long, value_name = "RFC3339", value_parser = unix_seconds)]
    pub(crate) at: Option<i64>,
    /// The VICAL used so far: the new one must not be older (vicalIssueID, else date),
    /// or it is rejected as a rollback
    #[arg(long, value_name = "OLD_VICAL")]
    pub(crate) previous: Option<String>,
    #[command(flatten)]
    pub(crate) backend: BackendArg,
}

/// `mdoc vical inspect`.
#[derive(Debug, Args)]
pub(crate) struct VicalInspectArgs {
    /// The signed VICAL (binary CBOR or hex)
    #[arg(value_name = "VICAL")]
    pub(crate) vical: String,
    #[command(flatten)]
    pub(crate) backend: BackendArg,
}

/// `mdoc status ...`.
#[derive(Debug, Subcommand)]
pub(crate) enum StatusCommand {
    /// Write an unsigned status list, all entries valid: {"uri": URI, "status_list": StatusList}
    New(StatusNewArgs),
    /// Hand out a free index of an unsigned status list file, at random: prints {"index": N}
    Allocate(StatusAllocateArgs),
    /// Set one entry of an unsigned status list file, in place
    Set(StatusSetArgs),
    /// Sign an unsigned status list file as a status list token (CWT, COSE_Sign1 tagged 18)
    Sign(StatusSignArgs),
    /// Print one entry's status from a status list token: exit 0, or 1 when it does not verify
    Get(StatusGetArgs),
    /// Serve tokens (status lists, identifier lists, VICALs) on 127.0.0.1 until ended; prints the URL as JSON
    #[cfg(feature = "fetch")]
    Serve(super::serve::ServeArgs),
}

/// `mdoc status new`.
#[derive(Debug, Args)]
#[command(args_override_self = true)]
pub(crate) struct StatusNewArgs {
    /// Bits per entry: 1, 2, 4 or 8 (ISO 18013-5 wants 1 for an mDL)
    #[arg(long, value_name = "N")]
    pub(crate) bits: u8,
    /// Number of entries
    #[arg(long, value_name = "N")]
    pub(crate) size: u64,
    /// The URI the token will be published at (its sub claim, the MSO's status uri)
    #[arg(long, value_name = "URI")]
    pub(crate) uri: String,
    /// Where to write the unsigned list (binary CBOR)
    #[arg(long, value_name = "FILE")]
    pub(crate) out: String,
    #[command(flatten)]
    pub(crate) backend: BackendArg,
}

/// `mdoc status allocate`.
#[derive(Debug, Args)]
pub(crate) struct StatusAllocateArgs {
    /// The unsigned list file (as `mdoc status new` writes it), changed in place
    #[arg(value_name = "LIST")]
    pub(crate) list: String,
    #[command(flatten)]
    pub(crate) backend: BackendArg,
}

/// `mdoc status set`.
#[derive(Debug, Args)]
pub(crate) struct StatusSetArgs {
    /// The unsigned list file (as `mdoc status new` writes it), changed in place
    #[arg(value_name = "LIST")]
    pub(crate) list: String,
    /// The entry's index
    #[arg(value_name = "IDX")]
    pub(crate) index: u64,
    /// valid, invalid, suspended, or a number (0 to 255, within the list's bits)
    #[arg(value_name = "STATUS", value_parser = status_value)]
    pub(crate) status: u8,
    #[command(flatten)]
    pub(crate) backend: BackendArg,
}

/// `mdoc status sign`.
#[derive(Debug, Args)]
#[command(args_override_self = true)]
pub(crate) struct StatusSignArgs {
    /// The unsigned list file (as `mdoc status new` writes it)
    #[arg(value_name = "LIST")]
    pub(crate) list: String,
    /// The status list signer's private key (PEM)
    #[arg(long, value_name = "FILE")]
    pub(crate) key: String,
    /// The status list signer's certificate, and any intermediates after it (PEM)
    #[arg(long, value_name = "FILE")]
    pub(crate) cert: String,
    /// The ttl claim: seconds a verifier may use the token before fetching it again
    #[arg(long, value_name = "SECONDS")]
    pub(crate) ttl: Option<u64>,
    /// Lifetime: exp is iat plus this many seconds (default 86400)
    #[arg(long, value_name = "SECONDS", default_value_t = 86_400)]
    pub(crate) exp: u64,
    /// iat, RFC 3339 (default: now)
    #[arg(long, value_name = "RFC3339", value_parser = unix_seconds)]
    pub(crate) at: Option<i64>,
    /// Where to write the token (binary CBOR)
    #[arg(long, value_name = "FILE")]
    pub(crate) out: String,
    #[command(flatten)]
    pub(crate) backend: BackendArg,
}

/// `mdoc status get`.
#[derive(Debug, Args)]
#[command(args_override_self = true)]
pub(crate) struct StatusGetArgs {
    /// The status list token (binary CBOR or hex)
    #[arg(value_name = "TOKEN")]
    pub(crate) token: String,
    /// The entry's index
    #[arg(value_name = "IDX")]
    pub(crate) index: u64,
    /// Trusted IACA certificates (PEM), repeatable: verify the token (without: only decode it, "verified": false)
    #[arg(long, value_name = "IACA.pem")]
    pub(crate) trust: Vec<String>,
    /// The URI the referenced credential gives (default: the token's own sub)
    #[arg(long, value_name = "URI")]
    pub(crate) uri: Option<String>,
    /// Verify at this time, RFC 3339 (default: now)
    #[arg(long, value_name = "RFC3339", value_parser = unix_seconds)]
    pub(crate) at: Option<i64>,
    #[command(flatten)]
    pub(crate) backend: BackendArg,
}

/// `mdoc doctypes`.
#[derive(Debug, Args)]
pub(crate) struct DoctypesArgs {
    /// Only this docType
    #[arg(long, value_name = "DOCTYPE")]
    pub(crate) doctype: Option<String>,
}

/// `--backend`, taken by every command (only certs, issue, present and verify do crypto).
#[derive(Clone, Debug, Args)]
pub(crate) struct BackendArg {
    /// Crypto backend (default: rustcrypto if compiled in, else aws-lc; no crypto in inspect, qr)
    #[arg(long, value_enum, value_name = "BACKEND")]
    pub(crate) backend: Option<Backend>,
}

/// The crypto backends by the names their providers report.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum Backend {
    #[value(name = "rustcrypto")]
    RustCrypto,
    #[value(name = "aws-lc")]
    AwsLc,
}

impl Backend {
    /// The provider's name (`CryptoProvider::name`).
    pub(crate) fn name(self) -> &'static str {
        match self {
            Self::RustCrypto => "rustcrypto",
            Self::AwsLc => "aws-lc",
        }
    }
}

/// `mdoc certs`.
#[derive(Debug, Args)]
#[command(args_override_self = true)]
pub(crate) struct CertsArgs {
    /// Directory to write the PEM files to (created if missing)
    #[arg(long, value_name = "DIR")]
    pub(crate) out: String,
    #[command(flatten)]
    pub(crate) backend: BackendArg,
}

/// `mdoc issue`.
#[derive(Debug, Args)]
#[command(args_override_self = true)]
pub(crate) struct IssueArgs {
    /// Document type, e.g. org.iso.18013.5.1.mDL
    #[arg(long, value_name = "DOCTYPE")]
    pub(crate) doctype: String,
    /// JSON claims {namespace: {element: value}} (full-dates as text, "base64:..." as bytes)
    #[arg(long, value_name = "FILE")]
    pub(crate) claims: String,
    /// Document signer's private key (PEM)
    #[arg(long = "ds-key", value_name = "FILE")]
    pub(crate) ds_key: String,
    /// Document signer's certificate (PEM or DER)
    #[arg(long = "ds-cert", value_name = "FILE")]
    pub(crate) ds_cert: String,
    /// Holder's device key: a public or private key (PEM)
    #[arg(long = "device-key", value_name = "FILE")]
    pub(crate) device_key: String,
    /// Start of validity, RFC 3339 (default: now)
    #[arg(long = "valid-from", value_name = "RFC3339", value_parser = tdate)]
    pub(crate) valid_from: Option<TDate>,
    /// End of validity, RFC 3339 (default: a year from now)
    #[arg(long = "valid-until", value_name = "RFC3339", value_parser = tdate)]
    pub(crate) valid_until: Option<TDate>,
    /// Where to write the IssuerSigned (binary CBOR)
    #[arg(long, value_name = "FILE")]
    pub(crate) out: String,
    /// Issue without some of the doctype's mandatory elements (a test credential); types,
    /// constraints and closed namespaces still hold
    #[arg(long)]
    pub(crate) partial: bool,
    /// Derive age_over_NN for these thresholds, and age_in_years and age_birth_year, from
    /// the claims' birth_date at validFrom (e.g. 14,18)
    #[arg(long = "age-over", value_name = "NN,..", value_delimiter = ',')]
    pub(crate) age_over: Vec<u8>,
    /// A photo (JPEG or JPEG 2000) to sign as the doctype's portrait: decoded to check it,
    /// stripped of its metadata (EXIF, GPS, XMP, IPTC, ICC, comments, thumbnails) without
    /// re-encoding
    #[arg(long, value_name = "FILE")]
    pub(crate) portrait: Option<String>,
    /// Where the document's revocation status is published: the MSO's status_list
    /// {"idx": IDX, "uri": URI} (an index into the status list token at URI)
    #[arg(long = "status-list", value_name = "URI:IDX", value_parser = uri_index)]
    pub(crate) status_list: Option<(String, u64)>,
    #[command(flatten)]
    pub(crate) backend: BackendArg,
}

/// `mdoc request`.
#[derive(Debug, Args)]
#[command(args_override_self = true)]
pub(crate) struct RequestArgs {
    /// Document type asked for, e.g. org.iso.18013.5.1.mDL
    #[arg(long, value_name = "DOCTYPE")]
    pub(crate) doctype: String,
    /// Elements asked for: namespace:element,namespace:element,...
    #[arg(long, value_name = "LIST")]
    pub(crate) elements: String,
    /// Ask with intent to retain every element (default: no)
    #[arg(long = "intent-to-retain")]
    pub(crate) intent_to_retain: bool,
    /// Require a single document of the doctype (DocRequestInfo uniqueDocSetRequired)
    #[arg(long = "unique", value_name = "BOOL")]
    pub(crate) unique: Option<bool>,
    /// Where to write the DeviceRequest (binary CBOR)
    #[arg(long, value_name = "FILE")]
    pub(crate) out: String,
    #[command(flatten)]
    pub(crate) backend: BackendArg,
}

/// `mdoc present`.
#[derive(Debug, Args)]
#[command(args_override_self = true)]
#[command(group = clap::ArgGroup::new("what").required(true).args(["request", "elements"]))]
pub(crate) struct PresentArgs {
    /// The IssuerSigned to present from (binary CBOR or hex), as `mdoc issue` writes it
    #[arg(long = "issuer-signed", value_name = "FILE")]
    pub(crate) issuer_signed: String,
    /// Holder's device private key (PEM)
    #[arg(long = "device-key", value_name = "FILE")]
    pub(crate) device_key: String,
    /// Disclose what this DeviceRequest asks for this doctype (binary CBOR or hex)
    #[arg(long, value_name = "FILE")]
    pub(crate) request: Option<String>,
    /// Disclose these elements: namespace:element,namespace:element,...
    #[arg(long, value_name = "LIST")]
    pub(crate) elements: Option<String>,
    /// SessionTranscript or SessionTranscriptBytes (binary CBOR or hex)
    #[arg(long, value_name = "FILE")]
    pub(crate) transcript: String,
    /// Authenticate with a MAC (deviceMac) instead of a signature
    #[arg(long)]
    pub(crate) mac: bool,
    /// With --mac: the reader's ephemeral public key (PEM; default: EReaderKey of the transcript)
    #[arg(long = "reader-key", value_name = "FILE")]
    pub(crate) reader_key: Option<String>,
    /// Where to write the DeviceResponse (binary CBOR)
    #[arg(long, value_name = "FILE")]
    pub(crate) out: String,
    #[command(flatten)]
    pub(crate) backend: BackendArg,
}

/// `mdoc verify`.
#[derive(Debug, Args)]
#[command(args_override_self = true)]
pub(crate) struct VerifyArgs {
    /// The DeviceResponse: binary CBOR, hex or an mdoc: URI (read but not valid: exit 1, malformed)
    #[arg(value_name = "RESPONSE")]
    pub(crate) response: String,
    /// SessionTranscript or SessionTranscriptBytes (binary CBOR or hex)
    #[arg(long, value_name = "FILE")]
    pub(crate) transcript: String,
    /// Trusted IACA certificates (PEM); repeat for more files
    #[arg(long, value_name = "IACA.pem", required_unless_present = "vical")]
    pub(crate) trust: Vec<String>,
    /// Trust the IACAs of this VICAL (binary CBOR or hex), each for the docTypes it lists
    #[arg(long, value_name = "VICAL", requires = "vical_trust")]
    pub(crate) vical: Option<String>,
    /// The VICAL provider's root certificate(s) (PEM) that --vical must verify against
    #[arg(
        long = "vical-trust",
        value_name = "VICAL_ROOT.pem",
        requires = "vical"
    )]
    pub(crate) vical_trust: Vec<String>,
    /// The reader's ephemeral private key (PEM), needed for a MACed response
    #[arg(long = "reader-key", value_name = "FILE")]
    pub(crate) reader_key: Option<String>,
    /// Verify at this time, RFC 3339 (default: now)
    #[arg(long, value_name = "RFC3339", value_parser = unix_seconds)]
    pub(crate) at: Option<i64>,
    /// Verify N times from the bytes and print the median and mean time on stderr
    #[arg(long, value_name = "N", default_value_t = 1)]
    pub(crate) repeat: usize,
    /// The DeviceRequest the response answers (binary CBOR or hex): print the comparison, exit 3 if incomplete
    #[arg(long, value_name = "FILE")]
    pub(crate) request: Option<String>,
    /// A status list or identifier list token (binary CBOR or hex), published at its `sub`; repeat for more
    #[arg(long = "status-token", value_name = "FILE")]
    pub(crate) status_token: Vec<String>,
    /// Fetch the lists the documents' status names (HTTPS), after any --status-token
    #[cfg(feature = "fetch")]
    #[arg(long = "fetch-status")]
    pub(crate) fetch_status: bool,
    /// Let --fetch-status use plain HTTP (a loopback test server): a list can then be withheld or replayed
    #[cfg(feature = "fetch")]
    #[arg(long = "dangerous-allow-http", requires = "fetch_status")]
    pub(crate) dangerous_allow_http: bool,
    /// Reject a document whose status is missing, unavailable or stale (default: accept with a finding)
    #[arg(long = "require-status")]
    pub(crate) require_status: bool,
    #[command(flatten)]
    pub(crate) backend: BackendArg,
}

/// `mdoc inspect`.
#[derive(Debug, Args)]
pub(crate) struct InspectArgs {
    /// Binary CBOR, hex text or an mdoc: URI
    #[arg(value_name = "FILE")]
    pub(crate) file: String,
    #[command(flatten)]
    pub(crate) backend: BackendArg,
}

/// `mdoc qr`.
#[derive(Debug, Args)]
#[command(args_override_self = true)]
#[command(group = clap::ArgGroup::new("source").required(true).args(["engagement", "demo"]))]
pub(crate) struct QrArgs {
    /// The DeviceEngagement: binary CBOR, hex or an mdoc: URI
    #[arg(long, value_name = "FILE")]
    pub(crate) engagement: Option<String>,
    /// Use the ISO 18013-5 Annex D engagement
    #[arg(long)]
    pub(crate) demo: bool,
    /// Write an SVG image to FILE instead of printing the code
    #[arg(long, value_name = "FILE", conflicts_with = "png")]
    pub(crate) svg: Option<String>,
    /// Write a PNG image to FILE instead of printing the code
    #[arg(long, value_name = "FILE")]
    pub(crate) png: Option<String>,
    #[command(flatten)]
    pub(crate) backend: BackendArg,
}

/// `URI:IDX`: a URI and an index, split at the last colon.
fn uri_index(text: &str) -> Result<(String, u64), String> {
    let bad = || "URI:IDX, e.g. https://issuer.example/status/1:42".to_string();
    let (uri, index) = text.rsplit_once(':').ok_or_else(bad)?;
    let index = index.parse().map_err(|_| bad())?;
    match uri.is_empty() {
        true => Err(bad()),
        false => Ok((uri.to_string(), index)),
    }
}

/// A status by name (`valid`, `invalid`, `suspended`) or number.
fn status_value(text: &str) -> Result<u8, String> {
    match text {
        "valid" => Ok(0),
        "invalid" => Ok(1),
        "suspended" => Ok(2),
        other => other
            .parse()
            .map_err(|_| "valid, invalid, suspended or a number from 0 to 255".to_string()),
    }
}

/// An RFC 3339 date-time (`--valid-from`, `--valid-until`).
fn tdate(text: &str) -> Result<TDate, String> {
    TDate::parse(text).map_err(|e| format!("not an RFC 3339 date-time: {e}"))
}

/// Unix seconds of an RFC 3339 date-time (`--at`).
fn unix_seconds(text: &str) -> Result<i64, String> {
    tdate(text).map(|t| t.unix_seconds())
}
