//! `mdoc status serve`: serves signed tokens (status lists, identifier lists, VICALs) on
//! 127.0.0.1 as an issuer's status service would, through `iso18013::fetch`.
//!
//! ```text
//! mdoc status serve TOKEN --uri-path P [--port N] [--ttl S] [--content-type T]
//! mdoc status serve --dir DIR [--port N]
//! ```
//!
//! Prints one JSON line, `{"url": "http://127.0.0.1:PORT", "documents": [{"path", "content_type",
//! "cache_control", "bytes"}..]}`, then serves until the process is ended.

use clap::Args;
use iso18013::fetch::{Publication, StatusServer};

/// `mdoc status serve`.
#[derive(Debug, Args)]
#[command(args_override_self = true)]
pub(crate) struct ServeArgs {
    /// A token to serve (binary CBOR): a status list or identifier list token, a VICAL, a RICAL
    #[arg(value_name = "TOKEN", required_unless_present = "dir")]
    pub(crate) token: Option<String>,
    /// The path TOKEN is served at (or the URI it is published at: its path is used;
    /// default: /FILENAME)
    #[arg(long, value_name = "P", requires = "token")]
    pub(crate) uri_path: Option<String>,
    /// Serve every file in DIR at /FILENAME, each with the content type and
    /// Cache-Control its token gives (with or instead of TOKEN)
    #[arg(long, value_name = "DIR")]
    pub(crate) dir: Option<String>,
    /// The port on 127.0.0.1 (0: any free port, printed)
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub(crate) port: u16,
    /// Cache-Control max-age for TOKEN in seconds (default: the token's ttl claim, else no-cache)
    #[arg(long, value_name = "SECONDS", requires = "token")]
    pub(crate) ttl: Option<u64>,
    /// Content-Type for TOKEN (default: from the token's typ header)
    #[arg(long, value_name = "T", requires = "token")]
    pub(crate) content_type: Option<String>,
}

/// What `args` asks to serve, checked before the port is bound.
pub(crate) fn publications(args: &ServeArgs) -> Result<Vec<Publication>, String> {
    let mut all = match &args.dir {
        Some(dir) => {
            Publication::directory(std::path::Path::new(dir)).map_err(|e| format!("{dir}: {e}"))?
        }
        None => Vec::new(),
    };
    if let Some(file) = &args.token {
        let bytes = super::files::read_bytes(file)?;
        let name = std::path::Path::new(file)
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let path = args.uri_path.as_deref().unwrap_or(&name);
        let mut publication = Publication::for_document(path, bytes);
        if let Some(ttl) = args.ttl {
            publication.max_age = Some(ttl);
        }
        if let Some(content_type) = &args.content_type {
            publication.content_type.clone_from(content_type);
        }
        all.retain(|p| p.path != publication.path);
        all.push(publication);
    }
    if all.is_empty() {
        return Err("nothing to serve".into());
    }
    Ok(all)
}

/// `mdoc status serve`: binds, prints where and what, serves until ended.
pub(crate) fn run(args: &ServeArgs) -> Result<(), String> {
    let all = publications(args)?;
    let documents: Vec<serde_json::Value> = all
        .iter()
        .map(|p| {
            serde_json::json!({
                "path": p.path,
                "content_type": p.content_type,
                "cache_control": p.cache_control(),
                "bytes": p.bytes.len(),
            })
        })
        .collect();
    let server =
        StatusServer::bind(args.port, all).map_err(|e| format!("127.0.0.1:{}: {e}", args.port))?;
    let addr = server.local_addr().map_err(|e| e.to_string())?;
    let line = serde_json::json!({ "url": format!("http://{addr}"), "documents": documents });
    say!("{line}");
    server.serve().map_err(|e| format!("{addr}: {e}"))
}
