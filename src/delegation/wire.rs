//! What travels on the wire (docs/delegation.md §2–§3): header names, the
//! syntax of each bound field, and the canonical text that is both signed
//! (Ed25519, RFC 8032 §5.1.6) and, without its last line, used as AEAD
//! associated data (RFC 8439 §2.8).

use alloc::string::String;
use alloc::vec::Vec;

use sha2::{Digest, Sha256};

use crate::b64;

pub const VERSION: &str = "v1";
pub const HEADER_VERSION: &str = "edgeauth-version";
pub const HEADER_TENANT: &str = "edgeauth-tenant";
pub const HEADER_TIMESTAMP: &str = "edgeauth-timestamp";
pub const HEADER_REQUEST_ID: &str = "edgeauth-request-id";
pub const HEADER_SIGNATURE: &str = "edgeauth-signature";
pub const CONTENT_TYPE: &str = "application/octet-stream";

/// Largest sealed body either side accepts.
pub const MAX_BODY: usize = 1 << 20;
pub const REQUEST_ID_BYTES: usize = 16;

pub const REQUEST_LABEL: &str = "edgeauth-delegation/v1 request";
pub const RESPONSE_LABEL: &str = "edgeauth-delegation/v1 response";

/// 1–128 of `A-Z a-z 0-9 . _ ~ : -`.
pub fn valid_tenant(s: &str) -> bool {
    (1..=128).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_alphanumeric() || b"._~:-".contains(&b))
}

/// The methods a delegated request may use: those that carry a body in
/// every HTTP client (fetch refuses a body on GET and HEAD).
pub const METHODS: [&str; 4] = ["POST", "PUT", "PATCH", "DELETE"];

/// One of [`METHODS`].
pub fn valid_method(s: &str) -> bool {
    METHODS.contains(&s)
}

/// Longest request target (path and query) either side accepts.
pub const MAX_TARGET: usize = 2048;

/// Why `target` is not a request target of the restricted form of
/// docs/delegation.md §2.1 (`None` when it is one). The form is a subset of
/// RFC 3986 §3.3/§3.4 that the WHATWG URL parser (what `fetch` and `Request`
/// use) leaves byte for byte as it is, so the text the client signs is the
/// text the server reads from `url.pathname + url.search`.
pub fn target_defect(target: &str) -> Option<String> {
    let bytes = target.as_bytes();
    if bytes.first() != Some(&b'/') {
        return Some("the request target must start with \"/\"".into());
    }
    if bytes.len() > MAX_TARGET {
        return Some(alloc::format!("the request target is longer than {MAX_TARGET} characters"));
    }
    let (path, query) = match target.split_once('?') {
        Some((p, q)) => (p, Some(q)),
        None => (target, None),
    };
    if query == Some("") {
        return Some("the request target ends in an empty query (\"?\" with nothing after it)".into());
    }
    let mut at = 0;
    while at < bytes.len() {
        let b = bytes[at];
        if b == b'%' {
            let hex = |i: usize| bytes.get(i).filter(|c| c.is_ascii_digit() || (b'A'..=b'F').contains(c)).copied();
            let (Some(hi), Some(lo)) = (hex(at + 1), hex(at + 2)) else {
                return Some("the request target has a \"%\" not followed by two upper-case hex digits".into());
            };
            let decoded = (nibble(hi) << 4) | nibble(lo);
            if is_unreserved(decoded) {
                return Some(alloc::format!("the request target percent-encodes the unreserved character \"{}\" (write it as is)", decoded as char));
            }
            at += 3;
            continue;
        }
        if !(is_unreserved(b) || b"!$&()*+,;=:@/?".contains(&b)) {
            let c = target[at..].chars().next().unwrap_or('?');
            let shown = if c.is_ascii_graphic() { alloc::format!("\"{c}\"") } else { alloc::format!("U+{:04X}", u32::from(c)) };
            return Some(alloc::format!("the request target holds {shown}, outside A-Z a-z 0-9 - . _ ~ ! $ & ( ) * + , ; = : @ / ? and %XX"));
        }
        at += 1;
    }
    if path.split('/').any(|segment| segment == "." || segment == "..") {
        return Some("the request target has a \".\" or \"..\" path segment".into());
    }
    None
}

fn is_unreserved(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"-._~".contains(&b)
}

fn nibble(hex: u8) -> u8 {
    if hex.is_ascii_digit() {
        hex - b'0'
    } else {
        hex - b'A' + 10
    }
}

