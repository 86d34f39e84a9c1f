//! Requests (docs/delegation.md §2): the client seals and signs; the server
//! parses, verifies against the tenant's key, checks the timestamp window and
//! opens. The replay-store step (§2.3 step 6) happens in the host with the
//! key and expiry [`Opened`] hands back, because stores are asynchronous.

use alloc::string::{String, ToString};
use alloc::vec::Vec;

use ed25519_dalek::Signer;

use super::envelope::{self, OpenFailure};
use super::keys::{PublicKey, SecretKey};
use super::replay;
use super::wire::{self, REQUEST_LABEL};
use crate::error::{Error, Result};
use crate::{b64, random};

/// The values a request is bound to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Binding {
    pub method: String,
    pub path: String,
    pub tenant_id: String,
    pub timestamp: u64,
    pub request_id: String,
}

impl Binding {
    /// The AAD: the first six lines of the canonical text.
    pub fn aad(&self) -> String {
        wire::lines(&[REQUEST_LABEL, &self.method, &self.path, &self.tenant_id, &self.timestamp.to_string(), &self.request_id])
    }
}

/// A sealed, signed request ready to send.
#[derive(Debug)]
pub struct Sealed {
    pub binding: Binding,
    /// `(lower-case name, value)`, content type included.
    pub headers: Vec<(&'static str, String)>,
    pub body: Vec<u8>,
}

fn config(why: &str) -> Error {
    Error::Config(why.into())
}

/// Seal and sign `plaintext` (JSON text) for `server`, with fresh randomness.
pub fn seal(client: &SecretKey, server: &PublicKey, method: &str, path: &str, tenant_id: &str, now: u64, plaintext: &[u8]) -> Result<Sealed> {
    let id = random::bytes::<{ wire::REQUEST_ID_BYTES }>()?;
    let ephemeral = zeroize::Zeroizing::new(random::bytes::<32>()?);
    let nonce = random::bytes::<{ envelope::NONCE }>()?;
    seal_with(client, server, method, path, tenant_id, now, id, *ephemeral, nonce, plaintext)
}

/// [`seal`] with its random values given (the committed vectors use this).
#[allow(clippy::too_many_arguments)]
pub fn seal_with(
    client: &SecretKey,
    server: &PublicKey,
    method: &str,
    path: &str,
    tenant_id: &str,
    timestamp: u64,
    request_id: [u8; wire::REQUEST_ID_BYTES],
    ephemeral: [u8; 32],
    nonce: [u8; envelope::NONCE],
    plaintext: &[u8],
) -> Result<Sealed> {
    if !wire::valid_method(method) {
        return Err(config("the method must be POST, PUT, PATCH or DELETE (the request always carries a body)"));
    }
    if let Some(why) = wire::target_defect(path) {
        return Err(Error::Config(why));
    }
    if !wire::valid_tenant(tenant_id) {
        return Err(config("tenantId must be 1-128 characters of A-Z a-z 0-9 . _ ~ : -"));
    }
    if timestamp > wire::MAX_TIMESTAMP {
        return Err(config("the clock is beyond 2^53 - 1 seconds"));
    }
    if let Some(why) = wire::json_defect(plaintext) {
        return Err(Error::Config(alloc::format!("the body must be JSON: {why}")));
    }
    if plaintext.len() + envelope::OVERHEAD > wire::MAX_BODY {
        return Err(config("the body is larger than 1 MiB"));
    }
    let binding = Binding { method: method.into(), path: path.into(), tenant_id: tenant_id.into(), timestamp, request_id: b64::encode(&request_id) };
    let aad = binding.aad();
    let body = envelope::seal(REQUEST_LABEL, &server.exchange, ephemeral, nonce, aad.as_bytes(), plaintext)?;
    let signature = client.signing.sign(wire::signed(&aad, &body).as_bytes());
    let headers = alloc::vec![
        (wire::HEADER_VERSION, wire::VERSION.into()),
        (wire::HEADER_TENANT, binding.tenant_id.clone()),
        (wire::HEADER_TIMESTAMP, timestamp.to_string()),
        (wire::HEADER_REQUEST_ID, binding.request_id.clone()),
        (wire::HEADER_SIGNATURE, b64::encode(&signature.to_bytes())),
        ("content-type", wire::CONTENT_TYPE.into()),
    ];
    Ok(Sealed { binding, headers, body })
}

/// The header values the server received (`None` when absent).
#[derive(Debug, Default, Clone, Copy)]
pub struct Received<'a> {
    pub method: &'a str,
    /// The request target as received: path and query (`url.pathname + url.search`).
    pub path: &'a str,
    pub version: Option<&'a str>,
    pub tenant: Option<&'a str>,
    pub timestamp: Option<&'a str>,
    pub request_id: Option<&'a str>,
    pub signature: Option<&'a str>,
}

