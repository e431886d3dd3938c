//! Serves a file (a signed status list token, say) on 127.0.0.1 as an issuer's status
//! service would:
//!
//! ```text
//! cargo run --features fetch --example status_server -- token.cbor /lists/1 \
//!     [--port 8080] [--ttl 43200] [--content-type application/statuslist+cwt]
//! ```
//!
//! Without `--content-type` and `--ttl` they come from the token (its `typ` header, its
//! `ttl` claim).
//!
//! The path may also be given as the token's URI (`https://issuer.example/lists/1`); a
//! client then GETs `http://127.0.0.1:8080/lists/1`. Stops with Ctrl-C.
#![allow(clippy::print_stdout)]

use iso18013::fetch::{Publication, StatusServer};

fn main() -> Result<(), Box<dyn core::error::Error>> {
    let usage = "usage: status_server FILE PATH [--port N] [--ttl SECONDS] [--content-type T]";
    let mut args = std::env::args().skip(1);
    let (Some(file), Some(path)) = (args.next(), args.next()) else {
        return Err(usage.into());
    };
    let (mut port, mut ttl, mut content_type) = (8080, None, None);
    while let Some(flag) = args.next() {
        let value = args.next().ok_or(usage)?;
        match flag.as_str() {
            "--port" => port = value.parse()?,
            "--ttl" => ttl = Some(value.parse()?),
            "--content-type" => content_type = Some(value),
            _ => return Err(usage.into()),
        }
    }
    // content type and max-age as the token says (its typ header, its ttl claim),
    // unless given
    let mut publication = Publication::for_document(&path, std::fs::read(&file)?);
    if let Some(content_type) = content_type {
        publication.content_type = content_type;
    }
    if ttl.is_some() {
        publication.max_age = ttl;
    }
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
