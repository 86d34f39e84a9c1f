//! Authorization server metadata: the discovery URLs of OpenID Connect
//! Discovery §4 (`{issuer}/.well-known/openid-configuration`) and RFC 8414 §3
//! (`/.well-known/oauth-authorization-server` inserted before the issuer's
//! path), parsing, the exact issuer match (OIDC Discovery §4.3, RFC 8414
//! §3.3), and caller overrides of individual endpoints.

use alloc::string::String;
use alloc::vec::Vec;
use alloc::{format, vec};

use crate::json::{Map, Value};

use super::http::{optional_str, HttpResponse};
use crate::error::{Error, Result};

/// The endpoint members a caller may override (`endpoints` option).
pub const ENDPOINTS: [&str; 9] = [
    "authorization_endpoint",
    "token_endpoint",
    "userinfo_endpoint",
    "jwks_uri",
    "registration_endpoint",
    "introspection_endpoint",
    "revocation_endpoint",
    "end_session_endpoint",
    "pushed_authorization_request_endpoint",
];

/// Where to look for the metadata of `issuer`, in order: OIDC, then RFC 8414.
pub fn discovery_urls(issuer: &str) -> Result<Vec<String>> {
    if issuer.contains(['?', '#']) {
        return Err(Error::Config("an issuer identifier has no query or fragment (RFC 8414 §2)".into()));
    }
    let after_scheme = issuer.find("://").map(|i| i + 3).ok_or_else(|| Error::Config("the issuer is not an absolute URL".into()))?;
    let path_at = issuer[after_scheme..].find('/').map_or(issuer.len(), |i| after_scheme + i);
    let (origin, path) = issuer.split_at(path_at);
    let path = path.trim_end_matches('/');
    Ok(vec![
        format!("{origin}{path}/.well-known/openid-configuration"),
        format!("{origin}/.well-known/oauth-authorization-server{path}"),
    ])
}

/// Parsed metadata; `raw` keeps every member for `client.metadata`.
#[derive(Debug, Clone)]
pub struct Metadata {
    pub issuer: String,
    raw: Map,
}

impl Metadata {
    /// Parse a discovery answer for `expected_issuer`, then apply `overrides`
    /// (a JSON object of endpoint members, or empty text for none).
    pub fn parse(response: &HttpResponse, expected_issuer: &str, overrides: &str) -> Result<Metadata> {
        let mut raw = response.json_object()?;
        match raw.get("issuer") {
            Some(Value::String(iss)) if iss == expected_issuer => {}
            Some(Value::String(_)) => return Err(Error::invalid_response("issuer", "the metadata's issuer differs from the requested issuer")),
            _ => return Err(Error::invalid_response("issuer", "the metadata has no issuer")),
        }
        if !overrides.is_empty() {
            let Ok(Value::Object(given)) = crate::json::parse(overrides) else {
                return Err(Error::Config("endpoints must be an object of URLs".into()));
            };
            for (name, url) in given.iter() {
                if !ENDPOINTS.contains(&name) || !url.is_string() {
                    return Err(Error::Config(format!("endpoints: \"{name}\" is not one of {} with a URL", ENDPOINTS.join(", "))));
                }
                raw.insert(name, url.clone());
            }
        }
        let metadata = Metadata { issuer: expected_issuer.into(), raw };
        for name in ENDPOINTS {
            if let Some(url) = metadata.optional(name)? {
                if url.contains('#') {
                    return Err(Error::invalid_response(name, "an endpoint URL has no fragment (RFC 6749 §3.1)"));
                }
            }
        }
        if let Some(Value::Array(methods)) = metadata.raw.get("code_challenge_methods_supported") {
            if !methods.iter().any(|m| m == "S256") {
                return Err(Error::Config("the server does not support PKCE S256".into()));
            }
        }
        Ok(metadata)
    }

    fn optional(&self, name: &str) -> Result<Option<&str>> {
        optional_str(&self.raw, name)
    }

    /// A URL member the operation needs; a config error when the server has none.
    pub fn endpoint(&self, name: &str) -> Result<&str> {
        match self.optional(name)? {
            Some(url) if !url.is_empty() => Ok(url),
            _ => Err(Error::Config(format!("the server metadata has no {name} (set it in endpoints)"))),
        }
    }

    /// Whether the server said it sends `iss` in authorization responses (RFC 9207 §3).
    pub fn iss_parameter_supported(&self) -> bool {
        self.raw.get("authorization_response_iss_parameter_supported") == Some(&Value::Bool(true))
    }

    /// Whether the server demands PAR (RFC 9126 §5).
    pub fn requires_par(&self) -> bool {
        self.raw.get("require_pushed_authorization_requests") == Some(&Value::Bool(true))
    }