/// A well-formed request whose tenant key the host now looks up.
#[derive(Debug)]
pub struct Parsed {
    pub binding: Binding,
    signature: ed25519_dalek::Signature,
    body: Vec<u8>,
}

/// A verified, opened request.
#[derive(Debug)]
pub struct Opened {
    pub binding: Binding,
    /// JSON text.
    pub plaintext: String,
    /// Record `replay_key` in the replay store until `replay_expires_at`.
    pub replay_key: String,
    pub replay_expires_at: u64,
}

/// The refusal the server answers with `status` (§2.3), for `reason`.
pub fn refused(status: u16, reason: &'static str, message: &str) -> Error {
    Error::DelegationRequest { status, reason, message: message.into() }
}

fn malformed(message: &str) -> Error {
    refused(400, "malformed", message)
}

/// Refuse a declared body length over the limit before the body is read.
pub fn check_length(declared: u64) -> Result<()> {
    if declared > wire::MAX_BODY as u64 {
        return Err(malformed("the body is not a sealed box of at most 1 MiB"));
    }
    Ok(())
}

/// §2.3 step 2: the tenant's registered public key blob. A blob that does not
/// parse is the server's fault, not the client's: 500 `tenant_key`.
pub fn tenant_key(blob: &str) -> Result<PublicKey> {
    PublicKey::parse(blob).map_err(|e| refused(500, "tenant_key", &alloc::format!("the public key registered for this tenant is unusable ({e})")))
}

/// §2.3 step 1: every header present and well formed, body size in range.
pub fn parse(rx: &Received<'_>, body: Vec<u8>) -> Result<Parsed> {
    if wire::header_value(rx.version) != Some(wire::VERSION) {
        return Err(malformed("the edgeauth-version header must be v1"));
    }
    let tenant = wire::header_value(rx.tenant).filter(|t| wire::valid_tenant(t)).ok_or_else(|| malformed("missing or malformed edgeauth-tenant header"))?;
    let timestamp = wire::header_value(rx.timestamp).and_then(wire::parse_timestamp).ok_or_else(|| malformed("missing or malformed edgeauth-timestamp header"))?;
    let request_id = wire::header_value(rx.request_id).filter(|r| wire::valid_request_id(r)).ok_or_else(|| malformed("missing or malformed edgeauth-request-id header"))?;
    let signature = wire::header_value(rx.signature).and_then(wire::parse_signature).ok_or_else(|| malformed("missing or malformed edgeauth-signature header"))?;
    if !wire::valid_method(rx.method) {
        return Err(malformed("the method must be POST, PUT, PATCH or DELETE"));
    }
    if let Some(why) = wire::target_defect(rx.path) {
        return Err(malformed(&why));
    }
    check_length(body.len() as u64)?;
    if body.len() < envelope::OVERHEAD {
        return Err(malformed("the body is not a sealed box of at most 1 MiB"));
    }
    let binding = Binding { method: rx.method.into(), path: rx.path.into(), tenant_id: tenant.into(), timestamp, request_id: request_id.into() };
    Ok(Parsed { binding, signature, body })
}

impl Parsed {
    /// §2.3 steps 3–5 with the tenant's public key, at `now`.
    pub fn open(self, server: &SecretKey, client: &PublicKey, now: u64, window: u64) -> Result<Opened> {
        let aad = self.binding.aad();
        client
            .verifying
            .verify_strict(wire::signed(&aad, &self.body).as_bytes(), &self.signature)
            .map_err(|_| refused(401, "signature", "the request signature does not verify with the tenant's key"))?;
        if !replay::within(now, self.binding.timestamp, window) {
            return Err(refused(401, "timestamp", "the request timestamp is outside the replay window"));
        }
        let plaintext = envelope::open(REQUEST_LABEL, &server.exchange, aad.as_bytes(), &self.body).map_err(|f| match f {
            OpenFailure::SmallOrder => refused(400, "decrypt", "the ephemeral key has small order"),
            _ => refused(400, "decrypt", "the body does not open with this server's key"),
        })?;
        if let Some(why) = wire::json_defect(&plaintext) {
            return Err(refused(400, "body", &alloc::format!("the opened body is not JSON: {why}")));
        }
        let plaintext = String::from_utf8(plaintext).map_err(|_| refused(400, "body", "the opened body is not UTF-8"))?;
        let replay_key = alloc::format!("{}/{}", self.binding.tenant_id, self.binding.request_id);
        let replay_expires_at = replay::expires_at(self.binding.timestamp, window);
        Ok(Opened { binding: self.binding, plaintext, replay_key, replay_expires_at })
    }
}
