//! JSON Web Keys and Key Sets (RFC 7517), key selection for a JWS header
//! (RFC 7515 §4.1.4, RFC 8725 §3.1) and JWK thumbprints (RFC 7638).
//!
//! Keys are checked when parsed: members present, base64url canonical, sizes
//! right for the curve, RSA moduli at least 2048 bits. In a JWK Set, keys this
//! library cannot use are skipped (RFC 7517 §5); a single unusable JWK is an
//! error. Private members never appear in `Debug` output and are zeroized.

use alloc::boxed::Box;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use core::fmt;

use crate::json::{Map, Value};
use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

use super::alg::{Alg, Family};
use super::sig::HmacKey;
use crate::b64;
use crate::error::{Error, Result};

/// Bytes that must not leak: zeroized on drop, redacted in `Debug`.
#[derive(Clone)]
pub struct Secret(Zeroizing<Vec<u8>>);

impl Secret {
    pub fn new(bytes: Vec<u8>) -> Secret {
        Secret(Zeroizing::new(bytes))
    }
    pub fn expose(&self) -> &[u8] {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

/// The decoded key material of a JWK.
#[derive(Debug, Clone)]
pub enum Material {
    /// `kty: "oct"`: an HMAC secret.
    Oct(Box<HmacKey>),
    /// `kty: "RSA"`: big-endian modulus and exponent; `private` when `d` is present.
    Rsa { n: Vec<u8>, e: Vec<u8>, private: bool },
    /// `kty: "EC"` on P-256 / P-384: uncompressed point coordinates.
    Ec { crv: String, x: Vec<u8>, y: Vec<u8>, private: bool },
    /// `kty: "OKP"`, `crv: "Ed25519"`: public key and optional seed.
    Ed25519 { x: [u8; 32], d: Option<Secret> },
}

/// One parsed, validated JWK.
#[derive(Debug, Clone)]
pub struct Jwk {
    pub kid: Option<String>,
    pub alg: Option<String>,
    pub use_: Option<String>,
    pub key_ops: Option<Vec<String>>,
    pub material: Material,
}

/// A purpose a key is selected for (RFC 7517 §4.3 `key_ops`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyOp {
    Sign,
    Verify,
}

fn invalid(why: &str) -> Error {
    Error::JwkInvalid(why.to_string())
}

fn opt_str(obj: &Map, name: &str) -> Result<Option<String>> {
    match obj.get(name) {
        None => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(_) => Err(Error::JwkInvalid(alloc::format!("\"{name}\" must be a string"))),
    }
}

fn req_b64(obj: &Map, name: &str) -> Result<Vec<u8>> {
    let text = opt_str(obj, name)?.ok_or_else(|| Error::JwkInvalid(alloc::format!("\"{name}\" is missing")))?;
    b64::decode(&text).ok_or_else(|| Error::JwkInvalid(alloc::format!("\"{name}\" is not base64url")))
}

fn strip_leading_zeros(bytes: &[u8]) -> &[u8] {
    let first = bytes.iter().position(|&b| b != 0).unwrap_or(bytes.len());
    &bytes[first..]
}

impl Jwk {
    /// Parse one JWK from its JSON object.
    pub fn from_value(value: &Value) -> Result<Jwk> {
        let obj = value.as_object().ok_or_else(|| invalid("a JWK must be a JSON object"))?;
        let kty = opt_str(obj, "kty")?.ok_or_else(|| invalid("\"kty\" is missing"))?;
        let key_ops = match obj.get("key_ops") {
            None => None,
            Some(Value::Array(ops)) => Some(
                ops.iter()
                    .map(|op| op.as_str().map(String::from).ok_or_else(|| invalid("\"key_ops\" must be an array of strings")))
                    .collect::<Result<Vec<_>>>()?,
            ),
            Some(_) => return Err(invalid("\"key_ops\" must be an array of strings")),
        };
        let material = match kty.as_str() {
            "oct" => {
                let k = req_b64(obj, "k")?;
                if k.is_empty() {
                    return Err(invalid("\"k\" is empty"));
                }
                Material::Oct(Box::new(HmacKey::new(k)))
            }
            "RSA" => {
                let n = req_b64(obj, "n")?;
                let e = req_b64(obj, "e")?;
                let bits = strip_leading_zeros(&n).len() * 8;
                if bits < 2048 {
                    return Err(invalid("RSA keys need a modulus of at least 2048 bits"));
                }
                if strip_leading_zeros(&e).is_empty() {
                    return Err(invalid("\"e\" is zero"));
                }
                Material::Rsa { n, e, private: obj.contains_key("d") }
            }
            "EC" => {
                let crv = opt_str(obj, "crv")?.ok_or_else(|| invalid("\"crv\" is missing"))?;
                let size = match crv.as_str() {
                    "P-256" => 32,
                    "P-384" => 48,
                    other => return Err(Error::NotSupported(alloc::format!("EC curve {}", crate::json::quote(other)))),
                };
                let (x, y) = (req_b64(obj, "x")?, req_b64(obj, "y")?);
                if x.len() != size || y.len() != size {
                    return Err(invalid("EC coordinates have the wrong length for the curve"));
                }
                if obj.contains_key("d") && req_b64(obj, "d")?.len() != size {
                    return Err(invalid("EC \"d\" has the wrong length for the curve"));
                }
                Material::Ec { crv, x, y, private: obj.contains_key("d") }
            }
            "OKP" => {
                let crv = opt_str(obj, "crv")?.ok_or_else(|| invalid("\"crv\" is missing"))?;
                if crv != "Ed25519" {
                    return Err(Error::NotSupported(alloc::format!("OKP curve {}", crate::json::quote(&crv))));
                }
                let x: [u8; 32] = req_b64(obj, "x")?.try_into().map_err(|_| invalid("Ed25519 \"x\" must be 32 bytes"))?;
                let d = match obj.contains_key("d") {
                    false => None,
                    true => {
                        let d = Secret::new(req_b64(obj, "d")?);
                        if d.expose().len() != 32 {
                            return Err(invalid("Ed25519 \"d\" must be 32 bytes"));
                        }
                        Some(d)
                    }
                };
                Material::Ed25519 { x, d }
            }
            other => return Err(Error::NotSupported(alloc::format!("\"kty\" {}", crate::json::quote(other)))),
        };
        Ok(Jwk {
            kid: opt_str(obj, "kid")?,
            alg: opt_str(obj, "alg")?,
            use_: opt_str(obj, "use")?,
            key_ops,
            material,
        })
    }

