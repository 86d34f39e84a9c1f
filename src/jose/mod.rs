//! JOSE: JWK (RFC 7517), JWS (RFC 7515), JWA (RFC 7518), JWT (RFC 7519),
//! Ed25519 (RFC 8037) and thumbprints (RFC 7638).
//!
//! [`verify`] runs all three verification steps in the core; the wasm layer
//! calls the steps one by one so WebCrypto can do RSA and ECDSA in between.

pub mod alg;
pub mod claims;
pub mod jwk;
pub mod jws;
pub mod jwt;
pub mod keygen;
#[cfg(not(target_arch = "wasm32"))]
mod native;
pub mod remote;
pub mod sig;

use jwk::KeySet;
use jwt::Policy;

use crate::error::Result;

/// A verified token: its protected header and payload as JSON text.
#[derive(Debug)]
pub struct Verified {
    pub header_json: alloc::string::String,
    pub payload: alloc::vec::Vec<u8>,
}

impl Verified {
    /// `[header,payload]` as one JSON text (one parse on the JS side).
    pub fn json_pair(&self) -> alloc::string::String {
        // validate() parsed the payload as JSON, so it is UTF-8.
        let payload = core::str::from_utf8(&self.payload).unwrap_or("{}");
        let mut out = alloc::string::String::with_capacity(self.header_json.len() + payload.len() + 3);
        out.push('[');
        out.push_str(&self.header_json);
        out.push(',');
        out.push_str(payload);
        out.push(']');
        out
    }
}

/// Where a verification stands after [`begin`].
#[derive(Debug)]
pub enum Step {
    /// Signature and claims checked in the core.
    Done(Verified),
    /// The host must check the signature, then call [`finish`].
    Host(jws::Prepared),
}

/// Parse, check the header, select keys and, when the core does the
/// signature itself, finish: one call for HMAC (and Ed25519 without a host
/// implementation).
pub fn begin(token: &str, keys: &KeySet, policy: &Policy, now: u64, host_ed25519: bool) -> Result<Step> {
    let prepared = jws::prepare(token, keys, policy.algorithms.as_deref(), policy.max_token_size)?;
    if prepared.needs_host(host_ed25519) {
        return Ok(Step::Host(prepared));
    }
    prepared.verify_locally(keys)?;
    finish(prepared, policy, now).map(Step::Done)
}

/// Validate the claims of a token whose signature has been verified.
pub fn finish(prepared: jws::Prepared, policy: &Policy, now: u64) -> Result<Verified> {
    let parsed = prepared.parsed;
    policy.validate(parsed.typ.as_deref(), &parsed.payload, now)?;
    Ok(Verified { header_json: parsed.header_json, payload: parsed.payload })
}

/// Verify a compact JWT with keys the core can check itself (every algorithm
/// natively; HMAC and Ed25519 in wasm) and validate its claims at `now`.
pub fn verify(token: &str, keys: &KeySet, policy: &Policy, now: u64) -> Result<Verified> {
    let prepared = jws::prepare(token, keys, policy.algorithms.as_deref(), policy.max_token_size)?;
    prepared.verify_locally(keys)?;
    finish(prepared, policy, now)
}
