//! Claims for the access and refresh tokens a service issues itself.
//!
//! Access tokens follow the JWT access token profile (RFC 9068 §2.2: `iss`,
//! `exp`, `aud`, `sub`, `iat`, `jti`; header `typ: at+jwt`); refresh tokens
//! carry `typ: rt+jwt` and a family id `fam` (the `jti` of the first refresh
//! token of a rotation chain), so reuse of a rotated token can revoke the
//! whole family (RFC 9700 §4.14.2). Explicit typing keeps the two from being
//! confused (RFC 8725 §3.11). Caller claims never override reserved ones.

use alloc::string::String;

use crate::json::{Map, Value};

use crate::b64;
use crate::error::{Error, Result};
use crate::random;

/// Claims a caller may not set.
pub const RESERVED: [&str; 8] = ["iss", "sub", "aud", "exp", "nbf", "iat", "jti", "fam"];

/// `typ` header of access tokens (RFC 9068 §2.1).
pub const ACCESS_TYP: &str = "at+jwt";
/// `typ` header of refresh tokens.
pub const REFRESH_TYP: &str = "rt+jwt";

/// Issuer settings shared by every token.
#[derive(Debug, Clone)]
pub struct Settings {
    pub issuer: Option<String>,
    pub audience: Option<String>,
}

/// Which token to build.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind<'a> {
    Access,
    /// A refresh token; `family` is `None` for the first of a chain.
    Refresh { family: Option<&'a str> },
}

/// A fresh token id: 128 random bits, base64url.
pub fn new_jti() -> Result<String> {
    Ok(b64::encode(&random::bytes::<16>()?))
}

/// The payload JSON of a token for `sub`, with the caller's `extra` claims
/// (a JSON object), issued at `now`, valid `ttl` seconds.
pub fn claims(kind: Kind, settings: &Settings, sub: &str, extra_json: &str, now: u64, ttl: u64, jti: &str) -> Result<String> {
    if sub.is_empty() {
        return Err(Error::Config("sub must be a non-empty string".into()));
    }
    let mut claims: Map = match crate::json::parse(extra_json) {
        Ok(Value::Object(m)) => m,
        _ => return Err(Error::Config("extra claims must be a JSON object".into())),
    };
    if let Some(reserved) = RESERVED.iter().find(|r| claims.contains_key(r)) {
        return Err(Error::Config(alloc::format!("the claim {} is set by the issuer and cannot be overridden", crate::json::quote(reserved))));
    }
    if let Some(iss) = &settings.issuer {
        claims.insert("iss", iss.as_str().into());
    }
    if let Some(aud) = &settings.audience {
        claims.insert("aud", aud.as_str().into());
    }
    claims.insert("sub", sub.into());
    claims.insert("iat", now.into());
    claims.insert("exp", now.saturating_add(ttl).into());
    claims.insert("jti", jti.into());
    if let Kind::Refresh { family } = kind {
        claims.insert("fam", family.unwrap_or(jti).into());
    }
    Ok(claims.to_json())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings() -> Settings {
        Settings { issuer: Some("https://api.test".into()), audience: Some("api".into()) }
    }

    #[test]
    fn builds_reserved_claims_and_keeps_extras() {
        let json = claims(Kind::Access, &settings(), "u1", r#"{"role":"admin","n":[1,2]}"#, 1000, 900, "j1").unwrap();
        let v = crate::json::parse(&json).unwrap();
        assert_eq!(v["iss"], "https://api.test");
        assert_eq!(v["aud"], "api");
        assert_eq!((v["sub"].as_str(), v["iat"].as_u64(), v["exp"].as_u64(), v["jti"].as_str()), (Some("u1"), Some(1000), Some(1900), Some("j1")));
        assert_eq!(v["role"], "admin");
        assert!(v.get("fam").is_none());
        let refresh = crate::json::parse(&claims(Kind::Refresh { family: None }, &settings(), "u1", "{}", 0, 60, "j2").unwrap()).unwrap();
        assert_eq!(refresh["fam"], "j2", "a chain starts its own family");
        let next = crate::json::parse(&claims(Kind::Refresh { family: Some("j2") }, &settings(), "u1", "{}", 0, 60, "j3").unwrap()).unwrap();
        assert_eq!(next["fam"], "j2");
    }

    #[test]
    fn refuses_overrides_and_bad_input() {
        for extra in [r#"{"sub":"x"}"#, r#"{"exp":1}"#, r#"{"jti":"x"}"#, r#"{"fam":"x"}"#, r#"{"iss":"x"}"#] {
            assert_eq!(claims(Kind::Access, &settings(), "u", extra, 0, 1, "j").unwrap_err().code(), "ERR_CONFIG", "{extra}");
        }
        assert_eq!(claims(Kind::Access, &settings(), "u", "[]", 0, 1, "j").unwrap_err().code(), "ERR_CONFIG");
        assert_eq!(claims(Kind::Access, &settings(), "", "{}", 0, 1, "j").unwrap_err().code(), "ERR_CONFIG");
        assert_ne!(new_jti().unwrap(), new_jti().unwrap());
    }
}