/// Largest timestamp either side accepts: 2^53 − 1, the largest integer every
/// JSON and JavaScript implementation holds exactly.
pub const MAX_TIMESTAMP: u64 = (1 << 53) - 1;

/// Unix seconds: decimal digits, no sign, no leading zero, at most [`MAX_TIMESTAMP`].
pub fn parse_timestamp(s: &str) -> Option<u64> {
    let canonical = !s.is_empty() && s.len() <= 16 && s.bytes().all(|b| b.is_ascii_digit()) && (s == "0" || !s.starts_with('0'));
    let value: u64 = if canonical { s.parse().ok()? } else { return None };
    (value <= MAX_TIMESTAMP).then_some(value)
}

/// A received header value without the optional whitespace (SP, HTAB) around
/// it, which is not part of a field value (RFC 9110 §5.5); whitespace inside
/// it stays and fails the field's syntax.
pub fn header_value(value: Option<&str>) -> Option<&str> {
    value.map(|v| v.trim_matches([' ', '\t']))
}

/// A request id: canonical base64url of exactly 16 bytes.
pub fn valid_request_id(s: &str) -> bool {
    s.len() == 22 && b64::decode(s).is_some_and(|b| b.len() == REQUEST_ID_BYTES)
}

/// A signature header: canonical base64url of exactly 64 bytes.
pub fn parse_signature(s: &str) -> Option<ed25519_dalek::Signature> {
    let bytes = b64::decode(s)?;
    ed25519_dalek::Signature::from_slice(&bytes).ok()
}

/// Lines joined by LF: the AAD. [`signed`] adds the body digest line.
pub fn lines(parts: &[&str]) -> String {
    let mut out = String::with_capacity(parts.iter().map(|p| p.len() + 1).sum());
    for (i, part) in parts.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str(part);
    }
    out
}

/// The signed text: the AAD, LF, base64url(SHA-256(body)).
pub fn signed(aad: &str, body: &[u8]) -> String {
    let digest = b64::encode(&Sha256::digest(body));
    let mut out = String::with_capacity(aad.len() + 1 + digest.len());
    out.push_str(aad);
    out.push('\n');
    out.push_str(&digest);
    out
}

/// Why `bytes` is not a body the envelope carries (`None` when it is one):
/// one JSON text (RFC 8259) in UTF-8 without a byte order mark, nested at
/// most 128 deep, and within I-JSON (RFC 7493 §2): no lone surrogate (escaped
/// or not), no duplicate member name, no number that overflows an IEEE 754
/// double.
pub fn json_defect(bytes: &[u8]) -> Option<&'static str> {
    let Ok(text) = core::str::from_utf8(bytes) else {
        return Some("it is not UTF-8");
    };
    let Ok(value) = crate::json::parse(text) else {
        return Some("it is not one JSON text (RFC 8259), is nested deeper than 128, or escapes a lone surrogate");
    };
    i_json_defect(&value)
}

