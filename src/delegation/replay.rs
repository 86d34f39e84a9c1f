//! Replay decisions (docs/delegation.md §2.3 steps 4 and 6): the timestamp
//! window, and how long a request id must be remembered. The stores that
//! remember them are the host's (`pkg-template/lib/replay.js`).

/// Whether `timestamp` is within `window` seconds of `now`, either side.
pub fn within(now: u64, timestamp: u64, window: u64) -> bool {
    now.abs_diff(timestamp) <= window
}

/// Until when a request id must be remembered: after that, its timestamp
/// alone gets it refused.
pub fn expires_at(timestamp: u64, window: u64) -> u64 {
    timestamp.saturating_add(window)
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
}
