//! The state of a remote JWK Set (RFC 7517 §5 fetched from a `jwks_uri`,
//! RFC 8414 §2): when to fetch, when an unknown `kid` may trigger a refetch,
//! and export/import so the cache can live in a shared store (a copy other
//! instances wrote is taken only when it is newer than the one held).
//!
//! The host performs the fetch; this module only decides, given `now`.

use alloc::string::String;

use super::jwk::KeySet;
use crate::error::{Error, Result};
use crate::json::{self, Value};

/// Cache settings (seconds).
#[derive(Debug, Clone, Copy)]
pub struct Timing {
    /// Minimum time between two fetches triggered by unknown `kid`s.
    pub cooldown: u64,
    /// Age after which the set is refetched before use.
    pub max_age: u64,
}

/// What [`RemoteJwks::before_verify`] decides.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Plan {
    /// Verify with the cached keys.
    UseCached,
    /// Fetch the set first.
    Fetch,
    /// No keys, and the last fetch failed within the cooldown: fail without fetching.
    FailFast,
}

/// A cached JWK Set and when it was fetched.
#[derive(Debug)]
pub struct RemoteJwks {
    timing: Timing,
    keys: Option<KeySet>,
    /// The JSON text the keys came from, kept for [`RemoteJwks::export`].
    jwks_json: String,
    fetched_at: u64,
    /// When the last fetch started, and whether it failed.
    last_attempt: Option<u64>,
    last_failed: bool,
}

impl RemoteJwks {
    pub fn new(timing: Timing) -> RemoteJwks {
        RemoteJwks { timing, keys: None, jwks_json: String::new(), fetched_at: 0, last_attempt: None, last_failed: false }
    }

    /// The cached keys, fresh or not.
    pub fn keys(&self) -> Option<&KeySet> {
        self.keys.as_ref()
    }

    /// Keys usable at `now`: `None` when never fetched or older than `max_age`.
    pub fn fresh_keys(&self, now: u64) -> Option<&KeySet> {
        self.keys.as_ref().filter(|_| now.saturating_sub(self.fetched_at) < self.timing.max_age)
    }

    /// Whether a fetch may start now: never more than one per cooldown, so
    /// neither a burst of unknown `kid`s nor a failing upstream is hammered.
    pub fn may_fetch(&self, now: u64) -> bool {
        self.last_attempt.is_none_or(|t| now.saturating_sub(t) >= self.timing.cooldown)
    }

    /// What to do before verifying at `now`.
    pub fn before_verify(&self, now: u64) -> Plan {
        if self.fresh_keys(now).is_some() {
            Plan::UseCached
        } else if self.may_fetch(now) || (self.keys.is_none() && !self.last_failed) {
            // Concurrent first uses fetch too (Workers cannot share a pending fetch).
            Plan::Fetch
        } else if self.keys.is_some() {
            // Stale but within the cooldown of the last attempt: serve stale.
            Plan::UseCached
        } else {
            Plan::FailFast
        }
    }

    /// Record that a fetch starts now.
    pub fn begin_fetch(&mut self, now: u64) {
        self.last_attempt = Some(now);
    }

    /// Record that the fetch failed.
    pub fn fetch_failed(&mut self) {
        self.last_failed = true;
    }

    /// Store a freshly fetched JWK Set (must be `{"keys":[…]}`).
    pub fn store(&mut self, jwks_json: &str, now: u64) -> Result<()> {
        let value = json::parse(jwks_json).map_err(|_| Error::JwkInvalid("the JWKS response is not JSON".into()))?;
        if value.get("keys").and_then(json::Value::as_array).is_none() {
            return Err(Error::JwkInvalid("the JWKS response has no \"keys\" array".into()));
        }
        self.keys = Some(KeySet::from_value(&value)?);
        self.jwks_json = jwks_json.into();
        self.fetched_at = now;
        self.last_failed = false;
        Ok(())
    }

