//! Compact JWS (RFC 7515 §3.1, §5.2, §7.1): parsing, header checks and
//! signing input, split so the host can do the signature check in between.
//!
//! Verification is three steps: [`prepare`] (parse, header checks, key
//! selection), a signature check ([`Prepared::verify_locally`] in the core,
//! or WebCrypto in the host through [`super::HostCheck`]), and the claims
//! (`jwt.rs`), all sequenced by [`super::begin`].

use alloc::string::String;
use alloc::vec::Vec;

use super::alg::{Alg, Family};
use super::jwk::{Jwk, KeyOp, KeySet};
use super::sig;
use crate::b64;
use crate::error::{Error, Result};
use crate::json::{self, Reader};

/// Default limit on a compact token's length (16 KiB).
pub const DEFAULT_MAX_TOKEN_SIZE: usize = 16 * 1024;

/// The protected header members the core reads; the full JSON object is
/// returned to the caller untouched.
#[derive(Default)]
struct Header {
    alg: Option<String>,
    kid: Option<String>,
    typ: Option<String>,
    crit: Option<Vec<String>>,
}

impl Header {
    /// Read the members above from a header JSON object (the last of a
    /// repeated member counts), skipping the others.
    fn read(bytes: &[u8]) -> core::result::Result<Header, json::Malformed> {
        let mut h = Header::default();
        let mut r = Reader::new(bytes);
        r.object(|r, name| {
            match name.as_ref() {
                "alg" => h.alg = r.opt_string()?,
                "kid" => h.kid = r.opt_string()?,
                "typ" => h.typ = r.opt_string()?,
                "crit" => h.crit = r.opt_strings()?,
                _ => r.skip()?,
            }
            Ok(())
        })?;
        r.end()?;
        Ok(h)
    }
}

/// Header members RFC 7515 §4.1.11 forbids in `crit`.
const REGISTERED: [&str; 11] = ["alg", "jku", "jwk", "kid", "x5u", "x5c", "x5t", "x5t#S256", "typ", "cty", "crit"];

/// A compact JWS split into its parts, with its header checked.
#[derive(Debug)]
pub struct Parsed {
    pub alg: Alg,
    pub kid: Option<String>,
    pub typ: Option<String>,
    pub header_json: String,
    pub payload: Vec<u8>,
    /// Length of `BASE64URL(header) '.' BASE64URL(payload)` within the token.
    signing_input_len: usize,
    pub signature: Vec<u8>,
}

/// The error for a token longer than `max_size` bytes.
pub fn too_long(max_size: usize) -> Error {
    Error::JwsInvalid(alloc::format!("the token is longer than {max_size} bytes"))
}

fn malformed(why: &str) -> Error {
    Error::JwsInvalid(why.into())
}


/// Parse a compact JWS and check its protected header: `alg` present, known,
/// not `none`, within `allowed` (when given); `crit` understood.
pub fn parse(token: &str, allowed: Option<&[Alg]>, max_size: usize) -> Result<Parsed> {
    if token.len() > max_size {
        return Err(too_long(max_size));
    }
    let mut parts = token.split('.');
    let (Some(h), Some(p), Some(s), None) = (parts.next(), parts.next(), parts.next(), parts.next()) else {
        return Err(malformed("a compact JWS has exactly three segments"));
    };
    let header_bytes = b64::decode(h).ok_or_else(|| malformed("the protected header is not base64url"))?;
    let header = Header::read(&header_bytes).map_err(|_| malformed("the protected header is not a JSON object with string members"))?;
    let alg = Alg::parse(header.alg.as_deref().ok_or_else(|| malformed("the header has no \"alg\""))?)?;
    if let Some(allowed) = allowed {
        if !allowed.contains(&alg) {
            return Err(Error::AlgNotAllowed(alloc::format!("\"{}\" is not in the allowed algorithms", alg.name())));
        }
    }
    if let Some(crit) = &header.crit {
        if crit.is_empty() || crit.iter().any(|c| c.is_empty() || REGISTERED.contains(&c.as_str())) {
            return Err(malformed("\"crit\" must list extension header names"));
        }
        return Err(Error::NotSupported(alloc::format!("critical header parameter {}", json::quote(&crit[0]))));
    }
    let payload = b64::decode(p).ok_or_else(|| malformed("the payload is not base64url"))?;
    let signature = b64::decode(s).ok_or_else(|| malformed("the signature is not base64url"))?;
    let header_json = String::from_utf8(header_bytes).map_err(|_| malformed("the header is not UTF-8"))?;
    Ok(Parsed { alg, kid: header.kid, typ: header.typ, header_json, payload, signing_input_len: h.len() + 1 + p.len(), signature })
}

