//! Token endpoint requests and responses: the authorization code grant
//! (RFC 6749 §4.1.3, with the PKCE `code_verifier` of RFC 7636 §4.5), refresh
//! (§6), client credentials (§4.4), all with the client's RFC 8707 §2.2
//! `resource` when it has one, token exchange
//! (RFC 8693 §2.1, token types of §3), and the successful response (§5.1,
//! RFC 8693 §2.2.1) as a [`TokenSet`]: `Bearer`, or `DPoP` when the request
//! carried a DPoP proof (RFC 9449 §5).

use alloc::string::String;
use alloc::format;

use crate::json::{Obj, Options, Value};

use super::client::ClientConfig;
use super::http::{optional_str, required_str, Form, HttpRequest, HttpResponse};
use super::metadata::Metadata;
use crate::error::{Error, Result};

pub const TOKEN_EXCHANGE: &str = "urn:ietf:params:oauth:grant-type:token-exchange";
const TOKEN_TYPE_PREFIX: &str = "urn:ietf:params:oauth:token-type:";
/// RFC 8693 §3 token type identifiers (the suffix after `urn:ietf:params:oauth:token-type:`).
const TOKEN_TYPES: [&str; 6] = ["access_token", "refresh_token", "id_token", "saml1", "saml2", "jwt"];

/// A successful token response (camelCase JSON for JavaScript).
#[derive(Debug, Clone, PartialEq)]
pub struct TokenSet {
    pub access_token: String,
    pub token_type: String,
    pub expires_at: Option<u64>,
    pub refresh_token: Option<String>,
    pub id_token: Option<String>,
    pub scope: Option<String>,
    pub issued_token_type: Option<String>,
}

impl TokenSet {
    /// As camelCase JSON text for JavaScript.
    pub fn to_json(&self) -> String {
        let mut o = Obj::new();
        o.str("accessToken", &self.access_token).str("tokenType", &self.token_type);
        if let Some(at) = self.expires_at {
            o.u64("expiresAt", at);
        }
        o.opt_str("refreshToken", self.refresh_token.as_deref())
            .opt_str("idToken", self.id_token.as_deref())
            .opt_str("scope", self.scope.as_deref())
            .opt_str("issuedTokenType", self.issued_token_type.as_deref())
            .finish()
    }
}

/// Whether a token expiring at `expires_at` should be replaced at `now`,
/// `buffer` seconds early. A token without an expiry never expires.
pub fn is_expired(expires_at: Option<u64>, now: u64, buffer: u64) -> bool {
    expires_at.is_some_and(|at| now.saturating_add(buffer) >= at)
}

const GRANT_OPTIONS: [&str; 11] = [
    "code",
    "codeVerifier",
    "refreshToken",
    "scope",
    "resource",
    "audience",
    "subjectToken",
    "subjectTokenType",
    "actorToken",
    "actorTokenType",
    "requestedTokenType",
];

fn required<'a>(o: &'a Options, name: &str) -> Result<&'a str> {
    o.str(name)?.filter(|v| !v.is_empty()).ok_or_else(|| Error::Config(format!("{name} is required")))
}

/// `name` once per value of option `option` (a string or an array of strings).
fn push_many(form: &mut Form, name: &str, o: &Options, option: &str) -> Result<()> {
    for v in o.strs(option)?.unwrap_or_default() {
        form.push(name, v);
    }
    Ok(())
}

/// A token type as a full URN: short names of RFC 8693 §3 are expanded,
/// other absolute URIs pass through.
pub fn token_type_urn(name: &str) -> Result<String> {
    if TOKEN_TYPES.contains(&name) {
        return Ok(format!("{TOKEN_TYPE_PREFIX}{name}"));
    }
    if name.starts_with("urn:") || name.starts_with("https:") {
        return Ok(name.into());
    }
    Err(Error::Config(format!("\"{name}\" is not a token type (use {} or a URN)", TOKEN_TYPES.join(", "))))
}

