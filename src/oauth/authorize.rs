//! The authorization request (RFC 6749 §4.1.1) with PKCE S256 always
//! (RFC 7636 §4.3), `state` and, for OpenID requests, `nonce` (OIDC Core
//! §3.1.2.1) from the CSPRNG; `dpop_jkt` binding the code to the client's
//! DPoP key (RFC 9449 §10); pushed authorization requests (RFC 9126 §2);
//! and the callback (RFC 6749 §4.1.2): RFC 9207 `iss`, `state` compared in
//! constant time, error responses (§4.1.2.1), the code.

use alloc::string::String;

use crate::json::{Options, Value};
use subtle::ConstantTimeEq;

use super::client::ClientConfig;
use super::http::{query_params, required_str, with_query, Form, HttpRequest, HttpResponse};
use super::metadata::Metadata;
use crate::error::{Error, Result};
use crate::{b64, pkce, random};

/// Parameters the library sets itself; `extraParams` may not replace them.
const RESERVED: [&str; 10] = ["response_type", "client_id", "redirect_uri", "scope", "state", "nonce", "code_challenge", "code_challenge_method", "request_uri", "dpop_jkt"];

/// An authorization request: the parameters to send and what the callback
/// must be checked against (keep `state`, `nonce`, `verifier` until then).
#[derive(Debug)]
pub struct AuthRequest {
    pub params: Form,
    pub state: String,
    pub nonce: Option<String>,
    pub verifier: String,
}

fn random_value() -> Result<String> {
    Ok(b64::encode(&random::bytes::<32>()?))
}

/// Build the request from `{ scope = "openid", state?, nonce?, dpopJkt?, extraParams? }`.
pub fn request(client: &ClientConfig, options_json: &str) -> Result<AuthRequest> {
    let o = Options::parse(options_json, "authorization options", &["scope", "state", "nonce", "dpopJkt", "extraParams"])?;
    let redirect_uri = client.redirect_uri.as_deref().ok_or_else(|| Error::Config("the authorization code flow needs redirectUri".into()))?;
    let scope = o.str("scope")?.or(client.scope.as_deref()).unwrap_or("openid");
    let openid = scope.split(' ').any(|s| s == "openid");
    let state = match o.str("state")? {
        Some("") => return Err(Error::Config("state must not be empty".into())),
        Some(s) => s.into(),
        None => random_value()?,
    };
    let nonce = match o.str("nonce")? {
        Some("") => return Err(Error::Config("nonce must not be empty".into())),
        Some(n) => Some(n.into()),
        None if openid => Some(random_value()?),
        None => None,
    };
    let pkce = pkce::generate()?;
    let mut params = Form::new();
    params
        .push("response_type", "code")
        .push("client_id", &client.client_id)
        .push("redirect_uri", redirect_uri)
        .push("scope", scope)
        .push("state", &state)
        .push_opt("nonce", nonce.as_deref())
        .push("code_challenge", &pkce.challenge)
        .push("code_challenge_method", "S256");
    if let Some(jkt) = o.str("dpopJkt")? {
        // RFC 7638 SHA-256 thumbprint: 32 bytes, base64url.
        if b64::decode(jkt).is_none_or(|bytes| bytes.len() != 32) {
            return Err(Error::Config("dpopJkt must be the RFC 7638 SHA-256 thumbprint of the DPoP key".into()));
        }
        params.push("dpop_jkt", jkt);
    }
    let extra = match o.value("extraParams") {
        None => crate::json::Map::new(),
        Some(Value::Object(m)) => m.clone(),
        Some(_) => return Err(Error::Config("extraParams must be an object".into())),
    };
    if !extra.contains_key("resource") {
        params.push_opt("resource", client.resource.as_deref());
    }
    for (name, value) in extra.iter() {
        if RESERVED.contains(&name) {
            return Err(Error::Config(alloc::format!("extraParams cannot set \"{name}\"")));
        }
        match value {
            Value::String(s) => params.push(name, s),
            Value::Array(items) => {
                for item in items {
                    params.push(name, item.as_str().ok_or_else(|| Error::Config("extraParams values are strings or arrays of strings".into()))?);
                }
                &mut params
            }
            _ => return Err(Error::Config("extraParams values are strings or arrays of strings".into())),
        };
    }
    Ok(AuthRequest { params, state, nonce, verifier: pkce.verifier })
}

/// The front-channel URL for `request`.
pub fn url(metadata: &Metadata, request: &AuthRequest) -> Result<String> {
    if metadata.requires_par() {
        return Err(Error::Config("the server requires pushed authorization requests (use usePar)".into()));
    }
    Ok(with_query(metadata.endpoint("authorization_endpoint")?, &request.params))
}

