//! Serves a file (a signed status list token, say) on 127.0.0.1 as an issuer's status
//! service would:
//!
//! ```text
//! cargo run --features fetch --example status_server -- token.cbor /lists/1 \
//!     [--port 8080] [--ttl 43200] [--content-type application/statuslist+cwt]
//! ```
//!
//! The path may also be given as the token's URI (`https://issuer.example/lists/1`); a
//! client then GETs `http://127.0.0.1:8080/lists/1`. Stops with Ctrl-C.
#![allow(clippy::print_stdout)]

use iso18013::fetch::{Publication, StatusServer, media_type};

fn main() -> Result<(), Box<dyn core::error::Error>> {
    let usage = "usage: status_server FILE PATH [--port N] [--ttl SECONDS] [--content-type T]";
    let mut args = std::env::args().skip(1);
    let (Some(file), Some(path)) = (args.next(), args.next()) else {
        return Err(usage.into());
    };
    let (mut port, mut ttl, mut content_type) =
        (8080, None, media_type::STATUS_LIST_CWT.to_owned());
    while let Some(flag) = args.next() {
        let value = args.next().ok_or(usage)?;
        match flag.as_str() {
            "--port" => port = value.parse()?,
            "--ttl" => ttl = Some(value.parse()?),
            "--content-type" => content_type = value,
            _ => return Err(usage.into()),
        }
    }
    let publication = Publication::for_uri(&path, std::fs::read(&file)?, &content_type, ttl);
    let server = StatusServer::bind(port, vec![publication.clone()])?;
    println!(
        "serving {file} ({} bytes) at http://{}{}",
        publication.bytes.len(),
        server.local_addr()?,
        publication.path
    );
    for (name, value) in publication.headers() {
        println!("  {name}: {value}");
    }
    server.serve()?;
    Ok(())
}