    /// The cache as JSON text `{"jwks":…,"fetchedAt":…}`; `None` before the first fetch.
    pub fn export(&self) -> Option<String> {
        self.keys.as_ref()?;
        Some(json::Obj::new().raw("jwks", &self.jwks_json).u64("fetchedAt", self.fetched_at).finish())
    }

    /// Restore what [`RemoteJwks::export`] produced.
    pub fn import(&mut self, exported: &str) -> Result<()> {
        self.import_after(exported, None).map(|_| ())
    }

    /// Restore `exported` only when it was fetched later than the set held
    /// (or none is held): a shared store's copy that another instance
    /// refreshed. Whether it was taken.
    pub fn import_newer(&mut self, exported: &str) -> Result<bool> {
        self.import_after(exported, self.keys.is_some().then_some(self.fetched_at))
    }

    /// Restore `exported` unless it was fetched at or before `after`.
    #[inline(never)]
    fn import_after(&mut self, exported: &str, after: Option<u64>) -> Result<bool> {
        let bad = || Error::Config("not an exported RemoteJwks state".into());
        let state = json::parse(exported).map_err(|_| bad())?;
        let (Some(jwks @ Value::Object(_)), Some(fetched_at)) = (state.get("jwks"), state.get("fetchedAt").and_then(Value::as_u64)) else {
            return Err(bad());
        };
        if after.is_some_and(|at| fetched_at <= at) {
            return Ok(false);
        }
        self.store(&jwks.to_json(), fetched_at).map(|_| true)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SET: &str = r#"{"keys":[{"kty":"oct","k":"c2VjcmV0","kid":"a"}]}"#;

    #[test]
    fn fetch_decisions_follow_max_age_and_cooldown() {
        let mut r = RemoteJwks::new(Timing { cooldown: 30, max_age: 600 });
        assert_eq!(r.before_verify(1000), Plan::Fetch);
        r.begin_fetch(1000);
        assert_eq!(r.before_verify(1001), Plan::Fetch, "a concurrent first use fetches too");
        r.store(SET, 1000).unwrap();
        assert_eq!(r.before_verify(1599), Plan::UseCached);
        assert!(!r.may_fetch(1029), "within the cooldown no refetch for unknown kids");
        assert!(r.may_fetch(1030));
        assert_eq!(r.before_verify(1600), Plan::Fetch, "stale after max_age");
        r.begin_fetch(1600);
        r.fetch_failed();
        assert_eq!(r.before_verify(1610), Plan::UseCached, "stale keys serve while the upstream fails");
        assert_eq!(r.before_verify(1630), Plan::Fetch, "retry after the cooldown");
    }

    #[test]
    fn a_failing_first_fetch_fails_fast_until_the_cooldown_passes() {
        let mut r = RemoteJwks::new(Timing { cooldown: 30, max_age: 600 });
        r.begin_fetch(1000);
        r.fetch_failed();
        assert_eq!(r.before_verify(1005), Plan::FailFast);
        assert_eq!(r.before_verify(1030), Plan::Fetch);
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

    #[test]
    fn a_shared_copy_is_taken_only_when_newer() {
        let mut writer = RemoteJwks::new(Timing { cooldown: 30, max_age: 600 });
        writer.store(SET, 1000).unwrap();
        let at_1000 = writer.export().unwrap();
        let mut reader = RemoteJwks::new(Timing { cooldown: 30, max_age: 600 });
        assert!(reader.import_newer(&at_1000).unwrap(), "an empty cache takes any copy");
        assert!(!reader.import_newer(&at_1000).unwrap(), "not the same age again");
        writer.store(SET, 1700).unwrap();
        assert_eq!(reader.before_verify(1700), Plan::Fetch);
        assert!(reader.import_newer(&writer.export().unwrap()).unwrap());
        assert_eq!(reader.before_verify(1700), Plan::UseCached, "the newer copy is fresh");
        assert_eq!(reader.import_newer("{}").unwrap_err().code(), "ERR_CONFIG");
    }
}
