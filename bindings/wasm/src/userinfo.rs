//! Reading a userinfo (OIDC Core §5.3.2) or other "who am I" answer for the
//! resource server's Authenticator: a thin wrapper over
//! `edgeauth::oauth::userinfo::parse_answer`.

use alloc::string::String;
use wasm_bindgen::prelude::*;

use super::error::JsResult;
use edgeauth::oauth::{http::HttpResponse, userinfo};

/// The answer (`{ status, headers, body }` as JSON text) as a JSON object's
/// text, with a string `sub` when `subjectRequired`; a refusal or an outage
/// becomes the error it describes (with its status).
#[wasm_bindgen(js_name = userinfoAnswer)]
pub fn userinfo_answer(response_json: &str, subject_required: bool) -> JsResult<String> {
    Ok(userinfo::parse_answer(&HttpResponse::from_json(response_json)?, subject_required)?)
}
