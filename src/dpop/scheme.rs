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

/// `DPoP realm=…, error=…, error_description=…, scope=…, algs="…"` (§7.1).
pub fn challenge(realm: Option<&str>, error: Option<&str>, description: Option<&str>, scope: Option<&str>, algs: &[Alg]) -> String {
    let names: Vec<&str> = algs.iter().map(|a| a.name()).collect();
    let algs = names.join(" ");
    bearer::scheme_challenge("DPoP", &[("realm", realm), ("error", error), ("error_description", description), ("scope", scope), ("algs", (!algs.is_empty()).then_some(algs.as_str()))])
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

/// One challenge of a `WWW-Authenticate` value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Challenge {
    pub scheme: String,
    pub params: Vec<(String, String)>,
}

impl Challenge {
    /// The value of parameter `name` (case-insensitive).
    pub fn param(&self, name: &str) -> Option<&str> {
        self.params.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
}

fn is_tchar(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)
}

/// The challenges of a `WWW-Authenticate` value (RFC 9110 §11.6.1: a
/// comma-separated list of `scheme [ token68 / #auth-param ]`). Reading
/// stops at the first thing that does not parse; what came before is kept.
pub fn parse_challenges(header: &str) -> Vec<Challenge> {
    let bytes = header.as_bytes();
    let mut out: Vec<Challenge> = Vec::new();
    let mut i = 0;
    let skip = |i: &mut usize, set: &[u8]| {
        while *i < bytes.len() && set.contains(&bytes[*i]) {
            *i += 1;
        }
    };
    loop {
        skip(&mut i, b" \t,");
        let start = i;
        while i < bytes.len() && is_tchar(bytes[i]) {
            i += 1;
        }
        if start == i {
            return out;
        }
        let word = &header[start..i];
        let mut j = i;
        skip(&mut j, b" \t");
        if j < bytes.len() && bytes[j] == b'=' && !out.is_empty() && !(j + 1 < bytes.len() && bytes[j + 1] == b'=') {
            // An auth-param of the current challenge.
            i = j + 1;
            skip(&mut i, b" \t");
            let value = if i < bytes.len() && bytes[i] == b'"' {
                let mut v = String::new();
                i += 1;
                loop {
                    match bytes.get(i) {
                        None => return out,
                        Some(b'"') => break,
                        Some(b'\\') if i + 1 < bytes.len() => {
                            i += 1;
                            v.push(bytes[i] as char);
                        }
                        Some(_) => {
                            let c = header[i..].chars().next().unwrap_or_default();
                            v.push(c);
                            i += c.len_utf8() - 1;
                        }
                    }
                    i += 1;
                }
                i += 1;
                v
            } else {
                let s = i;
                while i < bytes.len() && is_tchar(bytes[i]) {
                    i += 1;
                }
                String::from(&header[s..i])
            };
            if let Some(current) = out.last_mut() {
                current.params.push((word.to_ascii_lowercase(), value));
            }
        } else {
            out.push(Challenge { scheme: word.into(), params: Vec::new() });
            // A token68 right after the scheme (then a comma or the end) is skipped.
            let mut k = j;
            while k < bytes.len() && (bytes[k].is_ascii_alphanumeric() || b"-._~+/".contains(&bytes[k])) {
                k += 1;
            }
            let body_end = k;
            while k < bytes.len() && bytes[k] == b'=' {
                k += 1;
            }
            let mut after = k;
            skip(&mut after, b" \t");
            if body_end > j && (after == bytes.len() || bytes[after] == b',') {
                i = k;
            }
        }
    }
}

/// The OAuth error a `WWW-Authenticate` value carries: the `error` (and
/// `error_description`, `error_uri`) of its first `Bearer` or `DPoP`
/// challenge that has one (RFC 6750 §3, RFC 9449 §7.1).
pub fn challenge_error(header: &str, status: u16) -> Option<Error> {
    parse_challenges(header)
        .into_iter()
        .filter(|c| c.scheme.eq_ignore_ascii_case("Bearer") || c.scheme.eq_ignore_ascii_case("DPoP"))
        .find_map(|c| {
            let error = c.param("error")?.into();
            Some(Error::OAuthResponse { error, description: c.param("error_description").map(String::from), uri: c.param("error_uri").map(String::from), status })
        })
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
        assert_eq!(challenge(None, None, None, None, &[Alg::ES256, Alg::PS256]), r#"DPoP algs="ES256 PS256""#, "Figure 15");
        assert_eq!(challenge(None, Some("invalid_token"), Some("Invalid DPoP key binding"), None, &[Alg::ES256]), r#"DPoP error="invalid_token", error_description="Invalid DPoP key binding", algs="ES256""#, "Figure 16");
        assert_eq!(challenge(Some("api"), Some("insufficient_scope"), None, Some("a:b"), &[]), r#"DPoP realm="api", error="insufficient_scope", scope="a:b""#);
    }

    #[test]
    fn reading_challenges() {
        let cs = parse_challenges(r#"Bearer error="invalid_token", error_description="Invalid token", DPoP algs="ES256 PS256""#);
        assert_eq!(cs.len(), 2, "Figure 18: {cs:?}");
        assert_eq!((cs[0].scheme.as_str(), cs[0].param("error"), cs[1].scheme.as_str(), cs[1].param("algs")), ("Bearer", Some("invalid_token"), "DPoP", Some("ES256 PS256")));
        let cs = parse_challenges(r#"Bearer, DPoP algs="ES256 PS256""#);
        assert_eq!((cs.len(), cs[1].param("algs")), (2, Some("ES256 PS256")), "Figure 17");
        let cs = parse_challenges(r#"Newauth realm="apps", type=1, title="Login to \"apps\"", Basic realm="simple""#);
        assert_eq!(cs.len(), 2);
        assert_eq!((cs[0].param("type"), cs[0].param("title"), cs[1].param("realm")), (Some("1"), Some("Login to \"apps\""), Some("simple")));
        assert_eq!(parse_challenges("Basic dXNlcjpwYXNz=, DPoP error=x")[1].param("error"), Some("x"), "token68 skipped");
        assert_eq!(parse_challenges(r#"DPoP error="unterminated"#).len(), 1, "what parsed is kept");
        assert!(parse_challenges("").is_empty());
        assert_eq!(challenge_error(r#"Bearer, DPoP error="use_dpop_nonce", error_description="fresh""#, 401), Some(Error::OAuthResponse { error: "use_dpop_nonce".into(), description: Some("fresh".into()), uri: None, status: 401 }));
        assert_eq!(challenge_error("Basic realm=x", 401), None);
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
