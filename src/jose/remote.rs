//! The state of a remote JWK Set (RFC 7517 §5 fetched from a `jwks_uri`,
//! RFC 8414 §2): when to fetch, when an unknown `kid` may trigger a refetch,
//! and export/import so the cache can live in a shared store.
//!
//! The host performs the fetch; this module only decides, given `now`.

use alloc::string::String;

use serde::{Deserialize, Serialize};

use super::jwk::KeySet;
use crate::error::{Error, Result};

/// Cache settings (seconds).
#[derive(Debug, Clone, Copy)]
pub struct Timing {
    /// Minimum time between two fetches triggered by unknown `kid`s.
    pub cooldown: u64,
    /// Age after which the set is refetched before use.
    pub max_age: u64,
}

/// A cached JWK Set and when it was fetched.
#[derive(Debug)]
pub struct RemoteJwks {
    timing: Timing,
    keys: Option<KeySet>,
    /// The JSON text the keys came from, kept for [`RemoteJwks::export`].
    jwks_json: String,
    fetched_at: u64,
}

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Exported {
    jwks: serde_json::Value,
    fetched_at: u64,
}

impl RemoteJwks {
    pub fn new(timing: Timing) -> RemoteJwks {
        RemoteJwks { timing, keys: None, jwks_json: String::new(), fetched_at: 0 }
    }

    /// The cached keys, fresh or not.
    pub fn keys(&self) -> Option<&KeySet> {
        self.keys.as_ref()
    }

    /// Keys usable at `now`: `None` when never fetched or older than `max_age`.
    pub fn fresh_keys(&self, now: u64) -> Option<&KeySet> {
        self.keys.as_ref().filter(|_| now.saturating_sub(self.fetched_at) < self.timing.max_age)
    }

    /// Whether an unknown `kid` may trigger a refetch now (cooldown passed).
    pub fn may_refetch(&self, now: u64) -> bool {
        self.keys.is_none() || now.saturating_sub(self.fetched_at) >= self.timing.cooldown
    }

    /// Store a freshly fetched JWK Set (must be `{"keys":[…]}`).
    pub fn store(&mut self, jwks_json: &str, now: u64) -> Result<()> {
        let value: serde_json::Value = serde_json::from_str(jwks_json).map_err(|_| Error::JwkInvalid("the JWKS response is not JSON".into()))?;
        if !value.get("keys").is_some_and(serde_json::Value::is_array) {
            return Err(Error::JwkInvalid("the JWKS response has no \"keys\" array".into()));
        }
        self.keys = Some(KeySet::parse(jwks_json)?);
        self.jwks_json = jwks_json.into();
        self.fetched_at = now;
        Ok(())
    }

    /// The cache as JSON text `{"jwks":…,"fetchedAt":…}`; `None` before the first fetch.
    pub fn export(&self) -> Option<String> {
        self.keys.as_ref()?;
        let jwks = serde_json::from_str(&self.jwks_json).ok()?;
        serde_json::to_string(&Exported { jwks, fetched_at: self.fetched_at }).ok()
    }

    /// Restore what [`RemoteJwks::export`] produced.
    pub fn import(&mut self, exported: &str) -> Result<()> {
        let state: Exported = serde_json::from_str(exported).map_err(|_| Error::Config("not an exported RemoteJwks state".into()))?;
        let json = serde_json::to_string(&state.jwks).map_err(|_| Error::Config("not an exported RemoteJwks state".into()))?;
        self.store(&json, state.fetched_at)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SET: &str = r#"{"keys":[{"kty":"oct","k":"c2VjcmV0","kid":"a"}]}"#;

    #[test]
    fn fetch_decisions_follow_max_age_and_cooldown() {
        let mut r = RemoteJwks::new(Timing { cooldown: 30, max_age: 600 });
        assert!(r.fresh_keys(1000).is_none() && r.may_refetch(1000));
        r.store(SET, 1000).unwrap();
        assert!(r.fresh_keys(1599).is_some());
        assert!(r.fresh_keys(1600).is_none(), "stale after max_age");
        assert!(!r.may_refetch(1029), "within the cooldown");
        assert!(r.may_refetch(1030));
    }

    #[test]
    fn export_import_round_trip_and_bad_input() {
        let mut r = RemoteJwks::new(Timing { cooldown: 30, max_age: 600 });
        assert!(r.export().is_none());
        r.store(SET, 1000).unwrap();
        let state = r.export().unwrap();
        let mut again = RemoteJwks::new(Timing { cooldown: 30, max_age: 600 });
        again.import(&state).unwrap();
        assert_eq!(again.fresh_keys(1001).unwrap().keys().len(), 1);
        assert_eq!(again.import("{}").unwrap_err().code(), "ERR_CONFIG");
        assert_eq!(again.store(r#"{"kty":"oct","k":"c2VjcmV0"}"#, 1).unwrap_err().code(), "ERR_JWK_INVALID");
        assert_eq!(again.store("<html>", 1).unwrap_err().code(), "ERR_JWK_INVALID");
    }
}
