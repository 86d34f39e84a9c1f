//! PKCE exports (RFC 7636).

use alloc::string::String;
use alloc::vec::Vec;
use alloc::vec;
use wasm_bindgen::prelude::*;

use super::error::JsResult;
use crate::pkce;

/// `[codeVerifier, codeChallenge]` for a fresh verifier.
#[wasm_bindgen(js_name = pkceCreate)]
pub fn pkce_create() -> JsResult<Vec<String>> {
    let p = pkce::generate()?;
    Ok(vec![p.verifier, p.challenge])
}

#[wasm_bindgen(js_name = pkceChallenge)]
pub fn pkce_challenge(verifier: &str) -> JsResult<String> {
    Ok(pkce::challenge(verifier)?)
}

/// 32 random bytes as base64url (`randomSecret`, `state`, `nonce`).
#[wasm_bindgen(js_name = randomToken)]
pub fn random_token() -> JsResult<String> {
    Ok(crate::b64::encode(&crate::random::bytes::<32>()?))
}
