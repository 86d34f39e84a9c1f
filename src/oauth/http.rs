//! The plain request and response values that cross to the host, form
//! encoding (`application/x-www-form-urlencoded`, RFC 6749 Appendix B), and
//! the reading of error answers: OAuth error bodies (RFC 6749 §5.2), Bearer
//! and DPoP `WWW-Authenticate` challenges (RFC 6750 §3, RFC 9449 §7.1),
//! anything else as an HTTP error.

use alloc::string::{String, ToString};
use alloc::vec::Vec;

use crate::json::{self, Map, Value};

use crate::error::{Error, Result};

/// Longest error body kept on an `ERR_HTTP` error.
const MAX_ERROR_BODY: usize = 4096;

/// Name/value pairs with unique names, in insertion order (headers with
/// lower-case names, query parameters): a few entries, found by a scan.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Pairs(Vec<(String, String)>);

impl Pairs {
    pub fn new() -> Pairs {
        Pairs(Vec::new())
    }

    /// Set `name`, returning the value it replaces.
    pub fn insert(&mut self, name: String, value: String) -> Option<String> {
        match self.0.iter_mut().find(|(n, _)| *n == name) {
            Some((_, v)) => Some(core::mem::replace(v, value)),
            None => {
                self.0.push((name, value));
                None
            }
        }
    }

    pub fn get(&self, name: &str) -> Option<&String> {
        self.0.iter().find(|(n, _)| n == name).map(|(_, v)| v)
    }

    pub fn remove(&mut self, name: &str) -> Option<String> {
        let at = self.0.iter().position(|(n, _)| n == name)?;
        Some(self.0.remove(at).1)
    }

    pub fn contains_key(&self, name: &str) -> bool {
        self.get(name).is_some()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = (&String, &String)> {
        self.0.iter().map(|(n, v)| (n, v))
    }
}

impl FromIterator<(String, String)> for Pairs {
    fn from_iter<I: IntoIterator<Item = (String, String)>>(items: I) -> Pairs {
        let mut pairs = Pairs::new();
        for (n, v) in items {
            pairs.insert(n, v);
        }
        pairs
    }
}

#[cfg(test)]
impl core::ops::Index<&str> for Pairs {
    type Output = String;
    fn index(&self, name: &str) -> &String {
        self.get(name).expect("no such entry")
    }
}

/// A request for the host to send (JSON for JavaScript: `to_json`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpRequest {
    pub method: &'static str,
    pub url: String,
    pub headers: Pairs,
    pub body: Option<String>,
}

impl HttpRequest {
    pub fn get(url: &str) -> HttpRequest {
        let mut headers = Pairs::new();
        headers.insert("accept".into(), "application/json".into());
        HttpRequest { method: "GET", url: url.into(), headers, body: None }
    }

    /// A POST with a form body.
    pub fn form(url: &str, form: &Form) -> HttpRequest {
        let mut request = HttpRequest::get(url);
        request.method = "POST";
        request.headers.insert("content-type".into(), "application/x-www-form-urlencoded".into());
        request.body = Some(form.encode());
        request
    }

    /// `{"method","url","headers":{…},"body"?}`.
    pub fn to_json(&self) -> String {
        let mut headers = json::Obj::new();
        for (name, value) in self.headers.iter() {
            headers.str(name, value);
        }
        json::Obj::new().str("method", self.method).str("url", &self.url).raw("headers", &headers.finish()).opt_str("body", self.body.as_deref()).finish()
    }
}

/// An answer from the host: status, headers (lower-case names) and body text.
#[derive(Debug, Clone, Default)]
pub struct HttpResponse {
    pub status: u16,
    pub headers: Pairs,
    pub body: String,
}

impl HttpResponse {
    /// From the JSON text the host built: `{"status", "headers"?, "body"?}`.
    pub fn from_json(text: &str) -> Result<HttpResponse> {
        let bad = || Error::Config("not an HTTP response value".into());
        let o = json::Options::parse(text, "the HTTP response", &["status", "headers", "body"]).map_err(|_| bad())?;
        let status = o.u64("status").ok().flatten().and_then(|s| u16::try_from(s).ok()).ok_or_else(bad)?;
        let headers = o.string_map("headers").map_err(|_| bad())?.into_iter().map(|(n, v)| (n.into(), v.into())).collect();
        let body = o.str("body").map_err(|_| bad())?.unwrap_or_default().into();
        Ok(HttpResponse { status, headers, body })
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).map(String::as_str)
    }

    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }

    /// The body of a 2xx answer as a JSON object; any other answer becomes
    /// the error it describes.
    pub fn json_object(&self) -> Result<Map> {
        if !self.is_success() {
            return Err(self.error());
        }
        match json::parse(&self.body) {
            Ok(Value::Object(map)) => Ok(map),
            _ => Err(Error::invalid_response("body", "the response body is not a JSON object")),
        }
    }

    /// The error a non-success answer stands for.
    pub fn error(&self) -> Error {
        if let Ok(Value::Object(body)) = json::parse(&self.body) {
            if let Some(Value::String(error)) = body.get("error") {
                let text = |k: &str| body.get(k).and_then(Value::as_str).map(String::from);
                return Error::OAuthResponse { error: error.clone(), description: text("error_description"), uri: text("error_uri"), status: self.status };
            }
        }
        if let Some(e) = self.header("www-authenticate").and_then(|h| crate::challenge::oauth_error(h, self.status)) {
            return e;
        }
        let mut body = self.body.clone();
        if body.len() > MAX_ERROR_BODY {
            let mut cut = MAX_ERROR_BODY;
            while !body.is_char_boundary(cut) {
                cut -= 1;
            }
            body.truncate(cut);
        }
        Error::Http { status: self.status, body }
    }
}

