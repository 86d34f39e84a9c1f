//! Which failures are retried and when: no answer (network error, timeout),
//! 429 and 5xx are retriable; anything else is final. The delay doubles from
//! [`BASE_DELAY_MS`] up to [`MAX_DELAY_MS`], unless the server sent
//! `Retry-After` (RFC 9110 §10.2.3: delay-seconds or an IMF-fixdate), which
//! is honoured up to [`MAX_RETRY_AFTER`] seconds; a longer demand is not
//! waited for. The host's loop asks [`delay_ms`] after every failure.

pub const BASE_DELAY_MS: u64 = 200;
pub const MAX_DELAY_MS: u64 = 10_000;
pub const MAX_RETRY_AFTER: u64 = 60;

/// Milliseconds to wait before attempt `attempt + 1` (attempts count from 0),
/// or `None` to give up. `status` 0 means no answer at all.
pub fn delay_ms(attempt: u32, max_retries: u32, status: u16, retry_after: Option<&str>, now: u64) -> Option<u64> {
    let retriable = status == 0 || status == 429 || (500..600).contains(&status);
    if !retriable || attempt >= max_retries {
        return None;
    }
    if let Some(seconds) = retry_after.and_then(|h| parse_retry_after(h, now)) {
        return (seconds <= MAX_RETRY_AFTER).then(|| seconds * 1000);
    }
    Some(BASE_DELAY_MS.saturating_mul(1u64 << attempt.min(16)).min(MAX_DELAY_MS))
}

/// Seconds from `now` that a `Retry-After` value asks for; `None` when unreadable.
pub fn parse_retry_after(value: &str, now: u64) -> Option<u64> {
    let value = value.trim();
    if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
        return value.parse().ok().or(Some(u64::MAX));
    }
    imf_fixdate(value).map(|at| at.saturating_sub(now))
}

/// `Sun, 06 Nov 1994 08:49:37 GMT` as seconds since the epoch.
fn imf_fixdate(value: &str) -> Option<u64> {
    let parts: alloc::vec::Vec<&str> = value.split(' ').collect();
    let [_, day, month, year, time, "GMT"] = parts[..] else { return None };
    let day: u64 = day.parse().ok().filter(|d| (1..=31).contains(d))?;
    let month = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"].iter().position(|m| *m == month)? as u64 + 1;
    let year: u64 = year.parse().ok().filter(|y| *y >= 1970 && *y < 10_000)?;
    let mut hms = time.split(':').map(|t| t.parse::<u64>().ok());
    let (h, m, s) = (hms.next()??, hms.next()??, hms.next()??);
    if hms.next().is_some() || h > 23 || m > 59 || s > 60 {
        return None;
    }
    // Days from the civil date (Howard Hinnant's algorithm), years from March.
    let (y, mo) = if month <= 2 { (year - 1, month + 9) } else { (year, month - 3) };
    let era = y / 400;
    let yoe = y % 400;
    let doy = (153 * mo + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    Some(days * 86_400 + h * 3600 + m * 60 + s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_retriable_failures_retry_with_backoff() {
        assert_eq!(delay_ms(0, 3, 0, None, 0), Some(200));
        assert_eq!(delay_ms(1, 3, 503, None, 0), Some(400));
        assert_eq!(delay_ms(2, 3, 429, None, 0), Some(800));
        assert_eq!(delay_ms(3, 3, 503, None, 0), None, "retries used up");
        assert_eq!(delay_ms(10, 99, 500, None, 0), Some(MAX_DELAY_MS));
        assert_eq!(delay_ms(40, 99, 500, None, 0), Some(MAX_DELAY_MS), "no overflow");
        for final_status in [200, 400, 401, 404, 600] {
            assert_eq!(delay_ms(0, 3, final_status, None, 0), None, "{final_status}");
        }
    }

    #[test]
    fn retry_after_is_honoured() {
        assert_eq!(delay_ms(0, 3, 503, Some("2"), 0), Some(2000));
        assert_eq!(delay_ms(0, 3, 503, Some("0"), 0), Some(0));
        assert_eq!(delay_ms(0, 3, 429, Some("61"), 0), None, "too long to wait");
        assert_eq!(delay_ms(0, 3, 503, Some("99999999999999999999999"), 0), None);
        assert_eq!(delay_ms(0, 3, 503, Some("soon"), 0), Some(200), "unreadable: backoff");
        // RFC 9110 §5.6.7 example date.
        assert_eq!(imf_fixdate("Sun, 06 Nov 1994 08:49:37 GMT"), Some(784_111_777));
        assert_eq!(parse_retry_after("Sun, 06 Nov 1994 08:49:47 GMT", 784_111_777), Some(10));
        assert_eq!(parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT", 800_000_000), Some(0), "a past date means now");
        for bad in ["Sun, 06 Nov 1994 08:49:37 UTC", "Sun, 32 Nov 1994 08:49:37 GMT", "Sun, 06 Foo 1994 08:49:37 GMT", "Sun, 06 Nov 1994 24:00:00 GMT", "Sun, 06 Nov 1994 08:49 GMT", "", "-1"] {
            assert_eq!(parse_retry_after(bad, 0), None, "{bad}");
        }
    }
}
