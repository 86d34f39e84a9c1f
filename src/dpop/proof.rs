//! Checking a DPoP proof (RFC 9449 §4.3), in two steps around the signature
//! check, like `verifyJwt` (see [`crate::jose::HostCheck`]):
//!
//! 1. [`begin`]: one `DPoP` header value holding one compact JWT (§4.3 items
//!    1–2) of at most `max_size` bytes; header `typ` `dpop+jwt` (item 4,
//!    §11.5); `alg` an asymmetric algorithm on the allow-list, never `none`
//!    or a MAC (item 5, §11.6); `jwk` a public key fit for `alg` with no
//!    private members (§4.2, item 7). The key's RFC 7638 thumbprint is the
//!    proof's `jkt` (§6.1).
//! 2. The signature with the header's key (item 6): in the core
//!    ([`Unverified::verify_locally`]) or by the host's WebCrypto
//!    ([`Unverified::needs_host`], the signing input and signature).
//! 3. [`Unverified::finish`], only once the signature passed (or holding its
//!    outcome back until then): the claims of §4.2 (item 3) with `jti` at
//!    most [`MAX_JTI`] long (§11.1), `htm` (item 8), `htu` (item 9, see
//!    `htu`), `ath` against the access token (item 12, §7), the key against
//!    the token's `cnf.jkt` (item 12, §6), the nonce (item 10, §11.3), and
//!    the age: `iat` within `max_age` (+ `clock_tolerance` either way), or
//!    a fresh server nonce instead (item 11, §11.1).
//!
//! The result names the key (`jkt`) and a replay key for `jti` with the time
//! until which it must be remembered (§11.1); the host's replay store
//! refuses a second use.

use alloc::string::{String, ToString};

use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

use super::nonce::NonceKey;
use super::{htu, ASYMMETRIC, TYP};
use crate::b64;
use crate::error::{Error, Result};
use crate::jose::alg::{Alg, Family};
use crate::jose::jwk::{Jwk, KeySet};
use crate::jose::jws;
use crate::json::{self, Map, Options, Value};

/// Default proof size limit (a proof with an RSA-4096 key is about 2.2 KB).
pub const DEFAULT_MAX_SIZE: usize = 8 * 1024;
/// Default accepted age of a proof, in seconds (§11.1: "seconds or minutes").
pub const DEFAULT_MAX_AGE: u64 = 60;
/// Default clock tolerance, in seconds, for `iat` in the past and the future.
pub const DEFAULT_CLOCK_TOLERANCE: u64 = 30;
/// The longest `jti` accepted (§11.1: large values are refused).
pub const MAX_JTI: usize = 256;
/// Members that only private (or symmetric) JWKs have.
const PRIVATE_MEMBERS: [&str; 8] = ["d", "p", "q", "dp", "dq", "qi", "oth", "k"];

fn refuse(check: &'static str, reason: &str) -> Error {
    Error::dpop(check, reason)
}

/// What a server accepts.
#[derive(Debug, Clone)]
pub struct ProofPolicy {
    pub algorithms: alloc::vec::Vec<Alg>,
    pub max_age: u64,
    pub clock_tolerance: u64,
    pub max_size: usize,
}

impl Default for ProofPolicy {
    fn default() -> ProofPolicy {
        ProofPolicy { algorithms: ASYMMETRIC.to_vec(), max_age: DEFAULT_MAX_AGE, clock_tolerance: DEFAULT_CLOCK_TOLERANCE, max_size: DEFAULT_MAX_SIZE }
    }
}

