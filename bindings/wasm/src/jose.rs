//! JOSE exports: key sets, verification policies, verification, signing,
//! thumbprints, Ed25519 key generation and the remote JWKS cache.
//!
//! Verification is one call per token, plus one for the claims where
//! WebCrypto runs off the calling thread. The token comes in through the
//! [`HostScratch`] input buffer, which the host fills with
//! `TextEncoder.encodeInto` (the glue's own string copy goes character by
//! character). The result comes back as one JSON text `[header, payload]`
//! (one string crosses, one `JSON.parse` reads it); a signature WebCrypto
//! must check is left in the [`HostScratch`] rather than in a new object per
//! token.

use alloc::boxed::Box;
use alloc::string::String;
use alloc::vec::Vec;
use alloc::format;
use wasm_bindgen::prelude::*;

use super::error::{to_js, JsResult};
use edgeauth::b64;
use edgeauth::jose::jwk::{Jwk, KeyOp, KeySet};
use edgeauth::jose::jws::{self, SignHeader};
use edgeauth::jose::jwt::Policy;
use edgeauth::jose::remote::{Plan, RemoteJwks, Timing};
#[cfg(feature = "ed25519")]
use edgeauth::jose::keygen;
use edgeauth::jose::{self, alg::Alg, sig, HostCheck, Step};

/// A parsed JWK or JWK Set.
#[wasm_bindgen]
pub struct Keys(KeySet);

#[wasm_bindgen]
impl Keys {
    /// From JWK or JWK Set JSON text.
    #[wasm_bindgen(constructor)]
    pub fn new(json: &str) -> JsResult<Keys> {
        Ok(Keys(KeySet::parse(json)?))
    }

    /// From raw HMAC secret bytes.
    #[wasm_bindgen(js_name = fromSecret)]
    pub fn from_secret(bytes: &[u8]) -> JsResult<Keys> {
        Ok(Keys(KeySet::single(Jwk::from_secret(bytes)?)))
    }

    /// The public JWK JSON of key `index`, for WebCrypto `importKey`.
    #[wasm_bindgen(js_name = publicJwk)]
    pub fn public_jwk(&self, index: usize) -> Option<String> {
        self.0.keys().get(index)?.public_json()
    }

    /// Index of the first key that may sign with `alg` (throws when none fits).
    #[wasm_bindgen(js_name = signingKey)]
    pub fn signing_key(&self, alg: &str) -> JsResult<usize> {
        Ok(self.0.select(Alg::parse(alg)?, None, KeyOp::Sign)?[0])
    }

    /// RFC 7638 thumbprint of key `index`.
    pub fn thumbprint(&self, index: usize) -> Option<String> {
        Some(self.0.keys().get(index)?.thumbprint())
    }
}

/// Compiled verification options.
#[wasm_bindgen(js_name = Policy)]
pub struct WasmPolicy(Policy);

#[wasm_bindgen(js_class = Policy)]
impl WasmPolicy {
    #[wasm_bindgen(constructor)]
    pub fn new(json: &str) -> JsResult<WasmPolicy> {
        Ok(WasmPolicy(Policy::from_json(json)?))
    }

    /// The longest token accepted, so the host can refuse an oversized one
    /// before copying it into wasm memory (see `tokenTooLong`).
    #[wasm_bindgen(getter, js_name = maxTokenSize)]
    pub fn max_token_size(&self) -> usize {
        self.0.max_token_size
    }
}