/// Name/value pairs for a form body or a query, in order.
#[derive(Debug, Default, Clone)]
pub struct Form(Vec<(String, String)>);

impl Form {
    pub fn new() -> Form {
        Form(Vec::new())
    }

    pub fn push(&mut self, name: &str, value: &str) -> &mut Form {
        self.0.push((name.into(), value.into()));
        self
    }

    pub fn push_opt(&mut self, name: &str, value: Option<&str>) -> &mut Form {
        if let Some(v) = value {
            self.push(name, v);
        }
        self
    }

    pub fn has(&self, name: &str) -> bool {
        self.0.iter().any(|(n, _)| n == name)
    }

    pub fn pairs(&self) -> &[(String, String)] {
        &self.0
    }

    pub fn encode(&self) -> String {
        form_urlencoded::Serializer::new(String::new()).extend_pairs(self.0.iter()).finish()
    }
}

/// `url` with `query` appended (keeping a query the URL already has).
pub fn with_query(url: &str, query: &Form) -> String {
    let sep = if url.contains('?') { '&' } else { '?' };
    alloc::format!("{url}{sep}{}", query.encode())
}

/// The query parameters of a URL (before any fragment); refuses repeated
/// names (RFC 6749 §3.1: parameters MUST NOT be included more than once).
pub fn query_params(url: &str) -> Result<Pairs> {
    let without_fragment = url.split('#').next().unwrap_or_default();
    let query = without_fragment.split_once('?').map(|(_, q)| q).unwrap_or_default();
    let mut out = Pairs::new();
    for (k, v) in form_urlencoded::parse(query.as_bytes()) {
        if out.insert(k.to_string(), v.to_string()).is_some() {
            return Err(Error::invalid_response("query", "a parameter is repeated"));
        }
    }
    Ok(out)
}

/// A required string member of a JSON object.
pub fn required_str<'a>(map: &'a Map, name: &str) -> Result<&'a str> {
    match map.get(name) {
        Some(Value::String(s)) if !s.is_empty() => Ok(s),
        _ => Err(Error::invalid_response(name, "missing or not a non-empty string")),
    }
}

/// An optional string member (present but not a string is an error).
pub fn optional_str<'a>(map: &'a Map, name: &str) -> Result<Option<&'a str>> {
    match map.get(name) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(_) => Err(Error::invalid_response(name, "must be a string")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resp(status: u16, body: &str, headers: &[(&str, &str)]) -> HttpResponse {
        HttpResponse { status, headers: headers.iter().map(|(k, v)| (String::from(*k), String::from(*v))).collect(), body: body.into() }
    }

    #[test]
    fn forms_encode_per_appendix_b() {
        let mut f = Form::new();
        f.push("a b", "x+y&z=é").push_opt("skip", None).push("c", "~*-._");
        assert_eq!(f.encode(), "a+b=x%2By%26z%3D%C3%A9&c=%7E*-._");
        assert_eq!(with_query("https://as/authorize", &f), alloc::format!("https://as/authorize?{}", f.encode()));
        assert!(with_query("https://as/a?x=1", &f).starts_with("https://as/a?x=1&a+b="));
    }

    #[test]
    fn query_params_refuse_repeats() {
        let q = query_params("https://rp/cb?code=a%20b&state=s#frag").unwrap();
        assert_eq!(q["code"], "a b");
        assert_eq!(q["state"], "s");
        assert!(query_params("https://rp/cb").unwrap().is_empty());
        assert_eq!(query_params("https://rp/cb?code=a&code=b").unwrap_err().code(), "ERR_OAUTH_INVALID_RESPONSE");
    }

    #[test]
    fn error_answers_are_classified() {
        let e = resp(400, r#"{"error":"invalid_grant","error_description":"expired"}"#, &[]).json_object().unwrap_err();
        assert_eq!(e, Error::OAuthResponse { error: "invalid_grant".into(), description: Some("expired".into()), uri: None, status: 400 });
        assert!(!e.retriable());
        let e = resp(503, "<html>busy</html>", &[]).error();
        assert_eq!(e, Error::Http { status: 503, body: "<html>busy</html>".into() });
        assert!(e.retriable());
        assert!(e.details().unwrap().contains("\"retriable\":true"));
        let e = resp(401, "", &[("www-authenticate", r#"Bearer realm="x", error="invalid_token", error_description="gone""#)]).error();
        assert_eq!(e, Error::OAuthResponse { error: "invalid_token".into(), description: Some("gone".into()), uri: None, status: 401 });
        assert_eq!(resp(401, "", &[("www-authenticate", "Basic realm=x")]).error().code(), "ERR_HTTP");
        assert_eq!(resp(401, "", &[("www-authenticate", "Bearer error=\"unterminated")]).error().code(), "ERR_HTTP");
        let long = "é".repeat(3000);
        match resp(500, &long, &[]).error() {
            Error::Http { body, .. } => assert!(body.len() <= MAX_ERROR_BODY),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn success_bodies_must_be_objects() {
        assert!(resp(200, r#"{"a":1}"#, &[]).json_object().is_ok());
        for bad in ["[]", "nope", "", "1"] {
            assert_eq!(resp(200, bad, &[]).json_object().unwrap_err().code(), "ERR_OAUTH_INVALID_RESPONSE");
        }
        assert_eq!(HttpResponse::from_json("{}").unwrap_err().code(), "ERR_CONFIG");
        assert_eq!(HttpResponse::from_json(r#"{"status":200}"#).unwrap().body, "");
    }
}
