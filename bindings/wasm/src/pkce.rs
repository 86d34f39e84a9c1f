//! PKCE exports (RFC 7636).

use alloc::string::String;
use alloc::vec::Vec;
use alloc::vec;
use wasm_bindgen::prelude::*;

use super::error::JsResult;
use edgeauth::pkce;

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
    Ok(edgeauth::b64::encode(&edgeauth::random::bytes::<32>()?))
}