/// Where `verify` leaves a signature for the host to check. One instance
/// lives as long as the module; `lib/webcrypto.js` reads it right after each
/// call and hands the bytes to WebCrypto, which copies them, before anything
/// else runs, so no per-token object crosses the boundary.
///
/// `meta` (fixed address, see `metaPtr`): `[alg, bytes, signatureLen,
/// inputLen, candidates, count]`: `alg` is 0 when the core verified the
/// signature itself, else `Alg as u32 + 1` (names: `algNames`); `bytes`
/// points at the signature followed by the signing input; `candidates` at
/// `count` key indices, best first.
///
/// `input` is where the host writes what it passes in as UTF-8 (a token, an
/// `Authorization` header): `reserveInput(len)` gives its address, the host
/// encodes into it and passes the byte length to the call that reads it.
///
/// The token's claims are validated in the same call when `claims_first`
/// (hosts whose WebCrypto runs on the calling thread, like workerd: nothing
/// to overlap, one call saved), else they wait for `claims`, which the host
/// calls once WebCrypto is under way.
#[wasm_bindgen]
pub struct HostScratch {
    meta: Box<[u32; 6]>,
    bytes: Vec<u8>,
    candidates: Vec<u32>,
    input: Vec<u8>,
    claims_first: bool,
    pending: Option<HostCheck>,
}

#[wasm_bindgen]
impl HostScratch {
    #[wasm_bindgen(constructor)]
    pub fn new(claims_first: bool) -> HostScratch {
        HostScratch { meta: Box::new([0; 6]), bytes: Vec::new(), candidates: Vec::new(), input: Vec::new(), claims_first, pending: None }
    }

    /// The address of `meta` in wasm memory (stable for the object's life).
    #[wasm_bindgen(js_name = metaPtr)]
    pub fn meta_ptr(&self) -> u32 {
        self.meta.as_ptr() as u32
    }

    /// Room for at least `len` bytes of input; returns its address, which
    /// stays valid until a later `reserveInput` asks for more.
    #[wasm_bindgen(js_name = reserveInput)]
    pub fn reserve_input(&mut self, len: usize) -> u32 {
        if self.input.len() < len {
            self.input.resize(len, 0);
        }
        self.input.as_ptr() as u32
    }

    /// The first `len` bytes of the input as text (the result cache reads
    /// `Authorization` headers from it).
    #[cfg(feature = "resource-server")]
    pub(crate) fn input(&self, len: usize) -> edgeauth::Result<&str> {
        input_text(&self.input, len)
    }

    /// Verify the token the host left in the input (`len` bytes) with
    /// `begin`, and record the outcome (see [`HostScratch::record`]).
    fn verify_input(&mut self, len: usize, policy: &WasmPolicy, now: f64, begin: impl FnOnce(&str) -> edgeauth::Result<Step>) -> JsResult<JsValue> {
        // Taken out for the call: `record` writes the rest of the scratch.
        let input = core::mem::take(&mut self.input);
        let outcome = match input_text(&input, len) {
            Ok(token) => {
                let step = begin(token);
                self.record(token, policy, now, step)
            }
            Err(e) => Err(e.into()),
        };
        self.input = input;
        outcome
    }

    /// The claims outcome of the token the last `verify` left for the host:
    /// `[header, payload]` JSON, or the error as a value (not thrown), for
    /// the host to act on only once the signature passed.
    pub fn claims(&mut self, policy: &WasmPolicy, now: f64) -> JsResult<JsValue> {
        let check = self.pending.take().ok_or_else(|| edgeauth::Error::Config("no token waits for its claims".into()))?;
        Ok(claims_outcome(check, policy, now))
    }

    /// Record what [`jose::begin`] decided: `[header, payload]` JSON when
    /// the core verified everything; else `meta` describes the signature and
    /// the result is the claims outcome (see [`HostScratch::claims`]) when
    /// `claims_first`, `undefined` otherwise.
    fn record(&mut self, token: &str, policy: &WasmPolicy, now: f64, result: edgeauth::Result<Step>) -> JsResult<JsValue> {
        self.pending = None;
        match result? {
            Step::Done(verified) => {
                self.meta[0] = 0;
                Ok(JsValue::from_str(&verified.json_pair()))
            }
            Step::Host(check) => {
                self.bytes.clear();
                self.bytes.extend_from_slice(check.signature());
                self.bytes.extend_from_slice(&token.as_bytes()[..check.signing_input_len]);
                self.candidates.clear();
                self.candidates.extend(check.candidates.iter().map(|&i| i as u32));
                *self.meta = [
                    check.alg as u32 + 1,
                    self.bytes.as_ptr() as u32,
                    check.signature().len() as u32,
                    check.signing_input_len as u32,
                    self.candidates.as_ptr() as u32,
                    self.candidates.len() as u32,
                ];
                if self.claims_first {
                    return Ok(claims_outcome(check, policy, now));
                }
                self.pending = Some(check);
                Ok(JsValue::UNDEFINED)
            }
        }
    }
}

