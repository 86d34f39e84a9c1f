//! Delegation envelope exports (docs/delegation.md): key blobs, sealing and
//! opening requests and responses. Header
//! values cross as strings (`undefined` when absent), bodies as bytes, JSON as text.

use alloc::string::String;
use alloc::vec::Vec;
use wasm_bindgen::prelude::*;

use super::error::{to_js, JsResult};
use edgeauth::delegation::keys::{PublicKey, SecretKey};
use edgeauth::delegation::request::{self, Binding};
use edgeauth::delegation::{response, wire};
use edgeauth::Error;

/// A parsed `edg_sk_v1_…` blob.
#[wasm_bindgen]
pub struct DelegationSecret(SecretKey);

#[wasm_bindgen]
impl DelegationSecret {
    #[wasm_bindgen(constructor)]
    pub fn new(blob: &str) -> JsResult<DelegationSecret> {
        Ok(DelegationSecret(SecretKey::parse(blob)?))
    }

    /// The matching `edg_pk_v1_…` blob.
    #[wasm_bindgen(js_name = publicKey)]
    pub fn public_key(&self) -> String {
        self.0.public().to_blob()
    }
}

/// A parsed `edg_pk_v1_…` blob.
#[wasm_bindgen]
pub struct DelegationPublic(PublicKey);

#[wasm_bindgen]
impl DelegationPublic {
    #[wasm_bindgen(constructor)]
    pub fn new(blob: &str) -> JsResult<DelegationPublic> {
        Ok(DelegationPublic(PublicKey::parse(blob)?))
    }
}

/// A tenant's registered `edg_pk_v1_…` blob, on the server: one that does not
/// parse is refused as the server's fault (500 `tenant_key`, §2.3 step 2).
#[wasm_bindgen(js_name = delegationTenantKey)]
pub fn tenant_key(blob: &str) -> JsResult<DelegationPublic> {
    Ok(DelegationPublic(request::tenant_key(blob)?))
}

/// `[secretKey, publicKey]` blobs of a fresh pair.
#[wasm_bindgen(js_name = delegationGenerateKeys)]
pub fn generate_keys() -> JsResult<Vec<String>> {
    let secret = SecretKey::generate()?;
    Ok(alloc::vec![String::clone(&secret.to_blob()), secret.public().to_blob()])
}

/// The header names, in the order the other exports take their values:
/// version, tenant, timestamp, request id, signature.
#[wasm_bindgen(js_name = delegationHeaderNames)]
pub fn header_names() -> Vec<String> {
    [wire::HEADER_VERSION, wire::HEADER_TENANT, wire::HEADER_TIMESTAMP, wire::HEADER_REQUEST_ID, wire::HEADER_SIGNATURE].map(String::from).to_vec()
}