/// The form of grant `grant` (`authorization_code`, `refresh_token`,
/// `client_credentials`, `token_exchange`) from its options.
pub fn grant_form(client: &ClientConfig, grant: &str, options_json: &str) -> Result<Form> {
    let o = Options::parse(options_json, &format!("{grant} options"), &GRANT_OPTIONS)?;
    let mut form = Form::new();
    match grant {
        "authorization_code" => {
            let redirect_uri = client.redirect_uri.as_deref().ok_or_else(|| Error::Config("the code exchange needs redirectUri".into()))?;
            form.push("grant_type", grant).push("code", required(&o, "code")?).push("redirect_uri", redirect_uri).push("code_verifier", required(&o, "codeVerifier")?);
            form.push_opt("resource", client.resource.as_deref());
        }
        "refresh_token" => {
            form.push("grant_type", grant).push("refresh_token", required(&o, "refreshToken")?).push_opt("scope", o.str("scope")?);
            form.push_opt("resource", client.resource.as_deref());
        }
        "client_credentials" => {
            form.push("grant_type", grant).push_opt("scope", o.str("scope")?);
            if o.value("resource").is_some() {
                push_many(&mut form, "resource", &o, "resource")?;
            } else {
                form.push_opt("resource", client.resource.as_deref());
            }
            push_many(&mut form, "audience", &o, "audience")?;
        }
        "token_exchange" => {
            let subject_type = token_type_urn(required(&o, "subjectTokenType")?)?;
            form.push("grant_type", TOKEN_EXCHANGE).push("subject_token", required(&o, "subjectToken")?).push("subject_token_type", &subject_type);
            match (o.str("actorToken")?, o.str("actorTokenType")?) {
                (Some(token), Some(kind)) if !token.is_empty() => {
                    form.push("actor_token", token).push("actor_token_type", &token_type_urn(kind)?);
                }
                (None, None) => {}
                _ => return Err(Error::Config("actorToken and actorTokenType go together (RFC 8693 §2.1)".into())),
            }
            push_many(&mut form, "resource", &o, "resource")?;
            push_many(&mut form, "audience", &o, "audience")?;
            form.push_opt("scope", o.str("scope")?);
            if let Some(kind) = o.str("requestedTokenType")? {
                form.push("requested_token_type", &token_type_urn(kind)?);
            }
        }
        other => return Err(Error::Config(format!("unknown grant \"{other}\""))),
    }
    Ok(form)
}

/// The authenticated token request for a grant form.
pub fn request(metadata: &Metadata, client: &ClientConfig, form: Form, assertion: Option<&str>) -> Result<HttpRequest> {
    client.authenticated(metadata.endpoint("token_endpoint")?, form, assertion)
}

/// A token response at `now`. `exchange` demands RFC 8693's `issued_token_type`.
pub fn parse(response: &HttpResponse, now: u64, exchange: bool) -> Result<TokenSet> {
    parse_as(response, now, exchange, false)
}