/// The first `len` bytes of `input` as text (the host wrote UTF-8 there).
fn input_text(input: &[u8], len: usize) -> edgeauth::Result<&str> {
    let bytes = input.get(..len).ok_or_else(|| edgeauth::Error::Config("input longer than its reserved room".into()))?;
    core::str::from_utf8(bytes).map_err(|_| edgeauth::Error::Config("input is not UTF-8".into()))
}

/// `[header, payload]` JSON, or the claims error as a value.
fn claims_outcome(check: HostCheck, policy: &WasmPolicy, now: f64) -> JsValue {
    match check.claims(&policy.0, now as u64) {
        Ok(verified) => JsValue::from_str(&verified.json_pair()),
        Err(e) => to_js(e),
    }
}

/// The algorithm names `HostScratch` ids index (id - 1).
#[wasm_bindgen(js_name = algNames)]
pub fn alg_names() -> Vec<String> {
    Alg::ALL.iter().map(|a| a.name().into()).collect()
}

/// The module's memory, for reading `HostScratch`.
#[wasm_bindgen(js_name = wasmMemory)]
pub fn wasm_memory() -> JsValue {
    wasm_bindgen::memory()
}

/// Verify the token in `scratch`'s input (`token_len` bytes) with `keys`
/// (see [`HostScratch::record`]); `host_ed25519`: the host verifies Ed25519.
#[wasm_bindgen]
pub fn verify(keys: &Keys, policy: &WasmPolicy, token_len: usize, now: f64, host_ed25519: bool, scratch: &mut HostScratch) -> JsResult<JsValue> {
    scratch.verify_input(token_len, policy, now, |token| jose::begin(token, &keys.0, &policy.0, now as u64, host_ed25519))
}

/// The error for a token longer than `max` (checked by the host before the copy).
#[wasm_bindgen(js_name = tokenTooLong)]
pub fn token_too_long(max: usize) -> JsValue {
    to_js(jws::too_long(max))
}

/// The error a failed host signature check becomes.
#[wasm_bindgen(js_name = signatureInvalid)]
pub fn signature_invalid() -> JsValue {
    to_js(edgeauth::Error::JwsSignatureInvalid)
}

/// `[header, payload]` JSON of a token, unverified.
#[wasm_bindgen(js_name = decodeUnverified)]
pub fn decode_unverified(token: &str) -> JsResult<String> {
    let (h, p) = jws::decode_unverified(token, jws::DEFAULT_MAX_TOKEN_SIZE)?;
    Ok(format!("[{h},{p}]"))
}

/// The signing input for `payload_json` under `header_json` with key `index`.
#[wasm_bindgen(js_name = signingInput)]
pub fn signing_input(keys: &Keys, index: usize, header_json: &str, payload_json: &str) -> JsResult<String> {
    let header = SignHeader::from_json(header_json)?;
    let key = keys.0.keys().get(index).ok_or_else(|| edgeauth::Error::Config("no such key".into()))?;
    Ok(jws::signing_input(&header, key, payload_json)?.1)
}

/// Sign in the core (HMAC, Ed25519): returns the compact JWS.
#[wasm_bindgen(js_name = signLocal)]
pub fn sign_local(keys: &Keys, index: usize, header_json: &str, payload_json: &str) -> JsResult<String> {
    let header = SignHeader::from_json(header_json)?;
    let key = keys.0.keys().get(index).ok_or_else(|| edgeauth::Error::Config("no such key".into()))?;
    Ok(jws::sign(&header, key, payload_json)?)
}

