//! Scope and principal exports (`hasAccess`, `parseScope`, `Principal`).

use alloc::string::String;
use alloc::vec::Vec;
use wasm_bindgen::prelude::*;

use super::error::JsResult;
use edgeauth::principal::Principal;
use edgeauth::scope::{self, Grants};

/// `[resource, action]` of a `resource:action` scope.
#[wasm_bindgen(js_name = parseScope)]
pub fn parse_scope(scope: &str) -> JsResult<Vec<String>> {
    let s = scope::parse(scope)?;
    Ok(alloc::vec![s.resource, s.action])
}

/// Whether `scopes` grant `action` on `resource`.
#[wasm_bindgen(js_name = hasAccess)]
pub fn has_access(scopes: Vec<String>, action: &str, resource: &str) -> JsResult<bool> {
    scope::check_request(action, resource)?;
    Ok(Grants::new(scopes.iter().map(String::as_str)).allows(action, resource))
}

/// A principal's compiled grants.
#[wasm_bindgen(js_name = PrincipalGrants)]
pub struct WasmPrincipal(Principal);

#[wasm_bindgen(js_class = PrincipalGrants)]
impl WasmPrincipal {
    /// From verified claims as JSON text.
    #[wasm_bindgen(constructor)]
    pub fn new(claims_json: &str) -> JsResult<WasmPrincipal> {
        Ok(WasmPrincipal(Principal::from_claims(claims_json)?))
    }

    #[wasm_bindgen(getter)]
    pub fn id(&self) -> String {
        self.0.id.clone()
    }

    #[wasm_bindgen(getter, js_name = type)]
    pub fn kind(&self) -> String {
        self.0.kind.clone()
    }

    #[wasm_bindgen(js_name = hasAccess)]
    pub fn has_access(&self, action: &str, resource: &str) -> JsResult<bool> {
        Ok(self.0.has_access(action, resource)?)
    }

    #[wasm_bindgen(js_name = hasAccessIn)]
    pub fn has_access_in(&self, org_id: &str, action: &str, resource: &str) -> JsResult<bool> {
        Ok(self.0.has_access_in(org_id, action, resource)?)
    }

    #[wasm_bindgen(js_name = isOwnerOf)]
    pub fn is_owner_of(&self, org_id: &str) -> bool {
        self.0.is_owner_of(org_id)
    }

    #[wasm_bindgen(js_name = isAdminOf)]
    pub fn is_admin_of(&self, org_id: &str) -> bool {
        self.0.is_admin_of(org_id)
    }

    #[wasm_bindgen(js_name = isMemberOf)]
    pub fn is_member_of(&self, org_id: &str) -> bool {
        self.0.is_member_of(org_id)
    }
}
