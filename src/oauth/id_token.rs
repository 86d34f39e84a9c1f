//! ID token validation, OIDC Core §3.1.3.7, in two halves around the host's
//! signature check: [`verify_options`] is the `jose::jwt::Policy` input
//! (signature algorithms from discovery, `iss` exact, `aud` contains the
//! client, `exp`, `iat`, `sub` required, `nonce` when one was sent); [`check`]
//! adds what a JWT policy cannot express: `azp` (rules 4-5), a nonce-bearing
//! token when no nonce was sent is refused (§3.1.2.1 binds nonces to a
//! request), `at_hash` when present (§3.1.3.6), and on refresh the same `sub`
//! (§12.2).

use alloc::string::String;

use crate::json::{self, Obj, Value};
use sha2::{Digest, Sha256, Sha384, Sha512};
use subtle::ConstantTimeEq;

use super::metadata::Metadata;
use crate::b64;
use crate::error::{Error, Result};

/// The options for `verifyJwt` (JSON), as `jose::jwt::Policy::from_json` reads them.
pub fn verify_options(metadata: &Metadata, client_id: &str, nonce: Option<&str>) -> String {
    let algorithms = metadata.id_token_algs();
    Obj::new()
        .strs("algorithms", algorithms.iter().map(String::as_str))
        .str("issuer", &metadata.issuer)
        .str("audience", client_id)
        .strs("requiredClaims", ["iss", "sub", "aud", "exp", "iat"])
        .opt_str("nonce", nonce)
        .finish()
}

/// What the ID token is checked against beyond the policy.
#[derive(Debug, Default)]
pub struct Expected<'a> {
    pub client_id: &'a str,
    /// The nonce sent with the authorization request (already compared by the policy).
    pub nonce: Option<&'a str>,
    /// `true` for a token from a refresh: no nonce binding, `sub` must not change.
    pub refresh: bool,
    pub subject: Option<&'a str>,
    /// The access token issued with the ID token, for `at_hash`.
    pub access_token: Option<&'a str>,
}

/// The checks after signature and policy passed. `alg` is the header's.
pub fn check(payload_json: &str, alg: &str, expected: &Expected) -> Result<()> {
    let Ok(Value::Object(claims)) = json::parse(payload_json) else {
        return Err(Error::JwsInvalid("the ID token payload is not a JSON object".into()));
    };
    let sub = match claims.get("sub") {
        Some(Value::String(s)) if !s.is_empty() => s,
        _ => return Err(Error::claim_invalid("sub", "an ID token has a non-empty sub")),
    };
    let multiple_audiences = matches!(claims.get("aud"), Some(Value::Array(a)) if a.len() > 1);
    match claims.get("azp") {
        Some(Value::String(azp)) if azp == expected.client_id => {}
        Some(_) => return Err(Error::claim_invalid("azp", "the ID token was issued to another party")),
        None if multiple_audiences => return Err(Error::claim_invalid("azp", "an ID token with several audiences names its azp")),
        None => {}
    }
    if expected.nonce.is_none() && !expected.refresh && claims.contains_key("nonce") {
        return Err(Error::claim_invalid("nonce", "the ID token has a nonce but none was sent"));
    }
    if let Some(want) = expected.subject {
        if !bool::from(sub.as_bytes().ct_eq(want.as_bytes())) {
            return Err(Error::SubjectMismatch);
        }
    }
    if let (Some(Value::String(at_hash)), Some(access_token)) = (claims.get("at_hash"), expected.access_token) {
        if !bool::from(at_hash.as_bytes().ct_eq(token_hash(alg, access_token)?.as_bytes())) {
            return Err(Error::claim_invalid("at_hash", "at_hash does not match the access token"));
        }
    } else if claims.get("at_hash").is_some_and(|v| !v.is_string()) {
        return Err(Error::claim_invalid("at_hash", "must be a string"));
    }
    Ok(())
}