/// Whether the core signs `alg` itself (see `sig::signs_locally`).
#[wasm_bindgen(js_name = signsLocally)]
pub fn signs_locally(alg: &str, host_ed25519: bool) -> JsResult<bool> {
    Ok(sig::signs_locally(Alg::parse(alg)?, host_ed25519))
}

#[wasm_bindgen(js_name = base64urlEncode)]
pub fn base64url_encode(bytes: &[u8]) -> String {
    b64::encode(bytes)
}

/// `[privateJwkJson, publicJwkJson]` for a fresh Ed25519 pair.
#[cfg(feature = "ed25519")]
#[wasm_bindgen(js_name = generateEd25519)]
pub fn generate_ed25519() -> JsResult<Vec<String>> {
    let (private, public) = keygen::ed25519()?;
    Ok(alloc::vec![String::clone(&private), public])
}

/// The remote JWK Set cache for one URL.
#[wasm_bindgen(js_name = JwksCache)]
pub struct WasmJwksCache(RemoteJwks);

#[wasm_bindgen(js_class = JwksCache)]
impl WasmJwksCache {
    #[wasm_bindgen(constructor)]
    pub fn new(cooldown: f64, max_age: f64) -> WasmJwksCache {
        WasmJwksCache(RemoteJwks::new(Timing { cooldown: cooldown as u64, max_age: max_age as u64 }))
    }

    /// What to do before verifying: 0 use the cache, 1 fetch first, 2 fail fast.
    #[wasm_bindgen(js_name = beforeVerify)]
    pub fn before_verify(&self, now: f64) -> u8 {
        match self.0.before_verify(now as u64) {
            Plan::UseCached => 0,
            Plan::Fetch => 1,
            Plan::FailFast => 2,
        }
    }

    /// Whether an unknown `kid` may trigger a fetch now.
    #[wasm_bindgen(js_name = mayFetch)]
    pub fn may_fetch(&self, now: f64) -> bool {
        self.0.may_fetch(now as u64)
    }

    #[wasm_bindgen(js_name = beginFetch)]
    pub fn begin_fetch(&mut self, now: f64) {
        self.0.begin_fetch(now as u64);
    }

    #[wasm_bindgen(js_name = fetchFailed)]
    pub fn fetch_failed(&mut self) {
        self.0.fetch_failed();
    }

    pub fn store(&mut self, jwks_json: &str, now: f64) -> JsResult<()> {
        Ok(self.0.store(jwks_json, now as u64)?)
    }

    pub fn export(&self) -> Option<String> {
        self.0.export()
    }

    pub fn import(&mut self, state: &str) -> JsResult<()> {
        Ok(self.0.import(state)?)
    }

    /// Take a shared store's copy when it is newer than the set held.
    #[wasm_bindgen(js_name = importNewer)]
    pub fn import_newer(&mut self, state: &str) -> JsResult<bool> {
        Ok(self.0.import_newer(state)?)
    }

    /// Verify the token in `scratch`'s input (`token_len` bytes) against
    /// the cached keys (stale or not: the caller decided whether to refetch
    /// first); see [`HostScratch::record`].
    pub fn verify(&self, policy: &WasmPolicy, token_len: usize, now: f64, host_ed25519: bool, scratch: &mut HostScratch) -> JsResult<JsValue> {
        let keys = self.0.keys().ok_or(edgeauth::Error::JwksNoMatchingKey)?;
        scratch.verify_input(token_len, policy, now, |token| jose::begin(token, keys, &policy.0, now as u64, host_ed25519))
    }

    /// The public JWK JSON of cached key `index`.
    #[wasm_bindgen(js_name = publicJwk)]
    pub fn public_jwk(&self, index: usize) -> Option<String> {
        self.0.keys()?.keys().get(index)?.public_json()
    }
}
