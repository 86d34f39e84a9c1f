//! The UserInfo endpoint (OIDC Core §5.3): a GET with the access token as
//! Bearer (RFC 6750 §2.1) or DPoP (RFC 9449 §7.1, the host adds the proof), a
//! JSON answer whose `sub` must equal the ID token's (§5.3.2). Signed or
//! encrypted (`application/jwt`) answers are not supported.
//!
//! A resource server that validates opaque tokens by calling this endpoint
//! (or any "who am I" URL answering JSON) reads the answer with
//! [`parse_answer`]: any answer but a 2xx is `Error::Http` with its status
//! only, for the host to tell a refusal (401/403, RFC 6750 §3.1) from an
//! outage; the error body is not read (the edge module stays small).

use alloc::format;
use alloc::string::String;

use subtle::ConstantTimeEq;

use super::http::{required_str, HttpRequest, HttpResponse};
use super::metadata::Metadata;
use crate::dpop::scheme::Scheme;
use crate::error::{Error, Result};
use crate::json::Map;

pub fn request(metadata: &Metadata, access_token: &str, scheme: Scheme) -> Result<HttpRequest> {
    if access_token.is_empty() {
        return Err(Error::Config("the access token is empty".into()));
    }
    let mut r = HttpRequest::get(metadata.endpoint("userinfo_endpoint")?);
    r.headers.insert("authorization".into(), format!("{} {access_token}", scheme.name()));
    Ok(r)
}

/// The JSON object of a 2xx answer; any other answer becomes the error it describes.
fn object(response: &HttpResponse) -> Result<Map> {
    if response.is_success() && response.header("content-type").is_some_and(|t| t.starts_with("application/jwt")) {
        return Err(Error::NotSupported("signed or encrypted userinfo responses".into()));
    }
    response.json_object()
}

/// The answer as JSON text: a JSON object, with a string `sub` (§5.3.2) when
/// `subject_required` (a caller mapping the answer itself may need neither).
/// Any other status than 2xx is `Error::Http` with that status and no body.
pub fn parse_answer(response: &HttpResponse, subject_required: bool) -> Result<String> {
    if !response.is_success() {
        return Err(Error::Http { status: response.status, body: String::new() });
    }
    let body = object(response)?;
    if subject_required {
        required_str(&body, "sub")?;
    }
    Ok(body.to_json())
}

/// The claims as JSON text, after the `sub` check.
pub fn parse(response: &HttpResponse, expected_subject: Option<&str>) -> Result<String> {
    let body = object(response)?;
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
        let r = request(&m, "at", Scheme::Bearer).unwrap();
        assert_eq!((r.method, r.headers["authorization"].as_str()), ("GET", "Bearer at"));
        assert_eq!(request(&m, "at", Scheme::DPoP).unwrap().headers["authorization"], "DPoP at");
        assert_eq!(request(&m, "", Scheme::Bearer).unwrap_err().code(), "ERR_CONFIG");
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

    #[test]
    fn answers_for_a_resource_server() {
        let answer = |status: u16, body: &str| HttpResponse { status, body: body.into(), ..Default::default() };
        assert!(parse_answer(&answer(200, r#"{"sub":"u","team":"x"}"#), true).unwrap().contains("\"team\""));
        assert_eq!(parse_answer(&answer(200, r#"{"id":7}"#), false).unwrap(), r#"{"id":7}"#);
        for (bad, code) in [(r#"{"id":7}"#, "ERR_OAUTH_INVALID_RESPONSE"), (r#"{"sub":7}"#, "ERR_OAUTH_INVALID_RESPONSE"), ("[]", "ERR_OAUTH_INVALID_RESPONSE"), ("<html>", "ERR_OAUTH_INVALID_RESPONSE")] {
            assert_eq!(parse_answer(&answer(200, bad), true).unwrap_err().code(), code, "{bad}");
        }
        assert_eq!(parse_answer(&answer(200, "nope"), false).unwrap_err().code(), "ERR_OAUTH_INVALID_RESPONSE");
        // Refusals and outages keep their status for the host to tell apart.
        for status in [401, 403, 503, 302] {
            let e = parse_answer(&answer(status, r#"{"error":"invalid_token"}"#), true).unwrap_err();
            assert_eq!(e, Error::Http { status, body: String::new() });
        }
    }
}
