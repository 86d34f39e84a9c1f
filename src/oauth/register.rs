//! Dynamic client registration (RFC 7591): the client metadata of a client
//! that signs users in (§2), the JSON POST of client metadata (§3.1), with an
//! initial access token as a Bearer credential when the server demands one
//! (§3), and the response (§3.2.1) which names a `client_id`.

use alloc::format;
use alloc::string::String;

use crate::json::Value;
use super::http::{required_str, HttpRequest, HttpResponse};
use super::metadata::Metadata;
use crate::error::{Error, Result};

pub fn request(metadata: &Metadata, client_metadata_json: &str, initial_access_token: Option<&str>) -> Result<HttpRequest> {
    let body = crate::json::parse(client_metadata_json).map_err(|_| Error::Config("client metadata must be a JSON object".into()))?;
    if !body.is_object() {
        return Err(Error::Config("client metadata must be a JSON object".into()));
    }
    let mut r = HttpRequest::get(metadata.endpoint("registration_endpoint")?);
    r.method = "POST";
    r.headers.insert("content-type".into(), "application/json".into());
    if let Some(token) = initial_access_token.filter(|t| !t.is_empty()) {
        r.headers.insert("authorization".into(), format!("Bearer {token}"));
    }
    r.body = Some(body.to_json());
    Ok(r)
}

/// The metadata to register a client that signs users in (§2): the caller's
/// members (`given_json`, RFC 7591 names) over the defaults `redirect_uris`
/// = `[redirect_uri]`, `grant_types` authorization_code + refresh_token,
/// `response_types` code, `token_endpoint_auth_method` none (a public client
/// with PKCE, RFC 9700 §2.1.1) and `scope` when one is given.
pub fn login_client_metadata(redirect_uri: &str, scope: Option<&str>, given_json: &str) -> Result<String> {
    let mut members = match crate::json::parse(if given_json.is_empty() { "{}" } else { given_json }) {
        Ok(Value::Object(m)) => m,
        _ => return Err(Error::Config("client metadata must be a JSON object".into())),
    };
    if redirect_uri.is_empty() {
        return Err(Error::Config("registering a client that signs users in needs redirectUri".into()));
    }
    let strings = |items: &[&str]| Value::Array(items.iter().map(|&s| Value::from(s)).collect());
    let defaults = [
        ("redirect_uris", strings(&[redirect_uri])),
        ("grant_types", strings(&["authorization_code", "refresh_token"])),
        ("response_types", strings(&["code"])),
        ("token_endpoint_auth_method", Value::from("none")),
    ];
    for (name, value) in defaults.into_iter().chain(scope.filter(|s| !s.is_empty()).map(|s| ("scope", Value::from(s)))) {
        if !members.contains_key(name) {
            members.insert(name, value);
        }
    }
    Ok(members.to_json())
}

/// The registered client's metadata as JSON text.
pub fn parse(response: &HttpResponse) -> Result<String> {
    let body = response.json_object()?;
    required_str(&body, "client_id")?;
    Ok(body.to_json())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_and_response() {
        let m = Metadata::parse(&HttpResponse { status: 200, body: r#"{"issuer":"https://as","registration_endpoint":"https://as/reg"}"#.into(), ..Default::default() }, "https://as", "").unwrap();
        let r = request(&m, r#"{"redirect_uris":["https://rp/cb"]}"#, Some("iat")).unwrap();
        assert_eq!((r.method, r.headers["authorization"].as_str(), r.headers["content-type"].as_str()), ("POST", "Bearer iat", "application/json"));
        assert!(!request(&m, "{}", None).unwrap().headers.contains_key("authorization"));
        for bad in ["[]", "nope"] {
            assert_eq!(request(&m, bad, None).unwrap_err().code(), "ERR_CONFIG");
        }
        let created = HttpResponse { status: 201, body: r#"{"client_id":"new","client_secret":"s"}"#.into(), ..Default::default() };
        assert!(parse(&created).unwrap().contains("\"client_id\":\"new\""));
        assert_eq!(parse(&HttpResponse { status: 201, body: "{}".into(), ..Default::default() }).unwrap_err().code(), "ERR_OAUTH_INVALID_RESPONSE");
        let refused = HttpResponse { status: 400, body: r#"{"error":"invalid_client_metadata"}"#.into(), ..Default::default() };
        assert_eq!(parse(&refused).unwrap_err().code(), "ERR_OAUTH_RESPONSE");
    }

    #[test]
    fn login_clients_are_public_pkce_clients_by_default() {
        let m = crate::json::parse(&login_client_metadata("http://127.0.0.1:1/cb", Some("notes:read"), "").unwrap()).unwrap();
        assert_eq!(m["redirect_uris"].to_json(), r#"["http://127.0.0.1:1/cb"]"#);
        assert_eq!(m["grant_types"].to_json(), r#"["authorization_code","refresh_token"]"#);
        assert_eq!(m["response_types"].to_json(), r#"["code"]"#);
        assert_eq!((m["token_endpoint_auth_method"].as_str(), m["scope"].as_str()), (Some("none"), Some("notes:read")));
        let given = crate::json::parse(&login_client_metadata("https://rp/cb", None, r#"{"client_name":"Agent","token_endpoint_auth_method":"client_secret_basic"}"#).unwrap()).unwrap();
        assert_eq!((given["client_name"].as_str(), given["token_endpoint_auth_method"].as_str()), (Some("Agent"), Some("client_secret_basic")));
        assert!(given.get("scope").is_none());
        for (uri, given) in [("", "{}"), ("https://rp/cb", "[]"), ("https://rp/cb", "{")] {
            assert_eq!(login_client_metadata(uri, None, given).unwrap_err().code(), "ERR_CONFIG", "{uri} {given}");
        }
    }
}
