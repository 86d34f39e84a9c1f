//! RFC 9728 protected resource metadata exports: thin wrappers over
//! `edgeauth::oauth::resource`. The resource-server side (the document, its
//! URL and paths) is in the `resource-server` modules, the client side
//! (discovery URLs, challenges, reading a document) in the `oauth` ones.

use alloc::string::String;
use alloc::vec::Vec;
use wasm_bindgen::prelude::*;

use super::error::JsResult;
use edgeauth::oauth::resource;

/// The document a resource server publishes (JSON text).
#[cfg(feature = "resource-server")]
#[wasm_bindgen(js_name = protectedResourceDocument)]
pub fn document(resource_id: &str, issuer: Option<String>, metadata_json: &str) -> JsResult<String> {
    Ok(resource::document(resource_id, issuer.as_deref(), metadata_json)?)
}

/// The metadata URL of a resource (§3.1), for `resource_metadata` in challenges.
#[cfg(feature = "resource-server")]
#[wasm_bindgen(js_name = protectedResourceMetadataUrl)]
pub fn metadata_url(resource_id: &str) -> JsResult<String> {
    Ok(resource::metadata_url(resource_id)?)
}

/// The request paths the document is served on.
#[cfg(feature = "resource-server")]
#[wasm_bindgen(js_name = protectedResourcePaths)]
pub fn served_paths(resource_id: &str) -> JsResult<Vec<String>> {
    Ok(resource::served_paths(resource_id)?)
}

/// Where a client looks for the metadata of `url`, in order.
#[cfg(feature = "oauth")]
#[wasm_bindgen(js_name = resourceDiscoveryUrls)]
pub fn discovery_urls(url: &str) -> JsResult<Vec<String>> {
    Ok(resource::discovery_urls(url)?)
}

/// `[resource_metadata, scope]` of a 401's Bearer challenge ("" for none).
#[cfg(feature = "oauth")]
#[wasm_bindgen(js_name = resourceChallenge)]
pub fn challenge(www_authenticate: &str) -> Vec<String> {
    let (url, scope) = resource::challenge(www_authenticate);
    alloc::vec![url.unwrap_or_default(), scope.unwrap_or_default()]
}

/// A protected resource's metadata as a client read it.
#[cfg(feature = "oauth")]
#[wasm_bindgen]
pub struct ResourceMetadata(resource::ResourceMetadata);

#[cfg(feature = "oauth")]
#[wasm_bindgen]
impl ResourceMetadata {
    /// From the answer fetched while looking for `requested`; checks §3.2 and §3.3.
    #[wasm_bindgen(constructor)]
    pub fn new(response_json: &str, requested: &str) -> JsResult<ResourceMetadata> {
        let response = edgeauth::oauth::http::HttpResponse::from_json(response_json)?;
        Ok(ResourceMetadata(resource::ResourceMetadata::parse(&response, requested)?))
    }

    #[wasm_bindgen(getter)]
    pub fn resource(&self) -> String {
        self.0.resource.clone()
    }

    #[wasm_bindgen(getter)]
    pub fn metadata(&self) -> String {
        self.0.to_json()
    }

    #[wasm_bindgen(js_name = authorizationServer)]
    pub fn authorization_server(&self, preferred: Option<String>) -> JsResult<String> {
        Ok(self.0.authorization_server(preferred.as_deref())?.into())
    }

    #[wasm_bindgen(js_name = defaultScope)]
    pub fn default_scope(&self, challenged: Option<String>) -> Option<String> {
        self.0.default_scope(challenged.as_deref())
    }
}
