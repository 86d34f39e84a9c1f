//! Bearer tokens on the wire (RFC 6750): reading the `Authorization` header
//! (§2.1) or a cookie (RFC 6265 §5.4), and writing the `WWW-Authenticate`
//! challenge (§3).

use alloc::string::String;

use crate::error::{Error, Result};

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

/// Append `name="value"` to a challenge, escaping `\` and `"` (RFC 9110 §5.6.4).
fn param(out: &mut String, first: bool, name: &str, value: &str) {
    if !first {
        out.push(',');
    }
    out.push(' ');
    out.push_str(name);
    out.push_str("=\"");
    for c in value.chars().filter(|c| !c.is_control()) {
        if c == '"' || c == '\\' {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('"');
}

/// A challenge of `scheme` (RFC 9110 §11.6.1) with the parameters that are set.
pub fn scheme_challenge(scheme: &str, params: &[(&str, Option<&str>)]) -> String {
    let mut out = String::from(scheme);
    let mut first = true;
    for (name, value) in params {
        if let Some(v) = value {
            param(&mut out, first, name, v);
            first = false;
        }
    }
    out
}

/// A `WWW-Authenticate: Bearer …` challenge (RFC 6750 §3): `error` is
/// `invalid_request`, `invalid_token` or `insufficient_scope`; none when the
/// request carried no credentials (§3.1).
pub fn challenge(realm: Option<&str>, error: Option<&str>, description: Option<&str>, scope: Option<&str>) -> String {
    scheme_challenge("Bearer", &[("realm", realm), ("error", error), ("error_description", description), ("scope", scope)])
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
        assert_eq!(challenge(None, None, None, None), "Bearer");
        assert_eq!(challenge(Some("api"), None, None, None), "Bearer realm=\"api\"");
        assert_eq!(
            challenge(Some("api"), Some("insufficient_scope"), Some("needs \"admin\""), Some("admin:read users:write")),
            "Bearer realm=\"api\", error=\"insufficient_scope\", error_description=\"needs \\\"admin\\\"\", scope=\"admin:read users:write\""
        );
        assert_eq!(challenge(None, Some("invalid_token"), Some("bad\r\nX: y"), None), "Bearer error=\"invalid_token\", error_description=\"badX: y\"");
    }
}
