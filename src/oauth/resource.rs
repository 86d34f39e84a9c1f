//! OAuth 2.0 Protected Resource Metadata (RFC 9728), both sides:
//!
//! - the metadata URL of a resource identifier (§3.1: the well-known suffix
//!   inserted between the host and the path), and the root URL that MCP
//!   clients try next;
//! - the document a resource server publishes (§2, §3.2) and the paths it
//!   answers on;
//! - the document a client reads (§3.2) and the `resource` check of §3.3;
//! - the `resource_metadata` and `scope` parameters of a 401's Bearer
//!   challenge (§5.1), or of its DPoP one where there is no Bearer challenge.
//!
//! The §3.3 check accepts a `resource` identical to the URL the client asked
//! for, or on the same origin with a path that is a whole-segment prefix of
//! it (the relaxation of draft-ietf-oauth-rfc9728bis, which MCP clients
//! apply). `signed_metadata` (§2.2) is not produced and not verified; a
//! client ignores it.

use alloc::string::String;
use alloc::vec::Vec;
use alloc::{format, vec};

use super::http::HttpResponse;
use crate::bearer;
use crate::error::{Error, Result};
use crate::json::{self, Map, Value};

/// The well-known URI suffix of §3 (registered in §8.3).
pub const WELL_KNOWN: &str = "/.well-known/oauth-protected-resource";

/// What a §2 member holds.
enum Kind {
    Strings,
    Url,
    Text,
    Flag,
}

/// The kind of the §2 member `name` (other members are extensions: anything goes).
fn kind(name: &str) -> Option<Kind> {
    Some(match name {
        "authorization_servers" | "scopes_supported" | "bearer_methods_supported" | "resource_signing_alg_values_supported" | "authorization_details_types_supported" | "dpop_signing_alg_values_supported" => Kind::Strings,
        "jwks_uri" | "resource_documentation" | "resource_policy_uri" | "resource_tos_uri" => Kind::Url,
        "resource_name" | "signed_metadata" => Kind::Text,
        "tls_client_certificate_bound_access_tokens" | "dpop_bound_access_tokens_required" => Kind::Flag,
        _ => return None,
    })
}

/// `(scheme://authority, path, ?query)` of an absolute `https:` or `http:`
/// URL with a host, no fragment, no userinfo, no whitespace or controls.
/// (Whether `http:` is acceptable is the host's call: loopback only.)
fn split(url: &str) -> Option<(&str, &str, &str)> {
    if url.contains(['#', '@']) || url.bytes().any(|b| b.is_ascii_control() || b == b' ') {
        return None;
    }
    let after = if url.starts_with("https://") {
        8
    } else if url.starts_with("http://") {
        7
    } else {
        return None;
    };
    let end = url[after..].find(['/', '?']).map_or(url.len(), |i| after + i);
    if end == after {
        return None;
    }
    let (origin, rest) = url.split_at(end);
    let (path, query) = rest.split_at(rest.find('?').unwrap_or(rest.len()));
    Some((origin, path, query))
}

fn bad_identifier() -> Error {
    Error::Config("a resource identifier is an absolute https URL with a host and no fragment (RFC 9728 §1.2)".into())
}

/// Check a resource identifier (§1.2).
pub fn check_identifier(resource: &str) -> Result<()> {
    split(resource).map(|_| ()).ok_or_else(bad_identifier)
}

/// The metadata URL of `resource` (§3.1): the well-known suffix between the
/// host and the path (whose terminating "/" is removed), the query kept.
pub fn metadata_url(resource: &str) -> Result<String> {
    let (origin, path, query) = split(resource).ok_or_else(bad_identifier)?;
    Ok(format!("{origin}{WELL_KNOWN}{}{query}", path.trim_end_matches('/')))
}

/// Where a client looks for the metadata of `url`, in order: the §3.1 URL,
/// then the origin's root metadata URL (the MCP authorization spec's fallback).
pub fn discovery_urls(url: &str) -> Result<Vec<String>> {
    let (origin, _, _) = split(url).ok_or_else(bad_identifier)?;
    let mut urls = vec![metadata_url(url)?];
    let root = format!("{origin}{WELL_KNOWN}");
    if urls[0] != root {
        urls.push(root);
    }
    Ok(urls)
}

