//! OAuth 2.0 / OIDC exports: thin wrappers over `edgeauth::oauth`. Requests
//! leave as JSON text `{method,url,headers,body}`, answers come back as JSON
//! text `{status,headers,body}`; the JavaScript side only sends them.

use alloc::string::String;
use alloc::vec::Vec;
use wasm_bindgen::prelude::*;

use super::error::JsResult;
use edgeauth::dpop::scheme::Scheme;
use edgeauth::oauth::http::HttpResponse;
use edgeauth::oauth::{authorize, client::ClientConfig, id_token, introspect, logout, metadata, register, retry, revoke, token, userinfo};

fn response(json: &str) -> JsResult<HttpResponse> {
    Ok(HttpResponse::from_json(json)?)
}

#[wasm_bindgen(js_name = oauthDiscoveryUrls)]
pub fn oauth_discovery_urls(issuer: &str) -> JsResult<Vec<String>> {
    Ok(metadata::discovery_urls(issuer)?)
}

/// Milliseconds before the next attempt, or -1 to give up.
#[wasm_bindgen(js_name = oauthRetryDelay)]
pub fn oauth_retry_delay(attempt: u32, max_retries: u32, status: u16, retry_after: Option<String>, now: f64) -> f64 {
    retry::delay_ms(attempt, max_retries, status, retry_after.as_deref(), now as u64).map_or(-1.0, |ms| ms as f64)
}

#[wasm_bindgen(js_name = oauthTokenExpired)]
pub fn oauth_token_expired(expires_at: Option<f64>, now: f64, buffer: f64) -> bool {
    token::is_expired(expires_at.map(|s| s as u64), now as u64, buffer as u64)
}

/// A registration answer (RFC 7591 §3.2.1) as JSON text.
#[wasm_bindgen(js_name = oauthParseRegistration)]
pub fn oauth_parse_registration(response_json: &str) -> JsResult<String> {
    Ok(register::parse(&response(response_json)?)?)
}

/// The client metadata to register a client that signs users in (JSON text).
#[wasm_bindgen(js_name = oauthLoginClientMetadata)]
pub fn oauth_login_client_metadata(redirect_uri: &str, scope: Option<String>, given_json: &str) -> JsResult<String> {
    Ok(register::login_client_metadata(redirect_uri, scope.as_deref(), given_json)?)
}

/// The discovered metadata of one server.
#[wasm_bindgen]
pub struct OAuthServer(metadata::Metadata);

#[wasm_bindgen]
impl OAuthServer {
    /// From a discovery answer for `issuer`, with endpoint overrides (JSON text or "").
    #[wasm_bindgen(constructor)]
    pub fn new(response_json: &str, issuer: &str, overrides: &str) -> JsResult<OAuthServer> {
        Ok(OAuthServer(metadata::Metadata::parse(&response(response_json)?, issuer, overrides)?))
    }

    #[wasm_bindgen(getter)]
    pub fn metadata(&self) -> String {
        self.0.to_json()
    }

    #[wasm_bindgen(js_name = registrationRequest)]
    pub fn registration_request(&self, client_metadata: &str, initial_access_token: Option<String>) -> JsResult<String> {
        Ok(register::request(&self.0, client_metadata, initial_access_token.as_deref())?.to_json())
    }
}

/// One client of one server.
#[wasm_bindgen]
pub struct OAuthCore {
    server: metadata::Metadata,
    client: ClientConfig,
    pending: Option<authorize::AuthRequest>,
}

#[wasm_bindgen]
impl OAuthCore {
    #[wasm_bindgen(constructor)]
    pub fn new(server: &OAuthServer, config_json: &str) -> JsResult<OAuthCore> {
        Ok(OAuthCore { server: server.0.clone(), client: ClientConfig::from_json(config_json)?, pending: None })
    }

    /// The RFC 8707 resource indicator this client asks tokens for.
    #[wasm_bindgen(getter)]
    pub fn resource(&self) -> Option<String> {
        self.client.resource.clone()
    }

    #[wasm_bindgen(getter, js_name = needsAssertion)]
    pub fn needs_assertion(&self) -> bool {
        self.client.needs_assertion()
    }

    /// RFC 7523 assertion claims (JSON) for the host to sign.
    #[wasm_bindgen(js_name = assertionClaims)]
    pub fn assertion_claims(&self, now: f64) -> JsResult<String> {
        Ok(self.client.assertion_claims(self.server.endpoint("token_endpoint")?, now as u64)?)
    }

    /// Start an authorization request; returns `[state, nonce or "", codeVerifier]`.
    #[wasm_bindgen(js_name = startAuthorization)]
    pub fn start_authorization(&mut self, options_json: &str) -> JsResult<Vec<String>> {
        let r = authorize::request(&self.client, options_json)?;
        let out = alloc::vec![r.state.clone(), r.nonce.clone().unwrap_or_default(), r.verifier.clone()];
        self.pending = Some(r);
        Ok(out)
    }

