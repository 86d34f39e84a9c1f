//! The validation-result cache of a resource server: keyed by SHA-256 of the
//! token (the raw token is never stored), bounded LRU, positive entries live
//! `ttl` seconds but never past the token's `exp`, failures live `negative_ttl`.
//!
//! The cache stores no values itself: it hands out *slots* (`0..max_entries`)
//! and the host keeps the value for each slot (a JS `Principal` or error),
//! so a hit costs one hash and one lookup, with nothing to deserialize.

use alloc::collections::BTreeMap;
use alloc::vec::Vec;

use sha2::{Digest, Sha256};

type Key = [u8; 32];

#[derive(Debug)]
struct Entry {
    slot: u32,
    expires_at: u64,
    used: u64,
}

/// Bounded LRU of token hashes → slots.
#[derive(Debug)]
pub struct ResultCache {
    max_entries: u32,
    ttl: u64,
    negative_ttl: u64,
    entries: BTreeMap<Key, Entry>,
    /// `used` tick → key, oldest first.
    recency: BTreeMap<u64, Key>,
    tick: u64,
    /// Slots released by expired entries, and the next never-used slot.
    free: Vec<u32>,
    next_slot: u32,
}

fn key(token: &str) -> Key {
    Sha256::digest(token.as_bytes()).into()
}

impl ResultCache {
    pub fn new(max_entries: u32, ttl: u64, negative_ttl: u64) -> ResultCache {
        ResultCache { max_entries, ttl, negative_ttl, entries: BTreeMap::new(), recency: BTreeMap::new(), tick: 0, free: Vec::new(), next_slot: 0 }
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    fn touch(&mut self, k: &Key) {
        self.tick += 1;
        if let Some(e) = self.entries.get_mut(k) {
            self.recency.remove(&e.used);
            e.used = self.tick;
            self.recency.insert(self.tick, *k);
        }
    }

    fn remove(&mut self, k: &Key) -> Option<u32> {
        let e = self.entries.remove(k)?;
        self.recency.remove(&e.used);
        Some(e.slot)
    }

    /// The slot holding `token`'s result, if cached and unexpired at `now`.
    pub fn lookup(&mut self, token: &str, now: u64) -> Option<u32> {
        let k = key(token);
        let e = self.entries.get(&k)?;
        if e.expires_at <= now {
            let slot = self.remove(&k);
            self.free.extend(slot);
            return None;
        }
        let slot = e.slot;
        self.touch(&k);
        Some(slot)
    }

    /// Cache a result for `token` and return the slot to store it in;
    /// `None` when it must not be cached (zero TTL, or `exp` already passed).
    /// `exp` bounds positive entries; `negative` selects the failure TTL.
    pub fn insert(&mut self, token: &str, now: u64, exp: Option<u64>, negative: bool) -> Option<u32> {
        let expires_at = if negative { now + self.negative_ttl } else { (now + self.ttl).min(exp.unwrap_or(u64::MAX)) };
        let k = key(token);
        let reused = self.remove(&k);
        if expires_at <= now || self.max_entries == 0 {
            self.free.extend(reused);
            return None;
        }
        let slot = match reused.or_else(|| self.free.pop()) {
            Some(slot) => slot,
            None if self.next_slot < self.max_entries => {
                self.next_slot += 1;
                self.next_slot - 1
            }
            None => {
                let (_, oldest) = self.recency.pop_first()?;
                self.entries.remove(&oldest)?.slot
            }
        };
        self.tick += 1;
        self.entries.insert(k, Entry { slot, expires_at, used: self.tick });
        self.recency.insert(self.tick, k);
        Some(slot)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ttl_exp_and_negative_lifetimes() {
        let mut c = ResultCache::new(8, 30, 5);
        let s = c.insert("a", 100, Some(110), false).unwrap();
        assert_eq!(c.lookup("a", 109), Some(s));
        assert_eq!(c.lookup("a", 110), None, "never past exp");
        c.insert("b", 100, None, false).unwrap();
        assert!(c.lookup("b", 129).is_some() && c.lookup("b", 130).is_none(), "ttl");
        c.insert("bad", 100, None, true).unwrap();
        assert!(c.lookup("bad", 104).is_some() && c.lookup("bad", 105).is_none(), "negative ttl");
        assert_eq!(c.insert("old", 100, Some(90), false), None, "already expired");
        assert_eq!(ResultCache::new(8, 0, 0).insert("x", 1, None, false), None, "ttl 0 disables");
    }

    #[test]
    fn bounded_lru_reuses_slots() {
        let mut c = ResultCache::new(3, 100, 5);
        let a = c.insert("a", 0, None, false).unwrap();
        let b = c.insert("b", 0, None, false).unwrap();
        let d = c.insert("d", 0, None, false).unwrap();
        assert_eq!([a, b, d], [0, 1, 2]);
        assert!(c.lookup("a", 1).is_some(), "a is now the most recent");
        let e = c.insert("e", 1, None, false).unwrap();
        assert_eq!(e, b, "b was least recently used, its slot is reused");
        assert!(c.lookup("b", 1).is_none() && c.lookup("a", 1).is_some());
        assert_eq!(c.len(), 3);
        for i in 0..10_000u32 {
            let slot = c.insert(&alloc::format!("t{i}"), 2, None, false).unwrap();
            assert!(slot < 3);
        }
        assert_eq!(c.len(), 3);
    }

    #[test]
    fn replacing_an_entry_keeps_its_slot() {
        let mut c = ResultCache::new(2, 100, 5);
        let a = c.insert("a", 0, None, true).unwrap();
        assert_eq!(c.insert("a", 1, None, false), Some(a));
        assert_eq!(c.len(), 1);
    }
}
