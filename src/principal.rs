//! Who is calling: a principal read from verified token claims, with
//! token-level scopes and per-organization scopes and roles (see `scope.rs`).
//!
//! Claims read: `sub` (required), `email`, `type` (`user` when absent;
//! `user`, `personal_token`, `api_key` or `agent`), scopes from `scope`
//! (RFC 6749 §3.3 space-separated string, or an array), `scopes` and `scp`
//! (RFC 9068 §2.2.3 / common practice), and `organizations`:
//! `[{ "id", "title"?, "scopes": [..] | "a b", "joined_at"? }]`.
//!
//! Roles: `isOwnerOf` needs `owner`; `isAdminOf` needs `admin` or `owner`;
//! `isMemberOf` needs the organization in the claim at all.

use alloc::string::String;
use alloc::vec::Vec;

use crate::json::{Map, Value};

use crate::error::{Error, Result};
use crate::scope::{self, Grants};

pub const TYPES: [&str; 4] = ["user", "personal_token", "api_key", "agent"];

#[derive(Debug, Clone)]
pub struct Organization {
    pub id: String,
    pub grants: Grants,
}

#[derive(Debug, Clone)]
pub struct Principal {
    pub id: String,
    pub kind: String,
    pub grants: Grants,
    pub organizations: Vec<Organization>,
}

fn bad(claim: &str, reason: &str) -> Error {
    Error::claim_invalid(claim, reason)
}

/// Scope strings from a space-separated string or an array of strings.
fn scope_list(value: &Value, claim: &str) -> Result<Vec<String>> {
    match value {
        Value::String(s) => Ok(s.split(' ').filter(|s| !s.is_empty()).map(String::from).collect()),
        Value::Array(items) => items.iter().map(|v| v.as_str().map(String::from).ok_or_else(|| bad(claim, "must hold strings"))).collect(),
        _ => Err(bad(claim, "must be a string or an array of strings")),
    }
}

impl Principal {
    /// Read a principal from a claims object (JSON text).
    pub fn from_claims(json: &str) -> Result<Principal> {
        let claims: Map = match crate::json::parse(json) {
            Ok(Value::Object(m)) => m,
            _ => return Err(Error::Config("claims must be a JSON object".into())),
        };
        let id = claims.get("sub").and_then(Value::as_str).filter(|s| !s.is_empty()).ok_or_else(|| bad("sub", "missing required claim"))?;
        let kind = match claims.get("type") {
            None => "user",
            Some(Value::String(t)) if TYPES.contains(&t.as_str()) => t.as_str(),
            Some(_) => return Err(bad("type", "must be one of user, personal_token, api_key, agent")),
        };
        let mut scopes = Vec::new();
        for claim in ["scope", "scopes", "scp"] {
            if let Some(v) = claims.get(claim) {
                scopes.extend(scope_list(v, claim)?);
            }
        }
        let organizations = match claims.get("organizations") {
            None => Vec::new(),
            Some(Value::Array(orgs)) => orgs.iter().map(Self::organization).collect::<Result<_>>()?,
            Some(_) => return Err(bad("organizations", "must be an array")),
        };
        Ok(Principal { id: id.into(), kind: kind.into(), grants: Grants::new(scopes.iter().map(String::as_str)), organizations })
    }

    fn organization(value: &Value) -> Result<Organization> {
        let obj = value.as_object().ok_or_else(|| bad("organizations", "entries must be objects"))?;
        let id = obj.get("id").and_then(Value::as_str).filter(|s| !s.is_empty()).ok_or_else(|| bad("organizations", "entries need a string \"id\""))?;
        let scopes = match obj.get("scopes") {
            None => Vec::new(),
            Some(v) => scope_list(v, "organizations")?,
        };
        Ok(Organization { id: id.into(), grants: Grants::new(scopes.iter().map(String::as_str)) })
    }

    fn org(&self, org_id: &str) -> Option<&Organization> {
        self.organizations.iter().find(|o| o.id == org_id)
    }

