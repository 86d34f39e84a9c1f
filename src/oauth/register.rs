//! Dynamic client registration (RFC 7591): the JSON POST of client metadata
//! (§3.1), with an initial access token as a Bearer credential when the
//! server demands one (§3), and the response (§3.2.1) which names a `client_id`.

use alloc::format;
use alloc::string::String;


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
}
