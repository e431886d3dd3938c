//! Accepts a photo as an issuer would (`Portrait::accept`) and writes the stripped image:
//! `cargo run --features portrait --example strip_portrait -- IN OUT`.
//!
//! Prints what the upload carried (`portrait::metadata`) and what was removed.
#![allow(clippy::print_stdout)]

use iso18013::portrait::{Portrait, PortraitLimits, metadata};

fn main() -> Result<(), Box<dyn core::error::Error>> {
    let mut args = std::env::args().skip(1);
    let (Some(input), Some(output)) = (args.next(), args.next()) else {
        return Err("usage: strip_portrait IN OUT".into());
    };
    let upload = std::fs::read(&input)?;
    let report = metadata(&upload)?;
    println!(
        "{input}: {} {:?}, GPS: {}",
        report.format,
        report.dimensions,
        report.has_gps()
    );
    let portrait = Portrait::accept(&upload, &PortraitLimits::default())?;
    for block in portrait.removed() {
        println!(
            "  removed {} ({} bytes at {})",
            block.kind, block.len, block.offset
        );
    }
    std::fs::write(&output, portrait.bytes())?;
    println!(
        "{output}: {} bytes, clean: {}",
        portrait.bytes().len(),
        metadata(portrait.bytes())?.is_clean()
    );
    Ok(())
}
