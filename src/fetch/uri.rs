//! The transport rules on URIs and headers: schemes, redirect targets, media types,
//! `Cache-Control`.

use alloc::borrow::ToOwned;
use alloc::format;
use alloc::string::String;

use super::FetchError;

/// The scheme of a URI the fetcher accepts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Scheme {
    Https,
    Http,
}

/// The scheme of `uri`, or why it cannot be fetched: no `scheme://`, no host, a scheme
/// other than `https`/`http`, or `http` when `allow_http` is off.
pub(crate) fn check(uri: &str, allow_http: bool) -> Result<Scheme, FetchError> {
    let (scheme, rest) = uri.split_once("://").ok_or(FetchError::MalformedUri {
        reason: "no scheme (https://host/path expected)",
    })?;
    let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let host = host.rsplit('@').next().unwrap_or_default();
    if host.is_empty() || host.starts_with(':') {
        return Err(FetchError::MalformedUri { reason: "no host" });
    }
    if uri
        .chars()
        .any(|c| c.is_ascii_whitespace() || c.is_ascii_control())
    {
        return Err(FetchError::MalformedUri {
            reason: "white space or control characters",
        });
    }
    if scheme.eq_ignore_ascii_case("https") {
        Ok(Scheme::Https)
    } else if scheme.eq_ignore_ascii_case("http") {
        if allow_http {
            Ok(Scheme::Http)
        } else {
            Err(FetchError::InsecureScheme)
        }
    } else {
        Err(FetchError::UnsupportedScheme {
            scheme: scheme.chars().take(32).collect(),
        })
    }
}

/// The absolute URI a `Location` header names, relative to `base` (RFC 9110 §10.2.2:
/// absolute, scheme-relative `//host/..`, absolute path `/..`, or a relative path).
pub(crate) fn resolve(base: &str, location: &str) -> Option<String> {
    let location = location.trim();
    if location.is_empty() {
        return None;
    }
    if location.contains("://") {
        return Some(location.to_owned());
    }
    let (scheme, rest) = base.split_once("://")?;
    if let Some(authority_and_path) = location.strip_prefix("//") {
        return Some(format!("{scheme}://{authority_and_path}"));
    }
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (authority, path) = rest.split_at(authority_end);
    if location.starts_with('/') {
        return Some(format!("{scheme}://{authority}{location}"));
    }
    let path = path.split(['?', '#']).next().unwrap_or_default();
    let dir = path
        .rfind('/')
        .map_or("/", |i| path.get(..=i).unwrap_or("/"));
    let dir = if dir.is_empty() { "/" } else { dir };
    Some(format!("{scheme}://{authority}{dir}{location}"))
}

/// Whether the `Content-Type` value `received` names the media type `expected`
/// (parameters such as `; charset=...` ignored, case insensitive).
pub(crate) fn media_type_matches(received: &str, expected: &str) -> bool {
    media_type(received).eq_ignore_ascii_case(media_type(expected))
}

/// The media type of a `Content-Type` value, without parameters.
fn media_type(value: &str) -> &str {
    value.split(';').next().unwrap_or_default().trim()
}

/// The `max-age` of a `Cache-Control` value (`no-store` and `no-cache` count as 0).
pub(crate) fn max_age(cache_control: &str) -> Option<u64> {
    let mut found = None;
    for directive in cache_control.split(',') {
        let directive = directive.trim();
        if directive.eq_ignore_ascii_case("no-store") || directive.eq_ignore_ascii_case("no-cache")
        {
            return Some(0);
        }
        if let Some((name, value)) = directive.split_once('=')
            && name.trim().eq_ignore_ascii_case("max-age")
        {
            found = value.trim().trim_matches('"').parse().ok();
        }
    }
    found
}

/// The path (with its query) of an absolute URI: what a server matches on.
pub(crate) fn path_of(uri: &str) -> String {
    let rest = uri.split_once("://").map_or(uri, |(_, rest)| rest);
    let path = match rest.find('/') {
        Some(i) if uri.contains("://") => rest.get(i..).unwrap_or("/"),
        _ if uri.contains("://") => "/",
        _ => uri,
    };
    let path = path.split('#').next().unwrap_or_default();
    if path.starts_with('/') {
        path.to_owned()
    } else {
        format!("/{path}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schemes() {
        assert_eq!(
            check("https://a.example/x", false).ok(),
            Some(Scheme::Https)
        );
        assert_eq!(check("HTTPS://a.example", false).ok(), Some(Scheme::Https));
        assert!(matches!(
            check("http://a.example/x", false),
            Err(FetchError::InsecureScheme)
        ));
        assert_eq!(check("http://a.example/x", true).ok(), Some(Scheme::Http));
        assert!(matches!(
            check("ftp://a.example/x", true),
            Err(FetchError::UnsupportedScheme { scheme }) if scheme == "ftp"
        ));
        for bad in [
            "a.example/x",
            "https://",
            "https:///x",
            "https://:443/",
            "https://a b/",
        ] {
            assert!(
                matches!(check(bad, true), Err(FetchError::MalformedUri { .. })),
                "{bad}"
            );
        }
    }

    #[test]
    fn redirect_targets() {
        let base = "https://a.example/lists/1?x=2";
        assert_eq!(
            resolve(base, "http://b.example/y").as_deref(),
            Some("http://b.example/y")
        );
        assert_eq!(
            resolve(base, "//b.example/y").as_deref(),
            Some("https://b.example/y")
        );
        assert_eq!(resolve(base, "/y").as_deref(), Some("https://a.example/y"));
        assert_eq!(
            resolve(base, "2").as_deref(),
            Some("https://a.example/lists/2")
        );
        assert_eq!(
            resolve("https://a.example", "2").as_deref(),
            Some("https://a.example/2")
        );
        assert_eq!(resolve(base, "  "), None);
    }

    #[test]
    fn media_types() {
        let cwt = "application/statuslist+cwt";
        assert!(media_type_matches(cwt, cwt));
        assert!(media_type_matches(
            "Application/StatusList+CWT; charset=utf-8",
            cwt
        ));
        assert!(!media_type_matches("application/cwt", cwt));
        assert!(!media_type_matches("", cwt));
    }

    #[test]
    fn cache_control() {
        assert_eq!(max_age("public, max-age=3600"), Some(3600));
        assert_eq!(max_age("max-age=\"60\""), Some(60));
        assert_eq!(max_age("no-store"), Some(0));
        assert_eq!(max_age("public"), None);
        assert_eq!(max_age("max-age=-1"), None);
    }

    #[test]
    fn paths() {
        assert_eq!(path_of("https://a.example/lists/1?x#f"), "/lists/1?x");
        assert_eq!(path_of("https://a.example"), "/");
        assert_eq!(path_of("lists/1"), "/lists/1");
        assert_eq!(path_of("/lists/1"), "/lists/1");
    }
}
