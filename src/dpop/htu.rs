//! The `htu` comparison (RFC 9449 §4.3 item 9): the proof's `htu` must match
//! the request's URI "ignoring any query and fragment parts", after
//! syntax-based (RFC 3986 §6.2.2: case, percent-encoding, dot segments) and
//! scheme-based (§6.2.3: default port, empty path) normalization.
//!
//! Only absolute `http:` and `https:` URIs without userinfo compare; anything
//! else normalizes to nothing and so never matches.

use alloc::string::String;
use alloc::vec::Vec;

/// The longest URI compared.
pub const MAX_LENGTH: usize = 4096;

/// `url` without query and fragment, normalized for comparison; `None` when
/// it is not an absolute http(s) URI this comparison accepts.
pub fn normalize(url: &str) -> Option<String> {
    if url.len() > MAX_LENGTH || url.bytes().any(|b| b <= b' ' || b == 0x7f) {
        return None;
    }
    let url = url.split('#').next().unwrap_or_default();
    let url = url.split('?').next().unwrap_or_default();
    let (scheme, rest) = url.split_once("://")?;
    let scheme = scheme.to_ascii_lowercase();
    let default_port = match scheme.as_str() {
        "http" => 80,
        "https" => 443,
        _ => return None,
    };
    let (authority, path) = match rest.find('/') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, "/"),
    };
    if authority.contains('@') {
        return None;
    }
    let (host, port) = split_authority(authority)?;
    let mut out = String::with_capacity(url.len());
    out.push_str(&scheme);
    out.push_str("://");
    out.push_str(&percent_normalized(&host.to_ascii_lowercase())?);
    if let Some(port) = port {
        if port != default_port {
            out.push(':');
            out.push_str(&alloc::format!("{port}"));
        }
    }
    out.push_str(&remove_dot_segments(&percent_normalized(path)?));
    Some(out)
}

/// `(host, port)`; an empty port is no port (RFC 3986 §6.2.3).
fn split_authority(authority: &str) -> Option<(&str, Option<u16>)> {
    let (host, port) = if authority.starts_with('[') {
        let end = authority.find(']')?;
        let rest = &authority[end + 1..];
        let port = match rest.strip_prefix(':') {
            Some(p) => Some(p),
            None if rest.is_empty() => None,
            None => return None,
        };
        (&authority[..=end], port)
    } else {
        match authority.rsplit_once(':') {
            Some((h, p)) => (h, Some(p)),
            None => (authority, None),
        }
    };
    if host.is_empty() {
        return None;
    }
    let port = match port {
        None | Some("") => None,
        Some(p) if p.len() <= 5 && p.bytes().all(|b| b.is_ascii_digit()) => Some(p.parse::<u16>().ok()?),
        Some(_) => return None,
    };
    Some((host, port))
}

fn is_unreserved(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~')
}

fn hex(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

fn push_escaped(out: &mut String, b: u8) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    out.push('%');
    out.push(HEX[(b >> 4) as usize] as char);
    out.push(HEX[(b & 15) as usize] as char);
}

/// Percent-encodings with upper-case hex, unreserved characters decoded,
/// non-ASCII bytes encoded (what a WHATWG URL serializer writes).
fn percent_normalized(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b == b'%' {
            let value = hex(*bytes.get(i + 1)?)? << 4 | hex(*bytes.get(i + 2)?)?;
            if is_unreserved(value) {
                out.push(value as char);
            } else {
                push_escaped(&mut out, value);
            }
            i += 3;
        } else {
            if b.is_ascii() {
                out.push(b as char);
            } else {
                push_escaped(&mut out, b);
            }
            i += 1;
        }
    }
    Some(out)
}

/// RFC 3986 §5.2.4 for an absolute path.
fn remove_dot_segments(path: &str) -> String {
    let segments: Vec<&str> = path.split('/').skip(1).collect();
    let mut out: Vec<&str> = Vec::with_capacity(segments.len());
    for (i, segment) in segments.iter().enumerate() {
        let last = i + 1 == segments.len();
        match *segment {
            "." => {}
            ".." => {
                out.pop();
            }
            s => out.push(s),
        }
        if last && matches!(*segment, "." | "..") {
            out.push("");
        }
    }
    let mut result = String::with_capacity(path.len());
    for s in &out {
        result.push('/');
        result.push_str(s);
    }
    if result.is_empty() {
        result.push('/');
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_fragment_case_ports_and_dots() {
        let n = |u: &str| normalize(u);
        assert_eq!(n("https://Server.Example.COM/token?x=1#f").as_deref(), Some("https://server.example.com/token"));
        assert_eq!(n("HTTPS://server.example.com:443/token"), n("https://server.example.com/token"));
        assert_eq!(n("http://127.0.0.1:80/a"), n("http://127.0.0.1/a"));
        assert_eq!(n("http://127.0.0.1:8787/a").as_deref(), Some("http://127.0.0.1:8787/a"));
        assert_eq!(n("https://as.example").as_deref(), Some("https://as.example/"));
        assert_eq!(n("https://as.example?x").as_deref(), Some("https://as.example/"));
        assert_eq!(n("https://as.example:/t").as_deref(), Some("https://as.example/t"));
        assert_eq!(n("https://as.example/a/./b/../c/%7euser/%2f%2F").as_deref(), Some("https://as.example/a/c/~user/%2F%2F"));
        assert_eq!(n("https://as.example/a/..").as_deref(), Some("https://as.example/"));
        assert_eq!(n("https://as.example/a/.").as_deref(), Some("https://as.example/a/"));
        assert_eq!(n("https://as.example/a//b").as_deref(), Some("https://as.example/a//b"), "empty segments are kept");
        assert_eq!(n("https://[::1]:8443/x").as_deref(), Some("https://[::1]:8443/x"));
        assert_eq!(n("https://as.example/caf\u{e9}").as_deref(), Some("https://as.example/caf%C3%A9"));
        assert_ne!(n("https://as.example/Token"), n("https://as.example/token"), "paths are case-sensitive");
        assert_ne!(n("https://as.example/token"), n("http://as.example/token"));
        assert_ne!(n("https://as.example:8443/token"), n("https://as.example/token"));
    }

    #[test]
    fn refused() {
        for bad in ["", "/token", "as.example/token", "ftp://as.example/x", "https://", "https://:443/x", "https://user:pw@as.example/x", "https://as.example:99999/x", "https://as.example:x/y", "https://as.example/a b", "https://as.example/%zz", "https://as.example/%4", "https://[::1/x", "https://[::1]x/y"] {
            assert_eq!(normalize(bad), None, "{bad:?}");
        }
        assert_eq!(normalize(&alloc::format!("https://as.example/{}", "a".repeat(MAX_LENGTH))), None);
    }
}