/// The left half of the hash of `token` with the hash of `alg`, base64url
/// (OIDC Core §3.1.3.6; EdDSA over Ed25519 uses SHA-512).
pub fn token_hash(alg: &str, token: &str) -> Result<String> {
    let digest: alloc::vec::Vec<u8> = match alg {
        "HS256" | "RS256" | "PS256" | "ES256" => Sha256::digest(token).to_vec(),
        "HS384" | "RS384" | "PS384" | "ES384" => Sha384::digest(token).to_vec(),
        "HS512" | "RS512" | "PS512" | "EdDSA" | "Ed25519" => Sha512::digest(token).to_vec(),
        other => return Err(Error::NotSupported(alloc::format!("at_hash with {other}"))),
    };
    Ok(b64::encode(&digest[..digest.len() / 2]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::oauth::http::HttpResponse;

    const CLIENT: Expected = Expected { client_id: "c", nonce: Some("n"), refresh: false, subject: None, access_token: None };

    fn claim_of(r: Result<()>) -> String {
        match r.unwrap_err() {
            Error::JwtClaimInvalid { claim, .. } => claim,
            other => other.code().into(),
        }
    }

    #[test]
    fn options_come_from_discovery() {
        let body = r#"{"issuer":"https://as","id_token_signing_alg_values_supported":["ES256"]}"#;
        let m = Metadata::parse(&HttpResponse { status: 200, body: body.into(), ..Default::default() }, "https://as", "").unwrap();
        let policy = crate::jose::jwt::Policy::from_json(&verify_options(&m, "c", Some("n"))).unwrap();
        assert_eq!(policy.issuer.as_deref(), Some(&["https://as".into()][..]));
        assert_eq!(policy.audience.as_deref(), Some(&["c".into()][..]));
        assert_eq!(policy.nonce.as_deref(), Some("n"));
        assert_eq!(policy.required_claims, ["iss", "sub", "aud", "exp", "iat"]);
        assert_eq!(policy.algorithms.unwrap().len(), 1);
        assert!(crate::jose::jwt::Policy::from_json(&verify_options(&m, "c", None)).unwrap().nonce.is_none());
    }

    #[test]
    fn azp_nonce_and_subject() {
        assert!(check(r#"{"sub":"u","aud":"c","nonce":"n"}"#, "RS256", &CLIENT).is_ok());
        assert!(check(r#"{"sub":"u","aud":["c","d"],"azp":"c"}"#, "RS256", &CLIENT).is_ok());
        assert_eq!(claim_of(check(r#"{"sub":"u","aud":["c","d"]}"#, "RS256", &CLIENT)), "azp");
        assert_eq!(claim_of(check(r#"{"sub":"u","aud":"c","azp":"d"}"#, "RS256", &CLIENT)), "azp");
        assert_eq!(claim_of(check(r#"{"aud":"c"}"#, "RS256", &CLIENT)), "sub");
        assert_eq!(claim_of(check("[]", "RS256", &CLIENT)), "ERR_JWS_INVALID");
        let no_nonce = Expected { nonce: None, ..CLIENT };
        assert_eq!(claim_of(check(r#"{"sub":"u","nonce":"n"}"#, "RS256", &no_nonce)), "nonce");
        let refresh = Expected { nonce: None, refresh: true, subject: Some("u"), ..CLIENT };
        assert!(check(r#"{"sub":"u","nonce":"old"}"#, "RS256", &refresh).is_ok());
        assert_eq!(check(r#"{"sub":"v"}"#, "RS256", &refresh).unwrap_err(), Error::SubjectMismatch);
    }

    #[test]
    fn at_hash_per_3_1_3_6() {
        // OIDC Core Appendix A.3: the access token and its at_hash (RS256).
        let at = "jHkWEdUXMU1BwAsC4vtUsZwnNvTIxEl0z9K3vx5KF0Y";
        assert_eq!(token_hash("RS256", at).unwrap(), "77QmUPtjPfzWtF2AnpK9RQ");
        let with = |hash: &str| alloc::format!(r#"{{"sub":"u","nonce":"n","at_hash":"{hash}"}}"#);
        let expected = Expected { access_token: Some(at), ..CLIENT };
        assert!(check(&with("77QmUPtjPfzWtF2AnpK9RQ"), "RS256", &expected).is_ok());
        assert_eq!(claim_of(check(&with("77QmUPtjPfzWtF2AnpK9RR"), "RS256", &expected)), "at_hash");
        assert_eq!(claim_of(check(&with("77QmUPtjPfzWtF2AnpK9RQ"), "ES384", &expected)), "at_hash");
        assert_eq!(claim_of(check(r#"{"sub":"u","nonce":"n","at_hash":5}"#, "RS256", &expected)), "at_hash");
        assert_eq!(token_hash("EdDSA", "x").unwrap().len(), 43);
        assert_eq!(token_hash("none", "x").unwrap_err().code(), "ERR_JOSE_NOT_SUPPORTED");
    }
}