/// [`parse`] for a request that did (`dpop`) or did not carry a DPoP proof.
/// With one, only a DPoP-bound token (`token_type: DPoP`) is accepted: a
/// Bearer answer lacks the protection the client asked for and is refused
/// (RFC 9449 §5: "The client MUST discard the response in this case if this
/// protection is deemed important"). Without one, a DPoP token is refused.
pub fn parse_as(response: &HttpResponse, now: u64, exchange: bool, dpop: bool) -> Result<TokenSet> {
    let body = response.json_object()?;
    let access_token = required_str(&body, "access_token")?;
    let token_type = required_str(&body, "token_type")?;
    let token_type = if exchange && token_type == "N_A" {
        "N_A"
    } else if dpop && token_type.eq_ignore_ascii_case("dpop") {
        "DPoP"
    } else if dpop {
        return Err(Error::invalid_response("token_type", "a DPoP-bound token was requested, but the server answered another token_type (RFC 9449 §5)"));
    } else if token_type.eq_ignore_ascii_case("bearer") {
        "Bearer"
    } else {
        return Err(Error::invalid_response("token_type", "only Bearer tokens are supported without a DPoP key"));
    };
    let expires_in = match body.get("expires_in") {
        None | Some(Value::Null) => None,
        Some(Value::Number(n)) => Some(n.as_u64().ok_or_else(|| Error::invalid_response("expires_in", "must be a non-negative integer"))?),
        Some(Value::String(s)) => Some(s.parse::<u64>().map_err(|_| Error::invalid_response("expires_in", "must be a non-negative integer"))?),
        Some(_) => return Err(Error::invalid_response("expires_in", "must be a non-negative integer")),
    };
    let issued_token_type = optional_str(&body, "issued_token_type")?.map(String::from);
    if exchange && issued_token_type.is_none() {
        return Err(Error::invalid_response("issued_token_type", "a token exchange response names the issued token type (RFC 8693 §2.2.1)"));
    }
    Ok(TokenSet {
        access_token: access_token.into(),
        token_type: token_type.into(),
        expires_at: expires_in.map(|s| now.saturating_add(s)),
        refresh_token: optional_str(&body, "refresh_token")?.map(String::from),
        id_token: optional_str(&body, "id_token")?.map(String::from),
        scope: optional_str(&body, "scope")?.map(String::from),
        issued_token_type,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn client() -> ClientConfig {
        ClientConfig::from_json(r#"{"clientId":"c","redirectUri":"https://rp/cb"}"#).unwrap()
    }

    fn form(grant: &str, opts: &str) -> String {
        grant_form(&client(), grant, opts).unwrap().encode()
    }

    fn ok(body: &str) -> HttpResponse {
        HttpResponse { status: 200, body: body.into(), ..Default::default() }
    }

    #[test]
    fn grant_forms() {
        assert_eq!(form("authorization_code", r#"{"code":"x","codeVerifier":"v"}"#), "grant_type=authorization_code&code=x&redirect_uri=https%3A%2F%2Frp%2Fcb&code_verifier=v");
        assert_eq!(form("refresh_token", r#"{"refreshToken":"r","scope":"a b"}"#), "grant_type=refresh_token&refresh_token=r&scope=a+b");
        assert_eq!(form("client_credentials", r#"{"resource":["https://a","https://b"],"audience":"x"}"#), "grant_type=client_credentials&resource=https%3A%2F%2Fa&resource=https%3A%2F%2Fb&audience=x");
        let te = form("token_exchange", r#"{"subjectToken":"s","subjectTokenType":"access_token","actorToken":"a","actorTokenType":"urn:x:custom","requestedTokenType":"jwt","audience":"svc"}"#);
        assert_eq!(te, "grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Atoken-exchange&subject_token=s&subject_token_type=urn%3Aietf%3Aparams%3Aoauth%3Atoken-type%3Aaccess_token&actor_token=a&actor_token_type=urn%3Ax%3Acustom&audience=svc&requested_token_type=urn%3Aietf%3Aparams%3Aoauth%3Atoken-type%3Ajwt");
        for t in TOKEN_TYPES {
            assert_eq!(token_type_urn(t).unwrap(), format!("{TOKEN_TYPE_PREFIX}{t}"));
        }
    }

    #[test]
    fn a_resource_client_names_its_resource_in_every_grant() {
        let bound = ClientConfig::from_json(r#"{"clientId":"c","redirectUri":"https://rp/cb","resource":"https://mcp.example/mcp"}"#).unwrap();
        let form = |grant: &str, opts: &str| grant_form(&bound, grant, opts).unwrap().encode();
        assert!(form("authorization_code", r#"{"code":"x","codeVerifier":"v"}"#).ends_with("&resource=https%3A%2F%2Fmcp.example%2Fmcp"));
        assert_eq!(form("refresh_token", r#"{"refreshToken":"r"}"#), "grant_type=refresh_token&refresh_token=r&resource=https%3A%2F%2Fmcp.example%2Fmcp");
        assert_eq!(form("client_credentials", "{}"), "grant_type=client_credentials&resource=https%3A%2F%2Fmcp.example%2Fmcp");
        assert_eq!(form("client_credentials", r#"{"resource":"https://b"}"#), "grant_type=client_credentials&resource=https%3A%2F%2Fb");
    }

    #[test]
    fn bad_grant_options() {
        let cases = [
            ("authorization_code", r#"{"code":"x"}"#),
            ("refresh_token", "{}"),
            ("token_exchange", r#"{"subjectToken":"s"}"#),
            ("token_exchange", r#"{"subjectToken":"s","subjectTokenType":"bogus"}"#),
            ("token_exchange", r#"{"subjectToken":"s","subjectTokenType":"jwt","actorToken":"a"}"#),
            ("client_credentials", r#"{"resource":5}"#),
            ("password", "{}"),
            ("refresh_token", r#"{"refreshToken":"r","extra":1}"#),
        ];
        for (grant, opts) in cases {
            assert_eq!(grant_form(&client(), grant, opts).unwrap_err().code(), "ERR_CONFIG", "{grant} {opts}");
        }
        let no_redirect = ClientConfig::from_json(r#"{"clientId":"c"}"#).unwrap();
        assert_eq!(grant_form(&no_redirect, "authorization_code", r#"{"code":"x","codeVerifier":"v"}"#).unwrap_err().code(), "ERR_CONFIG");
    }

    #[test]
    fn token_responses() {
        let set = parse(&ok(r#"{"access_token":"at","token_type":"bearer","expires_in":3600,"refresh_token":"rt","id_token":"a.b.c","scope":"openid"}"#), 1000, false).unwrap();
        assert_eq!(set.token_type, "Bearer");
        assert_eq!(set.expires_at, Some(4600));
        assert_eq!(set.to_json(), r#"{"accessToken":"at","tokenType":"Bearer","expiresAt":4600,"refreshToken":"rt","idToken":"a.b.c","scope":"openid"}"#);
        assert_eq!(parse(&ok(r#"{"access_token":"at","token_type":"Bearer","expires_in":"60"}"#), 0, false).unwrap().expires_at, Some(60));
        let te = parse(&ok(r#"{"access_token":"at","token_type":"N_A","issued_token_type":"urn:x"}"#), 0, true).unwrap();
        assert_eq!(te.issued_token_type.as_deref(), Some("urn:x"));
        let check = |body: &str, exchange: bool| match parse(&ok(body), 0, exchange).unwrap_err() {
            Error::OAuthInvalidResponse { check, .. } => check,
            other => other.code().into(),
        };
        assert_eq!(check(r#"{"token_type":"Bearer"}"#, false), "access_token");
        assert_eq!(check(r#"{"access_token":"at"}"#, false), "token_type");
        assert_eq!(check(r#"{"access_token":"at","token_type":"DPoP"}"#, false), "token_type");
        assert_eq!(check(r#"{"access_token":"at","token_type":"N_A"}"#, false), "token_type");
        assert_eq!(check(r#"{"access_token":"at","token_type":"Bearer","expires_in":-1}"#, false), "expires_in");
        assert_eq!(check(r#"{"access_token":"at","token_type":"Bearer","expires_in":"soon"}"#, false), "expires_in");
        assert_eq!(check(r#"{"access_token":"at","token_type":"Bearer","refresh_token":5}"#, false), "refresh_token");
        assert_eq!(check(r#"{"access_token":"at","token_type":"Bearer"}"#, true), "issued_token_type");
        let dpop = |body: &str| parse_as(&ok(body), 0, false, true);
        assert_eq!(dpop(r#"{"access_token":"at","token_type":"DPoP"}"#).unwrap().token_type, "DPoP");
        assert_eq!(dpop(r#"{"access_token":"at","token_type":"dpop"}"#).unwrap().token_type, "DPoP");
        assert_eq!(dpop(r#"{"access_token":"at","token_type":"Bearer"}"#).unwrap_err().code(), "ERR_OAUTH_INVALID_RESPONSE", "a Bearer answer to a DPoP request");
        let e = parse(&HttpResponse { status: 400, body: r#"{"error":"invalid_grant"}"#.into(), ..Default::default() }, 0, false).unwrap_err();
        assert_eq!(e.code(), "ERR_OAUTH_RESPONSE");
    }

    #[test]
    fn expiry_with_buffer() {
        assert!(!is_expired(None, u64::MAX, 60));
        assert!(!is_expired(Some(1000), 939, 60));
        assert!(is_expired(Some(1000), 940, 60));
        assert!(is_expired(Some(1000), 1000, 0));
        assert!(is_expired(Some(5), u64::MAX, u64::MAX), "no overflow");
    }
}
