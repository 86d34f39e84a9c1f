//! What travels on the wire (docs/delegation.md §2–§3): header names, the
//! syntax of each bound field, and the canonical text that is both signed
//! (Ed25519, RFC 8032 §5.1.6) and, without its last line, used as AEAD
//! associated data (RFC 8439 §2.8).

use alloc::string::String;

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

/// 1–16 of `A-Z`.
pub fn valid_method(s: &str) -> bool {
    (1..=16).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_uppercase())
}

/// `/` then printable ASCII without spaces, at most 2048 characters.
pub fn valid_path(s: &str) -> bool {
    s.starts_with('/') && s.len() <= 2048 && s.bytes().all(|b| (0x21..=0x7e).contains(&b))
}

/// Unix seconds: decimal digits, no sign, no leading zero, at most 2^53.
pub fn parse_timestamp(s: &str) -> Option<u64> {
    let canonical = !s.is_empty() && s.len() <= 16 && s.bytes().all(|b| b.is_ascii_digit()) && (s == "0" || !s.starts_with('0'));
    let value: u64 = if canonical { s.parse().ok()? } else { return None };
    (value <= 1 << 53).then_some(value)
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

/// Whether `bytes` is one JSON text (UTF-8).
pub fn is_json(bytes: &[u8]) -> bool {
    crate::json::is_valid(bytes)
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
        assert!(valid_method("POST"));
        assert!(!valid_method("post") && !valid_method("") && !valid_method("PO ST"));
        assert!(valid_path("/v1/management/users/phone?x=1"));
        for bad in ["", "v1", "/a b", "/a\n", &alloc::format!("/{}", "a".repeat(2048))] {
            assert!(!valid_path(bad), "{bad:?}");
        }
        assert_eq!(parse_timestamp("1800000000"), Some(1_800_000_000));
        assert_eq!(parse_timestamp("0"), Some(0));
        for bad in ["", "01", "+1", "-1", "1.0", " 1", "99999999999999999", "9007199254740993"] {
            assert_eq!(parse_timestamp(bad), None, "{bad:?}");
        }
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
        assert!(is_json(b" {\"a\":[1,null]} "));
        assert!(!is_json(b"{\"a\":") && !is_json(b"") && !is_json(b"{} {}"));
    }
}