/// A token whose header passed and whose keys are chosen, waiting for its
/// signature check. Borrows the token: the signing input is its prefix.
#[derive(Debug)]
pub struct Prepared<'t> {
    pub parsed: Parsed,
    token: &'t str,
    /// Indices into the key set, best first.
    pub candidates: Vec<usize>,
}

/// Parse `token`, check its header and pick the keys that may verify it.
pub fn prepare<'t>(token: &'t str, keys: &KeySet, allowed: Option<&[Alg]>, max_size: usize) -> Result<Prepared<'t>> {
    let parsed = parse(token, allowed, max_size)?;
    let candidates = keys.select(parsed.alg, parsed.kid.as_deref(), KeyOp::Verify)?;
    Ok(Prepared { parsed, token, candidates })
}

impl<'t> Prepared<'t> {
    /// The bytes the signature covers.
    pub fn signing_input(&self) -> &'t [u8] {
        &self.token.as_bytes()[..self.parsed.signing_input_len]
    }

    /// Whether the host should check the signature rather than
    /// [`Prepared::verify_locally`]: RSA and ECDSA in wasm, and Ed25519 when
    /// the host has it (`host_ed25519`; WebCrypto is faster there).
    pub fn needs_host(&self, host_ed25519: bool) -> bool {
        !sig::verifies_locally(self.parsed.alg) || (host_ed25519 && self.parsed.alg == Alg::EdDSA)
    }

    /// Check the signature in the core against each candidate key in turn.
    pub fn verify_locally(&self, keys: &KeySet) -> Result<()> {
        let alg = self.parsed.alg;
        if alg.family() == Family::Ecdsa && self.parsed.signature.len() != if alg == Alg::ES256 { 64 } else { 96 } {
            return Err(Error::JwsSignatureInvalid);
        }
        for &i in &self.candidates {
            if sig::verify(alg, &keys.keys()[i], self.signing_input(), &self.parsed.signature).is_ok() {
                return Ok(());
            }
        }
        Err(Error::JwsSignatureInvalid)
    }
}

/// Header fields for [`signing_input`].
#[derive(Debug, Default)]
pub struct SignHeader {
    pub alg: String,
    pub kid: Option<String>,
    pub typ: Option<String>,
}

impl SignHeader {
    /// From the JSON text `{ alg, kid?, typ? }` the host sends.
    pub fn from_json(json: &str) -> Result<SignHeader> {
        let o = json::Options::parse(json, "sign options", &["alg", "kid", "typ"])?;
        let alg = o.str("alg")?.ok_or_else(|| Error::Config("sign options: \"alg\" is required".into()))?;
        Ok(SignHeader { alg: alg.into(), kid: o.str("kid")?.map(String::from), typ: o.str("typ")?.map(String::from) })
    }
}

/// `BASE64URL(header) '.' BASE64URL(payload)` for a JSON object payload,
/// after checking that `key` may sign with `alg`.
pub fn signing_input(header: &SignHeader, key: &Jwk, payload_json: &str) -> Result<(Alg, String)> {
    let alg = Alg::parse(&header.alg)?;
    if let Some(why) = key.unfit_for(alg, KeyOp::Sign) {
        return Err(Error::AlgNotAllowed(why));
    }
    // JSON.stringify writes a lone UTF-16 surrogate as a `\ud800` escape,
    // which no UTF-8 text can hold (RFC 8725 §3.7: JWTs are UTF-8).
    if !json::is_object(payload_json.as_bytes()) {
        return Err(Error::Config("the JWT payload must be a JSON object in UTF-8 (no lone UTF-16 surrogates)".into()));
    }
    let header_json = json::Obj::new().str("alg", alg.name()).opt_str("kid", header.kid.as_deref()).opt_str("typ", header.typ.as_deref()).finish();
    let mut out = b64::encode(header_json.as_bytes());
    out.push('.');
    out.push_str(&b64::encode(payload_json.as_bytes()));
    Ok((alg, out))
}

/// Sign with a key the core handles (HMAC, Ed25519) and return the compact JWS.
pub fn sign(header: &SignHeader, key: &Jwk, payload_json: &str) -> Result<String> {
    let (alg, mut input) = signing_input(header, key, payload_json)?;
    let signature = sig::sign(alg, key, input.as_bytes())?;
    input.push('.');
    input.push_str(&b64::encode(&signature));
    Ok(input)
}

