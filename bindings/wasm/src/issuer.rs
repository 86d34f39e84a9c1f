//! Token-issuing exports (claims of access and refresh tokens).

use alloc::string::String;
use wasm_bindgen::prelude::*;

use super::error::JsResult;
use edgeauth::issuer::{self, Kind, Settings};

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