    /// Token-level scopes or any organization's scopes grant `action` on `resource`.
    pub fn has_access(&self, action: &str, resource: &str) -> Result<bool> {
        scope::check_request(action, resource)?;
        Ok(self.grants.allows(action, resource) || self.organizations.iter().any(|o| o.grants.allows(action, resource)))
    }

    /// Only organization `org_id`'s scopes grant `action` on `resource`.
    pub fn has_access_in(&self, org_id: &str, action: &str, resource: &str) -> Result<bool> {
        scope::check_request(action, resource)?;
        Ok(self.org(org_id).is_some_and(|o| o.grants.allows(action, resource)))
    }

    pub fn is_owner_of(&self, org_id: &str) -> bool {
        self.org(org_id).is_some_and(|o| o.grants.has_role("owner"))
    }

    pub fn is_admin_of(&self, org_id: &str) -> bool {
        self.org(org_id).is_some_and(|o| o.grants.has_role("admin") || o.grants.has_role("owner"))
    }

    pub fn is_member_of(&self, org_id: &str) -> bool {
        self.org(org_id).is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CLAIMS: &str = r#"{
        "sub": "u1", "email": "a@example.com", "type": "agent", "scope": "users:read  projects:**",
        "scp": ["billing:read"],
        "organizations": [
            { "id": "o1", "title": "One", "scopes": ["owner", "reports:*"], "joined_at": 1700000000 },
            { "id": "o2", "scopes": "admin docs:read" },
            { "id": "o3" }
        ]
    }"#;

    #[test]
    fn reads_claims_and_answers() {
        let p = Principal::from_claims(CLAIMS).unwrap();
        assert_eq!((p.id.as_str(), p.kind.as_str()), ("u1", "agent"));
        assert!(p.has_access("read", "users").unwrap());
        assert!(p.has_access("write", "projects.tasks").unwrap());
        assert!(p.has_access("read", "billing").unwrap());
        assert!(p.has_access("export", "reports").unwrap(), "organization scopes count for hasAccess");
        assert!(!p.has_access("write", "users").unwrap());
        assert!(p.has_access_in("o1", "export", "reports").unwrap());
        assert!(!p.has_access_in("o2", "export", "reports").unwrap());
        assert!(!p.has_access_in("o1", "read", "users").unwrap(), "token-level scopes do not count in an organization");
        assert!(!p.has_access_in("nope", "read", "docs").unwrap());
        assert!(p.is_owner_of("o1") && p.is_admin_of("o1") && p.is_member_of("o1"));
        assert!(!p.is_owner_of("o2") && p.is_admin_of("o2") && p.is_member_of("o2"));
        assert!(!p.is_admin_of("o3") && p.is_member_of("o3") && !p.is_member_of("o4"));
        assert_eq!(p.has_access("re ad", "users").unwrap_err().code(), "ERR_CONFIG");
    }

    #[test]
    fn malformed_claims_are_refused() {
        let cases = [
            ("[]", "ERR_CONFIG", None),
            (r#"{}"#, "ERR_JWT_CLAIM_INVALID", Some("sub")),
            (r#"{"sub":""}"#, "ERR_JWT_CLAIM_INVALID", Some("sub")),
            (r#"{"sub":"u","type":"robot"}"#, "ERR_JWT_CLAIM_INVALID", Some("type")),
            (r#"{"sub":"u","scope":5}"#, "ERR_JWT_CLAIM_INVALID", Some("scope")),
            (r#"{"sub":"u","scp":[1]}"#, "ERR_JWT_CLAIM_INVALID", Some("scp")),
            (r#"{"sub":"u","organizations":{}}"#, "ERR_JWT_CLAIM_INVALID", Some("organizations")),
            (r#"{"sub":"u","organizations":[{"title":"x"}]}"#, "ERR_JWT_CLAIM_INVALID", Some("organizations")),
            (r#"{"sub":"u","organizations":[{"id":"o","scopes":7}]}"#, "ERR_JWT_CLAIM_INVALID", Some("organizations")),
        ];
        for (json, code, claim) in cases {
            let e = Principal::from_claims(json).unwrap_err();
            assert_eq!((e.code(), e.claim()), (code, claim), "{json}");
        }
    }
}
