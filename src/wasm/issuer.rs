//! Token-issuing and password exports.

use alloc::string::String;
use wasm_bindgen::prelude::*;

use super::error::JsResult;
use crate::issuer::{self, Kind, Settings};
use crate::password::{self, Params};

/// The issuer and audience every token of one `TokenIssuer` carries.
#[wasm_bindgen(js_name = IssuerSettings)]
pub struct WasmSettings(Settings);

#[wasm_bindgen(js_class = IssuerSettings)]
impl WasmSettings {
    #[wasm_bindgen(constructor)]
    pub fn new(issuer: Option<String>, audience: Option<String>) -> WasmSettings {
        WasmSettings(Settings { issuer, audience })
    }

    /// Payload JSON of an access token, or of a refresh token (`refresh`)
    /// continuing `family` (undefined: a new chain).
    pub fn claims(&self, refresh: bool, family: Option<String>, sub: &str, extra_json: &str, now: f64, ttl: f64) -> JsResult<String> {
        let kind = if refresh { Kind::Refresh { family: family.as_deref() } } else { Kind::Access };
        let jti = issuer::new_jti()?;
        Ok(issuer::claims(kind, &self.0, sub, extra_json, now as u64, ttl as u64, &jti)?)
    }
}

fn params(memory_kib: u32, iterations: u32, parallelism: u32) -> Params {
    Params { memory_kib, iterations, parallelism }
}

#[wasm_bindgen(js_name = passwordHash)]
pub fn password_hash(password: &[u8], memory_kib: u32, iterations: u32, parallelism: u32) -> JsResult<String> {
    Ok(password::hash(password, params(memory_kib, iterations, parallelism))?)
}

#[wasm_bindgen(js_name = passwordVerify)]
pub fn password_verify(password: &[u8], phc: &str) -> bool {
    password::verify(password, phc)
}

#[wasm_bindgen(js_name = passwordNeedsRehash)]
pub fn password_needs_rehash(phc: &str, memory_kib: u32, iterations: u32, parallelism: u32) -> bool {
    password::needs_rehash(phc, params(memory_kib, iterations, parallelism))
}
