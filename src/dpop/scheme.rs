//! DPoP on the resource server's wire (RFC 9449 §6, §7): the `DPoP`
//! authentication scheme (§7.1: `Authorization: DPoP <token68>`), its
//! `WWW-Authenticate` challenge with `algs` (§7.1), reading challenges
//! (RFC 9110 §11.6.1, several per header as §7.2 shows), the token's key
//! confirmation (`cnf.jkt`: §6.1 in a JWT, §6.2 in an introspection answer)
//! and which scheme a token may arrive with (§7.1, §7.2: a DPoP-bound token
//! sent as a Bearer token is refused).

use alloc::string::String;
use alloc::vec::Vec;

use crate::bearer;
use crate::error::{Error, Result};
use crate::jose::alg::Alg;
use crate::json::{self, Value};

/// How a request presented its access token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scheme {
    Bearer,
    DPoP,
}

impl Scheme {
    pub fn name(self) -> &'static str {
        match self {
            Scheme::Bearer => "Bearer",
            Scheme::DPoP => "DPoP",
        }
    }
}

/// The scheme and token of an `Authorization` header value: `Bearer`
/// (RFC 6750 §2.1) or `DPoP` (§7.1), case-insensitive, exactly one token68.
/// `Ok(None)` without a header or for another scheme; `ERR_CONFIG` for a
/// malformed one.
pub fn credentials(authorization: Option<&str>) -> Result<Option<(Scheme, &str)>> {
    if let Some(token) = bearer::from_authorization(authorization)? {
        return Ok(Some((Scheme::Bearer, token)));
    }
    Ok(bearer::token_of(authorization, "DPoP", "RFC 9449 §7.1")?.map(|t| (Scheme::DPoP, t)))
}

/// `DPoP realm=…, error=…, error_description=…, scope=…, algs="…"` (§7.1),
/// and `resource_metadata="…"` (RFC 9728 §5.1) when the resource publishes it.
pub fn challenge(realm: Option<&str>, error: Option<&str>, description: Option<&str>, scope: Option<&str>, algs: &[Alg], resource_metadata: Option<&str>) -> String {
    let names: Vec<&str> = algs.iter().map(|a| a.name()).collect();
    let algs = names.join(" ");
    crate::challenge::build(
        "DPoP",
        &[("realm", realm), ("error", error), ("error_description", description), ("scope", scope), ("algs", (!algs.is_empty()).then_some(algs.as_str())), ("resource_metadata", resource_metadata)],
    )
}

/// The key an access token is bound to: `cnf.jkt` of its claims (a JWT's,
/// §6.1, or an introspection answer's, §6.2), as JSON text. `None` when the
/// token has no `cnf`; an error for a `cnf` that binds it some other way
/// (edgeauth cannot check it, so it must not treat the token as a bearer
/// token) or whose `jkt` is not a string.
pub fn confirmation(claims_json: &str) -> Result<Option<String>> {
    let claims = json::parse(claims_json).ok().filter(Value::is_object).ok_or_else(|| Error::Config("claims must be a JSON object".into()))?;
    let unsupported = || Error::DpopBinding { check: "cnf", reason: "the token is bound by a confirmation method other than a DPoP key (cnf.jkt)".into() };
    match claims.get("cnf") {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Object(cnf)) => match cnf.get("jkt") {
            Some(Value::String(jkt)) if !jkt.is_empty() => Ok(Some(jkt.clone())),
            _ => Err(unsupported()),
        },
        Some(_) => Err(unsupported()),
    }
}

