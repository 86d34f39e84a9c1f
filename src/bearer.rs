//! Bearer tokens on the wire (RFC 6750): reading the `Authorization` header
//! (§2.1) or a cookie (RFC 6265 §5.4), writing the `WWW-Authenticate`
//! challenge (§3, with RFC 9728 §5.1 `resource_metadata`), and reading the
//! Bearer challenge of an answer (the syntax is `crate::challenge`'s).

use alloc::string::String;

use crate::error::{Error, Result};
use crate::oauth::http::Pairs;

fn is_b64token_char(c: u8) -> bool {
    c.is_ascii_alphanumeric() || b"-._~+/".contains(&c)
}

/// Whether `token` matches `b64token = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="`.
pub fn is_b64token(token: &str) -> bool {
    let body = token.trim_end_matches('=');
    !body.is_empty() && body.bytes().all(is_b64token_char)
}

/// The token of an `Authorization: Bearer <token>` header value.
///
/// `Ok(None)` when there is no header or it uses another scheme; an error
/// for a Bearer header that is not exactly one well-formed token.
pub fn from_authorization(header: Option<&str>) -> Result<Option<&str>> {
    token_of(header, "Bearer", "RFC 6750 §2.1")
}

/// The token68 credentials of `scheme` (case-insensitive) in an
/// `Authorization` header value; `Ok(None)` for another scheme or no header.
pub fn token_of<'a>(header: Option<&'a str>, scheme: &str, rule: &str) -> Result<Option<&'a str>> {
    let Some(value) = header else { return Ok(None) };
    let value = value.trim_matches(|c| c == ' ' || c == '\t');
    let (name, rest) = match value.find([' ', '\t']) {
        Some(i) => (&value[..i], &value[i..]),
        None => (value, ""),
    };
    if !name.eq_ignore_ascii_case(scheme) {
        return Ok(None);
    }
    let token = rest.trim_start_matches([' ', '\t']);
    if !is_b64token(token) {
        return Err(Error::Config(alloc::format!("the Authorization header must be \"{scheme}\" and exactly one token ({rule})")));
    }
    Ok(Some(token))
}

/// The value of cookie `name` in a `Cookie` header, when it is a well-formed token.
pub fn from_cookie<'a>(header: Option<&'a str>, name: &str) -> Option<&'a str> {
    header?
        .split(';')
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.trim_matches('"'))
        .filter(|v| is_b64token(v))
}

/// A `WWW-Authenticate: Bearer …` challenge (RFC 6750 §3): `error` is
/// `invalid_request`, `invalid_token` or `insufficient_scope`; none when the
/// request carried no credentials (§3.1). `resource_metadata` is the URL of
/// the resource's RFC 9728 metadata (§5.1).
pub fn challenge(realm: Option<&str>, error: Option<&str>, description: Option<&str>, scope: Option<&str>, resource_metadata: Option<&str>) -> String {
    crate::challenge::build("Bearer", &[("realm", realm), ("error", error), ("error_description", description), ("scope", scope), ("resource_metadata", resource_metadata)])
}