/// The request paths a resource server answers with its document: the §3.1
/// path of `resource`, and the root path when that differs.
pub fn served_paths(resource: &str) -> Result<Vec<String>> {
    let (_, path, _) = split(resource).ok_or_else(bad_identifier)?;
    let own = format!("{WELL_KNOWN}{}", path.trim_end_matches('/'));
    Ok(if own == WELL_KNOWN { vec![own] } else { vec![own, WELL_KNOWN.into()] })
}

/// Whether a document about `resource` may be used for `requested` (§3.3):
/// identical, or the same origin with no query and a path that is a
/// whole-segment prefix of the requested path.
pub fn resource_matches(resource: &str, requested: &str) -> bool {
    if resource == requested {
        return true;
    }
    let (Some((origin, path, query)), Some((req_origin, req_path, _))) = (split(resource), split(requested)) else {
        return false;
    };
    let path = path.trim_end_matches('/');
    query.is_empty() && origin.eq_ignore_ascii_case(req_origin) && (path.is_empty() || req_path == path || (req_path.starts_with(path) && req_path.as_bytes().get(path.len()) == Some(&b'/')))
}

/// The first member of `doc` that breaks §2, and why. (One pass over the
/// members, out of line: a one-time check kept small in the speed-built module.)
#[inline(never)]
fn invalid_member(doc: &Map) -> Option<(&str, &'static str)> {
    for (name, value) in doc.iter() {
        let strings = || value.as_array().into_iter().flatten().filter_map(Value::as_str);
        let why = match (kind(name), value) {
            (None, _) => continue,
            (Some(Kind::Strings), Value::Array(items)) if items.iter().all(Value::is_string) => match name {
                "authorization_servers" if strings().any(|s| split(s).is_none_or(|(_, _, query)| !query.is_empty())) => {
                    "lists issuer identifiers: https URLs without query or fragment (RFC 8414 §2)"
                }
                "bearer_methods_supported" if strings().any(|m| !matches!(m, "header" | "body" | "query")) => "values are header, body or query (RFC 6750 §2)",
                _ => continue,
            },
            (Some(Kind::Strings), _) => "must be an array of strings",
            (Some(Kind::Url), Value::String(url)) if split(url).is_some() => continue,
            (Some(Kind::Url), _) => "must be an absolute https URL",
            (Some(Kind::Text), Value::String(_)) | (Some(Kind::Flag), Value::Bool(_)) => continue,
            (Some(Kind::Text), _) => "must be a string",
            (Some(Kind::Flag), _) => "must be a boolean",
        };
        return Some((name, why));
    }
    None
}

/// The document a resource server publishes (§2): `resource`,
/// `authorization_servers` (by default `issuer`, when it is a URL),
/// `bearer_methods_supported` (by default `["header"]`), and the caller's
/// members (`metadata_json`: RFC 9728 names; other members pass through).
pub fn document(resource: &str, issuer: Option<&str>, metadata_json: &str) -> Result<String> {
    check_identifier(resource)?;
    let mut doc = match json::parse(if metadata_json.is_empty() { "{}" } else { metadata_json }) {
        Ok(Value::Object(members)) => members,
        _ => return Err(Error::Config("resource metadata must be an object of RFC 9728 members".into())),
    };
    if doc.contains_key("resource") {
        return Err(Error::Config("resource metadata cannot set resource: it is the resource identifier option".into()));
    }
    doc.insert("resource", resource.into());
    if let Some(issuer) = issuer.filter(|i| split(i).is_some() && !doc.contains_key("authorization_servers")) {
        doc.insert("authorization_servers", Value::Array(vec![issuer.into()]));
    }
    if !doc.contains_key("bearer_methods_supported") {
        doc.insert("bearer_methods_supported", Value::Array(vec!["header".into()]));
    }
    if let Some((name, why)) = invalid_member(&doc) {
        return Err(Error::Config(format!("resource metadata: {name} {why} (RFC 9728 §2)")));
    }
    Ok(doc.to_json())
}

