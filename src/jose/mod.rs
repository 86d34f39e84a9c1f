//! JOSE: JWK (RFC 7517), JWS (RFC 7515), JWA (RFC 7518), JWT (RFC 7519),
//! Ed25519 (RFC 8037) and thumbprints (RFC 7638).
//!
//! [`verify`] runs all three verification steps in the core; the wasm layer
//! calls the steps one by one so WebCrypto can do RSA and ECDSA in between.

pub mod alg;
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

/// Verify a compact JWT with keys the core can check itself (every algorithm
/// natively; HMAC and Ed25519 in wasm) and validate its claims at `now`.
pub fn verify(token: &str, keys: &KeySet, policy: &Policy, now: u64) -> Result<Verified> {
    let prepared = jws::prepare(token, keys, policy.algorithms.as_deref(), policy.max_token_size)?;
    prepared.verify_locally(keys)?;
    let parsed = prepared.parsed;
    policy.validate(parsed.typ.as_deref(), &parsed.payload, now)?;
    Ok(Verified { header_json: parsed.header_json, payload: parsed.payload })
}