/// The parameters of the Bearer challenge in a `WWW-Authenticate` value
/// (names lower-cased, quoted-pairs unescaped); `None` when there is none or
/// the value is malformed (see [`crate::challenge::parse`]).
pub fn parse_challenge(header: &str) -> Option<Pairs> {
    crate::challenge::params_of(header, "bearer")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn authorization_header() {
        assert_eq!(from_authorization(None).unwrap(), None);
        assert_eq!(from_authorization(Some("Bearer abc.DEF-_~+/==")).unwrap(), Some("abc.DEF-_~+/=="));
        assert_eq!(from_authorization(Some("bEaReR  tok")).unwrap(), Some("tok"));
        assert_eq!(from_authorization(Some("Basic dXNlcjpwYXNz")).unwrap(), None);
        assert_eq!(from_authorization(Some("Bearertok")).unwrap(), None, "not the Bearer scheme");
        for bad in ["Bearer", "Bearer ", "Bearer a b", "Bearer a,b", "Bearer ==", "Bearer tok=en", "Bearer t\u{e9}"] {
            assert_eq!(from_authorization(Some(bad)).unwrap_err().code(), "ERR_CONFIG", "{bad:?}");
        }
    }

    #[test]
    fn cookies() {
        assert_eq!(from_cookie(Some("a=1; session=tok.en; b=2"), "session"), Some("tok.en"));
        assert_eq!(from_cookie(Some("session=\"tok\""), "session"), Some("tok"));
        assert_eq!(from_cookie(Some("xsession=tok"), "session"), None);
        assert_eq!(from_cookie(Some("session=a b"), "session"), None);
        assert_eq!(from_cookie(None, "session"), None);
    }

    #[test]
    fn challenges() {
        assert_eq!(challenge(None, None, None, None, None), "Bearer");
        assert_eq!(challenge(Some("api"), None, None, None, None), "Bearer realm=\"api\"");
        assert_eq!(
            challenge(Some("api \"x\""), Some("insufficient_scope"), Some("needs \"admin\" \\ RFC 6750 §3"), Some("admin:read users:write"), None),
            "Bearer realm=\"api \\\"x\\\"\", error=\"insufficient_scope\", error_description=\"needs 'admin'  RFC 6750 3\", scope=\"admin:read users:write\""
        );
        assert_eq!(challenge(None, Some("invalid_token"), Some("bad\r\nX: y"), None, None), "Bearer error=\"invalid_token\", error_description=\"badX: y\"");
        let rm = "https://mcp.example/.well-known/oauth-protected-resource/mcp";
        assert_eq!(challenge(None, None, None, None, Some(rm)), alloc::format!("Bearer resource_metadata=\"{rm}\""));
    }

    #[test]
    fn challenges_read_back() {
        let rm = "https://mcp.example/.well-known/oauth-protected-resource/mcp";
        let written = challenge(Some("a \"b\" \\ c é"), Some("insufficient_scope"), Some("d, e=f"), Some("x:read"), Some(rm));
        assert!(written.bytes().all(|b| (0x20..0x7f).contains(&b)), "printable ASCII only");
        let read = parse_challenge(&written).unwrap();
        assert_eq!(read["realm"], "a \"b\" \\ c ");
        assert_eq!(read["error_description"], "d, e=f");
        assert_eq!(read["scope"], "x:read");
        assert_eq!(read["resource_metadata"], rm);
        assert_eq!(read.iter().count(), 5);
        assert!(parse_challenge("Bearer").unwrap().is_empty());
        assert!(parse_challenge("bearer").unwrap().is_empty());
    }

    #[test]
    fn challenge_lists_and_other_schemes() {
        let p = parse_challenge(r#"Basic realm="x", DPoP algs="ES256 EdDSA", Bearer ERROR=invalid_token, Resource_Metadata="https://r/m""#).unwrap();
        assert_eq!((p["error"].as_str(), p["resource_metadata"].as_str(), p.iter().count()), ("invalid_token", "https://r/m", 2));
        let p = parse_challenge(r#"Negotiate dG9rZW4=, Bearer realm="r", Basic realm="b""#).unwrap();
        assert_eq!((p["realm"].as_str(), p.iter().count()), ("r", 1), "stops at the next challenge");
        assert_eq!(parse_challenge(r#"Bearer realm="é ü""#).unwrap()["realm"], "é ü");
        assert!(parse_challenge("Bearer abc==").unwrap().is_empty(), "a token68 carries no parameters");
        assert!(parse_challenge("Bearer realm=").unwrap().is_empty(), "\"realm=\" is a token68");
        for none in ["", "Basic realm=\"x\"", "DPoP algs=ES256", "Bearers realm=x", ", ,"] {
            assert_eq!(parse_challenge(none), None, "{none:?}");
        }
        for bad in ["Bearer realm=\"open", "Bearer a=b=c", "Bearer realm=x, realm=y", "Bearer REALM=x, realm=y", "Bearer =x", "Bearer realm=\"a\\", "Bearer \"x\"", "Bearer realm=\"\\é\""] {
            assert_eq!(parse_challenge(bad), None, "{bad:?}");
        }
    }
}
