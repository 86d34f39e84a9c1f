//! Server-provided nonces (RFC 9449 §8 for authorization servers, §9 for
//! resource servers) and their syntax (§8.1).
//!
//! A resource server's nonce here is stateless: `base64url(step ‖
//! HMAC-SHA256(secret, label ‖ step)[..16])` with `step = now / 60`. It is
//! unpredictable without the secret (§8: "Nonce values MUST be
//! unpredictable") and accepted for its own step and the two before (two to
//! three minutes), so servers sharing the secret accept each other's nonces
//! without shared state. A proof checked against a nonce has its age bounded
//! by the nonce instead of `iat` (§4.3 item 11, §11.1).
//!
//! The client side reads `use_dpop_nonce` answers: 400 with a JSON `error`
//! from an authorization server (§8), 401 with a `WWW-Authenticate: DPoP`
//! challenge from a resource server (§9), each with a `DPoP-Nonce` header.

use alloc::string::String;

use subtle::ConstantTimeEq;

use crate::b64;
use crate::error::{Error, Result};
use crate::jose::alg::Hash;
use crate::jose::sig::HmacKey;
use crate::json::{self, Value};

/// Seconds per nonce step.
pub const STEP: u64 = 60;
/// Steps before the current one whose nonces are still accepted.
const PAST_STEPS: u64 = 2;
const LABEL: &[u8] = b"edgeauth DPoP nonce v1";
/// The longest nonce a client keeps.
pub const MAX_LENGTH: usize = 1024;

/// The secret a resource server's nonces are made with (at least 32 bytes).
/// `Debug` never shows it.
#[derive(Debug)]
pub struct NonceKey(HmacKey);

impl NonceKey {
    pub fn new(secret: &[u8]) -> Result<NonceKey> {
        if secret.len() < 32 {
            return Err(Error::Config("the DPoP nonce secret must be at least 32 bytes".into()));
        }
        Ok(NonceKey(HmacKey::new(secret.into())))
    }

    fn tag(&self, step: u64) -> [u8; 24] {
        let mut input = alloc::vec::Vec::with_capacity(LABEL.len() + 8);
        input.extend_from_slice(LABEL);
        input.extend_from_slice(&step.to_be_bytes());
        let mac = self.0.mac(Hash::Sha256, &input);
        let mut out = [0u8; 24];
        out[..8].copy_from_slice(&step.to_be_bytes());
        out[8..].copy_from_slice(&mac[..16]);
        out
    }

    /// The nonce to hand out at `now`.
    pub fn issue(&self, now: u64) -> String {
        b64::encode(&self.tag(now / STEP))
    }

    /// When `nonce` stops being accepted, if it is one of ours and fresh at `now`.
    pub fn check(&self, nonce: &str, now: u64) -> Option<u64> {
        let bytes = b64::decode(nonce).filter(|b| b.len() == 24)?;
        let step = u64::from_be_bytes(bytes[..8].try_into().ok()?);
        let current = now / STEP;
        if step > current || current - step > PAST_STEPS {
            return None;
        }
        bool::from(self.tag(step).ct_eq(bytes.as_slice())).then(|| (step + PAST_STEPS + 1) * STEP)
    }
}

/// `nonce = 1*NQCHAR` (§8.1; NQCHAR = %x21 / %x23-5B / %x5D-7E), at most
/// [`MAX_LENGTH`] long.
pub fn is_valid(nonce: &str) -> bool {
    !nonce.is_empty() && nonce.len() <= MAX_LENGTH && nonce.bytes().all(|b| b == 0x21 || (0x23..=0x5b).contains(&b) || (0x5d..=0x7e).contains(&b))
}

