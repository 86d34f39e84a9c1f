//! JWT claims validation (RFC 7519 §4.1, §7.2; RFC 8725 §3.8-3.11) and the
//! verification policy a caller configures.
//!
//! Time comes in as `now` (seconds since the epoch); nothing here reads a clock.

use alloc::string::String;
use alloc::vec::Vec;

use crate::json::{Options, Value};

use super::claims;
use subtle::ConstantTimeEq;

use super::alg::Alg;
use super::jws::DEFAULT_MAX_TOKEN_SIZE;
use crate::error::{Error, Result};

/// Default allowance for clock skew, in seconds.
pub const DEFAULT_CLOCK_TOLERANCE: u64 = 30;

/// A duration as seconds, or as text like `"2h"`, `"30 min"`, `"7 days"`.
fn span(value: Option<&Value>, name: &str) -> Result<Option<u64>> {
    let bad = || Error::Config(alloc::format!("\"{name}\" must be seconds or a duration such as \"2h\""));
    let text = match value {
        None => return Ok(None),
        Some(Value::Number(n)) => return n.as_u64().map(Some).ok_or_else(bad),
        Some(Value::String(t)) => t.as_str(),
        Some(_) => return Err(bad()),
    };
    let digits = text.bytes().take_while(u8::is_ascii_digit).count();
    let value: u64 = text[..digits].parse().map_err(|_| bad())?;
    let unit = match text[digits..].trim() {
        "s" | "sec" | "secs" | "second" | "seconds" => 1,
        "m" | "min" | "mins" | "minute" | "minutes" => 60,
        "h" | "hr" | "hrs" | "hour" | "hours" => 3600,
        "d" | "day" | "days" => 86_400,
        "w" | "week" | "weeks" => 604_800,
        _ => return Err(bad()),
    };
    value.checked_mul(unit).map(Some).ok_or_else(bad)
}

const OPTIONS: [&str; 10] = ["algorithms", "issuer", "audience", "subject", "typ", "requiredClaims", "maxTokenAge", "clockTolerance", "nonce", "maxTokenSize"];

/// What a verification demands of a token, compiled once from the caller's options.
#[derive(Debug, Clone)]
pub struct Policy {
    pub algorithms: Option<Vec<Alg>>,
    pub issuer: Option<Vec<String>>,
    pub audience: Option<Vec<String>>,
    pub subject: Option<String>,
    pub typ: Option<String>,
    pub required_claims: Vec<String>,
    pub max_token_age: Option<u64>,
    pub clock_tolerance: u64,
    pub nonce: Option<String>,
    pub max_token_size: usize,
}

impl Default for Policy {
    fn default() -> Policy {
        Policy {
            algorithms: None,
            issuer: None,
            audience: None,
            subject: None,
            typ: None,
            required_claims: Vec::new(),
            max_token_age: None,
            clock_tolerance: DEFAULT_CLOCK_TOLERANCE,
            nonce: None,
            max_token_size: DEFAULT_MAX_TOKEN_SIZE,
        }
    }
}

impl Policy {
    /// Compile the JS options object (as JSON text) into a policy.
    pub fn from_json(json: &str) -> Result<Policy> {
        let o = Options::parse(json, "verify options", &OPTIONS)?;
        let algorithms = match o.list("algorithms")? {
            None => None,
            Some(names) if names.is_empty() => return Err(Error::Config("\"algorithms\" is empty".into())),
            Some(names) => Some(names.into_iter().map(Alg::parse).collect::<Result<Vec<_>>>()?),
        };
        let owned = |v: Vec<&str>| v.into_iter().map(String::from).collect::<Vec<_>>();
        Ok(Policy {
            algorithms,
            issuer: o.strs("issuer")?.map(owned),
            audience: o.strs("audience")?.map(owned),
            subject: o.str("subject")?.map(String::from),
            typ: o.str("typ")?.map(String::from),
            required_claims: o.list("requiredClaims")?.map(owned).unwrap_or_default(),
            max_token_age: span(o.value("maxTokenAge"), "maxTokenAge")?,
            clock_tolerance: span(o.value("clockTolerance"), "clockTolerance")?.unwrap_or(DEFAULT_CLOCK_TOLERANCE),
            nonce: o.str("nonce")?.map(String::from),
            max_token_size: o.u64("maxTokenSize")?.map_or(DEFAULT_MAX_TOKEN_SIZE, |n| usize::try_from(n).unwrap_or(usize::MAX)),
        })
    }

