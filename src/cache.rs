//! The validation-result cache of a resource server: keyed by SHA-256 of the
//! token (the raw token is never stored), bounded LRU, positive entries live
//! `ttl` seconds but never past the token's `exp`, failures live `negative_ttl`.
//!
//! The cache stores no values itself: it hands out *slots* (`0..max_entries`)
//! and the host keeps the value for each slot (a JS `Principal` or error),
//! so a hit costs one hash and one lookup, with nothing to deserialize.
//!
//! Inside: the slots hold the keys and form a doubly linked recency list; an
//! open-addressing table (linear probing, backward-shift deletion) indexes
//! them by the key's first 8 bytes, which SHA-256 makes uniform. A hit moves
//! two links and allocates nothing.

use alloc::vec::Vec;

use sha2::{Digest, Sha256};

type Key = [u8; 32];

/// No slot (an empty index cell, or the end of the recency list).
const NONE: u32 = u32::MAX;

#[derive(Debug)]
struct Slot {
    key: Key,
    expires_at: u64,
    /// Neighbours in the recency list (older, newer).
    older: u32,
    newer: u32,
}

/// Bounded LRU of token hashes → slots.
#[derive(Debug)]
pub struct ResultCache {
    max_entries: u32,
    ttl: u64,
    negative_ttl: u64,
    slots: Vec<Slot>,
    /// Slot numbers by key hash; a power of two at least twice the slots.
    index: Vec<u32>,
    /// The least and the most recently used live slots.
    oldest: u32,
    newest: u32,
    /// Slots released by expired entries.
    free: Vec<u32>,
    len: usize,
}

fn key(token: &str) -> Key {
    Sha256::digest(token.as_bytes()).into()
}

impl ResultCache {
    pub fn new(max_entries: u32, ttl: u64, negative_ttl: u64) -> ResultCache {
        ResultCache { max_entries, ttl, negative_ttl, slots: Vec::new(), index: alloc::vec![NONE; 8], oldest: NONE, newest: NONE, free: Vec::new(), len: 0 }
    }

    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    fn mask(&self) -> usize {
        self.index.len() - 1
    }

    fn home(&self, k: &Key) -> usize {
        let mut first = [0u8; 8];
        first.copy_from_slice(&k[..8]);
        u64::from_le_bytes(first) as usize & self.mask()
    }

    /// The index cell and slot of `k`.
    fn find(&self, k: &Key) -> Option<(usize, u32)> {
        let mut at = self.home(k);
        loop {
            let slot = self.index[at];
            if slot == NONE {
                return None;
            }
            if self.slots[slot as usize].key == *k {
                return Some((at, slot));
            }
            at = (at + 1) & self.mask();
        }
    }

    fn place(&mut self, slot: u32) {
        let mut at = self.home(&self.slots[slot as usize].key);
        while self.index[at] != NONE {
            at = (at + 1) & self.mask();
        }
        self.index[at] = slot;
    }

    /// Empty index cell `at`, shifting back the entries of its probe run
    /// that could otherwise no longer be found.
    fn clear_cell(&mut self, mut at: usize) {
        self.index[at] = NONE;
        let mut next = at;
        loop {
            next = (next + 1) & self.mask();
            let slot = self.index[next];
            if slot == NONE {
                return;
            }
            let home = self.home(&self.slots[slot as usize].key);
            // The entry stays if its home lies cyclically in (at, next].
            let stays = if at <= next { at < home && home <= next } else { at < home || home <= next };
            if !stays {
                self.index[at] = slot;
                self.index[next] = NONE;
                at = next;
            }
        }
    }

    fn unlink(&mut self, slot: u32) {
        let Slot { older, newer, .. } = self.slots[slot as usize];
        match older {
            NONE => self.oldest = newer,
            o => self.slots[o as usize].newer = newer,
        }
        match newer {
            NONE => self.newest = older,
            n => self.slots[n as usize].older = older,
        }
    }

    fn push_newest(&mut self, slot: u32) {
        let s = &mut self.slots[slot as usize];
        s.older = self.newest;
        s.newer = NONE;
        match self.newest {
            NONE => self.oldest = slot,
            n => self.slots[n as usize].newer = slot,
        }
        self.newest = slot;
    }

    /// Drop the entry in index cell `at` (slot `slot`); the slot is the caller's.
    fn remove(&mut self, at: usize, slot: u32) {
        self.clear_cell(at);
        self.unlink(slot);
        self.len -= 1;
    }