impl ProofPolicy {
    /// From `{ algorithms?, maxAgeSeconds?, clockTolerance?, maxProofSize? }`.
    pub fn from_json(text: &str) -> Result<ProofPolicy> {
        let o = Options::parse(text, "DPoP options", &["algorithms", "maxAgeSeconds", "clockTolerance", "maxProofSize"])?;
        let algorithms = match o.list("algorithms")? {
            None => ASYMMETRIC.to_vec(),
            Some(names) if names.is_empty() => return Err(Error::Config("DPoP options: \"algorithms\" is empty".into())),
            Some(names) => names
                .into_iter()
                .map(|n| {
                    let alg = Alg::parse(n)?;
                    if alg.family() == Family::Hmac {
                        return Err(Error::Config(alloc::format!("{} is symmetric: DPoP proofs use asymmetric algorithms (RFC 9449 §4.2)", alg.name())));
                    }
                    Ok(alg)
                })
                .collect::<Result<_>>()?,
        };
        let max_size = o.u64("maxProofSize")?.unwrap_or(DEFAULT_MAX_SIZE as u64);
        Ok(ProofPolicy {
            algorithms,
            max_age: o.u64("maxAgeSeconds")?.unwrap_or(DEFAULT_MAX_AGE),
            clock_tolerance: o.u64("clockTolerance")?.unwrap_or(DEFAULT_CLOCK_TOLERANCE),
            max_size: usize::try_from(max_size).map_err(|_| Error::Config("DPoP options: \"maxProofSize\" is too large".into()))?,
        })
    }
}

/// The request a proof must match.
#[derive(Debug, Clone, Default)]
pub struct Expected {
    /// The request's method (`htm`).
    pub htm: String,
    /// The request's URI, normalized (see `htu`).
    pub htu: String,
    /// The access token presented with the proof (its hash is `ath`).
    pub access_token: Option<String>,
    /// The thumbprint the access token is bound to (`cnf.jkt`).
    pub jkt: Option<String>,
    /// A nonce the proof must carry exactly.
    pub nonce: Option<String>,
}

impl Expected {
    /// From `{ method, url, accessToken?, jkt?, nonce? }`.
    pub fn from_json(text: &str) -> Result<Expected> {
        let o = Options::parse(text, "the expected request", &["method", "url", "accessToken", "jkt", "nonce"])?;
        let method = o.str("method")?.filter(|m| !m.is_empty()).ok_or_else(|| Error::Config("the request method is required".into()))?;
        let url = o.str("url")?.ok_or_else(|| Error::Config("the request URL is required".into()))?;
        Ok(Expected {
            htm: method.into(),
            htu: htu::normalize(url).ok_or_else(|| Error::Config("the request URL must be an absolute http(s) URL".into()))?,
            access_token: o.str("accessToken")?.map(String::from),
            jkt: o.str("jkt")?.map(String::from),
            nonce: o.str("nonce")?.map(String::from),
        })
    }
}

/// A checked proof.
#[derive(Debug, Clone)]
pub struct Proof {
    /// RFC 7638 thumbprint of the proof's key.
    pub jkt: String,
    pub jti: String,
    pub iat: u64,
    /// The replay store key for this proof's `jti` (scoped to its key).
    pub replay_key: String,
    /// Until when the replay key must be remembered.
    pub replay_until: u64,
    header_json: String,
    payload_json: String,
}

impl Proof {
    /// `{"jkt","jti","iat","replayKey","replayUntil","header","payload"}`.
    pub fn to_json(&self) -> String {
        let quoted = json::quote;
        alloc::format!(
            r#"{{"jkt":{},"jti":{},"iat":{},"replayKey":{},"replayUntil":{},"header":{},"payload":{}}}"#,
            quoted(&self.jkt),
            quoted(&self.jti),
            self.iat,
            quoted(&self.replay_key),
            self.replay_until,
            self.header_json,
            self.payload_json
        )
    }
}

/// A proof whose header passed, waiting for its signature check.
#[derive(Debug)]
pub struct Unverified<'t> {
    prepared: jws::Prepared<'t>,
    keys: KeySet,
    /// RFC 7638 thumbprint of the header's key.
    pub jkt: String,
}

