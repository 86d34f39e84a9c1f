//! Bearer tokens on the wire (RFC 6750): reading the `Authorization` header
//! (§2.1) or a cookie (RFC 6265 §5.4), writing the `WWW-Authenticate`
//! challenge (§3, with RFC 9728 §5.1 `resource_metadata`), and reading the
//! Bearer challenge of an answer (RFC 9110 §11.6.1 syntax).

use alloc::string::{String, ToString};

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
    let Some(value) = header else { return Ok(None) };
    let value = value.trim_matches(|c| c == ' ' || c == '\t');
    let (scheme, rest) = match value.find([' ', '\t']) {
        Some(i) => (&value[..i], &value[i..]),
        None => (value, ""),
    };
    if !scheme.eq_ignore_ascii_case("bearer") {
        return Ok(None);
    }
    let token = rest.trim_start_matches([' ', '\t']);
    if !is_b64token(token) {
        return Err(Error::Config("the Authorization header must be \"Bearer\" and exactly one token (RFC 6750 §2.1)".into()));
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

/// Append `name="value"` to a challenge. The value stays printable ASCII
/// (header values are bytes; anything else is not interoperable): `error`,
/// `error_description` and `scope` keep to the characters RFC 6750 §3
/// allows them (`%x20-21 / %x23-5B / %x5D-7E`, `"` written as `'`); other
/// values escape `\` and `"` (RFC 9110 §5.6.4). Controls and non-ASCII are dropped.
fn param(out: &mut String, name: &str, value: &str) {
    if !out.ends_with("Bearer") {
        out.push(',');
    }
    out.push(' ');
    out.push_str(name);
    out.push_str("=\"");
    let restricted = matches!(name, "error" | "error_description" | "scope");
    for c in value.chars().filter(|c| c.is_ascii() && !c.is_ascii_control()) {
        match c {
            '"' if restricted => out.push('\''),
            '\\' if restricted => {}
            '"' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out.push('"');
}

/// A `WWW-Authenticate: Bearer …` challenge (RFC 6750 §3): `error` is
/// `invalid_request`, `invalid_token` or `insufficient_scope`; none when the
/// request carried no credentials (§3.1). `resource_metadata` is the URL of
/// the resource's RFC 9728 metadata (§5.1).
pub fn challenge(realm: Option<&str>, error: Option<&str>, description: Option<&str>, scope: Option<&str>, resource_metadata: Option<&str>) -> String {
    let mut out = String::from("Bearer");
    let params = [("realm", realm), ("error", error), ("error_description", description), ("scope", scope), ("resource_metadata", resource_metadata)];
    for (name, value) in params {
        if let Some(v) = value {
            param(&mut out, name, v);
        }
    }
    out
}

/// `tchar` of RFC 9110 §5.6.2.
fn is_tchar(c: u8) -> bool {
    c.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&c)
}

/// The parameters of the Bearer challenge in a `WWW-Authenticate` value
/// (RFC 9110 §11.6.1: `#challenge`, each `auth-scheme [ token68 / #auth-param ]`),
/// names lower-cased, quoted-pairs unescaped. Other challenges (DPoP, Basic,
/// ...) are skipped. `None` when there is no Bearer challenge, when the
/// value is malformed, or when a parameter repeats (RFC 6750 §3).
pub fn parse_challenge(header: &str) -> Option<Pairs> {
    let s = header.as_bytes();
    let at = |i: usize| s.get(i).copied();
    let skip_ws = |mut i: usize| {
        while matches!(at(i), Some(b' ' | b'\t')) {
            i += 1;
        }
        i
    };
    let token_end = |mut i: usize| {
        while at(i).is_some_and(is_tchar) {
            i += 1;
        }
        i
    };
    let mut params = Pairs::new();
    let (mut in_challenge, mut in_bearer) = (false, false);
    let mut i = 0;
    loop {
        while matches!(at(i), Some(b' ' | b'\t' | b',')) {
            i += 1;
        }
        if i >= s.len() {
            break;
        }
        let start = i;
        i = token_end(i);
        if i == start {
            return None;
        }
        let name = &header[start..i];
        let j = skip_ws(i);
        if in_challenge && at(j) == Some(b'=') {
            let k = skip_ws(j + 1);
            let value = if at(k) == Some(b'"') {
                let mut value = String::new();
                let mut q = k + 1;
                loop {
                    match at(q)? {
                        b'"' => break,
                        b'\\' => {
                            q += 1;
                            value.push(char::from(at(q).filter(u8::is_ascii)?));
                        }
                        _ => {
                            let c = header[q..].chars().next()?;
                            value.push(c);
                            q += c.len_utf8() - 1;
                        }
                    }
                    q += 1;
                }
                i = q + 1;
                value
            } else {
                let end = token_end(k);
                if end == k {
                    return None;
                }
                i = end;
                header[k..end].to_string()
            };
            if in_bearer && params.insert(name.to_ascii_lowercase(), value).is_some() {
                return None;
            }
            continue;
        }
        // A new challenge: `name` is its scheme.
        if in_bearer {
            break;
        }
        in_challenge = true;
        in_bearer = name.eq_ignore_ascii_case("bearer");
        i = j;
        // An optional token68 right after the scheme (`Basic dXNlcjpw==`).
        let mut t = i;
        while at(t).is_some_and(|c| c.is_ascii_alphanumeric() || b"-._~+/".contains(&c)) {
            t += 1;
        }
        if t > i {
            let mut u = t;
            while at(u) == Some(b'=') {
                u += 1;
            }
            let w = skip_ws(u);
            if w >= s.len() || at(w) == Some(b',') {
                i = w;
            }
        }
    }
    in_bearer.then_some(params)
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