/// Split a compact JWS and return its header and payload JSON text without
/// verifying anything (for `decodeJwt` / `decodeProtectedHeader`).
pub fn decode_unverified(token: &str, max_size: usize) -> Result<(String, String)> {
    if token.len() > max_size {
        return Err(too_long(max_size));
    }
    let mut parts = token.split('.');
    let (Some(h), Some(p), Some(_), None) = (parts.next(), parts.next(), parts.next(), parts.next()) else {
        return Err(malformed("a compact JWS has exactly three segments"));
    };
    let object = |segment: &str, what: &str| -> Result<String> {
        let bytes = b64::decode(segment).ok_or_else(|| Error::JwsInvalid(alloc::format!("{what} is not base64url")))?;
        if !json::is_object(&bytes) {
            return Err(Error::JwsInvalid(alloc::format!("{what} is not a JSON object")));
        }
        String::from_utf8(bytes).map_err(|_| malformed("not UTF-8"))
    };
    Ok((object(h, "the protected header")?, object(p, "the payload")?))
}

#[cfg(test)]
mod tests {
    use super::*;

    const HS_KEY: &str = r#"{"kty":"oct","k":"c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LXNlY3JldA"}"#;

    fn token(header: &str, payload: &str) -> String {
        let keys = KeySet::parse(HS_KEY).unwrap();
        let input = alloc::format!("{}.{}", b64::encode(header.as_bytes()), b64::encode(payload.as_bytes()));
        let sig = sig::sign(Alg::HS256, &keys.keys()[0], input.as_bytes()).unwrap();
        alloc::format!("{input}.{}", b64::encode(&sig))
    }

    fn code(token: &str) -> &'static str {
        let keys = KeySet::parse(HS_KEY).unwrap();
        prepare(token, &keys, Some(&[Alg::HS256]), 1024).and_then(|p| p.verify_locally(&keys)).unwrap_err().code()
    }

    #[test]
    fn malformed_tokens_are_jws_invalid() {
        for bad in ["", "a.b", "a.b.c.d", "!!.e30.", "e30.!!.", "e30.e30.!!", "W10.e30.", "bnVsbA.e30."] {
            assert_eq!(code(bad), "ERR_JWS_INVALID", "{bad:?}");
        }
        let big = token(r#"{"alg":"HS256"}"#, &alloc::format!(r#"{{"x":"{}"}}"#, "a".repeat(1000)));
        assert_eq!(code(&big), "ERR_JWS_INVALID", "over the size limit");
        assert_eq!(code(&token(r#"{"typ":"JWT"}"#, "{}")), "ERR_JWS_INVALID", "no alg");
        assert_eq!(code(&token(r#"{"alg":"HS256","kid":1}"#, "{}")), "ERR_JWS_INVALID", "kid not a string");
    }

    #[test]
    fn header_policy() {
        let keys = KeySet::parse(HS_KEY).unwrap();
        let check = |h: &str| prepare(&token(h, "{}"), &keys, Some(&[Alg::HS256]), 1024).map(|_| ()).map_err(|e| e.code());
        assert_eq!(check(r#"{"alg":"HS256"}"#), Ok(()));
        assert_eq!(check(r#"{"alg":"none"}"#), Err("ERR_JOSE_ALG_NOT_ALLOWED"));
        assert_eq!(check(r#"{"alg":"HS512"}"#), Err("ERR_JOSE_ALG_NOT_ALLOWED"));
        assert_eq!(check(r#"{"alg":"HS256","crit":["exp"]}"#), Err("ERR_JOSE_NOT_SUPPORTED"));
        assert_eq!(check(r#"{"alg":"HS256","crit":["alg"]}"#), Err("ERR_JWS_INVALID"));
        assert_eq!(check(r#"{"alg":"HS256","crit":[]}"#), Err("ERR_JWS_INVALID"));
    }

    #[test]
    fn sign_then_verify_and_decode() {
        let keys = KeySet::parse(HS_KEY).unwrap();
        let header = SignHeader { alg: "HS256".into(), kid: Some("k1".into()), typ: Some("JWT".into()) };
        let jwt = sign(&header, &keys.keys()[0], r#"{"sub":"u"}"#).unwrap();
        prepare(&jwt, &keys, None, 1024).unwrap().verify_locally(&keys).unwrap();
        let (h, p) = decode_unverified(&jwt, 1024).unwrap();
        assert_eq!(h, r#"{"alg":"HS256","kid":"k1","typ":"JWT"}"#);
        assert_eq!(p, r#"{"sub":"u"}"#);
        assert_eq!(sign(&header, &keys.keys()[0], "[1]").unwrap_err().code(), "ERR_CONFIG");
        assert_eq!(decode_unverified("e30.W10.", 1024).unwrap_err().code(), "ERR_JWS_INVALID");
    }
}