/// Step 1: the header checks (see the module docs).
pub fn begin<'t>(proof: &'t str, policy: &ProofPolicy) -> Result<Unverified<'t>> {
    if proof.is_empty() {
        return Err(refuse("missing", "the request has no DPoP proof"));
    }
    if proof.len() > policy.max_size {
        return Err(refuse("size", &alloc::format!("the proof is longer than {} bytes", policy.max_size)));
    }
    if proof.contains([',', ' ', '\t']) {
        return Err(refuse("header", "more than one DPoP header, or not a single JWT (RFC 9449 §4.3)"));
    }
    let header_segment = proof.split('.').next().unwrap_or_default();
    let header = b64::decode(header_segment)
        .and_then(|bytes| String::from_utf8(bytes).ok())
        .and_then(|text| match json::parse(&text) {
            Ok(Value::Object(m)) => Some(m),
            _ => None,
        })
        .ok_or_else(|| refuse("syntax", "the header is not base64url JSON"))?;
    let typ = header.get("typ").and_then(Value::as_str).unwrap_or_default();
    let typ = typ.get(..12).filter(|p| p.eq_ignore_ascii_case("application/")).map_or(typ, |_| &typ[12..]);
    if !typ.eq_ignore_ascii_case(TYP) {
        return Err(refuse("typ", "the header's typ is not dpop+jwt"));
    }
    let alg_name = header.get("alg").and_then(Value::as_str).ok_or_else(|| refuse("alg", "the header has no alg"))?;
    let alg = Alg::parse(alg_name).map_err(|_| refuse("alg", "the alg is not an asymmetric signature algorithm edgeauth implements"))?;
    if alg.family() == Family::Hmac || !policy.algorithms.contains(&alg) {
        return Err(refuse("alg", &alloc::format!("{} is not allowed for DPoP proofs", alg.name())));
    }
    let jwk = match header.get("jwk") {
        Some(Value::Object(jwk)) => jwk,
        _ => return Err(refuse("jwk", "the header has no jwk object")),
    };
    if let Some(member) = PRIVATE_MEMBERS.iter().find(|m| jwk.contains_key(m)) {
        return Err(refuse("jwk", &alloc::format!("the header's jwk has the private key member {member}")));
    }
    let key = Jwk::from_value(&Value::Object(jwk.clone())).map_err(|e| refuse("jwk", &e.to_string()))?;
    let keys = KeySet::single(key);
    let prepared = jws::prepare(proof, &keys, Some(&policy.algorithms), policy.max_size).map_err(|e| match e {
        Error::AlgNotAllowed(why) => refuse("jwk", &why),
        other => refuse("syntax", &other.to_string()),
    })?;
    let jkt = keys.keys()[0].thumbprint();
    Ok(Unverified { prepared, keys, jkt })
}

fn claim_str<'a>(claims: &'a Map, name: &'static str) -> Result<&'a str> {
    match claims.get(name) {
        Some(Value::String(s)) if !s.is_empty() => Ok(s),
        _ => Err(refuse(name, &alloc::format!("the proof has no {name} string"))),
    }
}

fn same(a: &str, b: &str) -> bool {
    bool::from(a.as_bytes().ct_eq(b.as_bytes()))
}

impl<'t> Unverified<'t> {
    pub fn alg(&self) -> Alg {
        self.prepared.parsed.alg
    }

    /// Whether the host checks the signature (see `jws::Prepared::needs_host`).
    pub fn needs_host(&self, host_ed25519: bool) -> bool {
        self.prepared.needs_host(host_ed25519)
    }

    pub fn signature(&self) -> &[u8] {
        &self.prepared.parsed.signature
    }