/// The PAR request (RFC 9126 §2.1): the same parameters, authenticated.
pub fn par_request(metadata: &Metadata, client: &ClientConfig, request: &AuthRequest, assertion: Option<&str>) -> Result<HttpRequest> {
    let endpoint = metadata.endpoint("pushed_authorization_request_endpoint")?;
    let form = request.params.pairs().iter().filter(|(n, _)| n != "client_id").fold(Form::new(), |mut f, (n, v)| {
        f.push(n, v);
        f
    });
    client.authenticated(endpoint, form, assertion)
}

/// The PAR answer (RFC 9126 §2.2) → the authorization URL with `request_uri`.
pub fn par_url(metadata: &Metadata, client: &ClientConfig, response: &HttpResponse) -> Result<String> {
    let body = response.json_object()?;
    let request_uri = required_str(&body, "request_uri")?;
    let mut query = Form::new();
    query.push("client_id", &client.client_id).push("request_uri", request_uri);
    Ok(with_query(metadata.endpoint("authorization_endpoint")?, &query))
}

/// Check a callback URL against the expected `state` and return the code.
pub fn callback(metadata: &Metadata, callback_url: &str, expected_state: &str) -> Result<String> {
    let params = query_params(callback_url)?;
    // RFC 9207 §2.4: compare iss when present, require it when advertised.
    match params.get("iss") {
        Some(iss) if iss != &metadata.issuer => return Err(Error::invalid_response("iss", "the response comes from another issuer (RFC 9207)")),
        None if metadata.iss_parameter_supported() => return Err(Error::invalid_response("iss", "the server advertises iss but the response has none (RFC 9207)")),
        _ => {}
    }
    let state = params.get("state").map(String::as_str).unwrap_or_default();
    if expected_state.is_empty() || !bool::from(state.as_bytes().ct_eq(expected_state.as_bytes())) {
        return Err(Error::invalid_response("state", "the state does not match the one sent"));
    }
    if let Some(error) = params.get("error") {
        return Err(Error::OAuthResponse { error: error.clone(), description: params.get("error_description").cloned(), uri: params.get("error_uri").cloned(), status: 0 });
    }
    match params.get("code") {
        Some(code) if !code.is_empty() => Ok(code.clone()),
        _ => Err(Error::invalid_response("code", "the callback has no code")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec::Vec;

    fn meta(extra: &str) -> Metadata {
        let body = alloc::format!(r#"{{"issuer":"https://as","authorization_endpoint":"https://as/auth","pushed_authorization_request_endpoint":"https://as/par"{extra}}}"#);
        Metadata::parse(&HttpResponse { status: 200, body, ..Default::default() }, "https://as", "").unwrap()
    }

    fn param_names(request: &AuthRequest) -> Vec<&str> {
        request.params.pairs().iter().map(|(n, _)| n.as_str()).collect()
    }

    fn client() -> ClientConfig {
        ClientConfig::from_json(r#"{"clientId":"c","redirectUri":"https://rp/cb"}"#).unwrap()
    }

    #[test]
    fn request_has_pkce_state_and_nonce() {
        let r = request(&client(), r#"{"extraParams":{"prompt":"consent","resource":["https://a","https://b"]}}"#).unwrap();
        assert_eq!(param_names(&r), ["response_type", "client_id", "redirect_uri", "scope", "state", "nonce", "code_challenge", "code_challenge_method", "prompt", "resource", "resource"]);
        assert_eq!(r.state.len(), 43);
        let challenge = &r.params.pairs()[6].1;
        assert_eq!(challenge, &pkce::challenge(&r.verifier).unwrap());
        let u = url(&meta(""), &r).unwrap();
        assert!(u.starts_with("https://as/auth?response_type=code&client_id=c&redirect_uri=https%3A%2F%2Frp%2Fcb&scope=openid&state="));
        let other = request(&client(), "{}").unwrap();
        assert_ne!(other.state, r.state);
        assert_ne!(other.nonce, r.nonce);
        let plain = request(&client(), r#"{"scope":"api","state":"s1"}"#).unwrap();
        assert_eq!((plain.state.as_str(), plain.nonce), ("s1", None));
        let bound = request(&client(), r#"{"dpopJkt":"NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs"}"#).unwrap();
        assert_eq!(bound.params.pairs()[8], ("dpop_jkt".into(), "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs".into()), "RFC 9449 §10 Figure 25");
    }

    #[test]
    fn a_resource_client_asks_for_its_resource_and_scope() {
        let bound = ClientConfig::from_json(r#"{"clientId":"c","redirectUri":"https://rp/cb","resource":"https://mcp.example/mcp","scope":"notes:read"}"#).unwrap();
        let r = request(&bound, "{}").unwrap();
        let get = |r: &AuthRequest, name: &str| r.params.pairs().iter().filter(|(n, _)| n == name).map(|(_, v)| v.clone()).collect::<Vec<_>>();
        assert_eq!(get(&r, "resource"), ["https://mcp.example/mcp"]);
        assert_eq!((get(&r, "scope"), r.nonce), (alloc::vec![String::from("notes:read")], None));
        let own = request(&bound, r#"{"scope":"openid","extraParams":{"resource":"https://other"}}"#).unwrap();
        assert_eq!((get(&own, "resource"), get(&own, "scope")), (alloc::vec![String::from("https://other")], alloc::vec![String::from("openid")]));
    }

    #[test]
    fn bad_authorization_options() {
        for bad in [r#"{"extraParams":{"state":"x"}}"#, r#"{"extraParams":{"dpop_jkt":"x"}}"#, r#"{"dpopJkt":"short"}"#, r#"{"extraParams":{"a":1}}"#, r#"{"extraParams":{"a":[1]}}"#, r#"{"state":""}"#, r#"{"nonce":""}"#, r#"{"usePar":true}"#, "["] {
            assert_eq!(request(&client(), bad).unwrap_err().code(), "ERR_CONFIG", "{bad}");
        }
        let no_redirect = ClientConfig::from_json(r#"{"clientId":"c"}"#).unwrap();
        assert_eq!(request(&no_redirect, "{}").unwrap_err().code(), "ERR_CONFIG");
        let r = request(&client(), "{}").unwrap();
        assert_eq!(url(&meta(r#","require_pushed_authorization_requests":true"#), &r).unwrap_err().code(), "ERR_CONFIG");
    }

    #[test]
    fn par_round_trip() {
        let r = request(&client(), r#"{"state":"s"}"#).unwrap();
        let http = par_request(&meta(""), &client(), &r, None).unwrap();
        assert_eq!(http.url, "https://as/par");
        let body = http.body.unwrap();
        assert!(body.starts_with("response_type=code&redirect_uri=") && body.ends_with("&client_id=c"), "{body}");
        let answer = HttpResponse { status: 201, body: r#"{"request_uri":"urn:ietf:params:oauth:request_uri:abc","expires_in":60}"#.into(), ..Default::default() };
        assert_eq!(par_url(&meta(""), &client(), &answer).unwrap(), "https://as/auth?client_id=c&request_uri=urn%3Aietf%3Aparams%3Aoauth%3Arequest_uri%3Aabc");
        let missing = HttpResponse { status: 201, body: "{}".into(), ..Default::default() };
        assert_eq!(par_url(&meta(""), &client(), &missing).unwrap_err().code(), "ERR_OAUTH_INVALID_RESPONSE");
        let refused = HttpResponse { status: 400, body: r#"{"error":"invalid_request"}"#.into(), ..Default::default() };
        assert_eq!(par_url(&meta(""), &client(), &refused).unwrap_err().code(), "ERR_OAUTH_RESPONSE");
    }

    #[test]
    fn callbacks_check_iss_state_and_errors() {
        let m = meta("");
        assert_eq!(callback(&m, "https://rp/cb?code=c1&state=s", "s").unwrap(), "c1");
        assert_eq!(callback(&m, "https://rp/cb?code=c1&state=s&iss=https%3A%2F%2Fas", "s").unwrap(), "c1");
        let check = |m: &Metadata, url: &str, state: &str| match callback(m, url, state).unwrap_err() {
            Error::OAuthInvalidResponse { check, .. } => check,
            other => other.code().into(),
        };
        assert_eq!(check(&m, "https://rp/cb?code=c1&state=t", "s"), "state");
        assert_eq!(check(&m, "https://rp/cb?code=c1", "s"), "state");
        assert_eq!(check(&m, "https://rp/cb?code=c1&state=", ""), "state");
        assert_eq!(check(&m, "https://rp/cb?code=c1&state=s&iss=https%3A%2F%2Fevil", "s"), "iss");
        assert_eq!(check(&meta(r#","authorization_response_iss_parameter_supported":true"#), "https://rp/cb?code=c1&state=s", "s"), "iss");
        assert_eq!(check(&m, "https://rp/cb?state=s", "s"), "code");
        assert_eq!(check(&m, "https://rp/cb?state=s&state=s&code=c", "s"), "query");
        let e = callback(&m, "https://rp/cb?error=login_required&error_description=who&state=s", "s").unwrap_err();
        assert_eq!(e, Error::OAuthResponse { error: "login_required".into(), description: Some("who".into()), uri: None, status: 0 });
        assert_eq!(check(&m, "https://rp/cb?error=access_denied&state=x", "s"), "state", "an error with the wrong state is a state failure");
    }
}