    /// An HMAC key from raw secret bytes (the `Uint8Array` form of the JS API).
    pub fn from_secret(bytes: &[u8]) -> Result<Jwk> {
        if bytes.is_empty() {
            return Err(invalid("the HMAC secret is empty"));
        }
        Ok(Jwk { kid: None, alg: None, use_: None, key_ops: None, material: Material::Oct(Box::new(HmacKey::new(bytes.to_vec()))) })
    }

    /// The `kty` of this key.
    pub fn kty(&self) -> &'static str {
        match self.material {
            Material::Oct(_) => "oct",
            Material::Rsa { .. } => "RSA",
            Material::Ec { .. } => "EC",
            Material::Ed25519 { .. } => "OKP",
        }
    }

    /// Whether the key carries private material.
    pub fn is_private(&self) -> bool {
        match &self.material {
            Material::Oct(_) => true,
            Material::Rsa { private, .. } | Material::Ec { private, .. } => *private,
            Material::Ed25519 { d, .. } => d.is_some(),
        }
    }

    /// Why this key cannot serve `alg` for `op`, or `None` when it can.
    pub fn unfit_for(&self, alg: Alg, op: KeyOp) -> Option<String> {
        if self.kty() != alg.kty() {
            return Some(alloc::format!("a \"{}\" key cannot be used with \"{}\"", self.kty(), alg.name()));
        }
        let crv_ok = match (&self.material, alg.crv()) {
            (Material::Ec { crv, .. }, Some(want)) => crv == want,
            (Material::Ed25519 { .. }, Some(want)) => want == "Ed25519",
            (_, None) => true,
            _ => false,
        };
        if !crv_ok {
            return Some(alloc::format!("the key's curve does not fit \"{}\"", alg.name()));
        }
        if let Some(key_alg) = &self.alg {
            if !alg.is_named(key_alg) {
                return Some(alloc::format!("the key is for \"{key_alg}\", not \"{}\"", alg.name()));
            }
        }
        if self.use_.as_deref().is_some_and(|u| u != "sig") {
            return Some("the key's \"use\" is not \"sig\"".into());
        }
        let op_name = match op {
            KeyOp::Sign => "sign",
            KeyOp::Verify => "verify",
        };
        if self.key_ops.as_ref().is_some_and(|ops| !ops.iter().any(|o| o == op_name)) {
            return Some(alloc::format!("the key's \"key_ops\" do not include \"{op_name}\""));
        }
        if op == KeyOp::Sign && !self.is_private() {
            return Some("signing needs a private key".into());
        }
        if op == KeyOp::Sign && alg.family() == Family::Hmac {
            if let Material::Oct(k) = &self.material {
                let min = match alg.hash() {
                    super::alg::Hash::Sha256 => 32,
                    super::alg::Hash::Sha384 => 48,
                    super::alg::Hash::Sha512 => 64,
                };
                if k.expose().len() < min {
                    return Some(alloc::format!("\"{}\" needs a secret of at least {min} bytes (RFC 7518 §3.2)", alg.name()));
                }
            }
        }
        None
    }