    pub fn signing_input(&self) -> &'t [u8] {
        self.prepared.signing_input()
    }

    /// The header's key as a public JWK (for WebCrypto `importKey`).
    pub fn public_jwk(&self) -> String {
        self.keys.keys()[0].public_json().unwrap_or_default()
    }

    /// Step 2 in the core.
    pub fn verify_locally(&self) -> Result<()> {
        self.prepared.verify_locally(&self.keys).map_err(|_| refuse("signature", "the proof's signature does not verify with its jwk"))
    }

    /// Step 3: the claims, for a proof whose signature passed. `server_nonce`:
    /// the key of the nonces this server hands out, when it requires them.
    pub fn finish(self, expected: &Expected, policy: &ProofPolicy, server_nonce: Option<&NonceKey>, now: u64) -> Result<Proof> {
        let claims = match core::str::from_utf8(&self.prepared.parsed.payload).map(json::parse) {
            Ok(Ok(Value::Object(m))) => m,
            _ => return Err(refuse("syntax", "the payload is not a JSON object")),
        };
        let jti = claim_str(&claims, "jti")?;
        if jti.len() > MAX_JTI {
            return Err(refuse("jti", &alloc::format!("the jti is longer than {MAX_JTI} bytes")));
        }
        if claim_str(&claims, "htm")? != expected.htm {
            return Err(refuse("htm", "htm is not the request's method"));
        }
        if htu::normalize(claim_str(&claims, "htu")?).as_deref() != Some(expected.htu.as_str()) {
            return Err(refuse("htu", "htu is not the request's URI"));
        }
        // A fractional or exponent-form NumericDate counts by its whole seconds.
        let iat = match claims.get("iat") {
            Some(Value::Number(n)) => u64::try_from(n.bounds().0).ok(),
            _ => None,
        }
        .ok_or_else(|| refuse("iat", "the proof has no non-negative numeric iat"))?;
        if let Some(token) = &expected.access_token {
            let ath = claim_str(&claims, "ath")?;
            if !same(ath, &super::ath(token)) {
                return Err(refuse("ath", "ath is not the hash of the access token"));
            }
        }
        if let Some(jkt) = &expected.jkt {
            if !same(jkt, &self.jkt) {
                return Err(Error::DpopBinding { check: "jkt", reason: "the proof's key is not the key the access token is bound to".into() });
            }
        }
        let nonce = match claims.get("nonce") {
            None => None,
            Some(Value::String(n)) => Some(n.as_str()),
            Some(_) => return Err(refuse("nonce", "the nonce claim is not a string")),
        };
        let nonce_until = match (server_nonce, &expected.nonce) {
            (Some(key), _) => Some(nonce.and_then(|n| key.check(n, now)).ok_or(Error::DpopNonce)?),
            (None, Some(want)) if !nonce.is_some_and(|n| same(n, want)) => return Err(Error::DpopNonce),
            _ => None,
        };
        let window = policy.max_age.saturating_add(policy.clock_tolerance);
        if nonce_until.is_none() {
            if iat.saturating_add(window) < now {
                return Err(refuse("iat", "the proof is too old"));
            }
            if iat > now.saturating_add(policy.clock_tolerance) {
                return Err(refuse("iat", "the proof is issued in the future"));
            }
        }
        let mut hash = Sha256::new();
        hash.update(self.jkt.as_bytes());
        hash.update(b"\n");
        hash.update(jti.as_bytes());
        Ok(Proof {
            replay_key: alloc::format!("dpop:{}", b64::encode(&hash.finalize())),
            replay_until: nonce_until.unwrap_or_else(|| iat.saturating_add(window).max(now)),
            jti: jti.into(),
            iat,
            header_json: self.prepared.parsed.header_json.clone(),
            payload_json: String::from_utf8(self.prepared.parsed.payload.clone()).unwrap_or_default(),
            jkt: self.jkt,
        })
    }
}

/// All three steps in the core (every algorithm natively; Ed25519 in wasm).
pub fn verify(proof: &str, policy: &ProofPolicy, expected: &Expected, server_nonce: Option<&NonceKey>, now: u64) -> Result<Proof> {
    let unverified = begin(proof, policy)?;
    unverified.verify_locally()?;
    unverified.finish(expected, policy, server_nonce, now)
}

#[cfg(test)]
#[path = "proof_tests.rs"]
mod tests;
