//! Core errors become instances of the classes in `pkg-template/lib/errors.js`
//! (built by `lib/error-bridge.js`), whichever module throws them, so
//! `instanceof` and `.code` hold across the package's entries.

use alloc::string::{String, ToString};
use wasm_bindgen::prelude::*;

use edgeauth::Error;

#[wasm_bindgen(raw_module = "../lib/error-bridge.js")]
extern "C" {
    /// Builds the `EdgeAuthError` subclass for `code`.
    #[wasm_bindgen(js_name = fromCore)]
    fn from_core(code: &str, message: &str, details: Option<String>) -> JsValue;
}

/// A core error as the JS error it becomes.
pub fn to_js(e: Error) -> JsValue {
    from_core(e.code(), &e.to_string(), e.details())
}

/// What a fallible export throws: a core error already turned into its JS
/// class (a local type, so `?` converts core errors and wasm-bindgen throws it).
pub struct Thrown(JsValue);

impl From<Error> for Thrown {
    fn from(e: Error) -> Thrown {
        Thrown(to_js(e))
    }
}

impl From<Thrown> for JsValue {
    fn from(t: Thrown) -> JsValue {
        t.0
    }
}

/// Result type of every fallible export.
pub type JsResult<T> = Result<T, Thrown>;
