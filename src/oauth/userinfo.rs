//! The UserInfo endpoint (OIDC Core §5.3): a Bearer GET (RFC 6750 §2.1), a
//! JSON answer whose `sub` must equal the ID token's (§5.3.2). Signed or
//! encrypted (`application/jwt`) answers are not supported.

use alloc::format;
use alloc::string::String;

use subtle::ConstantTimeEq;

use super::http::{required_str, HttpRequest, HttpResponse};
use super::metadata::Metadata;
use crate::error::{Error, Result};

pub fn request(metadata: &Metadata, access_token: &str) -> Result<HttpRequest> {
    if access_token.is_empty() {
        return Err(Error::Config("the access token is empty".into()));
    }
    let mut r = HttpRequest::get(metadata.endpoint("userinfo_endpoint")?);
    r.headers.insert("authorization".into(), format!("Bearer {access_token}"));
    Ok(r)
}

/// The claims as JSON text, after the `sub` check.
pub fn parse(response: &HttpResponse, expected_subject: Option<&str>) -> Result<String> {
    if response.is_success() && response.header("content-type").is_some_and(|t| t.starts_with("application/jwt")) {
        return Err(Error::NotSupported("signed or encrypted userinfo responses".into()));
    }
    let body = response.json_object()?;
    let sub = required_str(&body, "sub")?;
    if let Some(want) = expected_subject {
        if !bool::from(sub.as_bytes().ct_eq(want.as_bytes())) {
            return Err(Error::SubjectMismatch);
        }
    }
    Ok(body.to_json())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_and_response() {
        let m = Metadata::parse(&HttpResponse { status: 200, body: r#"{"issuer":"https://as","userinfo_endpoint":"https://as/me"}"#.into(), ..Default::default() }, "https://as", "").unwrap();
        let r = request(&m, "at").unwrap();
        assert_eq!((r.method, r.headers["authorization"].as_str()), ("GET", "Bearer at"));
        assert_eq!(request(&m, "").unwrap_err().code(), "ERR_CONFIG");
        let ok = |body: &str| HttpResponse { status: 200, body: body.into(), ..Default::default() };
        assert!(parse(&ok(r#"{"sub":"u","email":"e"}"#), Some("u")).unwrap().contains("\"email\""));
        assert_eq!(parse(&ok(r#"{"sub":"v"}"#), Some("u")).unwrap_err(), Error::SubjectMismatch);
        assert_eq!(parse(&ok(r#"{"email":"e"}"#), None).unwrap_err().code(), "ERR_OAUTH_INVALID_RESPONSE");
        let mut jwt = ok("a.b.c");
        jwt.headers.insert("content-type".into(), "application/jwt".into());
        assert_eq!(parse(&jwt, None).unwrap_err().code(), "ERR_JOSE_NOT_SUPPORTED");
        let mut denied = HttpResponse { status: 401, ..Default::default() };
        denied.headers.insert("www-authenticate".into(), r#"Bearer error="invalid_token""#.into());
        assert_eq!(parse(&denied, None).unwrap_err().code(), "ERR_OAUTH_RESPONSE");
    }
}
