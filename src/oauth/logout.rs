//! The RP-initiated logout URL (OpenID Connect RP-Initiated Logout 1.0 §2):
//! `id_token_hint`, `post_logout_redirect_uri`, `state`, and `client_id`.

use alloc::string::String;

use super::http::{with_query, Form};
use super::metadata::Metadata;
use crate::error::Result;
use crate::json::Options;

pub fn url(metadata: &Metadata, client_id: &str, options_json: &str) -> Result<String> {
    let o = Options::parse(options_json, "endSessionUrl options", &["idTokenHint", "postLogoutRedirectUri", "state"])?;
    let mut query = Form::new();
    query.push_opt("id_token_hint", o.str("idTokenHint")?).push_opt("post_logout_redirect_uri", o.str("postLogoutRedirectUri")?).push_opt("state", o.str("state")?).push("client_id", client_id);
    Ok(with_query(metadata.endpoint("end_session_endpoint")?, &query))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::oauth::http::HttpResponse;

    #[test]
    fn logout_url() {
        let m = Metadata::parse(&HttpResponse { status: 200, body: r#"{"issuer":"https://as","end_session_endpoint":"https://as/end"}"#.into(), ..Default::default() }, "https://as", "").unwrap();
        assert_eq!(url(&m, "c", r#"{"idTokenHint":"a.b.c","postLogoutRedirectUri":"https://rp/bye","state":"s"}"#).unwrap(), "https://as/end?id_token_hint=a.b.c&post_logout_redirect_uri=https%3A%2F%2Frp%2Fbye&state=s&client_id=c");
        assert_eq!(url(&m, "c", "{}").unwrap(), "https://as/end?client_id=c");
        assert_eq!(url(&m, "c", r#"{"other":1}"#).unwrap_err().code(), "ERR_CONFIG");
        let bare = Metadata::parse(&HttpResponse { status: 200, body: r#"{"issuer":"https://as"}"#.into(), ..Default::default() }, "https://as", "").unwrap();
        assert_eq!(url(&bare, "c", "{}").unwrap_err().code(), "ERR_CONFIG");
    }
}
