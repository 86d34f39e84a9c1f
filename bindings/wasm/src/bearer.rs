//! RFC 6750 exports: bearer token extraction and challenges.

use alloc::string::String;
use wasm_bindgen::prelude::*;

use super::error::JsResult;
use edgeauth::bearer;

/// The Bearer token of an Authorization header value; undefined when absent
/// or another scheme; throws ConfigError when malformed.
#[wasm_bindgen(js_name = bearerFromAuthorization)]
pub fn from_authorization(header: Option<String>) -> JsResult<Option<String>> {
    Ok(bearer::from_authorization(header.as_deref())?.map(String::from))
}

#[wasm_bindgen(js_name = bearerFromCookie)]
pub fn from_cookie(header: Option<String>, name: &str) -> Option<String> {
    bearer::from_cookie(header.as_deref(), name).map(String::from)
}

#[wasm_bindgen(js_name = bearerChallenge)]
pub fn challenge(realm: Option<String>, error: Option<String>, description: Option<String>, scope: Option<String>, resource_metadata: Option<String>) -> String {
    bearer::challenge(realm.as_deref(), error.as_deref(), description.as_deref(), scope.as_deref(), resource_metadata.as_deref())
}
