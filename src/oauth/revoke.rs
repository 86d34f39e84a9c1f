//! Token revocation (RFC 7009): the authenticated request (§2.1); any 2xx
//! answer means done (§2.2), an error body is an OAuth error (§2.2.1).

use super::client::ClientConfig;
use super::http::{Form, HttpRequest, HttpResponse};
use super::metadata::Metadata;
use crate::error::{Error, Result};

pub fn request(metadata: &Metadata, client: &ClientConfig, token: &str, hint: Option<&str>, assertion: Option<&str>) -> Result<HttpRequest> {
    if token.is_empty() {
        return Err(Error::Config("the token to revoke is empty".into()));
    }
    let mut form = Form::new();
    form.push("token", token).push_opt("token_type_hint", hint);
    client.authenticated(metadata.endpoint("revocation_endpoint")?, form, assertion)
}

pub fn parse(response: &HttpResponse) -> Result<()> {
    if response.is_success() {
        Ok(())
    } else {
        Err(response.error())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_and_response() {
        let m = Metadata::parse(&HttpResponse { status: 200, body: r#"{"issuer":"https://as","revocation_endpoint":"https://as/r"}"#.into(), ..Default::default() }, "https://as", "").unwrap();
        let c = ClientConfig::from_json(r#"{"clientId":"c"}"#).unwrap();
        assert_eq!(request(&m, &c, "t", None, None).unwrap().body.as_deref(), Some("token=t&client_id=c"));
        assert_eq!(request(&m, &c, "", None, None).unwrap_err().code(), "ERR_CONFIG");
        assert!(parse(&HttpResponse { status: 200, ..Default::default() }).is_ok());
        let e = parse(&HttpResponse { status: 400, body: r#"{"error":"unsupported_token_type"}"#.into(), ..Default::default() }).unwrap_err();
        assert_eq!(e.code(), "ERR_OAUTH_RESPONSE");
        assert!(parse(&HttpResponse { status: 503, ..Default::default() }).unwrap_err().retriable());
    }
}
