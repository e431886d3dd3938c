//! `mdoc qr --engagement FILE [--svg OUT | --png OUT]` and `mdoc qr --demo`: the `mdoc:`
//! URI of a DeviceEngagement, as a QR code in the terminal, or written as SVG or PNG.

use std::io::Write as _;

use iso18013::cbor::TaggedCbor;
use iso18013::engagement::{DeviceEngagement, device_engagement_uri};
use iso18013::qr::QrCode;

use super::args::QrArgs;
use super::inspect::{hex_decode, read_cbor};

/// The ISO 18013-5 Annex D engagement (D.3.1), for `--demo`.
const ANNEX_D_ENGAGEMENT: &str =
    include_str!("../../../test-vectors/iso18013-5-annex-d/device_engagement.hex");

/// Pixels per module in the PNG and the SVG's width and height.
const MODULE_PX: u32 = 8;

/// `mdoc qr`.
pub(crate) fn run(args: &QrArgs) -> Result<(), String> {
    // clap lets exactly one of the two through.
    let bytes = match (&args.engagement, args.demo) {
        (Some(file), false) => read_cbor(file)?,
        _ => hex_decode(ANNEX_D_ENGAGEMENT.trim())?,
    };
    // The URI carries the bytes as received, never a re-encoding: they are hashed into
    // the SessionTranscript.
    let engagement = TaggedCbor::<DeviceEngagement>::from_inner_bytes(&bytes)
        .map_err(|e| format!("not a valid DeviceEngagement: {e}"))?;
    let uri = device_engagement_uri(&engagement);
    let code = QrCode::new(&uri).map_err(|e| e.to_string())?;
    let (out, image) = match (&args.svg, &args.png) {
        (None, None) => return print_all(&format!("{uri}\n{}", code.to_terminal())),
        (Some(out), None) => (out, code.to_svg(MODULE_PX).into_bytes()),
        (None, Some(out)) => (out, code.to_png(MODULE_PX).map_err(|e| e.to_string())?),
        (Some(_), Some(_)) => return Err("give at most one of --svg and --png".to_string()),
    };
    super::files::write(out, &image)?;
    say!("{}", serde_json::json!({"uri": uri, "out": out}));
    Ok(())
}

/// Writes `text` to stdout in one go; a reader that stopped early (`| head -1`) is fine.
fn print_all(text: &str) -> Result<(), String> {
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(format!("stdout: {e}")),
        _ => Ok(()),
    }
}
