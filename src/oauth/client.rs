//! Client configuration and client authentication at the token, PAR,
//! introspection and revocation endpoints: `none` (client_id in the body),
//! `client_secret_basic` (RFC 6749 §2.3.1, id and secret form-encoded before
//! Basic), `client_secret_post`, and `private_key_jwt` (RFC 7523 §2.2 with
//! the claims of §3: `iss` = `sub` = client_id, `aud` = token endpoint, a
//! unique `jti`, a short `exp`). The host signs the assertion claims built here.

use alloc::string::String;
use alloc::format;

use base64::engine::general_purpose::STANDARD;
use base64::Engine;

use super::http::{Form, HttpRequest};
use crate::error::{Error, Result};
use crate::jose::jwk::Secret;
use crate::json::{Obj, Options};
use crate::{b64, random};

/// Lifetime of a client assertion, in seconds.
pub const ASSERTION_LIFETIME: u64 = 60;

const JWT_BEARER: &str = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuthMethod {
    None,
    SecretBasic,
    SecretPost,
    PrivateKeyJwt,
}

/// Who the client is and how it authenticates. The secret is redacted in `Debug`.
#[derive(Debug, Clone)]
pub struct ClientConfig {
    pub client_id: String,
    pub redirect_uri: Option<String>,
    /// The RFC 8707 resource indicator sent with authorization, code and
    /// refresh requests (and client credentials unless they name their own).
    pub resource: Option<String>,
    /// The scope of authorization requests that name none.
    pub scope: Option<String>,
    pub auth: AuthMethod,
    secret: Option<Secret>,
}

impl ClientConfig {
    /// From `{ clientId, clientSecret?, redirectUri?, clientAuth?, hasPrivateKey, resource?, scope? }`.
    /// Without `clientAuth`: a private key means `private_key_jwt`, a secret
    /// `client_secret_basic`, neither `none`.
    pub fn from_json(json: &str) -> Result<ClientConfig> {
        let o = Options::parse(json, "client options", &["clientId", "clientSecret", "redirectUri", "clientAuth", "hasPrivateKey", "resource", "scope"])?;
        let client_id = o.str("clientId")?.filter(|id| !id.is_empty()).ok_or_else(|| Error::Config("clientId is required".into()))?;
        let client_secret = o.str("clientSecret")?;
        let has_private_key = o.bool("hasPrivateKey")?.unwrap_or(false);
        let auth = match o.str("clientAuth")? {
            Some("none") => AuthMethod::None,
            Some("client_secret_basic") => AuthMethod::SecretBasic,
            Some("client_secret_post") => AuthMethod::SecretPost,
            Some("private_key_jwt") => AuthMethod::PrivateKeyJwt,
            Some(other) => return Err(Error::Config(format!("clientAuth \"{other}\" is not none, client_secret_basic, client_secret_post or private_key_jwt"))),
            None if has_private_key => AuthMethod::PrivateKeyJwt,
            None if client_secret.is_some() => AuthMethod::SecretBasic,
            None => AuthMethod::None,
        };
        let needs_secret = matches!(auth, AuthMethod::SecretBasic | AuthMethod::SecretPost);
        if needs_secret && client_secret.unwrap_or_default().is_empty() {
            return Err(Error::Config("client_secret_basic and client_secret_post need clientSecret".into()));
        }
        if auth == AuthMethod::PrivateKeyJwt && !has_private_key {
            return Err(Error::Config("private_key_jwt needs privateJwk".into()));
        }
        let resource = o.str("resource")?;
        if let Some(resource) = resource {
            super::resource::check_identifier(resource)?;
        }
        Ok(ClientConfig {
            client_id: client_id.into(),
            redirect_uri: o.str("redirectUri")?.map(String::from),
            resource: resource.map(String::from),
            scope: o.str("scope")?.filter(|s| !s.is_empty()).map(String::from),
            auth,
            secret: client_secret.map(|s| Secret::new(s.as_bytes().to_vec())),
        })
    }

    /// Whether requests need a signed client assertion from the host.
    pub fn needs_assertion(&self) -> bool {
        self.auth == AuthMethod::PrivateKeyJwt
    }

    /// The claims of a client assertion for `token_endpoint` at `now` (RFC 7523 §3), as JSON.
    pub fn assertion_claims(&self, token_endpoint: &str, now: u64) -> Result<String> {
        let jti = b64::encode(&random::bytes::<24>()?);
        let id = self.client_id.as_str();
        Ok(Obj::new().str("iss", id).str("sub", id).str("aud", token_endpoint).str("jti", &jti).u64("iat", now).u64("exp", now + ASSERTION_LIFETIME).finish())
    }