    /// Validate a verified token's header `typ` and payload claims at time `now`.
    pub fn validate(&self, typ: Option<&str>, payload: &[u8], now: u64) -> Result<()> {
        if let Some(want) = &self.typ {
            if typ.map(normalize_typ) != Some(normalize_typ(want)) {
                return Err(Error::claim_invalid("typ", "unexpected \"typ\" header value"));
            }
        }
        let implied = [
            (self.issuer.is_some(), "iss"),
            (self.audience.is_some(), "aud"),
            (self.subject.is_some(), "sub"),
            (self.max_token_age.is_some(), "iat"),
            (self.nonce.is_some(), "nonce"),
        ];
        let required: Vec<&str> = self.required_claims.iter().map(String::as_str).chain(implied.iter().filter(|(on, _)| *on).map(|(_, c)| *c)).collect();
        let claims = claims::read(payload, &required)?;
        if let Some(missing) = required.iter().zip(&claims.present).find(|(_, found)| !**found) {
            return Err(Error::claim_invalid(missing.0, "missing required claim"));
        }
        if let Some(allowed) = &self.issuer {
            let iss = string_claim(&claims.iss, "iss")?;
            if !allowed.iter().any(|a| Some(a.as_str()) == iss) {
                return Err(Error::claim_invalid("iss", "unexpected \"iss\" claim value"));
            }
        }
        if let Some(want) = &self.subject {
            if string_claim(&claims.sub, "sub")? != Some(want.as_str()) {
                return Err(Error::claim_invalid("sub", "unexpected \"sub\" claim value"));
            }
        }
        if let Some(want) = &self.audience {
            let ok = match &claims.aud {
                Some(Value::String(aud)) => want.contains(aud),
                Some(Value::Array(auds)) => auds.iter().any(|a| a.as_str().is_some_and(|a| want.iter().any(|w| w == a))),
                _ => false,
            };
            if !ok {
                return Err(Error::claim_invalid("aud", "unexpected \"aud\" claim value"));
            }
        }
        if let Some(want) = &self.nonce {
            let got = string_claim(&claims.nonce, "nonce")?.unwrap_or_default();
            if !bool::from(got.as_bytes().ct_eq(want.as_bytes())) {
                return Err(Error::claim_invalid("nonce", "unexpected \"nonce\" claim value"));
            }
        }
        self.validate_times(&claims, now)
    }

    /// RFC 7519 §4.1.4-4.1.6 with JSON numbers compared exactly (a
    /// NumericDate may have a fraction): with whole seconds `k`, `x <= k`
    /// iff `ceil(x) <= k` and `x < k` iff `floor(x) < k`.
    fn validate_times(&self, claims: &claims::Registered, now: u64) -> Result<()> {
        let now = i64::try_from(now).unwrap_or(i64::MAX);
        let tolerance = i64::try_from(self.clock_tolerance).unwrap_or(i64::MAX);
        let iat = number_claim(&claims.iat, "iat")?;
        if let Some((_, nbf_ceil)) = number_claim(&claims.nbf, "nbf")? {
            if nbf_ceil > now.saturating_add(tolerance) {
                return Err(Error::JwtNotYetValid);
            }
        }
        if let Some((_, exp_ceil)) = number_claim(&claims.exp, "exp")? {
            if exp_ceil <= now.saturating_sub(tolerance) {
                return Err(Error::JwtExpired("exp".into()));
            }
        }
        if let (Some(max_age), Some((iat_floor, iat_ceil))) = (self.max_token_age, iat) {
            // now - iat - tolerance > max_age  <=>  iat < now - tolerance - max_age
            let oldest = now.saturating_sub(tolerance).saturating_sub(i64::try_from(max_age).unwrap_or(i64::MAX));
            if iat_floor < oldest {
                return Err(Error::JwtExpired("iat".into()));
            }
            if iat_ceil > now.saturating_add(tolerance) {
                return Err(Error::claim_invalid("iat", "\"iat\" is in the future"));
            }
        }
        Ok(())
    }
}