    /// `id_token_signing_alg_values_supported` without `none`; RS256 when absent (OIDC Discovery §3).
    pub fn id_token_algs(&self) -> Vec<String> {
        let listed: Vec<String> = match self.raw.get("id_token_signing_alg_values_supported") {
            Some(Value::Array(algs)) => algs.iter().filter_map(Value::as_str).filter(|a| *a != "none").map(String::from).collect(),
            _ => Vec::new(),
        };
        let usable: Vec<String> = listed.into_iter().filter(|a| crate::jose::alg::Alg::parse(a).is_ok()).collect();
        if usable.is_empty() {
            vec!["RS256".into()]
        } else {
            usable
        }
    }

    pub fn to_json(&self) -> String {
        self.raw.to_json()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(body: &str) -> HttpResponse {
        HttpResponse { status: 200, body: body.into(), ..Default::default() }
    }

    #[test]
    fn discovery_urls_follow_both_specs() {
        assert_eq!(discovery_urls("https://as.example").unwrap(), ["https://as.example/.well-known/openid-configuration", "https://as.example/.well-known/oauth-authorization-server"]);
        assert_eq!(
            discovery_urls("https://as.example/tenant/1/").unwrap(),
            ["https://as.example/tenant/1/.well-known/openid-configuration", "https://as.example/.well-known/oauth-authorization-server/tenant/1"]
        );
        for bad in ["as.example", "https://as.example/?x", "https://as.example#f"] {
            assert_eq!(discovery_urls(bad).unwrap_err().code(), "ERR_CONFIG", "{bad}");
        }
    }

    #[test]
    fn issuer_must_match_exactly() {
        let ok = r#"{"issuer":"https://as","token_endpoint":"https://as/token","id_token_signing_alg_values_supported":["none","EdDSA","XX1"]}"#;
        let m = Metadata::parse(&answer(ok), "https://as", "").unwrap();
        assert_eq!(m.endpoint("token_endpoint").unwrap(), "https://as/token");
        assert_eq!(m.id_token_algs(), ["EdDSA"]);
        assert!(!m.iss_parameter_supported() && !m.requires_par());
        assert_eq!(m.endpoint("userinfo_endpoint").unwrap_err().code(), "ERR_CONFIG");
        for expected in ["https://as/", "https://AS", "https://as2"] {
            assert_eq!(Metadata::parse(&answer(ok), expected, "").unwrap_err().code(), "ERR_OAUTH_INVALID_RESPONSE");
        }
        assert_eq!(Metadata::parse(&answer(r#"{"token_endpoint":"x"}"#), "https://as", "").unwrap_err().code(), "ERR_OAUTH_INVALID_RESPONSE");
        assert_eq!(Metadata::parse(&answer("<html>"), "https://as", "").unwrap_err().code(), "ERR_OAUTH_INVALID_RESPONSE");
        let not_found = HttpResponse { status: 404, ..Default::default() };
        assert_eq!(Metadata::parse(&not_found, "https://as", "").unwrap_err().code(), "ERR_HTTP");
    }

    #[test]
    fn overrides_and_bad_members() {
        let body = r#"{"issuer":"https://as","token_endpoint":"https://as/token","authorization_response_iss_parameter_supported":true}"#;
        let m = Metadata::parse(&answer(body), "https://as", r#"{"token_endpoint":"https://proxy/token"}"#).unwrap();
        assert_eq!(m.endpoint("token_endpoint").unwrap(), "https://proxy/token");
        assert!(m.iss_parameter_supported());
        assert_eq!(m.id_token_algs(), ["RS256"]);
        for bad in [r#"{"issuer":"https://x"}"#, r#"{"token_endpoint":1}"#, "[1]"] {
            assert_eq!(Metadata::parse(&answer(body), "https://as", bad).unwrap_err().code(), "ERR_CONFIG", "{bad}");
        }
        let frag = r#"{"issuer":"https://as","authorization_endpoint":"https://as/a#x"}"#;
        assert_eq!(Metadata::parse(&answer(frag), "https://as", "").unwrap_err().code(), "ERR_OAUTH_INVALID_RESPONSE");
        let typed = r#"{"issuer":"https://as","token_endpoint":7}"#;
        assert_eq!(Metadata::parse(&answer(typed), "https://as", "").unwrap_err().code(), "ERR_OAUTH_INVALID_RESPONSE");
        let plain = r#"{"issuer":"https://as","code_challenge_methods_supported":["plain"]}"#;
        assert_eq!(Metadata::parse(&answer(plain), "https://as", "").unwrap_err().code(), "ERR_CONFIG");
    }
}
