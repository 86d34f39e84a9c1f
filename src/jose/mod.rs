//! JOSE: JWK (RFC 7517), JWS (RFC 7515), JWA (RFC 7518), JWT (RFC 7519),
//! Ed25519 (RFC 8037) and thumbprints (RFC 7638).
//!
//! [`verify`] runs every verification step in the core; the wasm layer calls
//! [`begin`], which hands RSA and ECDSA (and Ed25519 where the host has it)
//! to WebCrypto as a [`HostCheck`].

pub mod alg;
pub mod claims;
pub mod jwk;
pub mod jws;
pub mod jwt;
#[cfg(feature = "ed25519")]
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
    /// The host must check the signature.
    Host(HostCheck),
}

/// A signature for the host to check, and the parsed token whose claims
/// [`HostCheck::claims`] validates. Call it only once the signature has
/// passed, or hold its outcome back until then, so that a forged token
/// reports a bad signature and never a claim error.
///
/// The split lets the host start WebCrypto (off the main thread in Node)
/// before the claims are read.
#[derive(Debug)]
pub struct HostCheck {
    pub alg: alg::Alg,
    /// Indices into the key set, best first.
    pub candidates: alloc::vec::Vec<usize>,
    /// The signature covers `token[..signing_input_len]`.
    pub signing_input_len: usize,
    parsed: jws::Parsed,
}

impl HostCheck {
    pub fn signature(&self) -> &[u8] {
        &self.parsed.signature
    }

    /// Validate the claims (see the type's note on when).
    pub fn claims(self, policy: &Policy, now: u64) -> Result<Verified> {
        finish(self.parsed, policy, now)
    }
}

/// Parse, check the header and select keys; when the core does the
/// signature itself (HMAC, and Ed25519 without a host implementation), also
/// verify and validate the claims.
pub fn begin(token: &str, keys: &KeySet, policy: &Policy, now: u64, host_ed25519: bool) -> Result<Step> {
    let prepared = jws::prepare(token, keys, policy.algorithms.as_deref(), policy.max_token_size)?;
    if !prepared.needs_host(host_ed25519) {
        prepared.verify_locally(keys)?;
        return finish(prepared.parsed, policy, now).map(Step::Done);
    }
    let signing_input_len = prepared.signing_input().len();
    let jws::Prepared { parsed, candidates, .. } = prepared;
    Ok(Step::Host(HostCheck { alg: parsed.alg, candidates, signing_input_len, parsed }))
}

/// Validate the claims of a parsed token.
fn finish(parsed: jws::Parsed, policy: &Policy, now: u64) -> Result<Verified> {
    policy.validate(parsed.typ.as_deref(), &parsed.payload, now)?;
    Ok(Verified { header_json: parsed.header_json, payload: parsed.payload })
}

/// Verify a compact JWT with keys the core can check itself (every algorithm
/// natively; HMAC and Ed25519 in wasm) and validate its claims at `now`.
pub fn verify(token: &str, keys: &KeySet, policy: &Policy, now: u64) -> Result<Verified> {
    let prepared = jws::prepare(token, keys, policy.algorithms.as_deref(), policy.max_token_size)?;
    prepared.verify_locally(keys)?;
    finish(prepared.parsed, policy, now)
}
