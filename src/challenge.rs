//! `WWW-Authenticate` challenges (RFC 9110 §11.6.1): writing one, reading
//! a value's challenges, and the OAuth error one carries (RFC 6750 §3 for
//! `Bearer`, RFC 9449 §7.1 for `DPoP`). `crate::bearer` and `crate::dpop`
//! write and read their schemes through these.

use alloc::string::{String, ToString};
use alloc::vec::Vec;

use crate::error::Error;
use crate::oauth::http::Pairs;

/// One challenge: its scheme as written, and its parameters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Challenge {
    pub scheme: String,
    pub params: Pairs,
}

/// Append `name="value"` to a challenge. The value stays printable ASCII
/// (header values are bytes; anything else is not interoperable): `error`,
/// `error_description` and `scope` keep to the characters RFC 6750 §3
/// allows them (`%x20-21 / %x23-5B / %x5D-7E`, `"` written as `'`); other
/// values escape `\` and `"` (RFC 9110 §5.6.4). Controls and non-ASCII are dropped.
fn param(out: &mut String, first: bool, name: &str, value: &str) {
    if !first {
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

/// The parameters of the first `scheme` challenge (case-insensitive) in a
/// `WWW-Authenticate` value; `None` when there is none or the value is
/// malformed (see [`parse`]).
pub fn params_of(header: &str, scheme: &str) -> Option<Pairs> {
    parse(header)?.into_iter().find(|c| c.scheme.eq_ignore_ascii_case(scheme)).map(|c| c.params)
}

/// A challenge of `scheme` (RFC 9110 §11.6.1) with the parameters that are set.
pub fn build(scheme: &str, params: &[(&str, Option<&str>)]) -> String {
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

/// `tchar` of RFC 9110 §5.6.2.
fn is_tchar(c: u8) -> bool {
    c.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&c)
}

/// The challenges of a `WWW-Authenticate` value (§11.6.1: `#challenge`,
/// each `auth-scheme [ token68 / #auth-param ]`), parameter names
/// lower-cased, quoted-pairs unescaped, a token68 skipped. `None` when the
/// value is malformed or a challenge repeats a parameter (RFC 6750 §3).
pub fn parse(header: &str) -> Option<Vec<Challenge>> {
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
    let mut out: Vec<Challenge> = Vec::new();
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
        if !out.is_empty() && at(j) == Some(b'=') {
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
            if out.last_mut()?.params.insert(name.to_ascii_lowercase(), value).is_some() {
                return None;
            }
            continue;
        }
        // A new challenge: `name` is its scheme.
        out.push(Challenge { scheme: name.into(), params: Pairs::new() });
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
    Some(out)
}

/// The OAuth error a `WWW-Authenticate` value carries: the `error` (and
/// `error_description`, `error_uri`) of its first `Bearer` or `DPoP`
/// challenge that has one (RFC 6750 §3, RFC 9449 §7.1).
pub fn oauth_error(header: &str, status: u16) -> Option<Error> {
    parse(header)?
        .into_iter()
        .filter(|c| c.scheme.eq_ignore_ascii_case("Bearer") || c.scheme.eq_ignore_ascii_case("DPoP"))
        .find_map(|c| {
            let error = c.params.get("error")?.clone();
            Some(Error::OAuthResponse { error, description: c.params.get("error_description").cloned(), uri: c.params.get("error_uri").cloned(), status })
        })
}


#[cfg(test)]
mod tests {
    use super::*;

    fn param<'c>(c: &'c Challenge, name: &str) -> Option<&'c str> {
        c.params.get(name).map(String::as_str)
    }

    #[test]
    fn reading_several_challenges() {
        let cs = parse(r#"Bearer error="invalid_token", error_description="Invalid token", DPoP algs="ES256 PS256""#).unwrap();
        assert_eq!(cs.len(), 2, "RFC 9449 Figure 18: {cs:?}");
        assert_eq!((cs[0].scheme.as_str(), param(&cs[0], "error"), cs[1].scheme.as_str(), param(&cs[1], "algs")), ("Bearer", Some("invalid_token"), "DPoP", Some("ES256 PS256")));
        let cs = parse(r#"Bearer, DPoP algs="ES256 PS256""#).unwrap();
        assert_eq!((cs.len(), param(&cs[1], "algs")), (2, Some("ES256 PS256")), "Figure 17");
        let cs = parse(r#"Newauth realm="apps", type=1, title="Login to \"apps\"", Basic realm="simple""#).unwrap();
        assert_eq!(cs.len(), 2, "RFC 9110 §11.6.1's example");
        assert_eq!((param(&cs[0], "type"), param(&cs[0], "title"), param(&cs[1], "realm")), (Some("1"), Some("Login to \"apps\""), Some("simple")));
        assert_eq!(param(&parse("Basic dXNlcjpwYXNz=, DPoP error=x").unwrap()[1], "error"), Some("x"), "token68 skipped");
        assert_eq!(parse(r#"DPoP error="unterminated"#), None);
        assert_eq!(parse(""), Some(Vec::new()));
        assert_eq!(oauth_error(r#"Bearer, DPoP error="use_dpop_nonce", error_description="fresh""#, 401), Some(Error::OAuthResponse { error: "use_dpop_nonce".into(), description: Some("fresh".into()), uri: None, status: 401 }));
        assert_eq!(oauth_error("Basic realm=x", 401), None);
    }
}
