//! DPoP exports (see `edgeauth::dpop`): the resource server's proof checks,
//! nonces, credentials and challenges (the `edge` module), and the client's
//! proof building and nonce answers (the `login` module); `full` has both.
//!
//! A proof check is one call. Its result is an array: `[outcome]` when the
//! core checked the signature, or `[outcome, alg, publicJwk, signature,
//! signingInput]` when the host's WebCrypto must check it first. `outcome`
//! is the checked proof as JSON text, or its error as a value, which the
//! host acts on only once the signature passed (a forged proof reports its
//! signature, never a claim).

#[cfg(feature = "resource-server")]
mod server {
    use alloc::string::String;
    use alloc::vec::Vec;
    use js_sys::{Array, Uint8Array};
    use wasm_bindgen::prelude::*;

    use crate::error::{to_js, JsResult};
    use edgeauth::dpop::nonce::NonceKey;
    use edgeauth::dpop::proof::{self, Expected, ProofPolicy};
    use edgeauth::dpop::scheme::{self, Scheme};
    use edgeauth::Error;

    /// A resource server's proof policy, and the key of its nonces when it requires them.
    #[wasm_bindgen(js_name = DpopVerifier)]
    pub struct WasmDpopVerifier {
        policy: ProofPolicy,
        nonces: Option<NonceKey>,
    }

    #[wasm_bindgen(js_class = DpopVerifier)]
    impl WasmDpopVerifier {
        /// `policy_json`: `{ algorithms?, maxAgeSeconds?, clockTolerance?,
        /// maxProofSize? }`; `nonce_secret`: at least 32 bytes, to require
        /// this server's nonces.
        #[wasm_bindgen(constructor)]
        pub fn new(policy_json: &str, nonce_secret: Option<Vec<u8>>) -> JsResult<WasmDpopVerifier> {
            let nonces = nonce_secret.map(|s| NonceKey::new(&s)).transpose()?;
            Ok(WasmDpopVerifier { policy: ProofPolicy::from_json(policy_json)?, nonces })
        }

        #[wasm_bindgen(getter, js_name = maxProofSize)]
        pub fn max_proof_size(&self) -> usize {
            self.policy.max_size
        }

        /// Check `proof` against `{ method, url, accessToken?, jkt?, nonce? }` (see the module docs).
        pub fn check(&self, proof: &str, expected_json: &str, now: f64, host_ed25519: bool) -> JsResult<Array> {
            let expected = Expected::from_json(expected_json)?;
            let unverified = proof::begin(proof, &self.policy)?;
            let now = now as u64;
            if !unverified.needs_host(host_ed25519) {
                unverified.verify_locally()?;
                let out = unverified.finish(&expected, &self.policy, self.nonces.as_ref(), now)?;
                return Ok(Array::of1(&JsValue::from_str(&out.to_json())));
            }
            let alg = JsValue::from_str(unverified.alg().name());
            let jwk = JsValue::from_str(&unverified.public_jwk());
            let signature = Uint8Array::from(unverified.signature());
            let input = Uint8Array::from(unverified.signing_input());
            let outcome = match unverified.finish(&expected, &self.policy, self.nonces.as_ref(), now) {
                Ok(p) => JsValue::from_str(&p.to_json()),
                Err(e) => to_js(e),
            };
            Ok(Array::of5(&outcome, &alg, &jwk, &signature, &input))
        }

        /// The nonce to hand out at `now` (undefined without a nonce secret).
        pub fn nonce(&self, now: f64) -> Option<String> {
            self.nonces.as_ref().map(|k| k.issue(now as u64))
        }

        /// A `WWW-Authenticate: DPoP` challenge with this policy's `algs`.
        pub fn challenge(&self, realm: Option<String>, error: Option<String>, description: Option<String>, scope: Option<String>, resource_metadata: Option<String>) -> String {
            scheme::challenge(realm.as_deref(), error.as_deref(), description.as_deref(), scope.as_deref(), &self.policy.algorithms, resource_metadata.as_deref())
        }
    }

    /// `[scheme, token]` of an Authorization header value (`Bearer` or
    /// `DPoP`); undefined for none or another scheme; ConfigError when malformed.
    #[wasm_bindgen(js_name = dpopCredentials)]
    pub fn credentials(authorization: Option<String>) -> JsResult<Option<Vec<String>>> {
        Ok(scheme::credentials(authorization.as_deref())?.map(|(s, t)| alloc::vec![String::from(s.name()), String::from(t)]))
    }

    /// The `cnf.jkt` the claims (JSON) bind the token to, or undefined.
    #[wasm_bindgen(js_name = dpopConfirmation)]
    pub fn confirmation(claims_json: &str) -> JsResult<Option<String>> {
        Ok(scheme::confirmation(claims_json)?)
    }

    /// Throws unless a token bound to `jkt` may come with the scheme (`dpop`:
    /// DPoP, else Bearer) at a resource server that does (not) require DPoP.
    #[wasm_bindgen(js_name = dpopCheckScheme)]
    pub fn check_scheme(dpop: bool, jkt: Option<String>, required: bool) -> JsResult<()> {
        Ok(scheme::check_scheme(if dpop { Scheme::DPoP } else { Scheme::Bearer }, jkt.as_deref(), required)?)
    }

    /// The error of a proof whose signature the host found invalid.
    #[wasm_bindgen(js_name = dpopSignatureInvalid)]
    pub fn signature_invalid() -> JsValue {
        to_js(Error::DpopProof { check: "signature", reason: "the proof's signature does not verify with its jwk".into() })
    }

    /// The error of a proof whose `jti` was seen before (RFC 9449 §11.1).
    #[wasm_bindgen(js_name = dpopReplayed)]
    pub fn replayed() -> JsValue {
        to_js(Error::DpopProof { check: "replay", reason: "this proof was used before".into() })
    }
}

#[cfg(feature = "oauth")]
mod client {
    use alloc::string::String;
    use wasm_bindgen::prelude::*;

    use crate::error::JsResult;
    use edgeauth::dpop::client::{self, Request};
    use edgeauth::dpop::nonce;

    /// The signing input of a proof for `method` `url` (RFC 9449 §4.2).
    #[wasm_bindgen(js_name = dpopSigningInput)]
    pub fn signing_input(alg: &str, public_jwk_json: &str, method: &str, url: &str, access_token: Option<String>, nonce: Option<String>, now: f64) -> JsResult<String> {
        let request = Request { method, url, access_token: access_token.as_deref(), nonce: nonce.as_deref() };
        Ok(client::signing_input(alg, public_jwk_json, &request, now as u64)?)
    }

    /// The nonce a `use_dpop_nonce` answer asks for (§8: 400, §9: 401), or undefined.
    #[wasm_bindgen(js_name = dpopNonceRequested)]
    pub fn nonce_requested(status: u16, dpop_nonce: Option<String>, www_authenticate: Option<String>, body: &str) -> Option<String> {
        nonce::requested(status, dpop_nonce.as_deref(), www_authenticate.as_deref(), body)
    }

    /// Whether a `DPoP-Nonce` header value is a nonce (§8.1).
    #[wasm_bindgen(js_name = dpopNonceValid)]
    pub fn nonce_valid(value: &str) -> bool {
        nonce::is_valid(value)
    }
}