/// `typ` values compare case-insensitively with an optional `application/`
/// prefix (RFC 7515 §4.1.9).
fn normalize_typ(typ: &str) -> String {
    let lower = typ.to_ascii_lowercase();
    match lower.strip_prefix("application/") {
        Some(rest) if !rest.contains('/') => rest.into(),
        _ => lower,
    }
}

fn string_claim<'a>(value: &'a Option<Value>, name: &str) -> Result<Option<&'a str>> {
    match value {
        None => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(_) => Err(Error::claim_invalid(name, "must be a string")),
    }
}

/// `(floor, ceil)` of a number claim (see `json::Number::bounds`).
fn number_claim(value: &Option<Value>, name: &str) -> Result<Option<(i64, i64)>> {
    match value {
        None => Ok(None),
        Some(Value::Number(n)) => Ok(Some(n.bounds())),
        Some(_) => Err(Error::claim_invalid(name, "must be a number")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: u64 = 1_700_000_000;

    fn check(opts: &str, typ: Option<&str>, payload: &str) -> core::result::Result<(), (&'static str, Option<String>)> {
        Policy::from_json(opts).unwrap().validate(typ, payload.as_bytes(), NOW).map_err(|e| (e.code(), e.claim().map(String::from)))
    }

    #[test]
    fn time_claims_with_tolerance() {
        assert!(check("{}", None, r#"{"exp":1700000001}"#).is_ok());
        assert!(check("{}", None, r#"{"exp":1699999990}"#).is_ok(), "within the default 30 s tolerance");
        assert_eq!(check("{}", None, r#"{"exp":1699999970}"#).unwrap_err().0, "ERR_JWT_EXPIRED");
        assert_eq!(check(r#"{"clockTolerance":0}"#, None, r#"{"exp":1700000000}"#).unwrap_err().0, "ERR_JWT_EXPIRED");
        assert_eq!(check("{}", None, r#"{"nbf":1700000031}"#).unwrap_err().0, "ERR_JWT_NOT_YET_VALID");
        assert!(check("{}", None, r#"{"nbf":1700000030}"#).is_ok());
        assert_eq!(check("{}", None, r#"{"exp":"soon"}"#).unwrap_err(), ("ERR_JWT_CLAIM_INVALID", Some("exp".into())));
        assert_eq!(check(r#"{"maxTokenAge":"1h"}"#, None, r#"{"iat":1699990000}"#).unwrap_err(), ("ERR_JWT_EXPIRED", Some("iat".into())));
        assert!(check(r#"{"maxTokenAge":3600}"#, None, r#"{"iat":1699999000}"#).is_ok());
        assert_eq!(check(r#"{"maxTokenAge":60}"#, None, r#"{}"#).unwrap_err(), ("ERR_JWT_CLAIM_INVALID", Some("iat".into())));
        assert_eq!(check(r#"{"maxTokenAge":60}"#, None, r#"{"iat":1700000100}"#).unwrap_err().1, Some("iat".into()));
    }

    #[test]
    fn fractional_and_exponent_numeric_dates_compare_exactly() {
        let zero = r#"{"clockTolerance":0}"#;
        assert!(check(zero, None, r#"{"exp":1700000000.5}"#).is_ok(), "half a second left");
        assert_eq!(check(zero, None, r#"{"exp":1699999999.9}"#).unwrap_err().0, "ERR_JWT_EXPIRED");
        assert!(check(zero, None, r#"{"exp":1.7000000001e9}"#).is_ok());
        assert_eq!(check(zero, None, r#"{"exp":1.7e9}"#).unwrap_err().0, "ERR_JWT_EXPIRED");
        assert_eq!(check(zero, None, r#"{"nbf":1700000000.1}"#).unwrap_err().0, "ERR_JWT_NOT_YET_VALID");
        assert!(check(zero, None, r#"{"nbf":1700000000}"#).is_ok());
        assert!(check(zero, None, r#"{"exp":1e300}"#).is_ok(), "far future saturates");
        assert_eq!(check(zero, None, r#"{"exp":-1e300}"#).unwrap_err().0, "ERR_JWT_EXPIRED");
        let age = r#"{"clockTolerance":0,"maxTokenAge":60}"#;
        assert!(check(age, None, r#"{"iat":1699999940}"#).is_ok());
        assert_eq!(check(age, None, r#"{"iat":1699999939.5}"#).unwrap_err(), ("ERR_JWT_EXPIRED", Some("iat".into())));
        assert_eq!(check(age, None, r#"{"iat":1700000000.5}"#).unwrap_err().1, Some("iat".into()));
    }

    #[test]
    fn identity_claims() {
        let opts = r#"{"issuer":["https://a","https://b"],"audience":"api","subject":"u1"}"#;
        assert!(check(opts, None, r#"{"iss":"https://b","aud":["x","api"],"sub":"u1"}"#).is_ok());
        assert_eq!(check(opts, None, r#"{"iss":"https://c","aud":"api","sub":"u1"}"#).unwrap_err().1, Some("iss".into()));
        assert_eq!(check(opts, None, r#"{"iss":"https://a","aud":"web","sub":"u1"}"#).unwrap_err().1, Some("aud".into()));
        assert_eq!(check(opts, None, r#"{"iss":"https://a","aud":"api","sub":"u2"}"#).unwrap_err().1, Some("sub".into()));
        assert_eq!(check(opts, None, r#"{"aud":"api","sub":"u1"}"#).unwrap_err().1, Some("iss".into()));
        assert_eq!(check(opts, None, r#"{"iss":7,"aud":"api","sub":"u1"}"#).unwrap_err().1, Some("iss".into()));
        assert_eq!(check(r#"{"nonce":"n-1"}"#, None, r#"{"nonce":"n-2"}"#).unwrap_err().1, Some("nonce".into()));
        assert!(check(r#"{"nonce":"n-1"}"#, None, r#"{"nonce":"n-1"}"#).is_ok());
        assert_eq!(check(r#"{"requiredClaims":["jti"]}"#, None, r#"{}"#).unwrap_err().1, Some("jti".into()));
    }

    #[test]
    fn typ_is_normalised() {
        assert!(check(r#"{"typ":"at+jwt"}"#, Some("application/AT+JWT"), "{}").is_ok());
        assert_eq!(check(r#"{"typ":"at+jwt"}"#, Some("JWT"), "{}").unwrap_err().1, Some("typ".into()));
        assert_eq!(check(r#"{"typ":"at+jwt"}"#, None, "{}").unwrap_err().1, Some("typ".into()));
    }

    #[test]
    fn bad_options_are_config_errors() {
        for bad in [r#"{"algorithms":[]}"#, r#"{"maxTokenAge":"soon"}"#, r#"{"issuer":5}"#, r#"{"unknown":1}"#, "[", r#"{"clockTolerance":-1}"#] {
            let code = Policy::from_json(bad).err().map(|e| e.code());
            assert!(matches!(code, Some("ERR_CONFIG") | Some("ERR_JOSE_NOT_SUPPORTED")), "{bad}: {code:?}");
        }
        assert_eq!(Policy::from_json(r#"{"algorithms":["none"]}"#).unwrap_err().code(), "ERR_JOSE_ALG_NOT_ALLOWED");
        assert_eq!(Policy::from_json(r#"{"maxTokenAge":"2 days"}"#).unwrap().max_token_age, Some(172_800));
    }
}