    /// The slot holding `token`'s result, if cached and unexpired at `now`.
    pub fn lookup(&mut self, token: &str, now: u64) -> Option<u32> {
        let (at, slot) = self.find(&key(token))?;
        if self.slots[slot as usize].expires_at <= now {
            self.remove(at, slot);
            self.free.push(slot);
            return None;
        }
        if self.newest != slot {
            self.unlink(slot);
            self.push_newest(slot);
        }
        Some(slot)
    }

    /// A slot for a new entry: a freed one, a new one, or the least recently used.
    fn take_slot(&mut self) -> Option<u32> {
        if let Some(slot) = self.free.pop() {
            return Some(slot);
        }
        if (self.slots.len() as u32) < self.max_entries {
            self.slots.push(Slot { key: [0; 32], expires_at: 0, older: NONE, newer: NONE });
            if self.slots.len() * 2 > self.index.len() {
                self.grow();
            }
            return Some(self.slots.len() as u32 - 1);
        }
        let oldest = self.oldest;
        let (at, _) = self.find(&self.slots.get(oldest as usize)?.key)?;
        self.remove(at, oldest);
        Some(oldest)
    }

    /// Double the index and place every live slot again.
    fn grow(&mut self) {
        self.index = alloc::vec![NONE; self.index.len() * 2];
        let mut slot = self.oldest;
        while slot != NONE {
            self.place(slot);
            slot = self.slots[slot as usize].newer;
        }
    }

    /// Cache a result for `token` and return the slot to store it in;
    /// `None` when it must not be cached (zero TTL, or `exp` already passed).
    /// `exp` bounds positive entries; `negative` selects the failure TTL.
    pub fn insert(&mut self, token: &str, now: u64, exp: Option<u64>, negative: bool) -> Option<u32> {
        let expires_at = if negative { now.saturating_add(self.negative_ttl) } else { now.saturating_add(self.ttl).min(exp.unwrap_or(u64::MAX)) };
        let k = key(token);
        let reused = self.find(&k).map(|(at, slot)| {
            self.remove(at, slot);
            slot
        });
        if expires_at <= now || self.max_entries == 0 {
            self.free.extend(reused);
            return None;
        }
        let slot = match reused {
            Some(slot) => slot,
            None => self.take_slot()?,
        };
        let s = &mut self.slots[slot as usize];
        s.key = k;
        s.expires_at = expires_at;
        self.place(slot);
        self.push_newest(slot);
        self.len += 1;
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

    /// Against a plain model (a list, oldest first) over a long pseudo-random
    /// run with collisions, expiries and evictions.
    #[test]
    fn behaves_like_a_plain_lru_model() {
        let mut c = ResultCache::new(13, 7, 3);
        let mut model: Vec<(u32, u64, u32)> = Vec::new(); // (token, expires_at, slot)
        let mut seed = 0x2545_f491_4f6c_dd1d_u64;
        let mut next = |n: u64| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed % n
        };
        let mut now = 0;
        for _ in 0..20_000 {
            now += next(2);
            let t = next(40) as u32;
            let token = alloc::format!("t{t}");
            if next(2) == 0 {
                let want = match model.iter().position(|e| e.0 == t) {
                    Some(i) if model[i].1 <= now => {
                        model.remove(i);
                        None
                    }
                    Some(i) => {
                        let e = model.remove(i);
                        model.push(e);
                        Some(e.2)
                    }
                    None => None,
                };
                assert_eq!(c.lookup(&token, now), want);
            } else {
                let negative = next(3) == 0;
                let got = c.insert(&token, now, None, negative).unwrap();
                let reused = model.iter().position(|e| e.0 == t).map(|i| model.remove(i).2);
                if reused.is_none() && model.len() == 13 && c.free.is_empty() {
                    assert_eq!(got, model.remove(0).2, "the least recently used slot is reused");
                }
                if let Some(slot) = reused {
                    assert_eq!(got, slot);
                }
                model.push((t, now + if negative { 3 } else { 7 }, got));
            }
            assert!(c.len() <= 13);
        }
    }

    #[test]
    fn replacing_an_entry_keeps_its_slot() {
        let mut c = ResultCache::new(2, 100, 5);
        let a = c.insert("a", 0, None, true).unwrap();
        assert_eq!(c.insert("a", 1, None, false), Some(a));
        assert_eq!(c.len(), 1);
    }
}
