//! Core errors become instances of the classes in `pkg-template/lib/errors.js`
//! (built by `lib/error-bridge.js`).

use alloc::string::{String, ToString};
use wasm_bindgen::prelude::*;

use crate::error::Error;

#[wasm_bindgen(raw_module = "../lib/error-bridge.js")]
extern "C" {
    /// Builds the `EdgeAuthError` subclass for `code`.
    #[wasm_bindgen(js_name = fromCore)]
    fn from_core(code: &str, message: &str, details: Option<String>) -> JsValue;
}

impl From<Error> for JsValue {
    fn from(e: Error) -> JsValue {
        from_core(e.code(), &e.to_string(), e.details())
    }
}

/// Result type of every fallible export.
pub type JsResult<T> = Result<T, JsValue>;
