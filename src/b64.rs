//! base64url without padding (RFC 4648 §5), as JOSE uses it (RFC 7515 §2).
//!
//! Decoding is strict: padding, whitespace, the standard alphabet and
//! non-canonical trailing bits are all refused.

use alloc::string::String;
use alloc::vec::Vec;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;

/// Encode bytes as unpadded base64url.
pub fn encode(bytes: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

/// Decode unpadded base64url; `None` when the input is not canonical base64url.
pub fn decode(text: &str) -> Option<Vec<u8>> {
    URL_SAFE_NO_PAD.decode(text.as_bytes()).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_refuses_non_canonical_input() {
        assert_eq!(encode(b"\xfb\xff"), "-_8");
        assert_eq!(decode("-_8").unwrap(), b"\xfb\xff");
        assert_eq!(decode("").unwrap(), b"");
        for bad in ["-_8=", "+/8", "a", "ab c", "-_9"] {
            assert!(decode(bad).is_none(), "{bad:?} must be refused");
        }
    }
}
