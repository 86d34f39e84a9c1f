//! Reading a userinfo (OIDC Core §5.3.2) or other "who am I" answer for the
//! resource server's Authenticator: a thin wrapper over
//! `edgeauth::oauth::userinfo::parse_answer`.

use alloc::string::String;
use wasm_bindgen::prelude::*;

use super::error::JsResult;
use edgeauth::oauth::{http::HttpResponse, userinfo};

/// The answer (its status, `content-type` and body) as a JSON object's text,
/// with a string `sub` when `subjectRequired`; any other status becomes the
/// error it describes (with that status).
#[wasm_bindgen(js_name = userinfoAnswer)]
pub fn userinfo_answer(status: u16, content_type: Option<String>, body: String, subject_required: bool) -> JsResult<String> {
    let mut response = HttpResponse { status, body, ..Default::default() };
    if let Some(t) = content_type {
        response.headers.insert("content-type".into(), t);
    }
    Ok(userinfo::parse_answer(&response, subject_required)?)
}