fn i_json_defect(value: &crate::json::Value) -> Option<&'static str> {
    use crate::json::Value;
    match value {
        Value::Number(n) if n.overflows_f64() => Some("a number overflows an IEEE 754 double (RFC 7493 §2.2)"),
        Value::Array(items) => items.iter().find_map(i_json_defect),
        Value::Object(map) => {
            let mut names: Vec<&str> = map.iter().map(|(name, _)| name).collect();
            names.sort_unstable();
            if names.windows(2).any(|pair| pair[0] == pair[1]) {
                return Some("an object repeats a member name (RFC 7493 §2.3)");
            }
            map.iter().find_map(|(_, v)| i_json_defect(v))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_syntax() {
        assert!(valid_tenant("acme-01.eu:prod_~"));
        for bad in ["", "a b", "a\nb", "ü", &"a".repeat(129)] {
            assert!(!valid_tenant(bad), "{bad:?}");
        }
        for m in ["POST", "PUT", "PATCH", "DELETE"] {
            assert!(valid_method(m));
        }
        for bad in ["GET", "HEAD", "OPTIONS", "post", "", "PO ST"] {
            assert!(!valid_method(bad), "{bad:?}");
        }
        let long = alloc::format!("/{}", "a".repeat(2047));
        for good in ["/", "//x", "/v1/management/users/phone?x=1&y=a:b@c/d?e", "/a%20b%7B%2F", "/...", "/a.b/.c/..d", "/!$&()*+,;=:@", &long] {
            assert_eq!(target_defect(good), None, "{good:?}");
        }
        let too_long = alloc::format!("{long}a");
        for (bad, why) in [
            ("", "start with"),
            ("v1", "start with"),
            (&too_long, "longer than 2048"),
            ("/a?", "empty query"),
            ("/a b", "outside"),
            ("/a\n", "outside"),
            ("/a{b}", "holds \"{\""),
            ("/a\tb", "holds U+0009,"),
            ("/a\\b", "outside"),
            ("/a#frag", "outside"),
            ("/a?q=\"'<>", "outside"),
            ("/caf\u{e9}", "outside"),
            ("/a|b", "outside"),
            ("/a'b", "outside"),
            ("/a%2", "hex digits"),
            ("/a%7b", "hex digits"),
            ("/a%2E%2E/b", "unreserved"),
            ("/a%2e%2e/b", "hex digits"),
            ("/a%41", "unreserved"),
            ("/a/../b", "segment"),
            ("/a/./b", "segment"),
            ("/a/..", "segment"),
            ("/..?x=1", "segment"),
        ] {
            let defect = target_defect(bad).unwrap_or_else(|| panic!("{bad:?} accepted"));
            assert!(defect.contains(why), "{bad:?}: {defect}");
        }
        assert!(target_defect("/a?b=/../c").is_none(), "dot segments only matter in the path");
        assert_eq!(parse_timestamp("1800000000"), Some(1_800_000_000));
        assert_eq!(parse_timestamp("0"), Some(0));
        assert_eq!(parse_timestamp("9007199254740991"), Some(MAX_TIMESTAMP));
        for bad in ["", "01", "+1", "-1", "1.0", " 1", "99999999999999999", "9007199254740992", "9007199254740993"] {
            assert_eq!(parse_timestamp(bad), None, "{bad:?}");
        }
        assert_eq!(header_value(Some(" \tv1\t ")), Some("v1"));
        assert_eq!(header_value(Some("v 1")), Some("v 1"));
        assert_eq!(header_value(None), None);
        assert!(valid_request_id("AAAAAAAAAAAAAAAAAAAAAA"));
        assert!(!valid_request_id("AAAAAAAAAAAAAAAAAAAAAB"), "non-canonical trailing bits");
        assert!(!valid_request_id("AAAAAAAAAAAAAAAAAAAAA"));
        assert!(parse_signature(&"A".repeat(86)).is_some());
        assert!(parse_signature(&"A".repeat(85)).is_none());
        assert!(parse_signature("").is_none());
    }

    #[test]
    fn canonical_text() {
        assert_eq!(lines(&["a", "b", "c"]), "a\nb\nc");
        assert_eq!(signed("a\nb", b""), "a\nb\n47DEQpj8HBSa-_TImW-5JCeuQeRkm5NMpJWZG3hSuFU");
        for good in [&b" {\"a\":[1,null]} "[..], b"1e308", b"-1e-400", b"18446744073709551617", b"\"\\ud83d\\ude00\"", b"{\"a\":{\"a\":1},\"b\":{\"a\":2}}"] {
            assert_eq!(json_defect(good), None, "{:?}", core::str::from_utf8(good));
        }
        let deep = |n: usize| alloc::format!("{}{}", "[".repeat(n), "]".repeat(n));
        assert_eq!(json_defect(deep(128).as_bytes()), None);
        for (bad, why) in [
            (&b"{\"a\":"[..], "not one JSON text"),
            (b"", "not one JSON text"),
            (b"{} {}", "not one JSON text"),
            (b"\xef\xbb\xbf{}", "not one JSON text"),
            (deep(129).as_bytes(), "not one JSON text"),
            (b"\"\\ud800\"", "lone surrogate"),
            (b"\"\\udc00x\"", "lone surrogate"),
            (b"\"\xff\"", "UTF-8"),
            (b"1e309", "overflows"),
            (b"[-1e400]", "overflows"),
            (b"{\"a\":1,\"a\":1}", "repeats"),
            (b"[{\"x\":{\"b\":1,\"b\":2}}]", "repeats"),
        ] {
            let defect = json_defect(bad).unwrap_or_else(|| panic!("{:?} accepted", core::str::from_utf8(bad)));
            assert!(defect.contains(why), "{defect}");
        }
    }
}
