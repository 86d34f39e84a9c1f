//! argon2id password exports (RFC 9106, PHC strings).

use alloc::string::String;
use wasm_bindgen::prelude::*;

use super::error::JsResult;
use edgeauth::password::{self, Params};

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
