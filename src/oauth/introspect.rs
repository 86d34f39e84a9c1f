//! Token introspection (RFC 7662): the authenticated request (§2.1) and the
//! response (§2.2), whose `active` member is required and boolean.

use alloc::string::String;

use super::client::ClientConfig;
use crate::json::Value;
use super::http::{Form, HttpRequest, HttpResponse};
use super::metadata::Metadata;
use crate::error::{Error, Result};

pub fn request(metadata: &Metadata, client: &ClientConfig, token: &str, hint: Option<&str>, assertion: Option<&str>) -> Result<HttpRequest> {
    if token.is_empty() {
        return Err(Error::Config("the token to introspect is empty".into()));
    }
    let mut form = Form::new();
    form.push("token", token).push_opt("token_type_hint", hint);
    client.authenticated(metadata.endpoint("introspection_endpoint")?, form, assertion)
}

/// The response object as JSON text, once `active` is known to be a boolean.
pub fn parse(response: &HttpResponse) -> Result<String> {
    let body = response.json_object()?;
    if !body.get("active").is_some_and(Value::is_boolean) {
        return Err(Error::invalid_response("active", "an introspection response has a boolean \"active\""));
    }
    Ok(body.to_json())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_and_response() {
        let m = Metadata::parse(&HttpResponse { status: 200, body: r#"{"issuer":"https://as","introspection_endpoint":"https://as/i"}"#.into(), ..Default::default() }, "https://as", "").unwrap();
        let c = ClientConfig::from_json(r#"{"clientId":"c","clientSecret":"s","clientAuth":"client_secret_post"}"#).unwrap();
        let r = request(&m, &c, "tok", Some("refresh_token"), None).unwrap();
        assert_eq!((r.url.as_str(), r.body.as_deref()), ("https://as/i", Some("token=tok&token_type_hint=refresh_token&client_id=c&client_secret=s")));
        assert_eq!(request(&m, &c, "", None, None).unwrap_err().code(), "ERR_CONFIG");
        let ok = |body: &str| parse(&HttpResponse { status: 200, body: body.into(), ..Default::default() });
        assert_eq!(ok(r#"{"active":false}"#).unwrap(), r#"{"active":false}"#);
        assert!(ok(r#"{"active":true,"sub":"u"}"#).unwrap().contains("\"sub\":\"u\""));
        for bad in ["{}", r#"{"active":"true"}"#, "[]"] {
            assert_eq!(ok(bad).unwrap_err().code(), "ERR_OAUTH_INVALID_RESPONSE", "{bad}");
        }
    }
}