/// Whether a token bound to `jkt` (or to nothing) may be presented with
/// `scheme`: a DPoP-bound token only as `DPoP` (§7.2), a `DPoP`
/// presentation only with a DPoP-bound token (§7.1), and, where the
/// resource server requires DPoP, no Bearer token at all.
pub fn check_scheme(scheme: Scheme, jkt: Option<&str>, dpop_required: bool) -> Result<()> {
    let binding = |check, reason: &str| Err(Error::DpopBinding { check, reason: reason.into() });
    match (scheme, jkt) {
        (Scheme::Bearer, Some(_)) => binding("scheme", "a DPoP-bound access token was presented as a Bearer token (RFC 9449 §7.2)"),
        (Scheme::Bearer, None) if dpop_required => binding("scheme", "this resource accepts only DPoP-bound access tokens"),
        (Scheme::DPoP, None) => binding("jkt", "the access token is not bound to a DPoP key"),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credentials_per_7_1() {
        assert_eq!(credentials(Some("DPoP Kz~8mXK1EalYznwH-LC-1fBAo.4Ljp~zsPE_NeO.gxU")).unwrap(), Some((Scheme::DPoP, "Kz~8mXK1EalYznwH-LC-1fBAo.4Ljp~zsPE_NeO.gxU")));
        assert_eq!(credentials(Some("dpop  tok")).unwrap(), Some((Scheme::DPoP, "tok")));
        assert_eq!(credentials(Some("Bearer tok")).unwrap(), Some((Scheme::Bearer, "tok")));
        assert_eq!(credentials(Some("Basic dXNlcg==")).unwrap(), None);
        assert_eq!(credentials(None).unwrap(), None);
        for bad in ["DPoP", "DPoP a b", "DPoP a,b", "Bearer"] {
            assert_eq!(credentials(Some(bad)).unwrap_err().code(), "ERR_CONFIG", "{bad:?}");
        }
    }

    #[test]
    fn challenges_per_7_1() {
        assert_eq!(challenge(None, None, None, None, &[Alg::ES256, Alg::PS256], None), r#"DPoP algs="ES256 PS256""#, "Figure 15");
        assert_eq!(challenge(None, Some("invalid_token"), Some("Invalid DPoP key binding"), None, &[Alg::ES256], None), r#"DPoP error="invalid_token", error_description="Invalid DPoP key binding", algs="ES256""#, "Figure 16");
        assert_eq!(challenge(Some("api"), Some("insufficient_scope"), None, Some("a:b"), &[], None), r#"DPoP realm="api", error="insufficient_scope", scope="a:b""#);
        let rm = "https://api.example/.well-known/oauth-protected-resource";
        assert_eq!(challenge(None, None, None, None, &[Alg::ES256], Some(rm)), alloc::format!(r#"DPoP algs="ES256", resource_metadata="{rm}""#), "RFC 9728 §5.1");
    }

    #[test]
    fn confirmation_and_schemes() {
        assert_eq!(confirmation(r#"{"sub":"u","cnf":{"jkt":"0ZcOCORZNYy-DWpqq30jZyJGHTN0d2HglBV3uiguA4I"}}"#).unwrap().as_deref(), Some("0ZcOCORZNYy-DWpqq30jZyJGHTN0d2HglBV3uiguA4I"));
        assert_eq!(confirmation(r#"{"sub":"u"}"#).unwrap(), None);
        for bad in [r#"{"cnf":{"x5t#S256":"abc"}}"#, r#"{"cnf":{"jkt":5}}"#, r#"{"cnf":"x"}"#, r#"{"cnf":{"jkt":""}}"#] {
            assert_eq!(confirmation(bad).unwrap_err().code(), "ERR_DPOP_BINDING_INVALID", "{bad}");
        }
        assert_eq!(confirmation("[").unwrap_err().code(), "ERR_CONFIG");
        assert!(check_scheme(Scheme::Bearer, None, false).is_ok() && check_scheme(Scheme::DPoP, Some("k"), true).is_ok());
        assert_eq!(check_scheme(Scheme::Bearer, Some("k"), false).unwrap_err().details().unwrap(), r#"{"check":"scheme"}"#, "§7.2 downgrade");
        assert_eq!(check_scheme(Scheme::Bearer, None, true).unwrap_err().details().unwrap(), r#"{"check":"scheme"}"#);
        assert_eq!(check_scheme(Scheme::DPoP, None, false).unwrap_err().details().unwrap(), r#"{"check":"jkt"}"#);
    }
}
