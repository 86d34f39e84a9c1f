//! Round trips and tampering through the whole protocol.

use alloc::string::String;
use alloc::vec::Vec;

use super::keys::SecretKey;
use super::request::{self, Received};
use super::response;

const NOW: u64 = 1_800_000_000;
const PATH: &str = "/v1/management/users/phone";

struct World {
    client: SecretKey,
    server: SecretKey,
}

fn world() -> World {
    World { client: SecretKey::from_parts([1; 32], [2; 32]), server: SecretKey::from_parts([3; 32], [4; 32]) }
}

fn header<'a>(sealed: &'a [(&'static str, String)], name: &str) -> Option<&'a str> {
    sealed.iter().find(|(n, _)| *n == name).map(|(_, v)| v.as_str())
}

fn received<'a>(headers: &'a [(&'static str, String)]) -> Received<'a> {
    Received {
        method: "POST",
        path: PATH,
        version: header(headers, "edgeauth-version"),
        tenant: header(headers, "edgeauth-tenant"),
        timestamp: header(headers, "edgeauth-timestamp"),
        request_id: header(headers, "edgeauth-request-id"),
        signature: header(headers, "edgeauth-signature"),
    }
}

fn server_open(w: &World, headers: &[(&'static str, String)], body: Vec<u8>, now: u64) -> crate::Result<request::Opened> {
    request::parse(&received(headers), body)?.open(&w.server, &w.client.public(), now, 300)
}

fn reason(e: crate::Error) -> (u16, &'static str) {
    match e {
        crate::Error::DelegationRequest { status, reason, .. } => (status, reason),
        other => panic!("not a request error: {other:?}"),
    }
}

#[test]
fn request_and_response_round_trip() {
    let w = world();
    let sealed = request::seal(&w.client, &w.server.public(), "POST", PATH, "acme", NOW, br#"{"userId":"u1"}"#).unwrap();
    let opened = server_open(&w, &sealed.headers, sealed.body.clone(), NOW + 300).unwrap();
    assert_eq!(opened.plaintext, r#"{"userId":"u1"}"#);
    assert_eq!(opened.binding, sealed.binding);
    assert_eq!(opened.replay_expires_at, NOW + 300);
    let reply = response::seal(&w.server, &w.client.public(), &opened.binding, 200, NOW + 1, br#"{"ok":true}"#).unwrap();
    let rx = response::Received {
        status: 200,
        version: header(&reply.headers, "edgeauth-version"),
        timestamp: header(&reply.headers, "edgeauth-timestamp"),
        request_id: header(&reply.headers, "edgeauth-request-id"),
        signature: header(&reply.headers, "edgeauth-signature"),
    };
    let text = response::open(&w.client, &w.server.public(), &sealed.binding, &rx, &reply.body, NOW, 300).unwrap();
    assert_eq!(text, r#"{"ok":true}"#);
    let refuse = |rx: &response::Received<'_>, body: &[u8], now: u64| {
        let e = response::open(&w.client, &w.server.public(), &sealed.binding, rx, body, now, 300).unwrap_err();
        assert_eq!(e.code(), "ERR_DELEGATION_RESPONSE");
        e.to_string()
    };
    assert!(refuse(&response::Received { status: 201, ..rx }, &reply.body, NOW).contains("signature"));
    assert!(refuse(&rx, &reply.body, NOW + 302).contains("clockSkewSeconds"));
    assert!(refuse(&response::Received { signature: None, ..rx }, &reply.body, NOW).contains("missing"));
    for i in 0..reply.body.len() {
        let mut body = reply.body.clone();
        body[i] ^= 0x80;
        refuse(&rx, &body, NOW);
    }
    // A response to another request of the same tenant: same id header forged.
    let other = request::seal(&w.client, &w.server.public(), "POST", PATH, "acme", NOW, b"{}").unwrap();
    let e = response::open(&w.client, &w.server.public(), &other.binding, &rx, &reply.body, NOW, 300).unwrap_err();
    assert!(e.to_string().contains("binding mismatch"), "{e}");
    let forged_id = response::Received { request_id: Some(&other.binding.request_id), ..rx };
    let e = response::open(&w.client, &w.server.public(), &other.binding, &forged_id, &reply.body, NOW, 300).unwrap_err();
    assert!(e.to_string().contains("signature"), "{e}");
}

#[test]
fn every_tampered_byte_and_header_is_refused() {
    let w = world();
    let sealed = request::seal(&w.client, &w.server.public(), "POST", PATH, "acme", NOW, br#"{"a":1}"#).unwrap();
    for i in 0..sealed.body.len() {
        let mut body = sealed.body.clone();
        body[i] ^= 0x01;
        assert_eq!(reason(server_open(&w, &sealed.headers, body, NOW).unwrap_err()), (401, "signature"), "body byte {i}");
    }
    for (index, (name, value)) in sealed.headers.iter().enumerate() {
        if *name == "content-type" || *name == "edgeauth-version" {
            continue;
        }
        for at in 0..value.len() {
            let mut bytes = value.clone().into_bytes();
            bytes[at] = if bytes[at] == b'A' { b'B' } else { b'A' };
            let mut headers = sealed.headers.clone();
            headers[index].1 = String::from_utf8(bytes).unwrap();
            let (status, _) = reason(server_open(&w, &headers, sealed.body.clone(), NOW).unwrap_err());
            assert!(status == 400 || status == 401, "{name}[{at}] → {status}");
        }
    }
    let other_path = Received { path: "/v1/management/users/mfa-enforcement", ..received(&sealed.headers) };
    let e = request::parse(&other_path, sealed.body.clone()).unwrap().open(&w.server, &w.client.public(), NOW, 300).unwrap_err();
    assert_eq!(reason(e), (401, "signature"));
    let stranger = SecretKey::from_parts([9; 32], [9; 32]).public();
    let e = request::parse(&received(&sealed.headers), sealed.body.clone()).unwrap().open(&w.server, &stranger, NOW, 300).unwrap_err();
    assert_eq!(reason(e), (401, "signature"), "another tenant's key");
}

#[test]
fn stale_future_and_misaddressed_requests_are_refused() {
    let w = world();
    let sealed = request::seal(&w.client, &w.server.public(), "POST", PATH, "acme", NOW, b"{}").unwrap();
    assert_eq!(reason(server_open(&w, &sealed.headers, sealed.body.clone(), NOW + 301).unwrap_err()), (401, "timestamp"));
    assert_eq!(reason(server_open(&w, &sealed.headers, sealed.body.clone(), NOW - 301).unwrap_err()), (401, "timestamp"));
    // Signed correctly, sealed to another server: only this server's key opens it.
    let elsewhere = request::seal(&w.client, &SecretKey::from_parts([5; 32], [6; 32]).public(), "POST", PATH, "acme", NOW, b"{}").unwrap();
    assert_eq!(reason(server_open(&w, &elsewhere.headers, elsewhere.body, NOW).unwrap_err()), (400, "decrypt"));
    let mut no_version = sealed.headers.clone();
    no_version.retain(|(n, _)| *n != "edgeauth-version");
    assert_eq!(reason(server_open(&w, &no_version, sealed.body.clone(), NOW).unwrap_err()), (400, "malformed"));
    assert_eq!(reason(server_open(&w, &sealed.headers, sealed.body[..59].to_vec(), NOW).unwrap_err()), (400, "malformed"));
    assert_eq!(reason(server_open(&w, &sealed.headers, alloc::vec![0; (1 << 20) + 1], NOW).unwrap_err()), (400, "malformed"));
    assert!(request::check_length(1 << 20).is_ok());
    assert_eq!(reason(request::check_length((1 << 20) + 1).unwrap_err()), (400, "malformed"));
}

#[test]
fn client_inputs_are_checked_before_sealing() {
    let w = world();
    let server = w.server.public();
    for (method, path, tenant, body) in [("post", PATH, "acme", "{}"), ("POST", "v1", "acme", "{}"), ("POST", PATH, "a b", "{}"), ("POST", PATH, "acme", "{")] {
        let e = request::seal(&w.client, &server, method, path, tenant, NOW, body.as_bytes()).unwrap_err();
        assert_eq!(e.code(), "ERR_CONFIG", "{method} {path} {tenant} {body}");
    }
    let binding = request::seal(&w.client, &server, "POST", PATH, "acme", NOW, b"{}").unwrap().binding;
    assert_eq!(response::seal(&w.server, &w.client.public(), &binding, 99, NOW, b"{}").unwrap_err().code(), "ERR_CONFIG");
}