    /// A form POST to an endpoint that authenticates the client.
    pub fn authenticated(&self, url: &str, mut form: Form, assertion: Option<&str>) -> Result<HttpRequest> {
        let secret = || core::str::from_utf8(self.secret.as_ref().map(Secret::expose).unwrap_or_default()).unwrap_or_default();
        let mut basic = None;
        match self.auth {
            AuthMethod::None => {
                form.push("client_id", &self.client_id);
            }
            AuthMethod::SecretPost => {
                form.push("client_id", &self.client_id).push("client_secret", secret());
            }
            AuthMethod::SecretBasic => {
                let encode = |s: &str| form_urlencoded::byte_serialize(s.as_bytes()).collect::<String>();
                let pair = format!("{}:{}", encode(&self.client_id), encode(secret()));
                basic = Some(format!("Basic {}", STANDARD.encode(pair)));
            }
            AuthMethod::PrivateKeyJwt => {
                let assertion = assertion.filter(|a| !a.is_empty()).ok_or_else(|| Error::Config("private_key_jwt needs a signed client assertion".into()))?;
                form.push("client_id", &self.client_id).push("client_assertion_type", JWT_BEARER).push("client_assertion", assertion);
            }
        }
        let mut request = HttpRequest::form(url, &form);
        if let Some(value) = basic {
            request.headers.insert("authorization".into(), value);
        }
        Ok(request)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(json: &str) -> ClientConfig {
        ClientConfig::from_json(json).unwrap()
    }

    #[test]
    fn auth_methods_shape_the_request() {
        let basic = config(r#"{"clientId":"a b","clientSecret":"s:é%"}"#);
        assert_eq!(basic.auth, AuthMethod::SecretBasic);
        let r = basic.authenticated("https://as/token", Form::new(), None).unwrap();
        // RFC 6749 §2.3.1: form-encode, then Basic: "a+b:s%3A%C3%A9%25"
        assert_eq!(r.headers["authorization"], format!("Basic {}", STANDARD.encode("a+b:s%3A%C3%A9%25")));
        assert_eq!(r.body.as_deref(), Some(""));
        let post = config(r#"{"clientId":"c","clientSecret":"s","clientAuth":"client_secret_post"}"#);
        let r = post.authenticated("https://as/token", Form::new(), None).unwrap();
        assert_eq!(r.body.as_deref(), Some("client_id=c&client_secret=s"));
        assert!(!r.headers.contains_key("authorization"));
        let none = config(r#"{"clientId":"c"}"#);
        assert_eq!(none.authenticated("https://as/t", Form::new(), None).unwrap().body.as_deref(), Some("client_id=c"));
        let jwt = config(r#"{"clientId":"c","hasPrivateKey":true}"#);
        assert!(jwt.needs_assertion());
        let r = jwt.authenticated("https://as/t", Form::new(), Some("h.p.s")).unwrap();
        assert_eq!(r.body.unwrap(), "client_id=c&client_assertion_type=urn%3Aietf%3Aparams%3Aoauth%3Aclient-assertion-type%3Ajwt-bearer&client_assertion=h.p.s");
        assert_eq!(jwt.authenticated("https://as/t", Form::new(), None).unwrap_err().code(), "ERR_CONFIG");
    }

    #[test]
    fn assertion_claims_follow_rfc7523() {
        let jwt = config(r#"{"clientId":"c","clientAuth":"private_key_jwt","hasPrivateKey":true}"#);
        let a = crate::json::parse(&jwt.assertion_claims("https://as/token", 1000).unwrap()).unwrap();
        let b = crate::json::parse(&jwt.assertion_claims("https://as/token", 1000).unwrap()).unwrap();
        assert_eq!((a["iss"].as_str(), a["sub"].as_str(), a["aud"].as_str()), (Some("c"), Some("c"), Some("https://as/token")));
        assert_eq!((a["iat"].as_u64(), a["exp"].as_u64()), (Some(1000), Some(1060)));
        assert_ne!(a["jti"], b["jti"], "jti is unique");
    }

    #[test]
    fn bad_configs_and_no_secret_in_debug() {
        for bad in [r#"{"clientId":""}"#, r#"{"clientId":"c","clientAuth":"client_secret_jwt"}"#, r#"{"clientId":"c","clientAuth":"client_secret_basic"}"#, r#"{"clientId":"c","clientAuth":"private_key_jwt"}"#, r#"{"clientId":"c","other":1}"#, "{", r#"{"clientId":5}"#, r#"{"clientId":"c","resource":"https://api#x"}"#, r#"{"clientId":"c","resource":"api"}"#, r#"{"clientId":"c","scope":5}"#] {
            assert_eq!(ClientConfig::from_json(bad).unwrap_err().code(), "ERR_CONFIG", "{bad}");
        }
        let c = config(r#"{"clientId":"c","clientSecret":"hunter2-secret"}"#);
        assert!(!format!("{c:?}").contains("hunter2"));
    }
}