    /// The public members as a JWK (what WebCrypto imports for `verify`);
    /// `None` for symmetric keys, which never leave the core.
    pub fn public_json(&self) -> Option<String> {
        Some(match &self.material {
            Material::Oct(_) => return None,
            Material::Rsa { n, e, .. } => alloc::format!(r#"{{"kty":"RSA","n":"{}","e":"{}"}}"#, b64::encode(n), b64::encode(e)),
            Material::Ec { crv, x, y, .. } => {
                alloc::format!(r#"{{"kty":"EC","crv":"{crv}","x":"{}","y":"{}"}}"#, b64::encode(x), b64::encode(y))
            }
            Material::Ed25519 { x, .. } => alloc::format!(r#"{{"kty":"OKP","crv":"Ed25519","x":"{}"}}"#, b64::encode(x)),
        })
    }

    /// RFC 7638 thumbprint: SHA-256 over the required members in
    /// lexicographic order, base64url encoded.
    pub fn thumbprint(&self) -> String {
        let canonical = match &self.material {
            Material::Oct(k) => alloc::format!(r#"{{"k":"{}","kty":"oct"}}"#, b64::encode(k.expose())),
            Material::Rsa { n, e, .. } => alloc::format!(r#"{{"e":"{}","kty":"RSA","n":"{}"}}"#, b64::encode(e), b64::encode(n)),
            Material::Ec { crv, x, y, .. } => {
                alloc::format!(r#"{{"crv":"{crv}","kty":"EC","x":"{}","y":"{}"}}"#, b64::encode(x), b64::encode(y))
            }
            Material::Ed25519 { x, .. } => alloc::format!(r#"{{"crv":"Ed25519","kty":"OKP","x":"{}"}}"#, b64::encode(x)),
        };
        b64::encode(&Sha256::digest(canonical.as_bytes()))
    }
}

/// The keys a verification may use: one JWK, or a JWK Set.
#[derive(Debug, Clone)]
pub struct KeySet {
    keys: Vec<Jwk>,
    /// A lone key is used whatever the token's `kid` says (as `jose` does);
    /// a set selects by `kid`.
    single: bool,
}

impl KeySet {
    /// One key, which must be usable.
    pub fn single(jwk: Jwk) -> KeySet {
        KeySet { keys: alloc::vec![jwk], single: true }
    }

    /// Parse either a JWK (`{"kty":…}`) or a JWK Set (`{"keys":[…]}`) from JSON text.
    pub fn parse(json: &str) -> Result<KeySet> {
        KeySet::from_value(&crate::json::parse(json).map_err(|_| invalid("not valid JSON"))?)
    }

    /// [`KeySet::parse`] of a parsed value.
    pub fn from_value(value: &Value) -> Result<KeySet> {
        let obj = value.as_object().ok_or_else(|| invalid("a JWK or JWK Set must be a JSON object"))?;
        match obj.get("keys") {
            Some(Value::Array(keys)) => {
                // RFC 7517 §5: skip keys that cannot be understood.
                let keys = keys.iter().filter_map(|k| Jwk::from_value(k).ok()).collect();
                Ok(KeySet { keys, single: false })
            }
            Some(_) => Err(invalid("\"keys\" must be an array")),
            None => Ok(KeySet::single(Jwk::from_value(value)?)),
        }
    }

    pub fn keys(&self) -> &[Jwk] {
        &self.keys
    }

    /// Indices of the keys that may verify (or sign) a token with this `alg`
    /// and `kid`, best first. Never empty: no fit is an error.
    pub fn select(&self, alg: Alg, kid: Option<&str>, op: KeyOp) -> Result<Vec<usize>> {
        if self.single {
            return match self.keys[0].unfit_for(alg, op) {
                None => Ok(alloc::vec![0]),
                Some(why) => Err(Error::AlgNotAllowed(why)),
            };
        }
        let found: Vec<usize> = self
            .keys
            .iter()
            .enumerate()
            .filter(|(_, k)| kid.is_none() || k.kid.as_deref() == kid)
            .filter(|(_, k)| k.unfit_for(alg, op).is_none())
            .map(|(i, _)| i)
            .collect();
        if found.is_empty() {
            return Err(Error::JwksNoMatchingKey);
        }
        Ok(found)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 7638 §3.1.
    const RFC7638_KEY: &str = r#"{"kty":"RSA","n":"0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw","e":"AQAB","alg":"RS256","kid":"2011-04-29"}"#;

    #[test]
    fn rfc7638_thumbprint() {
        let set = KeySet::parse(RFC7638_KEY).unwrap();
        assert_eq!(set.keys()[0].thumbprint(), "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs");
    }

    #[test]
    fn malformed_keys_are_refused_with_codes() {
        let cases = [
            ("[]", "ERR_JWK_INVALID"),
            ("nope", "ERR_JWK_INVALID"),
            (r#"{"k":"AAAA"}"#, "ERR_JWK_INVALID"),
            (r#"{"kty":"oct"}"#, "ERR_JWK_INVALID"),
            (r#"{"kty":"oct","k":"A+A"}"#, "ERR_JWK_INVALID"),
            (r#"{"kty":"oct","k":""}"#, "ERR_JWK_INVALID"),
            (r#"{"kty":"RSA","n":"AQAB","e":"AQAB"}"#, "ERR_JWK_INVALID"),
            (r#"{"kty":"EC","crv":"P-256","x":"AQAB","y":"AQAB"}"#, "ERR_JWK_INVALID"),
            (r#"{"kty":"EC","crv":"P-521","x":"AQAB","y":"AQAB"}"#, "ERR_JOSE_NOT_SUPPORTED"),
            (r#"{"kty":"OKP","crv":"Ed25519","x":"AQAB"}"#, "ERR_JWK_INVALID"),
            (r#"{"kty":"OKP","crv":"X25519","x":"AQAB"}"#, "ERR_JOSE_NOT_SUPPORTED"),
            (r#"{"kty":"XYZ"}"#, "ERR_JOSE_NOT_SUPPORTED"),
            (r#"{"kty":"oct","k":"AAAA","kid":7}"#, "ERR_JWK_INVALID"),
            (r#"{"kty":"oct","k":"AAAA","key_ops":"sign"}"#, "ERR_JWK_INVALID"),
            (r#"{"keys":{}}"#, "ERR_JWK_INVALID"),
        ];
        for (json, code) in cases {
            assert_eq!(KeySet::parse(json).unwrap_err().code(), code, "{json}");
        }
    }

    #[test]
    fn selection_honours_kid_kty_alg_use_and_key_ops() {
        let set = KeySet::parse(
            r#"{"keys":[
              {"kty":"oct","k":"c2VjcmV0","kid":"a"},
              {"kty":"oct","k":"c2VjcmV0","kid":"b","alg":"HS384"},
              {"kty":"oct","k":"c2VjcmV0","kid":"c","use":"enc"},
              {"kty":"oct","k":"c2VjcmV0","kid":"d","key_ops":["sign"]},
              {"kty":"weird"},
              {"kty":"OKP","crv":"Ed25519","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo","kid":"a"}
            ]}"#,
        )
        .unwrap();
        assert_eq!(set.keys().len(), 5, "the unknown kty is skipped");
        assert_eq!(set.select(Alg::HS256, Some("a"), KeyOp::Verify).unwrap(), [0]);
        assert_eq!(set.select(Alg::EdDSA, Some("a"), KeyOp::Verify).unwrap(), [4]);
        assert_eq!(set.select(Alg::HS256, None, KeyOp::Verify).unwrap(), [0]);
        assert_eq!(set.select(Alg::HS384, None, KeyOp::Verify).unwrap(), [0, 1]);
        assert_eq!(set.select(Alg::HS256, Some("b"), KeyOp::Verify).unwrap_err().code(), "ERR_JWKS_NO_MATCHING_KEY");
        assert_eq!(set.select(Alg::HS256, Some("c"), KeyOp::Verify).unwrap_err().code(), "ERR_JWKS_NO_MATCHING_KEY");
        assert_eq!(set.select(Alg::HS256, Some("d"), KeyOp::Verify).unwrap_err().code(), "ERR_JWKS_NO_MATCHING_KEY");
        assert_eq!(set.select(Alg::RS256, None, KeyOp::Verify).unwrap_err().code(), "ERR_JWKS_NO_MATCHING_KEY");
    }

    #[test]
    fn a_single_public_key_never_serves_hmac() {
        let set = KeySet::parse(r#"{"kty":"OKP","crv":"Ed25519","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}"#).unwrap();
        assert_eq!(set.select(Alg::HS256, None, KeyOp::Verify).unwrap_err().code(), "ERR_JOSE_ALG_NOT_ALLOWED");
        assert_eq!(set.select(Alg::EdDSA, None, KeyOp::Sign).unwrap_err().code(), "ERR_JOSE_ALG_NOT_ALLOWED");
    }

    #[test]
    fn short_hmac_secrets_cannot_sign_and_debug_is_redacted() {
        let short = Jwk::from_secret(b"0123456789").unwrap();
        assert!(short.unfit_for(Alg::HS256, KeyOp::Sign).unwrap().contains("32 bytes"));
        assert!(short.unfit_for(Alg::HS256, KeyOp::Verify).is_none());
        let dbg = alloc::format!("{short:?}");
        assert!(dbg.contains("[redacted]") && !dbg.contains("48"), "{dbg}");
    }
}