    fn started(&self) -> JsResult<&authorize::AuthRequest> {
        Ok(self.pending.as_ref().ok_or_else(|| edgeauth::Error::Config("no authorization request was started".into()))?)
    }

    #[wasm_bindgen(js_name = authorizationUrl)]
    pub fn authorization_url(&self) -> JsResult<String> {
        Ok(authorize::url(&self.server, self.started()?)?)
    }

    #[wasm_bindgen(js_name = parRequest)]
    pub fn par_request(&self, assertion: Option<String>) -> JsResult<String> {
        Ok(authorize::par_request(&self.server, &self.client, self.started()?, assertion.as_deref())?.to_json())
    }

    #[wasm_bindgen(js_name = parUrl)]
    pub fn par_url(&self, response_json: &str) -> JsResult<String> {
        Ok(authorize::par_url(&self.server, &self.client, &response(response_json)?)?)
    }

    /// The code from a callback URL, after the iss and state checks.
    pub fn callback(&self, callback_url: &str, state: &str) -> JsResult<String> {
        Ok(authorize::callback(&self.server, callback_url, state)?)
    }

    /// The token request for `grant` with its options (JSON).
    #[wasm_bindgen(js_name = tokenRequest)]
    pub fn token_request(&self, grant: &str, options_json: &str, assertion: Option<String>) -> JsResult<String> {
        let form = token::grant_form(&self.client, grant, options_json)?;
        Ok(token::request(&self.server, &self.client, form, assertion.as_deref())?.to_json())
    }

    /// A token answer as TokenSet JSON; `dpop`: the request carried a DPoP proof.
    #[wasm_bindgen(js_name = parseToken)]
    pub fn parse_token(&self, response_json: &str, now: f64, exchange: bool, dpop: bool) -> JsResult<String> {
        let set = token::parse_as(&response(response_json)?, now as u64, exchange, dpop)?;
        Ok(set.to_json())
    }

    /// `verifyJwt` options (JSON) for this client's ID tokens.
    #[wasm_bindgen(js_name = idTokenOptions)]
    pub fn id_token_options(&self, nonce: Option<String>) -> String {
        id_token::verify_options(&self.server, &self.client.client_id, nonce.as_deref())
    }

    /// OIDC checks beyond the JWT policy (azp, unexpected nonce, at_hash, same sub).
    #[wasm_bindgen(js_name = checkIdToken)]
    pub fn check_id_token(&self, payload_json: &str, alg: &str, nonce: Option<String>, refresh: bool, subject: Option<String>, access_token: Option<String>) -> JsResult<()> {
        let expected = id_token::Expected { client_id: &self.client.client_id, nonce: nonce.as_deref(), refresh, subject: subject.as_deref(), access_token: access_token.as_deref() };
        Ok(id_token::check(payload_json, alg, &expected)?)
    }

    #[wasm_bindgen(js_name = introspectionRequest)]
    pub fn introspection_request(&self, token: &str, hint: Option<String>, assertion: Option<String>) -> JsResult<String> {
        Ok(introspect::request(&self.server, &self.client, token, hint.as_deref(), assertion.as_deref())?.to_json())
    }

    #[wasm_bindgen(js_name = parseIntrospection)]
    pub fn parse_introspection(&self, response_json: &str) -> JsResult<String> {
        Ok(introspect::parse(&response(response_json)?)?)
    }

    #[wasm_bindgen(js_name = revocationRequest)]
    pub fn revocation_request(&self, token: &str, hint: Option<String>, assertion: Option<String>) -> JsResult<String> {
        Ok(revoke::request(&self.server, &self.client, token, hint.as_deref(), assertion.as_deref())?.to_json())
    }

    #[wasm_bindgen(js_name = parseRevocation)]
    pub fn parse_revocation(&self, response_json: &str) -> JsResult<()> {
        Ok(revoke::parse(&response(response_json)?)?)
    }

    /// `dpop`: send the token with the DPoP scheme (the host adds the proof).
    #[wasm_bindgen(js_name = userinfoRequest)]
    pub fn userinfo_request(&self, access_token: &str, dpop: bool) -> JsResult<String> {
        let scheme = if dpop { Scheme::DPoP } else { Scheme::Bearer };
        Ok(userinfo::request(&self.server, access_token, scheme)?.to_json())
    }

    #[wasm_bindgen(js_name = parseUserinfo)]
    pub fn parse_userinfo(&self, response_json: &str, subject: Option<String>) -> JsResult<String> {
        Ok(userinfo::parse(&response(response_json)?, subject.as_deref())?)
    }

    #[wasm_bindgen(js_name = endSessionUrl)]
    pub fn end_session_url(&self, options_json: &str) -> JsResult<String> {
        Ok(logout::url(&self.server, &self.client.client_id, options_json)?)
    }
}
