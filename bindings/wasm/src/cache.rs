//! The resource server's result cache (see `edgeauth::cache`).

use wasm_bindgen::prelude::*;

use super::jose::HostScratch;
use edgeauth::bearer;
use edgeauth::cache::ResultCache;

#[wasm_bindgen(js_name = ResultCache)]
pub struct WasmResultCache(ResultCache);

#[wasm_bindgen(js_class = ResultCache)]
impl WasmResultCache {
    #[wasm_bindgen(constructor)]
    pub fn new(max_entries: u32, ttl: f64, negative_ttl: f64) -> WasmResultCache {
        WasmResultCache(ResultCache::new(max_entries, ttl as u64, negative_ttl as u64))
    }

    /// The slot of `token`'s cached result, or -1.
    pub fn lookup(&mut self, token: &str, now: f64) -> i32 {
        self.0.lookup(token, now as u64).map_or(-1, |s| s as i32)
    }

    /// `lookup` for the bearer token of an `Authorization` header value
    /// (RFC 6750 §2.1) the host left in `scratch`'s input (`len` bytes), in
    /// one call for the cache-hit path; -1 when the value holds no
    /// well-formed bearer token or its result is not cached (the caller then
    /// takes the full path, which reports a malformed header).
    #[wasm_bindgen(js_name = lookupAuthorization)]
    pub fn lookup_authorization(&mut self, scratch: &HostScratch, len: usize, now: f64) -> i32 {
        match scratch.input(len).map(|header| bearer::from_authorization(Some(header))) {
            Ok(Ok(Some(token))) => self.lookup(token, now),
            _ => -1,
        }
    }

    /// Cache `token`'s result; the slot to store it in, or -1 when not cached.
    /// `exp` < 0 means the token has no `exp`.
    pub fn insert(&mut self, token: &str, now: f64, exp: f64, negative: bool) -> i32 {
        let exp = (exp >= 0.0).then_some(exp as u64);
        self.0.insert(token, now as u64, exp, negative).map_or(-1, |s| s as i32)
    }

    #[wasm_bindgen(getter)]
    pub fn size(&self) -> usize {
        self.0.len()
    }
}
