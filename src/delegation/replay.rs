//! Replay decisions (docs/delegation.md §2.3 steps 4 and 6, §5): the
//! timestamp window and the in-memory store of request ids seen within it.

use alloc::collections::BTreeMap;
use alloc::string::String;

/// Whether `timestamp` is within `window` seconds of `now`, either side.
pub fn within(now: u64, timestamp: u64, window: u64) -> bool {
    now.abs_diff(timestamp) <= window
}

/// Until when a request id must be remembered: after that, its timestamp
/// alone gets it refused.
pub fn expires_at(timestamp: u64, window: u64) -> u64 {
    timestamp.saturating_add(window)
}

/// Request ids seen, each until its expiry; expired ones are pruned at most
/// once a minute, so a burst costs one pass.
#[derive(Debug, Default)]
pub struct ReplayCache {
    seen: BTreeMap<String, u64>,
    next_prune: u64,
}

const PRUNE_EVERY: u64 = 60;

impl ReplayCache {
    pub fn new() -> ReplayCache {
        ReplayCache::default()
    }

    /// Record `key` until `expires_at`; `false` when it is already recorded
    /// and not yet expired at `now`.
    pub fn add(&mut self, key: &str, expires_at: u64, now: u64) -> bool {
        if now >= self.next_prune {
            self.seen.retain(|_, until| *until >= now);
            self.next_prune = now.saturating_add(PRUNE_EVERY);
        }
        match self.seen.get(key) {
            Some(until) if *until >= now => false,
            _ => {
                self.seen.insert(key.into(), expires_at);
                true
            }
        }
    }

    /// How many ids are held (including expired ones not yet pruned).
    pub fn len(&self) -> usize {
        self.seen.len()
    }

    pub fn is_empty(&self) -> bool {
        self.seen.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn window_is_inclusive_both_ways() {
        assert!(within(1000, 700, 300) && within(1000, 1300, 300));
        assert!(!within(1000, 699, 300) && !within(1000, 1301, 300));
        assert!(within(0, 0, 0) && !within(0, u64::MAX, 300));
        assert_eq!(expires_at(u64::MAX, 5), u64::MAX);
    }

    #[test]
    fn ids_are_refused_until_expiry_then_pruned() {
        let mut cache = ReplayCache::new();
        assert!(cache.add("a", 1300, 1000));
        assert!(!cache.add("a", 1300, 1000));
        assert!(!cache.add("a", 1300, 1300));
        assert!(cache.add("b", 1400, 1100));
        assert!(cache.add("a", 1700, 1301), "expired ids may be recorded again");
        assert_eq!(cache.len(), 2);
        assert!(cache.add("c", 2000, 1500));
        assert_eq!(cache.len(), 2, "a and c remain after the prune; b expired");
        assert!(!cache.is_empty());
    }
}
