//! Responses (docs/delegation.md §3): the server seals to the tenant's X25519
//! key and signs text bound to the status and to the request (method, path,
//! tenant, id, timestamp); the client rebuilds that text from its own request,
//! so a response from another request, tenant or status does not verify.

use alloc::string::{String, ToString};
use alloc::vec::Vec;

use ed25519_dalek::Signer;

use super::envelope;
use super::keys::{PublicKey, SecretKey};
use super::replay;
use super::request::Binding;
use super::wire::{self, RESPONSE_LABEL};
use crate::error::{Error, Result};
use crate::{b64, random};

/// A sealed, signed response ready to send.
#[derive(Debug)]
pub struct Sealed {
    pub status: u16,
    /// `(lower-case name, value)`, content type included.
    pub headers: Vec<(&'static str, String)>,
    pub body: Vec<u8>,
}

fn aad(request: &Binding, status: u16, timestamp: u64) -> String {
    let request_ts = request.timestamp.to_string();
    let status = status.to_string();
    let ts = timestamp.to_string();
    wire::lines(&[RESPONSE_LABEL, &status, &request.method, &request.path, &request.tenant_id, &request.request_id, &request_ts, &ts])
}

/// Seal `plaintext` (JSON text) as the answer to `request`, with fresh randomness.
pub fn seal(server: &SecretKey, client: &PublicKey, request: &Binding, status: u16, now: u64, plaintext: &[u8]) -> Result<Sealed> {
    let ephemeral = zeroize::Zeroizing::new(random::bytes::<32>()?);
    let nonce = random::bytes::<{ envelope::NONCE }>()?;
    seal_with(server, client, request, status, now, *ephemeral, nonce, plaintext)
}

/// [`seal`] with its random values given (the committed vectors use this).
#[allow(clippy::too_many_arguments)]
pub fn seal_with(
    server: &SecretKey,
    client: &PublicKey,
    request: &Binding,
    status: u16,
    timestamp: u64,
    ephemeral: [u8; 32],
    nonce: [u8; envelope::NONCE],
    plaintext: &[u8],
) -> Result<Sealed> {
    if !(200..=599).contains(&status) {
        return Err(Error::Config("the reply status must be 200-599".into()));
    }
    if timestamp > wire::MAX_TIMESTAMP {
        return Err(Error::Config("the clock is beyond 2^53 - 1 seconds".into()));
    }
    if let Some(why) = wire::json_defect(plaintext) {
        return Err(Error::Config(alloc::format!("the reply body must be JSON: {why}")));
    }
    if plaintext.len() + envelope::OVERHEAD > wire::MAX_BODY {
        return Err(Error::Config("the reply body is larger than 1 MiB".into()));
    }
    let aad = aad(request, status, timestamp);
    let body = envelope::seal(RESPONSE_LABEL, &client.exchange, ephemeral, nonce, aad.as_bytes(), plaintext)?;
    let signature = server.signing.sign(wire::signed(&aad, &body).as_bytes());
    let headers = alloc::vec![
        (wire::HEADER_VERSION, wire::VERSION.into()),
        (wire::HEADER_TIMESTAMP, timestamp.to_string()),
        (wire::HEADER_REQUEST_ID, request.request_id.clone()),
        (wire::HEADER_SIGNATURE, b64::encode(&signature.to_bytes())),
        ("content-type", wire::CONTENT_TYPE.into()),
    ];
    Ok(Sealed { status, headers, body })
}

/// The response header values the client received (`None` when absent).
#[derive(Debug, Default, Clone, Copy)]
pub struct Received<'a> {
    pub status: u16,
    pub version: Option<&'a str>,
    pub timestamp: Option<&'a str>,
    pub request_id: Option<&'a str>,
    pub signature: Option<&'a str>,
}

/// A refusal with its stable `reason` (docs/delegation.md §3).
fn refused(reason: &'static str, message: &str) -> Error {
    Error::DelegationResponse { reason, message: message.into() }
}

/// Verify and open the answer to `request` (§3 checks 1–5) at `now`; returns JSON text.
pub fn open(client: &SecretKey, server: &PublicKey, request: &Binding, rx: &Received<'_>, body: &[u8], now: u64, skew: u64) -> Result<String> {
    let malformed = |m: &str| refused("malformed", m);
    if wire::header_value(rx.version) != Some(wire::VERSION) {
        return Err(malformed("missing or malformed edgeauth-version header (expected v1)"));
    }
    let timestamp = wire::header_value(rx.timestamp).and_then(wire::parse_timestamp).ok_or_else(|| malformed("missing or malformed edgeauth-timestamp header"))?;
    let request_id = wire::header_value(rx.request_id).filter(|r| wire::valid_request_id(r)).ok_or_else(|| malformed("missing or malformed edgeauth-request-id header"))?;
    let signature = wire::header_value(rx.signature).and_then(wire::parse_signature).ok_or_else(|| malformed("missing or malformed edgeauth-signature header"))?;
    if body.len() < envelope::OVERHEAD || body.len() > wire::MAX_BODY {
        return Err(malformed("the body is not a sealed box of at most 1 MiB"));
    }
    if request_id != request.request_id {
        return Err(refused("binding", "the response answers another request (its edgeauth-request-id differs)"));
    }
    let aad = aad(request, rx.status, timestamp);
    server
        .verifying
        .verify_strict(wire::signed(&aad, body).as_bytes(), &signature)
        .map_err(|_| refused("signature", "the response signature does not verify with the server's key (or is bound to another request or status)"))?;
    if !replay::within(now, timestamp, skew) {
        return Err(refused("skew", "the response timestamp is outside clockSkewSeconds"));
    }
    let plaintext = envelope::open(RESPONSE_LABEL, &client.exchange, aad.as_bytes(), body).map_err(|_| refused("decrypt", "the response does not open with this client's key"))?;
    if let Some(why) = wire::json_defect(&plaintext) {
        return Err(refused("body", &alloc::format!("the opened response is not JSON: {why}")));
    }
    String::from_utf8(plaintext).map_err(|_| refused("body", "the opened response is not UTF-8"))
}