/// The parameters of a 401's challenge a client discovers with (§5.1):
/// `(resource_metadata, scope)` of its Bearer challenge, else of its DPoP one
/// (a resource that requires DPoP offers only that); a `resource_metadata`
/// that is not an absolute https URL is left out.
pub fn challenge(www_authenticate: &str) -> (Option<String>, Option<String>) {
    let Some(mut params) = bearer::parse_challenge(www_authenticate).or_else(|| crate::challenge::params_of(www_authenticate, "dpop")) else { return (None, None) };
    let url = params.remove("resource_metadata").filter(|u| split(u).is_some());
    (url, params.remove("scope").filter(|s| !s.is_empty()))
}

/// A protected resource's metadata as a client read it.
#[derive(Debug, Clone)]
pub struct ResourceMetadata {
    /// The resource identifier: the `resource` indicator to request tokens for (RFC 8707).
    pub resource: String,
    raw: Map,
}

impl ResourceMetadata {
    /// Read the document fetched while looking for `requested` (the URL the
    /// client asked for) and check it (§3.2, §3.3).
    pub fn parse(response: &HttpResponse, requested: &str) -> Result<ResourceMetadata> {
        let raw = response.json_object()?;
        let resource = match raw.get("resource") {
            Some(Value::String(r)) if split(r).is_some() => r.clone(),
            _ => return Err(Error::invalid_response("resource", "the metadata has no resource identifier (an https URL without fragment)")),
        };
        if !resource_matches(&resource, requested) {
            return Err(Error::invalid_response("resource", "the metadata is about another resource than the one asked for (RFC 9728 §3.3)"));
        }
        if let Some((name, why)) = invalid_member(&raw) {
            return Err(Error::invalid_response(name, why));
        }
        if raw.get("bearer_methods_supported").and_then(Value::as_array).is_some_and(|m| !m.iter().any(|m| m == "header")) {
            return Err(Error::NotSupported("the resource takes no bearer token in the Authorization header".into()));
        }
        if raw.get("dpop_bound_access_tokens_required") == Some(&Value::Bool(true)) {
            return Err(Error::NotSupported("the resource requires DPoP-bound tokens (RFC 9449)".into()));
        }
        Ok(ResourceMetadata { resource, raw })
    }