fn flat(headers: &[(&'static str, String)]) -> Vec<String> {
    headers.iter().flat_map(|(n, v)| [String::from(*n), v.clone()]).collect()
}

/// What one request is bound to; opens the response to it.
#[wasm_bindgen]
pub struct DelegationBinding(Binding);

#[wasm_bindgen]
impl DelegationBinding {
    /// For a request sent through the caller's own transport.
    #[wasm_bindgen(constructor)]
    pub fn new(method: String, path: String, tenant_id: String, timestamp: f64, request_id: String) -> DelegationBinding {
        DelegationBinding(Binding { method, path, tenant_id, timestamp: timestamp as u64, request_id })
    }

    #[wasm_bindgen(getter, js_name = requestId)]
    pub fn request_id(&self) -> String {
        self.0.request_id.clone()
    }

    #[wasm_bindgen(getter)]
    pub fn timestamp(&self) -> f64 {
        self.0.timestamp as f64
    }

    /// Verify and open the response (JSON text out).
    #[allow(clippy::too_many_arguments)]
    #[wasm_bindgen(js_name = openResponse)]
    pub fn open_response(
        &self,
        client: &DelegationSecret,
        server: &DelegationPublic,
        status: u16,
        version: Option<String>,
        timestamp: Option<String>,
        request_id: Option<String>,
        signature: Option<String>,
        body: &[u8],
        now: f64,
        skew: f64,
    ) -> JsResult<String> {
        let rx = response::Received { status, version: version.as_deref(), timestamp: timestamp.as_deref(), request_id: request_id.as_deref(), signature: signature.as_deref() };
        Ok(response::open(&client.0, &server.0, &self.0, &rx, body, now as u64, skew as u64)?)
    }
}

/// A sealed request: headers as `[name, value, name, value, ...]`, the body, its binding.
#[wasm_bindgen]
pub struct SealedRequest(request::Sealed);

#[wasm_bindgen]
impl SealedRequest {
    #[wasm_bindgen(getter)]
    pub fn headers(&self) -> Vec<String> {
        flat(&self.0.headers)
    }

    #[wasm_bindgen(getter)]
    pub fn body(&self) -> Vec<u8> {
        self.0.body.clone()
    }

    #[wasm_bindgen(getter)]
    pub fn binding(&self) -> DelegationBinding {
        DelegationBinding(self.0.binding.clone())
    }
}

/// Seal and sign a JSON body for the server.
#[wasm_bindgen(js_name = delegationSealRequest)]
pub fn seal_request(client: &DelegationSecret, server: &DelegationPublic, method: &str, path: &str, tenant_id: &str, now: f64, json: &str) -> JsResult<SealedRequest> {
    Ok(SealedRequest(request::seal(&client.0, &server.0, method, path, tenant_id, now as u64, json.as_bytes())?))
}

/// Check a request target (path and query) against the restricted form of
/// docs/delegation.md §2.1; a `ConfigError` names what is wrong.
#[wasm_bindgen(js_name = delegationCheckTarget)]
pub fn check_target(target: &str) -> JsResult<()> {
    match wire::target_defect(target) {
        Some(why) => Err(Error::Config(why).into()),
        None => Ok(()),
    }
}

/// Refuse a request whose `content-length` is over the limit, before reading it.
#[wasm_bindgen(js_name = delegationCheckLength)]
pub fn check_length(declared: f64) -> JsResult<()> {
    Ok(request::check_length(declared as u64)?)
}

/// A well-formed request waiting for its tenant's key.
#[wasm_bindgen]
pub struct ParsedRequest(Option<request::Parsed>);

/// Check a received request's headers and body shape.
#[allow(clippy::too_many_arguments)]
#[wasm_bindgen(js_name = delegationParseRequest)]
pub fn parse_request(
    method: &str,
    path: &str,
    version: Option<String>,
    tenant: Option<String>,
    timestamp: Option<String>,
    request_id: Option<String>,
    signature: Option<String>,
    body: Vec<u8>,
) -> JsResult<ParsedRequest> {
    let rx = request::Received {
        method,
        path,
        version: version.as_deref(),
        tenant: tenant.as_deref(),
        timestamp: timestamp.as_deref(),
        request_id: request_id.as_deref(),
        signature: signature.as_deref(),
    };
    Ok(ParsedRequest(Some(request::parse(&rx, body)?)))
}

#[wasm_bindgen]
impl ParsedRequest {
    #[wasm_bindgen(getter, js_name = tenantId)]
    pub fn tenant_id(&self) -> Option<String> {
        Some(self.0.as_ref()?.binding.tenant_id.clone())
    }

    /// Verify and open with the tenant's key (once).
    pub fn open(&mut self, server: &DelegationSecret, client: &DelegationPublic, now: f64, window: f64) -> JsResult<OpenedRequest> {
        let parsed = self.0.take().ok_or_else(|| Error::Config("this request was already opened".into()))?;
        Ok(OpenedRequest(parsed.open(&server.0, &client.0, now as u64, window as u64)?))
    }
}

/// A verified request: its JSON body, replay entry, and the sealing of its answer.
#[wasm_bindgen]
pub struct OpenedRequest(request::Opened);

#[wasm_bindgen]
impl OpenedRequest {
    #[wasm_bindgen(getter)]
    pub fn body(&self) -> String {
        self.0.plaintext.clone()
    }

    #[wasm_bindgen(getter, js_name = requestId)]
    pub fn request_id(&self) -> String {
        self.0.binding.request_id.clone()
    }

    #[wasm_bindgen(getter, js_name = replayKey)]
    pub fn replay_key(&self) -> String {
        self.0.replay_key.clone()
    }

    #[wasm_bindgen(getter, js_name = replayExpiresAt)]
    pub fn replay_expires_at(&self) -> f64 {
        self.0.replay_expires_at as f64
    }

    /// Seal `json` as the answer: headers as `[name, value, ...]`, then the body.
    #[wasm_bindgen(js_name = sealResponse)]
    pub fn seal_response(&self, server: &DelegationSecret, client: &DelegationPublic, status: u16, json: &str, now: f64) -> JsResult<SealedResponse> {
        Ok(SealedResponse(response::seal(&server.0, &client.0, &self.0.binding, status, now as u64, json.as_bytes())?))
    }
}

#[wasm_bindgen]
pub struct SealedResponse(response::Sealed);

#[wasm_bindgen]
impl SealedResponse {
    #[wasm_bindgen(getter)]
    pub fn headers(&self) -> Vec<String> {
        flat(&self.0.headers)
    }

    #[wasm_bindgen(getter)]
    pub fn body(&self) -> Vec<u8> {
        self.0.body.clone()
    }
}

/// The refusal for a tenant the server does not know (§2.3 step 2).
#[wasm_bindgen(js_name = delegationUnknownTenant)]
pub fn unknown_tenant() -> JsValue {
    to_js(request::refused(401, "unknown_tenant", "no public key is registered for this tenant"))
}

/// The refusal for a request id seen before (§2.3 step 6).
#[wasm_bindgen(js_name = delegationReplayed)]
pub fn replayed() -> JsValue {
    to_js(request::refused(409, "replay", "this request id was already accepted within the replay window"))
}