/// The nonce a `use_dpop_nonce` answer asks for: an authorization server's
/// 400 with `{"error":"use_dpop_nonce"}` (§8) or a resource server's 401 with
/// a `DPoP` challenge whose `error` is `use_dpop_nonce` (§9), either with a
/// well-formed `DPoP-Nonce` header. `None` for any other answer.
pub fn requested(status: u16, dpop_nonce: Option<&str>, www_authenticate: Option<&str>, body: &str) -> Option<String> {
    let nonce = dpop_nonce.filter(|n| is_valid(n))?;
    let asked = match status {
        400 => matches!(json::parse(body), Ok(Value::Object(m)) if m.get("error").and_then(Value::as_str) == Some("use_dpop_nonce")),
        401 => www_authenticate
            .and_then(crate::challenge::parse)
            .is_some_and(|cs| cs.iter().any(|c| c.scheme.eq_ignore_ascii_case("DPoP") && c.params.get("error").is_some_and(|e| e == "use_dpop_nonce"))),
        _ => false,
    };
    asked.then(|| nonce.into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn issued_nonces_live_two_to_three_steps() {
        let key = NonceKey::new(&[7u8; 32]).unwrap();
        let other = NonceKey::new(&[8u8; 32]).unwrap();
        let now = 1_700_000_030;
        let nonce = key.issue(now);
        assert!(is_valid(&nonce) && nonce.len() == 32);
        assert_eq!(key.issue(now + 1), nonce, "stable within a step");
        let until = key.check(&nonce, now).unwrap();
        assert!(until > now + 2 * STEP - 60 && until <= now + 3 * STEP);
        assert!(key.check(&nonce, until - 1).is_some());
        assert_eq!(key.check(&nonce, until), None, "stale");
        assert_eq!(key.check(&nonce, now - STEP), None, "from the future");
        assert_eq!(other.check(&nonce, now), None, "another secret");
        let mut forged = b64::decode(&nonce).unwrap();
        forged[23] ^= 1;
        assert_eq!(key.check(&b64::encode(&forged), now), None);
        for bad in ["", "x", "!!!!", &"A".repeat(40)] {
            assert_eq!(key.check(bad, now), None, "{bad:?}");
        }
        assert_eq!(NonceKey::new(&[1u8; 31]).unwrap_err().code(), "ERR_CONFIG");
        assert!(!alloc::format!("{key:?}").contains("7, 7"), "the secret is redacted");
    }

    #[test]
    fn syntax_per_8_1() {
        assert!(is_valid("eyJ7S_zG.eyJH0-Z.HX4w-7v"));
        for bad in ["", "a b", "a\"b", "a\\b", "caf\u{e9}", &"a".repeat(MAX_LENGTH + 1)] {
            assert!(!is_valid(bad), "{bad:?}");
        }
    }

    #[test]
    fn use_dpop_nonce_answers() {
        let body = r#"{"error":"use_dpop_nonce","error_description":"Authorization server requires nonce in DPoP proof"}"#;
        assert_eq!(requested(400, Some("eyJ7S_zG.eyJH0-Z.HX4w-7v"), None, body).as_deref(), Some("eyJ7S_zG.eyJH0-Z.HX4w-7v"), "§8 Figure 20");
        let challenge = r#"DPoP error="use_dpop_nonce", error_description="Resource server requires nonce in DPoP proof""#;
        assert_eq!(requested(401, Some("n1"), Some(challenge), "").as_deref(), Some("n1"), "§9 Figure 24");
        assert_eq!(requested(401, Some("n1"), Some(&alloc::format!("Bearer realm=\"x\", {challenge}")), "").as_deref(), Some("n1"), "after a Bearer challenge");
        assert_eq!(requested(400, None, None, body), None, "no nonce header");
        assert_eq!(requested(400, Some("a b"), None, body), None, "malformed nonce");
        assert_eq!(requested(400, Some("n"), None, r#"{"error":"invalid_grant"}"#), None);
        assert_eq!(requested(401, Some("n"), Some(r#"Bearer error="use_dpop_nonce""#), ""), None, "only a DPoP challenge asks");
        assert_eq!(requested(401, Some("n"), Some(r#"DPoP error="invalid_token""#), ""), None);
        assert_eq!(requested(500, Some("n"), Some(challenge), body), None);
    }
}