    /// The authorization server to use: `preferred` when the resource lists
    /// it, else the first one listed.
    pub fn authorization_server(&self, preferred: Option<&str>) -> Result<&str> {
        let mut listed = self.raw.get("authorization_servers").and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_str);
        match preferred {
            Some(p) => listed.find(|s| *s == p).ok_or_else(|| Error::Config("authorizationServer is not one of the resource's authorization_servers".into())),
            None => listed.next().ok_or_else(|| Error::invalid_response("authorization_servers", "the resource names no authorization server")),
        }
    }

    /// The scope to ask for when the caller names none: the 401's `scope`,
    /// else `scopes_supported` (the MCP authorization spec's order).
    pub fn default_scope(&self, challenged: Option<&str>) -> Option<String> {
        if let Some(scope) = challenged.filter(|s| !s.is_empty()) {
            return Some(scope.into());
        }
        let supported: Vec<&str> = self.raw.get("scopes_supported").and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_str).collect();
        (!supported.is_empty()).then(|| supported.join(" "))
    }

    pub fn to_json(&self) -> String {
        self.raw.to_json()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(body: &str) -> HttpResponse {
        HttpResponse { status: 200, body: body.into(), ..Default::default() }
    }

    fn check_of(e: Error) -> String {
        match e {
            Error::OAuthInvalidResponse { check, .. } => check,
            other => other.code().into(),
        }
    }

    #[test]
    fn metadata_urls_insert_the_suffix_after_the_host() {
        // RFC 9728 §3.1 example and its variants.
        assert_eq!(metadata_url("https://resource.example.com/resource1").unwrap(), "https://resource.example.com/.well-known/oauth-protected-resource/resource1");
        assert_eq!(metadata_url("https://r.example").unwrap(), "https://r.example/.well-known/oauth-protected-resource");
        assert_eq!(metadata_url("https://r.example/").unwrap(), "https://r.example/.well-known/oauth-protected-resource");
        assert_eq!(metadata_url("https://r.example/a/b/").unwrap(), "https://r.example/.well-known/oauth-protected-resource/a/b");
        assert_eq!(metadata_url("https://r.example:8443/a?x=1").unwrap(), "https://r.example:8443/.well-known/oauth-protected-resource/a?x=1");
        assert_eq!(metadata_url("http://127.0.0.1:9/mcp").unwrap(), "http://127.0.0.1:9/.well-known/oauth-protected-resource/mcp");
        assert_eq!(discovery_urls("https://r.example/mcp").unwrap(), ["https://r.example/.well-known/oauth-protected-resource/mcp", "https://r.example/.well-known/oauth-protected-resource"]);
        assert_eq!(discovery_urls("https://r.example/").unwrap(), ["https://r.example/.well-known/oauth-protected-resource"]);
        assert_eq!(served_paths("https://r.example/mcp/").unwrap(), ["/.well-known/oauth-protected-resource/mcp", "/.well-known/oauth-protected-resource"]);
        assert_eq!(served_paths("https://r.example").unwrap(), ["/.well-known/oauth-protected-resource"]);
        for bad in ["", "r.example/mcp", "ftp://r.example", "https://", "https:///x", "https://r.example/#f", "https://u@r.example", "https://r.example/a b", "https://r.example/\n", "HTTPS://r.example"] {
            assert_eq!(metadata_url(bad).unwrap_err().code(), "ERR_CONFIG", "{bad:?}");
            assert_eq!(check_identifier(bad).unwrap_err().code(), "ERR_CONFIG", "{bad:?}");
        }
    }

    #[test]
    fn resource_match_is_exact_or_a_same_origin_path_prefix() {
        for (resource, requested) in [
            ("https://m.example/mcp", "https://m.example/mcp"),
            ("https://m.example", "https://m.example/mcp"),
            ("https://m.example/", "https://m.example/mcp"),
            ("https://m.example/mcp", "https://m.example/mcp/"),
            ("https://m.example/mcp/", "https://m.example/mcp/tools"),
            ("https://M.example/mcp", "https://m.example/mcp?x=1"),
        ] {
            assert!(resource_matches(resource, requested), "{resource} for {requested}");
        }
        for (resource, requested) in [
            ("https://evil.example/mcp", "https://m.example/mcp"),
            ("http://m.example/mcp", "https://m.example/mcp"),
            ("https://m.example:444/mcp", "https://m.example/mcp"),
            ("https://m.example/mcp", "https://m.example/mcp2"),
            ("https://m.example/mcp/tools", "https://m.example/mcp"),
            ("https://m.example/mcp?tenant=a", "https://m.example/mcp"),
            ("https://m.example.evil/mcp", "https://m.example/mcp"),
            ("not a url", "https://m.example/mcp"),
        ] {
            assert!(!resource_matches(resource, requested), "{resource} for {requested}");
        }
    }

    #[test]
    fn documents_carry_defaults_and_refuse_bad_members() {
        let text = document("https://m.example/mcp", Some("https://as.example"), r#"{"scopes_supported":["notes:read"],"resource_name":"Notes","x_extension":1}"#).unwrap();
        assert_eq!(
            text,
            r#"{"scopes_supported":["notes:read"],"resource_name":"Notes","x_extension":1,"resource":"https://m.example/mcp","authorization_servers":["https://as.example"],"bearer_methods_supported":["header"]}"#
        );
        let own = json::parse(&document("https://m.example", Some("my-api"), r#"{"authorization_servers":["https://a","https://b"]}"#).unwrap()).unwrap();
        assert_eq!(own["authorization_servers"].to_json(), r#"["https://a","https://b"]"#);
        let no_issuer = json::parse(&document("https://m.example", Some("my-api"), "").unwrap()).unwrap();
        assert!(no_issuer.get("authorization_servers").is_none(), "an issuer that is not a URL is no authorization server");
        for bad in [
            "[]",
            "{",
            r#"{"resource":"https://other"}"#,
            r#"{"scopes_supported":"a b"}"#,
            r#"{"scopes_supported":[1]}"#,
            r#"{"authorization_servers":["https://as/?tenant=a"]}"#,
            r#"{"bearer_methods_supported":["cookie"]}"#,
            r#"{"resource_documentation":"docs"}"#,
            r#"{"resource_name":5}"#,
            r#"{"dpop_bound_access_tokens_required":"yes"}"#,
        ] {
            assert_eq!(document("https://m.example", None, bad).unwrap_err().code(), "ERR_CONFIG", "{bad}");
        }
        assert_eq!(document("https://m.example#x", None, "").unwrap_err().code(), "ERR_CONFIG");
    }

    #[test]
    fn clients_check_the_resource_and_the_members() {
        let body = r#"{"resource":"https://m.example/mcp","authorization_servers":["https://as1","https://as2"],"scopes_supported":["a:read","b:write"],"signed_metadata":"x.y.z"}"#;
        let m = ResourceMetadata::parse(&answer(body), "https://m.example/mcp").unwrap();
        assert_eq!(m.resource, "https://m.example/mcp");
        assert_eq!(m.authorization_server(None).unwrap(), "https://as1");
        assert_eq!(m.authorization_server(Some("https://as2")).unwrap(), "https://as2");
        assert_eq!(m.authorization_server(Some("https://as3")).unwrap_err().code(), "ERR_CONFIG");
        assert_eq!(m.default_scope(None).as_deref(), Some("a:read b:write"));
        assert_eq!(m.default_scope(Some("a:read")).as_deref(), Some("a:read"));
        assert!(m.to_json().contains("signed_metadata"), "kept, not verified");
        let bare = ResourceMetadata::parse(&answer(r#"{"resource":"https://m.example"}"#), "https://m.example/mcp").unwrap();
        assert_eq!(check_of(bare.authorization_server(None).unwrap_err()), "authorization_servers");
        assert_eq!(bare.default_scope(Some("")), None);
        let refused = |body: &str| check_of(ResourceMetadata::parse(&answer(body), "https://m.example/mcp").unwrap_err());
        assert_eq!(refused(r#"{"resource":"https://evil.example/mcp","authorization_servers":["https://as"]}"#), "resource");
        assert_eq!(refused(r#"{"resource":"https://m.example/mcp/admin"}"#), "resource");
        assert_eq!(refused(r#"{"authorization_servers":["https://as"]}"#), "resource");
        assert_eq!(refused(r#"{"resource":7}"#), "resource");
        assert_eq!(refused(r#"{"resource":"https://m.example/mcp#f"}"#), "resource");
        assert_eq!(refused(r#"{"resource":"https://m.example/mcp","authorization_servers":"https://as"}"#), "authorization_servers");
        assert_eq!(refused(r#"{"resource":"https://m.example/mcp","scopes_supported":[1]}"#), "scopes_supported");
        assert_eq!(refused(r#"{"resource":"https://m.example/mcp","bearer_methods_supported":["body"]}"#), "ERR_JOSE_NOT_SUPPORTED");
        assert_eq!(refused(r#"{"resource":"https://m.example/mcp","dpop_bound_access_tokens_required":true}"#), "ERR_JOSE_NOT_SUPPORTED");
        assert_eq!(refused("[]"), "body");
        assert_eq!(check_of(ResourceMetadata::parse(&HttpResponse { status: 404, ..Default::default() }, "https://m.example/mcp").unwrap_err()), "ERR_HTTP");
    }

    #[test]
    fn challenges_name_the_metadata_and_the_scope() {
        let header = bearer::challenge(None, Some("insufficient_scope"), None, Some("notes:write"), Some("https://m.example/.well-known/oauth-protected-resource/mcp"));
        assert_eq!(challenge(&header), (Some("https://m.example/.well-known/oauth-protected-resource/mcp".into()), Some("notes:write".into())));
        assert_eq!(challenge(r#"Bearer resource_metadata="/relative", scope="""#), (None, None));
        assert_eq!(challenge(r#"Basic realm="x""#), (None, None));
        assert_eq!(challenge("Bearer realm=\"unterminated"), (None, None));
        let rm = "https://m.example/.well-known/oauth-protected-resource/mcp";
        let dpop_only = crate::dpop::scheme::challenge(None, None, None, None, &[crate::jose::alg::Alg::ES256], Some(rm));
        assert_eq!(challenge(&dpop_only), (Some(rm.into()), None), "{dpop_only}");
        let both = alloc::format!(r#"Bearer resource_metadata="{rm}", DPoP algs="ES256", resource_metadata="https://other.example/x""#);
        assert_eq!(challenge(&both).0.as_deref(), Some(rm), "Bearer's first");
    }
}
