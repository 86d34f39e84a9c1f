//! Hierarchical `resource:action` scopes (the authorization model of
//! DESIGN.md "sessions & scopes"), in the space-separated `scope` syntax of
//! RFC 6749 §3.3.
//!
//! - `users:read` grants `read` on `users` only.
//! - `projects.tasks:read`: dotted sub-resources.
//! - `users:*` grants every action on `users`, not on `users.profile`.
//! - `users:**` grants every action on `users` and all its sub-resources.
//! - `*:read` grants `read` on every top-level resource (`users:read`, not
//!   `projects.tasks:read`); `*:**` grants everything.
//! - `owner`, `admin`, `member` are roles: never granted by wildcards, checked
//!   only by the role questions of [`crate::principal`].
//!
//! Malformed scopes are ignored when matching and refused by [`parse`].

use alloc::string::String;
use alloc::vec::Vec;

use crate::error::{Error, Result};

/// The role scopes.
pub const ROLES: [&str; 3] = ["owner", "admin", "member"];

/// What a `resource:action` scope covers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scope {
    /// Dotted resource path, or `*`.
    pub resource: String,
    /// An action name, `*` or `**`.
    pub action: String,
}

fn is_name(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'_' || c == b'-')
}

fn is_resource_path(s: &str) -> bool {
    s.split('.').all(is_name)
}

/// Parse one `resource:action` scope.
pub fn parse(scope: &str) -> Result<Scope> {
    if ROLES.contains(&scope) {
        return Err(Error::Config(alloc::format!("{} is a role scope, not resource:action", crate::json::quote(scope))));
    }
    let bad = || Error::Config(alloc::format!("{} is not a resource:action scope (resource: dotted names or *, action: a name, * or **)", crate::json::quote(scope)));
    let (resource, action) = scope.split_once(':').ok_or_else(bad)?;
    let resource_ok = resource == "*" || is_resource_path(resource);
    let action_ok = action == "*" || action == "**" || is_name(action);
    if !resource_ok || !action_ok {
        return Err(bad());
    }
    Ok(Scope { resource: resource.into(), action: action.into() })
}

/// Check a requested `action` on `resource` is well formed (a name, and a dotted path).
pub fn check_request(action: &str, resource: &str) -> Result<()> {
    if !is_name(action) {
        return Err(Error::Config(alloc::format!("{} is not an action name ([A-Za-z0-9_-]+)", crate::json::quote(action))));
    }
    if !is_resource_path(resource) {
        return Err(Error::Config(alloc::format!("{} is not a resource path (dotted [A-Za-z0-9_-]+ names)", crate::json::quote(resource))));
    }
    Ok(())
}

impl Scope {
    /// Whether this scope grants `action` on `resource` (both well formed).
    pub fn grants(&self, action: &str, resource: &str) -> bool {
        let deep = self.action == "**";
        let action_ok = deep || self.action == "*" || self.action == action;
        let resource_ok = if self.resource == "*" {
            deep || !resource.contains('.')
        } else {
            resource == self.resource
                || (deep && resource.len() > self.resource.len() && resource.starts_with(self.resource.as_str()) && resource.as_bytes()[self.resource.len()] == b'.')
        };
        action_ok && resource_ok
    }
}

/// A set of granted scopes, parsed once; malformed entries and roles are
/// kept only as roles (for the role questions) or dropped.
#[derive(Debug, Clone, Default)]
pub struct Grants {
    scopes: Vec<Scope>,
    roles: Vec<String>,
}

impl Grants {
    pub fn new<'a>(scopes: impl IntoIterator<Item = &'a str>) -> Grants {
        let mut grants = Grants::default();
        for s in scopes {
            if ROLES.contains(&s) {
                grants.roles.push(s.into());
            } else if let Ok(scope) = parse(s) {
                grants.scopes.push(scope);
            }
        }
        grants
    }

    /// Whether any scope grants `action` on `resource` (which must be well formed).
    pub fn allows(&self, action: &str, resource: &str) -> bool {
        self.scopes.iter().any(|s| s.grants(action, resource))
    }

    pub fn has_role(&self, role: &str) -> bool {
        self.roles.iter().any(|r| r == role)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (granted scopes, action, resource, expected)
    const TABLE: &[(&[&str], &str, &str, bool)] = &[
        (&["users:read"], "read", "users", true),
        (&["users:read"], "write", "users", false),
        (&["users:read"], "read", "users.profile", false),
        (&["users:read"], "read", "user", false),
        (&["projects.tasks:read"], "read", "projects.tasks", true),
        (&["projects.tasks:read"], "read", "projects", false),
        (&["users:*"], "delete", "users", true),
        (&["users:*"], "read", "users.profile", false),
        (&["users:**"], "read", "users", true),
        (&["users:**"], "read", "users.profile.avatar", true),
        (&["users:**"], "read", "usersx", false),
        (&["users:**"], "read", "usersx.profile", false),
        (&["*:read"], "read", "users", true),
        (&["*:read"], "read", "projects.tasks", false),
        (&["*:read"], "write", "users", false),
        (&["*:*"], "write", "users", true),
        (&["*:*"], "write", "users.profile", false),
        (&["*:**"], "anything", "a.b.c", true),
        // malformed scopes grant nothing
        (&["users"], "read", "users", false),
        (&["users:"], "read", "users", false),
        (&[":read"], "read", "users", false),
        (&["users:re ad"], "read", "users", false),
        (&["us*rs:read"], "read", "users", false),
        (&["users.:read"], "read", "users", false),
        (&["users:read:extra"], "read", "users", false),
        (&["users:***"], "read", "users", false),
        // roles are never resources
        (&["owner", "admin", "member"], "read", "owner", false),
        (&["*:**"], "read", "users", true),
        (&["", "users:read"], "read", "users", true),
    ];

    #[test]
    fn table() {
        for (scopes, action, resource, want) in TABLE {
            let got = Grants::new(scopes.iter().copied()).allows(action, resource);
            assert_eq!(got, *want, "{scopes:?} {action} {resource}");
        }
    }

    #[test]
    fn wildcards_never_grant_roles() {
        let g = Grants::new(["*:**", "*:*"]);
        assert!(!g.has_role("owner") && !g.has_role("admin") && !g.has_role("member"));
        assert!(Grants::new(["admin"]).has_role("admin"));
    }

    #[test]
    fn parse_refuses_malformed_scopes_and_roles() {
        assert_eq!(parse("projects.tasks:read").unwrap(), Scope { resource: "projects.tasks".into(), action: "read".into() });
        assert_eq!(parse("*:**").unwrap().action, "**");
        for bad in ["", "users", "users:", ":read", "a b:read", "users:read:x", "users:***", "*.x:read", "owner", "users..x:read"] {
            assert_eq!(parse(bad).unwrap_err().code(), "ERR_CONFIG", "{bad:?}");
        }
        assert!(alloc::format!("{}", parse("owner").unwrap_err()).contains("role"));
        assert!(check_request("read", "users.profile").is_ok());
        assert!(check_request("*", "users").is_err());
        assert!(check_request("read", "users.").is_err());
    }
}
